// `leadspec simulate --by FIELD` through the CLI as a process on the samples: per value of a
// field the grade mix, MQLs and SLA attainment, adding up to the whole simulation; recounted
// here from the per-lead results and the CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { checkMarkdownTables } from './md-tables.js';

const CLI = resolve('dist/cli.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: resolve('samples'), encoding: 'utf8', maxBuffer: 64 << 20 });

test('json: `by` beside the unchanged simulation, recounted from the leads', () => {
  const r = cli('simulate', '--by', 'region', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.equal(d.by.field, 'region');
  const rows: Record<string, string>[] = parse(readFileSync(resolve('samples/leads.csv')), { columns: true });
  const region = new Map(rows.map((x) => [x.id, x.region || '(none)']));
  // Values, most leads first, add up to every lead.
  assert.equal(d.by.values.reduce((a: number, v: any) => a + v.leads, 0), 2000);
  for (const v of d.by.values) assert.equal(v.leads, rows.filter((x) => (x.region || '(none)') === v.value).length);
  for (const [model, m] of Object.entries<any>(d.by.scoring)) {
    for (const v of d.by.values) {
      const mine = d.leads.filter((l: any) => region.get(l.id) === v.value);
      const x = m.values[v.value];
      assert.equal(x.mql, mine.filter((l: any) => l.scores[model].mql).length, `${model} ${v.value} MQL`);
      for (const g of m.grades) assert.equal(x.grades[g], mine.filter((l: any) => l.scores[model].grade === g).length, `${model} ${v.value} ${g}`);
    }
    for (const g of m.grades) assert.equal(Object.values<any>(m.values).reduce((a, x) => a + x.grades[g], 0), d.summary.scoring[model].grades[g] ?? 0);
  }
  const ft = d.by.sla['mql-handoff/first-touch'];
  const sum = (f: string) => Object.values<any>(ft).reduce((a, x) => a + x[f], 0);
  assert.deepEqual([sum('met'), sum('breached'), sum('open')], [d.summary.sla['mql-handoff/first-touch'].met, d.summary.sla['mql-handoff/first-touch'].breached, d.summary.sla['mql-handoff/first-touch'].open]);
});

test('text and md: one table per model and commitment, each ending with an `all` row that adds up', () => {
  const t = cli('simulate', '--by', 'lead_source');
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /Scoring model inbound by lead_source\n  lead_source\s+leads\s+A\s+B\s+C\s+D\s+disqualified\s+MQL\s+MQL rate\n/);
  assert.match(t.stdout, /\n  all\s+2000\s+349\s+541\s+679\s+358\s+73\s+349\s+17\.4%\n/);
  const md = cli('simulate', '--by', 'crm_owner', '--format', 'md');
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /## By `crm_owner`/);
  const checked = checkMarkdownTables(md.stdout.slice(md.stdout.indexOf('## By')));
  assert.ok(checked.tables >= 3);
  assert.deepEqual(checked.errors, []);
});

test('usage errors name what to do', () => {
  let r = cli('simulate', '--by', 'shoe_size');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--by shoe_size: no sample lead has a field or column of that name \(fields: company, employees/);
  r = cli('simulate', '--by', 'region', '--format', 'csv');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--by works with --format text, json or md/);
  r = cli('simulate', '--by', 'region', '--engine', 'duckdb');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--by needs the in-process engine/);
});

test('a field with many values: the 29 largest, then the rest together, still adding up', () => {
  const r = cli('simulate', '--by', 'email', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const b = JSON.parse(r.stdout).by;
  assert.equal(b.values.length, 30);
  assert.match(b.values[29].value, /^\(other values: \d+\)$/);
  assert.equal(b.values.reduce((a: number, v: any) => a + v.leads, 0), 2000);
  assert.equal(Object.values<any>(b.scoring.inbound.values).reduce((a, x) => a + x.mql, 0), 349);
});
