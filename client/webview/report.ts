// Entry of the standalone HTML report of `leadspec report` (bundled to dist/webview/report.js and
// inlined into the file by server/src/commands/report.ts). The same pages as the editor's preview
// and diff views, fed from the JSON embedded in the file instead of messages: no network, no
// VS Code. Data is read from <script type="application/json"> and inserted with textContent only.
import type { LeadResult } from '../../server/src/core/results.js';
import type { ReportData } from '../../server/src/core/report/report-html.js';
import type { LeadRow, PageMessage } from './protocol.js';
import { h, section, table, fmtNum, fmtPct, type Child } from './dom.js';
import { renderPreview } from './preview.js';
import { renderDiff } from './diff-view.js';
import { columnChart, type Tone } from './charts.js';
import { breakdownView } from './breakdown.js';
import './style.css';

const data = JSON.parse(document.getElementById('report-data')!.textContent ?? '{}') as ReportData;
const root = document.getElementById('root')!;
const byId = new Map<string, LeadResult>(data.leads.map((l) => [l.id, l]));

const rows: LeadRow[] = data.leads.map((l) => {
  const scores: LeadRow['scores'] = {};
  for (const id in l.scores) { const s = l.scores[id]; scores[id] = { total: s.total, grade: s.grade, mql: s.mql }; }
  return { id: l.id, icps: l.icps.map((m) => (m.tier ? `${m.id}/${m.tier}` : m.id)), scores };
});

root.appendChild(h('p', { class: 'meta report-meta' }, `LeadSpec report generated ${data.generated} · ${data.title}`));
if (data.diff) renderDiff(root, data.diff, () => undefined);

let show: ((id: string, lead: LeadResult | null) => void) | undefined;
const post = (m: PageMessage) => { if (m.type === 'explain') show?.(m.id, byId.get(m.id) ?? null); };
const page = h('div', { class: 'report-simulation' });
if (data.diff) page.appendChild(h('h1', { class: 'report-part' }, 'The change applied: simulation of the working tree'));
root.appendChild(page);
show = renderPreview(page, { ...data.simulation, leads: rows }, post).showExplanation;
if (data.backtest) root.appendChild(backtestSection(data.backtest));
if (data.breakdown) root.appendChild(section(`By ${data.breakdown.field}`, ...breakdownView(data.breakdown)));

/** The backtest (SPEC §11): per model AUC, MQL precision and recall, lift per grade, cumulative gains. */
function backtestSection(b: NonNullable<ReportData['backtest']>): HTMLElement {
  const p = b.population;
  const parts: Child[] = [h('p', { class: 'meta' }, `Scored at ${b.as_of}${b.until ? `, conversions until ${b.until} (${b.horizon})` : ' (conversion flag: behaviour after the conversion may count)'}: `
    + `${fmtNum(p.leads)} leads, ${fmtNum(p.converted)} converted (${fmtPct(p.rate)}); left out: ${fmtNum(p.excluded.created_after)} created later, ${fmtNum(p.excluded.converted_before)} converted before.`)];
  for (const [id, m] of Object.entries(b.scoring)) {
    parts.push(h('h3', {}, `Scoring model ${id}`),
      h('div', { class: 'kpis' }, ...[['AUC', m.auc === null ? '—' : m.auc.toFixed(3)], ['MQL precision', fmtPct(m.mql.precision)], ['MQL recall', fmtPct(m.mql.recall)], ['MQL lift', m.mql.lift === null ? '—' : `${m.mql.lift.toFixed(2)}×`]]
        .map(([l, v]) => h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, v), h('div', { class: 'kpi-label' }, l)))),
      h('div', { class: 'two-col' },
        h('div', {}, h('h4', {}, 'Conversion by grade'), table(['grade', 'leads', 'converted', 'rate', 'lift'], Object.entries(m.grades).map(([g, r]) => [g, fmtNum(r.leads), fmtNum(r.converted), fmtPct(r.rate), r.lift === null ? '—' : `${r.lift.toFixed(2)}×`]), [false, true, true, true, true])),
        h('div', {}, h('h4', {}, 'Share of conversions captured by the top leads'), columnChart(m.gains.map((g) => ({ label: `${Math.round(g.top * 100)}%`, value: g.captured === null ? 0 : Math.round(g.captured * 1000) / 10, tone: 'green' as Tone, title: `top ${Math.round(g.top * 100)}% (${fmtNum(g.leads)} leads): ${fmtPct(g.captured)} of conversions` })), { ariaLabel: `cumulative gains of ${id}` }))),
      m.recommended ? h('p', {}, `For a capacity of ${fmtNum(m.recommended.capacity)} leads: MQL when total ≥ ${fmtNum(m.recommended.min)} (${fmtNum(m.recommended.leads)} leads, precision ${fmtPct(m.recommended.precision)}, recall ${fmtPct(m.recommended.recall)}).`) : null);
  }
  return section('Backtest: do high scores convert?', ...parts);
}
