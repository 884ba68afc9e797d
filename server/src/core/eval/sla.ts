// SLA commitments (SPEC §6): response clocks per lead and volume counts per period.
// A definition is compiled once (calendars, conditions, durations); leads are then evaluated
// with plain closures. Problems in a definition (a malformed calendar, an unknown calendar
// name, a day duration under a business clock) never throw: the commitment is left out and
// the problem is listed in `problems`, so the editor and the CLI can report it.
import {
  CALENDAR_CLOCK, CalendarError, PERIODS, compileCalendar, isValidTimeZone, periodKey, onFirstDayOfPeriod,
  type BusinessCalendar, type Clock, type Period,
} from './calendar.js';
import {
  isVolume, parseDuration,
  type CalendarDef, type CalendarRef, type Condition, type Escalation, type FieldType, type ResponseCommitment, type SlaDef,
  type VolumeCommitment,
} from '../model.js';
import { isoUtc, type DataWarning, type Lead, type ScoreResult, type SlaLeadResult, type SlaSummary, type VolumeInfo } from '../results.js';

/** A compiled condition; `asOfMs` is passed so event conditions can place their windows. */
export type Predicate = (lead: Lead, scores: Record<string, ScoreResult>, asOfMs?: number) => boolean;

export interface SlaEnv {
  compileCondition(cond: Condition, scoring?: string): Predicate;
  /**
   * Optional: the catalog type of a field. A volume `date` of type `date` is a calendar date
   * (stored as its UTC midnight), so it keeps its own day in any zone instead of being shifted.
   */
  fieldType?(field: string): FieldType | undefined;
}

export interface SlaProblem {
  /** `<sla-id>/<commitment-id>` when the problem belongs to a commitment. */
  commitment?: string;
  /** Path inside the SLA definition, e.g. ['calendars', 'us', 'timezone']. */
  path: (string | number)[];
  message: string;
}

export interface SlaRow {
  lead: Lead;
  scores: Record<string, ScoreResult>;
  sla: Record<string, SlaLeadResult>;
}

/** Per commitment (in `keys` order): response statuses counted, or a volume's counts per period and earliest date. */
export type SlaPartial = ({ met: number; breached: number; open: number } | { counts: Map<string, number>; earliest: number })[];

export interface CompiledSla {
  id: string;
  /** Keys of the commitments that compiled, in definition order. */
  keys: string[];
  problems: SlaProblem[];
  /** Response commitments that apply to the lead, keyed `<sla-id>/<commitment-id>`. */
  evaluateLead(lead: Lead, scores: Record<string, ScoreResult>, asOfMs: number, warn?: (w: DataWarning) => void, memo?: ClockMemo): Record<string, SlaLeadResult>;
  /** The time zone a response commitment's clock runs in for this lead (undefined: UTC / calendar time). */
  zoneFor(key: string, lead: Lead): string | undefined;
  /** Per commitment: met / breached / open / attainment, or the periods of a volume commitment. */
  summarize(rows: SlaRow[], asOfMs: number): Record<string, SlaSummary>;
  /** The summary and, beside it, each volume commitment's target and partial periods (an extension). */
  summarizeAll(rows: SlaRow[], asOfMs: number): { sla: Record<string, SlaSummary>; volume: Record<string, VolumeInfo> };
  /**
   * The counts behind summarizeAll over some of the leads (a worker's partition), per key in
   * `keys` order; summarizeFrom merges the partials of every partition into the summary.
   */
  accumulate(rows: SlaRow[], asOfMs: number, into?: SlaPartial): SlaPartial;
  summarizeFrom(parts: readonly SlaPartial[], asOfMs: number): { sla: Record<string, SlaSummary>; volume: Record<string, VolumeInfo> };
  /** The lead field whose date puts a lead in a volume commitment's period (undefined: not a volume key). */
  volumeDate(key: string): string | undefined;
  /**
   * A volume commitment's target and partial periods from its period keys and the earliest
   * instant of its date field over every lead (an extension, docs/sla.md). One definition for
   * the in-process summary and the DuckDB engine, which reads the earliest instant in SQL.
   */
  volumeInfo(key: string, periods: Iterable<string>, earliestMs: number, asOfMs: number): VolumeInfo | undefined;
}

