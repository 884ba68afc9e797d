// Runs compiled leadspec SQL in embedded DuckDB straight over the lead and event files (CSV,
// JSON, JSON Lines, Parquet) and maps the rows back to the in-process engine's result shapes.
//
// Staging (stageInputs): each file is read once by DuckDB's own reader into a typed table —
// every cell typed by DuckDB where it reads the text exactly as the loader would, the other
// cells, rows and events with a problem found set-based and handed to the loader's own code
// (core/data/leads.ts), so values and warnings (file, row, lead, field, message) are the loader's.
// DuckDB is an optional dependency (a 70 MB native module, needed only for `--engine duckdb`),
// so it is loaded on first use and its absence is a clear input error, not a crash at start.
import type { DuckDBConnection } from '@duckdb/node-api';
import { strictJsonProblem } from './json-strict.js';
import { extname } from 'node:path';
import { createReadStream, existsSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { csvSeparator, readCsv, type CsvCells } from '../core/data/csv.js';
import { columnMap, CsvRecords, formatOfExtension, idText, keyText, LeadCollector } from '../core/data/leads.js';
import type { EventDecl, FieldDecl, FieldType } from '../core/model.js';
import type { DataWarning, ExplanationItem, IcpMatch, Lead, ScoreResult } from '../core/results.js';
import type { ClampBounds, CompiledSql, RuleKey } from '../core/sql/compile.js';
import { duckTrim, ident, lit } from '../core/sql/dialect.js';
import { round2 } from '../core/data/values.js';
import { InputError } from './files.js';

export const LEADS_VIEW = 'leads';
export const EVENTS_VIEW = 'events';
/** Column of the staged leads giving input order (1-based, as the row in the file). */
export const ROW_COLUMN = 'ls_row';
/** compileSql options for a query over the staged tables. */
export const STAGED = { leadsTable: LEADS_VIEW, eventsTable: EVENTS_VIEW, orderBy: ROW_COLUMN, eventsNormalized: true } as const;
/**
 * compileSql options for a query over these staged tables: STAGED, the event codes the events
 * view's `ls_ev` column holds (the query compares small integers instead of names, event by rule)
 * and the enum fields staged without white space at their ends (StagedInputs.normalFields).
 */
export function stagedOptions(staged: Pick<StagedInputs, 'eventCodes' | 'normalFields'>): typeof STAGED & { eventCodes: readonly string[]; normalFields: readonly string[] } {
  return { ...STAGED, eventCodes: staged.eventCodes, normalFields: staged.normalFields };
}

export type FileFormat = 'csv' | 'json' | 'jsonl' | 'parquet';

export function formatOf(file: string): FileFormat {
  const ext = extname(file).toLowerCase();
  const sample = formatOfExtension(file);
  if (sample !== undefined) return sample;
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw new InputError(`${file}: unknown file type '${ext}'; use .csv, .tsv, .json, .jsonl/.ndjson or .parquet`);
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

const dbl = (n: number) => `CAST(${lit(String(n))} AS DOUBLE)`;
const TRUE_WORDS = ['true', 'yes', 'y', '1'], FALSE_WORDS = ['false', 'no', 'n', '0'];
/**
 * `x` is one of the SQL values: list_contains, not IN — DuckDB plans a long IN list as a join,
 * and a join in the staging's CREATE TABLE loses the file order its rowids stand for (a lead's
 * row number); the staging statements must stay projections of the scan.
 */
const oneOf = (x: string, values: string) => `list_contains([${values}], ${x})`;
const spellings = (ws: string[]) => [...new Set(ws.flatMap((w) => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)]))].map(lit).join(', ');

/**
 * DuckDB's own typing of a text cell (TRY_CAST, no regular expression), kept only where the
 * in-process loader (core/data/values.ts) reads the same text as the same value; NULL
 * otherwise. A NULL for a non-empty cell makes the cell "doubtful": the staging then hands it
 * to the loader's own parser (arbitrate), which keeps it with its value or warns as in-process.
 * So DuckDB may refuse more than the loader (a time without seconds, an offset, a space around
 * a number) — those cells cost a trip to JavaScript — but never accepts a cell the loader refuses
 * or reads differently: numbers must be finite and without `_` (DuckDB reads `inf`, `nan`,
 * `1_000`), dates and date-times must have the shape `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` or
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` (DuckDB also reads `2026-1-2`, `2026/01/02`, named zones, five-digit
 * years).
 */
/**
 * The text starts with a digit 1–9: with a LIKE shape of fixed separators this keeps out the
 * years DuckDB reads and the loader does not (a sign, a leading space, 0xxx); DuckDB's date and
 * time parser then accepts digits only where the shape has `_`, in the loader's ranges.
 */
const YEAR_1_9 = (x: string) => `${x} >= '1' AND ${x} < ':'`;

function fastParse(raw: string, type: FieldType | 'string' | 'number' | 'boolean', decl?: FieldDecl): string {
  switch (type) {
    case 'integer': case 'number': {
      const v = `TRY_CAST(${raw} AS DOUBLE)`;
      const conds = [`isfinite(${v})`, `NOT contains(${raw}, '_')`];
      if (type === 'integer') conds.push(`${v} = floor(${v})`);
      // Declared bounds: a value outside them is missing (with the loader's message).
      if (typeof decl?.min === 'number') conds.push(`${v} >= ${dbl(decl.min)}`);
      if (typeof decl?.max === 'number') conds.push(`${v} <= ${dbl(decl.max)}`);
      return `CASE WHEN ${conds.join(' AND ')} THEN ${v} END`;
    }
    case 'boolean': return `CASE WHEN ${oneOf(raw, spellings(TRUE_WORDS))} THEN TRUE WHEN ${oneOf(raw, spellings(FALSE_WORDS))} THEN FALSE END`;
    case 'enum': {
      if (!decl || !Array.isArray(decl.values) || decl.values.length === 0) return raw;
      const values = [...new Set(decl.values.flatMap((x) => [String(x), String(x).toLowerCase()]))];
      return `CASE WHEN ${oneOf(raw, values.map(lit).join(', '))} THEN ${raw} END`;
    }
    case 'date': return `CASE WHEN ${raw} LIKE '____-__-__' AND ${YEAR_1_9(raw)} THEN TRY_CAST(${raw} AS DATE) END`;
    case 'datetime': {
      // The two shapes of event logs, whole seconds or milliseconds in UTC, checked by LIKE
      // (measured: printing the value back to compare costs twice the cast), one LIKE per cell:
      // its byte length (strlen, kept with the string) picks the shape. A cell whose `_`s hold
      // characters of several bytes has another length and fails the cast anyway (digits there).
      const shape = `CASE strlen(${raw}) WHEN 24 THEN ${raw} LIKE '____-__-__T__:__:__.___Z' WHEN 20 THEN ${raw} LIKE '____-__-__T__:__:__Z' ELSE FALSE END AND ${YEAR_1_9(raw)}`;
      return `CASE WHEN ${shape} THEN TRY_CAST(${raw} AS TIMESTAMP) END`;
    }
    default: return raw;
  }
}

/** A value the loader parsed, as SQL of the staged column's type (for the arbitrated cells). */
function valueSql(v: string, type: string): string {
  switch (type) {
    // TRY_CAST: the filter on the column's rows may run after the cast.
    case 'integer': case 'number': return `TRY_CAST(${v} AS DOUBLE)`;
    case 'boolean': return `TRY_CAST(${v} AS BOOLEAN)`;
    case 'date': return `CAST(epoch_ms(TRY_CAST(${v} AS BIGINT)) AS DATE)`;
    case 'datetime': return `epoch_ms(TRY_CAST(${v} AS BIGINT))`;
    default: return v;
  }
}


/**
 * The file as one row per record with every wanted column as text (Parquet lists `;`-joined). `readAs`
 * names the field a header is read as (the loader's: `column:` / `id_column:` mappings, field
 * names case-insensitively); `present` lists the headers so named, in file order.
 */
