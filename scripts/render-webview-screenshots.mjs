// Renders the REAL preview and diff webviews (the HTML of client/src/preview/html.ts, the bundle
// dist/webview/main.js + main.css) in headless Debian Chromium, fed real simulation data of
// samples/, and writes docs/preview.png, docs/diff.png and docs/calibration.png.
//   npm run build && node --import tsx scripts/render-webview-screenshots.mjs [--theme dark|light|hc]
// The page runs under its own strict CSP, exactly as in VS Code; only what VS Code itself
// provides is emulated: `acquireVsCodeApi` (an init script) and the theme's CSS variables.
// The diff compares samples/ as they are on disk with an edit made in memory (the kind of
// change a pull request makes): demo 40 → 60 points, grade A from 80 → 75, tier-1 needs
// 500 employees instead of 200, and first touch within 2h instead of 4h.
import { readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PreviewSession } from '../client/src/preview/session.ts';
import { WebviewHarness, harnessAvailable } from './webview-harness.ts';
import { listYamlFiles } from '../server/src/io/files.ts';
import { looksLikeLeadspec } from '../server/src/core/syntax/parse.ts';

const theme = process.argv.includes('--theme') ? process.argv[process.argv.indexOf('--theme') + 1] : 'dark';
const outDir = resolve(process.env.SHOT_DIR ?? 'docs');
const missing = harnessAvailable();
if (missing) { console.error(missing); process.exit(2); }

// ---- real data of samples/ ------------------------------------------------------------------
const files = listYamlFiles(['samples']).map((f) => ({ file: f, text: readFileSync(f, 'utf8') })).filter((f) => looksLikeLeadspec(f.text));
const samples = { leads: { file: 'samples/leads.csv', text: readFileSync('samples/leads.csv', 'utf8') }, events: { file: 'samples/events.jsonl', text: readFileSync('samples/events.jsonl', 'utf8') } };
const session = new PreviewSession();
for (const f of files) session.setFile(f.file, f.text);
session.setSamples(samples);
const preview = session.run();

const edits = [
  ['samples/scoring/inbound.yaml', (t) => t.replace('{ id: demo, event: demo_request, points: 40, max: 40 }', '{ id: demo, event: demo_request, points: 60, max: 60 }').replace('{ id: A, min: 80', '{ id: A, min: 75')],
  ['samples/icps/mid-market.yaml', (t) => t.replace('when: { employees: { gte: 200 }, tech_stack: { includes: salesforce } }', 'when: { employees: { gte: 500 }, tech_stack: { includes: salesforce } }')],
  ['samples/sla.yaml', (t) => t.replace(/within: 4h/, 'within: 2h')],
];
const diffSession = new PreviewSession();
for (const f of files) diffSession.setFile(f.file, f.text);
diffSession.setSamples(samples);
diffSession.setBase('HEAD', files.map((f) => ({ file: `main:${f.file}`, text: f.text })));
for (const [file, edit] of edits) {
  const f = files.find((x) => x.file === file);
  if (!f) { console.error(`${file} is missing from samples/`); process.exit(2); }
  const edited = edit(f.text);
  if (edited === f.text) console.warn(`warning: the edit of ${file} matched nothing; the diff will not show it`);
  diffSession.setFile(file, edited);
}
const diff = diffSession.runDiff('main', 'main');

// ---- render ---------------------------------------------------------------------------------
const harness = await WebviewHarness.start();
const errors = [];
async function render(view, message, file, after) {
  const sess = view === 'diff' ? diffSession : session;
  const { page, errors: pageErrors, post } = await harness.open(view, (m) => (m?.type === 'explain' ? { type: 'explanation', id: m.id, lead: sess.explain(m.id) } : null), theme);
  await post(message);
  await page.waitForSelector('#root section');
  if (after) await after(page);
  await page.screenshot({ path: join(outDir, file), fullPage: process.env.SHOT_FULLPAGE !== '0' });
  errors.push(...pageErrors.map((e) => `${view}: ${e}`));
  await page.close();
}

mkdirSync(outDir, { recursive: true });
const suffix = theme === 'dark' ? '' : `-${theme}`;
try {
  await render('preview', { type: 'preview', data: preview.data }, `preview${suffix}.png`, async (page) => {
    // Open one lead's explanation, as a user would: the first MQL in the table.
    await page.selectOption('select[aria-label="MQL filter"]', 'yes');
    await page.click('table.leads tbody tr');
    await page.waitForSelector('#explanation h3');
  });
  await render('diff', { type: 'diff', data: diff.data }, `diff${suffix}.png`);
  // The calibration view alone (format §11: the samples declare outcomes).
  const { page, errors: pageErrors, post } = await harness.open('preview', () => null, theme);
  await post({ type: 'preview', data: preview.data });
  await page.waitForSelector('.calibration');
  await page.locator('.calibration').screenshot({ path: join(outDir, `calibration${suffix}.png`) });
  errors.push(...pageErrors.map((e) => `calibration: ${e}`));
  await page.close();
} finally {
  await harness.close();
}
if (errors.length) { console.error('the page reported errors:\n' + errors.join('\n')); process.exit(1); }
const s = preview.data.summary;
console.log(`${join(outDir, `preview${suffix}.png`)}: ${s.leads} leads, MQL ${Object.entries(s.scoring).map(([k, v]) => `${k} ${v.mql}`).join(', ')}`);
const d = diff.data.diff;
console.log(`${join(outDir, `diff${suffix}.png`)}: ${Object.entries(d.scoring).map(([k, v]) => `${k}: ${Object.values(v.transitions).reduce((a, b) => a + b, 0)} grade changes, MQL ${v.mql_before} → ${v.mql_after}`).join('; ')}`);
