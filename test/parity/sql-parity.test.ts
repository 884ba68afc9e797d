// Differential test of the SQL path: random models (sql-gen.ts) over 10k random leads with
// events must give the same per-lead results in-process, in embedded DuckDB (compiled query
// over the CSV/JSONL files) and in a real PostgreSQL server (compiled query over typed tables):
// matched ICPs with tier and personas, fit, engagement, total (to the cent), grade(s), mql,
// disqualified and the explanation. A mismatch prints the smallest failing lead and the model.
//
// Seeded: LEADSPEC_SQL_SEED=<n> replays one seed; LEADSPEC_SQL_LEADS / _MODELS resize the run.
// PostgreSQL comes from test/parity/pg-harness.ts (skipped, saying why, when it is not installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import pg from 'pg';
import { compileProject, evaluateLead } from '../../server/src/core/eval/simulate.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import { eventsOf } from '../../server/src/core/data/event-store.js';
import type { Definition, IcpDef, ScoringDef } from '../../server/src/core/model.js';
import type { Lead, LeadResult, ScoreResult } from '../../server/src/core/results.js';
import { compileSql, type CompiledSql } from '../../server/src/core/sql/compile.js';
import { openDuckdb, stageInputs, runCompiled, scoreOfRow, STAGED, stagedOptions, type SqlRow } from '../../server/src/io/duckdb.js';
import { rng } from '../../bench/prng.js';
import { catalog, randomIcps, randomModel, randomData, AS_OF, scratchDir, writeSamples } from './sql-gen.js';
import { NO_PG, postgresForFile } from './pg-harness.js';

const N = Number(process.env.LEADSPEC_SQL_LEADS ?? 10_000);
const MODELS = Number(process.env.LEADSPEC_SQL_MODELS ?? 8);
const SEEDS = process.env.LEADSPEC_SQL_SEED ? [Number(process.env.LEADSPEC_SQL_SEED)] : [20261123, 7];

const postgresDb = postgresForFile();

interface Engines { memory: LeadResult; duckdb: SqlRow; postgres?: SqlRow }

/** What must agree across engines, in the in-process engine's JSON shape. */
function view(icps: unknown, s: ScoreResult) {
  return { icps, ...s };
}

function smallest(leads: Lead[], ids: Set<string>): Lead {
  const size = (l: Lead) => eventsOf(l).length * 3 + Object.keys(l.values).length;
  return leads.filter((l) => ids.has(l.id)).sort((a, b) => size(a) - size(b))[0];
}

async function loadPg(c: pg.Client, leads: Lead[]): Promise<void> {
  await c.query(`DROP TABLE IF EXISTS leads; DROP TABLE IF EXISTS events;
    CREATE TABLE leads (id text, employees bigint, revenue double precision, industry text, country text, seniority text,
      tech text, active boolean, signup date, seen_at timestamptz, email text);
    CREATE TABLE events (lead_id text, event text, at timestamptz, url text, secs double precision, bot boolean);`);
  const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
  for (let i = 0; i < leads.length; i += 2000) {
    const chunk = leads.slice(i, i + 2000);
    const v = (f: string) => chunk.map((l) => l.values[f] ?? null);
    await c.query(`INSERT INTO leads SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::date[], $10::timestamptz[], $11::text[])`, [
      chunk.map((l) => l.id), v('employees'), v('revenue'), v('industry'), v('country'), v('seniority'),
      chunk.map((l) => (Array.isArray(l.values.tech) ? (l.values.tech as string[]).join(';') : null)), v('active'),
      chunk.map((l) => (typeof l.values.signup === 'number' ? new Date(l.values.signup).toISOString().slice(0, 10) : null)),
      chunk.map((l) => iso(l.values.seen_at)), v('email'),
    ]);
    const evs = chunk.flatMap((l) => eventsOf(l).map((e) => ({ id: l.id, e })));
    await c.query(`INSERT INTO events SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::float8[], $6::bool[])`, [
      evs.map((x) => x.id), evs.map((x) => x.e.event), evs.map((x) => iso(x.e.at)),
      // Properties of undeclared events stay text in the engine; a typed column holds NULL for them.
      evs.map((x) => (x.e.props.url as string) ?? null), evs.map((x) => (typeof x.e.props.secs === 'number' ? x.e.props.secs : null)),
      evs.map((x) => (typeof x.e.props.bot === 'boolean' ? x.e.props.bot : null)),
    ]);
  }
}