async function rawSource(conn: DuckDBConnection, file: string, wanted: string[], readAs: (header: string) => string = (h) => h, rejects = 'ls_rejects',
  /** JSON leads: find where the loader first sees each key (RawSource.tracked). */
  track = false,
  /** JSON: the wanted columns whose text must be the loader's String(value) (RawSource.notOk). */
  asText: ReadonlySet<string> = new Set()): Promise<RawSource> {
  if (!existsSync(file)) throw new InputError(`${file}: no such file`);
  const fmt = formatOf(file);
  const path = lit(file);
  const cols = new Map<string, string>();
  if (fmt === 'jsonl' || fmt === 'json') {
    const objects = fmt === 'jsonl' ? `read_ndjson_objects(${path})` : `read_json_objects(${path}, format = 'array')`;
    // Column order is the warnings' order within a record: the first record's keys in its own
    // order (DuckDB keeps the file's order under LIMIT), then any others by name. DISTINCT alone
    // gave them in an order that changed from run to run.
    const firstRec = (await query(conn, `SELECT json_keys(json) AS ks, CAST(json AS VARCHAR) AS j FROM ${objects} LIMIT 1`, file))[0];
    const first = firstRec?.ks as string[] | undefined;
    const keys = await query(conn, `SELECT DISTINCT unnest(json_keys(json)) AS k FROM ${objects}`, file);
    const firstKeys = (first ?? []).map(String);
    const seen = new Set(firstKeys);
    const later = keys.map((r) => String(r.k)).filter((k) => !seen.has(k))
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0));
    const headers = [...firstKeys, ...later];
    const byName = headersByName(file, headers, readAs);
    // The text columns in one json_extract_string over a list of paths: each record is parsed
    // once, not once per column (measured: 40% less for five columns); element i is what
    // json_extract_string of path i gives. Where that text may not be what the loader reads from
    // the cell's JSON value (jsonTextNotOk), the staging looks at the cell's JSON type and text.
    const paths: string[] = [];
    const json = new Map<string, string>();
    for (const c of wanted) {
      const h = byName.get(c) ?? c;
      paths.push(lit(`$."${h.replace(/"/g, '\\"')}"`));
      json.set(c, paths[paths.length - 1]);
      cols.set(c, `ls_c${paths.length}`);
    }
    // The keys whose first record the loader may warn at another row than the first record's:
    // keys the first record lacks, and all of them when the first record is not a lead (no id).
    const wantedHeaders = new Set(wanted.map((c) => byName.get(c) ?? c));
    const firstIsLead = track && firstRecordHasId(firstRec?.j, readAs);
    const tracked = track ? headers.filter((h) => !wantedHeaders.has(h) && (!firstIsLead || !seen.has(h))) : [];
    // Each such test once, in a projection of its own: DuckDB evaluates a CASE's branch only for
    // the rows that reach it, but an expression written twice may be computed once for every row.
    const notOk = new Map<string, string>();
    for (const c of wanted) if (asText.has(c)) notOk.set(c, `ls_n${notOk.size + 1}`);
    // The list's items as columns once (the staging reads each text several times).
    const read = `(SELECT ls_rec, ${paths.map((_, i) => `ls_json[${i + 1}] AS ls_c${i + 1}`).join(', ')}${tracked.length ? ', ls_k' : ''} FROM (
      SELECT json AS ls_rec, json_extract_string(json, [${paths.join(', ')}]) AS ls_json${tracked.length ? ', json_keys(json) AS ls_k' : ''} FROM ${objects}))`;
    const from = notOk.size ? `(SELECT *, ${[...notOk].map(([c, n]) => `${jsonTextNotOk(cols.get(c)!, json.get(c)!)} AS ${n}`).join(', ')} FROM ${read})` : read;
    return { from, cols, present: headers.map(readAs), json, notOk, tracked, firstKeys: jsOrder(firstKeys), headers };
  }
  if (fmt === 'csv') {
    // The header as the loader reads it; every column text, named as written (no sniffing: a
    // ragged row near the top must not change the dialect). Rows with too few or too many cells
    // go to the rejects table (readRejects), not into the rows.
    const header = await csvHeader(file);
    let columns: string;
    try { columns = header.map((h) => `${lit(h)}: 'VARCHAR'`).join(', '); } catch (e) { throw new InputError(`${file}: its header ${(e as Error).message}`); }
    const from = `read_csv(${path}, header = true, auto_detect = false, columns = {${columns}}, delim = ${lit(csvSeparator(file))}, quote = '"', escape = '"', store_rejects = true, rejects_table = ${lit(rejects)}, rejects_scan = ${lit(rejects + '_scan')})`;
    const byName = headersByName(file, header, readAs);
    for (const c of wanted) {
      const h = byName.get(c);
      if (h !== undefined) cols.set(c, ident(h));
    }
    return { from, cols, present: header.map(readAs), header, rejects };
  }
  const from = `read_parquet(${path})`;
  const desc = await query(conn, `DESCRIBE SELECT * FROM ${from}`, file);
  const types = new Map(desc.map((r) => [String(r.column_name), String(r.column_type)]));
  const byName = headersByName(file, [...types.keys()], readAs);
  for (const c of wanted) {
    const h = byName.get(c);
    if (h === undefined) continue;
    const t = types.get(h)!;
    cols.set(c, t.endsWith('[]') ? `array_to_string(CAST(${ident(h)} AS VARCHAR[]), ';')` : `CAST(${ident(h)} AS VARCHAR)`);
  }
  return { from, cols, present: [...types.keys()].map(readAs) };
}

interface RawSource {
  /** FROM clause of the file's records. */
  from: string;
  /** Wanted column → its text expression over `from`. */
  cols: Map<string, string>;
  /** The headers as read (readAs), in file order. */
  present: string[];
  /** CSV: the header cells as written, and the table DuckDB puts the rows it cannot read in. */
  header?: string[];
  rejects?: string;
  /**
   * JSON: wanted column → its JSON path (the record is `ls_rec`); the keys whose first record is
   * looked for (`ls_k` holds each record's keys when there are any); the first record's keys in the
   * order JavaScript enumerates them.
   */
  json?: Map<string, string>;
  /** JSON: the `asText` column → a BOOLEAN column of `from`, true where its text is not the loader's (jsonTextNotOk). */
  notOk?: Map<string, string>;
  tracked?: string[];
  firstKeys?: string[];
  /** JSON: the keys as written, in the order of `present`. */
  headers?: string[];
}

/**
 * A JSON cell's text `t` (json_extract_string's) may differ from the loader's String(value) or
 * from a string's: it starts like a number that JavaScript prints otherwise than written (`1.0`,
 * `1e3`, more than 15 digits), or like an object or array. Integers of at most 15 characters,
 * true, false and other texts read the same whatever their JSON type.
 */
const jsonAmbiguous = (t: string) => `(${t} < ':' AND ${t} >= '-' AND (${t} >= '0' OR ${t} < '.') AND (strlen(${t}) > 15 OR contains(${t}, '.') OR contains(${t}, 'e') OR contains(${t}, 'E'))
  OR ${t} >= '[' AND ${t} < '\\' OR ${t} >= '{' AND ${t} < '|')`;
/**
 * The cell at JSON path `p` (record `ls_rec`, text `t`) holds a value whose text is not what the
 * loader reads from it: an ambiguous text of a value that is not a string. A conjunction, so that
 * DuckDB looks the type up (parsing the record again) only for ambiguous texts.
 */
const jsonTextNotOk = (t: string, p: string) => `CASE WHEN ${t} IS NOT NULL AND ${jsonAmbiguous(t)} THEN json_type(ls_rec, ${p}) <> 'VARCHAR' ELSE FALSE END`;
/** `x`, or NULL where the cell's text is not the loader's (`notOk`: its RawSource.notOk column). */
const jsonIfOk = (notOk: string, x: string) => `CASE WHEN ${notOk} THEN NULL ELSE ${x} END`;
/** The record's keys as a JSON array text, the last item of a JSON source's ls_bad (the order of a row's warnings). */
const JSON_KEYS = `CAST(to_json(json_keys(ls_rec)) AS VARCHAR)`;
/** The JSON text of the cell at path `p` (for the loader: JSON.parse gives it the cell's value). */
const jsonCell = (p: string) => `CAST(json_extract(ls_rec, ${p}) AS VARCHAR)`;
/**
 * A JSON array of strings without a backslash or `;` (the staged list's separator), as that list
 * text: its items are the texts between `","`. NULL for any other cell.
 */
const jsonPlainList = (j: string) => `CASE WHEN starts_with(${j}, '["') AND suffix(${j}, '"]') AND NOT contains(${j}, chr(92)) AND NOT contains(${j}, ';') AND NOT contains(replace(${j}[3:-3], '","', ''), '"') THEN replace(${j}[3:-3], '","', ';') END`;

/** The keys of a record in the order JavaScript enumerates them (integer-like keys first, ascending), as the loader meets them. */
function jsOrder(keys: string[]): string[] {
  const o: Record<string, number> = {};
  for (const k of keys) Object.defineProperty(o, k, { value: 0, enumerable: true, configurable: true, writable: true });
  return Object.keys(o);
}

/** The loader would keep the first record of a JSON file as a lead (it has an id). */
function firstRecordHasId(text: unknown, readAs: (h: string) => string): boolean {
  if (typeof text !== 'string') return false;
  let rec: unknown;
  try { rec = JSON.parse(text); } catch { return false; }
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return false;
  for (const [k, v] of Object.entries(rec)) if (readAs(k) === 'id') return idText(v) !== '';
  return false;
}

/**
 * A JSON cell's value as JSON.parse gives it to the loader. DuckDB reads some texts JSON does not
 * (NaN, Infinity): the pre-scan names those files, and they are computed in-process.
 */
function parseCell(text: string, file: string): unknown {
  try { return JSON.parse(text); } catch { throw new InputError(`${file}: DuckDB read a value JSON does not have (${text.slice(0, 40)})`); }
}


/** The header row of a CSV file as the loader reads it (a BOM dropped; its line ends with the first line feed). */
export async function csvHeader(file: string): Promise<string[]> {
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  let bytes = Buffer.alloc(0);
  try {
    for await (const chunk of stream) {
      bytes = Buffer.concat([bytes, chunk as Buffer]);
      if (bytes.indexOf(10) >= 0 || bytes.length > 1 << 24) break;
    }
  } finally { stream.destroy(); }
  const nl = bytes.indexOf(10);
  const text = bytes.subarray(0, nl < 0 ? bytes.length : nl).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  let header: string[] | undefined;
  try { readCsv(text, 0, 0, true, (cells) => { header ??= [...cells]; }, csvSeparator(file)); } catch { /* below */ }
  if (!header) throw new InputError(`${file}: cannot read its header row with DuckDB`);
  return header;
}

/** Field name → the header read as it; two headers read as one field are left to the loader. */
function headersByName(file: string, headers: string[], readAs: (h: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of headers) {
    const name = readAs(h);
    if (out.has(name)) throw new InputError(`${file}: the columns '${out.get(name)}' and '${h}' are both read as '${name}'`);
    out.set(name, h);
  }
  return out;
}

