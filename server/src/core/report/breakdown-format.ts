// The tables of a breakdown by segment (`simulate --by FIELD`): per model the grade mix, MQL
// count and rate per value of the field, per response commitment met / breached / open and
// attainment; each table ends with an `all` row that adds up to the whole simulation.
// `breakdownTables` is the one place they are laid out: the text and Markdown here, the preview
// and the HTML report (client/webview/breakdown.ts) only format its cells.
import type { Breakdown } from '../eval/breakdown.js';
import { esc, code } from './diff-md.js';
import { pct as share } from './simulate-common.js';

/** A cell: a segment (text), a count, or a share `n ÷ d` (null when d is 0: shown as a dash). */
export type BreakdownCell = string | number | { n: number; d: number } | null;

export interface BreakdownTable {
  /** A scoring model's id or an SLA commitment's `sla/commitment` key. */
  kind: 'scoring' | 'sla'; key: string;
  title: string; head: string[];
  /** One row per value of the field, then the `all` row. */
  rows: BreakdownCell[][];
  numeric: boolean[];
}

const ratio = (n: number, d: number) => (d === 0 ? null : { n, d });

export function breakdownTables(b: Breakdown): BreakdownTable[] {
  const out: BreakdownTable[] = [];
  for (const [id, m] of Object.entries(b.scoring)) {
    const grades = m.grades.filter((g) => b.values.some((v) => (m.values[v.value]?.grades[g] ?? 0) > 0) || g !== 'disqualified');
    const rows: BreakdownCell[][] = b.values.map((v) => {
      const x = m.values[v.value];
      return [v.value, x.leads, ...grades.map((g) => x.grades[g] ?? 0), x.mql, ratio(x.mql, x.leads)];
    });
    const all = Object.values(m.values);
    const leads = all.reduce((a, x) => a + x.leads, 0), mql = all.reduce((a, x) => a + x.mql, 0);
    rows.push(['all', leads, ...grades.map((g) => all.reduce((a, x) => a + (x.grades[g] ?? 0), 0)), mql, ratio(mql, leads)]);
    out.push({ kind: 'scoring', key: id, title: `Scoring model ${id} by ${b.field}`, head: [b.field, 'leads', ...grades, 'MQL', 'MQL rate'], rows, numeric: [false, true, ...grades.map(() => true), true, true] });
  }
  for (const [key, per] of Object.entries(b.sla)) {
    // Segments are user text: a `constructor` or `__proto__` without SLA leads is not in `per`.
    const vals = b.values.filter((v) => Object.hasOwn(per, v.value));
    if (!vals.length) continue;
    const rows: BreakdownCell[][] = vals.map((v) => { const x = per[v.value]; return [v.value, x.met, x.breached, x.open, ratio(x.met, x.met + x.breached)]; });
    const t = vals.reduce((a, v) => ({ met: a.met + per[v.value].met, breached: a.breached + per[v.value].breached, open: a.open + per[v.value].open }), { met: 0, breached: 0, open: 0 });
    rows.push(['all', t.met, t.breached, t.open, ratio(t.met, t.met + t.breached)]);
    out.push({ kind: 'sla', key, title: `${key} by ${b.field} (attainment = met ÷ (met + breached))`, head: [b.field, 'met', 'breached', 'open', 'attainment'], rows, numeric: [false, true, true, true, true] });
  }
  return out;
}

/** As simulate's own text report writes counts and shares (so one output never shows 17.4% and 17.5% for the same count). */
function cellText(c: BreakdownCell): string {
  if (c === null) return '—';
  if (typeof c === 'object') return share(c.n, c.d);
  return String(c);
}

function tables(b: Breakdown): { title: string; head: string[]; rows: string[][]; numeric: boolean[] }[] {
  return breakdownTables(b).map((t) => ({ ...t, rows: t.rows.map((r) => r.map(cellText)) }));
}

export function renderBreakdownText(b: Breakdown): string {
  const out: string[] = [];
  for (const t of tables(b)) {
    out.push(t.title);
    const w = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
    const line = (r: string[]) => '  ' + r.map((c, i) => (t.numeric[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
    out.push(line(t.head), ...t.rows.map(line), '');
  }
  return out.join('\n');
}

export function renderBreakdownMd(b: Breakdown): string {
  const out: string[] = [`## By \`${code(b.field)}\``, ''];
  for (const t of tables(b)) {
    out.push(`### ${esc(t.title)}`, '', `| ${t.head.map(esc).join(' | ')} |`, `|${t.numeric.map((n) => (n ? '---:' : '---')).join('|')}|`);
    for (const r of t.rows) out.push(`| ${r.map((c, i) => (i === 0 && c === 'all' && r === t.rows[t.rows.length - 1] ? '**all**' : esc(c))).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}
