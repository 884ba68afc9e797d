// Conditions (SPEC §3) → SQL boolean expressions that are never NULL, so that `not` is plain
// negation exactly as in the in-process engine. Every field test is `present AND test`: a
// missing or empty value fails every test except `exists: false`.
import type { FieldType } from '../model.js';
import { type Dialect, lit, num } from './dialect.js';
import type { PathSegment } from '../syntax/parse.js';
import { compileValueTest } from '../eval/conditions.js';

/**
 * A score output as a condition reads it. A grade also carries its raw column and, when known,
 * every value that column can hold (never NULL), so a grade test can be decided per label.
 */
export interface ScoreColumn { expr: string; kind: 'number' | 'grade' | 'boolean'; raw?: string; domain?: string[] }

export class SqlCompileError extends Error {
  constructor(message: string, readonly path: PathSegment[]) { super(message); }
}

/** How a condition reads its inputs; the scoring compiler supplies one per context. */
export interface CondContext {
  d: Dialect;
  /** What the condition tests: lead fields, or the properties of one event. */
  scope: 'lead' | 'event';
  /** Declared type of a field (lead) or property (event); undefined when not declared. */
  typeOf(name: string): FieldType | undefined;
  /** Normalised column of a field: strings lower-cased and trimmed, NULL when missing. */
  column(name: string): string;
  /**
   * A text field lower-cased but not trimmed (NULL when NULL), for a test that trimming cannot
   * change: `contains` of a needle that is not empty (it is trimmed itself, so no occurrence can
   * reach into white space at the value's ends, and a blank value holds no such needle). Saves
   * the trim test per value (about half of the normalisation's cost per event, docs/benchmarks.md).
   */
  lowerColumn?(name: string): string;
  icp?(id: string, path: PathSegment[]): string;
  tier?(icpId: string, tierId: string, path: PathSegment[]): string;
  /** Registers an event count and returns its (never NULL) count expression. */
  eventCount?(cond: Record<string, unknown>, path: PathSegment[]): string;
  /** Score outputs available in this context (disqualify, mql). */
  score?(key: string, path: PathSegment[]): ScoreColumn | undefined;
  /** What to call this context in error messages. */
  what: string;
}

