// The project's `outcomes` (format §11) in the editor, over stdio against the BUILT server:
// diagnostics (LS120…), completion of fields by the type each key reads and of feedback values,
// hover of its keys, go to definition and references of the fields it names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uriOf, posOf, until } from './harness.js';
import { FIELDS, ICP, MODEL, PROJECT_TIMES, LEADS_CSV, EVENTS_CSV } from '../unit/outcomes-fixture.js';

let client: LspClient;
let dir: string;
let project: { uri: string; text: string; path: string };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leadspec-lsp-outcomes-'));
  const files: Record<string, string> = { 'fields.yaml': FIELDS, 'icp.yaml': ICP, 'model.yaml': MODEL, 'leadspec.yaml': PROJECT_TIMES, 'leads.csv': LEADS_CSV, 'events.csv': EVENTS_CSV };
  for (const [k, v] of Object.entries(files)) writeFileSync(join(dir, k), v);
  client = new LspClient();
  await client.initialize(dir);
  const path = join(dir, 'leadspec.yaml');
  project = { path, text: PROJECT_TIMES, uri: await client.open(path, PROJECT_TIMES) };
});
after(async () => { await client.shutdown(); rmSync(dir, { recursive: true, force: true }); });

const complete = async (text: string, needle: string, plus: number) => {
  await client.change(project.uri, text);
  const r = await client.request('textDocument/completion', { textDocument: { uri: project.uri }, position: posOf(text, needle, plus) });
  return (Array.isArray(r) ? r : r.items).map((i: any) => i.label).sort();
};

test('a clean project; a mistyped field is LS120 with its did-you-mean', async () => {
  const p = await client.waitForDiagnostics((d) => d.uri === project.uri);
  assert.deepEqual(p.diagnostics, []);
  const bad = PROJECT_TIMES.replace('converted: opportunity_created_at', 'converted: opportunity_created');
  await client.change(project.uri, bad);
  const q = await client.waitForDiagnostics((d) => d.uri === project.uri && d.diagnostics.length > 0);
  assert.deepEqual(q.diagnostics.map((d: any) => [d.code, d.message]), [['LS120', "unknown field 'opportunity_created' — did you mean 'opportunity_created_at'?"]]);
});

test('completion: fields of the type each key reads, events, and the feedback field\'s values', async () => {
  assert.deepEqual(await complete(PROJECT_TIMES.replace('converted: opportunity_created_at', 'converted: '), 'converted: ', 11),
    ['created_at', 'opportunity_created_at', 'won']);
  assert.deepEqual(await complete(PROJECT_TIMES.replace('value: opportunity_amount', 'value: '), 'value: ', 7), ['employees', 'opportunity_amount']);
  assert.deepEqual(await complete(PROJECT_TIMES.replace('converted: opportunity_created_at', 'converted: { event:  }'), 'event: ', 7), ['demo_request']);
  assert.deepEqual(await complete(PROJECT_TIMES.replace('    field: sales_status', '    field: '), '    field: ', 11),
    ['email', 'rejection_reason', 'sales_status', 'seniority']);
});

test('hover on an outcomes key shows its schema description', async () => {
  await client.change(project.uri, PROJECT_TIMES);
  const h = await client.request('textDocument/hover', { textDocument: { uri: project.uri }, position: posOf(PROJECT_TIMES, 'horizon:', 1) });
  assert.match(h.contents.value, /within this long after `as_of`/);
});

test('go to definition and references: the fields outcomes names lead to the catalog', async () => {
  const defs = await client.request('textDocument/definition', { textDocument: { uri: project.uri }, position: posOf(PROJECT_TIMES, 'opportunity_amount', 2) });
  assert.equal(defs.length, 1);
  assert.equal(defs[0].uri, uriOf(join(dir, 'fields.yaml')));
  assert.equal(defs[0].range.start.line, FIELDS.split('\n').findIndex((l) => l.includes('opportunity_amount')));
  const refs = await client.request('textDocument/references', { textDocument: { uri: project.uri }, position: posOf(PROJECT_TIMES, 'sales_status', 2), context: { includeDeclaration: false } });
  assert.deepEqual(refs.map((r: any) => r.uri), [project.uri]);
});

test('a code lens on `mql:` with the backtest precision and recall; a grade hover with its conversion rate', async () => {
  await client.change(project.uri, PROJECT_TIMES);
  const path = join(dir, 'model.yaml');
  const uri = await client.open(path, MODEL);
  const lenses = await until(() => client.request('textDocument/codeLens', { textDocument: { uri } }), (l: any[]) => l.some((x) => /backtest/.test(x.command?.title)));
  const mql = lenses.find((l: any) => /backtest/.test(l.command.title));
  assert.equal(mql.range.start.line, MODEL.split('\n').findIndex((l) => l.startsWith('mql:')));
  assert.equal(mql.command.title, 'backtest: precision 66.7% · recall 40.0% · lift 1.60× (3 MQLs, converted within 30d of 2026-08-01; AUC 0.63)');
  const h = await client.request('textDocument/hover', { textDocument: { uri }, position: posOf(MODEL, 'id: A', 4) });
  assert.match(h.contents.value, /Backtest: \*\*66\.7%\*\* of its 3 leads converted within 30d of 2026-08-01 — lift 1\.60× against the base rate 41\.7%/);
});
