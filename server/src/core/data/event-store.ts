// The events of the file loaders' leads in columns (LeadCollector with `deferEvents`): no object
// per event. At 1M leads × 10M events a `LeadEvent` object, its boxed time and its `props`
// object per event were ~5M long-lived objects per worker — the bulk of loading's allocation and
// of the garbage collector's marking. Here an event is a row of typed arrays, sorted by (lead,
// time) once loading is done; a lead holds its range (`Lead.stored`), and core/eval reads the
// columns directly (EvalCtx buckets event indices; a `where` reads a property by its key id).
// Leads built from objects (the editor, `kind: test`, DuckDB's rows) keep `Lead.events`; the few
// other readers of a lead's events go through `eventsOf` / `forEachEvent` below.
import type { Lead, LeadEvent } from '../results.js';

/**
 * Property keys → small ids, shared by every store and every compiled `where` of the thread, so a
 * predicate compiled once finds its property by an integer comparison in any store.
 */
const keyIds = new Map<string, number>();
const keyNames: string[] = [];
export function propKeyId(key: string): number {
  let id = keyIds.get(key);
  if (id === undefined) { id = keyNames.length; keyIds.set(key, id); keyNames.push(key); }
  return id;
}

/** A lead's events in a store: rows [from, to), in time order (stable: file order on ties). */
export class EventRange {
  constructor(readonly store: EventStore, readonly from: number, readonly to: number) {}
}

/**
 * Events sorted by (lead, time), built by EventStoreBuilder.build. Row i: `at[i]` (epoch ms),
 * `names[name[i]]` (the event's name, as `LeadEvent.event` would hold it), its properties the
 * pairs `propKey[j]` (propKeyId) / `propVal[j]` for j in [propFrom[i], propTo[i]), in the
 * record's order — the values `LeadEvent.props` would hold. The pairs stay in load order (file
 * order), so a row's range lies anywhere in them: only a `where` reads them.
 */
export class EventStore {
  constructor(
    readonly at: Float64Array,
    readonly name: Int32Array,
    readonly names: readonly string[],
    readonly propFrom: Int32Array,
    readonly propTo: Int32Array,
    readonly propKey: Int32Array,
    readonly propVal: readonly unknown[],
    /** A fresh object for an event's properties (the loader's dataRecord), for `event`. */
    private readonly record: () => Record<string, unknown>,
  ) {}
  /** The frozen empty props every materialised event without properties shares. */
  private none: Record<string, unknown> | undefined;

  get size(): number { return this.at.length; }

  /** The value of property `key` (its propKeyId) of row i; undefined when the event has none. */
  prop(i: number, key: number): unknown {
    const keys = this.propKey;
    for (let j = this.propFrom[i], end = this.propTo[i]; j < end; j++) if (keys[j] === key) return this.propVal[j];
    return undefined;
  }

  /** Row i as the LeadEvent the object path would have made (a fresh props object). */
  event(i: number): LeadEvent {
    const from = this.propFrom[i], to = this.propTo[i];
    let props: Record<string, unknown>;
    if (to === from) props = this.none ??= Object.freeze(this.record());
    else {
      props = this.record();
      for (let j = from; j < to; j++) props[keyNames[this.propKey[j]]] = this.propVal[j];
    }
    return { event: this.names[this.name[i]], at: this.at[i], props };
  }
}

/**
 * A lead's events as objects: `lead.events`, or, for a lead of the file loaders, made from its
 * rows (for the readers of one lead at a time: explain, tests).
 */
export function eventsOf(lead: Lead): LeadEvent[] {
  const r = lead.stored;
  if (r === undefined) return lead.events;
  const out: LeadEvent[] = new Array(r.to - r.from);
  for (let i = r.from; i < r.to; i++) out[i - r.from] = r.store.event(i);
  return out;
}

