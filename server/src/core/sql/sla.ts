// SLA commitments (SPEC §6) in SQL, computed per lead exactly as core/eval/sla.ts does.
//
// Business time is never computed by SQL date functions. The compiler asks core/eval/calendar.ts (the
// engine's own calendar) for the working intervals of every calendar over the data's days and
// emits them as a table, ls_cal(cal, idx, open_ms, close_ms, cum_start, cum_end), where cum_* is
// the working time before the interval opens / after it closes, counted from the table's first
// interval. With W(t) = the working time before instant t:
//   W(t)       = cum_start + max(0, t − open) of the first interval with close > t
//   elapsed    = W(end) − W(start) when end > start, else 0           (msBetween)
//   due        = open + (T − cum_start) of the first interval with cum_end ≥ T, T = W(start) + within
//                (within 0: max(start, open of the first interval with close > start))  (addMinutes)
// so the clock is three "first interval after" joins (ASOF in DuckDB, LATERAL in PostgreSQL).
// Volume periods cut in a zone read the local day from ls_days(zone, start_ms, day), made the
// same way from the engine's ZoneDays; the key is formatted from that civil day in SQL.
import { compileCalendar, zoneDays, CalendarError, type BusinessCalendar, type Period } from '../eval/calendar.js';
import { compileSla, compileTarget } from '../eval/sla.js';
import { isVolume, parseDuration, type CalendarDef, type FieldType, type ResponseCommitment, type SlaDef, type VolumeCommitment } from '../model.js';
import type { LeadspecDoc, PathSegment } from '../syntax/parse.js';
import { compileCondition, SqlCompileError, type CondContext } from './conditions.js';
import { ident, lit, num, type Dialect } from './dialect.js';

/** Epoch ms the data spans (every start, stop, volume date and as_of). */
export interface SlaRange { fromMs: number; toMs: number }

/** Business clocks or zoned periods were compiled without SqlOptions.slaRange (the caller asks the user for dates). */
export class SlaRangeNeededError extends Error {
  constructor() { super('SLA clocks in SQL need the dates the data spans'); }
}

/** A commitment in the query and its output columns. */
export interface SqlCommitment {
  key: string;
  kind: 'response' | 'volume';
  /**
   * Response: `<key>.status` (met | breached | open, NULL when the commitment does not apply),
   * `.due` (timestamptz), `.elapsed_minutes`, `.escalations` (JSON array of the fired steps).
   * Volume: `.period` (the period key of a lead that counts, else NULL).
   * Both: `.skip` — why a lead that the commitment applies to has no result (else NULL).
   */
  columns: Record<string, string>;
}

export interface SlaSqlInput {
  d: Dialect;
  slas: { def: SlaDef; doc?: LeadspecDoc }[];
  range?: SlaRange;
  fieldTypes: Record<string, FieldType>;
  locate<T>(doc: LeadspecDoc | undefined, what: string, fn: () => T): T;
  condCtx(what: string, scoring: string | undefined, path: PathSegment[]): CondContext;
  column(name: string): string;
  rawColumn(name: string): string;
  asOf: string;
}

