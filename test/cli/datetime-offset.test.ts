// Date-times without a time-zone offset (issue 18): SPEC §2 reads them as UTC, which is right for
// an export in UTC and an hour or more off for one in local time. The first such value of each
// column is one data warning naming it (not one per cell), the same from both engines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const CLI = resolve('dist/cli.js');
let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadspec-offset-'));
  writeFileSync(join(dir, 'leadspec.yaml'), 'leadspec: v1\nkind: project\nid: p\nsamples:\n  leads: leads.csv\n');
  writeFileSync(join(dir, 'fields.yaml'), 'leadspec: v1\nkind: fields\nid: crm\nfields:\n  n: { type: integer }\n  created_at: { type: datetime }\n  touched_at: { type: datetime }\n');
  writeFileSync(join(dir, 'leads.csv'), [
    'id,n,created_at,touched_at',
    'L1,1,2026-11-20T09:00:00Z,2026-11-20T10:00:00+01:00',
    'L2,x,2026-11-20 09:30,2026-11-20',
    'L3,3,2026-11-21 10:00,2026-11-22T01:00:00-0500',
    'L4,4,2026-11-22T08:00:00,2026-11-22 07:00',
    'L2,5,2026-11-20 09:30,', '',
  ].join('\n'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const warnings = (engine: string) => {
  const r = spawnSync(process.execPath, [CLI, 'simulate', '--format', 'json', '--engine', engine], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { r, list: r.status === 0 ? JSON.parse(r.stdout).warnings.map((w: any) => `${w.row} ${w.lead} ${w.field}: ${w.message}`) : [] };
};

const EXPECTED = [
  "3 L2 n: 'x' is not an integer; treated as missing",
  "3 L2 created_at: '2026-11-20 09:30' has no time-zone offset, so it is read as UTC (and so is every such value in this column, not warned again); add Z or the offset, e.g. -05:00, in the export",
  // a bare date (row 3) names a day, not a local time: not warned; the first local time is
  "5 L4 touched_at: '2026-11-22 07:00' has no time-zone offset, so it is read as UTC (and so is every such value in this column, not warned again); add Z or the offset, e.g. -05:00, in the export",
  "6 L2 id: duplicate id 'L2' (first at leads.csv:3); this row is skipped",
];

test('in-process: one warning per column, at its first value without an offset', () => {
  const { r, list } = warnings('memory');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(list, EXPECTED);
});

test('DuckDB: the same warnings', (t) => {
  const { r, list } = warnings('duckdb');
  if (/DuckDB is not installed/.test(r.stderr)) { t.skip('DuckDB is not installed'); return; }
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(list, EXPECTED);
});
