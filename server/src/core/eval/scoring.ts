// Lead-scoring models (SPEC §5), compiled once and evaluated per lead at `as_of`:
//   when rule → points once; event rule → Σ points × f(age) over the events in its window,
//   clamped to the rule's max/min; group → sum | first | max of its rules, clamped; section →
//   sum, clamped, rounded half away from zero to 2 decimals; total → sum or weights, rounded;
//   then grade (bands or fit × engagement matrix), disqualify, mql read the rounded values.
// Every result carries its explanation: each contributing rule and each clamp that cut points.
import type { Band, Decay, EventRule, Group, Rule, RuleOrGroup, ScoringDef, Section, WhenRule } from '../model.js';
import { isGroup, parseDuration } from '../model.js';
import type { ExplanationItem, ScoreResult } from '../results.js';
import { compileCondition, compileEventWhere, type CompileOptions, type EvalCtx, type EventPred, type Pred } from './conditions.js';
import * as values from '../data/values.js';

/** A local binding (see conditions.ts: under tsx an imported function is read through a getter per call). */
const { round2 } = values;

type SectionName = 'fit' | 'engagement';

interface CRule {
  id: string;
  /** Key in `summary.…rules`: the rule id, or `<group>/<rule>` for a group member. */
  key: string;
  group?: string;
  pred?: Pred;
  /** Event rules: */
  slot: number;
  where?: EventPred;
  points: number;
  withinMs: number;
  /** 0 when the rule does not decay. */
  halfLifeMs: number;
  max?: number;
  min?: number;
  isEvent: boolean;
  isGroup: false;
  /**
   * A `when` rule's explanation item: the same for every lead it fires for (its points are
   * fixed and never clamped by the rule), so one frozen object is shared by all their results
   * instead of one per lead — the preview re-scores 10k leads per edit, and these items were
   * most of what each edit allocated and kept (the garbage collector's work). Undefined for
   * event rules, whose points depend on the lead's events.
   */
  item: ExplanationItem | undefined;
  /** The index in `ruleKeys` of this rule's key (its first, when two rules share a key). */
  keyIx: number;
}

interface CGroup { isGroup: true; id: string; pick: 'sum' | 'first' | 'max'; max?: number; min?: number; rules: CRule[]; vals: number[]; hit: boolean[]; raws: number[]; counts: number[] }
interface CSection { name: SectionName; items: (CRule | CGroup)[]; max?: number; min?: number; present: boolean }

export interface CompiledScoring {
  id: string;
  /** Summary keys of every rule, in definition order. */
  ruleKeys: string[];
  /** Grade ids in the order a report lists them (bands high to low, `disqualified` last). */
  gradeOrder: string[];
  matrix: boolean;
  /** Scores the lead set on ctx; `into`: an earlier result of this model to overwrite (see SimulationCache). */
  evaluate(ctx: EvalCtx, into?: ScoreResult): ScoreResult;
  /** The definition compiled (never mutated): incremental-scoring.ts compares two versions of a model. */
  def: ScoringDef;
  /**
   * Evaluates one rule alone on ctx (its index in `ruleKeys`' order) into `out`: a lead's result
   * is a function of its rules' outcomes and the rest of the model, so an edit of one rule can be
   * re-scored only where that rule's outcome changed (incremental-scoring.ts).
   */
  probeRule(index: number, ctx: EvalCtx, out: RuleOutcome): void;
  /**
   * The rules of the last `evaluate`'s explanation, in its order: `fired[0 … firedCount - 1]`
   * are their keys' indices in `ruleKeys` — what RuleKeys reads off the explanation, for a caller
   * that counts rules (partition.ts) without walking the explanation's items.
   */
  readonly fired: Int32Array;
  readonly firedCount: number;
}

/** One rule's outcome for a lead: fired, its raw sum (event rules), its value after its own clamp, events counted. */
export interface RuleOutcome { hit: boolean; raw: number; value: number; count: number }

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function halfLife(d: Decay | 'none' | undefined): number | undefined {
  if (d === undefined) return undefined;
  if (d === 'none' || d === null) return 0;
  const m = parseDuration((d as Decay).half_life);
  return m === undefined || m === 0 ? 0 : m * 60000;
}

