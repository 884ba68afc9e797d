// The editor's checks on a catalog field named `constructor` (a name spelled like an
// Object.prototype member): a fit rule's condition on it is a field test, not a score output
// read before it is computed (LS097); over the LSP with the real JSON-RPC client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from './harness.js';

const FIELDS = ['leadspec: v1', 'kind: fields', 'id: crm', 'fields:', '  constructor: { type: string }', '  employees: { type: integer }', 'events:', '  visit: {}', ''].join('\n');
const MODEL = ['leadspec: v1', 'kind: scoring', 'id: m', 'fit:', '  rules:',
  '    - { id: named, when: { constructor: { exists: true } }, points: 10 }',
  '    - { id: early, when: { total: { gte: 1 } }, points: 1 }',
  'grades:', '  - { id: A, min: 50 }', '  - { id: B }', ''].join('\n');

test('LSP: a condition on the field `constructor` draws no LS097; a real early score read still does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-lsp-proto-'));
  const client = new LspClient();
  try {
    writeFileSync(join(dir, 'fields.yaml'), FIELDS);
    writeFileSync(join(dir, 'model.yaml'), MODEL);
    await client.initialize(dir);
    await client.open(join(dir, 'fields.yaml'), FIELDS);
    const uri = await client.open(join(dir, 'model.yaml'), MODEL);
    const got = await client.waitForDiagnostics((p) => p.uri === uri, 20000);
    assert.deepEqual(got.diagnostics.map((d: any) => [d.code, d.range.start.line]), [['LS097', 6]]);
    assert.match(got.diagnostics[0].message, /^`total` is not computed yet/);
  } finally { await client.shutdown(); rmSync(dir, { recursive: true, force: true }); }
});
