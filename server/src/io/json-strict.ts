// What DuckDB's JSON reader accepts and the in-process loader (JSON.parse) does not, found in
// one pass over the bytes before DuckDB's result is trusted (io/duckdb.ts scanForDuckdb): a
// trailing comma (`{"a":1,}`), NaN and Infinity literals, and a repeated key in a record —
// DuckDB keeps the first value where JSON.parse keeps the last. A file with any of them is
// computed in-process, which skips (or reads) it exactly as always. Anything else DuckDB cannot
// parse makes DuckDB itself fail, which falls back too.
import { createReadStream } from 'node:fs';

const QUOTE = 34, BACKSLASH = 92, LF = 10, LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93, COMMA = 44, COLON = 58;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const LITERALS = new Set(['true', 'false', 'null']);

/**
 * The first construct of a JSON or JSON Lines file that DuckDB reads differently from
 * JSON.parse, as "line N has …", or undefined. `recordDepth` is the nesting of a record's
 * object: 1 in JSON Lines (one object per line), 2 in a JSON array of objects.
 */
export class StrictJsonScan {
  private line = 1;
  private inString = false;
  private escaped = false;
  private depth = 0;
  /** The last byte outside strings that is not white space (0: none yet). */
  private last = 0;
  /** The letters of a bare word being read (a literal or NaN/Infinity), across chunk ends. */
  private word = '';
  private wordPrev = 0;
  /** Keys of the current record: FNV-1a hash and byte length of each (a collision only falls back). */
  private keyHashes = new Int32Array(32);
  private keyLengths = new Int32Array(32);
  private keyCount = 0;
  private keyHash = 0;
  private keyLength = 0;
  private inKey = false;
  /** Hex digits still to read of a `\u` escape that is `\u0000` so far (0: none). */
  private uLeft = 0;

  /** JSON Lines: every line is its own document (a broken line does not carry its state over). */
  private readonly lines: boolean;
  constructor(private readonly recordDepth: number) { this.lines = recordDepth === 1; }


  /** Scans the next bytes of the file; returns the first problem found. */
  feed(buf: Uint8Array): string | undefined {
    // The state in locals for the loop, written back at the end: a byte at a time in tight
    // loops is faster than native searches for the short strings of a record.
    let inString = this.inString, escaped = this.escaped, inKey = this.inKey, last = this.last, depth = this.depth;
    let keyHash = this.keyHash, keyLength = this.keyLength, uLeft = this.uLeft;
    const recordDepth = this.recordDepth;
    let why: string | undefined;
    const n = buf.length;
    scan: for (let i = 0; i < n; i++) {
      let c = buf[i];
      if (inString) {
        if (uLeft > 0) {
          // `\u0000`: JSON.parse gives the loader a NUL, which it removes from an id (with a warning); DuckDB keeps it.
          if (c !== 48) uLeft = 0;
          else if (--uLeft === 0) { why = `line ${this.line} has the escape \\u0000 (a NUL character), which the loader removes from an id and DuckDB keeps`; break; }
          else continue;
        }
        if (escaped) { escaped = false; if (c === 117) uLeft = 4; continue; }
        if (!inKey) {
          // A value's text: straight to its end.
          while (c !== QUOTE && c !== BACKSLASH && c !== LF) { if (++i === n) break scan; c = buf[i]; }
        }
        if (c === QUOTE) {
          inString = false; last = QUOTE;
          if (inKey) {
            inKey = false;
            if (this.repeatedKey(keyHash, keyLength)) { why = `line ${this.line} repeats a key in one record: DuckDB would keep its first value, the loader keeps the last`; break; }
          }
        } else if (c === BACKSLASH) {
          // A key written with escapes could equal one written without: not compared, computed in-process.
          if (inKey) { why = `line ${this.line} has a key written with escapes`; break; }
          escaped = true;
        } else if (c === LF) {
          // Not JSON (DuckDB fails on it and falls back by itself); a JSON Lines line starts afresh.
          this.line++;
          if (this.lines) { inString = false; inKey = false; depth = 0; last = 0; }
        } else { keyHash = Math.imul(keyHash ^ c, 16777619); keyLength++; }
        continue;
      }
      if (isLetter(c)) {
        if (this.word === '') this.wordPrev = last;
        this.word += String.fromCharCode(c);
        if (this.word.length > 8) { why = this.bareWord(); break; }
        continue;
      }
      if (this.word !== '') {
        why = this.endWord();
        if (why) break;
        if (this.wordPrev === -1) { last = 1; this.wordPrev = 0; } // a literal was the value
      }
      if (c === 32 || c === 9 || c === 13) continue;
      if (c === LF) { this.line++; if (this.lines) { depth = 0; last = 0; } continue; }
      if (c === QUOTE) {
        inString = true;
        // A key: a string right after `{` or `,` in a record's object.
        if (depth === recordDepth && (last === LBRACE || last === COMMA)) { inKey = true; keyHash = 0x811c9dc5; keyLength = 0; }
      } else if (c === LBRACE || c === LBRACKET) {
        depth++;
        if (c === LBRACE && depth === recordDepth) this.keyCount = 0;
      } else if (c === RBRACE || c === RBRACKET) {
        if (last === COMMA) { why = `line ${this.line} has a comma before '${String.fromCharCode(c)}', which DuckDB accepts and JSON does not`; break; }
        depth--;
      }
      last = c;
    }
    this.inString = inString; this.escaped = escaped; this.inKey = inKey; this.last = last; this.depth = depth;
    this.keyHash = keyHash; this.keyLength = keyLength; this.uLeft = uLeft;
    return why;
  }

  /** At the end of the file: a word may end there. */
  end(): string | undefined { return this.word !== '' ? this.endWord() : undefined; }

  private endWord(): string | undefined {
    const w = this.word;
    this.word = '';
    // An exponent (`1e5`, `2E-3`) follows a digit or a point; anything else bare must be a literal.
    if (LITERALS.has(w)) { this.wordPrev = -1; return undefined; }
    if ((w === 'e' || w === 'E') && ((this.wordPrev >= 48 && this.wordPrev <= 57) || this.wordPrev === 46)) return undefined;
    return this.bareWord(w);
  }

  private bareWord(w = this.word): string | undefined {
    return `line ${this.line} has the bare word '${w.slice(0, 8)}': DuckDB reads NaN and Infinity as numbers, JSON has only true, false and null`;
  }

  private repeatedKey(h: number, len: number): boolean {
    const hs = this.keyHashes, ls = this.keyLengths, count = this.keyCount;
    for (let k = 0; k < count; k++) if (hs[k] === h && ls[k] === len) return true;
    if (count === hs.length) {
      this.keyHashes = new Int32Array(count * 2); this.keyHashes.set(hs);
      this.keyLengths = new Int32Array(count * 2); this.keyLengths.set(ls);
    }
    this.keyHashes[count] = h; this.keyLengths[count] = len; this.keyCount = count + 1;
    return false;
  }


}

/** Runs a StrictJsonScan over a file. */
export async function strictJsonProblem(file: string, recordDepth: number): Promise<string | undefined> {
  const scan = new StrictJsonScan(recordDepth);
  const stream = createReadStream(file, { highWaterMark: 4 << 20 });
  try {
    for await (const chunk of stream) {
      const why = scan.feed(chunk as Buffer);
      if (why) return why;
    }
    return scan.end();
  } finally { stream.destroy(); }
}
