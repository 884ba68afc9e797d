// Business calendars (SPEC §6): working hours per weekday in an IANA time zone, holidays, and
// the clock arithmetic the SLA engine needs. Every local-time → instant conversion goes
// through luxon (the platform's Intl zone data); no offset arithmetic is written here. The
// only date math done by hand is on civil dates (day numbers ↔ year/month/day), which has no
// time zone in it.
//
// Model: each local date of the calendar has a list of working intervals [open, close) as
// UTC instants, computed once per date with luxon and cached. The clock walks those
// intervals day by day, never minute by minute.
import { DateTime, IANAZone } from 'luxon';
import type { CalendarDef, WeekdayKey } from '../model.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Days a clock may scan without finding working time before the calendar is judged empty. */
const MAX_IDLE_DAYS = 3_700;
/**
 * Days a clock may scan in all: a due time more than about a century of calendar days away is
 * refused (a warning for the lead) rather than computed day by day for minutes on end.
 */
const MAX_SCAN_DAYS = 36_600;
/**
 * Cached days per zone / calendar before the cache starts afresh: about 110 years, so a clock
 * spanning decades is computed once (a few MB at most), yet memory stays bounded.
 */
const CACHE_LIMIT = 40_000;

export class CalendarError extends Error {
  /** Path inside the calendar definition, e.g. ['hours', 'mon'] or ['holidays', 2]. */
  readonly path: (string | number)[];
  constructor(message: string, path: (string | number)[] = []) {
    super(message);
    this.name = 'CalendarError';
    this.path = path;
  }
}

// ---- civil dates ----------------------------------------------------------------------------

/** A civil date as a day number: days since 1970-01-01 (no time zone involved). */
export type DayNumber = number;

export interface CivilDate { year: number; month: number; day: number; /** 1 = Monday … 7 = Sunday (ISO). */ weekday: number }

export function civilDate(day: DayNumber): CivilDate {
  const d = new Date(day * DAY_MS);
  if (Number.isNaN(d.getTime())) throw new CalendarError(`day ${day} is out of the range of dates`);
  const wd = d.getUTCDay();
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: wd === 0 ? 7 : wd };
}

/** `YYYY-MM-DD` → day number, or undefined when it is not a real date. */
export function parseLocalDate(s: string): DayNumber | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

// ---- time zones -----------------------------------------------------------------------------

export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.trim() !== '' && IANAZone.isValidZone(zone);
}

/**
 * The local dates of one time zone: where each date starts as an instant, and which date an
 * instant falls on. Shared by every calendar in that zone and by period keys.
 */
export class ZoneDays {
  private starts = new Map<DayNumber, number>();
  constructor(readonly zone: string) {}

  /** The first instant of a local date (local midnight, or the first existing time after it). */
  dayStart(day: DayNumber): number {
    let s = this.starts.get(day);
    if (s === undefined) {
      const c = civilDate(day);
      s = DateTime.fromObject({ year: c.year, month: c.month, day: c.day }, { zone: this.zone }).toMillis();
      // Outside luxon's range (beyond year ±275,000) there is no instant; never loop on NaN.
      if (!Number.isFinite(s)) throw new CalendarError(`the date ${c.year}-${c.month}-${c.day} is out of range`);
      if (this.starts.size >= CACHE_LIMIT) this.starts.clear();
      this.starts.set(day, s);
    }
    return s;
  }

  /** The local date an instant falls on. */
  dayOf(ms: number): DayNumber {
    if (!Number.isFinite(ms)) throw new CalendarError(`'${ms}' is not an instant`);
    // Zone offsets are within ±14 h, so the UTC date is at most a day away from the local one.
    let day = Math.floor(ms / DAY_MS);
    while (ms < this.dayStart(day)) day--;
    while (ms >= this.dayStart(day + 1)) day++;
    return day;
  }

