// Runs compiled leadspec SQL in embedded DuckDB straight over the lead and event files (CSV,
// JSON, JSON Lines, Parquet) and maps the rows back to the in-process engine's result shapes.
//
// Staging: each file is read as text (DuckDB's readers), then a view parses every catalog
// column the way the in-process loader does (core/data/values.ts): numbers by the same pattern,
// integers must be whole, booleans true/yes/y/1 and false/no/n/0, dates YYYY-MM-DD,
// datetimes ISO 8601 (UTC without an offset). A value that does not parse is missing and
// becomes a data warning naming the file, row, lead and field.
// DuckDB is an optional dependency (a 70 MB native module, needed only for `--engine duckdb`),
// so it is loaded on first use and its absence is a clear input error, not a crash at start.
import type { DuckDBConnection } from '@duckdb/node-api';
import { extname } from 'node:path';
import { createReadStream, existsSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { readCsv } from '../core/data/csv.js';
import type { EventDecl, FieldDecl, FieldType } from '../core/model.js';
import type { DataWarning, ExplanationItem, IcpMatch, ScoreResult } from '../core/results.js';
import type { CompiledSql, RuleKey } from '../core/sql/compile.js';
import { ident, lit } from '../core/sql/dialect.js';
import { HAS_OFFSET_RE, HAS_TIME_RE, round2 } from '../core/data/values.js';
import { noOffsetMessage } from '../core/data/leads.js';
import { InputError } from './files.js';

export const LEADS_VIEW = 'leads';
export const EVENTS_VIEW = 'events';
/** Column of the staged leads giving input order (1-based, as the row in the file). */
export const ROW_COLUMN = 'ls_row';
/** compileSql options for a query over the staged tables. */
export const STAGED = { leadsTable: LEADS_VIEW, eventsTable: EVENTS_VIEW, orderBy: ROW_COLUMN, eventsNormalized: true } as const;

export type FileFormat = 'csv' | 'json' | 'jsonl' | 'parquet';

export function formatOf(file: string): FileFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw new InputError(`${file}: unknown file type '${ext}'; use .csv, .json, .jsonl/.ndjson or .parquet`);
}

/** DuckDB (`@duckdb/node-api`) is not installed: `--engine duckdb` cannot run. */
export class DuckdbMissingError extends InputError {
  constructor() {
    super('DuckDB is not installed (the optional dependency @duckdb/node-api): run `npm install @duckdb/node-api` beside leadspec, or simulate in-process with --engine memory');
  }
}

export async function openDuckdb(): Promise<{ conn: DuckDBConnection; close(): void }> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') throw new DuckdbMissingError();
    throw e;
  }
  const instance = await api.DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  // Datetimes without an offset are UTC (SPEC §2); DuckDB reads them in the session zone.
  await conn.run(`SET TimeZone = 'UTC'`);
  return { conn, close: () => { conn.closeSync(); instance.closeSync(); } };
}

const NUMBER_RE = `^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$`;
const DATETIME_RE = `^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?\\s*(Z|z|[+-][0-9]{2}:?[0-9]{2}|[+-][0-9]{2})?$`;
const TRIM = (x: string) => `trim(${x}, ' ' || chr(9) || chr(10) || chr(13))`;

/** Text → typed value as the in-process loader parses it; NULL when it does not parse. */
function parseExpr(raw: string, type: FieldType | 'string' | 'number' | 'boolean', decl?: FieldDecl): string {
  const t = TRIM(raw);
  // Declared bounds and enum values: a value outside them is missing, as in core/data/leads.ts.
  if ((type === 'integer' || type === 'number') && decl && (typeof decl.min === 'number' || typeof decl.max === 'number')) {
    const v = parseExpr(raw, type);
    const conds = [typeof decl.min === 'number' ? `${v} >= CAST('${decl.min}' AS DOUBLE)` : '', typeof decl.max === 'number' ? `${v} <= CAST('${decl.max}' AS DOUBLE)` : ''].filter(Boolean);
    return `CASE WHEN ${conds.join(' AND ')} THEN ${v} END`;
  }
  if (type === 'enum' && decl && Array.isArray(decl.values) && decl.values.length > 0) {
    return `CASE WHEN lower(${t}) IN (${decl.values.map((x) => lit(String(x).trim().toLowerCase())).join(', ')}) THEN ${raw} END`;
  }
  switch (type) {
    case 'integer': return `CASE WHEN regexp_full_match(${t}, '${NUMBER_RE}') AND TRY_CAST(${t} AS DOUBLE) = floor(TRY_CAST(${t} AS DOUBLE)) THEN TRY_CAST(${t} AS DOUBLE) END`;
    case 'number': return `CASE WHEN regexp_full_match(${t}, '${NUMBER_RE}') THEN TRY_CAST(${t} AS DOUBLE) END`;
    case 'boolean': return `CASE WHEN lower(${t}) IN ('true', 'yes', 'y', '1') THEN TRUE WHEN lower(${t}) IN ('false', 'no', 'n', '0') THEN FALSE END`;
    case 'date': return `CASE WHEN regexp_full_match(${t}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN TRY_CAST(${t} AS DATE) END`;
    case 'datetime': return `CASE WHEN regexp_full_match(${t}, '${DATETIME_RE}') THEN TRY_CAST(${t} AS TIMESTAMPTZ) END`;
    default: return raw;
  }
}

