// Reading CSV so that nothing is lost (docs/data.md): every physical line of the file is part of a
// record, a blank line, or an error naming it. Two readers with one meaning:
// - `splitCsv`, the fast path: `\n` line ends, unquoted cells, and quoted cells that close cleanly
//   (`""` escapes, commas and line breaks inside). It builds only the cells and hands everything
//   else over — from the start of the record where it met it — to
// - `readCsv`, the full reader: `\r\n`, `\n` and a lone `\r` each end a line (in any mix, as
//   files edited on several systems have them), a quote inside an unquoted cell is text (5"
//   screen), text after a closing quote is read as written and reported, NUL characters are
//   removed and reported, and a quote that never closes is an error at the line where it opened.
// test/unit/csv-fast.test.ts holds the two to each other (and the full reader to csv-parse where
// csv-parse reads a file right: one kind of line end).
//
// Records come with the 1-based line where they start. A record the full reader had something to
// say about carries `issues` (an own property of its cells array; the fast path never sets it).

/** Something the reader noticed in one cell of a record (the record is still read). */
export interface CsvIssue {
  /** 0-based index of the cell. */
  cell: number;
  kind: 'text-after-quote' | 'nul';
  /** 1-based line of the file where the cell starts. */
  line: number;
}

/** The cells of one record; `issues` when the full reader noticed something. */
export type CsvCells = string[] & { issues?: CsvIssue[] };

/** Receives a record's cells and the 1-based line it starts on. */
export type CsvRecordSink = (cells: CsvCells, line: number) => void;

/** How far a reader got: the text before `consumed` is read; `lines` line breaks were in it. */
export interface CsvProgress {
  consumed: number;
  lines: number;
  /** The record at `consumed` is one the fast path does not read: `readCsv` must take over there. */
  handOver: boolean;
}

/** CSV that cannot be read at all: a quote opened at `line`:`column` (1-based) and never closed. */
export class CsvError extends Error {
  constructor(readonly line: number, readonly column: number, message: string) { super(message); }
}

const QUOTE = 34, LF = 10, CR = 13;

/** The character between cells: `*.tsv` files are tab-separated (quoting as CSV's), everything else `,`. */
export type CsvSeparator = ',' | '\t';
export function csvSeparator(file: string): CsvSeparator {
  return file.toLowerCase().endsWith('.tsv') ? '\t' : ',';
}

/** Every record of a whole CSV text, the fast path first, the full reader from where it hands over. */
export function forEachCsvRecord(text: string, sink: CsvRecordSink, sep: CsvSeparator = ','): void {
  new CsvTextReader(sep).push(text, true, sink);
}

/**
 * The records of a CSV text that arrives chunk by chunk: splitCsv's fast path until it hands over,
 * readCsv's full reader for the rest of the input; a BOM is skipped only at the very start. What a
 * chunk ends with that is not a complete record yet waits for the next chunk.
 */
export class CsvTextReader {
  private text = '';
  private full = false;
  /**
   * @param lines line breaks before the first chunk (a reader taking over part-way through a file)
   * @param atStart whether the first chunk starts the input (where a BOM may stand)
   */
  constructor(private readonly sep: CsvSeparator = ',', public lines = 0, private atStart = true) {}
  /** Gives `sink` every complete record once `chunk` is added (`final`: the input ends with it). */
  push(chunk: string, final: boolean, sink: CsvRecordSink): void {
    const text = this.text === '' ? chunk : this.text + chunk;
    const from = this.atStart && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text !== '') this.atStart = false;
    let p = this.full ? readCsv(text, from, this.lines, final, sink, this.sep) : splitCsv(text, from, this.lines, final, sink, this.sep);
    if (p.handOver) { this.full = true; p = readCsv(text, p.consumed, p.lines, final, sink, this.sep); }
    this.lines = p.lines;
    this.text = text.slice(p.consumed);
  }
}

/**
 * Reads the complete records of `text` from `from` (a record start) and stops before a record
 * that is not complete yet (unless `final`, the end of the input) or that needs the full reader:
 * any `\r` or NUL in the rest of the text, a quote inside an unquoted cell, a closing quote
 * followed by anything but `,` or a line end, or a quote left open at the end of the input.
 * `lines` is the number of line breaks before `from`.
 */
export function splitCsv(text: string, from: number, lines: number, final: boolean, sink: CsvRecordSink, sep: CsvSeparator = ','): CsvProgress {
  const len = text.length;
  const SEP = sep.charCodeAt(0);
  // Two scans of the rest (memchr-fast) keep every per-character test below out of the loop.
  if (text.indexOf('\r', from) >= 0 || text.indexOf('\0', from) >= 0) return { consumed: from, lines, handOver: true };
  let pos = from;
  let q = text.indexOf('"', pos); // the next quote at or after `pos` (-1: none), so lines are scanned once
  while (pos < len) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 && !final) break; // the last record may continue in the next chunk
    const end = nl < 0 ? len : nl;
    if (q >= 0 && q < pos) q = text.indexOf('"', pos);
    if (q < 0 || q >= end) {
      // No quote on this line: the common case.
      if (end > pos) sink(text.slice(pos, end).split(sep), lines + 1);
      // An empty line is skipped but counts.
      lines++;
      pos = end + 1;
      continue;
    }
    const r = quotedRecord(text, pos, final, SEP);
    if (r === undefined) return { consumed: pos, lines, handOver: true };
    if (r === null) break; // a quoted cell runs past the end of this chunk
    sink(r.cells, lines + 1);
    lines += r.breaks + 1;
    pos = r.next;
  }
  return { consumed: Math.min(pos, len), lines, handOver: false };
}