function compileRule(r: Rule, section: Section, sectionName: SectionName, opts: CompileOptions, group?: string): CRule {
  const id = String(r?.id ?? '');
  const isEvent = !!r && typeof (r as EventRule).event === 'string';
  const er = r as EventRule, wr = r as WhenRule;
  const within = isEvent && er.within !== undefined ? parseDuration(er.within) : undefined;
  const points = num(r?.points) ?? 0;
  // The literal pushRule would make for it (same keys, same order).
  const item: ExplanationItem | undefined = isEvent ? undefined
    : Object.freeze(group !== undefined ? { section: sectionName, group, rule: id, points: round2(points) } : { section: sectionName, rule: id, points: round2(points) });
  // Every compiled rule has the same fields (one hidden class for the hot loop).
  return {
    isGroup: false, isEvent, id, key: group ? `${group}/${id}` : id, group, points, item,
    pred: isEvent ? undefined : wr?.when === undefined ? () => false : compileCondition(wr.when, opts),
    slot: isEvent ? opts.eventSlots.slot(er.event) : -1,
    where: isEvent && er.where !== undefined ? compileEventWhere(er.event, er.where, opts.events) : undefined,
    withinMs: !isEvent || er.within === undefined ? Infinity : within === undefined ? 0 : within * 60000,
    halfLifeMs: isEvent ? halfLife(er.decay) ?? halfLife(section.decay) ?? 0 : 0,
    max: isEvent ? num(er.max) : undefined, min: isEvent ? num(er.min) : undefined,
    keyIx: -1,
  };
}

function compileSection(name: SectionName, s: Section | undefined, opts: CompileOptions): CSection {
  const sec: Section = s && typeof s === 'object' ? s : {};
  const items = (Array.isArray(sec.rules) ? sec.rules : []).filter((r): r is RuleOrGroup => !!r && typeof r === 'object').map((r) => {
    if (isGroup(r)) {
      const g = r as Group;
      const rules = (Array.isArray(g.rules) ? g.rules : []).filter((x) => !!x && typeof x === 'object').map((x) => compileRule(x, sec, name, opts, g.group));
      const pick = g.pick === 'first' || g.pick === 'max' ? g.pick : 'sum';
      const n = rules.length;
      return { isGroup: true, id: g.group, pick, max: num(g.max), min: num(g.min), rules, vals: new Array(n).fill(0), hit: new Array(n).fill(false), raws: new Array(n).fill(0), counts: new Array(n).fill(0) } as CGroup;
    }
    return compileRule(r as Rule, sec, name, opts);
  });
  return { name, items, max: num(sec.max), min: num(sec.min), present: !!s };
}

const isCGroup = (x: CRule | CGroup): x is CGroup => x.isGroup;

// Scratch outputs of evalRule (single-threaded, non-reentrant: rules never score other models).
let lastHit = false;
let lastRaw = 0;
let lastCount = 0;

/** The rule's value after its own clamp; sets lastHit/lastRaw/lastCount. */
function evalRule(r: CRule, ctx: EvalCtx): number {
  if (!r.isEvent) {
    lastHit = r.pred!(ctx);
    lastCount = 0;
    lastRaw = lastHit ? r.points : 0;
    return lastRaw;
  }
  const b = ctx.buckets[r.slot], len = r.slot < ctx.counts.length ? ctx.counts[r.slot] : 0;
  const asOf = ctx.asOf, lo = asOf - r.withinMs, h = r.halfLifeMs, where = r.where, pts = r.points, at = ctx.evAt;
  let sum = 0, n = 0;
  {
    for (let i = 0; i < len; i++) {
      const e = b[i], t = at[e];
      if (t > asOf || t <= lo) continue;
      if (where && !where(ctx, e)) continue;
      n++;
      sum += h > 0 ? pts * Math.pow(0.5, (asOf - t) / h) : pts;
    }
  }
  lastHit = n > 0;
  lastCount = n;
  lastRaw = sum;
  if (!lastHit) return 0;
  let v = sum;
  if (r.max !== undefined && v > r.max) v = r.max;
  if (r.min !== undefined && v < r.min) v = r.min;
  return v;
}

// The key indices of the rules whose items the explanation being built holds (CompiledScoring.fired).
let curFired = new Int32Array(0);
let firedN = 0;

