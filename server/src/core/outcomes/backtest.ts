// The backtest of SPEC §11: every model evaluated as it would have been at the score date T
// (compileProject + simulate of core/eval/simulate.ts over the population, so a rule means exactly
// what it means everywhere else), then measured against the conversions in (T, T + H]:
// conversion rate and lift per grade, ICP, tier and rule; the MQL rule's precision and recall;
// the AUC of the ranking; the gains curve; the integer threshold sweep and the threshold that
// fits sales' capacity; pipeline value. Pure: leads in, the JSON of `backtest --format json` out.
import type { CompiledProject } from '../eval/simulate.js';
import { simulate, exactKey, SimulationCache } from '../eval/simulate.js';
import { RuleKeys } from '../eval/rule-keys.js';
import { isoUtc, type Lead } from '../results.js';
import { capacityLeads } from './capacity.js';
import { ratio, roundDecimals } from './ratio.js';
import type { OutcomesSpec } from './spec.js';

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
  if (c.kind === 'event') { for (const e of lead.events) if (e.event === c.event) return e.at; return undefined; }
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
  population(spec: OutcomesSpec, leads: Lead[], simAsOf: number): Population {
    const key = `${exactKey(spec)}\n${simAsOf}`;
    if (leads !== this.leads || key !== this.key || !this.pop) { this.pop = population(spec, leads, simAsOf); this.leads = leads; this.key = key; }
    return this.pop;
  }
}

/** Runs the backtest of every model of `cp`. */
export function backtest(cp: CompiledProject, spec: OutcomesSpec, leads: Lead[], simAsOf: number, cache?: BacktestCache): BacktestResult {
  const pop = cache ? cache.population(spec, leads, simAsOf) : population(spec, leads, simAsOf);
  // ICPs and models only: SLA clocks and sales feedback are not part of a backtest.
  const scoring: CompiledProject = { ...cp, slas: [], slaProblems: [], project: undefined, keys: { ...cp.keys, slas: [] } };
  const sim = cache ? cache.sim.run(scoring, pop.leads, pop.asOf, []) : simulate(scoring, pop.leads, pop.asOf, []);
  const N = pop.leads.length;
  let C = 0;
  for (const c of pop.converted) if (c) C++;
  const rateOf = (leadsN: number, conv: number): Rate => ({ leads: leadsN, converted: conv, rate: ratio(conv, leadsN), lift: liftOf(conv, leadsN, C, N) });

  const models: Record<string, ModelBacktest> = {};
  for (const model of cp.scorings) {
    const scores = sim.leads.map((l) => l.scores[model.id]);
    const grades: Record<string, [number, number]> = Object.fromEntries(model.gradeOrder.map((g) => [g, [0, 0]]));
    const rules: Record<string, [number, number]> = Object.fromEntries(model.ruleKeys.map((k) => [k, [0, 0]]));
    const valueGrades: Record<string, number> = Object.fromEntries(model.gradeOrder.map((g) => [g, 0]));
    let mqlN = 0, mqlC = 0, mqlValue = 0;
    const keys = new RuleKeys();
    for (let i = 0; i < N; i++) {
      const sc = scores[i], conv = pop.converted[i] ? 1 : 0;
      const g = (grades[sc.grade] ??= [0, 0]);
      g[0]++; g[1] += conv;
      if (sc.mql) { mqlN++; mqlC += conv; }
      keys.forEach(sc, (k) => { const r = (rules[k] ??= [0, 0]); r[0]++; r[1] += conv; });
      if (spec.value !== undefined && conv) {
        const v = pop.leads[i].values[spec.value];
        if (typeof v === 'number') {
          valueGrades[sc.grade] = (valueGrades[sc.grade] ?? 0) + v;
          if (sc.mql) mqlValue += v;
        }
      }
    }
    const ranked = rankGroups(scores.map((s) => (s.disqualified ? -Infinity : s.total)), pop.converted);
    const thresholds = sweep(scores, pop.converted, C);
    const m: ModelBacktest = {
      auc: auc(ranked, C, N),
      grades: Object.fromEntries(Object.entries(grades).map(([g, [n, c]]) => [g, rateOf(n, c)])),
      mql: { leads: mqlN, converted: mqlC, precision: ratio(mqlC, mqlN), recall: ratio(mqlC, C), lift: liftOf(mqlC, mqlN, C, N) },
      gains: gains(ranked, C, N),
      rules: Object.fromEntries(Object.entries(rules).map(([k, [n, c]]) => [k, rateOf(n, c)])),
      thresholds,
    };
    if (spec.capacity) {
      const cap = capacityLeads(spec.capacity, N);
      let best: Sweep | undefined;
      for (const t of thresholds) if (t.leads <= cap) best = t; // leads grow as min falls
      m.recommended = best ? { capacity: cap, ...best } : null;
    }
    if (spec.value !== undefined) {
      m.value = { grades: Object.fromEntries(Object.entries(valueGrades).map(([g, v]) => [g, tidy(v)])), mql: tidy(mqlValue) };
    }
    models[model.id] = m;
  }

  const icps: BacktestResult['icps'] = {};
  for (const icp of cp.icps) {
    let n = 0, c = 0;
    const tiers: Record<string, [number, number]> = Object.fromEntries(icp.tierIds.map((t) => [t, [0, 0]]));
    sim.leads.forEach((l, i) => {
      const match = l.icps.find((x) => x.id === icp.id);
      if (!match) return;
      const conv = pop.converted[i] ? 1 : 0;
      n++; c += conv;
      if (match.tier !== null) { const t = (tiers[match.tier] ??= [0, 0]); t[0]++; t[1] += conv; }
    });
    icps[icp.id] = { ...rateOf(n, c), tiers: Object.fromEntries(Object.entries(tiers).map(([t, [tn, tc]]) => [t, rateOf(tn, tc)])) };
  }

  const flag = spec.converted.kind === 'flag';
  return {
    as_of: isoUtc(pop.asOf),
    horizon: flag ? null : spec.horizon!.text,
    until: flag ? null : isoUtc(pop.asOf + spec.horizon!.ms),
    population: { leads: N, converted: C, rate: ratio(C, N), excluded: { created_after: pop.createdAfter, converted_before: pop.convertedBefore } },
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
function rankGroups(keys: number[], converted: boolean[]): Group[] {
  const order = keys.map((_, i) => i).sort((a, b) => keys[b] - keys[a] || 0);
  const groups: Group[] = [];
  for (const i of order) {
    const last = groups[groups.length - 1];
    const g = last && last.key === keys[i] ? last : (groups.push({ key: keys[i], n: 0, conv: 0 }), groups[groups.length - 1]);
    g.n++;
    if (converted[i]) g.conv++;
  }
  return groups;
}

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
function sweep(scores: { total: number; disqualified: boolean }[], converted: boolean[], C: number): Sweep[] {
  const rows: { total: number; conv: boolean }[] = [];
  scores.forEach((s, i) => { if (!s.disqualified) rows.push({ total: s.total, conv: converted[i] }); });
  if (rows.length === 0) return [];
  rows.sort((a, b) => b.total - a.total);
  const out: Sweep[] = [];
  let j = 0, n = 0, c = 0;
  for (let m = Math.ceil(rows[0].total); m >= Math.floor(rows[rows.length - 1].total); m--) {
    while (j < rows.length && rows[j].total >= m) { n++; if (rows[j].conv) c++; j++; }
    out.push({ min: m, leads: n, converted: c, precision: ratio(c, n), recall: ratio(c, C) });
  }
  return out;
}
