// Items of the semantic-check issue that the schema layer already reports: each shows exactly
// once (with the schema's code), never twice (one root cause, one diagnostic).
import { test } from 'node:test';
import { workspace, expectDiagnostics } from './check-support.js';

test('unknown operator, weekday key and weights key: LS010 once, with did-you-mean', () => {
  const ws = workspace({
    'a.yaml': 'leadspec: v1\nkind: icp\nid: x\nmatch: { employees: { gtee: 5 } }\n',
    's.yaml': 'leadspec: v1\nkind: scoring\nid: s\ntotal: { weights: { fit: 0.5, engagment: 0.5 } }\ngrades:\n  - { id: A }\n',
    'h.yaml': 'leadspec: v1\nkind: sla\nid: h\ncalendars:\n  us: { timezone: UTC, hours: { thursday: "09:00-17:00" } }\n',
  });
  expectDiagnostics(ws, [
    "a.yaml:4:23-4:27 LS010 unknown key 'gtee' — did you mean 'gte' or 'gt'?",
    "h.yaml:5:33-5:41 LS010 unknown key 'thursday' — did you mean 'thu'?",
    "s.yaml:4:31-4:40 LS010 unknown key 'engagment' — did you mean 'engagement'?",
  ]);
});

test('a rule without points: LS011 once', () => {
  const ws = workspace({ 's.yaml': 'leadspec: v1\nkind: scoring\nid: s\nfit:\n  rules:\n    - { id: r, when: { country: US } }\ngrades:\n  - { id: A }\n' });
  expectDiagnostics(ws, ["s.yaml:6:7-6:39 LS011 missing required key 'points' in this rule"]);
});

test('malformed durations and hours: LS015 once', () => {
  const ws = workspace({ 'h.yaml': `leadspec: v1
kind: sla
id: h
calendars:
  us: { timezone: UTC, hours: { mon: "9-17" } }
commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 4 hours, clock: calendar }
` });
  expectDiagnostics(ws, [
    "h.yaml:5:38-5:44 LS015 'mon' must be working hours like \"09:00-17:00\" or \"09:00-12:00, 13:00-17:00\", found '9-17'",
    "h.yaml:7:59-7:66 LS015 'within' must be a duration like 90m, 4h, 30d or 2w, found '4 hours'",
  ]);
});
