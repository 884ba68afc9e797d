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
 * 1 for the bytes a flat line's strings hold as they are (printable ASCII but `"` and `\`): a
 * string's bytes are read with one table look-up each instead of three comparisons, and the
 * string ends at the first other byte (then a quote, or the line is not flat).
 */
const PLAIN = new Uint8Array(256);
for (let c = 32; c <= 126; c++) if (c !== QUOTE && c !== BACKSLASH) PLAIN[c] = 1;

/**
 * Scans buf[a, b) as a flat JSON object whose keys and string values are printable ASCII without
 * escapes, and whose other values are numbers, true, false or null; the pairs go to `r` from
 * `at` (5 ints each). Returns the number of pairs, or -1 when the line is not of that shape (the caller then
 * takes the general path): a line with more than MAX_PAIRS pairs, a key made of digits only
 * (JSON.parse would put it first), or a key given twice (JSON.parse keeps the last) is also -1.
 */
export function scanFlat(buf: Uint8Array, a: number, b: number, r: Int32Array, at = 0): number {
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
    // The key's bytes up to the first that is not plain text (PLAIN: one table read per byte).
    for (let c = buf[i]; i < b && PLAIN[c] === 1; c = buf[++i]) if (c < 48 || c > 57) digits = false;
    if (i >= b || buf[i] !== QUOTE) return -1;
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
      while (i < b && PLAIN[buf[i]] === 1) i++;
      if (i >= b || buf[i] !== QUOTE) return -1;
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
    const o = at + n * 5;
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
    const xs = r[at + x * 5], xl = r[at + x * 5 + 1] - xs;
    for (let y = 0; y < x; y++) {
      const ys = r[at + y * 5];
      if (r[at + y * 5 + 1] - ys !== xl) continue;
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
  private table: (string | undefined)[] = new Array(4096);
  private looked = 0;
  private hits = 0;
  private off = false;
  /**
   * `maxLength`: longer texts are made afresh. `giveUp`: when the first 1,024 texts looked up were
   * mostly new (a column of ids, e-mails, company names), stop looking up and make each text
   * afresh — as LeadCollector's internField does for a field's texts.
   */
  constructor(private readonly maxLength = 64, private readonly giveUp = false) {}

  /** The latin1 text of buf[a, b) (ASCII here), from the table when it was seen before. */
  get(buf: Buffer, a: number, b: number): string {
    const len = b - a;
    if (len > this.maxLength || this.off) return buf.toString('latin1', a, b);
    const slot = fnv1aBytes(buf, a, b) & 4095;
    const s = this.table[slot];
    if (this.giveUp && ++this.looked === 1024 && this.hits * 2 < this.looked) { this.off = true; this.table = []; }
    if (s !== undefined && s.length === len) {
      let k = 0;
      while (k < len && s.charCodeAt(k) === buf[a + k]) k++;
      if (k === len) { this.hits++; return s; }
    }
    const t = buf.toString('latin1', a, b);
    if (!this.off) this.table[slot] = t;
    return t;
  }
}

/** What a key is to flush: `at`, `lead_id`, or another. */
const ROLE_AT = 1, ROLE_LEAD = 2;

/**
 * The JSON number buf[a, b) (scanFlat checked its syntax): an integer of up to 15 digits from its
 * digits (exact: below 2^53, and Number of its text gives the same double, -0 included), any other
 * number through Number of its text.
 */
export function numberAt(buf: Buffer, a: number, b: number): number {
  const neg = buf[a] === 45;
  let i = neg ? a + 1 : a;
  if (b - i > 15) return Number(buf.toString('latin1', a, b));
  let v = 0;
  for (; i < b; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return Number(buf.toString('latin1', a, b));
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

/** `"lead_id"`, and Horspool's shift for each byte at the end of the window (findToken). */
const TOKEN = [34, 108, 101, 97, 100, 95, 105, 100, 34];
const SHIFT = new Uint8Array(256).fill(9);
for (let j = 0; j < 8; j++) SHIFT[TOKEN[j]] = 8 - j;

/** Where `"lead_id"` first occurs in buf[from, b), or -1 (Horspool: most bytes are never read). */
function findToken(buf: Uint8Array, from: number, b: number): number {
  for (let i = from; i + 9 <= b;) {
    const c = buf[i + 8];
    if (c === QUOTE && buf[i] === QUOTE && buf[i + 1] === 108 && buf[i + 2] === 101 && buf[i + 3] === 97 && buf[i + 4] === 100
      && buf[i + 5] === 95 && buf[i + 6] === 105 && buf[i + 7] === 100) return i;
    i += SHIFT[c];
  }
  return -1;
}

/** JSON's white space (also io/simulate-worker.ts fastLeadId's, on text). */
export const isJsonSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The worker that owns the line buf[a, b) (which holds no backslash: the caller knows) by the rule
 * the workers apply to a line they read as text (io/simulate-worker.ts fastLeadId): one
 * `"lead_id"` token, then `:` and a string — whose owner that is whether the line is flat or
 * not, parses or not. -1 when the rule does not apply or the id is not printable ASCII (then
 * the line goes the way it went: scanned). Read only around the token and in the id, so that a
 * worker skips another's line for a fraction of a scan.
 */
export function quickOwner(buf: Uint8Array, a: number, b: number, count: number): number {
  const k = findToken(buf, a, b);
  return k < 0 || findToken(buf, k + 9, b) >= 0 ? -1 : ownerAfterToken(buf, k, b, count);
}

/** quickOwner's owner of the id after the token at k, without looking for a second token (-1: none). */
function ownerAfterToken(buf: Uint8Array, k: number, b: number, count: number): number {
  let i = k + 9;
  while (i < b && isJsonSpace(buf[i])) i++;
  if (i >= b || buf[i] !== 58 /* : */) return -1;
  i++;
  while (i < b && isJsonSpace(buf[i])) i++;
  if (i >= b || buf[i] !== QUOTE) return -1;
  let s = ++i;
  // The id's bytes hashed as they are read (fnv1aBytes, inline: this runs for every line of the
  // file in every worker, where a second pass over the id cost ~13 ns a line).
  let h = 0x811c9dc5;
  for (; i < b; i++) { const c = buf[i]; if (c === QUOTE) break; if (c < 32 || c > 126) return -1; h = Math.imul(h ^ c, 0x01000193); }
  if (i >= b) return -1;
  let e = i;
  if (count > 1 && e > s && buf[s] !== 32 && buf[e - 1] !== 32) return (h >>> 0) % count;
  // Empty, or spaces to trim (String#trim of printable ASCII: spaces only): the trimmed id's owner.
  while (s < e && buf[s] === 32) s++;
  while (e > s && buf[e - 1] === 32) e--;
  return ownerOfBytes(buf, s, e, count);
}

/** buf[a, b) is `lead_id` (a byte loop: Buffer#compare costs a call into C++ per line). */
function isLeadIdKey(buf: Uint8Array, a: number, b: number): boolean {
  return b - a === 7 && buf[a] === 108 && buf[a + 1] === 101 && buf[a + 2] === 97 && buf[a + 3] === 100 && buf[a + 4] === 95 && buf[a + 5] === 105 && buf[a + 6] === 100;
}

/** The lines of one chunk kept by readJsonlEvents' first pass, in file order. */
class Lines {
  size = 0;
  /** 1: a flat line (its pairs in `pairs` from pairFrom, n of them); 0: any other line (its text goes to sink.line). */
  kind = new Int32Array(4096);
  a = new Int32Array(4096);
  b = new Int32Array(4096);
  row = new Int32Array(4096);
  n = new Int32Array(4096);
  pairFrom = new Int32Array(4096);
  /** A flat line's trimmed string lead_id: its bytes [idA, idB) (idA -1: none) and fnv1aBytes. */
  idA = new Int32Array(4096);
  idB = new Int32Array(4096);
  idHash = new Int32Array(4096);
  /** The lookups' results (flush). */
  leads = new Int32Array(4096);
  pairs = new Int32Array(MAX_PAIRS * 5 * 64);
  pairsEnd = 0;

  /** `pairs`, with room for `need` more ints after pairsEnd. */
  pairsFor(need: number): Int32Array {
    if (this.pairsEnd + need > this.pairs.length) { const p = new Int32Array((this.pairsEnd + need) * 2); p.set(this.pairs); this.pairs = p; }
    return this.pairs;
  }

  addText(a: number, b: number, row: number): void { this.add(0, a, b, row, 0, -1, -1, 0); }

  /** A flat line whose `n` pairs scanFlat wrote at pairsEnd. */
  addFlat(a: number, b: number, row: number, n: number, idA: number, idB: number, idHash: number): void {
    this.add(1, a, b, row, n, idA, idB, idHash);
    this.pairsEnd += n * 5;
  }

  private add(kind: number, a: number, b: number, row: number, n: number, idA: number, idB: number, idHash: number): void {
    const k = this.size;
    if (k === this.kind.length) this.grow();
    this.kind[k] = kind; this.a[k] = a; this.b[k] = b; this.row[k] = row; this.n[k] = n; this.pairFrom[k] = this.pairsEnd;
    this.idA[k] = idA; this.idB[k] = idB; this.idHash[k] = idHash;
    this.size = k + 1;
  }

  private grow(): void {
    const g = (x: Int32Array) => { const y = new Int32Array(x.length * 2); y.set(x); return y; };
    this.kind = g(this.kind); this.a = g(this.a); this.b = g(this.b); this.row = g(this.row); this.n = g(this.n);
    this.pairFrom = g(this.pairFrom); this.idA = g(this.idA); this.idB = g(this.idB); this.idHash = g(this.idHash); this.leads = g(this.leads);
  }

  clear(): void { this.size = 0; this.pairsEnd = 0; }
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
  const strings = new ByteStrings();
  const keys: string[] = new Array<string>(MAX_PAIRS).fill(''), vals: unknown[] = new Array<unknown>(MAX_PAIRS).fill(null);
  // Per pair position: the key of the last flat line handed over there, and what it is.
  const lastKey: string[] = new Array<string>(MAX_PAIRS).fill(''), lastRole = new Uint8Array(MAX_PAIRS);
  let row = 0;
  const leadOf = sink.leadOf?.bind(sink);
  // A chunk's lines are read in three passes: each line scanned (its pairs kept) and the other
  // workers' skipped; then the lead of every kept flat line looked up, one after another (the
  // lookups are random reads of a large table: side by side the processor overlaps them, where
  // one per line each waited for memory alone); then every kept line handed over in file order.
  const lines = new Lines();
  // The next backslash of the chunk at or after the current line (-1: not looked for yet).
  let nextBackslash = -1;
  const onLine = (buf: Buffer, a: number, b: number) => {
    row++;
    if (count > 1) {
      // Another worker's line by the text path's rule is skipped before it is scanned.
      if (nextBackslash < a) { nextBackslash = buf.indexOf(BACKSLASH, a); if (nextBackslash < 0) nextBackslash = Number.MAX_SAFE_INTEGER; }
      // quickOwner, with the search for a second token (the rest of the line) only when the first
      // token's id is another worker's: an owned line is scanned anyway.
      if (nextBackslash >= b) {
        const k = findToken(buf, a, b);
        if (k >= 0) { const q = ownerAfterToken(buf, k, b, count); if (q >= 0 && q !== owner && findToken(buf, k + 9, b) < 0) return; }
      }
    }
    const r = lines.pairsFor(MAX_PAIRS * 5);
    const n = scanFlat(buf, a, b, r, lines.pairsEnd);
    if (n < 0) { lines.addText(a, b, row); return; }
    // The owner, as the general path keys the record (a string id trimmed, else its number's or
    // boolean's text, else worker 0), and a string id's bytes and hash for the lookup.
    let who = 0, idHash = -1, idA = -1, idB = -1;
    const base = lines.pairsEnd;
    for (let p = 0; p < n; p++) {
      const o = base + p * 5;
      if (!isLeadIdKey(buf, r[o], r[o + 1])) continue;
      const kind = r[o + 4];
      let vs = r[o + 2], ve = r[o + 3];
      if (kind === KIND_STRING) {
        // The id trimmed (String#trim; printable ASCII has only the space to trim).
        while (vs < ve && buf[vs] === 32) vs++;
        while (ve > vs && buf[ve - 1] === 32) ve--;
        if (vs < ve) { idHash = fnv1aBytes(buf, vs, ve); idA = vs; idB = ve; who = idHash % count; }
      } else if (count > 1 && kind === KIND_NUMBER) {
        const t = String(Number(buf.toString('latin1', vs, ve)));
        who = ownerOfBytes(Buffer.from(t, 'latin1'), 0, t.length, count);
      } else if (count > 1 && (kind === KIND_TRUE || kind === KIND_FALSE)) {
        who = ownerOfBytes(buf, vs, ve, count);
      }
      break;
    }
    if (who !== owner) return;
    lines.addFlat(a, b, row, n, idA, idB, idHash);
  };
  const flush = (buf: Buffer) => {
    const k = lines.size, ks = lines.kind, P = lines.pairs;
    const leads = lines.leads;
    for (let x = 0; x < k; x++) leads[x] = ks[x] === 1 && lines.idA[x] >= 0 && leadOf !== undefined ? leadOf(buf, lines.idA[x], lines.idB[x], lines.idHash[x]) : -1;
    for (let x = 0; x < k; x++) {
      if (ks[x] === 0) { sink.line(buf.toString('utf8', lines.a[x], lines.b[x]), lines.row[x]); continue; }
      const n = lines.n[x], base = lines.pairFrom[x];
      let atMs: number | undefined, lead: number | undefined;
      for (let p = 0; p < n; p++) {
        const o = base + p * 5;
        // The key: the last flat line's key in this position when the bytes are the same (lines
        // of one log repeat their keys in order), else from the table.
        const ka = P[o], kl = P[o + 1] - ka;
        let key = lastKey[p], same = key.length === kl;
        for (let q = 0; same && q < kl; q++) same = key.charCodeAt(q) === buf[ka + q];
        if (!same) { key = strings.get(buf, ka, ka + kl); lastKey[p] = key; lastRole[p] = key === 'at' ? ROLE_AT : key === 'lead_id' ? ROLE_LEAD : 0; }
        keys[p] = key;
        const role = lastRole[p];
        const kind = P[o + 4];
        if (kind === KIND_STRING && role === ROLE_AT) {
          // The time read in place when it has the usual shape (fastUtcBytes); else its text.
          atMs = fastUtcBytes(buf, P[o + 2], P[o + 3]);
          if (atMs !== undefined) { vals[p] = AT_READ; continue; }
        }
        if (kind === KIND_STRING && role === ROLE_LEAD) {
          // The lead found from the id's bytes (trimmed as String#trim would: only spaces in
          // printable ASCII), without making the id; else the id as text (one of many: not shared).
          if (leads[x] >= 0) { lead = leads[x]; vals[p] = LEAD_READ; } else vals[p] = buf.toString('latin1', P[o + 2], P[o + 3]);
          continue;
        }
        // Keys, names and repeated values come from the table.
        vals[p] = kind === KIND_STRING ? strings.get(buf, P[o + 2], P[o + 3]) : kind === KIND_NUMBER ? numberAt(buf, P[o + 2], P[o + 3])
          : kind === KIND_TRUE ? true : kind === KIND_FALSE ? false : null;
      }
      sink.flat(keys, vals, n, lines.row[x], atMs, lead);
    }
    lines.clear();
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
      nextBackslash = -1;
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
        flush(text);
        sink.chunk?.(0, row - before);
        return;
      }
      flush(text);
      sink.chunk?.(len - (carry?.length ?? 0), row - before);
      carry = from < len ? text.subarray(from) : undefined;
    }
  } finally {
    chunks.close();
  }
}
