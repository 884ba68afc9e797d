// JSON Lines events read from bytes, for the file loaders (io/samples.ts, io/simulate-worker.ts).
// Most event lines are flat objects of plain ASCII strings and numbers,
// `{"lead_id":"L7","event":"page_view","at":"2026-09-27T21:06:57Z","url":"/pricing"}`: such a line
// is scanned in place — no decoding of the line, no JSON.parse, no record object — and a worker
// that does not own its lead skips it without making a single string. Every other line (escapes,
// non-ASCII bytes, nesting, duplicate or numeric keys, anything unusual) is decoded and goes the
// general way (core/data/leads.ts jsonLine), so its result and warnings are the general path's.
// test/unit/jsonl-bytes.test.ts holds the two to each other.
import { ByteChunks, type InvalidUtf8 } from './utf8.js';
import { fastUtcBytes } from '../core/data/values.js';
import { fnv1a, fnv1aBytes } from '../core/data/id-table.js';

/** What `vals` holds for an `at` read in place (passed as atMs; addEventFields does not read it). */
const AT_READ = '(at)';
/** What `vals` holds for a `lead_id` whose lead the sink found from its bytes (passed as `lead`; not read). */
const LEAD_READ = '(lead)';

/** A line's pairs as byte ranges: per pair key start, key end, value start, value end, value kind. */
const KIND_STRING = 1, KIND_NUMBER = 2, KIND_TRUE = 3, KIND_FALSE = 4, KIND_NULL = 5;
const MAX_PAIRS = 32;
const QUOTE = 34, BACKSLASH = 92;

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Scans buf[a, b) as a flat JSON object whose keys and string values are printable ASCII without
 * escapes, and whose other values are numbers, true, false or null; the pairs go to `r` (5 ints
 * each). Returns the number of pairs, or -1 when the line is not of that shape (the caller then
 * takes the general path): a line with more than MAX_PAIRS pairs, a key made of digits only
 * (JSON.parse would put it first), or a key given twice (JSON.parse keeps the last) is also -1.
 */
export function scanFlat(buf: Uint8Array, a: number, b: number, r: Int32Array): number {
  let i = a;
  while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
  while (b > i && (buf[b - 1] === 32 || buf[b - 1] === 9)) b--;
  if (i >= b || buf[i] !== 123 /* { */ || buf[b - 1] !== 125 /* } */) return -1;
  i++;
  b--; // the closing brace
  let n = 0;
  // White space between tokens, inline (a closure here would be made once per line).
  while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
  if (i === b) return 0;
  for (;;) {
    if (n === MAX_PAIRS || buf[i] !== QUOTE) return -1;
    const ks = ++i;
    let digits = true;
    for (;;) {
      if (i >= b) return -1;
      const c = buf[i];
      if (c === QUOTE) break;
      if (c < 32 || c > 126 || c === BACKSLASH) return -1;
      if (!isDigit(c)) digits = false;
      i++;
    }
    const ke = i++;
    if (digits) return -1; // digits only (or empty): an array index comes first in JSON.parse's object
    while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
    if (buf[i] !== 58 /* : */) return -1;
    i++;
    while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i >= b) return -1;
    const c0 = buf[i];
    let vs = i, ve: number, kind: number;
    if (c0 === QUOTE) {
      vs = ++i;
      for (;;) {
        if (i >= b) return -1;
        const c = buf[i];
        if (c === QUOTE) break;
        if (c < 32 || c > 126 || c === BACKSLASH) return -1;
        i++;
      }
      ve = i++;
      kind = KIND_STRING;
    } else if (c0 === 116 /* t */) {
      if (buf[i + 1] !== 114 || buf[i + 2] !== 117 || buf[i + 3] !== 101) return -1;
      i += 4; ve = i; kind = KIND_TRUE;
    } else if (c0 === 102 /* f */) {
      if (buf[i + 1] !== 97 || buf[i + 2] !== 108 || buf[i + 3] !== 115 || buf[i + 4] !== 101) return -1;
      i += 5; ve = i; kind = KIND_FALSE;
    } else if (c0 === 110 /* n */) {
      if (buf[i + 1] !== 117 || buf[i + 2] !== 108 || buf[i + 3] !== 108) return -1;
      i += 4; ve = i; kind = KIND_NULL;
    } else {
      // A number as JSON writes it: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
      if (buf[i] === 45 /* - */) i++;
      if (buf[i] === 48) i++;
      else if (i < b && buf[i] >= 49 && buf[i] <= 57) { while (i < b && isDigit(buf[i])) i++; } else return -1;
      if (buf[i] === 46 /* . */) { i++; if (!(i < b && isDigit(buf[i]))) return -1; while (i < b && isDigit(buf[i])) i++; }
      if (buf[i] === 101 || buf[i] === 69) {
        i++;
        if (buf[i] === 43 || buf[i] === 45) i++;
        if (!(i < b && isDigit(buf[i]))) return -1;
        while (i < b && isDigit(buf[i])) i++;
      }
      ve = i; kind = KIND_NUMBER;
    }
    if (i > b) return -1;
    const o = n * 5;
    r[o] = ks; r[o + 1] = ke; r[o + 2] = vs; r[o + 3] = ve; r[o + 4] = kind;
    n++;
    while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i === b) break;
    if (buf[i] !== 44 /* , */) return -1;
    i++;
    while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
  }
  // Distinct keys (a repeated key is JSON.parse's last-wins case: the general path).
  for (let x = 1; x < n; x++) {
    const xs = r[x * 5], xl = r[x * 5 + 1] - xs;
    for (let y = 0; y < x; y++) {
      const ys = r[y * 5];
      if (r[y * 5 + 1] - ys !== xl) continue;
      let k = 0;
      while (k < xl && buf[xs + k] === buf[ys + k]) k++;
      if (k === xl) return -1;
    }
  }
  return n;
}

