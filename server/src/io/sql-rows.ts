// Rows of a compiled all-in-one query (every model, ICPs and SLAs; core/sql/compile.ts with
// `scorings`) read back into the in-process engine's shapes: a LeadResult per row, the SLA
// warnings of leads that have no clock, and the summary of the SLA commitments. Used by
// `simulate --engine duckdb` and by the SQL parity tests for both DuckDB and PostgreSQL rows.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CompiledModel, CompiledSql, NestedLayout } from '../core/sql/compile.js';
import { ICP_PERSONAS, ICP_TIERS, ROW_OUT } from '../core/sql/compile.js';
import { isoUtc, type DataWarning, type IcpMatch, type LeadResult, type ScoreResult, type SlaLeadResult, type SlaSummary } from '../core/results.js';
import { explainRow, explanationOf, explanationPlan, type ExplanationPlan, type ExplanationValues, type SqlRow } from './duckdb.js';
import { InputError } from './files.js';

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? undefined);
const instant = (v: unknown): number => (v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number(v));

/**
 * An explanation column as the JSON object's key → value: the JSON text parsed, or (nested
 * output, SqlOptions.nested) the LIST's values by position. Nested values are not rounded in
 * SQL: explanationOf rounds every points and cut value it reports (the JSON's are rounded twice,
 * to the same value), and an unrounded cut is never 0, so its sign alone says which bound cut.
 */
function keyed(v: unknown, keys: readonly string[]): Record<string, number | null> | undefined {
  if (!Array.isArray(v)) return json(v);
  const out: Record<string, number | null> = {};
  for (let i = 0; i < keys.length; i++) {
    const x = v[i] as number | bigint | null | undefined;
    out[keys[i]] = x === null || x === undefined ? null : Number(x);
  }
  return out;
}

/**
 * A model's column names, and where each explanation value sits in the nested output's LISTs,
 * built once per model rather than per row. A key found twice reads its last position, as the
 * key → value object (keyed) did.
 */
interface ModelNames {
  fit: string; engagement: string; total: string; grade: string; fit_grade: string; engagement_grade: string; mql: string; disqualified: string;
  rules: string; rule_events: string; clamps: string; rule_values: string; rule_chosen: string; ruleKeys: string[];
  plan: ExplanationPlan; ruleAt: number[]; eventAt: number[]; clampAt: number[];
}
const namesOf = new WeakMap<CompiledModel, ModelNames>();
function modelNames(m: CompiledModel): ModelNames {
  let n = namesOf.get(m);
  if (!n) {
    const c = (k: string) => m.prefix + k;
    const ruleKeys = m.rules.map((r) => r.key);
    const plan = explanationPlan(m.rules);
    n = {
      fit: c('fit'), engagement: c('engagement'), total: c('total'), grade: c('grade'), fit_grade: c('fit_grade'), engagement_grade: c('engagement_grade'),
      mql: c('mql'), disqualified: c('disqualified'), rules: c('rules'), rule_events: c('rule_events'), clamps: c('clamps'),
      rule_values: c('rule_values'), rule_chosen: c('rule_chosen'), ruleKeys,
      plan, ruleAt: m.rules.map((r) => ruleKeys.lastIndexOf(r.key)), eventAt: m.rules.map((r) => m.eventKeys.lastIndexOf(r.key)),
      clampAt: plan.clampKeys.map((k) => m.clampKeys.lastIndexOf(k)),
    };
    namesOf.set(m, n);
  }
  return n;
}

/** Element i of a nested explanation LIST as keyed gives it: a number, or null (NULL, or no such element). */
const at = (list: unknown[] | null | undefined, i: number): number | null => {
  const x = i < 0 || !list ? undefined : list[i] as number | bigint | null | undefined;
  return x === null || x === undefined ? null : Number(x);
};
const listOrNull = (v: unknown): unknown[] | null | false => (Array.isArray(v) ? v : v === null || v === undefined ? null : false);

/** The query's clamp (compile.ts `clamp`): the max first, then the min. */
const clampOf = (x: number, min: number | undefined, max: number | undefined): number => {
  let e = x;
  if (max !== undefined && e > max) e = max;
  if (min !== undefined && e < min) e = min;
  return e;
};

