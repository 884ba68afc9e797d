// Entry of the preview page (bundled to dist/webview/main.js). Receives typed HostMessages from
// the extension and answers with PageMessages; builds the DOM with textContent only.
import type { HostMessage, PageMessage, ViewKind } from './protocol.js';
import { h, clear } from './dom.js';
import { renderPreview } from './preview.js';
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
let explanation: ((id: string, lead: Parameters<ReturnType<typeof renderPreview>['showExplanation']>[1]) => void) | undefined;

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
      // Keep the last good page under the message: a half-typed definition should not blank it.
      const notice = h('div', { class: 'notice error', role: 'alert', id: 'live-error' }, m.message);
      const prev = document.getElementById('live-error');
      if (prev) prev.replaceWith(notice);
      else if (root.querySelector('section')) root.insertBefore(notice, root.firstChild);
      else { clear(root); root.appendChild(notice); }
      break;
    }
    case 'preview': {
      if (view !== 'preview') return;
      status.textContent = '';
      status.className = 'status';
      // Keep the reader's place across live updates.
      const y = window.scrollY;
      clear(root);
      explanation = renderPreview(root, m.data, post, tableState).showExplanation;
      window.scrollTo(0, y);
      break;
    }
    case 'diff':
      if (view !== 'diff') return;
      status.textContent = '';
      status.className = 'status';
      clear(root);
      renderDiff(root, m.data, post);
      break;
    case 'explanation':
      explanation?.(m.id, m.lead);
      vscode.setState({ table: tableState });
      break;
  }
});

post({ type: 'ready' });
