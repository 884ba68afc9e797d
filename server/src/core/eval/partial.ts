// Partial aggregates of a simulation's summary that merge: a run over some of the leads (a
// worker thread's partition, io/simulate-workers.ts) accumulates counts and totals, and merging
// the partials of every partition gives the summary one pass over all leads gives. The
// single-threaded engine builds its summary through the same functions (one partial), so the two
// cannot drift apart. Every count keyed by a name remembers where the name was first counted
// (the lead's order key: its index, or its row in the leads file), because a key that is not
// declared up front lands in the summary's JSON in the order of its first appearance.
import type { IcpMatch, IcpSummary, ScoreResult, ScoringSummary } from '../results.js';
import type { CompiledIcp } from './icp.js';
import type { CompiledScoring } from './scoring.js';
import { RuleKeys } from './rule-keys.js';

/** Counts by key, each key with the order key of the lead that first counted it. */
export interface OrderedCounts { counts: Map<string, number>; first: Map<string, number> }

export const orderedCounts = (): OrderedCounts => ({ counts: new Map(), first: new Map() });

export function countAt(c: OrderedCounts, key: string, at: number, by = 1): void {
  const n = c.counts.get(key);
  if (n === undefined) { c.counts.set(key, by); c.first.set(key, at); } else c.counts.set(key, n + by);
}

/**
 * The merged counts as the summary's object: the declared keys first (0 when uncounted), then
 * keys counted but not declared, in the order they were first counted over all partials.
 */
export function mergeCounts(declared: readonly string[], parts: readonly OrderedCounts[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of declared) out[k] = 0;
  const extra = new Map<string, number>();
  for (const p of parts) {
    for (const [k, first] of p.first) {
      if (Object.prototype.hasOwnProperty.call(out, k)) continue;
      const seen = extra.get(k);
      if (seen === undefined || first < seen) extra.set(k, first);
    }
  }
  for (const [k] of [...extra].sort((a, b) => a[1] - b[1])) out[k] = 0;
  for (const p of parts) for (const [k, n] of p.counts) out[k] += n;
  return out;
}

// ---- scoring models -------------------------------------------------------------------------

export interface ScoringPartial { leads: number; grades: OrderedCounts; mql: number; totals: number[]; rules: OrderedCounts }

/**
 * A model's counts over `results` (index-aligned with the leads whose order keys `at` gives).
 * With `into`, added to that partial, which is then as if one call had counted its leads and
 * these after them (a worker counts its leads a block at a time: io/simulate-worker.ts).
 */
export function accumulateScoring(results: readonly ScoreResult[], at: (i: number) => number, into?: ScoringPartial,
  /** false: the rules are counted by the caller (RuleCounts), not read off the explanations. */
  rules = true): ScoringPartial {
  const p: ScoringPartial = into ?? { leads: 0, grades: orderedCounts(), mql: 0, totals: new Array(results.length), rules: orderedCounts() };
  const base = p.leads;
  p.leads += results.length;
  const ruleKeys = new RuleKeys();
  let a = 0;
  const countRule = (key: string) => countAt(p.rules, key, a); // one closure, not one per lead
  for (let i = 0; i < results.length; i++) {
    const sc = results[i];
    a = at(i);
    countAt(p.grades, sc.grade, a);
    if (sc.mql) p.mql++;
    p.totals[base + i] = sc.total;
    if (rules) ruleKeys.forEach(sc, countRule);
  }
  return p;
}

/**
 * A model's rule counts taken from CompiledScoring.fired after each lead's evaluation, instead of
 * from the explanations: `into` then holds what accumulateScoring would have counted into its
 * `rules` — the same keys with the same counts and first leads, inserted in the same order.
 */
export class RuleCounts {
  private readonly counts: Int32Array;
  private readonly first: Float64Array;
  /** Key indices in the order they were first counted. */
  private readonly order: number[] = [];
  constructor(private readonly ruleKeys: readonly string[]) {
    this.counts = new Int32Array(ruleKeys.length);
    this.first = new Float64Array(ruleKeys.length);
  }
  /** The model's last evaluation's rules, for the lead whose order key is `at`. */
  add(fired: Int32Array, n: number, at: number): void {
    const counts = this.counts;
    for (let k = 0; k < n; k++) {
      const x = fired[k];
      if (counts[x]++ === 0) { this.first[x] = at; this.order.push(x); }
    }
  }
  /** Adds the counts into `into` (a partial's rules, empty or counted before these) and resets. */
  addTo(into: OrderedCounts): void {
    for (const x of this.order) countAt(into, this.ruleKeys[x], this.first[x], this.counts[x]);
    this.counts.fill(0);
    this.order.length = 0;
  }
}

export const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