const LINE_ENDS = 'its line ends are not all \\n or all \\r\\n';

/** What the pre-scan of a file found: why DuckDB would read it differently, or where records span lines. */
export interface FileScan {
  /** Set when DuckDB would read the file differently from the in-process loader (then it is not staged). */
  why?: string;
  /**
   * For each line break inside a quoted CSV cell, the 0-based data record it is in (sorted, one
   * entry per break): record k starts on line k + 2 + (entries below k) — see lineOfRecord.
   */
  breaks: number[];
}

/**
 * Why DuckDB would read this file differently from the in-process loader (docs/data.md), or
 * undefined when it reads it the same: then every record has the same cells as in-process, and
 * `breaks` places the records on their lines (a quoted cell may hold line breaks). DuckDB skips
 * blank lines, keeps NUL characters, renames a duplicate header column (`company_1`) and refuses
 * bytes that are not UTF-8; the in-process loader reads a mix of line ends row for row. A ragged
 * row is read by the staging (DuckDB's rejects table); an unclosed quote or text after a closing
 * quote is found when DuckDB reads the file. One pass over the bytes, by chunk, with
 * memchr-speed searches; a quoted cell costs a few searches, and only a file with line breaks in
 * quotes is read a second time (to count the lines before them).
 */
export async function scanForDuckdb(file: string): Promise<FileScan> {
  const quoted: number[] = []; // byte offsets of the line feeds inside quoted cells
  const fmt = formatOf(file);
  const why = (await readsDifferently(file, quoted))
    ?? (fmt === 'json' || fmt === 'jsonl' ? await strictJsonProblem(file, fmt === 'jsonl' ? 1 : 2) : undefined);
  if (why || !quoted.length) return { why, breaks: [] };
  return { breaks: await recordsOf(file, quoted) };
}

async function readsDifferently(file: string, quoted: number[]): Promise<string | undefined> {
  const fmt = formatOf(file);
  if (fmt === 'parquet' || fmt === 'json') return undefined;
  const SEP = csvSeparator(file).charCodeAt(0); // the byte a quoted cell may open after
  let offset = 0; // of the current buf in the file
  let carry = Buffer.alloc(0);
  let first = true, inQuote = false, crlf: boolean | undefined, prev = '';
  let closedAt = -2; // file offset of the quote that closed the last quoted cell
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
      const at = offset;
      offset += end;
      if (!isUtf8(buf)) return 'it has bytes that are not UTF-8';
      if (buf.indexOf(0) >= 0) return 'it has NUL characters';
      if (!first && prev.charCodeAt(prev.length - 1) !== 13 && buf.indexOf(13) < 0 && (fmt !== 'csv' || buf.indexOf(34) < 0)) {
        // The common chunk: `\n` line ends only, no quotes — native searches, no string made.
        if (buf.indexOf(10) >= 0) {
          if (crlf === true) return LINE_ENDS;
          crlf = false;
          if (inQuote) for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) quoted.push(at + i);
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
          try { readCsv(headerText, 0, 0, true, (cells) => { if (!header.length) header = cells; }, csvSeparator(file)); } catch { return 'its header row has an unclosed quote'; }
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
        // (Every line end has a \n here: a lone \r is LINE_ENDS.) s[i] is the byte at at - base + i.
        let nextNl = -1; // cached search: positions only move forward
        const breaksIn = (a: number, b: number): void => {
          if (nextNl !== Infinity && nextNl < a) { nextNl = s.indexOf('\n', a); if (nextNl < 0) nextNl = Infinity; }
          while (nextNl < b) {
            quoted.push(at - base + nextNl);
            nextNl = s.indexOf('\n', nextNl + 1);
            if (nextNl < 0) nextNl = Infinity;
          }
        };
        // A quote opens a quoted cell at the start of a cell, or right after the quote that closed
        // one (a `""` escape); elsewhere it is text (`5" screen`), as both readers take it.
        let open = inQuote ? base : -1;
        let q = s.indexOf('"', base);
        for (;;) {
          if (open < 0) {
            if (q < 0) { inQuote = false; break; }
            const before = q === 0 && at === 0 ? 10 : s.charCodeAt(q - 1);
            if (at - base + q === closedAt + 1 || before === SEP || before === 10 || before === 13 || (at === 0 && q === 3 && before === 0xbf)) open = q + 1;
            q = s.indexOf('"', q + 1);
          } else {
            breaksIn(open, q < 0 ? s.length : q);
            if (q < 0) { inQuote = true; break; }
            open = -1;
            closedAt = at - base + q;
            q = s.indexOf('"', q + 1);
          }
        }
      }
      prev = s.slice(-3);
    }
  } finally { stream.destroy(); }
  return undefined;
}

/**
 * The 0-based data record of each quoted line feed (byte offsets, ascending): the line feeds
 * before it, less the quoted ones, less the header's. A second pass, counting line feeds.
 */
async function recordsOf(file: string, offsets: number[]): Promise<number[]> {
  const out: number[] = [];
  let at = 0, feeds = 0, next = 0;
  const stream = createReadStream(file, { highWaterMark: 4 << 20, end: offsets[offsets.length - 1] });
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      for (let i = buf.indexOf(10); i >= 0 && next < offsets.length; i = buf.indexOf(10, i + 1)) {
        if (at + i === offsets[next]) { out.push(feeds - next - 1); next++; }
        feeds++;
      }
      at += buf.length;
    }
  } finally { stream.destroy(); }
  return out;
}

