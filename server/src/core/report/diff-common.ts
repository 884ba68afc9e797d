// Number formatting and orderings shared by the diff renderers (Markdown and text).
import type { DiffResult, ScoringDiff, LeadChange, RuleMove } from '../diff.js';

export const ARROW = '→';

/** +2.5, −3, 0 (plain numbers otherwise as JSON writes them). */
export function signed(n: number): string {
  if (n === 0) return '0';
  return n > 0 ? `+${fmt(n)}` : `−${fmt(-n)}`;
}

export function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/** Attainment change in percentage points. */
export function pp(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  const v = Math.round(x * 1000) / 10;
  return v === 0 ? '0 pp' : `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} pp`;
}

export function changeOf(before: number, after: number): string {
  return before === after ? fmt(after) : `${fmt(before)} ${ARROW} ${fmt(after)} (${signed(after - before)})`;
}

export function ruleMoveText(m: RuleMove): string {
  if (m.before === null) return `${m.rule} ${signed(m.after ?? 0)} (new)`;
  if (m.after === null) return `${m.rule} ${signed(-(m.before ?? 0))} (gone)`;
  return `${m.rule} ${fmt(m.before)} ${ARROW} ${fmt(m.after)}`;
}

export const yesNo = (b: boolean) => (b ? 'yes' : 'no');

export function leadLine(c: LeadChange): { score: string; grade: string; mql: string } {
  return {
    score: `${fmt(c.before.total)} ${ARROW} ${fmt(c.after.total)} (${signed(c.delta)})`,
    grade: c.before.grade === c.after.grade ? c.after.grade : `${c.before.grade} ${ARROW} ${c.after.grade}`,
    mql: c.before.mql === c.after.mql ? yesNo(c.after.mql) : `${yesNo(c.before.mql)} ${ARROW} ${yesNo(c.after.mql)}`,
  };
}

export function gradeChanges(s: ScoringDiff): number {
  return Object.values(s.transitions).reduce((a, b) => a + b, 0);
}

/** Transitions sorted by count, largest first. */
export function sortedTransitions(t: Record<string, number>): [string, number][] {
  return Object.entries(t).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The one-line verdict a reviewer reads first. */
export function headline(d: DiffResult): string {
  const parts: string[] = [];
  for (const [id, s] of Object.entries(d.scoring)) {
    if (s.status === 'added') { parts.push(`scoring model ${id} added`); continue; }
    if (s.status === 'removed') { parts.push(`scoring model ${id} removed`); continue; }
    const g = gradeChanges(s);
    const bits: string[] = [];
    if (g) bits.push(`${g} lead${g === 1 ? ' changes' : 's change'} grade`);
    if (s.mql_gained.length || s.mql_lost.length) bits.push(`MQL ${s.mql_before} ${ARROW} ${s.mql_after} (+${s.mql_gained.length} / −${s.mql_lost.length})`);
    const moved = s.score_distribution?.changed ?? 0;
    if (!g && moved) bits.push(`${moved} score${moved === 1 ? '' : 's'} move`);
    if (bits.length) parts.push(`${id}: ${bits.join(', ')}`);
  }
  for (const [key, s] of Object.entries(d.sla)) {
    if (s.type === 'response' && s.attainment_delta) parts.push(`${key} attainment ${pp(s.attainment_delta)}`);
  }
  return parts.length ? parts.join('; ') : 'no lead changes grade, MQL or score';
}

export function isEmptyDiff(d: DiffResult): boolean {
  return Object.values(d.scoring).every((s) => s.status === 'unchanged')
    && Object.values(d.icps).every((s) => s.status === 'unchanged')
    && Object.values(d.sla).every((s) => !s.definition_changed && (s.type === 'volume'
      ? Object.values(s.periods).every((p) => p.delta === 0 && p.met_before === p.met_after)
      : s.attainment_delta === 0 || (s.attainment_delta === null && Object.keys(s.status_transitions).length === 0)));
}
