// The diff page: what a change to the definitions does to the same leads, against a git ref.
import type { DiffData, PageMessage } from './protocol.js';
import type { DiffResult, ScoringDiff, LeadChange, SlaDiff, IcpDiff } from '../../server/src/core/diff/simulations.js';
import { statusWords, testChangeWords, whyText } from '../../server/src/core/report/diff-common.js';
import { outcomesDiffText } from '../../server/src/core/report/diff-outcomes.js';
import { h, section, table, fmtNum, fmtPct, signed, type Child } from './dom.js';
import { columnChart, type Tone } from './charts.js';
import { gradeTone, refreshButton } from './preview.js';

export function renderDiff(root: HTMLElement, data: DiffData, post: (m: PageMessage) => void): void {
  const d = data.diff;
  root.appendChild(h('header', { class: 'page-head' },
    h('h1', {}, `LeadSpec diff: ${data.baseLabel} → ${d.head}`),
    h('p', { class: 'meta' }, `${fmtNum(d.leads)} leads from ${data.source} · as of ${d.as_of} · both sides simulated in ${fmtNum(data.elapsedMs)} ms `, refreshButton(post))));

  const failing = d.tests?.changed.filter((c) => c.after === 'failed' || c.after === 'error') ?? [];
  if (failing.length) root.appendChild(h('div', { class: 'notice error', role: 'alert' }, h('strong', {}, `${fmtNum(failing.length)} test case${failing.length === 1 ? ' starts' : 's start'} failing: `),
    failing.map((c) => `${c.test} › ${c.case}`).join('; ')));
  if (d.changes?.length) root.appendChild(changesSection(d));
  if (d.tests) root.appendChild(testsSection(d));
  const models = Object.entries(d.scoring);
  const summaryRows = models.map(([id, s]) => {
    const changes = Object.values(s.transitions).reduce((a, b) => a + b, 0);
    return [id, s.status, fmtNum(changes), `${fmtNum(s.mql_before)} → ${fmtNum(s.mql_after)}`, h('span', { class: 'tone-text-green' }, `+${fmtNum(s.mql_gained.length)}`),
      h('span', { class: 'tone-text-red' }, `−${fmtNum(s.mql_lost.length)}`), s.score_delta ? signed(s.score_delta.mean) : '—'];
  });
  if (models.length) root.appendChild(section('Summary', table(['scoring model', 'status', 'grade changes', 'MQL', 'gained', 'lost', 'mean Δ'], summaryRows, [false, false, true, true, true, true, true])));

  for (const [id, s] of models) if (s.status !== 'unchanged') root.appendChild(modelSection(id, s));
  const icps = Object.entries(d.icps).filter(([, s]) => s.status !== 'unchanged');
  if (icps.length) root.appendChild(icpSection(icps));
  const slas = Object.entries(d.sla);
  if (slas.length) root.appendChild(slaSection(slas));
  if (models.every(([, s]) => s.status === 'unchanged') && icps.length === 0) {
    root.appendChild(h('div', { class: 'notice' }, `No lead changes grade, MQL, score or ICP between ${data.baseLabel} and the working tree.`));
  }
}

function modelSection(id: string, s: ScoringDiff): HTMLElement {
  const parts: Child[] = [];
  parts.push(h('div', { class: 'two-col' },
    h('div', {}, h('h3', {}, 'Grade transitions (rows: before, columns: after)'), matrix(s)),
    h('div', {}, h('h3', {}, 'Score change per lead'), deltaChart(s))));
  parts.push(h('h3', {}, 'Rules'), rulesTable(s));
  if (s.changed_settings.length) parts.push(h('p', {}, 'Model settings changed: ', ...s.changed_settings.flatMap((k, i) => [i ? ', ' : '', h('code', {}, k)])));
  parts.push(h('div', { class: 'two-col' },
    h('div', {}, h('h3', {}, `Gain MQL (${fmtNum(s.mql_gained.length)})`), leadList(s.mql_changes.filter((c) => !c.before.mql && c.after.mql))),
    h('div', {}, h('h3', {}, `Lose MQL (${fmtNum(s.mql_lost.length)})`), leadList(s.mql_changes.filter((c) => c.before.mql && !c.after.mql)))));
  if (s.top_movers.length) parts.push(h('h3', {}, 'Top movers'), leadList(s.top_movers));
  // SPEC §11 when outcomes are declared: the backtest before → after and sales' verdicts on the MQL changes.
  const outcomes = outcomesDiffText(id, s).map((l) => l.trim()).filter(Boolean);
  if (outcomes.length) parts.push(...outcomes.map((l) => (l.endsWith(':') ? h('h3', {}, l.slice(0, -1)) : h('p', {}, l))));
  return section(`Scoring model ${id}${s.status === 'changed' ? '' : ` (${s.status})`}`, ...parts);
}

