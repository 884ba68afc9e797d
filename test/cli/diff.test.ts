// `leadspec diff` against a REAL temporary git repository: the base definitions are committed,
// then the working tree changes a rule's points, a tier's condition, a grade threshold and an
// SLA window. Every expected number below is worked out by hand in the comments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { checkMarkdownTables } from './md-tables.js';

const CLI = resolve('dist/cli.js');
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

const FIELDS = `leadspec: v1
kind: fields
id: crm
fields:
  employees: { type: integer }
  seniority: { type: enum, values: [ic, manager, director, vp, cxo] }
  tech_stack: { type: list }
  mql_at: { type: datetime }
  first_touch_at: { type: datetime }
events:
  page_view: { properties: { url: string } }
  demo_request: {}
`;
const icp = (tier1Min: number) => `leadspec: v1
kind: icp
id: mid-market
match:
  employees: { between: [50, 1000] }
tiers:
  - { id: tier-1, when: { employees: { gte: ${tier1Min} }, tech_stack: { includes: salesforce } } }
  - { id: tier-2, when: { employees: { gte: 200 } } }
  - { id: tier-3 }
`;
const scoring = (demo: number, bMin: number) => `leadspec: v1
kind: scoring
id: inbound
fit:
  rules:
    - { id: in-icp, when: { icp: mid-market }, points: 30 }
    - { id: senior, when: { seniority: [vp, cxo] }, points: 20 }
    - { id: big, when: { employees: { gte: 500 } }, points: 10 }
engagement:
  rules:
    - { id: demo, event: demo_request, points: ${demo} }
    - { id: pricing, event: page_view, where: { url: { contains: /pricing } }, points: 5, max: 20 }
grades:
  - { id: A, min: 80 }
  - { id: B, min: ${bMin} }
  - { id: C, min: 20 }
  - { id: D }
mql: { grade: A }
`;
const sla = (within: string) => `leadspec: v1
kind: sla
id: handoff
commitments:
  - id: first-touch
    scoring: inbound
    applies_to: { mql: true }
    start: mql_at
    stop: first_touch_at
    within: ${within}
    clock: calendar
  - id: volume
    type: volume
    scoring: inbound
    count: { mql: true }
    per: month
    date: mql_at
    target: { gte: 2 }
`;
const project = (base?: string) => `leadspec: v1
kind: project
id: demo
samples: { leads: leads.csv, events: events.jsonl }
as_of: 2026-11-20T12:00:00Z
${base ? `base: ${base}\n` : ''}`;
// Base scores (fit + engagement):
//   L1 600 emp, vp, salesforce, demo        30+20+10 + 40    = 100 A  MQL, tier-1; touched after 3h
//   L2 300 emp, manager, demo               30 + 40          =  70 B       tier-2; mql_at set, touched after 2.5h
//   L3 100 emp, vp                          30+20            =  50 B       tier-3
//   L4 2000 emp, cxo, 2 pricing views       20+10 + 10       =  40 C       no ICP
//   L5 80 emp, ic, demo + 4 pricing views   30 + 40+20       =  90 A  MQL, tier-3; never touched
const LEADS = `id,employees,seniority,tech_stack,mql_at,first_touch_at
L1,600,vp,salesforce;hubspot,2026-11-19T10:00:00Z,2026-11-19T13:00:00Z
L2,300,manager,,2026-11-18T09:00:00Z,2026-11-18T11:30:00Z
L3,100,vp,,,
L4,2000,cxo,,,
L5,80,ic,,2026-11-19T08:00:00Z,
`;
const ev = (lead: string, event: string, at: string, url?: string) => JSON.stringify({ lead_id: lead, event, at, ...(url ? { url } : {}) });
const EVENTS = [
  ev('L1', 'demo_request', '2026-11-19T09:00:00Z'),
  ev('L2', 'demo_request', '2026-11-18T08:00:00Z'),
  ev('L4', 'page_view', '2026-11-10T08:00:00Z', 'https://x.io/pricing'), ev('L4', 'page_view', '2026-11-11T08:00:00Z', 'https://x.io/pricing'),
  ev('L5', 'demo_request', '2026-11-19T07:00:00Z'),
  ...[1, 2, 3, 4].map((d) => ev('L5', 'page_view', `2026-11-1${d}T08:00:00Z`, 'https://x.io/pricing')),
].join('\n') + '\n';

