// Compiles a condition (SPEC §3) ONCE into a closure; evaluating a lead never re-reads the YAML.
//
// Semantics every engine shares: strings and enums compare trimmed and case-insensitively; a
// missing or empty value fails every test but `exists: false` (`ne` and `not_in` included);
// `not` is plain negation; dates and datetimes compare as instants; an event condition counts
// the lead's events with `at <= as_of` and, with `within`, `at > as_of - within`.
//
// A malformed condition (possible while the user types) never throws: the offending part
// compiles to a predicate that never holds, and the checker reports it.
import type { Condition, EventDecl, EventPropType, FieldDecl, FieldType } from '../model.js';
import { parseDuration, SCORE_BOOL_KEYS, SCORE_GRADE_KEYS, SCORE_NUMERIC_KEYS } from '../model.js';
import type { Lead } from '../results.js';
import { propKeyId, type EventStore } from '../data/event-store.js';
import * as values from '../data/values.js';

// Local bindings of the value helpers every test calls: run through tsx's transform (the tests
// and benchmarks) a module reads each imported binding through a getter on every call — 9% of
// the CPU of scoring alone (bench/simulate.bench.ts). The bundles in dist/ call them directly.
const { isMissing, norm, parseBoolean, parseDatetime, parseNumber } = values;

/** What a lead's ICP evaluation yields; read by `icp:` and `tier:` keys. */
/** Personas are not part of it: only reports need them (CompiledIcp.personas), conditions never do. */
export interface IcpState { readonly matched: boolean; readonly tier: string | null }
export interface IcpEvaluator { evaluate(ctx: EvalCtx): IcpState }

/** Score outputs that `fit`, `grade`, `mql`… keys read (a ScoreResult, possibly partial). */
export interface ScoreLike {
  fit?: number; engagement?: number; total?: number;
  grade?: string; fit_grade?: string; engagement_grade?: string;
  mql?: boolean; disqualified?: boolean;
}

/** Event names → dense slots, so a lead's events are bucketed once per lead, not per rule. */
export class EventSlots {
  private readonly slots = new Map<string, number>();
  private readonly lookupCache = new Map<string, number>();
  /**
   * The first names looked up and their slots, scanned before the map: a sample names a few
   * kinds of event, and the loader interns names, so `===` is mostly a pointer comparison —
   * cheaper than hashing into the map once per event of every lead.
   */
  private readonly recentNames: string[] = [];
  private readonly recentSlots: number[] = [];
  readonly names: string[] = [];
  /** Slot of an event name (registered on first use). Names match trimmed, case-insensitively. */
  slot(name: string): number {
    const k = norm(name);
    let s = this.slots.get(k);
    if (s === undefined) {
      s = this.names.length; this.slots.set(k, s); this.names.push(k);
      this.lookupCache.clear(); this.recentNames.length = 0; this.recentSlots.length = 0;
    }
    return s;
  }
  /** Slot of an event as written in the data, or -1 when no condition uses it. */
  lookup(name: string): number {
    const names = this.recentNames;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.recentSlots[i];
    let s = this.lookupCache.get(name);
    if (s === undefined) { s = this.slots.get(norm(name)) ?? -1; this.lookupCache.set(name, s); }
    if (names.length < 16) { names.push(name); this.recentSlots.push(s); }
    return s;
  }
  get size(): number { return this.names.length; }
}

/** ICP ids → slots; `icp:`/`tier:` keys read the evaluation of the ICP in their slot. */
export class IcpSlots {
  private readonly slots = new Map<string, number>();
  readonly ids: string[] = [];
  readonly evaluators: (IcpEvaluator | undefined)[] = [];
  slot(id: string): number {
    let s = this.slots.get(id);
    if (s === undefined) { s = this.ids.length; this.slots.set(id, s); this.ids.push(id); this.evaluators.push(undefined); }
    return s;
  }
  define(id: string, ev: IcpEvaluator): void { this.evaluators[this.slot(id)] = ev; }
}

/**
 * Field names → dense slots, so that a lead's field is read (and, for text tests, normalised)
 * once per lead however many tests read it: the keyed read of `values[name]` is a megamorphic
 * lookup (every field, many object shapes) and normalising allocates for mixed-case text.
 */
