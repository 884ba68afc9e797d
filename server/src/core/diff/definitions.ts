// What changed in the definitions themselves, in words (the first part of every diff report):
// "inbound · grade A: min 80 → 75", "inbound · mql: engagement ≥ 60 → ≥ 70",
// "mql-handoff · first-touch: within 4h → 3h". Pure: compares the plain values of two versions
// of the definitions by kind and id, lists inside definitions by their ids (rules, grades, tiers,
// commitments, calendars, test cases), and conditions down to the smallest test that differs.
import { conditionText, opText, ruleText, showValue } from '../report/describe.js';

export interface DefinitionChange {
  /** Definition kind: scoring, icp, sla, fields, project, test. */
  kind: string;
  /** Definition id. */
  id: string;
  change: 'added' | 'removed' | 'changed' | 'reordered';
  /** Where inside the definition, dot-separated by ids: `grades.A.min`, `commitments.first-touch.within`; '' = the whole definition. */
  path: string;
  /** The value as written (numbers and strings as they are; conditions, rules and lists as short text); null when absent. */
  before: unknown;
  after: unknown;
  /** One line a reviewer reads: "inbound · grade A: min 80 → 75". */
  summary: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
/** JSON with sorted keys, descriptions and titles dropped (they do not change meaning). */
export function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).filter((k) => k !== 'description' && k !== 'title' && k !== 'owner' && (v as any)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`;
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const KIND_ORDER = ['scoring', 'icp', 'sla', 'fields', 'project', 'test'];
/** Keys that never change what a definition computes. */
const COSMETIC = new Set(['title', 'description', 'owner', 'leadspec', 'kind', 'id']);

/** Every change between two versions of the definitions, definition by definition (kind order, then head order). */
export function diffDefinitions(base: readonly unknown[], head: readonly unknown[]): DefinitionChange[] {
  const b = index(base), h = index(head);
  const keys = [...new Set([...h.keys(), ...b.keys()])];
  keys.sort((x, y) => kindRank(x) - kindRank(y));
  const out: DefinitionChange[] = [];
  for (const k of keys) {
    const before = b.get(k), after = h.get(k);
    const { kind, id } = (after ?? before) as { kind: string; id: string };
    const d = new Collector(kind, id, out);
    if (!before) { d.push('added', '', null, defSummary(after!), `${kind} ${id} added${defSummary(after!) ? `: ${defSummary(after!)}` : ''}`); continue; }
    if (!after) { d.push('removed', '', defSummary(before), null, `${kind} ${id} removed`); continue; }
    if (same(before, after)) continue;
    switch (kind) {
      case 'scoring': scoringChanges(d, before, after); break;
      case 'icp': icpChanges(d, before, after); break;
      case 'sla': slaChanges(d, before, after); break;
      case 'test': testChanges(d, before, after); break;
      default: generic(d, before, after, [], []);
    }
  }
  return out;
}

function index(defs: readonly unknown[]): Map<string, Obj> {
  const m = new Map<string, Obj>();
  for (const d of defs) {
    if (!isObj(d) || typeof d.kind !== 'string' || typeof d.id !== 'string') continue;
    const k = `${d.kind}\u0000${d.id}`;
    if (!m.has(k)) m.set(k, d);
  }
  return m;
}

const kindRank = (k: string) => { const i = KIND_ORDER.indexOf(k.slice(0, k.indexOf('\u0000'))); return i < 0 ? KIND_ORDER.length : i; };

/** A one-line summary of a whole definition (for added / removed ones). */
function defSummary(d: Obj): string {
  const title = typeof d.title === 'string' ? d.title : '';
  if (d.kind === 'scoring') {
    const rules = ['fit', 'engagement'].reduce((n, s) => n + (isObj(d[s]) && Array.isArray((d[s] as Obj).rules) ? ((d[s] as Obj).rules as unknown[]).length : 0), 0);
    const grades = Array.isArray(d.grades) ? `grades ${d.grades.map((g) => showValue((g as Obj)?.id)).join(', ')}` : isObj(d.matrix) ? 'a fit × engagement matrix' : '';
    return [title, `${rules} rule${rules === 1 ? '' : 's'}`, grades].filter(Boolean).join(', ');
  }
  if (d.kind === 'sla') {
    const c = Array.isArray(d.commitments) ? d.commitments.map((x) => showValue((x as Obj)?.id)).join(', ') : '';
    return [title, c && `commitments ${c}`].filter(Boolean).join(', ');
  }
  if (d.kind === 'icp' && d.match !== undefined) return [title, `matches ${conditionText(d.match)}`].filter(Boolean).join(', ');
  return title;
}

class Collector {
  constructor(readonly kind: string, readonly id: string, private out: DefinitionChange[]) {}
  push(change: DefinitionChange['change'], path: string, before: unknown, after: unknown, what: string): void {
    this.out.push({ kind: this.kind, id: this.id, change, path, before: plain(before), after: plain(after), summary: `${this.id} · ${what}` });
  }
  /** A value change: "label: before → after" (or added / removed). */
  value(path: string, label: string, before: unknown, after: unknown, show: (v: unknown) => string = showAny): void {
    if (same(before, after)) return;
    if (before === undefined) this.push('added', path, null, show(after), `${label} added: ${show(after)}`);
    else if (after === undefined) this.push('removed', path, show(before), null, `${label} removed (was ${show(before)})`);
    else this.push('changed', path, isScalar(before) ? before : show(before), isScalar(after) ? after : show(after), `${label}${label.includes(': ') ? ' ' : ': '}${show(before)} → ${show(after)}`);
  }
}

const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const plain = (v: unknown): unknown => (v === undefined ? null : v instanceof Date ? v.toISOString() : v);

function showAny(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.map(showAny).join(', ') : '(none)';
  if (isObj(v)) return Object.entries(v).map(([k, x]) => `${k}: ${showAny(x)}`).join(', ');
  return showValue(v);
}

const joinPath = (...parts: (string | number)[]) => parts.filter((p) => p !== '').join('.');

// ---- conditions -----------------------------------------------------------------------------

/**
 * A condition's change, reported at the smallest part that differs: the same field and operator
 * with another value reads "engagement ≥ 60 → ≥ 70"; anything else is the whole differing part
 * before → after.
 */
function conditionChange(d: Collector, path: string, label: string, before: unknown, after: unknown): void {
  if (same(before, after)) return;
  if (before === undefined) { d.push('added', path, null, conditionText(after), `${label} added: ${conditionText(after)}`); return; }
  if (after === undefined) { d.push('removed', path, conditionText(before), null, `${label} removed (was ${conditionText(before)})`); return; }
  for (const c of narrow(before, after)) {
    d.push('changed', joinPath(path, ...c.at), c.before, c.after, `${label}: ${c.before} → ${c.shortAfter ?? c.after}`);
  }
}

/** `shortAfter`: the after side without the field the before side already names ("≥ 70"). */
interface Narrowed { at: string[]; before: string; after: string; shortAfter?: string }

function narrow(b: unknown, a: unknown, at: string[] = []): Narrowed[] {
  if (same(b, a)) return [];
  if (Array.isArray(b) && Array.isArray(a) && b.length === a.length && b.every((x) => isObj(x)) && a.every((x) => isObj(x))) {
    return b.flatMap((x, i) => narrow(x, a[i], [...at, String(i)]));
  }
  if (isObj(b) && isObj(a) && typeof b.event !== 'string' && typeof a.event !== 'string') {
    const kb = Object.keys(b), ka = Object.keys(a);
    if (kb.length === ka.length && kb.every((k) => k in a)) {
      const out: Narrowed[] = [];
      for (const k of kb) {
        if (same(b[k], a[k])) continue;
        if (k === 'not' || (k === 'all' || k === 'any') && Array.isArray(b[k]) && Array.isArray(a[k]) && (b[k] as unknown[]).length === (a[k] as unknown[]).length) {
          out.push(...narrow(b[k], a[k], [...at, k]));
          continue;
        }
        if (k === 'all' || k === 'any') { out.push({ at: [...at, k], before: conditionText({ [k]: b[k] }), after: conditionText({ [k]: a[k] }) }); continue; }
        out.push(fieldChange(k, b[k], a[k], [...at, k]));
      }
      return out;
    }
  }
  return [{ at, before: conditionText(b), after: conditionText(a) }];
}

/** One key of a condition mapping (a field or a special key) whose test changed. */
function fieldChange(field: string, b: unknown, a: unknown, at: string[]): Narrowed {
  if (isObj(b) && isObj(a)) {
    const ob = Object.keys(b), oa = Object.keys(a);
    if (ob.length === 1 && oa.length === 1 && ob[0] === oa[0]) {
      return { at, before: `${field} ${opText(ob[0], b[ob[0]])}`, after: `${field} ${opText(oa[0], a[oa[0]])}`, shortAfter: opText(oa[0], a[oa[0]]) };
    }
  }
  return { at, before: conditionText({ [field]: b }), after: conditionText({ [field]: a }) };
}

// ---- id-keyed lists -------------------------------------------------------------------------

/** Items of a list by their id key; items without one are left out (the checker reports them). */
function byId(list: unknown, key = 'id'): Map<string, Obj> {
  const m = new Map<string, Obj>();
  if (!Array.isArray(list)) return m;
  for (const x of list) if (isObj(x) && (typeof x[key] === 'string' || typeof x[key] === 'number') && !m.has(String(x[key]))) m.set(String(x[key]), x);
  return m;
}

/** Whether the ids both lists hold come in another order (an order that matters: tiers, grades). */
function reordered(b: Map<string, Obj>, a: Map<string, Obj>): { before: string[]; after: string[] } | undefined {
  const before = [...b.keys()].filter((k) => a.has(k));
  const after = [...a.keys()].filter((k) => b.has(k));
  return before.join('\u0000') === after.join('\u0000') ? undefined : { before, after };
}

// ---- scoring --------------------------------------------------------------------------------

interface RuleAt { rule: Obj; section: string; group?: string }

function rulesOf(def: Obj): Map<string, RuleAt> {
  const out = new Map<string, RuleAt>();
  for (const section of ['fit', 'engagement']) {
    const sec = def[section];
    if (!isObj(sec) || !Array.isArray(sec.rules)) continue;
    for (const r of sec.rules) {
      if (!isObj(r)) continue;
      if (typeof r.group === 'string') {
        for (const m of Array.isArray(r.rules) ? r.rules : []) if (isObj(m) && typeof m.id === 'string') out.set(`${r.group}/${m.id}`, { rule: m, section, group: r.group });
      } else if (typeof r.id === 'string') out.set(r.id, { rule: r, section });
    }
  }
  return out;
}

function groupsOf(def: Obj): Map<string, Obj & { section: string }> {
  const out = new Map<string, Obj & { section: string }>();
  for (const section of ['fit', 'engagement']) {
    const sec = def[section];
    if (!isObj(sec) || !Array.isArray(sec.rules)) continue;
    for (const r of sec.rules) if (isObj(r) && typeof r.group === 'string') out.set(r.group, { ...r, section });
  }
  return out;
}

function scoringChanges(d: Collector, b: Obj, a: Obj): void {
  // Sections: their own clamp and decay.
  for (const sec of ['fit', 'engagement']) {
    const sb = b[sec], sa = a[sec];
    if (sb === undefined && sa !== undefined) { d.push('added', sec, null, `${sec} section`, `${sec} section added`); }
    else if (sa === undefined && sb !== undefined) { d.push('removed', sec, `${sec} section`, null, `${sec} section removed`); }
    if (!isObj(sb) || !isObj(sa)) continue;
    d.value(`${sec}.max`, `${sec} max`, sb.max, sa.max);
    d.value(`${sec}.min`, `${sec} min`, sb.min, sa.min);
    d.value(`${sec}.decay`, `${sec} decay`, sb.decay, sa.decay, decayText);
  }
  // Groups: pick and clamps.
  const gb = groupsOf(b), ga = groupsOf(a);
  for (const [g, x] of ga) {
    const y = gb.get(g);
    if (!y) { d.push('added', `groups.${g}`, null, ruleText(x), `group ${g} added: ${ruleText(x)}`); continue; }
    d.value(`groups.${g}.pick`, `group ${g}: pick`, y.pick ?? 'sum', x.pick ?? 'sum');
    d.value(`groups.${g}.max`, `group ${g}: max`, y.max, x.max);
    d.value(`groups.${g}.min`, `group ${g}: min`, y.min, x.min);
  }
  for (const [g, y] of gb) if (!ga.has(g)) d.push('removed', `groups.${g}`, ruleText(y), null, `group ${g} removed`);
  // Rules by id (group members as group/rule).
  const rb = rulesOf(b), ra = rulesOf(a);
  for (const [k, x] of ra) {
    const y = rb.get(k);
    if (!y) { d.push('added', `rules.${k}`, null, ruleText(x.rule), `rule ${k} added (${x.section}): ${ruleText(x.rule)}`); continue; }
    ruleChanges(d, k, y, x);
  }
  for (const [k, y] of rb) if (!ra.has(k)) d.push('removed', `rules.${k}`, ruleText(y.rule), null, `rule ${k} removed (was ${ruleText(y.rule)})`);
  d.value('total', 'total', b.total ?? 'sum', a.total ?? 'sum', totalText);
  bandChanges(d, 'grades', 'grade', b.grades, a.grades, 'total');
  const mb = isObj(b.matrix) ? b.matrix : {}, ma = isObj(a.matrix) ? a.matrix : {};
  if (!same(mb, ma)) for (const axis of ['fit', 'engagement']) bandChanges(d, `matrix.${axis}`, `${axis} band`, mb[axis], ma[axis], axis);
  conditionChange(d, 'disqualify', 'disqualify', b.disqualify, a.disqualify);
  conditionChange(d, 'mql', 'mql', b.mql, a.mql);
  d.value('fields', 'catalog', b.fields, a.fields);
  generic(d, b, a, [], ['fit', 'engagement', 'total', 'grades', 'matrix', 'disqualify', 'mql', 'fields']);
}

function ruleChanges(d: Collector, k: string, b: RuleAt, a: RuleAt): void {
  if (same(b.rule, a.rule) && b.section === a.section) return;
  const p = `rules.${k}`, l = `rule ${k}:`;
  if (b.section !== a.section) d.push('changed', `${p}.section`, b.section, a.section, `rule ${k}: moved from ${b.section} to ${a.section}`);
  const rb = b.rule, ra = a.rule;
  const kindOf = (r: Obj) => (typeof r.event === 'string' ? 'event' : 'when');
  if (kindOf(rb) !== kindOf(ra)) { d.push('changed', p, ruleText(rb), ruleText(ra), `rule ${k}: ${ruleText(rb)} → ${ruleText(ra)}`); return; }
  d.value(`${p}.points`, `${l} points`, rb.points, ra.points);
  conditionChange(d, `${p}.when`, `rule ${k} when`, rb.when, ra.when);
  d.value(`${p}.event`, `${l} event`, rb.event, ra.event);
  conditionChange(d, `${p}.where`, `rule ${k} where`, rb.where, ra.where);
  d.value(`${p}.within`, `${l} within`, rb.within, ra.within);
  d.value(`${p}.max`, `${l} max`, rb.max, ra.max);
  d.value(`${p}.min`, `${l} min`, rb.min, ra.min);
  d.value(`${p}.decay`, `${l} decay`, rb.decay, ra.decay, decayText);
  generic(d, rb, ra, ['rules', k], ['id', 'points', 'when', 'event', 'where', 'within', 'max', 'min', 'decay']);
}

function decayText(v: unknown): string {
  if (v === 'none') return 'none';
  if (isObj(v) && v.half_life !== undefined) return `half-life ${showValue(v.half_life)}`;
  return showAny(v);
}

function totalText(v: unknown): string {
  if (v === 'sum') return 'fit + engagement';
  if (isObj(v) && isObj(v.weights)) return `${showValue(v.weights.fit ?? 0)} × fit + ${showValue(v.weights.engagement ?? 0)} × engagement`;
  return showAny(v);
}

/** Grades (or matrix bands): min per id, added, removed, reordered. */
function bandChanges(d: Collector, path: string, label: string, before: unknown, after: unknown, axis: string): void {
  if (same(before, after)) return;
  const bb = byId(before), ba = byId(after);
  const minText = (g: Obj) => (g.min === undefined ? 'no min (catch-all)' : `${axis} ≥ ${showValue(g.min)}`);
  for (const [g, x] of ba) {
    const y = bb.get(g);
    if (!y) { d.push('added', `${path}.${g}`, null, minText(x), `${label} ${g} added (${minText(x)})`); continue; }
    if (!same(y.min, x.min)) {
      if (y.min === undefined || x.min === undefined) d.push('changed', `${path}.${g}.min`, y.min ?? null, x.min ?? null, `${label} ${g}: ${minText(y)} → ${minText(x)}`);
      else d.push('changed', `${path}.${g}.min`, y.min, x.min, `${label} ${g}: min ${showValue(y.min)} → ${showValue(x.min)}`);
    }
  }
  for (const [g, y] of bb) if (!ba.has(g)) d.push('removed', `${path}.${g}`, minText(y), null, `${label} ${g} removed (was ${minText(y)})`);
  const r = reordered(bb, ba);
  if (r) d.push('reordered', path, r.before.join(', '), r.after.join(', '), `${label}s reordered: ${r.before.join(', ')} → ${r.after.join(', ')}`);
}

// ---- icp ------------------------------------------------------------------------------------

function icpChanges(d: Collector, b: Obj, a: Obj): void {
  conditionChange(d, 'match', 'match', b.match, a.match);
  conditionChange(d, 'exclude', 'exclude', b.exclude, a.exclude);
  for (const list of ['tiers', 'personas'] as const) {
    const one = list === 'tiers' ? 'tier' : 'persona';
    const lb = byId(b[list]), la = byId(a[list]);
    for (const [t, x] of la) {
      const y = lb.get(t);
      const when = (z: Obj) => (z.when === undefined ? 'catch-all' : `when ${conditionText(z.when)}`);
      if (!y) { d.push('added', `${list}.${t}`, null, when(x), `${one} ${t} added (${when(x)})`); continue; }
      conditionChange(d, `${list}.${t}.when`, `${one} ${t}`, y.when, x.when);
    }
    for (const [t] of lb) if (!la.has(t)) d.push('removed', `${list}.${t}`, t, null, `${one} ${t} removed`);
    // Tier order decides which tier a lead gets; persona order does not matter.
    const r = list === 'tiers' ? reordered(lb, la) : undefined;
    if (r) d.push('reordered', list, r.before.join(', '), r.after.join(', '), `tiers reordered: ${r.before.join(', ')} → ${r.after.join(', ')}`);
  }
  d.value('fields', 'catalog', b.fields, a.fields);
  generic(d, b, a, [], ['match', 'exclude', 'tiers', 'personas', 'fields']);
}

// ---- sla ------------------------------------------------------------------------------------

function slaChanges(d: Collector, b: Obj, a: Obj): void {
  const cb = isObj(b.calendars) ? b.calendars : {}, ca = isObj(a.calendars) ? a.calendars : {};
  for (const name of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
    const x = ca[name], y = cb[name];
    const p = `calendars.${name}`, l = `calendar ${name}`;
    if (y === undefined) { d.push('added', p, null, calendarText(x), `${l} added: ${calendarText(x)}`); continue; }
    if (x === undefined) { d.push('removed', p, calendarText(y), null, `${l} removed`); continue; }
    if (!isObj(x) || !isObj(y) || same(x, y)) continue;
    d.value(`${p}.timezone`, `${l}: time zone`, y.timezone, x.timezone);
    const hb = isObj(y.hours) ? y.hours : {}, ha = isObj(x.hours) ? x.hours : {};
    for (const day of new Set([...Object.keys(hb), ...Object.keys(ha)])) d.value(`${p}.hours.${day}`, `${l}: hours ${day}`, hb[day], ha[day], (v) => String(v));
    const hol = (v: unknown) => (Array.isArray(v) ? v.map((h) => String(plain(h)).slice(0, 10)) : []);
    const holB = hol(y.holidays), holA = hol(x.holidays);
    const added = holA.filter((h) => !holB.includes(h)), removed = holB.filter((h) => !holA.includes(h));
    if (added.length) d.push('added', `${p}.holidays`, null, added.join(', '), `${l}: holiday${added.length === 1 ? '' : 's'} added ${added.join(', ')}`);
    if (removed.length) d.push('removed', `${p}.holidays`, removed.join(', '), null, `${l}: holiday${removed.length === 1 ? '' : 's'} removed ${removed.join(', ')}`);
    generic(d, y, x, ['calendars', name], ['timezone', 'hours', 'holidays']);
  }
  const mb = byId(b.commitments), ma = byId(a.commitments);
  for (const [c, x] of ma) {
    const y = mb.get(c);
    if (!y) { d.push('added', `commitments.${c}`, null, commitmentText(x), `${c} added: ${commitmentText(x)}`); continue; }
    commitmentChanges(d, c, y, x);
  }
  for (const [c, y] of mb) if (!ma.has(c)) d.push('removed', `commitments.${c}`, commitmentText(y), null, `${c} removed (was ${commitmentText(y)})`);
  d.value('fields', 'catalog', b.fields, a.fields);
  generic(d, b, a, [], ['calendars', 'commitments', 'fields']);
}

function commitmentChanges(d: Collector, c: string, b: Obj, a: Obj): void {
  if (same(b, a)) return;
  const p = `commitments.${c}`;
  d.value(`${p}.type`, `${c}: type`, b.type ?? 'response', a.type ?? 'response');
  d.value(`${p}.within`, `${c}: within`, b.within, a.within, (v) => String(v));
  d.value(`${p}.clock`, `${c}: clock`, b.clock, a.clock);
  d.value(`${p}.start`, `${c}: start`, b.start, a.start);
  d.value(`${p}.stop`, `${c}: stop`, b.stop, a.stop);
  d.value(`${p}.scoring`, `${c}: scoring model`, b.scoring, a.scoring);
  d.value(`${p}.calendar`, `${c}: calendar`, b.calendar, a.calendar, calendarRefText);
  conditionChange(d, `${p}.applies_to`, `${c} applies to`, b.applies_to, a.applies_to);
  conditionChange(d, `${p}.count`, `${c} counts`, b.count, a.count);
  d.value(`${p}.per`, `${c}: period`, b.per, a.per);
  d.value(`${p}.date`, `${c}: date`, b.date, a.date);
  d.value(`${p}.target`, `${c}: target`, b.target, a.target, targetText);
  d.value(`${p}.escalate`, `${c}: escalation`, b.escalate, a.escalate, escalationText);
  generic(d, b, a, ['commitments', c], ['id', 'type', 'within', 'clock', 'start', 'stop', 'scoring', 'calendar', 'applies_to', 'count', 'per', 'date', 'target', 'escalate']);
}

/** A volume target in short form: "≥ 150". */
export function targetText(v: unknown): string {
  if (isObj(v)) return Object.entries(v).map(([op, x]) => opText(op, x)).join(' and ');
  return showAny(v);
}

function calendarRefText(v: unknown): string {
  if (isObj(v) && typeof v.by === 'string') {
    const map = isObj(v.map) ? Object.entries(v.map).map(([k, x]) => `${k} → ${showValue(x)}`).join(', ') : '';
    return `by ${v.by}${map ? ` (${map})` : ''}${v.default !== undefined ? `, else ${showValue(v.default)}` : ''}`;
  }
  return showAny(v);
}

function escalationText(v: unknown): string {
  if (!Array.isArray(v)) return showAny(v);
  return v.map((e) => (isObj(e) ? `after ${showValue(e.after)} ${Object.entries(e).filter(([k]) => k !== 'after').map(([k, x]) => `${k} ${showValue(x)}`).join(', ')}` : showAny(e))).join('; ');
}

function calendarText(v: unknown): string {
  if (!isObj(v)) return showAny(v);
  const hours = isObj(v.hours) ? Object.entries(v.hours).map(([k, x]) => `${k} ${showValue(x)}`).join('; ') : '';
  return `${showValue(v.timezone)}${hours ? `, ${hours}` : ''}`;
}

function commitmentText(v: Obj): string {
  if (v.type === 'volume') return `${targetText(v.target)} leads per ${showValue(v.per)}${v.count !== undefined ? ` where ${conditionText(v.count)}` : ''}`;
  return `${showValue(v.start)} → ${showValue(v.stop)} within ${showValue(v.within)}${v.clock ? ` (${showValue(v.clock)} clock)` : ''}${v.applies_to !== undefined ? ` when ${conditionText(v.applies_to)}` : ''}`;
}

// ---- test -----------------------------------------------------------------------------------

function testChanges(d: Collector, b: Obj, a: Obj): void {
  d.value('as_of', 'as of', b.as_of, a.as_of);
  const cb = byId(b.cases, 'name'), ca = byId(a.cases, 'name');
  for (const [n, x] of ca) {
    const y = cb.get(n);
    if (!y) d.push('added', `cases.${n}`, null, n, `case added: ${n}`);
    else if (!same(y, x)) {
      if (!same(y.expect, x.expect)) d.push('changed', `cases.${n}.expect`, showAny(y.expect), showAny(x.expect), `case "${n}": expects ${showAny(y.expect)} → ${showAny(x.expect)}`);
      if (!same(y.lead, x.lead) || !same(y.sample, x.sample)) d.push('changed', `cases.${n}.lead`, null, null, `case "${n}": its lead changed`);
    }
  }
  for (const [n] of cb) if (!ca.has(n)) d.push('removed', `cases.${n}`, n, null, `case removed: ${n}`);
  generic(d, b, a, [], ['as_of', 'cases']);
}

// ---- anything else --------------------------------------------------------------------------

/** Leaf-by-leaf changes of the keys not handled above (fields catalogs, the project, new keys). */
function generic(d: Collector, b: unknown, a: unknown, at: string[], handled: string[]): void {
  if (same(b, a)) return;
  if (isObj(b) && isObj(a)) {
    for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (handled.includes(k) || (at.length === 0 && COSMETIC.has(k))) continue;
      if (k === 'description' || k === 'title') continue;
      generic(d, b[k], a[k], [...at, k], []);
    }
    return;
  }
  const path = at.join('.');
  d.value(path, at.join(' '), b, a);
}
