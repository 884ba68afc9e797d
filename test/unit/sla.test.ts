// The SLA engine through its public API (compileSla → evaluateLead / summarize), compiled by the
// engine's compileProject so conditions are the real ones. Expected
// values are derived by hand in the comments. Offsets: New York EST = UTC-5 (EDT UTC-4 until
// Sun 1 Nov 2026); Berlin CET = UTC+1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileSla, type CompiledSla } from '../../server/src/core/eval/sla.js';
import { compileProject } from '../../server/src/core/eval/simulate.js';
import type { FieldsDef, SlaDef } from '../../server/src/core/model.js';
import type { DataWarning, Lead, ScoreResult } from '../../server/src/core/results.js';

// The real engine compiles the conditions: compileProject wires core/eval/conditions.ts into the
// SLA (score keys read the commitment's `scoring` model from the scores passed in).
const CATALOG: FieldsDef = { leadspec: 'v1', kind: 'fields', id: 'crm', fields: {
  mql_at: { type: 'datetime' }, first_touch_at: { type: 'datetime' }, signed_on: { type: 'date' },
  region: { type: 'enum', values: ['na', 'emea', 'apac'] }, employees: { type: 'integer' } } };
function slaOf(def: SlaDef): CompiledSla {
  const cp = compileProject([CATALOG, def]);
  return cp.slas[0];
}

const at = (iso: string) => Date.parse(iso);
const score = (grade: string, mql: boolean): Record<string, ScoreResult> =>
  ({ inbound: { fit: 0, engagement: 0, total: 0, grade, mql, disqualified: false, explanation: [] } });
const lead = (id: string, values: Record<string, unknown>): Lead => ({ id, values, raw: {}, events: [], source: { file: 'leads.csv', row: 2 } });

// The SLA of SPEC §6 / the worked example, read from the shared example itself.
const EXAMPLE = '/work/shared/examples/basic';
const exampleSla = parse(readFileSync(`${EXAMPLE}/sla.yaml`, 'utf8')) as SlaDef;

test('worked example: L1 is open, due Friday 16:00Z, 120 minutes elapsed, no escalation', () => {
  const expected = JSON.parse(readFileSync(`${EXAMPLE}/expected.json`, 'utf8'));
  const asOf = at(expected.as_of);
  const sla = slaOf(exampleSla);
  assert.deepEqual(sla.problems, []);
  // L1 of leads.csv: mql_at 2026-11-19T20:00:00Z, no first touch, region na (→ default us); grade A, MQL.
  const l1 = lead('L1', { mql_at: at('2026-11-19T20:00:00Z'), region: 'na' });
  const r1 = sla.evaluateLead(l1, score('A', true), asOf);
  assert.deepEqual(r1, expected.leads[0].sla);
  // The other leads are not MQLs (L4 is disqualified): no SLA entry.
  const others = ['L2', 'L3', 'L4', 'L5', 'L6'].map((id, i) =>
    ({ lead: lead(id, {}), scores: score(['C', 'D', 'disqualified', 'C', 'B'][i], false) }));
  for (const o of others) assert.deepEqual(sla.evaluateLead(o.lead, o.scores, asOf), {});
  const rows = [{ lead: l1, scores: score('A', true), sla: r1 }, ...others.map((o) => ({ ...o, sla: {} }))];
  const summary = sla.summarize(rows, asOf);
  // Expected lists met/breached/open; attainment 0/0 is null.
  assert.deepEqual(summary['mql-handoff/first-touch'], { ...expected.summary.sla['mql-handoff/first-touch'], attainment: null });
  assert.deepEqual(summary['mql-handoff/mql-volume'], expected.summary.sla['mql-handoff/mql-volume']);
});

const twoCalendars: SlaDef = {
  ...exampleSla,
  commitments: [{ id: 'first-touch', scoring: 'inbound', applies_to: { mql: true }, start: 'mql_at', stop: 'first_touch_at', within: '4h',
    calendar: { by: 'region', map: { emea: 'emea' }, default: 'us' },
    escalate: [{ after: '2h', notify: 'sdr-manager' }, { after: '8h', reassign: 'round-robin' }] }],
};