async function pgRows(c: pg.Client, compiled: CompiledSql): Promise<Map<string, SqlRow>> {
  const res = await c.query(compiled.sql);
  const out = new Map<string, SqlRow>();
  for (const r of res.rows) out.set(r.id, { ...r, icps: r.icps ?? [] });
  return out;
}

for (const seed of SEEDS) {
  test(`SQL parity, seed ${seed}: ${MODELS} random models × ${N} leads — in-process = DuckDB = PostgreSQL`, { timeout: 600_000 }, async (t) => {
    const r = rng(seed);
    const icps = randomIcps(r);
    const models: ScoringDef[] = Array.from({ length: MODELS }, (_, i) => randomModel(r, `m${i}`, icps));
    const data = randomData(r, N);
    const dir = scratchDir(t, `sql-parity-${seed}`);
    writeSamples(dir, data);

    const cp = compileProject([catalog, ...icps, ...models] as Definition[]);
    const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl') });
    const memory = loaded.leads.map((l) => evaluateLead(cp, l, AS_OF));

    const db = await openDuckdb();
    t.after(() => db.close());
    const staged = await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.jsonl'), catalog);
    assert.equal(staged.leads, N);
    // The same data warnings, in the same order: unparseable values, values outside a field's
    // enum, events without lead, name or time, unknown leads, undeclared events, bad properties.
    assert.deepStrictEqual(staged.warnings, loaded.warnings);
    for (const field of ['employees', 'industry', 'lead_id', 'event', 'at', 'page_view.secs', 'email_click.bot']) {
      assert.ok(loaded.warnings.some((w) => w.field === field), `the generated data has a '${field}' warning`);
    }

    if (postgresDb.client) await loadPg(postgresDb.client, loaded.leads);
    const located = icps.map((def: IcpDef) => ({ def }));
    let compared = 0;
    for (const model of models) {
      const engines = new Map<string, Partial<Engines>>();
      loaded.leads.forEach((l, i) => engines.set(l.id, { memory: memory[i] }));
      // The staged event codes (sql-nested.test.ts runs the random models comparing names).
      const duck = compileSql({ dialect: 'duckdb', scoring: { def: model }, icps: located, catalog, asOfMs: AS_OF, ...stagedOptions(staged) });
      await runCompiled(db.conn, duck, (row) => { const e = engines.get(row.id); assert.ok(e, `DuckDB returned an unknown lead ${row.id}`); e.duckdb = row; });
      const pgc = compileSql({ dialect: 'postgres', scoring: { def: model }, icps: located, catalog, asOfMs: AS_OF });
      if (postgresDb.client) for (const [id, row] of await pgRows(postgresDb.client, pgc)) { const e = engines.get(id); assert.ok(e, `PostgreSQL returned an unknown lead ${id}`); e.postgres = row; }

      const failing = new Map<string, string>();
      for (const [id, e] of engines) {
        const want = view(e.memory!.icps, e.memory!.scores[model.id]);
        for (const [name, row, compiled] of [['DuckDB', e.duckdb, duck], ['PostgreSQL', e.postgres, pgc]] as const) {
          if (name === 'PostgreSQL' && !postgresDb.client) continue;
          if (!row) { failing.set(id, `${name} returned no row`); continue; }
          const got = view(row.icps, scoreOfRow(row, compiled));
          try { assert.deepStrictEqual(got, want); } catch (err) { if (!failing.has(id)) failing.set(id, `${name}: ${(err as Error).message}`); }
        }
        compared++;
      }
      if (failing.size) {
        const lead = smallest(loaded.leads, new Set(failing.keys()));
        const ev = eventsOf(lead).map((x) => ({ ...x, at: new Date(x.at).toISOString() }));
        assert.fail(`${failing.size} of ${N} leads differ for model ${model.id} (seed ${seed}). Smallest failing lead ${lead.id}:\n`
          + `${JSON.stringify({ values: lead.values, raw: lead.raw, events: ev })}\n${failing.get(lead.id)}\n--- model ---\n${stringify(model)}\n--- icps ---\n${stringify(icps)}`);
      }
    }
    assert.equal(compared, N * MODELS);
    if (NO_PG) t.diagnostic(`PostgreSQL part skipped: ${NO_PG}`);
  });
}

