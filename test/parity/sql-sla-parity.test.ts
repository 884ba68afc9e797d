// SLAs in SQL (issue 17 item 3): response clocks (business and calendar, DST, holidays, split
// shifts, a calendar chosen per lead, escalations) and volume commitments compiled to SQL must give
// the in-process engine's results, in embedded DuckDB and in a real PostgreSQL server: the worked
// DST and split-shift cases with their expected due times, edge instants (openings, closings,
// stops before starts), and random leads. All models, ICPs and SLAs run in ONE query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileProject, simulate } from '../../server/src/core/eval/simulate.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import type { Definition, FieldsDef, IcpDef, ScoringDef, SlaDef } from '../../server/src/core/model.js';
import type { LeadResult, SimulationResult } from '../../server/src/core/results.js';
import { compileSql, type CompiledSql } from '../../server/src/core/sql/compile.js';
import { SlaRangeNeededError } from '../../server/src/core/sql/sla.js';
import { openDuckdb, stageInputs, STAGED } from '../../server/src/io/duckdb.js';
import { leadOfRow, slaSummary, skipWarnings, streamRows, type ReadRow } from '../../server/src/io/sql-rows.js';
import { rng } from '../../bench/prng.js';
import { NO_PG, postgresForFile } from './pg-harness.js';

const ROOT = resolve(__dirname, '..', '..');
const N = Number(process.env.LEADSPEC_SLA_LEADS ?? 2000);
const AS_OF = Date.parse('2026-11-30T12:00:00Z');

