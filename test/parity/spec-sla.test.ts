// SPEC §6 (SLAs) through `leadspec simulate --format json` at as_of 2026-11-20T12:00:00Z
// (Friday; New York is UTC-5 after 2026-11-01, Berlin UTC+1). Hand-computed in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, cli, header, simulateJson, workspace } from './spec-helpers.js';

const FIELDS = `${header('fields', 'crm')}fields:
  hot: { type: boolean }
  region: { type: enum, values: [na, emea, apac] }
  mql_at: { type: datetime }
  first_touch_at: { type: datetime }
events:
  demo_request: {}
`;

const SCORING = `${header('scoring', 'm')}fit:
  rules:
    - { id: hot, when: { hot: true }, points: 10 }
grades:
  - { id: A, min: 10 }
  - { id: D }
mql: { fit: { gte: 10 } }
`;

const SLA = `${header('sla', 'h')}calendars:
  us:
    timezone: America/New_York
    hours: { weekdays: "09:00-17:00" }
    holidays: [2026-11-26]
  emea:
    timezone: Europe/Berlin
    hours: { mon: "09:00-12:00, 13:00-17:00", tue: "09:00-17:00", wed: "09:00-17:00", thu: "09:00-17:00", fri: "09:00-12:00, 13:00-17:00" }
commitments:
  - id: first-touch
    scoring: m
    applies_to: { mql: true, grade: [A] }
    start: mql_at
    stop: first_touch_at
    within: 4h
    calendar: us
    escalate:
      - { after: 2h, notify: mgr }
      - { after: 8h, reassign: rr }
  - id: regional
    applies_to: { region: [emea, apac] }
    start: mql_at
    within: 1h
    clock: business
    calendar: { by: region, map: { emea: emea }, default: us }
  - id: wall
    applies_to: { region: apac }
    start: mql_at
    within: 1d
    clock: calendar
  - { id: vol-month, type: volume, scoring: m, count: { mql: true }, per: month, date: mql_at, target: { gte: 3 } }
  - { id: vol-q, type: volume, count: { mql: true }, per: quarter, date: mql_at, target: { lt: 3 } }
  - { id: vol-week, type: volume, count: { mql: true }, per: week, date: mql_at, target: { gte: 1 } }
  - { id: vol-day, type: volume, count: { mql: true }, per: day, date: mql_at, target: { gte: 1 } }
  - { id: vol-day-ny, type: volume, count: { mql: true }, per: day, date: mql_at, target: { gte: 1 }, calendar: us }
`;

const LEADS = `id,hot,region,mql_at,first_touch_at
S1,true,na,2026-11-19T20:00:00Z,2026-11-20T15:00:00Z
S2,true,na,2026-11-19T20:00:00Z,
S3,true,,2026-11-18T14:00:00Z,
S4,true,,2026-11-21T15:00:00Z,
S5,true,,2026-11-19T20:00:00Z,2026-11-20T16:00:00Z
S6,true,,2026-11-19T20:00:00Z,2026-11-20T16:01:00Z
S7,false,,2026-11-19T20:00:00Z,
S8,true,,,
S9,false,emea,2026-11-20T10:30:00Z,
S10,false,apac,2026-11-20T10:30:00Z,
S11,true,,2026-11-20T03:00:00Z,
S12,true,,2027-01-01T12:00:00Z,2027-01-01T12:30:00Z
S13,true,,2026-11-25T21:00:00Z,
S14,true,,2026-10-30T20:00:00Z,2026-11-02T16:00:00Z
`;

const ws = workspace({
  'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv }\nas_of: 2026-11-20T12:00:00Z\n`,
  'fields.yaml': FIELDS, 'scoring.yaml': SCORING, 'sla.yaml': SLA, 'leads.csv': LEADS,
});
const result = simulateJson(ws);
const ft = (id: string) => byId(result, id).sla['h/first-touch'];

