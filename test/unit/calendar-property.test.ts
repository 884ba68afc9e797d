// Property tests of the business clock with seeded random starts and durations:
// 1. counting the working minutes between start and due gives back `within`;
// 2. due lies inside a working interval or exactly at its end;
// 3. against an independent brute force that asks luxon, minute by minute, whether the local
//    wall-clock time is working (weekday, shift, holiday), the count agrees;
// 4. period keys agree with luxon's local date, ISO week and quarter in several zones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { addBusinessMinutes, businessMinutesBetween, compileCalendar, periodKey } from '../../server/src/core/eval/calendar.js';
import type { CalendarDef } from '../../server/src/core/model.js';
import { rng } from '../../bench/prng.js';


// Shift edges avoid the repeated and skipped local hours of both zones, where "is 01:30
// working?" has two answers; the changes themselves still fall inside working time.
const CALENDARS: Record<string, CalendarDef> = {
  us: { timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' }, holidays: ['2026-11-26', '2026-12-25', '2026-07-03'] },
  emea: { timezone: 'Europe/Berlin', hours: { mon: '09:00-12:00, 13:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-15:00' }, holidays: ['2026-12-24', '2026-10-26'] },
  'ny-night': { timezone: 'America/New_York', hours: { everyday: '00:00-06:00', sat: '00:00-24:00' } },
  'berlin-night': { timezone: 'Europe/Berlin', hours: { everyday: '01:00-04:00, 22:00-24:00' }, holidays: ['2026-03-29'] },
  'all-day': { timezone: 'Asia/Kolkata', hours: { everyday: '00:00-24:00' } },
};

const DAY_KEY = ['', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Independent reference: is the minute starting at `ms` working, judged by local wall-clock time? */
function bruteWorking(def: CalendarDef, ms: number): boolean {
  const dt = DateTime.fromMillis(ms, { zone: def.timezone });
  if ((def.holidays ?? []).includes(dt.toISODate()!)) return false;
  const h = def.hours as Record<string, string>;
  const key = DAY_KEY[dt.weekday];
  const text = h[key] ?? (dt.weekday <= 5 ? h.weekdays : undefined) ?? h.everyday;
  if (!text) return false;
  const mod = dt.hour * 60 + dt.minute;
  return text.split(',').some((s) => {
    const [a, b] = s.trim().split('-').map((x) => { const [hh, mm] = x.split(':').map(Number); return hh * 60 + mm; });
    return a <= mod && mod < b;
  });
}

// Starts spread over 2026, which holds both daylight-saving changes of both zones.
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;

for (const [name, def] of Object.entries(CALENDARS)) {
  const cal = compileCalendar(def);

  test(`${name}: working minutes from start to due give back within; due is in or at the end of a working interval`, () => {
    const r = rng(0xc0ffee ^ name.length * 7919);
    for (let i = 0; i < 3000; i++) {
      const start = YEAR_START + Math.floor(r() * YEAR_MS); // millisecond precision on purpose
      const within = Math.floor(r() * 3000); // 0 … 50h
      const due = addBusinessMinutes(cal, start, within);
      assert.ok(due >= start, `seed case ${i}: due before start`);
      assert.equal(businessMinutesBetween(cal, start, due), within, `case ${i}: start ${new Date(start).toISOString()} within ${within}m`);
      // Inside or at the end of a working interval: the instant just before due is working.
      assert.ok(cal.isWorking(due - 1) || (within === 0 && cal.isWorking(due)), `case ${i}: due ${new Date(due).toISOString()} not at working time`);
      // And nothing earlier would do: one millisecond less of work is not yet `within`.
      if (within > 0) assert.ok(businessMinutesBetween(cal, start, due - 1) < within);
    }
  });

  test(`${name}: minute counts agree with a brute-force wall-clock reference`, () => {
    const r = rng(0xbeef + name.length);
    for (let i = 0; i < 40; i++) {
      const start = YEAR_START + Math.floor(r() * (YEAR_MS / 60_000)) * 60_000; // whole minutes
      const span = 60 * (1 + Math.floor(r() * 72)); // up to 3 days of calendar time
      let brute = 0;
      for (let m = 0; m < span; m++) if (bruteWorking(def, start + m * 60_000)) brute++;
      assert.equal(businessMinutesBetween(cal, start, start + span * 60_000), brute, `case ${i}: from ${new Date(start).toISOString()} for ${span}m`);
    }
  });
}

test('brute-force reference covers the daylight-saving days themselves', () => {
  // Every minute of the four change days, in both night calendars, matches the reference.
  const days = ['2026-03-08T00:00:00Z', '2026-11-01T00:00:00Z', '2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z'];
  for (const name of ['ny-night', 'berlin-night'] as const) {
    const def = CALENDARS[name];
    const cal = compileCalendar(def);
    for (const d of days) {
      const s = Date.parse(d);
      let brute = 0;
      for (let m = 0; m < 36 * 60; m++) if (bruteWorking(def, s + m * 60_000)) brute++;
      assert.equal(businessMinutesBetween(cal, s, s + 36 * 3_600_000), brute, `${name} from ${d}`);
    }
  }
});

test('period keys agree with luxon for random instants in several zones', () => {
  const r = rng(0x5eed);
  const zones = [undefined, 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Australia/Lord_Howe'];
  for (let i = 0; i < 5000; i++) {
    // Any instant of 2015–2034: zones from UTC-11 to UTC+14 and a half-hour DST zone.
    const ms = Date.parse('2015-01-01T00:00:00Z') + Math.floor(r() * 20 * YEAR_MS);
    const zone = zones[i % zones.length];
    const dt = DateTime.fromMillis(ms, { zone: zone ?? 'utc' });
    const want = {
      day: dt.toISODate(),
      week: `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`,
      month: dt.toFormat('yyyy-MM'),
      quarter: `${dt.year}-Q${dt.quarter}`,
    };
    for (const per of ['day', 'week', 'month', 'quarter'] as const) {
      assert.equal(periodKey(ms, per, zone), want[per], `${per} of ${new Date(ms).toISOString()} in ${zone ?? 'UTC'}`);
    }
  }
});
