// Sales feedback of SPEC §11: sales' verdict is data about the leads as they are now, so it is
// read beside the ordinary simulation (its `as_of`): per model, per grade, for MQL and non-MQL
// leads and per rule, how many leads sales accepted, rejected or recycled, the rejection rate,
// and the rejection reasons. A feedback value in none of the lists is a data warning.
import type { DataWarning, FeedbackCounts, Lead, LeadResult, ModelFeedback, SimulationResult } from '../results.js';
import type { CompiledProject } from '../eval/simulate.js';
import { exactKey } from '../eval/exact-key.js';
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
export function verdicts(spec: FeedbackSpec, leads: readonly Lead[], warnings?: DataWarning[]): (Verdict | undefined)[] {
  return verdictsOf(spec, leads, warnings ? (_i, w) => warnings.push(w) : undefined);
}

/** verdicts(), telling `warn` the index of the lead each warning is about. */
function verdictsOf(spec: FeedbackSpec, leads: readonly Lead[], warn?: (i: number, w: DataWarning) => void): (Verdict | undefined)[] {
  const lists = new Map<string, Verdict>();
  for (const v of ['accepted', 'rejected', 'recycled'] as const) for (const x of spec[v]) if (!lists.has(norm(x))) lists.set(norm(x), v);
  return leads.map((lead, i) => {
    const raw = lead.values[spec.field];
    if (raw === undefined || raw === null) return undefined;
    const text = String(raw);
    if (text.trim() === '') return undefined;
    const v = lists.get(norm(text));
    if (!v && warn) {
      warn(i, { file: lead.source?.file, row: lead.source?.row, lead: lead.id, field: spec.field,
        message: `'${text}' is in none of outcomes.feedback's lists (accepted: ${spec.accepted.join(', ') || '—'}; rejected: ${spec.rejected.join(', ') || '—'}; recycled: ${spec.recycled.join(', ') || '—'}); the lead counts as not judged` });
    }
    return v;
  });
}

const zero = (): FeedbackCounts => ({ accepted: 0, rejected: 0, recycled: 0, rejection_rate: null });
const finish = (c: FeedbackCounts): FeedbackCounts => ({ ...c, rejection_rate: ratio(c.rejected, c.accepted + c.rejected + c.recycled) });

/** The feedback summary of every model (`summary.feedback` of `simulate --format json`). */
export function feedbackSummary(cp: CompiledProject, spec: FeedbackSpec, leads: Lead[], sim: SimulationResult, warnings?: DataWarning[]): Record<string, ModelFeedback> {
  const p = feedbackPartial(cp, spec, leads, sim.leads, (i) => i);
  if (warnings) for (const x of p.warnings) warnings.push(x.w);
  return mergeFeedback(cp, [p]);
}

/** Verdict counts by key, each key with the order key of the lead that first counted it. */
interface VerdictCounts { counts: Map<string, FeedbackCounts>; first: Map<string, number> }

/**
 * What feedbackSummary counts over some of the leads (a worker's partition): `at(i)` is lead i's
 * order key (its index or its row in the leads file). Warnings carry it so that the partials'
 * warnings merge in lead order.
 */
export interface FeedbackPartial {
  warnings: { at: number; w: DataWarning }[];
  reasons: Map<string, number>;
  models: { grades: VerdictCounts; rules: VerdictCounts; mql: FeedbackCounts; notMql: FeedbackCounts }[];
}

function countVerdict(c: VerdictCounts, key: string, v: Verdict, at: number): void {
  let x = c.counts.get(key);
  if (!x) { c.counts.set(key, (x = zero())); c.first.set(key, at); }
  x[v]++;
}

/** With `into` (the partial of earlier leads), these leads' counts and warnings are added to it, as one call over all would. */
export function feedbackPartial(cp: CompiledProject, spec: FeedbackSpec, leads: readonly Lead[], results: readonly LeadResult[], at: (i: number) => number, into?: FeedbackPartial): FeedbackPartial {
  const { warnings, reasons, vs } = verdictPart(spec, leads, at, into);
  const models = cp.scorings.map((model, j) => modelPart(model.id, vs, results, at, into?.models[j]));
  return { warnings, reasons, models };
}

/** What the feedback counts read of the leads alone: each lead's verdict, the warnings, the rejection reasons. */
function verdictPart(spec: FeedbackSpec, leads: readonly Lead[], at: (i: number) => number, into?: Pick<FeedbackPartial, 'warnings' | 'reasons'>): Pick<FeedbackPartial, 'warnings' | 'reasons'> & { vs: (Verdict | undefined)[] } {
  const warnings: FeedbackPartial['warnings'] = into?.warnings ?? [];
  const vs = verdictsOf(spec, leads, (i, w) => warnings.push({ at: at(i), w }));
  const reasons = into?.reasons ?? new Map<string, number>();
  if (spec.reason !== undefined) {
    leads.forEach((lead, i) => {
      if (vs[i] !== 'rejected') return;
      const r = lead.values[spec.reason!];
      if (r === undefined || r === null || String(r).trim() === '') return;
      const k = String(r).trim();
      reasons.set(k, (reasons.get(k) ?? 0) + 1);
    });
  }
  return { warnings, reasons, vs };
}