const NICE_WIDTHS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** Histogram of totals: [from, to) bins of a round width, at most 20 bins, from the lowest to the highest total. */
export function histogram(values: Iterable<number> | readonly Iterable<number>[], nested = false): ScoringSummary['histogram'] {
  // Arrays and typed arrays (the workers' totals: a million per model) read by index, not by iterator.
  const lists = ((nested ? values : [values]) as readonly Iterable<number>[]).map((vs) => (Array.isArray(vs) || ArrayBuffer.isView(vs) ? vs as ArrayLike<number> : [...vs]));
  let lo = Infinity, hi = -Infinity, count = 0;
  // Per list: a Float64Array of finite totals in ascending order (a worker's sorted totals)?
  const sorted: boolean[] = [];
  for (const vs of lists) {
    let ascending = vs.length > 64 && vs instanceof Float64Array, prev = -Infinity;
    for (let i = 0; i < vs.length; i++) { const v = vs[i]; if (v < lo) lo = v; if (v > hi) hi = v; if (!(prev <= v)) ascending = false; prev = v; }
    sorted.push(ascending && Number.isFinite(vs[0]) && Number.isFinite(vs[vs.length - 1]));
    count += vs.length;
  }
  if (count === 0) return [];
  let w = NICE_WIDTHS.find((x) => x >= 5 && Math.floor(hi / x) - Math.floor(lo / x) + 1 <= 20);
  if (w === undefined) w = Math.pow(10, Math.ceil(Math.log10((hi - lo) / 20 || 1)));
  const width: number = w;
  const first = Math.floor(lo / width);
  const n = Math.floor(hi / width) - first + 1;
  const bins: ScoringSummary['histogram'] = [];
  for (let i = 0; i < n; i++) bins.push({ from: (first + i) * width, to: (first + i + 1) * width, count: 0 });
  for (let k = 0; k < lists.length; k++) {
    const vs = lists[k];
    if (sorted[k]) countSorted(vs as Float64Array, width, first, bins);
    else for (let i = 0; i < vs.length; i++) bins[Math.floor(vs[i] / width) - first].count++;
  }
  return bins;
}

/**
 * histogram's count of a sorted run of finite totals, bin by bin: a value's bin, floor(v / w) -
 * first, never decreases along the run (w > 0; division and floor are monotone), so each bin's
 * values are one stretch, whose end a binary search finds — the same counts as a value at a
 * time, in ~20 searches instead of a division per lead (a million per model, on the main thread).
 */
function countSorted(vs: Float64Array, w: number, first: number, bins: ScoringSummary['histogram']): void {
  let i = 0;
  const n = vs.length;
  while (i < n) {
    const b = Math.floor(vs[i] / w) - first;
    // The first index after i whose bin is past b.
    let lo = i + 1, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (Math.floor(vs[mid] / w) - first > b) hi = mid; else lo = mid + 1; }
    bins[b].count += lo - i;
    i = lo;
  }
}

/**
 * The model's summary from the partials of every partition; `leads` is the number of leads in all.
 * A partial's totals may come as a Float64Array (the workers send them so: one block to copy).
 */
export function mergeScoring(s: CompiledScoring, parts: readonly (Omit<ScoringPartial, 'totals'> & { totals: Iterable<number> })[], leads: number): ScoringSummary {
  let mql = 0;
  for (const p of parts) mql += p.mql;
  return {
    grades: mergeCounts(s.gradeOrder, parts.map((p) => p.grades)),
    mql,
    mql_rate: rate(mql, leads),
    histogram: histogram(parts.map((p) => p.totals), true),
    rules: mergeCounts(s.ruleKeys, parts.map((p) => p.rules)),
  };
}

// ---- ICPs -----------------------------------------------------------------------------------

export interface IcpPartial { matched: number; tiers: OrderedCounts; personas: OrderedCounts }

/** Per ICP (index-aligned with `icps`): leads matched, per tier, per persona; with `into`, added to those (as accumulateScoring). */
export function accumulateIcps(icps: readonly CompiledIcp[], matches: readonly IcpMatch[][], at: (i: number) => number, into?: IcpPartial[]): IcpPartial[] {
  const parts = into ?? icps.map((): IcpPartial => ({ matched: 0, tiers: orderedCounts(), personas: orderedCounts() }));
  const index = new Map(icps.map((c, j) => [c.id, j]));
  for (let i = 0; i < matches.length; i++) {
    const a = at(i);
    for (const m of matches[i]) {
      const p = parts[index.get(m.id)!];
      p.matched++;
      if (m.tier !== null) countAt(p.tiers, m.tier, a);
      for (const pe of m.personas) countAt(p.personas, pe, a);
    }
  }
  return parts;
}

export function mergeIcps(icps: readonly CompiledIcp[], parts: readonly IcpPartial[][]): Record<string, IcpSummary> {
  const out: Record<string, IcpSummary> = {};
  icps.forEach((c, j) => {
    let matched = 0;
    for (const p of parts) matched += p[j].matched;
    out[c.id] = { matched, tiers: mergeCounts(c.tierIds, parts.map((p) => p[j].tiers)), personas: mergeCounts(c.personaIds, parts.map((p) => p[j].personas)) };
  });
  return out;
}
