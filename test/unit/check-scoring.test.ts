// LS065–LS072: grades and matrix bands, grades tested by mql/disqualify, rules that never count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics, fixTexts } from './check-support.js';

const model = (body: string) => `leadspec: v1\nkind: scoring\nid: s\n${body}`;

test('LS065: grades not in descending min order; LS066: the last grade has a min', () => {
  const ws = workspace({ 's.yaml': model('grades:\n  - { id: A, min: 50 }\n  - { id: B, min: 80 }\n  - { id: C, min: 10 }\n') });
  expectDiagnostics(ws, [
    "s.yaml:6:19-6:21 LS065 grade 'B' (min 80) is not below the grade before it, 'A' (min 50), so it is never reached — list grades from the highest min to the lowest",
    "s.yaml:7:14-7:17 LS066 the last grade 'C' has a min, so a total score below 10 gets no grade — remove its min to make it the catch-all",
  ]);
});

test('LS067: a grade without min before the end', () => {
  const ws = workspace({ 's.yaml': model('grades:\n  - { id: A, min: 50 }\n  - { id: B }\n  - { id: C }\n') });
  expectDiagnostics(ws, ["s.yaml:6:11-6:12 LS067 grade 'B' has no min, so it catches every total score and the grades after it are never reached — give it a min or move it to the end"]);
});

test('matrix bands follow the grade rules (LS065, LS066), per axis', () => {
  const ws = workspace({ 's.yaml': model("matrix:\n  fit: [ { id: A, min: 5 }, { id: B, min: 9 }, { id: C } ]\n  engagement: [ { id: '1', min: 5 }, { id: '2', min: 1 } ]\n") });
  expectDiagnostics(ws, [
    "s.yaml:5:43-5:44 LS065 fit band 'B' (min 9) is not below the fit band before it, 'A' (min 5), so it is never reached — list fit bands from the highest min to the lowest",
    "s.yaml:6:49-6:52 LS066 the last engagement band '2' has a min, so an engagement score below 1 gets no engagement band — remove its min to make it the catch-all",
  ]);
});

test('LS068: mql, disqualify and SLA applies_to testing grades the model does not declare', () => {
  const ws = workspace({
    's.yaml': model('grades:\n  - { id: A, min: 50 }\n  - { id: B }\nmql: { grade: [A, E] }\ndisqualify: { fit_grade: A }\n'),
    'sla.yaml': 'leadspec: v1\nkind: sla\nid: h\ncommitments:\n  - { id: c, scoring: s, applies_to: { grade: [a, F] }, start: mql_at, stop: first_touch_at, within: 4h }\n',
  });
  const ds = expectDiagnostics(ws, [
    "s.yaml:7:19-7:20 LS068 model 's' has no grade 'E' — did you mean 'A' or 'B'?",
    "s.yaml:8:15-8:24 LS068 model 's' grades with `grades`, not a matrix, so it has no 'fit_grade'; test 'grade' instead",
    "sla.yaml:5:51-5:52 LS068 model 's' has no grade 'F' — did you mean 'A' or 'B'?",
  ]);
  assert.deepEqual(fixTexts(ds[0]), ['A', 'B']);
});

test('LS068 with a matrix: grades are <fit band><engagement band>; fit_grade tests fit bands', () => {
  const ws = workspace({ 's.yaml': model("matrix:\n  fit: [ { id: A, min: 5 }, { id: B } ]\n  engagement: [ { id: '1', min: 5 }, { id: '2' } ]\nmql: { grade: [A1, B2, A3], fit_grade: D, engagement_grade: '1' }\n") });
  expectDiagnostics(ws, [
    "s.yaml:7:24-7:26 LS068 model 's' has no grade 'A3' — did you mean 'A1' or 'A2'?",
    "s.yaml:7:40-7:41 LS068 model 's' has no fit band 'D' — did you mean 'A' or 'B'?",
  ]);
});

test('LS071: rules and groups that can never change the score; LS072: min above max', () => {
  const ws = workspace({ 's.yaml': model(`fit:
  min: 10
  max: 5
  rules:
    - { id: z, when: { country: US }, points: 0 }
    - group: g
      max: 0
      rules:
        - { id: q, when: { country: US }, points: 3 }
engagement:
  rules:
    - { id: r, event: demo_request, points: 5, max: 0 }
    - { id: u, event: unsubscribe, points: -5, min: 0 }
grades:
  - { id: A }
`) });
  const ds = expectDiagnostics(ws, [
    "s.yaml:5:3-5:6 LS072 section 'fit' has min 10 above max 5, so its value is undefined — make min ≤ max",
    "s.yaml:8:47-8:48 LS071 rule 'z' gives 0 points, so it never changes the score",
    "s.yaml:10:12-10:13 LS071 group 'g' has max: 0 and only positive points, so it never raises the score",
    "s.yaml:15:53-15:54 LS071 rule 'r' gives positive points but max: 0 cuts them all, so it never raises the score",
    "s.yaml:16:53-16:54 LS071 rule 'u' gives negative points but min: 0 cuts them all, so it never lowers the score",
  ]);
  assert.equal(ds[1].severity, 'warning');
});
