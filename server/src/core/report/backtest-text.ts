// The terminal report of `leadspec backtest`: what a RevOps lead reads in a calibration
// meeting — per model, conversion by grade with lift bars, the AUC, the MQL rule's precision
// and recall, the gains curve, the rules, the threshold sweep around the current MQL volume and
// the threshold that fits sales' capacity; then the ICPs, and what is worth acting on.
import type { BacktestResult, ModelBacktest, Rate } from '../outcomes/backtest.js';
import type { DataWarning, FeedbackCounts, ModelFeedback } from '../results.js';
import { warningLine } from './simulate-common.js';
import { EMPTY_NOTE, FLAG_NOTE, NO_CONVERSION_NOTE, findings, gainsLine, int, lift, money, pct1, populationLine, sweepWindow } from './backtest-common.js';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const bar = (x: number | null, max: number, width: number) => (x === null || max <= 0 ? '' : '█'.repeat(Math.round((x / max) * width)) || (x > 0 ? '▏' : ''));

/** The captured share as a bar of 30, with │ where a random order would reach. */
function gainsBar(captured: number | null, top: number): string {
  const cells = pad(bar(captured, 1, 30), 30).split('');
  const at = Math.round(top * 30) - 1;
  if (at >= 0 && cells[at] === ' ') cells[at] = '│';
  return cells.join('');
}

function rateTable(rows: [string, Rate][], label: string, indent: string): string[] {
  const w = Math.max(label.length, ...rows.map(([k]) => k.length));
  const maxLift = Math.max(1, ...rows.map(([, r]) => r.lift ?? 0));
  const out = [`${indent}${pad(label, w)}  ${lpad('leads', 7)}  ${lpad('converted', 9)}  ${lpad('rate', 6)}  ${lpad('lift', 6)}`];
  for (const [k, r] of rows) {
    out.push(`${indent}${pad(k, w)}  ${lpad(int(r.leads), 7)}  ${lpad(int(r.converted), 9)}  ${lpad(pct1(r.rate), 6)}  ${lpad(lift(r.lift), 6)}  ${bar(r.lift, maxLift, 20)}`);
  }
  return out;
}

function model(id: string, m: ModelBacktest, r: BacktestResult): string[] {
  const out: string[] = [];
  out.push('', `Model '${id}' — AUC ${m.auc === null ? '– (needs converted and other leads)' : m.auc.toFixed(4)}${m.auc !== null ? ' (0.5 = random order, 1 = every converted lead above every other)' : ''}`);
  out.push(...rateTable(Object.entries(m.grades), 'grade', '  '));
  out.push('', `  MQL rule: ${int(m.mql.leads)} leads, ${int(m.mql.converted)} converted — precision ${pct1(m.mql.precision)}, recall ${pct1(m.mql.recall)}, lift ${lift(m.mql.lift)}`);

  const gl = gainsLine(m);
  out.push('', `  Gains${gl ? `: ${gl}` : ''}`);
  for (const g of m.gains) {
    out.push(`    top ${lpad(`${Math.round(g.top * 100)}%`, 4)}  ${lpad(int(g.leads), 7)} leads  ${gainsBar(g.captured, g.top)}  ${lpad(pct1(g.captured), 6)}  (random ${Math.round(g.top * 100)}%)`);
  }

  const rules = Object.entries(m.rules);
  if (rules.length) out.push('', ...rateTable(rules, 'rule', '  '));

  const sw = sweepWindow(m);
  if (sw.rows.length) {
    out.push('', '  Threshold sweep (MQL when total ≥ min, disqualified leads never):');
    out.push(`    ${lpad('min', 7)}  ${lpad('leads', 7)}  ${lpad('converted', 9)}  ${lpad('precision', 9)}  ${lpad('recall', 6)}`);
    for (const s of sw.rows) {
      const marks = [s === sw.anchor && '≈ the MQL rule\'s volume', s === sw.recommended && 'recommended'].filter(Boolean).join(', ');
      out.push(`    ${lpad(String(s.min), 7)}  ${lpad(int(s.leads), 7)}  ${lpad(int(s.converted), 9)}  ${lpad(pct1(s.precision), 9)}  ${lpad(pct1(s.recall), 6)}${marks ? `  ◀ ${marks}` : ''}`);
    }
  }
  if (m.recommended !== undefined) {
    const rec = m.recommended;
    out.push('', rec === null
      ? '  Recommended: no threshold keeps the MQLs within the capacity (even the highest total has more leads).'
      : `  Recommended for a capacity of ${int(rec.capacity)} MQLs: total ≥ ${rec.min} → ${int(rec.leads)} leads, ${int(rec.converted)} converted, precision ${pct1(rec.precision)}, recall ${pct1(rec.recall)} (the MQL rule: ${int(m.mql.leads)} leads, precision ${pct1(m.mql.precision)}, recall ${pct1(m.mql.recall)})`);
  }
  if (m.value) {
    out.push('', `  Pipeline of converted leads: ${Object.entries(m.value.grades).map(([g, v]) => `${g} ${money(v)}`).join(' · ')}; MQL ${money(m.value.mql)}`);
  }
  const f = findings(m, r.population);
  if (f.length) { out.push('', '  Worth a look:'); for (const x of f) out.push(`    • ${x}`); }
  return out;
}

