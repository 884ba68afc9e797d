// `leadspec diff --format md`: the pull-request comment (or GitHub job summary) a reviewer reads.
// Headline first, then one table per concern; long lists fold into <details>. Every id from the
// definitions or the lead data is escaped, so a lead id cannot inject Markdown or HTML.
import type { DiffResult, ScoringDiff, IcpDiff, SlaDiff, LeadChange } from '../diff.js';
import { ARROW, changeOf, fmt, headline, leadLine, pct, pp, ruleMoveText, signed, sortedTransitions, isEmptyDiff } from './diff-common.js';

/** At most this many leads are listed per folded list; the rest are counted. */
const LIST_LIMIT = 50;

export function renderDiffMarkdown(d: DiffResult): string {
  const out: string[] = [];
  out.push(`## LeadSpec diff: \`${code(d.base)}\` ${ARROW} ${esc(d.head)}`, '');
  out.push(`**${esc(headline(d))}**`, '');
  out.push(`${d.leads.toLocaleString('en-US')} sample lead${d.leads === 1 ? '' : 's'}, as of ${esc(d.as_of)}${d.warnings ? `, ${d.warnings} data warning${d.warnings === 1 ? '' : 's'}` : ''}.`, '');
  if (isEmptyDiff(d)) { out.push('No definition change affects the sample leads.', ''); return out.join('\n'); }

  const models = Object.entries(d.scoring);
  if (models.length) {
    out.push('| scoring model | leads changing grade | MQL | gained | lost | mean Δ score | min / max Δ |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const [id, s] of models) {
      if (s.status === 'added' || s.status === 'removed') { out.push(`| \`${code(id)}\` | *${s.status}* | ${s.status === 'added' ? s.mql_after : s.mql_before} | | | | |`); continue; }
      const g = Object.values(s.transitions).reduce((a, b) => a + b, 0);
      const sd = s.score_delta;
      out.push(`| \`${code(id)}\` | ${g} | ${changeOf(s.mql_before, s.mql_after)} | ${s.mql_gained.length} | ${s.mql_lost.length} | ${sd ? signed(sd.mean) : '—'} | ${sd ? `${signed(sd.min)} / ${signed(sd.max)}` : '—'} |`);
    }
    out.push('');
  }
  for (const [id, s] of models) if (s.status !== 'unchanged') out.push(...scoringSection(id, s));
  const icps = Object.entries(d.icps).filter(([, s]) => s.status !== 'unchanged');
  if (icps.length) out.push(...icpSection(icps));
  const slas = Object.entries(d.sla);
  if (slas.length) out.push(...slaSection(slas));
  return out.join('\n');
}

function scoringSection(id: string, s: ScoringDiff): string[] {
  const out = [`### Scoring model \`${code(id)}\`${s.status === 'added' || s.status === 'removed' ? ` (${s.status})` : ''}`, ''];
  const trans = sortedTransitions(s.transitions);
  if (trans.length) {
    out.push(`**Grade transitions:** ${trans.map(([k, n]) => `${esc(k)} **${n}**`).join(' · ')}`, '');
    out.push(...matrixTable(s));
  }
  if (s.changed_settings.length) out.push(`**Model settings changed:** ${s.changed_settings.map((k) => `\`${code(k)}\``).join(', ')}`, '');
  const r = s.rules;
  if (r.added.length || r.removed.length || r.changed.length) {
    out.push('| rule | change | leads matched before | after | Δ |', '|---|---|---:|---:|---:|');
    for (const k of r.added) out.push(`| \`${code(k)}\` | added | — | ${fmt(r.matches[k]?.after)} | |`);
    for (const k of r.removed) out.push(`| \`${code(k)}\` | removed | ${fmt(r.matches[k]?.before)} | — | |`);
    for (const c of r.changed) {
      out.push(`| \`${code(c.rule)}\` | ${r.definition_changed.includes(c.rule) ? 'definition changed' : 'matches changed'} | ${c.matches_before} | ${c.matches_after} | ${signed(c.matches_after - c.matches_before)} |`);
    }
    out.push('');
  }
  if (s.top_movers.length) {
    out.push('**Top movers**', '', '| lead | score | grade | MQL | moved by |', '|---|---:|---|---|---|');
    for (const c of s.top_movers) {
      const l = leadLine(c);
      out.push(`| ${esc(c.lead)} | ${l.score} | ${esc(l.grade)} | ${l.mql} | ${movedBy(c)} |`);
    }
    out.push('');
  }
  if (s.mql_changes.length) {
    out.push(`<details><summary>${s.mql_gained.length} lead${s.mql_gained.length === 1 ? ' gains' : 's gain'} MQL, ${s.mql_lost.length} lose it</summary>`, '');
    for (const [label, ids] of [['Gain MQL', s.mql_gained], ['Lose MQL', s.mql_lost]] as const) {
      if (!ids.length) continue;
      out.push(`**${label}** (${ids.length})`, '');
      const set = new Set(ids);
      const changes = s.mql_changes.filter((c) => set.has(c.lead));
      for (const c of changes.slice(0, LIST_LIMIT)) {
        const l = leadLine(c);
        out.push(`- ${esc(c.lead)}: ${esc(l.grade)}, score ${l.score}; ${movedBy(c)}`);
      }
      if (changes.length > LIST_LIMIT) out.push(`- … and ${changes.length - LIST_LIMIT} more (see \`--format json\`)`);
      out.push('');
    }
    out.push('</details>', '');
  }
  const sd = s.score_distribution;
  if (sd && sd.histogram.length) {
    out.push(`<details><summary>Score-delta distribution (${sd.changed} lead${sd.changed === 1 ? '' : 's'} move)</summary>`, '',
      '| Δ total | leads | |', '|---|---:|---|');
    const peak = Math.max(...sd.histogram.map((b) => b.count));
    for (const b of sd.histogram) out.push(`| ${signed(b.from)} … ${signed(b.to)} | ${b.count} | ${'█'.repeat(Math.round((b.count / peak) * 20))} |`);
    out.push('', '</details>', '');
  }
  return out;
}

