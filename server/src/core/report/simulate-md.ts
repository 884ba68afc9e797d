// Markdown report of a simulation (for a wiki page, a PR comment or a CI job summary).
import type { SimulationResult } from '../results.js';
import { AS_OF_SOURCE, deadRules, fmtInt, fmtNum, isResponse, pct, periodVerdict, targetWords, topRules, totalsStats, warningLine, type SimulateMeta } from './simulate-common.js';
import { renderFeedbackMd } from './backtest-md.js';
import { code } from './diff-md.js';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderSimulateMd(r: SimulationResult, meta: SimulateMeta = {}): string {
  const out: string[] = [];
  const n = r.summary.leads;
  out.push(`# LeadSpec simulation`, '', `**${fmtInt(n)} leads** as of \`${r.as_of}\`${meta.asOfSource ? ` (${AS_OF_SOURCE[meta.asOfSource]})` : ''}.`);
  // File names are the user's text: escaped for a code span.
  if (meta.leadsFile) out.push('', `Inputs: \`${code(meta.leadsFile)}\`${meta.eventsFile ? `, \`${code(meta.eventsFile)}\`${meta.events !== undefined ? ` (${fmtInt(meta.events)} events)` : ''}` : ''}.`);

  for (const [id, s] of Object.entries(r.summary.scoring)) {
    out.push('', `## Scoring model \`${id}\``, '', `**MQL: ${fmtInt(s.mql)} of ${fmtInt(n)} (${pct(s.mql, n)})**`);
    const st = totalsStats(r, id, meta.totals);
    if (st) out.push('', `Total score: min ${fmtNum(st.min)}, median ${fmtNum(st.median)}, mean ${fmtNum(st.mean)}, max ${fmtNum(st.max)}.`);
    out.push('', '| Grade | Leads | Share |', '|---|---:|---:|');
    for (const [g, c] of Object.entries(s.grades)) out.push(`| ${esc(g)} | ${fmtInt(c)} | ${pct(c, n)} |`);
    const top = topRules(s, 1000);
    if (top.length) {
      out.push('', '| Rule | Leads matched | Share |', '|---|---:|---:|');
      for (const t of top) out.push(`| \`${esc(t.rule)}\` | ${fmtInt(t.count)} | ${pct(t.count, n)} |`);
    }
    const dead = deadRules(s);
    if (dead.length) out.push('', `> Rules that matched no lead: ${dead.map((d) => `\`${esc(d)}\``).join(', ')}`);
  }

  const icps = Object.entries(r.summary.icps);
  if (icps.length) {
    out.push('', '## ICPs', '', '| ICP | Matched | Share | Tiers | Personas |', '|---|---:|---:|---|---|');
    for (const [id, s] of icps) {
      const tiers = Object.entries(s.tiers).map(([t, c]) => `${esc(t)}: ${fmtInt(c)}`).join(', ');
      const personas = Object.entries(s.personas ?? {}).map(([p, c]) => `${esc(p)}: ${fmtInt(c)}`).join(', ');
      out.push(`| \`${esc(id)}\` | ${fmtInt(s.matched)} | ${pct(s.matched, n)} | ${tiers} | ${personas} |`);
    }
  }

  const slas = Object.entries(r.summary.sla);
  if (slas.length) {
    out.push('', '## SLAs');
    const resp = slas.filter(([, s]) => isResponse(s));
    if (resp.length) {
      out.push('', '| Commitment | Attainment | Met | Breached | Open |', '|---|---:|---:|---:|---:|');
      for (const [k, s] of resp) if (isResponse(s)) out.push(`| \`${esc(k)}\` | ${s.attainment === null ? '–' : `${(s.attainment * 100).toFixed(1)}%`} | ${fmtInt(s.met)} | ${fmtInt(s.breached)} | ${fmtInt(s.open)} |`);
    }
    for (const [k, s] of slas) {
      if (isResponse(s)) continue;
      const info = r.summary.volume?.[k];
      const partial = new Set(info?.partial ?? []);
      const target = targetWords(info?.target);
      out.push('', `**\`${esc(k)}\`** (volume${target ? `, target ${esc(target)} per period` : ''})`, '', '| Period | Count | Target |', '|---|---:|---|');
      for (const [p, v] of Object.entries(s.periods)) out.push(`| ${p} | ${fmtInt(v.count)} | ${periodVerdict(v, partial.has(p))} |`);
    }
  }

  if (r.summary.feedback) out.push(...renderFeedbackMd(r.summary.feedback));

  out.push('', '## Data warnings', '');
  if (r.warnings.length === 0) out.push('None.');
  else {
    out.push(`${fmtInt(r.warnings.length)} warning${r.warnings.length === 1 ? '' : 's'}.`, '', '<details><summary>Show</summary>', '');
    for (const w of r.warnings.slice(0, 200)) out.push(`- ${esc(warningLine(w))}`);
    if (r.warnings.length > 200) out.push(`- … ${fmtInt(r.warnings.length - 200)} more (\`--format json\` lists them all)`);
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}