export function renderBacktestText(r: BacktestResult, warnings: DataWarning[] = []): string {
  const out: string[] = [];
  out.push(r.horizon
    ? `LeadSpec backtest — models scored as of ${r.as_of}; conversions counted until ${r.until} (${r.horizon})`
    : `LeadSpec backtest — models scored as of ${r.as_of} (conversion flag, no times)`);
  if (!r.horizon) out.push(FLAG_NOTE);
  out.push(`Population: ${populationLine(r)}`);
  if (r.population.leads === 0) out.push('', EMPTY_NOTE);
  else if (r.population.converted === 0) out.push('', NO_CONVERSION_NOTE);
  for (const [id, m] of Object.entries(r.scoring)) out.push(...model(id, m, r));
  const icps = Object.entries(r.icps);
  if (icps.length) {
    out.push('', 'ICPs and tiers:');
    const rows: [string, Rate][] = [];
    for (const [id, s] of icps) {
      rows.push([id, s]);
      for (const [t, tr] of Object.entries(s.tiers)) rows.push([`  ${t}`, tr]);
    }
    out.push(...rateTable(rows, 'icp', '  '));
  }
  out.push('');
  if (warnings.length === 0) out.push('Data warnings: none');
  else {
    out.push(`Data warnings: ${int(warnings.length)}`);
    for (const w of warnings.slice(0, 10)) out.push(`  ${warningLine(w)}`);
    if (warnings.length > 10) out.push(`  … ${int(warnings.length - 10)} more (run \`leadspec simulate --format json\` to list them all)`);
  }
  return out.join('\n') + '\n';
}

// ---- sales feedback (simulate's text report) ---------------------------------------------------

/** The feedback section of the simulation's text report (SPEC §11, read at the simulation's as_of). */
export function renderFeedbackText(fb: Record<string, ModelFeedback>): string[] {
  const out: string[] = [];
  for (const [id, f] of Object.entries(fb)) {
    out.push('', `Sales feedback on model '${id}' (as of the simulation):`);
    const rows: [string, FeedbackCounts][] = [['MQL', f.mql], ['not MQL', f.not_mql], ...Object.entries(f.grades).map(([g, c]): [string, FeedbackCounts] => [`grade ${g}`, c]), ...Object.entries(f.rules).map(([r, c]): [string, FeedbackCounts] => [`rule ${r}`, c])];
    const w = Math.max(...rows.map(([k]) => k.length));
    out.push(`  ${pad('', w)}  ${lpad('accepted', 8)}  ${lpad('rejected', 8)}  ${lpad('recycled', 8)}  ${lpad('rejection rate', 14)}`);
    for (const [k, c] of rows) out.push(`  ${pad(k, w)}  ${lpad(int(c.accepted), 8)}  ${lpad(int(c.rejected), 8)}  ${lpad(int(c.recycled), 8)}  ${lpad(pct1(c.rejection_rate), 14)}`);
    const reasons = Object.entries(f.reasons);
    if (reasons.length) out.push(`  rejection reasons: ${reasons.map(([k, n]) => `${k.replace(/[\r\n]+/g, ' ')} ${int(n)}`).join(' · ')}`);
  }
  return out;
}