test('§6 response: due, met/breached/open, elapsed business minutes, escalations strictly after', () => {
  // S1: Thu 15:00 NY → 2h Thu + 2h Fri → due Fri 11:00 NY = 16:00Z; stop Fri 10:00 NY: 2h + 1h = 180 → met, > 2h.
  assert.deepEqual(ft('S1'), { status: 'met', due: '2026-11-20T16:00:00Z', elapsed_minutes: 180, escalations: [{ after: '2h', notify: 'mgr' }] });
  // S2: no stop; as_of Fri 07:00 NY → exactly 2h elapsed: open, no escalation yet.
  assert.deepEqual(ft('S2'), { status: 'open', due: '2026-11-20T16:00:00Z', elapsed_minutes: 120, escalations: [] });
  // S3: Wed 09:00 NY → due Wed 13:00 NY = 18:00Z; to as_of: 8h Wed + 8h Thu = 960 → breached, both steps.
  assert.deepEqual(ft('S3'), { status: 'breached', due: '2026-11-18T18:00:00Z', elapsed_minutes: 960,
    escalations: [{ after: '2h', notify: 'mgr' }, { after: '8h', reassign: 'rr' }] });
  // S4: Saturday → the clock opens Mon 09:00 NY; due Mon 13:00 NY = 18:00Z; as_of is before the start.
  assert.deepEqual(ft('S4'), { status: 'open', due: '2026-11-23T18:00:00Z', elapsed_minutes: 0, escalations: [] });
  // S5: stop exactly at due → met.  S6: one minute after → breached.
  assert.equal(ft('S5').status, 'met');
  assert.equal(ft('S5').elapsed_minutes, 240);
  assert.deepEqual([ft('S6').status, ft('S6').elapsed_minutes], ['breached', 241]);
  // S11: Thu 22:00 NY → opens Fri 09:00 NY (14:00Z), due 18:00Z.
  assert.deepEqual([ft('S11').status, ft('S11').due, ft('S11').elapsed_minutes], ['open', '2026-11-20T18:00:00Z', 0]);
  // S12: New Year's Day (Friday, not a holiday of this calendar) 07:00 NY; stop 07:30 NY, before the opening → met, 0.
  assert.deepEqual([ft('S12').status, ft('S12').due, ft('S12').elapsed_minutes], ['met', '2027-01-01T18:00:00Z', 0]);
  // S13: Wed 25 16:00 NY: 1h, Thanksgiving (holiday) skipped, Fri 27 09:00 + 3h = 12:00 NY = 17:00Z.
  assert.equal(ft('S13').due, '2026-11-27T17:00:00Z');
  // S14: Fri Oct 30 16:00 EDT: 1h; DST ends Sun Nov 1; Mon 09:00 EST (14:00Z) + 3h → 17:00Z. Stop 11:00 EST: 1h + 2h.
  assert.deepEqual([ft('S14').status, ft('S14').due, ft('S14').elapsed_minutes], ['met', '2026-11-02T17:00:00Z', 180]);
});

test('§6 applies_to with score keys; start must be set; `sla` holds only applicable commitments', () => {
  assert.deepEqual(Object.keys(byId(result, 'S7').sla), []); // not an MQL
  assert.deepEqual(Object.keys(byId(result, 'S8').sla), []); // no mql_at
  assert.deepEqual(Object.keys(byId(result, 'S9').sla), ['h/regional']);
  assert.deepEqual(Object.keys(byId(result, 'S10').sla).sort(), ['h/regional', 'h/wall']);
});

test('§6 calendar by field with map and default; lunch breaks; calendar clock', () => {
  // S9 (emea → Berlin): Fri 11:30 → 30 min to 12:00, lunch, 13:00 + 30 min → due 13:30 Berlin = 12:30Z;
  // as_of = 13:00 Berlin → 30 min elapsed, open.
  assert.deepEqual(byId(result, 'S9').sla['h/regional'], { status: 'open', due: '2026-11-20T12:30:00Z', elapsed_minutes: 30, escalations: [] });
  // S10 (apac → default us): 05:30 NY → opens 09:00 NY = 14:00Z; due 15:00Z; nothing elapsed yet.
  assert.deepEqual(byId(result, 'S10').sla['h/regional'], { status: 'open', due: '2026-11-20T15:00:00Z', elapsed_minutes: 0, escalations: [] });
  // Calendar clock: due = start + 1d; elapsed 10:30Z → 12:00Z = 90.
  assert.deepEqual(byId(result, 'S10').sla['h/wall'], { status: 'open', due: '2026-11-21T10:30:00Z', elapsed_minutes: 90, escalations: [] });
});

test('§6 summary: attainment = met / (met + breached); volume periods day/week/month/quarter, UTC or the calendar zone', () => {
  const s = result.summary.sla;
  // met S1 S5 S12 S14; breached S3 S6; open S2 S4 S11 S13.
  assert.deepEqual(s['h/first-touch'], { met: 4, breached: 2, open: 4, attainment: 0.6667 });
  // MQLs with mql_at: S1–S6, S11–S14 = 10.
  assert.deepEqual(s['h/vol-month'].periods, { '2026-10': { count: 1, met: false }, '2026-11': { count: 8, met: true }, '2027-01': { count: 1, met: false } });
  assert.deepEqual(s['h/vol-q'].periods, { '2026-Q4': { count: 9, met: false }, '2027-Q1': { count: 1, met: true } });
  assert.deepEqual(s['h/vol-week'].periods, {
    '2026-W44': { count: 1, met: true }, '2026-W47': { count: 7, met: true }, '2026-W48': { count: 1, met: true }, '2026-W53': { count: 1, met: true } });
  const counts = (p: Record<string, { count: number }>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.count]));
  assert.deepEqual(counts(s['h/vol-day'].periods), {
    '2026-10-30': 1, '2026-11-18': 1, '2026-11-19': 4, '2026-11-20': 1, '2026-11-21': 1, '2026-11-25': 1, '2027-01-01': 1 });
  // In New York, S11 (03:00Z on the 20th) falls on the 19th.
  assert.deepEqual(counts(s['h/vol-day-ny'].periods), {
    '2026-10-30': 1, '2026-11-18': 1, '2026-11-19': 5, '2026-11-21': 1, '2026-11-25': 1, '2027-01-01': 1 });
});

test('§6 the workspace above validates: `stop` is optional (without it a lead is open until due, then breached)', () => {
  const r = cli(['validate', '--format', 'json'], ws);
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(r.json.diagnostics.filter((d: any) => d.severity === 'error'), []);
  // S9 has no stop field in `regional` → open before due; a later as_of → breached.
  const later = simulateJson(ws, '--as-of', '2026-11-20T13:00:00Z');
  assert.equal(byId(later, 'S9').sla['h/regional'].status, 'breached');
});
