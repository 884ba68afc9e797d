// The preview passes the same gate as every CLI command (server/src/core/check/gate.ts): definitions
// with errors are refused with validate's diagnostics (as links for the page), nothing is
// simulated, and the last good result stays for the page to show as stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewSession, DefinitionsRefused } from '../../client/src/preview/session.js';

const FIELDS = `leadspec: v1
kind: fields
id: crm
fields:
  employees: { type: integer }
  seniority: { type: enum, values: [ic, manager, vp] }
events:
  demo_request: {}
`;
const ICP = `leadspec: v1
kind: icp
id: mid-market
match: { employees: { gte: 100 } }
`;
const SCORING = (extra = '') => `leadspec: v1
kind: scoring
id: inbound
fit:
  rules:
    - { id: big, when: { employees: { gte: 500 } }, points: 40 }
    - { id: senior, when: { seniority: vp }, points: 20 }
    - { id: fit, when: { icp: mid-market }, points: 5 }
engagement:
  rules:
    - { id: demo, event: demo_request, points: 10 }
grades:
  - { id: A, min: 60 }
  - { id: B, min: 40 }
  - { id: C }
mql: { grade: A }
${extra}`;
const PROJECT = 'leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-20T12:00:00Z\n';
const LEADS = 'id,employees,seniority\nL1,900,vp\nL2,600,ic\nL3,20,vp\n';

function session(): PreviewSession {
  const s = new PreviewSession();
  s.setFile('/ws/leadspec.yaml', PROJECT);
  s.setFile('/ws/fields.yaml', FIELDS);
  s.setFile('/ws/icp.yaml', ICP);
  s.setFile('/ws/scoring.yaml', SCORING());
  s.setSamples({ leads: { file: 'leads.csv', text: LEADS } });
  return s;
}

function refusal(f: () => unknown): DefinitionsRefused {
  try { f(); } catch (e) { if (e instanceof DefinitionsRefused) return e; throw e; }
  assert.fail('expected the gate to refuse');
}

test('a schema error (a misspelt value) refuses the run with validate\'s diagnostic at file:line:col', () => {
  const s = session();
  const good = s.run();
  assert.equal(good.data.summary.scoring.inbound.mql, 1);
  s.setFile('/ws/scoring.yaml', SCORING().replace('mql: { grade: A }', 'mql: { grade: A }\nfit_pick: frist'));
  const r = refusal(() => s.run());
  assert.equal(r.data.where, 'the definitions');
  assert.match(r.data.summary, /^1 error, 0 warnings in 4 files$/);
  const d = r.data.diagnostics.find((x) => x.severity === 'error')!;
  assert.deepEqual([d.file, d.line, d.column, d.openable], ['/ws/scoring.yaml', 17, 1, true]);
  assert.match(d.code, /^LS\d{3}$/);
  // The last good run still answers "explain this lead" (the page marks it stale).
  assert.equal(s.explain('L1')?.scores.inbound.total, 65);
  // Fixed: it runs again.
  s.setFile('/ws/scoring.yaml', SCORING());
  assert.equal(s.run().data.summary.scoring.inbound.mql, 1);
});

test('an ICP renamed in one file only is refused (a semantic error, not a silent non-match)', () => {
  const s = session();
  s.setFile('/ws/icp.yaml', ICP.replace('id: mid-market', 'id: midmarket'));
  const r = refusal(() => s.run());
  const d = r.data.diagnostics.find((x) => x.severity === 'error')!;
  assert.equal(d.file, '/ws/scoring.yaml');
  assert.equal(d.line, 8);
  assert.match(d.message, /mid-market/);
});

test('a YAML error refuses the run; the same text again is not re-validated (the verdict is kept)', () => {
  const s = session();
  s.setFile('/ws/fields.yaml', FIELDS.replace('  employees: { type: integer }', '  employees: { type: integer'));
  const a = refusal(() => s.run());
  const b = refusal(() => s.run());
  assert.equal(a.data, b.data, 'same files: same verdict object');
  assert.ok(a.data.diagnostics.some((d) => d.file === '/ws/fields.yaml' && d.severity === 'error'));
});

test('warnings do not refuse (the preview is not --strict); suppressed errors do not either', () => {
  const s = session();
  // An unused suppression is a warning; a suppressed error is gone, as in `leadspec validate`.
  s.setFile('/ws/scoring.yaml', SCORING().replace('    - { id: fit, when: { icp: mid-market }, points: 5 }',
    '    # leadspec-disable-next-line LS050 -- renamed upstream next sprint\n    - { id: fit, when: { icp: mid-market }, points: 5 }'));
  assert.equal(s.run().data.summary.scoring.inbound.mql, 1);
});

test('runDiff refuses a base ref whose definitions have errors, naming them as REF:path (not openable)', () => {
  const s = session();
  s.setBase('abc123', [{ file: 'main:leadspec.yaml', text: PROJECT }, { file: 'main:fields.yaml', text: FIELDS },
    { file: 'main:scoring.yaml', text: SCORING().replace('points: 40', 'pionts: 40') }], 'main');
  const r = refusal(() => s.runDiff('main', 'main (abc123)'));
  assert.equal(r.data.where, 'the definitions at main');
  const d = r.data.diagnostics.find((x) => x.severity === 'error')!;
  assert.equal(d.file, 'main:scoring.yaml');
  assert.equal(d.line, 6);
  assert.equal(d.openable, false);
});

test('runDiff refuses the working side too', () => {
  const s = session();
  s.setBase('abc123', [{ file: 'main:leadspec.yaml', text: PROJECT }, { file: 'main:fields.yaml', text: FIELDS },
    { file: 'main:icp.yaml', text: ICP }, { file: 'main:scoring.yaml', text: SCORING() }], 'main');
  assert.ok(s.runDiff('main', 'main').data.diff);
  s.setFile('/ws/scoring.yaml', SCORING().replace('pick', 'x').replace('grades:', 'grades:\n  - { id: A, min: 90 }'));
  const r = refusal(() => s.runDiff('main', 'main'));
  assert.equal(r.data.where, 'the definitions');
  assert.ok(r.data.diagnostics.every((d) => d.openable));
});
