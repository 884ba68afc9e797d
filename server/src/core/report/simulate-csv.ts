// CSV of a simulation: one row per lead, in input order — id, matched ICPs, and per scoring model
// fit, engagement, total, grade, mql, disqualified; per response commitment its status.
import type { SimulationResult } from '../results.js';

function cell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderSimulateCsv(r: SimulationResult): string {
  const models = Object.keys(r.summary.scoring);
  const matrix = new Set(models.filter((m) => r.leads.some((l) => l.scores[m]?.fit_grade !== undefined)));
  const slaKeys = Object.entries(r.summary.sla).filter(([, s]) => 'met' in s).map(([k]) => k);
  const header = ['id', 'icps'];
  for (const m of models) {
    header.push(`${m}.fit`, `${m}.engagement`, `${m}.total`, `${m}.grade`);
    if (matrix.has(m)) header.push(`${m}.fit_grade`, `${m}.engagement_grade`);
    header.push(`${m}.mql`, `${m}.disqualified`);
  }
  for (const k of slaKeys) header.push(`${k}.status`, `${k}.due`, `${k}.elapsed_minutes`);
  const lines = [header.map(cell).join(',')];
  for (const l of r.leads) {
    const row: unknown[] = [l.id, l.icps.map((i) => (i.tier ? `${i.id}/${i.tier}` : i.id)).join(';')];
    for (const m of models) {
      const s = l.scores[m];
      row.push(s?.fit, s?.engagement, s?.total, s?.grade);
      if (matrix.has(m)) row.push(s?.fit_grade, s?.engagement_grade);
      row.push(s?.mql, s?.disqualified);
    }
    for (const k of slaKeys) { const s = l.sla[k]; row.push(s?.status, s?.due, s?.elapsed_minutes); }
    lines.push(row.map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
