// The editor's test runner passes the same gate as `leadspec test` (server/src/core/gate.ts):
// over stdio against the BUILT server, a typo in the model stops every case from running (the
// lenses and the Test Explorer say why) instead of passing them on a misread model; fixing it
// runs them again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, EXAMPLE, tempWorkspace } from './harness.js';

const TESTS = `leadspec: v1
kind: test
id: gate
as_of: 2026-11-20T12:00:00Z
cases:
  - name: a small quiet company is not an MQL
    lead: { id: t1, employees: 5, industry: SaaS }
    expect: { inbound: { mql: false } }
`;

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;

before(async () => {
  ws = tempWorkspace(EXAMPLE);
  writeFileSync(join(ws.dir, 'tests.yaml'), TESTS);
  client = new LspClient();
  await client.initialize(ws.dir);
  await client.open(join(ws.dir, 'tests.yaml'), TESTS);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

const cases = async () => ((await client.request('leadspec/tests', {})) as any[])[0].cases.map((c: any) => [c.status, c.message ?? null]);

test('a definition error stops every case, saying why; the fix runs them again', async () => {
  assert.deepEqual(await cases(), [['passed', null]]);
  const scoringPath = join(ws.dir, 'scoring.yaml');
  const text = readFileSync(scoringPath, 'utf8');
  const scoringUri = await client.open(scoringPath, text);
  const broken = text.replace(/points: (\d+)/, 'pionts: $1');
  assert.notEqual(broken, text);
  await client.change(scoringUri, broken);
  await client.waitForDiagnostics((d) => d.uri === scoringUri && d.diagnostics.some((x) => /pionts/.test(x.message)), 10_000, false);
  const refused = await cases();
  assert.equal(refused[0][0], 'error');
  assert.match(refused[0][1], /^the definitions have 1 error \(first: scoring\.yaml:\d+ LS010\); fix them to run the tests$/);
  const uri = (await client.request('leadspec/tests', {}) as any[])[0].uri;
  const lenses: any[] = await client.request('textDocument/codeLens', { textDocument: { uri } });
  assert.ok(lenses.some((l) => l.command.title === '0 passed, 0 failed, 1 cannot run'), JSON.stringify(lenses.map((l) => l.command.title)));
  await client.change(scoringUri, text);
  await client.waitForDiagnostics((d) => d.uri === scoringUri && d.diagnostics.length === 0, 10_000, false);
  assert.deepEqual(await cases(), [['passed', null]]);
});
