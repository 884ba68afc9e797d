// Sales feedback of SPEC §11: sales' verdict is data about the leads as they are now, so it is
// read beside the ordinary simulation (its `as_of`): per model, per grade, for MQL and non-MQL
// leads and per rule, how many leads sales accepted, rejected or recycled, the rejection rate,
// and the rejection reasons. A feedback value in none of the lists is a data warning.
import type { DataWarning, FeedbackCounts, Lead, ModelFeedback, SimulationResult } from '../results.js';
import type { CompiledProject } from '../eval/simulate.js';
import { RuleKeys } from '../eval/rule-keys.js';
import { ratio } from './ratio.js';
import type { FeedbackSpec } from './spec.js';

export type Verdict = 'accepted' | 'rejected' | 'recycled';
export type { FeedbackCounts, ModelFeedback };

const norm = (v: string) => v.trim().toLowerCase();

/**
 * Each lead's verdict (undefined: not judged), index-aligned with `leads`; a value in none of
 * the lists is pushed to `warnings` with its file and row.
 */
export function verdicts(spec: FeedbackSpec, leads: Lead[], warnings?: DataWarning[]): (Verdict | undefined)[] {
  const lists = new Map<string, Verdict>();
  for (const v of ['accepted', 'rejected', 'recycled'] as const) for (const x of spec[v]) if (!lists.has(norm(x))) lists.set(norm(x), v);
  return leads.map((lead) => {
    const raw = lead.values[spec.field];
    if (raw === undefined || raw === null) return undefined;
    const text = String(raw);
    if (text.trim() === '') return undefined;
    const v = lists.get(norm(text));
    if (!v && warnings) {
      warnings.push({ file: lead.source?.file, row: lead.source?.row, lead: lead.id, field: spec.field,
        message: `'${text}' is in none of outcomes.feedback's lists (accepted: ${spec.accepted.join(', ') || '—'}; rejected: ${spec.rejected.join(', ') || '—'}; recycled: ${spec.recycled.join(', ') || '—'}); the lead counts as not judged` });
    }
    return v;
  });
}

const zero = (): FeedbackCounts => ({ accepted: 0, rejected: 0, recycled: 0, rejection_rate: null });
const finish = (c: FeedbackCounts): FeedbackCounts => ({ ...c, rejection_rate: ratio(c.rejected, c.accepted + c.rejected + c.recycled) });

/** The feedback summary of every model (`summary.feedback` of `simulate --format json`). */
export function feedbackSummary(cp: CompiledProject, spec: FeedbackSpec, leads: Lead[], sim: SimulationResult, warnings?: DataWarning[]): Record<string, ModelFeedback> {
  const vs = verdicts(spec, leads, warnings);
  const reasons: Record<string, number> = {};
  if (spec.reason !== undefined) {
    leads.forEach((lead, i) => {
      if (vs[i] !== 'rejected') return;
      const r = lead.values[spec.reason!];
      if (r === undefined || r === null || String(r).trim() === '') return;
      const k = String(r).trim();
      reasons[k] = (reasons[k] ?? 0) + 1;
    });
  }
  const sortedReasons = Object.fromEntries(Object.entries(reasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  const out: Record<string, ModelFeedback> = {};
  for (const model of cp.scorings) {
    const grades: Record<string, FeedbackCounts> = Object.fromEntries(model.gradeOrder.map((g) => [g, zero()]));
    const rules: Record<string, FeedbackCounts> = Object.fromEntries(model.ruleKeys.map((k) => [k, zero()]));
    const mql = zero(), notMql = zero();
    const keys = new RuleKeys();
    sim.leads.forEach((l, i) => {
      const v = vs[i];
      if (!v) return;
      const sc = l.scores[model.id];
      (grades[sc.grade] ??= zero())[v]++;
      (sc.mql ? mql : notMql)[v]++;
      keys.forEach(sc, (k) => { (rules[k] ??= zero())[v]++; });
    });
    const all = (m: Record<string, FeedbackCounts>) => Object.fromEntries(Object.entries(m).map(([k, c]) => [k, finish(c)]));
    out[model.id] = { grades: all(grades), mql: finish(mql), not_mql: finish(notMql), rules: all(rules), reasons: { ...sortedReasons } };
  }
  return out;
}