const TYPE_WORDS: Record<string, string> = { integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)', date: 'a date (YYYY-MM-DD)', datetime: 'an ISO 8601 date-time (e.g. 2026-11-20T09:30:00Z)' };

/** The file as one row per record with every wanted column as text (lists `;`-joined). */
async function rawSource(conn: DuckDBConnection, file: string, wanted: string[], listCols: Set<string>): Promise<{ from: string; cols: Map<string, string>; present: string[] }> {
  if (!existsSync(file)) throw new InputError(`${file}: no such file`);
  const fmt = formatOf(file);
  const path = lit(file);
  const cols = new Map<string, string>();
  if (fmt === 'jsonl' || fmt === 'json') {
    const from = fmt === 'jsonl' ? `read_ndjson_objects(${path})` : `read_json_objects(${path}, format = 'array')`;
    const keys = await query(conn, `SELECT DISTINCT unnest(json_keys(json)) AS k FROM ${from}`, file);
    const present = keys.map((r) => String(r.k));
    for (const c of wanted) {
      const p = lit(`$."${c.replace(/"/g, '\\"')}"`);
      cols.set(c, listCols.has(c)
        ? `CASE WHEN json_type(json, ${p}) = 'ARRAY' THEN array_to_string(CAST(json_extract(json, ${p}) AS VARCHAR[]), ';') ELSE json_extract_string(json, ${p}) END`
        : `json_extract_string(json, ${p})`);
    }
    return { from, cols, present };
  }
  const from = fmt === 'csv' ? `read_csv(${path}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')` : `read_parquet(${path})`;
  const desc = await query(conn, `DESCRIBE SELECT * FROM ${from}`, file);
  const types = new Map(desc.map((r) => [String(r.column_name), String(r.column_type)]));
  for (const c of wanted) {
    if (!types.has(c)) continue;
    const t = types.get(c)!;
    cols.set(c, t.endsWith('[]') ? `array_to_string(CAST(${ident(c)} AS VARCHAR[]), ';')` : `CAST(${ident(c)} AS VARCHAR)`);
  }
  return { from, cols, present: [...types.keys()] };
}

const LINE_ENDS = 'its line ends are not all \\n or all \\r\\n';
const QUOTED_BREAK = 'a quoted cell holds a line break (one record on several lines)';

/**
 * Why DuckDB would read this file differently from the in-process loader (docs/data.md), or
 * undefined when it reads it the same: then every record is one line (so record numbers are line
 * numbers) and every cell the same text. DuckDB skips blank lines, counts records rather than
 * lines (a line break inside a quoted cell), keeps NUL characters, renames a duplicate header
 * column (`company_1`) and refuses bytes that are not UTF-8; the in-process loader reads a mix
 * of line ends row for row. What DuckDB refuses outright (a ragged row, an unclosed quote, text
 * after a closing quote) is found when it reads the file. One pass over the bytes, by chunk,
 * with memchr-speed searches; a quoted cell costs a few searches.
 */