export class FieldSlots {
  private readonly slots = new Map<string, number>();
  readonly names: string[] = [];
  slot(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) { s = this.names.length; this.slots.set(name, s); this.names.push(name); }
    return s;
  }
  get size(): number { return this.names.length; }
}

const NOT_MATCHED: IcpState = Object.freeze({ matched: false, tier: null });

/**
 * The evaluation state of one lead at one `as_of`. One context is reused for every lead of a
 * simulation (`setLead`), so the hot path allocates nothing but the results themselves.
 */
export class EvalCtx {
  lead!: Lead;
  asOf = 0;
  /**
   * The lead's events by slot, oldest first, as event indices: `buckets[slot][0 … counts[slot] - 1]`;
   * event i's time is `evAt[i]`, its properties `prop(i, …)`. For a lead of the file loaders
   * (`Lead.stored`) an index is the event's row in its EventStore and `evAt` the store's column;
   * for a lead built from objects, its position in `lead.events` and `evAt` a scratch copy of their
   * times. The arrays are reused from lead to lead (entries past the count are stale), so setLead
   * allocates nothing once they have grown.
   */
  buckets: Int32Array[] = [];
  counts: Int32Array = new Int32Array(0);
  evAt: Float64Array = new Float64Array(0);
  /** The event a `where` is testing (compileEventWhere sets it; a where never nests). */
  event = 0;
  /** The store of the current lead's events (Lead.stored), or undefined: then `objProps`. */
  private evStore: EventStore | undefined;
  private objProps: Record<string, unknown>[] = [];
  private objAt: Float64Array = new Float64Array(16);
  /** Per name id of `slotStore`: the event slot (-1: no condition reads it), for eventSlots of `slotSize` slots. */
  private slotOfName: Int32Array = new Int32Array(0);
  private slotStore: EventStore | undefined;
  private slotSize = -1;
  /** Scoring context: the model being computed (its outputs so far). */
  score: ScoreLike | undefined;
  /** How far the current model has got: 1 fit, 2 engagement, 3 total and grades, 4 disqualified, 5 mql. */
  scoreStage = 0;
  /** SLA context: every model's result for this lead, by model id. */
  scores: Record<string, ScoreLike> | undefined;
  private gen = 0;
  private readonly icpGen: number[] = [];
  private readonly icpVal: IcpState[] = [];

  /** Per field slot (FieldSlots): the lead generation its memo is of, the raw value, its text form (strConv). */
  private fieldGen: Int32Array = new Int32Array(0);
  private fieldRaw: unknown[] = [];
  private textGen: Int32Array = new Int32Array(0);
  private textVal: (string | undefined)[] = [];

  constructor(readonly eventSlots: EventSlots, readonly icpSlots: IcpSlots = new IcpSlots(), readonly fieldSlots: FieldSlots = new FieldSlots()) {}

  /** The lead's value of the field in `slot` (named `name`), read once per lead. */
  field(slot: number, name: string): unknown {
    if (this.fieldGen[slot] === this.gen) return this.fieldRaw[slot];
    if (slot >= this.fieldGen.length) this.growFields(slot);
    const v = this.lead.values[name];
    this.fieldGen[slot] = this.gen;
    this.fieldRaw[slot] = v;
    return v;
  }

  /** The field's value as text tests compare it (strConv: trimmed, lower-cased; undefined when missing), once per lead. */
  text(slot: number, name: string): string | undefined {
    if (this.textGen[slot] === this.gen) return this.textVal[slot];
    const d = strConv(this.field(slot, name));
    this.textGen[slot] = this.gen;
    this.textVal[slot] = d;
    return d;
  }

  private growFields(slot: number): void {
    const n = Math.max(slot + 1, this.fieldSlots.size, this.fieldGen.length * 2);
    const g = new Int32Array(n); g.set(this.fieldGen); this.fieldGen = g;
    const t = new Int32Array(n); t.set(this.textGen); this.textGen = t;
  }

