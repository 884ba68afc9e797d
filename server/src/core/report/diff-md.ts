// `leadspec diff --format md`: the pull-request comment (or GitHub job summary) a reviewer reads.
// Order: headline, a test case that starts failing, what changed in the definitions (in words),
// the test results, then the effect per model (grade chart, transition matrix, MQL gained and
// lost with why), ICPs and SLAs (newly breached leads, periods that flip). Long lists fold into
// <details>; the whole stays under GitHub's comment limit, cut at a section boundary with a note.
// Every text from the definitions or the lead data is escaped (esc, code, mermaidLabel), so a
// lead id cannot inject Markdown, HTML or Mermaid.
import type { DiffResult, ScoringDiff, IcpDiff, SlaDiff, LeadChange } from '../diff/simulations.js';
import type { TestsDiff } from '../diff/tests.js';
import {
  ARROW, fmt, testChangeWords, headline, leadLine, movedByParts, pct, plural, pp, signed, sortedTransitions, isEmptyDiff, statusWords, whyText,
} from './diff-common.js';

/** GitHub refuses comments over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The default limit leaves room for what CI adds around the report (a marker line, a link to the HTML report). */
export const MARKDOWN_LIMIT = GITHUB_COMMENT_LIMIT - 1_000;
/** At most this many leads are listed per list; the rest are counted. */
const LIST_LIMIT = 50;
/** Lists longer than this fold into <details>. */
const FOLD_AT = 10;

export interface MarkdownOptions {
  /** Character limit of the whole comment (default MARKDOWN_LIMIT). */
  limit?: number;
  /** Where the full report is (named in the truncation note), e.g. "the `leadspec-report` artifact". */
  reportHint?: string;
  /** Extra sections appended per model (e.g. the backtest of the outcomes module). */
  extraModelSection?: (id: string, s: ScoringDiff) => string[];
}

export function renderDiffMarkdown(d: DiffResult, opts: MarkdownOptions = {}): string {
  const blocks: string[][] = [];
  const head: string[] = [];
  head.push(`## LeadSpec diff: \`${code(d.base)}\` ${ARROW} ${esc(d.head)}`, '');
  head.push(`**${esc(headline(d))}**`, '');
  head.push(`${plural(d.leads, 'sample lead')}, as of ${esc(d.as_of)}${d.warnings ? `, ${plural(d.warnings, 'data warning')}` : ''}.`, '');
  blocks.push(head);
  if (isEmptyDiff(d)) { blocks.push(['No definition change affects the sample leads.', '']); return fit(blocks, opts); }

  const failing = d.tests?.changed.filter((c) => c.after === 'failed' || c.after === 'error') ?? [];
  if (failing.length) {
    blocks.push([`> [!CAUTION]`, `> **${plural(failing.length, 'test case')} ${failing.length === 1 ? 'starts' : 'start'} failing:** ${failing.slice(0, 5).map((c) => `${esc(c.test)} › ${esc(c.case)}`).join('; ')}${failing.length > 5 ? ` and ${failing.length - 5} more` : ''}`, '']);
  }
  if (d.changes.length) blocks.push(changesSection(d));
  if (d.tests) blocks.push(testsSection(d.tests));

  const models = Object.entries(d.scoring);
  if (models.length) {
    const t = ['### Effect on the sample leads', '',
      '| scoring model | leads changing grade | MQL before | gained | lost | MQL after |', '|---|---:|---:|---:|---:|---:|'];
    for (const [id, s] of models) {
      const g = Object.values(s.transitions).reduce((a, b) => a + b, 0);
      t.push(`| \`${code(id)}\`${s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (removed)' : ''} | ${s.status === 'changed' || s.status === 'unchanged' ? g : '—'} | ${s.mql_before} | +${s.mql_gained.length} | −${s.mql_lost.length} | ${s.mql_after} |`);
    }
    t.push('');
    blocks.push(t);
  }
  for (const [id, s] of models) {
    if (s.status === 'unchanged') continue;
    for (const b of scoringSection(id, s)) blocks.push(b);
    if (opts.extraModelSection) {
      const extra = opts.extraModelSection(id, s);
      if (extra.length) blocks.push(extra[extra.length - 1] === '' ? extra : [...extra, '']);
    }
  }
  const icps = Object.entries(d.icps).filter(([, s]) => s.status !== 'unchanged');
  if (icps.length) blocks.push(icpSection(icps));
  const slas = Object.entries(d.sla);
  for (const b of slaSections(slas)) blocks.push(b);
  return fit(blocks, opts);
}

