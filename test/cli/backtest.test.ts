// `leadspec backtest` as a process (SPEC §11): the JSON shape exactly as the SPEC writes it,
// text and Markdown for a calibration meeting, --out, the overrides, the flag variant, and the
// error paths (no outcomes → exit 2 saying what to declare; bad values → data warnings with
// their row; an empty population → nulls and a sentence).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIELDS, ICP, MODEL, PROJECT_TIMES, PROJECT_FLAG, LEADS_CSV, EVENTS_CSV } from '../unit/outcomes-fixture.js';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, 'backtest', ...args], { cwd, encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack traces');
  return r;
}
function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-backtest-'));
  const all: Record<string, string> = { 'fields.yaml': FIELDS, 'icp.yaml': ICP, 'model.yaml': MODEL, 'leadspec.yaml': PROJECT_TIMES, 'leads.csv': LEADS_CSV, 'events.csv': EVENTS_CSV, ...files };
  for (const [k, v] of Object.entries(all)) writeFileSync(join(dir, k), v);
  return dir;
}

test('--format json: the shape of SPEC §11, key for key, with the hand-computed numbers', () => {
  const r = run(['--format', 'json'], workspace());
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['as_of', 'horizon', 'until', 'population', 'scoring', 'icps']);
  assert.deepEqual(j.population, { leads: 12, converted: 5, rate: 0.4167, excluded: { created_after: 1, converted_before: 1 } });
  assert.deepEqual([j.as_of, j.horizon, j.until], ['2026-08-01T00:00:00Z', '30d', '2026-08-31T00:00:00Z']);
  const m = j.scoring.m;
  assert.deepEqual(Object.keys(m), ['auc', 'grades', 'mql', 'gains', 'rules', 'thresholds', 'recommended', 'value']);
  assert.equal(m.auc, 0.6286);
  assert.deepEqual(Object.keys(m.grades), ['A', 'B', 'C', 'disqualified']);
  assert.deepEqual(Object.keys(m.grades.A), ['leads', 'converted', 'rate', 'lift']);
  assert.deepEqual(m.mql, { leads: 3, converted: 2, precision: 0.6667, recall: 0.4, lift: 1.6 });
  assert.deepEqual(m.gains.map((g: any) => Object.keys(g).join()), Array(10).fill('top,leads,captured'));
  assert.deepEqual(m.gains[0], { top: 0.1, leads: 2, captured: 0.3 });
  assert.deepEqual(Object.keys(m.thresholds[0]), ['min', 'leads', 'converted', 'precision', 'recall']);
  assert.equal(m.thresholds.length, 91);
  assert.deepEqual(m.recommended, { capacity: 4, min: 41, leads: 4, converted: 3, precision: 0.75, recall: 0.6 });
  assert.deepEqual(m.value, { grades: { A: 1500, B: 200, C: 0, disqualified: 300 }, mql: 1500 });
  assert.deepEqual(Object.keys(j.icps.icp), ['leads', 'converted', 'rate', 'lift', 'tiers']);
  assert.deepEqual(j.icps.icp.tiers.t2, { leads: 3, converted: 0, rate: 0, lift: 0 });
});