  setLead(lead: Lead, asOf: number): this {
    this.lead = lead;
    this.asOf = asOf;
    this.score = undefined;
    this.scores = undefined;
    this.gen++;
    const n = this.eventSlots.size;
    const b = this.buckets;
    while (b.length < n) b.push(new Int32Array(8));
    if (this.counts.length < n) this.counts = new Int32Array(n);
    const counts = this.counts;
    counts.fill(0);
    const r = lead.stored;
    if (r !== undefined) {
      const store = r.store;
      this.evStore = store;
      this.evAt = store.at;
      const slotOf = this.slotOfName.length > 0 && this.slotStore === store && this.slotSize === n ? this.slotOfName : this.slotsOf(store);
      const name = store.name;
      for (let i = r.from; i < r.to; i++) {
        const s = slotOf[name[i]];
        if (s >= 0) { const c = counts[s]; if (c === b[s].length) this.grow(s); b[s][c] = i; counts[s] = c + 1; }
      }
      return this;
    }
    // A lead built from objects: its events' times and properties in scratch arrays, indexed by position.
    this.evStore = undefined;
    const evs = lead.events;
    if (this.objAt.length < evs.length) this.objAt = new Float64Array(Math.max(evs.length, this.objAt.length * 2));
    const at = this.objAt, props = this.objProps;
    this.evAt = at;
    const slots = this.eventSlots;
    for (let i = 0; i < evs.length; i++) {
      const e = evs[i];
      at[i] = e.at; props[i] = e.props;
      const s = slots.lookup(e.event);
      if (s >= 0) { const c = counts[s]; if (c === b[s].length) this.grow(s); b[s][c] = i; counts[s] = c + 1; }
    }
    return this;
  }

  /** Property `key` (its propKeyId `id`) of the current lead's event `i` (an index of `buckets`). */
  prop(i: number, id: number, key: string): unknown {
    const store = this.evStore;
    return store !== undefined ? store.prop(i, id) : this.objProps[i][key];
  }

  private grow(s: number): void {
    const x = new Int32Array(this.buckets[s].length * 2);
    x.set(this.buckets[s]);
    this.buckets[s] = x;
  }

  /** The event slot of each of the store's names (looked up once per store and set of slots). */
  private slotsOf(store: EventStore): Int32Array {
    const names = store.names;
    const out = new Int32Array(Math.max(1, names.length));
    for (let k = 0; k < names.length; k++) out[k] = this.eventSlots.lookup(names[k]);
    this.slotOfName = out; this.slotStore = store; this.slotSize = this.eventSlots.size;
    return out;
  }

  /** Sets the lead's state of the ICP in `slot`, known from an earlier run over the same lead and as_of. */
  presetIcp(slot: number, state: IcpState): void {
    this.icpGen[slot] = this.gen;
    this.icpVal[slot] = state;
  }

  /** The lead's evaluation of the ICP in `slot`, computed once per lead (cycles read as no match). */
  icp(slot: number): IcpState {
    if (this.icpGen[slot] === this.gen) return this.icpVal[slot] ?? NOT_MATCHED;
    const ev = this.icpSlots.evaluators[slot];
    if (!ev) return NOT_MATCHED;
    this.icpGen[slot] = this.gen;
    this.icpVal[slot] = NOT_MATCHED; // guards against an ICP that refers to itself
    const st = ev.evaluate(this);
    this.icpVal[slot] = st;
    return st;
  }
}

export type Pred = (ctx: EvalCtx) => boolean;
/** A test of the current lead's event `i` (an index of EvalCtx.buckets). */
export type EventPred = (ctx: EvalCtx, i: number) => boolean;

export interface CompileOptions {
  /** The catalog's fields (types drive parsing of the operands). */
  fields?: Record<string, FieldDecl>;
  events?: Record<string, EventDecl>;
  eventSlots: EventSlots;
  icpSlots?: IcpSlots;
  /**
   * The slots of the context the condition will run on (EvalCtx.fieldSlots): field tests then
   * read each field once per lead (EvalCtx.field / text). Without it, every test reads the lead.
   */
  fieldSlots?: FieldSlots;
  /**
   * Where score keys (`fit`, `grade`, `mql`…) read from: 'current' = the model being computed
   * (scoring context), a model id = that model's result (SLA context), undefined = nowhere
   * (ICP context: such keys never hold).
   */
  score?: 'current' | string;
}

