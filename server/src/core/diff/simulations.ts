// What a change to the definitions does to the same leads (SPEC §7 last paragraph, §8 `diff`).
// Pure: takes two simulations run over the same leads and `as_of` (one per version of the
// definitions) plus the definitions themselves, and reports grade transitions, leads that gain
// or lose MQL with the rules that moved them, score deltas, rules added/removed/changed, ICP
// tier changes and SLA deltas. The renderers (report/diff-md.ts, diff-text.ts), the CLI and the
// diff webview all read the DiffResult built here.
import type { BacktestBrief, VerdictCounts } from '../outcomes/diff.js';
import type { SimulationResult, LeadResult, ScoreResult, ExplanationItem, SlaSummary, HistogramBin } from '../results.js';
import { isGroup, type Band, type RuleOrGroup, type ScoringDef } from '../model.js';
import { canonical, diffDefinitions, targetText, type DefinitionChange } from './definitions.js';
import { round2 } from '../data/values.js';
import { dataRecord } from '../data/leads.js';
import type { TestsDiff } from './tests.js';
import { maxOf, minOf } from '../check/bounded.js';

/** One version of the definitions and its simulation. `definitions` are the documents' plain values. */
export interface DiffSide { result: SimulationResult; definitions: readonly unknown[] }

export interface DiffOptions {
  /** The git ref (or label) of the base side, echoed as `base`. */
  base: string;
  /** Label of the head side; SPEC §8: "working tree". */
  head?: string;
  /** How many of the largest score moves to keep per model (default 10). */
  topMovers?: number;
}

/**
 * A rule's (or clamp's) contribution to one lead on each side; null = it did not contribute.
 * `effect` is what the move does to the lead's total (section points × the section's weight), so
 * the effects of a lead's moves add up to its `delta`; a last move `rounding` (section, null)
 * carries the cents that rounding the sections and the total adds or takes.
 */
export interface RuleMove { rule: string; section: 'fit' | 'engagement' | null; before: number | null; after: number | null; effect: number }

export interface ScoreSnapshot { fit: number; engagement: number; total: number; grade: string; mql: boolean; disqualified: boolean }

export interface LeadChange {
  lead: string;
  before: ScoreSnapshot;
  after: ScoreSnapshot;
  /** after.total − before.total, rounded to 2 decimals. */
  delta: number;
  /** Explanation differences, largest effect first: the rules that moved this lead. Their effects add up to `delta`. */
  rules: RuleMove[];
  /** Why the lead's grade or MQL changed, in words (a threshold or condition that changed, a clamp that now cuts). */
  reasons: string[];
}

/** SPEC §8's shape exactly; whether the rule's text changed is in `rules.definition_changed`. */
export interface RuleChange { rule: string; matches_before: number; matches_after: number }

/** SPEC §8's shape exactly: total after − before over all leads scored on both sides. */
export interface ScoreDelta { mean: number; min: number; max: number }

export interface ScoreDistribution {
  /** Leads whose total changed. */
  changed: number;
  /** Distribution of the non-zero deltas (bins [from, to), the last one closed). */
  histogram: HistogramBin[];
}

export interface ScoringDiff {
  status: 'changed' | 'unchanged' | 'added' | 'removed';
  /** Leads whose grade changed, keyed `"B→A"`; unchanged grades are not listed (see `matrix`). */
  transitions: Record<string, number>;
  /** Full transition matrix: before grade → after grade → leads (diagonal included). */
  matrix: Record<string, Record<string, number>>;
  /** Grade ids in display order (best first, `disqualified` last). */
  grade_order: string[];
  grades_before: Record<string, number>;
  grades_after: Record<string, number>;
  mql_before: number;
  mql_after: number;
  /** Lead ids in input order. */
  mql_gained: string[];
  mql_lost: string[];
  /** The leads of mql_gained and mql_lost with the rules that moved them; most important first (highest total after for gains, before for losses). */
  mql_changes: LeadChange[];
  score_delta: ScoreDelta | null;
  score_distribution: ScoreDistribution | null;
  /**
   * Parts of the model other than its rules whose definition changed, e.g. `grades`, `mql`,
   * `disqualify`, `total`, `fit.max`, `engagement.decay` (rules are under `rules`).
   */
  changed_settings: string[];
  /** The largest |delta| first, at most `topMovers`. */
  top_movers: LeadChange[];
  rules: {
    added: string[];
    removed: string[];
    /** Rules whose definition changed or whose match count changed. */
    changed: RuleChange[];
    /** Rules in both versions whose own definition (condition, points, window, …) changed. */
    definition_changed: string[];
    /** Match counts of every rule on both sides (0 where absent); added/removed included. */
    matches: Record<string, { before: number | null; after: number | null }>;
  };
  /** When the project declares outcomes (SPEC §11; core/outcomes/diff.ts): the backtest on both sides. */
  backtest?: { before: BacktestBrief | null; after: BacktestBrief | null };
  /** When it declares feedback: sales' verdicts on the leads that gain / lose MQL. */
  mql_gained_feedback?: VerdictCounts;
  mql_lost_feedback?: VerdictCounts;
}

