// CSV sample files for the workers of `simulate --workers N` (io/simulate-worker.ts), read from
// bytes: each worker reads every line of a file but makes strings only of its own records. A
// plain line (no quote, no `\r`, no NUL) is one record; its key cell (the lead's id) is found
// and hashed in place (ownerOf's FNV-1a, on the bytes of an ASCII id; other ids are decoded),
// and a line of another worker's lead is skipped unread. The first line that is not plain hands
// the rest of the file, from that line, to core/data/csv.ts's readers on decoded text, exactly as
// io/samples.ts's csvBatches reads it, so quoting, line ends and NULs keep their meaning and
// their warnings. test/unit/csv-bytes.test.ts holds this reader to csvBatches.
import { StringDecoder } from 'node:string_decoder';
import { CsvTextReader, csvSeparator, type CsvCells, type CsvSeparator } from '../core/data/csv.js';
import { ByteChunks, type InvalidUtf8 } from './utf8.js';
import { ByteStrings, ownerOf } from './jsonl-bytes.js';
import { fastUtcBytes } from '../core/data/values.js';
import { fnv1aBytes } from '../core/data/id-table.js';
import type { LeadCells } from '../core/data/leads.js';

const QUOTE = 34, CR = 13, NUL = 0, LF = 10;

export interface CsvByteSink {
  /**
   * A record, as csvBatches gives it (cells and the line it starts on). Returns, for the header
   * (the first record), the index of the key cell — the last column holding the lead's id — or
   * -1 when records cannot be keyed by a cell (then every record is given).
   */
  record(cells: CsvCells, line: number): number | void;
  /**
   * A plain line after the header that this reader owns, as bytes (no line end): true when the
   * sink took it (CsvEventBytes), false to have it decoded and split for `record` as usual.
   */
  plain?(buf: Buffer, a: number, b: number, line: number,
    /**
     * fnv1aBytes of the key cell (trimmed) when this reader hashed it to find the line's owner,
     * else -1: a sink that looks the lead up by that cell need not hash it again.
     */
    keyHash: number,
    /** `lookup`'s answer for the key cell, or -2 when it was not asked (no lookup, or the cell was not hashed). */
    lead: number): boolean;
  /**
   * The lead of a plain line's key cell buf[a, b) (trimmed; `hash` its fnv1aBytes), asked before
   * the line is given to `plain`: a chunk's owned lines are kept, their leads looked up one after
   * another (random reads of a large table, which the processor overlaps when they are side by
   * side; one per line, each waited for memory alone), then the lines are given over in order.
   */
  lookup?(buf: Buffer, a: number, b: number, hash: number): number;
  /** After each chunk: bytes read and plain lines skipped or read (progress). */
  chunk?(bytes: number, lines: number): void;
}

/** String#trim's white space among ASCII bytes (a plain line has no `\n` or `\r`). */
const isTrimmed = (c: number) => c === 32 || (c >= 9 && c <= 12);

/**
 * The records of a CSV file for worker `owner` of `count`: every record csvBatches would give,
 * except plain lines whose key cell is another worker's lead (ownerOf of the trimmed cell; a line
 * too short to have that cell is keyed '' and is worker 0's). Invalid UTF-8 is reported as
 * utf8Chunks reports it.
 */
