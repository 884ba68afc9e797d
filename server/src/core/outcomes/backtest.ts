// The backtest of SPEC §11: every model evaluated as it would have been at the score date T
// (compileProject + simulate of core/eval/simulate.ts over the population, so a rule means exactly
// what it means everywhere else), then measured against the conversions in (T, T + H]:
// conversion rate and lift per grade, ICP, tier and rule; the MQL rule's precision and recall;
// the AUC of the ranking; the gains curve; the integer threshold sweep and the threshold that
// fits sales' capacity; pipeline value. Pure: leads in, the JSON of `backtest --format json` out.
import type { CompiledProject } from '../eval/simulate.js';
import { simulate, SimulationCache } from '../eval/simulate.js';
import { exactKey } from '../eval/exact-key.js';
import { RuleKeys } from '../eval/rule-keys.js';
import { isoUtc, type Lead, type LeadResult } from '../results.js';
import { capacityLeads } from './capacity.js';
import { ratio, roundDecimals } from './ratio.js';
import type { OutcomesSpec } from './spec.js';
import { forEachEvent } from '../data/event-store.js';

export interface Rate { leads: number; converted: number; rate: number | null; lift: number | null }
export interface Sweep { min: number; leads: number; converted: number; precision: number | null; recall: number | null }
export interface ModelBacktest {
  auc: number | null;
  grades: Record<string, Rate>;
  mql: { leads: number; converted: number; precision: number | null; recall: number | null; lift: number | null };
  gains: { top: number; leads: number; captured: number | null }[];
  rules: Record<string, Rate>;
  thresholds: Sweep[];
  /** Only when a capacity is set; null when no threshold fits it. */
  recommended?: (Sweep & { capacity: number }) | null;
  /** Only when `value` is declared. */
  value?: { grades: Record<string, number>; mql: number };
}
export interface BacktestResult {
  as_of: string;
  horizon: string | null;
  until: string | null;
  population: { leads: number; converted: number; rate: number | null; excluded: { created_after: number; converted_before: number } };
  scoring: Record<string, ModelBacktest>;
  icps: Record<string, Rate & { tiers: Record<string, Rate> }>;
}

/** Who is in the population P, and who of it converted (SPEC §11). */
export interface Population { leads: Lead[]; converted: boolean[]; createdAfter: number; convertedBefore: number; asOf: number }

/** The conversion time of a lead (epoch ms), or undefined: the field's value, or the first such event. */
function conversionTime(spec: OutcomesSpec, lead: Lead): number | undefined {
  const c = spec.converted;
  if (c.kind === 'time') { const v = lead.values[c.field]; return typeof v === 'number' ? v : undefined; }
  if (c.kind === 'event') { let t: number | undefined; forEachEvent(lead, (event, at) => { if (event !== c.event) return false; t = at; return true; }); return t; }
  return undefined;
}

/**
 * The population at T: every lead except those created after T and (with conversion times)
 * those that had converted by T. `simAsOf` is the simulation's as_of, T for a flag.
 */
export function population(spec: OutcomesSpec, leads: Lead[], simAsOf: number): Population {
  const flag = spec.converted.kind === 'flag';
  const T = flag ? simAsOf : spec.asOf!;
  const until = flag ? Infinity : T + spec.horizon!.ms;
  const out: Population = { leads: [], converted: [], createdAfter: 0, convertedBefore: 0, asOf: T };
  for (const lead of leads) {
    const created = spec.created !== undefined ? lead.values[spec.created] : undefined;
    if (typeof created === 'number' && created > T) { out.createdAfter++; continue; }
    let conv: boolean;
    if (flag) conv = lead.values[(spec.converted as { field: string }).field] === true;
    else {
      const c = conversionTime(spec, lead);
      if (c !== undefined && c <= T) { out.convertedBefore++; continue; }
      conv = c !== undefined && c <= until;
    }
    out.leads.push(lead);
    out.converted.push(conv);
  }
  return out;
}

/**
 * What a backtest can keep between runs over the same leads (the editor re-runs it on every
 * edit): the population, and the simulation at T part by part (SimulationCache).
 */
export class BacktestCache {
  private leads: Lead[] | undefined;
  private key = '';
  private pop: Population | undefined;
  /** Its results never leave backtest() (only counts do), so the cache may overwrite them run to run. */
  readonly sim = new SimulationCache({ reuse: true });
  /** Each model's backtest by its results' part (SimulationCache.modelParts) while the population is the same. */
  models = new Map<object, ModelBacktest>();
  population(spec: OutcomesSpec, leads: Lead[], simAsOf: number): Population {
    const key = `${exactKey(spec)}\n${simAsOf}`;
    if (leads !== this.leads || key !== this.key || !this.pop) { this.pop = population(spec, leads, simAsOf); this.leads = leads; this.key = key; this.models.clear(); }
    return this.pop;
  }
}