const NEVER = () => false;
const ALWAYS = () => true;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function and<T>(ps: ((x: T) => boolean)[]): (x: T) => boolean {
  if (ps.length === 0) return ALWAYS;
  if (ps.length === 1) return ps[0];
  if (ps.length === 2) { const [a, b] = ps; return (x) => a(x) && b(x); }
  return (x) => { for (let i = 0; i < ps.length; i++) if (!ps[i](x)) return false; return true; };
}
function or<T>(ps: ((x: T) => boolean)[]): (x: T) => boolean {
  if (ps.length === 0) return NEVER;
  if (ps.length === 1) return ps[0];
  if (ps.length === 2) { const [a, b] = ps; return (x) => a(x) || b(x); }
  return (x) => { for (let i = 0; i < ps.length; i++) if (ps[i](x)) return true; return false; };
}

/**
 * Compiles combinators (`all`, `any`, `not`) and the conjunction of a mapping's keys; every
 * other key is handed to `leaf` (field tests, special keys).
 */
function compileTree<T>(cond: unknown, leaf: (key: string, value: unknown, whole: Record<string, unknown>) => ((x: T) => boolean) | null): (x: T) => boolean {
  if (Array.isArray(cond)) return and(cond.map((c) => compileTree<T>(c, leaf))); // a bare list reads as `all`
  if (!isPlainObject(cond)) return NEVER;
  const parts: ((x: T) => boolean)[] = [];
  for (const [key, value] of Object.entries(cond)) {
    if (key === 'all') parts.push(Array.isArray(value) ? and(value.map((c) => compileTree<T>(c, leaf))) : compileTree<T>(value, leaf));
    else if (key === 'any') parts.push(Array.isArray(value) ? or(value.map((c) => compileTree<T>(c, leaf))) : compileTree<T>(value, leaf));
    else if (key === 'not') { const p = compileTree<T>(value, leaf); parts.push((x) => !p(x)); }
    else { const p = leaf(key, value, cond); if (p) parts.push(p); }
  }
  return and(parts);
}

// ---- value tests ---------------------------------------------------------------------------

/** How a field's values are compared: by its declared type, or (undeclared) by the operand. */
type Cmp = 'string' | 'number' | 'boolean' | 'instant' | 'list' | 'untyped';

function cmpOf(t: FieldType | EventPropType | undefined): Cmp {
  switch (t) {
    case 'string': case 'enum': return 'string';
    case 'integer': case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'date': case 'datetime': return 'instant';
    case 'list': return 'list';
    default: return 'untyped';
  }
}

export type ValueTest = (v: unknown) => boolean;

/** An operand converted to the comparison domain; undefined when it cannot be (never holds). */
function operand(cmp: Cmp, v: unknown): number | string | boolean | undefined {
  switch (cmp) {
    case 'number': return parseNumber(v);
    case 'instant': return typeof v === 'number' ? v : parseDatetime(v);
    case 'boolean': return parseBoolean(v);
    default: return v === null || v === undefined || isPlainObject(v) || Array.isArray(v) ? undefined : norm(v);
  }
}

type Conv = (v: unknown) => number | string | boolean | undefined;

/** A stored value in the comparison domain, or undefined when it is missing or does not parse. */
function converter(cmp: Cmp): Conv {
  switch (cmp) {
    case 'number': return (v) => (typeof v === 'number' ? (v === v ? v : undefined) : isMissing(v) ? undefined : parseNumber(v));
    case 'instant': return (v) => (typeof v === 'number' ? v : isMissing(v) ? undefined : parseDatetime(v));
    case 'boolean': return (v) => (typeof v === 'boolean' ? v : isMissing(v) ? undefined : parseBoolean(v));
    default: return strConv;
  }
}
/** Text values trimmed and lower-cased; '' and blanks are missing. */
const strConv = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v) && v.length === 0) return undefined;
  const s = norm(v);
  return s === '' ? undefined : s;
};

/** For an undeclared field, pick the comparison from the operand: 12 → number, "2026-11-01" → instant. */
function inferCmp(op: unknown): Cmp {
  const o = Array.isArray(op) ? op[0] : op;
  if (typeof o === 'number') return 'number';
  if (typeof o === 'boolean') return 'boolean';
  if (typeof o === 'string' && /^\d{4}-\d{2}-\d{2}/.test(o.trim()) && parseDatetime(o) !== undefined) return 'instant';
  return 'string';
}

