// compileCalendar keeps compiled calendars by definition text (their per-day caches stay warm
// across the editor's recompiles); an edited definition must get a new calendar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCalendar } from '../../server/src/core/eval/calendar.js';

const MON_9 = Date.parse('2026-11-23T14:00:00Z'); // Monday 09:00 in New York

test('the same calendar definition compiles to the same calendar; an edit of its hours or holidays does not', () => {
  const def = () => ({ timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' }, holidays: ['2026-11-26'] });
  const a = compileCalendar(def());
  assert.equal(compileCalendar(def()), a);
  assert.equal(a.addMinutes(MON_9, 60), MON_9 + 3_600_000);
  const later = compileCalendar({ ...def(), hours: { weekdays: '10:00-17:00' } });
  assert.notEqual(later, a);
  assert.equal(later.addMinutes(MON_9, 60), MON_9 + 2 * 3_600_000, 'opens at 10:00 now');
  const holiday = compileCalendar({ ...def(), holidays: ['2026-11-23'] });
  assert.equal(holiday.msBetween(MON_9, MON_9 + 3_600_000), 0, 'Monday is a holiday now');
  assert.equal(compileCalendar(def()).msBetween(MON_9, MON_9 + 3_600_000), 3_600_000);
});

test('a malformed calendar throws on every compile (errors are not cached)', () => {
  const bad = { timezone: 'America/New_York', hours: { weekdays: '17:00-09:00' } };
  assert.throws(() => compileCalendar(bad), /ends before it starts/);
  assert.throws(() => compileCalendar(bad), /ends before it starts/);
});