export interface SlaSql {
  tables: string[];
  layers: { name: string; cols: string[]; joins?: string }[];
  outputs: string[];
  commitments: SqlCommitment[];
  needsAsOf: boolean;
  volumeOver(relation: string): string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** As core/eval/calendar.ts: a clock is not followed further than about a century. */
const MAX_DAYS = 36_600;

export function compileSlaSql(inp: SlaSqlInput): SlaSql {
  const { d } = inp;
  const n = (v: number) => num(d, v);
  const x = (c: string) => `x.${ident(c)}`;
  const outputs: string[] = [];
  const commitments: SqlCommitment[] = [];
  const layerA: string[] = [], layerB: string[] = [], layerC: string[] = [], layerD: string[] = [];
  let joinsB = '', joinsC = '';
  const volumes: { key: string; period: string; target: string }[] = [];

  // Calendars in use, one table index each, with the longest `within` they must reach past the
  // data and the first instant of the table's first day (a clock starting before it is not placed).
  const cals: { cal: BusinessCalendar; reach: number; firstMs: number }[] = [];
  const calIndex = new Map<BusinessCalendar, number>();
  const calOf = (cal: BusinessCalendar, withinMs: number) => {
    let i = calIndex.get(cal);
    if (i === undefined) {
      i = cals.length;
      calIndex.set(cal, i);
      cals.push({ cal, reach: 0, firstMs: inp.range ? zoneDays(cal.zone).dayStart(cal.dayOf(inp.range.fromMs) - 1) : NaN });
    }
    cals[i].reach = Math.max(cals[i].reach, withinMs);
    return i;
  };
  const zones: string[] = [];
  const zoneOf = (z: string) => { let i = zones.indexOf(z); if (i < 0) { i = zones.length; zones.push(z); } return i; };
  let j = 0;

  for (const { def, doc } of inp.slas) {
    // The engine's own compiler decides which commitments are valid; the SQL path refuses any problem.
    const checked = compileSla(def, { compileCondition: () => () => true, fieldType: (f) => inp.fieldTypes[f] });
    inp.locate(doc, `SLA '${def.id}'`, () => {
      const p = checked.problems[0];
      if (p) throw new SqlCompileError(p.message, p.path);
    });
    const calendar = (name: string, path: PathSegment[]) => inp.locate(doc, `SLA '${def.id}'`, () => {
      try { return compileCalendar((def.calendars ?? {})[name] as CalendarDef); } catch (e) {
        if (e instanceof CalendarError) throw new SqlCompileError(e.message, path);
        throw e;
      }
    });
    const instantField = (name: unknown, path: PathSegment[], what: string): string => inp.locate(doc, `SLA '${def.id}'`, () => {
      const t = typeof name === 'string' ? inp.fieldTypes[name] : undefined;
      if (t !== 'date' && t !== 'datetime') throw new SqlCompileError(`\`${what}\` must name a date or datetime field of the catalog for the SQL compiler`, path);
      return inp.column(name as string);
    });
    (def.commitments ?? []).forEach((c, i) => {
      const key = `${def.id}/${c.id}`;
      const at = (...p: PathSegment[]): PathSegment[] => ['commitments', i, ...p];
      const what = `commitment '${key}'`;
      const col = (s: string) => ident(`${key}.${s}`);
      if (isVolume(c)) {
        const v = c as VolumeCommitment;
        const counts = inp.locate(doc, what, () => v.count === undefined || v.count === null ? 'TRUE' : compileCondition(inp.condCtx(what, v.scoring, at('count')), v.count, at('count')));
        const date = instantField(v.date, at('date'), 'date');
        // Periods: UTC, or the zone of the named calendar (`by`: its default's); a plain date keeps its day.
        const ref = v.calendar;
        const calName = typeof ref === 'string' ? ref : ref && typeof ref === 'object' ? ref.default : undefined;
        const zone = inp.fieldTypes[v.date] === 'date' || calName === undefined ? undefined : (def.calendars ?? {})[calName]?.timezone;
        const k = j++;
        const t = ident('vt' + k), cnt = ident('vc' + k);
        layerA.push(`${date} AS ${t}`, `${counts} AS ${cnt}`);
        let day: string, inRange = 'TRUE';
        if (zone === undefined) day = `floor(${x('vt' + k)} / ${n(DAY_MS)})`;
        else {
          const z = zoneOf(zone);
          joinsB += d.lookup(`vz${k}`, 'ls_days', 'zone', n(z), 'start_ms', '>=', x('vt' + k));
          layerB.push(`vz${k}.day AS ${ident('vd' + k)}`, `vz${k}.next_ms AS ${ident('vn' + k)}`);
          day = x('vd' + k);
          inRange = `${x('vd' + k)} IS NOT NULL AND ${x('vt' + k)} < ${x('vn' + k)}`;
        }
        const live = `${x('vc' + k)} AND ${x('vt' + k)} IS NOT NULL`;
        layerC.push(`CASE WHEN ${live} AND ${inRange} THEN ${d.periodKey(day, v.per as Period)} END AS ${ident('vp' + k)}`,
          `CASE WHEN ${live} AND NOT (${inRange}) THEN ${lit(outsideRange(inp.range))} END AS ${ident('vs' + k)}`);
        outputs.push(`${ident('vp' + k)} AS ${col('period')}`, `${ident('vs' + k)} AS ${col('skip')}`);
        const target = inp.locate(doc, what, () => targetSql(d, v.target, at('target')));
        volumes.push({ key, period: col('period'), target });
        commitments.push({ key, kind: 'volume', columns: { period: `${key}.period`, skip: `${key}.skip` } });
        return;
      }
      const r = c as ResponseCommitment;
      const hasCalendars = Object.keys(def.calendars ?? {}).length > 0;
      const business = (r.clock ?? (hasCalendars ? 'business' : 'calendar')) === 'business';
      const withinMs = parseDuration(r.within)! * MINUTE_MS;
      const applies = inp.locate(doc, what, () => r.applies_to === undefined || r.applies_to === null ? 'TRUE'
        : compileCondition(inp.condCtx(what, r.scoring, at('applies_to')), r.applies_to, at('applies_to')));
      const start = instantField(r.start, at('start'), 'start');
      const stop = r.stop === undefined ? `CAST(NULL AS ${d.double})` : instantField(r.stop, at('stop'), 'stop');
      const k = j++;
      // c_: a column this commitment adds; X: read in a layer (alias x); U: read by the final SELECT.
      const c_ = (s: string) => ident(s + k), X = (s: string) => x(s + k), U = c_;
      layerA.push(`(${applies}) AND ${start} IS NOT NULL AS ${c_('sa')}`, `${start} AS ${c_('ss')}`, `${stop} AS ${c_('sp')}`,
        `coalesce(${stop}, ${inp.asOf}) AS ${c_('se')}`, `${inp.asOf} AS ${c_('sq')}`);
      let valid = 'TRUE', skipWhy = 'NULL';
      if (!business) {
        layerD.push(`${X('ss')} + ${n(withinMs)} AS ${c_('sd')}`,
          `CASE WHEN ${X('se')} > ${X('ss')} THEN ${X('se')} - ${X('ss')} ELSE ${n(0)} END AS ${c_('sx')}`);
      } else {
        // Which calendar: one name, the only one, or by a field's value with a default.
        const ref = r.calendar ?? Object.keys(def.calendars ?? {})[0];
        const used = new Set<number>();
        const use = (name: string, path: PathSegment[]) => { const ci = calOf(calendar(name, path), withinMs); used.add(ci); return ci; };
        let calExpr: string;
        if (typeof ref === 'string') calExpr = String(use(ref, at('calendar')));
        else {
          const by = ref.by;
          const byType = inp.fieldTypes[by];
          if (byType !== 'string' && byType !== 'enum') {
            throw inp.locate(doc, what, () => { throw new SqlCompileError(`\`calendar: { by: ${by} }\` needs a string or enum field of the catalog for the SQL compiler`, at('calendar', 'by')); });
          }
          const v = inp.column(by), raw = inp.rawColumn(by);
          const whens = Object.entries(ref.map ?? {}).map(([val, name]) =>
            `WHEN ${v} = ${lit(val.trim().toLowerCase())} THEN ${use(name, at('calendar', 'map', val))}`);
          const fallback = ref.default === undefined ? 'NULL' : String(use(ref.default, at('calendar', 'default')));
          calExpr = whens.length ? `CASE ${whens.join(' ')} ELSE ${fallback} END` : fallback;
          // The engine's words (core/eval/sla.ts businessClock) for a lead that has no calendar.
          skipWhy = `CASE WHEN ${v} IS NULL THEN ${lit(`SLA ${key} skipped for this lead: '${by}' is missing and the calendar has no default`)}`
            + ` ELSE ${lit(`SLA ${key} skipped for this lead: '${by}' is '`)} || ${raw} || ${lit(`', which the calendar map does not list, and there is no default`)} END`;
          layerA.push(`${skipWhy} AS ${c_('sm')}`);
          skipWhy = U('sm');
        }
        layerA.push(`CAST(${calExpr} AS INTEGER) AS ${c_('sk')}`);
        joinsB += d.lookup(`ca${k}`, 'ls_cal', 'cal', X('sk'), 'close_ms', '<', X('ss'));
        joinsB += d.lookup(`cb${k}`, 'ls_cal', 'cal', X('sk'), 'close_ms', '<', X('se'));
        const W = (a: string, t: string) => `${a}.cum_start + CASE WHEN ${t} > ${a}.open_ms THEN ${t} - ${a}.open_ms ELSE ${n(0)} END`;
        layerB.push(`${W(`ca${k}`, X('ss'))} AS ${c_('sw')}`, `${W(`cb${k}`, X('se'))} AS ${c_('sy')}`, `ca${k}.open_ms AS ${c_('so')}`);
        // Days before the table's first day are not in it: such a start cannot be placed.
        layerB.push(`CASE ${[...used].map((ci) => `WHEN ${X('sk')} = ${ci} THEN ${X('ss')} >= ${n(cals[ci].firstMs)}`).join(' ')} END AS ${c_('sf')}`);
        if (withinMs > 0) {
          layerB.push(`${W(`ca${k}`, X('ss'))} + ${n(withinMs)} AS ${c_('st')}`);
          joinsC += d.lookup(`cc${k}`, 'ls_cal', 'cal', X('sk'), 'cum_end', '<=', X('st'));
          layerC.push(`cc${k}.open_ms + (${X('st')} - cc${k}.cum_start) AS ${c_('sd')}`);
        } else {
          layerC.push(`CASE WHEN ${X('so')} > ${X('ss')} THEN ${X('so')} ELSE ${X('ss')} END AS ${c_('sd')}`);
        }
        layerC.push(`CASE WHEN ${X('se')} > ${X('ss')} THEN ${X('sy')} - ${X('sw')} ELSE ${n(0)} END AS ${c_('sx')}`);
        valid = `${U('sw')} IS NOT NULL AND ${U('sd')} IS NOT NULL AND coalesce(${U('sf')}, FALSE) AND (${U('se')} <= ${U('ss')} OR ${U('sy')} IS NOT NULL)`;
      }
      // The output columns, read by the final SELECT.
      const sd = U('sd'), sx = U('sx'), sp = U('sp'), sa = U('sa'), sq = U('sq');
      const ok = `${sa} AND ${valid}`;
      const steps = (Array.isArray(r.escalate) ? r.escalate : []).map((s) => ({ when: `${sx} > ${n(parseDuration(s.after)! * MINUTE_MS)}`, json: JSON.stringify(s) }));
      const status = `CASE WHEN ${sp} IS NOT NULL THEN CASE WHEN ${sp} <= ${sd} THEN 'met' ELSE 'breached' END WHEN ${sq} > ${sd} THEN 'breached' ELSE 'open' END`;
      outputs.push(
        `CASE WHEN ${ok} THEN ${status} END AS ${col('status')}`,
        `CASE WHEN ${ok} THEN ${d.fromEpochMs(sd)} END AS ${col('due')}`,
        // Math.round(ms / 600) / 100 of core/eval/sla.ts (elapsed is never negative: floor(x + 0.5)).
        `CASE WHEN ${ok} THEN floor(${sx} / ${n(600)} + ${n(0.5)}) / ${n(100)} END AS ${col('elapsed_minutes')}`,
        `CASE WHEN ${ok} THEN ${d.jsonList(steps)} END AS ${col('escalations')}`,
        `CASE WHEN ${sa} AND NOT (${ok}) THEN ${business ? `coalesce(CASE WHEN ${U('sk')} IS NULL THEN ${skipWhy} END, ${lit(outsideRange(inp.range, key))})` : 'NULL'} END AS ${col('skip')}`,
      );
      commitments.push({ key, kind: 'response', columns: Object.fromEntries(['status', 'due', 'elapsed_minutes', 'escalations', 'skip'].map((s) => [s, `${key}.${s}`])) });
    });
  }

  // ---- tables -------------------------------------------------------------------------------
  const tables: string[] = [];
  const needsRange = cals.length > 0 || zones.length > 0;
  if (needsRange && !inp.range) throw new SlaRangeNeededError();
  if (cals.length) {
    const rows: string[] = [];
    cals.forEach(({ cal, reach }, ci) => {
      const fromDay = cal.dayOf(inp.range!.fromMs) - 1;
      const lastDataDay = cal.dayOf(inp.range!.toMs) + 1;
      let iv = cal.intervalsOfDays(fromDay, lastDataDay);
      // Reach past the data by the longest `within` (a lead starting at the end must find its due).
      let toDay = lastDataDay, after = 0;
      while (after < reach + DAY_MS && toDay - fromDay < MAX_DAYS) {
        const more = cal.intervalsOfDays(toDay + 1, toDay + 7);
        for (let i = 0; i < more.length; i += 2) after += more[i + 1] - more[i];
        iv = iv.concat(more);
        toDay += 7;
      }
      let cum = 0;
      for (let i = 0; i < iv.length; i += 2) {
        const len = iv[i + 1] - iv[i];
        rows.push(`(${ci}, ${i / 2}, ${iv[i]}, ${iv[i + 1]}, ${cum}, ${cum + len})`);
        cum += len;
      }
    });
    tables.push(`ls_cal ${d.cte} (\n  SELECT CAST(cal AS INTEGER) AS cal, CAST(idx AS INTEGER) AS idx, CAST(o AS ${d.double}) AS open_ms, CAST(c AS ${d.double}) AS close_ms,`
      + ` CAST(cs AS ${d.double}) AS cum_start, CAST(ce AS ${d.double}) AS cum_end\n  FROM (VALUES ${rows.join(',\n    ')}) AS v(cal, idx, o, c, cs, ce)\n)`);
  }
  if (zones.length) {
    const rows: string[] = [];
    zones.forEach((zone, zi) => {
      const zd = zoneDays(zone);
      const from = zd.dayOf(inp.range!.fromMs) - 1, to = zd.dayOf(inp.range!.toMs) + 1;
      for (let day = from; day <= to; day++) rows.push(`(${zi}, ${zd.dayStart(day)}, ${zd.dayStart(day + 1)}, ${day})`);
    });
    tables.push(`ls_days ${d.cte} (\n  SELECT CAST(zone AS INTEGER) AS zone, CAST(s AS ${d.double}) AS start_ms, CAST(e AS ${d.double}) AS next_ms, CAST(day AS INTEGER) AS day\n`
      + `  FROM (VALUES ${rows.join(',\n    ')}) AS v(zone, s, e, day)\n)`);
  }

  const layers = [
    { name: 'sla_a', cols: layerA, joins: inp.slas.length ? '\n  CROSS JOIN p' : '' },
    { name: 'sla_b', cols: layerB, joins: joinsB },
    { name: 'sla_c', cols: layerC, joins: joinsC },
    { name: 'sla_d', cols: layerD },
  ].filter((l) => l.cols.length > 0);

  const volumeOver = (rel: string) => {
    if (volumes.length === 0) return `SELECT CAST(NULL AS VARCHAR) AS commitment, CAST(NULL AS VARCHAR) AS period, 0 AS ${ident('count')}, FALSE AS met WHERE FALSE`;
    const parts = volumes.map((v) => `SELECT ${lit(v.key)} AS commitment, ${v.period} AS period, count(*) AS ${ident('count')}, ${v.target.replaceAll('$N', 'count(*)')} AS met\n  FROM ${rel} WHERE ${v.period} IS NOT NULL GROUP BY ${v.period}`);
    return `SELECT * FROM (\n  ${parts.join('\n  UNION ALL\n  ')}\n) AS v ORDER BY commitment, period`;
  };
  return { tables, layers, outputs, commitments, needsAsOf: j > 0, volumeOver };
}

function outsideRange(range: SlaRange | undefined, key?: string): string {
  const span = range ? `${new Date(range.fromMs).toISOString().slice(0, 10)}..${new Date(range.toMs).toISOString().slice(0, 10)}` : '';
  return `${key ? `SLA ${key} skipped for this lead: ` : ''}its dates fall outside the calendar days compiled into this query (${span}); compile again with --from/--to covering them`;
}

/** A volume target (SPEC §6, as core/eval/sla.ts compileTarget) over `$N`, the period's count. */
function targetSql(d: Dialect, t: unknown, path: PathSegment[]): string {
  const bad = compileTarget(t);
  if (typeof bad === 'string') throw new SqlCompileError(bad, path);
  const n = (v: unknown) => num(d, Number(v));
  if (typeof t === 'number' || typeof t === 'string') return `$N = ${n(t)}`;
  if (Array.isArray(t)) t = { in: t };
  const parts = Object.entries(t as Record<string, unknown>).map(([op, v]) => {
    switch (op) {
      case 'between': { const [lo, hi] = v as unknown[]; return `($N >= ${n(lo)} AND $N <= ${n(hi)})`; }
      case 'in': return `$N IN (${(v as unknown[]).map(n).join(', ')})`;
      case 'not_in': return `$N NOT IN (${(v as unknown[]).map(n).join(', ')})`;
      default: return `$N ${{ eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]} ${n(v)}`;
    }
  });
  return parts.join(' AND ');
}
