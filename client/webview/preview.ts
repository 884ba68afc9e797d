// The preview page: what the definitions do to the sample leads, as charts and tables.
import { calibrationView } from './calibration.js';
import { segmentCard, renderSegmentCard } from './breakdown.js';
import type { LeadResult, ScoringSummary, SlaSummary } from '../../server/src/core/results.js';
import type { ByData, PreviewData, PageMessage } from './protocol.js';
import { h, append, section, table, fmtNum, fmtPct, type Child } from './dom.js';
import { columnChart, barList, stackedBar, type Tone } from './charts.js';
import { LeadTable, type TableState } from './leads-table.js';

export function gradeTone(grade: string, order: string[]): Tone {
  if (grade === 'disqualified') return 'red';
  const i = order.indexOf(grade);
  if (i < 0) return 'grey';
  const tones: Tone[] = ['green', 'blue', 'yellow', 'orange', 'purple'];
  return order.length <= 1 ? 'blue' : tones[Math.min(tones.length - 1, Math.floor((i / order.length) * tones.length))];
}

export interface PreviewPage {
  showExplanation(id: string, lead: LeadResult | null): void;
  /** Redraws the "By segment" card with the host's answer to a pick. */
  showBreakdown(by: ByData): void;
}

export function renderPreview(root: HTMLElement, d: PreviewData, post: (m: PageMessage) => void, state?: TableState): PreviewPage {
  const sum = d.summary;
  root.appendChild(h('header', { class: 'page-head' },
    h('h1', {}, 'LeadSpec preview'),
    h('p', { class: 'meta' }, `${fmtNum(sum.leads)} leads from ${d.source} · as of ${d.as_of} · simulated in ${fmtNum(d.elapsedMs)} ms `, refreshButton(post))));
  if (d.problems.length) root.appendChild(h('div', { class: 'notice error' }, h('strong', {}, 'Not simulated: '), ...d.problems.flatMap((p, i) => [i ? h('br') : null, p])));

  const models = Object.entries(sum.scoring);
  if (models.length === 0) root.appendChild(h('div', { class: 'notice' }, 'No scoring model in the workspace yet: add a `kind: scoring` definition to see grades and MQLs.'));
  const cards = h('div', { class: 'cards' });
  for (const [id, m] of models) cards.appendChild(modelCard(id, m, d.gradeOrder[id] ?? Object.keys(m.grades), sum.leads));
  for (const [id, icp] of Object.entries(sum.icps)) {
    const tiers = Object.entries(icp.tiers);
    cards.appendChild(section(`ICP ${id}`,
      h('div', { class: 'kpis' }, kpi('matched', fmtNum(icp.matched)), kpi('match rate', fmtPct(sum.leads ? icp.matched / sum.leads : null))),
      tiers.length ? columnChart(tiers.map(([t, n]) => ({ label: t, value: n, tone: 'purple' as Tone })), { ariaLabel: `leads per tier of ${id}` }) : null,
      icp.personas && Object.keys(icp.personas).length ? h('p', { class: 'meta' }, 'Personas: ' + Object.entries(icp.personas).map(([p, n]) => `${p} ${fmtNum(n)}`).join(' · ')) : null));
  }
  root.appendChild(cards);
  if (d.backtest) root.appendChild(calibrationView(d.backtest));

  const slas = Object.entries(sum.sla);
  if (slas.length) root.appendChild(slaSection(slas));
  // The standalone report has no host to ask: it shows its `--by` breakdown on its own.
  const pickSegment = (field: string | null) => post({ type: 'breakdown', field });
  const segments = d.segments ? segmentCard(d.segments, d.by, pickSegment) : undefined;
  if (segments) root.appendChild(segments);
  root.appendChild(warningsSection(d));

  const explain = h('div', { class: 'explain', id: 'explanation' }, h('p', { class: 'meta' }, 'Click a lead to see its explanation.'));
  const pick = (id: string) => {
    explain.replaceChildren(h('p', { class: 'meta' }, `Loading ${id}…`));
    post({ type: 'explain', id });
  };
  const leadTable = new LeadTable(d.leads, models.map(([id]) => id), d.gradeOrder, pick, state);
  // After a live update, show the selected lead's new explanation.
  if (state?.selected !== undefined) pick(state.selected);
  root.appendChild(section('Leads', h('div', { class: 'leads-layout' }, leadTable.element, explain)));
  return {
    showExplanation: (id, lead) => { explain.replaceChildren(); append(explain, explanationView(id, lead)); },
    showBreakdown: (by) => { if (segments) renderSegmentCard(segments, d.segments, by, pickSegment); },
  };
}

/** Re-reads definitions and samples from disk (the page follows edits by itself). */
export function refreshButton(post: (m: PageMessage) => void): HTMLElement {
  const b = h('button', { type: 'button', class: 'link', title: 'Re-read the definitions and samples from disk' }, '↻ Refresh');
  b.addEventListener('click', () => post({ type: 'refresh' }));
  return b;
}

function kpi(label: string, value: string, tone?: Tone): HTMLElement {
  return h('div', { class: `kpi${tone ? ` tone-text-${tone}` : ''}` }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label));
}

