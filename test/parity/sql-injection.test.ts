// SQL built from definitions cannot be broken out of (issue 18 item 2). Definitions that are
// valid but hostile — quotes, backslashes, `--`, `;`, psql's `\!` and `:var`, `$$`, unicode,
// very long strings, field names that are SQL keywords — go through `leadspec sql` (the built
// CLI as a process) into real psql against a real PostgreSQL server and into DuckDB: exactly
// one statement runs, a canary table survives, no shell command runs, and the scores equal the
// in-process engine's on leads that hold those very strings. Control characters (NUL first: psql
// drops the rest of a line after it, which flips quote parity) are a validation error at their
// exact position, and the compiler refuses them too when called without validation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileSql, SqlUnsupportedError } from '../../server/src/core/sql/compile.js';
import { collectWorkspace } from '../../server/src/core/sql/workspace.js';
import { lit, ident, UnsafeSqlTextError } from '../../server/src/core/sql/dialect.js';
import { openDuckdb, stageInputs, STAGED } from '../../server/src/io/duckdb.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import { eventsOf } from '../../server/src/core/data/event-store.js';
import { compileProject } from '../../server/src/core/eval/simulate.js';
import { backtest } from '../../server/src/core/outcomes/backtest.js';
import { parseCapacity } from '../../server/src/core/outcomes/capacity.js';
import type { OutcomesSpec } from '../../server/src/core/outcomes/spec.js';
import { compileBacktestSql } from '../../server/src/core/sql/backtest.js';
import type { Definition, FieldsDef, IcpDef, ScoringDef } from '../../server/src/core/model.js';
import { findPgBin, startPostgres, type PgServer } from './pg-harness.js';

// The first line of a definition, written so that this file's code is not taken for YAML by
// the fast-YAML corpus test (test/unit/fastyaml.test.ts reads text between backticks).
const V1 = ['leadspec', 'v1'].join(': ');
const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TMP = join(ROOT, '.cache', `sql-injection-${process.pid}`);
const MARKER = join(TMP, 'shell-ran');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Hostile text that a definition may legitimately hold (no control characters). */
const HOSTILE = [
  `it's`,
  `'; DROP TABLE canary; --`,
  `')))); DROP TABLE canary; --`,
  `x \\! touch ${MARKER} #`,
  `\\`,
  `a\\'b`,
  `\\'; DROP TABLE canary; --`,
  `$$; DROP TABLE canary; $$`,
  `$tag$ DROP TABLE canary $tag$`,
  `-- not a comment`,
  `/* not a comment`,
  `:'x' :x :"y"`,
  `"double" "quotes"`,
  `E'\\x41'`,
  `semi;colon`,
  `émoji 🎉 ünïcode ‮rtl`,
  `tab\there`,
  'long ' + `'\\`.repeat(5000),
];
// Field names that are SQL keywords (each quoted as an identifier in the output).
const KEYWORD_FIELDS = ['select', 'from', 'order', 'group', 'user', 'table'];

const y = (s: string) => JSON.stringify(s); // a YAML double-quoted scalar

