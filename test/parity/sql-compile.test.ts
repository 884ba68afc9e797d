// The SQL compiler's edges: section rounding in SQL equals the engine's round2 on the values
// where binary and decimal disagree (both dialects, real engines), and definitions SQL cannot
// express fail with the rule and its file position instead of compiling to something else.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileSql, SqlUnsupportedError } from '../../server/src/core/sql/compile.js';
import { collectWorkspace } from '../../server/src/core/sql/workspace.js';
import { duckdb, duckTrim, lit, postgres, round2 as sqlRound2, num } from '../../server/src/core/sql/dialect.js';
import { round2 } from '../../server/src/core/data/values.js';
import { openDuckdb } from '../../server/src/io/duckdb.js';
import { findPgBin, startPostgres, type PgServer } from './pg-harness.js';

// Ties in decimal that binary misses either way, products of weights, tiny and large values.
const VALUES = [5.005, -5.005, 10.25 * 0.3, 0.125, -0.125, 2.675, 1.005, 1.015, 0.1 + 0.2, 8.535533905932738, 1e-7, -0.004,
  0.005, -0.005, 123456.785, 999999999.995, 1e9 + 0.005, 42, -17, 0, 0.6 * 33.3 + 0.4 * 12.25, 47.5 * 0.35, 62.345000000000006,
  // Whole numbers (round2's first branch, they are their own rounding): -0, around 1e9, and of
  // 15 digits or more, which the decimal path's 15-digit form would round away.
  -0, 1e9, -1e9, 7e9, 1e12 + 7, 1e15 + 1, -(1e15 + 3), 1234567890123457, 2 ** 53 - 1, -(2 ** 52 + 1), 1e20];

test("DuckDB's guarded trim (duckTrim) trims as String#trim (the engine's norm) on texts made to slip past its guard", async () => {
  // Every white space String#trim removes: ASCII's tab to carriage return and space, then the Unicode ones.
  const ws = ['\t', '\n', '\u000b', '\u000c', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
  const texts = ['', 'a', '!', ' !', '!a ', '\u0001', '\u0001a', '\u0001 ', ' \u0001', '\u001f\t', 'a\u0001', 'é', 'aé', 'éa', '\u200b', 'a\u200b', '\u0085a', 'a b', '\r\n', '"', "'", ' \'quoted\' '];
  for (const w of ws) texts.push(w, `${w}a`, `a${w}`, `${w}a${w}`, `${w}${w}é${w}`, `é${w}`, `a${w}b`, `${w}\u00a0x\t${w}`);
  const db = await openDuckdb();
  try {
    // chr() for control and non-ASCII characters: a string literal may not hold the former (dialect.ts lit).
    const sqlText = (t: string) => (t === '' ? `''` : [...t].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) > 126 ? `chr(${c.codePointAt(0)})` : lit(c))).join(' || '));
    const sql = `SELECT ${texts.map((t, i) => `${duckTrim(`x${i}`)} AS r${i}`).join(', ')} FROM (SELECT ${texts.map((t, i) => `${sqlText(t)} AS x${i}`).join(', ')})`;
    const row = (await db.conn.runAndReadAll(sql)).getRowObjectsJS()[0];
    texts.forEach((t, i) => assert.equal(row[`r${i}`], t.trim(), `duckTrim(${JSON.stringify(t)})`));
  } finally { db.close(); }
});

test('round2 in DuckDB equals the engine on decimal ties', async () => {
  const db = await openDuckdb();
  try {
    const sql = `SELECT ${VALUES.map((v, i) => `${sqlRound2(duckdb, `x${i}`)} AS r${i}`).join(', ')} FROM (SELECT ${VALUES.map((v, i) => `${num(duckdb, v)} AS x${i}`).join(', ')})`;
    const row = (await db.conn.runAndReadAll(sql)).getRowObjectsJS()[0];
    VALUES.forEach((v, i) => assert.equal(Object.is(row[`r${i}`], -0) ? 0 : row[`r${i}`], round2(v), `round2(${v})`));
  } finally { db.close(); }
});

