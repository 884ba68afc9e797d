// core/eval/expectations.ts through its public API: cases run against definitions compiled from YAML
// (the worked example's files), each expectation form of SPEC §9, how as_of is chosen, cases
// that cannot run, and the words reports use. Plus the static checks of `kind: test` documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, type CompiledProject } from '../../server/src/core/eval/simulate.js';
import { leadFromObject } from '../../server/src/core/data/leads.js';
import { runTest, describeExpected, failureText, caseFailureDetails, type TestEnv } from '../../server/src/core/eval/expectations.js';
import type { TestDef } from '../../server/src/core/model.js';
import type { Lead } from '../../server/src/core/results.js';
import { workspace, lines } from './check-support.js';

const EXAMPLE = resolve(__dirname, '..', '..', '..', 'shared', 'examples', 'basic');
const skip = !existsSync(EXAMPLE) && 'shared/examples/basic is not beside the repo';
const FILES = ['fields.yaml', 'icp.yaml', 'scoring.yaml', 'sla.yaml'];

function project(extra = ''): CompiledProject {
  const files = FILES.map((f) => parseFile(f, readFileSync(join(EXAMPLE, f), 'utf8')));
  if (extra) files.push(parseFile('leadspec.yaml', extra));
  return compileProject(definitionsOf(files));
}
function testDef(yaml: string): TestDef {
  return parseFile('t.yaml', `leadspec: v1\nkind: test\nid: t\n${yaml}`).docs[0].value as TestDef;
}
function samples(cp: CompiledProject, rows: Record<string, unknown>[]): TestEnv {
  const leads = rows.map((r, i) => leadFromObject(r, cp.catalog, 'leads.csv', i + 2).lead as Lead);
  return { samples: new Map(leads.map((l) => [l.id, l])) };
}
const VP = '{ id: t1, employees: 500, industry: SaaS, seniority: vp, tech_stack: [salesforce], events: [ { event: demo_request, at: 2026-11-20T09:00:00Z } ] }';

test('each expectation form: icp, tier, outputs with scalar / list / operators, sla', { skip }, () => {
  const cp = project();
  const out = runTest(testDef(`as_of: 2026-11-20T12:00:00Z
cases:
  - name: all hold
    lead: ${VP}
    expect:
      icp: mid-market
      tier: mid-market/tier-1
      inbound: { fit: 75, engagement: { between: [39, 40] }, total: { gt: 100 }, grade: [A, B], mql: true, disqualified: false }
  - name: none hold
    lead: ${VP}
    expect:
      tier: mid-market/tier-2
      inbound: { fit: { lt: 75 }, grade: { not_in: [A] }, mql: { ne: true } }
      sla: { mql-handoff/first-touch: { status: met } }
`), cp);
  assert.equal(out.as_of, '2026-11-20T12:00:00Z');
  const [ok, bad] = out.cases;
  assert.equal(ok.status, 'passed');
  assert.deepEqual(ok.expectations.map((e) => [e.label, e.passed]), [
    ['icp', true], ['tier', true], ['inbound.fit', true], ['inbound.engagement', true], ['inbound.total', true],
    ['inbound.grade', true], ['inbound.mql', true], ['inbound.disqualified', true],
  ]);
  assert.equal(bad.status, 'failed');
  assert.deepEqual(bad.expectations.map(failureText), [
    'tier: expected mid-market/tier-2, got mid-market/tier-1',
    'inbound.fit: expected < 75, got 75',
    'inbound.grade: expected none of A, got A',
    'inbound.mql: expected ≠ true, got true',
    // t1 has no mql_at: the commitment does not apply to it.
    'sla.mql-handoff/first-touch.status: expected met, got the commitment does not apply to this lead',
  ]);
  // The explanation of the model the failing outputs came from, rule by rule.
  assert.deepEqual(caseFailureDetails(bad).slice(5), [
    'inbound: fit 75, engagement 39.88, total 114.88, grade A, MQL',
    '  fit +30 in-icp',
    '  fit +25 company-size/mid',
    '  fit +20 senior',
    '  engagement +39.88 demo (1 event)',
    'ICPs: mid-market/tier-1',
  ]);
});

