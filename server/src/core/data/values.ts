// Parsing and normalising single values the way SPEC §2–§3 define them: shared by the lead
// loader (data cells) and the condition compiler (operands written in YAML).

/** Strings and enums compare case-insensitively after trimming white space (SPEC §3). */
export function norm(v: unknown): string {
  // Also the hot path of conditions over data values. No cache: trim() and toLowerCase() return
  // the string itself when there is nothing to change, which beat a Map lookup per comparison
  // (bench/simulate.bench.ts, scoring alone: about 10% less CPU).
  return (typeof v === 'string' ? v : String(v)).trim().toLowerCase();
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0x1680 || c === 0x202f || c === 0x205f;

/** A missing or empty value: absent, null, blank string, empty list, NaN. */
export function isMissing(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.length === 0 || (isSpace(v.charCodeAt(0)) && v.trim() === '');
  if (typeof v === 'number') return Number.isNaN(v);
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number written as text or a JSON number; undefined when it is not one. */
export function parseNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!NUMBER_RE.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function parseInteger(v: unknown): number | undefined {
  const n = parseNumber(v);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

export function parseBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v !== 'string') return undefined;
  switch (v.trim().toLowerCase()) {
    case 'true': case 'yes': case 'y': case '1': return true;
    case 'false': case 'no': case 'n': case '0': return false;
    default: return undefined;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
const isDigits = (s: string, from: number, to: number) => { for (let i = from; i < to; i++) { const c = s.charCodeAt(i); if (c < 48 || c > 57) return false; } return true; };

/**
 * `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` (1–9 fraction digits): the usual forms in
 * event logs, without a regex; undefined otherwise (the general parser then decides). Same
 * result as the general parser: the fraction counts to the millisecond, further digits dropped.
 */
function fastUtc(s: string): number | undefined {
  const len = s.length;
  if (len < 20 || len > 30 || len === 21 || s.charCodeAt(len - 1) !== 90 /* Z */ || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84
    || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || !isDigits(s, 0, 4) || !isDigits(s, 5, 7) || !isDigits(s, 8, 10)
    || !isDigits(s, 11, 13) || !isDigits(s, 14, 16) || !isDigits(s, 17, 19)) return undefined;
  let ms = 0;
  if (len > 20) {
    if (s.charCodeAt(19) !== 46 /* . */ || !isDigits(s, 20, len - 1)) return undefined;
    for (let i = 20; i < 23; i++) ms = ms * 10 + (i < len - 1 ? s.charCodeAt(i) - 48 : 0);
  }
  const y = d2(s, 0) * 100 + d2(s, 2), mo = d2(s, 5), d = d2(s, 8), hh = d2(s, 11), mi = d2(s, 14), ss = d2(s, 17);
  if (!validYmd(y, mo, d) || hh > 23 || mi > 59 || ss > 59) return undefined;
  return utcMs(y, mo, d, hh, mi, ss) + ms;
}

/**
 * Date.UTC(y, mo - 1, d, hh, mi, ss) for a 4-digit year, a day validYmd accepts and a time of day,
 * in integer arithmetic (days from the civil date, H. Hinnant's algorithm): the same number,
 * without the builtin's call — it was over half of reading an event's time in place at 10M
 * events. Date.UTC reads a year 0–99 as 1900–1999, and so does this (a `0000-02-29` then lands on
 * 1900-03-01, as there). test/unit/csv-lead-bytes.test.ts holds it to Date.UTC.
 */
function utcMs(y: number, mo: number, d: number, hh: number, mi: number, ss: number): number {
  if (y < 100) y += 1900;
  const yy = mo <= 2 ? y - 1 : y; // >= 99: no negative eras
  const era = (yy / 400) | 0, yoe = yy - era * 400;
  const doy = (((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) | 0) + d - 1;
  const days = era * 146097 + yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy - 719468;
  return ((days * 24 + hh) * 60 + mi) * 60000 + ss * 1000;
}

/**
 * fastUtc of the ASCII text in bytes[a, b) (a JSON Lines reader's `at` value, read in place): the
 * same shapes, the same result, undefined for anything else (the caller then makes the string).
 */
export function fastUtcBytes(s: Uint8Array, a: number, b: number): number | undefined {
  const len = b - a;
  if (len < 20 || len > 30 || len === 21 || s[b - 1] !== 90 /* Z */ || s[a + 4] !== 45 || s[a + 7] !== 45 || s[a + 10] !== 84
    || s[a + 13] !== 58 || s[a + 16] !== 58 || !digitsAt(s, a, a + 4) || !digitsAt(s, a + 5, a + 7) || !digitsAt(s, a + 8, a + 10)
    || !digitsAt(s, a + 11, a + 13) || !digitsAt(s, a + 14, a + 16) || !digitsAt(s, a + 17, a + 19)) return undefined;
  let ms = 0;
  if (len > 20) {
    if (s[a + 19] !== 46 /* . */ || !digitsAt(s, a + 20, b - 1)) return undefined;
    for (let i = 20; i < 23; i++) ms = ms * 10 + (i < len - 1 ? s[a + i] - 48 : 0);
  }
  const y = b2(s, a) * 100 + b2(s, a + 2), mo = b2(s, a + 5), d = b2(s, a + 8), hh = b2(s, a + 11), mi = b2(s, a + 14), ss = b2(s, a + 17);
  if (!validYmd(y, mo, d) || hh > 23 || mi > 59 || ss > 59) return undefined;
  return utcMs(y, mo, d, hh, mi, ss) + ms;
}
const b2 = (s: Uint8Array, i: number) => (s[i] - 48) * 10 + (s[i + 1] - 48);
const digitsAt = (s: Uint8Array, from: number, to: number) => { for (let i = from; i < to; i++) if (s[i] < 48 || s[i] > 57) return false; return true; };

/** `YYYY-MM-DD` → its UTC midnight in epoch ms. */
export function parseDate(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE_RE.exec(v.trim());
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (!validYmd(y, mo, d)) return undefined;
  return Date.UTC(y, mo - 1, d);
}

/**
 * ISO 8601 date-time → epoch ms. Without an offset it is UTC (SPEC §2); a bare date is its UTC
 * midnight. Seconds and fractions are optional; `T` or a space separates date and time.
 */
/**
 * True when a date-time text names its offset (`Z`, `+01:00`, `-0500`, `+02`) after a time of day.
 * The same pattern runs in DuckDB (io/duckdb.ts), so both engines warn about the same value.
 */
export const HAS_OFFSET_RE = '[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?\\s*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$';
const HAS_OFFSET = new RegExp(HAS_OFFSET_RE);
/** A time of day (not a bare date, which names a day, not a local time). */
export const HAS_TIME_RE = '[Tt ][0-9]{2}:[0-9]{2}';
const HAS_TIME = new RegExp(HAS_TIME_RE);
/** True for a local time without an offset (`2026-11-02 09:30`): read as UTC, worth a warning. */
export function lacksOffset(text: string): boolean { const t = text.trim(); return HAS_TIME.test(t) && !HAS_OFFSET.test(t); }

export function parseDatetime(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v !== 'string') return undefined;
  const fast = fastUtc(v);
  if (fast !== undefined) return fast;
  const m = DATETIME_RE.exec(v.trim());
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (!validYmd(y, mo, d)) return undefined;
  const hh = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, ss = m[6] ? +m[6] : 0;
  if (hh > 24 || mi > 59 || ss > 60 || (hh === 24 && (mi > 0 || ss > 0))) return undefined;
  const frac = m[7] ? Number(('0.' + m[7]).slice(0, 5)) * 1000 : 0;
  let ms = Date.UTC(y, mo - 1, d, hh, mi, ss) + Math.round(frac);
  const tz = m[8];
  if (tz && tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2), om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return undefined;
    ms -= sign * (oh * 60 + om) * 60000;
  }
  return ms;
}

/**
 * Rounds half away from zero to 2 decimals as decimal arithmetic would (SPEC §5.4): the value is
 * first brought to its short decimal form (15 significant digits, which drops binary noise such
 * as 5.00499999999999989… for 5.005), then rounded on its decimal digits.
 */
export function round2(x: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  if (ax < 1e9) {
    // Fast path: away from a tie (…5 in the third decimal) every rounding of the value agrees,
    // so plain binary rounding gives the decimal answer. The margin covers the difference
    // between the double and its 15-digit form.
    const y = ax * 100;
    const fl = Math.floor(y);
    const f = y - fl;
    let up: boolean;
    if (Math.abs(f - 0.5) > 1e-9 + y * 1e-14) up = f >= 0.5;
    else {
      // Near a tie (a weighted total such as 0.5 · 45.37 lands here half the time): the 15-digit
      // form rounds up when it is at least the tie fl/100 + 0.005. Compared as doubles, without
      // the general path's strings: both have at most 15 significant digits, so they are equal
      // exactly when their nearest doubles are (DBL_DIG = 15), and rounding keeps their order.
      // x itself the tie's nearest double (0.5 · 45.37 is): its 15-digit form is the tie.
      const tie = (2 * fl + 1) / 200;
      up = ax === tie || Math.abs(Number(x.toPrecision(15))) >= tie;
    }
    const r = (up ? fl + 1 : fl) / 100;
    return x < 0 ? (r === 0 ? 0 : -r) : r;
  }
  return round2Decimal(x);
}

/**
 * round2 on the decimal digits alone, for any value: the general path (round2 takes it beyond
 * 1e9, and its fast paths are tested against it on random values, test/unit/engine-scoring.test.ts).
 */
export function round2Decimal(x: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return x;
  const y = Number(x.toPrecision(15));
  const neg = y < 0;
  const a = Math.abs(y);
  if (a < 0.005) return 0;
  if (a >= 1e15) return y;
  const s = String(a); // fixed notation for 1e-6 <= a < 1e21
  const dot = s.indexOf('.');
  if (dot < 0 || s.length - dot - 1 <= 2) return y;
  const intPart = s.slice(0, dot);
  const frac = s.slice(dot + 1);
  let cents = Number(intPart) * 100 + Number((frac + '00').slice(0, 2));
  if (frac.charCodeAt(2) >= 53 /* '5' */) cents += 1;
  const r = cents / 100;
  return neg ? -r : r;
}
