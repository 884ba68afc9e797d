// The editor's index (core/check/workspace.ts, what the language server publishes) keeps one diagnostic
// per root cause across files: breaking the catalog with a tab, then fixing it, never leaves
// "unknown field" errors in the files that read it; a misspelt kind does not orphan references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Workspace } from '../../server/src/core/check/workspace.js';

const SAMPLES = join(__dirname, '../../samples');
const yamlFiles = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
});

function samples(): Workspace {
  const ws = new Workspace();
  for (const f of yamlFiles(SAMPLES)) ws.setFile(relative(SAMPLES, f), readFileSync(f, 'utf8'));
  return ws;
}
const codes = (ws: Workspace) => ws.diagnostics().map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`);

test('a tab in the catalog: one LS004 there, nothing in the files that read it; fixed, all clean again', () => {
  const ws = samples();
  assert.deepEqual(codes(ws), []);
  const text = readFileSync(join(SAMPLES, 'fields.yaml'), 'utf8');
  ws.setFile('fields.yaml', text.replace('\n  company: ', '\n\tcompany: '));
  assert.deepEqual(codes(ws), ['fields.yaml:10 LS004']);
  ws.setFile('fields.yaml', text);
  assert.deepEqual(codes(ws), []);
});

test("an unclosed bracket in the catalog's events: one error there; the readers are re-checked both ways", () => {
  const ws = samples();
  const text = readFileSync(join(SAMPLES, 'fields.yaml'), 'utf8');
  // an error that leaves the salvaged fields as they were: dependants must still learn of it
  ws.setFile('fields.yaml', text.replace('\nevents:\n', '\nevents:\n  page_view: [\n'));
  const broken = codes(ws);
  assert.equal(broken.length, 1, broken.join('\n'));
  assert.match(broken[0], /^fields\.yaml:\d+ LS00[14]$/);
  ws.setFile('fields.yaml', text);
  assert.deepEqual(codes(ws), []);
});

test("a misspelt kind ('icpp'): one LS013, references to the ICP and its tiers still resolve", () => {
  const ws = samples();
  const text = readFileSync(join(SAMPLES, 'icps/mid-market.yaml'), 'utf8');
  ws.setFile('icps/mid-market.yaml', text.replace('\nkind: icp\n', '\nkind: icpp\n'));
  assert.deepEqual(codes(ws), ['icps/mid-market.yaml:3 LS013']);
  ws.setFile('icps/mid-market.yaml', text);
  assert.deepEqual(codes(ws), []);
});