/** The line where 0-based data record `k` starts: `first` (the line of record 0) plus the quoted breaks before it. */
export function lineOfRecord(k: number, first: number, breaks: readonly number[]): number {
  let lo = 0, hi = breaks.length; // breaks below k
  while (lo < hi) { const mid = (lo + hi) >> 1; if (breaks[mid] < k) lo = mid + 1; else hi = mid; }
  return k + first + lo;
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

export interface StagedInputs {
  warnings: DataWarning[]; leads: number; hasEvents: boolean;
  /**
   * The declared event names (trimmed, lower-cased, first spelling wins, catalog order): the events
   * view's `ls_ev` is the 1-based place of an event's name (its `event` column) in this list, NULL
   * for a name not in it (compileSql's `eventCodes`, by stagedOptions).
   */
  eventCodes: string[];
  /**
   * Enum fields whose staged text needs no trimming: each value is a declared value as declared or
   * lower-cased (fastParse), none of which has white space at its ends, and no cell of the field
   * was set by the loader (arbitrated cells keep their text as written). compileSql's
   * `normalFields`, by stagedOptions: the query lower-cases them without the trim test (~5 ns ×
   * nine tests per value).
   */
  normalFields: string[];
  /**
   * With `deferUnknownLeads`: the events' check for lead ids that are no lead's is left to the
   * query (compileSql's `countEvents`). Call it once, with the sum of the query's EVENT_COUNT
   * column over its rows (the events whose lead id is a lead's), or undefined when the query has
   * no such column (CompiledSql.eventCount false), before reading `warnings` or anything staged
   * outside that query. It completes `warnings` as without deferral, and returns true when the
   * staged events changed in a way the query reads (an event's lead id trimmed into a lead's): the
   * query must then be run again. runSettled runs a query under this protocol.
   */
  settle?: (matched: number | undefined) => Promise<boolean>;
}

/**
 * The declared event names as the staged `event` column spells them (StagedInputs.eventCodes).
 * Not a blank one: an event without a name is a problem row, and an empty ev_t says so.
 */
function eventCodesOf(catalog: CatalogLike | undefined): string[] {
  return [...new Set(Object.keys(catalog?.events ?? {}).map((n) => n.trim().toLowerCase()))].filter((n) => n !== '');
}

/** A `kind: fields` definition or the engine's merged Catalog. */
export interface CatalogLike { id?: string; fields?: Record<string, FieldDecl>; events?: Record<string, EventDecl>; idColumn?: string }

/** The staged tables behind the `leads` and `events` views (row numbers come from their rowids). */
const LEADS_TABLE = 'ls_leads', EVENTS_TABLE = 'ls_events';

/** A temporary table filled through DuckDB's appender (row number, text, text). */
async function rowsTable(conn: DuckDBConnection, name: string, rows: [number, string, string | null][]): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${name} (r BIGINT, k VARCHAR, v VARCHAR)`);
  const app = await conn.createAppender(name);
  for (const [r, k, v] of rows) {
    app.appendBigInt(BigInt(r)); app.appendVarchar(k);
    if (v === null) app.appendNull(); else app.appendVarchar(v);
    app.endRow();
  }
  app.closeSync();
}

/** Text of a value the loader parsed, for valueSql (dates and date-times as epoch ms). */
const valueText = (v: unknown): string => (Array.isArray(v) ? v.join(';') : String(v));

/** Writes the loader's values of arbitrated cells back into a staged table (one UPDATE per column). */
async function applyFixes(conn: DuckDBConnection, table: string, fixes: [number, string, string][], typeOf: (k: string) => string): Promise<void> {
  if (!fixes.length) return;
  await rowsTable(conn, 'ls_fix', fixes);
  for (const k of new Set(fixes.map((f) => f[1]))) {
    await query(conn, `UPDATE ${table} SET ${ident(k)} = ${valueSql('f.v', typeOf(k))} FROM (SELECT r, v FROM ls_fix WHERE k = ${lit(k)}) AS f WHERE ${table}.rowid = f.r`);
  }
}

/** DuckDB's kinds of rejected CSV rows that are rows with too few or too many cells. */
const RAGGED = new Set(['MISSING COLUMNS', 'TOO MANY COLUMNS']);

/**
 * CREATE TABLE `table` AS `select(src.from)`, then the CSV rows DuckDB set aside for having too
 * few or too many cells (its rejects table) read as the in-process loader reads them — extra
 * cells ignored, missing ones empty, its warning (core/data/leads.ts CsvRecords) — and put back
 * in their places, so that rowid k is again the file's record k. `select(from, pass)` must pass
 * the column `pass` names through. Any other row DuckDB refuses is an InputError (the caller
 * falls back to the in-process loader). Returns the warnings, with their records and the
 * records' numbers of cells.
 */
async function stageTable(conn: DuckDBConnection, table: string, select: (from: string, pass: string) => string, src: RawSource,
  file: string, label: string, lines: Promise<(k: number) => number>): Promise<{ k: number; w: DataWarning; n: number }[]> {
  // DuckDB appends to its rejects tables, and a scan without rejects adds nothing: start empty.
  if (src.rejects) for (const t of [src.rejects, `${src.rejects}_scan`]) await conn.run(`DROP TABLE IF EXISTS ${ident(t)}`);
  await query(conn, `CREATE OR REPLACE TABLE ${table} AS ${select(src.from, '')}`, file);
  if (!src.rejects || !src.header) return [];
  const lineOf = await lines;
  const rejected = await query(conn, `SELECT DISTINCT line, error_type, error_message, csv_line FROM ${ident(src.rejects)} ORDER BY line`);
  if (!rejected.length) return [];
  const header = src.header;
  const out: { k: number; w: DataWarning; n: number }[] = [];
  let k = -1, n = 0;
  const records = new CsvRecords(label, (w) => { if (k >= 0) out.push({ k, w, n }); }, []);
  // The header as the staging reads it (a mapped id column is `id`: the warnings name the lead).
  records.row(src.present as CsvCells, 1);
  const rows: { k: number; cells: (string | null)[] }[] = [];
  for (const r of rejected) {
    const rk = Number(r.line) - 2; // DuckDB counts records, the header first
    if (!RAGGED.has(String(r.error_type))) throw new InputError(`${label}:${lineOf(rk)}: DuckDB cannot read this row (${String(r.error_message).split('\n')[0]})`);
    if (rows.length && rows[rows.length - 1].k === rk) continue;
    let cells: CsvCells | undefined, records1 = 0;
    try { readCsv(String(r.csv_line), 0, 0, true, (c) => { cells ??= c; records1++; }, csvSeparator(file)); } catch { records1 = 0; }
    if (records1 !== 1 || !cells || cells.issues) throw new InputError(`${label}:${lineOf(rk)}: DuckDB cannot read this row`);
    k = rk;
    n = cells.length;
    records.row(cells, lineOf(rk));
    rows.push({ k: rk, cells: header.map((_, i) => (i < cells!.length && cells![i] !== '' ? cells![i] : null)) });
  }
  // The set-aside rows, typed by the same select; the kept rows move down past them.
  const rej = `${table}_rejected`, all = `${table}_all`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${rej} (ls_k BIGINT${header.map((h) => `, ${ident(h)} VARCHAR`).join('')})`);
  const app = await conn.createAppender(rej);
  for (const r of rows) {
    app.appendBigInt(BigInt(r.k));
    for (const c of r.cells) if (c === null) app.appendNull(); else app.appendVarchar(c);
    app.endRow();
  }
  app.closeSync();
  // Kept row i is record i + (rejected rows before it): rejected row j (0-based) has k_j - j kept rows before it.
  const shift = new Map<number, number>();
  rows.forEach((r, j) => shift.set(r.k - j, j + 1));
  await rowsTable(conn, 'ls_shift', [...shift].map(([kept, n]) => [kept, String(n), null]));
  await query(conn, `CREATE OR REPLACE TABLE ${all} AS SELECT * EXCLUDE (ls_k) FROM (
      SELECT t.*, t.rowid + coalesce(CAST(s.k AS BIGINT), 0) AS ls_k FROM ${table} AS t ASOF LEFT JOIN ls_shift AS s ON t.rowid >= s.r
      UNION ALL BY NAME ${select(rej, ', ls_k')}) ORDER BY ls_k`, file);
  await conn.run(`DROP TABLE ${table}`);
  await conn.run(`ALTER TABLE ${all} RENAME TO ${table}`);
  return out;
}

/**
 * SQL of a staged row's line (`l.rowid` is its record): record + first line, plus the quoted
 * line breaks before it from `table` (filled here, joined as `s` by the caller) when there are any.
 */
async function rowNumbers(conn: DuckDBConnection, table: string, first: number, breaks: number[]): Promise<string> {
  if (!breaks.length) return `l.rowid + ${first}`;
  // From record k + 1 on, the breaks up to record k count.
  const from = new Map<number, number>();
  breaks.forEach((k, i) => from.set(k + 1, i + 1));
  await rowsTable(conn, table, [...from].map(([r, n]) => [r, String(n), null]));
  return `l.rowid + ${first} + coalesce(CAST(s.k AS BIGINT), 0)`;
}

/**
 * Creates the `leads` and `events` views the compiled query reads (compile with STAGED), typed
 * by the catalog: leads in file order (`ls_row`), events with normalised names.
 *
 * One pass over each file types every cell in DuckDB (fastParse: TRY_CAST, no per-cell regular
 * expression) and keeps the text of the few cells it does not read as the loader would. Those
 * cells, the rows without or repeating an id and the events with a problem are then found with
 * set-based queries and handed to the in-process loader itself (LeadCollector), so the warnings
 * are its warnings — same file, row, field and message, in its order — and a cell the loader
 * reads (`2026-11-22T01:00Z`, ` 12 `) gets the loader's value.
 */
