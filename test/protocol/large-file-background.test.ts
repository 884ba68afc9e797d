// A 10 MB definition file does not block the language server (issue 18): it is checked in a
// worker thread while the main thread answers other requests at once, and a newer edit of it
// supersedes the check in flight. The bound on a request's latency is set against the big
// check's own time, measured in the same test, so that it means something on a loaded machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, posOf, uriOf } from './harness.js';
import { SHAPES } from '../unit/pathological.js';

const SMALL = [
  'leadspec: v1', 'kind: fields', 'id: small-crm', 'fields:', '  employees: { type: integer, description: Company headcount }', '---',
  'leadspec: v1', 'kind: icp', 'id: small', 'fields: small-crm', 'match: { employees: { gte: 50 } }', '',
].join('\n');

let dir = '';
let client: LspClient;
let small = '';
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leadspec-large-lsp-'));
  small = join(dir, 'small.yaml');
  writeFileSync(small, SMALL);
  client = new LspClient();
  await client.initialize(dir, { settings: { debounceMs: 0 } });
  await client.open(small, SMALL);
  await client.waitForDiagnostics((p) => p.uri === uriOf(small), 20_000);
});
after(async () => { await client.shutdown(); rmSync(dir, { recursive: true, force: true }); });

const hoverSmall = () => client.request('textDocument/hover', { textDocument: { uri: uriOf(small) }, position: posOf(SMALL, 'employees: { gte', 2) }) as Promise<any>;
const symbolsSmall = () => client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(small) } }) as Promise<any[]>;
const completeSmall = () => client.request('textDocument/completion', { textDocument: { uri: uriOf(small) }, position: posOf(SMALL, 'employees: { gte') }) as Promise<any>;
const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => { const t0 = Date.now(); const value = await fn(); return { ms: Date.now() - t0, value }; };
const codes = (diags: any[]) => diags.reduce((m: Record<string, number>, d) => ({ ...m, [d.code]: (m[d.code] ?? 0) + 1 }), {});

/** Opens a big text, asks for features in the small file at once, then waits for the big file's diagnostics. */
async function openBig(name: string, text: string) {
  assert.ok(text.length >= 10_000_000, `${text.length} characters`);
  const path = join(dir, name);
  const t0 = Date.now();
  const uri = await client.open(path, text);
  const hover = await timed(hoverSmall);
  const symbols = await timed(symbolsSmall);
  const completion = await timed(completeSmall);
  const pub = await client.waitForDiagnostics((p) => p.uri === uri && p.version === 1, 180_000);
  const checkMs = Date.now() - t0;
  return { uri, path, pub, checkMs, hover, symbols, completion };
}

async function closeBig(uri: string): Promise<void> {
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await client.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length === 0, 60_000, false).catch(() => undefined);
}

/** The requests made while the big file was being checked answered well within its check. */
function assertPrompt(r: Awaited<ReturnType<typeof openBig>>): void {
  const what = `check ${r.checkMs} ms; hover ${r.hover.ms} ms, symbols ${r.symbols.ms} ms, completion ${r.completion.ms} ms`;
  console.log(what);
  assert.match(r.hover.value?.contents.value ?? '', /\*\*field\*\* `employees`: integer/, what);
  assert.ok(r.symbols.value.length > 0, what);
  assert.ok((Array.isArray(r.completion.value) ? r.completion.value : r.completion.value?.items ?? []).length > 0, what);
  for (const ms of [r.hover.ms, r.symbols.ms, r.completion.ms]) {
    assert.ok(ms < 500, what);
    assert.ok(ms * 4 < r.checkMs, `a request took a quarter of the big check or more: ${what}`);
  }
}

test('a valid 10 MB model: hover, symbols and completion in another file answer at once; the big file\'s diagnostics follow', async () => {
  const r = await openBig('big-valid.yaml', SHAPES.rules(210_000));
  try {
    assertPrompt(r);
    assert.deepEqual(r.pub.diagnostics, []);
  } finally { await closeBig(r.uri); }
});

test('an error-heavy 10 MB model (a typo and a duplicate id in each of 230,000 rules): prompt answers, bounded correct diagnostics', async () => {
  const r = await openBig('big-broken.yaml', SHAPES.brokenRules(230_000));
  try {
  assertPrompt(r);
  assert.deepEqual(codes(r.pub.diagnostics), { LS010: 100, LS041: 100, LS006: 2 });
  assert.match(r.pub.diagnostics.find((d) => d.code === 'LS010').message, /unknown key 'pionts' — did you mean 'points'\?/);
  assert.deepEqual(r.pub.diagnostics.filter((d) => d.code === 'LS006').map((d) => d.message), [
    '… and 229,900 more LS010 in this file (only the first 100 are shown)',
    '… and 229,890 more LS041 in this file (only the first 100 are shown)',
  ]);
  } finally { await closeBig(r.uri); }
});

test('a newer edit of the big file supersedes the check in flight: only the newest text\'s diagnostics are published', async () => {
  const path = join(dir, 'big-keys.yaml');
  const first = SHAPES.unknownKeys(1_000_000);
  const uri = await client.open(path, first);
  await new Promise((r) => setTimeout(r, 400)); // the first check is under way
  const t0 = Date.now();
  const second = first.replace('x0: 1\n', ''); // one unknown key fewer
  const v = await client.change(uri, second);
  const pub = await client.waitForDiagnostics((p) => p.uri === uri && p.version === v, 180_000);
  const ms = Date.now() - t0;
  console.log(`newest text's diagnostics ${ms} ms after the edit`);
  assert.deepEqual(codes(pub.diagnostics), { LS010: 100, LS006: 1 }, JSON.stringify(pub.diagnostics.filter((d) => d.code !== 'LS010')));
  assert.equal(pub.diagnostics.find((d) => d.code === 'LS006').message, '… and 999,899 more LS010 in this file (only the first 100 are shown)');
  // The first version's check was stopped (its worker terminated), not waited for…
  assert.match(client.stderr, /a newer edit superseded the check of big-keys\.yaml/);
  // …and never published late over the newer one.
  const forUri = client.published.filter((p) => p.uri === uri);
  assert.deepEqual(forUri.map((p) => p.version), [v]);
  assert.ok(client.alive);
  await closeBig(uri);
});

test('shutdown during a big check is answered at once and the server exits', async () => {
  const c = new LspClient();
  await c.initialize(dir, { settings: { debounceMs: 0 } });
  await c.open(join(dir, 'big-shutdown.yaml'), SHAPES.brokenRules(230_000));
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  await c.conn.sendRequest('shutdown');
  const ms = Date.now() - t0;
  await c.conn.sendNotification('exit');
  const exited = await new Promise<boolean>((resolve) => {
    if (!c.alive) return resolve(true);
    const t = setTimeout(() => resolve(false), 5000);
    c.proc.on('exit', () => { clearTimeout(t); resolve(true); });
  });
  assert.ok(ms < 500, `shutdown answered in ${ms} ms`);
  assert.ok(exited, 'the server exited');
});