test('as_of: the test\'s, else the project\'s, else the latest time among samples and inline leads', { skip }, () => {
  const body = `cases:\n  - name: x\n    lead: ${VP}\n    expect: { inbound: { grade: A } }\n`;
  assert.equal(runTest(testDef(body), project()).as_of, '2026-11-20T09:00:00Z'); // the demo request
  const withProject = project('leadspec: v1\nkind: project\nid: p\nas_of: 2026-12-20T09:00:00Z\n');
  const r = runTest(testDef(body), withProject);
  assert.equal(r.as_of, '2026-12-20T09:00:00Z');
  // Exactly one half-life (30 days) after the demo request: 40 → 20, total 95, still an A.
  assert.equal(r.cases[0].result?.scores.inbound.engagement, 20);
  assert.equal(runTest(testDef(`as_of: 2026-11-21T09:00:00Z\n${body}`), withProject).as_of, '2026-11-21T09:00:00Z');
  const env = samples(withProject, []);
  const late = runTest(testDef(body), project(), { ...env, samples: new Map([['s', leadFromObject({ id: 's', mql_at: '2026-11-25T00:00:00Z' }, project().catalog).lead!]]) });
  assert.equal(late.as_of, '2026-11-25T00:00:00Z');
  const broken = runTest(testDef(`as_of: 2026-13-45T00:00:00Z\n${body}`), project());
  assert.equal(broken.cases[0].status, 'error');
  assert.equal(broken.cases[0].errorCode, 'LS115');
  assert.match(broken.cases[0].error!, /as_of '2026-13-45T00:00:00Z' is not an ISO 8601 date-time/);
});

test('sample leads by id; cases that cannot run say why', { skip }, () => {
  const cp = project();
  const env = samples(cp, [{ id: 'L4', employees: 80, industry: 'saas', email: 'd@competitor.com' }]);
  const out = runTest(testDef(`as_of: 2026-11-20T12:00:00Z
cases:
  - name: by id
    sample: L4
    expect: { inbound: { disqualified: true, grade: disqualified } }
  - name: unknown id
    sample: L5
    expect: { inbound: { grade: A } }
  - name: both
    sample: L4
    lead: { id: x }
    expect: { inbound: { grade: A } }
  - name: neither
    expect: { inbound: { grade: A } }
  - name: unknown model
    lead: { id: y }
    expect: { outbound: { grade: A } }
`), cp, env);
  assert.deepEqual(out.cases.map((c) => [c.name, c.status, c.errorCode ?? null, c.error ?? null]), [
    ['by id', 'passed', null, null],
    ['unknown id', 'error', 'LS105', "no sample lead has the id 'L5'"],
    ['both', 'error', 'LS104', 'the case has both `lead:` and `sample:`; keep one of them'],
    ['neither', 'error', 'LS104', 'the case has no lead: write it out with `lead:` or name a sample lead with `sample:`'],
    ['unknown model', 'error', null, "'outbound' is not a scoring model (nor icp, tier or sla)"],
  ]);
  const noSamples = runTest(testDef('cases:\n  - name: s\n    sample: L4\n    expect: { inbound: { mql: false } }\n'), cp, { samplesProblem: 'sample leads are not read in an untrusted workspace' });
  assert.equal(noSamples.cases[0].errorCode, 'LS115');
  assert.equal(noSamples.cases[0].error, "sample lead 'L4' cannot be looked up: sample leads are not read in an untrusted workspace");
});

test('inline leads are parsed by the catalog: a bad value is a warning and counts as missing', { skip }, () => {
  const cp = project();
  const out = runTest(testDef(`as_of: 2026-11-20T12:00:00Z
cases:
  - name: words for numbers
    lead: { id: z, employees: lots, industry: SaaS, shoe_size: 44 }
    expect: { inbound: { fit: 0 } }
`), cp, { file: 't.yaml', caseLines: [5] });
  const c = out.cases[0];
  assert.equal(c.status, 'passed');
  assert.deepEqual(c.warnings.map((w) => [w.file, w.row, w.field, w.message]), [
    ['t.yaml', 5, 'employees', "'lots' is not an integer; treated as missing"],
    ['t.yaml', 5, 'shoe_size', "column 'shoe_size' is not declared in the catalog 'crm'; kept for display only (declare it under `fields:` to use it in conditions)"],
  ]);
});