export interface IcpDiff {
  status: 'changed' | 'unchanged' | 'added' | 'removed';
  definition_changed: boolean;
  matched_before: number;
  matched_after: number;
  /** Leads that match only after / only before the change. */
  gained: string[];
  lost: string[];
  /** Leads matching on both sides whose tier changed, keyed `"tier-2→tier-1"`. */
  tier_transitions: Record<string, number>;
  tiers_before: Record<string, number>;
  tiers_after: Record<string, number>;
}

export type SlaDiff =
  | {
      type: 'response';
      definition_changed: boolean;
      before: { met: number; breached: number; open: number; attainment: number | null } | null;
      after: { met: number; breached: number; open: number; attainment: number | null } | null;
      /** after − before in attainment (a fraction, e.g. −0.05), null when either is undefined. */
      attainment_delta: number | null;
      /** Leads whose status changed, keyed `"met→breached"`; `none` = the commitment did not apply. */
      status_transitions: Record<string, number>;
      /** Leads breached after the change that were not before (met, open, or not in scope), in input order. */
      newly_breached: string[];
      /** Leads met after the change that were not before. */
      newly_met: string[];
      /** The commitment's `within` on each side (null where it has none). */
      within_before: string | null;
      within_after: string | null;
    }
  | {
      type: 'volume';
      definition_changed: boolean;
      periods: Record<string, { count_before: number; count_after: number; delta: number; met_before: boolean | null; met_after: boolean | null }>;
      /** The target in short form on each side ("≥ 150"), null where it has none. */
      target_before: string | null;
      target_after: string | null;
      /** Periods whose target verdict flips: met → missed or missed → met. */
      flipped: string[];
    };

export interface DiffResult {
  base: string;
  head: string;
  as_of: string;
  leads: number;
  scoring: Record<string, ScoringDiff>;
  icps: Record<string, IcpDiff>;
  sla: Record<string, SlaDiff>;
  /** Data warnings of the head simulation (the same leads feed both sides). */
  warnings: number;
  /** What changed in the definitions themselves, in words (core/diff/definitions.ts). */
  changes: DefinitionChange[];
  /** `kind: test` results on both sides, when the caller ran them (core/diff/tests.ts). */
  tests?: TestsDiff;
}

export const NO_VALUE = 'none';

export function diffSimulations(base: DiffSide, head: DiffSide, opts: DiffOptions): DiffResult {
  const top = opts.topMovers ?? 10;
  const pairs = pairLeads(base.result.leads, head.result.leads);
  const baseDefs = byKind(base.definitions);
  const headDefs = byKind(head.definitions);
  const changes = diffDefinitions(base.definitions, head.definitions);

  const scoring: Record<string, ScoringDiff> = {};
  const modelIds = union(Object.keys(base.result.summary.scoring), Object.keys(head.result.summary.scoring),
    baseDefs.scoring.keys(), headDefs.scoring.keys());
  for (const id of modelIds) {
    scoring[id] = diffScoring(id, base, head, pairs, baseDefs.scoring.get(id) as ScoringDef | undefined,
      headDefs.scoring.get(id) as ScoringDef | undefined, top, changes.filter((c) => c.kind === 'scoring' && c.id === id));
  }

  const icps: Record<string, IcpDiff> = {};
  for (const id of union(Object.keys(base.result.summary.icps), Object.keys(head.result.summary.icps), baseDefs.icp.keys(), headDefs.icp.keys())) {
    icps[id] = diffIcp(id, base, head, pairs, !sameDefinition(baseDefs.icp.get(id), headDefs.icp.get(id)));
  }

  const sla: Record<string, SlaDiff> = {};
  for (const key of union(Object.keys(base.result.summary.sla), Object.keys(head.result.summary.sla))) {
    const slash = key.indexOf('/');
    const changed = !sameDefinition(commitmentDef(baseDefs.sla, key, slash), commitmentDef(headDefs.sla, key, slash));
    sla[key] = diffSla(key, base.result.summary.sla[key], head.result.summary.sla[key], pairs, changed,
      commitmentDef(baseDefs.sla, key, slash) as { commitment?: any } | undefined, commitmentDef(headDefs.sla, key, slash) as { commitment?: any } | undefined);
  }

  return {
    base: opts.base,
    head: opts.head ?? 'working tree',
    as_of: head.result.as_of,
    leads: pairs.length,
    scoring, icps, sla,
    warnings: head.result.warnings.length,
    changes,
  };
}