const SCORE_KEYS = new Set(['fit', 'engagement', 'total', 'grade', 'fit_grade', 'engagement_grade', 'mql', 'disqualified']);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export function compileCondition(ctx: CondContext, cond: unknown, path: PathSegment[]): string {
  // A bare list reads as `all`, as in the in-process engine.
  if (Array.isArray(cond)) return and(cond.map((c, i) => compileCondition(ctx, c, [...path, i])));
  if (!isPlainObject(cond)) throw new SqlCompileError(`a condition must be a mapping`, path);
  const parts: string[] = [];
  const keys = Object.keys(cond);
  if ('event' in cond) {
    if (!ctx.eventCount) throw new SqlCompileError(`event conditions cannot be used in ${ctx.what}`, [...path, 'event']);
    const count = ctx.eventCount(cond, path);
    parts.push(compileCount(ctx, count, cond.count ?? { gte: 1 }, [...path, 'count']));
  }
  for (const key of keys) {
    const v = cond[key];
    const p = [...path, key];
    if ('event' in cond && (key === 'event' || key === 'where' || key === 'within' || key === 'count')) continue;
    if (key === 'all' || key === 'any') {
      if (!Array.isArray(v)) { parts.push(compileCondition(ctx, v, p)); continue; }
      const subs = v.map((c, i) => compileCondition(ctx, c, [...p, i]));
      parts.push(subs.length === 0 ? (key === 'all' ? 'TRUE' : 'FALSE') : `(${subs.join(key === 'all' ? ' AND ' : ' OR ')})`);
    } else if (key === 'not') {
      parts.push(`(NOT ${compileCondition(ctx, v, p)})`);
    } else if (key === 'icp' && ctx.scope === 'lead') {
      const ids = Array.isArray(v) ? v : [v];
      if (!ctx.icp || ids.length === 0 || ids.some((x) => typeof x !== 'string')) throw new SqlCompileError(`'icp' takes an ICP id`, p);
      const refs = ids.map((x, i) => ctx.icp!((x as string).trim(), Array.isArray(v) ? [...p, i] : p));
      parts.push(refs.length === 1 ? refs[0] : `(${refs.join(' OR ')})`);
    } else if (key === 'tier' && ctx.scope === 'lead') {
      const refs = (Array.isArray(v) ? v : [v]).map((x, i) => {
        const m = typeof x === 'string' ? /^([^/]+)\/(.+)$/.exec(x) : null;
        if (!ctx.tier || !m) throw new SqlCompileError(`'tier' takes <icp-id>/<tier-id>`, Array.isArray(v) ? [...p, i] : p);
        return ctx.tier(m[1].trim(), m[2].trim(), p);
      });
      if (refs.length === 0) throw new SqlCompileError(`'tier' takes <icp-id>/<tier-id>`, p);
      parts.push(refs.length === 1 ? refs[0] : `(${refs.join(' OR ')})`);
    } else if (SCORE_KEYS.has(key) && ctx.scope === 'lead' && !ctx.typeOf(key)) {
      const s = ctx.score?.(key, p);
      if (!s) throw new SqlCompileError(`the score output '${key}' cannot be tested in ${ctx.what} by the SQL compiler`, p);
      parts.push(compileScoreTest(ctx, s, v, p));
    } else {
      parts.push(compileFieldTest(ctx, key, v, p));
    }
  }
  return parts.length === 0 ? 'TRUE' : parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

/** `count: { gte: 3 }` over a count that is never missing. */
function compileCount(ctx: CondContext, count: string, spec: unknown, path: PathSegment[]): string {
  const ops = isPlainObject(spec) ? spec : Array.isArray(spec) ? { in: spec } : { eq: spec };
  return and(Object.entries(ops).map(([op, v]) => numericOp(ctx, count, op, v, [...path, op], 'count')));
}

function compileScoreTest(ctx: CondContext, s: ScoreColumn, v: unknown, path: PathSegment[]): string {
  const type: FieldType = s.kind === 'number' ? 'number' : s.kind === 'grade' ? 'enum' : 'boolean';
  const sql = fieldTest(ctx, s.expr, type, v, path); // validates the test and its errors either way
  if (s.kind !== 'grade' || !s.domain || s.raw === undefined) return sql;
  // The grade is one of a few labels known now: test each label as the engine does and keep
  // those that pass, so no row normalises its grade.
  const test = compileValueTest('string', v);
  const pass = s.domain.filter((label) => test(label));
  return pass.length === 0 ? 'FALSE' : `(${s.raw} IN (${pass.map((x) => lit(x)).join(', ')}))`;
}

function compileFieldTest(ctx: CondContext, name: string, v: unknown, path: PathSegment[]): string {
  const type = ctx.typeOf(name);
  if (!type) {
    throw new SqlCompileError(ctx.scope === 'event'
      ? `'${name}' is not a declared property of this event; declare it under the event's properties in the catalog`
      : `'${name}' is not a field of the catalog; declare it under fields:`, path);
  }
  if ((type === 'string' || type === 'enum') && ctx.lowerColumn && onlyContains(v)) return fieldOps(ctx, ctx.lowerColumn(name), type, v, path, false);
  return fieldTest(ctx, ctx.column(name), type, v, path);
}

/** `{ contains: <text that is not blank> }` and nothing else (CondContext.lowerColumn). */
function onlyContains(v: unknown): v is { contains: unknown } {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'contains') return false;
  const x = v.contains;
  return typeof x === 'string' ? x.trim() !== '' : typeof x === 'number' || typeof x === 'boolean';
}

