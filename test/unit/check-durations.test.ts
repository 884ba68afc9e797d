// Durations: LS091 zero half-life (malformed durations are the schema's LS015, shown here too).
import { test } from 'node:test';
import { workspace, expectDiagnostics } from './check-support.js';

test('LS091: a zero half-life; malformed durations anywhere are reported once (schema LS015)', () => {
  const ws = workspace({ 's.yaml': `leadspec: v1
kind: scoring
id: s
engagement:
  decay: { half_life: 0d }
  rules:
    - { id: r, event: demo_request, points: 5, within: 30 days }
    - { id: q, when: { event: page_view, within: 7x }, points: 5 }
grades:
  - { id: A }
` });
  expectDiagnostics(ws, [
    "s.yaml:5:23-5:25 LS091 a half-life of '0d' would erase every event; use a positive duration or `decay: none`",
    "s.yaml:7:56-7:63 LS015 'within' must be a duration like 90m, 4h, 30d or 2w, found '30 days'",
    "s.yaml:8:50-8:52 LS015 'within' must be a duration like 90m, 4h, 30d or 2w, found '7x'",
  ]);
});