/** One model's verdict counts (by grade, MQL or not, by rule) over the judged leads. */
function modelPart(id: string, vs: readonly (Verdict | undefined)[], results: readonly LeadResult[], at: (i: number) => number, into?: FeedbackPartial['models'][number]): FeedbackPartial['models'][number] {
  const m = into ?? { grades: { counts: new Map(), first: new Map() }, rules: { counts: new Map(), first: new Map() }, mql: zero(), notMql: zero() } as FeedbackPartial['models'][number];
  const keys = new RuleKeys();
  let a = 0, v: Verdict = 'accepted';
  const countRule = (k: string) => countVerdict(m.rules, k, v, a); // one closure, not one per lead
  for (let i = 0; i < results.length; i++) {
    const vi = vs[i];
    if (!vi) continue;
    v = vi;
    const sc = results[i].scores[id];
    a = at(i);
    countVerdict(m.grades, sc.grade, v, a);
    (sc.mql ? m.mql : m.notMql)[v]++;
    keys.forEach(sc, countRule);
  }
  return m;
}

/**
 * feedbackSummary for a caller that runs again over the same leads after an edit (the preview's
 * SimulationCache): the verdicts are kept while the leads and the feedback settings are the same,
 * and a model's counts while its results are — `parts[j]` identifies model j's results (the same
 * object means the same results, as SimulationCache's parts are never changed once made).
 */
export class FeedbackCache {
  private leads: readonly Lead[] | undefined;
  private key = '';
  private verdicts: ReturnType<typeof verdictPart> | undefined;
  private models = new Map<object, FeedbackPartial['models'][number]>();

  summary(cp: CompiledProject, spec: FeedbackSpec, leads: readonly Lead[], sim: SimulationResult, parts: readonly object[], warnings?: DataWarning[]): Record<string, ModelFeedback> {
    const key = exactKey(spec);
    if (leads !== this.leads || key !== this.key || !this.verdicts) {
      this.leads = leads; this.key = key; this.models.clear();
      this.verdicts = verdictPart(spec, leads, byIndex);
    }
    const v = this.verdicts;
    const models = cp.scorings.map((model, j) => this.models.get(parts[j]) ?? modelPart(model.id, v.vs, sim.leads, byIndex));
    this.models = new Map(parts.map((id, j) => [id, models[j]]));
    if (warnings) for (const x of v.warnings) warnings.push(x.w);
    return mergeFeedback(cp, [{ warnings: v.warnings, reasons: v.reasons, models }]);
  }
}
const byIndex = (i: number) => i;

/** Declared keys first, then the others in the order they were first counted over all partials. */
function mergeVerdicts(declared: readonly string[], parts: readonly VerdictCounts[]): Record<string, FeedbackCounts> {
  const out: Record<string, FeedbackCounts> = {};
  for (const k of declared) out[k] = zero();
  const extra = new Map<string, number>();
  for (const p of parts) for (const [k, first] of p.first) {
    if (Object.prototype.hasOwnProperty.call(out, k)) continue;
    const seen = extra.get(k);
    if (seen === undefined || first < seen) extra.set(k, first);
  }
  for (const [k] of [...extra].sort((a, b) => a[1] - b[1])) out[k] = zero();
  for (const p of parts) for (const [k, c] of p.counts) { const o = out[k]; o.accepted += c.accepted; o.rejected += c.rejected; o.recycled += c.recycled; }
  return Object.fromEntries(Object.entries(out).map(([k, c]) => [k, finish(c)]));
}

const add = (cs: FeedbackCounts[]): FeedbackCounts => {
  const o = zero();
  for (const c of cs) { o.accepted += c.accepted; o.rejected += c.rejected; o.recycled += c.recycled; }
  return finish(o);
};

/** The feedback summary of every model from the partials of every partition (warnings are the caller's to merge). */
export function mergeFeedback(cp: CompiledProject, parts: readonly FeedbackPartial[]): Record<string, ModelFeedback> {
  // Reasons are data (user text: `constructor`, `__proto__`): counted in a Map.
  const reasons = new Map<string, number>();
  for (const p of parts) for (const [k, n] of p.reasons) reasons.set(k, (reasons.get(k) ?? 0) + n);
  const sortedReasons = Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  const out: Record<string, ModelFeedback> = {};
  cp.scorings.forEach((model, j) => {
    const ms = parts.map((p) => p.models[j]);
    out[model.id] = {
      grades: mergeVerdicts(model.gradeOrder, ms.map((m) => m.grades)), mql: add(ms.map((m) => m.mql)), not_mql: add(ms.map((m) => m.notMql)),
      rules: mergeVerdicts(model.ruleKeys, ms.map((m) => m.rules)), reasons: { ...sortedReasons },
    };
  });
  return out;
}
