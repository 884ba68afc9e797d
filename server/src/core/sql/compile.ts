// Compiles one scoring model (+ the workspace's ICPs and the catalog) into ONE SQL query that
// returns, per lead, what the in-process engine computes (SPEC §4, §5). The query is a chain of
// CTEs, one per step of SPEC §5, so that each column is computed in the same order and with the
// same IEEE double arithmetic as the engine; sections and totals are rounded through DECIMAL.
//
// Tables (documented in docs/sql.md, "Point it at your own database"):
//   leads(id text, <one column per catalog field>)  string/enum text, integer/number numeric,
//     boolean boolean, date date, datetime timestamptz (or timestamp read as UTC),
//     list text holding `;`-separated items.
//   events(lead_id text, event text, at timestamptz, <one column per event property>)
import type { FieldType, FieldsDef, IcpDef, ScoringDef, SlaDef, Section, Rule, Group, EventRule, Band } from '../model.js';
import { isGroup, isEventRule, parseDuration } from '../model.js';
import { valueRange, keyRange, type LeadspecDoc, type PathSegment } from '../syntax/parse.js';
import { compileCondition, SqlCompileError, type CondContext, type ScoreColumn } from './conditions.js';
import { round2 as roundJs } from '../data/values.js';
import { commentText, dialectOf, ident, lit, num, round2, UnsafeSqlTextError, type Dialect, type DialectName } from './dialect.js';
import { describeCode, unsafeCharIndex } from '../check/unsafe-text.js';
import { compileSlaSql, type SqlCommitment, type SlaRange } from './sla.js';

export { SqlCompileError } from './conditions.js';

/** A definition the SQL path cannot express, with where it is written (1-based line/column). */
export class SqlUnsupportedError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly detail: string) {
    super(`${file}:${line}:${column}: ${detail}`);
  }
}

export interface Located<T> { def: T; doc?: LeadspecDoc }

export interface SqlOptions {
  dialect: DialectName;
  /** One model: its output columns keep plain names (fit, total, grade, …). */
  scoring?: Located<ScoringDef>;
  /**
   * Every model of the workspace in one query (instead of `scoring`): output columns are named
   * `<model-id>.fit`, `<model-id>.total`, … (CompiledSql.models lists them).
   */
  scorings?: Located<ScoringDef>[];
  /** SLAs computed in the same query (their commitments may read the models' outputs). */
  slas?: Located<SlaDef>[];
  /**
   * The instants the data spans (every start, stop, date and as_of): the working intervals of the
   * SLA calendars are emitted for these days (and as far past them as the longest `within`).
   * A lead outside it gets no result and says so in its `<key>.skip` column.
   */
  slaRange?: SlaRange;
  /** ICPs reported per lead (all of the workspace's, in workspace order). */
  icps: Located<IcpDef>[];
  /** The catalog: a `kind: fields` definition or the engine's merged Catalog. */
  catalog?: Pick<FieldsDef, 'fields' | 'events'>;
  leadsTable?: string;
  eventsTable?: string;
  /** Epoch ms; when absent the query uses the latest event or datetime value of the data. */
  asOfMs?: number;
  /** Leads-table column giving the output order (default: id). */
  orderBy?: string;
  /** The events table's `event` is already trimmed and lower-cased (io/duckdb.ts stages it so). */
  eventsNormalized?: boolean;
  /**
   * The events table also has `ls_ev`: the 1-based place of the row's name (as `event` reads,
   * trimmed and lower-cased) in this list of distinct names, NULL for a name not in it
   * (io/duckdb.ts stagedOptions). An event rule of a listed name compares that integer instead
   * of the name (the names' comparisons were a third of the events' aggregation); other names
   * are compared as text.
   */
  eventCodes?: readonly string[];
  /**
   * Text fields whose every value in the leads table is its own trim (io/duckdb.ts
   * StagedInputs.normalFields): read lower-cased without the trim test. Any other text field is
   * trimmed as the engine trims it.
   */
  normalFields?: readonly string[];
  /**
   * Extra output columns for the backtest's aggregation (./backtest.ts): per model and rule key
   * whether the rule contributed (`ls_hit_<model index>_<rule index>`), per ICP the match and
   * tier (`ls_icp_<i>`, `ls_tier_<i>`), these catalog fields typed as the conditions read them
   * (`ls_f_<field>`: epoch ms for dates, DOUBLE, BOOLEAN), the order column (`ls_ord`) and the
   * as_of the query evaluates at (`ls_as_of`, epoch ms). The rows then carry only `id`, each
   * model's total, grade, mql and disqualified, and these (no ICP or explanation JSON, no SLAs).
   */
  backtest?: { fields: string[] };
  /**
   * DuckDB only, for a reader that gets JavaScript values (io/sql-rows.ts): per model the LISTs
   * of what the reader cannot know — each rule's hit, the chosen members of `first` / `max`
   * groups, the summed event rules' raw sums, every event rule's count (CompiledModel.layout) —
   * from which it redoes the rules' values and the clamps' cuts; per ICP whether it matched, its
   * tier and its personas (CompiledSql.icps). Building and printing JSON text per lead, and
   * rounding it, was a third of the query's time, the explanation values another ~10%
   * (docs/benchmarks.md). `leadspec sql` keeps the JSON columns.
   */
  nested?: boolean;
  /**
   * DuckDB's staged run (io/duckdb.ts `deferUnknownLeads`): each lead's row also carries in
   * EVENT_COUNT how many rows of the events table have its id. The events' aggregation then reads
   * every event (as_of and the names tested in each aggregate instead of in a WHERE: ~1% of the
   * query), so that the events whose lead id is no lead's are counted by the join the query does
   * anyway — the staging's anti join of every event against the leads (~5% of the run) is then
   * needed only when some are. CompiledSql.eventCount says whether the column is there (only
   * when the query aggregates events). Not for `leadspec sql` or the backtest.
   */
  countEvents?: boolean;
}

/** Keys of the `rules` JSON column, in model order, with what the explanation needs. */
export interface RuleKey { key: string; section: 'fit' | 'engagement'; rule: string; group?: string; event: boolean }

/** The bounds of a clamp, by its `clamps` key: the rounded cut loses its sign when binary noise rounds to 0. */
export type ClampBounds = Record<string, { min?: number; max?: number }>;

/** One model's part of the query. */
export interface CompiledModel {
  id: string;
  rules: RuleKey[];
  clampBounds: ClampBounds;
  matrix: boolean;
  /** Output column names are `${prefix}fit`, `${prefix}total`, …, `${prefix}rules` ('' for a single model). */
  prefix: string;
  outputs: string[];
  /** Per entry of `rules`: the internal column holding its points (NULL when it did not contribute). */
  hits: string[];
  /** The outputs a backtest reads (total, grade, mql, disqualified), named as in `outputs`. */
  ranked: string[];
  /** Keys of `rule_events` (event rules, in model order) and of `clamps`, in their columns' order. */
  eventKeys: string[];
  clampKeys: string[];
  /**
   * Nested output: how to rebuild the explanation's values (io/sql-rows.ts). `rules` is a LIST of
   * each rule's hit, `rule_chosen` of whether each member of a `first` / `max` group was chosen,
   * `rule_values` of the summed event rules' raw sums, `rule_events` of every event rule's count;
   * the rules' values and every clamp's cut are the query's arithmetic redone on those (no
   * `clamps` column: NULL).
   */
  layout?: NestedLayout;
}

