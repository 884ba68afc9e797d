// End-to-end: the packaged extension (.vsix, built by `npm run package`) installed into a real
// VS Code — code-server 4.139.1, isolated profile — on a copy of samples/, driven through the
// UI by playwright-core + Debian's chromium; plus the in-host suite run inside the extension
// host by the harness extension. Installs come from scripts/e2e-setup.sh (.cache/e2e/).
// LEADSPEC_SKIP_E2E=1 skips this suite (scripts/run-tests.mjs); LEADSPEC_E2E_KEEP=1 keeps the
// temporary folders; LEADSPEC_SCREENSHOTS=1 (npm run screenshots) writes the README's tour
// pictures to docs/ (editor-diagnostics.png, vscode-preview.png, vscode-breakdown.png,
// vscode-calibration.png, vscode-diff.png: docs/preview.png
// and docs/diff.png are the full-page webview renders of scripts/render-webview-screenshots.mjs),
// otherwise they go to the run's temporary folder.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SAMPLES, CACHE, ensureInstalled } from './support/env.js';
import { CodeServer } from './support/codeServer.js';
import { Workbench, type Problem } from './support/workbench.js';
import { buildProductVsix, buildHarnessVsix } from './support/extensions.js';
import { conditionKeys, pointsSpots, typoOf, replaceAt, catalogFields, type DefFile, type KeySpot, type PointsSpot } from './support/samples.js';

const KEEP = process.env.LEADSPEC_E2E_KEEP === '1';
const SHOTS = process.env.LEADSPEC_SCREENSHOTS === '1' ? join(ROOT, 'docs') : undefined;
// A YAML file that is not a leadspec file, holding what would be errors in one.
const OTHER_YAML = 'other-config.yaml';
const OTHER_TEXT = '# not a leadspec file: LeadSpec must leave it alone\nkind: nothing-to-do-with-leadspec\nemployes: many\nfit: { rules: 3 }\n';

let work: string;
let productVsix: string;
let harnessVsix: string;

/** A copy of samples/ (plus a plain YAML file) to open as the workspace. */
function makeWorkspace(name: string): string {
  // Named "samples" so the workbench (and the screenshots) show the folder users open.
  const ws = join(work, name, 'samples');
  cpSync(SAMPLES, ws, { recursive: true });
  writeFileSync(join(ws, OTHER_YAML), OTHER_TEXT);
  return ws;
}

function defFiles(ws: string): DefFile[] {
  const out: DefFile[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(ws);
  return out;
}

function cli(ws: string, args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ws, encoding: 'utf8', maxBuffer: 256 << 20 });
}

type Grades = Record<string, Record<string, number>>;
/** Grade counts per scoring model, from the CLI on the workspace as it is on disk (the oracle). */
function gradeCounts(ws: string): Grades {
  const r = JSON.parse(cli(ws, ['simulate', '--format', 'json']));
  const out: Grades = {};
  for (const [model, s] of Object.entries<{ grades: Record<string, number> }>(r.summary.scoring)) out[model] = s.grades;
  return out;
}

function git(ws: string, args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=LeadSpec e2e', '-c', 'user.email=e2e@leadspec.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd: ws, encoding: 'utf8' });
}

/**
 * A change of one rule's points that changes the sample's grade counts: tried on a scratch copy
 * with the CLI, so the UI checks know what to expect. Rules with the largest effect first.
 */
function impactfulEdit(ws: string): { spot: PointsSpot; to: number; before: Grades; after: Grades } {
  const before = gradeCounts(ws);
  const scratch = join(work, 'scratch');
  for (const spot of pointsSpots(defFiles(ws)).filter((s) => s.points > 0)) {
    rmSync(scratch, { recursive: true, force: true });
    cpSync(ws, scratch, { recursive: true });
    const to = spot.points + 40;
    const file = join(scratch, relative(ws, spot.file));
    writeFileSync(file, replaceAt(readFileSync(file, 'utf8'), spot.pos, spot.length, String(to)));
    const after = gradeCounts(scratch);
    if (JSON.stringify(after) !== JSON.stringify(before)) return { spot, to, before, after };
  }
  throw new Error('no single rule points change alters the samples\' grade counts');
}

