// The HTML shell of the preview and diff webviews. No vscode import: the screenshot script
// (scripts/render-webview-screenshots.mjs) renders the very same page in headless Chromium.
// Strict CSP: nothing inline but the one nonce'd script tag; styles only from the extension.
import { randomBytes } from 'node:crypto';
import type { ViewKind } from '../../webview/protocol.js';

export interface HtmlOptions {
  view: ViewKind;
  /** webview.cspSource: the origin the webview serves extension files from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
  title?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function webviewHtml(o: HtmlOptions): string {
  const nonce = o.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const title = o.title ?? (o.view === 'diff' ? 'LeadSpec diff' : 'LeadSpec preview');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>${attr(title)}</title>
</head>
<body data-view="${o.view}">
<div id="status" class="status busy" role="status" aria-live="polite">Simulating…</div>
<main id="root"></main>
<script nonce="${nonce}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