/**
 * The nested output's LISTs of one row read by position (ModelNames): one reader per model,
 * pointed at each row's lists in turn, so that no object is built per row. The rules' values
 * and the clamps' cuts are the query's arithmetic redone on the row's hits, sums and counts
 * (CompiledModel.layout): the same doubles in the same order, so the same values as the query
 * computed them for its totals.
 */
class ListValues implements ExplanationValues {
  hits: unknown[] | null = null;
  events: unknown[] | null = null;
  sums: unknown[] | null = null;
  chosen: unknown[] | null = null;
  private readonly value: number[];
  private readonly counts: boolean[];
  private readonly group: number[];
  private readonly cuts: (number | null)[];
  constructor(private readonly n: ModelNames, private readonly layout: NestedLayout, clamps: number) {
    this.value = new Array<number>(layout.rules.length).fill(0);
    this.counts = new Array<boolean>(layout.rules.length).fill(false);
    this.group = new Array<number>(layout.groups.length).fill(0);
    this.cuts = new Array<number | null>(clamps).fill(null);
  }
  /** Redoes the row's arithmetic (call after pointing the lists at the row). */
  load(): void {
    const { rules, groups, sections } = this.layout;
    const hits = this.hits ?? [], value = this.value, cuts = this.cuts;
    for (let j = 0; j < rules.length; j++) {
      const r = rules[j];
      const hit = hits[j] === true;
      let v = 0;
      if (r.kind === 'when') v = hit ? r.points : 0;
      else if (r.kind === 'sum') {
        // The raw sum is NULL exactly when no event counted: the value is then 0, the cut NULL.
        const s = at(this.sums, r.at);
        if (s !== null) v = clampOf(s, r.min, r.max);
        if (r.slot >= 0) cuts[r.slot] = s !== null && s !== v ? s - v : null;
      } else {
        const cnt = at(this.events, r.at) ?? 0;
        const raw = cnt > 0 ? r.points * cnt : 0;
        if (cnt > 0) v = clampOf(raw, r.min, r.max);
        if (r.slot >= 0) cuts[r.slot] = raw !== v ? raw - v : null;
      }
      value[j] = v;
      // A member of a `first` / `max` group counts when the group chose it, any other rule when it hit.
      this.counts[j] = r.chosenAt >= 0 ? this.chosen?.[r.chosenAt] === true : hit;
    }
    for (let g = 0; g < groups.length; g++) {
      const { pick, members, min, max, slot } = groups[g];
      let raw = 0, any = false;
      if (pick === 'sum') {
        for (let k = 0; k < members.length; k++) raw = k === 0 ? value[members[0]] : raw + value[members[k]];
      } else {
        for (const m of members) if (this.counts[m]) { raw = value[m]; break; }
      }
      for (const m of members) if (hits[m] === true) { any = true; break; }
      const gv = any ? clampOf(raw, min, max) : 0;
      if (slot >= 0) cuts[slot] = raw !== gv ? raw - gv : null;
      this.group[g] = gv;
    }
    for (const { items, min, max, slot } of sections) {
      if (slot < 0) continue;
      let raw = 0;
      for (let k = 0; k < items.length; k++) {
        const it = items[k];
        const x = 'rule' in it ? value[it.rule] : this.group[it.group];
        raw = k === 0 ? x : raw + x;
      }
      const c = clampOf(raw, min, max);
      cuts[slot] = raw !== c ? raw - c : null;
    }
  }
  rule(i: number) { const j = this.n.ruleAt[i]; return j >= 0 && this.counts[j] ? this.value[j] : null; }
  eventCount(i: number) { const j = this.n.eventAt[i]; return j < 0 || !this.events ? undefined : at(this.events, j); }
  clamp(s: number) { const j = this.n.clampAt[s]; return j < 0 ? undefined : this.cuts[j]; }
}
const readers = new WeakMap<ModelNames, ListValues>();