const byKey = <T>(entries: [string, T][]): [string, T][] => entries.sort(([a], [b]) => a.localeCompare(b));
/** Grade counts without zero bars, keys sorted: comparable with deepEqual and JSON. */
const nonZero = (g: Grades): Grades => Object.fromEntries(byKey(Object.entries(g).map(([m, gs]) =>
  [m, Object.fromEntries(byKey(Object.entries(gs).filter(([, n]) => n !== 0)))])));
const sameGrades = (a: Grades, b: Grades) => JSON.stringify(nonZero(a)) === JSON.stringify(nonZero(b));

/** The preview's "Leads per grade" charts, read from their bars' titles ("A: 349"). */
function previewGrades(wb: Workbench): Promise<Grades> {
  return wb.webviewEval('svg[aria-label^="leads per grade of "]', (svgs) => {
    const out: Record<string, Record<string, number>> = {};
    for (const svg of svgs) {
      const g: Record<string, number> = {};
      for (const t of Array.from(svg.querySelectorAll('rect > title'))) {
        const m = /^(.*): ([\d,]+)$/.exec(t.textContent ?? '');
        if (m) g[m[1]] = Number(m[2].replace(/,/g, ''));
      }
      out[(svg.getAttribute('aria-label') ?? '').replace('leads per grade of ', '')] = g;
    }
    return out;
  });
}

type Transitions = Record<string, Record<string, number>>;
const sortT = (t: Transitions): Transitions => Object.fromEntries(Object.entries(t).filter(([, v]) => Object.keys(v).length)
  .map(([m, v]) => [m, Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))] as const).sort(([a], [b]) => a.localeCompare(b)));

/** Grade changes per model from `leadspec diff --format json` (SPEC §8: "B→A": n). */
function cliTransitions(d: { scoring: Record<string, { transitions: Record<string, number> }> }): Transitions {
  const out: Transitions = {};
  for (const [m, s] of Object.entries(d.scoring)) {
    out[m] = Object.fromEntries(Object.entries(s.transitions).filter(([k, n]) => n > 0 && k.split('→')[0] !== k.split('→')[1]));
  }
  return sortT(out);
}

/** The diff view's transition matrices, read from their cells' titles ("B → A: 244 leads"). */
async function diffTransitions(wb: Workbench): Promise<Transitions> {
  const raw = await wb.webviewEval('section', (secs) => secs.map((sec) => ({
    title: sec.querySelector('h2')?.textContent ?? '',
    cells: Array.from(sec.querySelectorAll('table.matrix td[title]')).map((td) => td.getAttribute('title') ?? ''),
  })));
  const out: Transitions = {};
  for (const { title, cells } of raw) {
    const model = /^Scoring model (\S+)/.exec(title)?.[1];
    if (!model || !cells.length) continue;
    const t: Record<string, number> = {};
    for (const c of cells) {
      const m = /^(.+?) → (.+?): ([\d,]+) leads?$/.exec(c);
      const n = m ? Number(m[3].replace(/,/g, '')) : 0;
      if (m && n > 0 && m[1] !== m[2]) t[`${m[1]}→${m[2]}`] = n;
    }
    out[model] = t;
  }
  return sortT(out);
}

