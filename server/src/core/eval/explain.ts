// One lead's full story (`leadspec explain`), from the same engine as `simulate`: the fields as
// read (with the lead's data warnings), every ICP with the tier and personas that matched and,
// for the others, the tests that failed; every rule of every model with its points, events,
// decay and clamps; the grade and the MQL decision with the part that decided them; each SLA
// clock with its due time in the calendar's own time zone. Pure: the host gives the compiled
// project, the definitions, the lead and `as_of`.
import { DateTime } from 'luxon';
import type { CompiledProject } from './simulate.js';
import { evaluateLead } from './simulate.js';
import { compileCondition, type CompileOptions, type Pred } from './conditions.js';
import { conditionText, ruleText } from '../report/describe.js';
import { isGroup, type Definition, type IcpDef, type ScoringDef, type SlaDef, type Rule, type Band } from '../model.js';
import { isoUtc, type DataWarning, type Lead, type LeadResult } from '../results.js';
import { explanationKey } from '../diff/simulations.js';
import { eventCount, forEachEvent } from '../data/event-store.js';
import { dataRecord } from '../data/leads.js';

export interface FieldLine { field: string; type: string; raw: string | null; value: string | null; note?: string }
export interface IcpStory { id: string; matched: boolean; tier?: string | null; personas?: string[]; why: string[] }
export interface RuleLine {
  section: 'fit' | 'engagement'; rule: string; text: string;
  /** Points it contributed (after its own clamp), null when it did not apply. */
  points: number | null;
  events?: number; decay?: string; note?: string;
  /** What the rule's own max/min cut from its raw sum (already out of `points`). */
  cut?: { clamp: 'max' | 'min'; cut: number };
}
export interface ModelStory {
  id: string; fit: number; engagement: number; total: number; grade: string; fit_grade?: string; engagement_grade?: string;
  mql: boolean; disqualified: boolean;
  rules: RuleLine[];
  /** Clamps of a group or a section that cut points (a rule's own clamp is on its line). */
  clamps: { section: string; on: string; clamp: 'max' | 'min'; cut: number }[];
  grade_reason: string; mql_reason: string; disqualify_reason?: string;
}
export interface SlaStory {
  commitment: string; applies: boolean; why?: string;
  status?: string; start?: string; due?: string; due_local?: string; timezone?: string; calendar?: string;
  elapsed_minutes?: number; within?: string; clock?: string; escalations?: Record<string, unknown>[];
}
export interface LeadStory {
  id: string; as_of: string; source?: { file: string; row: number };
  fields: FieldLine[]; warnings: DataWarning[]; events: { total: number; counted: number; by_event: Record<string, number> };
  icps: IcpStory[]; scoring: ModelStory[]; sla: SlaStory[];
  /** The same lead as `simulate --format json` prints it. */
  result: LeadResult;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** The parts of a condition a reader checks one by one: its keys (or an `all:` list's items). */
function conjuncts(c: unknown): unknown[] {
  if (!isObj(c)) return [c];
  const keys = Object.keys(c);
  if (keys.length === 1 && keys[0] === 'all' && Array.isArray(c.all)) return c.all;
  if (keys.length <= 1) return [c];
  return keys.map((k) => ({ [k]: c[k] }));
}
/** The alternatives of an `any:` condition, else the condition itself. */
function disjuncts(c: unknown): unknown[] {
  return isObj(c) && Object.keys(c).length === 1 && Array.isArray(c.any) ? c.any : [c];
}

export function explainLead(cp: CompiledProject, defs: readonly Definition[], lead: Lead, asOfMs: number, warnings: DataWarning[] = []): LeadStory {
  const mine: DataWarning[] = warnings.filter((w) => w.lead === lead.id);
  const result = evaluateLead(cp, lead, asOfMs, (w) => mine.push(w));
  const first = <T extends Definition>(kind: string) => {
    const seen = new Set<string>();
    return defs.filter((d): d is T => d.kind === kind && !seen.has(d.id) && !!seen.add(d.id));
  };
  const icps = first<IcpDef>('icp'), models = first<ScoringDef>('scoring'), slas = first<SlaDef>('sla');
  const opts = (score?: string): CompileOptions => ({ fields: cp.catalog.fields, events: cp.catalog.events, eventSlots: cp.eventSlots, icpSlots: cp.icpSlots, score });
  // Compile every test first: compiling may add event slots, which setLead must know of.
  const compiled = new Map<unknown, Pred>();
  const pred = (c: unknown, score?: string) => {
    const k = `${score ?? ''}\u0000${JSON.stringify(c)}`;
    if (!compiled.has(k)) compiled.set(k, compileCondition(c, opts(score)));
    return compiled.get(k)!;
  };
  const tests: { c: unknown; score?: string }[] = [];
  for (const d of icps) {
    for (const c of [...conjuncts(d.match), ...disjuncts(d.exclude)]) tests.push({ c });
    for (const t of Array.isArray(d.tiers) ? d.tiers : []) for (const c of conjuncts(t?.when)) tests.push({ c });
  }
  for (const d of models) for (const k of ['mql', 'disqualify'] as const) for (const alt of disjuncts(d[k])) for (const c of conjuncts(alt)) tests.push({ c, score: d.id });
  for (const d of slas) for (const c of Array.isArray(d.commitments) ? d.commitments : []) {
    const scoring = c.scoring ?? (models.length === 1 ? models[0].id : undefined);
    if (c.type !== 'volume' && c.applies_to !== undefined) for (const x of conjuncts(c.applies_to)) tests.push({ c: x, score: scoring });
  }
  for (const t of tests) if (t.c !== undefined) pred(t.c, t.score);
  const ctx = cp.ctx.setLead(lead, asOfMs);
  ctx.scores = result.scores;
  const holds = (c: unknown, score?: string) => { try { return pred(c, score)(ctx); } catch { return false; } };
  const valueOf = (c: unknown) => {
    if (!isObj(c)) return '';
    const shown = Object.keys(c).filter((k) => Object.hasOwn(cp.catalog.fields, k)).map((k) => `${k} is ${show(lead, k)}`);
    return shown.length ? ` (${shown.join(', ')})` : '';
  };
  const failing = (c: unknown, score?: string) => conjuncts(c).filter((x) => x !== undefined && !holds(x, score)).map((x) => `${conditionText(x)}${valueOf(x)}`);

  // ---- fields ----
  const fields: FieldLine[] = [];
  for (const [name, decl] of Object.entries(cp.catalog.fields)) {
    const raw = lead.raw[name];
    const v = lead.values[name];
    const warn = mine.find((w) => w.field === name);
    fields.push({ field: name, type: decl.type, raw: raw === undefined || raw === '' ? null : raw, value: v === undefined ? null : display(v, decl.type), ...(warn ? { note: warn.message } : {}) });
  }
  for (const [name, raw] of Object.entries(lead.raw)) {
    if (name === 'id' || Object.hasOwn(cp.catalog.fields, name)) continue;
    fields.push({ field: name, type: 'undeclared', raw, value: null, note: 'not in the catalog: kept for display, never tested' });
  }
  const byEvent = dataRecord<number>(); // keyed by event names (user text)
  let counted = 0;
  forEachEvent(lead, (event, at) => { byEvent[event] = (byEvent[event] ?? 0) + 1; if (at <= asOfMs) counted++; });

  // ---- ICPs ----
  const icpStories: IcpStory[] = icps.map((d) => {
    const m = result.icps.find((x) => x.id === d.id);
    if (m) {
      const why: string[] = [];
      for (const t of Array.isArray(d.tiers) ? d.tiers : []) {
        if (!t || t.id === m.tier) break;
        why.push(`not ${t.id}: ${failing(t.when).join('; ') || 'its condition fails'}`);
      }
      return { id: d.id, matched: true, tier: m.tier, personas: m.personas, why };
    }
    const why = failing(d.match).map((x) => `fails ${x}`);
    const hit = disjuncts(d.exclude).filter((x) => d.exclude !== undefined && holds(x));
    for (const x of hit) why.push(`excluded: ${conditionText(x)}${valueOf(x)}`);
    return { id: d.id, matched: false, why: why.length ? why : ['its condition fails'] };
  });

  // ---- scoring ----
  const scoring: ModelStory[] = models.map((d) => {
    const s = result.scores[d.id];
    const contributed = new Map<string, { points: number; events?: number }>();
    const cuts = new Map<string, { clamp: 'max' | 'min'; cut: number }>();
    const clamps: ModelStory['clamps'] = [];
    for (const e of s?.explanation ?? []) {
      if ('clamp' in e && e.rule !== undefined) cuts.set(e.group ? `${e.group}/${e.rule}` : e.rule, { clamp: e.clamp, cut: e.cut });
      else if ('clamp' in e) clamps.push({ section: e.section, on: e.group && e.rule ? `${e.group}/${e.rule}` : e.rule ?? e.group ?? `${e.section} section`, clamp: e.clamp, cut: e.cut });
      else contributed.set(explanationKey(e), { points: e.points, events: e.events });
    }
    const rules: RuleLine[] = [];
    for (const section of ['fit', 'engagement'] as const) {
      const sec = d[section];
      for (const r of Array.isArray(sec?.rules) ? sec!.rules : []) {
        if (!r || typeof r !== 'object') continue;
        const members: [string, Rule][] = isGroup(r) ? (Array.isArray(r.rules) ? r.rules : []).map((m) => [`${r.group}/${m?.id}`, m]) : [[String((r as Rule).id), r as Rule]];
        for (const [key, rule] of members) {
          const got = contributed.get(key);
          const ev = rule && typeof (rule as { event?: unknown }).event === 'string';
          const decay = ev ? decayText((rule as { decay?: unknown }).decay ?? sec?.decay) : undefined;
          const note = isGroup(r) && !got && r.pick && r.pick !== 'sum' ? `group ${r.group} counts only its ${r.pick === 'first' ? 'first matching' : 'largest'} rule` : undefined;
          rules.push({ section, rule: key, text: ruleText(rule), points: got ? got.points : null, ...(got?.events !== undefined ? { events: got.events } : {}), ...(decay ? { decay } : {}), ...(note ? { note } : {}), ...(cuts.has(key) ? { cut: cuts.get(key) } : {}) });
        }
      }
    }
    return {
      id: d.id, fit: s.fit, engagement: s.engagement, total: s.total, grade: s.grade,
      ...(s.fit_grade !== undefined ? { fit_grade: s.fit_grade, engagement_grade: s.engagement_grade } : {}),
      mql: s.mql, disqualified: s.disqualified, rules, clamps,
      grade_reason: gradeReason(d, s),
      mql_reason: decision(d.mql, d.id, s.mql, s.disqualified, holds, failing, 'MQL'),
      ...(d.disqualify !== undefined ? { disqualify_reason: decision(d.disqualify, d.id, s.disqualified, false, holds, failing, 'disqualified') } : {}),
    };
  });

  // ---- SLAs ----
  const sla: SlaStory[] = [];
  for (const d of slas) {
    for (const c of Array.isArray(d.commitments) ? d.commitments : []) {
      if (!c || typeof c !== 'object' || c.type === 'volume') continue;
      const key = `${d.id}/${c.id}`;
      const r = result.sla[key];
      const problem = cp.slaProblems.find((p) => p.problem.commitment === key);
      if (!r) {
        const scoring = c.scoring ?? (models.length === 1 ? models[0].id : undefined);
        const why = problem ? `the commitment cannot be evaluated: ${problem.problem.message}`
          : c.applies_to !== undefined && !holds(c.applies_to, scoring) ? `does not apply: ${failing(c.applies_to, scoring).map((x) => `fails ${x}`).join('; ')}`
          : lead.values[c.start] === undefined ? `the clock has not started: ${c.start} is ${show(lead, c.start)}`
          : 'does not apply';
        sla.push({ commitment: key, applies: false, why });
        continue;
      }
      const cal = calendarFor(d, c.calendar, lead, c.clock);
      const start = typeof lead.values[c.start] === 'number' ? isoUtc(lead.values[c.start] as number) : undefined;
      sla.push({
        commitment: key, applies: true, status: r.status, start, due: r.due, elapsed_minutes: r.elapsed_minutes, within: c.within,
        clock: c.clock ?? (Object.keys(d.calendars ?? {}).length ? 'business' : 'calendar'),
        ...(cal ? { calendar: cal.name, timezone: cal.zone, due_local: local(r.due, cal.zone) } : { timezone: 'UTC', due_local: local(r.due, 'UTC') }),
        escalations: r.escalations,
      });
    }
  }
  return { id: lead.id, as_of: isoUtc(asOfMs), ...(lead.source ? { source: lead.source } : {}), fields, warnings: mine, events: { total: eventCount(lead), counted, by_event: byEvent }, icps: icpStories, scoring, sla, result };
}

function show(lead: Lead, field: string): string {
  const raw = lead.raw[field];
  if (raw !== undefined && raw.trim() !== '') return JSON.stringify(raw.trim());
  const v = lead.values[field];
  return v === undefined ? 'missing' : JSON.stringify(v);
}

function display(v: unknown, type: string): string {
  if (typeof v === 'number' && (type === 'datetime' || type === 'date')) return type === 'date' ? isoUtc(v).slice(0, 10) : isoUtc(v);
  if (Array.isArray(v)) return v.join(';');
  return String(v);
}

function decayText(d: unknown): string | undefined {
  if (d === 'none') return 'no decay';
  if (isObj(d) && typeof d.half_life === 'string') return `half-life ${d.half_life}`;
  return undefined;
}

function gradeReason(d: ScoringDef, s: { total: number; fit: number; engagement: number; grade: string; disqualified: boolean; fit_grade?: string; engagement_grade?: string }): string {
  if (s.disqualified) return 'disqualified (the disqualify condition holds), whatever the total';
  const bands = (list: unknown): Band[] => (Array.isArray(list) ? list.filter((b): b is Band => isObj(b) && typeof b.id === 'string') : []);
  const band = (list: Band[], id: string | undefined, v: number, what: string) => {
    const b = list.find((x) => x.id === id);
    if (!b) return `${what} ${v}`;
    const higher = list.slice(0, list.indexOf(b)).filter((x) => typeof x.min === 'number');
    const next = higher.length ? higher[higher.length - 1] : undefined;
    return `${what} ${v} ${typeof b.min === 'number' ? `≥ ${b.id}'s min ${b.min}` : `is below every min (${b.id} is the catch-all)`}${next ? ` and < ${next.id}'s min ${next.min}` : ''}`;
  };
  if (isObj(d.matrix)) return `${band(bands(d.matrix.fit), s.fit_grade, s.fit, 'fit')} → ${s.fit_grade}; ${band(bands(d.matrix.engagement), s.engagement_grade, s.engagement, 'engagement')} → ${s.engagement_grade}`;
  return band(bands(d.grades), s.grade, s.total, 'total');
}

function decision(cond: unknown, model: string, result: boolean, blocked: boolean, holds: (c: unknown, s?: string) => boolean,
  failing: (c: unknown, s?: string) => string[], what: string): string {
  if (cond === undefined) return `no ${what} condition`;
  if (blocked) return `not ${what}: the lead is disqualified`;
  const alts = disjuncts(cond);
  if (result) {
    const hit = alts.find((a) => holds(a, model));
    return `${what}: ${hit !== undefined ? `${conditionText(hit)} holds` : `${conditionText(cond)} holds`}`;
  }
  return `not ${what}: ${alts.map((a) => failing(a, model).join(' and ') || conditionText(a)).map((x) => `fails ${x}`).join('; ')}`;
}

/** The calendar a response clock uses for this lead, with its time zone. */
function calendarFor(d: SlaDef, ref: unknown, lead: Lead, clock: unknown): { name: string; zone: string } | undefined {
  const cals = isObj(d.calendars) ? d.calendars : {};
  const names = Object.keys(cals);
  const hasCalendars = names.length > 0;
  if ((clock ?? (hasCalendars ? 'business' : 'calendar')) === 'calendar' && ref === undefined) return undefined;
  let name: unknown = ref;
  if (ref === undefined && names.length === 1) name = names[0];
  if (isObj(ref) && typeof ref.by === 'string') {
    const v = lead.values[ref.by];
    const map = isObj(ref.map) ? ref.map : {};
    const hit = v === undefined || v === null ? undefined : Object.entries(map).find(([k]) => k.trim().toLowerCase() === String(v).trim().toLowerCase());
    name = hit ? hit[1] : ref.default;
  }
  if (typeof name !== 'string' || !isObj(cals[name])) return undefined;
  const zone = (cals[name] as unknown as Obj).timezone;
  return typeof zone === 'string' ? { name, zone } : undefined;
}

function local(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.toFormat("ccc yyyy-LL-dd HH:mm ZZZZ") : iso;
}
