// Lead ids → the collector's lead index, for the file loaders (LeadCollector with `deferEvents`).
// An event log lists events in random lead order, so finding each event's lead is a random
// access into a table of every lead: with a Map of strings it was a fifth of a worker's CPU at
// 1M leads × 10M events (a fresh id string per event, hashed, then compared with a key string
// scattered in a multi-gigabyte heap). Here the table is compact typed arrays — (hash, index, the
// id itself when it is short) slots under open addressing, and every id's UTF-16 code units in
// one pool for the longer ones — and a reader that
// has an id as ASCII bytes (io/jsonl-bytes.ts) looks it up without making the string. The hash is
// FNV-1a of the id's code units, the one ownerOf (io/jsonl-bytes.ts) splits leads by.

/** FNV-1a of a text's UTF-16 code units (for ASCII, of its bytes: fnv1aBytes), unsigned. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

/** FNV-1a of buf[a, b), unsigned: fnv1a of the same text when the bytes are ASCII. */
export function fnv1aBytes(buf: Uint8Array, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i++) { h ^= buf[i]; h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

/**
 * An id of at most 8 code units, each 1–255, packed into two ints (zero-padded: unambiguous, since
 * ids hold no NUL — the loader removes them — and are never empty); PACK_NONE otherwise.
 */
const PACK_NONE = 0;

export class IdTable {
  /**
   * Slots of 4 ints (16 bytes, so a slot sits in one cache line): hash | 0, index + 1 (0 = empty),
   * and the id packed (pack0/pack1; both PACK_NONE for an id that does not pack, which is then
   * compared with its code units in `pool`). A short id is told from another by its slot alone:
   * one random memory access per lookup instead of three (slot, pool offset, pool).
   */
  private slots = new Int32Array(4 * 1024);
  private mask = 1023;
  private size = 0;
  /** Per index: where its id's code units start in `pool` (and end: the next entry). */
  private from = new Int32Array(1025);
  private pool = new Uint16Array(8192);
  private poolEnd = 0;
  /** Scratch of pack(): its two ints (or PACK_NONE, PACK_NONE). */
  private p0 = 0;
  private p1 = 0;

  /** Adds an id (not present yet) at `index`; indices are given in order 0, 1, 2… (`hash`: fnv1a(id) when the caller has it). */
  add(id: string, index: number, hash = fnv1a(id)): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.rehash();
    if (index + 2 > this.from.length) { const f = new Int32Array(this.from.length * 2); f.set(this.from); this.from = f; }
    while (this.poolEnd + id.length > this.pool.length) { const p = new Uint16Array(this.pool.length * 2); p.set(this.pool); this.pool = p; }
    const p = this.pool;
    let end = this.from[index];
    for (let i = 0; i < id.length; i++) p[end++] = id.charCodeAt(i);
    this.from[index + 1] = end;
    this.poolEnd = end;
    this.packText(id);
    this.place(hash | 0, index, this.p0, this.p1);
    this.size++;
  }

  private place(h: number, index: number, p0: number, p1: number): void {
    const slots = this.slots, mask = this.mask;
    let s = h & mask;
    while (slots[4 * s + 1] !== 0) s = (s + 1) & mask;
    slots[4 * s] = h; slots[4 * s + 1] = index + 1; slots[4 * s + 2] = p0; slots[4 * s + 3] = p1;
  }

  private rehash(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(4 * (this.mask + 1));
    for (let s = 0; s < old.length; s += 4) if (old[s + 1] !== 0) this.place(old[s], old[s + 1] - 1, old[s + 2], old[s + 3]);
  }

  /** Packs a text into p0/p1 (PACK_NONE twice when it does not pack). */
  private packText(id: string): void {
    this.p0 = PACK_NONE; this.p1 = PACK_NONE;
    const len = id.length;
    if (len === 0 || len > 8) return;
    let p0 = 0, p1 = 0;
    for (let i = 0; i < len; i++) {
      const c = id.charCodeAt(i);
      if (c === 0 || c > 255) return;
      if (i < 4) p0 |= c << (8 * i); else p1 |= c << (8 * (i - 4));
    }
    this.p0 = p0; this.p1 = p1;
  }

  /** The index of `id`, or -1 (`hash`: fnv1a(id) when the caller has it). */
  get(id: string, hash = fnv1a(id)): number {
    this.packText(id);
    const p0 = this.p0, p1 = this.p1;
    const h = hash | 0, slots = this.slots, mask = this.mask, len = id.length;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const x = slots[4 * s + 1];
      if (x === 0) return -1;
      if (slots[4 * s] !== h) continue;
      if (p0 !== PACK_NONE) { if (slots[4 * s + 2] === p0 && slots[4 * s + 3] === p1) return x - 1; continue; }
      if (slots[4 * s + 2] !== PACK_NONE) continue; // a packed id is not this one, which does not pack
      const a = this.from[x - 1];
      if (this.from[x] - a !== len) continue;
      const pool = this.pool;
      let k = 0;
      while (k < len && pool[a + k] === id.charCodeAt(k)) k++;
      if (k === len) return x - 1;
    }
  }

  /** The index of the id whose text is buf[a, b) (bytes 1–255; `hash` = fnv1aBytes of it), or -1. */
  getBytes(buf: Uint8Array, a: number, b: number, hash: number): number {
    const len = b - a;
    let p0 = PACK_NONE, p1 = PACK_NONE;
    if (len > 0 && len <= 8) {
      p0 = 0; p1 = 0;
      for (let i = 0; i < len; i++) {
        const c = buf[a + i];
        if (c === 0) return -1; // no id holds a NUL
        if (i < 4) p0 |= c << (8 * i); else p1 |= c << (8 * (i - 4));
      }
    }
    const h = hash | 0, slots = this.slots, mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const x = slots[4 * s + 1];
      if (x === 0) return -1;
      if (slots[4 * s] !== h) continue;
      if (p0 !== PACK_NONE) { if (slots[4 * s + 2] === p0 && slots[4 * s + 3] === p1) return x - 1; continue; }
      if (slots[4 * s + 2] !== PACK_NONE) continue;
      const o = this.from[x - 1];
      if (this.from[x] - o !== len) continue;
      const pool = this.pool;
      let k = 0;
      while (k < len && pool[o + k] === buf[a + k]) k++;
      if (k === len) return x - 1;
    }
  }
}
