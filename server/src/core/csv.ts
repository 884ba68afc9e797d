// A fast path for reading CSV, in front of csv-parse (which stays the reference): it splits the
// common shapes itself — `\n` line ends, unquoted cells, and quoted cells that close cleanly
// (`""` escapes, commas and line breaks inside) — and hands everything else to csv-parse from the
// start of the record where it met it. What it reads is exactly what csv-parse would read with
// CSV_OPTIONS (cells, and `info.lines`: the line a record ends on); test/unit/csv-fast.test.ts
// holds the two to each other. csv-parse turns each record into objects with line info, which
// cost about half of loading a large events file; this path builds only the cells.
import { parse as parseCsvSync } from 'csv-parse/sync';

/** Receives a record's cells and the 1-based line it ends on (csv-parse's `info.lines`). */
export type CsvRecordSink = (cells: string[], endLine: number) => void;

/** How far `splitCsv` got: the text before `consumed` is read; `lines` line breaks were in it. */
export interface CsvProgress {
  consumed: number;
  lines: number;
  /** The record at `consumed` is one the fast path does not read: csv-parse must take over there. */
  handOver: boolean;
}

const QUOTE = 34, COMMA = 44, LF = 10;

/** Options of csv-parse for sample files, and of the fast path's reading. */
export const CSV_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: true } as const; // a stray quote inside an unquoted cell (5" screen) is text

/** A csv-parse error of text that starts after `lines` line breaks, moved to the file's lines. */
export function shiftCsvError(e: unknown, lines: number): unknown {
  if (lines && e && typeof e === 'object' && typeof (e as { lines?: unknown }).lines === 'number') (e as { lines: number }).lines += lines;
  return e;
}

/**
 * Options of csv-parse for the rest of a file that the fast path hands over after `lines` line
 * breaks. csv-parse takes its record delimiter from the first line break of its input; the text
 * read before had line breaks, all `\n` (the fast path reads no text with a `\r`), so the whole
 * file's delimiter is `\n`, whatever the rest starts with.
 */
export function handOverOptions(lines: number): typeof CSV_OPTIONS & { record_delimiter?: string } {
  return lines > 0 ? { ...CSV_OPTIONS, record_delimiter: '\n' } : CSV_OPTIONS;
}

/** Every record of a whole CSV text, the fast path first, csv-parse from where it hands over. */
export function forEachCsvRecord(text: string, sink: CsvRecordSink): void {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const p = splitCsv(text, start, 0, true, sink);
  if (!p.handOver) return;
  let rows: { record: string[]; info: { lines: number } }[];
  try { rows = parseCsvSync(text.slice(p.consumed), handOverOptions(p.lines)) as unknown as typeof rows; }
  catch (e) { throw shiftCsvError(e, p.lines); }
  for (const r of rows) sink(r.record, r.info.lines + p.lines);
}

/**
 * Reads the complete records of `text` from `from` (a record start) and stops before a record
 * that is not complete yet (unless `final`, the end of the input) or that needs csv-parse: one
 * with a `\r` anywhere in the rest of the text, a quote inside an unquoted cell, a closing quote
 * followed by anything but `,` or a line end, or a quote left open at the end of the input.
 * `lines` is the number of line breaks before `from`.
 */
export function splitCsv(text: string, from: number, lines: number, final: boolean, sink: CsvRecordSink): CsvProgress {
  const len = text.length;
  // csv-parse guesses the record delimiter from the first line break it meets, and counts lines
  // around `\r` its own way: leave any text with a `\r` in it to csv-parse.
  if (text.indexOf('\r', from) >= 0) return { consumed: from, lines, handOver: true };
  let pos = from;
  let q = text.indexOf('"', pos); // the next quote at or after `pos` (-1: none), so lines are scanned once
  while (pos < len) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 && !final) break; // the last record may continue in the next chunk
    const end = nl < 0 ? len : nl;
    if (q >= 0 && q < pos) q = text.indexOf('"', pos);
    if (q < 0 || q >= end) {
      // No quote on this line: the common case.
      if (end > pos) sink(text.slice(pos, end).split(','), lines + 1);
      // An empty line is skipped (skip_empty_lines) but counts.
      lines++;
      pos = end + 1;
      continue;
    }
    const r = quotedRecord(text, pos, final);
    if (r === undefined) return { consumed: pos, lines, handOver: true };
    if (r === null) break; // a quoted cell runs past the end of this chunk
    lines += r.breaks;
    sink(r.cells, lines + 1);
    lines++;
    pos = r.next;
  }
  return { consumed: Math.min(pos, len), lines, handOver: false };
}

/**
 * A record with quotes in it, from `pos`: its cells, the line breaks inside quoted cells and
 * where the next record starts; null when it does not end within the text (and more is coming);
 * undefined when it takes csv-parse to read it.
 */
function quotedRecord(text: string, pos: number, final: boolean): { cells: string[]; breaks: number; next: number } | null | undefined {
  const len = text.length;
  const cells: string[] = [];
  let breaks = 0;
  let i = pos;
  for (;;) {
    if (i < len && text.charCodeAt(i) === QUOTE) {
      // A quoted cell: `""` is a quote; it must close right before `,`, a line end or the end.
      let value = '';
      let start = i + 1;
      let j = start;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close < 0) return final ? undefined : null;
        if (close + 1 >= len && !final) return null; // `"` at the chunk's end may be half of `""`
        if (text.charCodeAt(close + 1) === QUOTE) { value += text.slice(start, close + 1); start = j = close + 2; continue; }
        value += text.slice(start, close);
        for (let k = text.indexOf('\n', i); k >= 0 && k < close; k = text.indexOf('\n', k + 1)) breaks++;
        i = close + 1;
        break;
      }
      cells.push(value);
      if (i >= len) return { cells, breaks, next: len }; // final: the input ends after the quote
      const c = text.charCodeAt(i);
      if (c === COMMA) { i++; continue; }
      if (c === LF) return { cells, breaks, next: i + 1 };
      return undefined; // `"x" ,y` or `"x"y`: relax_quotes reads such a cell as text
    }
    // An unquoted cell: up to the next `,` or line end; a quote inside it is csv-parse's case.
    let j = i;
    while (j < len) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === LF) break;
      if (c === QUOTE) return undefined;
      j++;
    }
    if (j >= len && !final) return null;
    cells.push(text.slice(i, j));
    if (j >= len) return { cells, breaks, next: len };
    if (text.charCodeAt(j) === COMMA) { i = j + 1; continue; }
    return { cells, breaks, next: j + 1 };
  }
}