/** Joins whole blocks while they fit; the rest is replaced by a note (details stay balanced). */
function fit(blocks: string[][], opts: MarkdownOptions): string {
  const limit = opts.limit ?? MARKDOWN_LIMIT;
  const texts = blocks.map((b) => b.join('\n') + '\n');
  const all = texts.join('');
  if (all.length <= limit) return all;
  const left = texts.length;
  const note = (n: number) => `\n---\n_This comment was cut to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character limit: ${plural(n, 'more section')} ${n === 1 ? 'is' : 'are'} in the full report (${opts.reportHint ?? '`leadspec report --base REF` writes it as one HTML file'})._\n`;
  let out = '';
  let i = 0;
  for (; i < left; i++) {
    if (out.length + texts[i].length + note(left - i - 1).length > limit) break;
    out += texts[i];
  }
  // A single block larger than the limit (a huge list) is cut at a line.
  if (i === 0) out = texts[0].slice(0, Math.max(0, limit - note(left).length - 1)).replace(/\n[^\n]*$/, '\n');
  return out + note(left - i);
}

// ---- what changed ---------------------------------------------------------------------------

function changesSection(d: DiffResult): string[] {
  const out = ['### What changed in the definitions', ''];
  const lines = d.changes.map((c) => `- ${esc(c.summary)}`);
  if (lines.length > 25) {
    out.push(...lines.slice(0, 15), '', `<details><summary>${lines.length - 15} more changes</summary>`, '', ...lines.slice(15), '', '</details>');
  } else out.push(...lines);
  out.push('');
  return out;
}

// ---- tests ----------------------------------------------------------------------------------

function testsSection(t: TestsDiff): string[] {
  const out = ['### Tests (`kind: test`)', '',
    '| cases | before | after |', '|---|---:|---:|',
    `| pass | ${t.before.passed} | ${t.after.passed} |`,
    `| fail | ${t.before.failed} | ${t.after.failed} |`,
    `| cannot run | ${t.before.error} | ${t.after.error} |`,
    `| **all** | **${t.before.cases}** | **${t.after.cases}** |`, ''];
  if (!t.changed.length && !t.still_failing.length) { out.push(`Every case passes on both sides.`, ''); return out; }
  for (const c of [...t.changed, ...t.still_failing]) {
    const words = t.changed.includes(c) ? testChangeWords(c) : 'still fails';
    out.push(`- **${esc(words)}**: ${esc(c.test)} › ${esc(c.case)}`);
    for (const l of c.details.slice(0, 12)) out.push(`  - ${esc(l.trim())}`);
  }
  out.push('');
  return out;
}

// ---- scoring --------------------------------------------------------------------------------

