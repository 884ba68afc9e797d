// Conditions (SPEC §3): combinators, field tests against the catalog, `icp:` / `tier:`
// references, event conditions, and score outputs in scoring and SLA contexts.
// Every access is guarded: the editor checks half-typed documents.
import { OPERATORS, OPERATOR_TYPES, type FieldType, type Operator } from '../model.js';
import type { Range } from '../types.js';
import {
  DocContext, isMap, isSeq, isScalar, isNullish, keyName, resolve, scalarValue, show, symbolKey, sameText, type N,
} from './context.js';
import type { Catalog, EventInfo } from './catalog.js';
import { checkDuration } from './durations.js';

/** A scoring model's outputs as conditions see them. */
export interface ScoreModel {
  id: string;
  grades: string[];
  /** Present when the model grades with a fit × engagement matrix. */
  matrix?: { fit: string[]; engagement: string[] };
}

export interface CondEnv {
  catalog?: Catalog;
  /** Where score outputs may be tested; undefined: not here (LS057). */
  score?: { model?: ScoreModel; noModel?: boolean };
  /** Words for LS057, e.g. 'an ICP'. */
  where: string;
}

/** What a field test tests: a field, an event property, or a score output. */
interface Target {
  subject: string; // "field 'employees'", for messages
  type?: FieldType; // undefined: unknown type, skip type checks
  values?: string[]; // enum values
  ops?: readonly Operator[]; // when narrower than OPERATOR_TYPES (grade, mql)
  grade?: { model: ScoreModel; which: 'grade' | 'fit' | 'engagement' };
}

export function checkCondition(ctx: DocContext, node: N, env: CondEnv, event?: EventInfo): void {
  const n = resolve(ctx.doc, node);
  if (!isMap(n)) {
    if (isSeq(n)) {
      // A list where a condition is expected: each item is checked so its errors still show.
      for (const it of n.items) checkCondition(ctx, it as N, env, event);
    }
    return;
  }
  const isEventCond = !event && n.items.some((p) => keyName(p) === 'event');
  if (isEventCond) checkEventCondition(ctx, n, env);
  for (const p of n.items) {
    const key = keyName(p);
    if (key === undefined) continue;
    const val = resolve(ctx.doc, p.value);
    if (key === 'all' || key === 'any') {
      if (isSeq(val)) for (const it of val.items) checkCondition(ctx, it as N, env, event);
      else checkCondition(ctx, val, env, event);
      continue;
    }
    if (key === 'not') { checkCondition(ctx, val, env, event); continue; }
    if (event) { checkProperty(ctx, p.key as N, key, val, env, event); continue; }
    if (isEventCond && (key === 'event' || key === 'where' || key === 'within' || key === 'count')) continue;
    switch (key) {
      case 'icp': checkIcpRef(ctx, val); break;
      case 'tier': checkTierRef(ctx, val); break;
      case 'fit': case 'engagement': case 'total':
      case 'grade': case 'fit_grade': case 'engagement_grade':
      case 'mql': case 'disqualified':
        checkScoreKey(ctx, p.key as N, key, val, env); break;
      default: checkField(ctx, p.key as N, key, val, env);
    }
  }
}

// ---- references ------------------------------------------------------------------------------

function checkIcpRef(ctx: DocContext, val: N): void {
  const id = scalarValue(val);
  if (isNullish(val)) return;
  if (typeof id !== 'string') { ctx.report('LS052', val, `'icp' takes the id of one ICP, e.g. icp: mid-market`); return; }
  const r = ctx.range(val);
  if (ctx.lookup('icp', id)) { ctx.reference(symbolKey('definition', 'icp', id), 'definition', id, r); return; }
  const s = ctx.suggestion(id, ctx.ids('icp'), r);
  ctx.report('LS042', r, `unknown ICP '${id}'${s.text || ' — no `kind: icp` definition has this id'}`, { fixes: s.fixes });
}