/**
 * A model's rules, groups and sections as the query computes them, for a reader that redoes the
 * arithmetic (the same doubles, in the same order): a rule's value is its points when it hits
 * (`when`), its raw sum clamped (`sum`: rule_values[at], NULL without events → 0) or points ×
 * count clamped (`count`: rule_events[at]); a group's raw value is its members' values added in
 * order (`sum`) or its chosen member's (`one`), clamped when a member hit; a section's is its
 * items' values added in order, clamped. `slot` is the clamp's place in clampKeys (-1: none).
 */
export interface NestedLayout {
  rules: { kind: 'when' | 'sum' | 'count'; points: number; min?: number; max?: number; slot: number; at: number; chosenAt: number }[];
  groups: { pick: 'sum' | 'one'; members: number[]; min?: number; max?: number; slot: number }[];
  /** fit, then engagement. */
  sections: { items: ({ rule: number } | { group: number })[]; min?: number; max?: number; slot: number }[];
}

export interface CompiledSql {
  sql: string;
  /** The per-lead query without its ORDER BY (to wrap it, e.g. CREATE TABLE … AS). */
  select: string;
  models: CompiledModel[];
  /** SLA commitments in the query, in definition order (output columns `<key>.status`, …). */
  commitments: SqlCommitment[];
  /** A second statement: per volume commitment and period, the count and whether the target is met. */
  volumeSql?: string;
  /** That statement over a relation holding the per-lead query's rows (e.g. a table of them). */
  volumeOver(relation: string): string;
  dialect: DialectName;
  /** Keys of the `rules` / `rule_events` JSON columns; `clamps` keys are `rule:<key>`, `group:<section>/<group>`, `section:<section>`. */
  rules: RuleKey[];
  clampBounds: ClampBounds;
  /** Matrix model: the rows carry fit_grade and engagement_grade. */
  matrix: boolean;
  hasScoring: boolean;
  /**
   * Nested output: the ICPs in the order of the `icps` LIST (whether each matched) and of
   * ICP_TIERS, with their personas' ids in the order of ICP_PERSONAS (every ICP's, one after another).
   */
  icps?: { id: string; personas: string[] }[];
  /** The catalog fields the query reads from the leads table (io/duckdb.ts stageInputs stores only what its readers need). */
  leadFields: string[];
  /** With `countEvents`, when the query aggregates events: each row's EVENT_COUNT holds its lead's number of events (NULL: none). */
  eventCount: boolean;
}

/** The layers that compute each model's outputs from its rules, in order. */
const MODEL_LAYERS = ['sections', 'clamped', 'rounded', 'totals_raw', 'totals', 'bands', 'grades', 'disq', 'graded', 'qualified', 'explained', 'explained_r'] as const;

/** Nested output: the LISTs of each ICP's tier and of every ICP's personas (CompiledSql.icps). */
export const ICP_TIERS = 'ls_icp_tiers';
export const ICP_PERSONAS = 'ls_icp_personas';

/** Output column (CompiledSql.eventCount): how many rows of the events table have the lead's id. */
export const EVENT_COUNT = 'ls_events';

/** Output column holding the leads table's `orderBy` column (the input row) when one is given. */
export const ROW_OUT = 'ls_row';

/** Grade of a lead that no band fits (as core/eval/scoring.ts). */
export const UNGRADED = 'ungraded';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$/;

/** A table name that is not a plain (optionally schema-qualified) identifier. */
export class TableNameError extends Error {}

export function checkTableName(name: string): string {
  if (!TABLE_NAME.test(name)) throw new TableNameError(`'${name}' is not a plain table name (letters, digits, _ and an optional schema.)`);
  return name;
}

interface EventAgg { name: string; event: string; pred: string; value?: string }

export function compileSql(opts: SqlOptions): CompiledSql {
  // Defence in depth behind LS020: text with a control character never reaches the SQL. The
  // definitions are searched first so that the error names where the text is written; lit() and
  // ident() refuse it too, for text that comes from elsewhere (the catalog).
  for (const x of [...(opts.scoring ? [opts.scoring] : []), ...(opts.scorings ?? []), ...opts.icps, ...(opts.slas ?? [])] as { def: unknown; doc?: LeadspecDoc }[]) {
    const hit = firstUnsafe(x.def);
    if (hit) {
      const r = x.doc ? (hit.onKey ? keyRange(x.doc, hit.path) : valueRange(x.doc, hit.path)) ?? x.doc.range : undefined;
      throw new SqlUnsupportedError(x.doc?.file.file ?? '<definitions>', (r?.start.line ?? 0) + 1, (r?.start.character ?? 0) + 1,
        `the text here holds the control character ${describeCode(hit.code)}, which SQL must not hold (LS020); remove it`);
    }
  }
  try { return compileChecked(opts); } catch (e) {
    if (e instanceof UnsafeSqlTextError) throw new SqlUnsupportedError('<definitions>', 1, 1, e.message);
    throw e;
  }
}

/** The first string (value or key) of a definition that holds an unsafe character, with its path. */
function firstUnsafe(root: unknown): { path: PathSegment[]; onKey: boolean; code: number } | undefined {
  const stack: [unknown, PathSegment[]][] = [[root, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const i = unsafeCharIndex(v);
      if (i >= 0) return { path, onKey: false, code: v.charCodeAt(i) };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
    } else if (v && typeof v === 'object' && !(v instanceof Date)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const ki = unsafeCharIndex(k);
        if (ki >= 0) return { path: [...path, k], onKey: true, code: k.charCodeAt(ki) };
        stack.push([(v as Record<string, unknown>)[k], [...path, k]]);
      }
    }
  }
  return undefined;
}

