// One partition's evaluation for `simulate --workers N` (io/simulate-worker.ts): every lead of the
// partition evaluated with evaluateLead and counted into the partial aggregates of partial.ts,
// sla.ts and feedback.ts that the main thread merges. When no per-lead output is asked for, the
// leads are evaluated and counted a block at a time and their results dropped: each
// accumulation adds to the partial of the blocks before it, so the partials are those of one
// pass over all leads, while the results die young instead of filling the old generation for the
// garbage collector to mark (at a million leads, millions of objects).
import type { DataWarning, Lead, LeadResult } from '../results.js';
import { evaluateLead, type CompiledProject } from './simulate.js';
import { accumulateIcps, accumulateScoring, RuleCounts, type IcpPartial, type ScoringPartial } from './partial.js';
import type { SlaPartial, SlaRow } from './sla.js';
import { feedbackPartial, type FeedbackPartial } from '../outcomes/feedback.js';
import { feedbackSpec } from '../outcomes/spec.js';

export interface PartitionPartials {
  icps: IcpPartial[];
  scoring: ScoringPartial[];
  sla: SlaPartial[];
  feedback?: FeedbackPartial;
  /** Per model: whether any lead has a matrix fit grade (the CSV's columns). */
  fitGrade: boolean[];
  /** The SLA warnings of evaluation, each with its lead's order key. */
  slaWarnings: { at: number; w: DataWarning }[];
}

/**
 * Leads evaluated and counted at a time when their results are not kept. Small, so that a block's
 * results (several kB per lead: scores, explanation items, SLA clocks) are dead before the next
 * scavenge: with 4,096 a scavenge found up to a block's results alive and copied them twice
 * (young generation, then old), ~25% of a worker's evaluation at 100k × 1M.
 */
export const EVALUATE_BLOCK = 128;

/**
 * Evaluates `leads` at `asOfMs` and counts them; `at[i]` is lead i's order key (its line in the
 * leads file), ascending. `keep`: return every lead's result (for a render); else `results` is
 * empty. `block` (tests): leads per block when results are not kept.
 */
export function evaluatePartition(cp: CompiledProject, leads: readonly Lead[], asOfMs: number, at: readonly number[],
  options: { keep: boolean; block?: number }): { partials: PartitionPartials; results: LeadResult[] } {
  const slaWarnings: PartitionPartials['slaWarnings'] = [];
  const fb = feedbackSpec(cp.project);
  const block = options.keep ? Math.max(1, leads.length) : Math.max(1, options.block ?? EVALUATE_BLOCK);
  let results: LeadResult[] = [];
  let icps: IcpPartial[] | undefined, feedback: FeedbackPartial | undefined;
  const scoring: ScoringPartial[] = [], sla: SlaPartial[] = [];
  const fitGrade = cp.scorings.map(() => false);
  // Each model's rules counted from its record of the rules it fired, as each lead is evaluated
  // (not read back off the explanations); into the partials block by block.
  const scorings = cp.scorings, rules = scorings.map((s) => new RuleCounts(s.ruleKeys));
  // One pass even without leads: the partials of none.
  for (let from = 0; from === 0 || from < leads.length; from += block) {
    const to = Math.min(leads.length, from + block);
    const part: LeadResult[] = new Array(to - from);
    for (let i = from; i < to; i++) {
      const key = at[i];
      part[i - from] = evaluateLead(cp, leads[i], asOfMs, (w) => slaWarnings.push({ at: key, w }));
      for (let j = 0; j < scorings.length; j++) rules[j].add(scorings[j].fired, scorings[j].firedCount, key);
    }
    if (options.keep) results = part;
    const atOf = (i: number) => at[from + i];
    const some = from === 0 && to === leads.length ? leads : leads.slice(from, to);
    icps = accumulateIcps(cp.icps, part.map((r) => r.icps), atOf, icps);
    cp.scorings.forEach((s, j) => {
      scoring[j] = accumulateScoring(part.map((r) => r.scores[s.id]), atOf, scoring[j], false);
      rules[j].addTo(scoring[j].rules);
      if (!fitGrade[j]) fitGrade[j] = part.some((r) => r.scores[s.id]?.fit_grade !== undefined);
    });
    let rows: SlaRow[] | undefined;
    cp.slas.forEach((c, j) => { sla[j] = c.accumulate(rows ??= some.map((lead, i) => ({ lead, scores: part[i].scores, sla: part[i].sla })), asOfMs, sla[j]); });
    if (fb) feedback = feedbackPartial(cp, fb, some, part, atOf, feedback);
  }
  return { partials: { icps: icps!, scoring, sla, feedback, fitGrade, slaWarnings }, results };
}
