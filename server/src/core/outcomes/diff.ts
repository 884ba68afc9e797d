// Outcomes in a diff (SPEC §11, "In the diff"): the backtest of each model on both versions of the
// definitions (the same leads, the same outcomes — the working tree's), reduced to what a reviewer
// compares — AUC, the MQL rule's volume, precision, recall and lift, each grade's lift, the
// recommended threshold — and sales' verdicts on the leads that gain or lose MQL.
import type { DiffResult } from '../diff/simulations.js';
import type { Lead } from '../results.js';
import type { CompiledProject } from '../eval/simulate.js';
import { backtest, type ModelBacktest, type Sweep } from './backtest.js';
import { verdicts } from './feedback.js';
import type { FeedbackSpec, OutcomesSpec } from './spec.js';

export interface BacktestBrief {
  auc: number | null;
  mql: { leads: number; precision: number | null; recall: number | null; lift: number | null };
  /** Grade → lift. */
  grades: Record<string, number | null>;
  /** Null when no capacity is set or no threshold fits it. */
  recommended: (Sweep & { capacity: number }) | null;
}
export interface VerdictCounts { accepted: number; rejected: number; recycled: number; none: number }

function brief(m: ModelBacktest | undefined): BacktestBrief | null {
  if (!m) return null;
  return {
    auc: m.auc,
    mql: { leads: m.mql.leads, precision: m.mql.precision, recall: m.mql.recall, lift: m.mql.lift },
    grades: Object.fromEntries(Object.entries(m.grades).map(([g, r]) => [g, r.lift])),
    recommended: m.recommended ?? null,
  };
}

export interface OutcomesDiffInputs {
  base: CompiledProject;
  head: CompiledProject;
  leads: Lead[];
  /** The simulation's as_of (T for a flag). */
  asOf: number;
  /** The backtest's outcomes; undefined when they cannot run (feedback may still be there). */
  outcomes?: OutcomesSpec;
  feedback?: FeedbackSpec;
}

/** Adds `backtest`, `mql_gained_feedback` and `mql_lost_feedback` to each model of the diff. */
export function addOutcomesToDiff(d: DiffResult, x: OutcomesDiffInputs): void {
  if (x.outcomes) {
    const before = backtest(x.base, x.outcomes, x.leads, x.asOf).scoring;
    const after = backtest(x.head, x.outcomes, x.leads, x.asOf).scoring;
    for (const [id, s] of Object.entries(d.scoring)) s.backtest = { before: brief(before[id]), after: brief(after[id]) };
  }
  if (x.feedback) {
    const vs = verdicts(x.feedback, x.leads);
    const byId = new Map(x.leads.map((l, i) => [l.id, vs[i]]));
    const count = (ids: string[]): VerdictCounts => {
      const c = { accepted: 0, rejected: 0, recycled: 0, none: 0 };
      for (const id of ids) c[byId.get(id) ?? 'none']++;
      return c;
    };
    for (const s of Object.values(d.scoring)) {
      s.mql_gained_feedback = count(s.mql_gained);
      s.mql_lost_feedback = count(s.mql_lost);
    }
  }
}