// ---- leads ----------------------------------------------------------------------------------

type Pair = { id: string; before?: LeadResult; after?: LeadResult };

/** Both sides simulate the same leads in the same order; fall back to ids if they do not. */
function pairLeads(a: LeadResult[], b: LeadResult[]): Pair[] {
  if (a.length === b.length && a.every((l, i) => l.id === b[i].id)) return a.map((l, i) => ({ id: l.id, before: l, after: b[i] }));
  const out: Pair[] = [];
  const index = new Map<string, Pair>();
  for (const l of a) { const p = { id: l.id, before: l }; out.push(p); if (!index.has(l.id)) index.set(l.id, p); }
  for (const l of b) {
    const p = index.get(l.id);
    if (p && !p.after) p.after = l;
    else out.push({ id: l.id, after: l });
  }
  return out;
}

// ---- scoring --------------------------------------------------------------------------------

function diffScoring(id: string, base: DiffSide, head: DiffSide, pairs: Pair[], defBefore: ScoringDef | undefined,
  defAfter: ScoringDef | undefined, top: number, defChanges: DefinitionChange[]): ScoringDiff {
  const sb = base.result.summary.scoring[id];
  const sa = head.result.summary.scoring[id];
  const inBase = sb !== undefined || defBefore !== undefined;
  const inHead = sa !== undefined || defAfter !== undefined;

  const transitions: Record<string, number> = {};
  // Keyed by grade ids (user text: a grade `toString` or `constructor`).
  const matrix = dataRecord<Record<string, number>>();
  const mqlGained: string[] = [];
  const mqlLost: string[] = [];
  const mqlChanges: LeadChange[] = [];
  const changes: LeadChange[] = [];
  const deltas: number[] = [];
  const both = inBase && inHead;
  if (both) {
    for (const p of pairs) {
      const b = p.before?.scores[id];
      const a = p.after?.scores[id];
      if (!b || !a) continue;
      (matrix[b.grade] ??= dataRecord<number>())[a.grade] = (matrix[b.grade][a.grade] ?? 0) + 1;
      if (b.grade !== a.grade) bump(transitions, `${b.grade}→${a.grade}`);
      const delta = round2(a.total - b.total);
      deltas.push(delta);
      const gained = a.mql && !b.mql;
      const lost = b.mql && !a.mql;
      if (delta !== 0 || gained || lost || b.grade !== a.grade) {
        const rules = explanationMoves(b, a, weightsOf(defBefore), weightsOf(defAfter), delta);
        const c: LeadChange = { lead: p.id, before: snapshot(b), after: snapshot(a), delta, rules, reasons: leadReasons(b, a, rules, defBefore, defAfter, defChanges) };
        if (delta !== 0) changes.push(c);
        if (gained) { mqlGained.push(p.id); mqlChanges.push(c); }
        if (lost) { mqlLost.push(p.id); mqlChanges.push(c); }
      }
    }
  } else {
    // A model on one side only: its MQLs are gained (added model) or lost (removed), so that
    // mql_after − mql_before = gained − lost still holds; there are no transitions to count.
    const side = inHead ? 'after' : 'before';
    for (const p of pairs) if (p[side]?.scores[id]?.mql) (inHead ? mqlGained : mqlLost).push(p.id);
  }
  const rules = diffRules(defBefore, defAfter, sb?.rules, sa?.rules);
  const transitionsCount = Object.keys(transitions).length;
  const status = !inBase ? 'added' : !inHead ? 'removed'
    : (transitionsCount || changes.length || mqlGained.length || mqlLost.length || rules.added.length || rules.removed.length
       || rules.changed.length || !sameDefinition(defBefore, defAfter)) ? 'changed' : 'unchanged';
  changes.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.lead.localeCompare(y.lead));
  // The leads that matter most first: gains by their new total, losses by their old one.
  const weight = (c: LeadChange) => (c.after.mql ? c.after.total : c.before.total);
  // mql_gained / mql_lost stay in input order (docs/cli.md; the leads of SPEC §8 are in input order).
  mqlChanges.sort((x, y) => Number(y.after.mql) - Number(x.after.mql) || weight(y) - weight(x) || x.lead.localeCompare(y.lead));
  return {
    status,
    transitions,
    // Handed out as plain objects (Object.fromEntries and spread define own properties, `__proto__` too).
    matrix: Object.fromEntries(Object.entries(matrix).map(([g, row]) => [g, { ...row }])),
    grade_order: gradeOrder(defAfter, defBefore, [sb?.grades, sa?.grades, ...Object.values(matrix)]),
    grades_before: { ...(sb?.grades ?? {}) },
    grades_after: { ...(sa?.grades ?? {}) },
    mql_before: sb?.mql ?? 0,
    mql_after: sa?.mql ?? 0,
    mql_gained: mqlGained,
    mql_lost: mqlLost,
    mql_changes: mqlChanges,
    ...scoreDelta(both, deltas),
    changed_settings: both ? changedSettings(defBefore, defAfter) : [],
    top_movers: changes.slice(0, top),
    rules,
  };
}