// A clamp whose cut is binary noise (0.1 + 0.2 > 0.3 by 5.5e-17) rounds to a cut of 0: the
// explanation still names the bound that cut, as the in-process engine does (the SQL row holds
// only the rounded cut, whose sign is gone).
test('a clamp cut that rounds to 0 keeps its direction (max vs min) in DuckDB and PostgreSQL', { timeout: 300_000 }, async (t) => {
  const model = {
    leadspec: 'v1', kind: 'scoring', id: 'noise',
    fit: {
      max: 0.3,
      rules: [
        { id: 'small', when: { employees: { gte: 0 } }, points: 0.1 },
        { id: 'mid', when: { employees: { gte: 0 } }, points: 0.2 },
        { group: 'g', max: 0.3, rules: [{ id: 'a', when: { employees: { gte: 0 } }, points: 0.1 }, { id: 'b', when: { employees: { gte: 0 } }, points: 0.2 }] },
      ],
    },
    engagement: {
      min: -0.3,
      rules: [
        { id: 'views', event: 'page_view', points: 0.1, max: 0.3 },
        { id: 'neg1', when: { employees: { gte: 0 } }, points: -0.1 },
        { id: 'neg2', when: { employees: { gte: 0 } }, points: -0.2 },
        { id: 'neg3', when: { employees: { gte: 0 } }, points: -0.1 },
      ],
    },
    grades: [{ id: 'A', min: 0.3 }, { id: 'B' }],
    mql: { grade: 'A' },
  } as unknown as ScoringDef;
  const dir = scratchDir(t, `sql-parity-noise`);
  writeFileSync(join(dir, 'leads.csv'), 'id,employees\nL1,10\nL2,20\n');
  const at = (h: number) => new Date(AS_OF - h * 3_600_000).toISOString();
  writeFileSync(join(dir, 'events.jsonl'), [1, 2, 3, 4].map((h) => JSON.stringify({ lead_id: 'L1', event: 'page_view', at: at(h) })).join('\n') + '\n');
  const cp = compileProject([catalog, model] as Definition[]);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl') });
  const memory = new Map(loaded.leads.map((l) => [l.id, evaluateLead(cp, l, AS_OF).scores.noise]));
  assert.ok([...memory.values()][0].explanation.some((x) => 'clamp' in x && x.clamp === 'max' && x.cut === 0), 'the fixture has a max clamp with a cut rounded to 0');
  const db = await openDuckdb();
  t.after(() => db.close());
  await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.jsonl'), catalog);
  const duck = compileSql({ dialect: 'duckdb', scoring: { def: model }, icps: [], catalog, asOfMs: AS_OF, ...STAGED });
  const got = new Map<string, ScoreResult>();
  await runCompiled(db.conn, duck, (row) => { got.set(row.id, scoreOfRow(row, duck)); });
  for (const [id, want] of memory) assert.deepStrictEqual(got.get(id), want, `DuckDB, lead ${id}`);
  if (postgresDb.client) {
    await loadPg(postgresDb.client, loaded.leads);
    const pgc = compileSql({ dialect: 'postgres', scoring: { def: model }, icps: [], catalog, asOfMs: AS_OF });
    for (const [id, row] of await pgRows(postgresDb.client, pgc)) assert.deepStrictEqual(scoreOfRow(row, pgc), memory.get(id), `PostgreSQL, lead ${id}`);
  }
});