const catalog: FieldsDef = {
  leadspec: 'v1', kind: 'fields', id: 'crm',
  fields: {
    region: { type: 'enum', values: ['us', 'emea', 'apac'] },
    employees: { type: 'integer' },
    mql_at: { type: 'datetime' },
    first_touch_at: { type: 'datetime' },
    created: { type: 'date' },
  },
} as unknown as FieldsDef;
const icp: IcpDef = { leadspec: 'v1', kind: 'icp', id: 'big', match: { employees: { gte: 100 } }, tiers: [{ id: 't1', when: { employees: { gte: 1000 } } }] } as unknown as IcpDef;
const inbound: ScoringDef = {
  leadspec: 'v1', kind: 'scoring', id: 'inbound',
  fit: { rules: [{ id: 'big', when: { icp: 'big' }, points: 40 }, { id: 'emea', when: { region: 'emea' }, points: 5 }] },
  grades: [{ id: 'A', min: 40 }, { id: 'B', min: 5 }, { id: 'C' }],
  mql: { grade: ['A', 'B'] },
} as unknown as ScoringDef;
const second: ScoringDef = {
  leadspec: 'v1', kind: 'scoring', id: 'outbound',
  fit: { rules: [{ id: 'us', when: { region: 'us' }, points: 10 }] },
  grades: [{ id: 'X', min: 10 }, { id: 'Y' }],
  mql: { grade: 'X' },
} as unknown as ScoringDef;
const sla: SlaDef = {
  leadspec: 'v1', kind: 'sla', id: 'handoff',
  calendars: {
    us: { timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' }, holidays: ['2026-11-26', '2026-03-17'] },
    emea: { timezone: 'Europe/Berlin', hours: { mon: '09:00-12:00, 13:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-15:00' } },
    // Shifts that meet at midnight, and one that a spring-forward gap shortens (02:00-03:00 local).
    night: { timezone: 'America/New_York', hours: { sat: '20:00-24:00', sun: '00:00-04:00, 22:00-24:00', mon: '00:00-02:30' } },
  },
  commitments: [
    { id: 'first-touch', scoring: 'inbound', applies_to: { mql: true }, start: 'mql_at', stop: 'first_touch_at', within: '4h',
      calendar: { by: 'region', map: { emea: 'emea' }, default: 'us' },
      escalate: [{ after: '2h', notify: 'sdr-manager' }, { after: '8h', reassign: 'round-robin' }, { after: '30m', notify: 'sdr' }] },
    { id: 'emea-split', start: 'mql_at', stop: 'first_touch_at', within: '90m', calendar: 'emea' },
    { id: 'night-desk', start: 'mql_at', stop: 'first_touch_at', within: '3h', calendar: 'night' },
    { id: 'no-default', applies_to: { region: { exists: true } }, start: 'mql_at', stop: 'first_touch_at', within: '1h', calendar: { by: 'region', map: { emea: 'emea', us: 'us' } } },
    { id: 'calendar-clock', scoring: 'outbound', applies_to: { grade: 'X' }, start: 'mql_at', stop: 'first_touch_at', within: '2d', clock: 'calendar', escalate: [{ after: '1d', notify: 'x' }] },
    { id: 'zero', start: 'mql_at', within: '0m', calendar: 'us' },
    { id: 'weekly', type: 'volume', scoring: 'inbound', count: { mql: true }, per: 'week', date: 'mql_at', calendar: 'us', target: { gte: 20 } },
    { id: 'monthly', type: 'volume', count: { region: 'emea' }, per: 'month', date: 'created', target: { between: [10, 400] } },
    { id: 'daily-utc', type: 'volume', per: 'day', date: 'first_touch_at', target: [1, 2, 3] },
    { id: 'quarterly-berlin', type: 'volume', per: 'quarter', date: 'mql_at', calendar: { by: 'region', default: 'emea' }, target: { ne: 0, lt: 100000 } },
  ],
} as unknown as SlaDef;
const defs = [catalog, icp, inbound, second, sla] as Definition[];

const iso = (ms: number) => new Date(ms).toISOString();
/** Hand-checked cases: [id, region, mql_at, first_touch_at, expected due of first-touch / emea-split]. */
const WORKED: [string, string, string, string, string | undefined][] = [
  // US DST ends Sun Nov 1: Fri Oct 30 16:00 EDT has 1h; Mon Nov 2 09:00 EST (14:00Z) + 3h = 17:00Z.
  ['dst-us-fall', 'us', '2026-10-30T20:00:00Z', '2026-11-02T16:00:00Z', '2026-11-02T17:00:00Z'],
  // EU DST ends Sun Oct 25: Fri Oct 23 14:00 CEST (12:00Z) has 1h; Mon 26 09:00 CET (08:00Z), split shift: 3h to 12:00 → 11:00Z.
  ['dst-eu-fall', 'emea', '2026-10-23T12:00:00Z', '2026-10-26T12:30:00Z', '2026-10-26T11:00:00Z'],
  // US DST starts Sun Mar 8: Fri Mar 6 15:00 EST (20:00Z) has 2h; Mon Mar 9 09:00 EDT (13:00Z) + 2h = 15:00Z.
  ['dst-us-spring', 'us', '2026-03-06T20:00:00Z', '', '2026-03-09T15:00:00Z'],
  // Split shift: Mon Nov 16 11:30 CET (10:30Z): 30m to 12:00, lunch, 13:00 + 3h30 → 16:30 CET (15:30Z).
  ['split-lunch', 'emea', '2026-11-16T10:30:00Z', '2026-11-16T15:30:00Z', '2026-11-16T15:30:00Z'],
  // Holiday Thu Nov 26 (US): Wed Nov 25 16:00 EST has 1h; Fri 27 09:00 + 3h = 12:00 EST (17:00Z).
  ['holiday', 'us', '2026-11-25T21:00:00Z', '2026-11-27T17:00:01Z', '2026-11-27T17:00:00Z'],
  // Starting at a closing time and during lunch.
  ['at-close', 'us', '2026-11-17T22:00:00Z', '2026-11-17T21:00:00Z', '2026-11-18T18:00:00Z'],
  ['in-lunch', 'emea', '2026-11-16T11:15:00Z', '', '2026-11-16T16:00:00Z'],
];

const postgresDb = postgresForFile();

/** Random leads around both DST changes of 2026 and on quarter-hour edges (openings, closings, midnight). */
function leadsCsv(): string {
  const r = rng(20261206);
  const rows = [['id', 'region', 'employees', 'mql_at', 'first_touch_at', 'created']];
  for (const [id, region, start, stop] of WORKED) rows.push([id, region, '5000', start, stop, start.slice(0, 10)]);
  const windows = [[Date.parse('2026-02-25T00:00:00Z'), 45], [Date.parse('2026-10-10T00:00:00Z'), 50]] as const;
  for (let i = 0; i < N; i++) {
    const [base, days] = windows[Math.floor(r() * 2)];
    const start = base + Math.floor(r() * days * 96) * 900_000 + (r() < 0.1 ? Math.floor(r() * 900) * 1000 : 0);
    const stopKind = r();
    const stop = stopKind < 0.25 ? '' : stopKind < 0.3 ? iso(start - 3_600_000) : iso(start + Math.floor(r() * 5 * 96) * 900_000);
    const region = ['us', 'emea', 'apac', '', 'EMEA '][Math.floor(r() * 5)];
    rows.push([`L${i}`, region, String(Math.floor(r() * 3000)), r() < 0.05 ? '' : iso(start), stop, iso(start).slice(0, 10)]);
  }
  return rows.map((x) => x.join(',')).join('\n') + '\n';
}

function compile(dialect: 'duckdb' | 'postgres', range: { fromMs: number; toMs: number }, staged: boolean): CompiledSql {
  return compileSql({
    dialect, scorings: [{ def: inbound }, { def: second }], icps: [{ def: icp }], slas: [{ def: sla }], catalog, asOfMs: AS_OF,
    slaRange: range, ...(staged ? { ...STAGED, nested: true } : {}),
  });
}

function compare(engine: SimulationResult, read: ReadRow[], volume: Record<string, unknown>[], compiled: CompiledSql, name: string): void {
  const byId = new Map(read.map((r) => [r.lead.id, r.lead]));
  let bad = 0;
  const firstBad: string[] = [];
  for (const want of engine.leads) {
    const got: LeadResult | undefined = byId.get(want.id);
    try { assert.deepStrictEqual(got, want); } catch (e) {
      bad++;
      if (firstBad.length < 3) firstBad.push(`${want.id}: ${(e as Error).message.slice(0, 1500)}`);
    }
  }
  assert.equal(bad, 0, `${name}: ${bad} of ${engine.leads.length} leads differ from the in-process engine\n${firstBad.join('\n')}`);
  assert.deepStrictEqual(slaSummary(compiled, read.map((r) => r.lead), volume), engine.summary.sla, `${name}: SLA summary`);
}

test(`SLA SQL parity: DST, split shifts, holidays, per-lead calendars, escalations, volumes × ${N} random leads — in-process = DuckDB = PostgreSQL`, { timeout: 600_000 }, async (t) => {
  const dir = join(ROOT, '.cache', `sla-sql-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'leads.csv');
  writeFileSync(file, leadsCsv());

  const cp = compileProject(defs);
  assert.deepStrictEqual(cp.slaProblems, []);
  const loaded = await loadSampleFiles(cp.catalog, { leads: file });
  const engine = simulate(cp, loaded.leads, AS_OF, [...loaded.warnings]);

  // The worked cases, by hand.
  for (const [id, , , , due] of WORKED) {
    const l = engine.leads.find((x) => x.id === id)!;
    assert.equal(l.sla['handoff/first-touch']?.due, due?.replace('.000', ''), `${id}: in-process due`);
  }
  // The random data reaches every outcome the SQL must reproduce.
  for (const key of ['handoff/first-touch', 'handoff/emea-split', 'handoff/night-desk', 'handoff/calendar-clock']) {
    const s = engine.summary.sla[key] as { met: number; breached: number };
    assert.ok(s.met > 0 && s.breached > 0, `${key}: ${JSON.stringify(s)}`);
  }
  assert.ok(engine.leads.some((l) => (l.sla['handoff/first-touch']?.escalations.length ?? 0) === 2), 'some leads escalate twice');
  assert.ok(Object.keys((engine.summary.sla['handoff/weekly'] as { periods: object }).periods).length > 5);
  const skipped = engine.warnings.filter((w) => w.message.includes('skipped for this lead'));
  assert.ok(skipped.length > 10, 'the data has leads without a calendar');

  // The data's span (as simulate --engine duckdb computes it).
  const instants = loaded.leads.flatMap((l) => [l.values.mql_at, l.values.first_touch_at, l.values.created]).filter((v): v is number => typeof v === 'number');
  const range = { fromMs: Math.min(AS_OF, ...instants), toMs: Math.max(AS_OF, ...instants) };

  // DuckDB over the staged CSV.
  let t0 = Date.now(); const lap = (w: string) => { t.diagnostic(`${w}: ${Date.now() - t0} ms`); t0 = Date.now(); };
  const db = await openDuckdb();
  t.after(() => db.close());
  const staged = await stageInputs(db.conn, file, undefined, catalog);
  assert.deepStrictEqual(staged.warnings, loaded.warnings);
  const duck = compile('duckdb', range, true);
  const duckRows: ReadRow[] = [];
  await streamRows(db.conn, duck.sql, (raw) => duckRows.push(leadOfRow(raw, duck)));
  const duckVolume: Record<string, unknown>[] = [];
  await streamRows(db.conn, duck.volumeSql!, (r) => duckVolume.push(r));
  compare(engine, duckRows, duckVolume, duck, 'DuckDB');
  const duckWarnings = [...staged.warnings, ...duckRows.flatMap((r) => skipWarnings(r, file))];
  assert.deepStrictEqual(duckWarnings, engine.warnings);
  lap('duckdb');

  if (!postgresDb.client) { t.diagnostic(`PostgreSQL part skipped: ${NO_PG}`); return; }
  await postgresDb.client.query(`DROP TABLE IF EXISTS leads; CREATE TABLE leads (id text, region text, employees bigint, mql_at timestamptz, first_touch_at timestamptz, created date)`);
  const L = loaded.leads;
  const v = (f: string) => L.map((l) => (typeof l.values[f] === 'number' ? iso(l.values[f] as number) : null));
  await postgresDb.client.query(`INSERT INTO leads SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::timestamptz[], $6::date[])`, [
    L.map((l) => l.id), L.map((l) => (l.values.region as string | undefined) ?? null), L.map((l) => l.values.employees ?? null), v('mql_at'), v('first_touch_at'),
    L.map((l) => (typeof l.values.created === 'number' ? iso(l.values.created as number).slice(0, 10) : null)),
  ]);
  lap('pg load');
  const pgc = compile('postgres', range, false);
  const pgRows = (await postgresDb.client.query(pgc.sql)).rows.map((raw) => leadOfRow(raw, pgc));
  lap('pg per-lead');
  const pgVolume = (await postgresDb.client.query(pgc.volumeSql!)).rows;
  lap('pg volume');
  compare(engine, pgRows, pgVolume, pgc, 'PostgreSQL');
  assert.deepStrictEqual(pgRows.flatMap((r) => r.skips), skipped.map((w) => w.message));
});

test('a lead outside the compiled calendar days gets no result and says why; no range is refused', async (t) => {
  const cp = compileProject(defs);
  const db = await openDuckdb();
  t.after(() => db.close());
  const dir = join(ROOT, '.cache', `sla-sql-range-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'leads.csv');
  writeFileSync(file, 'id,region,employees,mql_at,first_touch_at,created\nold,us,5000,2025-01-06T15:00:00Z,,2025-01-06\nnew,us,5000,2026-11-17T15:00:00Z,,2026-11-17\n');
  await stageInputs(db.conn, file, undefined, cp.catalog);
  const c = compile('duckdb', { fromMs: Date.parse('2026-11-01T00:00:00Z'), toMs: AS_OF }, true);
  const rows: ReadRow[] = [];
  await streamRows(db.conn, c.sql, (raw) => rows.push(leadOfRow(raw, c)));
  assert.equal(rows[0].lead.sla['handoff/emea-split'], undefined);
  assert.match(rows[0].skips.join('\n'), /SLA handoff\/emea-split skipped for this lead: its dates fall outside the calendar days compiled into this query \(2026-11-01\.\.2026-11-30\)/);
  assert.equal(rows[1].lead.sla['handoff/emea-split']?.status, 'breached');
  assert.throws(() => compileSql({ dialect: 'duckdb', scorings: [{ def: inbound }, { def: second }], icps: [{ def: icp }], slas: [{ def: sla }], catalog }),
    SlaRangeNeededError);
});
