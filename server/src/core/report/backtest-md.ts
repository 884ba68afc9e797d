// Markdown report of `leadspec backtest` (a wiki page, a PR comment, a CI job summary): the same
// findings as the text view, as tables. Every name and value from the workspace or the data is
// escaped (feedback reasons and warnings are free text).
import type { BacktestResult, ModelBacktest, Rate } from '../outcomes/backtest.js';
import type { DataWarning, FeedbackCounts, ModelFeedback } from '../results.js';
import { warningLine } from './simulate-common.js';
import { EMPTY_NOTE, FLAG_NOTE, NO_CONVERSION_NOTE, findings, gainsLine, int, lift, money, pct1, populationLine, sweepWindow } from './backtest-common.js';

/** Text safe in a table cell or a paragraph: Markdown and HTML are shown, not interpreted. */
export function mdText(s: string): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#!{}()+-]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, ' ');
}

function rateTable(rows: [string, Rate][], label: string): string[] {
  const out = [`| ${label} | Leads | Converted | Rate | Lift |`, '|---|---:|---:|---:|---:|'];
  for (const [k, r] of rows) out.push(`| ${mdText(k)} | ${int(r.leads)} | ${int(r.converted)} | ${pct1(r.rate)} | ${lift(r.lift)} |`);
  return out;
}

function model(id: string, m: ModelBacktest, r: BacktestResult): string[] {
  const out: string[] = ['', `## Model ${mdText(id)}`, ''];
  out.push(`**AUC ${m.auc === null ? '–' : m.auc.toFixed(4)}** · MQL rule: ${int(m.mql.leads)} leads, ${int(m.mql.converted)} converted — **precision ${pct1(m.mql.precision)}, recall ${pct1(m.mql.recall)}**, lift ${lift(m.mql.lift)}`);
  out.push('', ...rateTable(Object.entries(m.grades), 'Grade'));
  const gl = gainsLine(m);
  out.push('', `**Gains**${gl ? `: ${gl}.` : ''}`, '', '| Top | Leads | Captured | Random |', '|---:|---:|---:|---:|');
  for (const g of m.gains) out.push(`| ${Math.round(g.top * 100)}% | ${int(g.leads)} | ${pct1(g.captured)} | ${Math.round(g.top * 100)}% |`);
  const rules = Object.entries(m.rules);
  if (rules.length) out.push('', ...rateTable(rules, 'Rule'));
  const sw = sweepWindow(m);
  if (sw.rows.length) {
    out.push('', '**Threshold sweep** (MQL when total ≥ min):', '', '| Min | Leads | Converted | Precision | Recall | |', '|---:|---:|---:|---:|---:|---|');
    for (const s of sw.rows) {
      const marks = [s === sw.anchor && '≈ MQL rule volume', s === sw.recommended && '**recommended**'].filter(Boolean).join(', ');
      out.push(`| ${s.min} | ${int(s.leads)} | ${int(s.converted)} | ${pct1(s.precision)} | ${pct1(s.recall)} | ${marks} |`);
    }
  }
  if (m.recommended !== undefined) {
    const rec = m.recommended;
    out.push('', rec === null
      ? '> No threshold keeps the MQLs within the capacity.'
      : `> **Recommended for a capacity of ${int(rec.capacity)} MQLs: total ≥ ${rec.min}** — ${int(rec.leads)} leads, precision ${pct1(rec.precision)}, recall ${pct1(rec.recall)} (the MQL rule: precision ${pct1(m.mql.precision)}, recall ${pct1(m.mql.recall)}).`);
  }
  if (m.value) out.push('', `Pipeline of converted leads: ${Object.entries(m.value.grades).map(([g, v]) => `${mdText(g)} ${money(v)}`).join(' · ')}; MQL ${money(m.value.mql)}.`);
  const f = findings(m, r.population);
  if (f.length) out.push('', '**Worth a look**', '', ...f.map((x) => `- ${mdText(x)}`));
  return out;
}

export function renderBacktestMd(r: BacktestResult, warnings: DataWarning[] = []): string {
  const out: string[] = ['# LeadSpec backtest', ''];
  out.push(r.horizon ? `Models scored as of \`${r.as_of}\`; conversions counted until \`${r.until}\` (${mdText(r.horizon)}).` : `Models scored as of \`${r.as_of}\`.`);
  if (!r.horizon) out.push('', `> ${FLAG_NOTE}`);
  out.push('', `Population: ${populationLine(r)}.`); // numbers and a validated duration only
  if (r.population.leads === 0) out.push('', `> ${EMPTY_NOTE}`);
  else if (r.population.converted === 0) out.push('', `> ${NO_CONVERSION_NOTE}`);
  for (const [id, m] of Object.entries(r.scoring)) out.push(...model(id, m, r));
  const icps = Object.entries(r.icps);
  if (icps.length) {
    const rows: [string, Rate][] = [];
    for (const [id, s] of icps) { rows.push([id, s]); for (const [t, tr] of Object.entries(s.tiers)) rows.push([`${id} / ${t}`, tr]); }
    out.push('', '## ICPs and tiers', '', ...rateTable(rows, 'ICP / tier'));
  }
  out.push('', '## Data warnings', '', warnings.length === 0 ? 'None.' : `${int(warnings.length)}:`);
  for (const w of warnings.slice(0, 50)) out.push(`- ${mdText(warningLine(w))}`);
  if (warnings.length > 50) out.push(`- … ${int(warnings.length - 50)} more`);
  return out.join('\n') + '\n';
}

// ---- sales feedback (simulate --format md) -----------------------------------------------------

const fbRow = (k: string, c: FeedbackCounts) => `| ${mdText(k)} | ${int(c.accepted)} | ${int(c.rejected)} | ${int(c.recycled)} | ${pct1(c.rejection_rate)} |`;

/** The feedback section of the simulation's Markdown report. */
export function renderFeedbackMd(fb: Record<string, ModelFeedback>): string[] {
  const out: string[] = [];
  for (const [id, f] of Object.entries(fb)) {
    out.push('', `## Sales feedback — model ${mdText(id)}`, '', '| | Accepted | Rejected | Recycled | Rejection rate |', '|---|---:|---:|---:|---:|');
    out.push(fbRow('MQL', f.mql), fbRow('not MQL', f.not_mql));
    for (const [g, c] of Object.entries(f.grades)) out.push(fbRow(`grade ${g}`, c));
    for (const [r, c] of Object.entries(f.rules)) out.push(fbRow(`rule ${r}`, c));
    const reasons = Object.entries(f.reasons);
    if (reasons.length) out.push('', `Rejection reasons: ${reasons.map(([k, n]) => `${mdText(k)} (${int(n)})`).join(', ')}.`);
  }
  return out;
}