/**
 * A record with quotes in it, from `pos`: its cells, the line breaks inside quoted cells and
 * where the next record starts; null when it does not end within the text (and more is coming);
 * undefined when it takes the full reader.
 */
function quotedRecord(text: string, pos: number, final: boolean, SEP: number): { cells: string[]; breaks: number; next: number } | null | undefined {
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
      if (c === SEP) { i++; continue; }
      if (c === LF) return { cells, breaks, next: i + 1 };
      return undefined; // `"x" ,y` or `"x"y`: the full reader reports it
    }
    // An unquoted cell: up to the next `,` or line end; a quote inside it is the full reader's case.
    let j = i;
    while (j < len) {
      const c = text.charCodeAt(j);
      if (c === SEP || c === LF) break;
      if (c === QUOTE) return undefined;
      j++;
    }
    if (j >= len && !final) return null;
    cells.push(text.slice(i, j));
    if (j >= len) return { cells, breaks, next: len };
    if (text.charCodeAt(j) === SEP) { i = j + 1; continue; }
    return { cells, breaks, next: j + 1 };
  }
}

/**
 * The full reader: the complete records of `text` from `from` (a record start, `lines` line
 * breaks before it), stopping before a record that may continue in the next chunk unless
 * `final`. Throws CsvError for a quote that is still open at the end of the input.
 */
export function readCsv(text: string, from: number, lines: number, final: boolean, sink: CsvRecordSink, sep: CsvSeparator = ','): CsvProgress {
  const len = text.length;
  const SEP = sep.charCodeAt(0);
  let pos = from;
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (c === LF) { lines++; pos++; continue; } // an empty line: skipped, but it counts
    if (c === CR) {
      if (pos + 1 >= len && !final) break; // may be the first half of `\r\n`
      lines++;
      pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      continue;
    }
    const r = fullRecord(text, pos, lines, final, SEP);
    if (r === null) break;
    sink(r.cells, lines + 1);
    lines += r.breaks;
    pos = r.next;
  }
  return { consumed: Math.min(pos, len), lines, handOver: false };
}

/** Line breaks in text[a, b): `\r\n`, `\n` and a lone `\r` each count once. */
function countBreaks(text: string, a: number, b: number): number {
  let n = 0;
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) n++;
    else if (c === CR) { n++; if (k + 1 < b && text.charCodeAt(k + 1) === LF) k++; }
  }
  return n;
}

/**
 * One record from `pos` for the full reader: its cells, the line breaks it spans (its own line
 * end included) and where the next record starts; null when more input is needed.
 */
function fullRecord(text: string, pos: number, linesBefore: number, final: boolean, SEP: number): { cells: CsvCells; breaks: number; next: number } | null {
  const len = text.length;
  const cells: CsvCells = [];
  let breaks = 0;
  let i = pos;
  const issue = (kind: CsvIssue['kind'], line: number) => { (cells.issues ??= []).push({ cell: cells.length - 1, kind, line }); };
  /** The record ends at the line end at `k` (a separator-free position): where does the next one start? */
  const lineEnd = (k: number): number | null => {
    if (k >= len) return len;
    if (text.charCodeAt(k) === LF) { breaks++; return k + 1; }
    if (k + 1 >= len && !final) return null;
    breaks++;
    return text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
  };
  for (;;) {
    const cellLine = linesBefore + breaks + 1;
    if (i < len && text.charCodeAt(i) === QUOTE) {
      const open = i;
      let value = '';
      let start = i + 1;
      let j = start;
      let close: number;
      for (;;) {
        close = text.indexOf('"', j);
        if (close < 0) {
          if (!final) return null;
          const lineStart = Math.max(text.lastIndexOf('\n', open - 1), text.lastIndexOf('\r', open - 1)) + 1;
          throw new CsvError(cellLine, open - lineStart + 1, 'a quote opened here is never closed; close it (write a quote inside a quoted cell as "")');
        }
        if (close + 1 >= len && !final) return null;
        if (text.charCodeAt(close + 1) === QUOTE) { value += text.slice(start, close + 1); start = j = close + 2; continue; }
        value += text.slice(start, close);
        break;
      }
      breaks += countBreaks(text, open, close);
      i = close + 1;
      let k = i;
      while (k < len) { const c = text.charCodeAt(k); if (c === SEP || c === LF || c === CR) break; k++; }
      if (k >= len && !final) return null;
      if (k > i) { cells.push(text.slice(open, k)); issue('text-after-quote', cellLine); } // read as written
      else cells.push(value);
      i = k;
    } else {
      let k = i;
      while (k < len) { const c = text.charCodeAt(k); if (c === SEP || c === LF || c === CR) break; k++; }
      if (k >= len && !final) return null;
      cells.push(text.slice(i, k));
      i = k;
    }
    const last = cells.length - 1;
    if (cells[last].includes('\0')) { cells[last] = cells[last].replace(/\0/g, ''); issue('nul', cellLine); }
    if (i < len && text.charCodeAt(i) === SEP) { i++; continue; }
    const next = lineEnd(i);
    if (next === null) return null;
    return { cells, breaks, next };
  }
}