function writeWorkspace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fields.yaml'), [
    V1, 'kind: fields', 'id: crm', 'fields:',
    '  select: { type: string }',
    `  from: { type: enum, values: [${HOSTILE.slice(0, 6).map(y).join(', ')}] }`,
    '  order: { type: list }',
    '  group: { type: number }',
    '  user: { type: boolean }',
    '  table: { type: string, description: ' + y(HOSTILE[1]) + ' }',
    'events:', '  visit: { properties: { where: string } }', '',
  ].join('\n'));
  writeFileSync(join(dir, 'icp.yaml'), [
    V1, 'kind: icp', 'id: hostile', `title: ${y(HOSTILE[2])}`,
    `match: { any: [ { select: { in: [${HOSTILE.map(y).join(', ')}] } }, { table: { contains: ${y("'")} } } ] }`,
    'tiers:', `  - { id: t1, when: { from: ${y(HOSTILE[3])} } }`, '  - { id: t2 }', '',
  ].join('\n'));
  const rules = HOSTILE.map((s, i) => `    - { id: r${i}, points: ${i + 1}, when: { select: ${y(s)} } }`);
  writeFileSync(join(dir, 'scoring.yaml'), [
    V1, 'kind: scoring', 'id: hostile-model', `description: ${y(HOSTILE[7])}`,
    'fit:', '  rules:', ...rules,
    `    - { id: sw, points: 100, when: { table: { starts_with: ${y(HOSTILE[6])} } } }`,
    `    - { id: ew, points: 200, when: { table: { ends_with: ${y(HOSTILE[9])} } } }`,
    `    - { id: li, points: 300, when: { order: { includes: ${y(HOSTILE[4])} } } }`,
    `    - { id: kw, points: 400, when: { group: { gte: 1 }, user: true } }`,
    'engagement:', '  rules:',
    `    - { id: ev, event: visit, where: { where: ${y(HOSTILE[5])} }, points: 7 }`,
    'grades:', '  - { id: a, min: 10 }', '  - { id: b }', '',
  ].join('\n'));
  // One lead per hostile string, in the columns the conditions read; L0 matches nothing.
  const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const leads = [['id', ...KEYWORD_FIELDS].join(',')];
  leads.push(['L0', 'plain', '', '', '0', 'false', 'plain'].join(','));
  HOSTILE.forEach((s, i) => leads.push([`L${i + 1}`, csvCell(s), i < 6 ? csvCell(s) : '', csvCell(`a;${s.replace(/;/g, ',')}`), String(i), i % 2 ? 'true' : 'false', csvCell(s)].join(',')));
  writeFileSync(join(dir, 'leads.csv'), leads.join('\n') + '\n');
  const events = ['lead_id,event,at,where'];
  HOSTILE.forEach((s, i) => events.push([`L${i + 1}`, 'visit', '2026-11-01T00:00:00Z', csvCell(s)].join(',')));
  writeFileSync(join(dir, 'events.csv'), events.join('\n') + '\n');
}

/** Leads and events as rows (values bound as parameters, never spliced into SQL). */
function rows(dir: string): { leads: string[][]; events: string[][] } {
  const parse = (f: string) => {
    const out: string[][] = [];
    const text = readFileSync(join(dir, f), 'utf8');
    let row: string[] = [], cell = '', q = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (q) { if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c; continue; }
      if (c === '"') q = true; else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); out.push(row); row = []; cell = ''; } else cell += c;
    }
    return out.slice(1);
  };
  return { leads: parse('leads.csv'), events: parse('events.csv') };
}

const AS_OF = '2026-11-20T00:00:00Z';
let dir = '';
let expected: Map<string, { fit: number; engagement: number; total: number; grade: string; icps: unknown }>;
let server: PgServer | undefined;

before(() => {
  rmSync(TMP, { recursive: true, force: true });
  dir = join(TMP, 'ws');
  writeWorkspace(dir);
  const v = cli(['validate', '.'], dir);
  assert.equal(v.code, 0, `the hostile definitions are valid:\n${v.out}${v.err}`);
  const sim = cli(['simulate', '--engine', 'memory', '--format', 'json', '--leads', 'leads.csv', '--events', 'events.csv', '--as-of', AS_OF], dir);
  assert.equal(sim.code, 0, sim.err);
  const res = JSON.parse(sim.out);
  expected = new Map(res.leads.map((l: { id: string; icps: unknown; scores: Record<string, { fit: number; engagement: number; total: number; grade: string }> }) =>
    [l.id, { ...l.scores['hostile-model'], icps: l.icps }]));
  // The hostile strings do reach the scores: most leads score on their own rule.
  assert.ok([...expected.values()].filter((s) => s.fit > 0).length >= HOSTILE.length - 2);
});
after(() => { server?.stop(); rmSync(TMP, { recursive: true, force: true }); });