function matrix(s: ScoringDiff): HTMLElement {
  const rows = s.grade_order.filter((g) => s.matrix[g]);
  const cols = s.grade_order.filter((g) => (s.grades_after[g] ?? 0) > 0 || rows.some((r) => s.matrix[r]?.[g]));
  if (!rows.length) return h('p', { class: 'meta' }, 'No lead is scored on both sides.');
  const max = Math.max(1, ...rows.flatMap((r) => cols.map((c) => (r === c ? 0 : s.matrix[r]?.[c] ?? 0))));
  return h('table', { class: 'grid matrix' },
    h('thead', {}, h('tr', {}, h('th', {}, 'before \\ after'), ...cols.map((c) => h('th', { class: 'num' }, h('span', { class: `chip tone-${gradeTone(c, s.grade_order)}` }, c))))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, h('th', {}, h('span', { class: `chip tone-${gradeTone(r, s.grade_order)}` }, r)), ...cols.map((c) => {
      const n = s.matrix[r]?.[c] ?? 0;
      const diag = r === c;
      // Heat: off-diagonal cells darken with their share of the largest move.
      const level = diag || n === 0 ? 0 : Math.min(4, 1 + Math.floor((n / max) * 3.999));
      const up = s.grade_order.indexOf(c) < s.grade_order.indexOf(r);
      return h('td', { class: `num ${diag ? 'diag' : n ? `heat-${up ? 'up' : 'down'}-${level}` : 'zero'}`, title: `${r} → ${c}: ${n} leads` }, n ? fmtNum(n) : '·');
    })))));
}

function deltaChart(s: ScoringDiff): Child {
  const sd = s.score_delta;
  const dist = s.score_distribution;
  if (!sd || !dist) return h('p', { class: 'meta' }, 'Scored on one side only.');
  const stats = h('div', { class: 'kpis' },
    ...[['mean', signed(sd.mean)], ['min', signed(sd.min)], ['max', signed(sd.max)], ['leads moved', fmtNum(dist.changed)]].map(([l, v]) => h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, v), h('div', { class: 'kpi-label' }, l))));
  if (!dist.histogram.length) return h('div', {}, stats, h('p', { class: 'meta' }, 'No total score changes.'));
  return h('div', {}, stats, columnChart(dist.histogram.map((b) => ({
    label: signed(b.from), value: b.count, tone: (b.to <= 0 ? 'red' : b.from >= 0 ? 'green' : 'yellow') as Tone,
    title: `${signed(b.from)} to ${signed(b.to)}: ${fmtNum(b.count)} leads`,
  })), { ariaLabel: 'distribution of total score changes', height: 140 }));
}

function rulesTable(s: ScoringDiff): HTMLElement {
  const r = s.rules;
  const rows: Child[][] = [
    ...r.added.map((k) => [h('code', {}, k), h('span', { class: 'tag tone-green' }, 'added'), '—', fmtNum(r.matches[k]?.after), '']),
    ...r.removed.map((k) => [h('code', {}, k), h('span', { class: 'tag tone-red' }, 'removed'), fmtNum(r.matches[k]?.before), '—', '']),
    ...r.changed.map((c) => [h('code', {}, c.rule), h('span', { class: 'tag tone-yellow' }, r.definition_changed.includes(c.rule) ? 'definition changed' : 'matches changed'),
      fmtNum(c.matches_before), fmtNum(c.matches_after), signed(c.matches_after - c.matches_before)]),
  ];
  if (!rows.length) return h('p', { class: 'meta' }, 'No rule was added, removed or changed.');
  return table(['rule', 'change', 'matched before', 'after', 'Δ'], rows, [false, false, true, true, true]);
}

/** What changed in the definitions, in words (DiffResult.changes). */
function changesSection(d: DiffResult): HTMLElement {
  return section('What changed in the definitions', h('ul', { class: 'changes' }, ...d.changes.map((c) => h('li', { 'data-kind': c.kind }, c.summary))));
}

/** `kind: test` results before and after; a case that starts failing first. */
function testsSection(d: DiffResult): HTMLElement {
  const t = d.tests!;
  const counts = table(['cases', 'before', 'after'], [
    ['pass', fmtNum(t.before.passed), fmtNum(t.after.passed)], ['fail', fmtNum(t.before.failed), fmtNum(t.after.failed)],
    ['cannot run', fmtNum(t.before.error), fmtNum(t.after.error)], [h('strong', {}, 'all'), fmtNum(t.before.cases), fmtNum(t.after.cases)]], [false, true, true]);
  const list = [...t.changed.map((c) => [testChangeWords(c), c] as const), ...t.still_failing.map((c) => ['still fails', c] as const)];
  return section('Tests (kind: test)', counts, list.length
    ? h('ul', {}, ...list.map(([w, c]) => h('li', {}, h('strong', { class: c.after === 'passed' ? 'tone-text-green' : c.after ? 'tone-text-red' : '' }, w), `: ${c.test} › ${c.case}`,
      c.details.length ? h('ul', {}, ...c.details.slice(0, 12).map((l) => h('li', { class: 'meta' }, l.trim()))) : null)))
    : h('p', { class: 'meta' }, 'Every case passes on both sides.'));
}