export async function duckdbReadsDifferently(file: string): Promise<string | undefined> {
  const fmt = formatOf(file);
  if (fmt === 'parquet' || fmt === 'json') return undefined;
  let carry = Buffer.alloc(0);
  let first = true, inQuote = false, crlf: boolean | undefined, prev = '';
  const stream = createReadStream(file, { highWaterMark: 4 << 20 });
  try {
    for await (const chunk of stream) {
      let buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : chunk as Buffer;
      // Keep an incomplete UTF-8 sequence at the end for the next chunk.
      let end = buf.length;
      for (let k = 1; k <= 3 && k <= buf.length; k++) {
        const b = buf[buf.length - k];
        if ((b & 0xc0) === 0x80) continue;
        if ((b >= 0xc0 && k < 2) || (b >= 0xe0 && k < 3) || (b >= 0xf0 && k < 4)) end = buf.length - k;
        break;
      }
      carry = Buffer.from(buf.subarray(end));
      buf = buf.subarray(0, end);
      if (!isUtf8(buf)) return 'it has bytes that are not UTF-8';
      if (buf.indexOf(0) >= 0) return 'it has NUL characters';
      if (!first && prev.charCodeAt(prev.length - 1) !== 13 && buf.indexOf(13) < 0 && (fmt !== 'csv' || buf.indexOf(34) < 0)) {
        // The common chunk: `\n` line ends only, no quotes — native searches, no string made.
        if (buf.indexOf(10) >= 0) {
          if (crlf === true) return LINE_ENDS;
          crlf = false;
          if (inQuote) return QUOTED_BREAK;
          if (buf.indexOf('\n\n') >= 0 || (prev.endsWith('\n') && buf[0] === 10)) return 'it has blank lines';
        }
        prev = buf.subarray(Math.max(0, buf.length - 3)).toString('latin1');
        continue;
      }
      // One byte per character: line ends, quotes and commas are ASCII.
      const s = prev + buf.toString('latin1');
      const base = prev.length;
      if (first) {
        first = false;
        if (/^(\uFEFF|\u00EF\u00BB\u00BF)?[\r\n]/.test(s)) return 'it starts with a blank line';
        if (fmt === 'csv') {
          const nl = s.search(/[\r\n]/);
          const headerText = Buffer.from(s.slice(0, nl < 0 ? s.length : nl), 'latin1').toString('utf8').replace(/^\uFEFF/, '');
          let header: string[] = [];
          try { readCsv(headerText, 0, 0, true, (cells) => { if (!header.length) header = cells; }); } catch { return 'its header row has an unclosed quote'; }
          const seen = new Set<string>();
          for (const h of header) {
            if (h.trim() === '') return 'a header column has no name';
            if (seen.has(h.trim())) return `the header names '${h.trim()}' twice`;
            seen.add(h.trim());
          }
        }
      }
      const from = base > 0 && s.charCodeAt(base - 1) === 13 ? base - 1 : base;
      if (s.indexOf('\r', from) >= 0) {
        // Every line end must be \r\n (a \r at the very end may meet its \n in the next chunk).
        if (crlf === false) return LINE_ENDS;
        crlf = true;
        const t = s.slice(from, s.charCodeAt(s.length - 1) === 13 ? s.length - 1 : s.length).replaceAll('\r\n', '');
        if (t.indexOf('\r') >= 0 || t.indexOf('\n') >= 0) return LINE_ENDS;
        if (s.indexOf('\r\n\r\n', Math.max(0, base - 3)) >= 0) return 'it has blank lines';
      } else if (s.indexOf('\n', base) >= 0) {
        if (crlf === true) return LINE_ENDS;
        crlf = false;
        if (s.indexOf('\n\n', Math.max(0, base - 1)) >= 0) return 'it has blank lines';
      }
      if (fmt === 'csv') {
        // A line break inside quotes makes one record span several lines. Quoted regions run
        // from a quote to the next one (a `""` escape closes and reopens: the same answer).
        let nextNl = -1, nextCr = -1; // cached searches: positions only move forward
        const breakIn = (a: number, b: number): boolean => {
          if (nextNl !== Infinity && nextNl < a) { nextNl = s.indexOf('\n', a); if (nextNl < 0) nextNl = Infinity; }
          if (nextCr !== Infinity && nextCr < a) { nextCr = s.indexOf('\r', a); if (nextCr < 0) nextCr = Infinity; }
          return Math.min(nextNl, nextCr) < b;
        };
        let open = inQuote ? base : -1;
        let q = s.indexOf('"', base);
        for (;;) {
          if (open < 0) {
            if (q < 0) { inQuote = false; break; }
            open = q + 1;
            q = s.indexOf('"', open);
          } else {
            if (breakIn(open, q < 0 ? s.length : q)) return QUOTED_BREAK;
            if (q < 0) { inQuote = true; break; }
            open = -1;
            q = s.indexOf('"', q + 1);
          }
        }
      }
      prev = s.slice(-3);
    }
  } finally { stream.destroy(); }
  return undefined;
}