function scoringSection(id: string, s: ScoringDiff): string[][] {
  const blocks: string[][] = [];
  const head = [`### Scoring model \`${code(id)}\`${s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (removed)' : ''}`, ''];
  head.push(...gradeChart(id, s), ...gradeTable(s));
  if (s.status === 'added' || s.status === 'removed') {
    const n = s.status === 'added' ? s.mql_after : s.mql_before;
    const leads = Object.values(s.status === 'added' ? s.grades_after : s.grades_before).reduce((a, b) => a + b, 0);
    head.push(`MQL: **${n}** of ${leads} (${pct(leads ? n / leads : null)}).`, '');
    const rules = Object.entries(s.rules.matches);
    if (rules.length) {
      head.push('| rule | leads it scores |', '|---|---:|');
      for (const [k, m] of rules) head.push(`| \`${code(k)}\` | ${fmt(s.status === 'added' ? m.after : m.before)} |`);
      head.push('');
    }
    blocks.push(head);
    return blocks;
  }
  if (Object.keys(s.transitions).length) head.push(...matrixTable(s));
  if (s.score_delta && s.score_distribution?.changed) head.push(`Score Δ: mean ${signed(s.score_delta.mean)}, min ${signed(s.score_delta.min)}, max ${signed(s.score_delta.max)}; ${plural(s.score_distribution.changed, 'lead')} ${s.score_distribution.changed === 1 ? 'moves' : 'move'}.`, '');
  blocks.push(head);

  const r = s.rules;
  if (r.added.length || r.removed.length || r.changed.length) {
    const t = ['**Rules: leads each one scores**', '', '| rule | change | before | after | Δ |', '|---|---|---:|---:|---:|'];
    for (const k of r.added) t.push(`| \`${code(k)}\` | added | 0 | ${fmt(r.matches[k]?.after)} | ${signed(r.matches[k]?.after ?? 0)} |`);
    for (const k of r.removed) t.push(`| \`${code(k)}\` | removed | ${fmt(r.matches[k]?.before)} | 0 | ${signed(-(r.matches[k]?.before ?? 0))} |`);
    for (const c of r.changed) {
      t.push(`| \`${code(c.rule)}\` | ${r.definition_changed.includes(c.rule) ? 'definition changed' : 'other rules moved it'} | ${c.matches_before} | ${c.matches_after} | ${signed(c.matches_after - c.matches_before)} |`);
    }
    t.push('');
    blocks.push(t);
  }
  for (const [gain, ids] of [[true, s.mql_gained], [false, s.mql_lost]] as const) {
    if (!ids.length) continue;
    const label = gain ? (ids.length === 1 ? 'becomes MQL' : 'become MQL') : (ids.length === 1 ? 'is no longer MQL' : 'are no longer MQL');
    const set = new Set(ids);
    const changes = s.mql_changes.filter((c) => set.has(c.lead));
    blocks.push(leadTable(`${plural(ids.length, 'lead')} ${label}`, changes, (c) => [esc(c.lead), esc(gradeText(c)), c.delta === 0 ? fmt(c.after.total) : `${fmt(c.before.total)} ${ARROW} ${fmt(c.after.total)}`, esc(whyText(c))],
      ['lead', 'grade', 'total', 'why'], '|---|---|---:|---|'));
  }
  if (s.top_movers.length) {
    blocks.push(leadTable('Largest score moves', s.top_movers, (c) => [esc(c.lead), `${fmt(c.before.total)}`, `${fmt(c.after.total)}`, signed(c.delta), esc(gradeText(c)), esc(movedByParts(c).join(', '))],
      ['lead', 'total before', 'after', 'Δ', 'grade', 'moved by (adds up to Δ)'], '|---|---:|---:|---:|---|---|', true));
  }
  return blocks;
}

function gradeText(c: LeadChange): string {
  return leadLine(c).grade;
}

/** A lead list as a table, folded when long, cut at LIST_LIMIT with the count of the rest. */
function leadTable(title: string, rows: LeadChange[], cells: (c: LeadChange) => string[], head: string[], align: string, open = false): string[] {
  const fold = !open && rows.length > FOLD_AT;
  const out = fold ? [`<details><summary>${esc(title)}</summary>`, ''] : [`**${esc(title)}**`, ''];
  out.push(`| ${head.join(' | ')} |`, align);
  for (const c of rows.slice(0, LIST_LIMIT)) out.push(`| ${cells(c).join(' | ')} |`);
  out.push('');
  if (rows.length > LIST_LIMIT) out.push(`… and ${rows.length - LIST_LIMIT} more (all of them in \`--format json\` and the HTML report).`, '');
  if (fold) out.push('</details>', '');
  return out;
}

/** Grade distribution before and after as a Mermaid bar chart (GitHub renders `mermaid` fences). */
function gradeChart(id: string, s: ScoringDiff): string[] {
  const grades = s.grade_order.filter((g) => (s.grades_before[g] ?? 0) + (s.grades_after[g] ?? 0) > 0);
  if (!grades.length) return [];
  const labels: string[] = [], values: number[] = [];
  for (const g of grades) {
    if (s.status !== 'added') { labels.push(`${g} before`); values.push(s.grades_before[g] ?? 0); }
    if (s.status !== 'removed') { labels.push(s.status === 'added' ? g : `${g} after`); values.push(s.grades_after[g] ?? 0); }
  }
  return ['```mermaid', 'xychart-beta', `  title "${mermaidLabel(id)}: leads per grade${s.status === 'changed' || s.status === 'unchanged' ? ', before and after' : ''}"`,
    `  x-axis [${labels.map((l) => `"${mermaidLabel(l)}"`).join(', ')}]`, '  y-axis "leads"', `  bar [${values.join(', ')}]`, '```', ''];
}

