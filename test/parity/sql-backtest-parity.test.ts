// The backtest of SPEC §11 in SQL (`leadspec sql --backtest`, core/sql/backtest.ts) against the
// in-process backtest (core/outcomes/backtest.ts, `leadspec backtest --format json`), in embedded
// DuckDB and in a real PostgreSQL server: the query's one `backtest` value, parsed and written
// back as JSON, must be the in-process JSON text exactly (keys, their order, every number).
//
// - The samples through the CLI as a user runs it (the printed query over typed tables).
// - Seeded random workspaces (test/parity/sql-gen.ts models and ICPs, plus a model where every
//   lead ties and one that disqualifies everyone) over random leads with outcome columns: leads
//   created after T, converted before T, at T, at T + H, after T + H, without a conversion time,
//   unparseable times, events after T (the model must not see them); conversion as a datetime
//   field, as the first `{ event }`, and as a boolean flag (with as_of given, and taken from the
//   data); capacity as a count and as a share; value sums; and an empty population.
// PostgreSQL comes from test/parity/pg-harness.ts (that part is skipped, saying why, without it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { compileProject, resolveAsOf } from '../../server/src/core/eval/simulate.js';
import { backtest } from '../../server/src/core/outcomes/backtest.js';
import { parseCapacity } from '../../server/src/core/outcomes/capacity.js';
import { ratio } from '../../server/src/core/outcomes/ratio.js';
import type { OutcomesSpec } from '../../server/src/core/outcomes/spec.js';
import { compileBacktestSql, round4 } from '../../server/src/core/sql/backtest.js';
import type { DialectName } from '../../server/src/core/sql/dialect.js';
import { duckdb, ident, postgres, type Dialect } from '../../server/src/core/sql/dialect.js';
import { collectWorkspace, catalogFor } from '../../server/src/core/sql/workspace.js';
import type { Definition, FieldsDef, IcpDef, ScoringDef } from '../../server/src/core/model.js';
import type { Lead } from '../../server/src/core/results.js';
import { eventsOf } from '../../server/src/core/data/event-store.js';
import type { Catalog } from '../../server/src/core/data/leads.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import { loadLeadspecFiles } from '../../server/src/io/files.js';
import { openDuckdb, stageInputs, STAGED, stagedOptions } from '../../server/src/io/duckdb.js';
import { rng, type Rng } from '../../bench/prng.js';
import { catalog as baseCatalog, randomIcps, randomModel, randomData, AS_OF, scratchDir, writeSamples } from './sql-gen.js';
import { NO_PG, postgresForFile } from './pg-harness.js';
import * as FIX from '../unit/outcomes-fixture.js';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SAMPLES = join(ROOT, 'samples');
const N = Number(process.env.LEADSPEC_SQL_LEADS ?? 1500);
const SEEDS = process.env.LEADSPEC_SQL_SEED ? [Number(process.env.LEADSPEC_SQL_SEED)] : [20261206, 11];
const DAY = 86_400_000;
const T = AS_OF - 20 * DAY;
const H = { text: '30d', ms: 30 * DAY };

const postgresDb = postgresForFile();

const PG_TYPE: Record<string, string> = {
  string: 'text', enum: 'text', integer: 'bigint', number: 'float8', boolean: 'boolean', date: 'date', datetime: 'timestamptz', list: 'text',
};

