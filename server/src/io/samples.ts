// Streaming loader of sample leads and events for the CLI: files are read record by record (CSV
// through core/csv.ts's fast path and csv-parse, JSON Lines line by line), so a large file is
// never held whole next to its parsed leads. Conversion and warnings are core/leads.ts's
// LeadCollector.
import { progressBytes, progressDone, progressRows, progressStart } from './progress.js';
import { createReadStream, readFileSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { handOverOptions, shiftCsvError, splitCsv } from '../core/csv.js';
import {
  CsvRecords, DataError, EVENT_COLUMNS, LEAD_COLUMNS, LeadCollector, columnMap, csvError, detectFormat, jsonLine, parseJsonAt,
  type Catalog, type DataFormat,
} from '../core/leads.js';
import type { DataWarning, Lead } from '../core/results.js';
import { InputError } from './files.js';

type Sink = (rec: Record<string, unknown>, row: number) => void;

function head(path: string): string {
  const fd = openSync(path, 'r');
  try { const b = Buffer.alloc(64); const n = readSync(fd, b, 0, 64, 0); return b.subarray(0, n).toString('utf8'); }
  finally { closeSync(fd); }
}

async function streamRecords(path: string, label: string, format: DataFormat, sink: Sink, warn: (w: DataWarning) => void, required: readonly string[], rename?: ReadonlyMap<string, string>): Promise<void> {
  if (format === 'csv') {
    const csv = new CsvRecords(label, warn, required, rename);
    try {
      for await (const batch of csvBatches(path)) {
        for (let i = 0; i < batch.length; i += 2) {
          const out = csv.row(batch[i] as string[], batch[i + 1] as number);
          if (out) sink(out.rec, out.row);
        }
      }
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw csvError(label, e);
    }
    if (!csv.hasHeader && required.includes('id')) throw new DataError(label, 1, 1, 'the leads file is empty; it needs a header row with an `id` column');
    return;
  }
  if (format === 'json') {
    // A JSON array has to be parsed whole; JSON Lines is the format for large samples.
    const v = parseJsonAt(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), label);
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
  });
}

/**
 * The records of a CSV file, a chunk's worth at a time as `[cells, endLine, cells, endLine, …]`
 * (endLine: the line a record ends on, as csv-parse's `info.lines`). core/csv.ts's fast path
 * reads what it can; csv-parse's stream takes the rest of the file from where it hands over.
 * Batches keep the per-record cost synchronous (an await per record costs about 1 µs).
 */
export async function* csvBatches(path: string, chunkBytes = 1 << 20): AsyncGenerator<(string[] | number)[]> {
  const chunks = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes })[Symbol.asyncIterator]();
  let text = '', lines = 0, first = true;
  try {
    for (;;) {
      const n = await chunks.next();
      const final = !!n.done;
      if (!final) { text = text === '' ? (n.value as string) : text + (n.value as string); progressBytes((n.value as string).length); }
      const from = first && text.charCodeAt(0) === 0xfeff ? 1 : 0;
      if (text !== '') first = false;
      const batch: (string[] | number)[] = [];
      const p = splitCsv(text, from, lines, final, (cells, endLine) => { batch.push(cells, endLine); });
      if (batch.length) yield batch;
      lines = p.lines;
      if (p.handOver) {
        const offset = lines;
        async function* rest() { yield text.slice(p.consumed); for (;;) { const c = await chunks.next(); if (c.done) return; progressBytes((c.value as string).length); yield c.value as string; } }
        const parser = Readable.from(rest()).pipe(parseCsv(handOverOptions(offset)));
        try {
          let out: (string[] | number)[] = [];
          for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
            out.push(r.record, r.info.lines + offset);
            if (out.length >= 2048) { yield out; out = []; }
          }
          if (out.length) yield out;
        } catch (e) { throw shiftCsvError(e, offset); }
        return;
      }
      text = text.slice(p.consumed);
      if (final) return;
    }
  } finally {
    await chunks.return?.(); // a consumer that stops early (a bad header) closes the file
  }
}

/**
 * Calls `onLine` for each line of a UTF-8 file, synchronously per chunk. Lines end as readline's
 * do (`\n`, `\r\n`, or a lone `\r`), and a last line without an ending counts, an empty rest does
 * not. (readline's async iteration cost ~1 µs per line: a tenth of loading a 1M-line events file.)
 */
export async function forEachLine(path: string, onLine: (line: string) => void, chunkBytes = 1 << 20): Promise<void> {
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
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes })) { progressBytes((chunk as string).length); split(rest + (chunk as string), false); }
  split(rest, true);
}

function checkReadable(path: string, what: string): void {
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

/** Loads leads and (optionally) events from files. Unreadable input → InputError naming file:line:col. */
export async function loadSampleFiles(catalog: Catalog, files: SampleFiles): Promise<{ leads: Lead[]; warnings: DataWarning[]; events: number }> {
  const label = files.label ?? ((p: string) => p);
  const c = new LeadCollector(catalog);
  progressStart([files.leads, files.events]);
  try {
    checkReadable(files.leads, 'leads');
    const lf = label(files.leads);
    await streamRecords(files.leads, lf, detectFormat(files.leads, head(files.leads)), (rec, row) => { progressRows(1); c.addLead(rec, lf, row); }, (w) => c.warn(w), LEAD_COLUMNS, columnMap(catalog));
    if (files.events) {
      checkReadable(files.events, 'events');
      const ef = label(files.events);
      await streamRecords(files.events, ef, detectFormat(files.events, head(files.events)), (rec, row) => { progressRows(1); c.addEvent(rec, ef, row); }, (w) => c.warn(w), EVENT_COLUMNS);
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