function checkRows(got: Record<string, unknown>[]): void {
  assert.equal(got.length, HOSTILE.length + 1);
  for (const r of got) {
    const want = expected.get(String(r.id))!;
    assert.ok(want, `unexpected lead ${String(r.id)}`);
    // The all-in-one query (leadspec sql without --scoring) names a model's columns `<model-id>.<output>`.
    for (const k of ['fit', 'engagement', 'total', 'grade'] as const) assert.deepEqual(r[`hostile-model.${k}`], want[k], `${String(r.id)} ${k}`);
    assert.deepEqual(typeof r.icps === 'string' ? JSON.parse(r.icps) : r.icps, want.icps, `${String(r.id)} icps`);
  }
}

test('hostile but valid definitions: DuckDB runs exactly one statement, the canary survives, scores equal in-process', async () => {
  const r = cli(['sql', '--dialect', 'duckdb', '--as-of', AS_OF], dir);
  assert.equal(r.code, 0, r.err);
  const db = await openDuckdb();
  try {
    const c = db.conn;
    await c.run(`CREATE TABLE canary (x INTEGER); INSERT INTO canary VALUES (42)`);
    await c.run(`CREATE TABLE leads (id VARCHAR, "select" VARCHAR, "from" VARCHAR, "order" VARCHAR, "group" DOUBLE, "user" BOOLEAN, "table" VARCHAR)`);
    await c.run(`CREATE TABLE events (lead_id VARCHAR, event VARCHAR, "at" TIMESTAMPTZ, "where" VARCHAR)`);
    const data = rows(dir);
    for (const l of data.leads) await c.run(`INSERT INTO leads VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), CAST($5 AS DOUBLE), CAST($6 AS BOOLEAN), $7)`, l);
    for (const e of data.events) await c.run(`INSERT INTO events VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ), $4)`, e);
    const stmts = await c.extractStatements(r.out);
    assert.equal(stmts.count, 1, 'the compiled SQL is exactly one statement');
    const res = await c.runAndReadAll(r.out);
    checkRows(res.getRowObjectsJS() as Record<string, unknown>[]);
    const canary = (await c.runAndReadAll(`SELECT x FROM canary`)).getRowObjectsJS();
    assert.deepEqual(canary, [{ x: 42 }]);
  } finally { db.close(); }
  assert.equal(existsSync(MARKER), false, 'no shell command ran');
});