// Grade tests are decided at compile time over the labels a model can give (the engine's own
// test per label, then a membership test per row): labels in mixed case, with spaces, quotes,
// SQL text, non-ASCII letters, and labels that read like the fixed 'ungraded' / 'disqualified',
// under every text operator, in disqualify and mql, with grades and with a matrix.
test('grade tests over hostile band labels agree in-process, in DuckDB and in PostgreSQL', { timeout: 300_000 }, async (t) => {
  const labels = [' Hot ', 'HOT', "O'Neil", "x'); DROP TABLE leads; --", 'Ungraded', ' Disqualified', 'Élan'];
  const fit = { rules: [10, 20, 30, 40, 50, 60].map((n) => ({ id: `e${n}`, when: { employees: { gte: n } }, points: 10 })) };
  const grades = labels.map((id, i) => (i < labels.length - 1 ? { id, min: 60 - i * 10 } : { id }));
  const tests: [string, unknown, unknown?][] = [
    ['eq', { grade: 'hot' }],
    ['in', { grade: { in: ["o'neil", 'UNGRADED', 'élan'] } }],
    ['ne', { grade: { ne: 'disqualified' } }, { grade: 'HOT' }],
    ['not_in', { grade: { not_in: [' hot', 'élan'] } }],
    ['starts_with', { grade: { starts_with: "X');" } }],
    ['contains', { grade: { contains: "'" } }],
    ['ends_with', { grade: { ends_with: 'ed' } }, { grade: { in: ['ungraded'] } }],
    ['exists', { all: [{ grade: { exists: true } }, { not: { grade: null } }] }],
    ['disq', { grade: 'disqualified' }, { grade: { eq: ' disqualified ' } }],
    ['none', { grade: 'nobody' }],
  ];
  const models = tests.map(([id, mql, disqualify]) => ({
    leadspec: 'v1', kind: 'scoring', id: `g_${id}`, fit, grades, mql, ...(disqualify ? { disqualify } : {}),
  })) as unknown as ScoringDef[];
  models.push({
    leadspec: 'v1', kind: 'scoring', id: 'g_matrix', fit,
    engagement: { rules: [{ id: 'big', when: { employees: { gte: 35 } }, points: 5 }] },
    matrix: { fit: [{ id: ' A', min: 30 }, { id: "B '" }], engagement: [{ id: "'1", min: 5 }, { id: 'Z' }] },
    disqualify: { all: [{ grade: { in: ["b 'z", "b ''1"] } }, { employees: { gte: 10 } }] },
    mql: { any: [{ fit_grade: 'a' }, { engagement_grade: "'1" }, { grade: "b 'z" }] },
  } as unknown as ScoringDef);
  const dir = scratchDir(t, `sql-parity-grades`);
  writeFileSync(join(dir, 'leads.csv'), 'id,employees\n' + [0, 5, 10, 20, 30, 40, 50, 60, 70, ''].map((n, i) => `L${i},${n}`).join('\n') + '\n');
  writeFileSync(join(dir, 'events.jsonl'), '');
  const cp = compileProject([catalog, ...models] as Definition[]);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl') });
  const db = await openDuckdb();
  t.after(() => db.close());
  await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.jsonl'), catalog);
  if (postgresDb.client) await loadPg(postgresDb.client, loaded.leads);
  for (const model of models) {
    const memory = new Map(loaded.leads.map((l) => [l.id, evaluateLead(cp, l, AS_OF).scores[model.id]]));
    const outcomes = new Set([...memory.values()].map((s) => `${s.mql}/${s.disqualified}`));
    if (model.id !== 'g_none' && model.id !== 'g_exists') assert.ok(outcomes.size > 1, `${model.id}: the leads do not all end alike (${[...outcomes]})`);
    const duck = compileSql({ dialect: 'duckdb', scoring: { def: model }, icps: [], catalog, asOfMs: AS_OF, ...STAGED });
    assert.doesNotMatch(duck.sql, /lower\([^)]*grade/, `${model.id}: no grade is normalised per row`);
    const got = new Map<string, ScoreResult>();
    await runCompiled(db.conn, duck, (row) => { got.set(row.id, scoreOfRow(row, duck)); });
    for (const [id, want] of memory) assert.deepStrictEqual(got.get(id), want, `DuckDB, ${model.id}, lead ${id}`);
    if (postgresDb.client) {
      const pgc = compileSql({ dialect: 'postgres', scoring: { def: model }, icps: [], catalog, asOfMs: AS_OF });
      const rows = await pgRows(postgresDb.client, pgc);
      assert.equal(rows.size, memory.size);
      for (const [id, row] of rows) assert.deepStrictEqual(scoreOfRow(row, pgc), memory.get(id), `PostgreSQL, ${model.id}, lead ${id}`);
    }
  }
  if (NO_PG) t.diagnostic(`PostgreSQL part skipped: ${NO_PG}`);
});