test('leads in two calendars: the map picks per lead (trimmed, case-insensitive), else the default', () => {
  const sla = slaOf(twoCalendars);
  const asOf = at('2026-11-23T12:00:00Z');
  const start = at('2026-11-23T11:30:00Z'); // Monday: 12:30 CET (lunch) in Berlin, 06:30 EST in New York
  const due = (region: unknown) => sla.evaluateLead(lead('x', { mql_at: start, region }), score('A', true), asOf)['mql-handoff/first-touch'];
  // emea: lunch until 13:00 CET = 12:00Z; + 4h = 17:00 CET = 16:00Z. Elapsed to as_of 12:00Z: 0.
  assert.deepEqual(due(' EMEA '), { status: 'open', due: '2026-11-23T16:00:00Z', elapsed_minutes: 0, escalations: [] });
  // us (na, unknown value, missing): opens 09:00 EST = 14:00Z; + 4h = 18:00Z.
  for (const region of ['na', 'apac', undefined]) assert.equal(due(region).due, '2026-11-23T18:00:00Z');
});

test('status: met at or before due, breached after it or when as_of passes due without a stop', () => {
  const sla = slaOf(twoCalendars);
  // Start Mon 2026-11-23 15:00Z (10:00 EST) + 4h → due 19:00Z.
  const run = (stop: string | undefined, asOf: string) => sla.evaluateLead(
    lead('x', { mql_at: at('2026-11-23T15:00:00Z'), ...(stop ? { first_touch_at: at(stop) } : {}) }),
    score('B', true), at(asOf))['mql-handoff/first-touch'];
  assert.equal(run('2026-11-23T19:00:00Z', '2026-11-30T00:00:00Z').status, 'met'); // stop = due
  assert.equal(run('2026-11-23T19:00:01Z', '2026-11-23T19:00:01Z').status, 'breached'); // one second late
  assert.equal(run(undefined, '2026-11-23T19:00:00Z').status, 'open'); // as_of = due: not yet past it
  assert.equal(run(undefined, '2026-11-23T19:00:01Z').status, 'breached');
  // A stop after as_of still decides (the data says the touch happened); elapsed runs to the stop.
  const late = run('2026-11-23T18:00:00Z', '2026-11-23T16:00:00Z');
  assert.deepEqual([late.status, late.elapsed_minutes], ['met', 180]);
  // A first touch before the MQL: met, and the clock never ran.
  const before = run('2026-11-23T14:00:00Z', '2026-11-30T00:00:00Z');
  assert.deepEqual([before.status, before.elapsed_minutes, before.escalations], ['met', 0, []]);
  // as_of before the start: open with nothing elapsed.
  assert.deepEqual(run(undefined, '2026-11-20T00:00:00Z'), { status: 'open', due: '2026-11-23T19:00:00Z', elapsed_minutes: 0, escalations: [] });
});

test('escalations fire only when elapsed exceeds `after`, and come out as the steps written', () => {
  const sla = slaOf(twoCalendars);
  const run = (asOf: string) => sla.evaluateLead(lead('x', { mql_at: at('2026-11-23T14:00:00Z') }), score('A', true), at(asOf))['mql-handoff/first-touch'];
  // Mon 09:00 EST (14:00Z) + exactly 2h business = 16:00Z: not more than 2h.
  assert.deepEqual(run('2026-11-23T16:00:00Z').escalations, []);
  assert.deepEqual(run('2026-11-23T16:00:01Z').escalations, [{ after: '2h', notify: 'sdr-manager' }]);
  // Tue 2026-11-24 15:00Z (10:00 EST): Monday's 8h + 1h = 9h elapsed → both steps; breached (due Mon 18:00Z).
  const r = run('2026-11-24T15:00:00Z');
  assert.deepEqual(r, { status: 'breached', due: '2026-11-23T18:00:00Z', elapsed_minutes: 540,
    escalations: [{ after: '2h', notify: 'sdr-manager' }, { after: '8h', reassign: 'round-robin' }] });
});

