// The few places where DuckDB and PostgreSQL spell the same thing differently. Everything else
// the compiler emits is plain SQL both accept. Numbers are always DOUBLE so that SQL does the
// same IEEE arithmetic as the in-process engine; only the final rounding goes through DECIMAL.

import { describeCode, unsafeCharIndex } from '../check/unsafe-text.js';

export type DialectName = 'duckdb' | 'postgres';
export const DIALECTS: readonly DialectName[] = ['duckdb', 'postgres'];

/** One ICP of the `icps` column: whether it matched, its id, its tier column and its personas' conditions. */
export type IcpItem = { matched: string; id: string; tier: string; personas: { holds: string; id: string }[] };

export interface Dialect {
  name: DialectName;
  double: string;
  /**
   * How a CTE is introduced. PostgreSQL inlines single-use CTEs, and then every reference to a
   * column repeats the expression behind it — exponential in the depth of the chain — so its
   * steps are materialised. DuckDB plans the chain well as it is.
   */
  cte: string;
  /** White space trimmed like JavaScript's String#trim for the usual characters. */
  trim(x: string): string;
  /**
   * Text `x` begins / ends with the text literal `s` (conditions' `starts_with`, `ends_with`).
   * DuckDB compares the bytes at the ends (prefix, suffix); its left / right count the code points
   * of every value first (~5% of the samples' query for four `ends_with` tests per lead). The same
   * answer on UTF-8 text: a byte suffix that is valid UTF-8 is a suffix of code points.
   */
  startsWith(x: string, s: string): string;
  endsWith(x: string, s: string): string;
  /** Text `x` holds the text literal `s` (`contains`): DuckDB's contains, not strpos (which also counts the code points before the match). */
  holds(x: string, s: string): string;
  /** Epoch milliseconds (DOUBLE) of a DATE / TIMESTAMP / TIMESTAMPTZ expression; UTC. */
  epochMs(x: string): string;
  /** `;`-separated text → normalised (trimmed, lower-cased, non-empty) array of text. */
  listOf(x: string): string;
  listLen(arr: string): string;
  /** `;`-separated text → listOf, or NULL when it has no items (the list built once). */
  nonEmptyListOf(x: string): string;
  listHas(arr: string, item: string): string;
  /** `x` is one of the text literals (one test on a computed value; no join, no repeated OR). */
  oneOf(x: string, items: string[]): string;
  /** Same items in any order (items are text literals). */
  listSetEq(arr: string, items: string[]): string;
  /**
   * Round half away from zero to 2 decimals on the decimal form of a double (SPEC §5.4), as the
   * in-process engine does (core/data/values.ts round2): first to 15 significant digits, so that
   * binary noise such as 3.0749999999999997 for 10.25 × 0.3 reads as 3.075 → 3.08.
   */
  round2(x: string): string;
  /** The same at `n` decimals (the backtest's ratios use 4, SPEC §11). */
  roundDec(x: string, n: number): string;
  /** Integer division of two non-negative integers (rounded down), in integer arithmetic. */
  intDiv(a: string, b: string): string;
  /**
   * A JSON object (type json, keys in the given order, no limit on their number) from
   * [key literal, value expr] pairs; values are numbers, text, NULL or json.
   */
  jsonDoc(pairs: [string, string][]): string;
  /** Aggregate: a JSON array of `value` (json) over the group's rows in `orderBy` order; `[]` for none. */
  jsonArrayAgg(value: string, orderBy: string): string;
  /** The aggregate sum of a DOUBLE in `orderBy` order (sequential IEEE additions, as a JavaScript loop adds). */
  orderedSum(value: string, orderBy: string, filter: string): string;
  /** A DOUBLE (no longer than 15 significant digits as written: Number(x.toPrecision(15))). */
  digits15(x: string): string;
  /** A derived table of one column `m`: every integer from `lo` to `hi` (aggregates over `from`); no rows when they are NULL. */
  series(lo: string, hi: string, from: string): string;
  /** `YYYY-MM-DDTHH:MM:SSZ` (`.mmmZ` when the milliseconds are not 0) of epoch milliseconds: results.ts isoUtc. */
  isoUtc(ms: string): string;
  /** JSON object from [key literal, value expr] pairs (values DOUBLE / text / null). */
  jsonObject(pairs: [string, string][]): string;
  /** JSON array of the JSON texts (literals) whose condition holds, in order. */
  jsonList(items: { when: string; json: string }[]): string;
  /** TIMESTAMPTZ of epoch milliseconds (whole milliseconds). */
  fromEpochMs(x: string): string;
  /** The SPEC §6 period key (`2026-11-19`, `2026-W47`, `2026-11`, `2026-Q4`) of a civil day number (days since 1970-01-01). */
  periodKey(day: string, per: 'day' | 'week' | 'month' | 'quarter'): string;
  /**
   * A FROM-clause join to the one row of `table` (alias `alias`) with `keyCol` = `key` whose
   * `col` comes first after `value` (op '<': value < col, or '<=': value <= col; the smallest such
   * col) or last at or before it ('>=': value >= col; the largest such col). NULLs when none.
   * DuckDB: an ASOF join; PostgreSQL: a LATERAL subquery.
   */
  lookup(alias: string, table: string, keyCol: string, key: string, col: string, op: '<' | '<=' | '>=', value: string): string;
  /** JSON array of the matched ICPs: items are {id, tier, personas} built from parts. */
  icpArray(items: IcpItem[]): string;
  /** The same as a LIST of STRUCTs, NULL when none matches (SqlOptions.nested; DuckDB only: PostgreSQL throws). */
  icpList(items: IcpItem[]): string;
}