test('--as-of, --horizon and --capacity override the project; --out writes the file', () => {
  const dir = workspace();
  const r = run(['--format', 'json', '--as-of', '2026-08-01T00:00:00Z', '--horizon', '1w', '--capacity', '25%', '--out', 'b.json'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  const j = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
  assert.equal(j.until, '2026-08-08T00:00:00Z');
  // Within a week of T only L7 (08-05) converts; L1, L2, L4, L11 convert later.
  assert.equal(j.population.converted, 1);
  assert.equal(j.scoring.m.recommended.capacity, 3);
});

test('text: grades with lift bars, AUC, MQL precision/recall, gains, the sweep, the recommendation', () => {
  const r = run([], workspace());
  assert.equal(r.status, 0, r.stderr);
  const t = r.stdout;
  assert.match(t, /models scored as of 2026-08-01T00:00:00Z; conversions counted until 2026-08-31T00:00:00Z \(30d\)/);
  assert.match(t, /Population: 12 leads \(left out: 1 created after the score date, 1 converted before it\); 5 converted within 30d — base rate 41\.7%/);
  assert.match(t, /Model 'm' — AUC 0\.6286/);
  assert.match(t, /\n  A +3 +2 +66\.7% +1\.60× +█+\n/);
  assert.match(t, /MQL rule: 3 leads, 2 converted — precision 66\.7%, recall 40\.0%, lift 1\.60×/);
  assert.match(t, /Gains: top 20% of leads \(3\) hold 40\.0% of conversions \(random: 20%\)/);
  assert.match(t, /\n +41 +4 +3 +75\.0% +60\.0% +◀ recommended\n/);
  assert.match(t, /Recommended for a capacity of 4 MQLs: total ≥ 41 → 4 leads, 3 converted, precision 75\.0%, recall 60\.0%/);
  assert.match(t, /Pipeline of converted leads: A 1,500 · B 200 · C 0 · disqualified 300; MQL 1,500/);
  assert.match(t, /Data warnings: none/);
});

test('md: tables, the recommendation, and data from the sample escaped', () => {
  const leads = LEADS_CSV.replace('L1,500,vp,a@x.com,2026-06-01,2026-08-10,1000', 'L1,500,vp,a@x.com,2026-06-01,<script>|x,1000');
  const r = run(['--format', 'md'], workspace({ 'leads.csv': leads }));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^# LeadSpec backtest\n/);
  assert.match(r.stdout, /\| Grade \| Leads \| Converted \| Rate \| Lift \|\n\|---\|---:\|---:\|---:\|---:\|\n\| A \| 3 \|/);
  assert.match(r.stdout, /\*\*Recommended for a capacity of 4 MQLs: total ≥ 41\*\*/);
  // The unparsable conversion time is a data warning naming its row, escaped.
  assert.match(r.stdout, /leads\.csv:2 L1 opportunity\\_created\\_at: '&lt;script&gt;\\\|x' is not/);
  assert.doesNotMatch(r.stdout, /<script>/);
});

test('unparsable conversion values are data warnings with their row (stderr with --format json)', () => {
  const leads = LEADS_CSV.replace('L2,300,ic,b@x.com,2026-06-01,2026-08-20', 'L2,300,ic,b@x.com,2026-06-01,next week');
  const r = run(['--format', 'json'], workspace({ 'leads.csv': leads }));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /leadspec: warning: leads\.csv:3 L2 opportunity_created_at: 'next week' is not an ISO 8601 date-time.*; treated as missing/);
  // L2 now has no conversion time: in the population, not converted.
  assert.deepEqual(JSON.parse(r.stdout).population, { leads: 12, converted: 4, rate: 0.3333, excluded: { created_after: 1, converted_before: 1 } });
});

test('without conversion times (a boolean flag): nulls for horizon/until and the note in text and md', () => {
  const dir = workspace({ 'leadspec.yaml': PROJECT_FLAG });
  const j = run(['--format', 'json'], dir);
  assert.equal(j.status, 0, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.deepEqual([out.as_of, out.horizon, out.until], ['2026-11-01T00:00:00Z', null, null]);
  assert.deepEqual(out.population, { leads: 13, converted: 6, rate: 0.4615, excluded: { created_after: 1, converted_before: 0 } });
  assert.equal(out.scoring.m.auc, 0.7143);
  for (const format of ['text', 'md']) {
    const r = run(['--format', format], dir);
    assert.match(r.stdout.replace(/\n> /g, ' '), /may count behaviour from after the conversion/, format);
  }
  // --as-of is then the simulation's as_of; --horizon is refused.
  assert.equal(JSON.parse(run(['--format', 'json', '--as-of', '2026-12-31T00:00:00Z'], dir).stdout).as_of, '2026-12-31T00:00:00Z');
  const h = run(['--horizon', '90d'], dir);
  assert.equal(h.status, 2);
  assert.match(h.stderr, /--horizon cannot be used: outcomes\.converted 'won' is a flag without conversion times/);
});

test('no outcomes declared: exit 2, saying what to declare', () => {
  const r = run([], workspace({ 'leadspec.yaml': 'leadspec: v1\nkind: project\nid: p\nsamples: { leads: leads.csv, events: events.csv }\n' }));
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^leadspec: no outcomes to backtest against: declare `outcomes` in the project definition \(leadspec\.yaml\)/);
  assert.match(r.stderr, /converted: opportunity_created_at/);
  const bad = run(['--capacity', 'lots'], workspace());
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--capacity 'lots' must be a positive whole number of leads \(200\) or a share such as 15%/);
});