test('hostile but valid definitions: psql runs exactly one statement, no meta-command, the canary survives, scores equal in-process',
  { skip: findPgBin() ? false : 'PostgreSQL is not installed (bash .ci/install-system-deps.sh)' }, async () => {
    const r = cli(['sql', '--dialect', 'postgres', '--as-of', AS_OF], dir);
    assert.equal(r.code, 0, r.err);
    server = await startPostgres();
    const c = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
    await c.connect();
    try {
      await c.query(`CREATE TABLE canary (x integer); INSERT INTO canary VALUES (42);
        CREATE TABLE leads (id text, "select" text, "from" text, "order" text, "group" double precision, "user" boolean, "table" text);
        CREATE TABLE events (lead_id text, event text, "at" timestamptz, "where" text);`);
      const data = rows(dir);
      for (const l of data.leads) await c.query(`INSERT INTO leads VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), $5, $6, $7)`, l);
      for (const e of data.events) await c.query(`INSERT INTO events VALUES ($1, $2, $3, $4)`, e);
      await c.query(`ALTER SYSTEM SET log_statement = 'all'`);
      await c.query(`SELECT pg_reload_conf()`);
      await new Promise((res) => setTimeout(res, 300));
      const log = join(server.dir, 'server.log');
      const before = statSync(log).size;
      // As the README runs it: the printed SQL piped into psql.
      const p = spawnSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-A', '-F', '\t', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database],
        { input: r.out, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
      assert.equal(p.status, 0, p.stderr);
      assert.equal(p.stderr, '');
      assert.match(p.stdout, new RegExp(`\\n\\(${HOSTILE.length + 1} rows\\)\\n$`));
      await new Promise((res) => setTimeout(res, 300));
      const logged = readFileSync(log, 'utf8').slice(before).split('\n').filter((l) => /LOG:\s+statement: /.test(l));
      assert.equal(logged.length, 1, `psql sent exactly one statement:\n${logged.map((l) => l.slice(0, 200)).join('\n')}`);
      assert.match(logged[0], /statement: WITH/);
      const res = await c.query(r.out);
      checkRows(res.rows);
      assert.deepEqual((await c.query(`SELECT x FROM canary`)).rows, [{ x: 42 }]);
    } finally { await c.end(); }
    assert.equal(existsSync(MARKER), false, 'no shell command ran');
  });

test('control characters in any definition string are LS020 at their exact position; sql refuses, prints nothing', () => {
  const d = join(TMP, 'nul');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'fields.yaml'), V1 + '\nkind: fields\nid: crm\nfields:\n  country: { type: string, description: "ok\\ttab and\\nnewline" }\n');
  const scoring = [
    V1, 'kind: scoring', 'id: m', 'fit:', '  rules:',
    '    - { id: a, points: 1, when: { country: "x\\u0000" } }',
    `    - { id: b, points: 1, when: { country: "')))); DROP TABLE canary; --" } }`,
    '    - { id: c, points: 1, when: { country: [ok, "bell\\a", "esc\\e[31m", "cr\\r"] } }',
    '    - { id: d, points: 1, when: { country: "nul\\0 and \\x01" } }',
    '', 
  ].join('\n');
  writeFileSync(join(d, 'scoring.yaml'), scoring);
  const v = cli(['validate', '.'], d);
  assert.equal(v.code, 1, v.out + v.err);
  const found = [...(v.out + v.err).matchAll(/scoring\.yaml:(\d+):(\d+)(?:-\d+:\d+)?:? error LS020[^\n]*/g)].map((m) => `${m[1]}:${m[2]}`);
  const col = (line: number, needle: string) => `${line}:${scoring.split('\n')[line - 1].indexOf(needle) + 1}`;
  assert.deepEqual(found, [col(6, '\\u0000'), col(8, '\\a'), col(8, '\\e'), col(8, '\\r'), col(9, '\\0'), col(9, '\\x01')], v.out + v.err);
  assert.match(v.out + v.err, /U\+0000/);
  assert.doesNotMatch(v.out + v.err, /fields\.yaml:\d+:\d+.*LS020/, 'tab and newline are allowed');
  const s = cli(['sql', '--dialect', 'postgres'], d);
  assert.equal(s.code, 1);
  assert.equal(s.out, '');
  assert.match(s.err, new RegExp(`scoring\\.yaml:${col(6, '\\u0000')}: error LS020`));
  assert.doesNotMatch(s.err, /\n\s+at /, 'no stack trace');
});

test('a raw control byte in the file (not an escape) is LS020 too', () => {
  const d = join(TMP, 'raw');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'scoring.yaml'), `${V1}\nkind: scoring\nid: m\nfit:\n  rules:\n    - { id: a, points: 1, when: { country: 'x\u0001y' } }\n`);
  const v = cli(['validate', '.'], d);
  assert.equal(v.code, 1, v.out + v.err);
  assert.match(v.out + v.err, /scoring\.yaml:6:46\S* error LS020.*U\+0001/);
});

test('the compiler refuses control characters by itself (defence in depth), at the definition position', () => {
  const cat = parseFile('fields.yaml', V1 + '\nkind: fields\nid: crm\nfields:\n  country: { type: string }\n');
  const sc = parseFile('scoring.yaml', V1 + '\nkind: scoring\nid: m\nfit:\n  rules:\n    - { id: a, points: 1, when: { country: "x\\u0000y" } }\n');
  const ws = collectWorkspace([cat, sc]);
  for (const dialect of ['duckdb', 'postgres'] as const) {
    assert.throws(() => compileSql({ dialect, scoring: ws.scorings[0], icps: ws.icps, catalog: ws.catalogs[0].def }), (e: unknown) => {
      assert.ok(e instanceof SqlUnsupportedError, String(e));
      assert.equal(e.file, 'scoring.yaml');
      assert.equal(e.line, 6);
      assert.match(e.message, /U\+0000/);
      return true;
    });
  }
  // The primitives themselves.
  for (const bad of ['\u0000', 'a\u0001', '\u001b[0m', 'x\ry', '\u007f', '\ud800']) {
    assert.throws(() => lit(bad), UnsafeSqlTextError);
    assert.throws(() => ident(bad), UnsafeSqlTextError);
  }
  assert.equal(lit(`it's`), `'it''s'`);
  assert.equal(ident(`a"b`), `"a""b"`);
  // A backslash never depends on standard_conforming_strings.
  assert.doesNotMatch(lit('a\\b'), /\\/);
});

