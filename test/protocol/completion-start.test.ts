// Completion from the first keystroke (an empty file), ranked by what the context tests, with
// documented values, and in tests.yaml (expectations, grades, SLA keys, sample ids, inline leads).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, SAMPLES, tempWorkspace, uriOf } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir);
  await client.waitForDiagnostics((d) => d.uri === uriOf(join(ws.dir, 'tests.yaml')));
});
after(async () => { await client.shutdown(); ws.cleanup(); });

let n = 0;
/** Completion at `‸` in `text`, in a new document of the workspace. */
async function complete(text: string, name = `new-${++n}.yaml`): Promise<any[]> {
  const offset = text.indexOf('‸');
  assert.ok(offset >= 0);
  const clean = text.replace('‸', '');
  const uri = await client.open(join(ws.dir, name), clean);
  const before = clean.slice(0, offset);
  const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
  const res = await client.request('textDocument/completion', { textDocument: { uri }, position });
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return Array.isArray(res) ? res : res.items;
}
const labels = (items: any[]) => items.map((i) => i.label);
/** Labels in the order an editor shows them (sortText, then label). */
const ranked = (items: any[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
const docOf = (i: any) => (typeof i.documentation === 'string' ? i.documentation : i.documentation?.value ?? '');

test('an empty file offers leadspec: v1 and a skeleton per kind', async () => {
  const items = await complete('‸');
  assert.ok(labels(items).includes('leadspec: v1'), JSON.stringify(labels(items)));
  for (const kind of ['fields', 'icp', 'scoring', 'sla', 'test', 'project']) {
    const s = items.find((i) => i.label === `${kind} definition`);
    assert.ok(s, `skeleton for ${kind}`);
    assert.equal(s.insertTextFormat, 2);
    assert.match(s.insertText, new RegExp(`^leadspec: v1\\nkind: ${kind}\\nid: `));
  }
  // a comment above counts as empty too
  assert.ok(labels(await complete('# a new model\n‸')).includes('leadspec: v1'));
});

test('after leadspec: v1: kind and id; after kind, its required keys first', async () => {
  const items = await complete('leadspec: v1\n‸');
  assert.ok(labels(items).includes('kind'));
  assert.ok(labels(items).includes('id'));
  const scoring = ranked(await complete('leadspec: v1\nkind: scoring\nid: x\n‸'));
  assert.ok(scoring.indexOf('grades') >= 0);
});

test('field types are offered once', async () => {
  const items = await complete('leadspec: v1\nkind: fields\nid: f\nfields:\n  a: { type: ‸ }\n');
  const types = labels(items).filter((l) => l === 'integer');
  assert.deepEqual(types, ['integer']);
});

test('inside mql: and applies_to score outputs rank before lead fields', async () => {
  const mql = ranked(await complete('leadspec: v1\nkind: scoring\nid: s2\ngrades:\n  - { id: A, min: 50 }\n  - { id: B }\nmql:\n  ‸\n'));
  assert.ok(mql.indexOf('grade') < mql.indexOf('employees') && mql.indexOf('fit') < mql.indexOf('employees'), mql.join(' '));
  const sla = ranked(await complete('leadspec: v1\nkind: sla\nid: s3\ncommitments:\n  - id: c\n    scoring: inbound\n    applies_to: { ‸ }\n'));
  assert.ok(sla.indexOf('mql') < sla.indexOf('employees'), sla.join(' '));
  // in a fit rule the score is not known yet: no score outputs there
  const rule = labels(await complete('leadspec: v1\nkind: scoring\nid: s4\nfit:\n  rules:\n    - { id: r, when: { ‸ }, points: 1 }\n'));
  assert.ok(!rule.includes('grade') && rule.includes('employees'));
});

test('grade values: documented, and not offered again once listed', async () => {
  const items = await complete('leadspec: v1\nkind: sla\nid: s5\ncommitments:\n  - id: c\n    scoring: inbound\n    applies_to: { grade: [A, ‸] }\n');
  assert.ok(!labels(items).includes('A'));
  const b = items.find((i) => i.label === 'B');
  assert.ok(b, JSON.stringify(labels(items)));
  assert.match(docOf(b), /Call this week/);
  assert.match(docOf(b), /total ≥ 50/);
});

test('total: offers sum and a weights snippet', async () => {
  const items = await complete('leadspec: v1\nkind: scoring\nid: s6\ntotal: ‸\n');
  assert.ok(labels(items).includes('sum'));
  const w = items.find((i) => /weights/.test(i.label));
  assert.ok(w);
  assert.match(w.insertText, /^\{ weights: \{ fit: \$\{1:0\.5\}, engagement: \$\{2:0\.5\} \} \}$/);
});

test('an event rule is not offered when; a when rule is not offered event', async () => {
  const ev = labels(await complete('leadspec: v1\nkind: scoring\nid: s7\nengagement:\n  rules:\n    - id: r\n      event: demo_request\n      ‸\n'));
  assert.ok(!ev.includes('when') && ev.includes('points'), ev.join(' '));
  const wh = labels(await complete('leadspec: v1\nkind: scoring\nid: s8\nfit:\n  rules:\n    - id: r\n      when: { region: na }\n      ‸\n'));
  assert.ok(!wh.includes('event') && wh.includes('points'), wh.join(' '));
});

test('tests.yaml: models under expect, grades of the model, SLA commitments, sample ids, inline lead fields', async () => {
  const head = 'leadspec: v1\nkind: test\nid: t9\ncases:\n  - name: x\n';
  const expect = labels(await complete(`${head}    sample: L00001\n    expect:\n      ‸\n`));
  for (const k of ['icp', 'tier', 'sla', 'inbound', 'product-led']) assert.ok(expect.includes(k), `${k} in ${expect.join(' ')}`);
  const grade = labels(await complete(`${head}    sample: L00001\n    expect:\n      inbound: { grade: ‸ }\n`));
  assert.deepEqual(grade.filter((g) => /^[A-D]$|^disqualified$/.test(g)).sort(), ['A', 'B', 'C', 'D', 'disqualified']);
  const sla = labels(await complete(`${head}    sample: L00001\n    expect:\n      sla: { ‸ }\n`));
  assert.ok(sla.includes('mql-handoff/first-touch'), sla.join(' '));
  const sample = labels(await complete(`${head}    sample: ‸\n    expect: { inbound: { mql: true } }\n`));
  assert.ok(sample.includes('L00001') && sample.length >= 100, `${sample.length} sample ids`);
  const lead = labels(await complete(`${head}    lead: { id: t, ‸ }\n    expect: { inbound: { mql: true } }\n`));
  for (const k of ['employees', 'industry', 'events']) assert.ok(lead.includes(k), `${k} in ${lead.join(' ')}`);
  assert.ok(!lead.includes('id'));
});