function checkTierRef(ctx: DocContext, val: N): void {
  const text = scalarValue(val);
  if (isNullish(val)) return;
  if (typeof text !== 'string' || !text.includes('/')) {
    ctx.report('LS043', val, `'tier' takes '<icp-id>/<tier-id>', e.g. tier: mid-market/tier-1 (got ${show(text)})`);
    return;
  }
  const slash = text.indexOf('/');
  const icpId = text.slice(0, slash), tierId = text.slice(slash + 1);
  const icpRange = ctx.subRange(val, 0, icpId.length);
  const tierRange = ctx.subRange(val, slash + 1, tierId.length);
  const icp = ctx.lookup('icp', icpId);
  if (!icp) {
    const s = ctx.suggestion(icpId, ctx.ids('icp'), icpRange);
    ctx.report('LS043', icpRange, `unknown ICP '${icpId}' in tier '${text}'${s.text || ' — no `kind: icp` definition has this id'}`, { fixes: s.fixes });
    return;
  }
  ctx.reference(symbolKey('definition', 'icp', icpId), 'definition', icpId, icpRange);
  const tiers = Array.isArray(icp.value?.tiers) ? icp.value.tiers.map((t: any) => t?.id).filter((x: unknown) => typeof x === 'string') as string[] : [];
  if (tiers.includes(tierId)) { ctx.reference(symbolKey('tier', 'icp', icpId, tierId), 'tier', tierId, tierRange); return; }
  const s = ctx.suggestion(tierId, tiers, tierRange);
  ctx.report('LS043', tierRange, `ICP '${icpId}' has no tier '${tierId}'${s.text || (tiers.length ? ` — its tiers are ${tiers.join(', ')}` : ' — it declares no tiers')}`, { fixes: s.fixes });
}

function checkEventCondition(ctx: DocContext, m: N, env: CondEnv): void {
  if (!isMap(m)) return;
  const get = (k: string) => { const p = m.items.find((q) => keyName(q) === k); return p ? resolve(ctx.doc, p.value) : undefined; };
  const info = checkEventRef(ctx, get('event'), env.catalog);
  const where = get('where');
  if (where !== undefined && info) checkCondition(ctx, where, env, info);
  const within = m.items.find((q) => keyName(q) === 'within');
  if (within) checkDuration(ctx, resolve(ctx.doc, within.value), { what: 'within' });
  const count = get('count');
  if (count !== undefined) checkCountTest(ctx, count, 'the event count');
}

/** A count compared with numeric operators (`count: { gte: 3 }`, a volume `target`); a number is `eq`. */
export function checkCountTest(ctx: DocContext, node: N, subject: string): void {
  if (isNullish(node)) return;
  const target: Target = { subject, type: 'integer' };
  if (isMap(node) || isSeq(node)) checkTestValue(ctx, node, target);
  else checkScalarValue(ctx, node, target);
}

/** Checks an event name against the catalog; returns the event when it is declared. */
export function checkEventRef(ctx: DocContext, node: N, catalog: Catalog | undefined): EventInfo | undefined {
  const name = scalarValue(node);
  if (typeof name !== 'string' || name === '' || !catalog) return undefined;
  const r = ctx.range(node);
  const info = catalog.events.get(name);
  if (info) { ctx.reference(symbolKey('event', 'fields', catalog.id, name), 'event', name, r); return info; }
  const s = ctx.suggestion(name, catalog.events.keys(), r);
  ctx.report('LS047', r, `unknown event '${name}'${s.text || ` — catalog '${catalog.id}' declares ${catalog.events.size ? [...catalog.events.keys()].join(', ') : 'no events'}`}`, { fixes: s.fixes });
  return undefined;
}

function checkProperty(ctx: DocContext, keyNode: N, key: string, val: N, env: CondEnv, ev: EventInfo): void {
  const r = ctx.range(keyNode);
  const type = ev.properties.get(key);
  if (type === undefined) {
    if (ev.properties.size === 0) { ctx.report('LS048', r, `event '${ev.name}' declares no properties, so 'where' cannot test '${key}'; declare it under the event's \`properties\``); return; }
    const s = ctx.suggestion(key, ev.properties.keys(), r);
    ctx.report('LS048', r, `event '${ev.name}' has no property '${key}'${s.text || ` — its properties are ${[...ev.properties.keys()].join(', ')}`}`, { fixes: s.fixes });
    return;
  }
  if (env.catalog) ctx.reference(symbolKey('property', 'fields', env.catalog.id, `${ev.name}/${key}`), 'property', key, r);
  const t = type === 'string' || type === 'number' || type === 'boolean' ? type : undefined;
  checkTestValue(ctx, val, { subject: `property '${key}'`, type: t });
}

