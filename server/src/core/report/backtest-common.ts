// What the text and Markdown reports of a backtest share: the figures a calibration meeting
// reads (percentages, lifts), the part of the threshold sweep around the model's own MQL
// volume, and the findings worth saying in words (a rule with no signal, grades out of order).
import type { BacktestResult, ModelBacktest, Rate, Sweep } from '../outcomes/backtest.js';

export const pct1 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
export const lift = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x.toFixed(2)}×`);
export const int = (n: number) => n.toLocaleString('en-US');
export const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

export const FLAG_NOTE = 'Without conversion times (a boolean flag): every model is scored at the simulation\'s as_of, so this backtest may count behaviour from after the conversion.';
export const EMPTY_NOTE = 'No lead is in the backtest population (every lead was created after the score date, or had converted before it): every rate is null. Check `outcomes.as_of` against the dates of the sample.';
export const NO_CONVERSION_NOTE = 'No lead of the population converted within the horizon: rates are 0 and lifts, recall and AUC are null. Check `outcomes.converted` and `horizon`.';

/** The one-line headline of the population. */
export function populationLine(r: BacktestResult): string {
  const p = r.population;
  const ex = [p.excluded.created_after && `${int(p.excluded.created_after)} created after the score date`, p.excluded.converted_before && `${int(p.excluded.converted_before)} converted before it`].filter(Boolean);
  return `${int(p.leads)} leads${ex.length ? ` (left out: ${ex.join(', ')})` : ''}; ${int(p.converted)} converted${r.horizon ? ` within ${r.horizon}` : ''} — base rate ${pct1(p.rate)}`;
}

/** "top 20% of leads hold 55.0% of conversions" for the decile nearest 20%. */
export function gainsLine(m: ModelBacktest): string | undefined {
  const g = m.gains.find((x) => x.top === 0.2);
  if (!g || g.captured === null) return undefined;
  return `top 20% of leads (${int(g.leads)}) hold ${pct1(g.captured)} of conversions (random: 20%)`;
}

/** The sweep in steps (each the smallest m giving its lead count), around the model's MQL volume. */
export function sweepWindow(m: ModelBacktest, around = 5): { rows: Sweep[]; anchor?: Sweep; recommended?: Sweep } {
  const steps: Sweep[] = [];
  const t = m.thresholds;
  for (let i = 0; i < t.length; i++) if (i === t.length - 1 || t[i + 1].leads !== t[i].leads) steps.push(t[i]);
  if (steps.length === 0) return { rows: [] };
  let a = 0;
  for (let i = 0; i < steps.length; i++) if (Math.abs(steps[i].leads - m.mql.leads) < Math.abs(steps[a].leads - m.mql.leads)) a = i;
  const rec = m.recommended ? steps.find((s) => s.min === m.recommended!.min) : undefined;
  const idx = new Set<number>();
  for (let i = Math.max(0, a - around); i <= Math.min(steps.length - 1, a + around); i++) idx.add(i);
  if (rec) idx.add(steps.indexOf(rec));
  return { rows: [...idx].sort((x, y) => x - y).map((i) => steps[i]), anchor: steps[a], recommended: rec };
}

/** Findings worth a sentence. `minLeads`: groups smaller than this say nothing reliable. */
export function findings(m: ModelBacktest, pop: BacktestResult['population']): string[] {
  const out: string[] = [];
  const minLeads = Math.max(20, Math.ceil(pop.leads * 0.02));
  for (const [rule, r] of Object.entries(m.rules)) {
    if (r.leads === 0) { out.push(`rule '${rule}' scored no lead of the population`); continue; }
    if (r.lift === null || r.leads < minLeads) continue;
    if (r.lift >= 0.9 && r.lift <= 1.1) out.push(`rule '${rule}' shows no signal: its ${int(r.leads)} leads convert at ${pct1(r.rate)}, the base rate is ${pct1(pop.rate)} (lift ${lift(r.lift)})`);
  }
  const graded = Object.entries(m.grades).filter(([g, r]) => g !== 'disqualified' && r.leads >= minLeads && r.rate !== null) as [string, Rate & { rate: number }][];
  for (let i = 1; i < graded.length; i++) {
    const [hi, a] = graded[i - 1], [lo, b] = graded[i];
    if (b.rate > a.rate) out.push(`grade ${lo} converts better than grade ${hi} (${pct1(b.rate)} vs ${pct1(a.rate)}): the grade thresholds do not order leads by conversion`);
  }
  const dq = m.grades.disqualified;
  if (dq && dq.leads >= minLeads && dq.lift !== null && dq.lift >= 1) out.push(`disqualified leads convert at ${pct1(dq.rate)} (lift ${lift(dq.lift)}): the disqualify rule removes leads that do convert`);
  return out;
}