async function query(conn: DuckDBConnection, sql: string, file?: string): Promise<Record<string, unknown>[]> {
  try {
    const r = await conn.runAndReadAll(sql);
    return r.getRowObjectsJS() as Record<string, unknown>[];
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    if (file) throw new InputError(`${file}: cannot read it with DuckDB (${msg})`);
    throw e;
  }
}

export interface StagedInputs { warnings: DataWarning[]; leads: number; hasEvents: boolean }

/** A `kind: fields` definition or the engine's merged Catalog. */
export interface CatalogLike { id?: string; fields?: Record<string, FieldDecl>; events?: Record<string, EventDecl> }

/**
 * Creates the `leads` and `events` tables the compiled query reads (compile with STAGED), typed
 * by the catalog and parsed once: leads in file order (`ls_row`), events with normalised names.
 */
export async function stageInputs(conn: DuckDBConnection, leadsFile: string, eventsFile: string | undefined, catalog: CatalogLike | undefined,
  label: (path: string) => string = (p) => p): Promise<StagedInputs> {
  const file = label(leadsFile);
  const fields = Object.entries(catalog?.fields ?? {}).filter(([, d]) => d && typeof d.type === 'string');
  const listCols = new Set(fields.filter(([, d]) => d.type === 'list').map(([k]) => k));
  const src = await rawSource(conn, leadsFile, ['id', ...fields.map(([k]) => k)], listCols);
  if (src.present.includes('events')) throw new InputError(`${file}: leads with embedded 'events' are not read by the DuckDB engine; put the events in an events file, or use --engine memory`);
  if (!src.cols.has('id')) throw new InputError(`${file}: no 'id' column; every lead needs an id`);
  const rawCols = [...src.cols].map(([c, e]) => `${e} AS ${ident('raw_' + c)}`);
  await query(conn, `CREATE OR REPLACE TABLE leads_raw AS SELECT ${rawCols.join(', ')} FROM ${src.from}`, leadsFile);
  const rowBase = formatOf(leadsFile) === 'csv' ? 1 : 0; // CSV rows count the header line
  const typed = fields.filter(([k]) => src.cols.has(k)).map(([k, d]) => `${parseExpr(ident('raw_' + k), d.type, d)} AS ${ident(k)}`);
  // Fields whose text may not parse keep that text in a `bad_<field>` column (NULL otherwise), so
  // that the warnings need no second pass over the raw rows.
  const checkable = fields.filter(([k, d]) => src.cols.has(k) && (TYPE_WORDS[d.type] || (d.type === 'enum' && d.values?.length)));
  // Catalog fields the file lacks are missing for every lead.
  const absent = fields.filter(([k]) => !src.cols.has(k)).map(([k, d]) => `CAST(NULL AS ${sqlType(d.type)}) AS ${ident(k)}`);
  // Parsed once into a table (each model's query reads it). Rows without an id, and later rows
  // repeating an id, are skipped with a warning, as core/data/leads.ts does.
  const badCols = checkable.map(([k]) => `, CASE WHEN ${ident(k)} IS NULL AND ${TRIM(ident('raw_' + k))} <> '' THEN ${ident('raw_' + k)} END AS ${ident('bad_' + k)}`).join('');
  await query(conn, `CREATE OR REPLACE TABLE ${LEADS_VIEW} AS SELECT * ${checkable.length ? `EXCLUDE (${checkable.map(([k]) => ident('raw_' + k)).join(', ')})` : ''}${badCols}
    FROM (SELECT rowid + 1 + ${rowBase} AS ${ROW_COLUMN}, ${TRIM(ident('raw_id'))} AS id${[...typed, ...absent].map((t) => `, ${t}`).join('')}${checkable.map(([k]) => `, ${ident('raw_' + k)}`).join('')}
    FROM leads_raw WHERE rowid IN (SELECT min(rowid) FROM leads_raw WHERE ${TRIM('raw_id')} <> '' GROUP BY ${TRIM('raw_id')})) ORDER BY ${ROW_COLUMN}`, leadsFile);

  // Lead warnings in the order core/data/leads.ts emits them: by row, then by column within a row.
  const found: { row: number; pos: number; w: DataWarning }[] = [];
  const pos = (c: string) => src.present.indexOf(c);
  // The first parsed date-time of each column without an offset (read as UTC), as leads.ts warns.
  for (const [k] of fields.filter(([k, d]) => d.type === 'datetime' && src.cols.has(k))) {
    const raw = ident('raw_' + k);
    const hit = await query(conn, `SELECT v.${ROW_COLUMN} AS row, v.id AS id, r.${raw} AS raw FROM ${LEADS_VIEW} v JOIN leads_raw r ON r.rowid + 1 + ${rowBase} = v.${ROW_COLUMN}
      WHERE v.${ident(k)} IS NOT NULL AND regexp_matches(${TRIM(`r.${raw}`)}, '${HAS_TIME_RE}') AND NOT regexp_matches(${TRIM(`r.${raw}`)}, '${HAS_OFFSET_RE}') ORDER BY v.${ROW_COLUMN} LIMIT 1`);
    if (hit.length) found.push({ row: Number(hit[0].row), pos: pos(k), w: { file, row: Number(hit[0].row), lead: String(hit[0].id), field: k, message: noOffsetMessage(String(hit[0].raw)) } });
  }
  const declared = new Set(['id', ...fields.map(([k]) => k)]);
  const undeclared = src.present.filter((c) => !declared.has(c) && c !== 'events');
  if (undeclared.length) {
    // Reported once, at the first lead that has an id.
    const first = await query(conn, `SELECT ${ROW_COLUMN} AS row, id FROM ${LEADS_VIEW} ORDER BY ${ROW_COLUMN} LIMIT 1`);
    for (const c of undeclared) {
      if (!first.length) break;
      const row = Number(first[0].row);
      found.push({ row, pos: pos(c), w: { file, row, lead: String(first[0].id), field: c,
        message: `column '${c}' is not declared in the catalog${catalog?.id ? ` '${catalog.id}'` : ''}; kept for display only (declare it under \`fields:\` to use it in conditions)` } });
    }
  }
  const checks = checkable.map(([k, d]) =>
    `SELECT ${ROW_COLUMN} AS row, id, ${lit(k)} AS field, ${lit(d.type)} AS type, ${ident('bad_' + k)} AS raw, CAST(${d.type === 'enum' ? 'NULL' : parseExpr(ident('bad_' + k), d.type)} AS VARCHAR) AS parsed
      FROM ${LEADS_VIEW} WHERE ${ident('bad_' + k)} IS NOT NULL`);
  checks.push(`SELECT rowid + 1 + ${rowBase} AS row, NULL AS id, 'id' AS field, 'id' AS type, NULL AS raw, NULL AS parsed FROM leads_raw WHERE raw_id IS NULL OR ${TRIM('raw_id')} = ''`);
  checks.push(`SELECT rowid + 1 + ${rowBase} AS row, ${TRIM('raw_id')} AS id, 'dup' AS field, 'dup' AS type, NULL AS raw, NULL AS parsed FROM leads_raw
    WHERE ${TRIM('raw_id')} <> '' AND rowid + 1 + ${rowBase} NOT IN (SELECT ${ROW_COLUMN} FROM ${LEADS_VIEW})`);
  for (const r of await query(conn, `${checks.join(' UNION ALL ')} ORDER BY row, field`)) {
    const row = Number(r.row);
    if (r.type === 'id') { found.push({ row, pos: -1, w: { file, row, field: 'id', message: 'row has no id; skipped (every lead needs a value in the `id` column)' } }); continue; }
    if (r.type === 'dup') {
      const first = await query(conn, `SELECT ${ROW_COLUMN} AS row FROM ${LEADS_VIEW} WHERE id = ${lit(String(r.id))}`);
      found.push({ row, pos: -1, w: { file, row, lead: String(r.id), field: 'id', message: `duplicate id '${String(r.id)}' (first at ${file}:${Number(first[0]?.row)}); this row is skipped` } });
      continue;
    }
    // Same wording as core/data/leads.ts.
    const field = String(r.field), decl = catalog?.fields?.[field];
    let why = r.type === 'enum' ? `'${String(r.raw)}' is not one of the values of ${field} (${(decl?.values ?? []).join(', ')})` : `'${String(r.raw)}' is not ${TYPE_WORDS[String(r.type)]}`;
    if (r.parsed !== null && r.parsed !== undefined && decl) {
      const n = Number(r.parsed);
      why = typeof decl.min === 'number' && n < decl.min ? `${n} is below the minimum ${decl.min} of ${field}` : `${n} is above the maximum ${decl.max} of ${field}`;
    }
    found.push({ row, pos: pos(field), w: { file, row, lead: String(r.id), field, message: `${why}; treated as missing` } });
  }
  const warnings = found.sort((a, b) => a.row - b.row || a.pos - b.pos).map((x) => x.w);
  const n = Number((await query(conn, `SELECT count(*) AS n FROM leads_raw`))[0].n);

  // Events: lead_id, event, at and one column per declared property (first declaration wins).
  const props = new Map<string, string>();
  for (const decl of Object.values(catalog?.events ?? {})) for (const [p, t] of Object.entries(decl?.properties ?? {})) if (!props.has(p)) props.set(p, t);
  if (eventsFile) warnings.push(...await stageEvents(conn, eventsFile, catalog, props, label));
  else {
    const pcols = [...props].map(([p, t]) => `CAST(NULL AS ${sqlType(t as FieldType)}) AS ${ident(p)}`);
    await conn.run(`CREATE OR REPLACE TABLE ${EVENTS_VIEW} AS SELECT CAST(NULL AS VARCHAR) AS lead_id, CAST(NULL AS VARCHAR) AS event, CAST(NULL AS TIMESTAMPTZ) AS "at"${pcols.map((c) => `, ${c}`).join('')} WHERE FALSE`);
  }
  return { warnings, leads: n, hasEvents: !!eventsFile };
}

