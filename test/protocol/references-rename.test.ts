// Find references and rename cover every place a name can stand — test expectations and the
// inline leads of test cases included — and rename refuses a new name that is already taken.
// Every kind of symbol × every kind of place, on a copy of samples/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspClient, REPO, SAMPLES, tempWorkspace, posOf, uriOf } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
const text: Record<string, string> = {};
const FILES = ['fields.yaml', 'icps/mid-market.yaml', 'icps/enterprise.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml', 'sla.yaml', 'tests.yaml'];

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir);
  for (const f of FILES) text[f] = readFileSync(join(ws.dir, f), 'utf8');
  await client.waitForDiagnostics((d) => d.uri === uriOf(join(ws.dir, 'tests.yaml')));
});
after(async () => { await client.shutdown(); ws.cleanup(); });

/** A place: file, the text that starts there, which occurrence, and how far into it the name starts. */
type Place = [file: string, needle: string, nth?: number, plus?: number];
const at = ([file, needle, nth = 0, plus = 0]: Place) => posOf(text[file], needle, plus, nth);

async function refs(from: Place): Promise<{ file: string; line: number; character: number; end: number }[]> {
  const locs = await client.request('textDocument/references', { textDocument: { uri: uriOf(join(ws.dir, from[0])) }, position: at(from), context: { includeDeclaration: true } });
  return locs.map((l: any) => ({ file: fileURLToPath(l.uri).slice(ws.dir.length + 1), line: l.range.start.line, character: l.range.start.character, end: l.range.end.character }));
}

// symbol (where the cursor is) → the places its references must include (the name starts there)
const SYMBOLS: Record<string, { from: Place; places: Record<string, Place> }> = {
  'ICP mid-market': { from: ['icps/mid-market.yaml', 'id: mid-market', 0, 4], places: {
    'definition id': ['icps/mid-market.yaml', 'id: mid-market', 0, 4],
    'condition icp:': ['scoring/inbound.yaml', 'icp: mid-market', 0, 5],
    'tier reference': ['scoring/inbound.yaml', 'tier: mid-market/tier-1', 0, 6],
    'test expect icp:': ['tests.yaml', 'icp: mid-market', 0, 5],
    'test expect tier:': ['tests.yaml', 'tier: mid-market/tier-1', 0, 6],
  } },
  'tier tier-1': { from: ['icps/mid-market.yaml', 'id: tier-1', 0, 4], places: {
    'definition id': ['icps/mid-market.yaml', 'id: tier-1', 0, 4],
    'condition tier:': ['scoring/inbound.yaml', 'mid-market/tier-1', 0, 11],
    'test expect tier:': ['tests.yaml', 'mid-market/tier-1', 0, 11],
  } },
  'field employees': { from: ['fields.yaml', 'employees:'], places: {
    'catalog': ['fields.yaml', 'employees:'],
    'ICP condition': ['icps/mid-market.yaml', 'employees:'],
    'scoring condition': ['scoring/inbound.yaml', 'employees:'],
    'test inline lead': ['tests.yaml', 'employees: 500'],
    'test inline lead (another case)': ['tests.yaml', 'employees: 6000'],
  } },
  'event page_view': { from: ['fields.yaml', 'page_view:'], places: {
    'catalog': ['fields.yaml', 'page_view:'],
    'event rule': ['scoring/inbound.yaml', 'event: page_view', 0, 7],
    'event condition': ['scoring/inbound.yaml', 'event: page_view', 1, 7],
    'test inline event': ['tests.yaml', 'event: page_view', 0, 7],
  } },
  'property url': { from: ['fields.yaml', 'url: string'], places: {
    'catalog': ['fields.yaml', 'url: string'],
    'event rule where': ['scoring/inbound.yaml', 'url: {'],
    'test inline event property': ['tests.yaml', 'url: /pricing'],
  } },
  'grade A': { from: ['scoring/inbound.yaml', 'id: A', 0, 4], places: {
    'definition id': ['scoring/inbound.yaml', 'id: A', 0, 4],
    'mql condition': ['scoring/inbound.yaml', 'grade: A', 0, 7],
    'SLA applies_to': ['sla.yaml', 'grade: [A, B]', 0, 8],
    'test expectation': ['tests.yaml', 'grade: A,', 0, 7],
  } },
  'band fit A (matrix)': { from: ['scoring/product-led.yaml', 'fit_grade: A', 0, 11], places: {
    'condition fit_grade:': ['scoring/product-led.yaml', 'fit_grade: A', 0, 11],
    'test expectation fit_grade:': ['tests.yaml', 'fit_grade: A', 0, 11],
    'test expectation grade: A2': ['tests.yaml', 'grade: A2', 0, 7],
  } },
  'scoring inbound': { from: ['scoring/inbound.yaml', 'id: inbound', 0, 4], places: {
    'definition id': ['scoring/inbound.yaml', 'id: inbound', 0, 4],
    'SLA scoring:': ['sla.yaml', 'scoring: inbound', 0, 9],
    'test expectation key': ['tests.yaml', 'inbound: {'],
  } },
  'commitment first-touch': { from: ['sla.yaml', 'id: first-touch', 0, 4], places: {
    'definition id': ['sla.yaml', 'id: first-touch', 0, 4],
    'test expectation sla:': ['tests.yaml', 'mql-handoff/first-touch', 0, 12],
  } },
  'calendar us': { from: ['sla.yaml', 'us:'], places: {
    'definition': ['sla.yaml', 'us:'],
    'calendar map default': ['sla.yaml', 'default: us', 0, 9],
    'calendar:': ['sla.yaml', 'calendar: us', 0, 10],
  } },
};