// The engine trims every text it compares with JavaScript's String#trim (no-break space, the
// other Unicode spaces, U+2028/2029, the BOM, \v, \f); PostgreSQL's btrim trims only what it is
// given. Raw texts padded with each of them — field values, list items, event names — in
// PostgreSQL tables, against the in-process engine over the same texts.
test('PostgreSQL trims compared texts as the engine does: every JavaScript white space', { timeout: 300_000 }, async (t) => {
  if (!postgresDb.client) { t.diagnostic(`skipped: ${NO_PG}`); return; }
  const c = postgresDb.client;
  const model = {
    leadspec: 'v1', kind: 'scoring', id: 'ws',
    fit: {
      rules: [
        { id: 'saas', when: { industry: 'SaaS' }, points: 1 },
        { id: 'us', when: { country: { in: ['us', 'ca'] } }, points: 2 },
        { id: 'crm', when: { tech: { includes: 'crm' } }, points: 4 },
        { id: 'mail', when: { email: { ends_with: '@x.io' } }, points: 8 },
      ],
    },
    engagement: { rules: [{ id: 'views', event: 'page_view', points: 16 }] },
    grades: [{ id: 'A', min: 1 }, { id: 'B' }],
  } as unknown as ScoringDef;
  const spaces = ['\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\v', '\f', ' \t'];
  // U+180E and U+200B are not white space to JavaScript: not trimmed by either.
  const pads = [...spaces, '\u180e', '\u200b'];
  const rows = pads.map((p, i) => ({ id: `L${i}`, industry: `${p}SaaS${p}`, country: `${p}US`, tech: `a;${p}crm${p};b`, email: `ann@x.io${p}`, event: `${p}page_view${p}` }));
  const dir = scratchDir(t, 'sql-parity-trim');
  writeFileSync(join(dir, 'leads.jsonl'), rows.map((r) => JSON.stringify({ id: r.id, industry: r.industry, country: r.country, tech: r.tech, email: r.email })).join('\n') + '\n');
  writeFileSync(join(dir, 'events.jsonl'), rows.map((r) => JSON.stringify({ lead_id: r.id, event: r.event, at: '2026-11-01T00:00:00Z' })).join('\n') + '\n');
  const cp = compileProject([catalog, model] as Definition[]);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.jsonl'), events: join(dir, 'events.jsonl') });
  const memory = new Map(loaded.leads.map((l) => [l.id, evaluateLead(cp, l, AS_OF).scores.ws]));
  // The fixture holds both outcomes: trimmed texts that match, and the two that do not.
  assert.equal(memory.get('L0')!.total, 31);
  assert.ok([...memory.values()].some((s) => s.total !== 31), 'U+180E / U+200B are not trimmed in-process');
  await c.query(`DROP TABLE IF EXISTS leads; DROP TABLE IF EXISTS events;
    CREATE TABLE leads (id text, employees bigint, revenue double precision, industry text, country text, seniority text,
      tech text, active boolean, signup date, seen_at timestamptz, email text);
    CREATE TABLE events (lead_id text, event text, at timestamptz, url text, secs double precision, bot boolean);`);
  await c.query(`INSERT INTO leads (id, industry, country, tech, email) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [rows.map((r) => r.id), rows.map((r) => r.industry), rows.map((r) => r.country), rows.map((r) => r.tech), rows.map((r) => r.email)]);
  await c.query(`INSERT INTO events (lead_id, event, at) SELECT l, e, '2026-11-01T00:00:00Z' FROM unnest($1::text[], $2::text[]) AS u(l, e)`, [rows.map((r) => r.id), rows.map((r) => r.event)]);
  const pgc = compileSql({ dialect: 'postgres', scoring: { def: model }, icps: [], catalog, asOfMs: AS_OF });
  const got = await pgRows(c, pgc);
  assert.equal(got.size, rows.length);
  for (const [id, row] of got) assert.deepStrictEqual(scoreOfRow(row, pgc), memory.get(id), `PostgreSQL, lead ${id} (${JSON.stringify(rows.find((r) => r.id === id))})`);
});
