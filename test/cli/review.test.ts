// The reviewer's pull-request report on the samples, on a branch with the three edits of issue 16
// made in a REAL temporary git repository: grade A's min 80 → 75, the MQL engagement threshold
// 60 → 70 and first-touch within 4h → 3h (the samples' values). The report must name each edit
// with before and after, list the leads that newly breach the SLA, show the test results and
// the Mermaid chart, and every table must add up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { checkMarkdownTables } from './md-tables.js';

const CLI = resolve('dist/cli.js');
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

let repo = '';
const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: repo, env: GIT_ENV, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
};
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: join(repo, 'samples'), env: GIT_ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
const edit = (file: string, from: string, to: string) => {
  const p = join(repo, 'samples', file);
  const text = readFileSync(p, 'utf8');
  assert.ok(text.includes(from), `${file} holds ${from}`);
  writeFileSync(p, text.replace(from, to));
};

let md = '', json: any, text = '';

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'leadspec-review-'));
  cpSync(resolve('samples'), join(repo, 'samples'), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'three-edits');
  edit('scoring/inbound.yaml', '{ id: A, min: 80, description: Call today }', '{ id: A, min: 75, description: Call today }');
  edit('scoring/inbound.yaml', '- { fit: { gte: 40 }, engagement: { gte: 60 } }', '- { fit: { gte: 40 }, engagement: { gte: 70 } }');
  edit('sla.yaml', '    within: 4h\n', '    within: 3h\n');
  git('commit', '-q', '-am', 'three edits');
  for (const [format, set] of [['md', (s: string) => { md = s; }], ['json', (s: string) => { json = JSON.parse(s); }], ['text', (s: string) => { text = s; }]] as const) {
    const r = cli(['diff', '--base', 'main', '--format', format]);
    assert.equal(r.status, 0, r.stderr);
    set(r.stdout);
  }
});
after(() => { if (repo) rmSync(repo, { recursive: true, force: true }); });

test('each of the three edits is named with before and after, first, in every format', () => {
  const expected = ['inbound · grade A: min 80 → 75', 'inbound · mql: engagement ≥ 60 → ≥ 70', 'mql-handoff · first-touch: within 4h → 3h'];
  assert.deepEqual(json.changes.map((c: any) => c.summary), expected);
  assert.deepEqual(json.changes.map((c: any) => [c.kind, c.id, c.path, c.before, c.after]), [
    ['scoring', 'inbound', 'grades.A.min', 80, 75],
    ['scoring', 'inbound', 'mql.any.1.engagement', 'engagement ≥ 60', 'engagement ≥ 70'],
    ['sla', 'mql-handoff', 'commitments.first-touch.within', '4h', '3h'],
  ]);
  for (const s of expected) {
    assert.ok(md.includes(`- ${s}`), `md names "${s}"`);
    assert.ok(text.includes(`  ${s}`), `text names "${s}"`);
  }
  // They lead: before any effect on the leads.
  assert.ok(md.indexOf('What changed in the definitions') < md.indexOf('Effect on the sample leads'));
  assert.ok(text.indexOf('What changed in the definitions') < text.indexOf('Scoring model inbound'));
});

test('the leads that newly breach first-touch are listed, and agree with a recount from simulate', () => {
  const ft = json.sla['mql-handoff/first-touch'];
  assert.equal(ft.within_before, '4h');
  assert.equal(ft.within_after, '3h');
  assert.ok(ft.newly_breached.length > 0);
  // Recount: the head simulation's breached leads that the base did not breach.
  const head = JSON.parse(cli(['simulate', '--format', 'json']).stdout);
  git('checkout', '-q', 'main');
  const base = JSON.parse(cli(['simulate', '--format', 'json']).stdout);
  git('checkout', '-q', 'three-edits');
  const status = (r: any) => new Map<string, string>(r.leads.map((l: any) => [l.id, l.sla['mql-handoff/first-touch']?.status ?? 'none']));
  const sb = status(base), sa = status(head);
  const newly = [...sa].filter(([id, s]) => s === 'breached' && sb.get(id) !== 'breached').map(([id]) => id);
  assert.deepEqual(ft.newly_breached, newly);
  // The Markdown lists them (under a fold), every one.
  const fold = md.slice(md.indexOf(`${newly.length} leads newly breached (mql-handoff/first-touch)`));
  assert.ok(fold.length < md.length, 'the newly breached list is in the Markdown');
  for (const id of newly) assert.ok(fold.includes(id), `${id} listed`);
  // Plain words, no jargon.
  assert.ok(!md.includes('none→'), 'no `none→met` jargon');
  assert.match(md, /not in scope → breached \*\*\d+\*\*/);
});

test('test results before and after, a case that starts failing first', () => {
  assert.ok(json.tests.after.failed > 0, 'a 3h window breaks the hand-computed SLA cases');
  assert.equal(json.tests.before.failed, 0);
  assert.equal(json.tests.changed[0].after, 'failed');
  assert.match(md, /> \[!CAUTION\]\n> \*\*\d+ test cases? starts? failing/);
  assert.ok(md.indexOf('[!CAUTION]') < md.indexOf('What changed'), 'the failing test is the first thing a reviewer sees');
  assert.match(md, /### Tests \(`kind: test`\)/);
  assert.match(md, /\*\*starts failing\*\*: inbound-scoring › /);
  assert.match(text, /Tests: 17 of 17 pass before, \d+ of 17 after\n  starts failing: /);
});

test('the Mermaid chart of grades before and after is present', () => {
  const m = /```mermaid\nxychart-beta\n  title "inbound: leads per grade, before and after"\n  x-axis \[([^\]]*)\]\n  y-axis "leads"\n  bar \[([^\]]*)\]\n```/.exec(md);
  assert.ok(m, 'a mermaid xychart for inbound');
  const labels = m![1].split(', ').map((s) => JSON.parse(s));
  const values = m![2].split(', ').map(Number);
  const s = json.scoring.inbound;
  assert.deepEqual(labels.slice(0, 2), ['A before', 'A after']);
  assert.deepEqual(values.slice(0, 2), [s.grades_before.A, s.grades_after.A]);
});

test('every table of the Markdown adds up', () => {
  const checked = checkMarkdownTables(md);
  assert.ok(checked.tables >= 6, `checked ${checked.tables} tables`);
  assert.deepEqual(checked.errors, []);
  // MQL gained, as the JSON says, all listed in order of importance (highest total first).
  const s = json.scoring.inbound;
  assert.equal(s.mql_after, s.mql_before + s.mql_gained.length - s.mql_lost.length);
  const totals = s.mql_changes.filter((c: any) => c.after.mql).map((c: any) => c.after.total);
  assert.deepEqual(totals, [...totals].sort((a: number, b: number) => b - a));
  // Each lead's why: B → A at the same total is the threshold's doing.
  assert.match(md, /grade A's min 80 → 75: total [\d.]+ now reaches it; an MQL at grade A/);
  // Under GitHub's limit.
  assert.ok(md.length < 65_536);
});