for (const [name, { from, places }] of Object.entries(SYMBOLS)) {
  test(`references of ${name} cover every kind of place`, async () => {
    const found = await refs(from);
    for (const [where, place] of Object.entries(places)) {
      const p = at(place);
      assert.ok(found.some((l) => l.file === place[0] && l.line === p.line && l.character === p.character),
        `${name}: no reference at ${where} (${place[0]}:${p.line + 1}:${p.character + 1}); found ${JSON.stringify(found)}`);
    }
  });
}

test('rename refuses a name that is already taken, with a clear error', async () => {
  const cases: [Place, string, RegExp][] = [
    [['icps/mid-market.yaml', 'id: mid-market', 0, 4], 'enterprise', /icp 'enterprise' already exists \(icps\/enterprise\.yaml:\d+\)/],
    [['icps/mid-market.yaml', 'id: tier-1', 0, 4], 'tier-2', /tier 'tier-2' already exists/],
    [['fields.yaml', 'employees:'], 'industry', /field 'industry' already exists \(fields\.yaml:\d+\)/],
    [['scoring/inbound.yaml', 'id: A', 0, 4], 'B', /grade 'B' already exists/],
    [['sla.yaml', 'us:'], 'emea', /calendar 'emea' already exists/],
  ];
  for (const [from, newName, message] of cases) {
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: uriOf(join(ws.dir, from[0])) }, position: at(from), newName }), message, `${from[1]} → ${newName}`);
  }
});

test('renaming a field, an event and a grade keeps every inline test case passing', async () => {
  const apply = async (from: Place, newName: string) => {
    const edit = await client.request('textDocument/rename', { textDocument: { uri: uriOf(join(ws.dir, from[0])) }, position: at(from), newName });
    for (const [uri, edits] of Object.entries<any[]>(edit.changes)) {
      const path = fileURLToPath(uri);
      const lines = readFileSync(path, 'utf8').split('\n');
      // apply from the end so earlier ranges stay valid
      for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
        assert.equal(e.range.start.line, e.range.end.line);
        const l = lines[e.range.start.line];
        lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
      }
      writeFileSync(path, lines.join('\n'));
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    }
    for (const f of FILES) text[f] = readFileSync(join(ws.dir, f), 'utf8');
  };
  await apply(['fields.yaml', 'seniority:'], 'job_level');
  await apply(['fields.yaml', 'demo_request:'], 'demo_booked');
  await apply(['scoring/inbound.yaml', 'id: B', 0, 4], 'B1');
  const cli = (args: string[]) => { try { return execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), ...args], { cwd: ws.dir, encoding: 'utf8' }); } catch (e: any) { return `${e.stdout}${e.stderr}`; } };
  // The sample CSV still has the old column names: only cases reading it (sample:) may fail.
  const report = JSON.parse(cli(['test', '--format', 'json']));
  const cases = report.tests.flatMap((t: any) => t.cases);
  assert.ok(cases.length >= 17);
  const inlineFailures = cases.filter((c: any) => c.status !== 'passed' && !/sample L\d+/.test(c.name));
  assert.deepEqual(inlineFailures.map((c: any) => c.name), []);
});