function compileChecked(opts: SqlOptions): CompiledSql {
  const d = dialectOf(opts.dialect);
  if (opts.nested && d.name !== 'duckdb') throw new Error('nested output (LISTs and STRUCTs) is DuckDB only');
  const leads = checkTableName(opts.leadsTable ?? 'leads');
  const events = checkTableName(opts.eventsTable ?? 'events');
  const catalog = opts.catalog;
  const fieldTypes: Record<string, FieldType> = {};
  for (const [k, v] of Object.entries(catalog?.fields ?? {})) if (v && typeof v.type === 'string') fieldTypes[k] = v.type;

  const usedFields = new Set<string>();
  /** Fields also read as written (text), e.g. for the SLA's "not in the calendar map" message. */
  const rawFields = new Set<string>();
  const usedProps = new Map<string, FieldType>();
  /** Text fields and properties read lower-cased but not trimmed (CondContext.lowerColumn), and properties read normalised. */
  const lowerFields = new Set<string>(), lowerProps = new Set<string>(), normProps = new Set<string>();
  const aggs: EventAgg[] = [];
  // A given as_of is a literal in the events' windows and decay (folded once by the planner,
  // the same double as p.as_of) rather than a column of a cross join to p read per event.
  const AS_OF = opts.asOfMs !== undefined ? num(d, opts.asOfMs) : 'p.as_of';

  // Where a SqlCompileError is thrown, turn its definition path into a file position.
  const locate = <T>(doc: LeadspecDoc | undefined, what: string, fn: () => T): T => {
    try { return fn(); } catch (e) {
      if (!(e instanceof SqlCompileError)) throw e;
      const hit = doc ? (valueRange(doc, e.path) ?? keyRange(doc, e.path) ?? doc.range) : undefined;
      throw new SqlUnsupportedError(doc?.file.file ?? '<definitions>', (hit?.start.line ?? 0) + 1, (hit?.start.character ?? 0) + 1,
        `${what}: ${e.message}`);
    }
  };

  // Event names match trimmed and case-insensitively, as in the engine (core/eval/conditions.ts).
  const eventDecl = (event: string) => catalog?.events?.[event]
    ?? Object.entries(catalog?.events ?? {}).find(([n]) => n.trim().toLowerCase() === event.trim().toLowerCase())?.[1];
  const propType = (event: string, name: string, path: PathSegment[]): FieldType | undefined => {
    const t = eventDecl(event)?.properties?.[name];
    if (!t) return undefined;
    const prev = usedProps.get(name);
    if (prev && prev !== t) throw new SqlCompileError(`the property '${name}' is declared as ${prev} on one event and ${t} on another; the events table has one column per property`, path);
    usedProps.set(name, t);
    return t;
  };

  // An event's name test: its code where the events table has one for the name (eventCodes).
  const codeOf = (name: string) => { const i = opts.eventCodes?.indexOf(name) ?? -1; return i < 0 ? undefined : i + 1; };
  const nameTest = (name: string) => { const c = codeOf(name); return c === undefined ? `e.ev_name = ${lit(name)}` : `e.ev_code = ${c}`; };

  /** Event count or sum over the events table, registered as one aggregate column. */
  const eventPredicate = (event: unknown, where: unknown, within: unknown, path: PathSegment[]): string => {
    if (typeof event !== 'string') throw new SqlCompileError(`'event' takes an event name`, [...path, 'event']);
    // An event the catalog does not declare still counts by its name (its properties are untyped,
    // so a `where` on it is refused below).
    const parts = [nameTest(event.trim().toLowerCase())];
    if (within !== undefined) {
      const minutes = parseDuration(within);
      if (minutes === undefined) throw new SqlCompileError(`'within' must be a duration like 30d`, [...path, 'within']);
      parts.push(`e.at_ms > ${AS_OF} - ${num(d, minutes * 60000)}`);
    }
    if (where !== undefined) {
      const ctx: CondContext = {
        d, scope: 'event', what: `the 'where' of an event`,
        typeOf: (name) => propType(event, name, [...path, 'where', name]),
        column: (name) => { normProps.add(name); return `e.${ident('p_' + name)}`; },
        lowerColumn: (name) => { lowerProps.add(name); return `e.${ident('pl_' + name)}`; },
      };
      parts.push(compileCondition(ctx, where, [...path, 'where']));
    }
    return parts.join(' AND ');
  };

  const icpIndex = new Map<string, number>();
  opts.icps.forEach((x, i) => { if (!icpIndex.has(x.def.id)) icpIndex.set(x.def.id, i); });

  const leadCtx = (what: string, extra: Partial<CondContext> = {}): CondContext => ({
    d, scope: 'lead', what,
    typeOf: (name) => fieldTypes[name],
    column: (name) => { usedFields.add(name); return ident('f_' + name); },
    lowerColumn: (name) => { lowerFields.add(name); return ident('fl_' + name); },
    eventCount: (cond, path) => {
      const name = `c${aggs.length}`;
      aggs.push({ name, event: String(cond.event).trim().toLowerCase(), pred: eventPredicate(cond.event, cond.where, cond.within, path) });
      return `coalesce(${ident(name)}, 0)`;
    },
    ...extra,
  });

  // ---- ICPs: match/exclude, then tier and personas (SPEC §4) ---------------------------------
  const icpCols: string[] = [];
  const tierCols: string[] = [];
  const icpJsonItems: Parameters<Dialect['icpArray']>[0] = [];
  opts.icps.forEach(({ def, doc }, i) => {
    const ctx = leadCtx(`ICP '${def.id}'`, {
      icp: (_id, path) => { throw new SqlCompileError(`an ICP that refers to another ICP is not supported by the SQL compiler`, path); },
    });
    const m = locate(doc, `ICP '${def.id}'`, () => def.match === undefined ? 'TRUE' : compileCondition(ctx, def.match, ['match']));
    const x = locate(doc, `ICP '${def.id}'`, () => def.exclude === undefined ? 'FALSE' : compileCondition(ctx, def.exclude, ['exclude']));
    icpCols.push(`(${m} AND NOT ${x}) AS ${ident('icp' + i)}`);
    const whens: string[] = [];
    (def.tiers ?? []).forEach((t, j) => {
      const c = locate(doc, `ICP '${def.id}', tier '${t.id}'`, () => t.when === undefined ? 'TRUE' : compileCondition(ctx, t.when, ['tiers', j, 'when']));
      whens.push(`WHEN ${c} THEN ${lit(t.id)}`);
    });
    tierCols.push(`CASE WHEN ${ident('icp' + i)} ${whens.length ? `THEN CASE ${whens.join(' ')} END` : 'THEN NULL'} END AS ${ident('tier' + i)}`);
    const personas = (def.personas ?? []).map((p, j) => ({
      id: p.id,
      holds: locate(doc, `ICP '${def.id}', persona '${p.id}'`, () => p.when === undefined ? 'TRUE' : compileCondition(ctx, p.when, ['personas', j, 'when'])),
    }));
    icpJsonItems.push({ matched: ident('icp' + i), id: def.id, tier: ident('tier' + i), personas });
  });
  const icpRef = (id: string, path: PathSegment[]) => {
    const i = icpIndex.get(id);
    if (i === undefined) throw new SqlCompileError(`'${id}' is not an ICP of the workspace`, path);
    return ident('icp' + i);
  };
  const tierRef = (icpId: string, tierId: string, path: PathSegment[]) => {
    const i = icpIndex.get(icpId);
    if (i === undefined) throw new SqlCompileError(`'${icpId}' is not an ICP of the workspace`, path);
    return `coalesce(${ident('tier' + i)} = ${lit(tierId)}, FALSE)`;
  };

  // ---- Scoring: rules, groups, sections (SPEC §5) --------------------------------------------
  // Every model's columns go into the same layers (models are independent of each other), named
  // with the model's prefix P (empty for a single-model query, whose columns keep their names).
  const ruleCols: string[] = [];   // layer 1: rule values and hits
  const groupCols: string[] = [];  // layer 2: which group members count
  const groupRawCols: string[] = []; // layer 3: group values before their clamp
  const sectionCols: string[] = [];
  const L: Record<(typeof MODEL_LAYERS)[number], string[]> = Object.fromEntries(MODEL_LAYERS.map((n) => [n, []])) as never;
  let seq = 0, exSeq = 0;
  const compiledModels: CompiledModel[] = [];
  const multi = opts.scorings !== undefined;
  const modelList = opts.scorings ?? (opts.scoring ? [opts.scoring] : []);

  const compileModel = (loc: Located<ScoringDef>, mi: number): void => {
    const model = loc.def;
    const mdoc = loc.doc;
    const P = multi ? `m${mi}_` : '';
    const ruleKeys: RuleKey[] = [];
    // [key, value, exact]: exact when the value is NULL or a number SPEC §5.4 rounding keeps as it is.
    const rulesJson: [string, string, boolean?][] = [];
    const eventsJson: [string, string][] = [];
    const clampsJson: [string, string][] = [];
    const clamp = (x: string, min?: number, max?: number) => {
      let e = x;
      if (max !== undefined) e = `CASE WHEN ${e} > ${num(d, max)} THEN ${num(d, max)} ELSE ${e} END`;
      if (min !== undefined) e = `CASE WHEN ${e} < ${num(d, min)} THEN ${num(d, min)} ELSE ${e} END`;
      return e;
    };
    const clampBounds: ClampBounds = {};
    const clampCut = (key: string, raw: string, clamped: string, bounds: { min?: number; max?: number }): number => {
      clampBounds[key] = { min: bounds.min, max: bounds.max };
      clampsJson.push([key, `CASE WHEN ${raw} <> ${clamped} THEN ${raw} - ${clamped} END`]);
      return clampsJson.length - 1;
    };
    // Nested output: what the reader needs to redo the clamps' arithmetic (NestedLayout).
    const layout: NestedLayout = { rules: [], groups: [], sections: [] };
    const sums: string[] = [];
    const chosenOut: string[] = [];
    const rhCols: string[] = [];
    const countCols: string[] = [];

    const compileRule = (section: 'fit' | 'engagement', sec: Section, rule: Rule, path: PathSegment[], group?: string): { value: string; hit: string; chosen: string; exact: boolean } => {
      const n = seq++;
      const v = ident('rv' + n), h = ident('rh' + n), chosen = ident('ch' + n);
      const key = group ? `${group}/${rule.id}` : rule.id;
      const what = `rule '${key}' of scoring '${model.id}'`;
      if (typeof rule.points !== 'number') throw new SqlCompileError(`'points' must be a number`, [...path, 'points']);
      if (isEventRule(rule)) {
        const r = rule as EventRule;
        const pred = locate(mdoc, what, () => eventPredicate(r.event, r.where, r.within, path));
        const decay = r.decay === 'none' ? undefined : (r.decay ?? sec.decay);
        let value = num(d, r.points);
        if (decay && decay !== 'none') {
          const minutes = locate(mdoc, what, () => {
            const m = parseDuration(decay.half_life);
            if (!m) throw new SqlCompileError(`'half_life' must be a positive duration like 30d`, r.decay ? [...path, 'decay', 'half_life'] : [...path.slice(0, -2), 'decay', 'half_life']);
            return m;
          });
          value = `${num(d, r.points)} * power(${num(d, 0.5)}, (${AS_OF} - e.at_ms) / ${num(d, minutes * 60000)})`;
        }
        const agg = `s${n}`;
        // Without decay, integer points sum exactly (the engine adds them one event at a time):
        // points × count, one aggregate per event fewer.
        const byCount = value === num(d, r.points) && Number.isInteger(r.points) && Math.abs(r.points) <= 1e6;
        aggs.push(byCount ? { name: agg + 'n', event: r.event.trim().toLowerCase(), pred } : { name: agg, event: r.event.trim().toLowerCase(), pred, value });
        const cnt = `coalesce(${ident(agg + 'n')}, 0)`;
        ruleCols.push(`${cnt} > 0 AS ${h}`);
        // The count: NULL without events (no row in e1), 0 when none matched.
        eventsJson.push([key, `NULLIF(${ident(agg + 'n')}, 0)`]);
        countCols.push(ident(agg + 'n'));
        // Reported only when the rule is also listed in `rules` (a group may pass it over).
        const clamped = r.max !== undefined || r.min !== undefined;
        if (byCount) {
          const raw = `(${num(d, r.points)} * ${cnt})`;
          ruleCols.push(`CASE WHEN ${cnt} > 0 THEN ${clamp(raw, r.min, r.max)} ELSE ${num(d, 0)} END AS ${v}`);
          const slot = clamped ? clampCut(`rule:${key}`, `CASE WHEN ${cnt} > 0 THEN ${raw} ELSE ${num(d, 0)} END`, v, r) : -1;
          layout.rules.push({ kind: 'count', points: r.points, min: r.min, max: r.max, slot, at: eventsJson.length - 1, chosenAt: -1 });
        } else {
          // The sum is NULL exactly when no event matched (each matching event adds a value that
          // is never NULL): a clamp keeps NULL NULL, so the value is the clamped sum or 0 — the
          // same value as testing the count first, in one expression fewer per lead.
          ruleCols.push(`coalesce(${clamp(ident(agg), r.min, r.max)}, ${num(d, 0)}) AS ${v}`);
          const slot = clamped ? clampCut(`rule:${key}`, ident(agg), v, r) : -1;
          sums.push(ident(agg));
          layout.rules.push({ kind: 'sum', points: r.points, min: r.min, max: r.max, slot, at: sums.length - 1, chosenAt: -1 });
        }
      } else {
        const extra = ['max', 'min', 'decay', 'within', 'where'].find((k) => (rule as unknown as Record<string, unknown>)[k] !== undefined);
        if (extra) throw locateErr(mdoc, [...path, extra], `${what}: '${extra}' applies to event rules only; a 'when' rule contributes its points once`);
        const c = locate(mdoc, what, () => compileCondition(leadCtx(what, { icp: icpRef, tier: tierRef }), rule.when, [...path, 'when']));
        ruleCols.push(`${c} AS ${h}`, `CASE WHEN ${c} THEN ${num(d, rule.points)} ELSE ${num(d, 0)} END AS ${v}`);
        layout.rules.push({ kind: 'when', points: rule.points, slot: -1, at: -1, chosenAt: -1 });
      }
      ruleKeys.push({ key, section, rule: rule.id, group, event: isEventRule(rule) });
      rhCols.push(h);
      // A `when` rule's value is its points or 0: rounding it is the identity when the points are.
      return { value: v, hit: h, chosen, exact: !isEventRule(rule) && roundJs(rule.points) === rule.points };
    };

    let sectionItems: NestedLayout['sections'][number]['items'] = [];
    const compileSection = (section: 'fit' | 'engagement'): string => {
      const sec = model[section];
      sectionItems = [];
      if (!sec) return num(d, 0);
      const items: string[] = [];
      (sec.rules ?? []).forEach((item, i) => {
        const path: PathSegment[] = [section, 'rules', i];
        if (isGroup(item)) {
          const g = item as Group;
          const members = (g.rules ?? []).map((r, j) => ({ r, ...compileRule(section, sec, r, [...path, 'rules', j], g.group) }));
          const pick = g.pick ?? 'sum';
          const chosen = members.map((m, k) => {
            if (pick === 'sum') return m.hit;
            if (pick === 'first') return [m.hit, ...members.slice(0, k).map((o) => `NOT ${o.hit}`)].join(' AND ');
            // max: the largest value among matching rules; on a tie the first one.
            return [m.hit, ...members.slice(0, k).map((o) => `NOT (${o.hit} AND ${o.value} >= ${m.value})`),
              ...members.slice(k + 1).map((o) => `NOT (${o.hit} AND ${o.value} > ${m.value})`)].join(' AND ');
          });
          const gi = seq++;
          members.forEach((m, k) => {
            groupCols.push(`(${chosen[k]}) AS ${m.chosen}`);
          });
          const raw = members.length === 0 ? num(d, 0)
            : pick === 'sum' ? members.map((m) => m.value).join(' + ')
              : `CASE ${members.map((m) => `WHEN ${m.chosen} THEN ${m.value}`).join(' ')} ELSE ${num(d, 0)} END`;
          groupRawCols.push(`${raw} AS ${ident('gr' + gi)}`);
          // A group none of whose rules matched contributes nothing: its clamp does not apply.
          const anyHit = members.length ? members.map((m) => m.hit).join(' OR ') : 'FALSE';
          sectionCols.push(`CASE WHEN ${anyHit} THEN ${clamp(ident('gr' + gi), g.min, g.max)} ELSE ${num(d, 0)} END AS ${ident('gv' + gi)}`);
          const slot = g.max !== undefined || g.min !== undefined ? clampCut(`group:${section}/${g.group}`, ident('gr' + gi), ident('gv' + gi), g) : -1;
          const first = ruleKeys.length - members.length;
          if (pick !== 'sum') members.forEach((m, k) => { layout.rules[first + k].chosenAt = chosenOut.length; chosenOut.push(m.chosen); });
          layout.groups.push({ pick: pick === 'sum' ? 'sum' : 'one', members: members.map((_, k) => first + k), min: g.min, max: g.max, slot });
          sectionItems.push({ group: layout.groups.length - 1 });
          for (const m of members) {
            rulesJson.push([`${g.group}/${m.r.id}`, `CASE WHEN ${m.chosen} THEN ${m.value} END`, m.exact]);
          }
          items.push(ident('gv' + gi));
        } else {
          const r = compileRule(section, sec, item as Rule, path);
          rulesJson.push([(item as Rule).id, `CASE WHEN ${r.hit} THEN ${r.value} END`, r.exact]);
          sectionItems.push({ rule: ruleKeys.length - 1 });
          items.push(r.value);
        }
      });
      return items.length ? items.join(' + ') : num(d, 0);
    };

    const fitRaw = locate(mdoc, `scoring '${model.id}'`, () => compileSection('fit'));
    const fitItems = sectionItems;
    const engRaw = locate(mdoc, `scoring '${model.id}'`, () => compileSection('engagement'));
    const engItems = sectionItems;

    // disqualify and mql read the score outputs (SPEC §5.6); compiled before assembling because
    // they register the lead fields they use.
    {
      const domains = gradeDomains(model);
      const scoreCtx = (allowMql: boolean, gradeCol: string) => (key: string) => scoreColumn(d, P, key, allowMql, gradeCol, false, domains, gradeCol === P + 'grade');
      const disq = model.disqualify === undefined ? 'FALSE'
        : locate(mdoc, `the disqualify condition of scoring '${model.id}'`, () => compileCondition(
          leadCtx(`disqualify`, { icp: icpRef, tier: tierRef, score: scoreCtx(false, P + 'band_grade') }), model.disqualify, ['disqualify']));
      const mql = model.mql === undefined ? 'FALSE'
        : locate(mdoc, `the mql condition of scoring '${model.id}'`, () => compileCondition(
          leadCtx(`mql`, { icp: icpRef, tier: tierRef, score: scoreCtx(true, P + 'grade') }), model.mql, ['mql']));
      // The model's outputs, layer by layer (each reads the columns of the layers before it).
      const c = (n: string) => ident(P + n);
      L.sections.push(`${fitRaw} AS ${c('fit_raw')}`, `${engRaw} AS ${c('eng_raw')}`);
      L.clamped.push(`${clamp(c('fit_raw'), model.fit?.min, model.fit?.max)} AS ${c('fit_c')}`, `${clamp(c('eng_raw'), model.engagement?.min, model.engagement?.max)} AS ${c('eng_c')}`);
      const fitSlot = model.fit && (model.fit.max !== undefined || model.fit.min !== undefined) ? clampCut('section:fit', c('fit_raw'), c('fit_c'), model.fit) : -1;
      const engSlot = model.engagement && (model.engagement.max !== undefined || model.engagement.min !== undefined) ? clampCut('section:engagement', c('eng_raw'), c('eng_c'), model.engagement) : -1;
      layout.sections.push({ items: fitItems, min: model.fit?.min, max: model.fit?.max, slot: fitSlot }, { items: engItems, min: model.engagement?.min, max: model.engagement?.max, slot: engSlot });
      L.rounded.push(`${round2(d, c('fit_c'))} AS ${c('fit')}`, `${round2(d, c('eng_c'))} AS ${c('engagement')}`);
      let totalExpr = `${c('fit')} + ${c('engagement')}`;
      if (model.total && typeof model.total === 'object') {
        const w = (model.total as { weights?: Record<string, unknown> }).weights ?? {};
        const wf = w.fit, we = w.engagement;
        if ((wf !== undefined && typeof wf !== 'number') || (we !== undefined && typeof we !== 'number')) {
          throw locateErr(mdoc, ['total', 'weights'], `scoring '${model.id}': weights must be numbers`);
        }
        totalExpr = `${c('fit')} * ${num(d, (wf as number | undefined) ?? 0)} + ${c('engagement')} * ${num(d, (we as number | undefined) ?? 0)}`;
      } else if (model.total !== undefined && model.total !== 'sum') {
        throw locateErr(mdoc, ['total'], `scoring '${model.id}': total must be 'sum' or { weights: … }`);
      }
      L.totals_raw.push(`${totalExpr} AS ${c('total_raw')}`);
      L.totals.push(`${round2(d, c('total_raw'))} AS ${c('total')}`);
      // First band whose min <= value; a band without min catches all; none fits → 'ungraded'.
      const bands = (list: Band[] | undefined, of: string, path: PathSegment[]) => {
        if (!Array.isArray(list) || list.length === 0) return lit(UNGRADED);
        const whens = list.map((b, i) => {
          if (b.min === undefined) return `WHEN TRUE THEN ${lit(String(b.id))}`;
          if (typeof b.min !== 'number') throw locateErr(mdoc, [...path, i, 'min'], `scoring '${model.id}': a band's min must be a number`);
          return `WHEN ${of} >= ${num(d, b.min)} THEN ${lit(String(b.id))}`;
        });
        return `CASE ${whens.join(' ')} ELSE ${lit(UNGRADED)} END`;
      };
      let matrix = false;
      if (!Array.isArray(model.grades) && model.matrix && typeof model.matrix === 'object') {
        matrix = true;
        L.bands.push(`${bands(model.matrix.fit, c('fit'), ['matrix', 'fit'])} AS ${c('fit_grade')}`, `${bands(model.matrix.engagement, c('engagement'), ['matrix', 'engagement'])} AS ${c('engagement_grade')}`);
        L.grades.push(`CASE WHEN ${c('fit_grade')} = ${lit(UNGRADED)} OR ${c('engagement_grade')} = ${lit(UNGRADED)} THEN ${lit(UNGRADED)} ELSE ${c('fit_grade')} || ${c('engagement_grade')} END AS ${c('band_grade')}`);
      } else {
        L.grades.push(`${bands(model.grades, c('total'), ['grades'])} AS ${c('band_grade')}`, `CAST(NULL AS VARCHAR) AS ${c('fit_grade')}`, `CAST(NULL AS VARCHAR) AS ${c('engagement_grade')}`);
      }
      L.disq.push(`${disq} AS ${c('disqualified')}`);
      L.graded.push(`CASE WHEN ${c('disqualified')} THEN 'disqualified' ELSE ${c('band_grade')} END AS ${c('grade')}`);
      L.qualified.push(`(NOT ${c('disqualified')} AND ${mql}) AS ${c('mql')}`);
      const name = (col: string) => ident(multi ? `${model.id}.${col}` : col);
      const explained = [...rulesJson, ...clampsJson];
      const base = exSeq;
      exSeq += explained.length;
      // Nested output (not the backtest's, which reads the rules' ex columns): a rule's points are
      // not computed per lead but rebuilt by the reader from whether it contributed (below).
      const hitList = opts.nested === true && !opts.backtest;
      if (!hitList) L.explained.push(...explained.map(([, e], i) => `${e} AS ${ident('ex' + (base + i))}`));
      const exCols = explained.map((_, i) => ident('ex' + (base + i)));
      let explanation: string[];
      if (opts.nested) {
        // What the reader cannot know (CompiledModel.layout): the rules' hits, the counts, the raw
        // sums, the first/max groups' choices; it redoes the values and the cuts, unrounded, and
        // rounds what it reports with the engine's round2. Computing ~40 explanation values per
        // lead here and storing them was ~10% of the query (docs/benchmarks.md).
        const list = (vs: string[]) => (vs.length === 0 ? 'NULL' : `[${vs.join(', ')}]`);
        // The counts as they are (NULL without events, 0 when none matched): the reader reads both as no event.
        explanation = [list(rhCols), list(countCols), 'NULL', list(sums), list(chosenOut)];
      } else {
        // Rule points and clamp cuts as the explanation shows them: rounded as SPEC §5.4 (round2
        // reads its argument several times, so each value is a column first).
        L.explained_r.push(...explained.map(([, , exact], i) => `${exact ? exCols[i] : round2(d, exCols[i])} AS ${ident('exr' + (base + i))}`));
        const rounded = explained.map(([k], i): [string, string] => [k, ident('exr' + (base + i))]);
        // Mostly all NULL (no clamp cut, no event): then the same object, built once by the planner.
        const sparse = (pairs: [string, string][]) => (pairs.length === 0 ? d.jsonObject(pairs)
          : `CASE WHEN ${pairs.map(([, v]) => `${v} IS NOT NULL`).join(' OR ')} THEN ${d.jsonObject(pairs)} ELSE ${d.jsonObject(pairs.map(([k]) => [k, 'NULL']))} END`);
        explanation = [d.jsonObject(rounded.slice(0, rulesJson.length)), sparse(eventsJson), sparse(rounded.slice(rulesJson.length))];
      }
      const outputs = [
        ...['fit', 'engagement', 'total', 'grade', 'fit_grade', 'engagement_grade', 'mql', 'disqualified'].map((k) => `${c(k)} AS ${name(k)}`),
        `${explanation[0]} AS ${name('rules')}`, `${explanation[1]} AS ${name('rule_events')}`,
        ...(hitList ? [] : [`${explanation[2]} AS ${name('clamps')}`]),
        ...(opts.nested ? [`${explanation[3]} AS ${name('rule_values')}`, `${explanation[4]} AS ${name('rule_chosen')}`] : []),
      ];
      compiledModels.push({
        id: model.id, rules: ruleKeys, clampBounds, matrix, prefix: multi ? `${model.id}.` : '', outputs, hits: rulesJson.map((_, i) => ident('ex' + (base + i))),
        ranked: ['total', 'grade', 'mql', 'disqualified'].map((k) => `${c(k)} AS ${name(k)}`),
        eventKeys: eventsJson.map(([k]) => k), clampKeys: clampsJson.map(([k]) => k), layout: hitList ? layout : undefined,
      });
    }
  };

  modelList.forEach((loc, mi) => compileModel(loc, mi));

  // ---- SLAs (SPEC §6): read the models' outputs, so compiled after them ------------------------
  const slaPart = compileSlaSql({
    d, slas: opts.slas ?? [], range: opts.slaRange, fieldTypes, locate,
    condCtx: (what, scoring, path) => {
      // Score keys read the commitment's model; with a single model, that one (as core/eval/simulate.ts).
      const id = scoring ?? (modelList.length === 1 ? modelList[0].def.id : undefined);
      const mi = id === undefined ? -1 : modelList.findIndex((x) => x.def.id === id);
      const P = multi ? `m${mi}_` : '';
      return leadCtx(what, {
        icp: icpRef, tier: tierRef,
        score: (key) => {
          if (mi < 0) throw new SqlCompileError(id === undefined ? `score outputs need the commitment's \`scoring:\` model` : `scoring '${id}' is not compiled into this query`, path);
          return scoreColumn(d, P, key, true, P + 'grade', true, gradeDomains(modelList[mi].def), true);
        },
      });
    },
    column: (name) => { usedFields.add(name); return ident('f_' + name); },
    rawColumn: (name) => { rawFields.add(name); return ident('r_' + name); },
    asOf: 'p.as_of',
  });

  // ---- Assemble ------------------------------------------------------------------------------
  const bt = opts.backtest;
  for (const f of bt?.fields ?? []) usedFields.add(f);
  const needEvents = aggs.length > 0 || ((slaPart.needsAsOf || bt !== undefined) && opts.asOfMs === undefined);
  const normal = new Set(opts.normalFields ?? []);
  const fieldCol = (name: string): string => {
    const c = `l.${ident(name)}`;
    const t = fieldTypes[name];
    switch (t) {
      case 'string': case 'enum': return `NULLIF(lower(${normal.has(name) ? `CAST(${c} AS VARCHAR)` : d.trim(`CAST(${c} AS VARCHAR)`)}), '')`;
      case 'integer': case 'number': return `CAST(${c} AS ${d.double})`;
      case 'boolean': return `CAST(${c} AS BOOLEAN)`;
      case 'date': case 'datetime': return d.epochMs(c);
      case 'list': return d.nonEmptyListOf(`CAST(${c} AS VARCHAR)`);
      default: return 'NULL';
    }
  };
  const datetimeFields = Object.keys(fieldTypes).filter((k) => fieldTypes[k] === 'datetime');
  if (needEvents && opts.asOfMs === undefined) datetimeFields.forEach((f) => usedFields.add(f));
  const order = opts.orderBy ? `l.${ident(opts.orderBy)}` : `l.id`;
  const ctes: string[] = [...slaPart.tables];
  ctes.push(`l0 ${d.cte} (\n  SELECT CAST(l.id AS VARCHAR) AS ls_id, ${order} AS ls_ord${[...usedFields].map((f) => `,\n    ${fieldCol(f)} AS ${ident('f_' + f)}`).join('')}${[...lowerFields].map((f) => `,\n    lower(CAST(l.${ident(f)} AS VARCHAR)) AS ${ident('fl_' + f)}`).join('')}${[...rawFields].map((f) => `,\n    CAST(l.${ident(f)} AS VARCHAR) AS ${ident('r_' + f)}`).join('')}\n  FROM ${leads} AS l\n)`);
  let prev = 'l0';
  if (needEvents) {
    const props = [...usedProps].map(([name, t]) => {
      const c = `ev.${ident(name)}`;
      const e = t === 'string' ? `NULLIF(lower(${d.trim(`CAST(${c} AS VARCHAR)`)}), '')` : t === 'number' ? `CAST(${c} AS ${d.double})` : `CAST(${c} AS BOOLEAN)`;
      return `${normProps.has(name) ? `,\n    ${e} AS ${ident('p_' + name)}` : ''}${lowerProps.has(name) ? `,\n    lower(CAST(${c} AS VARCHAR)) AS ${ident('pl_' + name)}` : ''}`;
    }).join('');
    ctes.push(`e0 ${d.cte} (\n  SELECT CAST(ev.lead_id AS VARCHAR) AS lead_id, ${opts.eventsNormalized ? 'CAST(ev.event AS VARCHAR)' : `lower(${d.trim('CAST(ev.event AS VARCHAR)')})`} AS ev_name${opts.eventCodes?.length ? ', ev.ls_ev AS ev_code' : ''}, ${d.epochMs('ev.at')} AS at_ms${props}\n  FROM ${events} AS ev\n)`);
  }
  if (needEvents || slaPart.needsAsOf || bt) {
    const asOf = opts.asOfMs !== undefined ? num(d, opts.asOfMs)
      // The latest time of the events a lead holds, as the loader keeps them (SPEC §7): not an
      // event of a lead missing from the leads table, nor one without a name.
      : `(SELECT max(m) FROM (SELECT max(at_ms) AS m FROM e0 WHERE ev_name <> '' AND lead_id IN (SELECT ls_id FROM l0)${datetimeFields.map((f) => ` UNION ALL SELECT max(${ident('f_' + f)}) FROM l0`).join('')}) AS x)`;
    ctes.push(`p ${d.cte} (SELECT ${asOf} AS as_of)`);
  }
  const countAll = opts.countEvents === true && aggs.length > 0 && !opts.backtest;
  if (aggs.length > 0) {
    // Counts as count(*) FILTER: a BIGINT state per lead where sum(CASE … 1 ELSE 0) keeps a
    // HUGEINT one (1M × 10M, the aggregation alone: 5–9% less CPU).
    // Counting every event (countEvents): no WHERE, as_of tested in each aggregate (each
    // predicate already tests its name; a NULL time fails the test as the WHERE did).
    const pred = (a: EventAgg) => (countAll ? `e.at_ms <= ${AS_OF} AND ${a.pred}` : a.pred);
    const count = (a: EventAgg) => `count(*) FILTER (WHERE ${pred(a)})`;
    const aggCols = aggs.map((a) => a.value === undefined
      ? `${count(a)} AS ${ident(a.name)}`
      : `sum(CASE WHEN ${pred(a)} THEN ${a.value} END) AS ${ident(a.name)},\n    ${count(a)} AS ${ident(a.name + 'n')}`);
    const evNames = [...new Set(aggs.map((a) => a.event))];
    const coded = evNames.filter((n) => codeOf(n) !== undefined), named = evNames.filter((n) => codeOf(n) === undefined);
    const oneName = [...(coded.length ? [`e.ev_code IN (${coded.map((n) => codeOf(n)).join(', ')})`] : []), ...(named.length ? [d.oneOf('e.ev_name', named.map(lit))] : [])];
    const where = countAll ? '' : `\n  WHERE e.at_ms <= ${AS_OF} AND ${oneName.length > 1 ? `(${oneName.join(' OR ')})` : oneName[0]}`;
    ctes.push(`e1 ${d.cte} (\n  SELECT e.lead_id,${countAll ? ` count(*) AS ls_n,` : ''}\n    ${aggCols.join(',\n    ')}\n  FROM e0 AS e${opts.asOfMs !== undefined ? '' : ' CROSS JOIN p'}${where}\n  GROUP BY e.lead_id\n)`);
    const aggNames = [...(countAll ? ['ls_n'] : []), ...aggs.flatMap((a) => a.value === undefined ? [a.name] : [a.name, a.name + 'n'])];
    ctes.push(`l1 ${d.cte} (\n  SELECT l0.*, ${aggNames.map((n) => `e1.${ident(n)}`).join(', ')}\n  FROM l0 LEFT JOIN e1 ON e1.lead_id = l0.ls_id\n)`);
    prev = 'l1';
  }
  const layer = (name: string, cols: string[], joins = '') => {
    if (cols.length === 0) return;
    ctes.push(`${name} ${d.cte} (\n  SELECT x.*,\n    ${cols.join(',\n    ')}\n  FROM ${prev} AS x${joins}\n)`);
    prev = name;
  };
  layer('icp', icpCols);
  layer('tiers', tierCols);
  layer('rules', ruleCols);
  layer('groups', groupCols);
  layer('groupraw', groupRawCols);
  layer('items', sectionCols);
  for (const n of MODEL_LAYERS) layer(n, L[n]);
  for (const l of slaPart.layers) layer(l.name, l.cols, l.joins);
  // The backtest's T when the data gives it: a join to the one row of p (a scalar subquery per
  // row costs DuckDB more than the scores do).
  if (bt && opts.asOfMs === undefined) layer('bt_as_of', ['p.as_of AS ls_as_of'], '\n  CROSS JOIN p');

  // The backtest reads a few outputs of each lead; the explanation and ICP JSON are not built.
  // Nested output: per ICP whether it matched, its tier and whether each persona holds, as three
  // LISTs (CompiledSql.icps says whose), rebuilt into the engine's IcpMatch by the reader
  // (io/sql-rows.ts) — a LIST of STRUCTs filtered per lead cost ~5% of the query (docs/benchmarks.md).
  const icpOut = !opts.nested ? [`${d.icpArray(icpJsonItems)} AS icps`]
    : icpJsonItems.length === 0 ? ['NULL AS icps']
      : [`[${icpJsonItems.map((it) => it.matched).join(', ')}] AS icps`, `[${icpJsonItems.map((it) => it.tier).join(', ')}] AS ${ident(ICP_TIERS)}`,
        `${icpJsonItems.some((it) => it.personas.length) ? `[${icpJsonItems.flatMap((it) => it.personas.map((p) => `(${p.holds})`)).join(', ')}]` : 'NULL'} AS ${ident(ICP_PERSONAS)}`];
  const out: string[] = bt ? [`ls_id AS id`] : [`ls_id AS id`, ...icpOut];
  if (opts.orderBy && !bt) out.push(`ls_ord AS ${ident(ROW_OUT)}`);
  for (const m of compiledModels) out.push(...(bt ? m.ranked : m.outputs));
  if (!bt) out.push(...slaPart.outputs);
  if (countAll) out.push(`ls_n AS ${ident(EVENT_COUNT)}`);
  if (bt) {
    compiledModels.forEach((m, mi) => m.hits.forEach((h, ri) => out.push(`(${h} IS NOT NULL) AS ${ident(`ls_hit_${mi}_${ri}`)}`)));
    opts.icps.forEach((_, i) => out.push(`${ident('icp' + i)} AS ${ident('ls_icp_' + i)}`, `${ident('tier' + i)} AS ${ident('ls_tier_' + i)}`));
    for (const f of bt.fields) out.push(`${ident('f_' + f)} AS ${ident('ls_f_' + f)}`);
    out.push(`ls_ord`, opts.asOfMs === undefined ? 'ls_as_of' : `${num(d, opts.asOfMs)} AS ls_as_of`);
  }
  const first = compiledModels[0];
  const what = multi ? `${compiledModels.length} scoring model(s)${opts.slas?.length ? ` and ${opts.slas.length} SLA(s)` : ''}`
    : opts.scoring ? `scoring '${commentText(String(opts.scoring.def.id))}'` : 'ICPs';
  const body = `WITH\n${ctes.join(',\n')}\nSELECT ${out.join(',\n  ')}\nFROM ${prev}`;
  const sql = `-- leadspec ${what} compiled for ${d.name}\n${body}\nORDER BY ls_ord;\n`;
  const volumeOver = (rel: string) => slaPart.volumeOver(rel);
  return {
    sql, select: body, dialect: d.name, rules: first?.rules ?? [],
    leadFields: [...new Set([...usedFields, ...lowerFields, ...rawFields])], eventCount: countAll,
    icps: opts.nested ? icpJsonItems.map((it) => ({ id: it.id, personas: it.personas.map((p) => p.id) })) : undefined, clampBounds: first?.clampBounds ?? {}, matrix: first?.matrix ?? false, hasScoring: !!first,
    models: compiledModels, commitments: slaPart.commitments,
    volumeSql: slaPart.commitments.some((c) => c.kind === 'volume')
      ? `-- leadspec volume commitments per period, compiled for ${d.name}\nWITH r ${d.cte} (\n${body}\n)\n${volumeOver('r')};\n` : undefined,
    volumeOver,
  };
}