export function readCsvOwned(path: string, sink: CsvByteSink, owner: number, count: number, onInvalid?: (p: InvalidUtf8) => void, chunkBytes = 1 << 20): void {
  const chunks = new ByteChunks(path, chunkBytes, onInvalid);
  const sep = csvSeparator(path), SEP = sep.charCodeAt(0); // a `.tsv` file's tab; both are ASCII, so bytes
  let lines = 0; // line breaks before the next record
  let key = -2; // -2: header not read yet
  let done = 0;
  // The owned lines after the header, kept until the chunk is done (or the text reader takes over).
  const owned = new OwnedLines();
  const flush = (text: Buffer) => {
    const q = owned, k = q.size;
    if (k === 0) return;
    const lookup = sink.lookup;
    if (lookup !== undefined) for (let x = 0; x < k; x++) q.lead[x] = q.keyA[x] >= 0 ? lookup(text, q.keyA[x], q.keyB[x], q.hash[x]) : -2;
    else q.lead.fill(-2, 0, k);
    for (let x = 0; x < k; x++) {
      const a = q.a[x], b = q.b[x], line = q.line[x];
      if (sink.plain === undefined || !sink.plain(text, a, b, line, q.hash[x], q.lead[x])) sink.record(text.toString('utf8', a, b).split(sep), line);
    }
    q.size = 0;
  };
  try {
    let carry: Buffer | undefined;
    let first = true;
    for (;;) {
      const buf = chunks.next(carry);
      const final = buf === undefined;
      const text = final ? carry ?? Buffer.alloc(0) : buf;
      const len = text.length;
      let from = 0;
      if (first && len >= 3 && text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) from = 3;
      else if (first && len < 3 && !final) { carry = text; continue; }
      const bomAt = from;
      let handOver = -1;
      // The next quote, `\r` and NUL at or after `from` (-1: none), so lines are scanned once.
      let q = text.indexOf(QUOTE, from), cr = text.indexOf(CR, from), nul = text.indexOf(NUL, from);
      const before = lines;
      while (from < len) {
        let nl = text.indexOf(LF, from);
        if (nl < 0) { if (!final) break; nl = len; }
        if (q >= 0 && q < from) q = text.indexOf(QUOTE, from);
        if (cr >= 0 && cr < from) cr = text.indexOf(CR, from);
        if (nul >= 0 && nul < from) nul = text.indexOf(NUL, from);
        if ((q >= 0 && q < nl) || (cr >= 0 && cr <= nl) || (nul >= 0 && nul < nl)) { handOver = from; break; }
        if (nl > from) {
          if (key === -2) {
            const k = sink.record(text.toString('utf8', from, nl).split(sep), lines + 1);
            key = typeof k === 'number' ? k : -1;
          } else if (count === 1 || key < 0 || ownerAt(text, from, nl, key, count, SEP) === owner) {
            if (count === 1 || key < 0 || keyHash < 0) owned.add(from, nl, lines + 1, -1, -1, -1);
            else owned.add(from, nl, lines + 1, keyHash, keyA, keyB);
          }
        }
        lines++;
        from = nl + 1;
      }
      first = false;
      done += lines - before;
      flush(text);
      if (handOver >= 0) {
        // The rest of the file on decoded text, as csvBatches reads it (a BOM only at the very start).
        sink.chunk?.(handOver - (carry?.length ?? 0), done);
        textRecords(chunks, text.subarray(handOver === bomAt && bomAt === 3 && key === -2 ? 0 : handOver), lines, key === -2 && handOver === bomAt, (cells, line) => {
          if (key === -2) { const k = sink.record(cells, line); key = typeof k === 'number' ? k : -1; } else sink.record(cells, line);
        }, sink.chunk, sep);
        return;
      }
      sink.chunk?.(final ? 0 : len - (carry?.length ?? 0), done);
      done = 0;
      if (final) return;
      carry = from < len ? text.subarray(from) : undefined;
    }
  } finally {
    chunks.close();
  }
}

/** ownerAt's hash of the key cell it read from bytes (fnv1aBytes of the trimmed cell), else -1; the cell trimmed is [keyA, keyB). */
let keyHash = -1, keyA = -1, keyB = -1;

/** readCsvOwned's owned lines of a chunk: [a, b), line number, key cell hash and range (-1: none), the lead looked up. */
class OwnedLines {
  size = 0;
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  line = new Int32Array(1024);
  hash = new Float64Array(1024);
  keyA = new Int32Array(1024);
  keyB = new Int32Array(1024);
  lead = new Int32Array(1024);
  add(a: number, b: number, line: number, hash: number, keyA: number, keyB: number): void {
    const k = this.size;
    if (k === this.a.length) {
      const grow = <T extends Int32Array | Float64Array>(x: T): T => { const y = new (x.constructor as new (n: number) => T)(k * 2); y.set(x); return y; };
      this.a = grow(this.a); this.b = grow(this.b); this.line = grow(this.line); this.hash = grow(this.hash);
      this.keyA = grow(this.keyA); this.keyB = grow(this.keyB); this.lead = grow(this.lead);
    }
    this.a[k] = a; this.b[k] = b; this.line[k] = line; this.hash[k] = hash; this.keyA[k] = keyA; this.keyB[k] = keyB;
    this.size = k + 1;
  }
}

/** The owner of a plain line's key cell `k` (the cell trimmed; '' when the line has fewer cells). Sets keyHash. */
function ownerAt(buf: Buffer, a: number, b: number, k: number, count: number, SEP: number): number {
  keyHash = -1;
  let s = a;
  for (let c = 0; c < k; c++) {
    const comma = buf.indexOf(SEP, s);
    if (comma < 0 || comma >= b) return 0;
    s = comma + 1;
  }
  let e = buf.indexOf(SEP, s);
  if (e < 0 || e > b) e = b;
  let ascii = true;
  for (let i = s; i < e; i++) if (buf[i] >= 0x80) { ascii = false; break; }
  if (!ascii) return ownerOf(buf.toString('utf8', s, e).trim(), count);
  while (s < e && isTrimmed(buf[s])) s++;
  while (e > s && isTrimmed(buf[e - 1])) e--;
  if (s >= e) return 0; // ownerOfBytes of ''
  keyHash = fnv1aBytes(buf, s, e); keyA = s; keyB = e;
  return keyHash % count;
}

