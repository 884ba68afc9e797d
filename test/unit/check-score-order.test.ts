// Rules that read the score in an order SPEC §5 does not compute it in: LS095 an event rule with
// `when:`, LS096 `mql` tested inside `mql:`, LS097 a score output tested before its step.
import { test } from 'node:test';
import { workspace, expectDiagnostics, CRM } from './check-support.js';

const model = (body: string) => workspace({ 'crm.yaml': CRM, 's.yaml': `leadspec: v1
kind: scoring
id: s
${body}grades:
  - { id: A, min: 50 }
  - { id: B }
` });

test('LS095: an event rule with `when:` (the engine never reads it)', () => {
  expectDiagnostics(model(`engagement:
  rules:
    - { id: r, event: demo_request, when: { region: emea }, points: 5 }
`), [
    "s.yaml:6:37-6:41 LS095 this rule has both `event:` and `when:`; an event rule scores each matching event and never reads `when`, so the condition is ignored — keep one of them (`when: { event: …, count: … }` scores once)",
  ]);
});

test('LS096: `mql: true` inside `mql:`; LS097: grade in a fit rule, engagement in a fit rule, disqualified in disqualify', () => {
  expectDiagnostics(model(`fit:
  rules:
    - { id: a, when: { grade: A }, points: 5 }
    - { id: b, when: { any: [ { engagement: { gte: 1 } }, { region: na } ] }, points: 5 }
engagement:
  rules:
    - { id: c, when: { fit: { gte: 5 } }, points: 5 }
disqualify: { disqualified: true }
mql:
  any:
    - { grade: A, mql: true }
`), [
    's.yaml:6:24-6:29 LS097 `grade` is not computed yet in a fit rule (SPEC §5 order: fit rules, engagement rules, total and grade, disqualify, mql), so this test never holds',
    's.yaml:7:33-7:43 LS097 `engagement` is not computed yet in a fit rule (SPEC §5 order: fit rules, engagement rules, total and grade, disqualify, mql), so this test never holds',
    's.yaml:11:15-11:27 LS097 `disqualified` is not computed yet in `disqualify:` (SPEC §5 order: fit rules, engagement rules, total and grade, disqualify, mql), so this test never holds',
    's.yaml:14:19-14:22 LS096 `mql:` tests `mql` itself, which is not known while it is being decided, so this test never holds — remove it',
  ]);
});
