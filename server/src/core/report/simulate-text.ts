// The terminal report of `leadspec simulate` (and `npm run demo`): what a RevOps lead looks at
// first — grade distribution and MQL rate per model, ICP tiers, the rules doing the work, SLA
// attainment and volume, and how clean the sample data is.
import type { SimulationResult } from '../results.js';
import { maxOf } from '../check/bounded.js';
import {
  AS_OF_SOURCE, deadRules, fmtInt, fmtNum, isResponse, pct, periodVerdict, targetWords, topRules, totalsStats, warningGroups, warningLine, type SimulateMeta,
} from './simulate-common.js';
import { renderFeedbackText } from './backtest-text.js';

const BAR = 28;
const bar = (n: number, max: number) => (max === 0 ? '' : '█'.repeat(Math.round((n / max) * BAR)) || (n > 0 ? '▏' : ''));
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function renderSimulateText(r: SimulationResult, meta: SimulateMeta = {}, opts: { warnings?: number } = {}): string {
  const out: string[] = [];
  const n = r.summary.leads;
  out.push(`LeadSpec simulation — ${fmtInt(n)} leads as of ${r.as_of}${meta.asOfSource ? ` (${AS_OF_SOURCE[meta.asOfSource]})` : ''}`);
  const inputs = [meta.leadsFile && `leads ${meta.leadsFile}`, meta.eventsFile && `events ${meta.eventsFile}${meta.events !== undefined ? ` (${fmtInt(meta.events)})` : ''}`].filter(Boolean);
  if (inputs.length) out.push(`Inputs: ${inputs.join(', ')}`);

  for (const [id, s] of Object.entries(r.summary.scoring)) {
    out.push('', `Scoring model '${id}': ${fmtInt(s.mql)} MQLs of ${fmtInt(n)} leads (${pct(s.mql, n)})`);
    const grades = Object.entries(s.grades);
    const max = Math.max(0, ...grades.map(([, c]) => c));
    const w = maxOf(grades.map(([g]) => g.length), 5);
    out.push(`  ${pad('grade', w)}  ${lpad('leads', 7)}  ${lpad('share', 6)}`);
    for (const [g, c] of grades) out.push(`  ${pad(g, w)}  ${lpad(fmtInt(c), 7)}  ${lpad(pct(c, n), 6)}  ${bar(c, max)}`);
    const st = totalsStats(r, id, meta.totals);
    if (st) out.push(`  total score: min ${fmtNum(st.min)} · median ${fmtNum(st.median)} · mean ${fmtNum(st.mean)} · max ${fmtNum(st.max)}`);
    const top = topRules(s, 8).filter((x) => x.count > 0);
    if (top.length) {
      out.push('  rules that matched the most leads:');
      const rw = maxOf(top.map((x) => x.rule.length));
      for (const t of top) out.push(`    ${pad(t.rule, rw)}  ${lpad(fmtInt(t.count), 7)}  ${lpad(pct(t.count, n), 6)}`);
    }
    const dead = deadRules(s);
    if (dead.length) out.push(`  rules that matched no lead: ${dead.join(', ')}`);
  }

  const icps = Object.entries(r.summary.icps);
  if (icps.length) {
    out.push('', 'ICPs:');
    const w = maxOf(icps.map(([id]) => id.length));
    for (const [id, s] of icps) {
      const tiers = Object.entries(s.tiers).map(([t, c]) => `${t} ${fmtInt(c)}`).join(' · ');
      const personas = Object.entries(s.personas ?? {}).map(([p, c]) => `${p} ${fmtInt(c)}`).join(' · ');
      out.push(`  ${pad(id, w)}  ${lpad(fmtInt(s.matched), 7)} matched (${pct(s.matched, n)})${tiers ? `  tiers: ${tiers}` : ''}${personas ? `  personas: ${personas}` : ''}`);
    }
  }

  const slas = Object.entries(r.summary.sla);
  if (slas.length) {
    out.push('', 'SLAs:');
    const w = maxOf(slas.map(([k]) => k.length));
    for (const [k, s] of slas) {
      if (isResponse(s)) {
        const att = s.attainment === null ? 'no lead finished yet' : `attainment ${(s.attainment * 100).toFixed(1)}%`;
        out.push(`  ${pad(k, w)}  ${att}  (met ${fmtInt(s.met)}, breached ${fmtInt(s.breached)}, open ${fmtInt(s.open)})`);
      } else {
        const periods = Object.entries(s.periods);
        const info = r.summary.volume?.[k];
        const partialSet = new Set(info?.partial ?? []);
        const judged = periods.filter(([p]) => !partialSet.has(p));
        const met = judged.filter(([, p]) => p.met).length;
        const partial = periods.length - judged.length;
        const target = targetWords(info?.target);
        out.push(`  ${pad(k, w)}  ${met} of ${judged.length} periods on target${target ? ` (target ${target} per period)` : ''}${partial ? `; ${partial} partial, not judged` : ''}`);
        const shown = periods.slice(-6);
        if (periods.length > shown.length) out.push(`    … ${fmtInt(periods.length - shown.length)} more periods before these (--format json or md lists them all)`);
        for (const [p, v] of shown) out.push(`    ${pad(p, 10)} ${lpad(fmtInt(v.count), 7)}  ${periodVerdict(v, partialSet.has(p))}`);
      }
    }
  }

  if (r.summary.feedback) out.push(...renderFeedbackText(r.summary.feedback));

  const ws = r.warnings;
  out.push('');
  if (ws.length === 0) out.push('Data warnings: none');
  else {
    const groups = warningGroups(ws).slice(0, 6).map((g) => `${g.key} ${fmtInt(g.count)}`).join(', ');
    out.push(`Data warnings: ${fmtInt(ws.length)} (${groups})`);
    const show = opts.warnings ?? 5;
    for (const w of ws.slice(0, show)) out.push(`  ${warningLine(w)}`);
    if (ws.length > show) out.push(`  … ${fmtInt(ws.length - show)} more (--format json lists them all)`);
  }
  return out.join('\n') + '\n';
}