export async function stageInputs(conn: DuckDBConnection, leadsFile: string, eventsFile: string | undefined, catalog: CatalogLike | undefined,
  label: (path: string) => string = (p) => p, breaksOf: (path: string) => Promise<number[]> = async () => [],
  /**
   * The catalog fields a reader of the `leads` view needs (CompiledSql.leadFields and what the
   * caller reads itself); the others are checked (their warnings) but not stored, and the view has
   * no such column, so that a reader that was not told fails instead of reading NULLs. All when absent.
   */
  keep?: ReadonlySet<string>,
  /**
   * Leave the events' unknown-lead check to the query (StagedInputs.settle): only for a caller
   * that runs one query compiled with `countEvents` before it reads the staged data otherwise.
   */
  opts: { deferUnknownLeads?: boolean } = {}): Promise<StagedInputs> {
  const file = label(leadsFile);
  const fields = Object.entries(catalog?.fields ?? {}).filter(([, d]) => d && typeof d.type === 'string');
  // Headers as the loader reads them: its `column:` / `id_column:` mappings, field names in any case.
  const mapped = columnMap({ fields: catalog?.fields ?? {}, events: {}, idColumn: catalog?.idColumn });
  const fieldOf = new Map(fields.map(([k]) => [k.toLowerCase(), k]));
  // A CSV header is trimmed first (CsvRecords.row); a JSON key is matched as written, in any case
  // (LeadCollector.addLead: ` tags ` is no field, ` id ` no id), but for the catalog's id_column.
  const readHeader = (h: string) => { const t = h.trim(), l = t.toLowerCase(); return mapped.get(l) ?? (t === 'id' ? 'id' : fieldOf.get(l) ?? t); };
  const readKey = (k: string) => { const l = k.toLowerCase(); return k === 'id' || mapped.get(k.trim().toLowerCase()) === 'id' ? 'id' : mapped.get(l) ?? fieldOf.get(l) ?? k; };
  const leadsFormat = formatOf(leadsFile);
  const readAs = leadsFormat === 'json' || leadsFormat === 'jsonl' ? readKey : readHeader;
  const asText = new Set(['id', ...fields.filter(([, d]) => !['integer', 'number', 'boolean', 'date', 'datetime'].includes(d.type)).map(([k]) => k)]);
  const src = await rawSource(conn, leadsFile, ['id', ...fields.map(([k]) => k)], readAs, 'ls_rejects_leads', true, asText);
  if (src.present.includes('events')) throw new InputError(`${file}: leads with embedded 'events' are not read by the DuckDB engine; put the events in an events file, or use --engine memory`);
  if (!src.cols.has('id')) throw new InputError(`${file}: no 'id' column; every lead needs an id`);
  const rowBase = 1 + (formatOf(leadsFile) === 'csv' ? 1 : 0); // CSV rows count the header line
  const present = fields.filter(([k]) => src.cols.has(k));
  const kept = (k: string) => !keep || keep.has(k);
  const raw = (k: string) => ident('raw_' + k);
  // JSON: a cell whose text may not be the loader's reading of its JSON value (jsonTextNotOk) is
  // doubtful in every kind of field — a number in a text field is the loader's String(n), an
  // object there its warning — and the loader gets its JSON value.
  const js = src.json, notOk = (k: string) => src.notOk!.get(k)!;
  const fast = (k: string, d: FieldDecl) => {
    if (!js) return fastParse(raw(k), d.type, d);
    switch (d.type) {
      // A text these read as a value is the same value whatever its JSON type (1.0 and "1.0" are 1).
      case 'integer': case 'number': case 'boolean': case 'date': case 'datetime': return fastParse(raw(k), d.type, d);
      case 'enum': return jsonIfOk(notOk(k), fastParse(raw(k), d.type, d));
      // Not a string: an array of plain strings is read here (an object's text is no such array).
      case 'list': return `CASE WHEN ${notOk(k)} THEN ${jsonPlainList(raw(k))} ELSE ${raw(k)} END`;
      default: return jsonIfOk(notOk(k), raw(k));
    }
  };
  const checkable = present.filter(([k, d]) => fast(k, d) !== raw(k));
  const idCol = src.cols.get('id')!, idPath = js?.get('id');
  const inner = [`${idPath ? jsonIfOk(notOk('id'), duckTrim(idCol)) : duckTrim(idCol)} AS id`, ...present.map(([k]) => `${src.cols.get(k)} AS ${raw(k)}`)];
  const tracked = src.tracked ?? [];
  if (idPath) {
    // An id the loader reads otherwise than DuckDB's text (1.0, 1e3; an object or array is no id): set by the loader below.
    inner.push('ls_rec', `CASE WHEN ${notOk('id')} THEN ${jsonCell(idPath)} END AS ls_idj`, ...(tracked.length ? ['ls_k'] : []),
      ...present.filter(([k]) => asText.has(k)).map(([k]) => notOk(k)));
  }
  const typed = present.map(([k, d]) => `${fast(k, d)} AS ${ident(k)}`);
  // The text of the doubtful cells of a row, in one list column (NULL for nearly every row: one
  // mostly empty column costs far less to write than one per field). JSON: their JSON texts.
  const badCell = (k: string) => `(${ident(k)} IS NULL AND ${raw(k)} <> '')`;
  const anyBad = checkable.map(([k]) => badCell(k)).join(' OR ');
  // JSON: then the record's keys (JSON_KEYS; the order of the row's warnings), and the keys of the
  // records that have a key looked for (the first of them is where the loader warns about it).
  const bad = checkable.length ? `, CASE WHEN ${anyBad} THEN [${checkable.map(([k]) => `CASE WHEN ${badCell(k)} THEN ${js ? jsonCell(js.get(k)!) : raw(k)} END`).join(', ')}${js ? `, ${JSON_KEYS}` : ''}] END AS ls_bad` : '';
  const jsonCols = js ? `, ls_idj, ${tracked.length ? `CASE WHEN list_has_any(ls_k, [${tracked.map(lit).join(', ')}]) THEN ls_k END` : 'CAST(NULL AS VARCHAR[])'} AS ls_keys` : '';
  const select = (from: string, pass: string) => `SELECT id${present.filter(([k]) => kept(k)).map(([k]) => `, ${ident(k)}`).join('')}${bad}${jsonCols}${pass}
    FROM (SELECT *${typed.map((t) => `, ${t}`).join('')} FROM (SELECT ${inner.join(', ')}${pass} FROM ${from}))`;
  // Records are lines, but for the line breaks inside quoted cells (the pre-scan's, while DuckDB reads).
  const breaksP = breaksOf(leadsFile);
  const ragged = await stageTable(conn, LEADS_TABLE, select, src, leadsFile, file, breaksP.then((b) => (k: number) => lineOfRecord(k, rowBase, b)));
  const breaks = await breaksP;
  const lineOf = (k: number) => lineOfRecord(k, rowBase, breaks);
  if (js) {
    // Ids whose JSON value the loader prints otherwise than DuckDB (1.0, 1e3, 12345678901234567891;
    // an object or array is no id): the loader's String(value), before duplicates are looked for.
    const ids = await query(conn, `SELECT rowid AS r, ls_idj FROM ${LEADS_TABLE} WHERE ls_idj IS NOT NULL`);
    await applyFixes(conn, LEADS_TABLE, ids.map((r) => [Number(r.r), 'id', idText(parseCell(String(r.ls_idj), file))]), () => 'string');
  }
  // Catalog fields the file lacks are missing for every lead (columns of the view, not stored).
  const column = (k: string, d: FieldDecl) => (src.cols.has(k) ? `l.${ident(k)}` : `CAST(NULL AS ${sqlType(d.type)}) AS ${ident(k)}`);
  await conn.run(`CREATE OR REPLACE VIEW ${LEADS_VIEW} AS SELECT ${await rowNumbers(conn, 'ls_lines_leads', rowBase, breaks)} AS ${ROW_COLUMN}, l.id${fields.filter(([k]) => kept(k)).map(([k, d]) => `, ${column(k, d)}`).join('')}
    FROM ${LEADS_TABLE} AS l${breaks.length ? ' ASOF LEFT JOIN ls_lines_leads AS s ON l.rowid >= s.r' : ''}`);

  // Lead warnings in the order core/data/leads.ts emits them: by row, then by column within a row.
  const found: { row: number; pos: number; w: DataWarning }[] = ragged.map(({ k, w }) => ({ row: lineOf(k), pos: -2, w }));
  const pos = (c: string) => src.present.indexOf(c);
  // JSON: a warning's place in its row is its key's place in that record (records differ).
  const posIn = (keys: string[] | undefined, c: string) => {
    const i = keys ? keys.findIndex((k) => readAs(k) === c) : -1;
    return i < 0 ? pos(c) : i;
  };
  // Rows without an id, and later rows repeating one, are skipped (the first of an id wins).
  const firstRow = new Map<string, number>(), drop: [number, string, null][] = [];
  for (const r of await query(conn, `SELECT rowid AS r, id FROM ${LEADS_TABLE} WHERE id IS NULL OR id = ''
      OR id IN (SELECT id FROM ${LEADS_TABLE} WHERE id <> '' GROUP BY id HAVING count(*) > 1) ORDER BY rowid`)) {
    const row = lineOf(Number(r.r)), id = r.id === null || r.id === undefined ? '' : String(r.id);
    if (id === '') found.push({ row, pos: -1, w: { file, row, field: 'id', message: 'row has no id; skipped (every lead needs a value in the `id` column)' } });
    else if (!firstRow.has(id)) { firstRow.set(id, row); continue; }
    else found.push({ row, pos: -1, w: { file, row, lead: id, field: 'id', message: `duplicate id '${id}' (first at ${file}:${firstRow.get(id)}); this row is skipped` } });
    drop.push([Number(r.r), '', null]);
  }
  if (drop.length) {
    await rowsTable(conn, 'ls_drop', drop);
    await conn.run(`DELETE FROM ${LEADS_TABLE} WHERE rowid IN (SELECT r FROM ls_drop)`);
  }
  const declared = new Set(['id', ...fields.map(([k]) => k)]);
  const undeclared = src.present.filter((c) => !declared.has(c) && c !== 'events');
  if (undeclared.length) {
    // Reported once, at the first lead that has an id and a cell in the column: a CSV header's
    // column is in every row but those with too few cells to reach it (CsvRecords.row gives them
    // no key there). The rows without an id and the duplicates are out of the table by now.
    const short = new Map<number, number>();
    for (const { k, n } of ragged) if (src.header && n < src.header.length) short.set(k, n);
    const firsts = await query(conn, `SELECT rowid AS r, id FROM ${LEADS_TABLE} ORDER BY rowid LIMIT ${short.size + 1}`);
    // JSON: a key the first record lacks (or every key, when the first record is no lead) at the
    // first lead whose record has it, as the loader meets it.
    const firstWith = new Map<string, { r: number; id: string; keys: string[] }>();
    if (tracked.length) {
      for (const x of await query(conn, `SELECT x.k, x.r, l.id, l.ls_keys FROM (SELECT k, min(r) AS r FROM (SELECT rowid AS r, unnest(ls_keys) AS k FROM ${LEADS_TABLE} WHERE ls_keys IS NOT NULL)
          WHERE list_contains([${tracked.map(lit).join(', ')}], k) GROUP BY k) AS x JOIN ${LEADS_TABLE} AS l ON l.rowid = x.r`)) {
        firstWith.set(String(x.k), { r: Number(x.r), id: String(x.id), keys: jsOrder((x.ls_keys as string[]).map(String)) });
      }
    }
    const message = (c: string) => `column '${c}' is not declared in the catalog${catalog?.id ? ` '${catalog.id}'` : ''}; kept for display only (declare it under \`fields:\` to use it in conditions)`;
    for (const c of undeclared) {
      const h = src.headers?.[src.present.indexOf(c)];
      if (h !== undefined && tracked.includes(h)) {
        const f = firstWith.get(h);
        if (!f) continue;
        const row = lineOf(f.r);
        found.push({ row, pos: f.keys.indexOf(h), w: { file, row, lead: f.id, field: c, message: message(c) } });
        continue;
      }
      const first = firsts.find((x) => (short.get(Number(x.r)) ?? Infinity) > pos(c));
      if (!first) continue;
      const row = lineOf(Number(first.r));
      found.push({ row, pos: h !== undefined && src.firstKeys ? src.firstKeys.indexOf(h) : pos(c), w: { file, row, lead: String(first.id), field: c, message: message(c) } });
    }
  }
  // The cells DuckDB left to the loader: its parser decides (value or warning, its message).
  const collector = new LeadCollector({ id: catalog?.id, fields: catalog?.fields ?? {}, events: catalog?.events ?? {}, idColumn: catalog?.idColumn });
  const fixes: [number, string, string][] = [];
  if (checkable.length) {
    // In file order, so that the loader sees (and warns about) a row's cells as it would.
    const cols = checkable.map(([k], i) => [k, i] as const).sort((a, b) => pos(a[0]) - pos(b[0]));
    const rows = await query(conn, `SELECT rowid AS r, id, ls_bad FROM ${LEADS_TABLE} WHERE ls_bad IS NOT NULL ORDER BY rowid`);
    const slot = new Map(checkable.map(([k], i) => [k, i]));
    for (const r of rows) {
      const row = lineOf(Number(r.r)), cells = r.ls_bad as (string | null)[];
      const rec: Record<string, unknown> = { id: r.id };
      // JSON: the record's own key order, and the cells as JSON values (as JSON.parse gives them to the loader).
      const keys = js ? jsOrder(JSON.parse(cells[checkable.length]!) as string[]) : undefined;
      if (keys) {
        for (const key of keys) {
          const k = readAs(key), i = slot.get(k);
          if (i !== undefined && cells[i] !== null && cells[i] !== undefined) rec[k] = parseCell(cells[i]!, file);
        }
      } else for (const [k, i] of cols) if (cells[i] !== null && cells[i] !== undefined) rec[k] = cells[i];
      const from = collector.warnings.length;
      const lead = collector.addLead(rec, file, row);
      for (const w of collector.warnings.slice(from)) found.push({ row, pos: posIn(keys, w.field ?? ''), w });
      for (const [k] of cols) {
        const v = lead?.values[k];
        if (rec[k] === undefined || v === undefined || !kept(k)) continue;
        // A staged list is `;`-separated text: an item holding `;` cannot be staged.
        if (Array.isArray(v) && v.some((x) => String(x).includes(';'))) throw new InputError(`${file}:${row}: an item of the list '${k}' holds ';', which separates the items of a staged list`);
        fixes.push([Number(r.r), k, valueText(v)]);
      }
    }
  }
  await applyFixes(conn, LEADS_TABLE, fixes, (k) => catalog!.fields![k].type);
  const warnings = found.sort((a, b) => a.row - b.row || a.pos - b.pos).map((x) => x.w);
  const n = Number((await query(conn, `SELECT count(*) AS n FROM ${LEADS_TABLE}`))[0].n);

  // Events: lead_id, event, at and one column per declared property (first declaration wins).
  const props = new Map<string, string>();
  for (const decl of Object.values(catalog?.events ?? {})) for (const [p, t] of Object.entries(decl?.properties ?? {})) if (!props.has(p)) props.set(p, t);
  let settle: StagedInputs['settle'];
  if (eventsFile) {
    const leadWarnings = warnings.length;
    const ev = await stageEvents(conn, eventsFile, catalog, props, label, breaksOf, opts.deferUnknownLeads === true);
    warnings.push(...ev.warnings);
    if (ev.settle) {
      const evSettle = ev.settle;
      settle = async (matched) => {
        const r = await evSettle(matched);
        if (r) warnings.splice(leadWarnings, warnings.length - leadWarnings, ...r.warnings);
        return r?.rerun ?? false;
      };
    }
  } else {
    const pcols = [...props].map(([p, t]) => `CAST(NULL AS ${sqlType(t as FieldType)}) AS ${ident(p)}`);
    await conn.run(`CREATE OR REPLACE TABLE ${EVENTS_TABLE} AS SELECT CAST(NULL AS VARCHAR) AS lead_id, CAST(NULL AS VARCHAR) AS event, CAST(NULL AS TIMESTAMP) AS "at"${pcols.map((c) => `, ${c}`).join('')}, CAST(NULL AS INTEGER) AS ls_ev WHERE FALSE`);
    await conn.run(`CREATE OR REPLACE VIEW ${EVENTS_VIEW} AS SELECT * FROM ${EVENTS_TABLE}`);
  }
  // Enum columns that hold only declared values as declared (or lower-cased) — no cell the loader
  // arbitrated (its value keeps the text as written: ` SaaS `) — of declared values without white
  // space at their ends: the query reads them lower-cased, without the trim (StagedInputs.normalFields).
  const fixed = new Set(fixes.map((f) => f[1]));
  const normalFields = fields.filter(([k, d]) => d.type === 'enum' && kept(k) && !fixed.has(k) && Array.isArray(d.values) && d.values.length > 0
    && d.values.every((x) => String(x) === String(x).trim() && String(x).toLowerCase() === String(x).toLowerCase().trim())).map(([k]) => k);
  return { warnings, leads: n, hasEvents: !!eventsFile, eventCodes: eventCodesOf(catalog), normalFields, ...(settle ? { settle } : {}) };
}