// The explanation being built (single-threaded, non-reentrant like the scratch above): items go
// to a buffer that only ever grows, and each result gets an array of exactly its items — pushing
// into a fresh [] gave every result a 17-slot backing store, most of a lead's explanation bytes.
const exBuf: ExplanationItem[] = [];
let exN = 0;
/** A fresh result's explanation (never shared: callers may keep it). */
const EMPTY: ExplanationItem[] = [];
/**
 * The explanation of the result being overwritten (evaluate's `into`), whose items no one reads
 * any more: an event rule's or a clamp's item at the same position, for the same rule, is
 * updated in place instead of allocated (after an edit most leads' explanations keep their shape).
 */
let pool: ExplanationItem[] | undefined;

type Item = Record<string, unknown>;
/** The pooled item at the current position when it is the same rule's item of the same shape. */
function pooled(section: SectionName, rule: string | undefined, group: string | undefined, what: 'events' | 'clamp'): Item | undefined {
  if (pool === undefined || exN >= pool.length) return undefined;
  const old = pool[exN] as Item;
  return old[what] !== undefined && old.rule === rule && old.group === group && old.section === section ? old : undefined;
}

function pushClamp(section: SectionName, clamp: 'max' | 'min', cut: number, rule: string | undefined, group: string | undefined): void {
  const old = pooled(section, rule, group, 'clamp');
  if (old !== undefined) { old.clamp = clamp; old.cut = cut; exBuf[exN++] = old as ExplanationItem; return; }
  const item: ExplanationItem = { section, clamp, cut };
  if (rule !== undefined) item.rule = rule;
  if (group !== undefined) item.group = group;
  exBuf[exN++] = item;
}

/** The items built since exN was reset, in `reuse` (an explanation no one reads any more) when it fits. */
function takeExplanation(reuse: ExplanationItem[] | undefined): ExplanationItem[] {
  if (reuse !== undefined && reuse !== EMPTY && reuse.length >= exN && exN > 0) {
    for (let i = 0; i < exN; i++) reuse[i] = exBuf[i];
    reuse.length = exN;
    return reuse;
  }
  return exBuf.slice(0, exN);
}

function pushRule(section: SectionName, r: CRule, value: number, raw: number, count: number): void {
  curFired[firedN++] = r.keyIx;
  if (r.item !== undefined) { exBuf[exN++] = r.item; return; } // a `when` rule: value === raw === its points
  // One literal per shape (no properties added afterwards): stable hidden classes.
  const points = round2(value);
  const old = r.isEvent ? pooled(section, r.id, r.group, 'events') : undefined;
  if (old !== undefined) { old.points = points; old.events = count; exBuf[exN++] = old as ExplanationItem; }
  else if (r.group !== undefined) exBuf[exN++] = r.isEvent ? { section, group: r.group, rule: r.id, points, events: count } : { section, group: r.group, rule: r.id, points };
  else exBuf[exN++] = r.isEvent ? { section, rule: r.id, points, events: count } : { section, rule: r.id, points };
  if (raw !== value) pushClamp(section, raw > value ? 'max' : 'min', round2(raw - value), r.id, r.group);
}