/** csvBatches' loop from `start` (the bytes of a record start on), `lines` line breaks before it. */
function textRecords(chunks: ByteChunks, start: Buffer, lines: number, atFileStart: boolean, sink: (cells: CsvCells, line: number) => void, progress: ((bytes: number, lines: number) => void) | undefined, sep: CsvSeparator): void {
  const decoder = new StringDecoder('utf8');
  const reader = new CsvTextReader(sep, lines, atFileStart);
  let buf: Buffer | undefined = start;
  let text = decoder.write(start);
  for (;;) {
    const final = buf === undefined;
    const before = reader.lines;
    reader.push(final ? text + decoder.end() : text, final, sink);
    progress?.(buf?.length ?? 0, reader.lines - before);
    if (final) return;
    buf = chunks.next();
    text = buf === undefined ? '' : decoder.write(buf);
  }
}

/** What `vals` holds for a value CsvEventBytes read in place (`atMs`, `lead`; addEventFields does not read it). */
const READ_IN_PLACE = '(read)';

/**
 * An events file's plain line (see readCsvOwned) as LeadCollector.addEventFields takes a row of
 * full length under a plain header (CsvRecords.plainKeys) — the same keys and values as the cells
 * of the decoded line, without decoding it: each cell's text from a table of shared strings, the
 * time read in place (fastUtcBytes, passed as `atMs`), the lead found from the id's bytes
 * (`leadOf`, passed as `lead`). Only for a line of ASCII bytes with exactly one cell per key;
 * `read` is false for any other (the caller then decodes it). test/unit/csv-bytes.test.ts holds it
 * to the decoded path.
 */
export class CsvEventBytes {
  readonly vals: unknown[];
  atMs: number | undefined;
  lead: number | undefined;
  private readonly strings = new ByteStrings();
  private readonly ends: Int32Array;
  private readonly atCell: number;
  constructor(readonly keys: readonly string[], private readonly sep: number, private readonly leadCell: number,
    private readonly leadOf: (buf: Uint8Array, a: number, b: number, hash: number) => number) {
    this.vals = new Array<unknown>(keys.length).fill('');
    this.ends = new Int32Array(keys.length);
    this.atCell = keys.indexOf('at');
  }

  /**
   * `keyHash`: fnv1aBytes of the lead cell trimmed when the caller has it (readCsvOwned's, keyed by
   * that cell), else -1; `lead`: `leadOf` of that cell when the caller has asked it (readCsvOwned's
   * lookup), else -2.
   */
  read(buf: Buffer, a: number, b: number, keyHash = -1, lead = -2): boolean {
    const k = this.keys.length, ends = this.ends, SEP = this.sep;
    let c = 0;
    for (let i = a; i < b; i++) {
      const x = buf[i];
      if (x >= 0x80) return false;
      if (x === SEP) { if (c === k - 1) return false; ends[c++] = i; }
    }
    if (c !== k - 1) return false;
    ends[c] = b;
    this.atMs = undefined; this.lead = undefined;
    const vals = this.vals;
    let s = a;
    for (let i = 0; i < k; i++) {
      const e = ends[i];
      if (i === this.leadCell) {
        // The id trimmed as String#trim trims ASCII (readCsvOwned keyed the line by the same cell).
        let ts = s, te = e;
        while (ts < te && isTrimmed(buf[ts])) ts++;
        while (te > ts && isTrimmed(buf[te - 1])) te--;
        const idx = ts >= te ? -1 : lead !== -2 ? lead : this.leadOf(buf, ts, te, keyHash >= 0 ? keyHash : fnv1aBytes(buf, ts, te));
        if (idx >= 0) { this.lead = idx; vals[i] = READ_IN_PLACE; } else vals[i] = buf.toString('latin1', s, e);
      } else if (i === this.atCell && (this.atMs = fastUtcBytes(buf, s, e)) !== undefined) vals[i] = READ_IN_PLACE;
      else vals[i] = s === e ? '' : this.strings.get(buf, s, e);
      s = e + 1;
    }
    return true;
  }
}

/**
 * A leads file's plain line (see readCsvOwned) read in place for LeadCollector.addLeadCells: cell
 * boundaries found once, each cell's value read from its bytes by its field's type (integers,
 * booleans, times, lists, shared texts), a string made only for a text the lead keeps or for a
 * cell the general path must read (LeadCells.text). Only for a line of ASCII bytes with exactly
 * one cell per key; `read` is false for any other (the caller then decodes it).
 * test/unit/csv-lead-bytes.test.ts holds the leads it gives to addLead of the decoded line's record.
 */
