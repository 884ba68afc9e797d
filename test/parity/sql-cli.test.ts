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
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
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

/** Rows of the all-in-one query (`<model>.fit`, `<sla>/<commitment>.status`, …) against expected.json. */
function checkAgainstExpected(rows: Record<string, unknown>[]): void {
  assert.equal(rows.length, expected.leads.length);
  for (const want of expected.leads) {
    const got = rows.find((r) => r.id === want.id);
    assert.ok(got, `no row for ${want.id}`);
    const icps = typeof got.icps === 'string' ? JSON.parse(got.icps) : got.icps;
    assert.deepEqual(icps, want.icps, `${want.id} icps`);
    const s = want.scores.inbound;
    for (const k of ['fit', 'engagement', 'total', 'grade', 'mql', 'disqualified']) assert.deepEqual(got[`inbound.${k}`], s[k], `${want.id} ${k}`);
    const sla = want.sla?.['mql-handoff/first-touch'];
    const col = (k: string) => got[`mql-handoff/first-touch.${k}`];
    assert.equal(col('status') ?? undefined, sla?.status, `${want.id} SLA status`);
    if (sla) {
      assert.equal(new Date(col('due') as string).toISOString().replace('.000Z', 'Z'), sla.due, `${want.id} due`);
      assert.equal(Number(col('elapsed_minutes')), sla.elapsed_minutes);
      const esc = col('escalations');
      assert.deepEqual(typeof esc === 'string' ? JSON.parse(esc) : esc, sla.escalations);
    }
  }
}

/** The script's two statements: per lead, then the volume commitments per period. */
function statements(script: string): [string, string] {
  const at = script.indexOf('-- leadspec volume commitments');
  assert.ok(at > 0, 'the script has the volume statement');
  return [script.slice(0, at), script.slice(at)];
}

function checkVolume(rows: Record<string, unknown>[]): void {
  const periods = expected.summary.sla['mql-handoff/mql-volume'].periods;
  assert.deepEqual(rows.map((r) => [r.commitment, r.period, Number(r.count), r.met]),
    Object.entries(periods).map(([p, v]) => ['mql-handoff/mql-volume', p, (v as { count: number }).count, (v as { met: boolean }).met]));
}

let server: PgServer | undefined;
before(() => mkdirSync(TMP, { recursive: true }));
after(() => { server?.stop(); rmSync(TMP, { recursive: true, force: true }); });

test('leadspec sql --dialect duckdb: the printed query runs in DuckDB over typed tables and gives expected.json', async () => {
  const r = cli(['sql', '--dialect', 'duckdb'], BASIC);
  assert.equal(r.code, 0, r.err);
  const [perLead, volume] = statements(r.out);
  const db = await openDuckdb();
  try {
    await db.conn.run(`${TABLES}${eventInserts()}`);
    const res = await db.conn.runAndReadAll(perLead);
    checkAgainstExpected(res.getRowObjectsJS() as Record<string, unknown>[]);
    checkVolume((await db.conn.runAndReadAll(volume)).getRowObjectsJS() as Record<string, unknown>[]);
  } finally { db.close(); }
  // One model alone keeps the plain column names; its note points to the full script.
  const one = cli(['sql', '--scoring', 'inbound'], BASIC);
  assert.equal(one.code, 0, one.err);
  assert.match(one.out, /SLA commitments are computed by leadspec sql without --scoring/);
  assert.match(one.out, /AS "total"/);
});

test('leadspec sql --dialect postgres: the printed query runs in a real PostgreSQL and gives expected.json', { skip: findPgBin() ? false : 'PostgreSQL is not installed (bash .ci/install-system-deps.sh)' }, async () => {
  const r = cli(['sql', '--dialect', 'postgres', '--leads-table', 'crm.leads', '--events-table', 'crm.events'], BASIC);
  assert.equal(r.code, 0, r.err);
  server = await startPostgres();
  const c = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA crm; SET search_path = crm; ${TABLES} ${eventInserts()}`);
    const [perLead, volume] = statements(r.out);
    checkAgainstExpected((await c.query(perLead)).rows);
    checkVolume((await c.query(volume)).rows);
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

test('leadspec sql: the SLA calendar days come from --from/--to (or the 2 years up to as_of); without either, exit 2 saying so', async () => {
  const dir = join(TMP, 'no-as-of');
  mkdirSync(dir, { recursive: true });
  for (const f of ['fields.yaml', 'icp.yaml', 'scoring.yaml', 'sla.yaml']) cpSync(join(BASIC, f), join(dir, f));
  writeFileSync(join(dir, 'leadspec.yaml'), readFileSync(join(BASIC, 'leadspec.yaml'), 'utf8').replace(/^as_of:.*$/m, ''));
  const none = cli(['sql'], dir);
  assert.equal(none.code, 2);
  assert.equal(none.out, '');
  assert.match(none.err, /the SLA calendars need the dates the data spans: pass --from DATE --to DATE \(or --as-of/);
  const bad = cli(['sql', '--from', '2026-11-30', '--to', '2026-11-01'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--from 2026-11-30 is after --to 2026-11-01/);
  // With the days given, the query computes the example's SLA (as_of from the data: its latest instant).
  const r = cli(['sql', '--from', '2026-11-01', '--to', '2026-11-30'], dir);
  assert.equal(r.code, 0, r.err);
  const [perLead] = statements(r.out);
  const db = await openDuckdb();
  try {
    // Events the in-process loader skips do not move as_of: a lead not in the leads table, no event name.
    await db.conn.run(`${TABLES}${eventInserts()} INSERT INTO events VALUES ('L99', 'page_view', '2026-11-29T00:00:00Z', NULL), ('L1', '', '2026-11-29T00:00:00Z', NULL);`);
    const rows = (await db.conn.runAndReadAll(perLead)).getRowObjectsJS() as Record<string, unknown>[];
    const l1 = rows.find((x) => x.id === 'L1')!;
    assert.equal(l1['mql-handoff/first-touch.status'], 'open');
    assert.equal(l1['mql-handoff/first-touch.skip'], null);
  } finally { db.close(); }
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

test('simulate --engine duckdb computes SLAs: the in-process JSON byte for byte on the worked example and on samples/', () => {
  for (const dir of [BASIC, join(ROOT, 'samples')]) {
    const mem = cli(['simulate', '--engine', 'memory', '--format', 'json'], dir);
    assert.equal(mem.code, 0, mem.err);
    const duck = cli(['simulate', '--engine', 'duckdb', '--format', 'json'], dir);
    assert.equal(duck.code, 0, duck.err);
    assert.equal(duck.out, mem.out, dir);
    assert.ok(Object.keys(JSON.parse(duck.out).summary.sla).length > 0);
  }
});
