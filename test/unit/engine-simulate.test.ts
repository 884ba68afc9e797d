// SPEC §7 simulation: as_of resolution, per-lead results in input order, the summary (grades,
// tiers, personas, MQL count and rate, histogram, rule counts), warnings carried through, and
// SLA conditions reading the commitment's scoring model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogram, resolveAsOf, simulate } from '../../server/src/core/eval/simulate.js';
import { project, lead, AS_OF_MS, daysAgo } from './engine-helpers.js';

const ICP = `leadspec: v1
kind: icp
id: smb
match: { employees: { lt: 100 } }
tiers: [ { id: small, when: { employees: { lt: 10 } } }, { id: rest } ]
personas: [ { id: founder, when: { seniority: cxo } }, { id: anyone } ]`;
const MODEL = `leadspec: v1
kind: scoring
id: m
fit: { rules: [ { id: smb, when: { icp: smb }, points: 30 }, { id: tiny, when: { tier: smb/small }, points: 5 } ] }
engagement: { rules: [ { id: demo, event: demo_request, points: 50 } ] }
grades: [ { id: A, min: 60 }, { id: B, min: 25 }, { id: C } ]
mql: { grade: A }`;

test('as_of: explicit, then the project, then the latest event or datetime value, else now', () => {
  const withProject = project(ICP, `leadspec: v1\nkind: project\nid: p\nas_of: 2026-01-02T03:04:05Z`);
  const plain = project(ICP);
  const leads = [lead(plain, { mql_at: '2026-11-21T00:00:00Z', events: [{ event: 'demo_request', at: '2026-11-20T00:00:00Z' }] }), lead(plain, { founded: '2027-01-01' })];
  assert.deepEqual(resolveAsOf('2026-05-05T00:00:00+02:00', withProject, leads), { ms: Date.UTC(2026, 4, 4, 22), source: 'explicit' });
  assert.deepEqual(resolveAsOf(undefined, withProject, leads), { ms: Date.UTC(2026, 0, 2, 3, 4, 5), source: 'project' });
  // The datetime field is later than the event; a `date` field does not count.
  assert.deepEqual(resolveAsOf(undefined, plain, leads), { ms: Date.UTC(2026, 10, 21), source: 'sample' });
  assert.equal(resolveAsOf(undefined, plain, [lead(plain, {})]).source, 'now');
  assert.throws(() => resolveAsOf('yesterday', plain, leads), /--as-of 'yesterday' is not an ISO 8601 date-time/);
});

test('summary: grades with zeros, tiers and personas, MQL rate, rule counts; leads in input order', () => {
  const cp = project(ICP, MODEL);
  const leads = [
    lead(cp, { employees: 5, seniority: 'cxo', events: [{ event: 'demo_request', at: daysAgo(1) }] }), // 35 + 50 = 85 A
    lead(cp, { employees: 50 }), // 30 B
    lead(cp, { employees: 500 }), // 0 C
    lead(cp, {}), // 0 C
  ];
  const r = simulate(cp, leads, AS_OF_MS, [{ message: 'carried' }]);
  assert.equal(r.as_of, '2026-11-20T12:00:00Z');
  assert.deepEqual(r.leads.map((l) => l.id), leads.map((l) => l.id));
  assert.deepEqual(r.leads[0].icps, [{ id: 'smb', tier: 'small', personas: ['founder', 'anyone'] }]);
  assert.deepEqual(r.leads[2].icps, []);
  const s = r.summary.scoring.m;
  assert.deepEqual(s.grades, { A: 1, B: 1, C: 2 });
  assert.equal(s.mql, 1);
  assert.equal(s.mql_rate, 0.25);
  assert.deepEqual(s.rules, { smb: 2, tiny: 1, demo: 1 });
  assert.deepEqual(r.summary.icps, { smb: { matched: 2, tiers: { small: 1, rest: 1 }, personas: { founder: 1, anyone: 2 } } });
  // Totals 85, 30, 0, 0: width 5 is the finest round width within 20 bins → 18 bins, 0 … 90.
  assert.equal(s.histogram.length, 18);
  assert.deepEqual(s.histogram.filter((b) => b.count > 0).map((b) => [b.from, b.to, b.count]), [[0, 5, 2], [30, 35, 1], [85, 90, 1]]);
  assert.deepEqual(r.warnings, [{ message: 'carried' }]);
});

test('histogram: round bin widths, at most 20 bins, negative totals included', () => {
  assert.deepEqual(histogram([]), []);
  assert.deepEqual(histogram([-12, 3]).map((b) => [b.from, b.to, b.count]), [[-15, -10, 1], [-10, -5, 0], [-5, 0, 0], [0, 5, 1]]);
  const wide = histogram([0, 999]);
  assert.ok(wide.length <= 20);
  assert.equal(wide[0].from, 0);
  assert.equal(wide.reduce((a, b) => a + b.count, 0), 2);
});

test('SLA conditions read the commitment model; a lead gets only the commitments that apply', () => {
  const cp = project(ICP, MODEL, `leadspec: v1
kind: scoring
id: other
fit: { rules: [ { id: x, when: { employees: { gte: 0 } }, points: 100 } ] }
grades: [ { id: A, min: 50 }, { id: Z } ]
mql: { grade: A }`, `leadspec: v1
kind: sla
id: s
commitments:
  - { id: hot, scoring: m, applies_to: { mql: true }, start: mql_at, stop: first_touch_at, within: 2h, clock: calendar }
  - { id: all-other, scoring: other, applies_to: { grade: A }, start: mql_at, stop: first_touch_at, within: 2h, clock: calendar }`);
  const mqlAt = '2026-11-20T09:00:00Z';
  const leads = [
    lead(cp, { employees: 5, mql_at: mqlAt, first_touch_at: '2026-11-20T10:00:00Z', events: [{ event: 'demo_request', at: daysAgo(1) }] }),
    lead(cp, { employees: 50, mql_at: mqlAt }),
  ];
  const r = simulate(cp, leads, AS_OF_MS);
  assert.deepEqual(Object.keys(r.leads[0].sla), ['s/hot', 's/all-other']);
  assert.equal(r.leads[0].sla['s/hot'].status, 'met');
  assert.equal(r.leads[0].sla['s/hot'].elapsed_minutes, 60);
  assert.deepEqual(Object.keys(r.leads[1].sla), ['s/all-other']); // not an MQL of `m`, but an A of `other`
  assert.equal(r.leads[1].sla['s/all-other'].status, 'breached'); // due 11:00Z, no touch by 12:00Z
  assert.deepEqual(r.summary.sla['s/hot'], { met: 1, breached: 0, open: 0, attainment: 1 });
});