/**
 * The events table: typed in one pass, names trimmed and lower-cased (compile with STAGED).
 * The rows with a problem — no lead_id, no name, no or a doubtful `at`, an unknown lead, a
 * doubtful property, and the first of each undeclared name — go through the loader's addEvent
 * in file order: its warnings, and its values for the cells it reads.
 */
async function stageEvents(conn: DuckDBConnection, eventsFile: string, catalog: CatalogLike | undefined, props: Map<string, string>, label: (p: string) => string,
  breaksOf: (path: string) => Promise<number[]>, defer: boolean): Promise<{ warnings: DataWarning[]; settle?: (matched: number | undefined) => Promise<{ warnings: DataWarning[]; rerun: boolean } | undefined> }> {
  const file = label(eventsFile);
  const asText = new Set(['lead_id', 'event', ...[...props].filter(([, t]) => t !== 'number' && t !== 'boolean').map(([p]) => p)]);
  const ev = await rawSource(conn, eventsFile, ['lead_id', 'event', 'at', ...props.keys()], undefined, 'ls_rejects_events', false, asText);
  for (const c of ['lead_id', 'event', 'at']) if (!ev.cols.has(c)) throw new InputError(`${file}: no '${c}' column; events need lead_id, event and at`);
  const rowBase = 1 + (formatOf(eventsFile) === 'csv' ? 1 : 0);
  const codes = eventCodesOf(catalog), declaredNames = codes.map(lit);
  const hasCatalog = declaredNames.length > 0 || Object.keys(catalog?.fields ?? {}).length > 0;
  const isDeclared = (x: string) => (declaredNames.length ? oneOf(x, declaredNames.join(', ')) : 'FALSE');
  // Number and boolean properties are typed (and may be doubtful); text ones are kept as written
  // (JSON: as the loader's String(value) — a number, an object — they may be doubtful too).
  const js = ev.json, notOk = (k: string) => ev.notOk!.get(k)!;
  const raw = (k: string) => ident('raw_' + k);
  const fast = (p: string, t: FieldType) => (js && fastParse('x', t) === 'x' ? jsonIfOk(notOk(p), raw(p)) : fastParse(raw(p), t));
  const checked = [...props].filter(([p, t]) => ev.cols.has(p) && fast(p, t as FieldType) !== raw(p)).map(([p]) => p);
  const present = [...props.keys()].filter((p) => ev.cols.has(p));
  const typed = present.map((p) => `${fast(p, props.get(p) as FieldType)} AS ${ident(p)}`);
  // One list column holds the text of the doubtful cells (`at`, then the checked properties; JSON: their JSON texts).
  const badCell = (k: string) => `(${ident(k)} IS NULL AND ${raw(k)} <> '')`;
  const doubtful = ['at', ...checked];
  const anyBad = doubtful.map(badCell).join(' OR ');
  // A CSV whose only doubtful cell is `at` stores that cell's text itself, not a one-item LIST
  // (a LIST per row, NULL or not, cost ~20 ms per 1M events to build and store); the problem
  // rows read it back as the list (`badList`), so everything after sees the same cells.
  const badText = !js && doubtful.length === 1;
  const badList = badText ? `CASE WHEN ls_bad IS NOT NULL THEN [ls_bad] END AS ls_bad` : 'ls_bad';
  // JSON: a lead id or name the loader reads otherwise than DuckDB's text (["visit"] is 'visit',
  // 1.0 is '1': set by the loader below), and the keys of the records the loader warns about
  // (their order is the warnings').
  // A lead id as written (trimLeadIds trims the few that can need it); a name trimmed unless it
  // is a declared one (declared names are trimmed: one list look-up instead of the trim tests).
  // The name's code (`ls_ev`, StagedInputs.eventCodes) comes from the same look-up: a name declared
  // as written is its place in the list (`ls_evp`); another is looked up again, trimmed and as the
  // view spells it (evName), which only names that are not declared as written pay for.
  const position = (x: string) => (codes.length ? `NULLIF(list_position([${declaredNames.join(', ')}], ${x}), 0)` : 'CAST(NULL AS INTEGER)');
  const evName = (x: string) => `CASE WHEN ${isDeclared(x)} THEN ${x} ELSE lower(${x}) END`;
  const named = codes.length ? `coalesce(ev_t, [${declaredNames.join(', ')}][ls_ev])` : 'ev_t';
  const leadId = js ? jsonIfOk(notOk('lead_id'), ev.cols.get('lead_id')!) : ev.cols.get('lead_id')!;
  const evT = `CASE WHEN ls_evp IS NOT NULL THEN ls_evx ELSE ${duckTrim('ls_evx')} END`;
  const jsonIn = js ? `, ls_rec, CASE WHEN ${notOk('lead_id')} OR ${notOk('event')} THEN [${jsonCell(js.get('lead_id')!)}, ${jsonCell(js.get('event')!)}] END AS ls_keyj${present.filter((p) => asText.has(p)).map((p) => `, ${notOk(p)}`).join('')}` : '';
  // A name declared as written is stored as its code alone (ev_t NULL: a tenth less to store);
  // `named` is the name as staged before (trimmed), `evName(named)` as the view spells it.
  const select = (from: string, pass: string) => `SELECT lead_id, CASE WHEN ls_evp IS NULL THEN ev_t END AS ev_t, "at"${present.map((p) => `, ${ident(p)}`).join('')},
      ${badText ? `CASE WHEN ${anyBad} THEN ${raw('at')} END` : `CASE WHEN ${anyBad} THEN [${doubtful.map((k) => `CASE WHEN ${badCell(k)} THEN ${js ? jsonCell(js.get(k)!) : raw(k)} END`).join(', ')}${js ? `, ${JSON_KEYS}` : ''}] END`} AS ls_bad${js ? ', ls_keyj' : ''},
      CASE WHEN ls_evp IS NOT NULL THEN ls_evp ELSE ${position(evName('ev_t'))} END AS ls_ev${pass}
    FROM (SELECT *, ${js ? jsonIfOk('ls_evn', evT) : evT} AS ev_t, ${fastParse(raw('at'), 'datetime')} AS "at"${typed.map((t) => `, ${t}`).join('')} FROM (
      SELECT ${leadId} AS lead_id, ${ev.cols.get('event')} AS ls_evx, ${position(ev.cols.get('event')!)} AS ls_evp${js ? `, ${notOk('event')} AS ls_evn` : ''}, ${ev.cols.get('at')} AS ${raw('at')}${present.map((p) => `, ${ev.cols.get(p)} AS ${raw(p)}`).join('')}${jsonIn}${pass}
      FROM ${from}))`;
  const breaksP = breaksOf(eventsFile);
  const ragged = await stageTable(conn, EVENTS_TABLE, select, ev, eventsFile, file, breaksP.then((b) => (k: number) => lineOfRecord(k, rowBase, b)));
  const breaks = await breaksP;
  const lineOf = (k: number) => lineOfRecord(k, rowBase, breaks);
  if (js) {
    // Lead ids and names whose JSON value the loader reads otherwise (["visit"] is 'visit', 1.0 is '1'), before the problem rows are looked for.
    const fix: [number, string, string][] = [];
    for (const r of await query(conn, `SELECT rowid AS r, ls_keyj FROM ${EVENTS_TABLE} WHERE ls_keyj IS NOT NULL`)) {
      const [l, e] = (r.ls_keyj as (string | null)[]).map((j) => keyText(j === null || j === undefined ? null : parseCell(j, file)));
      fix.push([Number(r.r), 'lead_id', l], [Number(r.r), 'ev_t', e]);
    }
    await applyFixes(conn, EVENTS_TABLE, fix, () => 'string');
    if (fix.length) await query(conn, `UPDATE ${EVENTS_TABLE} SET ls_ev = ${position(evName('ev_t'))} WHERE ls_keyj IS NOT NULL`);
  }
  // The loader warns about a ragged row before anything else on it.
  const inOrder = (ws: DataWarning[]) => (ragged.length ? [...ragged.map((x) => x.w), ...ws].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) : ws);
  // Names lower-cased (declared ones already are) and absent properties in the view, not stored.
  await conn.run(`CREATE OR REPLACE VIEW ${EVENTS_VIEW} AS SELECT lead_id, ${codes.length ? `CASE WHEN ev_t IS NULL THEN [${declaredNames.join(', ')}][ls_ev] ELSE ${evName('ev_t')} END` : evName('ev_t')} AS event, "at"${[...props].map(([p, t]) => `, ${ev.cols.has(p) ? ident(p) : `CAST(NULL AS ${sqlType(t as FieldType)}) AS ${ident(p)}`}`).join('')}, ls_ev FROM ${EVENTS_TABLE}`);

  // The events of unknown leads (no lead_id, '' or an id no staged lead has) in one anti join,
  // kept for the selection and for `known`; the other problems are tests on the row itself.
  // (One query of ORs over a mark join, as before, cost a fifth more: every test on every row.)
  // Deferred (`defer`, the first pass): no anti join — the events without a lead id, and `known`
  // of the rows picked for another problem; settle() then compares the events with an unknown
  // lead that the query counts (every event less those of a lead) with the picked ones: when
  // they are as many, every such event was picked and the pass was the one below with the join.
  const incomplete = `(ev_t IS NULL AND ls_ev IS NULL) OR ev_t = '' OR "at" IS NULL`;
  const problemRows = async (join: boolean) => {
    const picks = join ? [`SELECT r FROM ls_unknown`, `SELECT rowid FROM ${EVENTS_TABLE} WHERE ${incomplete} OR ls_bad IS NOT NULL`]
      : [`SELECT rowid FROM ${EVENTS_TABLE} WHERE ${incomplete} OR ls_bad IS NOT NULL OR lead_id IS NULL OR lead_id = ''`];
    // The first event of each undeclared name among those the loader keeps (a known lead, a name, a time).
    if (hasCatalog) picks.push(`SELECT min(rowid) FROM ${EVENTS_TABLE} WHERE ev_t IS NOT NULL AND NOT ${isDeclared('ev_t')} AND NOT (lead_id IS NULL OR ${incomplete})
      AND lead_id IN (SELECT id FROM ${LEADS_TABLE}) GROUP BY lower(ev_t)`);
    const rows = await query(conn, `${join ? `WITH ls_unknown AS MATERIALIZED (SELECT e.rowid AS r FROM ${EVENTS_TABLE} AS e ANTI JOIN ${LEADS_TABLE} AS l ON e.lead_id = l.id)\n    ` : ''}SELECT rowid AS r, lead_id, ${named} AS ev, strftime("at", '%Y-%m-%dT%H:%M:%S.%gZ') AS at_text, ${badList}${join ? ', rowid NOT IN (SELECT r FROM ls_unknown) AS known' : ''}
    FROM ${EVENTS_TABLE} WHERE rowid IN (${picks.join(' UNION ALL ')}) ORDER BY rowid`);
    if (!join) {
      // `known` of the picked rows only (a look-up of every lead id would build the leads' hash table even for none).
      const ids = [...new Set(rows.map((r) => r.lead_id).filter((x): x is string => typeof x === 'string' && x !== ''))];
      let known = new Set<string>();
      if (ids.length) {
        await rowsTable(conn, 'ls_picked', ids.map((k) => [0, k, null]));
        known = new Set((await query(conn, `SELECT k FROM ls_picked SEMI JOIN ${LEADS_TABLE} AS l ON k = l.id`)).map((x) => String(x.k)));
      }
      for (const r of rows) r.known = typeof r.lead_id === 'string' && known.has(r.lead_id);
    }
    const fixes: [number, string, string][] = await trimLeadIds(conn, rows);
    // After the trims: the picked events whose lead id is still no lead's, and whether a trim made one a lead's.
    const trimmed = new Set(fixes.map(([r]) => r));
    const unknown = rows.reduce((n, r) => n + (r.known ? 0 : 1), 0), trimmedKnown = rows.some((x) => x.known && trimmed.has(Number(x.r)));
    return { warnings: await loaderPass(rows, fixes), unknown, trimmedKnown };
  };
  if (defer) {
    const first = await problemRows(false);
    const total = Number((await query(conn, `SELECT count(*) AS n FROM ${EVENTS_TABLE}`))[0].n);
    return {
      warnings: first.warnings,
      settle: async (matched) => {
        if (matched !== undefined && total - matched === first.unknown) return undefined;
        const all = await problemRows(true);
        return { warnings: all.warnings, rerun: all.trimmedKnown };
      },
    };
  }
  return { warnings: (await problemRows(true)).warnings };

  async function loaderPass(rows: Record<string, unknown>[], fixes: [number, string, string][]): Promise<DataWarning[]> {
    if (!rows.length) return inOrder([]);
    // Declared events go through the loader with the catalog; a known lead is a stub it can attach to.
    const collector = new LeadCollector({ id: catalog?.id, fields: catalog?.fields ?? {}, events: catalog?.events ?? {} });
    const inHeaderOrder = checked.map((p, i) => [p, i] as const).sort((a, b) => ev.present.indexOf(a[0]) - ev.present.indexOf(b[0]));
    for (const r of rows) {
      const row = lineOf(Number(r.r)), leadId = r.lead_id === null || r.lead_id === undefined ? '' : String(r.lead_id);
      let stub: Lead | undefined;
      if (r.known && leadId) {
        stub = collector.byId.get(leadId);
        if (!stub) { stub = { id: leadId, values: {}, raw: {}, events: [] }; collector.byId.set(leadId, stub); }
      }
      const cells = (r.ls_bad ?? []) as (string | null | undefined)[];
      let rec: Record<string, unknown>;
      if (js) {
        // The record's own key order, and the doubtful cells as JSON values (as JSON.parse gives them to the loader).
        const cell = (i: number) => (cells[i] === null || cells[i] === undefined ? undefined : parseCell(cells[i]!, file));
        const known: Record<string, unknown> = { lead_id: r.lead_id, event: r.ev, at: cell(0) ?? r.at_text };
        checked.forEach((p, i) => { const v = cell(i + 1); if (v !== undefined) known[p] = v; });
        rec = {};
        const keys = cells.length > doubtful.length ? jsOrder(JSON.parse(cells[doubtful.length]!) as string[]) : [];
        for (const k of keys) if (Object.hasOwn(known, k)) rec[k] = known[k];
        for (const k of Object.keys(known)) if (!Object.hasOwn(rec, k)) rec[k] = known[k];
      } else {
        // The properties in the header's order: the loader warns about a row's bad properties in it.
        rec = { lead_id: r.lead_id, event: r.ev, at: cells[0] ?? r.at_text };
        for (const [p, i] of inHeaderOrder) if (cells[i + 1] !== null && cells[i + 1] !== undefined) rec[p] = cells[i + 1];
      }
      const before = stub?.events.length ?? 0;
      collector.addEvent(rec, file, row);
      const added = stub && stub.events.length > before ? stub.events[stub.events.length - 1] : undefined;
      if (!added) continue;
      if (cells[0] !== null && cells[0] !== undefined) fixes.push([Number(r.r), 'at', String(added.at)]);
      for (const p of checked) if (rec[p] !== undefined && added.props[p] !== undefined) fixes.push([Number(r.r), p, valueText(added.props[p])]);
    }
    await applyFixes(conn, EVENTS_TABLE, fixes, (k) => (k === 'at' ? 'datetime' : props.get(k) ?? 'string'));
    return inOrder(collector.warnings);
  }
}