function modelCard(id: string, m: ScoringSummary, order: string[], leads: number): HTMLElement {
  const grades = [...order.filter((g) => g in m.grades || g !== 'disqualified'), ...Object.keys(m.grades).filter((g) => !order.includes(g))];
  const rules = Object.entries(m.rules).sort((a, b) => b[1] - a[1]);
  return section(`Scoring model ${id}`,
    h('div', { class: 'kpis' }, kpi('MQL', fmtNum(m.mql), 'green'), kpi('MQL rate', fmtPct(m.mql_rate)), kpi('leads', fmtNum(leads))),
    h('h3', {}, 'Leads per grade'),
    columnChart(grades.map((g) => ({ label: g, value: m.grades[g] ?? 0, tone: gradeTone(g, order) })), { ariaLabel: `leads per grade of ${id}` }),
    h('h3', {}, 'Total score distribution'),
    m.histogram.length ? columnChart(m.histogram.map((b) => ({ label: `${fmtNum(b.from)}`, value: b.count, tone: 'blue' as Tone, title: `${fmtNum(b.from)} to ${fmtNum(b.to)}: ${fmtNum(b.count)} leads` })), { ariaLabel: `score histogram of ${id}`, height: 130 }) : h('p', { class: 'meta' }, 'no scores'),
    h('h3', {}, 'Leads each rule contributed to'),
    rules.length ? barList(rules.map(([r, n]) => ({ label: r, value: n, tone: 'blue' as Tone, title: `${r}: ${fmtNum(n)} of ${fmtNum(leads)} leads` })), { ariaLabel: `rule match counts of ${id}`, total: leads }) : h('p', { class: 'meta' }, 'no rule matched any lead'));
}

function slaSection(slas: [string, SlaSummary][]): HTMLElement {
  const children: Child[] = [];
  const resp = slas.filter(([, s]) => 'met' in s) as [string, Extract<SlaSummary, { met: number }>][];
  if (resp.length) {
    children.push(table(['commitment', 'attainment', 'met', 'breached', 'open', ''], resp.map(([k, s]) => [
      k, h('strong', {}, fmtPct(s.attainment)), fmtNum(s.met), fmtNum(s.breached), fmtNum(s.open),
      stackedBar([{ label: 'met', value: s.met, tone: 'green' }, { label: 'breached', value: s.breached, tone: 'red' }, { label: 'open', value: s.open, tone: 'grey' }], { ariaLabel: `${k} met, breached, open`, width: 240 }),
    ]), [false, true, true, true, true, false]));
  }
  for (const [k, s] of slas) {
    if (!('periods' in s)) continue;
    const periods = Object.entries(s.periods);
    const met = periods.filter(([, p]) => p.met).length;
    children.push(h('h3', {}, `${k}: volume per period (${met} of ${periods.length} on target)`),
      periods.length ? columnChart(periods.map(([p, v]) => ({ label: p, value: v.count, tone: (v.met ? 'green' : 'red') as Tone, title: `${p}: ${fmtNum(v.count)} leads, target ${v.met ? 'met' : 'missed'}` })), { ariaLabel: `${k} volume per period` }) : h('p', { class: 'meta' }, 'no lead counted'),
      h('p', { class: 'legend' }, h('span', { class: 'swatch tone-green' }), ' target met ', h('span', { class: 'swatch tone-red' }), ' target missed'));
  }
  return section('SLAs', ...children);
}

function warningsSection(d: PreviewData): HTMLElement {
  if (d.warningCount === 0) return section('Data warnings', h('p', { class: 'meta' }, 'None: every value parsed as its field type.'));
  return section(`Data warnings (${fmtNum(d.warningCount)})`,
    table(['file', 'row', 'lead', 'field', 'message'], d.warnings.map((w) => [w.file ?? '', w.row !== undefined ? String(w.row) : '', w.lead ?? '', w.field ?? '', w.message]), [false, true]),
    d.warningCount > d.warnings.length ? h('p', { class: 'meta' }, `… and ${fmtNum(d.warningCount - d.warnings.length)} more (run \`leadspec simulate\` for all).`) : null);
}

export function explanationView(id: string, lead: LeadResult | null): Child[] {
  if (!lead) return [h('p', { class: 'meta' }, `Lead ${id} is no longer in the simulation.`)];
  const out: Child[] = [h('h3', {}, `Lead ${lead.id}`)];
  out.push(h('p', {}, lead.icps.length ? 'ICPs: ' + lead.icps.map((m) => `${m.id}${m.tier ? ` (${m.tier})` : ''}${m.personas.length ? ` — ${m.personas.join(', ')}` : ''}`).join('; ') : 'Matches no ICP.'));
  for (const [model, sc] of Object.entries(lead.scores)) {
    out.push(h('h4', {}, `${model}: ${sc.grade}${sc.mql ? ' · MQL' : ''}${sc.disqualified ? ' · disqualified' : ''}`),
      h('p', { class: 'meta' }, `fit ${fmtNum(sc.fit)} + engagement ${fmtNum(sc.engagement)} → total ${fmtNum(sc.total)}`),
      sc.explanation.length ? table(['section', 'rule', 'points'], sc.explanation.map((e) => 'clamp' in e
        ? [e.section, `${e.group ?? e.rule ?? 'section'} ${e.clamp} clamp`, `−${fmtNum(e.cut)}`]
        : [e.section, e.group ? `${e.group}/${e.rule}` : e.rule, `${e.points > 0 ? '+' : ''}${fmtNum(e.points)}${'events' in e && e.events ? ` (${e.events} events)` : ''}`]), [false, false, true])
        : h('p', { class: 'meta' }, 'No rule contributed.'));
  }
  const slas = Object.entries(lead.sla);
  if (slas.length) {
    out.push(h('h4', {}, 'SLAs'), table(['commitment', 'status', 'due', 'elapsed'], slas.map(([k, v]) => [k, h('span', { class: `sla-status sla-${v.status}` }, v.status), v.due, `${fmtNum(v.elapsed_minutes)} min`]), [false, false, false, true]));
  }
  return out;
}