function snapshot(s: ScoreResult): ScoreSnapshot {
  return { fit: s.fit, engagement: s.engagement, total: s.total, grade: s.grade, mql: s.mql, disqualified: s.disqualified };
}

/** A label per explanation item: rule ids as in the summary (`group/rule`), clamps named after what they cut. */
export function explanationKey(e: ExplanationItem): string {
  if ('clamp' in e) {
    const owner = e.group && e.rule ? `${e.group}/${e.rule}` : e.rule ?? e.group ?? e.section;
    return `${owner} (${e.clamp} clamp)`;
  }
  return e.group ? `${e.group}/${e.rule}` : e.rule;
}

/**
 * Points per explanation key with its section. A group's or section's clamp counts as the
 * negative of what it cut; a rule's own clamp is already in the rule's points, so it is kept
 * apart (`cuts`) for the reasons only.
 */
function explanationPoints(s: ScoreResult): Map<string, { section: 'fit' | 'engagement'; points: number }> {
  const m = new Map<string, { section: 'fit' | 'engagement'; points: number }>();
  for (const e of s.explanation ?? []) {
    if ('clamp' in e && e.rule !== undefined) continue;
    const v = 'clamp' in e ? (e.clamp === 'max' ? -e.cut : e.cut) : e.points;
    const k = explanationKey(e);
    const cur = m.get(k);
    if (cur) cur.points += v; else m.set(k, { section: e.section, points: v });
  }
  return m;
}

/** What each rule's own max/min cut, by rule key (`group/rule` for members). */
function ruleCuts(s: ScoreResult): Map<string, { clamp: 'max' | 'min'; cut: number }> {
  const m = new Map<string, { clamp: 'max' | 'min'; cut: number }>();
  for (const e of s.explanation ?? []) if ('clamp' in e && e.rule !== undefined) m.set(e.group ? `${e.group}/${e.rule}` : e.rule, { clamp: e.clamp, cut: e.cut });
  return m;
}

type Weights = { fit: number; engagement: number };

/** How much a section's point counts in the total: 1 under `total: sum`, else its weight. */
function weightsOf(def: ScoringDef | undefined): Weights {
  const t = def?.total as unknown;
  if (t && typeof t === 'object' && (t as any).weights && typeof (t as any).weights === 'object') {
    const w = (t as any).weights;
    return { fit: typeof w.fit === 'number' ? w.fit : 0, engagement: typeof w.engagement === 'number' ? w.engagement : 0 };
  }
  return { fit: 1, engagement: 1 };
}

