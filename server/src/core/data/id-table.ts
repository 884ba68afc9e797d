// Lead ids → the collector's lead index, for the file loaders (LeadCollector with `deferEvents`).
// An event log lists events in random lead order, so finding each event's lead is a random
// access into a table of every lead: with a Map of strings it was a fifth of a worker's CPU at
// 1M leads × 10M events (a fresh id string per event, hashed, then compared with a key string
// scattered in a multi-gigabyte heap). Here the table is two compact typed arrays — (hash, index)
// pairs under open addressing, and every id's UTF-16 code units in one pool — and a reader that
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

export class IdTable {
  /** Pairs (hash | 0, index + 1); 0 in the second = empty. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private size = 0;
  /** Per index: where its id's code units start in `pool` (and end: the next entry). */
  private from = new Int32Array(1025);
  private pool = new Uint16Array(8192);
  private poolEnd = 0;

  /** Adds an id (not present yet) at `index`; indices are given in order 0, 1, 2… */
  add(id: string, index: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.rehash();
    if (index + 2 > this.from.length) { const f = new Int32Array(this.from.length * 2); f.set(this.from); this.from = f; }
    while (this.poolEnd + id.length > this.pool.length) { const p = new Uint16Array(this.pool.length * 2); p.set(this.pool); this.pool = p; }
    const p = this.pool;
    let end = this.from[index];
    for (let i = 0; i < id.length; i++) p[end++] = id.charCodeAt(i);
    this.from[index + 1] = end;
    this.poolEnd = end;
    this.place(fnv1a(id) | 0, index);
    this.size++;
  }

  private place(h: number, index: number): void {
    const slots = this.slots, mask = this.mask;
    let s = h & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = h; slots[2 * s + 1] = index + 1;
  }

  private rehash(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(2 * (this.mask + 1));
    for (let s = 0; s < old.length; s += 2) if (old[s + 1] !== 0) this.place(old[s], old[s + 1] - 1);
  }

  /** The index of `id`, or -1. */
  get(id: string): number {
    const h = fnv1a(id) | 0, slots = this.slots, mask = this.mask, p = this.pool, from = this.from, len = id.length;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const x = slots[2 * s + 1];
      if (x === 0) return -1;
      if (slots[2 * s] !== h) continue;
      const a = from[x - 1];
      if (from[x] - a !== len) continue;
      let k = 0;
      while (k < len && p[a + k] === id.charCodeAt(k)) k++;
      if (k === len) return x - 1;
    }
  }

  /** The index of the id whose text is buf[a, b) (ASCII; `hash` = fnv1aBytes of it), or -1. */
  getBytes(buf: Uint8Array, a: number, b: number, hash: number): number {
    const h = hash | 0, slots = this.slots, mask = this.mask, p = this.pool, from = this.from, len = b - a;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const x = slots[2 * s + 1];
      if (x === 0) return -1;
      if (slots[2 * s] !== h) continue;
      const o = from[x - 1];
      if (from[x] - o !== len) continue;
      let k = 0;
      while (k < len && p[o + k] === buf[a + k]) k++;
      if (k === len) return x - 1;
    }
  }
}