function shot(name: string): string {
  const dir = SHOTS ?? join(work, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

const rel = (ws: string, p: string) => relative(ws, p).split('\\').join('/');

before(() => {
  assert.ok(existsSync(join(SAMPLES, 'leadspec.yaml')), 'samples/leadspec.yaml is missing');
  ensureInstalled();
  work = mkdtempSync(join(tmpdir(), 'leadspec-e2e-work-'));
  productVsix = buildProductVsix(join(work, 'vsix'));
}, { timeout: 900_000 });

after(() => {
  if (work && !KEEP) rmSync(work, { recursive: true, force: true });
  else if (work) console.log(`kept ${work}`);
});

describe('in-host suite inside code-server\'s extension host', { timeout: 300_000 }, () => {
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let results: { name: string; ok: boolean; ms: number; error?: string }[] = [];

  before(async () => {
    harnessVsix = await buildHarnessVsix(join(work, 'vsix'));
    const ws = makeWorkspace('in-host');
    const resultsFile = join(work, 'in-host-results.json');
    cs = await CodeServer.start({ workspace: ws, extensions: [productVsix, harnessVsix], env: { LEADSPEC_E2E_RESULTS: resultsFile } });
    // The extension host starts when a window connects: open one.
    wb = await Workbench.open(cs.url, join(cs.dir, 'chromium'), cs.env());
    const deadline = Date.now() + 180_000;
    while (!existsSync(resultsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(resultsFile)) throw new Error(`the harness wrote no results in 180 s; extension host log:\n${cs.extHostLog().slice(-4000)}`);
    results = JSON.parse(readFileSync(resultsFile, 'utf8')).results;
  }, { timeout: 300_000 });

  after(async () => {
    await wb?.close();
    await cs?.stop({ keep: KEEP });
    if (cs) assert.deepEqual(cs.groupPids(), [], 'processes left in code-server\'s group after stop');
  });

  test('the harness ran every in-host check', () => {
    assert.ok(results.length >= 6, `expected at least 6 in-host results, got ${results.length}`);
  });
  test('in-host checks', async (t) => {
    for (const r of results) {
      await t.test(r.name, () => { assert.ok(r.ok, r.error); });
    }
  });
});

describe('through the VS Code UI (code-server + chromium)', { timeout: 600_000 }, () => {
  let cs: CodeServer;
  let wb: Workbench;
  let ws: string;
  let key: KeySpot;

  before(async () => {
    ws = makeWorkspace('ui');
    // The diff check compares the working tree with a commit: make the workspace a git repo.
    git(ws, ['init', '-q', '-b', 'main']);
    git(ws, ['add', '-A']);
    git(ws, ['commit', '-q', '-m', 'samples as shipped']);
    key = conditionKeys(defFiles(ws)).find((k) => k.field.type !== '') ?? assert.fail('no condition key on a catalog field in samples');
    cs = await CodeServer.start({ workspace: ws, extensions: [productVsix] });
    wb = await Workbench.open(cs.url, join(cs.dir, 'chromium'), cs.env());
  }, { timeout: 300_000 });

  after(async () => {
    await wb?.close();
    const pgid = cs?.groupPids();
    await cs?.stop({ keep: KEEP });
    if (cs) assert.deepEqual(cs.groupPids(), [], `processes left in code-server's group (before stop: ${pgid?.join(', ')})`);
  });

  // A failed check must not leave a typo in an editor buffer for the next one.
  afterEach(async () => {
    await wb.page.keyboard.press('Escape');
    await wb.revert(rel(ws, key.file)).catch(() => {});
  });

  test('activates on a leadspec file and leaves other YAML alone', async () => {
    await wb.openFile(OTHER_YAML);
    await wb.openFile(rel(ws, key.file));
    const status = wb.page.locator('.statusbar-item', { hasText: 'LeadSpec' });
    await status.first().waitFor({ timeout: 60_000 });
    assert.match(cs.extHostLog(), /_doActivateExtension leadspec\.leadspec/, 'the extension host log shows no activation of leadspec.leadspec');
    // Give the server time to check the whole workspace, then look for the plain YAML file.
    await wb.waitProblems((ps) => ps.some((p) => p.file.includes('yaml')), 5000);
    const problems = await wb.problems();
    const onOther = problems.filter((p) => p.file.includes(OTHER_YAML));
    assert.deepEqual(onOther, [], `plain YAML got problems: ${onOther.map((p) => p.label).join('; ')}`);
  });

  test('the installed .vsix runs on its own: outside the repository, bundles only, no node_modules', () => {
    // The extension (and the language server it starts) run from code-server's extensions
    // folder in a temporary profile, on a copy of samples/ — never from this repository.
    const installed = readdirSync(join(cs.dir, 'extensions')).filter((n) => n.startsWith('leadspec.leadspec-'));
    assert.equal(installed.length, 1, installed.join(', '));
    const ext = join(cs.dir, 'extensions', installed[0]);
    for (const p of [ext, ws]) assert.ok(relative(ROOT, p).startsWith('..'), `${p} is inside the repository`);
    for (const f of ['dist/client/extension.js', 'dist/server.js', 'schemas/leadspec.schema.json', 'package.json']) assert.ok(existsSync(join(ext, f)), f);
    assert.ok(!existsSync(join(ext, 'node_modules')), 'the .vsix ships bundles, not node_modules');
    assert.match(cs.extHostLog(), /_doActivateExtension leadspec\.leadspec/);
    // code-server itself is installed under the repository's .cache/e2e (its ripgrep shows up in
    // the search log lines); anything else from the repository would mean the .vsix is not self-contained.
    const fromRepo = cs.extHostLog().split(CACHE).join('<code-server install>');
    assert.doesNotMatch(fromRepo, new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the extension host loaded nothing from the repository');
  });

  test('a typo in a definition shows in the Problems panel with its message and line, and clears when fixed', async () => {
    await wb.openFile(rel(ws, key.file));
    const typo = typoOf(key.field.name);
    await wb.replaceAt(key.pos.line + 1, key.pos.character + 1, key.length, typo);
    const ps = await wb.waitProblems((p) => p.some((x) => x.message.includes(typo)));
    const hit = ps.find((x) => x.message.includes(typo));
    assert.ok(hit, `no problem naming '${typo}'; Problems panel: ${ps.map((p) => p.label).join(' | ')}`);
    assert.equal(hit.line, key.pos.line + 1, `problem on line ${hit.line}, typo on line ${key.pos.line + 1}`);
    assert.equal(hit.severity, 'error');
    assert.ok(hit.file.endsWith(key.file.split('/').pop()!), `problem in ${hit.file}`);
    assert.match(hit.message, new RegExp(`did you mean.*${key.field.name}|${key.field.name}`, 'i'), 'the message should suggest the catalog field');
    // The picture users see: the squiggle with its hover, and the Problems panel on the file.
    await wb.page.keyboard.press('Escape');
    await wb.collapseProblemsExcept(key.file.split('/').pop()!);
    await wb.showHoverAt(key.pos.line + 1, key.pos.character + 2);
    await wb.screenshot(shot('editor-diagnostics.png'));
    await wb.page.keyboard.press('Escape');
    // Fix by typing the right name back.
    await wb.replaceAt(key.pos.line + 1, key.pos.character + 1, typo.length, key.field.name);
    const after = await wb.waitProblems((p) => !p.some((x) => x.message.includes(typo)));
    assert.ok(!after.some((x) => x.message.includes(typo)), 'the problem did not clear after the fix');
    await wb.save();
  });

  test('completion offers catalog field names at a condition key', async () => {
    await wb.openFile(rel(ws, key.file));
    const labels = await wb.completionsAt(key.pos.line + 1, key.pos.character + 1);
    await wb.page.keyboard.press('Escape');
    const fields = catalogFields(defFiles(ws)).map((f) => f.name);
    // The suggest widget renders only its visible rows: require those to be catalog fields,
    // and the field being edited among them.
    assert.ok(labels.length > 0, 'the suggest widget is empty');
    assert.ok(labels.includes(key.field.name), `'${key.field.name}' not offered; got ${labels.join(', ')}`);
    const notFields = labels.filter((l) => !fields.includes(l));
    assert.ok(notFields.length < labels.length, `no catalog field offered; got ${labels.join(', ')}`);
  });

  test("hover shows a field's type", async () => {
    await wb.openFile(rel(ws, key.file));
    const text = await wb.hoverAt(key.pos.line + 1, key.pos.character + 2);
    await wb.page.keyboard.press('Escape');
    assert.ok(text.includes(key.field.name), `hover does not name '${key.field.name}': ${text}`);
    assert.ok(text.includes(key.field.type), `hover does not give the type '${key.field.type}': ${text}`);
  });

  test('a quick fix applies', async () => {
    await wb.openFile(rel(ws, key.file));
    const typo = typoOf(key.field.name);
    await wb.replaceAt(key.pos.line + 1, key.pos.character + 1, key.length, typo);
    await wb.waitProblems((p) => p.some((x) => x.message.includes(typo)));
    const actions = await wb.codeActionsAt(key.pos.line + 1, key.pos.character + 2);
    const fix = actions.find((a) => a.includes(key.field.name));
    assert.ok(fix, `no quick fix mentions '${key.field.name}'; offered: ${actions.join(' | ')}`);
    await wb.chooseCodeAction(fix);
    const after = await wb.waitProblems((p) => !p.some((x) => x.message.includes(typo)));
    assert.ok(!after.some((x) => x.message.includes(typo)), 'the problem is still there after the quick fix');
    await wb.save();
    const line = readFileSync(key.file, 'utf8').split('\n')[key.pos.line];
    assert.equal(line.slice(key.pos.character, key.pos.character + key.length), key.field.name, `line after the fix: ${line}`);
  });

  test('the preview shows the sample simulation\'s grade counts and updates after a points edit', async () => {
    const edit = impactfulEdit(ws);
    const file = rel(ws, edit.spot.file);
    await wb.openFile(file);
    await wb.runCommand('LeadSpec: Open Preview');
    let shown = await wb.poll(() => previewGrades(wb), (g) => sameGrades(g, edit.before));
    assert.deepEqual(nonZero(shown ?? {}), nonZero(edit.before), 'the preview\'s "Leads per grade" charts differ from `leadspec simulate`');
    await wb.openFile(file);
    await wb.goTo(edit.spot.pos.line + 1, 1);   // column 1: no horizontal scroll in the picture
    await wb.focusLayout();
    await wb.screenshot(shot('vscode-preview.png'));
    // Edit the rule's points in the editor, as a user would (the preview stays open beside it).
    try {
      await wb.openFile(file);
      await wb.replaceAt(edit.spot.pos.line + 1, edit.spot.pos.character + 1, edit.spot.length, String(edit.to));
      await wb.save();
      shown = await wb.poll(() => previewGrades(wb), (g) => sameGrades(g, edit.after));
      assert.deepEqual(nonZero(shown ?? {}), nonZero(edit.after),
        `after ${edit.spot.rule}: ${edit.spot.points} → ${edit.to} the preview did not show the new grade counts`);
    } finally {
      await wb.revert(file);
    }
  });

  test('the preview breaks the samples down by a segment as `simulate --by` does, and keeps it across a refresh and a reopening', async () => {
    const field = 'region';
    const expected = JSON.parse(cli(ws, ['simulate', '--by', field, '--format', 'json'])).by as { values: { value: string; leads: number }[]; scoring: Record<string, { values: Record<string, { mql: number }> }> };
    const model = Object.keys(expected.scoring)[0];
    const want = [...expected.values.map((v) => `${v.value} ${v.leads} ${expected.scoring[model].values[v.value].mql}`),
      `all ${expected.values.reduce((a, v) => a + v.leads, 0)} ${Object.values(expected.scoring[model].values).reduce((a, x) => a + x.mql, 0)}`];
    /** The first scoring table of the card as "value leads MQL" lines (MQL is the third column from the end). */
    const shown = () => wb.webviewEval('#breakdown table.breakdown', (ts) => Array.from(ts[0]?.querySelectorAll('tbody tr') ?? []).map((tr) => {
      const c = Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/,/g, ''));
      return `${c[0]} ${c[1]} ${c[c.length - 2]}`;
    }));
    await wb.openFile('leadspec.yaml');
    await wb.runCommand('LeadSpec: Open Preview');
    await wb.poll(() => wb.webviewEval('#segment-field option', (os) => os.map((o) => o.getAttribute('value'))), (vs) => vs.includes(field));
    await wb.webview().locator('#segment-field').selectOption(field);
    let rows = await wb.poll(shown, (r) => JSON.stringify(r) === JSON.stringify(want));
    assert.deepEqual(rows, want, `the preview's breakdown of ${model} by ${field} differs from \`leadspec simulate --by ${field}\``);
    // ↻ Refresh re-reads everything and re-renders the page: the field stays picked.
    // (The old card is marked: the new page's card is a new element.)
    await wb.webview().locator('#breakdown').evaluate((el) => el.setAttribute('data-before-refresh', ''));
    await wb.webview().locator('button.link', { hasText: 'Refresh' }).click();
    const redrawn = await wb.poll(() => wb.webviewEval('#breakdown[data-before-refresh]', (els) => els.length), (n) => n === 0);
    assert.equal(redrawn, 0, 'the page was not redrawn after ↻ Refresh');
    rows = await wb.poll(shown, (r) => JSON.stringify(r) === JSON.stringify(want));
    assert.deepEqual(rows, want, 'the breakdown is gone after ↻ Refresh');
    assert.equal(await wb.webview().locator('#segment-field').inputValue(), field);
    await wb.focusLayout();
    await wb.webview().locator('#breakdown').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await wb.page.waitForTimeout(300);
    await wb.screenshot(shot('vscode-breakdown.png'));
    // Closed and opened again, the preview still breaks down by the field (the extension keeps it per workspace).
    await wb.page.locator('.tab', { hasText: 'LeadSpec preview' }).first().locator('.tab-actions .action-label').click();
    await wb.page.locator('.tab', { hasText: 'LeadSpec preview' }).first().waitFor({ state: 'detached' });
    await wb.openFile('leadspec.yaml');
    await wb.runCommand('LeadSpec: Open Preview');
    rows = await wb.poll(shown, (r) => JSON.stringify(r) === JSON.stringify(want));
    assert.deepEqual(rows, want, 'the reopened preview forgot the breakdown');
  });

  test('the preview\'s calibration view on the samples (the backtest of the declared outcomes)', async () => {
    const bt = JSON.parse(cli(ws, ['backtest', '--format', 'json'])) as { scoring: Record<string, { auc: number | null }> };
    await wb.openFile('leadspec.yaml');
    await wb.runCommand('LeadSpec: Open Preview');
    const text = await wb.poll(() => wb.webview().locator('.calibration').innerText({ timeout: 2000 }), (t) => /Calibration \(backtest\)/.test(t));
    assert.match(text ?? '', /Calibration \(backtest\)/, 'the preview shows no calibration view on the samples');
    for (const [model, m] of Object.entries(bt.scoring)) {
      assert.match(text ?? '', new RegExp(`Calibration of ${model}`), `no calibration card for ${model}`);
      if (m.auc !== null) assert.ok(text!.includes(`${m.auc.toFixed(2)}\nAUC`), `${model}'s AUC ${m.auc.toFixed(2)} (leadspec backtest) is not shown`);
    }
    // The picture of docs/backtest.md: leadspec.yaml's outcomes beside the calibration cards.
    const outcomes = readFileSync(join(ws, 'leadspec.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('outcomes:'));
    await wb.openFile('leadspec.yaml');
    await wb.goTo(Math.max(1, outcomes + 1), 1);
    await wb.focusLayout();
    // A taller window, so the three charts of a model's card fit in one picture.
    await wb.page.setViewportSize({ width: 1440, height: 1200 });
    try {
      await wb.page.waitForTimeout(500);
      await wb.webview().locator('.calibration').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await wb.page.waitForTimeout(300);
      await wb.screenshot(shot('vscode-calibration.png'));
    } finally {
      await wb.page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  test('the preview refuses definitions with errors: links to file:line over the last result, marked stale', async () => {
    // The preview (opened by the previous check, or here) simulates the open buffers' text.
    await wb.openFile(rel(ws, key.file));
    await wb.runCommand('LeadSpec: Open Preview');
    const grades = await wb.poll(() => previewGrades(wb), (g) => Object.keys(g).length > 0);
    assert.ok(grades && Object.keys(grades).length > 0, 'the preview shows no grades before the edit');
    const typo = typoOf(key.field.name);
    const where = `${rel(ws, key.file)}:${key.pos.line + 1}:${key.pos.character + 1}`;
    try {
      await wb.openFile(rel(ws, key.file));
      await wb.replaceAt(key.pos.line + 1, key.pos.character + 1, key.length, typo);
      const links = await wb.poll(() => wb.webviewEval('#live-error a.diag-link', (els) => els.map((e) => e.textContent ?? '')),
        (ls) => ls.includes(where));
      assert.ok(links?.includes(where), `the preview lists no link to ${where}: ${JSON.stringify(links)}`);
      assert.equal(await wb.webviewEval('#root.stale', (els) => els.length), 1, 'the last result is not marked stale');
      assert.ok((await wb.webviewEval('svg[aria-label^="leads per grade of "]', (els) => els.length)) > 0, 'the last result is gone');
      // The link opens the file at the diagnostic's line and column.
      await wb.goTo(1, 1);
      await wb.webview().locator('#live-error a.diag-link', { hasText: where }).first().click();
      const status = wb.page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
      const pos = await wb.poll(() => status.innerText(), (t) => t.startsWith(`Ln ${key.pos.line + 1}, Col ${key.pos.character + 1}`), 20_000);
      assert.ok(pos?.startsWith(`Ln ${key.pos.line + 1}, Col ${key.pos.character + 1}`), `the cursor is at ${pos}, not ${where}`);
    } finally {
      await wb.revert(rel(ws, key.file));
    }
    // Valid again: the notice and the stale mark go.
    const stale = await wb.poll(() => wb.webviewEval('#root.stale, #live-error', (els) => els.length), (n) => n === 0);
    assert.equal(stale, 0, 'the preview still shows the errors after the revert');
  });

  test('the diff view against a git ref shows the expected grade transitions', async () => {
    // The working tree differs from the commit by a rule's points (the previous check saved that
    // edit; make it here if that check did not get so far).
    if (!git(ws, ['status', '--porcelain']).trim()) {
      const edit = impactfulEdit(ws);
      const f = edit.spot.file;
      writeFileSync(f, replaceAt(readFileSync(f, 'utf8'), edit.spot.pos, edit.spot.length, String(edit.to)));
    }
    const expected = cliTransitions(JSON.parse(cli(ws, ['diff', '--base', 'HEAD', '--format', 'json'])));
    assert.ok(Object.values(expected).some((t) => Object.keys(t).length > 0), 'the CLI diff shows no grade transition: the check would prove nothing');
    await wb.openFile(rel(ws, key.file));
    await wb.runCommand('LeadSpec: Compare with');
    await wb.answerQuickInput('HEAD');
    const shown = await wb.poll(() => diffTransitions(wb), (t) => JSON.stringify(t) === JSON.stringify(expected));
    assert.deepEqual(shown, expected, 'the diff view\'s grade-transition matrices differ from `leadspec diff --base HEAD`');
    await wb.focusLayout();
    await wb.screenshot(shot('vscode-diff.png'));
  });
});
