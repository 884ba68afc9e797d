// LS042–LS049: references between definitions, with did-you-mean and quick fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics, ICP, CRM, only, at, fixTexts } from './check-support.js';

const scoringWith = (when: string) => `leadspec: v1
kind: scoring
id: s
fit:
  rules:
    - { id: r, when: ${when}, points: 1 }
grades:
  - { id: A }
`;

test('LS042: unknown icp, with did-you-mean and a preferred quick fix', () => {
  const ws = workspace({ 'icp.yaml': ICP, 's.yaml': scoringWith('{ icp: mid-markt }') });
  const [d] = expectDiagnostics(ws, ["s.yaml:6:29-6:38 LS042 unknown ICP 'mid-markt' — did you mean 'mid-market'?"]);
  assert.equal(d.severity, 'error');
  assert.deepEqual(fixTexts(d), ['mid-market']);
  assert.equal(d.fixes![0].preferred, true);
  assert.deepEqual(at(d.fixes![0].edits[0]), '6:29-6:38');
});

test('LS042 without a close candidate says so', () => {
  const ws = workspace({ 'icp.yaml': ICP, 's.yaml': scoringWith('{ icp: enterprise }') });
  const d = only(ws, 'LS042');
  assert.equal(d.message, "unknown ICP 'enterprise' — no `kind: icp` definition has this id");
  assert.equal(d.fixes, undefined);
});

test('LS043: unknown tier id, and unknown icp inside a tier reference, each at its own part', () => {
  const ws = workspace({ 'icp.yaml': ICP, 's.yaml': `leadspec: v1
kind: scoring
id: s
fit:
  rules:
    - { id: r, when: { tier: mid-market/tier-4 }, points: 1 }
    - { id: q, when: { tier: midmarket/tier-1 }, points: 1 }
grades:
  - { id: A }
` });
  const ds = expectDiagnostics(ws, [
    "s.yaml:6:41-6:47 LS043 ICP 'mid-market' has no tier 'tier-4' — did you mean 'tier-1' or 'tier-2'?",
    "s.yaml:7:30-7:39 LS043 unknown ICP 'midmarket' in tier 'midmarket/tier-1' — did you mean 'mid-market'?",
  ]);
  assert.deepEqual(fixTexts(ds[0]), ['tier-1', 'tier-2']);
  assert.equal(ds[0].fixes![0].preferred, false);
});

test('LS044: unknown scoring model named by a commitment', () => {
  const ws = workspace({ 's.yaml': scoringWith('{ country: US }').replace('id: s', 'id: inbound'), 'sla.yaml': `leadspec: v1
kind: sla
id: h
commitments:
  - { id: c, scoring: inbond, start: mql_at, stop: first_touch_at, within: 4h }
` });
  const [d] = expectDiagnostics(ws, ["sla.yaml:5:23-5:29 LS044 unknown scoring model 'inbond' — did you mean 'inbound'?"]);
  assert.deepEqual(fixTexts(d), ['inbound']);
});

test('LS045: unknown field catalog named by `fields:`', () => {
  const ws = workspace({ 'a.yaml': 'leadspec: v1\nkind: icp\nid: x\nfields: crn\nmatch: { country: US }\n' });
  const [d] = expectDiagnostics(ws, ["a.yaml:4:9-4:12 LS045 unknown field catalog 'crn' — did you mean 'crm'?"]);
  assert.deepEqual(fixTexts(d), ['crm']);
});

test('LS046: unknown calendar, by name and inside a calendar map', () => {
  const ws = workspace({ 'sla.yaml': `leadspec: v1
kind: sla
id: h
calendars:
  us: { timezone: America/New_York, hours: { weekdays: "09:00-17:00" } }
commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 4h, calendar: uss }
  - { id: d, start: mql_at, stop: first_touch_at, within: 4h, calendar: { by: region, map: { emea: usa }, default: us } }
` });
  expectDiagnostics(ws, [
    "sla.yaml:7:73-7:76 LS046 unknown calendar 'uss' — did you mean 'us'?",
    "sla.yaml:8:100-8:103 LS046 unknown calendar 'usa' — did you mean 'us'?",
  ]);
});

test('LS047 / LS048: unknown event and unknown event property in `where`', () => {
  const ws = workspace({ 's.yaml': `leadspec: v1
kind: scoring
id: s
engagement:
  rules:
    - { id: a, event: page_veiw, points: 1 }
    - { id: b, event: page_view, where: { uri: { contains: x } }, points: 1 }
    - { id: c, event: demo_request, where: { url: x }, points: 1 }
    - { id: d, when: { event: unsubscrib }, points: 1 }
grades:
  - { id: A }
` });
  const ds = expectDiagnostics(ws, [
    "s.yaml:6:23-6:32 LS047 unknown event 'page_veiw' — did you mean 'page_view'?",
    "s.yaml:7:43-7:46 LS048 event 'page_view' has no property 'uri' — did you mean 'url'?",
    "s.yaml:8:46-8:49 LS048 event 'demo_request' declares no properties, so 'where' cannot test 'url'; declare it under the event's `properties`",
    "s.yaml:9:31-9:41 LS047 unknown event 'unsubscrib' — did you mean 'unsubscribe'?",
  ]);
  assert.deepEqual(fixTexts(ds[1]), ['url']);
});

test('LS049: several catalogs and no `fields:` is a warning; `fields:` settles it', () => {
  const second = CRM.replace('id: crm', 'id: crm2');
  const icp = 'leadspec: v1\nkind: icp\nid: x\nmatch: { country: US }\n';
  const ws = workspace({ 'crm2.yaml': second, 'a.yaml': icp });
  const [d] = expectDiagnostics(ws, ["a.yaml:2:7-2:10 LS049 the workspace has 2 field catalogs (crm, crm2); add `fields: <id>` to say which one this icp uses"]);
  assert.equal(d.severity, 'warning');
  ws.setFile('a.yaml', icp.replace('id: x\n', 'id: x\nfields: crm2\n'));
  assert.deepEqual(ws.diagnostics(), []);
});
