// At least twenty distinct broken definitions through the engine's entry point: each one gives
// exactly the diagnostics listed in schema-cases.ts (position, code and words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { validateFiles } from '../../server/src/core/check/validate.js';
import { BROKEN_CASES } from './schema-cases.js';

test('there are at least 20 distinct broken inputs', () => {
  assert.ok(BROKEN_CASES.length >= 20);
  assert.equal(new Set(BROKEN_CASES.map((c) => c.yaml)).size, BROKEN_CASES.length);
});

for (const c of BROKEN_CASES) {
  test(`broken: ${c.name}`, () => {
    const ds = validateFiles([parseFile('broken.yaml', c.yaml)]);
    assert.deepEqual(ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`), c.expect);
    for (const d of ds) assert.equal(d.severity, 'error');
  });
}