const describe = (v: unknown) => `'${String(v)}'`;

/**
 * The events table: parsed once, names trimmed and lower-cased (compile with STAGED), and the
 * warnings of core/data/leads.ts's addEvent in file order: no lead_id, no event name, no or bad `at`,
 * an unknown lead, an undeclared event (once per name), a property that does not parse.
 */
async function stageEvents(conn: DuckDBConnection, eventsFile: string, catalog: CatalogLike | undefined, props: Map<string, string>, label: (p: string) => string): Promise<DataWarning[]> {
  const file = label(eventsFile);
  const ev = await rawSource(conn, eventsFile, ['lead_id', 'event', 'at', ...props.keys()], new Set());
  for (const c of ['lead_id', 'event', 'at']) if (!ev.cols.has(c)) throw new InputError(`${file}: no '${c}' column; events need lead_id, event and at`);
  const rowBase = formatOf(eventsFile) === 'csv' ? 1 : 0;
  const declared = Object.keys(catalog?.events ?? {}).map((n) => lit(n.trim().toLowerCase()));
  const hasCatalog = declared.length > 0 || Object.keys(catalog?.fields ?? {}).length > 0;
  // Number and boolean properties that do not parse; text ones are kept as written.
  const checked = [...props].filter(([p, t]) => ev.cols.has(p) && t !== 'string');
  // A property is checked only on the events that declare it with that type (as addEvent does).
  const declaring = (p: string, t: string) => Object.entries(catalog?.events ?? {})
    .filter(([, d]) => d?.properties?.[p] === t).map(([n]) => lit(n.trim().toLowerCase()));
  const pcols = [...props].map(([p, t]) => `${ev.cols.has(p) ? parseExpr(ev.cols.get(p)!, t as FieldType) : 'NULL'} AS ${ident(p)}`);
  const rawProps = checked.map(([p]) => `${ev.cols.get(p)} AS ${ident('raw_' + p)}`);
  const badProp = checked.map(([p, t]) => `(${ident('raw_' + p)} IS NOT NULL AND ${ident('raw_' + p)} <> '' AND ${ident(p)} IS NULL AND list_contains([${declaring(p, t).join(', ')}], lower(ev_t)))`);
  const skipped = `(lead_id IS NULL OR lead_id = '' OR ev_t IS NULL OR ev_t = '' OR "at" IS NULL OR NOT known)`;
  const problem = [skipped, ...badProp].join(' OR ');
  await query(conn, `CREATE OR REPLACE TABLE ${EVENTS_VIEW} AS
    SELECT lead_id, lower(ev_t) AS event, "at"${[...props.keys()].map((p) => `, ${ident(p)}`).join('')},
      CASE WHEN ${problem} THEN to_json({'ev': ev_t, 'at': raw_at, 'at_ok': "at" IS NOT NULL, 'known': known,
        'bad': [${checked.map(([p], i) => `CASE WHEN ${badProp[i]} THEN ${lit(p)} END`).join(', ')}], 'raw': [${checked.map(([p]) => ident('raw_' + p)).join(', ')}]}) END AS problem,
      CASE WHEN ${hasCatalog && declared.length ? `NOT list_contains([${declared.join(', ')}], lower(ev_t))` : hasCatalog ? 'TRUE' : 'FALSE'} AND NOT ${skipped} THEN ev_t END AS undeclared
    FROM (SELECT *, coalesce(lead_id IN (SELECT id FROM ${LEADS_VIEW}), FALSE) AS known FROM (
      SELECT ${TRIM(ev.cols.get('lead_id')!)} AS lead_id, ${TRIM(ev.cols.get('event')!)} AS ev_t, ${parseExpr(ev.cols.get('at')!, 'datetime')} AS "at",
        ${ev.cols.get('at')} AS raw_at${pcols.map((c) => `, ${c}`).join('')}${rawProps.map((c) => `, ${c}`).join('')} FROM ${ev.from}))`, file);
  const rows = await query(conn, `SELECT rowid + 1 + ${rowBase} AS row, lead_id, problem, undeclared FROM ${EVENTS_VIEW}
    WHERE problem IS NOT NULL OR rowid IN (SELECT min(rowid) FROM ${EVENTS_VIEW} WHERE undeclared IS NOT NULL GROUP BY lower(undeclared)) ORDER BY rowid`);
  const out: DataWarning[] = [];
  const declName = (n: string) => Object.keys(catalog?.events ?? {}).find((k) => k.trim().toLowerCase() === n.trim().toLowerCase()) ?? n;
  for (const r of rows) {
    const row = Number(r.row), lead = String(r.lead_id ?? '');
    const p = r.problem ? JSON.parse(String(r.problem)) as { ev: string | null; at: string | null; at_ok: boolean; known: boolean; bad: (string | null)[]; raw: (string | null)[] } : undefined;
    if (p) {
      const evName = p.ev ?? '';
      if (!lead) { out.push({ file, row, field: 'lead_id', message: 'event has no lead_id; skipped' }); continue; }
      if (!evName) { out.push({ file, row, lead, field: 'event', message: 'event has no event name; skipped' }); continue; }
      if (!p.at_ok) {
        out.push({ file, row, lead, field: 'at', message: p.at === null || p.at === '' ? `event '${evName}' has no time (\`at\`); skipped` : `${describe(p.at)} is not an ISO 8601 date-time; event skipped` });
        continue;
      }
      if (!p.known) { out.push({ file, row, lead, field: 'lead_id', message: `event '${evName}' is for lead '${lead}', which is not among the leads; skipped` }); continue; }
    }
    if (r.undeclared !== null && r.undeclared !== undefined) {
      out.push({ file, row, lead, field: 'event', message: `event '${String(r.undeclared)}' is not declared in the catalog's \`events:\`; kept, but conditions cannot use it until it is declared` });
    }
    if (p) {
      const name = declName(String(p.ev));
      checked.forEach(([k, t], i) => {
        if (p.bad[i]) out.push({ file, row, lead, field: `${name}.${k}`, message: `${describe(p.raw[i])} is not ${t === 'number' ? 'a number' : 'a boolean'}; treated as missing` });
      });
    }
  }
  return out;
}