function evalSection(sec: CSection, ctx: EvalCtx): number {
  let sum = 0;
  const name = sec.name, items = sec.items;
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (!isCGroup(it)) {
      // A `when` rule that holds adds its points and its shared item (evalRule + pushRule, inline).
      if (!it.isEvent) { if (it.pred!(ctx)) { exBuf[exN++] = it.item!; curFired[firedN++] = it.keyIx; sum += it.points; } continue; }
      const v = evalRule(it, ctx);
      if (lastHit) { pushRule(name, it, v, lastRaw, lastCount); sum += v; }
      continue;
    }
    const g = it;
    let gv = 0, any = false;
    if (g.pick === 'first') {
      const rules = g.rules;
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        if (!r.isEvent) { if (r.pred!(ctx)) { exBuf[exN++] = r.item!; curFired[firedN++] = r.keyIx; gv = r.points; any = true; break; } continue; }
        const v = evalRule(r, ctx);
        if (lastHit) { pushRule(name, r, v, lastRaw, lastCount); gv = v; any = true; break; }
      }
    } else {
      let best = -1;
      for (let i = 0; i < g.rules.length; i++) {
        g.vals[i] = evalRule(g.rules[i], ctx);
        g.hit[i] = lastHit; g.raws[i] = lastRaw; g.counts[i] = lastCount;
        if (!lastHit) continue;
        any = true;
        if (g.pick === 'sum') { gv += g.vals[i]; pushRule(name, g.rules[i], g.vals[i], g.raws[i], g.counts[i]); }
        else if (best < 0 || g.vals[i] > g.vals[best]) best = i;
      }
      if (g.pick === 'max' && best >= 0) { gv = g.vals[best]; pushRule(name, g.rules[best], gv, g.raws[best], g.counts[best]); }
    }
    if (any) {
      let c = gv;
      if (g.max !== undefined && c > g.max) c = g.max;
      if (g.min !== undefined && c < g.min) c = g.min;
      if (c !== gv) pushClamp(name, gv > c ? 'max' : 'min', round2(gv - c), undefined, g.id);
      sum += c;
    }
  }
  let v = sum;
  if (sec.max !== undefined && v > sec.max) v = sec.max;
  if (sec.min !== undefined && v < sec.min) v = sec.min;
  if (v !== sum) pushClamp(name, sum > v ? 'max' : 'min', round2(sum - v), undefined, undefined);
  return round2(v);
}

interface CBand { id: string; min: number | undefined }
function compileBands(bands: Band[] | undefined): CBand[] {
  return (Array.isArray(bands) ? bands : []).filter((b) => b && typeof b === 'object' && b.id !== undefined)
    .map((b) => ({ id: String(b.id), min: num(b.min) }));
}
/** First band whose min <= value (a band without min is the catch-all); '' when none fits. */
function band(bands: CBand[], v: number): string {
  for (let i = 0; i < bands.length; i++) { const m = bands[i].min; if (m === undefined || m <= v) return bands[i].id; }
  return '';
}
/** The index of the band band() picks; bands.length when none fits. */
function bandIndex(bands: CBand[], v: number): number {
  for (let i = 0; i < bands.length; i++) { const m = bands[i].min; if (m === undefined || m <= v) return i; }
  return bands.length;
}

/** Grade of a lead that no band fits (a model without a catch-all band). */
export const UNGRADED = 'ungraded';
export const DISQUALIFIED = 'disqualified';

/**
 * Every grade a model can give, in order: its grades (or fit band × engagement band of a matrix),
 * then `disqualified` when it disqualifies. The keys of `summary.…grades` and of the backtest's
 * `grades` (in-process and in SQL, core/sql/backtest.ts).
 */
export function gradeOrderOf(def: ScoringDef): string[] {
  const isMatrix = !Array.isArray(def.grades) && !!def.matrix && typeof def.matrix === 'object';
  const ids = (bands: Band[] | undefined) => compileBands(bands).map((b) => b.id);
  const order = isMatrix ? ids(def.matrix!.fit).flatMap((f) => ids(def.matrix!.engagement).map((e) => f + e)) : ids(def.grades);
  if (def.disqualify !== undefined) order.push(DISQUALIFIED);
  return order;
}