/** Leads per grade before and after; the columns add up to the leads scored. */
function gradeTable(s: ScoringDiff): string[] {
  const grades = s.grade_order.filter((g) => (s.grades_before[g] ?? 0) + (s.grades_after[g] ?? 0) > 0 || g !== 'disqualified');
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const out = ['| grade | before | after | Δ |', '|---|---:|---:|---:|'];
  for (const g of grades) {
    const b = s.grades_before[g] ?? 0, a = s.grades_after[g] ?? 0;
    out.push(`| ${esc(g)} | ${s.status === 'added' ? '—' : b} | ${s.status === 'removed' ? '—' : a} | ${s.status === 'changed' || s.status === 'unchanged' ? signed(a - b) : '—'} |`);
  }
  const b = sum(s.grades_before), a = sum(s.grades_after);
  out.push(`| **all** | **${s.status === 'added' ? '—' : b}** | **${s.status === 'removed' ? '—' : a}** | ${s.status === 'changed' || s.status === 'unchanged' ? signed(a - b) : '—'} |`, '');
  return out;
}

/** The grade transition matrix with totals: rows add up to the grades before, columns to after. */
function matrixTable(s: ScoringDiff): string[] {
  const rows = s.grade_order.filter((g) => s.matrix[g]);
  const cols = s.grade_order.filter((g) => rows.some((r) => s.matrix[r]?.[g]));
  const out = ['<details><summary>Grade transitions (rows: before, columns: after)</summary>', '',
    `| before \\ after | ${cols.map(esc).join(' | ')} | all before |`, `|---|${cols.map(() => '---:').join('|')}|---:|`];
  for (const r of rows) {
    const total = cols.reduce((a, c) => a + (s.matrix[r]?.[c] ?? 0), 0);
    out.push(`| **${esc(r)}** | ${cols.map((c) => { const n = s.matrix[r]?.[c] ?? 0; return n === 0 ? '·' : r === c ? String(n) : `**${n}**`; }).join(' | ')} | ${total} |`);
  }
  const colTotals = cols.map((c) => rows.reduce((a, r) => a + (s.matrix[r]?.[c] ?? 0), 0));
  out.push(`| **all after** | ${colTotals.join(' | ')} | ${colTotals.reduce((a, b) => a + b, 0)} |`);
  out.push('', '</details>', '');
  return out;
}

// ---- ICPs and SLAs ---------------------------------------------------------------------------

function icpSection(icps: [string, IcpDiff][]): string[] {
  const out = ['### ICPs', '', '| ICP | matched before | gained | lost | matched after | tier changes |', '|---|---:|---:|---:|---:|---|'];
  for (const [id, s] of icps) {
    const tiers = sortedTransitions(s.tier_transitions).map(([k, n]) => `${esc(k.replace('→', ` ${ARROW} `))}: ${n}`).join(', ') || '—';
    out.push(`| \`${code(id)}\`${s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (removed)' : ''} | ${s.matched_before} | +${s.gained.length} | −${s.lost.length} | ${s.matched_after} | ${tiers} |`);
  }
  out.push('');
  return out;
}

