// `leadspec explain LEAD --format text`: one lead's story for a person, section by section.
import type { LeadStory } from '../eval/explain.js';

const num = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
const pts = (n: number) => (n > 0 ? `+${num(n)}` : n < 0 ? `−${num(-n)}` : '0');

export function renderExplainText(stories: LeadStory[]): string {
  return stories.map(one).join('\n');
}

function one(s: LeadStory): string {
  const out: string[] = [];
  out.push(`Lead ${s.id}${s.source ? ` (${s.source.file}, row ${s.source.row})` : ''}, as of ${s.as_of}`, '');
  out.push('Fields as read');
  const w = Math.max(5, ...s.fields.map((f) => f.field.length));
  for (const f of s.fields) {
    const value = f.value === null ? (f.raw === null ? 'missing' : `"${f.raw}" → missing`) : f.raw !== null && f.raw !== f.value && f.type !== 'list' ? `${f.value} (written "${f.raw}")` : f.value;
    out.push(`  ${f.field.padEnd(w)}  ${f.type.padEnd(10)}  ${f.type === 'undeclared' ? (f.raw ? `"${f.raw}"` : '(empty)') : value}${f.note ? `  ⚠ ${f.note}` : ''}`);
  }
  out.push(`  events: ${s.events.total}${s.events.counted !== s.events.total ? ` (${s.events.counted} at or before as_of)` : ''}${Object.keys(s.events.by_event).length ? ` — ${Object.entries(s.events.by_event).map(([e, n]) => `${e} ${n}`).join(', ')}` : ''}`);
  const other = s.warnings.filter((x) => !x.field || !s.fields.some((f) => f.field === x.field && f.note === x.message));
  for (const x of other) out.push(`  ⚠ ${x.field ? `${x.field}: ` : ''}${x.message}`);
  out.push('');
  out.push('ICPs');
  if (!s.icps.length) out.push('  (no ICP is defined)');
  for (const i of s.icps) {
    if (i.matched) {
      out.push(`  ✓ ${i.id}${i.tier ? `, tier ${i.tier}` : ''}${i.personas?.length ? `, personas ${i.personas.join(', ')}` : ''}`);
      for (const y of i.why) out.push(`      ${y}`);
    } else {
      out.push(`  ✗ ${i.id}`);
      for (const y of i.why) out.push(`      ${y}`);
    }
  }
  for (const m of s.scoring) {
    out.push('', `Scoring model ${m.id}: ${m.grade}${m.mql ? ', MQL' : ''}${m.disqualified ? ', disqualified' : ''} — fit ${num(m.fit)} + engagement ${num(m.engagement)} → total ${num(m.total)}`);
    for (const section of ['fit', 'engagement'] as const) {
      const rules = m.rules.filter((r) => r.section === section);
      if (!rules.length) continue;
      out.push(`  ${section}`);
      const rw = Math.max(...rules.map((r) => r.rule.length));
      for (const r of rules) {
        const p = r.points === null ? '   —' : pts(r.points).padStart(7);
        const extra = [r.events !== undefined ? `${r.events} event${r.events === 1 ? '' : 's'}` : '', r.points !== null && r.decay ? r.decay : '', r.cut ? `its ${r.cut.clamp} cut ${num(r.cut.cut)}` : '', r.note ?? ''].filter(Boolean).join(', ');
        out.push(`    ${r.rule.padEnd(rw)}  ${p.padStart(7)}  ${r.text}${extra ? `  (${extra})` : ''}`);
      }
      for (const c of m.clamps.filter((x) => x.section === section)) out.push(`    ${`${c.on} ${c.clamp} clamp`.padEnd(rw)}  ${pts(c.clamp === 'max' ? -c.cut : c.cut).padStart(7)}  cut by the ${c.clamp}`);
    }
    out.push(`  grade ${m.grade}: ${m.grade_reason}`);
    if (m.disqualify_reason) out.push(`  ${m.disqualify_reason}`);
    out.push(`  ${m.mql_reason}`);
  }
  if (s.sla.length) {
    out.push('', 'SLA clocks');
    for (const c of s.sla) {
      if (!c.applies) { out.push(`  ${c.commitment}: ${c.why}`); continue; }
      out.push(`  ${c.commitment}: ${c.status}, within ${c.within} (${c.clock} clock${c.calendar ? `, calendar ${c.calendar}` : ''})`);
      out.push(`    started ${c.start}; due ${c.due_local} (${c.due}); ${num(c.elapsed_minutes ?? 0)} min elapsed`);
      for (const e of c.escalations ?? []) out.push(`    escalation fired: ${Object.entries(e).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
    }
  }
  out.push('');
  return out.join('\n');
}
