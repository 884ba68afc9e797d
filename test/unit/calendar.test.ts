// Business calendars: every expected instant below is derived by hand in the comment next to it.
// Offsets used: New York EST = UTC-5, EDT = UTC-4 (2026: EDT from Sun 8 Mar 02:00 to Sun 1 Nov
// 02:00); Berlin CET = UTC+1, CEST = UTC+2 (2026: CEST from Sun 29 Mar 02:00 to Sun 25 Oct 03:00).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CalendarError, addBusinessMinutes, businessMinutesBetween, compileCalendar, parseHours, periodKey,
} from '../../server/src/core/eval/calendar.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const due = (cal: ReturnType<typeof compileCalendar>, start: string, minutes: number) => iso(addBusinessMinutes(cal, at(start), minutes));

// The calendars of SPEC §6.
const us = compileCalendar({ timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' }, holidays: ['2026-11-26', '2026-12-25'] });
const emea = compileCalendar({
  timezone: 'Europe/Berlin',
  hours: { mon: '09:00-12:00, 13:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-15:00' },
});

test('SPEC example L1: Thursday 15:00 New York + 4h → Friday 11:00 New York', () => {
  // Thu 2026-11-19 20:00Z = 15:00 EST; 2h until 17:00; Fri 09:00 EST = 14:00Z, +2h = 16:00Z.
  assert.equal(due(us, '2026-11-19T20:00:00Z', 240), '2026-11-20T16:00:00Z');
  // Elapsed to as_of Fri 12:00Z (07:00 EST, before opening): only Thursday's 2h count.
  assert.equal(businessMinutesBetween(us, at('2026-11-19T20:00:00Z'), at('2026-11-20T12:00:00Z')), 120);
});

test('New York spring forward, outside working hours: the weekend carries the offset change', () => {
  // Fri 2026-03-06 16:00 EST = 21:00Z; 1h to 17:00 EST; Mon 2026-03-09 09:00 EDT = 13:00Z; +1h = 14:00Z.
  assert.equal(due(us, '2026-03-06T21:00:00Z', 120), '2026-03-09T14:00:00Z');
  assert.equal(businessMinutesBetween(us, at('2026-03-06T21:00:00Z'), at('2026-03-09T14:00:00Z')), 120);
});

test('New York fall back, outside working hours', () => {
  // Fri 2026-10-30 16:00 EDT = 20:00Z; 1h to 17:00; Mon 2026-11-02 09:00 EST = 14:00Z; +1h = 15:00Z.
  assert.equal(due(us, '2026-10-30T20:00:00Z', 120), '2026-11-02T15:00:00Z');
});

test('Berlin spring forward, outside working hours (Friday short day, Monday split shift)', () => {
  // Fri 2026-03-27 14:00 CET = 13:00Z; fri closes 15:00 CET (1h); Mon 2026-03-30 09:00 CEST = 07:00Z; +1h = 08:00Z.
  assert.equal(due(emea, '2026-03-27T13:00:00Z', 120), '2026-03-30T08:00:00Z');
});

test('Berlin fall back, outside working hours', () => {
  // Fri 2026-10-23 14:00 CEST = 12:00Z; 1h to 15:00; Mon 2026-10-26 09:00 CET = 08:00Z; +1h = 09:00Z.
  assert.equal(due(emea, '2026-10-23T12:00:00Z', 120), '2026-10-26T09:00:00Z');
});

// Night shifts put the daylight-saving change inside working hours.
const nyNight = compileCalendar({ timezone: 'America/New_York', hours: { everyday: '00:00-06:00' } });
const berlinNight = compileCalendar({ timezone: 'Europe/Berlin', hours: { everyday: '01:00-04:00' } });

test('New York spring forward inside working hours: the shift is one real hour shorter', () => {
  // Sun 2026-03-08: 00:00 EST = 05:00Z, 06:00 EDT = 10:00Z → 5h of work. Start 05:00Z + 6h:
  // 5h that night, then Mon 00:00 EDT = 04:00Z + 1h = 05:00Z.
  assert.equal(due(nyNight, '2026-03-08T05:00:00Z', 360), '2026-03-09T05:00:00Z');
  assert.equal(businessMinutesBetween(nyNight, at('2026-03-08T00:00:00Z'), at('2026-03-08T23:59:00Z')), 300);
});

test('New York fall back inside working hours: the shift is one real hour longer', () => {
  // Sun 2026-11-01: 00:00 EDT = 04:00Z, 06:00 EST = 11:00Z → 7h. Start 04:00Z + 7h = 11:00Z (at closing).
  assert.equal(due(nyNight, '2026-11-01T04:00:00Z', 420), '2026-11-01T11:00:00Z');
  // + 6h30 = 10:30Z, still the same night.
  assert.equal(due(nyNight, '2026-11-01T04:00:00Z', 390), '2026-11-01T10:30:00Z');
});

test('Berlin spring forward inside working hours', () => {
  // Sun 2026-03-29: 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z → 2h. Start 00:00Z + 3h: 2h, then
  // Mon 2026-03-30 01:00 CEST = 2026-03-29T23:00Z + 1h = 2026-03-30T00:00Z.
  assert.equal(due(berlinNight, '2026-03-29T00:00:00Z', 180), '2026-03-30T00:00:00Z');
});

test('Berlin fall back inside working hours', () => {
  // Sun 2026-10-25: 01:00 CEST = 10-24T23:00Z, 04:00 CET = 03:00Z → 4h. Start 23:00Z + 4h = 03:00Z.
  assert.equal(due(berlinNight, '2026-10-24T23:00:00Z', 240), '2026-10-25T03:00:00Z');
  assert.equal(businessMinutesBetween(berlinNight, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z')), 240);
});

test('a clock that starts on a weekend starts at Monday opening', () => {
  // Sat 2026-11-21 15:00Z → Mon 2026-11-23 09:00 EST = 14:00Z; +4h = 18:00Z.
  assert.equal(due(us, '2026-11-21T15:00:00Z', 240), '2026-11-23T18:00:00Z');
});

test('a clock that starts on a holiday starts the next working day', () => {
  // Thu 2026-11-26 (holiday) 10:00 EST = 15:00Z → Fri 11-27 09:00 EST = 14:00Z; +4h = 18:00Z.
  assert.equal(due(us, '2026-11-26T15:00:00Z', 240), '2026-11-27T18:00:00Z');
});

test('a clock that starts in a lunch break starts after lunch', () => {
  // Mon 2026-11-23 12:30 CET = 11:30Z → reopens 13:00 CET = 12:00Z; +2h = 14:00Z.
  assert.equal(due(emea, '2026-11-23T11:30:00Z', 120), '2026-11-23T14:00:00Z');
  // Crossing the lunch break: Mon 11:00 CET = 10:00Z + 2h: 1h to 12:00, lunch, 13:00 + 1h = 14:00 CET = 13:00Z.
  assert.equal(due(emea, '2026-11-23T10:00:00Z', 120), '2026-11-23T13:00:00Z');
});

test('a clock that starts exactly at closing time starts at the next opening', () => {
  // Fri 2026-11-20 17:00 EST = 22:00Z → Mon 11-23 09:00 EST = 14:00Z; +1h = 15:00Z.
  assert.equal(due(us, '2026-11-20T22:00:00Z', 60), '2026-11-23T15:00:00Z');
  // Zero minutes from closing time is the next opening, too.
  assert.equal(due(us, '2026-11-20T22:00:00Z', 0), '2026-11-23T14:00:00Z');
  // Exactly at opening: counts from there. Mon 09:00 EST + 30m = 14:30Z.
  assert.equal(due(us, '2026-11-23T14:00:00Z', 30), '2026-11-23T14:30:00Z');
});

test('a duration that ends exactly at closing time is due at closing, not the next morning', () => {
  // Mon 2026-11-23 16:00 EST = 21:00Z + 1h = 17:00 EST = 22:00Z.
  assert.equal(due(us, '2026-11-23T21:00:00Z', 60), '2026-11-23T22:00:00Z');
});

test('a duration spanning several days and a holiday', () => {
  // Wed 2026-11-25 15:00 EST = 20:00Z, 20h: Wed 2h (→2), Thu holiday, Fri 8h (→10), weekend,
  // Mon 11-30 8h (→18), Tue 12-01 2h → 11:00 EST = 16:00Z.
  assert.equal(due(us, '2026-11-25T20:00:00Z', 1200), '2026-12-01T16:00:00Z');
  assert.equal(businessMinutesBetween(us, at('2026-11-25T20:00:00Z'), at('2026-12-01T16:00:00Z')), 1200);
});

test('a 24/7 calendar equals calendar time, across both daylight-saving changes', () => {
  const allDay = compileCalendar({ timezone: 'America/New_York', hours: { everyday: '00:00-24:00' } });
  // 2026-03-08 01:00 EST = 06:00Z + 2h = 08:00Z (wall clock jumps to 04:00 EDT): plain elapsed time.
  assert.equal(due(allDay, '2026-03-08T06:00:00Z', 120), '2026-03-08T08:00:00Z');
  // Fall back: 2026-11-01 05:00Z + 1 day of minutes = 11-02 05:00Z (the local day was 25h long).
  assert.equal(due(allDay, '2026-11-01T05:00:00Z', 1440), '2026-11-02T05:00:00Z');
  // Ten thousand minutes from an odd instant, and the minutes back.
  const s = at('2026-10-28T13:17:45.5Z');
  assert.equal(addBusinessMinutes(allDay, s, 10_000), s + 10_000 * 60_000);
  assert.equal(businessMinutesBetween(allDay, s, s + 10_000 * 60_000), 10_000);
});

test('hours: the most specific key wins (day over weekdays over everyday)', () => {
  const cal = compileCalendar({ timezone: 'UTC', hours: { everyday: '10:00-11:00', weekdays: '09:00-17:00', fri: '09:00-12:00' } });
  // Sat 2026-11-21 09:00Z → opens 10:00Z (everyday), +30m.
  assert.equal(due(cal, '2026-11-21T09:00:00Z', 30), '2026-11-21T10:30:00Z');
  // Fri 2026-11-20 11:00Z + 2h: 1h to 12:00 (fri), Sat 10:00–11:00 → 11:00Z Saturday.
  assert.equal(due(cal, '2026-11-20T11:00:00Z', 120), '2026-11-21T11:00:00Z');
});

test('shift parsing: split shifts, 24:00, errors name what to write', () => {
  assert.deepEqual(parseHours('13:00-17:00, 09:00-12:00'), [{ start: 540, end: 720 }, { start: 780, end: 1020 }]);
  assert.deepEqual(parseHours('00:00-24:00'), [{ start: 0, end: 1440 }]);
  assert.throws(() => parseHours('9 to 5'), /'9 to 5' is not a shift; write HH:MM-HH:MM/);
  assert.throws(() => parseHours('17:00-09:00'), /ends before it starts/);
  assert.throws(() => parseHours('09:00-12:00, 11:00-13:00'), /overlap/);
  assert.throws(() => parseHours('24:00-24:00'), /not a shift/);
});

test('malformed calendars throw CalendarError with the path of the culprit', () => {
  const err = (def: unknown) => { try { compileCalendar(def as never); } catch (e) { return e as CalendarError; } assert.fail('no error'); };
  assert.deepEqual(err({ timezone: 'Mars/Olympus', hours: { weekdays: '09:00-17:00' } }).path, ['timezone']);
  assert.match(err({ timezone: 'Mars/Olympus', hours: {} }).message, /unknown time zone 'Mars\/Olympus'/);
  assert.deepEqual(err({ timezone: 'UTC', hours: { monday: '09:00-17:00' } }).path, ['hours', 'monday']);
  assert.deepEqual(err({ timezone: 'UTC', hours: { mon: '9-5' } }).path, ['hours', 'mon']);
  assert.deepEqual(err({ timezone: 'UTC', hours: { mon: '09:00-17:00' }, holidays: ['2026-11-26', '2026-02-30'] }).path, ['holidays', 1]);
  assert.match(err({ timezone: 'UTC', hours: {} }).message, /no working hours/);
});

test('period keys: day, ISO week (Monday first, ISO week-year), month, quarter; UTC or a zone', () => {
  const t = at('2026-11-19T20:00:00Z');
  assert.equal(periodKey(t, 'day'), '2026-11-19');
  assert.equal(periodKey(t, 'week'), '2026-W47'); // Thu 19 Nov 2026: the week of Mon 16 Nov is ISO week 47
  assert.equal(periodKey(t, 'month'), '2026-11');
  assert.equal(periodKey(t, 'quarter'), '2026-Q4');
  // Sun 2026-11-22 is still W47; Mon 2026-11-23 starts W48.
  assert.equal(periodKey(at('2026-11-22T23:59:59Z'), 'week'), '2026-W47');
  assert.equal(periodKey(at('2026-11-23T00:00:00Z'), 'week'), '2026-W48');
  // ISO week-year: Fri 2027-01-01 belongs to 2026-W53 (2026 has 53 ISO weeks, it starts on a Thursday);
  // Mon 2024-12-30 belongs to 2025-W01.
  assert.equal(periodKey(at('2027-01-01T12:00:00Z'), 'week'), '2026-W53');
  assert.equal(periodKey(at('2024-12-30T12:00:00Z'), 'week'), '2025-W01');
  // In a zone: 2026-07-01 03:00Z is still 30 June 23:00 EDT in New York → Q2, but Q3 in UTC.
  assert.equal(periodKey(at('2026-07-01T03:00:00Z'), 'quarter'), '2026-Q3');
  assert.equal(periodKey(at('2026-07-01T03:00:00Z'), 'quarter', 'America/New_York'), '2026-Q2');
  assert.equal(periodKey(at('2026-07-01T03:00:00Z'), 'day', 'America/New_York'), '2026-06-30');
  // Berlin: 2026-12-31T23:30Z is already 2027-01-01 00:30 CET.
  assert.equal(periodKey(at('2026-12-31T23:30:00Z'), 'month', 'Europe/Berlin'), '2027-01');
});

test('performance: addBusinessMinutes runs at well over 200k calls/s', () => {
  const base = at('2026-01-01T00:00:00Z');
  const n = 200_000;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += addBusinessMinutes(us, base + ((i * 7919) % 500_000) * 60_000, 240);
  const secs = (performance.now() - t0) / 1000;
  assert.ok(sink > 0);
  // Measured ≈ 5M calls/s; the bound leaves room for a busy shared machine.
  assert.ok(n / secs >= 200_000, `${Math.round(n / secs)} calls/s`);
});

test('long spans are walked day by day once, then served from the cache', () => {
  const allDay = compileCalendar({ timezone: 'America/New_York', hours: { everyday: '00:00-24:00' } });
  // 1990 → 2026 is ~13,500 local days, 72 daylight-saving changes: a 24/7 calendar still equals calendar time.
  const a = at('1990-01-01T00:00:00Z'), b = at('2026-11-20T12:00:00Z');
  assert.equal(businessMinutesBetween(allDay, a, b), (b - a) / 60_000);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) businessMinutesBetween(allDay, a + i, b);
  assert.ok(performance.now() - t0 < 2_000, 'cached long spans are fast');
});

test('a calendar that never works again, or an instant out of range, is an error, not a hang', () => {
  // Mondays only, and every Monday of 2026–2036 a holiday: no working time within 3,700 days.
  const mondays: string[] = [];
  for (let d = at('2026-01-05T00:00:00Z'); d < at('2037-01-01T00:00:00Z'); d += 7 * 86_400_000) mondays.push(new Date(d).toISOString().slice(0, 10));
  const never = compileCalendar({ timezone: 'UTC', hours: { mon: '09:00-17:00' }, holidays: mondays });
  assert.throws(() => addBusinessMinutes(never, at('2026-01-01T00:00:00Z'), 60), /no working time within 3700 days/);
  assert.throws(() => addBusinessMinutes(us, -8.64e15, 60), CalendarError);
  assert.throws(() => addBusinessMinutes(us, Number.NaN, 60), CalendarError);
});

test('the compiled calendar offers the clock as methods too', () => {
  // Same as the worked example: Thu 15:00 EST + 4h → Fri 16:00Z; 120 minutes by Fri 12:00Z.
  assert.equal(iso(us.addBusinessMinutes(at('2026-11-19T20:00:00Z'), 240)), '2026-11-20T16:00:00Z');
  assert.equal(us.businessMinutesBetween(at('2026-11-19T20:00:00Z'), at('2026-11-20T12:00:00Z')), 120);
  assert.equal(us.businessMinutesBetween(at('2026-11-20T12:00:00Z'), at('2026-11-19T20:00:00Z')), 0);
});
