// Opens the real preview/diff webview (HTML of client/src/preview/html.ts + dist/webview bundle,
// under its own CSP) in headless Debian Chromium, with only what VS Code provides emulated:
// `acquireVsCodeApi` and the theme's CSS variables. Used by the screenshot script and the
// webview tests. Page → host messages are answered by `onMessage`.
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../client/src/preview/html.js';
import type { HostMessage, PageMessage, ViewKind } from '../client/webview/protocol.js';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const DIST = resolve('dist/webview');

export function harnessAvailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (run .ci/install-system-deps.sh)`;
  if (!existsSync(join(DIST, 'main.js'))) return 'dist/webview/main.js is missing (run npm run build)';
  return undefined;
}

export const THEMES: Record<string, { cls: string; vars: Record<string, string> }> = {
  dark: { cls: 'vscode-dark', vars: { 'editor-foreground': '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b', 'editorWidget-background': '#202020', 'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', focusBorder: '#0078d4', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-red': '#f14c4c', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', disabledForeground: '#6e7681', 'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'textLink-foreground': '#4daafc', 'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace' } },
  light: { cls: 'vscode-light', vars: { 'editor-foreground': '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#717171', 'panel-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8', focusBorder: '#005fb8', 'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-red': '#e51400', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-purple': '#652d90', disabledForeground: '#8b949e', 'input-background': '#ffffff', 'input-border': '#cecece', 'font-family': 'system-ui, sans-serif', 'font-size': '13px' } },
  hc: { cls: 'vscode-high-contrast', vars: { 'editor-foreground': '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', 'panel-border': '#6fc3df', 'editorWidget-background': '#0c141f', contrastBorder: '#6fc3df', focusBorder: '#f38518', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-red': '#f48771', 'charts-yellow': '#ffd700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'font-family': 'system-ui, sans-serif', 'font-size': '13px' } },
};

export class WebviewHarness {
  private constructor(private readonly browser: Browser, private readonly server: Server, readonly origin: string) {}

  static async start(): Promise<WebviewHarness> {
    const server = createServer((req, res) => {
      const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '');
      if (!/^[\w.-]+$/.test(name) || !existsSync(join(DIST, name))) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': extname(name) === '.css' ? 'text/css' : 'text/javascript' }).end(readFileSync(join(DIST, name)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return new WebviewHarness(browser, server, origin);
  }

  /** Opens a page of the given view; `errors` collects page errors and console errors (CSP violations included). */
  async open(view: ViewKind, onMessage: (m: PageMessage) => HostMessage | null, theme = 'dark', viewport = { width: 1500, height: 1000 }): Promise<{ page: Page; errors: string[]; post(m: HostMessage): Promise<void> }> {
    const page = await this.browser.newPage({ viewport, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.exposeFunction('__leadspecHost', (m: PageMessage) => onMessage(m));
    // A string, not a function: tsx's keep-names transform would leave `__name` calls in the source.
    await page.addInitScript({ content: `window.acquireVsCodeApi = () => ({
      postMessage: (m) => { void window.__leadspecHost(m).then((reply) => { if (reply) window.postMessage(reply, '*'); }); },
      getState: () => undefined, setState: () => {},
    });` });
    const html = webviewHtml({ view, cspSource: this.origin, scriptUri: `${this.origin}/main.js`, styleUri: `${this.origin}/main.css` });
    await page.route(`${this.origin}/page.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    await page.goto(`${this.origin}/page.html`);
    const t = THEMES[theme] ?? THEMES.dark;
    await page.evaluate(({ cls, vars }) => {
      document.body.classList.add(cls);
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
    }, t);
    return { page, errors, post: (m: HostMessage) => page.evaluate((msg) => window.postMessage(msg, '*'), m) };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
