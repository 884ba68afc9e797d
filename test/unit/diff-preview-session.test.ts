// The preview's engine room (client/src/preview/session.ts, no vscode): edits re-simulate,
// leads are parsed once per catalog, explanations come from the last run, and a diff session
// compares a base set of texts with the edited working set over the same leads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewSession } from '../../client/src/preview/session.js';

const FIELDS = `leadspec: v1
kind: fields
id: crm
fields:
  employees: { type: integer }
  seniority: { type: enum, values: [ic, manager, vp] }
events:
  demo_request: {}
`;
const SCORING = (demo: number) => `leadspec: v1
kind: scoring
id: inbound
fit:
  rules:
    - { id: big, when: { employees: { gte: 500 } }, points: 40 }
    - { id: senior, when: { seniority: vp }, points: 20 }
engagement:
  rules:
    - { id: demo, event: demo_request, points: ${demo} }
grades:
  - { id: A, min: 80 }
  - { id: B, min: 40 }
  - { id: C }
mql: { grade: A }
`;
const PROJECT = 'leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-20T12:00:00Z\n';
// L1: 40 + 20 + demo; L2: 40; L3: 20 (L3's employees is not an integer: a data warning).
const LEADS = 'id,employees,seniority\nL1,900,vp\nL2,600,ic\nL3,lots,vp\n';
const EVENTS = '{"lead_id":"L1","event":"demo_request","at":"2026-11-19T10:00:00Z"}\n';

function session(demo = 10): PreviewSession {
  const s = new PreviewSession();
  s.setFile('/ws/leadspec.yaml', PROJECT);
  s.setFile('/ws/fields.yaml', FIELDS);
  s.setFile('/ws/scoring.yaml', SCORING(demo));
  s.setSamples({ leads: { file: 'leads.csv', text: LEADS }, events: { file: 'events.jsonl', text: EVENTS } });
  return s;
}

test('run: the page message holds the summary, compact rows, grade order and warnings', () => {
  const { data, result } = session().run();
  assert.equal(data.as_of, '2026-11-20T12:00:00Z');
  assert.deepEqual(data.summary.scoring.inbound.grades, { A: 0, B: 2, C: 1 });
  assert.deepEqual(data.gradeOrder.inbound, ['A', 'B', 'C']);
  assert.deepEqual(data.leads.map((r) => [r.id, r.scores.inbound.total, r.scores.inbound.grade, r.scores.inbound.mql]),
    [['L1', 70, 'B', false], ['L2', 40, 'B', false], ['L3', 20, 'C', false]]);
  assert.ok(!('explanation' in data.leads[0].scores.inbound), 'rows carry no explanation; the page asks for it');
  assert.equal(data.warningCount, result.warnings.length);
  assert.ok(data.warnings.some((w) => w.lead === 'L3' && w.field === 'employees'));
  assert.equal(data.source, 'leads.csv + events.jsonl');
});

test('an edit re-simulates; explain() answers from the latest run', () => {
  const s = session();
  s.run();
  assert.equal(s.setFile('/ws/scoring.yaml', SCORING(30)), true);
  assert.equal(s.setFile('/ws/scoring.yaml', SCORING(30)), false, 'same text: no re-parse');
  const { data } = s.run();
  assert.equal(data.summary.scoring.inbound.mql, 1);
  const l1 = s.explain('L1')!;
  assert.equal(l1.scores.inbound.total, 90);
  assert.deepEqual(l1.scores.inbound.explanation.map((e) => ('rule' in e ? [e.rule, 'points' in e ? e.points : null] : null)),
    [['big', 40], ['senior', 20], ['demo', 30]]);
  assert.equal(s.explain('nobody'), null);
});

test('leads are parsed once per catalog: a scoring edit reuses them, a catalog edit re-parses', () => {
  const s = session();
  s.run();
  const before = (s as any).loaded;
  s.setFile('/ws/scoring.yaml', SCORING(25));
  s.run();
  assert.equal((s as any).loaded, before, 'same catalog: same parsed leads');
  s.setFile('/ws/fields.yaml', FIELDS.replace('employees: { type: integer }', 'employees: { type: number }'));
  s.run();
  assert.notEqual((s as any).loaded, before);
});

test('a removed definition file leaves the simulation; no samples gives no leads', () => {
  const s = session();
  s.removeFile('/ws/scoring.yaml');
  assert.deepEqual(Object.keys(s.run().data.summary.scoring), []);
  const empty = new PreviewSession();
  empty.setFile('/ws/scoring.yaml', SCORING(10));
  assert.equal(empty.hasSamples(), false);
  assert.equal(empty.run().data.summary.leads, 0);
});

test('runDiff: the base texts against the working texts, same leads and as_of', () => {
  const s = session(40);
  s.setBase('abc123', [{ file: 'main:leadspec.yaml', text: PROJECT }, { file: 'main:fields.yaml', text: FIELDS }, { file: 'main:scoring.yaml', text: SCORING(10) }]);
  const { data } = s.runDiff('main', 'main (abc123)');
  const d = data.diff.scoring.inbound;
  // L1: 70 B → 100 A, gains MQL through the demo rule.
  assert.deepEqual(d.transitions, { 'B→A': 1 });
  assert.deepEqual(d.mql_gained, ['L1']);
  assert.deepEqual(d.mql_changes[0].rules, [{ rule: 'demo', section: 'engagement', before: 10, after: 40, effect: 30 }]);
  assert.deepEqual(d.rules.changed, [{ rule: 'demo', matches_before: 1, matches_after: 1 }]);
  assert.deepEqual(d.rules.definition_changed, ['demo']);
  assert.equal(data.diff.as_of, '2026-11-20T12:00:00Z');
  assert.equal(data.baseLabel, 'main (abc123)');
});

test('without a project as_of: the latest date in the sample, kept across edits until the leads change', () => {
  const s = session();
  s.removeFile('/ws/leadspec.yaml');
  assert.equal(s.run().data.as_of, '2026-11-19T10:00:00Z');
  s.setFile('/ws/scoring.yaml', SCORING(15));
  assert.equal(s.run().data.as_of, '2026-11-19T10:00:00Z');
  s.setSamples({ leads: { file: 'leads.csv', text: LEADS }, events: { file: 'events.jsonl', text: EVENTS.replace('2026-11-19T10', '2026-11-20T08') } });
  assert.equal(s.run().data.as_of, '2026-11-20T08:00:00Z');
  s.explicitAsOf = '2026-12-01T00:00:00Z';
  assert.equal(s.run().data.as_of, '2026-12-01T00:00:00Z');
  s.explicitAsOf = 'soon';
  const { data } = s.run();
  assert.equal(data.as_of, '2026-11-20T08:00:00Z');
  assert.match(data.problems[0], /'soon' is not an ISO 8601 date-time/);
});
