// io/sql-rows.ts streamRows reads DuckDB's result chunks column by column, LISTs from their flat
// child vector by offset and length, instead of @duckdb/node-api's row objects (getRowObjectsJS /
// yieldRowObjectJs). It must give exactly the library's values — on every type the compiled
// queries return and on the cases a positional list reader can get wrong: NULL lists, empty
// lists, NULL elements, lists of structs, of lists and of timestamps, lists whose lengths vary
// from row to row, and results of several chunks (DuckDB hands out 2,048 rows at a time, so an
// offset kept across chunks would shift every later list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuckdb } from '../../server/src/io/duckdb.js';
import { streamRows } from '../../server/src/io/sql-rows.js';

const ROWS = 5000; // three chunks

/** Every column computed from i, with NULLs and empty lists at irregular rows. */
const QUERY = `
SELECT i,
  CAST(i AS BIGINT) * 1000000007 AS big,
  CAST(i AS HUGEINT) * 100000000000 AS huge,
  CASE WHEN i % 7 = 0 THEN NULL ELSE i / 8.0 END AS dbl,
  CAST(i AS FLOAT) / 3 AS flt,
  CAST(i % 100 AS SMALLINT) AS small,
  CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS bool,
  CASE WHEN i % 11 = 0 THEN NULL ELSE 'L' || i || repeat('é', i % 3) END AS txt,
  CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN [] ELSE [i * 0.1, NULL, -i / 3.0, 'inf'::DOUBLE][:1 + i % 4] END AS dlist,
  [CAST(i AS BIGINT), NULL][:i % 3] AS blist,
  CASE WHEN i % 13 = 0 THEN NULL ELSE ['a' || i, NULL, ''][:i % 4] END AS slist,
  CASE WHEN i % 4 = 0 THEN NULL ELSE [{'id': 'icp' || (i % 3), 'tier': CASE WHEN i % 2 = 0 THEN NULL ELSE 't' END, 'personas': ['p', 'q'][:i % 3]}, {'id': 'z', 'tier': 'u', 'personas': NULL}][:1 + i % 2] END AS slist_struct,
  [[i, i + 1][:i % 3], NULL, []][:i % 4] AS nested,
  [TIMESTAMP '2026-01-01 00:00:00' + to_seconds(i)][:i % 2] AS tslist,
  CASE WHEN i % 6 = 0 THEN NULL ELSE TIMESTAMP '2026-03-29 00:59:59' + to_milliseconds(i) END AS ts,
  DATE '2026-01-01' + CAST(i AS INTEGER) AS d,
  CASE WHEN i % 9 = 0 THEN NULL ELSE to_json({'x': i, 'y': [i]}) END AS js,
  {'a': i, 'b': [i][:i % 2]} AS st
FROM range(${ROWS}) AS t(i)
ORDER BY i`;

test('streamRows gives the library\'s own row objects: every type, NULL and empty lists, lists of structs and lists, several chunks', async () => {
  const db = await openDuckdb();
  try {
    const expected = (await db.conn.runAndReadAll(QUERY)).getRowObjectsJS();
    const got: Record<string, unknown>[] = [];
    await streamRows(db.conn, QUERY, (r) => got.push(r));
    assert.equal(expected.length, ROWS);
    assert.equal(got.length, ROWS);
    for (let i = 0; i < ROWS; i++) assert.deepEqual(got[i], expected[i], `row ${i}`);
    // The cases exist (a query edit must not leave them out).
    assert.ok(got.some((r) => r.dlist === null) && got.some((r) => Array.isArray(r.dlist) && r.dlist.length === 0));
    assert.ok(got.some((r) => Array.isArray(r.dlist) && r.dlist.length === 4 && r.dlist[1] === null && r.dlist[3] === Infinity));
    assert.ok(got.some((r) => Array.isArray(r.slist_struct) && r.slist_struct.length === 2));
  } finally { db.close(); }
});

test('streamRows: duplicate column names are de-duplicated as the library does, an empty result gives no rows', async () => {
  const db = await openDuckdb();
  try {
    const sql = `SELECT 1 AS a, [2.5] AS a, 'x' AS b FROM range(3)`;
    const expected = (await db.conn.runAndReadAll(sql)).getRowObjectsJS();
    const got: Record<string, unknown>[] = [];
    await streamRows(db.conn, sql, (r) => got.push(r));
    assert.deepEqual(got, expected);
    let n = 0;
    await streamRows(db.conn, `SELECT [1.5] AS x FROM range(10) WHERE range > 10`, () => n++);
    assert.equal(n, 0);
  } finally { db.close(); }
});