const LIST_LIMIT = 200;
const FOLDED = 10;
/** Lead changes as a table: the first rows, and a button that unfolds the rest (up to LIST_LIMIT). */
function leadList(changes: LeadChange[]): Child {
  if (!changes.length) return h('p', { class: 'meta' }, 'None.');
  const row = (c: LeadChange): Child[] => [
    c.lead,
    `${fmtNum(c.before.total)} → ${fmtNum(c.after.total)}`,
    h('span', { class: c.delta > 0 ? 'tone-text-green' : c.delta < 0 ? 'tone-text-red' : '' }, signed(c.delta)),
    c.before.grade === c.after.grade ? c.after.grade : `${c.before.grade} → ${c.after.grade}`,
    whyText(c),
  ];
  const head = ['lead', 'total', 'Δ', 'grade', 'why (moves add up to Δ)'];
  const numeric = [false, true, true, false, false];
  const box = h('div', {}, table(head, changes.slice(0, FOLDED).map(row), numeric));
  if (changes.length > FOLDED) {
    const shown = Math.min(changes.length, LIST_LIMIT);
    const more = h('button', { type: 'button', class: 'link' }, `Show ${shown === changes.length ? 'all' : 'the first'} ${fmtNum(shown)}`);
    more.addEventListener('click', () => {
      box.replaceChildren(table(head, changes.slice(0, LIST_LIMIT).map(row), numeric));
      if (changes.length > LIST_LIMIT) box.appendChild(h('p', { class: 'meta' }, `… and ${fmtNum(changes.length - LIST_LIMIT)} more (leadspec diff --format json lists all).`));
    });
    box.appendChild(more);
  }
  return box;
}

function icpSection(icps: [string, IcpDiff][]): HTMLElement {
  return section('ICPs', table(['ICP', 'status', 'matched', 'gained', 'lost', 'tier changes'], icps.map(([id, s]) => [
    id, s.status, `${fmtNum(s.matched_before)} → ${fmtNum(s.matched_after)}`, fmtNum(s.gained.length), fmtNum(s.lost.length),
    Object.entries(s.tier_transitions).map(([k, n]) => `${k}: ${fmtNum(n)}`).join(', ') || '—',
  ]), [false, false, true, true, true, false]));
}

function slaSection(slas: [string, SlaDiff][]): HTMLElement {
  const parts: Child[] = [];
  const resp = slas.filter((e): e is [string, Extract<SlaDiff, { type: 'response' }>] => e[1].type === 'response');
  if (resp.length) {
    parts.push(table(['commitment', 'attainment before', 'after', 'Δ', 'met', 'breached', 'open', 'status changes'], resp.map(([k, s]) => {
      const ch = (f: 'met' | 'breached' | 'open') => `${fmtNum(s.before?.[f] ?? 0)} → ${fmtNum(s.after?.[f] ?? 0)}`;
      const delta = s.attainment_delta;
      return [k + (s.definition_changed ? ' ✎' : ''), fmtPct(s.before?.attainment), fmtPct(s.after?.attainment),
        h('span', { class: delta && delta > 0 ? 'tone-text-green' : delta && delta < 0 ? 'tone-text-red' : '' }, delta === null ? '—' : `${delta > 0 ? '+' : delta < 0 ? '−' : ''}${(Math.abs(delta) * 100).toFixed(1)} pp`),
        ch('met'), ch('breached'), ch('open'), Object.entries(s.status_transitions).map(([t, n]) => `${statusWords(t)}: ${fmtNum(n)}`).join(', ') || '—'];
    }), [false, true, true, true, true, true, true, false]));
  }
  for (const [k, s] of slas) {
    if (s.type !== 'volume') continue;
    const periods = Object.entries(s.periods);
    const met = (m: boolean | null) => (m === null ? '—' : m ? 'met' : 'missed');
    // Only the periods that change; a long unchanged history would bury them.
    const changed = periods.filter(([, v]) => v.delta !== 0 || v.met_before !== v.met_after);
    parts.push(h('h3', {}, `${k}: volume per period${s.definition_changed ? ' ✎' : ''}`),
      changed.length ? table(['period', 'leads before', 'after', 'Δ', 'target'], changed.map(([p, v]) => [p, fmtNum(v.count_before), fmtNum(v.count_after),
        h('span', { class: v.delta > 0 ? 'tone-text-green' : v.delta < 0 ? 'tone-text-red' : '' }, signed(v.delta)),
        v.met_before === v.met_after ? met(v.met_after) : `${met(v.met_before)} → ${met(v.met_after)}`]), [false, true, true, true, false]) : null,
      h('p', { class: 'meta' }, changed.length === periods.length ? '' : `${fmtNum(periods.length - changed.length)} of ${fmtNum(periods.length)} periods unchanged.`));
  }
  if (slas.some(([, s]) => s.definition_changed)) parts.push(h('p', { class: 'meta' }, '✎ the commitment’s definition changed.'));
  return section('SLAs', ...parts);
}
