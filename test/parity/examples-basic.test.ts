// The worked example of ../shared/examples/basic: `leadspec simulate --format json` run in that
// folder must give every value of its hand-computed expected.json (SLA values included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const folder = resolve(repo, '..', 'shared', 'examples', 'basic');
const cli = join(repo, 'dist', 'cli.js');

/** Every key of `expected` must be in `actual` with the same value (arrays: same length, item by item). */
function assertSubset(expected: unknown, actual: unknown, path: string): void {
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object/array, got ${JSON.stringify(actual)}`);
    if (Array.isArray(expected)) {
      assert.ok(Array.isArray(actual), `${path}: expected an array`);
      assert.equal((actual as unknown[]).length, expected.length, `${path}: length`);
      expected.forEach((x, i) => assertSubset(x, (actual as unknown[])[i], `${path}[${i}]`));
    } else {
      for (const [k, v] of Object.entries(expected)) {
        assert.ok(k in (actual as object), `${path}.${k}: missing`);
        assertSubset(v, (actual as Record<string, unknown>)[k], `${path}.${k}`);
      }
    }
  } else {
    assert.deepEqual(actual, expected, `${path}`);
  }
}

test('examples/basic: simulate --format json matches expected.json in full', { skip: !existsSync(folder) && 'shared/examples/basic is not beside the repo' }, () => {
  const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8'));
  const r = spawnSync(process.execPath, [cli, 'simulate', '--format', 'json'], { cwd: folder, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const actual = JSON.parse(r.stdout);
  assert.equal(actual.as_of, expected.as_of);
  assertSubset(expected.leads, actual.leads, 'leads');
  assertSubset(expected.summary, actual.summary, 'summary');
  for (const w of expected.warnings_must_include) {
    assert.ok(actual.warnings.some((a: Record<string, unknown>) => Object.entries(w).every(([k, v]) => a[k] === v)), `warning ${JSON.stringify(w)} missing from ${JSON.stringify(actual.warnings)}`);
  }
  // Leads carry exactly the SLA commitments that apply to them.
  assert.deepEqual(Object.keys(actual.leads[1].sla), []);
});

test('examples/basic: the as_of flag overrides the project and moves the SLA clock', { skip: !existsSync(folder) && 'no shared examples' }, () => {
  const r = spawnSync(process.execPath, [cli, 'simulate', '--format', 'json', '--as-of', '2026-11-20T17:00:00Z'], { cwd: folder, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const actual = JSON.parse(r.stdout);
  assert.equal(actual.as_of, '2026-11-20T17:00:00Z');
  // Due 16:00Z passed with no first touch → breached.
  assert.equal(actual.leads[0].sla['mql-handoff/first-touch'].status, 'breached');
});