/** The ICPs and models of `cp` only: SLA clocks and sales feedback are not part of a backtest. */
export function scoringOnly(cp: CompiledProject): CompiledProject {
  return { ...cp, slas: [], slaProblems: [], project: undefined, keys: { ...cp.keys, slas: [] } };
}

/** Runs the backtest of every model of `cp`. */
export function backtest(cp: CompiledProject, spec: OutcomesSpec, leads: Lead[], simAsOf: number, cache?: BacktestCache): BacktestResult {
  const pop = cache ? cache.population(spec, leads, simAsOf) : population(spec, leads, simAsOf);
  const scoring = scoringOnly(cp);
  const sim = cache ? cache.sim.run(scoring, pop.leads, pop.asOf, []) : simulate(scoring, pop.leads, pop.asOf, []);
  if (!cache) return mergeBacktest(cp, spec, [backtestPartial(cp, spec, pop, sim.leads, (i) => i)], pop.asOf);
  // A model whose results at T are the same objects as last time has the same backtest: only the
  // others are counted (the editor's edit of one model leaves the other models' as they were).
  const parts = cache.sim.modelParts;
  const kept = cp.scorings.map((_, j) => cache.models.get(parts[j]));
  const todo = { ...cp, scorings: cp.scorings.filter((_, j) => !kept[j]) };
  const out = mergeBacktest(todo, spec, [backtestPartial(todo, spec, pop, sim.leads, (i) => i)], pop.asOf);
  out.scoring = Object.fromEntries(cp.scorings.map((s, j) => [s.id, kept[j] ?? out.scoring[s.id]]));
  cache.models = new Map(cp.scorings.map((s, j) => [parts[j], out.scoring[s.id]]));
  return out;
}

/** Counts per key: [leads, converted] and the merge key (e.g. the file line) of the first lead with it. */
type Tally = Map<string, { n: number; c: number; first: number }>;
const tally = (t: Tally, key: string, conv: number, at: number) => {
  const x = t.get(key);
  if (x) { x.n++; x.c += conv; } else t.set(key, { n: 1, c: conv, first: at });
};

/** One model's counts over a part of the population (order-free but for `values`, kept in lead order). */
export interface ModelPartial {
  grades: Tally;
  rules: Tally;
  mql: [number, number];
  /** Ranking key (total; -Infinity when disqualified) → [leads, converted]. */
  ranks: Map<number, [number, number]>;
  /** Per entry of BacktestPartial.values: the lead's grade and whether it is an MQL. */
  valueGrades: string[];
  valueMql: boolean[];
}

/**
 * The backtest's counts over part of the population (a worker's leads, or all of them), from
 * which mergeBacktest computes the result: counts add up; what depends on order (the order in
 * which grades, rules and tiers outside the declared lists first appear; sums of money in
 * floating point) carries each lead's merge key `at(i)`, increasing with i within a part.
 */
export interface BacktestPartial {
  leads: number;
  converted: number;
  createdAfter: number;
  convertedBefore: number;
  models: ModelPartial[];
  icps: { n: number; c: number; tiers: Tally }[];
  /** The converted leads with a numeric `value`, in lead order. */
  values: { at: number; v: number }[];
}

