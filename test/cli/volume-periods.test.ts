// Volume commitments (SPEC §6) in simulate's output (issue 18): the target is printed; a period
// the data does not cover whole — it starts after the period's first day, or has not ended at
// as_of — is listed in `summary.volume` (an extension beside SPEC §8's unchanged `summary.sla`) and
// is "partial — not judged" in text and Markdown; a cut list of periods says how many it hides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const CLI = resolve('dist/cli.js');
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadspec-volume-'));
  writeFileSync(join(dir, 'leadspec.yaml'), 'leadspec: v1\nkind: project\nid: p\nsamples:\n  leads: leads.csv\n');
  writeFileSync(join(dir, 'fields.yaml'), 'leadspec: v1\nkind: fields\nid: crm\nfields:\n  created_at: { type: datetime }\n');
  writeFileSync(join(dir, 'sla.yaml'), [
    'leadspec: v1', 'kind: sla', 'id: vol', 'commitments:',
    '  - { id: monthly, type: volume, count: {}, per: month, date: created_at, target: { gte: 3 } }',
    '  - { id: daily, type: volume, count: {}, per: day, date: created_at, target: { between: [1, 2] } }', '',
  ].join('\n'));
  // Data from 10 Jan (mid-month) to 14 Mar 10:00 (as_of): January and March are partial.
  const rows = ['id,created_at'];
  let n = 0;
  for (const d of ['2026-01-10', '2026-01-20', '2026-01-21', '2026-02-01', '2026-02-02', '2026-02-15', '2026-02-16', '2026-02-28',
    '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-05', '2026-03-08', '2026-03-14']) rows.push(`L${++n},${d}T10:00:00Z`);
  writeFileSync(join(dir, 'leads.csv'), rows.join('\n') + '\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const simulate = (format: string) => spawnSync(process.execPath, [CLI, 'simulate', '--format', format], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

test('JSON: SPEC §6 periods unchanged; beside them (summary.volume) the target as written and the partial periods', () => {
  const r = simulate('json');
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout).summary;
  assert.deepEqual(summary.sla['vol/monthly'], {
    periods: { '2026-01': { count: 3, met: true }, '2026-02': { count: 5, met: true }, '2026-03': { count: 6, met: true } },
  });
  assert.deepEqual(summary.volume['vol/monthly'], { target: { gte: 3 }, partial: ['2026-01', '2026-03'] });
  // days: the first day of data is whole (a day period starts on its first day); as_of's day is not over
  assert.deepEqual(summary.volume['vol/daily'], { target: { between: [1, 2] }, partial: ['2026-03-14'] });
});

test('text: target printed, partial periods not judged, hidden periods counted', () => {
  const r = simulate('text');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /vol\/monthly\s+1 of 1 periods on target \(target ≥ 3 per period\); 2 partial, not judged\n/);
  assert.match(r.stdout, /\n {4}2026-01\s+3 {2}partial — not judged\n {4}2026-02\s+5 {2}met\n {4}2026-03\s+6 {2}partial — not judged\n/);
  assert.match(r.stdout, /vol\/daily\s+13 of 13 periods on target \(target between 1 and 2 per period\); 1 partial, not judged\n {4}… 8 more periods before these \(--format json or md lists them all\)\n/);
});

test('Markdown: the target in the heading, every period listed with its verdict', () => {
  const r = simulate('md');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\*\*`vol\/monthly`\*\* \(volume, target ≥ 3 per period\)/);
  assert.match(r.stdout, /\| 2026-01 \| 3 \| partial — not judged \|\n\| 2026-02 \| 5 \| met \|\n\| 2026-03 \| 6 \| partial — not judged \|/);
});
