// Clean SVG charts coloured by the VS Code theme (classes map to --vscode-charts-* in style.css).
// Sizes are SVG attributes (viewBox), never inline styles, so the strict CSP holds.
import { s, fmtNum } from './dom.js';

export interface Bar { label: string; value: number; tone?: Tone; title?: string }
export type Tone = 'blue' | 'green' | 'red' | 'yellow' | 'orange' | 'purple' | 'grey';

/** Vertical bars with the value above each bar and the label below. */
export function columnChart(bars: Bar[], opts: { height?: number; ariaLabel: string; minBarWidth?: number } = { ariaLabel: '' }): SVGSVGElement {
  const height = opts.height ?? 150;
  // Wide enough for its label when there are few bars; narrow bars thin out their labels.
  const longest = Math.max(1, ...bars.map((b) => b.label.length));
  const bw = bars.length > 20 ? 14 : Math.max(opts.minBarWidth ?? 28, Math.min(64, longest * 6.5 + 2));
  const gap = bars.length > 20 ? 4 : 10;
  const top = 18, bottom = 22;
  const width = Math.max(120, bars.length * (bw + gap) + gap);
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': opts.ariaLabel, class: 'chart' });
  const plot = height - top - bottom;
  svg.appendChild(s('line', { x1: 0, x2: width, y1: top + plot + 0.5, y2: top + plot + 0.5, class: 'axis' }));
  bars.forEach((b, i) => {
    const x = gap + i * (bw + gap);
    const hgt = b.value === 0 ? 0 : Math.max(1, (Math.abs(b.value) / max) * plot);
    const y = top + plot - hgt;
    svg.appendChild(s('rect', { x, y, width: bw, height: hgt, rx: 2, class: `bar tone-${b.tone ?? 'blue'}` }, s('title', {}, b.title ?? `${b.label}: ${fmtNum(b.value)}`)));
    svg.appendChild(s('text', { x: x + bw / 2, y: y - 4, 'text-anchor': 'middle', class: 'value' }, fmtNum(b.value)));
    const every = bars.length > 20 ? Math.ceil((longest * 6.5) / (bw + gap)) : 1;
    if (i % every === 0) {
      svg.appendChild(s('text', { x: x + bw / 2, y: height - 6, 'text-anchor': 'middle', class: 'label' }, truncate(b.label, bars.length > 20 ? longest : Math.floor(bw / 6.2) + 1)));
    }
  });
  return svg;
}

/** Horizontal bars: label on the left, value on the right; for rule match counts. */
export function barList(bars: Bar[], opts: { ariaLabel: string; labelWidth?: number; total?: number }): SVGSVGElement {
  const row = 20, lw = opts.labelWidth ?? 180, width = 520, vw = 60;
  const height = Math.max(row, bars.length * row) + 4;
  const max = Math.max(1, opts.total ?? 0, ...bars.map((b) => Math.abs(b.value)));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': opts.ariaLabel, class: 'chart' });
  bars.forEach((b, i) => {
    const y = i * row + 2;
    const w = b.value === 0 ? 0 : Math.max(1, (Math.abs(b.value) / max) * (width - lw - vw));
    svg.appendChild(s('text', { x: lw - 8, y: y + 13, 'text-anchor': 'end', class: 'label' }, truncate(b.label, Math.floor(lw / 6.2))));
    svg.appendChild(s('rect', { x: lw, y: y + 3, width: w, height: row - 7, rx: 2, class: `bar tone-${b.tone ?? 'blue'}` }, s('title', {}, b.title ?? `${b.label}: ${fmtNum(b.value)}`)));
    svg.appendChild(s('text', { x: lw + w + 6, y: y + 13, class: 'value' }, fmtNum(b.value)));
  });
  return svg;
}

/** One horizontal bar split into parts (e.g. met / breached / open). */
export function stackedBar(parts: Bar[], opts: { ariaLabel: string; width?: number }): SVGSVGElement {
  const width = opts.width ?? 320, height = 16;
  const total = parts.reduce((a, p) => a + Math.max(0, p.value), 0);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': opts.ariaLabel, class: 'chart' });
  if (total === 0) { svg.appendChild(s('rect', { x: 0, y: 0, width, height, rx: 3, class: 'bar tone-grey' })); return svg; }
  let x = 0;
  for (const p of parts) {
    if (p.value <= 0) continue;
    const w = (p.value / total) * width;
    svg.appendChild(s('rect', { x, y: 0, width: w, height, class: `bar tone-${p.tone ?? 'blue'}` }, s('title', {}, p.title ?? `${p.label}: ${fmtNum(p.value)}`)));
    x += w;
  }
  return svg;
}

function truncate(t: string, n: number): string {
  return t.length <= n ? t : t.slice(0, Math.max(1, n - 1)) + '…';
}