/** How many events the lead has. */
export function eventCount(lead: Lead): number {
  const r = lead.stored;
  return r === undefined ? lead.events.length : r.to - r.from;
}

/** Calls `f(name, at)` for each of the lead's events, oldest first; stops when it returns true. */
export function forEachEvent(lead: Lead, f: (name: string, at: number) => boolean | void): void {
  const r = lead.stored;
  if (r === undefined) {
    for (const e of lead.events) if (f(e.event, e.at) === true) return;
    return;
  }
  const { at, name, names } = r.store;
  for (let i = r.from; i < r.to; i++) if (f(names[name[i]], at[i]) === true) return;
}

/** log2 of the rows per segment of EventStoreBuilder's columns (2^15 rows: 640 kB of columns a segment). */
const SEG_BITS = 15;

/**
 * Events in file order as the loader reads them (`addProp` for each property of the event to
 * come, then `push`); `build` sorts them by lead and time into an EventStore and gives each lead
 * with events its range.
 *
 * The rows are kept in segments of 2^segBits rows that are never copied or freed while loading. Columns
 * grown by doubling made twice their final size in array buffers, and array buffers are external
 * memory to V8: each 64 MB of them starts a full mark-compact of the thread's heap (the leads,
 * ~300 MB a worker at 1M × 10M; --trace-incremental-marking: "external memory pressure").
 */