test('clock: calendar counts plain time (days allowed); elapsed keeps 2 decimals of a minute', () => {
  const def: SlaDef = { leadspec: 'v1', kind: 'sla', id: 's', commitments: [
    { id: 'c', start: 'mql_at', stop: 'first_touch_at', within: '2d', clock: 'calendar' }] };
  const sla = slaOf(def);
  assert.deepEqual(sla.problems, []);
  // Sat 2026-11-21 10:00:00Z + 2 days = Mon 10:00Z regardless of weekends; stop 1h 0m 20s later → 60.33 min.
  const r = sla.evaluateLead(lead('x', { mql_at: at('2026-11-21T10:00:00Z'), first_touch_at: at('2026-11-21T11:00:20Z') }), {}, at('2026-11-22T00:00:00Z'));
  assert.deepEqual(r['s/c'], { status: 'met', due: '2026-11-23T10:00:00Z', elapsed_minutes: 60.33, escalations: [] });
  // With no calendars the default clock is calendar time, and absent applies_to means every lead.
  const sla2 = slaOf({ ...def, commitments: [{ id: 'c', start: 'mql_at', stop: 'first_touch_at', within: '90m' }] });
  assert.equal(sla2.evaluateLead(lead('x', { mql_at: at('2026-11-21T10:00:00Z') }), {}, 0)['s/c'].due, '2026-11-21T11:30:00Z');
});

test('a lead the commitment does not apply to, or without a start, gets no entry', () => {
  const sla = slaOf(twoCalendars);
  const asOf = at('2026-11-24T00:00:00Z');
  assert.deepEqual(sla.evaluateLead(lead('x', { mql_at: at('2026-11-23T15:00:00Z') }), score('A', false), asOf), {});
  assert.deepEqual(sla.evaluateLead(lead('x', { first_touch_at: at('2026-11-23T15:00:00Z') }), score('A', true), asOf), {});
});

test('a `by` calendar without default: an unmapped lead is reported as a data warning, not dropped silently', () => {
  const def: SlaDef = { ...twoCalendars, commitments: [{ ...(twoCalendars.commitments![0] as object), calendar: { by: 'region', map: { emea: 'emea', na: 'us' } } } as never] };
  const sla = slaOf(def);
  const warnings: DataWarning[] = [];
  const r = sla.evaluateLead(lead('L9', { mql_at: at('2026-11-23T15:00:00Z'), region: 'apac' }), score('A', true), at('2026-11-24T00:00:00Z'), (w) => warnings.push(w));
  assert.deepEqual(r, {});
  assert.deepEqual(warnings, [{ file: 'leads.csv', row: 2, lead: 'L9',
    message: "SLA mql-handoff/first-touch skipped for this lead: 'region' is 'apac', which the calendar map does not list, and there is no default" }]);
});