test('an empty population: nulls and a sentence, no division by zero', () => {
  const dir = workspace({ 'leads.csv': LEADS_CSV.replace('L11,30,vp,k@x.com,,', 'L11,30,vp,k@x.com,2026-06-01,') });
  const j = JSON.parse(run(['--format', 'json', '--as-of', '2026-01-01T00:00:00Z'], dir).stdout);
  assert.deepEqual(j.population, { leads: 0, converted: 0, rate: null, excluded: { created_after: 14, converted_before: 0 } });
  assert.equal(j.scoring.m.auc, null);
  assert.equal(j.scoring.m.recommended, null);
  const t = run(['--as-of', '2026-01-01T00:00:00Z'], dir);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /No lead is in the backtest population/);
  assert.doesNotMatch(t.stdout, /NaN|Infinity/);
});

test('--help prints every option', () => {
  const r = run(['--help'], tmpdir());
  assert.equal(r.status, 0);
  for (const o of ['--project', '--defs', '--leads', '--events', '--as-of', '--horizon', '--capacity', '--format', '--out']) assert.ok(r.stdout.includes(o), o);
});

test('simulate adds summary.feedback.<model> (json, text, md) when outcomes.feedback is declared', () => {
  const dir = workspace();
  const sim = spawnSync(process.execPath, [cli, 'simulate', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(sim.status, 0, sim.stderr);
  const j = JSON.parse(sim.stdout);
  const c = (accepted: number, rejected: number, recycled: number, rejection_rate: number | null) => ({ accepted, rejected, recycled, rejection_rate });
  assert.deepEqual(j.summary.feedback, { m: {
    grades: { A: c(2, 2, 0, 0.5), B: c(0, 0, 1, 0), C: c(0, 1, 0, 1), disqualified: c(0, 0, 0, null) },
    mql: c(2, 2, 0, 0.5), not_mql: c(0, 1, 1, 0.5),
    rules: { big: c(2, 2, 1, 0.4), senior: c(1, 2, 0, 0.6667), demo: c(2, 2, 0, 0.5) },
    reasons: { 'no budget': 2, 'wrong persona': 1 },
  } });
  assert.ok(j.warnings.some((w: any) => w.row === 7 && w.lead === 'L6' && /'bogus' is in none of outcomes\.feedback's lists/.test(w.message)));
  const text = spawnSync(process.execPath, [cli, 'simulate'], { cwd: dir, encoding: 'utf8' }).stdout;
  assert.match(text, /Sales feedback on model 'm' \(as of the simulation\):\n +accepted +rejected +recycled +rejection rate\n  MQL +2 +2 +0 +50\.0%\n/);
  assert.match(text, /rejection reasons: no budget 2 · wrong persona 1/);
  const leads = LEADS_CSV.replace('L4,300,vp,d@x.com,2026-06-01,2026-08-15,200,true,rejected,no budget', 'L4,300,vp,d@x.com,2026-06-01,2026-08-15,200,true,rejected,<img src=x onerror=alert(1)> | `x`');
  const md = spawnSync(process.execPath, [cli, 'simulate', '--format', 'md'], { cwd: workspace({ 'leads.csv': leads }), encoding: 'utf8' }).stdout;
  assert.match(md, /## Sales feedback — model m\n\n\| \| Accepted \| Rejected \| Recycled \| Rejection rate \|\n\|---\|---:\|---:\|---:\|---:\|\n\| MQL \| 2 \| 2 \| 0 \| 50\.0% \|/);
  assert.match(md, /Rejection reasons: &lt;img src=x onerror=alert\\\(1\\\)&gt; \\\| \\`x\\` \(1\), no budget \(1\), wrong persona \(1\)\./);
  assert.doesNotMatch(md, /<img/);
});

test('diff: the backtest before and after per model, and sales feedback on the MQL changes (json, text, md)', () => {
  const dir = workspace();
  const git = (...a: string[]) => { const r = spawnSync('git', a, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() } }); assert.equal(r.status, 0, r.stderr); };
  git('init', '-q', '-b', 'main'); git('add', '.'); git('commit', '-qm', 'base');
  // The change: A from 30 (B from 15), and VPs disqualified.
  writeFileSync(join(dir, 'model.yaml'), MODEL.replace('{ id: A, min: 60 }', '{ id: A, min: 30 }').replace('{ id: B, min: 30 }', '{ id: B, min: 15 }')
    .replace('disqualify: { email: { ends_with: "@rival.com" } }', 'disqualify: { any: [ { email: { ends_with: "@rival.com" } }, { seniority: vp } ] }'));
  const r = spawnSync(process.execPath, [cli, 'diff', '--base', 'main', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(r.stdout).scoring.m;
  // Before: the numbers of the backtest test. After, at T: A = L2 70c, L14 70, L10 40, L3 30, L12 30;
  // B = L5 20; C = L6, L13; disqualified = L1, L4, L7, L11 (all converted). AUC: L2 wins 6.5 of 35.
  assert.deepEqual(m.backtest, {
    before: { auc: 0.6286, mql: { leads: 3, precision: 0.6667, recall: 0.4, lift: 1.6 }, grades: { A: 1.6, B: 0.6, C: 0.6, disqualified: 2.4 },
      recommended: { capacity: 4, min: 41, leads: 4, converted: 3, precision: 0.75, recall: 0.6 } },
    after: { auc: 0.1857, mql: { leads: 5, precision: 0.2, recall: 0.2, lift: 0.48 }, grades: { A: 0.48, B: 0, C: 0, disqualified: 2.4 },
      recommended: { capacity: 4, min: 31, leads: 3, converted: 1, precision: 0.3333, recall: 0.2 } },
  });
  // At the simulation's as_of: gained L3 (nurture), L10, L12; lost L1 (accepted), L4 (rejected).
  assert.deepEqual([...m.mql_gained].sort(), ['L10', 'L12', 'L3']);
  assert.deepEqual(m.mql_gained_feedback, { accepted: 0, rejected: 0, recycled: 1, none: 2 });
  assert.deepEqual(m.mql_lost_feedback, { accepted: 1, rejected: 1, recycled: 0, none: 0 });
  const text = spawnSync(process.execPath, [cli, 'diff', '--base', 'main'], { cwd: dir, encoding: 'utf8' }).stdout;
  assert.match(text, /Backtest \(before → after\):\n    AUC 0\.6286 → 0\.1857\n    MQL rule: 3 → 5 leads, precision 66\.7% → 20\.0%, recall 40\.0% → 20\.0%, lift 1\.60× → 0\.48×\n    lift by grade: A 1\.60× → 0\.48×, B 0\.60× → 0\.00×, C 0\.60× → 0\.00×, disqualified 2\.40×\n/);
  assert.match(text, /of 2 leads no longer MQL, sales had 1 rejected, 1 accepted\n    of 3 new MQLs, sales had 1 recycled, 2 not judged/);
  const md = spawnSync(process.execPath, [cli, 'diff', '--base', 'main', '--format', 'md'], { cwd: dir, encoding: 'utf8' }).stdout;
  assert.match(md, /\*\*Backtest of m\*\* \(before → after\)\n\n- AUC 0\.6286 → 0\.1857\n/);
  assert.match(md, /- of 2 leads no longer MQL, sales had 1 rejected, 1 accepted/);
});

test('definitions with errors (an outcomes field the catalog lacks) stop the backtest: exit 1, validate\'s output, nothing on stdout', () => {
  const r = run(['--format', 'json'], workspace({ 'leadspec.yaml': PROJECT_TIMES.replace('value: opportunity_amount', 'value: opportunity_amt') }));
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /leadspec\.yaml:\d+:\d+: error LS120 unknown field 'opportunity_amt' — did you mean 'opportunity_amount'\?/);
});
