// `leadspec diff --format text` (the default): the same content as the Markdown report, for a
// terminal: what changed in the definitions first, then test results, then the effect; aligned
// columns, no folding, lists cut at a readable length.
import type { DiffResult, ScoringDiff, SlaDiff } from '../diff/simulations.js';
import { ARROW, changeOf, testChangeWords, fmt, headline, isEmptyDiff, movedByParts, pct, plural, pp, signed, sortedTransitions, statusWords, whyText } from './diff-common.js';

const LIST_LIMIT = 20;

export function renderDiffText(d: DiffResult, extraModelSection?: (id: string, s: ScoringDiff) => string[]): string {
  const out: string[] = [];
  out.push(`LeadSpec diff: ${d.base} ${ARROW} ${d.head}`);
  out.push(`${plural(d.leads, 'sample lead')}, as of ${d.as_of}${d.warnings ? `, ${plural(d.warnings, 'data warning')}` : ''}`);
  out.push(headline(d), '');
  if (isEmptyDiff(d)) { out.push('No definition change affects the sample leads.'); return out.join('\n') + '\n'; }
  if (d.changes.length) {
    out.push('What changed in the definitions');
    for (const c of d.changes) out.push(`  ${c.summary}`);
    out.push('');
  }
  if (d.tests) {
    const t = d.tests;
    out.push(`Tests: ${t.before.passed} of ${t.before.cases} pass before, ${t.after.passed} of ${t.after.cases} after`);
    for (const c of t.changed) {
      out.push(`  ${testChangeWords(c)}: ${c.test} › ${c.case}`);
      for (const l of c.details.slice(0, 8)) out.push(`      ${l.trim()}`);
    }
    for (const c of t.still_failing) out.push(`  still fails: ${c.test} › ${c.case}`);
    out.push('');
  }
  for (const [id, s] of Object.entries(d.scoring)) {
    if (s.status === 'unchanged') continue;
    out.push(...scoring(id, s));
    if (extraModelSection) out.push(...extraModelSection(id, s));
  }
  const icps = Object.entries(d.icps).filter(([, s]) => s.status !== 'unchanged');
  if (icps.length) {
    out.push('ICPs');
    out.push(...table(['icp', 'matched before', 'gained', 'lost', 'matched after', 'tier changes'], icps.map(([id, s]) => [
      id + (s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (removed)' : ''), String(s.matched_before),
      `+${s.gained.length}`, `-${s.lost.length}`, String(s.matched_after),
      sortedTransitions(s.tier_transitions).map(([k, n]) => `${k.replace('→', ` ${ARROW} `)}: ${n}`).join(', ') || '-']), [false, true, true, true, true, false]), '');
  }
  const slas = Object.entries(d.sla);
  if (slas.length) {
    out.push('Service levels');
    for (const [k, s] of slas) out.push(...sla(k, s));
    out.push('');
  }
  return out.join('\n') + '\n';
}

function sla(k: string, s: SlaDiff): string[] {
  const out: string[] = [];
  const mark = s.definition_changed ? ' (definition changed)' : '';
  if (s.type === 'response') {
    const within = s.within_before === s.within_after ? `within ${s.within_after ?? '-'}` : `within ${s.within_before ?? '-'} ${ARROW} ${s.within_after ?? '-'}`;
    out.push(`  ${k}, ${within}${mark}: attainment ${pct(s.before?.attainment)} ${ARROW} ${pct(s.after?.attainment)} (${pp(s.attainment_delta)}); ` +
      `met ${changeOf(s.before?.met ?? 0, s.after?.met ?? 0)}, breached ${changeOf(s.before?.breached ?? 0, s.after?.breached ?? 0)}, open ${changeOf(s.before?.open ?? 0, s.after?.open ?? 0)}`);
    const st = sortedTransitions(s.status_transitions);
    if (st.length) out.push(`    status changes: ${st.map(([t, n]) => `${statusWords(t)}: ${n}`).join(', ')}`);
    for (const [label, ids] of [['newly breached', s.newly_breached], ['newly met', s.newly_met]] as const) {
      if (ids.length) out.push(`    ${plural(ids.length, 'lead')} ${label}: ${ids.slice(0, LIST_LIMIT * 2).join(', ')}${ids.length > LIST_LIMIT * 2 ? `, … and ${ids.length - LIST_LIMIT * 2} more` : ''}`);
    }
  } else {
    const target = s.target_before === s.target_after ? `target ${s.target_after ?? '-'}` : `target ${s.target_before ?? '-'} ${ARROW} ${s.target_after ?? '-'}`;
    const changed = Object.entries(s.periods).filter(([, p]) => p.delta !== 0 || p.met_before !== p.met_after);
    out.push(`  ${k}, ${target}${mark}: ${changed.length ? `${plural(changed.length, 'period')} change${changed.length === 1 ? 's' : ''}` : 'no period changes'}${s.flipped.length ? `, ${s.flipped.length} flip${s.flipped.length === 1 ? 's' : ''}` : ''}`);
    const met = (m: boolean | null) => (m === null ? '-' : m ? 'met' : 'missed');
    for (const [p, v] of changed) out.push(`    ${p}: ${changeOf(v.count_before, v.count_after)} leads, target ${v.met_before === v.met_after ? met(v.met_after) : `${met(v.met_before)} ${ARROW} ${met(v.met_after)}`}`);
  }
  return out;
}

function scoring(id: string, s: ScoringDiff): string[] {
  const out = [`Scoring model ${id}${s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (removed)' : ''}`];
  const grades = s.grade_order.filter((g) => (s.grades_before[g] ?? 0) + (s.grades_after[g] ?? 0) > 0);
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const both = s.status === 'changed';
  out.push(...table(['grade', 'before', 'after', 'delta'], [
    ...grades.map((g) => [g, s.status === 'added' ? '-' : String(s.grades_before[g] ?? 0), s.status === 'removed' ? '-' : String(s.grades_after[g] ?? 0), both ? signed((s.grades_after[g] ?? 0) - (s.grades_before[g] ?? 0)) : '-']),
    ['all', s.status === 'added' ? '-' : String(sum(s.grades_before)), s.status === 'removed' ? '-' : String(sum(s.grades_after)), both ? signed(sum(s.grades_after) - sum(s.grades_before)) : '-'],
  ], [false, true, true, true]));
  out.push(`  MQL ${s.mql_before} + ${s.mql_gained.length} gained - ${s.mql_lost.length} lost = ${s.mql_after}`);
  if (s.status === 'added' || s.status === 'removed') {
    const rules = Object.entries(s.rules.matches);
    if (rules.length) out.push('  leads each rule scores:', ...table(['rule', 'leads'], rules.map(([k, m]) => [k, fmt(s.status === 'added' ? m.after : m.before)]), [false, true]).map((l) => '  ' + l));
    out.push('');
    return out;
  }
  if (s.score_delta) out.push(`  score delta: mean ${signed(s.score_delta.mean)}, min ${signed(s.score_delta.min)}, max ${signed(s.score_delta.max)}; ${plural(s.score_distribution?.changed ?? 0, 'lead')} move`);
  const trans = sortedTransitions(s.transitions);
  if (trans.length) out.push(`  grade transitions: ${trans.map(([k, n]) => `${k.replace('→', ` ${ARROW} `)} ${n}`).join(', ')}`);
  const r = s.rules;
  const rows: string[][] = [
    ...r.added.map((k) => [k, 'added', '0', fmt(r.matches[k]?.after), signed(r.matches[k]?.after ?? 0)]),
    ...r.removed.map((k) => [k, 'removed', fmt(r.matches[k]?.before), '0', signed(-(r.matches[k]?.before ?? 0))]),
    ...r.changed.map((c) => [c.rule, r.definition_changed.includes(c.rule) ? 'definition changed' : 'other rules moved it', String(c.matches_before), String(c.matches_after), signed(c.matches_after - c.matches_before)]),
  ];
  if (rows.length) out.push('  leads each rule scores:', ...table(['rule', 'change', 'before', 'after', 'delta'], rows, [false, false, true, true, true]).map((l) => '  ' + l));
  if (s.top_movers.length) {
    out.push('  largest score moves (moved by adds up to delta):');
    out.push(...table(['lead', 'before', 'after', 'delta', 'grade', 'moved by'], s.top_movers.map((c) => [
      c.lead, fmt(c.before.total), fmt(c.after.total), signed(c.delta), c.before.grade === c.after.grade ? c.after.grade : `${c.before.grade} ${ARROW} ${c.after.grade}`,
      movedByParts(c).join(', ')]), [false, true, true, true, false, false]).map((l) => '  ' + l));
  }
  for (const [gain, ids] of [[true, s.mql_gained], [false, s.mql_lost]] as const) {
    if (!ids.length) continue;
    const label = gain ? (ids.length === 1 ? 'becomes MQL' : 'become MQL') : (ids.length === 1 ? 'is no longer MQL' : 'are no longer MQL');
    out.push(`  ${plural(ids.length, 'lead')} ${label}:`);
    const set = new Set(ids);
    const changes = s.mql_changes.filter((c) => set.has(c.lead));
    for (const c of changes.slice(0, LIST_LIMIT)) out.push(`    ${c.lead} (${c.before.grade === c.after.grade ? c.after.grade : `${c.before.grade} ${ARROW} ${c.after.grade}`}, total ${fmt(c.after.total)}): ${whyText(c)}`);
    if (changes.length > LIST_LIMIT) out.push(`    … and ${changes.length - LIST_LIMIT} more (--format json lists all)`);
  }
  out.push('');
  return out;
}

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}
