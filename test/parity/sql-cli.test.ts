// `leadspec sql` and `leadspec simulate --engine duckdb` as a user runs them (the built
// dist/cli.js as a process), on the worked example of /work/shared/examples/basic:
// the printed query runs as-is in DuckDB and in a real PostgreSQL server over typed tables and
// gives expected.json's scores; the DuckDB engine prints the in-process JSON byte for byte
// (CSV and Parquet leads); unsupported definitions and bad flags fail with clear messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openDuckdb } from '../../server/src/io/duckdb.js';
import { findPgBin, startPostgres, type PgServer } from './pg-harness.js';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const BASIC = resolve(ROOT, '..', 'shared', 'examples', 'basic');
const expected = JSON.parse(readFileSync(join(BASIC, 'expected.json'), 'utf8'));
const TMP = join(ROOT, '.cache', `sql-cli-${process.pid}`);

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of the worked example without its SLA (the SQL path does not compute SLAs). */
function exampleWithoutSla(name: string): string {
  const dir = join(TMP, name);
  mkdirSync(dir, { recursive: true });
  for (const f of ['fields.yaml', 'icp.yaml', 'scoring.yaml', 'leadspec.yaml', 'leads.csv', 'events.jsonl']) cpSync(join(BASIC, f), join(dir, f));
  return dir;
}