function asList(v: unknown): unknown[] { return Array.isArray(v) ? v : [v]; }

/** Items of a list value (arrays; `;`-separated text for undeclared fields), normalised. */
function listItems(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(norm);
  return String(v).split(';').map(norm).filter((s) => s !== '');
}

/**
 * Compiles one operator test for values of comparison kind `cmp0`. The returned test receives
 * the raw stored value and must treat a missing one as failing (except `exists: false`).
 */
function compileOp(cmp0: Cmp, op: string, arg: unknown): ValueTest {
  if (op === 'exists') {
    const want = parseBoolean(arg);
    if (want === undefined) return NEVER;
    return want ? (v) => !isMissing(v) : (v) => isMissing(v);
  }
  const cmp = cmp0 === 'untyped' ? inferCmp(arg) : cmp0;
  if (cmp === 'list') return compileListOp(op, arg);
  const conv = converter(cmp);
  switch (op) {
    case 'eq': case 'ne': {
      const o = operand(cmp, arg);
      if (o === undefined) return NEVER;
      return op === 'eq' ? (v) => conv(v) === o : (v) => { const d = conv(v); return d !== undefined && d !== o; };
    }
    case 'in': case 'not_in': {
      const set = new Set(asList(arg).map((a) => operand(cmp, a)).filter((a) => a !== undefined));
      return op === 'in'
        ? (v) => { const d = conv(v); return d !== undefined && set.has(d); }
        : (v) => { const d = conv(v); return d !== undefined && !set.has(d); };
    }
    case 'gt': case 'gte': case 'lt': case 'lte': {
      if (cmp !== 'number' && cmp !== 'instant') return NEVER;
      const o = operand(cmp, arg) as number | undefined;
      if (o === undefined) return NEVER;
      const num = conv as (v: unknown) => number | undefined;
      if (op === 'gt') return (v) => { const d = num(v); return d !== undefined && d > o; };
      if (op === 'gte') return (v) => { const d = num(v); return d !== undefined && d >= o; };
      if (op === 'lt') return (v) => { const d = num(v); return d !== undefined && d < o; };
      return (v) => { const d = num(v); return d !== undefined && d <= o; };
    }
    case 'between': {
      if ((cmp !== 'number' && cmp !== 'instant') || !Array.isArray(arg) || arg.length !== 2) return NEVER;
      const lo = operand(cmp, arg[0]) as number | undefined, hi = operand(cmp, arg[1]) as number | undefined;
      if (lo === undefined || hi === undefined) return NEVER;
      const num = conv as (v: unknown) => number | undefined;
      return (v) => { const d = num(v); return d !== undefined && d >= lo && d <= hi; };
    }
    case 'contains': case 'starts_with': case 'ends_with': {
      if (arg === null || arg === undefined || isPlainObject(arg) || Array.isArray(arg)) return NEVER;
      const o = norm(arg);
      if (op === 'contains') return (v) => { const d = strConv(v); return d !== undefined && d.includes(o); };
      if (op === 'starts_with') return (v) => { const d = strConv(v); return d !== undefined && d.startsWith(o); };
      return (v) => { const d = strConv(v); return d !== undefined && d.endsWith(o); };
    }
    case 'includes': case 'includes_any': case 'includes_all':
      return compileListOp(op, arg);
    default:
      return NEVER;
  }
}

/** Whether a stored list holds the normalised item (no allocation: the hot path of `includes`). */
function hasItem(list: unknown[], item: string): boolean {
  for (let i = 0; i < list.length; i++) if (norm(list[i]) === item) return true;
  return false;
}