// ---- fields ----------------------------------------------------------------------------------

function checkField(ctx: DocContext, keyNode: N, key: string, val: N, env: CondEnv): void {
  const cat = env.catalog;
  if (!cat) return;
  const r = ctx.range(keyNode);
  const f = cat.fields.get(key);
  if (!f) {
    const s = ctx.suggestion(key, cat.fields.keys(), r);
    ctx.report('LS050', r, `unknown field '${key}'${s.text || ` — catalog '${cat.id}' does not declare it`}`, { fixes: s.fixes });
    return;
  }
  ctx.reference(symbolKey('field', 'fields', cat.id, key), 'field', key, r);
  checkTestValue(ctx, val, { subject: `field '${key}'`, type: f.type, values: f.values });
}

// ---- score outputs ---------------------------------------------------------------------------

function checkScoreKey(ctx: DocContext, keyNode: N, key: string, val: N, env: CondEnv): void {
  if (!env.score) {
    ctx.report('LS057', keyNode, `'${key}' is a score output, which only scoring models and SLA commitments can test, not ${env.where}`);
    return;
  }
  const model = env.score.model;
  if (!model) {
    if (env.score.noModel) ctx.report('LS058', keyNode, `'${key}' is a score output, but this commitment does not say which model's; add \`scoring: <model-id>\``);
    return;
  }
  if (key === 'fit' || key === 'engagement' || key === 'total') {
    checkTestValue(ctx, val, { subject: `score '${key}'`, type: 'number' });
  } else if (key === 'mql' || key === 'disqualified') {
    checkTestValue(ctx, val, { subject: `'${key}'`, type: 'boolean', ops: ['eq', 'ne'] });
  } else {
    const which = key === 'grade' ? 'grade' : key === 'fit_grade' ? 'fit' : 'engagement';
    if (which !== 'grade' && !model.matrix) {
      ctx.report('LS068', keyNode, `model '${model.id}' grades with \`grades\`, not a matrix, so it has no '${key}'; test 'grade' instead`);
      return;
    }
    checkTestValue(ctx, val, { subject: `'${key}'`, type: 'string', ops: ['eq', 'in'], grade: { model, which } });
  }
}

function checkGradeValue(ctx: DocContext, node: N, value: string, g: NonNullable<Target['grade']>): void {
  const { model, which } = g;
  const r = ctx.range(node);
  if (which === 'grade' && sameText(value, 'disqualified')) return;
  if (which === 'grade' && model.matrix) {
    for (const f of model.matrix.fit) {
      const e = value.slice(f.length);
      if (value.slice(0, f.length).toLowerCase() === f.toLowerCase() && model.matrix.engagement.some((x) => sameText(x, e))) {
        const ee = model.matrix.engagement.find((x) => sameText(x, e))!;
        ctx.reference(symbolKey('band', 'scoring', model.id, `fit/${f}`), 'band', f, ctx.subRange(node, 0, f.length));
        ctx.reference(symbolKey('band', 'scoring', model.id, `engagement/${ee}`), 'band', ee, ctx.subRange(node, f.length, e.length));
        return;
      }
    }
    const combos = model.matrix.fit.flatMap((f) => model.matrix!.engagement.map((e) => f + e));
    const s = ctx.suggestion(value, combos, r);
    ctx.report('LS068', r, `model '${model.id}' has no grade '${value}'${s.text || ` — its matrix grades are ${combos.join(', ')}`}`, { fixes: s.fixes });
    return;
  }
  const list = which === 'grade' ? model.grades : model.matrix![which];
  const hit = list.find((x) => sameText(x, value));
  if (hit !== undefined) {
    if (which === 'grade') ctx.reference(symbolKey('grade', 'scoring', model.id, hit), 'grade', value, r);
    else ctx.reference(symbolKey('band', 'scoring', model.id, `${which}/${hit}`), 'band', value, r);
    return;
  }
  const what = which === 'grade' ? 'grade' : `${which} band`;
  const s = ctx.suggestion(value, list, r);
  ctx.report('LS068', r, `model '${model.id}' has no ${what} '${value}'${s.text || ` — its ${what}s are ${list.join(', ') || 'not declared'}`}`, { fixes: s.fixes });
}

