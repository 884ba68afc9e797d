// Tab-separated sample files (`*.tsv`): read with a tab between cells and CSV's quoting otherwise
// (RFC 4180 with tab as the separator), by every reader — the in-process loader on one thread and
// on worker threads (`--workers 2`, whose byte-level skip keys lines by their cells), and DuckDB
// (`--engine duckdb`, without falling back). The same data as .csv and as .tsv gives the same
// result, warnings at the same lines. The built CLI as a process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const V1 = ['leadspec', 'v1'].join(': ');
const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = join(ROOT, '.cache', `tsv-${process.pid}`);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: DIR, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Rows as cells; each file writes them with its own separator and quotes where CSV needs them.
const LEADS: string[][] = [
  ['id', 'company', 'employees', 'industry', 'note'],
  ['L1', 'Acme, Inc', '10', 'Retail, EU', 'plain'],
  ['L2', 'Tab\tCo', '3', 'SaaS', 'says "hi"'],
  ['L3', 'Multi\nline', 'many', 'SaaS', ''],
  ['L4', 'd', '7', 'Mining', 'x'],
  ['L5', 'e', '12', 'SaaS', 'y'],
];
const EVENTS: string[][] = [
  ['lead_id', 'event', 'at', 'minutes'],
  ['L1', 'visit', '2026-11-01T00:00:00Z', '5'],
  ['L2', 'visit', '2026-11-02T00:00:00Z', ''],
  ['L5', 'visit', '2026-11-03T00:00:00Z', 'abc'],
  ['L4', 'call', '2026-11-04T00:00:00Z', ''],
];
const write = (rows: string[][], sep: string) => rows.map((r) => r.map((c) => /["\n\r]/.test(c) || c.includes(sep) ? `"${c.replace(/"/g, '""')}"` : c).join(sep)).join('\n') + '\n';

before(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'fields.yaml'), [
    V1, 'kind: fields', 'id: crm', 'fields:',
    '  company: { type: string }', '  employees: { type: integer, min: 0 }', '  industry: { type: enum, values: [SaaS, "Retail, EU"] }', '  note: { type: string }',
    'events:', '  visit: { properties: { minutes: number } }', '  call: {}', '',
  ].join('\n'));
  writeFileSync(join(DIR, 'scoring.yaml'), [
    V1, 'kind: scoring', 'id: m', 'fit:', '  rules:',
    '    - { id: big, points: 10, when: { employees: { gte: 5 } } }',
    '    - { id: saas, points: 5, when: { industry: SaaS } }',
    '    - { id: eu, points: 7, when: { industry: "Retail, EU" } }',
    '    - { id: acme, points: 1, when: { company: "Acme, Inc" } }',
    '    - { id: tab, points: 2, when: { company: "Tab\\tCo" } }',
    'engagement:', '  rules:', '    - { id: visits, event: visit, points: 3 }', '    - { id: long, event: visit, where: { minutes: { gte: 5 } }, points: 2 }',
    'grades:', '  - { id: a, min: 10 }', '  - { id: b }', '',
  ].join('\n'));
  writeFileSync(join(DIR, 'leads.csv'), write(LEADS, ','));
  writeFileSync(join(DIR, 'leads.tsv'), write(LEADS, '\t'));
  writeFileSync(join(DIR, 'events.csv'), write(EVENTS, ','));
  writeFileSync(join(DIR, 'events.tsv'), write(EVENTS, '\t'));
  // CRLF and a quote inside an unquoted cell: the full reader (and the workers' hand-over to it).
  writeFileSync(join(DIR, 'crlf.csv'), write(LEADS, ',').replace(/\n/g, '\r\n').replace('plain', '5" screen'));
  writeFileSync(join(DIR, 'crlf.tsv'), write(LEADS, '\t').replace(/\n/g, '\r\n').replace('plain', '5" screen'));
});
after(() => { if (!process.env.KEEP) rmSync(DIR, { recursive: true, force: true }); });

const base = (leads: string, events: string) => ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', leads, '--events', events];

for (const [name, extra] of [['in-process', ['--engine', 'memory']], ['2 workers', ['--engine', 'memory', '--workers', '2']], ['DuckDB', ['--engine', 'duckdb']]] as const) {
  test(`${name}: the same data as .tsv and .csv gives the same result`, () => {
    for (const leads of ['leads', 'crlf']) {
      const csv = cli([...base(`${leads}.csv`, 'events.csv'), ...extra]);
      const tsv = cli([...base(`${leads}.tsv`, 'events.tsv'), ...extra]);
      assert.equal(csv.code, 0, csv.err);
      assert.equal(tsv.code, 0, tsv.err);
      if (name === 'DuckDB') assert.doesNotMatch(tsv.err, /computing in-process instead/, `DuckDB reads the .tsv itself\n${tsv.err}`);
      assert.equal(tsv.out.replace(/\.tsv\b/g, '.csv'), csv.out);
      const j = JSON.parse(tsv.out) as { leads: { id: string; fit?: number; score?: number }[]; warnings: { file: string; row: number; message: string }[] };
      assert.deepEqual(j.leads.map((l) => l.id), ['L1', 'L2', 'L3', 'L4', 'L5']);
      // Cells hold commas and tabs as written: the rules on them fire.
      const rules = JSON.stringify(j.leads);
      for (const id of ['"eu"', '"acme"', '"tab"']) assert.ok(rules.includes(id), `${id} fired`);
      assert.ok(j.warnings.some((w) => w.file === `${leads}.tsv` && w.row === 4 && /'many' is not an integer/.test(w.message)), JSON.stringify(j.warnings));
      assert.ok(j.warnings.some((w) => w.file === 'events.tsv' && w.row === 4), JSON.stringify(j.warnings));
    }
  });
}

test('init --from a .tsv export (and --events .tsv) infers what it infers from the same data as .csv', () => {
  // Outside any git repository: init writes its workflow at the repository's root.
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-tsv-init-'));
  try {
    for (const f of ['leads.csv', 'leads.tsv', 'events.csv', 'events.tsv']) copyFileSync(join(DIR, f), join(dir, f));
    const run = (args: string[], cwd = dir) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    const c = run(['init', 'from-csv', '--from', 'leads.csv', '--events', 'events.csv', '--timezone', 'UTC']);
    const t = run(['init', 'from-tsv', '--from', 'leads.tsv', '--events', 'events.tsv', '--timezone', 'UTC']);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(t.status, 0, t.stderr);
    const norm = (s: string) => s.replace(/from-tsv/g, 'from-csv').replace(/\.tsv\b/g, '.csv');
    assert.equal(norm(t.stdout), c.stdout);
    let files = 0;
    for (const f of readdirSync(join(dir, 'from-csv'), { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      const rel = relative(join(dir, 'from-csv'), join(f.parentPath, f.name));
      assert.equal(norm(readFileSync(join(dir, 'from-tsv', rel), 'utf8')), readFileSync(join(dir, 'from-csv', rel), 'utf8'), rel);
      files++;
    }
    assert.ok(files > 0);
    // The inferred project reads the .tsv samples it references.
    const s = run(['simulate', '--format', 'json'], join(dir, 'from-tsv'));
    assert.equal(s.status, 0, s.stderr);
    assert.equal((JSON.parse(s.stdout) as { leads: unknown[] }).leads.length, 5);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
