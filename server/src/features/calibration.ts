// The backtest of the sample (format §11) where a model is edited: a code lens on `mql:` with the
// MQL rule's precision and recall, and a line in a grade's hover with its conversion rate and
// lift. Computed beside the sample simulation (sample-engine.ts) when the project's `outcomes`
// can run; nothing is shown otherwise.
import { isMap, isScalar, type Node } from 'yaml';
import { rangeOfNode, type LeadspecDoc } from '../core/syntax/parse.js';
import type { Range } from '../core/types.js';
import type { Lead } from '../core/results.js';
import type { CompiledProject } from '../core/eval/simulate.js';
import { backtest, type BacktestCache, type BacktestResult } from '../core/outcomes/backtest.js';
import { resolveOutcomes, OutcomesError } from '../core/outcomes/spec.js';

/** The sample's backtest, or undefined when the project declares no outcomes that can run. */
export function sampleBacktest(cp: CompiledProject, leads: Lead[], asOf: number, cache?: BacktestCache): BacktestResult | undefined {
  if (!cp.project?.outcomes) return undefined;
  try { return backtest(cp, resolveOutcomes(cp.project, cp.catalog), leads, asOf, cache); }
  catch (e) { if (e instanceof OutcomesError) return undefined; throw e; }
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const lift = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)}×`);
const when = (b: BacktestResult) => (b.horizon ? `converted within ${b.horizon} of ${b.as_of.slice(0, 10)}` : 'converted (flag)');

/** The lens on a scoring model's `mql:` key: its backtest precision and recall. */
export function mqlLens(doc: LeadspecDoc, b: BacktestResult | undefined): { range: Range; title: string } | undefined {
  const m = doc.id ? b?.scoring[doc.id] : undefined;
  const top = doc.yaml.contents;
  if (!m || !isMap(top)) return undefined;
  const pair = top.items.find((p) => isScalar(p.key) && p.key.value === 'mql');
  const range = pair ? rangeOfNode(doc.file, pair.key as Node) : undefined;
  if (!range) return undefined;
  return { range, title: `backtest: precision ${pct(m.mql.precision)} · recall ${pct(m.mql.recall)} · lift ${lift(m.mql.lift)} (${m.mql.leads} MQLs, ${when(b!)}; AUC ${m.auc === null ? '–' : m.auc.toFixed(2)})` };
}

/** The hover line of a grade: how its sample leads converted. */
export function gradeConversionLine(b: BacktestResult | undefined, model: string, grade: string): string[] {
  const r = b?.scoring[model]?.grades[grade];
  if (!r || !b) return [];
  return [`Backtest: **${pct(r.rate)}** of its ${r.leads} leads ${when(b)} — lift ${lift(r.lift)} against the base rate ${pct(b.population.rate)}`];
}