// ---- the test itself: operators and values --------------------------------------------------

/** The operators each field type takes, made once (every operator of every condition asks). */
const OPS_BY_TYPE = new Map<FieldType | undefined, readonly Operator[]>();
function allowedOps(t: Target): readonly Operator[] {
  if (t.ops) return t.ops;
  let ops = OPS_BY_TYPE.get(t.type);
  if (!ops) {
    ops = t.type ? OPERATORS.filter((op) => { const a = OPERATOR_TYPES[op]; return a === 'all' || a.includes(t.type!); }) : [...OPERATORS];
    OPS_BY_TYPE.set(t.type, ops);
  }
  return ops;
}

/** `field: value` — a scalar is `eq`, a list is `in`, a mapping holds operators. */
function checkTestValue(ctx: DocContext, val: N, t: Target): void {
  if (isSeq(val)) { checkOperator(ctx, 'in', val, val, t, true); return; }
  if (isMap(val)) {
    for (const p of val.items) {
      const op = keyName(p);
      if (op === undefined) continue;
      const arg = resolve(ctx.doc, p.value);
      if (!(OPERATORS as readonly string[]).includes(op)) continue; // the schema reports unknown keys (LS010)
      checkOperator(ctx, op as Operator, arg, p.key as N, t, false);
    }
    return;
  }
  if (isNullish(val)) return; // half-typed: the schema reports the missing value
  checkOperator(ctx, 'eq', val, val, t, true);
}

function typeWords(t: Target): string {
  return t.type ? `${t.subject} (${t.type})` : t.subject;
}

function checkOperator(ctx: DocContext, op: Operator, arg: N, at: N, t: Target, shorthand: boolean): void {
  const allowed = allowedOps(t);
  if (!allowed.includes(op)) {
    const lead = shorthand && op === 'in' ? `a list means 'in', which` : `operator '${op}'`;
    const hint = shorthand && op === 'in' && t.type === 'list' ? ` — use includes_any: [...] or includes_all: [...]` : `; use ${allowed.join(', ')}`;
    ctx.report('LS051', at, `${lead} does not apply to ${typeWords(t)}${hint}`);
    return;
  }
  if (!t.type && !t.grade) return;
  const listOp = op === 'in' || op === 'not_in' || op === 'includes_any' || op === 'includes_all';
  if (op === 'exists') {
    if (typeof scalarValue(arg) !== 'boolean') ctx.report('LS052', arg ?? at, `'exists' takes true or false (got ${show(scalarValue(arg))})`);
    return;
  }
  if (t.type === 'list' && (op === 'eq' || op === 'ne')) return; // compares the whole list: any shape
  const elem: Target = t.type === 'list' ? { ...t, type: 'string' } : t;
  if (listOp) {
    if (!isSeq(arg)) { ctx.report('LS052', arg ?? at, `'${op}' takes a list, e.g. ${op}: [a, b] (got ${show(scalarValue(arg))})`); return; }
    for (const it of arg.items) checkScalarValue(ctx, resolve(ctx.doc, it), elem);
    return;
  }
  if (op === 'between') {
    if (!isSeq(arg) || arg.items.length !== 2) { ctx.report('LS052', arg ?? at, `'between' takes two bounds, e.g. between: [lo, hi]`); return; }
    const lo = checkScalarValue(ctx, resolve(ctx.doc, arg.items[0]), elem);
    const hi = checkScalarValue(ctx, resolve(ctx.doc, arg.items[1]), elem);
    if (lo !== undefined && hi !== undefined && lo > hi) {
      const loNode = resolve(ctx.doc, arg.items[0]), hiNode = resolve(ctx.doc, arg.items[1]);
      const text = (n: N) => (n?.range ? ctx.doc.file.text.slice(n.range[0], n.range[1]) : undefined);
      const [loText, hiText, loRange, hiRange] = [text(loNode), text(hiNode), ctx.range(loNode), ctx.range(hiNode)];
      const fixes = loText !== undefined && hiText !== undefined && loRange && hiRange
        ? [{ title: 'Swap the bounds', preferred: true, edits: [{ file: ctx.file, range: loRange, newText: hiText }, { file: ctx.file, range: hiRange, newText: loText }] }]
        : undefined;
      ctx.report('LS054', arg, `between [${show(scalarValue(loNode))}, ${show(scalarValue(hiNode))}] never holds: lo is greater than hi — swap the bounds`, { fixes });
    }
    return;
  }
  if (isSeq(arg) || isMap(arg)) { ctx.report('LS052', arg, `'${op}' takes a single value, not a ${isSeq(arg) ? 'list' : 'mapping'}${op === 'eq' ? ' (a list means `in`)' : ''}`); return; }
  checkScalarValue(ctx, arg, elem);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Whether `y-m-d` is a real calendar day. */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

export function isDateString(s: string): boolean {
  const m = DATE.exec(s);
  return !!m && isCalendarDate(+m[1], +m[2], +m[3]);
}

function datetimeMillis(s: string): number | undefined {
  const m = DATETIME.exec(s);
  if (!m || !isCalendarDate(+m[1], +m[2], +m[3])) return undefined;
  if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59))) return undefined;
  const iso = m[4] === undefined ? `${s}T00:00:00Z` : m[7] ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