/** One model's explanation from the nested output's LISTs; undefined when the model has no layout (the JSON columns). */
function nestedExplanation(raw: Record<string, unknown>, m: CompiledModel, n: ModelNames): ScoreResult['explanation'] | undefined {
  if (!m.layout) return undefined;
  const hits = listOrNull(raw[n.rules]), events = listOrNull(raw[n.rule_events]), sums = listOrNull(raw[n.rule_values]), chosen = listOrNull(raw[n.rule_chosen]);
  if (hits === false || events === false || sums === false || chosen === false) return undefined;
  let v = readers.get(n);
  if (!v) readers.set(n, (v = new ListValues(n, m.layout, m.clampKeys.length)));
  v.hits = hits; v.events = events; v.sums = sums; v.chosen = chosen;
  v.load();
  return explainRow(n.plan, v, m.clampBounds, { fit: raw[n.fit] as number, engagement: raw[n.engagement] as number });
}

/** One model's columns of a row, as the single-model reader (io/duckdb.ts) sees them. */
function modelRow(raw: Record<string, unknown>, m: CompiledModel, n: ModelNames, withExplanation: boolean): SqlRow {
  return {
    id: String(raw.id), icps: [],
    fit: raw[n.fit] as number, engagement: raw[n.engagement] as number, total: raw[n.total] as number,
    grade: raw[n.grade] as string, fit_grade: raw[n.fit_grade] as string | null, engagement_grade: raw[n.engagement_grade] as string | null,
    mql: raw[n.mql] as boolean, disqualified: raw[n.disqualified] as boolean,
    ...(withExplanation ? { rules: keyed(raw[n.rules], n.ruleKeys), rule_events: keyed(raw[n.rule_events], m.eventKeys), clamps: keyed(raw[n.clamps], m.clampKeys) } : {}),
  };
}

export interface ReadRow { lead: LeadResult; /** The input row (staged queries only). */ row?: number; skips: string[] }

/** A row of the all-in-one query as the engine's LeadResult, with the SLA skip messages. */
export function leadOfRow(raw: Record<string, unknown>, compiled: CompiledSql): ReadRow {
  const scores: Record<string, ScoreResult> = {};
  for (const m of compiled.models) {
    const n = modelNames(m);
    const nested = nestedExplanation(raw, m, n);
    const r = modelRow(raw, m, n, nested === undefined);
    const res = (m.matrix
      ? { fit: r.fit, engagement: r.engagement, total: r.total, grade: r.grade, fit_grade: r.fit_grade, engagement_grade: r.engagement_grade, mql: r.mql, disqualified: r.disqualified, explanation: [] }
      : { fit: r.fit, engagement: r.engagement, total: r.total, grade: r.grade, mql: r.mql, disqualified: r.disqualified, explanation: [] }) as unknown as ScoreResult;
    res.explanation = nested ?? explanationOf(r, m.rules, m.clampBounds);
    scores[m.id] = res;
  }
  const sla: Record<string, SlaLeadResult> = {};
  const skips: string[] = [];
  for (const c of compiled.commitments) {
    const skip = raw[c.columns.skip];
    if (typeof skip === 'string') skips.push(skip);
    if (c.kind !== 'response') continue;
    const status = raw[c.columns.status];
    if (status === null || status === undefined) continue;
    sla[c.key] = {
      status: status as SlaLeadResult['status'],
      due: isoUtc(instant(raw[c.columns.due])),
      elapsed_minutes: Number(raw[c.columns.elapsed_minutes]),
      escalations: json(raw[c.columns.escalations]) ?? [],
    };
  }
  const row = raw[ROW_OUT];
  return { lead: { id: String(raw.id), icps: compiled.icps ? icpsOf(raw, compiled.icps) : (json(raw.icps) ?? []) as IcpMatch[], scores, sla }, row: row === undefined || row === null ? undefined : Number(row), skips };
}

/** The nested output's ICP LISTs (CompiledSql.icps) as the engine's matches, in workspace order. */
function icpsOf(raw: Record<string, unknown>, icps: NonNullable<CompiledSql['icps']>): IcpMatch[] {
  const matched = raw.icps as unknown[] | null;
  const out: IcpMatch[] = [];
  if (!matched) return out;
  const tiers = raw[ICP_TIERS] as unknown[], holds = raw[ICP_PERSONAS] as unknown[] | null;
  let p = 0;
  for (let i = 0; i < icps.length; i++) {
    const { id, personas } = icps[i];
    if (matched[i] === true) {
      const ids: string[] = [];
      for (let j = 0; j < personas.length; j++) if (holds![p + j] === true) ids.push(personas[j]);
      const tier = tiers[i];
      out.push({ id, tier: tier === null || tier === undefined ? null : String(tier), personas: ids });
    }
    p += personas.length;
  }
  return out;
}

