// The server never crashes or hangs on what a user can type: every prefix of every sample file
// is fed as if typed (with completion, hover and the other requests along the way), then seeded
// random mutations; after each file the server must still publish diagnostics for the latest
// version, and no feature may have thrown (the server logs every caught exception).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LspClient, EXAMPLE, SAMPLES, tempWorkspace } from './harness.js';
import { rng } from '../../bench/prng.js';

const yamlFiles = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
}).sort();

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir, { settings: { debounceMs: 0 } });
});
after(async () => { await client.shutdown(); ws.cleanup(); });

function positionAtEnd(text: string) {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

async function exercise(uri: string, text: string, heavy: boolean): Promise<void> {
  const position = positionAtEnd(text);
  const td = { textDocument: { uri } };
  const reqs: Promise<unknown>[] = [
    client.request('textDocument/completion', { ...td, position }),
    client.request('textDocument/hover', { ...td, position: { line: position.line, character: Math.max(0, position.character - 1) } }),
  ];
  if (heavy) {
    const range = { start: { line: 0, character: 0 }, end: position };
    reqs.push(
      client.request('textDocument/documentSymbol', td),
      client.request('textDocument/codeAction', { ...td, range, context: { diagnostics: [] } }),
      client.request('textDocument/codeLens', td),
      client.request('textDocument/formatting', { ...td, options: { tabSize: 2, insertSpaces: true } }),
      client.request('textDocument/definition', { ...td, position: { line: Math.max(0, position.line - 1), character: 4 } }),
      client.request('textDocument/references', { ...td, position: { line: Math.max(0, position.line - 1), character: 4 }, context: { includeDeclaration: true } }),
      client.request('textDocument/prepareRename', { ...td, position: { line: Math.max(0, position.line - 1), character: 4 } }),
    );
  }
  await Promise.all(reqs);
}

const sources = [...yamlFiles(EXAMPLE).map((p) => ({ name: `examples/basic/${relative(EXAMPLE, p)}`, text: readFileSync(p, 'utf8') })),
  ...yamlFiles(SAMPLES).map((p) => ({ name: `samples/${relative(SAMPLES, p)}`, text: readFileSync(p, 'utf8') }))];

for (const { name, text } of sources) {
  test(`every prefix of ${name}, typed`, async () => {
    const uri = `file://${join(ws.dir, 'typed', name.replace(/\//g, '__'))}`;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 0, text: '' } });
    let version = 0;
    for (let i = 1; i <= text.length; i++) {
      version++;
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: text.slice(0, i) }] });
      if (i % 5 === 0 || text[i - 1] === '\n' || i === text.length) await exercise(uri, text.slice(0, i), text[i - 1] === '\n');
    }
    const last = await client.waitForDiagnostics((p) => p.uri === uri && p.version === version, 10000, false).catch(() => undefined)
      ?? client.published.filter((p) => p.uri === uri).pop();
    assert.ok(client.alive, 'server still running');
    assert.ok(last, 'diagnostics were published');
    assert.doesNotMatch(client.stderr, /failed:|unexpected error/, 'no feature threw');
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
}

test('seeded random mutations of every sample file', async () => {
  const r = rng(20261123);
  const pieces = ['{', '}', '[', ']', ':', ': ', '- ', '\n', '\n  ', '#', '"', "'", '&a ', '*a', '!!str ', '---\n', '\t', 'when: ', 'icp: ', 'tier: x/', 'event: ', '{ gte: ', '30d', '-5', '1e309', 'null', '~', '? ', '|', '>-', '%YAML 1.2\n', '\u0000', '😀'];
  for (const { name, text: source } of sources) {
    const uri = `file://${join(ws.dir, 'mutated', name.replace(/\//g, '__'))}`;
    let text = source;
    let version = 0;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    for (let i = 0; i < 60; i++) {
      const pos = Math.floor(r() * (text.length + 1));
      const op = r();
      if (op < 0.5) text = text.slice(0, pos) + pieces[Math.floor(r() * pieces.length)] + text.slice(pos);
      else if (op < 0.85) text = text.slice(0, pos) + text.slice(pos + 1 + Math.floor(r() * 6));
      else { const a = Math.floor(r() * text.length); text = text.slice(0, pos) + text.slice(a, a + 20) + text.slice(pos); }
      version++;
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      await exercise(uri, text, i % 3 === 0);
    }
    const p = await client.waitForDiagnostics((d) => d.uri === uri && d.version === version, 10000, false).catch(() => client.published.filter((d) => d.uri === uri).pop());
    assert.ok(p, `${name}: diagnostics were published`);
  }
  assert.ok(client.alive, 'server still running');
  assert.doesNotMatch(client.stderr, /failed:|unexpected error/, 'no feature threw');
});