function compileListOp(op: string, arg: unknown): ValueTest {
  const present = (v: unknown) => !isMissing(v);
  switch (op) {
    case 'includes': case 'eq': {
      if (op === 'eq' && Array.isArray(arg)) {
        // Two lists are equal when they hold the same items, in any order.
        const want = new Set(arg.map(norm));
        return (v) => { if (!present(v)) return false; const items = new Set(listItems(v)); return items.size === want.size && [...want].every((w) => items.has(w)); };
      }
      if (arg === null || arg === undefined || isPlainObject(arg)) return NEVER;
      const o = norm(arg);
      if (op === 'includes') return (v) => (Array.isArray(v) ? hasItem(v, o) : present(v) && listItems(v).includes(o));
      return (v) => { if (!present(v)) return false; const it = listItems(v); return it.length === 1 && it[0] === o; };
    }
    case 'ne': { const eq = compileListOp('eq', arg); return (v) => present(v) && !eq(v); }
    case 'includes_any': case 'in': {
      const want = asList(arg).map(norm);
      return (v) => {
        if (Array.isArray(v)) { for (let i = 0; i < want.length; i++) if (hasItem(v, want[i])) return true; return false; }
        if (!present(v)) return false;
        const it = listItems(v);
        return want.some((w) => it.includes(w));
      };
    }
    case 'not_in': {
      const want = asList(arg).map(norm);
      return (v) => { if (!present(v)) return false; const it = listItems(v); return !want.some((w) => it.includes(w)); };
    }
    case 'includes_all': {
      const want = asList(arg).map(norm);
      return (v) => { if (!present(v)) return false; const it = listItems(v); return want.every((w) => it.includes(w)); };
    }
    case 'contains': case 'starts_with': case 'ends_with': {
      if (arg === null || arg === undefined || isPlainObject(arg) || Array.isArray(arg)) return NEVER;
      const o = norm(arg);
      const f = op === 'contains' ? (s: string) => s.includes(o) : op === 'starts_with' ? (s: string) => s.startsWith(o) : (s: string) => s.endsWith(o);
      return (v) => present(v) && listItems(v).some(f);
    }
    default:
      return NEVER;
  }
}

/**
 * A field test's value: a scalar is `eq`, a list is `in`, a mapping holds operators (all must
 * hold), `null` means the value is absent.
 */
export function compileValueTest(type: FieldType | EventPropType | undefined, spec: unknown): ValueTest {
  const cmp = cmpOf(type);
  if (spec === null) return (v) => isMissing(v);
  if (Array.isArray(spec)) return compileOp(cmp, 'in', spec);
  if (isPlainObject(spec)) {
    const tests = Object.entries(spec).map(([op, arg]) => compileOp(cmp, op, arg));
    return and(tests);
  }
  return compileOp(cmp, 'eq', spec);
}

// ---- conditions over leads -----------------------------------------------------------------

const NUMERIC_SCORE = new Set<string>(SCORE_NUMERIC_KEYS);
const GRADE_SCORE = new Set<string>(SCORE_GRADE_KEYS);
const BOOL_SCORE = new Set<string>(SCORE_BOOL_KEYS);

/** Compiles a lead condition (ICP match, a `when`, `mql`, `applies_to`…) into a predicate. */
export function compileCondition(cond: Condition | unknown, opts: CompileOptions): Pred {
  const leaf = (key: string, value: unknown, whole: Record<string, unknown>): Pred | null => {
    if (key === 'event') return compileEventCondition(whole, opts);
    if ((key === 'where' || key === 'within' || key === 'count') && 'event' in whole) return null; // part of the event condition
    if (key === 'icp') return compileIcpKey(value, opts);
    if (key === 'tier') return compileTierKey(value, opts);
    if (NUMERIC_SCORE.has(key) || GRADE_SCORE.has(key) || BOOL_SCORE.has(key)) return compileScoreKey(key, value, opts);
    const decl = opts.fields?.[key];
    if (key === 'id' && !decl) { const test = compileValueTest(undefined, value); return (ctx) => test(ctx.lead.id); }
    return compileFieldTest(key, decl?.type, value, opts.fieldSlots);
  };
  return compileTree<EvalCtx>(cond, leaf);
}

/**
 * A test of a lead field. With `fieldSlots`, the value is read through the context's per-lead
 * memo, and a text field's test of only text operators (eq, ne, in, not_in, contains,
 * starts_with, ends_with) compares the memo's normalised text: the same answers as
 * compileValueTest on the raw value (test/unit/engine-field-memo.test.ts checks them against each
 * other on random conditions and values).
 */
