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

/**
 * Events in file order as the loader reads them (`addProp` for each property of the event to
 * come, then `push`); `build` sorts them by lead and time into an EventStore and gives each lead
 * with events its range.
 */
export class EventStoreBuilder {
  /** `record`: a fresh object for materialised properties (see EventStore). */
  constructor(private readonly record: () => Record<string, unknown>) {}
  private lead = new Int32Array(1024);
  private at = new Float64Array(1024);
  private name = new Int32Array(1024);
  private propFrom = new Int32Array(1025);
  private propKey = new Int32Array(1024);
  private propVal: unknown[] = [];
  private n = 0;
  private m = 0;
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** The last names given, scanned with === before the map (the loader's names are shared strings). */
  private readonly recent: string[] = [];
  private readonly recentIds: number[] = [];
  private readonly recentKeys: string[] = [];
  private readonly recentKeyIds: number[] = [];

  /** A property of the event about to be pushed (keys distinct, in the record's order). */
  addProp(key: string, value: unknown): void {
    if (this.m === this.propKey.length) { const k = new Int32Array(this.m * 2); k.set(this.propKey); this.propKey = k; }
    this.propKey[this.m] = this.keyId(key);
    this.propVal.push(value);
    this.m++;
  }

  /** Drops the properties added since the last push (an event skipped after all). */
  dropProps(): void { this.m = this.propFrom[this.n]; this.propVal.length = this.m; }

  push(lead: number, at: number, name: string): void {
    const n = this.n;
    if (n === this.lead.length) {
      const l = new Int32Array(n * 2); l.set(this.lead); this.lead = l;
      const a = new Float64Array(n * 2); a.set(this.at); this.at = a;
      const x = new Int32Array(n * 2); x.set(this.name); this.name = x;
      const p = new Int32Array(n * 2 + 1); p.set(this.propFrom); this.propFrom = p;
    }
    this.lead[n] = lead; this.at[n] = at; this.name[n] = this.nameId(name);
    this.n = n + 1;
    this.propFrom[n + 1] = this.m;
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
   * by side, and leaves the properties where they were loaded (a row holds its range of them).
   */
  build(leads: Lead[]): EventStore {
    const n = this.n, lead = this.lead, at = this.at, name = this.name, pFrom = this.propFrom;
    const start = new Int32Array(leads.length + 1);
    for (let i = 0; i < n; i++) start[lead[i] + 1]++;
    for (let k = 0; k < leads.length; k++) start[k + 1] += start[k];
    // Each row copied to its lead's next place: the reads in load order, the writes scattered
    // (a scattered write does not stall the loop as a scattered read does).
    const fill = start.slice(0, leads.length);
    const sAt = new Float64Array(n), sName = new Int32Array(n), sFrom = new Int32Array(n), sTo = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = fill[lead[i]]++;
      sAt[j] = at[i]; sName[j] = name[i]; sFrom[j] = pFrom[i]; sTo[j] = pFrom[i + 1];
    }
    const rows = new SortRows(sAt, sName, sFrom, sTo);
    for (let k = 0; k < leads.length; k++) rows.sortRange(start[k], start[k + 1]);
    // The properties copied in row order (a `where` reads them lead by lead, rule after rule).
    const pKey = this.propKey, pVal = this.propVal, m = this.m;
    const sKey = new Int32Array(m), sVal: unknown[] = new Array(m);
    for (let j = 0, q = 0; j < n; j++) {
      const f = sFrom[j], e = sTo[j];
      sFrom[j] = q;
      for (let x = f; x < e; x++) { sKey[q] = pKey[x]; sVal[q] = pVal[x]; q++; }
      sTo[j] = q;
    }
    const store = new EventStore(sAt, sName, this.names.slice(), sFrom, sTo, sKey, sVal, this.record);
    for (let k = 0; k < leads.length; k++) if (start[k + 1] > start[k]) leads[k].stored = new EventRange(store, start[k], start[k + 1]);
    this.lead = new Int32Array(0); this.at = new Float64Array(0); this.name = new Int32Array(0);
    this.propFrom = new Int32Array(1); this.propKey = new Int32Array(0); this.propVal = []; this.n = 0; this.m = 0;
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