/**
 * The white space JavaScript's String#trim removes, which the engine's norm() trims from every
 * text it compares (core/data/values.ts): tab to carriage return, space, no-break and the other
 * Unicode spaces, the line and paragraph separators, the BOM — as code points (chr() is Unicode
 * in DuckDB and in a UTF-8 PostgreSQL database, and a constant: folded once per query).
 */
const JS_SPACE = [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]
  .map((c) => `chr(${c})`).join(' || ');
/** PostgreSQL's btrim removes exactly the characters it is given: the same set as the engine's trim. */
const TRIM_CHARS = `(${JS_SPACE})`;
/**
 * DuckDB's trim with a set of characters costs about as much as parsing the cell (measured: ~5×
 * a plain comparison per value); a value rarely has white space at an end, so the trim runs only
 * where a test finds it possible: `x < '!'` holds for every text whose first byte is at most a
 * space (a text starting with another control character, or the empty text, costs a trim that
 * changes nothing), `strlen <> length` for any text beyond ASCII (the only place the Unicode
 * spaces can be), then a suffix() test per ASCII white-space character (docs/benchmarks.md).
 */
export const duckTrim = (x: string): string =>
  `CASE WHEN ${x} < '!' OR strlen(${x}) <> length(${x}) OR ${[32, 9, 10, 11, 12, 13].map((c) => `suffix(${x}, chr(${c}))`).join(' OR ')} THEN trim(${x}, ${JS_SPACE}) ELSE ${x} END`;

/** Text that no SQL the compiler emits may hold (core/check/unsafe-text.ts): refused, never escaped. */
export class UnsafeSqlTextError extends Error {
  constructor(readonly text: string, readonly index: number) {
    super(`a text holds the control character ${describeCode(text.charCodeAt(index))} (at character ${index + 1}), which SQL text must not hold; remove it`);
  }
}

function refuseUnsafe(s: string): void {
  const i = unsafeCharIndex(s);
  if (i >= 0) throw new UnsafeSqlTextError(s, i);
}

/**
 * A string literal that reads the same in DuckDB and PostgreSQL whatever the session's settings:
 * quotes doubled; a backslash written as chr(92) so that the literal does not depend on
 * standard_conforming_strings; control characters refused (psql cuts a line at a NUL).
 */
