// Code lenses follow the text: while a client polls codeLens every 100 ms (as editors do while
// typing), the counts are fresh within 500 ms of the last edit. The volume lens stays short.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, SAMPLES, tempWorkspace, until } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

const lenses = (uri: string) => client.request('textDocument/codeLens', { textDocument: { uri } }) as Promise<any[]>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('lenses are fresh within 500 ms of the last edit while the client polls every 100 ms', async () => {
  const path = join(ws.dir, 'scoring/inbound.yaml');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  const first = await until(() => lenses(uri), (l) => l.length > 0);
  const mqlTitle = (l: any[]) => l.find((x) => x.range.start.line === text.split('\n').findIndex((s) => s.startsWith('id: inbound')))?.command.title as string;
  // Warm up (an editor session simulates many times; the first runs are not JIT-compiled yet).
  for (const g of ['B', 'A', 'B', 'A']) {
    await client.change(uri, text.replace('    - grade: A', `    - grade: ${g}`));
    const want = g === 'A' ? mqlTitle(first) : undefined;
    await until(() => lenses(uri), (l) => (want ? mqlTitle(l) === want : mqlTitle(l) !== mqlTitle(first)), 10000);
  }
  const before = mqlTitle(first);
  assert.match(before, /sample leads are MQL/);
  // A poller, as an editor runs one while the user types.
  let latest = before;
  let polling = true;
  const poller = (async () => { while (polling) { latest = mqlTitle(await lenses(uri)) ?? latest; await sleep(100); } })();
  // Typing: a few edits 80 ms apart; the last one makes B an MQL too.
  const edits = ['    - grade: C', '    - grade: [A, C]', '    - grade: [A, B]'];
  for (const e of edits) { await client.change(uri, text.replace('    - grade: A', e)); await sleep(80); }
  const lastEdit = Date.now() - 80;
  let freshAt = 0;
  while (Date.now() - lastEdit < 3000) {
    // fresh = the count of the last edit (more MQLs than before), not of an intermediate one
    if (Number(/^(\d+) of/.exec(latest)?.[1]) > Number(/^(\d+) of/.exec(before)?.[1])) { freshAt = Date.now(); break; }
    await sleep(10);
  }
  polling = false;
  await poller;
  assert.ok(freshAt > 0, `the MQL lens never changed from '${before}' (last: '${latest}')`);
  assert.ok(freshAt - lastEdit <= 500, `fresh ${freshAt - lastEdit} ms after the last edit\n${client.stderr}`);
  process.stdout.write(`# lens fresh ${freshAt - lastEdit} ms after the last edit\n`);
});

test('the weekly volume lens is one short line, not every period', async () => {
  const path = join(ws.dir, 'sla.yaml');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  const all = await until(() => lenses(uri), (l) => l.length >= 4);
  const line = text.split('\n').findIndex((l) => l.includes('id: trial-mqls'));
  const lens = all.find((l) => l.range.start.line === line);
  assert.ok(lens, JSON.stringify(all.map((l) => [l.range.start.line, l.command.title])));
  assert.ok(lens.command.title.length <= 90, `${lens.command.title.length} chars: ${lens.command.title}`);
  assert.match(lens.command.title, /^\d+ of \d+ weeks met · latest \S+: \d+ [✓✗]/);
});
