import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile, valueRange } from '../../server/src/core/syntax/parse.js';

test('non-leadspec YAML is left alone', () => {
  const f = parseFile('a.yaml', 'foo: [unclosed\n');
  assert.equal(f.docs.length, 0);
  assert.deepEqual(f.diagnostics, []);
});

test('several documents per file, ranges kept', () => {
  const f = parseFile('a.yaml', 'leadspec: v1\nkind: icp\nid: a\n---\nfoo: 1\n---\nleadspec: v1\nkind: scoring\nid: b\n');
  assert.deepEqual(f.docs.map((d) => [d.kind, d.id]), [['icp', 'a'], ['scoring', 'b']]);
  assert.deepEqual(valueRange(f.docs[1], ['id']), { start: { line: 8, character: 4 }, end: { line: 8, character: 5 } });
});

test('duplicate key is LS002 on the second key', () => {
  const f = parseFile('a.yaml', 'leadspec: v1\nkind: icp\nkind: scoring\n');
  assert.equal(f.diagnostics.length, 1);
  assert.equal(f.diagnostics[0].code, 'LS002');
  assert.deepEqual(f.diagnostics[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
});

test('alias bomb is LS003, not a hang', () => {
  const f = parseFile('a.yaml', 'leadspec: v1\na: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n');
  assert.ok(f.diagnostics.some((d) => d.code === 'LS003'));
});

test('a collection used as a key prints no process warning (the schema reports the key)', async () => {
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(w.message);
  process.on('warning', onWarning);
  try {
    parseFile('a.yaml', 'leadspec: v1\n? [a, b]\n: 1\n');
    await new Promise((r) => setImmediate(r)); // process warnings are emitted on a later tick
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(seen, []);
});
