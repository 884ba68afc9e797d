// Document symbols, formatting and parse diagnostics over stdio, on the worked example.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, EXAMPLE, tempWorkspace, uriOf } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;

before(async () => {
  ws = tempWorkspace(EXAMPLE);
  client = new LspClient();
  const init = await client.initialize(ws.dir);
  assert.equal(init.serverInfo.name, 'leadspec');
});
after(async () => { await client.shutdown(); ws.cleanup(); });

const flat = (syms: any[], depth = 0): string[] => syms.flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...flat(s.children ?? [], depth + 1)]);

test('outline of the scoring model: sections, groups, rules, grades', async () => {
  const path = join(ws.dir, 'scoring.yaml');
  const uri = await client.open(path);
  const syms = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(flat(syms), [
    'scoring inbound',
    '  fit', '    in-icp', '    company-size', '      enterprise', '      mid', '    senior', '    personal-email',
    '  engagement', '    pricing', '    demo', '    unsubscribed', '    busy-week',
    '  total',
    '  grades', '    A', '    B', '    C', '    D',
    '  disqualify', '  mql',
  ]);
  // exact ranges: the rule `in-icp` is the flow mapping on line 6; its selection is the id value.
  const inIcp = syms[0].children[0].children[0];
  assert.deepEqual(inIcp.range, { start: { line: 6, character: 6 }, end: { line: 6, character: 59 } });
  assert.deepEqual(inIcp.selectionRange, { start: { line: 6, character: 12 }, end: { line: 6, character: 18 } });
  assert.equal(inIcp.detail, '+30 points');
  assert.deepEqual(syms[0].selectionRange, { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } });
});

test('outline of the SLA and the ICP: calendars, commitments, tiers, personas', async () => {
  const sla = await client.open(join(ws.dir, 'sla.yaml'));
  assert.deepEqual(flat(await client.request('textDocument/documentSymbol', { textDocument: { uri: sla } })),
    ['sla mql-handoff', '  calendars', '    us', '    emea', '  commitments', '    first-touch', '    mql-volume']);
  const icp = await client.open(join(ws.dir, 'icp.yaml'));
  assert.deepEqual(flat(await client.request('textDocument/documentSymbol', { textDocument: { uri: icp } })),
    ['icp mid-market', '  match', '  exclude', '  tiers', '    tier-1', '    tier-2', '    tier-3', '  personas', '    economic-buyer']);
});

test('formatting keeps comments, indentation and alignment; fixes flow separators and trailing spaces', async () => {
  const path = join(ws.dir, 'messy.yaml');
  const text = '# The catalog, owned by RevOps\nleadspec: v1\nkind: fields\nid: crm2   # second catalog\nfields:\n    employees:   {type: integer,min: 0}  \n    # headcount above\n    country: { type: string }\n';
  writeFileSync(path, text);
  const uri = await client.open(path, text);
  const edits = await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  assert.deepEqual(edits.map((e: any) => [e.range.start.line, e.range.start.character, e.range.end.character, e.newText]), [
    [5, 18, 18, ' '], [5, 31, 32, ', '], [5, 38, 38, ' '], [5, 39, 41, ''],
  ]);
  // An already formatted file, and broken YAML, get no edits.
  const again = await client.request('textDocument/formatting', { textDocument: { uri: uriOf(join(ws.dir, 'icp.yaml')) }, options: { tabSize: 2, insertSpaces: true } });
  assert.deepEqual(again, []);
  await client.change(uri, 'leadspec: v1\nkind: fields\nid: [unclosed\n');
  assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
});

test('a YAML syntax error is published with its code and exact range, then cleared when fixed', async () => {
  const path = join(ws.dir, 'fields.yaml');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  const v = await client.change(uri, text.replace('id: crm', 'id: crm\nid: crm'));
  const bad = await client.waitForDiagnostics((p) => p.uri === uri && p.version === v && p.diagnostics.length > 0);
  assert.equal(bad.diagnostics[0].code, 'LS002');
  assert.equal(bad.diagnostics[0].source, 'leadspec');
  assert.deepEqual(bad.diagnostics[0].range, { start: { line: 3, character: 0 }, end: { line: 3, character: 2 } });
  const v2 = await client.change(uri, text);
  const good = await client.waitForDiagnostics((p) => p.uri === uri && p.version === v2);
  assert.deepEqual(good.diagnostics, []);
});