export class EventStoreBuilder {
  private readonly seg: number;
  /** `record`: a fresh object for materialised properties (see EventStore); `segBits`: log2 of a segment's rows (tests cross segments with small ones). */
  constructor(private readonly record: () => Record<string, unknown>, private readonly segBits = SEG_BITS) { this.seg = 1 << segBits; }
  /** Segment s holds rows [s·seg, (s+1)·seg): lead index, time, name id, first property. */
  private segLead: Int32Array[] = [];
  private segAt: Float64Array[] = [];
  private segName: Int32Array[] = [];
  private segFrom: Int32Array[] = [];
  private propKey = new Int32Array(1024);
  private propVal: unknown[] = [];
  private n = 0;
  private m = 0;
  /** `m` at the last push: where the properties of the event to come start. */
  private pushedM = 0;
  /** The sorted columns build() fills, made ahead by reserve(). */
  private out: { at: Float64Array; name: Int32Array; from: Int32Array; to: Int32Array } | undefined;
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** The last names given, scanned with === before the map (the loader's names are shared strings). */
  private readonly recent: string[] = [];
  private readonly recentIds: number[] = [];
  private readonly recentKeys: string[] = [];
  private readonly recentKeyIds: number[] = [];

  /**
   * Makes room for about `rows` events now: the segments they will be pushed into and the sorted
   * columns build() fills (a view of the first n rows when they fit; more is made as needed, so the
   * store is the same whatever `rows` is). For the file loaders, with an estimate made before the
   * leads are read: array buffers count as external memory to V8, and each 64 MB of it made starts
   * a full mark-compact — made before the leads are loaded, that marks a small heap; made while
   * events load, it marked every lead (~300 MB a worker at 1M × 10M) three times.
   */
  reserve(rows: number): void {
    if (!(rows > 0)) return;
    const k = this.seg;
    while (this.segLead.length * k < rows) {
      this.segLead.push(new Int32Array(k)); this.segAt.push(new Float64Array(k));
      this.segName.push(new Int32Array(k)); this.segFrom.push(new Int32Array(k));
    }
    if (this.out === undefined || this.out.at.length < rows) this.out = { at: new Float64Array(rows), name: new Int32Array(rows), from: new Int32Array(rows), to: new Int32Array(rows) };
  }

  /** A property of the event about to be pushed (keys distinct, in the record's order). */
  addProp(key: string, value: unknown): void {
    if (this.m === this.propKey.length) { const k = new Int32Array(this.m * 2); k.set(this.propKey); this.propKey = k; }
    this.propKey[this.m] = this.keyId(key);
    this.propVal.push(value);
    this.m++;
  }

  /** Drops the properties added since the last push (an event skipped after all). */
  dropProps(): void { this.m = this.pushedM; this.propVal.length = this.m; }

  push(lead: number, at: number, name: string): void {
    const n = this.n, s = n >>> this.segBits, o = n & (this.seg - 1);
    if (s === this.segLead.length) {
      const k = this.seg;
      this.segLead.push(new Int32Array(k)); this.segAt.push(new Float64Array(k));
      this.segName.push(new Int32Array(k)); this.segFrom.push(new Int32Array(k));
    }
    this.segLead[s][o] = lead; this.segAt[s][o] = at; this.segName[s][o] = this.nameId(name); this.segFrom[s][o] = this.pushedM;
    this.n = n + 1;
    this.pushedM = this.m;
  }

  private nameId(name: string): number {
    const r = this.recent;
    for (let i = 0; i < r.length; i++) if (r[i] === name) return this.recentIds[i];
    let id = this.nameIds.get(name);
    if (id === undefined) { id = this.names.length; this.nameIds.set(name, id); this.names.push(name); }
    if (r.length < 16) { r.push(name); this.recentIds.push(id); }
    return id;
  }

  private keyId(key: string): number {
    const r = this.recentKeys;
    for (let i = 0; i < r.length; i++) if (r[i] === key) return this.recentKeyIds[i];
    const id = propKeyId(key);
    if (r.length < 16) { r.push(key); this.recentKeyIds.push(id); }
    return id;
  }

  /**
   * The store, rows grouped by lead (leads in `leads` order) and each lead's rows sorted by time,
   * stably (same-instant events keep their file order), as finish() sorts `Lead.events`. Each
   * lead with events gets `stored`; `events` stays empty.
   *
   * The rows come in random lead order (an event log), so every read of a load-order column in
   * lead order would be a cache miss: this reads each row's time, name and property range once,
   * in load order, writes them to their lead's place, sorts each lead's rows where they lie side
   * by side, then copies the properties in row order.
   */
  build(leads: Lead[]): EventStore {
    const n = this.n, SEG = this.seg;
    const start = new Int32Array(leads.length + 1);
    for (let s = 0; s * SEG < n; s++) {
      const lead = this.segLead[s], len = Math.min(SEG, n - s * SEG);
      for (let o = 0; o < len; o++) start[lead[o] + 1]++;
    }
    for (let k = 0; k < leads.length; k++) start[k + 1] += start[k];
    // Each row copied to its lead's next place: the reads in load order, the writes scattered
    // (a scattered write does not stall the loop as a scattered read does).
    const fill = start.slice(0, leads.length);
    // The reserved columns when the rows fill at least half of them: the store keeps views of them,
    // which hold the whole buffers (an estimate far above the rows kept — most lines another
    // worker's or of unknown leads — gets columns of the rows' size instead).
    const out = this.out !== undefined && this.out.at.length >= n && n * 2 >= this.out.at.length ? this.out : undefined;
    this.out = undefined;
    const sAt = out ? out.at.subarray(0, n) : new Float64Array(n), sName = out ? out.name.subarray(0, n) : new Int32Array(n);
    const sFrom = out ? out.from.subarray(0, n) : new Int32Array(n), sTo = out ? out.to.subarray(0, n) : new Int32Array(n);
    const segs = Math.ceil(n / SEG);
    for (let s = 0; s < segs; s++) {
      const lead = this.segLead[s], at = this.segAt[s], name = this.segName[s], pFrom = this.segFrom[s];
      const len = Math.min(SEG, n - s * SEG);
      // A row's properties end where the next row's start (the last row's: at m).
      const last = s + 1 < segs ? this.segFrom[s + 1][0] : this.m;
      for (let o = 0; o < len; o++) {
        const j = fill[lead[o]]++;
        sAt[j] = at[o]; sName[j] = name[o]; sFrom[j] = pFrom[o]; sTo[j] = o + 1 < len ? pFrom[o + 1] : last;
      }
    }
    this.segLead = []; this.segAt = []; this.segName = []; this.segFrom = [];
    const rows = new SortRows(sAt, sName, sFrom, sTo);
    for (let k = 0; k < leads.length; k++) rows.sortRange(start[k], start[k + 1]);
    // The properties copied in row order (a `where` reads them lead by lead, rule after rule):
    // each row's place found in row order (where its first property goes, kept at that property's
    // load-order index), then the properties copied in load order to their places — the reads in
    // load order and the writes scattered, as the rows were.
    const pKey = this.propKey, pVal = this.propVal, m = this.m;
    const sKey = new Int32Array(m), sVal: unknown[] = new Array(m);
    const dest = new Int32Array(m + 1).fill(-1);
    for (let j = 0, q = 0; j < n; j++) {
      const f = sFrom[j], e = sTo[j];
      if (e > f) dest[f] = q; // a row with properties is the only one starting at f
      sFrom[j] = q;
      q += e - f;
      sTo[j] = q;
    }
    for (let x = 0, d = 0; x < m; x++) {
      const t = dest[x];
      if (t >= 0) d = t;
      sKey[d] = pKey[x]; sVal[d] = pVal[x]; d++;
    }
    const store = new EventStore(sAt, sName, this.names.slice(), sFrom, sTo, sKey, sVal, this.record);
    for (let k = 0; k < leads.length; k++) if (start[k + 1] > start[k]) leads[k].stored = new EventRange(store, start[k], start[k + 1]);
    this.propKey = new Int32Array(0); this.propVal = []; this.n = 0; this.m = 0; this.pushedM = 0;
    return store;
  }
}

/** A store's rows (time, name, property range), each lead's range sorted in place by time. */
class SortRows {
  constructor(private readonly at: Float64Array, private readonly name: Int32Array, private readonly from: Int32Array, private readonly to: Int32Array) {}