export function lit(s: string): string {
  refuseUnsafe(s);
  if (!s.includes('\\')) return `'${s.replace(/'/g, "''")}'`;
  // One flat replace() (not a chain of ||: DuckDB limits expression depth) of a stand-in the
  // text does not hold.
  let stand = '';
  for (const c of STAND_INS) if (!s.includes(c)) { stand = c; break; }
  if (!stand) for (let c = 0xe000; c < 0xf900 && !stand; c++) if (!s.includes(String.fromCharCode(c))) stand = String.fromCharCode(c);
  return `replace('${s.split('\\').join(stand).replace(/'/g, "''")}', '${stand}', chr(92))`;
}
const STAND_INS = '#~^`|@%&_!?=+*<>[]{}()ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Text for a `--` comment line of the output: anything but plain printable ASCII becomes `?`. */
export function commentText(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** A JS number as a DOUBLE literal: through its shortest text so both parse the same bits. */
export function num(d: Dialect, n: number): string {
  return `CAST('${String(n)}' AS ${d.double})`;
}

/** The matched ICPs as a LIST of STRUCT(id, tier, personas), wrapped; `none` when none matches. */
function duckdbIcpList(items: IcpItem[], wrap: (list: string) => string, none: string): string {
  const structs = items.map((it) => {
    const personas = it.personas.length === 0 ? `CAST([] AS VARCHAR[])`
      : `list_filter([${it.personas.map((p) => `CASE WHEN ${p.holds} THEN ${lit(p.id)} END`).join(', ')}], x -> x IS NOT NULL)`;
    return `CASE WHEN ${it.matched} THEN {'id': ${lit(it.id)}, 'tier': CAST(${it.tier} AS VARCHAR), 'personas': ${personas}} END`;
  });
  return `CASE WHEN ${items.map((it) => `coalesce(${it.matched}, FALSE)`).join(' OR ')} THEN ${wrap(`list_filter([${structs.join(', ')}], x -> x IS NOT NULL)`)} ELSE ${none} END`;
}

export const duckdb: Dialect = {
  name: 'duckdb',
  double: 'DOUBLE',
  cte: 'AS',
  trim: (x) => duckTrim(x),
  startsWith: (x, s) => `prefix(${x}, ${s})`,
  endsWith: (x, s) => `suffix(${x}, ${s})`,
  holds: (x, s) => `contains(${x}, ${s})`,
  epochMs: (x) => `CAST(epoch_ms(${x}) AS DOUBLE)`,
  listOf: (x) => `list_filter(list_transform(string_split(${x}, ';'), x -> lower(${duckTrim('x')})), x -> x <> '')`,
  listLen: (a) => `len(${a})`,
  nonEmptyListOf: (x) => `nullif(${duckdb.listOf(x)}, CAST([] AS VARCHAR[]))`,
  listHas: (a, item) => `list_contains(${a}, ${item})`,
  oneOf: (x, items) => `list_contains([${items.join(', ')}], ${x})`,
  listSetEq: (a, items) => `(list_has_all(${a}, CAST([${items.join(', ')}] AS VARCHAR[])) AND list_has_all(CAST([${items.join(', ')}] AS VARCHAR[]), ${a}))`,
  // printf('%.14e') is the exact binary value rounded to 15 significant digits.
  round2: (x) => duckdb.roundDec(x, 2),
  roundDec: (x, n) => `CAST(round(CAST(printf('%.14e', ${x}) AS DECIMAL(38,20)), ${n}) AS DOUBLE)`,
  intDiv: (a, b) => `(${a}) // (${b})`,
  jsonDoc: (pairs) => pairs.length === 0 ? `json_object()` : `json_object(${pairs.map(([k, v]) => `${lit(k)}, ${v}`).join(', ')})`,
  // json_group_array is a macro (no ORDER BY); list() is an aggregate, and to_json embeds json items as they are.
  jsonArrayAgg: (v, o) => `coalesce(to_json(list(${v} ORDER BY ${o})), CAST('[]' AS JSON))`,
  orderedSum: (v, o, f) => `sum(${v} ORDER BY ${o}) FILTER (WHERE ${f})`,
  digits15: (x) => `CAST(printf('%.14e', ${x}) AS DOUBLE)`,
  series: (lo, hi, from) => `(SELECT unnest(generate_series(b.lo, b.hi)) AS m FROM (SELECT ${lo} AS lo, ${hi} AS hi FROM ${from}) AS b)`,
  isoUtc: (ms) => `strftime(make_timestamp(CAST(${ms} AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || CASE WHEN CAST(${ms} AS BIGINT) % 1000 = 0 THEN 'Z' ELSE '.' || lpad(CAST(CAST(${ms} AS BIGINT) % 1000 AS VARCHAR), 3, '0') || 'Z' END`,
  jsonObject: (pairs) => pairs.length === 0 ? `json_object()` : `json_object(${pairs.map(([k, v]) => `${lit(k)}, ${v}`).join(', ')})`,
  jsonList: (items) => items.length === 0 ? `CAST('[]' AS JSON)`
    : `to_json(list_filter([${items.map((it) => `CASE WHEN ${it.when} THEN CAST(${lit(it.json)} AS JSON) END`).join(', ')}], x -> x IS NOT NULL))`,
  fromEpochMs: (x) => `make_timestamptz(CAST(${x} AS BIGINT) * 1000)`,
  periodKey: (day, per) => {
    const d = `(DATE '1970-01-01' + CAST(${day} AS INTEGER))`;
    switch (per) {
      case 'day': return `strftime(${d}, '%Y-%m-%d')`;
      case 'week': return `strftime(${d}, '%G-W%V')`;
      case 'month': return `strftime(${d}, '%Y-%m')`;
      case 'quarter': return `strftime(${d}, '%Y') || '-Q' || CAST(quarter(${d}) AS VARCHAR)`;
    }
  },
  lookup: (alias, table, keyCol, key, col, op, value) => `\n  ASOF LEFT JOIN ${table} AS ${alias} ON ${alias}.${keyCol} = ${key} AND ${value} ${op} ${alias}.${col}`,
  // Most leads match no ICP: they get the constant, not a list built and printed.
  icpArray: (items) => (items.length === 0 ? `CAST('[]' AS JSON)` : duckdbIcpList(items, (l) => `to_json(${l})`, `CAST('[]' AS JSON)`)),
  icpList: (items) => (items.length === 0 ? 'NULL' : duckdbIcpList(items, (l) => l, 'NULL')),
};

export const postgres: Dialect = {
  name: 'postgres',
  double: 'double precision',
  cte: 'AS MATERIALIZED',
  trim: (x) => `btrim(${x}, ${TRIM_CHARS})`,
  startsWith: (x, s) => `left(${x}, length(${s})) = ${s}`,
  endsWith: (x, s) => `right(${x}, length(${s})) = ${s}`,
  holds: (x, s) => `strpos(${x}, ${s}) > 0`,
  // extract(epoch) of a timestamp without time zone (or a date) reads it as UTC.
  epochMs: (x) => `CAST(floor(extract(epoch from ${x}) * 1000) AS double precision)`,
  listOf: (x) => `ARRAY(SELECT lower(btrim(x, ${TRIM_CHARS})) FROM unnest(string_to_array(${x}, ';')) AS x WHERE btrim(x, ${TRIM_CHARS}) <> '')`,
  listLen: (a) => `cardinality(${a})`,
  nonEmptyListOf: (x) => `CASE WHEN ${postgres.listLen(postgres.listOf(x))} > 0 THEN ${postgres.listOf(x)} END`,
  listHas: (a, item) => `(${item} = ANY(${a}))`,
  oneOf: (x, items) => `${x} = ANY(CAST(ARRAY[${items.join(', ')}] AS text[]))`,
  listSetEq: (a, items) => `(${a} @> CAST(ARRAY[${items.join(', ')}] AS text[]) AND ${a} <@ CAST(ARRAY[${items.join(', ')}] AS text[]))`,
  // float8 → numeric keeps 15 significant digits (DBL_DIG), like the engine's toPrecision(15).
  round2: (x) => postgres.roundDec(x, 2),
  roundDec: (x, n) => `CAST(round(CAST(${x} AS numeric), ${n}) AS double precision)`,
  intDiv: (a, b) => `CAST(div(CAST(${a} AS numeric), CAST(${b} AS numeric)) AS bigint)`,
  // json (not jsonb) keeps the keys in order; json_build_object takes at most 100 arguments, so a
  // longer object is aggregated from a VALUES list.
  jsonDoc: (pairs) => pairs.length <= 50 ? `json_build_object(${pairs.map(([k, v]) => `${lit(k)}, ${v}`).join(', ')})`
    : `(SELECT json_object_agg(v.k, v.j ORDER BY v.o) FROM (VALUES ${pairs.map(([k, v], i) => `(${i}, ${lit(k)}, to_json(${v}))`).join(', ')}) AS v(o, k, j))`,
  jsonArrayAgg: (v, o) => `coalesce(json_agg(${v} ORDER BY ${o}), CAST('[]' AS json))`,
  orderedSum: (v, o, f) => `sum(${v} ORDER BY ${o}) FILTER (WHERE ${f})`,
  // float8 → numeric keeps 15 significant digits (DBL_DIG).
  digits15: (x) => `CAST(CAST(${x} AS numeric) AS double precision)`,
  series: (lo, hi, from) => `(SELECT generate_series(b.lo, b.hi) AS m FROM (SELECT ${lo} AS lo, ${hi} AS hi FROM ${from}) AS b)`,
  isoUtc: (ms) => `to_char(to_timestamp(floor(CAST(${ms} AS double precision) / 1000)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN CAST(${ms} AS bigint) % 1000 = 0 THEN 'Z' ELSE '.' || lpad(CAST(CAST(${ms} AS bigint) % 1000 AS text), 3, '0') || 'Z' END`,
  // jsonb_build_object takes at most 100 arguments: build chunks and merge them.
  jsonObject: (pairs) => {
    if (pairs.length === 0) return `CAST('{}' AS jsonb)`;
    const chunks: string[] = [];
    for (let i = 0; i < pairs.length; i += 40) {
      chunks.push(`jsonb_build_object(${pairs.slice(i, i + 40).map(([k, v]) => `${lit(k)}, ${v}`).join(', ')})`);
    }
    return chunks.join(' || ');
  },
  jsonList: (items) => items.length === 0 ? `CAST('[]' AS jsonb)`
    : `(SELECT coalesce(jsonb_agg(v.j ORDER BY v.o), CAST('[]' AS jsonb)) FROM (VALUES ${items.map((it, i) => `(${i}, CASE WHEN ${it.when} THEN CAST(${lit(it.json)} AS jsonb) END)`).join(', ')}) AS v(o, j) WHERE v.j IS NOT NULL)`,
  fromEpochMs: (x) => `to_timestamp(${x} / 1000.0)`,
  periodKey: (day, per) => {
    const d = `(DATE '1970-01-01' + CAST(${day} AS integer))`;
    switch (per) {
      case 'day': return `to_char(${d}, 'YYYY-MM-DD')`;
      case 'week': return `to_char(${d}, 'IYYY-"W"IW')`;
      case 'month': return `to_char(${d}, 'YYYY-MM')`;
      case 'quarter': return `to_char(${d}, 'YYYY-"Q"Q')`;
    }
  },
  lookup: (alias, table, keyCol, key, col, op, value) => `\n  LEFT JOIN LATERAL (SELECT * FROM ${table} AS t WHERE t.${keyCol} = ${key} AND ${value} ${op} t.${col} ORDER BY t.${col} ${op === '>=' ? 'DESC' : 'ASC'} LIMIT 1) AS ${alias} ON TRUE`,
  icpList: () => { throw new Error('nested output is DuckDB only'); },
  icpArray: (items) => {
    if (items.length === 0) return `CAST('[]' AS jsonb)`;
    const rows = items.map((it, i) => {
      const personas = it.personas.length === 0 ? `CAST(ARRAY[] AS text[])`
        : `array_remove(CAST(ARRAY[${it.personas.map((p) => `CASE WHEN ${p.holds} THEN ${lit(p.id)} END`).join(', ')}] AS text[]), NULL)`;
      return `(${i}, CASE WHEN ${it.matched} THEN jsonb_build_object('id', ${lit(it.id)}, 'tier', CAST(${it.tier} AS text), 'personas', to_jsonb(${personas})) END)`;
    });
    return `(SELECT coalesce(jsonb_agg(v.j ORDER BY v.o), CAST('[]' AS jsonb)) FROM (VALUES ${rows.join(', ')}) AS v(o, j) WHERE v.j IS NOT NULL)`;
  },
};

/**
 * round2 of SPEC §5.4 over a column `x` (a plain reference: it is read several times), exactly
 * as core/data/values.ts round2 computes it, in the same IEEE operations: away from a tie (…5 in
 * the third decimal) plain binary rounding gives the decimal answer; near one, the value's
 * 15-digit form against the tie; beyond 1e9, the dialect's decimal path (15 significant digits,
 * then half away from zero).
 */
export function round2(d: Dialect, x: string): string {
  const { n, fl, frac, awayFromTie, signed } = scaled(d, x, 100);
  // Near a tie, values.ts round2's own test: the value is the tie's double, or its 15-digit form
  // is at least the tie (a weighted total such as 0.5 · 45.37 lands here half the time; the
  // decimal path cost DuckDB a printf, a DECIMAL cast and a decimal round for each).
  const tie = `((${n(2)} * ${fl} + ${n(1)}) / ${n(200)})`;
  const up = `CASE WHEN ${awayFromTie} THEN ${frac} >= ${n(0.5)}`
    + ` WHEN abs(${x}) = ${tie} THEN TRUE ELSE abs(${d.digits15(x)}) >= ${tie} END`;
  const r = `(CASE WHEN ${up} THEN ${fl} + ${n(1)} ELSE ${fl} END / ${n(100)})`;
  // A whole number is its own rounding, at any size (values.ts round2: `x === 0 ? 0 : x`; + 0
  // turns -0 into 0, as the path below does). Most sections of integer points are whole: they
  // skip the ~15 operations of the path below (and one of 15 digits or more keeps its digits,
  // which the decimal path's 15-digit form would round away).
  return `CASE WHEN ${x} = floor(${x}) THEN ${x} + ${n(0)} WHEN abs(${x}) < ${n(1e9)} THEN ${signed(r)} ELSE ${d.roundDec(x, 2)} END`;
}

/** The same at `decimals` decimals, as core/outcomes/ratio.ts roundDecimals (the backtest's 4). */
export function roundTo(d: Dialect, x: string, decimals: number): string {
  const scale = 10 ** decimals;
  const { n, fl, frac, awayFromTie, signed } = scaled(d, x, scale);
  const r = `(CASE WHEN ${frac} < ${n(0.5)} THEN ${fl} ELSE ${fl} + ${n(1)} END / ${n(scale)})`;
  return `CASE WHEN abs(${x}) < ${n(1e9)} AND ${awayFromTie} THEN ${signed(r)} ELSE ${d.roundDec(x, decimals)} END`;
}

/**
 * What both roundings build over |x| · scale: its floor and fraction, whether the fraction is
 * clear of .5 by more than the doubles' error (then binary rounding is the decimal answer), and a
 * rounded magnitude given x's sign back.
 */
function scaled(d: Dialect, x: string, scale: number) {
  const n = (v: number) => num(d, v);
  const y = `(abs(${x}) * ${n(scale)})`;
  const fl = `floor(${y})`;
  const frac = `(${y} - ${fl})`;
  return {
    n, fl, frac,
    awayFromTie: `abs(${frac} - ${n(0.5)}) > ${n(1e-9)} + ${y} * ${n(1e-14)}`,
    signed: (r: string) => `(CASE WHEN ${x} < ${n(0)} THEN ${n(0)} - ${r} ELSE ${r} END)`,
  };
}

export function dialectOf(name: DialectName): Dialect {
  return name === 'postgres' ? postgres : duckdb;
}

/** A column or alias name, always quoted (field names are lower-case, so quoting is harmless). */
export function ident(name: string): string {
  refuseUnsafe(name);
  return `"${name.replace(/"/g, '""')}"`;
}