/** The counts of `pop` with its per-lead results `sim` (index-aligned: the simulation at T of the ICPs and models). */
export function backtestPartial(cp: CompiledProject, spec: OutcomesSpec, pop: Population, sim: Pick<LeadResult, 'scores' | 'icps'>[], at: (i: number) => number): BacktestPartial {
  const N = pop.leads.length;
  let C = 0;
  for (const c of pop.converted) if (c) C++;
  const values: BacktestPartial['values'] = [];
  const valueIdx: number[] = [];
  if (spec.value !== undefined) {
    for (let i = 0; i < N; i++) {
      if (!pop.converted[i]) continue;
      const v = pop.leads[i].values[spec.value];
      if (typeof v === 'number') { values.push({ at: at(i), v }); valueIdx.push(i); }
    }
  }
  const models = cp.scorings.map((model): ModelPartial => {
    const m: ModelPartial = { grades: new Map(), rules: new Map(), mql: [0, 0], ranks: new Map(), valueGrades: [], valueMql: [] };
    const keys = new RuleKeys();
    let conv = 0, a = 0;
    const countRule = (k: string) => tally(m.rules, k, conv, a); // one closure, not one per lead
    for (let i = 0; i < N; i++) {
      const sc = sim[i].scores[model.id];
      conv = pop.converted[i] ? 1 : 0; a = at(i);
      tally(m.grades, sc.grade, conv, a);
      if (sc.mql) { m.mql[0]++; m.mql[1] += conv; }
      keys.forEach(sc, countRule);
      const key = sc.disqualified ? -Infinity : sc.total;
      const r = m.ranks.get(key);
      if (r) { r[0]++; r[1] += conv; } else m.ranks.set(key, [1, conv]);
    }
    for (const i of valueIdx) { const sc = sim[i].scores[model.id]; m.valueGrades.push(sc.grade); m.valueMql.push(sc.mql); }
    return m;
  });
  const icps = cp.icps.map((icp) => {
    const out = { n: 0, c: 0, tiers: new Map() as Tally };
    for (let i = 0; i < N; i++) {
      const match = sim[i].icps.find((x) => x.id === icp.id);
      if (!match) continue;
      const conv = pop.converted[i] ? 1 : 0;
      out.n++; out.c += conv;
      if (match.tier !== null) tally(out.tiers, match.tier, conv, at(i));
    }
    return out;
  });
  return { leads: N, converted: C, createdAfter: pop.createdAfter, convertedBefore: pop.convertedBefore, models, icps, values };
}

/** The parts' tallies as one: the declared keys first, in their order, then the others by first appearance. */
function mergeTally(declared: readonly string[], parts: Tally[]): [string, number, number][] {
  const sum = new Map<string, { n: number; c: number; first: number }>();
  for (const k of declared) sum.set(k, { n: 0, c: 0, first: -Infinity });
  const extra: string[] = [];
  for (const t of parts) {
    for (const [k, x] of t) {
      const s = sum.get(k);
      if (s) { s.n += x.n; s.c += x.c; if (s.first !== -Infinity && x.first < s.first) s.first = x.first; }
      else { sum.set(k, { ...x }); extra.push(k); }
    }
  }
  extra.sort((a, b) => sum.get(a)!.first - sum.get(b)!.first);
  return [...declared, ...extra].map((k) => [k, sum.get(k)!.n, sum.get(k)!.c]);
}

/** The backtest result from the partial counts of every part of the population at T (`asOf`). */
export function mergeBacktest(cp: CompiledProject, spec: OutcomesSpec, parts: BacktestPartial[], asOf: number): BacktestResult {
  let N = 0, C = 0, createdAfter = 0, convertedBefore = 0;
  for (const p of parts) { N += p.leads; C += p.converted; createdAfter += p.createdAfter; convertedBefore += p.convertedBefore; }
  const rateOf = (leadsN: number, conv: number): Rate => ({ leads: leadsN, converted: conv, rate: ratio(conv, leadsN), lift: liftOf(conv, leadsN, C, N) });
  // Converted leads with a value, in lead order (sums of money in the order one thread adds them).
  const valueOrder: [number, number][] = [];
  parts.forEach((p, k) => p.values.forEach((_, j) => valueOrder.push([k, j])));
  valueOrder.sort((a, b) => parts[a[0]].values[a[1]].at - parts[b[0]].values[b[1]].at);

  const models: Record<string, ModelBacktest> = {};
  cp.scorings.forEach((model, j) => {
    const ms = parts.map((p) => p.models[j]);
    let mqlN = 0, mqlC = 0;
    for (const m of ms) { mqlN += m.mql[0]; mqlC += m.mql[1]; }
    const ranks = new Map<number, [number, number]>();
    for (const m of ms) for (const [key, [n, c]] of m.ranks) { const r = ranks.get(key); if (r) { r[0] += n; r[1] += c; } else ranks.set(key, [n, c]); }
    const groups: Group[] = [...ranks].map(([key, [n, conv]]) => ({ key, n, conv })).sort((a, b) => b.key - a.key || 0);
    const thresholds = sweep(groups.filter((g) => g.key !== -Infinity), C);
    const m: ModelBacktest = {
      auc: auc(groups, C, N),
      grades: Object.fromEntries(mergeTally(model.gradeOrder, ms.map((x) => x.grades)).map(([g, n, c]) => [g, rateOf(n, c)])),
      mql: { leads: mqlN, converted: mqlC, precision: ratio(mqlC, mqlN), recall: ratio(mqlC, C), lift: liftOf(mqlC, mqlN, C, N) },
      gains: gains(groups, C, N),
      rules: Object.fromEntries(mergeTally(model.ruleKeys, ms.map((x) => x.rules)).map(([k, n, c]) => [k, rateOf(n, c)])),
      thresholds,
    };
    if (spec.capacity) {
      const cap = capacityLeads(spec.capacity, N);
      let best: Sweep | undefined;
      for (const t of thresholds) if (t.leads <= cap) best = t; // leads grow as min falls
      m.recommended = best ? { capacity: cap, ...best } : null;
    }
    if (spec.value !== undefined) {
      const valueGrades: Record<string, number> = Object.fromEntries(model.gradeOrder.map((g) => [g, 0]));
      let mqlValue = 0;
      for (const [k, i] of valueOrder) {
        const v = parts[k].values[i].v, g = ms[k].valueGrades[i];
        valueGrades[g] = (valueGrades[g] ?? 0) + v;
        if (ms[k].valueMql[i]) mqlValue += v;
      }
      m.value = { grades: Object.fromEntries(Object.entries(valueGrades).map(([g, v]) => [g, tidy(v)])), mql: tidy(mqlValue) };
    }
    models[model.id] = m;
  });

  const icps: BacktestResult['icps'] = {};
  cp.icps.forEach((icp, j) => {
    let n = 0, c = 0;
    for (const p of parts) { n += p.icps[j].n; c += p.icps[j].c; }
    const tiers = mergeTally(icp.tierIds, parts.map((p) => p.icps[j].tiers));
    icps[icp.id] = { ...rateOf(n, c), tiers: Object.fromEntries(tiers.map(([t, tn, tc]) => [t, rateOf(tn, tc)])) };
  });

  const flag = spec.converted.kind === 'flag';
  return {
    as_of: isoUtc(asOf),
    horizon: flag ? null : spec.horizon!.text,
    until: flag ? null : isoUtc(asOf + spec.horizon!.ms),
    population: { leads: N, converted: C, rate: ratio(C, N), excluded: { created_after: createdAfter, converted_before: convertedBefore } },
    scoring: models,
    icps,
  };
}

