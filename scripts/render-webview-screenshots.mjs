// Renders the REAL preview and diff webviews (the HTML of client/src/preview/html.ts, the bundle
// dist/webview/main.js + main.css) in headless Debian Chromium, fed real simulation data of
// samples/, and writes docs/preview.png and docs/diff.png.
//   npm run build && node --import tsx scripts/render-webview-screenshots.mjs [--theme dark|light|hc]
// The page runs under its own strict CSP, exactly as in VS Code; only what VS Code itself
// provides is emulated: `acquireVsCodeApi` (an init script) and the theme's CSS variables.
// The diff compares samples/ as they are on disk with an edit made in memory (the kind of
// change a pull request makes): demo 40 → 60 points, grade A from 80 → 75, tier-1 needs
// 500 employees instead of 200, and first touch within 2h instead of 4h.
import { createServer } from 'node:http';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { PreviewSession } from '../client/src/preview/session.ts';
import { webviewHtml } from '../client/src/preview/html.ts';
import { listYamlFiles } from '../server/src/io/files.ts';
import { looksLikeLeadspec } from '../server/src/core/parse.ts';

const theme = process.argv.includes('--theme') ? process.argv[process.argv.indexOf('--theme') + 1] : 'dark';
const outDir = resolve(process.env.SHOT_DIR ?? 'docs');
const dist = resolve('dist/webview');
if (!existsSync(join(dist, 'main.js'))) { console.error('dist/webview/main.js is missing: run `npm run build` first'); process.exit(2); }
const chromePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromePath)) { console.error(`${chromePath} is missing: run .ci/install-system-deps.sh (Debian chromium)`); process.exit(2); }

// ---- real data of samples/ ------------------------------------------------------------------
const files = listYamlFiles(['samples']).map((f) => ({ file: f, text: readFileSync(f, 'utf8') })).filter((f) => looksLikeLeadspec(f.text));
const samples = { leads: { file: 'samples/leads.csv', text: readFileSync('samples/leads.csv', 'utf8') }, events: { file: 'samples/events.jsonl', text: readFileSync('samples/events.jsonl', 'utf8') } };
const session = new PreviewSession();
for (const f of files) session.setFile(f.file, f.text);
session.setSamples(samples);
const preview = session.run();

const edits = [
  ['samples/scoring/inbound.yaml', (t) => t.replace('{ id: demo, event: demo_request, points: 40, max: 40 }', '{ id: demo, event: demo_request, points: 60, max: 60 }').replace('{ id: A, min: 80', '{ id: A, min: 75')],
  ['samples/icps/mid-market.yaml', (t) => t.replace('when: { employees: { gte: 200 }, tech_stack: { includes: salesforce } }', 'when: { employees: { gte: 500 }, tech_stack: { includes: salesforce } }')],
  ['samples/sla.yaml', (t) => t.replace(/within: 4h/, 'within: 2h')],
];
const diffSession = new PreviewSession();
for (const f of files) diffSession.setFile(f.file, f.text);
diffSession.setSamples(samples);
diffSession.setBase('HEAD', files.map((f) => ({ file: `main:${f.file}`, text: f.text })));
for (const [file, edit] of edits) {
  const f = files.find((x) => x.file === file);
  if (!f) { console.error(`${file} is missing from samples/`); process.exit(2); }
  const edited = edit(f.text);
  if (edited === f.text) console.warn(`warning: the edit of ${file} matched nothing; the diff will not show it`);
  diffSession.setFile(file, edited);
}
const diff = diffSession.runDiff('main', 'main');

// ---- serve dist/webview and render --------------------------------------------------------
const types = { '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '');
  if (!/^[\w.-]+$/.test(name) || !existsSync(join(dist, name))) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': types[extname(name)] ?? 'application/octet-stream' }).end(readFileSync(join(dist, name)));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// VS Code's Dark Modern / Light Modern / High Contrast values of the variables the page reads.
const THEMES = {
  dark: { cls: 'vscode-dark', vars: { 'editor-foreground': '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b', 'editorWidget-background': '#202020', 'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', focusBorder: '#0078d4', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-red': '#f14c4c', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', disabledForeground: '#6e7681', 'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'textLink-foreground': '#4daafc', 'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace' } },
  light: { cls: 'vscode-light', vars: { 'editor-foreground': '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#717171', 'panel-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8', focusBorder: '#005fb8', 'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-red': '#e51400', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-purple': '#652d90', disabledForeground: '#8b949e', 'input-background': '#ffffff', 'input-border': '#cecece', 'font-family': 'system-ui, sans-serif', 'font-size': '13px' } },
  hc: { cls: 'vscode-high-contrast', vars: { 'editor-foreground': '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', 'panel-border': '#6fc3df', 'editorWidget-background': '#0c141f', contrastBorder: '#6fc3df', focusBorder: '#f38518', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-red': '#f48771', 'charts-yellow': '#ffd700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'font-family': 'system-ui, sans-serif', 'font-size': '13px' } },
};
const t = THEMES[theme] ?? THEMES.dark;

const browser = await chromium.launch({
  executablePath: chromePath, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
async function render(view, message, file, after) {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => errors.push(`${view}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${view}: ${m.text()}`); });
  // The page's messages to the extension host, answered as the host would.
  await page.exposeFunction('__leadspecHost', (m) => {
    if (m?.type === 'explain') return { type: 'explanation', id: m.id, lead: (view === 'diff' ? diffSession : session).explain(m.id) };
    return null;
  });
  await page.addInitScript(() => {
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => { void window.__leadspecHost(m).then((reply) => { if (reply) window.postMessage(reply, '*'); }); },
      getState: () => undefined, setState: () => {},
    });
  });
  const html = webviewHtml({ view, cspSource: origin, scriptUri: `${origin}/main.js`, styleUri: `${origin}/main.css`, nonce: 'shot' + Date.now() });
  // Served from the same origin as the bundle, like a VS Code webview's resource origin.
  await page.route(`${origin}/page.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto(`${origin}/page.html`);
  await page.evaluate(({ cls, vars }) => {
    document.body.classList.add(cls);
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
  }, t);
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.waitForSelector('#root section');
  if (after) await after(page);
  await page.screenshot({ path: join(outDir, file), fullPage: process.env.SHOT_FULLPAGE !== '0' });
  await page.close();
}

mkdirSync(outDir, { recursive: true });
const suffix = theme === 'dark' ? '' : `-${theme}`;
try {
  await render('preview', { type: 'preview', data: preview.data }, `preview${suffix}.png`, async (page) => {
    // Open one lead's explanation, as a user would: the first MQL in the table.
    await page.selectOption('select[aria-label="MQL filter"]', 'yes');
    await page.click('table.leads tbody tr');
    await page.waitForSelector('#explanation h3');
  });
  await render('diff', { type: 'diff', data: diff.data }, `diff${suffix}.png`);
} finally {
  await browser.close();
  server.close();
}
if (errors.length) { console.error('the page reported errors:\n' + errors.join('\n')); process.exit(1); }
const s = preview.data.summary;
console.log(`docs/preview${suffix}.png: ${s.leads} leads, MQL ${Object.entries(s.scoring).map(([k, v]) => `${k} ${v.mql}`).join(', ')}`);
const d = diff.data.diff;
console.log(`docs/diff${suffix}.png: ${Object.entries(d.scoring).map(([k, v]) => `${k}: ${Object.values(v.transitions).reduce((a, b) => a + b, 0)} grade changes, MQL ${v.mql_before} → ${v.mql_after}`).join('; ')}`);
