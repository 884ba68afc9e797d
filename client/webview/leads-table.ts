// The lead table of the preview: sortable by any column, filterable by grade, ICP, MQL and id.
// Only a page of rows is in the DOM at a time, so 10k leads stay responsive.
import type { LeadRow } from './protocol.js';
import { h, fmtNum, clear } from './dom.js';

const PAGE = 100;
type SortKey = 'id' | 'icp' | 'total' | 'grade' | 'mql';

/** What the reader chose; kept across live updates so an edit does not reset the table. */
export interface TableState {
  model?: string;
  sort: { key: SortKey; dir: 1 | -1 };
  shown: number;
  filters: { grade: string; icp: string; mql: string; text: string };
  selected?: string;
}
export const newTableState = (): TableState => ({ sort: { key: 'total', dir: -1 }, shown: PAGE, filters: { grade: '', icp: '', mql: '', text: '' } });

export class LeadTable {
  readonly element: HTMLElement;
  private get model(): string { return this.state.model ?? ''; }
  private set model(m: string) { this.state.model = m; }
  private get sort() { return this.state.sort; }
  private set sort(v: TableState['sort']) { this.state.sort = v; }
  private get shown() { return this.state.shown; }
  private set shown(n: number) { this.state.shown = n; }
  private get filters() { return this.state.filters; }
  private body = h('tbody');
  private head = h('thead');
  private count = h('span', { class: 'meta' });
  private more = h('button', { type: 'button', class: 'link' }, 'Show more');
  private gradeSelect = h('select', { 'aria-label': 'grade filter' });

  constructor(private rows: LeadRow[], private models: string[], private gradeOrder: Record<string, string[]>, private onPick: (id: string) => void,
    private readonly state: TableState = newTableState()) {
    if (!this.state.model || !models.includes(this.state.model)) this.model = models[0] ?? '';
    const modelSelect = h('select', { 'aria-label': 'scoring model' }, ...models.map((m) => h('option', { value: m }, m)));
    modelSelect.value = this.model;
    modelSelect.addEventListener('change', () => { this.model = modelSelect.value; this.filters.grade = ''; this.fillGrades(); this.render(); });
    this.gradeSelect.addEventListener('change', () => { this.filters.grade = this.gradeSelect.value; this.render(); });
    const icps = [...new Set(rows.flatMap((r) => r.icps))].sort();
    const icpSelect = h('select', { 'aria-label': 'ICP filter' }, h('option', { value: '' }, 'any ICP'), h('option', { value: '-' }, 'no ICP'), ...icps.map((i) => h('option', { value: i }, i)));
    icpSelect.addEventListener('change', () => { this.filters.icp = icpSelect.value; this.render(); });
    const mqlSelect = h('select', { 'aria-label': 'MQL filter' }, h('option', { value: '' }, 'MQL or not'), h('option', { value: 'yes' }, 'MQL only'), h('option', { value: 'no' }, 'not MQL'));
    mqlSelect.addEventListener('change', () => { this.filters.mql = mqlSelect.value; this.render(); });
    icpSelect.value = icps.includes(this.filters.icp) || this.filters.icp === '-' ? this.filters.icp : (this.filters.icp = '');
    mqlSelect.value = this.filters.mql;
    const search = h('input', { type: 'search', placeholder: 'lead id…', 'aria-label': 'lead id filter' });
    search.value = this.filters.text;
    search.addEventListener('input', () => { this.filters.text = search.value.trim().toLowerCase(); this.render(); });
    this.more.addEventListener('click', () => { this.shown += PAGE; this.render(); });
    this.fillGrades();
    const tableEl = h('table', { class: 'grid leads' }, this.head, this.body);
    this.body.addEventListener('click', (ev) => {
      const tr = (ev.target as Element).closest('tr');
      const id = tr?.getAttribute('data-id');
      if (tr && id !== null && id !== undefined) {
        this.body.querySelectorAll('tr.selected').forEach((x) => x.classList.remove('selected'));
        tr.classList.add('selected');
        this.state.selected = id;
        this.onPick(id);
      }
    });
    this.body.addEventListener('keydown', (ev) => { if ((ev as KeyboardEvent).key === 'Enter') (ev.target as HTMLElement).click(); });
    this.element = h('div', { class: 'lead-table' },
      h('div', { class: 'filters' }, models.length > 1 ? modelSelect : null, this.gradeSelect, icpSelect, mqlSelect, search, this.count),
      h('div', { class: 'scroll' }, tableEl), this.more);
    this.render();
  }