/**
 * Every value the model's grade columns can hold, as the SQL above writes them (a superset is
 * fine): a grade test then becomes a membership test over the labels that pass it, decided at
 * compile time, instead of lower-casing and trimming the grade on every row.
 */
interface GradeDomains { band: string[]; final: string[]; fit?: string[]; engagement?: string[] }
function gradeDomains(model: ScoringDef): GradeDomains {
  const labels = (list: Band[] | undefined) => [...new Set([...(Array.isArray(list) ? list.map((b) => String(b.id)) : []), UNGRADED])];
  if (!Array.isArray(model.grades) && model.matrix && typeof model.matrix === 'object') {
    const fit = labels(model.matrix.fit), engagement = labels(model.matrix.engagement);
    const band = [...new Set([...fit.flatMap((f) => engagement.map((e) => f + e)), UNGRADED])];
    return { band, final: [...new Set([...band, 'disqualified'])], fit, engagement };
  }
  const band = labels(model.grades);
  return { band, final: [...new Set([...band, 'disqualified'])] };
}

/** A score output of the model whose columns carry prefix P, as conditions test it. */
function scoreColumn(d: Dialect, P: string, key: string, allowDisq: boolean, gradeCol: string, final = false, domains?: GradeDomains, finalGrade = false): ScoreColumn | undefined {
  const text = (c: string) => `NULLIF(lower(${d.trim(c)}), '')`;
  switch (key) {
    case 'fit': case 'engagement': case 'total': return { expr: ident(P + key), kind: 'number' };
    case 'grade': return { expr: text(ident(gradeCol)), kind: 'grade', raw: ident(gradeCol), domain: domains && (finalGrade ? domains.final : domains.band) };
    case 'fit_grade': case 'engagement_grade': return { expr: text(ident(P + key)), kind: 'grade', raw: ident(P + key), domain: key === 'fit_grade' ? domains?.fit : domains?.engagement };
    case 'disqualified': return allowDisq ? { expr: ident(P + 'disqualified'), kind: 'boolean' } : undefined;
    // Only after the model is complete (an SLA's conditions), not inside its own mql.
    case 'mql': return final ? { expr: ident(P + 'mql'), kind: 'boolean' } : undefined;
    default: return undefined;
  }
}

function locateErr(doc: LeadspecDoc | undefined, path: PathSegment[], msg: string): SqlUnsupportedError {
  const hit = doc ? (valueRange(doc, path) ?? keyRange(doc, path) ?? doc.range) : undefined;
  return new SqlUnsupportedError(doc?.file.file ?? '<definitions>', (hit?.start.line ?? 0) + 1, (hit?.start.character ?? 0) + 1, msg);
}