/** The example's leads and events as typed tables, the way a user's warehouse would hold them. */
const TABLES = `
CREATE TABLE leads (id text, employees bigint, industry text, country text, seniority text, annual_revenue double precision,
  tech_stack text, email text, mql_at timestamptz, first_touch_at timestamptz, region text);
INSERT INTO leads VALUES
  ('L1', 500, 'SaaS', 'US', 'vp', NULL, 'salesforce;hubspot', 'a@acme.io', '2026-11-19T20:00:00Z', NULL, 'na'),
  ('L2', 1200, 'Fintech', 'US', 'manager', NULL, NULL, 'b@bank.com', NULL, NULL, NULL),
  ('L3', 300, 'SaaS', 'US', 'cxo', NULL, 'salesforce', 'c@gmail.com', NULL, NULL, NULL),
  ('L4', 80, 'saas', 'DE', 'director', NULL, NULL, 'd@competitor.com', NULL, NULL, 'emea'),
  ('L5', NULL, 'Retail', 'US', 'vp', NULL, NULL, 'e@shop.com', NULL, NULL, NULL),
  ('L6', 250, 'Healthcare', 'US', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE events (lead_id text, event text, "at" timestamptz, url text);
`;
function eventInserts(): string {
  const rows = readFileSync(join(BASIC, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const q = (v: unknown) => (v === undefined ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
  return `INSERT INTO events VALUES ${rows.map((e) => `(${q(e.lead_id)}, ${q(e.event)}, ${q(e.at)}, ${q(e.url)})`).join(', ')};`;
}

function checkAgainstExpected(rows: Record<string, unknown>[]): void {
  assert.equal(rows.length, expected.leads.length);
  for (const want of expected.leads) {
    const got = rows.find((r) => r.id === want.id);
    assert.ok(got, `no row for ${want.id}`);
    const icps = typeof got.icps === 'string' ? JSON.parse(got.icps) : got.icps;
    assert.deepEqual(icps, want.icps, `${want.id} icps`);
    const s = want.scores.inbound;
    for (const k of ['fit', 'engagement', 'total', 'grade', 'mql', 'disqualified']) assert.deepEqual(got[k], s[k], `${want.id} ${k}`);
  }
}

let server: PgServer | undefined;
before(() => mkdirSync(TMP, { recursive: true }));
after(() => { server?.stop(); rmSync(TMP, { recursive: true, force: true }); });

test('leadspec sql --dialect duckdb: the printed query runs in DuckDB over typed tables and gives expected.json', async () => {
  const r = cli(['sql', '--dialect', 'duckdb'], BASIC);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /SLA commitments are not computed in SQL/);
  const db = await openDuckdb();
  try {
    await db.conn.run(`${TABLES}${eventInserts()}`);
    const res = await db.conn.runAndReadAll(r.out);
    checkAgainstExpected(res.getRowObjectsJS() as Record<string, unknown>[]);
  } finally { db.close(); }
});

test('leadspec sql --dialect postgres: the printed query runs in a real PostgreSQL and gives expected.json', { skip: findPgBin() ? false : 'PostgreSQL is not installed (bash .ci/install-system-deps.sh)' }, async () => {
  const r = cli(['sql', '--dialect', 'postgres', '--leads-table', 'crm.leads', '--events-table', 'crm.events'], BASIC);
  assert.equal(r.code, 0, r.err);
  server = await startPostgres();
  const c = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA crm; SET search_path = crm; ${TABLES} ${eventInserts()}`);
    const res = await c.query(r.out);
    checkAgainstExpected(res.rows);
  } finally { await c.end(); }
});

test('leadspec sql: a definition SQL cannot express is an error naming the rule and its position', () => {
  const dir = exampleWithoutSla('unsupported');
  const scoring = readFileSync(join(dir, 'scoring.yaml'), 'utf8')
    .replace('    - { id: busy-week,', '    - { id: fit-follow-up, when: { fit: { gte: 40 } }, points: 5 }\n    - { id: busy-week,');
  writeFileSync(join(dir, 'scoring.yaml'), scoring);
  const line = scoring.split('\n').findIndex((l) => l.includes('fit-follow-up')) + 1;
  const r = cli(['sql'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, new RegExp(`scoring\\.yaml:${line}:\\d+: rule 'fit-follow-up' of scoring 'inbound': the score output 'fit' cannot be tested`));
  assert.match(r.err, /leadspec simulate \(in-process\) still computes it/);
});

test('leadspec sql: usage errors exit 2 with a message', () => {
  let r = cli(['sql', '--dialect', 'oracle'], BASIC);
  assert.equal(r.code, 2);
  assert.match(r.err, /--dialect must be one of duckdb, postgres/);
  r = cli(['sql', '--scoring', 'nope'], BASIC);
  assert.equal(r.code, 2);
  assert.match(r.err, /--scoring 'nope' is not a scoring model here; models: inbound/);
  r = cli(['sql', '--leads-table', 'leads; drop table x'], BASIC);
  assert.equal(r.code, 2);
  assert.match(r.err, /not a plain table name/);
});

test('simulate --engine duckdb prints the in-process JSON byte for byte (CSV and Parquet leads)', async () => {
  const dir = exampleWithoutSla('engine');
  const mem = cli(['simulate', '--engine', 'memory', '--format', 'json'], dir);
  assert.equal(mem.code, 0, mem.err);
  const duck = cli(['simulate', '--engine', 'duckdb', '--format', 'json'], dir);
  assert.equal(duck.code, 0, duck.err);
  assert.equal(duck.out, mem.out);
  // The same leads as Parquet (typed columns, a list column as an array): same scores.
  const db = await openDuckdb();
  try {
    await db.conn.run(`COPY (SELECT id, TRY_CAST(employees AS BIGINT) AS employees, industry, country, seniority, string_split(tech_stack, ';') AS tech_stack,
      email, CAST(mql_at AS TIMESTAMPTZ) AS mql_at, region FROM read_csv('${join(dir, 'leads.csv')}', all_varchar = true)) TO '${join(dir, 'leads.parquet')}' (FORMAT parquet)`);
  } finally { db.close(); }
  const pq = cli(['simulate', '--engine', 'duckdb', '--format', 'json', '--leads', 'leads.parquet'], dir);
  assert.equal(pq.code, 0, pq.err);
  const a = JSON.parse(pq.out), b = JSON.parse(mem.out);
  assert.deepEqual(a.leads.map((l: { id: string; scores: unknown; icps: unknown }) => [l.id, l.icps, l.scores]), b.leads.map((l: { id: string; scores: unknown; icps: unknown }) => [l.id, l.icps, l.scores]));
});

test('simulate --engine duckdb refuses SLA commitments with a clear message; auto falls back', () => {
  const r = cli(['simulate', '--engine', 'duckdb', '--format', 'json'], BASIC);
  assert.equal(r.code, 2);
  assert.match(r.err, /--engine duckdb: SLA commitments \(mql-handoff\) are not computed in SQL; use --engine memory/);
  const auto = cli(['simulate', '--format', 'json'], BASIC);
  assert.equal(auto.code, 0, auto.err);
  assert.equal(JSON.parse(auto.out).leads[0].sla['mql-handoff/first-touch'].status, 'open');
});