  /** The instant of a local wall-clock time; luxon moves times in a spring-forward gap forward. */
  instant(day: DayNumber, minuteOfDay: number): number {
    if (minuteOfDay === 0) return this.dayStart(day);
    if (minuteOfDay >= 1440) return this.dayStart(day + 1);
    const c = civilDate(day);
    return DateTime.fromObject(
      { year: c.year, month: c.month, day: c.day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
      { zone: this.zone },
    ).toMillis();
  }
}

const zoneCache = new Map<string, ZoneDays>();
/** One ZoneDays per zone name for the life of the process (their caches are bounded). */
export function zoneDays(zone: string): ZoneDays {
  let z = zoneCache.get(zone);
  if (!z) {
    if (!isValidTimeZone(zone)) throw new CalendarError(`unknown time zone '${zone}'; use an IANA name such as Europe/Berlin`, ['timezone']);
    z = new ZoneDays(zone);
    zoneCache.set(zone, z);
  }
  return z;
}

// ---- working hours --------------------------------------------------------------------------

/** A shift as local minutes of the day, [start, end), end ≤ 1440. */
export interface Shift { start: number; end: number }

const TIME = /^(\d{1,2}):(\d{2})$/;

function parseTime(s: string, isEnd: boolean): number | undefined {
  const m = TIME.exec(s.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return undefined;
  if (h === 24 && min === 0 && isEnd) return 1440;
  if (h > 23) return undefined;
  return h * 60 + min;
}

/**
 * Parses `"09:00-12:00, 13:00-17:00"` (shifts separated by commas, `24:00` allowed as an end).
 * Shifts must not be empty, run backwards or overlap; they are returned sorted.
 */
export function parseHours(text: unknown): Shift[] {
  if (typeof text !== 'string') {
    throw new CalendarError(`working hours must be a string such as "09:00-17:00", not ${text === null ? 'null' : typeof text}`);
  }
  const shifts: Shift[] = [];
  for (const part of text.split(',')) {
    const p = part.trim();
    const dash = p.indexOf('-');
    const start = dash > 0 ? parseTime(p.slice(0, dash), false) : undefined;
    const end = dash > 0 ? parseTime(p.slice(dash + 1), true) : undefined;
    if (start === undefined || end === undefined) {
      throw new CalendarError(`'${p}' is not a shift; write HH:MM-HH:MM, e.g. "09:00-17:00" (24:00 may end a day)`);
    }
    if (end <= start) throw new CalendarError(`shift '${p}' ends before it starts; a shift cannot run past midnight, split it at 24:00`);
    shifts.push({ start, end });
  }
  shifts.sort((a, b) => a.start - b.start);
  for (let i = 1; i < shifts.length; i++) {
    if (shifts[i].start < shifts[i - 1].end) throw new CalendarError(`shifts in '${text}' overlap; list each working period once`);
  }
  return shifts;
}

const DAY_KEYS: WeekdayKey[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Shifts per ISO weekday (index 1 = Monday … 7 = Sunday). The most specific key wins:
 * a day key (`mon`) over `weekdays` (Monday–Friday) over `everyday`.
 */
export function weeklyShifts(hours: CalendarDef['hours']): Shift[][] {
  if (!hours || typeof hours !== 'object' || Array.isArray(hours)) {
    throw new CalendarError('`hours` must map weekday keys (mon..sun, weekdays, everyday) to shifts', ['hours']);
  }
  const parsed: Partial<Record<WeekdayKey, Shift[]>> = {};
  for (const [key, text] of Object.entries(hours)) {
    if (key !== 'weekdays' && key !== 'everyday' && !DAY_KEYS.includes(key as WeekdayKey)) {
      throw new CalendarError(`unknown weekday key '${key}'; use mon, tue, wed, thu, fri, sat, sun, weekdays or everyday`, ['hours', key]);
    }
    try {
      parsed[key as WeekdayKey] = parseHours(text);
    } catch (e) {
      if (e instanceof CalendarError) throw new CalendarError(e.message, ['hours', key]);
      throw e;
    }
  }
  const week: Shift[][] = [[]];
  DAY_KEYS.forEach((k, i) => {
    week[i + 1] = parsed[k] ?? (i < 5 ? parsed.weekdays : undefined) ?? parsed.everyday ?? [];
  });
  return week;
}

// ---- clocks ---------------------------------------------------------------------------------

/** How an SLA measures time: `add` gives the due instant, `between` the elapsed clock time. */
export interface Clock {
  /** The instant when `minutes` of clock time have elapsed since `startMs`. */
  addMinutes(startMs: number, minutes: number): number;
  /** Clock milliseconds in [aMs, bMs); 0 when bMs <= aMs. */
  msBetween(aMs: number, bMs: number): number;
}

/** `clock: calendar`: plain elapsed time. */
export const CALENDAR_CLOCK: Clock = {
  addMinutes: (startMs, minutes) => startMs + minutes * MINUTE_MS,
  msBetween: (a, b) => (b > a ? b - a : 0),
};

interface DayWork { /** Flat [open, close, open, close, …] instants. */ iv: number[] }

export class BusinessCalendar implements Clock {
  readonly zone: string;
  private readonly days: ZoneDays;
  private readonly week: Shift[][];
  private readonly holidays: Set<DayNumber>;
  private readonly work = new Map<DayNumber, DayWork>();

  constructor(def: CalendarDef) {
    if (!def || typeof def !== 'object') throw new CalendarError('a calendar needs `timezone` and `hours`');
    if (typeof def.timezone !== 'string') throw new CalendarError('a calendar needs a `timezone` (an IANA name such as America/New_York)', ['timezone']);
    this.days = zoneDays(def.timezone);
    this.zone = def.timezone;
    this.week = weeklyShifts(def.hours);
    if (this.week.every((s) => s.length === 0)) throw new CalendarError('the calendar has no working hours; an SLA clock would never run', ['hours']);
    this.holidays = new Set();
    const hol = def.holidays ?? [];
    if (!Array.isArray(hol)) throw new CalendarError('`holidays` must be a list of dates (YYYY-MM-DD)', ['holidays']);
    hol.forEach((h, i) => {
      const day = typeof h === 'string' ? parseLocalDate(h.trim()) : undefined;
      if (day === undefined) throw new CalendarError(`holiday '${String(h)}' is not a date; write YYYY-MM-DD`, ['holidays', i]);
      this.holidays.add(day);
    });
  }

  /** Working intervals of a local date as UTC instants (cached). */
  private dayWork(day: DayNumber): DayWork {
    let w = this.work.get(day);
    if (w) return w;
    const iv: number[] = [];
    if (!this.holidays.has(day)) {
      let prevEnd = -Infinity;
      for (const s of this.week[civilDate(day).weekday]) {
        // A shift edge in a spring-forward gap moves forward (luxon), which may shorten or
        // empty the shift that day; a fall-back repeat hour inside a shift counts twice.
        const open = Math.max(this.days.instant(day, s.start), prevEnd);
        const close = this.days.instant(day, s.end);
        if (close <= open) continue;
        if (open === prevEnd) iv[iv.length - 1] = close;
        else iv.push(open, close);
        prevEnd = close;
      }
    }
    w = { iv };
    if (this.work.size >= CACHE_LIMIT) this.work.clear();
    this.work.set(day, w);
    return w;
  }

  /**
   * The instant when `minutes` of working time have elapsed since `startMs`. A clock that
   * starts outside working hours (or exactly at a closing time) starts at the next opening;
   * the result may be exactly a closing time.
   */
  addMinutes(startMs: number, minutes: number): number {
    let remaining = Math.max(0, minutes) * MINUTE_MS;
    let t = startMs;
    let day = this.days.dayOf(startMs);
    const lastDay = day + MAX_SCAN_DAYS;
    for (let idle = 0; idle <= MAX_IDLE_DAYS; day++) {
      if (day > lastDay) throw new CalendarError(`${minutes} minutes of working time end more than ${MAX_SCAN_DAYS} days after ${new Date(startMs).toISOString()}; shorten the duration`);
      const iv = this.dayWork(day).iv;
      if (iv.length === 0) { idle++; continue; }
      idle = 0;
      for (let i = 0; i < iv.length; i += 2) {
        const close = iv[i + 1];
        if (close <= t) continue;
        const from = iv[i] > t ? iv[i] : t;
        const avail = close - from;
        if (remaining <= avail) return from + remaining;
        remaining -= avail;
        t = close;
      }
    }
    throw new CalendarError(`no working time within ${MAX_IDLE_DAYS} days of ${new Date(startMs).toISOString()}; check the calendar's hours and holidays`);
  }

  /** Working milliseconds in [aMs, bMs). */
  msBetween(aMs: number, bMs: number): number {
    if (!(bMs > aMs)) return 0;
    let total = 0;
    const last = this.days.dayOf(bMs);
    if (last - this.days.dayOf(aMs) > MAX_SCAN_DAYS) throw new CalendarError(`${new Date(aMs).toISOString()} and ${new Date(bMs).toISOString()} are more than ${MAX_SCAN_DAYS} days apart; check the dates`);
    for (let day = this.days.dayOf(aMs); day <= last; day++) {
      const iv = this.dayWork(day).iv;
      for (let i = 0; i < iv.length; i += 2) {
        const from = iv[i] > aMs ? iv[i] : aMs;
        const to = iv[i + 1] < bMs ? iv[i + 1] : bMs;
        if (to > from) total += to - from;
      }
    }
    return total;
  }

  /** The due instant `minutes` business minutes after `startMs` (same as addMinutes). */
  addBusinessMinutes(startMs: number, minutes: number): number {
    return this.addMinutes(startMs, minutes);
  }

  /** Business minutes in [aMs, bMs) (0 when bMs ≤ aMs), not rounded. */
  businessMinutesBetween(aMs: number, bMs: number): number {
    return this.msBetween(aMs, bMs) / MINUTE_MS;
  }

  /** True when the instant is inside a working interval (an opening counts, a closing does not). */
  isWorking(ms: number): boolean {
    const iv = this.dayWork(this.days.dayOf(ms)).iv;
    for (let i = 0; i < iv.length; i += 2) if (iv[i] <= ms && ms < iv[i + 1]) return true;
    return false;
  }

  /**
   * Flat [open, close, open, close, …] working intervals of the local dates `fromDay`..`toDay`
   * (inclusive), in order: what the SQL compiler emits as a table so that the clock arithmetic
   * in SQL walks exactly the intervals this calendar walks.
   */
  intervalsOfDays(fromDay: DayNumber, toDay: DayNumber): number[] {
    const out: number[] = [];
    for (let day = fromDay; day <= toDay; day++) {
      const iv = this.dayWork(day).iv;
      for (let i = 0; i < iv.length; i++) out.push(iv[i]);
    }
    return out;
  }

  /** The local date an instant falls on in this calendar's zone. */
  dayOf(ms: number): DayNumber {
    return this.days.dayOf(ms);
  }

  /** The working intervals [open, close) of the local date that `ms` falls on. */
  intervalsOn(ms: number): [number, number][] {
    const iv = this.dayWork(this.days.dayOf(ms)).iv;
    const out: [number, number][] = [];
    for (let i = 0; i < iv.length; i += 2) out.push([iv[i], iv[i + 1]]);
    return out;
  }
}

const compiled = new Map<string, BusinessCalendar>();
const COMPILED_LIMIT = 64;

/**
 * Compiles a calendar; throws CalendarError (with a path into the definition) when it is malformed.
 * A calendar is immutable but for its cache of working intervals per day, which is what an SLA
 * clock spends its time filling (time-zone arithmetic): so the same definition, recompiled on
 * every edit in the editor, gets the same calendar back, its cache warm. Keyed by the
 * definition's JSON text (a calendar holds only strings and lists of them; anything else is an error).
 */
export function compileCalendar(def: CalendarDef): BusinessCalendar {
  const key = JSON.stringify(def);
  let cal = key === undefined ? undefined : compiled.get(key);
  if (!cal) {
    cal = new BusinessCalendar(def);
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    if (key !== undefined) compiled.set(key, cal);
  }
  return cal;
}

/** The instant `minutes` business minutes after `startMs` in `cal`. */
export function addBusinessMinutes(cal: BusinessCalendar, startMs: number, minutes: number): number {
  return cal.addBusinessMinutes(startMs, minutes);
}

/** Business minutes between two instants (0 when b ≤ a). */
export function businessMinutesBetween(cal: BusinessCalendar, aMs: number, bMs: number): number {
  return cal.businessMinutesBetween(aMs, bMs);
}

// ---- periods --------------------------------------------------------------------------------

export type Period = 'day' | 'week' | 'month' | 'quarter';
export const PERIODS: Period[] = ['day', 'week', 'month', 'quarter'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const weekKeys = new Map<DayNumber, string>();

function isoWeekKey(day: DayNumber): string {
  let k = weekKeys.get(day);
  if (k === undefined) {
    const c = civilDate(day);
    const dt = DateTime.fromObject({ year: c.year, month: c.month, day: c.day }, { zone: 'utc' });
    k = `${dt.weekYear}-W${pad(dt.weekNumber)}`;
    if (weekKeys.size >= CACHE_LIMIT) weekKeys.clear();
    weekKeys.set(day, k);
  }
  return k;
}

/** Period keys by civil day, per period kind (a volume summary asks for one per lead). */
const periodKeys: Record<Period, Map<DayNumber, string>> = { day: new Map(), week: new Map(), month: new Map(), quarter: new Map() };

/** The key of the period an instant falls in, with periods cut in `zone` (default UTC). */
export function periodKey(ms: number, per: Period, zone?: string): string {
  const day = zone ? zoneDays(zone).dayOf(ms) : Math.floor(ms / DAY_MS);
  const keys = periodKeys[per];
  let k = keys?.get(day);
  if (k === undefined) {
    k = dayPeriodKey(day, per);
    if (keys) {
      if (keys.size >= CACHE_LIMIT) keys.clear();
      keys.set(day, k);
    }
  }
  return k;
}

/** True when `ms` falls on the first local day of its period (the period's start is covered). */
export function onFirstDayOfPeriod(ms: number, per: Period, zone?: string): boolean {
  const day = zone ? zoneDays(zone).dayOf(ms) : Math.floor(ms / DAY_MS);
  return dayPeriodKey(day - 1, per) !== dayPeriodKey(day, per);
}

function dayPeriodKey(day: DayNumber, per: Period): string {
  if (per === 'week') return isoWeekKey(day);
  const c = civilDate(day);
  switch (per) {
    case 'day': return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
    case 'month': return `${pad(c.year, 4)}-${pad(c.month)}`;
    case 'quarter': return `${pad(c.year, 4)}-Q${Math.ceil(c.month / 3)}`;
  }
  throw new CalendarError(`unknown period '${String(per)}'; use day, week, month or quarter`);
}