  private fillGrades(): void {
    const order = this.gradeOrder[this.model] ?? [];
    const seen = new Set(this.rows.map((r) => r.scores[this.model]?.grade).filter((g): g is string => !!g));
    const grades = [...order.filter((g) => seen.has(g)), ...[...seen].filter((g) => !order.includes(g)).sort()];
    this.gradeSelect.replaceChildren(h('option', { value: '' }, 'any grade'), ...grades.map((g) => h('option', { value: g }, g)));
    if (!grades.includes(this.filters.grade)) this.filters.grade = '';
    this.gradeSelect.value = this.filters.grade;
  }

  private filtered(): LeadRow[] {
    const { grade, icp, mql, text } = this.filters;
    const m = this.model;
    return this.rows.filter((r) => {
      const sc = r.scores[m];
      if (grade && sc?.grade !== grade) return false;
      if (mql && (mql === 'yes') !== !!sc?.mql) return false;
      if (icp === '-' ? r.icps.length > 0 : icp && !r.icps.includes(icp)) return false;
      return !text || r.id.toLowerCase().includes(text);
    });
  }

  private sorted(rows: LeadRow[]): LeadRow[] {
    const { key, dir } = this.sort;
    const m = this.model;
    const order = this.gradeOrder[m] ?? [];
    const rank = (g: string | undefined) => (g === undefined ? 1e9 : g === 'disqualified' ? 1e8 : order.includes(g) ? order.indexOf(g) : 1e7);
    const cmp: (a: LeadRow, b: LeadRow) => number = {
      id: (a: LeadRow, b: LeadRow) => a.id.localeCompare(b.id, undefined, { numeric: true }),
      icp: (a: LeadRow, b: LeadRow) => (a.icps.join(',') || '~').localeCompare(b.icps.join(',') || '~'),
      total: (a: LeadRow, b: LeadRow) => (a.scores[m]?.total ?? -Infinity) - (b.scores[m]?.total ?? -Infinity),
      // Ascending grade = best first, so "descending total" and "ascending grade" agree.
      grade: (a: LeadRow, b: LeadRow) => rank(b.scores[m]?.grade) - rank(a.scores[m]?.grade),
      mql: (a: LeadRow, b: LeadRow) => Number(!!a.scores[m]?.mql) - Number(!!b.scores[m]?.mql),
    }[key];
    return rows.map((r, i) => [r, i] as const).sort((x, y) => dir * cmp(x[0], y[0]) || x[1] - y[1]).map((x) => x[0]);
  }

  private render(): void {
    const cols: [SortKey, string, boolean][] = [['id', 'lead', false], ['icp', 'ICP / tier', false], ['total', 'total', true], ['grade', 'grade', false], ['mql', 'MQL', false]];
    clear(this.head);
    const tr = h('tr');
    for (const [key, label, num] of cols) {
      const active = this.sort.key === key;
      const btn = h('button', { type: 'button', class: 'sort', 'aria-sort': active ? (this.sort.dir === 1 ? 'ascending' : 'descending') : undefined }, label + (active ? (this.sort.dir === 1 ? ' ▲' : ' ▼') : ''));
      btn.addEventListener('click', () => { this.sort = { key, dir: active ? (-this.sort.dir as 1 | -1) : key === 'total' || key === 'mql' ? -1 : 1 }; this.render(); });
      tr.appendChild(h('th', { class: num ? 'num' : undefined }, btn));
    }
    this.head.appendChild(tr);
    const rows = this.sorted(this.filtered());
    clear(this.body);
    const frag = document.createDocumentFragment();
    for (const r of rows.slice(0, this.shown)) {
      const sc = r.scores[this.model];
      frag.appendChild(h('tr', { 'data-id': r.id, tabindex: 0, class: r.id === this.state.selected ? 'clickable selected' : 'clickable' },
        h('td', {}, r.id), h('td', {}, r.icps.join(', ') || '—'), h('td', { class: 'num' }, sc ? fmtNum(sc.total) : '—'),
        h('td', {}, sc ? h('span', { class: `grade` }, sc.grade) : '—'), h('td', {}, sc?.mql ? h('span', { class: 'mql' }, 'MQL') : '')));
    }
    this.body.appendChild(frag);
    this.count.textContent = `${fmtNum(Math.min(rows.length, this.shown))} of ${fmtNum(rows.length)} shown${rows.length !== this.rows.length ? ` (${fmtNum(this.rows.length)} in all)` : ''}`;
    this.more.hidden = rows.length <= this.shown;
  }
}