/** Which of `count` workers owns the lead with this id (FNV-1a of its UTF-16 code units); records without one go to worker 0. */
export function ownerOf(key: string, count: number): number {
  return count === 1 || key === '' ? 0 : fnv1a(key) % count;
}

/** Which of `count` workers owns a key given as ASCII bytes: ownerOf of the same text, FNV-1a of its code units. */
export function ownerOfBytes(buf: Uint8Array, a: number, b: number, count: number): number {
  return count === 1 || a >= b ? 0 : fnv1aBytes(buf, a, b) % count;
}

/** Strings made from short byte ranges, shared: keys, event names and repeated values are made once. */
export class ByteStrings {
  private readonly table: (string | undefined)[] = new Array(4096);
  /** The latin1 text of buf[a, b) (ASCII here), from the table when it was seen before. */
  get(buf: Buffer, a: number, b: number): string {
    const len = b - a;
    if (len > 64) return buf.toString('latin1', a, b);
    const slot = fnv1aBytes(buf, a, b) & 4095;
    const s = this.table[slot];
    if (s !== undefined && s.length === len) {
      let k = 0;
      while (k < len && s.charCodeAt(k) === buf[a + k]) k++;
      if (k === len) return s;
    }
    const t = buf.toString('latin1', a, b);
    this.table[slot] = t;
    return t;
  }
}

/** buf[a, b) is `lead_id` (a byte loop: Buffer#compare costs a call into C++ per line). */
function isLeadIdKey(buf: Uint8Array, a: number, b: number): boolean {
  return b - a === 7 && buf[a] === 108 && buf[a + 1] === 101 && buf[a + 2] === 97 && buf[a + 3] === 100 && buf[a + 4] === 95 && buf[a + 5] === 105 && buf[a + 6] === 100;
}

/** What readJsonlEvents hands its caller. */
export interface JsonlEventSink {
  /** A flat line this reader owns (see `owner`): its keys (distinct) and values, as JSON.parse would give them. */
  flat(keys: string[], vals: unknown[], n: number, row: number,
    /** The `at` value's time when it was read in place (its value in `vals` is then a placeholder). */
    atMs?: number,
    /** The lead's index when `leadOf` found it (the `lead_id` value in `vals` is then a placeholder). */
    lead?: number): void;
  /**
   * The index of the lead whose id is the ASCII text buf[a, b) (`hash`: its fnv1aBytes), or -1
   * (then the id is passed as text): LeadCollector.leadIndexOfBytes, so that no string is made
   * for the id of an owned line.
   */
  leadOf?(buf: Uint8Array, a: number, b: number, hash: number): number;
  /** Any other line (decoded; BOM of the first line not removed): the general path's. */
  line(text: string, row: number): void;
  /** After each chunk: bytes and lines read (progress). */
  chunk?(bytes: number, lines: number): void;
}

/**
 * Every line of a JSON Lines file, split as forEachLine (io/samples.ts) splits it (`\n`, `\r\n`,
 * a lone `\r`; a last line without an ending counts, an empty rest does not). A flat line whose
 * lead is another worker's (`owner` of `count`; its `lead_id` a string, a number, true, false or
 * null as the general path keys it) is skipped; the other flat lines go to `sink.flat`, the rest
 * to `sink.line`. Invalid UTF-8 is reported through `onInvalid` as utf8Chunks reports it.
 */
