// The standalone HTML report of `leadspec report`: one file with its CSS, script and data inline,
// no network (a strict Content-Security-Policy with one nonce allows only its own <style> and
// <script>), readable from file://. The data is JSON inside <script type="application/json">,
// with every `<` written as \u003c so no value can close the element or open a comment; the page
// script (client/webview/report.ts) builds the DOM from it with textContent only.
import type { DataWarning, LeadResult, Summary } from '../results.js';
import type { DiffResult } from '../diff/simulations.js';
import type { Breakdown } from '../eval/breakdown.js';
import type { BacktestResult } from '../outcomes/backtest.js';

/** What the page reads (the shapes of client/webview/protocol.ts' PreviewData and DiffData, without leads rows). */
export interface ReportData {
  title: string;
  /** ISO 8601 UTC. */
  generated: string;
  simulation: {
    source: string; as_of: string; gradeOrder: Record<string, string[]>; summary: Summary;
    warnings: DataWarning[]; warningCount: number; problems: string[]; elapsedMs: number;
  };
  /** Every lead's result (the table's rows and each lead's explanation). */
  leads: LeadResult[];
  diff?: { diff: DiffResult; baseLabel: string; source: string; elapsedMs: number };
  breakdown?: Breakdown;
  /** SPEC §11, when the project declares outcomes: the working tree's backtest. */
  backtest?: BacktestResult;
}

/** JSON safe inside a <script> element: no `<` (so no `</script>` and no `<!--`), no U+2028/9. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Text that goes inside <style> or <script>: it must not close its element. */
function inlineCode(code: string, tag: 'style' | 'script'): string {
  return code.replace(new RegExp(`</${tag}`, 'gi'), `<\\/${tag}`);
}

export function reportHtml(data: ReportData, assets: { js: string; css: string }, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('the nonce must be 16+ base64 characters');
  const csp = ["default-src 'none'", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="leadspec report">
<title>${escHtml(data.title)}</title>
<style nonce="${nonce}">${inlineCode(assets.css, 'style')}
.page-head button.link { display: none; }
.report-meta { margin-bottom: 0; }
h1.report-part { margin-top: 1.4em; }
ul.changes li { margin: 2px 0; }
</style>
</head>
<body data-view="report">
<main id="root"></main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script nonce="${nonce}">${inlineCode(assets.js, 'script')}</script>
</body>
</html>
`;
}
