import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { applySuppressions } from '../../server/src/core/check/suppress.js';
import type { Diagnostic } from '../../server/src/core/types.js';

const diag = (code: string, line: number): Diagnostic => ({ file: 'a.yaml', code, severity: 'error', message: 'x',
  range: { start: { line, character: 2 }, end: { line, character: 5 } } });

test('next-line suppression hides the diagnostic on the following line only', () => {
  const f = parseFile('a.yaml', 'leadspec: v1\nkind: icp\n# leadspec-disable-next-line LS001 -- legacy id kept for Salesforce\nid: a\nx: 1\n');
  const r = applySuppressions(f, [diag('LS001', 3), diag('LS001', 4)]);
  assert.equal(r.suppressed, 1);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.range.start.line]), [['LS001', 4]]);
});

test('document suppression at the top covers the whole document, not the next one', () => {
  const f = parseFile('a.yaml', '# leadspec-disable LS002 -- imported as is\nleadspec: v1\nkind: icp\nid: a\n---\nleadspec: v1\nkind: icp\nid: b\n');
  const r = applySuppressions(f, [diag('LS002', 3), diag('LS002', 7)]);
  assert.equal(r.suppressed, 1);
  assert.deepEqual(r.diagnostics.map((d) => d.range.start.line), [7]);
});

test('a suppression without a reason is LS100; one that suppresses nothing is LS101', () => {
  const f = parseFile('a.yaml', 'leadspec: v1\n# leadspec-disable-next-line LS001\nkind: icp\n# leadspec-disable-next-line LS002 -- why\nid: a\n');
  const r = applySuppressions(f, [diag('LS001', 2)]);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.range.start.line]).sort(), [['LS100', 1], ['LS101', 3]]);
  const unused = r.diagnostics.find((d) => d.code === 'LS101')!;
  assert.equal(unused.message, 'this suppression of LS002 suppresses nothing; remove it, or correct its code or its line');
});

test('unknown code LS103, misplaced document suppression LS102', () => {
  const f = parseFile('a.yaml', 'leadspec: v1\nkind: icp\n# leadspec-disable LS001 -- too late\nid: a\n# leadspec-disable-next-line LS999 -- what\nx: 1\n');
  const r = applySuppressions(f, []);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.range.start.line]).sort(), [['LS102', 2], ['LS103', 4]]);
});