let repo = '';
const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: repo, env: GIT_ENV, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const cli = (args: string[], cwd = repo) => spawnSync(process.execPath, [CLI, ...args], { cwd, env: GIT_ENV, encoding: 'utf8' });
const write = (name: string, text: string) => writeFileSync(join(repo, name), text);

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'leadspec-diff-'));
  git('init', '-q', '-b', 'main');
  write('leadspec.yaml', project('main'));
  write('fields.yaml', FIELDS);
  write('icp.yaml', icp(200));
  write('scoring.yaml', scoring(40, 50));
  write('sla.yaml', sla('4h'));
  write('leads.csv', LEADS);
  write('events.jsonl', EVENTS);
  git('add', '.');
  git('commit', '-q', '-m', 'base definitions');
  // The change under review: demo 40 → 50 points, tier-1 from 200 → 1000 employees,
  // grade B from 50 → 55, first touch within 4h → 2h.
  write('icp.yaml', icp(1000));
  write('scoring.yaml', scoring(50, 55));
  write('sla.yaml', sla('2h'));
});
after(() => { if (repo) rmSync(repo, { recursive: true, force: true }); });

test('json: transitions, MQL, score deltas, rules, tiers and SLA deltas as computed by hand', () => {
  const r = cli(['diff', '--base', 'main', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.equal(d.base, 'main');
  assert.equal(d.head, 'working tree');
  assert.equal(d.leads, 5);
  assert.equal(d.as_of, '2026-11-20T12:00:00Z');
  const s = d.scoring.inbound;
  // Head: L1 60+50=110 A; L2 30+50=80 A (was B); L3 50 < 55 → C (was B); L4 40 C; L5 30+50+20=100 A.
  assert.deepEqual(s.transitions, { 'B→A': 1, 'B→C': 1 });
  assert.deepEqual(s.mql_gained, ['L2']);
  assert.deepEqual(s.mql_lost, []);
  assert.deepEqual([s.mql_before, s.mql_after], [2, 3]);
  assert.deepEqual(s.mql_changes[0].rules, [{ rule: 'demo', section: 'engagement', before: 40, after: 50, effect: 10 }]);
  // Deltas +10, +10, 0, 0, +10.
  assert.deepEqual(s.score_delta, { mean: 6, min: 0, max: 10 });
  assert.equal(s.score_distribution.changed, 3);
  assert.deepEqual(s.rules.added, []);
  assert.deepEqual(s.rules.removed, []);
  assert.deepEqual(s.rules.changed, [{ rule: 'demo', matches_before: 3, matches_after: 3 }]);
  assert.deepEqual(s.rules.definition_changed, ['demo']);
  assert.deepEqual(s.changed_settings, ['grades']);
  // ICP: L1 (600 employees) leaves tier-1 for tier-2; the matched set is unchanged.
  const i = d.icps['mid-market'];
  assert.deepEqual(i.tier_transitions, { 'tier-1→tier-2': 1 });
  assert.deepEqual([i.matched_before, i.matched_after, i.gained.length, i.lost.length], [4, 4, 0, 0]);
  // SLA 4h → 2h: L1 (3h) met → breached; L2 is now an MQL and took 2.5h: breached; L5 stays breached.
  const ft = d.sla['handoff/first-touch'];
  assert.equal(ft.type, 'response');
  assert.deepEqual(ft.before, { met: 1, breached: 1, open: 0, attainment: 0.5 });
  assert.deepEqual(ft.after, { met: 0, breached: 3, open: 0, attainment: 0 });
  assert.equal(ft.attainment_delta, -0.5);
  assert.deepEqual(ft.status_transitions, { 'met→breached': 1, 'none→breached': 1 });
  assert.deepEqual(ft.newly_breached, ['L1', 'L2']);
  assert.equal(ft.definition_changed, true);
  // Volume: L2's MQL adds one to November.
  assert.deepEqual(d.sla['handoff/volume'].periods, { '2026-11': { count_before: 2, count_after: 3, delta: 1, met_before: true, met_after: true } });
});

test('md: headline, summary table, rules, movers and folded details for a PR comment', () => {
  const r = cli(['diff', '--base', 'main', '--format', 'md']);
  assert.equal(r.status, 0, r.stderr);
  const md = r.stdout;
  assert.match(md, /^## LeadSpec diff: `main` → working tree/);
  assert.match(md, /inbound: 2 leads change grade, MQL 2 → 3 \(\+1 \/ −0\)/);
  assert.match(md, /\| `inbound` \| 2 \| 2 \| \+1 \| −0 \| 3 \|/);
  assert.match(md, /Score Δ: mean \+6, min 0, max \+10/);
  assert.deepEqual(checkMarkdownTables(md).errors, []);
  assert.match(md, /\| `demo` \| definition changed \| 3 \| 3 \| 0 \|/);
  assert.match(md, /- inbound · grade B: min 50 → 55\n/);
  assert.match(md, /\*\*1 lead becomes MQL\*\*/);
  assert.ok(md.includes('| `mid-market` | 4 | +0 | −0 | 4 | tier-1 → tier-2: 1 |'));
  assert.match(md, /\*\*`handoff\/first-touch`\*\* — within 4h → 2h \(definition changed\)/);
  assert.match(md, /\| attainment \(met ÷ \(met \+ breached\)\) \| 50\.0% \| 0\.0% \| −50\.0 pp \|/);
});

test('the project\'s `base` is the default ref; text is the default format', () => {
  const r = cli(['diff']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^LeadSpec diff: main → working tree/);
  assert.match(r.stdout, /grade transitions: B → A 1, B → C 1/);
  assert.match(r.stdout, /handoff\/first-touch, within 4h → 2h \(definition changed\): attainment 50\.0% → 0\.0% \(−50\.0 pp\)/);
});

test('--out writes the report to a file', () => {
  const out = join(repo, 'diff.md');
  const r = cli(['diff', '--base', 'main', '--format', 'md', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(readFileSync(out, 'utf8'), /## LeadSpec diff/);
  rmSync(out);
});

test('a bad ref is exit 2 with a message naming it; a ref like an option is refused before git sees it', () => {
  let r = cli(['diff', '--base', 'no-such-branch']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown git ref 'no-such-branch'/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  r = cli(['diff', '--base=--output=/tmp/pwned']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /'--output=\/tmp\/pwned' is not a valid git ref \(it starts with '-'\)/);
  r = cli(['diff', '--base', 'main', '--format', 'html']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format must be one of text, json, md/);
});

test('outside a git repository: exit 2 with a clear message', () => {
  const plain = mkdtempSync(join(tmpdir(), 'leadspec-nogit-'));
  try {
    for (const [n, t] of [['leadspec.yaml', project()], ['fields.yaml', FIELDS], ['icp.yaml', icp(200)], ['scoring.yaml', scoring(40, 50)], ['leads.csv', LEADS], ['events.jsonl', EVENTS]]) writeFileSync(join(plain, n), t);
    const r = cli(['diff', '--base', 'main'], plain);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not inside a git repository/);
  } finally { rmSync(plain, { recursive: true, force: true }); }
});

test('without --base or project base: the merge base with the default branch; a new model is "added"', () => {
  git('checkout', '-q', '-b', 'feature');
  write('leadspec.yaml', project());
  write('outbound.yaml', scoring(40, 50).replace('id: inbound', 'id: outbound'));
  try {
    const r = cli(['diff', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.match(d.base, /^[0-9a-f]{40}$/);
    assert.equal(d.base, git('rev-parse', 'main').trim());
    assert.equal(d.scoring.outbound.status, 'added');
    assert.deepEqual(d.scoring.inbound.transitions, { 'B→A': 1, 'B→C': 1 });
  } finally {
    rmSync(join(repo, 'outbound.yaml'));
    write('leadspec.yaml', project('main'));
    git('checkout', '-q', 'main');
  }
});

test('definitions with errors in the working tree: exit 1 naming file, line and column', () => {
  write('scoring.yaml', scoring(50, 55).replace('points: 20 }', 'pionts: 20 }'));
  try {
    const r = cli(['diff', '--base', 'main']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /scoring\.yaml:\d+:\d+: error LS\d{3} /);
    assert.equal(r.stdout, '');
  } finally { write('scoring.yaml', scoring(50, 55)); }
});

test('unreadable inputs and outputs: exit 2 with the file named, never a stack trace', () => {
  let r = cli(['diff', '--base', 'main', '--leads', 'missing.csv']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /missing\.csv: no such leads file/);
  write('broken.csv', 'id,employees\n"L1,5\n');
  try {
    r = cli(['diff', '--base', 'main', '--leads', 'broken.csv']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.csv:2:1: /);
  } finally { rmSync(join(repo, 'broken.csv')); }
  // A missing folder is created (test/cli/cli-help.test.ts); a file where a folder must be is not.
  r = cli(['diff', '--base', 'main', '--out', join(repo, 'scoring.yaml', 'x.md')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /scoring\.yaml\/x\.md: cannot write the report/);
  r = cli(['diff', '--base', 'main', '--as-of', 'yesterday']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--as-of 'yesterday' is not an ISO 8601 date-time/);
  for (const x of [r]) assert.doesNotMatch(x.stderr, /internal error/);
});
