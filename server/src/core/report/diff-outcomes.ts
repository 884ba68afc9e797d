// The outcomes part of a diff report (SPEC §11, "In the diff"), text and Markdown, one model at a
// time: the diff renderers call these through their `extraModelSection` hook, so a reviewer reads
// "precision 18% → 23%, recall 61% → 58%; of 12 leads no longer MQL, 9 were rejected by sales".
import type { ScoringDiff } from '../diff/simulations.js';
import type { BacktestBrief, VerdictCounts } from '../outcomes/diff.js';
import { int, lift, pct1 } from './backtest-common.js';
import { mdText } from './backtest-md.js';

const arrow = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);
const num4 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(4));

function lines(b: BacktestBrief | null, a: BacktestBrief | null): string[] {
  const out: string[] = [];
  out.push(`AUC ${arrow(num4(b?.auc), num4(a?.auc))}`);
  const m = (x: BacktestBrief | null) => x?.mql;
  out.push(`MQL rule: ${arrow(m(b) ? int(m(b)!.leads) : '–', m(a) ? int(m(a)!.leads) : '–')} leads, precision ${arrow(pct1(m(b)?.precision), pct1(m(a)?.precision))}, recall ${arrow(pct1(m(b)?.recall), pct1(m(a)?.recall))}, lift ${arrow(lift(m(b)?.lift), lift(m(a)?.lift))}`);
  const grades = [...new Set([...Object.keys(b?.grades ?? {}), ...Object.keys(a?.grades ?? {})])];
  if (grades.length) out.push(`lift by grade: ${grades.map((g) => `${g} ${arrow(lift(b?.grades[g]), lift(a?.grades[g]))}`).join(', ')}`);
  const rec = (x: BacktestBrief | null) => (x?.recommended ? `total ≥ ${x.recommended.min} (${int(x.recommended.leads)} leads, precision ${pct1(x.recommended.precision)}, recall ${pct1(x.recommended.recall)})` : '–');
  if (b?.recommended || a?.recommended) out.push(`recommended for a capacity of ${int((a?.recommended ?? b?.recommended)!.capacity)}: ${arrow(rec(b), rec(a))}`);
  return out;
}

function verdictSentence(n: number, what: string, c: VerdictCounts): string {
  const parts = [c.rejected && `${int(c.rejected)} rejected`, c.accepted && `${int(c.accepted)} accepted`, c.recycled && `${int(c.recycled)} recycled`, c.none && `${int(c.none)} not judged`].filter(Boolean);
  return `of ${int(n)} ${what}, sales had ${parts.join(', ')}`;
}

function feedbackLines(s: ScoringDiff): string[] {
  const out: string[] = [];
  if (s.mql_lost_feedback && s.mql_lost.length) out.push(verdictSentence(s.mql_lost.length, s.mql_lost.length === 1 ? 'lead no longer MQL' : 'leads no longer MQL', s.mql_lost_feedback));
  if (s.mql_gained_feedback && s.mql_gained.length) out.push(verdictSentence(s.mql_gained.length, s.mql_gained.length === 1 ? 'new MQL' : 'new MQLs', s.mql_gained_feedback));
  return out;
}

/** Text lines for one model of `leadspec diff` (empty without outcomes). */
export function outcomesDiffText(_id: string, s: ScoringDiff): string[] {
  const out: string[] = [];
  if (s.backtest) { out.push('  Backtest (before → after):'); for (const l of lines(s.backtest.before, s.backtest.after)) out.push(`    ${l}`); }
  const fb = feedbackLines(s);
  if (fb.length) { out.push('  Sales feedback on the MQL changes:'); for (const l of fb) out.push(`    ${l}`); }
  if (out.length) out.push('');
  return out;
}

/** Markdown lines for one model of `leadspec diff --format md` (empty without outcomes). */
export function outcomesDiffMd(id: string, s: ScoringDiff): string[] {
  const out: string[] = [];
  if (s.backtest) {
    out.push(`**Backtest of ${mdText(id)}** (before → after)`, '');
    for (const l of lines(s.backtest.before, s.backtest.after)) out.push(`- ${mdText(l)}`);
  }
  const fb = feedbackLines(s);
  if (fb.length) { out.push('', '**Sales feedback on the MQL changes**', ''); for (const l of fb) out.push(`- ${mdText(l)}`); }
  return out;
}
