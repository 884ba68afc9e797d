// Entry of the preview page (bundled to dist/webview/main.js). Receives typed HostMessages from
// the extension and answers with PageMessages; builds the DOM with textContent only.
import type { HostMessage, InvalidData, PageMessage, ViewKind } from './protocol.js';
import { h, clear } from './dom.js';
import { renderPreview, type PreviewPage } from './preview.js';
import { newTableState } from './leads-table.js';
import { renderDiff } from './diff-view.js';
import './style.css';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const post = (m: PageMessage) => vscode.postMessage(m);
const view = (document.body.dataset.view ?? 'preview') as ViewKind;
const root = document.getElementById('root')!;
const status = document.getElementById('status')!;
// The lead table's sort, filters and selection survive live updates (and a reload of the page).
const tableState = Object.assign(newTableState(), (vscode.getState() as { table?: object } | undefined)?.table ?? {});
let preview: PreviewPage | undefined;

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'busy':
      status.textContent = m.message;
      status.className = 'status busy';
      break;
    case 'error': {
      status.textContent = '';
      status.className = 'status';
      showNotice(h('div', { class: 'notice error', role: 'alert', id: 'live-error' }, m.message));
      break;
    }
    case 'invalid': {
      status.textContent = '';
      status.className = 'status';
      const stale = root.querySelector('section') !== null;
      showNotice(invalidNotice(m.data, stale));
      // The last good result stays, dimmed and labelled: it was computed from other definitions.
      root.classList.toggle('stale', stale);
      break;
    }
    case 'preview': {
      if (view !== 'preview') return;
      status.textContent = '';
      status.className = 'status';
      // Keep the reader's place across live updates.
      const y = window.scrollY;
      clear(root);
      root.classList.remove('stale');
      preview = renderPreview(root, m.data, post, tableState);
      window.scrollTo(0, y);
      break;
    }
    case 'diff':
      if (view !== 'diff') return;
      status.textContent = '';
      status.className = 'status';
      clear(root);
      root.classList.remove('stale');
      renderDiff(root, m.data, post);
      break;
    case 'explanation':
      preview?.showExplanation(m.id, m.lead);
      vscode.setState({ table: tableState });
      break;
    case 'breakdown':
      if (view === 'preview') preview?.showBreakdown(m.data);
      break;
  }
});

/** Puts a notice above the page, replacing the previous one; a half-typed definition never blanks the page. */
function showNotice(notice: HTMLElement): void {
  const prev = document.getElementById('live-error');
  if (prev) prev.replaceWith(notice);
  else if (root.querySelector('section')) root.insertBefore(notice, root.firstChild);
  else { clear(root); root.appendChild(notice); }
}

/** validate's diagnostics, each a link that opens the file at the line (the working tree's files only). */
function invalidNotice(d: InvalidData, stale: boolean): HTMLElement {
  const items = d.diagnostics.map((x) => {
    const where = `${x.label}:${x.line}:${x.column}`;
    const link = x.openable
      ? h('a', { href: '#', class: 'diag-link', title: `Open ${x.label} at line ${x.line}` }, where)
      : h('span', { class: 'diag-link' }, where);
    if (x.openable) link.addEventListener('click', (ev) => { ev.preventDefault(); post({ type: 'open', file: x.file, line: x.line, column: x.column }); });
    return h('li', { class: `diag ${x.severity}` }, link, `: ${x.severity} ${x.code} ${x.message}`);
  });
  return h('div', { class: 'notice error invalid', role: 'alert', id: 'live-error' },
    h('strong', {}, `Not simulated: ${d.where} have errors (${d.summary}).`),
    stale ? h('p', { class: 'meta stale-note' }, 'The result below is stale: it was computed before these errors.') : null,
    h('ul', { class: 'diags' }, ...items));
}

post({ type: 'ready' });