function compileFieldTest(key: string, type: FieldType | undefined, spec: unknown, fieldSlots: FieldSlots | undefined): Pred {
  const test = compileValueTest(type, spec);
  if (!fieldSlots) return (ctx) => test(ctx.lead.values[key]);
  const slot = fieldSlots.slot(key);
  const text = cmpOf(type) === 'string' ? compileTextTest(spec) : undefined;
  // A context of other slots (a condition compiled for another project) reads the lead itself.
  if (text) return (ctx) => (ctx.fieldSlots === fieldSlots ? text(ctx.text(slot, key)) : test(ctx.lead.values[key]));
  return (ctx) => test(ctx.fieldSlots === fieldSlots ? ctx.field(slot, key) : ctx.lead.values[key]);
}

type TextTest = (d: string | undefined) => boolean;

/** compileValueTest for a text field as a test of strConv(value); undefined when the spec uses an operator that reads the raw value. */
function compileTextTest(spec: unknown): TextTest | undefined {
  if (spec === null) return undefined; // `null`: isMissing on the raw value
  if (Array.isArray(spec)) return compileTextOp('in', spec);
  if (isPlainObject(spec)) {
    const tests: TextTest[] = [];
    for (const [op, arg] of Object.entries(spec)) {
      const t = compileTextOp(op, arg);
      if (!t) return undefined;
      tests.push(t);
    }
    return and(tests);
  }
  return compileTextOp('eq', spec);
}

function isOneOf(xs: string[]): TextTest {
  const [a, b, c, d] = xs;
  switch (xs.length) {
    case 0: return NEVER;
    case 1: return (x) => x === a;
    case 2: return (x) => x === a || x === b;
    case 3: return (x) => x === a || x === b || x === c;
    default: return (x) => x === a || x === b || x === c || x === d;
  }
}

/** compileOp(cmp 'string', op, arg) on the converted value d = strConv(v); undefined for the operators that read v itself. */
function compileTextOp(op: string, arg: unknown): TextTest | undefined {
  switch (op) {
    case 'exists': case 'includes': case 'includes_any': case 'includes_all': return undefined;
    case 'eq': case 'ne': {
      const o = operand('string', arg);
      if (o === undefined) return NEVER;
      return op === 'eq' ? (d) => d === o : (d) => d !== undefined && d !== o;
    }
    case 'in': case 'not_in': {
      const set = new Set(asList(arg).map((a) => operand('string', a)).filter((a) => a !== undefined));
      // A short list is scanned (strings of other lengths differ at the first comparison);
      // a long one is hashed.
      const has: TextTest = set.size <= 4 ? isOneOf([...set] as string[]) : (d) => set.has(d!);
      // isOneOf never holds for undefined (its values are strings): `in` is it as it stands.
      if (op === 'in') return set.size <= 4 ? has : (d) => d !== undefined && has(d);
      return (d) => d !== undefined && !has(d);
    }
    case 'contains': case 'starts_with': case 'ends_with': {
      if (arg === null || arg === undefined || isPlainObject(arg) || Array.isArray(arg)) return NEVER;
      const o = norm(arg);
      if (op === 'contains') return (d) => d !== undefined && d.includes(o);
      if (op === 'starts_with') return (d) => d !== undefined && d.startsWith(o);
      return (d) => d !== undefined && d.endsWith(o);
    }
    default:
      return NEVER; // gt/gte/lt/lte/between on text, unknown operators: never hold (as compileOp)
  }
}

function compileIcpKey(value: unknown, opts: CompileOptions): Pred {
  const slots = opts.icpSlots;
  if (!slots) return NEVER;
  const ids = asList(value).filter((v): v is string => typeof v === 'string').map((s) => slots.slot(s.trim()));
  if (ids.length === 1) { const s = ids[0]; return (ctx) => ctx.icp(s).matched; }
  return (ctx) => ids.some((s) => ctx.icp(s).matched);
}

