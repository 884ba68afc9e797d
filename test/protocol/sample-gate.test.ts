// The gate in the editor (issue 18): code lens counts, hover counts, inlay hints and the `mql:`
// backtest lens never show a number computed from definitions with errors. One typo (`pionts`
// drops a rule's points, so every count would be wrong) and they all say "fix it first"
// instead; fixed, the numbers come back. Over stdio with the built server, as VS Code sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, SAMPLES, tempWorkspace, posOf, until } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let uri = '';
let text = '';
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir, { settings: { debounceMs: 0 } }, { clientInfo: { name: 'Visual Studio Code', version: '1.99.0' } });
  const path = join(ws.dir, 'scoring/inbound.yaml');
  text = readFileSync(path, 'utf8');
  uri = await client.open(path, text);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

const lenses = () => client.request('textDocument/codeLens', { textDocument: { uri } }) as Promise<any[]>;
const hints = () => client.request('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE }) as Promise<any[]>;
const hoverAt = async (needle: string, current: string, plus = 0) =>
  ((await client.request('textDocument/hover', { textDocument: { uri }, position: posOf(current, needle, plus) })) as any)?.contents.value as string ?? '';
/** A lens or hint that carries a sample number: "560 leads", "12 of 400", "precision 41.2%". */
const COUNT = /\d+ (?:of|lead)|precision|recall/;

test('a typo that fails validation: no lens, hover or inlay hint carries a count; fixed, they come back', async () => {
  // Before: counts everywhere (the worker's first simulation, then the backtest).
  const good = await until(lenses, (l) => l.some((x) => /backtest: precision/.test(x.command.title)) && l.some((x) => /sample leads are MQL/.test(x.command.title)));
  assert.ok(good.filter((l) => COUNT.test(l.command.title)).length > 10, JSON.stringify(good.map((l) => l.command.title)));
  assert.ok((await until(hints, (h) => h.length > 0)).length > 5);
  assert.match(await until(() => hoverAt('id: demo', text, 5), (h) => /contributes to \*\*\d+\*\*/.test(h)), /Sample leads: contributes to \*\*\d+\*\* of \d+/);

  // One typo: `pionts` (LS010 with a did-you-mean; the rule would score nothing).
  const broken = text.replace('{ id: demo, event: demo_request, points: 40', '{ id: demo, event: demo_request, pionts: 40');
  assert.notEqual(broken, text);
  const v = await client.change(uri, broken);
  const pub = await client.waitForDiagnostics((p) => p.uri === uri && p.version === v, 10_000);
  const errors = pub.diagnostics.filter((d) => d.severity === 1);
  assert.equal(errors.length, 1, JSON.stringify(pub.diagnostics));
  const line = errors[0].range.start.line + 1;

  const refused = await lenses();
  assert.deepEqual(refused.filter((l) => COUNT.test(l.command.title)), [], 'no lens carries a number');
  // One lens on the model's id, saying what to do and where, opening the Problems panel.
  assert.deepEqual(refused.map((l) => [l.range.start.line, l.command.title, l.command.command]), [
    [text.split('\n').indexOf('id: inbound'), `Sample counts paused: fix the error in the definitions first (scoring/inbound.yaml:${line})`, 'workbench.actions.view.problems'],
  ]);
  assert.deepEqual(await hints(), []);
  const h = await hoverAt('id: demo', broken, 5);
  assert.doesNotMatch(h, /\*\*\d+\*\*/);
  assert.match(h, /rule\*\* `demo`/); // the rule is still described in words
  assert.match(h, new RegExp(`Sample counts are paused while the definitions have 1 error \\(first: scoring/inbound\\.yaml:${line} LS010\\); they come back when it is fixed\\.`));
  // A condition's hover and the grade's hover: no count, no backtest line either.
  for (const [needle, plus] of [['mql:', 0], ['id: A', 4]] as const) {
    const hv = await hoverAt(needle, broken, plus);
    assert.doesNotMatch(hv, /\*\*\d+\*\*|Backtest:/, `${needle}: ${hv}`);
    assert.match(hv, /Sample counts are paused/, needle);
  }

  // Fixed: the numbers come back, in lenses, hints and hovers.
  await client.change(uri, text);
  const back = await until(lenses, (l) => l.some((x) => /sample leads are MQL/.test(x.command.title)) && l.some((x) => /backtest: precision/.test(x.command.title)));
  assert.ok(!back.some((l) => /paused/.test(l.command.title)));
  assert.ok((await until(hints, (x) => x.length > 0)).length > 5);
  assert.match(await until(() => hoverAt('id: demo', text, 5), (x) => /\*\*\d+\*\*/.test(x)), /contributes to \*\*\d+\*\*/);
});

test('an error in another file (the catalog) pauses this file\'s counts too: the numbers depend on it', async () => {
  await until(lenses, (l) => l.some((x) => /sample leads are MQL/.test(x.command.title)));
  const fieldsPath = join(ws.dir, 'fields.yaml');
  const fields = readFileSync(fieldsPath, 'utf8');
  const fieldsUri = await client.open(fieldsPath, fields);
  const broken = fields.replace(/type: integer/, 'type: integr');
  assert.notEqual(broken, fields);
  await client.change(fieldsUri, broken);
  const l = await until(lenses, (x) => x.some((y) => /paused/.test(y.command.title)));
  assert.deepEqual(l.filter((x) => COUNT.test(x.command.title)), []);
  assert.match(l[0].command.title, /^Sample counts paused: fix the error in the definitions first \(fields\.yaml:\d+\)$/);
  await client.change(fieldsUri, fields);
  await until(lenses, (x) => x.some((y) => /sample leads are MQL/.test(y.command.title)));
});