test('expected values in words', () => {
  assert.equal(describeExpected('A'), 'A');
  assert.equal(describeExpected(['A', 'B']), 'one of A, B');
  assert.equal(describeExpected({ gte: 70 }), '≥ 70');
  assert.equal(describeExpected({ between: [50, 80] }), 'between 50 and 80');
  assert.equal(describeExpected({ gt: 1, lte: 9 }), '> 1 and ≤ 9');
  assert.equal(describeExpected({ exists: false }), 'exists: false');
});

test('static checks of a test document (with the schema, and the operator check without it)', () => {
  const SCORING = 'leadspec: v1\nkind: scoring\nid: inbound\nfit: { rules: [ { id: a, when: { employees: { gte: 1 } }, points: 1 } ] }\ngrades: [ { id: A, min: 50 }, { id: B } ]\n';
  const SLA = 'leadspec: v1\nkind: sla\nid: handoff\ncommitments:\n  - { id: touch, start: mql_at, stop: first_touch_at, within: 4h, clock: calendar }\n';
  const ICP = 'leadspec: v1\nkind: icp\nid: mid-market\nmatch: { employees: { gte: 50 } }\ntiers: [ { id: tier-1 } ]\n';
  const TEST = `leadspec: v1
kind: test
id: t
cases:
  - name: a
    sample: L1
    lead: { id: x }
    expect: { inbund: { grade: A } }
  - name: a
    expect:
      icp: mid-markt
      tier: mid-market/tier-2
      inbound: { grade: [A, Z], mql: { in: [true] } }
      sla: { handoff/tuch: { status: met } }
  - name: c
    sample: L2
    expect: {}
`;
  const ws = workspace({ 'scoring.yaml': SCORING, 'sla.yaml': SLA, 'icp.yaml': ICP, 't.yaml': TEST });
  assert.deepEqual(lines(ws).filter((l) => l.startsWith('t.yaml')), [
    't.yaml:6:5-6:11 LS104 this case has both `lead:` and `sample:`; keep one of them',
    "t.yaml:8:15-8:21 LS106 'inbund' is not a scoring model, nor icp, tier or sla — did you mean 'inbound'?",
    't.yaml:9:11-9:12 LS104 this case has no lead: write it out with `lead: { id: …, … }` or name a sample lead with `sample: <id>`',
    "t.yaml:9:11-9:12 LS112 another case of this test is already named 'a' (line 5); give each case its own name",
    "t.yaml:11:12-11:21 LS107 no ICP has the id 'mid-markt' — did you mean 'mid-market'?",
    "t.yaml:12:24-12:30 LS108 ICP 'mid-market' has no tier 'tier-2' (it has tier-1) — did you mean 'tier-1'?",
    "t.yaml:13:29-13:30 LS111 scoring model 'inbound' has no grade 'Z' (it has A, B, disqualified) — did you mean 'A' or 'B'?",
    "t.yaml:13:40-13:42 LS010 operator 'in' is not allowed in a true/false test; use eq, ne",
    "t.yaml:14:22-14:26 LS109 SLA 'handoff' has no commitment 'tuch' (it has touch) — did you mean 'touch'?",
    't.yaml:17:5-17:11 LS116 this case expects nothing, so it always passes; add e.g. `inbound: { grade: A }`',
  ]);
  // The did-you-mean comes with a quick fix.
  const d = ws.diagnostics('t.yaml').find((x) => x.code === 'LS106')!;
  assert.deepEqual(d.fixes?.map((f) => [f.title, f.edits[0].newText, f.preferred]), [["Change to 'inbound'", 'inbound', true]]);
  // Without the schema, the semantic check still names the operators an output allows.
  const bare = workspace({ 'scoring.yaml': SCORING, 't.yaml': TEST }, { schema: false });
  assert.ok(lines(bare).includes("t.yaml:13:40-13:42 LS110 mql is true or false: it cannot be tested with 'in' (use eq, ne)"), lines(bare).join('\n'));
});