function fieldTest(ctx: CondContext, col: string, type: FieldType, v: unknown, path: PathSegment[]): string {
  if (v === null) return `(${col} IS NULL)`; // `field: null` — the value is absent
  if (Array.isArray(v)) return fieldOps(ctx, col, type, { in: v }, path, true);
  if (isPlainObject(v)) return fieldOps(ctx, col, type, v, path, false);
  return fieldOps(ctx, col, type, { eq: v }, path, true);
}

function fieldOps(ctx: CondContext, col: string, type: FieldType, ops: Record<string, unknown>, path: PathSegment[], shorthand: boolean): string {
  const tests: string[] = [];
  let needsPresent = false;
  for (const [op, v] of Object.entries(ops)) {
    const p = shorthand ? path : [...path, op];
    if (op === 'exists') {
      const want = coerceBool(v, p);
      tests.push(want ? `(${col} IS NOT NULL)` : `(${col} IS NULL)`);
      continue;
    }
    needsPresent = true;
    tests.push(typedOp(ctx, col, type, op, v, p));
  }
  const body = and(tests);
  return needsPresent ? `(${col} IS NOT NULL AND ${body})` : body;
}

function typedOp(ctx: CondContext, col: string, type: FieldType, op: string, v: unknown, path: PathSegment[]): string {
  const d = ctx.d;
  switch (type) {
    case 'string': case 'enum': {
      const s = (x: unknown) => lit(normText(x, path));
      switch (op) {
        case 'eq': return `${col} = ${s(v)}`;
        case 'ne': return `${col} <> ${s(v)}`;
        case 'in': return inList(col, listOf(v, path).map(s), false);
        case 'not_in': return inList(col, listOf(v, path).map(s), true);
        case 'contains': return d.holds(col, s(v));
        case 'starts_with': return d.startsWith(col, s(v));
        case 'ends_with': return d.endsWith(col, s(v));
      }
      break;
    }
    case 'integer': case 'number': {
      if (op === 'in' || op === 'not_in') return inList(col, listOf(v, path).map((x) => num(d, coerceNum(x, path))), op === 'not_in');
      return numericOp(ctx, col, op, v, path, type);
    }
    case 'date': case 'datetime': {
      const ms = (x: unknown) => num(d, coerceInstant(x, path));
      switch (op) {
        case 'eq': return `${col} = ${ms(v)}`;
        case 'ne': return `${col} <> ${ms(v)}`;
        case 'gt': return `${col} > ${ms(v)}`;
        case 'gte': return `${col} >= ${ms(v)}`;
        case 'lt': return `${col} < ${ms(v)}`;
        case 'lte': return `${col} <= ${ms(v)}`;
        case 'between': { const [lo, hi] = pair(v, path); return `${col} BETWEEN ${ms(lo)} AND ${ms(hi)}`; }
      }
      break;
    }
    case 'boolean': {
      if (op === 'eq') return coerceBool(v, path) ? `${col}` : `(NOT ${col})`;
      if (op === 'ne') return coerceBool(v, path) ? `(NOT ${col})` : `${col}`;
      break;
    }
    case 'list': {
      const item = (x: unknown) => lit(normText(x, path));
      switch (op) {
        case 'in': return typedOp(ctx, col, type, 'includes_any', v, path);
        case 'not_in': return `(NOT ${typedOp(ctx, col, type, 'includes_any', v, path)})`;
        case 'eq': case 'ne': {
          // Two lists are equal when they hold the same items in any order; a scalar is a one-item list.
          const items = (Array.isArray(v) ? v : [v]).map(item);
          const eq = Array.isArray(v) ? d.listSetEq(col, items) : `(${d.listLen(col)} = 1 AND ${d.listHas(col, items[0])})`;
          return op === 'eq' ? eq : `(NOT ${eq})`;
        }
        case 'includes': return d.listHas(col, item(v));
        case 'includes_any': { const xs = listOf(v, path); return xs.length ? `(${xs.map((x) => d.listHas(col, item(x))).join(' OR ')})` : 'FALSE'; }
        case 'includes_all': { const xs = listOf(v, path); return xs.length ? `(${xs.map((x) => d.listHas(col, item(x))).join(' AND ')})` : 'TRUE'; }
      }
      break;
    }
  }
  throw new SqlCompileError(`the SQL compiler cannot apply '${op}' to a ${type} value; use one of the operators SPEC §3 allows for ${type}`, path);
}

