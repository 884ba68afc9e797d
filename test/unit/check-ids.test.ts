// LS040 duplicate-id, LS041 duplicate-local-id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics, ICP, at } from './check-support.js';

test('LS040: the same id for a kind in two files is an error at each, pointing at the other', () => {
  const ws = workspace({ 'a.yaml': ICP, 'b.yaml': 'leadspec: v1\nkind: icp\nid: mid-market\nmatch: { country: US }\n' });
  const ds = expectDiagnostics(ws, [
    "a.yaml:3:5-3:15 LS040 icp id 'mid-market' is defined 2 times (also at b.yaml:3); ids must be unique per kind — rename one",
    "b.yaml:3:5-3:15 LS040 icp id 'mid-market' is defined 2 times (also at a.yaml:3); ids must be unique per kind — rename one",
  ]);
  assert.equal(ds[0].severity, 'error');
  assert.deepEqual(ds[0].related?.map((r) => [r.file, at(r)]), [['b.yaml', '3:5-3:15']]);
  assert.deepEqual(ds[1].related?.map((r) => [r.file, at(r)]), [['a.yaml', '3:5-3:15']]);
});

test('LS040 is per kind: an icp and a scoring model may share an id', () => {
  const ws = workspace({ 'a.yaml': ICP, 'b.yaml': 'leadspec: v1\nkind: scoring\nid: mid-market\ngrades: [ { id: A } ]\n' });
  expectDiagnostics(ws, []);
});

test('LS040 goes away in the other file when the duplicate is renamed', () => {
  const ws = workspace({ 'a.yaml': ICP, 'b.yaml': 'leadspec: v1\nkind: icp\nid: mid-market\nmatch: { country: US }\n' });
  assert.equal(ws.diagnostics('a.yaml').length, 1);
  ws.setFile('b.yaml', 'leadspec: v1\nkind: icp\nid: smb\nmatch: { country: US }\n');
  assert.deepEqual(ws.diagnostics(), []);
});

test('LS041: duplicate tier and persona ids inside an ICP, at the repeat, pointing at the first', () => {
  const ws = workspace({ 'a.yaml': `leadspec: v1
kind: icp
id: x
match: { country: US }
tiers:
  - { id: a, when: { country: US } }
  - { id: a }
personas:
  - { id: p }
  - { id: p }
` });
  const ds = expectDiagnostics(ws, [
    "a.yaml:7:11-7:12 LS041 tier id 'a' is already used in this icp (line 6); give each tier its own id",
    "a.yaml:10:11-10:12 LS041 persona id 'p' is already used in this icp (line 9); give each persona its own id",
  ]);
  assert.deepEqual(ds[0].related?.map((r) => at(r)), ['6:11-6:12']);
});

test('LS041: rule ids are unique across sections and groups; group, grade and band ids too', () => {
  const ws = workspace({ 's.yaml': `leadspec: v1
kind: scoring
id: s
fit:
  rules:
    - { id: r, when: { country: US }, points: 1 }
    - group: g
      rules:
        - { id: r, when: { country: DE }, points: 2 }
    - group: g
      rules: [ { id: q, when: { country: FR }, points: 1 } ]
engagement:
  rules:
    - { id: r, event: demo_request, points: 3 }
matrix:
  fit: [ { id: A, min: 5 }, { id: A } ]
  engagement: [ { id: A, min: 5 }, { id: B } ]
grades:
  - { id: A, min: 1 }
  - { id: A }
` });
  expectDiagnostics(ws, [
    "s.yaml:9:17-9:18 LS041 rule id 'r' is already used in this scoring (line 6); give each rule its own id",
    "s.yaml:10:14-10:15 LS041 group id 'g' is already used in this scoring (line 7); give each group its own id",
    "s.yaml:14:13-14:14 LS041 rule id 'r' is already used in this scoring (line 6); give each rule its own id",
    "s.yaml:16:35-16:36 LS041 fit band id 'A' is already used in this scoring (line 16); give each fit band its own id",
    "s.yaml:20:11-20:12 LS041 grade id 'A' is already used in this scoring (line 19); give each grade its own id",
  ]);
});

test('LS041: duplicate commitment ids inside an SLA', () => {
  const ws = workspace({ 'sla.yaml': `leadspec: v1
kind: sla
id: s
commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 4h }
  - { id: c, start: mql_at, stop: first_touch_at, within: 8h }
` });
  expectDiagnostics(ws, ["sla.yaml:6:11-6:12 LS041 commitment id 'c' is already used in this sla (line 5); give each commitment its own id"]);
});