// ---- the backtest query (leadspec sql --backtest, core/sql/backtest.ts) -------------------------
// Valid definitions cannot put quotes into the backtest's text (ids and names are patterned), so
// this calls the compiler directly, as a program that skips validation would: the model, grade,
// rule, ICP and tier ids, the conversion event's name and the horizon as written are the hostile
// strings themselves; the outcome fields are SQL keywords. The query is one statement, the canary
// survives, and the document is the in-process backtest's JSON text, hostile keys included.
test('the backtest query: hostile ids, event name and horizon text, keyword outcome fields — one statement, canary intact, = in-process', async () => {
  const d = join(TMP, 'backtest');
  mkdirSync(d, { recursive: true });
  const EV = `'; drop table canary; --`;
  const grades = HOSTILE.slice(0, 6);
  const catalog = {
    leadspec: 'v1', kind: 'fields', id: 'crm',
    fields: { select: { type: 'string' }, end: { type: 'datetime' }, limit: { type: 'datetime' }, offset: { type: 'number' }, user: { type: 'boolean' } },
    events: { [EV]: {}, visit: {} },
  } as unknown as FieldsDef;
  const icp = { leadspec: 'v1', kind: 'icp', id: HOSTILE[2], match: { select: { exists: true } }, tiers: [{ id: HOSTILE[3], when: { offset: { gte: 50 } } }, { id: HOSTILE[8] }] } as unknown as IcpDef;
  const model = {
    leadspec: 'v1', kind: 'scoring', id: HOSTILE[1],
    fit: { rules: HOSTILE.map((s, i) => ({ id: s, points: (i % 5) * 10, when: { select: s } })) },
    engagement: { rules: [{ id: `${HOSTILE[13]} (visit)`, event: 'visit', points: 15 }] },
    grades: grades.map((g, i) => (i < grades.length - 1 ? { id: g, min: 40 - i * 10 } : { id: g })),
    disqualify: { user: true, offset: { lt: 0 } },
    mql: { total: { gte: 20 } },
  } as unknown as ScoringDef;
  const T0 = Date.parse('2026-10-01T00:00:00Z'), DAY = 86_400_000;
  const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const leads = ['id,select,end,limit,offset,user'];
  const events = [];
  for (let i = 0; i < 60; i++) {
    const conv = i % 4 === 0 ? '' : new Date(T0 + ((i % 7) - 2) * 9 * DAY).toISOString();
    const created = i % 9 === 0 ? new Date(T0 + DAY).toISOString() : new Date(T0 - i * DAY).toISOString();
    leads.push([`L${i}`, csvCell(HOSTILE[i % HOSTILE.length]), conv, created, String((i * 37) % 200 - 20), i % 3 ? 'false' : 'true'].join(','));
    if (i % 2) events.push(JSON.stringify({ lead_id: `L${i}`, event: 'visit', at: new Date(T0 - i * 3_600_000).toISOString() }));
    if (i % 3) events.push(JSON.stringify({ lead_id: `L${i}`, event: EV, at: new Date(T0 + ((i % 5) - 1) * 12 * DAY).toISOString() }));
  }
  writeFileSync(join(d, 'leads.csv'), leads.join('\n') + '\n');
  writeFileSync(join(d, 'events.jsonl'), events.join('\n') + '\n');
  const cp = compileProject([catalog, icp, model] as Definition[]);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(d, 'leads.csv'), events: join(d, 'events.jsonl') });
  const horizon = { text: HOSTILE[1], ms: 30 * DAY };
  const specs: OutcomesSpec[] = [
    { converted: { kind: 'time', field: 'end' }, created: 'limit', asOf: T0, horizon, capacity: parseCapacity('15%'), value: 'offset' },
    { converted: { kind: 'event', event: EV }, created: 'limit', asOf: T0, horizon, value: 'offset' },
    { converted: { kind: 'flag', field: 'user' }, created: 'limit', capacity: parseCapacity(5) },
  ];
  const located = { scorings: [{ def: model }], icps: [{ def: icp }], catalog };
  const db = await openDuckdb();
  let pgc: pg.Client | undefined;
  try {
    await db.conn.run(`CREATE TABLE canary (x INTEGER); INSERT INTO canary VALUES (42)`);
    await stageInputs(db.conn, join(d, 'leads.csv'), join(d, 'events.jsonl'), catalog);
    if (findPgBin()) {
      server ??= await startPostgres();
      pgc = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
      await pgc.connect();
      await pgc.query(`DROP TABLE IF EXISTS leads; DROP TABLE IF EXISTS events; CREATE TABLE IF NOT EXISTS canary (x integer); DELETE FROM canary; INSERT INTO canary VALUES (42);
        CREATE TABLE leads (id text, "select" text, "end" timestamptz, "limit" timestamptz, "offset" double precision, "user" boolean);
        CREATE TABLE events (lead_id text, event text, "at" timestamptz);`);
      for (const l of loaded.leads) {
        const v = l.values as Record<string, unknown>;
        const iso = (x: unknown) => (typeof x === 'number' ? new Date(x).toISOString() : null);
        await pgc.query(`INSERT INTO leads VALUES ($1, $2, $3, $4, $5, $6)`, [l.id, v.select ?? null, iso(v.end), iso(v.limit), v.offset ?? null, v.user ?? null]);
        for (const e of eventsOf(l)) await pgc.query(`INSERT INTO events VALUES ($1, $2, $3)`, [l.id, e.event, new Date(e.at).toISOString()]);
      }
    }
    for (const spec of specs) {
      const want = JSON.stringify(backtest(cp, spec, loaded.leads, T0), null, 2);
      assert.ok(want.includes(JSON.stringify(HOSTILE[17]).slice(0, 40)), 'the hostile ids are keys of the document');
      const duck = compileBacktestSql({ dialect: 'duckdb', ...located, spec, flagAsOfMs: T0, ...STAGED });
      assert.equal((await db.conn.extractStatements(duck.sql)).count, 1, 'the backtest SQL is exactly one statement');
      const row = (await db.conn.runAndReadAll(duck.sql)).getRowObjectsJS() as Record<string, unknown>[];
      const got = JSON.stringify(JSON.parse(row[0].backtest as string), null, 2);
      const diffAt = got.split('\n').findIndex((l, i) => l !== want.split('\n')[i]);
      assert.ok(got === want, `DuckDB, ${spec.converted.kind}: line ${diffAt + 1}: ${got.split('\n')[diffAt]?.slice(0, 200)} vs ${want.split('\n')[diffAt]?.slice(0, 200)}`);
      assert.deepEqual((await db.conn.runAndReadAll(`SELECT x FROM canary`)).getRowObjectsJS(), [{ x: 42 }]);
      if (pgc) {
        const q = compileBacktestSql({ dialect: 'postgres', ...located, spec, flagAsOfMs: T0 });
        const res = await pgc.query(q.sql);
        assert.ok(!Array.isArray(res), 'PostgreSQL ran exactly one statement');
        assert.equal(JSON.stringify(res.rows[0].backtest, null, 2), want, `PostgreSQL, ${spec.converted.kind}`);
        assert.deepEqual((await pgc.query(`SELECT x FROM canary`)).rows, [{ x: 42 }]);
        // As docs/sql.md runs it: piped into psql (no meta-command, one value out).
        const p = spawnSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-At', '-h', server!.host, '-p', String(server!.port), '-U', server!.user, '-d', server!.database],
          { input: q.sql, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
        assert.equal(p.status, 0, p.stderr);
        assert.equal(p.stderr, '');
        assert.equal(JSON.stringify(JSON.parse(p.stdout), null, 2), want, 'psql prints the document');
      }
    }
  } finally { db.close(); await pgc?.end(); }
  assert.equal(existsSync(MARKER), false, 'no shell command ran');
});