  /**
   * Sorts rows [a, b) by time, stably (rows of the same instant keep their load order): an
   * insertion sort for the few events of most leads, Array#sort (stable) beyond — the order
   * LeadCollector's sortByTime gives objects, by the same comparisons of the same times.
   */
  sortRange(a: number, b: number): void {
    const at = this.at, name = this.name, from = this.from, to = this.to;
    if (b - a < 2) return;
    let sorted = true;
    for (let i = a + 1; i < b; i++) if (at[i - 1] > at[i]) { sorted = false; break; }
    if (sorted) return;
    if (b - a > 64) {
      const part: number[] = [];
      for (let i = a; i < b; i++) part.push(i);
      part.sort((x, y) => at[x] - at[y]);
      const t = part.map((i) => at[i]), nm = part.map((i) => name[i]), f = part.map((i) => from[i]), e = part.map((i) => to[i]);
      for (let i = a; i < b; i++) { at[i] = t[i - a]; name[i] = nm[i - a]; from[i] = f[i - a]; to[i] = e[i - a]; }
      return;
    }
    for (let i = a + 1; i < b; i++) {
      const t = at[i], x = name[i], f = from[i], e = to[i];
      let j = i - 1;
      while (j >= a && at[j] > t) { at[j + 1] = at[j]; name[j + 1] = name[j]; from[j + 1] = from[j]; to[j + 1] = to[j]; j--; }
      at[j + 1] = t; name[j + 1] = x; from[j + 1] = f; to[j + 1] = e;
    }
  }
}

/** The leads with their events as objects (`events`, no `stored`): copies, for readers that want `LeadEvent`s. */
export function asObjectLeads(leads: readonly Lead[]): Lead[] {
  return leads.map((l) => {
    if (l.stored === undefined) return l;
    const copy: Lead = { ...l, events: eventsOf(l) };
    delete copy.stored;
    return copy;
  });
}
