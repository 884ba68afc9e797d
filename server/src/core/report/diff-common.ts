// Number formatting and orderings shared by the diff renderers (Markdown and text).
import type { TestCaseChange } from '../diff/tests.js';
import type { CaseStatus } from '../eval/expectations.js';
import { NO_VALUE, type DiffResult, type ScoringDiff, type LeadChange, type RuleMove } from '../diff/simulations.js';

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

/** One move and its effect on the total: "demo +40", "pricing 10 → 20 (+10)", "rounding +0.01". */
export function ruleMoveText(m: RuleMove): string {
  if (m.rule === 'rounding') return `rounding ${signed(m.effect)}`;
  if (m.before === null) return `${m.rule} ${signed(m.effect)} (new)`;
  if (m.after === null) return `${m.rule} ${signed(m.effect)} (gone)`;
  const weighted = round2(m.after - m.before) !== m.effect;
  return `${m.rule} ${fmt(m.before)} ${ARROW} ${fmt(m.after)} (${signed(m.effect)}${weighted ? ' in total' : ''})`;
}

/**
 * The "moved by" of a lead: its largest moves, then the rest folded into one "N more" item, so the
 * effects shown always add up to the lead's Δ total.
 */
export function movedByParts(c: LeadChange, limit = 3): string[] {
  const shown = c.rules.length <= limit + 1 ? c.rules : c.rules.slice(0, limit);
  const parts = shown.map(ruleMoveText);
  const rest = c.rules.slice(shown.length);
  if (rest.length) parts.push(`${rest.length} more ${signed(round2(rest.reduce((a, m) => a + m.effect, 0)))}`);
  return parts;
}

/** Why a lead moved: the reasons (thresholds, conditions, clamps), then what moved its score. */
export function whyText(c: LeadChange, limit = 3): string {
  const parts = [...c.reasons];
  if (c.rules.length) parts.push(`score ${signed(c.delta)}: ${movedByParts(c, limit).join(', ')}`);
  return parts.join('; ') || 'no rule contribution changed';
}

/** An SLA status transition key (`none→met`) in words: "not in scope → met". */
export function statusWords(key: string): string {
  const word = (s: string) => (s === NO_VALUE ? 'not in scope' : s);
  const [a, b] = key.split('→');
  return `${word(a)} ${ARROW} ${word(b ?? '')}`;
}

export function round2(x: number): number {
  const r = Math.round(Number((Math.abs(x) * 100).toPrecision(12))) / 100;
  return x < 0 && r !== 0 ? -r : r;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

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
  const failing = d.tests?.changed.filter((c) => c.after === 'failed' || c.after === 'error').length ?? 0;
  if (failing) parts.push(`${failing} test case${failing === 1 ? ' starts' : 's start'} failing`);
  if (d.changes.length) parts.push(`${d.changes.length} definition change${d.changes.length === 1 ? '' : 's'}`);
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
    if (s.type === 'response' && s.attainment_delta) parts.push(`${key} attainment ${pp(s.attainment_delta)}${s.newly_breached.length ? `, ${s.newly_breached.length} newly breached` : ''}`);
  }
  return parts.length ? parts.join('; ') : 'no lead changes grade, MQL or score';
}

export function isEmptyDiff(d: DiffResult): boolean {
  return d.changes.length === 0 && !d.tests?.changed.length && Object.values(d.scoring).every((s) => s.status === 'unchanged')
    && Object.values(d.icps).every((s) => s.status === 'unchanged')
    && Object.values(d.sla).every((s) => !s.definition_changed && (s.type === 'volume'
      ? Object.values(s.periods).every((p) => p.delta === 0 && p.met_before === p.met_after)
      : s.attainment_delta === 0 || (s.attainment_delta === null && Object.keys(s.status_transitions).length === 0)));
}

/** "starts failing", "now passes", "new case, fails"… in words. */
export function testChangeWords(c: TestCaseChange): string {
  const w = (s: CaseStatus | null) => (s === 'passed' ? 'passes' : s === 'failed' ? 'fails' : s === 'error' ? 'cannot run' : 'absent');
  if (c.before === null) return `new case, ${w(c.after)}`;
  if (c.after === null) return `case removed (${w(c.before)} before)`;
  if (c.before === 'passed') return c.after === 'failed' ? 'starts failing' : 'can no longer run';
  if (c.after === 'passed') return 'now passes';
  return `${w(c.before)} → ${w(c.after)}`;
}
