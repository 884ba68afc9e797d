// Hover wording: event counts in plain grammar, "Defined in" at the `id:` line, percentages with
// one decimal; every diagnostic's code links to its row in the docs shipped with LeadSpec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspClient, SAMPLES, tempWorkspace, posOf, until } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let inbound: { uri: string; text: string };

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir);
  const path = join(ws.dir, 'scoring/inbound.yaml');
  inbound = { text: readFileSync(path, 'utf8'), uri: '' };
  inbound.uri = await client.open(path, inbound.text);
  await until(() => client.request('textDocument/codeLens', { textDocument: { uri: inbound.uri } }), (l: any[]) => l.length > 0);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

const hoverAt = async (needle: string, plus = 0) => (await client.request('textDocument/hover', { textDocument: { uri: inbound.uri }, position: posOf(inbound.text, needle, plus) }))?.contents.value as string;

test('an event-count rule reads as a sentence', async () => {
  const h = await hoverAt('busy-week');
  assert.match(h, /^\*\*rule\*\* `busy-week` \(engagement\) — \+10 points when the lead has at least 10 page_view events in the last 7d\./);
});

test('"Defined in" names the line of id:, and percentages have one decimal', async () => {
  const h = await hoverAt('icp: mid-market', 6);
  const idLine = readFileSync(join(ws.dir, 'icps/mid-market.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('id: mid-market')) + 1;
  assert.ok(idLine > 1);
  assert.match(h, new RegExp(`Defined in icps/mid-market\\.yaml:${idLine}\\b`));
  assert.match(h, /\(\d+\.\d%\)/);
  const model = await hoverAt('id: inbound', 5);
  assert.match(model, /MQL \*\*\d+\*\* of 2000 \(\d+\.\d%\)/);
});

test('a diagnostic\'s code links to its row in docs/diagnostics.md', async () => {
  const text = inbound.text.replace('icp: mid-market }', 'icp: mid-markt }');
  const version = await client.change(inbound.uri, text);
  const d = (await client.waitForDiagnostics((p) => p.uri === inbound.uri && p.version === version)).diagnostics.find((x: any) => x.code === 'LS042');
  assert.ok(d);
  const href: string = d.codeDescription.href;
  assert.match(href, /^file:\/\/.*\/docs\/diagnostics\.md#ls042$/);
  const page = fileURLToPath(href.replace(/#.*/, ''));
  assert.ok(existsSync(page));
  assert.ok(readFileSync(page, 'utf8').includes('<a id="ls042"></a>LS042'));
  await client.change(inbound.uri, inbound.text);
});