function sqlType(t: FieldType): string {
  switch (t) {
    case 'integer': case 'number': return 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'datetime': return 'TIMESTAMPTZ';
    default: return 'VARCHAR';
  }
}

/** Latest event time or datetime value of the staged data (SPEC §7's default as_of), epoch ms. */
export async function latestInstant(conn: DuckDBConnection, catalog: CatalogLike | undefined): Promise<number | undefined> {
  const parts = [`SELECT max(epoch_ms("at")) AS m FROM ${EVENTS_VIEW}`];
  for (const [k, d] of Object.entries(catalog?.fields ?? {})) if (d?.type === 'datetime') parts.push(`SELECT max(epoch_ms(${ident(k)})) FROM ${LEADS_VIEW}`);
  const r = await query(conn, `SELECT max(m) AS m FROM (${parts.join(' UNION ALL ')})`);
  const m = r[0]?.m;
  return m === null || m === undefined ? undefined : Number(m);
}

/** One output row of a compiled query, as the SQL path returns it. */
export interface SqlRow {
  id: string; icps: IcpMatch[];
  fit?: number; engagement?: number; total?: number; grade?: string; fit_grade?: string | null; engagement_grade?: string | null;
  mql?: boolean; disqualified?: boolean;
  rules?: Record<string, number | null>; rule_events?: Record<string, number | null>; clamps?: Record<string, number | null>;
}