export function readJsonlEvents(path: string, sink: JsonlEventSink, owner: number, count: number, onInvalid?: (p: InvalidUtf8) => void, chunkBytes = 1 << 20): void {
  const chunks = new ByteChunks(path, chunkBytes, onInvalid);
  const r = new Int32Array(MAX_PAIRS * 5);
  const strings = new ByteStrings();
  const keys: string[] = new Array<string>(MAX_PAIRS).fill(''), vals: unknown[] = new Array<unknown>(MAX_PAIRS).fill(null);
  let row = 0;
  const leadOf = sink.leadOf?.bind(sink);
  const onLine = (buf: Buffer, a: number, b: number) => {
    row++;
    const n = scanFlat(buf, a, b, r);
    if (n < 0) { sink.line(buf.toString('utf8', a, b), row); return; }
    let idHash = -1; // fnv1aBytes of the trimmed string `lead_id`, once for owner and lookup
    if (count > 1) {
      let who = 0;
      for (let p = 0; p < n; p++) {
        const o = p * 5;
        if (!isLeadIdKey(buf, r[o], r[o + 1])) continue;
        const kind = r[o + 4];
        let vs = r[o + 2], ve = r[o + 3];
        if (kind === KIND_STRING) {
          // The id trimmed (String#trim; printable ASCII has only the space to trim).
          while (vs < ve && buf[vs] === 32) vs++;
          while (ve > vs && buf[ve - 1] === 32) ve--;
          if (vs < ve) idHash = fnv1aBytes(buf, vs, ve);
          who = idHash >= 0 ? idHash % count : 0;
        } else if (kind === KIND_NUMBER) {
          const s = String(Number(buf.toString('latin1', vs, ve)));
          who = ownerOfBytes(Buffer.from(s, 'latin1'), 0, s.length, count);
        } else if (kind === KIND_TRUE || kind === KIND_FALSE) {
          who = ownerOfBytes(buf, vs, ve, count);
        }
        break;
      }
      if (who !== owner) return;
    }
    let atMs: number | undefined, lead: number | undefined;
    for (let p = 0; p < n; p++) {
      const o = p * 5;
      keys[p] = strings.get(buf, r[o], r[o + 1]);
      const kind = r[o + 4];
      if (kind === KIND_STRING && keys[p] === 'at') {
        // The time read in place when it has the usual shape (fastUtcBytes); else its text.
        atMs = fastUtcBytes(buf, r[o + 2], r[o + 3]);
        if (atMs !== undefined) { vals[p] = AT_READ; continue; }
      }
      if (kind === KIND_STRING && keys[p] === 'lead_id') {
        // The lead found from the id's bytes (trimmed as String#trim would: only spaces in
        // printable ASCII), without making the id; else the id as text (one of many: not shared).
        let vs = r[o + 2], ve = r[o + 3];
        while (vs < ve && buf[vs] === 32) vs++;
        while (ve > vs && buf[ve - 1] === 32) ve--;
        const idx = leadOf !== undefined && vs < ve ? leadOf(buf, vs, ve, idHash >= 0 ? idHash : fnv1aBytes(buf, vs, ve)) : -1;
        if (idx >= 0) { lead = idx; vals[p] = LEAD_READ; } else vals[p] = buf.toString('latin1', r[o + 2], r[o + 3]);
        continue;
      }
      // Keys, names and repeated values come from the table.
      vals[p] = kind === KIND_STRING ? strings.get(buf, r[o + 2], r[o + 3]) : kind === KIND_NUMBER ? Number(buf.toString('latin1', r[o + 2], r[o + 3]))
        : kind === KIND_TRUE ? true : kind === KIND_FALSE ? false : null;
    }
    sink.flat(keys, vals, n, row, atMs, lead);
  };
  try {
    let carry: Buffer | undefined;
    for (;;) {
      const before = row;
      const buf = chunks.next(carry);
      const final = buf === undefined;
      const text = final ? carry ?? Buffer.alloc(0) : buf;
      const len = text.length;
      let from = 0;
      let cr = text.indexOf(13);
      for (;;) {
        const nl = text.indexOf(10, from);
        if (cr >= 0 && cr < from) cr = text.indexOf(13, from);
        if (cr >= 0 && (nl < 0 || cr < nl)) {
          // `\r` at the very end may be the first half of `\r\n`: wait for the next chunk.
          if (cr === len - 1 && !final) break;
          onLine(text, from, cr);
          from = text[cr + 1] === 10 ? cr + 2 : cr + 1;
          continue;
        }
        if (nl < 0) break;
        onLine(text, from, nl);
        from = nl + 1;
      }
      if (final) {
        if (from < len) onLine(text, from, len);
        sink.chunk?.(0, row - before);
        return;
      }
      sink.chunk?.(len - (carry?.length ?? 0), row - before);
      carry = from < len ? text.subarray(from) : undefined;
    }
  } finally {
    chunks.close();
  }
}
