// The code registry: every semantic code is declared once, with a name, severity, summary and
// fix; docs/diagnostics.md's table is generated from it and must be current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SEMANTIC_CODES } from '../../server/src/core/check/index.js';
import { codeInfo } from '../../server/src/core/codes.js';
// @ts-ignore — a plain .mjs script, shared with the command line
import { codesTable, withTable, PAGE } from '../../scripts/codes-table.mjs';

test('semantic codes are LS040–LS099, registered, and fully described', () => {
  for (const c of SEMANTIC_CODES) {
    assert.match(c.code, /^LS0[4-9]\d$/);
    assert.equal(codeInfo(c.code), c);
    assert.match(c.name, /^[a-z][a-z-]+$/);
    assert.ok(['error', 'warning', 'info'].includes(c.severity));
    assert.ok(c.summary.endsWith('.') && c.fix.endsWith('.'), c.code);
  }
  assert.equal(new Set(SEMANTIC_CODES.map((c) => c.name)).size, SEMANTIC_CODES.length);
});

test('every semantic code has a test that triggers it (test/unit/check-*.test.ts)', () => {
  const files = ['ids', 'references', 'conditions', 'icp', 'scoring', 'sla', 'durations', 'workspace', 'score-order'];
  const text = files.map((f) => readFileSync(`test/unit/check-${f}.test.ts`, 'utf8')).join('\n');
  // an expected diagnostic is written `line:col-line:col CODE message`
  const missing = SEMANTIC_CODES.filter((c) => !new RegExp(`\\d+:\\d+-\\d+:\\d+ ${c.code} `).test(text));
  assert.deepEqual(missing.map((c) => c.code), []);
});

test('docs/diagnostics.md holds the current table of all codes', async () => {
  assert.equal(PAGE, 'docs/diagnostics.md');
  const readme = readFileSync(PAGE, 'utf8');
  const table: string = await codesTable();
  assert.ok(table.includes('| <a id="ls040"></a>LS040 | `duplicate-id` | error |'));
  assert.ok(table.includes('</a>LS001 |') && table.includes('</a>LS010 |'), 'parse and schema codes are in the table too');
  assert.equal(withTable(readme, table), readme, `${PAGE} is out of date: run \`node --import tsx scripts/codes-table.mjs\``);
});