const parseJson = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? undefined);

/** Runs a compiled query; rows in input order. Calls `each` per row to keep memory flat. */
export async function runCompiled(conn: DuckDBConnection, compiled: CompiledSql, each: (row: SqlRow) => void): Promise<void> {
  let result;
  try { result = await conn.stream(compiled.sql); } catch (e) { throw new InputError(`DuckDB could not run the compiled query: ${(e as Error).message.split('\n')[0]}`); }
  for await (const rows of result.yieldRowObjectJs()) {
    for (const r of rows) {
      each({
        id: r.id as string,
        icps: parseJson(r.icps) ?? [],
        fit: r.fit as number, engagement: r.engagement as number, total: r.total as number,
        grade: r.grade as string, fit_grade: r.fit_grade as string | null, engagement_grade: r.engagement_grade as string | null,
        mql: r.mql as boolean, disqualified: r.disqualified as boolean,
        rules: parseJson(r.rules), rule_events: parseJson(r.rule_events), clamps: parseJson(r.clamps),
      });
    }
  }
}

/** A SQL row's score as the in-process engine's ScoreResult (same keys, same explanation). */
export function scoreOfRow(row: SqlRow, compiled: CompiledSql): ScoreResult {
  const res = (compiled.matrix
    ? { fit: row.fit, engagement: row.engagement, total: row.total, grade: row.grade, fit_grade: row.fit_grade, engagement_grade: row.engagement_grade, mql: row.mql, disqualified: row.disqualified, explanation: [] }
    : { fit: row.fit, engagement: row.engagement, total: row.total, grade: row.grade, mql: row.mql, disqualified: row.disqualified, explanation: [] }) as unknown as ScoreResult;
  res.explanation = explanationOf(row, compiled.rules);
  return res;
}

