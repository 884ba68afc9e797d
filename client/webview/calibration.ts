// The preview's calibration view (format §11): per model, the conversion rate by grade with its
// lift, the gains curve against the random diagonal, and precision and recall against the MQL
// threshold with the model's own MQL volume and the recommendation for sales' capacity marked.
// Built with DOM calls only (textContent), sized by SVG attributes, so the CSP holds.
import type { BacktestResult, ModelBacktest } from '../../server/src/core/outcomes/backtest.js';
import { h, s, section, fmtNum, fmtPct, type Child } from './dom.js';
import { barList, type Tone } from './charts.js';

const W = 520, H = 220, L = 40, R = 12, T = 12, B = 30;

interface Series { label: string; points: [number, number][]; tone: Tone; dashed?: boolean }

/** A line chart over [x0, x1] × [0, 1], with optional vertical markers. */
function lineChart(series: Series[], opts: { ariaLabel: string; x: [number, number]; xLabel: (x: number) => string; markers?: { x: number; label: string; tone: Tone }[] }): SVGSVGElement {
  const [x0, x1] = opts.x;
  const px = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (y: number) => T + (1 - y) * (H - T - B);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': opts.ariaLabel, class: 'chart' });
  for (const y of [0, 0.25, 0.5, 0.75, 1]) {
    svg.appendChild(s('line', { x1: L, x2: W - R, y1: py(y), y2: py(y), class: 'axis' }));
    svg.appendChild(s('text', { x: L - 4, y: py(y) + 4, 'text-anchor': 'end', class: 'label' }, `${Math.round(y * 100)}%`));
  }
  for (const x of [x0, (x0 + x1) / 2, x1]) svg.appendChild(s('text', { x: px(x), y: H - 8, 'text-anchor': 'middle', class: 'label' }, opts.xLabel(x)));
  (opts.markers ?? []).forEach((m, i) => {
    svg.appendChild(s('line', { x1: px(m.x), x2: px(m.x), y1: T, y2: H - B, class: `marker stroke-${m.tone}` }, s('title', {}, m.label)));
    // Labels one under the other (markers may be close), on the side with room.
    const right = px(m.x) > (L + W - R) / 2;
    svg.appendChild(s('text', { x: px(m.x) + (right ? -3 : 3), y: T + 10 + i * 13, 'text-anchor': right ? 'end' : 'start', class: 'label marker-label' }, m.label));
  });
  for (const ser of series) {
    if (ser.points.length === 0) continue;
    const d = ser.points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    svg.appendChild(s('path', { d, class: `series stroke-${ser.tone}${ser.dashed ? ' dashed' : ''}` }, s('title', {}, ser.label)));
  }
  return svg;
}

const legend = (items: [string, Tone, boolean?][]): HTMLElement =>
  h('p', { class: 'legend' }, ...items.flatMap(([label, tone]) => [h('span', { class: `swatch tone-${tone}` }), ` ${label} `]));

function kpi(label: string, value: string): HTMLElement {
  return h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label));
}

function modelView(id: string, m: ModelBacktest, b: BacktestResult): HTMLElement {
  const grades = Object.entries(m.grades);
  const gains: [number, number][] = [[0, 0], ...m.gains.filter((g) => g.captured !== null).map((g): [number, number] => [g.top, g.captured!])];
  const sweep = m.thresholds;
  const anchor = sweep.length ? sweep.reduce((a, t) => (Math.abs(t.leads - m.mql.leads) < Math.abs(a.leads - m.mql.leads) ? t : a), sweep[0]) : undefined;
  const markers = [
    ...(anchor ? [{ x: anchor.min, label: `MQL volume (${fmtNum(m.mql.leads)})`, tone: 'grey' as Tone }] : []),
    ...(m.recommended ? [{ x: m.recommended.min, label: `capacity ${fmtNum(m.recommended.capacity)}: ≥ ${fmtNum(m.recommended.min)}`, tone: 'orange' as Tone }] : []),
  ];
  const lo = sweep.length ? sweep[sweep.length - 1].min : 0, hi = sweep.length ? sweep[0].min : 1;
  const children: Child[] = [
    h('div', { class: 'kpis' }, kpi('AUC', m.auc === null ? '—' : m.auc.toFixed(2)), kpi('base rate', fmtPct(b.population.rate)),
      kpi('MQL precision', fmtPct(m.mql.precision)), kpi('MQL recall', fmtPct(m.mql.recall))),
    h('h3', {}, 'Conversion rate by grade (%)'),
    barList(grades.map(([g, r]) => ({ label: g, value: r.rate === null ? 0 : Math.round(r.rate * 1000) / 10, tone: (r.lift !== null && r.lift >= 1 ? 'green' : 'blue') as Tone,
      title: `${g}: ${fmtNum(r.converted)} of ${fmtNum(r.leads)} converted (${fmtPct(r.rate)}), lift ${r.lift === null ? '—' : r.lift.toFixed(2)}×` })), { ariaLabel: `conversion rate by grade of ${id}` }),
    h('p', { class: 'meta' }, 'Lift: ' + grades.map(([g, r]) => `${g} ${r.lift === null ? '—' : `${r.lift.toFixed(2)}×`}`).join(' · ')),
    h('h3', {}, 'Gains: share of conversions in the top leads'),
    lineChart([{ label: 'random order', points: [[0, 0], [1, 1]], tone: 'grey', dashed: true }, { label: `${id}`, points: gains, tone: 'blue' }],
      { ariaLabel: `gains curve of ${id}`, x: [0, 1], xLabel: (x) => `top ${Math.round(x * 100)}%` }),
    legend([[id, 'blue'], ['random order', 'grey']]),
    h('h3', {}, 'Precision and recall if MQL were total ≥ m'),
    sweep.length ? lineChart([
      { label: 'precision', points: sweep.filter((t) => t.precision !== null).map((t): [number, number] => [t.min, t.precision!]), tone: 'green' },
      { label: 'recall', points: sweep.filter((t) => t.recall !== null).map((t): [number, number] => [t.min, t.recall!]), tone: 'purple' },
    ], { ariaLabel: `precision and recall by threshold of ${id}`, x: [lo, hi], xLabel: (x) => `≥ ${Math.round(x)}`, markers }) : h('p', { class: 'meta' }, 'No score to sweep.'),
    legend([['precision', 'green'], ['recall', 'purple']]),
    m.recommended ? h('p', {}, h('strong', {}, `Recommended for ${fmtNum(m.recommended.capacity)} MQLs: total ≥ ${fmtNum(m.recommended.min)}`),
      ` — ${fmtNum(m.recommended.leads)} leads, precision ${fmtPct(m.recommended.precision)}, recall ${fmtPct(m.recommended.recall)}`) : null,
  ];
  return section(`Calibration of ${id}`, ...children);
}

/** The calibration section of the preview (one card per model). */
export function calibrationView(b: BacktestResult): HTMLElement {
  const head = b.horizon
    ? `Scored as of ${b.as_of}; conversions until ${b.until} (${b.horizon}). ${fmtNum(b.population.leads)} leads, ${fmtNum(b.population.converted)} converted.`
    : `Conversion flag without times: scored as of ${b.as_of}, so this may count behaviour from after the conversion. ${fmtNum(b.population.leads)} leads, ${fmtNum(b.population.converted)} converted.`;
  const cards = h('div', { class: 'cards' });
  for (const [id, m] of Object.entries(b.scoring)) cards.appendChild(modelView(id, m, b));
  return h('div', { class: 'calibration' }, h('h2', {}, 'Calibration (backtest)'), h('p', { class: 'meta' }, head), cards);
}
