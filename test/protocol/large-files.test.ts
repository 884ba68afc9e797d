// The language server on pathological files (issue 18): 20,000 unknown keys hung it for minutes
// (quadratic checks); now the check is linear, the published list is bounded (100 + an LS006
// summary) and the server answers other requests right after. Typing into the big file keeps
// working too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, SAMPLES, tempWorkspace, uriOf } from './harness.js';
import { SHAPES } from '../unit/pathological.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir, { settings: { debounceMs: 0 } });
});
after(async () => { await client.shutdown(); ws.cleanup(); });

test('20,000 unknown keys: bounded diagnostics published promptly, and the server answers the next request', async () => {
  const path = join(ws.dir, 'big.yaml');
  const text = SHAPES.unknownKeys(20_000);
  writeFileSync(path, text);
  const t0 = Date.now();
  const uri = await client.open(path, text);
  const pub = await client.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length > 0, 60_000);
  const codes = pub.diagnostics.map((d) => d.code);
  assert.equal(codes.filter((c) => c === 'LS010').length, 100);
  const summary = pub.diagnostics.filter((d) => d.code === 'LS006');
  assert.equal(summary.length, 1);
  assert.match(summary[0].message, /… and 19,900 more LS010 in this file/);
  // another request, on another file, answers at once after the check
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(join(ws.dir, 'fields.yaml')) } });
  assert.ok(Array.isArray(symbols));
  const elapsed = Date.now() - t0;
  assert.ok(elapsed < 60_000, `${elapsed} ms`);

  // an edit that fixes nothing keeps the list bounded; deleting the block clears it
  const v = await client.change(uri, text.replace('x0: 1\n', ''));
  const again = await client.waitForDiagnostics((p) => p.uri === uri && p.version === v, 60_000);
  assert.match(again.diagnostics.find((d) => d.code === 'LS006')!.message, /19,899 more LS010/);
  const clean = 'leadspec: v1\nkind: fields\nid: big\nfields:\n  a: { type: string }\n';
  const v2 = await client.change(uri, clean);
  assert.deepEqual((await client.waitForDiagnostics((p) => p.uri === uri && p.version === v2, 60_000)).diagnostics, []);
  assert.ok(client.alive);
});
