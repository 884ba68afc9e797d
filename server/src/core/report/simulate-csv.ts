// CSV of a simulation: one row per lead, in input order — id, matched ICPs, and per scoring model
// fit, engagement, total, grade, mql, disqualified; per response commitment its status.
import type { LeadResult, SimulationResult, Summary } from '../results.js';

function cell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The columns: models (with the matrix grades of those `matrix` names) and response commitments. */
export interface CsvColumns { models: string[]; matrix: Set<string>; slaKeys: string[] }

/** `hasFitGrade(m)`: whether any lead has a matrix fit grade for model m. */
export function simulateCsvColumns(summary: Summary, hasFitGrade: (model: string) => boolean): CsvColumns {
  const models = Object.keys(summary.scoring);
  return { models, matrix: new Set(models.filter(hasFitGrade)), slaKeys: Object.entries(summary.sla).filter(([, s]) => 'met' in s).map(([k]) => k) };
}

export function simulateCsvHeader(c: CsvColumns): string {
  const header = ['id', 'icps'];
  for (const m of c.models) {
    header.push(`${m}.fit`, `${m}.engagement`, `${m}.total`, `${m}.grade`);
    if (c.matrix.has(m)) header.push(`${m}.fit_grade`, `${m}.engagement_grade`);
    header.push(`${m}.mql`, `${m}.disqualified`);
  }
  for (const k of c.slaKeys) header.push(`${k}.status`, `${k}.due`, `${k}.elapsed_minutes`);
  return header.map(cell).join(',');
}

export function simulateCsvRow(l: LeadResult, c: CsvColumns): string {
  const row: unknown[] = [l.id, l.icps.map((i) => (i.tier ? `${i.id}/${i.tier}` : i.id)).join(';')];
  for (const m of c.models) {
    const s = l.scores[m];
    row.push(s?.fit, s?.engagement, s?.total, s?.grade);
    if (c.matrix.has(m)) row.push(s?.fit_grade, s?.engagement_grade);
    row.push(s?.mql, s?.disqualified);
  }
  for (const k of c.slaKeys) { const s = l.sla[k]; row.push(s?.status, s?.due, s?.elapsed_minutes); }
  return row.map(cell).join(',');
}

export function renderSimulateCsv(r: SimulationResult): string {
  const c = simulateCsvColumns(r.summary, (m) => r.leads.some((l) => l.scores[m]?.fit_grade !== undefined));
  const lines = [simulateCsvHeader(c)];
  for (const l of r.leads) lines.push(simulateCsvRow(l, c));
  return lines.join('\n') + '\n';
}