/** SLA summaries (SPEC §6) from the per-lead results and the rows of the volume statement. */
export function slaSummary(compiled: CompiledSql, leads: LeadResult[], volumeRows: Record<string, unknown>[]): Record<string, SlaSummary> {
  const out: Record<string, SlaSummary> = {};
  for (const c of compiled.commitments) {
    if (c.kind === 'response') {
      let met = 0, breached = 0, open = 0;
      for (const l of leads) {
        const s = l.sla[c.key]?.status;
        if (s === 'met') met++; else if (s === 'breached') breached++; else if (s === 'open') open++;
      }
      out[c.key] = { met, breached, open, attainment: met + breached === 0 ? null : Math.round((met / (met + breached)) * 10_000) / 10_000 };
    } else {
      const rows = volumeRows.filter((r) => r.commitment === c.key).map((r) => [String(r.period), { count: Number(r.count), met: r.met === true }] as const);
      // Keys in JavaScript's order, as the engine sorts them.
      out[c.key] = { periods: Object.fromEntries(rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) };
    }
  }
  return out;
}

/** The warning the engine gives for a lead a commitment skips (core/eval/sla.ts evaluateResponse). */
export function skipWarnings(read: ReadRow, file: string | undefined): DataWarning[] {
  return read.skips.map((message) => ({ file, row: read.row, lead: read.lead.id, message }));
}

/** Streams the rows of a query as plain objects (DuckDB values converted to JavaScript). */
export async function streamRows(conn: DuckDBConnection, sql: string, each: (row: Record<string, unknown>) => void): Promise<void> {
  let result;
  try { result = await conn.stream(sql); } catch (e) { throw new InputError(`DuckDB could not run the compiled query: ${(e as Error).message.split('\n')[0]}`); }
  const api = await import('@duckdb/node-api');
  const names = result.deduplicatedColumnNames();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount, cols = names.length;
    const readers: Reader[] = [];
    for (let c = 0; c < cols; c++) readers.push(readerOf(api, chunk.getColumnVector(c)));
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < cols; c++) row[names[c]] = readers[c](i);
      each(row);
    }
  }
}

type DuckApi = typeof import('@duckdb/node-api');
type Vector = import('@duckdb/node-api').DuckDBVector;
type Reader = (i: number) => unknown;

/**
 * A column of a result chunk read value by value, the same values as @duckdb/node-api's
 * `yieldRowObjectJs` gives (its JS converter) — but a LIST of numbers, strings or booleans is
 * read from the list's one flat child vector by offset and length, where the library builds a
 * sliced copy of the child vector and a list value for every row (the nested query's explanation
 * lists: most of the CLI's conversion time and garbage, docs/benchmarks.md); the elements are
 * read by the same readers. Any other type goes through the library's own converter.
 */
function readerOf(api: DuckApi, vec: Vector): Reader {
  const type = vec.type, T = api.DuckDBTypeId;
  switch (type.typeId) {
    // getItem gives the converter's own value for these (a number, string, boolean or bigint).
    case T.DOUBLE: case T.FLOAT: case T.INTEGER: case T.SMALLINT: case T.TINYINT: case T.UINTEGER: case T.USMALLINT: case T.UTINYINT:
    case T.VARCHAR: case T.BOOLEAN: case T.BIGINT:
      return (i) => vec.getItem(i);
    case T.LIST: {
      const list = vec as import('@duckdb/node-api').DuckDBListVector;
      // The list's own NULLs: its validity is not public API; without it, the library's path.
      const validity = (list as unknown as { validity?: { itemValid?: (i: number) => boolean } }).validity;
      if (typeof validity?.itemValid !== 'function') break;
      // Element k of row i is element offset + k of the child: the library's row slice, unsliced.
      const child = readerOf(api, list.childVector);
      return (i) => {
        if (!validity.itemValid!(i)) return null;
        const off = list.getEntryOffset(i), len = list.getEntryLength(i);
        const out = new Array<unknown>(len);
        for (let k = 0; k < len; k++) out[k] = child(off + k);
        return out;
      };
    }
  }
  const convert = api.JSDuckDBValueConverter;
  return (i) => convert(vec.getItem(i), type, convert);
}