/**
 * The lead ids of the problem rows (`rows`, from stageEvents) trimmed as the loader trims them,
 * in the rows and in the staged table (returned as fixes). Lead ids are staged as written: only
 * an event whose lead id no lead has can need a trim (ids are trimmed, so a lead id equal to one
 * has nothing to trim), and those events are all among the problem rows. A trimmed lead id that
 * is a lead's makes its row `known`. (A trim test on every event cost a tenth of their CREATE.)
 */
async function trimLeadIds(conn: DuckDBConnection, rows: Record<string, unknown>[]): Promise<[number, string, string][]> {
  const fixes: [number, string, string][] = [];
  const trimmed = new Map<Record<string, unknown>, string>();
  for (const r of rows) {
    if (r.known || typeof r.lead_id !== 'string') continue;
    const t = r.lead_id.trim();
    if (t !== r.lead_id) { trimmed.set(r, t); fixes.push([Number(r.r), 'lead_id', t]); }
  }
  if (!trimmed.size) return fixes;
  await rowsTable(conn, 'ls_trimmed', [...new Set(trimmed.values())].map((t) => [0, t, null]));
  const known = new Set((await query(conn, `SELECT k FROM ls_trimmed SEMI JOIN ${LEADS_TABLE} AS l ON k = l.id`)).map((x) => String(x.k)));
  for (const [r, t] of trimmed) { r.lead_id = t; r.known = known.has(t); }
  return fixes;
}