function compileTierKey(value: unknown, opts: CompileOptions): Pred {
  const slots = opts.icpSlots;
  if (!slots) return NEVER;
  const refs: [number, string][] = [];
  for (const v of asList(value)) {
    if (typeof v !== 'string' || !v.includes('/')) continue;
    const i = v.indexOf('/');
    refs.push([slots.slot(v.slice(0, i).trim()), v.slice(i + 1).trim()]);
  }
  if (refs.length === 0) return NEVER;
  return (ctx) => {
    for (const [s, tier] of refs) { const st = ctx.icp(s); if (st.matched && st.tier === tier) return true; }
    return false;
  };
}

/**
 * The step of SPEC §5 after which each output is known (see EvalCtx.scoreStage). Read with
 * condition keys (user text): no prototype, so a field `constructor` is not an output.
 */
export const SCORE_STAGE: Readonly<Record<string, number>> = Object.freeze(Object.assign(Object.create(null) as Record<string, number>,
  { fit: 1, engagement: 2, total: 3, grade: 3, fit_grade: 3, engagement_grade: 3, disqualified: 4, mql: 5 }));

function compileScoreKey(key: string, value: unknown, opts: CompileOptions): Pred {
  const src = opts.score;
  if (src === undefined) return NEVER;
  const type: FieldType = NUMERIC_SCORE.has(key) ? 'number' : GRADE_SCORE.has(key) ? 'string' : 'boolean';
  const test = GRADE_SCORE.has(key) ? memoByValue(compileValueTest(type, value)) : compileValueTest(type, value);
  const k = key as keyof ScoreLike;
  if (src === 'current') {
    // While a model is computed, an output reads as missing until its step has run.
    const stage = SCORE_STAGE[key];
    return (ctx) => ctx.scoreStage >= stage && test(ctx.score?.[k]);
  }
  return (ctx) => test(ctx.scores?.[src]?.[k]);
}

/**
 * A test's answers remembered by value (at most 64): a grade is one of a model's few grade
 * strings, so a grade test is a lookup instead of normalising the grade on every lead.
 */
function memoByValue(test: ValueTest): ValueTest {
  const seen = new Map<unknown, boolean>();
  return (v) => {
    let r = seen.get(v);
    if (r === undefined) { r = test(v); if (seen.size < 64) seen.set(v, r); }
    return r;
  };
}

/** `{ event, where, within, count }`: counts the lead's events in the window (SPEC §3). */
function compileEventCondition(c: Record<string, unknown>, opts: CompileOptions): Pred {
  if (typeof c.event !== 'string') return NEVER;
  const slot = opts.eventSlots.slot(c.event);
  const where = c.where === undefined ? undefined : compileEventWhere(c.event, c.where, opts.events);
  const withinMin = c.within === undefined ? undefined : parseDuration(c.within);
  if (c.within !== undefined && withinMin === undefined) return NEVER;
  const withinMs = withinMin === undefined ? Infinity : withinMin * 60000;
  const countTest = c.count === undefined ? (n: unknown) => (n as number) >= 1 : compileValueTest('number', c.count);
  return (ctx) => {
    const len = slot < ctx.counts.length ? ctx.counts[slot] : 0;
    if (len === 0) return countTest(0);
    const b = ctx.buckets[slot], at = ctx.evAt;
    const asOf = ctx.asOf, lo = asOf - withinMs;
    let n = 0;
    for (let i = 0; i < len; i++) { const e = b[i], t = at[e]; if (t <= asOf && t > lo && (!where || where(ctx, e))) n++; }
    return countTest(n);
  };
}

/** A `where` over an event's properties, typed by the catalog's event declaration. */
export function compileEventWhere(event: string, where: unknown, events?: Record<string, EventDecl>): EventPred {
  const props = events?.[event]?.properties ?? findEventDecl(event, events)?.properties;
  // compileTree combines tests of one argument: the event's index travels in ctx.event.
  const pred = compileTree<EvalCtx>(where, (key, value) => {
    const test = compileValueTest(props?.[key], value);
    const id = propKeyId(key);
    return (ctx) => test(ctx.prop(ctx.event, id, key));
  });
  return (ctx, i) => { ctx.event = i; return pred(ctx); };
}

function findEventDecl(name: string, events?: Record<string, EventDecl>): EventDecl | undefined {
  if (!events) return undefined;
  const k = norm(name);
  for (const [n, d] of Object.entries(events)) if (norm(n) === k) return d;
  return undefined;
}