/** The rules whose contribution changed, each with its effect on the total; the effects add up to `delta`. */
function explanationMoves(b: ScoreResult, a: ScoreResult, wb: Weights, wa: Weights, delta: number): RuleMove[] {
  const pb = explanationPoints(b);
  const pa = explanationPoints(a);
  const out: RuleMove[] = [];
  // A changed weight moves every contribution of its section, so compare effects, not points.
  for (const k of union(pb.keys(), pa.keys())) {
    const x = pb.get(k), y = pa.get(k);
    const before = x ? round2(x.points) : null;
    const after = y ? round2(y.points) : null;
    const effect = round2((y ? y.points * wa[y.section] : 0) - (x ? x.points * wb[x.section] : 0));
    if (before !== after || effect !== 0) out.push({ rule: k, section: (y ?? x)!.section, before, after, effect });
  }
  out.sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect) || x.rule.localeCompare(y.rule));
  const rest = round2(delta - out.reduce((s, m) => s + m.effect, 0));
  if (rest !== 0) out.push({ rule: 'rounding', section: null, before: null, after: null, effect: rest });
  return out;
}

/** Why a lead's grade or MQL changed, in words. */
function leadReasons(b: ScoreResult, a: ScoreResult, moves: RuleMove[], defB: ScoringDef | undefined, defA: ScoringDef | undefined, changes: DefinitionChange[]): string[] {
  const out: string[] = [];
  if (b.grade !== a.grade && !a.disqualified && !b.disqualified) {
    const band = (def: ScoringDef | undefined, g: string) => (Array.isArray(def?.grades) ? def!.grades.find((x) => x && x.id === g) : undefined);
    const minOf = (def: ScoringDef | undefined, g: string) => band(def, g)?.min;
    if (a.total !== b.total) {
      const m = minOf(defA, a.grade);
      out.push(a.total > b.total ? `total ${b.total} → ${a.total} reaches grade ${a.grade}${typeof m === 'number' ? ` (min ${m})` : ''}` : `total ${b.total} → ${a.total} falls to grade ${a.grade}`);
    } else if (minOf(defB, a.grade) !== minOf(defA, a.grade) && typeof minOf(defA, a.grade) === 'number') {
      out.push(`grade ${a.grade}'s min ${minOf(defB, a.grade) ?? 'none'} → ${minOf(defA, a.grade)}: total ${a.total} now reaches it`);
    } else if (minOf(defB, b.grade) !== minOf(defA, b.grade) && typeof minOf(defB, b.grade) === 'number') {
      out.push(`grade ${b.grade}'s min ${minOf(defB, b.grade)} → ${minOf(defA, b.grade) ?? 'none'}: total ${a.total} no longer reaches it`);
    } else out.push(`grade bands changed: ${b.grade} → ${a.grade}`);
  }
  if (b.disqualified !== a.disqualified) out.push(a.disqualified ? 'now disqualified' : 'no longer disqualified');
  if (b.mql !== a.mql) {
    const cond = changes.filter((c) => c.path === 'mql' || c.path.startsWith('mql.'));
    if (b.grade !== a.grade) out.push(a.mql ? `an MQL at grade ${a.grade}` : `not an MQL at grade ${a.grade}`);
    else if (cond.length && b.total === a.total) out.push(`MQL condition changed (${cond.map((c) => c.summary.slice(c.summary.indexOf('· ') + 2)).join('; ')}): ${a.mql ? 'now qualifies' : 'no longer qualifies'}`);
    else out.push(a.mql ? 'now qualifies as an MQL' : 'no longer qualifies as an MQL');
  }
  // A rule's own clamp that starts (or stops) cutting.
  const cb = ruleCuts(b), ca = ruleCuts(a);
  for (const k of union(cb.keys(), ca.keys())) {
    const x = cb.get(k), y = ca.get(k);
    if (x && y && x.cut === y.cut) continue;
    if (!x && y) out.push(`${k}'s ${y.clamp} now cuts ${y.cut}`);
    else if (x && !y) out.push(`${k}'s ${x.clamp} no longer cuts (was ${x.cut})`);
    else if (x && y && Math.abs(y.cut - x.cut) >= 0.01) out.push(`${k}'s ${y.clamp} cuts ${x.cut} → ${y.cut}`);
  }
  for (const m of moves) {
    if (!m.rule.endsWith(' clamp)') || m.effect === 0) continue;
    const cut = -(m.after ?? 0), was = -(m.before ?? 0);
    out.push(m.before === null ? `${m.rule.replace(/ \((max|min) clamp\)$/, '')}'s ${m.rule.includes('max') ? 'max' : 'min'} now cuts ${Math.abs(cut)}`
      : m.after === null ? `${m.rule.replace(/ \((max|min) clamp\)$/, '')}'s ${m.rule.includes('max') ? 'max' : 'min'} no longer cuts (was ${Math.abs(was)})`
      : `${m.rule} cuts ${Math.abs(was)} → ${Math.abs(cut)}`);
  }
  return out;
}