export function sqlType(t: FieldType): string {
  switch (t) {
    case 'integer': case 'number': return 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'datetime': return 'TIMESTAMP';
    default: return 'VARCHAR';
  }
}

/**
 * The staged events the in-process loader keeps (LeadCollector.addEventFields): a known lead, a
 * name and a time. The staged table also holds the rows it warned about (an unknown lead, no time).
 */
export const KEPT_EVENTS = `${EVENTS_VIEW} e SEMI JOIN ${LEADS_VIEW} l ON e.lead_id = l.id WHERE e."at" IS NOT NULL AND coalesce(e.event, '') <> ''`;

/**
 * Runs the staged data's query under StagedInputs.settle's protocol, so every caller settles the
 * events' unknown-lead check the same way: `run(count)` runs the query (from scratch: a second
 * call starts over) and, when `count`, returns the sum of its EVENT_COUNT column. Without the
 * column (`counted` false: CompiledSql.eventCount) the check is settled before the query; with it,
 * from the query's counts, and the query runs once more when settling changed what it reads.
 */
export async function runSettled(staged: Pick<StagedInputs, 'settle'>, counted: boolean, run: (count: boolean) => Promise<number>): Promise<void> {
  const settle = staged.settle;
  if (settle === undefined || !counted) {
    if (settle) await settle(undefined);
    await run(false);
    return;
  }
  if (await settle(await run(true))) await run(false);
}

/** Latest event time or datetime value of the staged data (SPEC §7's default as_of), epoch ms. */
export async function latestInstant(conn: DuckDBConnection, catalog: CatalogLike | undefined): Promise<number | undefined> {
  // The sample's latest time is that of the events the leads hold, as in-process (resolveAsOf).
  const parts = [`SELECT max(epoch_ms(e."at")) AS m FROM ${KEPT_EVENTS}`];
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
  res.explanation = explanationOf(row, compiled.rules, compiled.clampBounds);
  return res;
}

/**
 * Which bound cut: the sign of the cut, except when binary noise (0.1 + 0.2 over a max of 0.3)
 * rounds the cut to 0 — then the clamp's only bound, or the bound nearest the clamped value.
 */
function cutOf(c: number, bounds: { min?: number; max?: number } | undefined, clamped?: number): 'max' | 'min' {
  if (c !== 0 || bounds === undefined) return c > 0 ? 'max' : 'min';
  if (bounds.min === undefined) return 'max';
  if (bounds.max === undefined || clamped === undefined) return 'min';
  return Math.abs(clamped - bounds.max) <= Math.abs(clamped - bounds.min) ? 'max' : 'min';
}

/**
 * What explainRow reads of one row: rule i's points (NULL when it did not contribute), rule i's
 * event count, and the cut of the clamp in slot s of the plan's clampKeys (NULL when it cut nothing).
 */
export interface ExplanationValues {
  rule(i: number): number | null | undefined;
  eventCount(i: number): number | null | undefined;
  clamp(slot: number): number | null | undefined;
}

/**
 * The order of a model's explanation, worked out once per model (not per row): after rule i, its
 * own clamp, then the clamp of a group or section it closes. Clamps are named by slot in
 * `clampKeys` (`rule:<key>`, `group:<section>/<group>`, `section:<section>`).
 */
export interface ExplanationPlan {
  keys: RuleKey[];
  clampKeys: string[];
  ruleClamp: number[];
  /** Slot of the group clamp closed after rule i, or -1. */
  groupClose: number[];
  /** Slot of the section clamp closed after rule i, or -1. */
  sectionClose: number[];
  /** Sections without rules, which can still be clamped (a `min` lifts an empty section). */
  empty: { section: 'fit' | 'engagement'; slot: number }[];
}

const plans = new WeakMap<RuleKey[], ExplanationPlan>();
export function explanationPlan(keys: RuleKey[]): ExplanationPlan {
  let plan = plans.get(keys);
  if (plan) return plan;
  const clampKeys: string[] = [];
  const slot = (key: string) => { clampKeys.push(key); return clampKeys.length - 1; };
  const ruleClamp: number[] = [], groupClose: number[] = [], sectionClose: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i], next = keys[i + 1];
    ruleClamp.push(slot(`rule:${k.key}`));
    groupClose.push(k.group !== undefined && (!next || next.group !== k.group || next.section !== k.section) ? slot(`group:${k.section}/${k.group}`) : -1);
    sectionClose.push(!next || next.section !== k.section ? slot(`section:${k.section}`) : -1);
  }
  const empty = (['fit', 'engagement'] as const).filter((s) => !keys.some((k) => k.section === s)).map((section) => ({ section, slot: slot(`section:${section}`) }));
  plan = { keys, clampKeys, ruleClamp, groupClose, sectionClose, empty };
  plans.set(keys, plan);
  return plan;
}

/** Rebuilds the explanation in the engine's order: rules (+ their clamp), group clamp, section clamp. */
export function explanationOf(row: SqlRow, keys: RuleKey[], bounds: ClampBounds = {}): ExplanationItem[] {
  const plan = explanationPlan(keys);
  const rules = row.rules ?? {}, events = row.rule_events ?? {}, clamps = row.clamps ?? {};
  return explainRow(plan, { rule: (i) => rules[keys[i].key], eventCount: (i) => events[keys[i].key], clamp: (s) => clamps[plan.clampKeys[s]] }, bounds, row);
}

/** The explanation of one row's values (by position or by key: ExplanationValues) in the plan's order. */
export function explainRow(plan: ExplanationPlan, v: ExplanationValues, bounds: ClampBounds, row: { fit?: number; engagement?: number }): ExplanationItem[] {
  const out: ExplanationItem[] = [];
  const keys = plan.keys;
  const sectionValue = (s: 'fit' | 'engagement') => (typeof row[s] === 'number' ? row[s] as number : undefined);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const p = v.rule(i);
    if (p !== null && p !== undefined) {
      const item: ExplanationItem = k.group !== undefined ? { section: k.section, group: k.group, rule: k.rule, points: round2(p) } : { section: k.section, rule: k.rule, points: round2(p) };
      if (k.event) item.events = Number(v.eventCount(i) ?? 0);
      out.push(item);
      const c = v.clamp(plan.ruleClamp[i]);
      if (c !== null && c !== undefined) {
        const clamp: ExplanationItem = { section: k.section, clamp: cutOf(c, bounds[plan.clampKeys[plan.ruleClamp[i]]], p), cut: round2(c), rule: k.rule };
        if (k.group !== undefined) clamp.group = k.group;
        out.push(clamp);
      }
    }
    const g = plan.groupClose[i];
    if (g >= 0) {
      const c = v.clamp(g);
      if (c !== null && c !== undefined) out.push({ section: k.section, clamp: cutOf(c, bounds[plan.clampKeys[g]]), cut: round2(c), group: k.group });
    }
    const s = plan.sectionClose[i];
    if (s >= 0) {
      const c = v.clamp(s);
      if (c !== null && c !== undefined) out.push({ section: k.section, clamp: cutOf(c, bounds[plan.clampKeys[s]], sectionValue(k.section)), cut: round2(c) });
    }
  }
  for (const { section, slot } of plan.empty) {
    const c = v.clamp(slot);
    if (c !== null && c !== undefined) {
      const item: ExplanationItem = { section, clamp: cutOf(c, bounds[plan.clampKeys[slot]], sectionValue(section)), cut: round2(c) };
      if (section === 'fit') out.unshift(item); else out.push(item);
    }
  }
  return out;
}
