// Streaming loader of sample leads and events for the CLI: files are read record by record (CSV
// from bytes by io/csv-bytes.ts, plain lines read in place and the rest through core/data/csv.ts's
// readers; JSON Lines line by line, flat lines from bytes by io/jsonl-bytes.ts), so a large file is
// never held whole next to its parsed leads. Conversion and warnings are core/data/leads.ts's
// LeadCollector; bytes that are not UTF-8 become warnings at their line (io/utf8.ts).
import { progressBytes, progressDone, progressRows, progressStart } from './progress.js';
import { readFileSync, openSync, readSync, closeSync, statSync, fstatSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { csvSeparator } from '../core/data/csv.js';
import {
  CsvRecords, DataError, EVENT_COLUMNS, LEAD_COLUMNS, LeadCollector, columnMap, csvError, detectFormat, jsonLine, parseJsonAt,
  type Catalog, type DataFormat,
} from '../core/data/leads.js';
import type { DataWarning, Lead } from '../core/results.js';
import { InputError } from './files.js';
import { findInvalidUtf8, linesAt, utf8Chunks, type InvalidUtf8 } from './utf8.js';
import { readJsonlEvents } from './jsonl-bytes.js';
import { CsvEventBytes, CsvLeadBytes, readCsvOwned, type CsvByteSink } from './csv-bytes.js';

type Sink = (rec: Record<string, unknown>, row: number) => void;

export function head(path: string): string {
  const fd = openSync(path, 'r');
  try { const b = Buffer.alloc(64); const n = readSync(fd, b, 0, 64, 0); return b.subarray(0, n).toString('utf8'); }
  finally { closeSync(fd); }
}

/**
 * About how many lines a file has: the line breaks in its first 256 kB scaled to its size (exact
 * for a smaller file); 0 when it cannot be read (the loader reports that). A hint for
 * LeadCollector.reserveEvents only.
 */
export function estimateLines(path: string): number {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const b = Buffer.allocUnsafe(Math.min(size, 1 << 18));
    let n = 0;
    while (n < b.length) { const r = readSync(fd, b, n, b.length - n, n); if (r <= 0) break; n += r; }
    if (n === 0) return 0;
    let lines = 0;
    for (let i = b.indexOf(10, 0); i >= 0 && i < n; i = b.indexOf(10, i + 1)) lines++;
    if (n >= size) return lines + 1;
    return Math.ceil(((lines + 1) * size) / n);
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A JSON or JSON Lines file's records (CSV: loadCsvLeads / loadCsvEvents). */
async function streamRecords(path: string, label: string, format: DataFormat, sink: Sink, warn: (w: DataWarning) => void, invalid: (p: InvalidUtf8) => void): Promise<void> {
  if (format === 'json') {
    // A JSON array has to be parsed whole; JSON Lines is the format for large samples.
    const bytes = readFileSync(path);
    if (!isUtf8(bytes)) for (const p of findInvalidUtf8(bytes, 0)) invalid(p);
    const v = parseJsonAt(bytes.toString('utf8').replace(/^\uFEFF/, ''), label);
    if (!Array.isArray(v)) throw new DataError(label, 1, 1, 'a JSON file must hold an array of objects (or use JSON Lines: one object per line)');
    v.forEach((o, i) => {
      if (o && typeof o === 'object' && !Array.isArray(o)) sink(o as Record<string, unknown>, i + 1);
      else warn({ file: label, row: i + 1, message: `item ${i + 1} of the array is not an object; skipped` });
    });
    return;
  }
  let n = 0;
  await forEachLine(path, (line) => {
    n++;
    jsonLine(n === 1 ? line.replace(/^\uFEFF/, '') : line, n, label, sink, warn);
  }, undefined, invalid);
}

/**
 * Calls `onLine` for each line of a UTF-8 file, synchronously per chunk. Lines end as readline's
 * do (`\n`, `\r\n`, or a lone `\r`), and a last line without an ending counts, an empty rest does
 * not. (readline's async iteration cost ~1 µs per line: a tenth of loading a 1M-line events file.)
 */
export async function forEachLine(path: string, onLine: (line: string) => void, chunkBytes = 1 << 20, onInvalid?: (p: InvalidUtf8) => void): Promise<void> {
  let rest = '';
  const split = (text: string, final: boolean) => {
    const len = text.length;
    let from = 0;
    let cr = text.indexOf('\r'); // the next `\r` at or after `from` (-1: none), kept so that lines are scanned once
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (cr >= 0 && cr < from) cr = text.indexOf('\r', from);
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        // `\r` at the very end of a chunk may be the first half of `\r\n`: wait for the next chunk.
        if (cr === len - 1 && !final) break;
        onLine(text.slice(from, cr));
        from = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        continue;
      }
      if (nl < 0) break;
      onLine(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
    if (final && rest !== '') { onLine(rest); rest = ''; }
  };
  for await (const chunk of utf8Chunks(path, chunkBytes, onInvalid)) { progressBytes(chunk.length); split(rest + chunk, false); }
  split(rest, true);
}

export function checkReadable(path: string, what: string): void {
  let st;
  try { st = statSync(path); } catch { throw new InputError(`${path}: no such ${what} file`); }
  if (st.isDirectory()) throw new InputError(`${path}: is a folder; give the ${what} file`);
}

export interface SampleFiles {
  leads: string;
  events?: string;
  /** How files are named in warnings (default: the path as given). */
  label?: (path: string) => string;
}

/** At most this many invalid-UTF-8 warnings per file; the last says how many more there are. */
const MAX_UTF8_WARNINGS = 100;

/** Invalid UTF-8 runs of one file: the first MAX_UTF8_WARNINGS, and how many more. */
export interface Utf8Findings { found: InvalidUtf8[]; more: number }

export function utf8Collector(): Utf8Findings & { invalid: (p: InvalidUtf8) => void } {
  const f = { found: [] as InvalidUtf8[], more: 0, invalid: (p: InvalidUtf8) => { if (f.found.length < MAX_UTF8_WARNINGS) f.found.push(p); else f.more++; } };
  return f;
}

/**
 * A file's own warnings (in reading order) with a warning for each run of invalid UTF-8 bytes
 * put among them in line order (JSON arrays: by item, so at the line of the bytes).
 */
export function withUtf8(own: DataWarning[], path: string, label: string, f: Utf8Findings): DataWarning[] {
  if (f.found.length === 0) return own;
  const found = f.found, more = f.more;
  const at = linesAt(path, found.map((p) => p.offset));
  const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  const extra: DataWarning[] = found.map((p, i) => ({
    file: label, row: at[i].line,
    message: `invalid UTF-8 (byte${p.bytes.length > 1 ? 's' : ''} ${p.bytes.slice(0, 8).map(hex).join(' ')}${p.bytes.length > 8 ? ' …' : ''}) at line ${at[i].line}, byte ${at[i].column}; read as U+FFFD — save the file as UTF-8${i === found.length - 1 && more ? ` (${more} more invalid runs in this file are not listed)` : ''}`,
  }));
  const merged: DataWarning[] = [];
  let k = 0;
  for (const w of own) {
    while (k < extra.length && (extra[k].row ?? 0) <= (w.row ?? 0)) merged.push(extra[k++]);
    merged.push(w);
  }
  while (k < extra.length) merged.push(extra[k++]);
  return merged;
}

/** Runs `load` over one file and puts its invalid-UTF-8 warnings among the file's other warnings (withUtf8). */
async function withUtf8Warnings(c: LeadCollector, path: string, label: string, load: (invalid: (p: InvalidUtf8) => void) => Promise<void>): Promise<void> {
  const f = utf8Collector();
  const start = c.warnings.length;
  await load(f.invalid);
  if (f.found.length === 0) return;
  const merged = withUtf8(c.warnings.splice(start, c.warnings.length - start), path, label, f);
  for (const w of merged) c.warnings.push(w); // no spread: a file may have many warnings
}

/** A CSV file read by readCsvOwned as the one owner of every record, with progress; an error of the reader names the file (csvError). */
function readCsvFile(path: string, label: string, invalid: (p: InvalidUtf8) => void, sink: Omit<CsvByteSink, 'chunk'>): void {
  try {
    readCsvOwned(path, { ...sink, chunk: (bytes, rows) => { progressBytes(bytes); progressRows(rows); } }, 0, 1, invalid);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw csvError(label, e);
  }
}

/**
 * A CSV leads file into the collector, as the text reader's records (core/data/csv.ts CsvTextReader) through CsvRecords.row would add: under a plain
 * header a plain line is read from its bytes (io/csv-bytes.ts CsvLeadBytes, LeadCollector.addLeadCells:
 * cells read by their fields' types, any other cell parsed from its text); every other record is
 * CsvRecords.row's, which the lead keeps as `raw` (addLead's adopt). Read by readCsvOwned as the
 * one owner of every line (test/unit/csv-bytes.test.ts holds the file loader to the text loader).
 */
function loadCsvLeads(c: LeadCollector, path: string, label: string, invalid: (p: InvalidUtf8) => void, rename: ReadonlyMap<string, string>): void {
  const csv = new CsvRecords(label, (w) => c.warn(w), LEAD_COLUMNS, rename);
  let fromBytes: CsvLeadBytes | undefined;
  readCsvFile(path, label, invalid, {
    plain: (buf, a, b, line, keyHash) => {
      if (fromBytes === undefined || !fromBytes.read(buf, a, b, keyHash)) return false;
      c.addLeadCells(fromBytes.keys, fromBytes, fromBytes.idCell, label, line);
      return true;
    },
    record: (cells, line) => {
      const out = csv.row(cells, line);
      if (out !== undefined) { c.addLead(out.rec, label, out.row, true); return undefined; }
      const plain = csv.plainKeys; // the header
      if (plain !== undefined) fromBytes = new CsvLeadBytes(plain, csvSeparator(path).charCodeAt(0), csv.cellOf('id'));
      return csv.cellOf('id');
    },
  });
  if (!csv.hasHeader) throw new DataError(label, 1, 1, 'the leads file is empty; it needs a header row with an `id` column');
}

/**
 * A CSV events file into the collector, as the text reader's records (core/data/csv.ts CsvTextReader) through CsvRecords.row would add: under a plain
 * header (CsvRecords.plainKeys) a plain line is read from its bytes (io/csv-bytes.ts
 * CsvEventBytes: no decoding, its lead found from the id's bytes) and any other row of full
 * length goes to addEventFields as its cells; the rest is CsvRecords.row's record. The file is
 * read by readCsvOwned as the one owner of every record, so every record is read as CsvTextReader
 * reads it (test/unit/csv-bytes.test.ts holds the two readers and the two loaders to each other).
 */
function loadCsvEvents(c: LeadCollector, path: string, label: string, invalid: (p: InvalidUtf8) => void): void {
  const csv = new CsvRecords(label, (w) => c.warn(w), EVENT_COLUMNS);
  let plain: readonly string[] | undefined, fromBytes: CsvEventBytes | undefined;
  readCsvFile(path, label, invalid, {
    plain: (buf, a, b, line, keyHash) => {
      if (fromBytes === undefined || !fromBytes.read(buf, a, b, keyHash)) return false;
      c.addEventFields(fromBytes.keys, fromBytes.vals, fromBytes.keys.length, label, line, fromBytes.atMs, fromBytes.lead);
      return true;
    },
    record: (cells, line) => {
      if (plain !== undefined && cells.length === plain.length && cells.issues === undefined) { c.addEventFields(plain, cells, plain.length, label, line); return undefined; }
      const out = csv.row(cells, line);
      if (out !== undefined) { c.addEvent(out.rec, label, out.row); return undefined; }
      // The header: the key cell for the reader, and the byte reader when every row maps cell by cell.
      plain = csv.plainKeys;
      if (plain !== undefined) fromBytes = new CsvEventBytes(plain, csvSeparator(path).charCodeAt(0), csv.cellOf('lead_id'), (buf, a, b, h) => c.leadIndexOfBytes(buf, a, b, h));
      return csv.cellOf('lead_id');
    },
  });
}

/** Loads leads and (optionally) events from files. Unreadable input → InputError naming file:line:col. */
export async function loadSampleFiles(catalog: Catalog, files: SampleFiles): Promise<{ leads: Lead[]; warnings: DataWarning[]; events: number }> {
  const label = files.label ?? ((p: string) => p);
  const c = new LeadCollector(catalog, { deferEvents: true });
  // The events' columns made before the leads are read, while the heap is small (reserveEvents):
  // a line per event in CSV and JSON Lines (a JSON array's lines say nothing of its records).
  if (files.events) { try { if (detectFormat(files.events, head(files.events)) !== 'json') c.reserveEvents(Math.ceil(estimateLines(files.events) * 1.05)); } catch { /* the loader reports it */ } }
  progressStart([files.leads, files.events]);
  try {
    checkReadable(files.leads, 'leads');
    const lf = label(files.leads);
    {
      const format = detectFormat(files.leads, head(files.leads));
      await withUtf8Warnings(c, files.leads, lf, async (invalid) => {
        if (format === 'csv') return loadCsvLeads(c, files.leads, lf, invalid, columnMap(catalog));
        return streamRecords(files.leads, lf, format, (rec, row) => { progressRows(1); c.addLead(rec, lf, row); }, (w) => c.warn(w), invalid);
      });
    }
    if (files.events) {
      const ev = files.events;
      checkReadable(ev, 'events');
      const ef = label(ev);
      const format = detectFormat(ev, head(ev));
      await withUtf8Warnings(c, ev, ef, async (invalid) => {
        if (format === 'csv') return loadCsvEvents(c, ev, ef, invalid);
        if (format !== 'jsonl') return streamRecords(ev, ef, format, (rec, row) => { progressRows(1); c.addEvent(rec, ef, row); }, (w) => c.warn(w), invalid);
        // Flat lines straight from bytes (io/jsonl-bytes.ts); the rest as streamRecords reads them.
        readJsonlEvents(ev, {
          flat: (keys, vals, n, row, atMs, lead) => c.addEventFields(keys, vals, n, ef, row, atMs, lead),
          leadOf: (buf, a, b, hash) => c.leadIndexOfBytes(buf, a, b, hash),
          line: (text, row) => jsonLine(row === 1 ? text.replace(/^\uFEFF/, '') : text, row, ef, (rec) => c.addEvent(rec, ef, row), (w) => c.warn(w)),
          chunk: (bytes, rows) => { progressBytes(bytes); progressRows(rows); },
        }, 0, 1, invalid);
      });
    }
  } catch (e) {
    if (e instanceof DataError) throw new InputError(e.message);
    if (e instanceof InputError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.path) throw new InputError(`${err.path}: cannot read (${err.code})`);
    throw e;
  } finally {
    progressDone();
  }
  const events = c.eventCount;
  const r = c.finish();
  return { leads: r.leads, warnings: r.warnings, events };
}