const EXPECT: Record<FieldType, string> = {
  integer: 'an integer', number: 'a number', boolean: 'true or false', date: 'a date (YYYY-MM-DD)',
  datetime: 'a date-time (ISO 8601, e.g. 2026-11-20T09:00:00Z)', string: 'a text value', enum: 'a text value', list: 'a text value',
};

/** Checks one value against the target's type; returns a comparable value when it fits. */
function checkScalarValue(ctx: DocContext, node: N, t: Target): number | string | undefined {
  if (isNullish(node)) return undefined; // half-typed: the schema reports the missing value
  if (!isScalar(node)) { ctx.report('LS052', node, `${t.subject} needs a single value here, not a ${isSeq(node) ? 'list' : 'mapping'}`); return undefined; }
  const v = node.value;
  if (t.grade) {
    if (typeof v !== 'string' && typeof v !== 'number') { ctx.report('LS052', node, `${show(v)} is not a grade`); return undefined; }
    checkGradeValue(ctx, node, String(v), t.grade);
    return undefined;
  }
  const type = t.type;
  if (!type) return undefined;
  const bad = () => { ctx.report('LS052', node, `${show(v)} is not ${EXPECT[type]}, which ${t.subject} holds`); return undefined; };
  switch (type) {
    case 'integer': return typeof v === 'number' && Number.isInteger(v) ? v : bad();
    case 'number': return typeof v === 'number' && Number.isFinite(v) ? v : bad();
    case 'boolean': return typeof v === 'boolean' ? 1 : bad();
    case 'date': return typeof v === 'string' && isDateString(v.trim()) ? v.trim() : bad();
    case 'datetime': { const ms = typeof v === 'string' ? datetimeMillis(v.trim()) : undefined; return ms !== undefined ? ms : bad(); }
    case 'enum': {
      if (typeof v !== 'string' && typeof v !== 'number') return bad();
      const s = String(v);
      if (!t.values || t.values.some((x) => sameText(x, s))) return undefined;
      const r = ctx.range(node);
      const sg = ctx.suggestion(s, t.values, r);
      ctx.report('LS053', r, `${show(s)} is not a value of ${t.subject}${sg.text || ` — its values are ${t.values.join(', ')}`}`, { fixes: sg.fixes });
      return undefined;
    }
    default: // string, list items: any scalar reads as text
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? undefined : bad();
  }
}

export type { Range };