function slaSections(slas: [string, SlaDiff][]): string[][] {
  const blocks: string[][] = [];
  const shown = slas.filter(([, s]) => s.type === 'response'
    ? s.definition_changed || Object.keys(s.status_transitions).length > 0
    : s.definition_changed || Object.values(s.periods).some((p) => p.delta !== 0 || p.met_before !== p.met_after));
  if (!shown.length) return blocks;
  blocks.push(['### Service levels', '']);
  for (const [k, s] of shown) {
    if (s.type === 'response') {
      const within = s.within_before === s.within_after ? `within ${esc(s.within_after ?? '—')}` : `within ${esc(s.within_before ?? '—')} ${ARROW} ${esc(s.within_after ?? '—')}`;
      const out = [`**\`${code(k)}\`** — ${within}${s.definition_changed ? ' (definition changed)' : ''}`, '',
        '| leads | before | after | Δ |', '|---|---:|---:|---:|'];
      for (const f of ['met', 'breached', 'open'] as const) {
        const b = s.before?.[f] ?? 0, a = s.after?.[f] ?? 0;
        out.push(`| ${f} | ${b} | ${a} | ${signed(a - b)} |`);
      }
      const tb = (s.before?.met ?? 0) + (s.before?.breached ?? 0) + (s.before?.open ?? 0);
      const ta = (s.after?.met ?? 0) + (s.after?.breached ?? 0) + (s.after?.open ?? 0);
      out.push(`| **in scope** | **${tb}** | **${ta}** | ${signed(ta - tb)} |`);
      out.push(`| attainment (met ÷ (met + breached)) | ${pct(s.before?.attainment)} | ${pct(s.after?.attainment)} | ${pp(s.attainment_delta)} |`, '');
      const trans = sortedTransitions(s.status_transitions);
      if (trans.length) out.push(`Leads whose status changes: ${trans.map(([t, n]) => `${esc(statusWords(t))} **${n}**`).join(' · ')}`, '');
      blocks.push(out);
      for (const [label, ids] of [['newly breached', s.newly_breached], ['newly met', s.newly_met]] as const) {
        if (!ids.length) continue;
        const list = ids.slice(0, LIST_LIMIT * 4).map(esc).join(', ') + (ids.length > LIST_LIMIT * 4 ? `, … and ${ids.length - LIST_LIMIT * 4} more` : '');
        blocks.push(ids.length > FOLD_AT
          ? [`<details><summary>${plural(ids.length, 'lead')} ${label} (${esc(k)})</summary>`, '', list, '', '</details>', '']
          : [`${plural(ids.length, 'lead')} ${label}: ${list}`, '']);
      }
    } else {
      const periods = Object.entries(s.periods).filter(([, p]) => p.delta !== 0 || p.met_before !== p.met_after);
      const target = s.target_before === s.target_after ? `target ${esc(s.target_after ?? '—')} per period` : `target ${esc(s.target_before ?? '—')} ${ARROW} ${esc(s.target_after ?? '—')} per period`;
      const out = [`**\`${code(k)}\`** — ${target}${s.definition_changed ? ' (definition changed)' : ''}${s.flipped.length ? `; **${plural(s.flipped.length, 'period')} ${s.flipped.length === 1 ? 'flips' : 'flip'}**` : ''}`, ''];
      if (periods.length) {
        out.push('| period | leads before | after | Δ | target |', '|---|---:|---:|---:|---|');
        const met = (m: boolean | null) => (m === null ? '—' : m ? 'met' : 'missed');
        for (const [p, v] of periods) {
          const verdict = v.met_before === v.met_after ? met(v.met_after) : `**${met(v.met_before)} ${ARROW} ${met(v.met_after)}**`;
          out.push(`| ${esc(p)} | ${v.count_before} | ${v.count_after} | ${signed(v.delta)} | ${verdict} |`);
        }
        const cb = periods.reduce((a, [, v]) => a + v.count_before, 0), ca = periods.reduce((a, [, v]) => a + v.count_after, 0);
        out.push(`| **these periods** | **${cb}** | **${ca}** | ${signed(ca - cb)} | |`, '');
      } else out.push('No period changes.', '');
      blocks.push(out);
    }
  }
  return blocks;
}

// ---- escaping -------------------------------------------------------------------------------

/** Escapes text for a Markdown table cell or paragraph (also neutralises HTML and comments). */
export function esc(s: string): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, ' ');
}

/**
 * Text inside a code span: backticks and pipes cannot be escaped there, so replace them; angle
 * brackets too (harmless in a span, but nothing that looks like HTML leaves this renderer).
 */
export function code(s: string): string {
  return String(s).replace(/`/g, 'ʼ').replace(/\|/g, '¦').replace(/</g, '‹').replace(/>/g, '›').replace(/\r?\n|\r/g, ' ');
}

/** A label inside a Mermaid string: no quotes, brackets or markup that could end it. */
function mermaidLabel(s: string): string {
  return String(s).replace(/[^\p{L}\p{N} _.\-/+]/gu, '_').slice(0, 40);
}

