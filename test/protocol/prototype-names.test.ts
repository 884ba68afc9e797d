// The editor's checks on a catalog field named `constructor` (a name spelled like an
// Object.prototype member): a fit rule's condition on it is a field test, not a score output
// read before it is computed (LS097); over the LSP with the real JSON-RPC client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, until } from './harness.js';
import { PLAIN, SPECIAL, writeWorkspace } from '../cli/prototype-workspace.js';

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

// The editor's sample counts on a workspace named like Object.prototype (test/cli/prototype-workspace.ts):
// code lenses and hovers on its rules, tiers, personas and grades read what the plain-named twin reads.
test('LSP: code lenses and hovers on ids named like Object.prototype members = the plain-named twin', async () => {
  const root = mkdtempSync(join(tmpdir(), 'leadspec-lsp-proto-'));
  const back = (t: string) => Object.keys(PLAIN).reduce((x, k) => x.split(PLAIN[k]).join(SPECIAL[k]), t);
  try {
    const seen: string[][] = [];
    for (const names of [SPECIAL, PLAIN]) {
      const dir = join(root, names === SPECIAL ? 's' : 'p');
      writeWorkspace(dir, names);
      const client = new LspClient();
      try {
        await client.initialize(dir);
        const out: string[] = [];
        for (const f of ['model.yaml', 'icp.yaml']) {
          const text = readFileSync(join(dir, f), 'utf8');
          const uri = await client.open(join(dir, f), text);
          // The backtest's lens comes after the sample counts (its own background run): the
          // workspace has outcomes, so model.yaml waits for it too, or the twins race each other.
          const ready = (x: any[]) => Array.isArray(x) && x.length > 0 && x.every((l) => /sample lead|backtest:/.test(l.command?.title ?? ''))
            && (f !== 'model.yaml' || x.some((l) => /backtest:/.test(l.command?.title ?? '')));
          const lenses = await until(() => client.request('textDocument/codeLens', { textDocument: { uri } }), ready, 20000) as any[];
          out.push(...lenses.map((l) => `${f}:${l.range.start.line} ${l.command.title}`));
          // A hover on each id of the file (tiers, personas, rules, grades, the group).
          for (const [line, s] of text.split('\n').entries()) {
            const m = /(?:id|group): ([A-Za-z_]+)/.exec(s);
            if (!m) continue;
            const h = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: m.index + m[0].length - 1 } }) as any;
            out.push(`${f}:${line} ${h?.contents?.value ?? ''}`);
          }
        }
        seen.push(out.map(back));
      } finally { await client.shutdown(); }
    }
    const [s, p] = seen;
    assert.ok(s.length > 10, s.join('\n'));
    assert.doesNotMatch(s.join('\n'), /native code|NaN|undefined/);
    if (process.env.SHOW_PROTO) console.log(s.join("\n---\n"));
    assert.deepEqual(s, p);
  } finally { rmSync(root, { recursive: true, force: true }); }
});
