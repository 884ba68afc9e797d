// `leadspec diff --format text` (the default): the same content as the Markdown report, for a
// terminal: aligned columns, no folding, lists cut at a readable length.
import type { DiffResult, ScoringDiff } from '../diff.js';
import { ARROW, changeOf, fmt, headline, isEmptyDiff, leadLine, pct, pp, ruleMoveText, signed, sortedTransitions } from './diff-common.js';

const LIST_LIMIT = 20;

export function renderDiffText(d: DiffResult): string {
  const out: string[] = [];
  out.push(`LeadSpec diff: ${d.base} ${ARROW} ${d.head}`);
  out.push(`${d.leads.toLocaleString('en-US')} sample lead${d.leads === 1 ? '' : 's'}, as of ${d.as_of}${d.warnings ? `, ${d.warnings} data warning${d.warnings === 1 ? '' : 's'}` : ''}`);
  out.push(headline(d), '');
  if (isEmptyDiff(d)) { out.push('No definition change affects the sample leads.'); return out.join('\n') + '\n'; }
  for (const [id, s] of Object.entries(d.scoring)) if (s.status !== 'unchanged') out.push(...scoring(id, s));
  const icps = Object.entries(d.icps).filter(([, s]) => s.status !== 'unchanged');
  if (icps.length) {
    out.push('ICPs');
    out.push(...table(['icp', 'matched', 'gained', 'lost', 'tier changes'], icps.map(([id, s]) => [
      id + (s.status === 'added' || s.status === 'removed' ? ` (${s.status})` : ''), changeOf(s.matched_before, s.matched_after),
      String(s.gained.length), String(s.lost.length),
      sortedTransitions(s.tier_transitions).map(([k, n]) => `${k}: ${n}`).join(', ') || '-']), [false, true, true, true, false]), '');
  }
  const slas = Object.entries(d.sla);
  if (slas.length) {
    out.push('SLAs');
    for (const [k, s] of slas) {
      const mark = s.definition_changed ? ' (definition changed)' : '';
      if (s.type === 'response') {
        out.push(`  ${k}${mark}: attainment ${pct(s.before?.attainment)} ${ARROW} ${pct(s.after?.attainment)} (${pp(s.attainment_delta)}); ` +
          `met ${changeOf(s.before?.met ?? 0, s.after?.met ?? 0)}, breached ${changeOf(s.before?.breached ?? 0, s.after?.breached ?? 0)}, open ${changeOf(s.before?.open ?? 0, s.after?.open ?? 0)}`);
        const st = sortedTransitions(s.status_transitions);
        if (st.length) out.push(`    status changes: ${st.map(([t, n]) => `${t}: ${n}`).join(', ')}`);
      } else {
        const changed = Object.entries(s.periods).filter(([, p]) => p.delta !== 0 || p.met_before !== p.met_after);
        out.push(`  ${k}${mark}: ${changed.length ? `${changed.length} period(s) change` : 'no period changes'}`);
        const met = (m: boolean | null) => (m === null ? '-' : m ? 'met' : 'missed');
        for (const [p, v] of changed) out.push(`    ${p}: ${changeOf(v.count_before, v.count_after)} leads, target ${v.met_before === v.met_after ? met(v.met_after) : `${met(v.met_before)} ${ARROW} ${met(v.met_after)}`}`);
      }
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}

function scoring(id: string, s: ScoringDiff): string[] {
  const out = [`Scoring model ${id}${s.status === 'added' || s.status === 'removed' ? ` (${s.status})` : ''}`];
  out.push(`  MQL ${changeOf(s.mql_before, s.mql_after)}; gained ${s.mql_gained.length}, lost ${s.mql_lost.length}`);
  if (s.score_delta) out.push(`  score delta: mean ${signed(s.score_delta.mean)}, min ${signed(s.score_delta.min)}, max ${signed(s.score_delta.max)}; ${s.score_distribution?.changed ?? 0} lead(s) move`);
  const trans = sortedTransitions(s.transitions);
  if (trans.length) out.push(`  grade transitions: ${trans.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (s.changed_settings.length) out.push(`  model settings changed: ${s.changed_settings.join(', ')}`);
  const r = s.rules;
  const rows: string[][] = [
    ...r.added.map((k) => [k, 'added', '-', fmt(r.matches[k]?.after), '']),
    ...r.removed.map((k) => [k, 'removed', fmt(r.matches[k]?.before), '-', '']),
    ...r.changed.map((c) => [c.rule, r.definition_changed.includes(c.rule) ? 'definition changed' : 'matches changed', String(c.matches_before), String(c.matches_after), signed(c.matches_after - c.matches_before)]),
  ];
  if (rows.length) out.push('  rules:', ...table(['rule', 'change', 'before', 'after', 'delta'], rows, [false, false, true, true, true]).map((l) => '  ' + l));
  if (s.top_movers.length) {
    out.push('  top movers:');
    out.push(...table(['lead', 'score', 'grade', 'mql', 'moved by'], s.top_movers.map((c) => {
      const l = leadLine(c);
      return [c.lead, l.score, l.grade, l.mql, c.rules.slice(0, 3).map(ruleMoveText).join(', ') || 'grade or MQL condition changed'];
    }), [false, true, false, false, false]).map((l) => '  ' + l));
  }
  for (const [label, ids] of [['gain MQL', s.mql_gained], ['lose MQL', s.mql_lost]] as const) {
    if (!ids.length) continue;
    out.push(`  ${ids.length} lead(s) ${label}:`);
    const set = new Set(ids);
    const changes = s.mql_changes.filter((c) => set.has(c.lead));
    for (const c of changes.slice(0, LIST_LIMIT)) out.push(`    ${c.lead} (${leadLine(c).grade}): ${c.rules.slice(0, 4).map(ruleMoveText).join(', ') || 'grade or MQL condition changed'}`);
    if (changes.length > LIST_LIMIT) out.push(`    … and ${changes.length - LIST_LIMIT} more`);
  }
  out.push('');
  return out;
}

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}
