// Inlay hints (sample leads a rule fires for, and its points, at the end of the rule's line),
// folding ranges, selection ranges, document highlight and workspace symbols, on the samples.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, REPO, SAMPLES, tempWorkspace, posOf, until, uriOf } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let inbound: { uri: string; text: string; lines: string[] };

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  const init = await client.initialize(ws.dir);
  for (const cap of ['inlayHintProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'documentHighlightProvider', 'workspaceSymbolProvider']) assert.ok(init.capabilities[cap], cap);
  const path = join(ws.dir, 'scoring/inbound.yaml');
  const text = readFileSync(path, 'utf8');
  inbound = { text, lines: text.split('\n'), uri: await client.open(path, text) };
});
after(async () => { await client.shutdown(); ws.cleanup(); });

test('inlay hints: at the end of every rule line, the CLI\'s rule count and the points', async () => {
  const sim = JSON.parse(execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), 'simulate', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8', maxBuffer: 1 << 28 }));
  const rules = sim.summary.scoring.inbound.rules;
  const whole = { start: { line: 0, character: 0 }, end: { line: inbound.lines.length, character: 0 } };
  const hints: any[] = await until(() => client.request('textDocument/inlayHint', { textDocument: { uri: inbound.uri }, range: whole }), (h: any[]) => h.length > 0);
  const expect = (id: string, key: string, pts: string) => {
    const line = inbound.lines.findIndex((l) => l.includes(`{ id: ${id},`));
    const h = hints.find((x) => x.position.line === line);
    assert.ok(h, `no hint on ${id}'s line`);
    assert.equal(h.position.character, inbound.lines[line].replace(/\s*(#.*)?$/, '').length, `${id}: at the end of the rule, before the comment`);
    const n = rules[key];
    assert.equal(h.label, `${n} lead${n === 1 ? '' : 's'} · ${pts}`);
  };
  expect('in-icp', 'in-icp', '+30');
  expect('mid', 'company-size/mid', '+25');
  expect('personal-email', 'personal-email', '-25');
  expect('pricing', 'pricing', '+5/event');
  assert.equal(hints.length, 15); // 8 fit rules (3 in a group) and 7 engagement rules
  // a range: only the hints in it
  const some = await client.request('textDocument/inlayHint', { textDocument: { uri: inbound.uri }, range: { start: { line: 0, character: 0 }, end: { line: 13, character: 0 } } });
  assert.equal(some.length, 2);
});

test('folding: sections, multi-line rules and groups, the comment header', async () => {
  const folds: any[] = await client.request('textDocument/foldingRange', { textDocument: { uri: inbound.uri } });
  const line = (s: string) => inbound.lines.findIndex((l) => l.startsWith(s));
  const has = (a: number, b: number, kind?: string) => folds.some((f) => f.startLine === a && f.endLine === b && (kind === undefined || f.kind === kind));
  assert.ok(has(0, 1, 'comment'), JSON.stringify(folds));
  assert.ok(has(line('fit:'), line('engagement:') - 1));
  assert.ok(has(line('    - group: company-size'), line('        - { id: small')));
  assert.ok(has(line('mql:'), inbound.lines.length - 2));
});

test('selection ranges grow from a value to its pair, mapping, rule, list, section and document', async () => {
  const [sel] = await client.request('textDocument/selectionRange', { textDocument: { uri: inbound.uri }, positions: [posOf(inbound.text, 'revops }', 2)] });
  const texts: string[] = [];
  for (let s = sel; s; s = s.parent) {
    const r = s.range;
    const lines = inbound.lines.slice(r.start.line, r.end.line + 1);
    lines[lines.length - 1] = lines[lines.length - 1].slice(0, r.end.line === r.start.line ? r.end.character : r.end.character);
    lines[0] = lines[0].slice(r.start.character);
    texts.push(lines.join('\n'));
  }
  assert.equal(texts[0], 'revops');
  assert.equal(texts[1], 'department: revops');
  assert.ok(texts.includes('{ id: revops-buyer, when: { department: revops }, points: 10 }'), texts.join('\n---\n'));
  assert.ok(texts[texts.length - 1].startsWith('leadspec: v1'));
  // every range holds the one before it
  for (let s = sel; s.parent; s = s.parent) {
    const a = s.range, b = s.parent.range;
    const le = (p: any, q: any) => p.line < q.line || (p.line === q.line && p.character <= q.character);
    assert.ok(le(b.start, a.start) && le(a.end, b.end), JSON.stringify([a, b]));
  }
});

test('document highlight: the grade A definition (write) and its test in mql: (read)', async () => {
  const hl: any[] = await client.request('textDocument/documentHighlight', { textDocument: { uri: inbound.uri }, position: posOf(inbound.text, 'grade: A', 7) });
  assert.deepEqual(hl.map((h) => [h.range.start, h.kind]).sort((a, b) => a[0].line - b[0].line), [
    [posOf(inbound.text, 'id: A', 4), 3],
    [posOf(inbound.text, 'grade: A', 7), 2],
  ]);
});

test('workspace symbols: definitions and named items, by fuzzy query', async () => {
  const syms: any[] = await client.request('workspace/symbol', { query: 'midmkt' });
  assert.ok(syms.some((s) => s.name === 'mid-market' && s.containerName === 'icp' && s.location.uri === uriOf(join(ws.dir, 'icps/mid-market.yaml'))), JSON.stringify(syms));
  const rules: any[] = await client.request('workspace/symbol', { query: 'personal' });
  assert.ok(rules.some((s) => s.name === 'personal-email' && s.kind === 12 && /rule of scoring inbound/.test(s.containerName)));
  const all: any[] = await client.request('workspace/symbol', { query: '' });
  assert.ok(all.length > 50);
});