function scoreDelta(both: boolean, deltas: number[]): { score_delta: ScoreDelta | null; score_distribution: ScoreDistribution | null } {
  if (!both) return { score_delta: null, score_distribution: null };
  if (deltas.length === 0) return { score_delta: { mean: 0, min: 0, max: 0 }, score_distribution: { changed: 0, histogram: [] } };
  let sum = 0, min = Infinity, max = -Infinity;
  const nonZero: number[] = [];
  for (const d of deltas) {
    sum += d;
    if (d < min) min = d;
    if (d > max) max = d;
    if (d !== 0) nonZero.push(d);
  }
  return { score_delta: { mean: round2(sum / deltas.length), min, max }, score_distribution: { changed: nonZero.length, histogram: deltaHistogram(nonZero) } };
}

/** Bins of a "nice" width (1, 2 or 5 × 10^k) covering the deltas, about ten of them. */
export function deltaHistogram(values: number[]): HistogramBin[] {
  if (values.length === 0) return [];
  let lo = minOf(values), hi = maxOf(values);
  const width = niceStep(Math.max(hi - lo, Math.abs(hi), Math.abs(lo)) / 10);
  lo = Math.floor(lo / width) * width;
  hi = Math.max(lo + width, Math.ceil(hi / width) * width);
  const n = Math.max(1, Math.round((hi - lo) / width));
  const bins: HistogramBin[] = [];
  for (let i = 0; i < n; i++) bins.push({ from: round2(lo + i * width), to: round2(lo + (i + 1) * width), count: 0 });
  for (const v of values) {
    let i = Math.floor((v - lo) / width);
    if (i >= n) i = n - 1;
    if (i < 0) i = 0;
    bins[i].count++;
  }
  return bins;
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  return Math.max(step, 0.01);
}

// ---- rules ----------------------------------------------------------------------------------

/** Rule key (as in `summary.…rules`: `group/rule` for group members) → canonical definition text. */
export function ruleTexts(def: ScoringDef | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!def || typeof def !== 'object') return out;
  for (const section of ['fit', 'engagement'] as const) {
    const rules = (def as any)[section]?.rules;
    if (!Array.isArray(rules)) continue;
    for (const r of rules as RuleOrGroup[]) {
      if (!r || typeof r !== 'object') continue;
      if (isGroup(r)) {
        for (const m of Array.isArray(r.rules) ? r.rules : []) {
          if (m && typeof m === 'object' && typeof m.id === 'string') out.set(`${r.group}/${m.id}`, `${section}:${canonical(m)}`);
        }
      } else if (typeof (r as any).id === 'string') {
        out.set((r as any).id, `${section}:${canonical(r)}`);
      }
    }
  }
  return out;
}

function diffRules(defBefore: ScoringDef | undefined, defAfter: ScoringDef | undefined,
  countsBefore: Record<string, number> | undefined, countsAfter: Record<string, number> | undefined): ScoringDiff['rules'] {
  const tb = ruleTexts(defBefore);
  const ta = ruleTexts(defAfter);
  const cb = countsBefore ?? {};
  const ca = countsAfter ?? {};
  // A rule exists on a side when its definition says so; without definitions, when the summary counts it.
  const exists = (texts: Map<string, string>, def: unknown, counts: Record<string, number> | undefined, k: string) =>
    def ? texts.has(k) : counts !== undefined && Object.prototype.hasOwnProperty.call(counts, k);
  const keys = union(tb.keys(), ta.keys(), Object.keys(cb), Object.keys(ca));
  const added: string[] = [], removed: string[] = [], changed: RuleChange[] = [], definitionChanged: string[] = [];
  const matches: Record<string, { before: number | null; after: number | null }> = {};
  for (const k of keys) {
    const inB = exists(tb, defBefore, countsBefore, k);
    const inA = exists(ta, defAfter, countsAfter, k);
    if (!inB && !inA) continue;
    const mb = inB ? cb[k] ?? 0 : null;
    const ma = inA ? ca[k] ?? 0 : null;
    matches[k] = { before: mb, after: ma };
    if (inA && !inB) added.push(k);
    else if (inB && !inA) removed.push(k);
    else {
      const defChanged = tb.get(k) !== ta.get(k);
      if (defChanged) definitionChanged.push(k);
      if (defChanged || mb !== ma) changed.push({ rule: k, matches_before: mb!, matches_after: ma! });
    }
  }
  return { added, removed, changed, definition_changed: definitionChanged, matches };
}

