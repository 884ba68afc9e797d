// Reading sample files as UTF-8 without losing bytes silently: text is decoded as Node does
// (an invalid sequence becomes U+FFFD), and every run of invalid bytes is reported with its byte
// offset so that the loader can warn at its line. Valid files cost one `isUtf8` pass per chunk
// (simdutf); only a chunk that fails it is searched byte by byte.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** A run of bytes that is not UTF-8, at `offset` bytes into the file. */
export interface InvalidUtf8 { offset: number; bytes: number[] }

/** How many bytes a UTF-8 sequence starting with `b` has (0: not a lead byte). */
function seqLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** Length of the valid sequence at `i` of `buf`, or 0 when it is not valid (RFC 3629). */
function validAt(buf: Uint8Array, i: number): number {
  const b = buf[i];
  const n = seqLength(b);
  if (n <= 1 || i + n > buf.length) return n === 1 ? 1 : 0;
  const b1 = buf[i + 1];
  const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
  const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < n; k++) if ((buf[i + k] & 0xc0) !== 0x80) return 0;
  return n;
}

/** Runs of invalid bytes in `buf` (which holds whole sequences only), offsets from `base`. */
export function findInvalidUtf8(buf: Uint8Array, base: number): InvalidUtf8[] {
  const out: InvalidUtf8[] = [];
  let i = 0;
  while (i < buf.length) {
    const n = validAt(buf, i);
    if (n > 0) { i += n; continue; }
    const last = out[out.length - 1];
    if (last && last.offset + last.bytes.length === base + i) last.bytes.push(buf[i]);
    else out.push({ offset: base + i, bytes: [buf[i]] });
    i++;
  }
  return out;
}

/** Where the last complete sequence of `buf` ends (a trailing sequence may continue in the next chunk). */
function completeEnd(buf: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= buf.length; k++) {
    const b = buf[buf.length - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const n = seqLength(b);
    return n > k ? buf.length - k : buf.length;
  }
  return buf.length;
}

const EMPTY = Buffer.alloc(0);

/**
 * Checks a file's bytes for invalid UTF-8 as they are read, chunk by chunk in file order: a
 * sequence cut by a chunk's end is checked with the next chunk. Readers that read the same
 * chunks (same size, from the start of the file) report the same runs.
 */
export class Utf8Check {
  private pending: Buffer = EMPTY;
  private offset = 0; // file offset of pending[0]
  constructor(private readonly onInvalid: (p: InvalidUtf8) => void) {}
  chunk(buf: Buffer): void {
    const b = this.pending.length ? Buffer.concat([this.pending, buf]) : buf;
    const end = completeEnd(b);
    const whole = b.subarray(0, end);
    if (!isUtf8(whole)) for (const p of findInvalidUtf8(whole, this.offset)) this.onInvalid(p);
    // A copy: `buf` is a reader's buffer, overwritten by a later chunk (ByteChunks).
    this.pending = end === b.length ? EMPTY : Buffer.from(b.subarray(end));
    this.offset += end;
  }
  end(): void {
    if (this.pending.length) for (const p of findInvalidUtf8(this.pending, this.offset)) this.onInvalid(p);
    this.pending = EMPTY;
  }
}

/**
 * The text of a file, chunk by chunk, decoded as UTF-8; `onInvalid` hears of every run of
 * invalid bytes (in file order, before the chunk that holds its U+FFFD is yielded).
 */
export async function* utf8Chunks(path: string, chunkBytes: number, onInvalid?: (p: InvalidUtf8) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const check = onInvalid && new Utf8Check(onInvalid);
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      check?.chunk(buf);
      const text = decoder.write(buf);
      if (text !== '') yield text;
    }
    check?.end();
    const rest = decoder.end();
    if (rest !== '') yield rest;
  } finally {
    stream.destroy(); // a consumer that stops early (a bad header) closes the file
  }
}

/** A file's bytes in chunks of `chunkBytes` from its start (as utf8Chunks reads them), each checked for invalid UTF-8. */
export class ByteChunks {
  private readonly fd: number;
  private pos = 0;
  private readonly check: Utf8Check | undefined;
  private readonly spare: (Buffer | undefined)[] = [undefined, undefined];
  private turn = 0;
  constructor(path: string, private readonly chunkBytes: number, onInvalid?: (p: InvalidUtf8) => void) {
    this.fd = openSync(path, 'r');
    this.check = onInvalid && new Utf8Check(onInvalid);
  }
  /**
   * The next chunk after `prefix` (bytes the caller carries over, copied to the front), or
   * undefined at the end of the file. The chunk itself is buf.subarray(prefix.length). The
   * buffer returned is valid until the call after the next one (it is then read into again).
   */
  next(prefix?: Buffer): Buffer | undefined {
    const p = prefix?.length ?? 0;
    // Two buffers, used in turn: the chunk returned last time (where `prefix` lies) stays intact
    // while this one is read. A fresh buffer per chunk was external memory to V8: every 64 MB
    // of it started a full mark-compact of the worker's heap (--trace-incremental-marking:
    // "external memory pressure", ~6 per worker at 1M × 10M), and fresh pages to fault in.
    this.turn ^= 1;
    let buf = this.spare[this.turn];
    if (buf === undefined || buf.length < p + this.chunkBytes) buf = this.spare[this.turn] = Buffer.allocUnsafeSlow(p + this.chunkBytes);
    if (p) prefix!.copy(buf, 0);
    let n = 0;
    while (n < this.chunkBytes) {
      const r = readSync(this.fd, buf, p + n, this.chunkBytes - n, this.pos + n);
      if (r <= 0) break;
      n += r;
    }
    this.pos += n;
    if (n === 0) { this.check?.end(); return undefined; }
    const chunk = buf.subarray(p, p + n);
    this.check?.chunk(chunk);
    return buf.subarray(0, p + n);
  }
  close(): void { closeSync(this.fd); }
}

/**
 * The 1-based line and byte column of each offset (sorted ascending), counting `\r\n`, `\n` and a
 * lone `\r` as one line break each, as the readers do. Reads the file up to the last offset.
 */
export function linesAt(path: string, offsets: number[]): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  if (offsets.length === 0) return out;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    let pos = 0, line = 1, lineStart = 0, k = 0, prevCr = false;
    const upTo = offsets[offsets.length - 1];
    while (k < offsets.length && pos <= upTo) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      for (let i = 0; i < n && k < offsets.length; i++) {
        const at = pos + i;
        while (k < offsets.length && offsets[k] === at) { out.push({ line, column: at - lineStart + 1 }); k++; }
        const c = buf[i];
        if (c === 10) { if (!prevCr) line++; lineStart = at + 1; prevCr = false; }
        else if (c === 13) { line++; lineStart = at + 1; prevCr = true; }
        else prevCr = false;
      }
      pos += n;
    }
    while (out.length < offsets.length) out.push({ line, column: 1 });
  } finally { closeSync(fd); }
  return out;
}