/** The loaded leads and their events as typed tables (a warehouse's), with the input row in `ls_row`. */
async function loadPg(c: pg.Client, cat: Pick<FieldsDef, 'fields' | 'events'>, leads: Lead[]): Promise<void> {
  const fields = Object.entries(cat.fields ?? {}).filter(([, d]) => d && typeof d.type === 'string');
  const props = new Map<string, string>();
  for (const ev of Object.values(cat.events ?? {})) for (const [p, t] of Object.entries(ev?.properties ?? {})) props.set(p, t === 'number' ? 'float8' : t === 'boolean' ? 'boolean' : 'text');
  await c.query(`DROP TABLE IF EXISTS leads; DROP TABLE IF EXISTS events;
    CREATE TABLE leads (ls_row bigint, id text${fields.map(([k, d]) => `, ${ident(k)} ${PG_TYPE[d.type]}`).join('')});
    CREATE TABLE events (lead_id text, event text, at timestamptz${[...props].map(([p, t]) => `, ${ident(p)} ${t}`).join('')});`);
  const cell = (type: string, v: unknown): unknown => {
    if (v === undefined || v === null) return null;
    if (type === 'date') return new Date(v as number).toISOString().slice(0, 10);
    if (type === 'datetime') return new Date(v as number).toISOString();
    if (type === 'list') return Array.isArray(v) ? v.join(';') : String(v);
    return v;
  };
  for (let i = 0; i < leads.length; i += 2000) {
    const chunk = leads.slice(i, i + 2000);
    const arrays: unknown[][] = [chunk.map((_, j) => i + j), chunk.map((l) => l.id), ...fields.map(([k, d]) => chunk.map((l) => cell(d.type, l.values[k])))];
    const types = ['bigint', 'text', ...fields.map(([, d]) => PG_TYPE[d.type])];
    await c.query(`INSERT INTO leads SELECT * FROM unnest(${types.map((t, j) => `$${j + 1}::${t}[]`).join(', ')})`, arrays);
    const evs = chunk.flatMap((l) => eventsOf(l).map((e) => ({ id: l.id, e })));
    const pts = [...props];
    await c.query(`INSERT INTO events SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]${pts.map(([, t], j) => `, $${j + 4}::${t}[]`).join('')})`, [
      evs.map((x) => x.id), evs.map((x) => x.e.event), evs.map((x) => new Date(x.e.at).toISOString()),
      ...pts.map(([p, t]) => evs.map((x) => {
        const v = x.e.props[p];
        return (t === 'float8' && typeof v !== 'number') || (t === 'boolean' && typeof v !== 'boolean') || v === undefined ? null : v;
      })),
    ]);
  }
}

/** The `backtest` value of the query's one row, written as the CLI writes the in-process result. */
function docText(rows: Record<string, unknown>[]): string {
  assert.equal(rows.length, 1, 'the backtest query returns one row');
  const v = rows[0].backtest;
  return JSON.stringify(typeof v === 'string' ? JSON.parse(v) : v, null, 2) + '\n';
}