const MINUTE_MS = 60_000;
const ALWAYS: Predicate = () => true;

/** Rounds exact clock milliseconds to minutes with 2 decimals (half up; elapsed is never negative). */
export function roundMinutes(ms: number): number {
  return Math.round(ms / 600) / 100;
}

/** A fraction rounded to 4 decimals, like the summary's `mql_rate`. */
const ratio = (n: number, d: number) => Math.round((n / d) * 10_000) / 10_000;

/** A lead's datetime value (epoch ms) or undefined when it is missing or not a datetime. */
function instantOf(lead: Lead, field: string): number | undefined {
  const v = lead.values[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const norm = (v: unknown) => String(v).trim().toLowerCase();

// ---- compiling ------------------------------------------------------------------------------

/**
 * What a response commitment's clock gives a lead, whether or not the commitment applies to it:
 * the lead's result, null (no start instant), or the warning the lead is skipped with. It reads
 * the lead, the SLA's definition, the catalog and as_of — never the scores — so when a model edit
 * makes an SLA be evaluated again, its clocks can come from the last run and only `applies` (which
 * reads the scores) is tested again (SimulationCache). Results are shared, never mutated.
 */
export type ClockOutcome = SlaLeadResult | { skipped: DataWarning } | null;
/** Clock outcomes by response commitment (definition order) and lead index, kept by the caller. */
export interface ClockMemo { byResponse: ClockOutcome[][]; lead: number }

interface CompiledResponse {
  key: string;
  applies: Predicate;
  start: string;
  stop?: string;
  withinMin: number;
  /** The clock for a lead, or a reason it has none (a `by` value with no match and no default). */
  clockFor(lead: Lead): Clock | string;
  steps: { afterMs: number; step: Escalation }[];
}

interface CompiledVolume {
  key: string;
  counts: Predicate;
  date: string;
  per: Period;
  zone?: string;
  target: (n: number) => boolean;
  /** The target as written (reported with the periods). */
  targetSpec: unknown;
}

class Compiler {
  readonly problems: SlaProblem[] = [];
  private calendars = new Map<string, BusinessCalendar | null>();
  constructor(private readonly def: SlaDef, private readonly env: SlaEnv) {}

  problem(commitment: string | undefined, path: (string | number)[], message: string): void {
    this.problems.push({ commitment, path, message });
  }

  /** A named calendar, compiled once; null (with a problem listed once) when it is malformed. */
  calendar(name: string): BusinessCalendar | null | undefined {
    const defs = this.def.calendars ?? {};
    if (!Object.prototype.hasOwnProperty.call(defs, name)) return undefined;
    if (!this.calendars.has(name)) {
      try {
        this.calendars.set(name, compileCalendar(defs[name] as CalendarDef));
      } catch (e) {
        if (!(e instanceof CalendarError)) throw e;
        this.problem(undefined, ['calendars', name, ...e.path], `calendar '${name}': ${e.message}`);
        this.calendars.set(name, null);
      }
    }
    return this.calendars.get(name);
  }

  /** Resolves a calendar name for a commitment; undefined when unknown or malformed (problem listed). */
  namedCalendar(key: string, path: (string | number)[], name: unknown): BusinessCalendar | undefined {
    if (typeof name !== 'string') { this.problem(key, path, 'a calendar reference must be a calendar name'); return undefined; }
    const cal = this.calendar(name);
    if (cal === undefined) {
      const known = Object.keys(this.def.calendars ?? {});
      this.problem(key, path, `unknown calendar '${name}'${known.length ? `; this SLA defines ${known.join(', ')}` : '; this SLA defines no calendars'}`);
    } else if (cal === null) {
      // Say which commitment is lost, not only which calendar is broken.
      this.problem(key, path, `calendar '${name}' has errors, so this commitment cannot be evaluated until they are fixed`);
    }
    return cal ?? undefined;
  }

  condition(key: string, path: (string | number)[], cond: unknown, scoring: string | undefined): Predicate | undefined {
    if (cond === undefined || cond === null) return ALWAYS;
    if (typeof cond !== 'object' || Array.isArray(cond)) { this.problem(key, path, 'a condition must be a mapping'); return undefined; }
    try {
      return this.env.compileCondition(cond as Condition, scoring);
    } catch (e) {
      this.problem(key, path, e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }

  response(c: ResponseCommitment, i: number, key: string): CompiledResponse | undefined {
    const at = (...p: (string | number)[]) => ['commitments', i, ...p];
    const hasCalendars = Object.keys(this.def.calendars ?? {}).length > 0;
    const clock = c.clock ?? (hasCalendars ? 'business' : 'calendar');
    let ok = true;
    if (clock !== 'business' && clock !== 'calendar') { this.problem(key, at('clock'), `clock must be business or calendar, not '${String(clock)}'`); ok = false; }
    const applies = this.condition(key, at('applies_to'), c.applies_to, c.scoring);
    if (!applies) ok = false;
    if (typeof c.start !== 'string') { this.problem(key, at('start'), '`start` must name the datetime field that starts the clock'); ok = false; }
    if (c.stop !== undefined && typeof c.stop !== 'string') { this.problem(key, at('stop'), '`stop` must name a datetime field'); ok = false; }
    const withinMin = this.duration(key, at('within'), c.within, clock === 'business', 'within');
    if (withinMin === undefined) ok = false;
    const steps: CompiledResponse['steps'] = [];
    (Array.isArray(c.escalate) ? c.escalate : []).forEach((step, j) => {
      const after = this.duration(key, at('escalate', j, 'after'), step?.after, clock === 'business', 'after');
      if (after === undefined) ok = false;
      else steps.push({ afterMs: after * MINUTE_MS, step });
    });
    if (c.escalate !== undefined && !Array.isArray(c.escalate)) { this.problem(key, at('escalate'), '`escalate` must be a list of steps'); ok = false; }

    let clockFor: CompiledResponse['clockFor'] = () => CALENDAR_CLOCK;
    if (clock === 'business') {
      const picked = this.businessClock(key, at('calendar'), c.calendar);
      if (!picked) ok = false;
      else clockFor = picked;
    }
    if (!ok) return undefined;
    return { key, applies: applies!, start: c.start, stop: c.stop, withinMin: withinMin!, clockFor, steps };
  }

  /** A duration in minutes; under a business clock only m and h are allowed (SPEC §6). */
  duration(key: string, path: (string | number)[], text: unknown, business: boolean, what: string): number | undefined {
    const min = parseDuration(text);
    if (min === undefined) { this.problem(key, path, `\`${what}\` must be a duration such as 90m or 4h, not '${String(text)}'`); return undefined; }
    if (business && /[dw]$/.test(String(text).trim())) {
      this.problem(key, path, `\`${what}: ${String(text).trim()}\` uses days or weeks, which a business clock does not allow; write it in hours (e.g. 8h per working day) or use clock: calendar`);
      return undefined;
    }
    return min;
  }

  businessClock(key: string, path: (string | number)[], ref: CalendarRef | undefined): CompiledResponse['clockFor'] | undefined {
    const names = Object.keys(this.def.calendars ?? {});
    if (ref === undefined) {
      // With a single calendar there is nothing to choose; with several the choice must be written.
      if (names.length === 1) { const cal = this.namedCalendar(key, path, names[0]); return cal && (() => cal); }
      this.problem(key, path, names.length === 0
        ? 'a business clock needs a calendar; add `calendars:` to this SLA or use clock: calendar'
        : `this SLA defines several calendars (${names.join(', ')}); name one with \`calendar:\``);
      return undefined;
    }
    if (typeof ref === 'string') { const cal = this.namedCalendar(key, path, ref); return cal && (() => cal); }
    if (typeof ref !== 'object' || ref === null || typeof ref.by !== 'string') {
      this.problem(key, path, '`calendar` must be a calendar name or { by: field, map: { value: calendar }, default: calendar }');
      return undefined;
    }
    let ok = true;
    const byValue = new Map<string, BusinessCalendar>();
    for (const [value, name] of Object.entries(ref.map ?? {})) {
      const cal = this.namedCalendar(key, [...path, 'map', value], name);
      if (cal) byValue.set(norm(value), cal); else ok = false;
    }
    let fallback: BusinessCalendar | undefined;
    if (ref.default !== undefined) {
      fallback = this.namedCalendar(key, [...path, 'default'], ref.default);
      if (!fallback) ok = false;
    }
    if (!ok) return undefined;
    const by = ref.by;
    return (lead) => {
      const v = lead.values[by];
      const cal = (v === undefined || v === null ? undefined : byValue.get(norm(v))) ?? fallback;
      return cal ?? (v === undefined || v === null || norm(v) === ''
        ? `'${by}' is missing and the calendar has no default`
        : `'${by}' is '${String(v)}', which the calendar map does not list, and there is no default`);
    };
  }

  volume(c: VolumeCommitment, i: number, key: string): CompiledVolume | undefined {
    const at = (...p: (string | number)[]) => ['commitments', i, ...p];
    let ok = true;
    const counts = this.condition(key, at('count'), c.count, c.scoring);
    if (!counts) ok = false;
    if (typeof c.date !== 'string') { this.problem(key, at('date'), '`date` must name the date or datetime field that places a lead in a period'); ok = false; }
    if (!PERIODS.includes(c.per)) { this.problem(key, at('per'), `\`per\` must be day, week, month or quarter, not '${String(c.per)}'`); ok = false; }
    const target = compileTarget(c.target);
    if (typeof target === 'string') { this.problem(key, at('target'), target); ok = false; }
    const zone = this.volumeZone(key, at('calendar'), c.calendar);
    if (zone === null) ok = false;
    if (!ok) return undefined;
    const plainDate = this.env.fieldType?.(c.date) === 'date';
    return { key, counts: counts!, date: c.date, per: c.per, zone: plainDate ? undefined : zone ?? undefined, target: target as (n: number) => boolean, targetSpec: c.target };
  }

  /**
   * The zone that cuts a volume commitment's periods: its calendar's zone when it names one
   * (for `{ by: … }`, the `default` calendar's zone, since periods cannot differ per lead),
   * else UTC (undefined). null when the named calendar is unusable.
   */
  volumeZone(key: string, path: (string | number)[], ref: CalendarRef | undefined): string | undefined | null {
    if (ref === undefined) return undefined;
    const name = typeof ref === 'string' ? ref : ref && typeof ref === 'object' ? ref.default : undefined;
    if (name === undefined) return undefined;
    const p = typeof ref === 'string' ? path : [...path, 'default'];
    if (typeof name !== 'string') { this.problem(key, p, 'a calendar reference must be a calendar name'); return null; }
    const defs = this.def.calendars ?? {};
    if (!Object.prototype.hasOwnProperty.call(defs, name)) { this.namedCalendar(key, p, name); return null; }
    // Only the zone matters here, so a calendar with (say) malformed hours still cuts periods.
    const tz = (defs[name] as CalendarDef | undefined)?.timezone;
    if (typeof tz !== 'string' || !isValidTimeZone(tz)) {
      this.calendar(name); // lists the calendar's own problem once
      this.problem(key, p, `calendar '${name}' has no valid time zone, so this commitment's periods cannot be cut`);
      return null;
    }
    return tz;
  }
}

const TARGET_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'not_in'] as const;

/**
 * A volume target with the condition operators over the period's count: a mapping of
 * operators (all must hold), a number (eq) or a list (in). Returns an error message when malformed.
 */
export function compileTarget(t: unknown): ((n: number) => boolean) | string {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
  if (num(t) !== undefined) { const x = num(t)!; return (n) => n === x; }
  if (Array.isArray(t)) t = { in: t };
  if (!t || typeof t !== 'object') return '`target` must compare the count, e.g. { gte: 400 }';
  const tests: ((n: number) => boolean)[] = [];
  for (const [op, v] of Object.entries(t as Record<string, unknown>)) {
    if (!(TARGET_OPS as readonly string[]).includes(op)) return `'${op}' cannot compare a count; use ${TARGET_OPS.join(', ')}`;
    if (op === 'between' || op === 'in' || op === 'not_in') {
      const list = Array.isArray(v) ? v.map(num) : [];
      if (!Array.isArray(v) || list.some((x) => x === undefined) || (op === 'between' && list.length !== 2)) {
        return op === 'between' ? '`between` needs two numbers, [lo, hi]' : `\`${op}\` needs a list of numbers`;
      }
      const xs = list as number[];
      if (op === 'between') tests.push((n) => xs[0] <= n && n <= xs[1]);
      else if (op === 'in') tests.push((n) => xs.includes(n));
      else tests.push((n) => !xs.includes(n));
      continue;
    }
    const x = num(v);
    if (x === undefined) return `\`${op}\` needs a number, not '${String(v)}'`;
    tests.push({ eq: (n: number) => n === x, ne: (n: number) => n !== x, gt: (n: number) => n > x, gte: (n: number) => n >= x,
      lt: (n: number) => n < x, lte: (n: number) => n <= x }[op as 'eq']);
  }
  if (tests.length === 0) return '`target` must compare the count, e.g. { gte: 400 }';
  return (n) => tests.every((f) => f(n));
}

// ---- evaluation -----------------------------------------------------------------------------

function clockOutcome(r: CompiledResponse, lead: Lead, asOfMs: number): ClockOutcome {
  const start = instantOf(lead, r.start);
  if (start === undefined) return null;
  const clock = r.clockFor(lead);
  if (typeof clock === 'string') {
    return { skipped: { file: lead.source?.file, row: lead.source?.row, lead: lead.id, message: `SLA ${r.key} skipped for this lead: ${clock}` } };
  }
  const stop = r.stop === undefined ? undefined : instantOf(lead, r.stop);
  let due: number, elapsedMs: number;
  try {
    due = clock.addMinutes(start, r.withinMin);
    // A stop (or as_of) before the start means the clock has not run: elapsed 0.
    elapsedMs = clock.msBetween(start, stop ?? asOfMs);
  } catch (e) {
    if (!(e instanceof CalendarError)) throw e;
    return { skipped: { file: lead.source?.file, row: lead.source?.row, lead: lead.id, field: r.start, message: `SLA ${r.key} skipped for this lead: ${e.message}` } };
  }
  const status = stop !== undefined ? (stop <= due ? 'met' : 'breached') : asOfMs > due ? 'breached' : 'open';
  return {
    status,
    due: isoUtc(due),
    elapsed_minutes: roundMinutes(elapsedMs),
    escalations: r.steps.filter((s) => elapsedMs > s.afterMs).map((s) => ({ ...s.step })),
  };
}

export function compileSla(def: SlaDef, env: SlaEnv): CompiledSla {
  const id = typeof def?.id === 'string' ? def.id : '';
  const compiler = new Compiler(def, env);
  const responses: CompiledResponse[] = [];
  const volumes: CompiledVolume[] = [];
  const keys: string[] = [];
  const list = Array.isArray(def?.commitments) ? def.commitments : [];
  list.forEach((c, i) => {
    if (!c || typeof c !== 'object' || typeof c.id !== 'string') {
      compiler.problem(undefined, ['commitments', i], 'a commitment needs an `id`');
      return;
    }
    const key = `${id}/${c.id}`;
    if (isVolume(c)) {
      const v = compiler.volume(c, i, key);
      if (v) { volumes.push(v); keys.push(key); }
    } else if (c.type === undefined || c.type === 'response') {
      const r = compiler.response(c, i, key);
      if (r) { responses.push(r); keys.push(key); }
    } else {
      compiler.problem(key, ['commitments', i, 'type'], `commitment type must be response or volume, not '${String((c as { type: unknown }).type)}'`);
    }
  });

  return {
    id,
    keys,
    problems: compiler.problems,
    evaluateLead(lead, scores, asOfMs, warn, memo) {
      const out: Record<string, SlaLeadResult> = {};
      for (let k = 0; k < responses.length; k++) {
        const r = responses[k];
        if (!r.applies(lead, scores, asOfMs)) continue;
        let o: ClockOutcome | undefined;
        if (memo === undefined) o = clockOutcome(r, lead, asOfMs);
        else {
          const col = (memo.byResponse[k] ??= []);
          o = col[memo.lead];
          if (o === undefined) col[memo.lead] = o = clockOutcome(r, lead, asOfMs);
        }
        if (o === null) continue;
        if ('skipped' in o) { warn?.(o.skipped); continue; }
        out[r.key] = o;
      }
      return out;
    },
    zoneFor(key, lead) {
      const r = responses.find((x) => x.key === key);
      const clock: unknown = r?.clockFor(lead);
      const zone = clock && typeof clock === 'object' ? (clock as { zone?: unknown }).zone : undefined;
      return typeof zone === 'string' ? zone : undefined;
    },
    summarize(rows, asOfMs) { return this.summarizeAll(rows, asOfMs).sla; },
    summarizeAll(rows, asOfMs) { return this.summarizeFrom([this.accumulate(rows, asOfMs)], asOfMs); },
    accumulate(rows, asOfMs, into) {
      // With `into` (this SLA's partial of earlier rows), the counts of these rows are added to it.
      const out: SlaPartial = into ?? [];
      keys.forEach((key, j) => {
        const r = responses.find((x) => x.key === key);
        if (r) {
          let met = 0, breached = 0, open = 0;
          for (const row of rows) {
            const s = row.sla[key]?.status;
            if (s === 'met') met++; else if (s === 'breached') breached++; else if (s === 'open') open++;
          }
          const o = out[j] as { met: number; breached: number; open: number } | undefined;
          if (o === undefined) out[j] = { met, breached, open };
          else { o.met += met; o.breached += breached; o.open += open; }
          return;
        }
        const v = volumes.find((x) => x.key === key)!;
        const o = out[j] as { counts: Map<string, number>; earliest: number } | undefined;
        const counts = o?.counts ?? new Map<string, number>();
        let earliest = o?.earliest ?? Infinity;
        for (const row of rows) {
          const at = instantOf(row.lead, v.date);
          if (at === undefined) continue;
          if (at < earliest) earliest = at;
          if (!v.counts(row.lead, row.scores, asOfMs)) continue;
          const p = periodKey(at, v.per, v.zone);
          counts.set(p, (counts.get(p) ?? 0) + 1);
        }
        if (o === undefined) out[j] = { counts, earliest }; else o.earliest = earliest;
      });
      return out;
    },
    summarizeFrom(parts, asOfMs) {
      const out: Record<string, SlaSummary> = {};
      const volume: Record<string, VolumeInfo> = {};
      keys.forEach((key, j) => {
        const ps = parts.map((p) => p[j]);
        if (responses.some((x) => x.key === key)) {
          let met = 0, breached = 0, open = 0;
          for (const p of ps) if ('met' in p) { met += p.met; breached += p.breached; open += p.open; }
          out[key] = { met, breached, open, attainment: met + breached === 0 ? null : ratio(met, met + breached) };
          return;
        }
        const v = volumes.find((x) => x.key === key)!;
        const counts = new Map<string, number>();
        let earliest = Infinity;
        for (const p of ps) {
          if (!('counts' in p)) continue;
          if (p.earliest < earliest) earliest = p.earliest;
          for (const [k, n] of p.counts) counts.set(k, (counts.get(k) ?? 0) + n);
        }
        const periods: Record<string, { count: number; met: boolean }> = {};
        for (const p of [...counts.keys()].sort()) {
          const count = counts.get(p)!;
          periods[p] = { count, met: v.target(count) };
        }
        out[key] = { periods };
        volume[key] = this.volumeInfo(key, Object.keys(periods), earliest, asOfMs)!;
      });
      return { sla: out, volume };
    },
    volumeDate(key) { return volumes.find((x) => x.key === key)?.date; },
    volumeInfo(key, periods, earliest, asOfMs) {
      const v = volumes.find((x) => x.key === key);
      if (!v) return undefined;
      // Extension (docs/sla.md): a period the data does not cover whole — the data's first date
      // is after its first day, or it has not ended at as_of — is listed as partial beside the
      // summary; `met` stays as SPEC §6 computes it, but reports do not judge it.
      const firstKey = Number.isFinite(earliest) && !onFirstDayOfPeriod(earliest, v.per, v.zone) ? periodKey(earliest, v.per, v.zone) : undefined;
      const asOfKey = Number.isFinite(asOfMs) ? periodKey(asOfMs, v.per, v.zone) : undefined;
      const partial = [...periods].sort().filter((p) => p === firstKey || (asOfKey !== undefined && p >= asOfKey));
      return { target: v.targetSpec, partial };
    },
  };
}