const cutOf = (c: number) => (c > 0 ? 'max' : 'min') as 'max' | 'min';

/** Rebuilds the explanation in the engine's order: rules (+ their clamp), group clamp, section clamp. */
export function explanationOf(row: SqlRow, keys: RuleKey[]): ExplanationItem[] {
  const out: ExplanationItem[] = [];
  const rules = row.rules ?? {}, events = row.rule_events ?? {}, clamps = row.clamps ?? {};
  const closeGroup = (section: 'fit' | 'engagement', group: string | undefined) => {
    if (group === undefined) return;
    const c = clamps[`group:${section}/${group}`];
    if (c !== null && c !== undefined) out.push({ section, clamp: cutOf(c), cut: round2(c), group });
  };
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = rules[k.key];
    if (v !== null && v !== undefined) {
      const item: ExplanationItem = k.group !== undefined ? { section: k.section, group: k.group, rule: k.rule, points: round2(v) } : { section: k.section, rule: k.rule, points: round2(v) };
      if (k.event) item.events = Number(events[k.key] ?? 0);
      out.push(item);
      const c = clamps[`rule:${k.key}`];
      if (c !== null && c !== undefined) {
        const clamp: ExplanationItem = { section: k.section, clamp: cutOf(c), cut: round2(c), rule: k.rule };
        if (k.group !== undefined) clamp.group = k.group;
        out.push(clamp);
      }
    }
    const next = keys[i + 1];
    if (k.group !== undefined && (!next || next.group !== k.group || next.section !== k.section)) closeGroup(k.section, k.group);
    if (!next || next.section !== k.section) {
      const c = clamps[`section:${k.section}`];
      if (c !== null && c !== undefined) out.push({ section: k.section, clamp: cutOf(c), cut: round2(c) });
    }
  }
  // Sections without rules can still be clamped (a `min` lifts an empty section).
  for (const s of ['fit', 'engagement'] as const) {
    if (keys.some((k) => k.section === s)) continue;
    const c = clamps[`section:${s}`];
    if (c !== null && c !== undefined) {
      const item: ExplanationItem = { section: s, clamp: cutOf(c), cut: round2(c) };
      if (s === 'fit') out.unshift(item); else out.push(item);
    }
  }
  return out;
}