function firstDifference(got: string, want: string): string {
  const a = got.split('\n'), b = want.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: SQL ${JSON.stringify(a[i])} vs in-process ${JSON.stringify(b[i])}\n--- in-process around it ---\n${b.slice(Math.max(0, i - 8), i + 3).join('\n')}`;
  }
  return '';
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('samples: leadspec sql --backtest (and with --capacity, --horizon, --as-of) run in DuckDB and PostgreSQL = leadspec backtest --format json, byte for byte', { timeout: 300_000 }, async (t) => {
  const want = cli(['backtest', '--format', 'json'], SAMPLES);
  assert.equal(want.code, 0, want.err);
  // The overrides too: a capacity count instead of the project's share, another horizon and score date.
  const OVERRIDES = ['--capacity', '120', '--horizon', '45d', '--as-of', '2026-10-05T12:30:00Z'];
  const wantCap = cli(['backtest', '--format', 'json', ...OVERRIDES], SAMPLES);
  assert.equal(wantCap.code, 0, wantCap.err);
  const ws = collectWorkspace(loadLeadspecFiles([SAMPLES]));
  const cat = catalogFor(ws, undefined)!;
  const loaded = await loadSampleFiles(cat as unknown as Catalog, { leads: join(SAMPLES, 'leads.csv'), events: join(SAMPLES, 'events.jsonl') });
  const db = await openDuckdb();
  t.after(() => db.close());
  await stageInputs(db.conn, join(SAMPLES, 'leads.csv'), join(SAMPLES, 'events.jsonl'), cat);
  if (postgresDb.client) await loadPg(postgresDb.client, cat, loaded.leads);
  assert.match(wantCap.out, /"as_of": "2026-10-05T12:30:00Z"/);
  for (const [args, expected] of [[[], want.out], [OVERRIDES, wantCap.out]] as const) {
    for (const dialect of ['duckdb', 'postgres'] as const) {
      const q = cli(['sql', '--backtest', '--dialect', dialect, ...args], SAMPLES);
      assert.equal(q.code, 0, q.err);
      assert.match(q.out, /^-- leadspec backtest/);
      if (dialect === 'duckdb') {
        const got = docText((await db.conn.runAndReadAll(q.out)).getRowObjectsJS() as Record<string, unknown>[]);
        assert.equal(got, expected, `DuckDB ${args.join(' ')}: ${firstDifference(got, expected)}`);
      } else if (postgresDb.client) {
        const got = docText((await postgresDb.client.query(q.out)).rows);
        assert.equal(got, expected, `PostgreSQL ${args.join(' ')}: ${firstDifference(got, expected)}`);
      }
    }
  }
  if (NO_PG) t.diagnostic(`PostgreSQL part skipped: ${NO_PG}`);
});

// ---- random workspaces --------------------------------------------------------------------------

const pick = <X>(r: Rng, xs: readonly X[]): X => xs[Math.floor(r() * xs.length)];
const iso = (ms: number) => new Date(ms).toISOString();

/** The catalog of sql-gen.ts with outcome fields and a conversion event. */
const catalog: FieldsDef = {
  ...baseCatalog,
  fields: { ...baseCatalog.fields, conv_at: { type: 'datetime' }, conv_day: { type: 'date' }, created_at: { type: 'datetime' }, amount: { type: 'number' }, won: { type: 'boolean' } },
  events: { ...baseCatalog.events, opportunity: {} },
};

/** A conversion time around T: none, before, exactly T, inside (T, T + H], exactly T + H, after, unparseable. */
function convTime(r: Rng): string {
  const x = r();
  if (x < 0.3) return pick(r, ['', ' ']);
  if (x < 0.4) return iso(T - Math.floor(r() * 60) * DAY - 3_600_000);
  if (x < 0.45) return iso(T);
  if (x < 0.7) return iso(T + 1 + Math.floor(r() * (H.ms - 1)));
  if (x < 0.75) return iso(T + H.ms);
  if (x < 0.78) return 'soon';
  return iso(T + H.ms + 1 + Math.floor(r() * 40) * DAY);
}

function randomOutcomeData(r: Rng, n: number) {
  const data = randomData(r, n);
  data.header.push('conv_at', 'conv_day', 'created_at', 'amount', 'won');
  data.rows.forEach((row, i) => {
    const conv = convTime(r);
    const day = /^\d{4}/.test(conv) ? conv.slice(0, 10) : conv;
    const created = r() < 0.15 ? '' : r() < 0.12 ? iso(T + 1 + Math.floor(r() * 10) * DAY) : r() < 0.05 ? iso(T) : iso(T - Math.floor(r() * 300) * DAY);
    const amount = r() < 0.2 ? '' : r() < 0.03 ? 'lots' : String(pick(r, [Math.floor(r() * 90_000), Math.round(r() * 9e6) / 100, -250, 0.1, 0.2, 1e6]));
    const won = pick(r, ['true', 'false', 'yes', 'no', '', 'TRUE', '1', '0', 'maybe']);
    row.push(conv, day, created, amount, won);
    // Conversion events: none, one, or two (the first counts), in odd case and spacing sometimes.
    for (let k = Math.floor(r() * 3) - (r() < 0.5 ? 1 : 0); k > 0; k--) {
      const at = convTime(r);
      data.events.push({ lead_id: `L${i}`, event: r() < 0.2 ? ' OPPORTUNITY ' : 'opportunity', at: at.trim() === '' ? iso(T + DAY) : at });
    }
  });
  return data;
}

/** Models from sql-gen.ts, plus one where every lead ties (no rules) and one that disqualifies every lead. */
function models(r: Rng, icps: IcpDef[]): ScoringDef[] {
  const out = Array.from({ length: 4 }, (_, i) => randomModel(r, `m${i}`, icps));
  out.push({ leadspec: 'v1', kind: 'scoring', id: 'flat', grades: [{ id: 'A', min: 10 }, { id: 'B' }], mql: { grade: 'A' } } as ScoringDef);
  out.push({
    leadspec: 'v1', kind: 'scoring', id: 'nobody',
    fit: { rules: [{ id: 'big', when: { employees: { gte: 200 } }, points: 10 }] },
    grades: [{ id: 'A', min: 5 }, { id: 'B' }],
    disqualify: { any: [{ employees: { exists: true } }, { employees: { exists: false } }] },
  } as ScoringDef);
  return out;
}

interface Variant { name: string; spec: OutcomesSpec; flagAsOf?: number | 'data' }
const VARIANTS: Variant[] = [
  { name: 'datetime field, created, 15% capacity, value', spec: { converted: { kind: 'time', field: 'conv_at' }, created: 'created_at', asOf: T, horizon: H, capacity: parseCapacity('15%'), value: 'amount' } },
  { name: 'date field, no created, capacity 40 leads', spec: { converted: { kind: 'time', field: 'conv_day' }, asOf: T, horizon: { text: '2w', ms: 14 * DAY }, capacity: parseCapacity(40) } },
  { name: 'first { event }, created, 12.5% capacity, value', spec: { converted: { kind: 'event', event: 'opportunity' }, created: 'created_at', asOf: T, horizon: H, capacity: parseCapacity('12.5%'), value: 'amount' } },
  { name: 'boolean flag at a given as_of, created, value', spec: { converted: { kind: 'flag', field: 'won' }, created: 'created_at', value: 'amount', capacity: parseCapacity('1') }, flagAsOf: T },
  { name: 'boolean flag at the as_of of the data', spec: { converted: { kind: 'flag', field: 'won' }, created: 'created_at' }, flagAsOf: 'data' },
];

/** Both engines on one data set: the SQL document must be the in-process JSON text. */
async function compareAll(t: { after(fn: () => void): void }, label: string, defs: ScoringDef[], icps: IcpDef[], dir: string, variants: Variant[]): Promise<Record<string, unknown>[]> {
  const cp = compileProject([catalog, ...icps, ...defs] as Definition[]);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl') });
  const db = await openDuckdb();
  t.after(() => db.close());
  const staged = await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.jsonl'), catalog);
  if (postgresDb.client) await loadPg(postgresDb.client, catalog, loaded.leads);
  const located = { scorings: defs.map((def) => ({ def })), icps: icps.map((def) => ({ def })), catalog };
  const docs: Record<string, unknown>[] = [];
  for (const v of variants) {
    const simAsOf = v.flagAsOf === 'data' ? resolveAsOf(undefined, cp, loaded.leads).ms : v.flagAsOf ?? AS_OF;
    const want = JSON.stringify(backtest(cp, v.spec, loaded.leads, simAsOf), null, 2) + '\n';
    const flagAsOfMs = typeof v.flagAsOf === 'number' ? v.flagAsOf : undefined;
    // Comparing the staged event codes and comparing names.
    for (const [how, opts] of [['codes', stagedOptions(staged)], ['names', STAGED]] as const) {
      const duck = compileBacktestSql({ dialect: 'duckdb', ...located, spec: v.spec, flagAsOfMs, ...opts });
      const got = docText((await db.conn.runAndReadAll(duck.sql)).getRowObjectsJS() as Record<string, unknown>[]);
      assert.equal(got, want, `DuckDB (${how}), ${v.name} (${label}): ${firstDifference(got, want)}`);
    }
    if (postgresDb.client) {
      const q = compileBacktestSql({ dialect: 'postgres', ...located, spec: v.spec, flagAsOfMs, orderBy: 'ls_row' });
      const gotPg = docText((await postgresDb.client.query(q.sql)).rows);
      assert.equal(gotPg, want, `PostgreSQL, ${v.name} (${label}): ${firstDifference(gotPg, want)}`);
    }
    docs.push(JSON.parse(want));
  }
  return docs;
}

for (const seed of SEEDS) {
  test(`random workspaces, seed ${seed}: ${N} leads × 6 models × ${VARIANTS.length} outcome variants — in-process = DuckDB = PostgreSQL`, { timeout: 600_000 }, async (t) => {
    const r = rng(seed);
    const icps = randomIcps(r);
    const defs = models(r, icps);
    const data = randomOutcomeData(r, N);
    const dir = scratchDir(t, `sql-backtest-${seed}`);
    writeSamples(dir, data);

    const cp = compileProject([catalog, ...icps, ...defs] as Definition[]);
    const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl') });
    // The data holds every case the population rules distinguish.
    const at = (l: Lead, f: string) => l.values[f] as number | undefined;
    const cases = {
      createdAfter: loaded.leads.some((l) => (at(l, 'created_at') ?? -Infinity) > T),
      convertedBefore: loaded.leads.some((l) => (at(l, 'conv_at') ?? Infinity) <= T),
      atT: loaded.leads.some((l) => at(l, 'conv_at') === T),
      atEnd: loaded.leads.some((l) => at(l, 'conv_at') === T + H.ms),
      after: loaded.leads.some((l) => (at(l, 'conv_at') ?? -Infinity) > T + H.ms),
      missing: loaded.leads.some((l) => at(l, 'conv_at') === undefined),
      unparseable: loaded.warnings.some((w) => w.field === 'conv_at'),
      eventsAfterT: loaded.leads.some((l) => eventsOf(l).some((e) => e.at > T && e.event !== 'opportunity')),
    };
    for (const [k, v] of Object.entries(cases)) assert.ok(v, `the generated data has the case ${k}`);

    const docs = await compareAll(t, `seed ${seed}`, defs, icps, dir, VARIANTS);
    // SPEC §11: `recommended` only with a capacity, `value` only when declared (absent, not null),
    // in both engines (the documents are equal byte for byte).
    for (const [v, doc] of VARIANTS.map((x, i) => [x, docs[i]] as const)) {
      for (const m of Object.values((doc as { scoring: Record<string, object> }).scoring)) {
        assert.equal('recommended' in m, v.spec.capacity !== undefined, v.name);
        assert.equal('value' in m, v.spec.value !== undefined, v.name);
      }
    }
    for (const doc of docs as { population: { leads: number; converted: number }; scoring: Record<string, { thresholds: unknown[]; gains: { leads: number; captured: number }[] }> }[]) {
      assert.ok(doc.population.leads > 0 && doc.population.converted > 0);
      // A model that disqualifies everyone has no sweep; where every lead ties, the cut is fractional.
      assert.deepEqual(doc.scoring.nobody.thresholds, []);
      assert.equal(doc.scoring.flat.gains[0].captured, ratio(doc.scoring.flat.gains[0].leads, doc.population.leads));
    }
    if (NO_PG) t.diagnostic(`PostgreSQL part skipped: ${NO_PG}`);
  });
}

test('an empty population (every lead created after T): nulls, zeros and empty lists in both engines', { timeout: 120_000 }, async (t) => {
  const dir = scratchDir(t, `sql-backtest-empty`);
  writeFileSync(join(dir, 'leads.csv'), `id,employees,created_at,conv_at,amount\nA,300,${iso(T + DAY)},${iso(T + 2 * DAY)},100\nB,20,${iso(T + 1)},,\n`);
  writeFileSync(join(dir, 'events.jsonl'), `{"lead_id":"A","event":"demo_request","at":"${iso(T - DAY)}"}\n`);
  const r = rng(5);
  const icps = randomIcps(r);
  const [doc] = await compareAll(t, 'empty', models(r, icps), icps, dir, [
    { name: 'empty', spec: { converted: { kind: 'time', field: 'conv_at' }, created: 'created_at', asOf: T, horizon: H, capacity: parseCapacity('10%'), value: 'amount' } },
  ]) as { population: unknown; scoring: Record<string, { auc: unknown; recommended: unknown; thresholds: unknown[] }> }[];
  assert.deepEqual(doc.population, { leads: 0, converted: 0, rate: null, excluded: { created_after: 2, converted_before: 0 } });
  assert.equal(doc.scoring.m0.auc, null);
  assert.equal(doc.scoring.m0.recommended, null);
  assert.deepEqual(doc.scoring.m0.thresholds, []);
  if (NO_PG) t.diagnostic(`PostgreSQL part skipped: ${NO_PG}`);
});

// Ratios at a decimal tie of the 4th decimal, exact in binary or not (2.00005 is not), tiny and
// large: SQL's quotient of the counts, rounded by backtest.ts round4, is the engine's ratio().
const RATIOS: [number, number][] = [[1, 32], [1, 20000], [3, 160], [40001, 20000], [1, 64], [13, 80], [2, 3], [1, 7], [999_999, 1_000_000],
  [123_456_789_5, 1e9], [5, 10_000_000], [0, 5], [7, 7], [1_000_001 * 3, 2_000_000 * 3], [14_285, 10_000_000 / 7 * 7]];
test('ratios rounded to 4 decimals in DuckDB and PostgreSQL equal the engine, on decimal ties and 3,000 random quotients', async () => {
  const r = rng(99);
  const pairs: [number, number][] = [...RATIOS];
  for (let i = 0; i < 3000; i++) {
    const b = 1 + Math.floor(r() * (i % 3 === 0 ? 1e6 : i % 3 === 1 ? 2e4 : 160));
    // Quotients just around x.xxxx5 too: a = (k + 0.5) · b / 10⁴ rounded.
    const a = i % 2 ? Math.floor(r() * b * 3) : Math.round(((Math.floor(r() * 30000) + 0.5) * b) / 10_000);
    pairs.push([a, b]);
  }
  const sql = (d: Dialect) => `SELECT i, ${round4(d, `(CAST(a AS ${d.double}) / CAST(b AS ${d.double}))`)} AS r FROM (VALUES ${pairs.map(([a, b], i) => `(${i}, ${a}, ${b})`).join(', ')}) AS t(i, a, b) ORDER BY i`;
  const check = (name: string, rows: Record<string, unknown>[]) => {
    assert.equal(rows.length, pairs.length);
    rows.forEach((row, i) => assert.equal(row.r, ratio(pairs[i][0], pairs[i][1]), `${name} ${pairs[i][0]}/${pairs[i][1]}`));
  };
  const db = await openDuckdb();
  try { check('DuckDB', (await db.conn.runAndReadAll(sql(duckdb))).getRowObjectsJS() as Record<string, unknown>[]); } finally { db.close(); }
  if (postgresDb.client) check('PostgreSQL', (await postgresDb.client.query(sql(postgres))).rows);
});

test('leadspec sql --backtest: usage and outcome errors exit 2 with what to do; nothing on stdout', { timeout: 120_000 }, () => {
  const dir = join(ROOT, '.cache', `sql-backtest-cli-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    for (const f of ['fields.yaml', 'icps', 'scoring', 'leads.csv', 'events.jsonl']) cpSync(join(SAMPLES, f), join(dir, f), { recursive: true });
    const project = readFileSync(join(SAMPLES, 'leadspec.yaml'), 'utf8');
    const without = project.slice(0, project.indexOf('outcomes:'));
    writeFileSync(join(dir, 'leadspec.yaml'), without);
    const cases: [string[], RegExp][] = [
      [['sql', '--backtest'], /no outcomes to backtest against: declare `outcomes`/],
      [['sql', '--horizon', '30d'], /--horizon is an option of --backtest/],
      [['sql', '--capacity', '10'], /--capacity is an option of --backtest/],
    ];
    for (const [args, msg] of cases) {
      const r = cli(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, msg);
      assert.equal(r.out, '');
    }
    writeFileSync(join(dir, 'leadspec.yaml'), project);
    const more: [string[], RegExp][] = [
      [['sql', '--backtest', '--scoring', 'inbound'], /--scoring cannot be used with --backtest/],
      [['sql', '--backtest', '--from', '2026-01-01'], /--from cannot be used with --backtest/],
      [['sql', '--backtest', '--capacity', '150%'], /--capacity '150%' must be a positive whole number of leads \(200\) or a share such as 15%/],
      [['sql', '--backtest', '--horizon', 'soon'], /--horizon 'soon' must be a positive duration/],
      [['sql', '--backtest', '--as-of', 'yesterday'], /--as-of 'yesterday' is not an ISO 8601 date-time/],
      [['sql', '--backtest', '--leads-table', 'x; drop table y'], /not a plain table name/],
    ];
    for (const [args, msg] of more) {
      const r = cli(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, msg);
      assert.equal(r.out, '');
    }
    // A boolean flag: no score date, so --horizon is refused (SPEC §11 "Without conversion times").
    writeFileSync(join(dir, 'fields.yaml'), readFileSync(join(SAMPLES, 'fields.yaml'), 'utf8').replace(/^(fields:\n)/m, '$1  won: { type: boolean }\n'));
    writeFileSync(join(dir, 'leadspec.yaml'), `${without}outcomes:\n  converted: won\n  created: created_at\n`);
    const flag = cli(['sql', '--backtest', '--horizon', '30d'], dir);
    assert.equal(flag.code, 2, flag.err);
    assert.match(flag.err, /--horizon cannot be used: outcomes.converted 'won' is a flag/);
    const ok = cli(['sql', '--backtest', '--as-of', '2026-10-01T00:00:00Z', '--dialect', 'postgres'], dir);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /'2026-10-01T00:00:00Z'/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the hand-computed fixture of test/unit/outcomes-fixture.ts: leadspec sql --backtest in DuckDB and PostgreSQL = leadspec backtest --format json (times and flag)', { timeout: 180_000 }, async (t) => {
  const dir = scratchDir(t, `sql-backtest-fixture`);
  writeFileSync(join(dir, 'fields.yaml'), FIX.FIELDS);
  writeFileSync(join(dir, 'icp.yaml'), FIX.ICP);
  writeFileSync(join(dir, 'scoring.yaml'), FIX.MODEL);
  writeFileSync(join(dir, 'leads.csv'), FIX.LEADS_CSV);
  writeFileSync(join(dir, 'events.csv'), FIX.EVENTS_CSV);
  const ws = () => collectWorkspace(loadLeadspecFiles([dir]));
  const cat = catalogFor(ws(), undefined)!;
  const loaded = await loadSampleFiles(cat as unknown as Catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.csv') });
  const db = await openDuckdb();
  t.after(() => db.close());
  await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.csv'), cat);
  if (postgresDb.client) await loadPg(postgresDb.client, cat, loaded.leads);
  for (const [name, project] of [['times', FIX.PROJECT_TIMES], ['flag', FIX.PROJECT_FLAG]] as const) {
    writeFileSync(join(dir, 'leadspec.yaml'), project);
    const want = cli(['backtest', '--format', 'json'], dir);
    assert.equal(want.code, 0, want.err);
    // The unit test's hand numbers, as a spot check that this is the fixture they were worked out on.
    assert.deepEqual(JSON.parse(want.out).population.leads, name === 'times' ? 12 : 13);
    for (const dialect of ['duckdb', 'postgres'] as const) {
      const q = cli(['sql', '--backtest', '--dialect', dialect], dir);
      assert.equal(q.code, 0, q.err);
      if (dialect === 'duckdb') {
        const got = docText((await db.conn.runAndReadAll(q.out)).getRowObjectsJS() as Record<string, unknown>[]);
        assert.equal(got, want.out, `DuckDB ${name}: ${firstDifference(got, want.out)}`);
      } else if (postgresDb.client) {
        const got = docText((await postgresDb.client.query(q.out)).rows);
        assert.equal(got, want.out, `PostgreSQL ${name}: ${firstDifference(got, want.out)}`);
      }
    }
  }
  if (NO_PG) t.diagnostic(`PostgreSQL part skipped: ${NO_PG}`);
});
