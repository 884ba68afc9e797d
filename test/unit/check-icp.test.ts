// LS060 catch-all-tier-not-last, LS061 unreachable-tier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics, at } from './check-support.js';

const icp = (tiers: string) => `leadspec: v1\nkind: icp\nid: x\nmatch: { country: US }\ntiers:\n${tiers}`;

test('LS060 at a catch-all tier that is not last, and LS061 at each tier after it', () => {
  const ws = workspace({ 'a.yaml': icp('  - { id: a }\n  - { id: b, when: { country: US } }\n') });
  const ds = expectDiagnostics(ws, [
    "a.yaml:6:11-6:12 LS060 tier 'a' has no `when`, so it catches every lead and must be the last tier — move it to the end or give it a `when`",
    "a.yaml:7:11-7:12 LS061 tier 'b' is never reached: the earlier tier 'a' has no `when` and catches every lead",
  ]);
  assert.equal(ds[0].severity, 'error');
  assert.equal(ds[1].severity, 'warning');
  assert.deepEqual(ds[1].related?.map((r) => at(r)), ['6:11-6:12']);
});

test('LS061: a tier with the same condition as an earlier one (key order and case do not matter)', () => {
  const ws = workspace({ 'a.yaml': icp('  - { id: a, when: { employees: { gte: 5 }, country: US } }\n  - { id: b, when: { country: us, employees: { gte: 5 } } }\n  - { id: c }\n') });
  expectDiagnostics(ws, ["a.yaml:7:11-7:12 LS061 tier 'b' is never reached: the earlier tier 'a' has the same `when`"]);
});

test('a catch-all as the last tier is fine', () => {
  const ws = workspace({ 'a.yaml': icp('  - { id: a, when: { employees: { gte: 5 } } }\n  - { id: b }\n') });
  expectDiagnostics(ws, []);
});