test("starts_with / ends_with / contains in DuckDB (prefix, suffix, contains: bytes) answer as the engine's startsWith / endsWith / includes and as left / right / strpos by code points", async () => {
  // Multi-byte and combining characters at the ends (a byte test that cut a character would
  // differ), the empty needle, a needle longer than the text, the text itself.
  const texts = ['', 'a', 'abc', 'é', 'éa', 'aé', 'e\u0301', 'e\u0301x', '\u0301x', 'x\u0301', '🇫🇷x', 'x🇫🇷', '日本語', 'ab@gmail.com', '@gmail.com', 'gmail.com', 'a;b', '\u00e9', 'e\u0301\u00e9'];
  const needles = ['', 'a', 'x', 'é', 'e', '\u0301', '\u0301x', 'e\u0301', '🇷', '🇷x', '🇫🇷', 'x🇫', '語', '日本', '本', '@gmail', '@gmail.com', 'abc', 'abcd', 'b', '\u00e9', 'e\u0301\u00e9'];
  const sqlText = (t: string) => (t === '' ? `''` : [...t].map((c) => (c.charCodeAt(0) > 126 ? `chr(${c.codePointAt(0)})` : lit(c))).join(' || '));
  const db = await openDuckdb();
  try {
    const pairs = texts.flatMap((t) => needles.map((n) => [t, n] as const));
    const rows = (await db.conn.runAndReadAll(`SELECT i, ${duckdb.startsWith('t', 'n')} AS sw, ${duckdb.endsWith('t', 'n')} AS ew, ${duckdb.holds('t', 'n')} AS h,
      left(t, length(n)) = n AS l, right(t, length(n)) = n AS r, strpos(t, n) > 0 AS p FROM (VALUES ${pairs.map(([t, n], i) => `(${i}, ${sqlText(t)}, ${sqlText(n)})`).join(', ')}) AS v(i, t, n) ORDER BY i`)).getRowObjectsJS();
    assert.equal(rows.length, pairs.length);
    for (const r of rows) {
      const [t, n] = pairs[Number(r.i)], what = `${JSON.stringify(t)}, ${JSON.stringify(n)}`;
      assert.equal(r.sw, t.startsWith(n), `starts_with ${what}`);
      assert.equal(r.ew, t.endsWith(n), `ends_with ${what}`);
      assert.equal(r.sw, r.l, `prefix = left ${what}`);
      assert.equal(r.ew, r.r, `suffix = right ${what}`);
      assert.equal(r.h, t.includes(n), `contains ${what}`);
      assert.equal(r.h, r.p, `contains = strpos ${what}`);
    }
  } finally { db.close(); }
});

/**
 * Values on and beside decimal ties, the kind a weighted total lands on: weighted sums of cent
 * values, each tie's own double, and its neighbours a few ulps away either side (where the
 * value's 15-digit form decides), for small and large magnitudes; plus plain random values.
 */
function tieValues(n: number): number[] {
  let s = 20261206;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const f = new Float64Array(1), b = new BigInt64Array(f.buffer);
  const ulps = (x: number, k: number) => { f[0] = x; b[0] += BigInt(k); return f[0]; };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const scale = 10 ** Math.floor(rnd() * 9);
    const cents = Math.floor(rnd() * 100 * scale);
    const tie = (2 * cents + 1) / 200;
    const w = [0.5, 0.3, 0.35, 0.25, 0.7][i % 5];
    const sign = rnd() < 0.2 ? -1 : 1;
    out.push(sign * tie, sign * ulps(tie, 1 + (i % 3)), sign * ulps(tie, -1 - (i % 3)), sign * (w * (cents / 100) + (1 - w) * (Math.floor(rnd() * 10000) / 100)),
      sign * Number((tie).toPrecision(15)) + sign * 5e-16 * tie * (rnd() - 0.5), sign * rnd() * scale);
  }
  return out;
}

test('round2 in DuckDB equals the engine on values on, beside and around decimal ties', async () => {
  const values = tieValues(2000);
  const db = await openDuckdb();
  try {
    const rows = (await db.conn.runAndReadAll(`SELECT i, ${sqlRound2(duckdb, 'x')} AS r FROM (SELECT unnest(range(${values.length})) AS i, unnest([${values.map((v) => num(duckdb, v)).join(', ')}]) AS x) ORDER BY i`)).getRowObjectsJS();
    assert.equal(rows.length, values.length);
    for (const r of rows) {
      const v = values[Number(r.i)], got = Object.is(r.r, -0) ? 0 : r.r;
      assert.equal(got, round2(v), `round2(${v})`);
    }
  } finally { db.close(); }
});

let server: PgServer | undefined;
after(() => server?.stop());

test('round2 in PostgreSQL equals the engine on decimal ties', { skip: findPgBin() ? false : 'PostgreSQL is not installed' }, async () => {
  server = await startPostgres();
  const c = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
  await c.connect();
  try {
    const sql = `SELECT ${VALUES.map((v, i) => `${sqlRound2(postgres, `x${i}`)} AS r${i}`).join(', ')} FROM (SELECT ${VALUES.map((v, i) => `${num(postgres, v)} AS x${i}`).join(', ')}) AS t`;
    const row = (await c.query(sql)).rows[0];
    VALUES.forEach((v, i) => assert.equal(row[`r${i}`], round2(v), `round2(${v})`));
  } finally { await c.end(); }
});

const CATALOG = `leadspec: v1
kind: fields
id: crm
fields:
  employees: { type: integer }
  email: { type: string }
events:
  page_view: { properties: { url: string } }
`;

