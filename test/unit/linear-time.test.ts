// Checking is linear in the size of the file for every pathological shape of issue 18 (unknown
// keys, duplicate keys, aliases, a huge rule list, misspelt nested keys), and its output is
// bounded: at most MAX_PER_CODE diagnostics of one code per file, then one summary (LS006).
// Timings are ratios measured in the same run (the machine is shared): doubling the file may at
// most about double the time (ratio < 3 leaves room for noise and GC).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { validateReport } from '../../server/src/core/check/validate.js';
import { Workspace } from '../../server/src/core/check/workspace.js';
import { MAX_PER_CODE } from '../../server/src/core/check/bounded.js';
import { SHAPES, type Shape } from './pathological.js';
import { AJV_OPTIONS, appendErrorsInPlace, leadspecSchema } from '../../server/src/core/schema/validator.js';
import Ajv2020Module from 'ajv/dist/2020.js';

const Ajv2020: any = (Ajv2020Module as any).default ?? Ajv2020Module;

function validateText(text: string) {
  return validateReport([parseFile('big.yaml', text)]).diagnostics;
}

/** The fastest of two runs (ms): the less disturbed by other processes. */
function timeOf(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const SIZES: Record<Shape, number> = { unknownKeys: 10_000, duplicateKeys: 20_000, aliases: 5_000, rules: 10_000, nestedTypos: 5_000, brokenRules: 5_000 };

for (const [shape, n] of Object.entries(SIZES) as [Shape, number][]) {
  test(`${shape}: doubling the file at most about doubles the time to check it`, () => {
    const small = SHAPES[shape](n), big = SHAPES[shape](2 * n);
    validateText(small); // warm-up (schema compilation, JIT)
    // A quadratic check shows a ratio near 4 every time; a linear one near 2, with an occasional
    // outlier when a major GC or another process lands in one run: up to three tries.
    const tries: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const t1 = timeOf(() => validateText(small));
      const t2 = timeOf(() => validateText(big));
      tries.push(`${n} → ${t1.toFixed(0)} ms, ${2 * n} → ${t2.toFixed(0)} ms (ratio ${(t2 / t1).toFixed(2)})`);
      if (t2 / Math.max(t1, 1) < 3) return;
    }
    assert.fail(`${shape} is not linear: ${tries.join('; ')}`);
  });
}

test('at most MAX_PER_CODE diagnostics of one code per file, then one LS006 summary saying how many more', () => {
  const diags = validateText(SHAPES.unknownKeys(10_000));
  const ls010 = diags.filter((d) => d.code === 'LS010');
  assert.equal(ls010.length, MAX_PER_CODE);
  const summary = diags.filter((d) => d.code === 'LS006');
  assert.equal(summary.length, 1);
  assert.equal(summary[0].severity, 'error');
  assert.match(summary[0].message, new RegExp(`… and ${(10_000 - MAX_PER_CODE).toLocaleString('en-US')} more LS010 in this file`));
  // it sits where the first hidden one was, after the shown ones
  assert.ok(summary[0].range.start.line > ls010[ls010.length - 1].range.start.line);

  const dup = validateText(SHAPES.duplicateKeys(5_000));
  assert.equal(dup.filter((d) => d.code === 'LS002').length, MAX_PER_CODE);
  assert.match(dup.find((d) => d.code === 'LS006')!.message, /… and 4,900 more LS002 in this file/);
});

test('the language server\'s index caps the same way', () => {
  const ws = new Workspace();
  ws.setFile('big.yaml', SHAPES.unknownKeys(1_000));
  const diags = ws.diagnostics('big.yaml');
  assert.equal(diags.filter((d) => d.code === 'LS010').length, MAX_PER_CODE);
  assert.match(diags.find((d) => d.code === 'LS006')!.message, /… and 900 more LS010 in this file/);
});

test('a model of 110,000 rules checks without overflowing the stack (no spread of unbounded arrays)', () => {
  // 110,000 rules crashed with "Maximum call stack size exceeded" (`a.refs.push(...ctx.refs)`).
  const report = validateReport([parseFile('big.yaml', SHAPES.rules(110_000))]);
  assert.deepEqual(report.diagnostics.map((d) => `${d.code} ${d.message}`), []);
});

test('more anchors and aliases than a definition needs is LS003 at once, not a quadratic resolution', () => {
  const diags = validateText(SHAPES.aliases(5_000));
  assert.deepEqual(diags.map((d) => d.code), ['LS003']);
  assert.match(diags[0].message, /anchors and aliases/);
  // a handful of aliases still works
  assert.deepEqual(validateText('leadspec: v1\nkind: fields\nid: crm\nfields:\n  a: &t { type: string }\n  b: *t\n'), []);
});

test('ajv\'s compiled validator appends errors in place: no `.concat(` of the error list is left', () => {
  // Each `vErrors.concat(…)` copies the whole list: quadratic in the errors of one file (250,000
  // misspelt field keys took 70 s). appendErrorsInPlace rewrites every one; if an ajv upgrade
  // writes them differently, this fails instead of the editor slowing down silently.
  let before = 0, after = 0;
  const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { ...AJV_OPTIONS.code, process: (code: string) => {
    before += code.split('vErrors.concat(').length - 1;
    const out = appendErrorsInPlace(code);
    after += out.split('.concat(').length - 1;
    return out;
  } } });
  ajv.compile(leadspecSchema());
  assert.ok(before > 100, `${before} concatenations found in the generated code`);
  assert.equal(after, 0);
});

test('a misspelt required key repeated 2,000 times: one summary of LS010, no LS011 counted behind it', () => {
  // The misspelling explains the "missing 'points'": it was folded for the first 1,000 errors
  // (described in full) but the rest were counted as 1,000 more LS011.
  const diags = validateText(SHAPES.brokenRules(2_000));
  assert.deepEqual(diags.filter((d) => d.code === 'LS011'), []);
  assert.deepEqual(diags.filter((d) => d.code === 'LS006').map((d) => d.message), [
    '… and 1,900 more LS010 in this file (only the first 100 are shown)',
    '… and 1,890 more LS041 in this file (only the first 100 are shown)',
  ]);
});