test('problems in a definition are listed with their path; the rest still compiles; nothing throws', () => {
  const def: SlaDef = {
    leadspec: 'v1', kind: 'sla', id: 's',
    calendars: {
      us: { timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' } },
      mars: { timezone: 'Mars/Olympus', hours: { weekdays: '09:00-17:00' } },
    },
    commitments: [
      { id: 'days', start: 'a', stop: 'b', within: '2d', calendar: 'us' },
      { id: 'bad-cal', start: 'a', stop: 'b', within: '2h', calendar: 'mars' },
      { id: 'unknown', start: 'a', stop: 'b', within: '2h', calendar: 'uss' },
      { id: 'unnamed', start: 'a', stop: 'b', within: '2h' },
      { id: 'late-step', start: 'a', stop: 'b', within: '2h', calendar: 'us', escalate: [{ after: '1d', notify: 'x' }] },
      { id: 'fine', start: 'a', stop: 'b', within: '2h', calendar: 'us' },
      { id: 'vol', type: 'volume', per: 'fortnight' as never, date: 'a', target: { gte: 'lots' } },
    ],
  };
  const sla = slaOf(def);
  assert.deepEqual(sla.keys, ['s/fine']);
  const byCommitment = sla.problems.map((p) => [p.commitment, p.path.join('.'), p.message]);
  assert.deepEqual(byCommitment, [
    ['s/days', 'commitments.0.within', '`within: 2d` uses days or weeks, which a business clock does not allow; write it in hours (e.g. 8h per working day) or use clock: calendar'],
    [undefined, 'calendars.mars.timezone', "calendar 'mars': unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/Berlin"],
    ['s/bad-cal', 'commitments.1.calendar', "calendar 'mars' has errors, so this commitment cannot be evaluated until they are fixed"],
    ['s/unknown', 'commitments.2.calendar', "unknown calendar 'uss'; this SLA defines us, mars"],
    ['s/unnamed', 'commitments.3.calendar', 'this SLA defines several calendars (us, mars); name one with `calendar:`'],
    ['s/late-step', 'commitments.4.escalate.0.after', '`after: 1d` uses days or weeks, which a business clock does not allow; write it in hours (e.g. 8h per working day) or use clock: calendar'],
    ['s/vol', 'commitments.6.per', "`per` must be day, week, month or quarter, not 'fortnight'"],
    ['s/vol', 'commitments.6.target', "`gte` needs a number, not 'lots'"],
  ]);
  // A partial document (as while typing) does not throw either.
  assert.doesNotThrow(() => compileSla({ leadspec: 'v1', kind: 'sla' } as never, { compileCondition: () => () => true }));
  assert.doesNotThrow(() => slaOf({ leadspec: 'v1', kind: 'sla', id: 's', commitments: [null, { id: 'x' }] } as never));
});

test('volume: counts per ISO week cut in the calendar zone, compared with a between target, sorted', () => {
  const def: SlaDef = {
    leadspec: 'v1', kind: 'sla', id: 's',
    calendars: { us: { timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' } } },
    commitments: [
      { id: 'weekly', type: 'volume', scoring: 'inbound', count: { mql: true }, per: 'week', date: 'mql_at', target: { between: [2, 3] }, calendar: 'us' },
      { id: 'weekly-utc', type: 'volume', scoring: 'inbound', count: { mql: true }, per: 'week', date: 'mql_at', target: { between: [2, 3] } },
      { id: 'quarterly', type: 'volume', per: 'quarter', date: 'mql_at', target: { gte: 1 } },
    ],
  };
  const sla = slaOf(def);
  assert.deepEqual(sla.problems, []);
  const rows = [
    ['2026-11-30T03:00:00Z', true], // Mon 03:00Z UTC → 2026-W49; New York: Sun 29 Nov 22:00 EST → 2026-W48
    ['2026-11-24T15:00:00Z', true], // Tue → W48 in both
    ['2026-11-25T15:00:00Z', true], // Wed → W48 in both
    ['2026-12-01T15:00:00Z', true], // Tue → W49 in both
    ['2026-12-02T15:00:00Z', false], // not an MQL: counts only for `quarterly`
    [undefined, true], // no date: counts nowhere
  ].map(([d, mql], i) => ({ lead: lead(`L${i}`, d ? { mql_at: at(d as string) } : {}), scores: score('A', mql as boolean), sla: {} }));
  const s = sla.summarize(rows, at('2026-12-31T00:00:00Z'));
  assert.deepEqual(s['s/weekly'], { periods: { '2026-W48': { count: 3, met: true }, '2026-W49': { count: 1, met: false } } });
  assert.deepEqual(s['s/weekly-utc'], { periods: { '2026-W48': { count: 2, met: true }, '2026-W49': { count: 2, met: true } } });
  assert.deepEqual(s['s/quarterly'], { periods: { '2026-Q4': { count: 5, met: true } } });
  assert.deepEqual(Object.keys((s['s/weekly'] as { periods: object }).periods), ['2026-W48', '2026-W49']);
});

test('attainment is met / (met + breached), 4 decimals; open leads do not count', () => {
  const sla = slaOf(twoCalendars);
  const key = 'mql-handoff/first-touch';
  const rows = (['met', 'met', 'breached', 'open'] as const).map((status, i) =>
    ({ lead: lead(`L${i}`, {}), scores: {}, sla: { [key]: { status, due: '', elapsed_minutes: 0, escalations: [] } } }));
  assert.deepEqual(sla.summarize(rows, 0)[key], { met: 2, breached: 1, open: 1, attainment: 0.6667 }); // 2/3, rounded to 4 decimals like mql_rate
});

test('a clock that cannot run for a lead is a data warning naming the lead, not a crash', () => {
  const def: SlaDef = { leadspec: 'v1', kind: 'sla', id: 's',
    calendars: { us: { timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' } } },
    commitments: [{ id: 'c', start: 'mql_at', stop: 'first_touch_at', within: '4h' }] };
  const sla = slaOf(def);
  const warnings: DataWarning[] = [];
  const r = sla.evaluateLead(lead('L7', { mql_at: -8.64e15 }), {}, at('2026-11-20T00:00:00Z'), (w) => warnings.push(w));
  assert.deepEqual(r, {});
  assert.equal(warnings.length, 1);
  assert.deepEqual([warnings[0].lead, warnings[0].field, warnings[0].row], ['L7', 'mql_at', 2]);
  assert.match(warnings[0].message, /^SLA s\/c skipped for this lead: .*out of the range of dates/);
});

test('applies_to with the real conditions: combinators, numbers, and an event window placed at as_of', () => {
  const def: SlaDef = { leadspec: 'v1', kind: 'sla', id: 's', commitments: [{
    id: 'demo-callback', scoring: 'inbound', start: 'mql_at', stop: 'first_touch_at', within: '1h', clock: 'calendar',
    applies_to: { any: [{ grade: 'A' }, { employees: { gte: 1000 } }], event: 'demo_request', within: '1d' } }] };
  const sla = slaOf(def);
  const l = { ...lead('x', { mql_at: at('2026-11-19T10:00:00Z'), employees: 5000 }),
    events: [{ event: 'demo_request', at: at('2026-11-19T09:00:00Z'), props: {} }] };
  // Grade C but 5,000 employees; the demo request is 15h old at as_of 2026-11-20T00:00Z (< 1d): applies.
  assert.deepEqual(Object.keys(sla.evaluateLead(l, score('C', false), at('2026-11-20T00:00:00Z'))), ['s/demo-callback']);
  // At 2026-11-21T00:00Z the request is 39h old: outside `within: 1d`, so no entry.
  assert.deepEqual(sla.evaluateLead(l, score('C', false), at('2026-11-21T00:00:00Z')), {});
  // A small company with grade C: `any` fails.
  assert.deepEqual(sla.evaluateLead({ ...l, values: { ...l.values, employees: 20 } }, score('C', false), at('2026-11-20T00:00:00Z')), {});
});

test('volume in a zone: a datetime shifts into the local day, a date-typed field keeps its own day', () => {
  const def: SlaDef = { leadspec: 'v1', kind: 'sla', id: 's',
    calendars: { us: { timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' } } },
    commitments: [
      { id: 'by-instant', type: 'volume', per: 'month', date: 'mql_at', target: { gte: 1 }, calendar: 'us' },
      { id: 'by-date', type: 'volume', per: 'month', date: 'signed_on', target: { gte: 1 }, calendar: { by: 'region', default: 'us' } },
    ] };
  const sla = slaOf(def);
  // 2026-11-01T00:00Z is Sat 31 Oct 20:00 EDT in New York → October; the date 2026-11-01 stays in November.
  const midnight = at('2026-11-01T00:00:00Z');
  const s = sla.summarize([{ lead: lead('L1', { mql_at: midnight, signed_on: midnight }), scores: {}, sla: {} }], 0);
  assert.deepEqual(s['s/by-instant'], { periods: { '2026-10': { count: 1, met: true } } });
  assert.deepEqual(s['s/by-date'], { periods: { '2026-11': { count: 1, met: true } } });
});
