// The formatter keeps the author's layout: on every file of samples/ it changes nothing; on a
// corpus of mutated copies (squashed or doubled flow separators, trailing spaces, missing or extra
// final newlines) the data is unchanged, formatting again changes nothing, and the mutations of
// spacing are undone exactly. Range formatting touches only the lines asked for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LspClient, SAMPLES, tempWorkspace } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  const init = await client.initialize(ws.dir);
  assert.ok(init.capabilities.documentRangeFormattingProvider);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

const yamlFiles = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
});

function applyEdits(text: string, edits: any[]): string {
  const lines = text.split('\n');
  const off = (p: any) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

let n = 0;
async function format(text: string, range?: any): Promise<any[]> {
  const uri = await client.open(join(ws.dir, `fmt-${++n}.yaml`), text);
  const edits = await client.request(range ? 'textDocument/rangeFormatting' : 'textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true }, ...(range ? { range } : {}) });
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return edits ?? [];
}
const data = (t: string) => parseAllDocuments(t).map((d: any) => d.toJS());

test('every file of samples/ is left exactly as it is', async () => {
  const files = yamlFiles(SAMPLES);
  assert.ok(files.length >= 7);
  for (const f of files) assert.deepEqual(await format(readFileSync(f, 'utf8')), [], relative(SAMPLES, f));
});

/** Spacing mutations the formatter must undo exactly (each keeps the YAML valid and its data). */
const MUTATIONS: [string, (t: string) => string][] = [
  ['flow maps squashed', (t) => t.replace(/\{ ([^{}\n]*?) \}/g, '{$1}')],
  ['no space after commas in flow', (t) => t.replace(/(\{[^\n#]*?), (?=[a-z_]+: )/g, '$1,')],
  ['space before commas', (t) => t.replace(/, (id|points|max|min): /g, ' , $1: ')],
  ['trailing spaces', (t) => t.split('\n').map((l, i) => (i % 3 === 0 && l ? `${l}   ` : l)).join('\n')],
  ['no final newline', (t) => t.replace(/\n+$/, '')],
  ['extra blank lines at the end', (t) => `${t}\n\n\n`],
  ['padded list unpadded at the end', (t) => t.replace(/\[ ([^\[\]\n]*?) \]/g, '[ $1]')],
];

test('a corpus of mutated samples: data unchanged, idempotent, spacing restored', async () => {
  let cases = 0;
  for (const f of yamlFiles(SAMPLES)) {
    const original = readFileSync(f, 'utf8');
    for (const [name, mutate] of MUTATIONS) {
      const mutated = mutate(original);
      if (mutated === original) continue;
      assert.deepEqual(data(mutated), data(original), `the mutation '${name}' itself keeps the data (${relative(SAMPLES, f)})`);
      const once = applyEdits(mutated, await format(mutated));
      assert.deepEqual(data(once), data(mutated), `data unchanged: ${name} on ${relative(SAMPLES, f)}`);
      assert.deepEqual(await format(once), [], `idempotent: ${name} on ${relative(SAMPLES, f)}`);
      assert.equal(once, original, `layout restored: ${name} on ${relative(SAMPLES, f)}`);
      cases++;
    }
  }
  assert.ok(cases >= 25, `${cases} mutated files`);
});

test('alignment, multi-line flow mappings and comments stay as written', async () => {
  const text = 'leadspec: v1\nkind: fields\nid: f   # aligned comment\nfields:\n  company:    { type: string }     # name\n  employees:  {type: integer,  min: 0}\n  region:\n    { type: enum,\n      values: [na, emea] }\n';
  const out = applyEdits(text, await format(text));
  assert.equal(out, 'leadspec: v1\nkind: fields\nid: f   # aligned comment\nfields:\n  company:    { type: string }     # name\n  employees:  { type: integer,  min: 0 }\n  region:\n    { type: enum,\n      values: [na, emea] }\n');
});

test('range formatting changes only the lines in the range', async () => {
  const text = 'leadspec: v1\nkind: fields\nid: f\nfields:\n  a: {type: string}\n  b: {type: string}\n';
  const edits = await format(text, { start: { line: 5, character: 0 }, end: { line: 5, character: 20 } });
  assert.equal(applyEdits(text, edits), 'leadspec: v1\nkind: fields\nid: f\nfields:\n  a: {type: string}\n  b: { type: string }\n');
});
