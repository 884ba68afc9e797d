// A workspace with two projects: `--project b.yaml` is the project whose samples, as_of and
// outcomes every command reads — the SQL paths (`simulate --engine duckdb`, `sql`) as the
// in-process engine does, never the workspace's first project. The built CLI as a process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = join(ROOT, '.cache', `project-choice-${process.pid}`);
// Written so that this file's code is not taken for YAML by the fast-YAML corpus test.
const V1 = ['leadspec', 'v1'].join(': ');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: DIR, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const files: Record<string, string[]> = {
    'fields.yaml': [V1, 'kind: fields', 'id: crm', 'fields:', '  plan: { type: enum, values: [pro, free] }', '  won_at: { type: datetime }', 'events:', '  visit: {}'],
    'scoring.yaml': [V1, 'kind: scoring', 'id: m', 'fit:', '  rules:', '    - { id: pro, points: 30, when: { plan: pro } }',
      'engagement:', '  rules:', '    - { id: visits, event: visit, points: 5, decay: { half_life: 7d } }',
      'grades:', '  - { id: a, min: 30 }', '  - { id: b }'],
    // Sorted first, so a path that takes "the workspace's first project" takes this one.
    'a-project.yaml': [V1, 'kind: project', 'id: first', 'as_of: 2026-11-10T00:00:00Z', 'samples:', '  leads: a-leads.csv', '  events: a-events.csv'],
    'b-project.yaml': [V1, 'kind: project', 'id: second', 'as_of: 2026-11-20T00:00:00Z', 'samples:', '  leads: b-leads.csv', '  events: b-events.csv'],
  };
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(DIR, name), lines.join('\n') + '\n');
  writeFileSync(join(DIR, 'a-leads.csv'), 'id,plan,won_at\nA1,free,\nA2,free,\n');
  writeFileSync(join(DIR, 'a-events.csv'), 'lead_id,event,at\nA1,visit,2026-11-01T00:00:00Z\n');
  writeFileSync(join(DIR, 'b-leads.csv'), 'id,plan,won_at\nB1,pro,\nB2,free,\nB3,pro,\n');
  writeFileSync(join(DIR, 'b-events.csv'), 'lead_id,event,at\nB2,visit,2026-11-13T00:00:00Z\nB3,visit,2026-11-19T00:00:00Z\n');
});
after(() => { if (!process.env.KEEP) rmSync(DIR, { recursive: true, force: true }); });

for (const format of ['csv', 'json']) {
  test(`simulate --project b-project.yaml --format ${format}: DuckDB reads that project's samples and as_of, as in-process does`, () => {
    const base = ['simulate', '--project', 'b-project.yaml', '--format', format];
    const memory = cli([...base, '--engine', 'memory']), duck = cli([...base, '--engine', 'duckdb']);
    assert.equal(memory.code, 0, memory.err);
    assert.equal(duck.code, 0, duck.err);
    assert.match(memory.out, /B1/);
    if (format === 'json') assert.equal(JSON.parse(memory.out).as_of, '2026-11-20T00:00:00Z', "the chosen project's as_of, not the first project's");
    assert.doesNotMatch(memory.out, /A1/);
    assert.equal(duck.out, memory.out);
    assert.equal(duck.err, memory.err);
  });
}

test('sql --project b-project.yaml: the query is evaluated at that project\'s as_of', () => {
  const r = cli(['sql', '--project', 'b-project.yaml']);
  assert.equal(r.code, 0, r.err);
  // The query holds as_of in epoch milliseconds.
  assert.match(r.out, new RegExp(`'${Date.UTC(2026, 10, 20)}' AS DOUBLE\\) AS as_of`));
  assert.doesNotMatch(r.out, new RegExp(String(Date.UTC(2026, 10, 10))));
});