export function compileScoring(def: ScoringDef, opts: CompileOptions): CompiledScoring {
  const o: CompileOptions = { ...opts, score: 'current' };
  const fit = compileSection('fit', def.fit, o);
  const eng = compileSection('engagement', def.engagement, o);
  const weights = def.total && typeof def.total === 'object' && def.total.weights && typeof def.total.weights === 'object' ? def.total.weights : undefined;
  const wf = weights ? num(weights.fit) ?? 0 : 1, we = weights ? num(weights.engagement) ?? 0 : 1;
  const isMatrix = !Array.isArray(def.grades) && !!def.matrix && typeof def.matrix === 'object';
  const grades = compileBands(def.grades);
  const fitBands = isMatrix ? compileBands(def.matrix!.fit) : [];
  const engBands = isMatrix ? compileBands(def.matrix!.engagement) : [];
  // A matrix's fit grade, engagement grade and grade for each pair of band indexes (the last
  // index: no band fits), made once: a lead's grade is then a lookup, not a new string.
  const cell = (bands: CBand[], i: number) => (i < bands.length ? bands[i].id : '') || UNGRADED;
  const matrixGrades: { fit: string; engagement: string; grade: string }[] = [];
  for (let i = 0; i <= fitBands.length; i++) {
    for (let j = 0; j <= engBands.length; j++) {
      const fg = cell(fitBands, i), eg = cell(engBands, j);
      matrixGrades.push({ fit: fg, engagement: eg, grade: fg === UNGRADED || eg === UNGRADED ? UNGRADED : fg + eg });
    }
  }
  const disqualify = def.disqualify === undefined ? undefined : compileCondition(def.disqualify, o);
  const mql = def.mql === undefined ? undefined : compileCondition(def.mql, o);

  const ruleKeys: string[] = [];
  const flat: CRule[] = [];
  for (const it of [...fit.items, ...eng.items]) {
    if (isCGroup(it)) for (const r of it.rules) { ruleKeys.push(r.key); flat.push(r); } else { ruleKeys.push(it.key); flat.push(it); }
  }
  for (const r of flat) r.keyIx = ruleKeys.indexOf(r.key);
  // A rule's item is in an explanation at most once (a group's pick adds one, or each once).
  const fired = new Int32Array(flat.length);
  const gradeOrder = gradeOrderOf(def);

  const compiled: CompiledScoring & { firedCount: number } = {
    id: def.id,
    ruleKeys,
    gradeOrder,
    matrix: isMatrix,
    def,
    fired,
    firedCount: 0,
    probeRule(index, ctx, out) {
      out.value = evalRule(flat[index], ctx);
      out.hit = lastHit; out.raw = lastRaw; out.count = lastCount;
    },
    evaluate(ctx: EvalCtx, into?: ScoreResult): ScoreResult {
      // Keys are created up front, in the order of SPEC §8's JSON, with values of their final
      // types (stable object shapes); conditions see an output only once its step has run.
      // `into`, a result of this model from an earlier run that nothing reads any more
      // (SimulationCache's reuse), is overwritten instead of allocating a new one.
      let res: ScoreResult;
      if (into !== undefined && (into.fit_grade !== undefined) === isMatrix) {
        res = into;
        res.fit = 0; res.engagement = 0; res.total = 0; res.grade = '';
        if (isMatrix) { res.fit_grade = ''; res.engagement_grade = ''; }
        res.mql = false; res.disqualified = false;
      } else {
        res = isMatrix
          ? { fit: 0, engagement: 0, total: 0, grade: '', fit_grade: '', engagement_grade: '', mql: false, disqualified: false, explanation: EMPTY }
          : { fit: 0, engagement: 0, total: 0, grade: '', mql: false, disqualified: false, explanation: EMPTY };
      }
      const prev = ctx.score, prevStage = ctx.scoreStage;
      ctx.score = res;
      ctx.scoreStage = 0;
      exN = 0;
      curFired = fired;
      firedN = 0;
      pool = res === into ? into.explanation : undefined;
      res.fit = fit.items.length || fit.present ? evalSection(fit, ctx) : 0;
      ctx.scoreStage = 1;
      res.engagement = eng.items.length || eng.present ? evalSection(eng, ctx) : 0;
      pool = undefined;
      compiled.firedCount = firedN;
      res.explanation = takeExplanation(res === into ? into.explanation : undefined);
      ctx.scoreStage = 2;
      res.total = weights ? round2(wf * res.fit + we * res.engagement) : round2(res.fit + res.engagement);
      if (isMatrix) {
        const g = matrixGrades[bandIndex(fitBands, res.fit) * (engBands.length + 1) + bandIndex(engBands, res.engagement)];
        res.fit_grade = g.fit; res.engagement_grade = g.engagement; res.grade = g.grade;
      } else {
        res.grade = band(grades, res.total) || UNGRADED;
      }
      ctx.scoreStage = 3;
      res.disqualified = disqualify ? disqualify(ctx) : false;
      ctx.scoreStage = 4;
      if (res.disqualified) { res.grade = DISQUALIFIED; res.mql = false; }
      else res.mql = mql ? mql(ctx) : false;
      ctx.scoreStage = prevStage;
      ctx.score = prev;
      return res;
    },
  };
  return compiled;
}