const SETTINGS = ['grades', 'matrix', 'mql', 'disqualify', 'total', 'fields'] as const;
const SECTION_SETTINGS = ['max', 'min', 'decay'] as const;

function changedSettings(a: ScoringDef | undefined, b: ScoringDef | undefined): string[] {
  const out: string[] = [];
  const get = (d: unknown, ...path: string[]) => path.reduce<any>((v, k) => (v && typeof v === 'object' ? v[k] : undefined), d);
  for (const k of SETTINGS) if (!sameDefinition(get(a, k), get(b, k))) out.push(k);
  for (const sec of ['fit', 'engagement']) {
    for (const k of SECTION_SETTINGS) if (!sameDefinition(get(a, sec, k), get(b, sec, k))) out.push(`${sec}.${k}`);
    // A group's own settings (pick, max, min) change how its members count.
    const groups = (d: unknown) => new Map<string, string>((Array.isArray(get(d, sec, 'rules')) ? get(d, sec, 'rules') : [])
      .filter((r: any) => r && typeof r === 'object' && typeof r.group === 'string')
      .map((r: any) => [r.group, canonical({ pick: r.pick, max: r.max, min: r.min })]));
    const ga = groups(a), gb = groups(b);
    for (const [g, t] of ga) if (gb.has(g) && gb.get(g) !== t) out.push(`${sec}.${g}`);
  }
  return out;
}

// ---- ICPs -----------------------------------------------------------------------------------

function diffIcp(id: string, base: DiffSide, head: DiffSide, pairs: Pair[], definitionChanged: boolean): IcpDiff {
  const sb = base.result.summary.icps[id];
  const sa = head.result.summary.icps[id];
  const gained: string[] = [], lost: string[] = [];
  const tierTransitions: Record<string, number> = {};
  for (const p of pairs) {
    const b = p.before?.icps.find((m) => m.id === id);
    const a = p.after?.icps.find((m) => m.id === id);
    if (a && !b) gained.push(p.id);
    else if (b && !a) lost.push(p.id);
    else if (a && b && a.tier !== b.tier) bump(tierTransitions, `${b.tier ?? NO_VALUE}→${a.tier ?? NO_VALUE}`);
  }
  const inBase = sb !== undefined || base.definitions.some((d) => isDef(d, 'icp', id));
  const inHead = sa !== undefined || head.definitions.some((d) => isDef(d, 'icp', id));
  const status = !inBase ? 'added' : !inHead ? 'removed'
    : (definitionChanged || gained.length || lost.length || Object.keys(tierTransitions).length) ? 'changed' : 'unchanged';
  return {
    status, definition_changed: definitionChanged,
    matched_before: sb?.matched ?? 0, matched_after: sa?.matched ?? 0,
    gained, lost, tier_transitions: tierTransitions,
    tiers_before: { ...(sb?.tiers ?? {}) }, tiers_after: { ...(sa?.tiers ?? {}) },
  };
}

// ---- SLAs -----------------------------------------------------------------------------------

