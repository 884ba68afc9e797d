// A breakdown by segment (`--by FIELD`) as the preview and the HTML report draw it: per model the
// MQL rate per value as a chart over the grade-mix table, per response commitment the attainment
// table with a met / breached / open bar per value. The tables are the core's
// (server/src/core/report/breakdown-format.ts: the same rows, `all` row included, as
// `simulate --by`); this file only formats their cells. Text through textContent only (dom.ts).
import type { Breakdown } from '../../server/src/core/eval/breakdown.js';
import { breakdownTables, type BreakdownCell } from '../../server/src/core/report/breakdown-format.js';
import type { ByData, SegmentChoices } from './protocol.js';
import { h, append, clear, table, fmtNum, fmtPct, type Child } from './dom.js';
import { columnChart, stackedBar, type Tone } from './charts.js';

/** A share rounded as the summary's ratios are (4 decimals), so the `all` row matches the model's card. */
function cell(c: BreakdownCell): string {
  if (c === null) return '—';
  if (typeof c === 'object') return fmtPct(Math.round((c.n / c.d) * 10000) / 10000);
  return typeof c === 'number' ? fmtNum(c) : c;
}

/** The charts and tables of one breakdown (headings included, no section around them). */
export function breakdownView(b: Breakdown): Child[] {
  const out: Child[] = [];
  for (const t of breakdownTables(b)) {
    const rows: Child[][] = t.rows.map((r) => r.map(cell));
    if (t.kind === 'scoring') {
      const m = b.scoring[t.key];
      out.push(h('h3', {}, t.title),
        columnChart(b.values.map((v) => ({ label: v.value, value: Math.round((m.values[v.value]?.mql_rate ?? 0) * 1000) / 10, tone: 'green' as Tone, title: `${v.value}: ${fmtNum(m.values[v.value]?.mql ?? 0)} MQL of ${fmtNum(m.values[v.value]?.leads ?? 0)} leads` })),
          { ariaLabel: `MQL rate (%) by ${b.field} for ${t.key}` }),
        h('p', { class: 'legend' }, `MQL rate (%) per ${b.field}`),
        totalLast(table(t.head, rows, t.numeric)));
    } else {
      const per = b.sla[t.key];
      // The bar per value (not under `all`: the summary's SLA table has that one).
      const bars = t.rows.map((r, i) => (i === t.rows.length - 1 ? '' : slaBar(t.key, String(r[0]), per[String(r[0])])));
      out.push(h('h3', {}, t.title), totalLast(table([...t.head, ''], rows.map((r, i) => [...r, bars[i]]), [...t.numeric, false])));
    }
  }
  return out;
}

function slaBar(key: string, value: string, x: { met: number; breached: number; open: number }): SVGSVGElement {
  return stackedBar([{ label: 'met', value: x.met, tone: 'green' }, { label: 'breached', value: x.breached, tone: 'red' }, { label: 'open', value: x.open, tone: 'grey' }],
    { ariaLabel: `${key} for ${value}`, width: 200 });
}

/** Marks the `all` row (the sum of the rows above it). */
function totalLast(t: HTMLTableElement): HTMLTableElement {
  t.tBodies[0]?.lastElementChild?.setAttribute('class', 'total');
  t.classList.add('breakdown');
  return t;
}

/**
 * The preview's "By segment" card: a picker of the field (the catalog's segment fields, then the
 * other fields and columns `--by` accepts) and its breakdown. `pick` asks the host for another one.
 */
export function segmentCard(choices: SegmentChoices | undefined, by: ByData | undefined, pick: (field: string | null) => void): HTMLElement {
  const card = h('section', { class: 'card', id: 'breakdown' });
  renderSegmentCard(card, choices, by, pick);
  return card;
}

export function renderSegmentCard(card: HTMLElement, choices: SegmentChoices | undefined, by: ByData | undefined, pick: (field: string | null) => void): void {
  const field = by?.field ?? null;
  const fields = choices?.fields ?? [], columns = choices?.columns ?? [];
  const option = (v: string) => h('option', { value: v }, v);
  const known = new Set([...fields, ...columns]);
  const select = h('select', { id: 'segment-field', 'aria-label': 'Break the simulation down by' },
    h('option', { value: '' }, '— no breakdown —'),
    field !== null && !known.has(field) ? option(field) : null,
    fields.length ? h('optgroup', { label: 'Segments (catalog enum, string and boolean fields)' }, ...fields.map(option)) : null,
    columns.length ? h('optgroup', { label: 'Other fields and columns (many values are folded)' }, ...columns.map(option)) : null);
  select.value = field ?? '';
  select.addEventListener('change', () => pick(select.value === '' ? null : select.value));
  const body: Child[] = [];
  if (by?.problem) body.push(h('div', { class: 'notice' }, by.problem));
  if (by?.breakdown) body.push(...breakdownView(by.breakdown));
  else if (field === null) body.push(h('p', { class: 'meta' }, 'Pick a field to see the grade mix, MQL count and rate and SLA attainment per value (as `leadspec simulate --by FIELD`).'));
  clear(card);
  append(card, [h('h2', {}, field === null ? 'By segment' : `By ${field}`),
    h('p', { class: 'segment-pick' }, h('label', { for: 'segment-field' }, 'Break down by '), select), ...body]);
}