export class CsvLeadBytes implements LeadCells {
  id = '';
  idHash = -1;
  private buf: Buffer = Buffer.alloc(0);
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly texts: ByteStrings[];
  constructor(readonly keys: readonly string[], private readonly sep: number, readonly idCell: number) {
    this.from = new Int32Array(keys.length);
    this.to = new Int32Array(keys.length);
    // Each column's texts shared between rows while that pays (ids, e-mails and names stop being looked up).
    this.texts = keys.map(() => new ByteStrings(80, true));
  }

  /** `keyHash`: fnv1aBytes of the id cell trimmed when the caller has it (readCsvOwned's, keyed by that cell), else -1. */
  read(buf: Buffer, a: number, b: number, keyHash = -1): boolean {
    const k = this.keys.length, from = this.from, to = this.to, SEP = this.sep;
    let c = 0;
    from[0] = a;
    for (let i = a; i < b; i++) {
      const x = buf[i];
      if (x >= 0x80) return false;
      if (x === SEP) { if (c === k - 1) return false; to[c++] = i; from[c] = i + 1; }
    }
    if (c !== k - 1) return false;
    to[c] = b;
    this.buf = buf;
    // The id trimmed as String#trim trims ASCII (readCsvOwned keyed the line by the same cell).
    let ts = from[this.idCell], te = to[this.idCell];
    while (ts < te && isTrimmed(buf[ts])) ts++;
    while (te > ts && isTrimmed(buf[te - 1])) te--;
    this.id = ts < te ? buf.toString('latin1', ts, te) : '';
    this.idHash = ts < te ? (keyHash >= 0 ? keyHash : fnv1aBytes(buf, ts, te)) : -1;
    return true;
  }

  text(i: number): string { return this.buf.toString('latin1', this.from[i], this.to[i]); }

  blank(i: number): boolean {
    const buf = this.buf;
    for (let j = this.from[i], e = this.to[i]; j < e; j++) if (!isTrimmed(buf[j])) return false;
    return true;
  }

  shared(i: number): string { return this.from[i] === this.to[i] ? '' : this.texts[i].get(this.buf, this.from[i], this.to[i]); }

  integer(i: number): number | undefined {
    const buf = this.buf;
    let s = this.from[i], e = this.to[i];
    while (s < e && isTrimmed(buf[s])) s++;
    while (e > s && isTrimmed(buf[e - 1])) e--;
    let neg = false;
    if (s < e && (buf[s] === 43 /* + */ || buf[s] === 45 /* - */)) { neg = buf[s] === 45; s++; }
    if (s === e || e - s > 15) return undefined; // 15 digits: exact in a double, as Number() reads them
    let n = 0;
    for (let j = s; j < e; j++) {
      const d = buf[j] - 48;
      if (d < 0 || d > 9) return undefined;
      n = n * 10 + d;
    }
    return neg ? -n : n;
  }

  boolean(i: number): boolean | undefined {
    const buf = this.buf;
    let s = this.from[i], e = this.to[i];
    while (s < e && isTrimmed(buf[s])) s++;
    while (e > s && isTrimmed(buf[e - 1])) e--;
    switch (e - s) {
      case 1: { const x = buf[s]; return x === 121 /* y */ || x === 49 /* 1 */ ? true : x === 110 /* n */ || x === 48 /* 0 */ ? false : undefined; }
      case 2: return buf[s] === 110 && buf[s + 1] === 111 ? false : undefined; // no
      case 3: return buf[s] === 121 && buf[s + 1] === 101 && buf[s + 2] === 115 ? true : undefined; // yes
      case 4: return buf[s] === 116 && buf[s + 1] === 114 && buf[s + 2] === 117 && buf[s + 3] === 101 ? true : undefined; // true
      case 5: return buf[s] === 102 && buf[s + 1] === 97 && buf[s + 2] === 108 && buf[s + 3] === 115 && buf[s + 4] === 101 ? false : undefined; // false
      default: return undefined;
    }
  }

  datetime(i: number): number | undefined { return fastUtcBytes(this.buf, this.from[i], this.to[i]); }

  list(i: number): string[] | undefined {
    const buf = this.buf, texts = this.texts[i], e = this.to[i];
    const items: string[] = [];
    let s = this.from[i];
    for (;;) {
      let j = s;
      while (j < e && buf[j] !== 59 /* ; */) j++;
      let a = s, b = j;
      while (a < b && isTrimmed(buf[a])) a++;
      while (b > a && isTrimmed(buf[b - 1])) b--;
      if (a < b) items.push(texts.get(buf, a, b));
      if (j >= e) break;
      s = j + 1;
    }
    // A copy of its own length: an array grown by push keeps room for 17 items (152 bytes per lead
    // with a list, a fifth of a worker's leads heap at a million leads, copied by every scavenge).
    return items.length > 0 ? items.slice() : undefined;
  }
}