function compileText(scoring: string, icps = '') {
  const files = [parseFile('fields.yaml', CATALOG), parseFile('scoring.yaml', scoring), ...(icps ? [parseFile('icp.yaml', icps)] : [])];
  const ws = collectWorkspace(files);
  return () => compileSql({ dialect: 'duckdb', scoring: ws.scorings[0], icps: ws.icps, catalog: ws.catalogs[0].def });
}

function assertRefused(fn: () => unknown, file: string, line: number, message: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SqlUnsupportedError, String(e));
    assert.equal(e.file, file);
    assert.equal(e.line, line);
    assert.match(e.detail, message);
    return true;
  });
}

test('definitions SQL cannot express are refused with the rule and its position', () => {
  const head = 'leadspec: v1\nkind: scoring\nid: m\nfit:\n  rules:\n';
  assertRefused(compileText(`${head}    - { id: ok, when: { employees: { gte: 10 } }, points: 5 }\n    - { id: loop, when: { total: { gte: 10 } }, points: 5 }\n`),
    'scoring.yaml', 7, /rule 'loop' of scoring 'm': the score output 'total' cannot be tested/);
  assertRefused(compileText(`${head}    - { id: odd, when: { email: { gt: 3 } }, points: 5 }\n`),
    'scoring.yaml', 6, /rule 'odd'.*cannot apply 'gt' to a string value/);
  assertRefused(compileText(`${head}    - { id: ghost, when: { budget: { gt: 3 } }, points: 5 }\n`),
    'scoring.yaml', 6, /rule 'ghost'.*'budget' is not a field of the catalog/);
  assertRefused(compileText(`leadspec: v1\nkind: scoring\nid: m\nengagement:\n  rules:\n    - { id: pv, event: page_view, where: { referrer: x }, points: 1 }\n`),
    'scoring.yaml', 6, /rule 'pv'.*'referrer' is not a declared property/);
  assertRefused(compileText(`${head}    - { id: a, when: { icp: b }, points: 5 }\n`,
    'leadspec: v1\nkind: icp\nid: b\nmatch:\n  icp: c\n'), 'icp.yaml', 5, /ICP 'b': an ICP that refers to another ICP/);
});

test('supported definitions compile to one statement per dialect', () => {
  const fn = compileText('leadspec: v1\nkind: scoring\nid: m\nfit:\n  rules:\n    - { id: big, when: { employees: { gte: 10 } }, points: 5 }\n');
  const c = fn();
  assert.equal(c.sql.trim().split(';').filter((x) => x.trim()).length, 1);
  assert.deepEqual(c.rules.map((r) => r.key), ['big']);
});

test('the rules and clamps JSON columns are rounded as SPEC §5 rounds (as the in-process explanation)', async () => {
  const files = [parseFile('fields.yaml', CATALOG), parseFile('scoring.yaml', [
    'leadspec: v1', 'kind: scoring', 'id: m', 'fit:', '  rules:',
    '    - { id: tie, when: { employees: { gte: 1 } }, points: 5.005 }',
    '    - { id: sum, when: { employees: { gte: 1 } }, points: 0.30000000000000004 }',
    'engagement:', '  decay: { half_life: 3d }', '  rules:',
    '    - { id: pv, event: page_view, points: 10, max: 9.997 }', '',
  ].join('\n'))];
  const ws = collectWorkspace(files);
  const asOfMs = Date.parse('2026-11-20T00:00:00Z');
  const c = compileSql({ dialect: 'duckdb', scoring: ws.scorings[0], icps: ws.icps, catalog: ws.catalogs[0].def, asOfMs });
  const db = await openDuckdb();
  try {
    await db.conn.run(`CREATE TABLE leads (id VARCHAR, employees BIGINT, email VARCHAR); INSERT INTO leads VALUES ('L1', 5, NULL);
      CREATE TABLE events (lead_id VARCHAR, event VARCHAR, "at" TIMESTAMPTZ, url VARCHAR);
      INSERT INTO events VALUES ('L1', 'page_view', '2026-11-18T07:00:00Z', NULL), ('L1', 'page_view', '2026-11-19T01:00:00Z', NULL)`);
    const row = (await db.conn.runAndReadAll(c.sql)).getRowObjectsJS()[0] as Record<string, string>;
    const rules = JSON.parse(row.rules), clamps = JSON.parse(row.clamps);
    assert.equal(rules.tie, 5.01);
    assert.equal(rules.sum, 0.3);
    const age = (h: number) => 0.5 ** (h / 72);
    assert.equal(rules.pv, round2(Math.min(9.997, 10 * age(41) + 10 * age(23))));
    assert.equal(clamps['rule:pv'], round2(10 * age(41) + 10 * age(23) - 9.997));
    for (const v of [...Object.values(rules), ...Object.values(clamps)]) if (v !== null) assert.equal(v, round2(v as number), `rounded: ${String(v)}`);
  } finally { db.close(); }
});