function matrixTable(s: ScoringDiff): string[] {
  const rows = s.grade_order.filter((g) => s.matrix[g]);
  const cols = s.grade_order.filter((g) => rows.some((r) => s.matrix[r]?.[g]));
  const out = ['<details><summary>Transition matrix (rows: before, columns: after)</summary>', '',
    `| before \\ after | ${cols.map(esc).join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`];
  for (const r of rows) out.push(`| **${esc(r)}** | ${cols.map((c) => { const n = s.matrix[r]?.[c] ?? 0; return n === 0 ? '·' : r === c ? String(n) : `**${n}**`; }).join(' | ')} |`);
  out.push('', '</details>', '');
  return out;
}

function movedBy(c: LeadChange): string {
  if (!c.rules.length) return 'grade or MQL condition changed';
  const shown = c.rules.slice(0, 3).map((m) => esc(ruleMoveText(m)));
  return shown.join(', ') + (c.rules.length > 3 ? `, +${c.rules.length - 3} more` : '');
}

function icpSection(icps: [string, IcpDiff][]): string[] {
  const out = ['### ICPs', '', '| ICP | matched | gained | lost | tier changes |', '|---|---:|---:|---:|---|'];
  for (const [id, s] of icps) {
    const tiers = sortedTransitions(s.tier_transitions).map(([k, n]) => `${esc(k)}: ${n}`).join(', ') || '—';
    out.push(`| \`${code(id)}\`${s.status === 'added' || s.status === 'removed' ? ` (${s.status})` : ''} | ${changeOf(s.matched_before, s.matched_after)} | ${s.gained.length} | ${s.lost.length} | ${tiers} |`);
  }
  out.push('');
  return out;
}

function slaSection(slas: [string, SlaDiff][]): string[] {
  const out: string[] = ['### SLAs', ''];
  const resp = slas.filter((e): e is [string, Extract<SlaDiff, { type: 'response' }>] => e[1].type === 'response');
  const vol = slas.filter((e): e is [string, Extract<SlaDiff, { type: 'volume' }>] => e[1].type === 'volume');
  if (resp.length) {
    out.push('| commitment | attainment before | after | Δ | met | breached | open | status changes |', '|---|---:|---:|---:|---:|---:|---:|---|');
    for (const [k, s] of resp) {
      const c = (f: 'met' | 'breached' | 'open') => changeOf(s.before?.[f] ?? 0, s.after?.[f] ?? 0);
      const st = sortedTransitions(s.status_transitions).map(([t, n]) => `${esc(t)}: ${n}`).join(', ') || '—';
      out.push(`| \`${code(k)}\`${s.definition_changed ? ' ✎' : ''} | ${pct(s.before?.attainment)} | ${pct(s.after?.attainment)} | ${pp(s.attainment_delta)} | ${c('met')} | ${c('breached')} | ${c('open')} | ${st} |`);
    }
    out.push('');
  }
  for (const [k, s] of vol) {
    const periods = Object.entries(s.periods);
    const changed = periods.filter(([, p]) => p.delta !== 0 || p.met_before !== p.met_after);
    out.push(`**Volume \`${code(k)}\`**${s.definition_changed ? ' ✎' : ''}: ${changed.length ? `${changed.length} of ${periods.length} period${periods.length === 1 ? '' : 's'} change` : 'no period changes'}`, '');
    if (changed.length) {
      out.push('| period | leads before | after | Δ | target met |', '|---|---:|---:|---:|---|');
      for (const [p, v] of changed) {
        const met = (m: boolean | null) => (m === null ? '—' : m ? 'yes' : 'no');
        out.push(`| ${esc(p)} | ${v.count_before} | ${v.count_after} | ${signed(v.delta)} | ${v.met_before === v.met_after ? met(v.met_after) : `${met(v.met_before)} ${ARROW} ${met(v.met_after)}`} |`);
      }
      out.push('');
    }
  }
  if (slas.some(([, s]) => s.definition_changed)) out.push('✎ = the commitment\'s definition changed.', '');
  return out;
}

/** Escapes text for a Markdown table cell or paragraph (also neutralises HTML). */
export function esc(s: string): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Text inside a code span: backticks and pipes cannot be escaped there, so replace them. */
function code(s: string): string {
  return String(s).replace(/`/g, 'ʼ').replace(/\|/g, '¦').replace(/\r?\n/g, ' ');
}