function numericOp(ctx: CondContext, col: string, op: string, v: unknown, path: PathSegment[], what: string): string {
  const n = (x: unknown) => num(ctx.d, coerceNum(x, path));
  switch (op) {
    case 'eq': return `${col} = ${n(v)}`;
    case 'ne': return `${col} <> ${n(v)}`;
    case 'gt': return `${col} > ${n(v)}`;
    case 'gte': return `${col} >= ${n(v)}`;
    case 'lt': return `${col} < ${n(v)}`;
    case 'lte': return `${col} <= ${n(v)}`;
    case 'between': { const [lo, hi] = pair(v, path); return `${col} BETWEEN ${n(lo)} AND ${n(hi)}`; }
    case 'in': return inList(col, listOf(v, path).map(n), false);
    case 'not_in': return inList(col, listOf(v, path).map(n), true);
  }
  throw new SqlCompileError(`the SQL compiler cannot apply '${op}' to a ${what}`, path);
}

function inList(col: string, items: string[], negate: boolean): string {
  if (items.length === 0) return negate ? 'TRUE' : 'FALSE';
  return `${col} ${negate ? 'NOT IN' : 'IN'} (${items.join(', ')})`;
}

const and = (xs: string[]) => xs.length === 0 ? 'TRUE' : xs.length === 1 ? xs[0] : `(${xs.join(' AND ')})`;

function listOf(v: unknown, path: PathSegment[]): unknown[] {
  if (!Array.isArray(v)) throw new SqlCompileError(`expected a list of values`, path);
  return v;
}

function pair(v: unknown, path: PathSegment[]): [unknown, unknown] {
  if (!Array.isArray(v) || v.length !== 2) throw new SqlCompileError(`'between' takes [lo, hi]`, path);
  return [v[0], v[1]];
}

/** The literal side of a string compare, normalised like the value side. */
export function normText(x: unknown, path: PathSegment[]): string {
  if (typeof x === 'string') return x.trim().toLowerCase();
  if (typeof x === 'number' || typeof x === 'boolean') return String(x).toLowerCase();
  throw new SqlCompileError(`expected a text value`, path);
}

function coerceNum(x: unknown, path: PathSegment[]): number {
  const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN;
  if (!Number.isFinite(n)) throw new SqlCompileError(`expected a number`, path);
  return n;
}

function coerceBool(x: unknown, path: PathSegment[]): boolean {
  if (typeof x === 'boolean') return x;
  if (x === 1 || x === 0) return x === 1;
  const s = typeof x === 'string' ? x.trim().toLowerCase() : '';
  if (['true', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'n', '0'].includes(s)) return false;
  throw new SqlCompileError(`expected true or false`, path);
}

/** A date or datetime literal as epoch ms: a date is its UTC midnight; no offset means UTC. */
export function coerceInstant(x: unknown, path: PathSegment[]): number {
  if (x instanceof Date) return x.getTime();
  if (typeof x === 'string') {
    const s = x.trim();
    let ms = NaN;
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) ms = Date.parse(`${s}T00:00:00Z`);
    else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) ms = Date.parse(s.replace(' ', 'T'));
    else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) ms = Date.parse(`${s.replace(' ', 'T')}Z`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new SqlCompileError(`expected a date (YYYY-MM-DD) or an ISO 8601 datetime`, path);
}