function diffSla(key: string, b: SlaSummary | undefined, a: SlaSummary | undefined, pairs: Pair[], definitionChanged: boolean,
  defB?: { commitment?: any }, defA?: { commitment?: any }): SlaDiff {
  const isVol = (s: SlaSummary | undefined) => s !== undefined && 'periods' in s;
  if (isVol(b) || isVol(a)) {
    const pb = (b && 'periods' in b ? b.periods : {});
    const pa = (a && 'periods' in a ? a.periods : {});
    const periods: Extract<SlaDiff, { type: 'volume' }>['periods'] = {};
    for (const k of union(Object.keys(pb), Object.keys(pa)).sort()) {
      const cb = pb[k]?.count ?? 0, ca = pa[k]?.count ?? 0;
      periods[k] = { count_before: cb, count_after: ca, delta: ca - cb, met_before: pb[k]?.met ?? null, met_after: pa[k]?.met ?? null };
    }
    const target = (d?: { commitment?: any }) => (d?.commitment?.target !== undefined ? targetText(d.commitment.target) : null);
    const flipped = Object.keys(periods).filter((k) => periods[k].met_before !== null && periods[k].met_after !== null && periods[k].met_before !== periods[k].met_after);
    return { type: 'volume', definition_changed: definitionChanged, periods, target_before: target(defB), target_after: target(defA), flipped };
  }
  const resp = (s: SlaSummary | undefined) => (s && 'met' in s ? { met: s.met, breached: s.breached, open: s.open, attainment: s.attainment } : null);
  const before = resp(b), after = resp(a);
  const statusTransitions: Record<string, number> = {};
  const newlyBreached: string[] = [];
  const newlyMet: string[] = [];
  for (const p of pairs) {
    const sb = p.before?.sla[key]?.status ?? NO_VALUE;
    const sa = p.after?.sla[key]?.status ?? NO_VALUE;
    if (sb === sa) continue;
    bump(statusTransitions, `${sb}→${sa}`);
    if (sa === 'breached') newlyBreached.push(p.id);
    if (sa === 'met') newlyMet.push(p.id);
  }
  const within = (d?: { commitment?: any }) => (typeof d?.commitment?.within === 'string' ? d.commitment.within : null);
  const attainmentDelta = before?.attainment != null && after?.attainment != null ? round4(after.attainment - before.attainment) : null;
  return { type: 'response', definition_changed: definitionChanged, before, after, attainment_delta: attainmentDelta, status_transitions: statusTransitions,
    newly_breached: newlyBreached, newly_met: newlyMet, within_before: within(defB), within_after: within(defA) };
}

function commitmentDef(slas: Map<string, unknown>, key: string, slash: number): unknown {
  if (slash < 0) return undefined;
  const sla = slas.get(key.slice(0, slash)) as any;
  const cid = key.slice(slash + 1);
  const c = Array.isArray(sla?.commitments) ? sla.commitments.find((x: any) => x && x.id === cid) : undefined;
  // A calendar the commitment uses is part of its meaning: include the SLA's calendars.
  return c === undefined ? undefined : { commitment: c, calendars: sla.calendars };
}

// ---- helpers --------------------------------------------------------------------------------

function byKind(defs: readonly unknown[]): { scoring: Map<string, unknown>; icp: Map<string, unknown>; sla: Map<string, unknown> } {
  const out = { scoring: new Map<string, unknown>(), icp: new Map<string, unknown>(), sla: new Map<string, unknown>() };
  for (const d of defs) {
    if (!d || typeof d !== 'object') continue;
    const { kind, id } = d as { kind?: unknown; id?: unknown };
    if (typeof id !== 'string') continue;
    if ((kind === 'scoring' || kind === 'icp' || kind === 'sla') && !out[kind].has(id)) out[kind].set(id, d);
  }
  return out;
}

const isDef = (d: unknown, kind: string, id: string) => !!d && typeof d === 'object' && (d as any).kind === kind && (d as any).id === id;

/** Grade ids best first: the definition's bands (head, then base), then any others seen, `disqualified` last. */
function gradeOrder(head: ScoringDef | undefined, base: ScoringDef | undefined, seen: (Record<string, unknown> | undefined)[]): string[] {
  const out: string[] = [];
  const add = (g: unknown) => { if (typeof g === 'string' && g !== 'disqualified' && !out.includes(g)) out.push(g); };
  for (const def of [head, base]) {
    if (!def) continue;
    const bands = (list: unknown): Band[] => (Array.isArray(list) ? list.filter((b) => b && typeof b.id === 'string') : []);
    if (Array.isArray(def.grades)) for (const g of bands(def.grades)) add(g.id);
    else if (def.matrix) for (const f of bands(def.matrix.fit)) for (const e of bands(def.matrix.engagement)) add(`${f.id}${e.id}`);
  }
  const rest = new Set<string>();
  for (const r of seen) for (const g of Object.keys(r ?? {})) if (!out.includes(g) && g !== 'disqualified') rest.add(g);
  out.push(...[...rest].sort());
  if (seen.some((r) => r && 'disqualified' in r)) out.push('disqualified');
  return out;
}

function sameDefinition(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function union<T>(...lists: Iterable<T>[]): T[] {
  const s = new Set<T>();
  for (const l of lists) for (const x of l) s.add(x);
  return [...s];
}

function bump(m: Record<string, number>, k: string): void { m[k] = (m[k] ?? 0) + 1; }

function round4(x: number): number {
  const r = Math.round(Number((Math.abs(x) * 10000).toPrecision(12))) / 10000;
  return x < 0 && r !== 0 ? -r : r;
}