/** rate / base rate = (conv / leads) / (C / N), from the exact counts. */
function liftOf(conv: number, leads: number, C: number, N: number): number | null {
  if (leads === 0 || C === 0 || N === 0) return null;
  return ratio(conv * N, leads * C);
}

/** Sums of money written without binary noise (0.1 + 0.2 is 0.3). */
const tidy = (v: number) => (Number.isInteger(v) ? v : Number(v.toPrecision(15)));

/** Leads grouped by equal ranking key, highest first: size and converted per group. */
interface Group { key: number; n: number; conv: number }

/** P(key of a converted lead > key of another lead), ties counting one half (Mann–Whitney). */
function auc(groups: Group[], C: number, N: number): number | null {
  const other = N - C;
  if (C === 0 || other === 0) return null;
  // Twice the wins, in integers: from the lowest group up, each converted lead beats the
  // non-converted leads below it and ties with those of its own group.
  let below = 0, twiceWins = 0;
  for (let k = groups.length - 1; k >= 0; k--) {
    const g = groups[k], nonConv = g.n - g.conv;
    twiceWins += g.conv * (2 * below + nonConv);
    below += nonConv;
  }
  return ratio(twiceWins, 2 * C * other);
}

/** Top ceil(d·N/10) leads for d = 1…10 and the share of conversions they capture (ties fractional). */
function gains(groups: Group[], C: number, N: number): ModelBacktest['gains'] {
  const out: ModelBacktest['gains'] = [];
  for (let d = 1; d <= 10; d++) {
    const n = Math.floor((d * N + 9) / 10);
    let a = 0, convAbove = 0, k = 0;
    while (k < groups.length && a + groups[k].n < n) { a += groups[k].n; convAbove += groups[k].conv; k++; }
    let captured: number | null = null;
    if (C > 0) {
      if (n === 0 || k >= groups.length) captured = ratio(convAbove, C);
      else { const t = groups[k].n; captured = ratio(convAbove * t + (n - a) * groups[k].conv, t * C); }
    }
    out.push({ top: roundDecimals(d / 10, 4), leads: n, captured });
  }
  return out;
}

/** For every integer m from ceil(max) down to floor(min) of the non-disqualified totals: total ≥ m. */
function sweep(groups: Group[], C: number): Sweep[] {
  if (groups.length === 0) return [];
  const out: Sweep[] = [];
  let j = 0, n = 0, c = 0;
  for (let m = Math.ceil(groups[0].key); m >= Math.floor(groups[groups.length - 1].key); m--) {
    while (j < groups.length && groups[j].key >= m) { n += groups[j].n; c += groups[j].conv; j++; }
    out.push({ min: m, leads: n, converted: c, precision: ratio(c, n), recall: ratio(c, C) });
  }
  return out;
}
