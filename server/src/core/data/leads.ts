// Sample leads and events (SPEC §7): records from CSV, JSON arrays or JSON Lines become `Lead`s
// with values parsed by the catalog's types. Nothing is dropped silently: an unparseable value,
// a row without id, a duplicate id, an event for an unknown lead, an undeclared column or event
// each become a DataWarning naming the file, row (1-based line), lead and field.
//
// This module is pure: `parseLeadsText` / `parseEventsText` work on strings (the editor), and
// `LeadCollector` is the record-by-record core that io/samples.ts streams files through (CLI).
import { CsvError, csvSeparator, forEachCsvRecord, type CsvCells } from './csv.js';
import type { EventDecl, FieldDecl, FieldsDef } from '../model.js';
import type { DataWarning, Lead, LeadEvent } from '../results.js';
import { EventStoreBuilder } from './event-store.js';
import { IdTable, fnv1a } from './id-table.js';
import { norm, parseBoolean, parseDate, parseDatetime, lacksOffset, parseInteger, parseNumber } from './values.js';

export interface Catalog {
  id?: string;
  fields: Record<string, FieldDecl>;
  events: Record<string, EventDecl>;
  /** The leads file's id column when it is not `id` (`id_column:` of the catalog, e.g. "Record ID"). */
  idColumn?: string;
}

/** The catalog leads are loaded with: the union of every `kind: fields` definition (first declaration wins). */
export function catalogOf(defs: FieldsDef[]): Catalog {
  // Keyed by user names: `constructor` or `toString` must not find Object.prototype's members.
  const cat: Catalog = { id: defs.length === 1 ? defs[0].id : undefined, fields: dataRecord<FieldDecl>(), events: dataRecord<EventDecl>() };
  for (const d of defs) {
    if (cat.idColumn === undefined && typeof d.id_column === 'string' && d.id_column.trim() !== '') cat.idColumn = d.id_column.trim();
    for (const [k, v] of Object.entries(d.fields ?? {})) if (!(k in cat.fields) && v && typeof v === 'object') cat.fields[k] = v;
    for (const [k, v] of Object.entries(d.events ?? {})) if (!(k in cat.events)) cat.events[k] = v && typeof v === 'object' ? v : {};
  }
  return cat;
}

/**
 * The leads file's headers that the catalog maps to other names (an extension of the format:
 * `column:` on a field, `id_column:` on the catalog), lower-cased header → field name or `id`.
 * CRM exports name columns "Record ID" or "Number of Employees"; the file stays as exported.
 */
export function columnMap(catalog: Catalog): Map<string, string> {
  const out = new Map<string, string>();
  if (catalog.idColumn) out.set(catalog.idColumn.trim().toLowerCase(), 'id');
  for (const [name, decl] of Object.entries(catalog.fields)) {
    if (typeof decl.column === 'string' && decl.column.trim() !== '') out.set(decl.column.trim().toLowerCase(), name);
  }
  return out;
}

export type DataFormat = 'csv' | 'json' | 'jsonl';

/** Sample data files by extension, and the format each is read as (`.tsv` is CSV with tabs: csvSeparator). */
const FORMAT_BY_EXTENSION: Readonly<Record<string, DataFormat>> = { csv: 'csv', tsv: 'csv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl' };
/** Every extension read as sample data: the editor's file watchers watch these. */
export const DATA_EXTENSIONS: readonly string[] = Object.keys(FORMAT_BY_EXTENSION);
/** A glob of every sample data file, for file watchers (LSP and VS Code patterns alike). */
export const DATA_FILES_GLOB = `**/*.{${DATA_EXTENSIONS.join(',')}}`;

/** The format a file's extension names (case-insensitively), or undefined for another extension. */
export function formatOfExtension(file: string): DataFormat | undefined {
  const dot = file.lastIndexOf('.');
  const ext = dot < 0 || file.indexOf('/', dot) >= 0 || file.indexOf('\\', dot) >= 0 ? '' : file.slice(dot + 1).toLowerCase();
  return Object.hasOwn(FORMAT_BY_EXTENSION, ext) ? FORMAT_BY_EXTENSION[ext] : undefined;
}

/** Format by extension; for other names (or `.json` holding one object per line) by the first character. */
export function detectFormat(file: string, head = ''): DataFormat {
  const byName = formatOfExtension(file);
  if (byName !== undefined && byName !== 'json') return byName;
  const first = head.replace(/^\uFEFF/, '').trimStart()[0];
  if (byName === 'json') return first === '{' ? 'jsonl' : 'json';
  return first === '[' ? 'json' : first === '{' ? 'jsonl' : 'csv';
}

/** Input that cannot be read at all (broken CSV quoting, malformed JSON array): exit 2. */
export class DataError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, message: string) {
    super(`${file}:${line}:${column}: ${message}`);
  }
}

const describe = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/**
 * The prototype of every record, `values`, `raw` and `props` object the loader builds: empty and
 * frozen, so that a column named `__proto__` is an own property like any other (not the
 * prototype), a missing `constructor` or `toString` field reads as missing (nothing inherited),
 * and the objects stay in V8's fast mode (Object.create(null) objects are dictionaries, several
 * times slower to read in the scoring loops).
 */
// Made from a literal, not Object.create(null): that one is itself a dictionary, and every read of
// an absent field (a missing value, the common case) would fall through to a dictionary lookup.
const BARE: object = Object.freeze(Object.setPrototypeOf({}, null));
/** The declared properties of an event that declares none (not one object per event). */
const NO_PROPS: Readonly<Record<string, string>> = Object.freeze({});
/** A lead's `raw` when the collector keeps none (its `raw: false` option). */
const NO_RAW: Record<string, string> = Object.freeze(Object.create(BARE) as Record<string, string>);
/**
 * `Lead.events` of a lead whose events are in the columns (`deferEvents`: its `stored` range, or
 * none): one frozen empty array for all of them instead of one per lead (32 bytes each that every
 * scavenge copies and every mark visits; nothing adds to it — the events go to the store).
 */
const STORED_EVENTS: LeadEvent[] = Object.freeze([]) as unknown as LeadEvent[];
/** With the event columns, where the lead of an event is known by its index only (not read). */
const NO_LEAD = {} as Lead;
/** A fresh object for data keyed by column or field names (see BARE). */
export function dataRecord<T = unknown>(): Record<string, T> { return Object.create(BARE) as Record<string, T>; }

/**
 * A maker of dataRecords with room for `n` properties in the object itself, for records that are
 * always filled with the same keys in the same order (a CSV row's record: every header column,
 * blank or not): the same empty object with BARE as its prototype, the same own properties in the
 * same order, only where they live differs. Object.create(BARE) has room for 4; past ~16
 * properties added by keyed stores (`rec[column] = …`) V8 turns it into a dictionary (~3 KB at 80
 * columns, slow to fill). The room comes from a constructor whose body holds n stores of
 * `this.p0 … this.p<n-1>` — names made from numbers only, never from user text — in a branch that
 * runs once, for one object kept alive, so that V8's slack tracking keeps the room instead of
 * shrinking it to what the first objects used. Where code cannot be generated (a host that forbids
 * it), dataRecord. Not for records with blanks left out (a lead's `values`): each pattern of
 * missing keys would be its own chain of hidden classes, slower than the dictionary (measured in
 * docs/benchmarks.md, "Wide catalogs").
 */
export function recordMaker<T = unknown>(n: number): () => Record<string, T> {
  if (n <= 4) return dataRecord;
  n = Math.min(n, MAX_IN_OBJECT);
  let make = makers.get(n);
  if (make === undefined) { make = sizedMaker(n); makers.set(n, make); }
  return make as () => Record<string, T>;
}
/** V8 gives an object at most ~250 properties in itself (a 2 KB instance); the rest go to its property array. */
const MAX_IN_OBJECT = 250;
const makers = new Map<number, () => Record<string, unknown>>();
/** One filled object per maker: its hidden class keeps the constructor's room from being shrunk (slack tracking). */
const keepRoom: object[] = [];
function sizedMaker(n: number): () => Record<string, unknown> {
  let Sized: new (fill: boolean) => Record<string, unknown>;
  try {
    const stores: string[] = [];
    for (let i = 0; i < n; i++) stores.push(`this.p${i} = 0;`);
    Sized = new Function('fill', `if (fill) { ${stores.join(' ')} }`) as typeof Sized;
  } catch {
    return dataRecord;
  }
  Sized.prototype = BARE;
  keepRoom.push(new Sized(true));
  return () => new Sized(false);
}
export const LEAD_COLUMNS = ['id'] as const;
export const EVENT_COLUMNS = ['lead_id', 'event', 'at'] as const;

/**
 * Every text that a definition other than the catalog holds, as a key or as a value, anywhere:
 * a superset of the lead fields its readers ask a lead's `values` for — a condition names a field
 * by its key, an SLA its `start`, `stop` and calendar `by`, the project's outcomes their fields
 * (converted, created, value, the feedback's field and reason); no reader derives a field's name
 * otherwise, but the sample's latest time (`sampleLatest` reads every datetime field: add them
 * when the as_of may come from the samples). For LeadCollector's `fields` option.
 */
export function fieldsNamedIn(definitions: readonly { kind?: unknown }[]): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') names.add(v);
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) { names.add(k); walk((v as Record<string, unknown>)[k]); }
  };
  for (const d of definitions) if (d.kind !== 'fields') walk(d);
  return names;
}

/** A lead's id as the loader reads it from a record's value: its text trimmed; '' (none) for null, an object or an array. */
export const idText = (v: unknown): string => (v === undefined || v === null || typeof v === 'object' ? '' : String(v).trim());
/** An event's lead id or name as the loader reads it from a record's value: its text trimmed (`['visit']` is 'visit'); '' for null. */
export const keyText = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

/**
 * One CSV lead row read in place (io/csv-bytes.ts CsvLeadBytes), for LeadCollector.addLeadCells:
 * each cell is asked for its value as its field's type, and a cell that does not read in place
 * goes to parseField as text — the general path, with its warnings. Only for an ASCII row of as
 * many cells as the header, under CsvRecords.plainKeys (so the record addLead would be given is
 * exactly header → cell, in header order).
 */
export interface LeadCells {
  /** The `id` cell trimmed ('' when blank). */
  readonly id: string;
  /** fnv1a of `id` (-1: not known). */
  readonly idHash: number;
  /** Cell i as written: CsvRecords.row's value. */
  text(i: number): string;
  /** Cell i trims to ''. */
  blank(i: number): boolean;
  /** text(i), the same string for the same text (shared between rows while it pays). */
  shared(i: number): string;
  /** Cell i when, trimmed, it is an optional sign and 1–15 digits: Number() of it; else undefined. */
  integer(i: number): number | undefined;
  /** parseBoolean of cell i when it is one of its words written in lower case (trimmed); else undefined. */
  boolean(i: number): boolean | undefined;
  /** fastUtcBytes of cell i as written; undefined when it is not that shape. */
  datetime(i: number): number | undefined;
  /** Cell i split at `;`, items trimmed, blank items dropped, each shared; undefined when none is left. */
  list(i: number): string[] | undefined;
}

/**
 * Collects leads and events record by record, in input order. Call `finish()` once at the end:
 * it sorts each lead's events by time.
 */
export class LeadCollector {
  readonly leads: Lead[] = [];
  readonly warnings: DataWarning[] = [];
  /**
   * The leads by id. With `deferEvents` the collector keeps only `idIndex` while loading (one map
   * lookup and one insert per lead instead of two maps: at a million leads these probes of large
   * tables were half of addLead's time), and this is made from it when asked for: read it then,
   * do not add to it.
   */
  get byId(): Map<string, Lead> {
    if (this.leadById !== undefined) return this.leadById;
    if (this.madeById === undefined || this.madeById.size !== this.leads.length) {
      // idIndex holds every lead, by its index in `leads`.
      this.madeById = new Map();
      for (const l of this.leads) this.madeById.set(l.id, l);
    }
    return this.madeById;
  }
  private readonly leadById: Map<string, Lead> | undefined;
  private madeById: Map<string, Lead> | undefined;
  private readonly fieldByName = new Map<string, string>();
  private readonly eventByName = new Map<string, string>();
  private readonly warnedColumns = new Set<string>();
  private events = 0;
  private store: EventStoreBuilder | undefined;
  /**
   * With `deferEvents`: each lead's index in `leads` by id (the one table of ids; byId is made from
   * it), also looked up from an id's bytes (leadIndexOfBytes).
   */
  private readonly idIndex = new IdTable();

  /** Mapped headers (columnMap), for records whose keys are not renamed on the way (JSON). */
  private readonly columns: Map<string, string>;

  /**
   * With `deferEvents` (the file loaders), events are kept in columns, and finish() sorts them
   * into an EventStore (core/data/event-store.ts) that the leads' `stored` ranges point into: no
   * LeadEvent objects.
   * With `raw: false`, a lead's `raw` is an empty record: for a caller that never shows a lead's
   * cells (explain, --by breakdowns, the editor do; the workers of `simulate --workers N` do not),
   * so that every cell's text need not live as long as the lead — at a million leads, most of the
   * objects the garbage collector marks. Values, warnings and events are the same either way.
   */
  constructor(readonly catalog: Catalog, options?: { deferEvents?: boolean; raw?: boolean; fields?: ReadonlySet<string> }) {
    this.keepRaw = options?.raw !== false;
    this.onlyFields = options?.fields;
    if (options?.deferEvents) this.store = new EventStoreBuilder(dataRecord); else this.leadById = new Map();
    for (const k of Object.keys(catalog.fields)) this.fieldByName.set(k.toLowerCase(), k);
    this.columns = columnMap(catalog);
    for (const [header, name] of this.columns) if (name !== 'id') this.fieldByName.set(header, name);
    for (const k of Object.keys(catalog.events)) this.eventByName.set(norm(k), k);
    this.hasCatalog = Object.keys(catalog.events).length > 0 || Object.keys(catalog.fields).length > 0;
  }
  private readonly hasCatalog: boolean;
  private readonly keepRaw: boolean;
  /**
   * With the `fields` option, a lead's `values` hold only the fields (and undeclared columns) of
   * that set: every cell is still read and warned about as before, the others are not kept. For a
   * caller that knows every value its readers ask for (a worker of `simulate --workers N`:
   * fieldsNamedIn), so that a wide catalog's leads are small — and, at up to ~16 fields, not V8
   * dictionaries (keyed stores past that turn a record into one).
   */
  private readonly onlyFields: ReadonlySet<string> | undefined;

  warn(w: DataWarning): void { this.warnings.push(w); }

  /**
   * Warnings given once per file and column (or event name) — the first row that shows the
   * problem — with their key: a partition of the records warns at its own first such row, and
   * the merge keeps the earliest of each key.
   */
  readonly onceKeys = new Map<DataWarning, string>();
  private warnOnce(key: string, w: DataWarning): void { this.onceKeys.set(w, key); this.warn(w); }

  private readonly offsetWarned = new Set<string>();
  private noOffset(field: string, file: string, row: number, lead: string, v: string): void {
    const key = `${file}\0${field}`;
    if (this.offsetWarned.has(key)) return;
    this.offsetWarned.add(key);
    this.warnOnce(`offset\0${key}`, { file, row, lead, field, message: noOffsetMessage(v) });
  }

  private readonly interned = new Map<string, string>();
  /**
   * Repeated short texts (enum values, countries, URLs) share one string: less memory for large
   * samples.
   */
  private intern(s: string): string {
    if (s.length > 80) return s;
    const hit = this.interned.get(s);
    if (hit !== undefined) return hit;
    if (this.interned.size < 200_000) this.interned.set(s, s);
    return s;
  }

  /** Adds one lead record (CSV cells as text, or a JSON object). Returns the lead, or undefined when skipped (with a warning). */
  addLead(rec: Record<string, unknown>, file: string, row: number,
    /**
     * The record is CsvRecords.row's (a dataRecord of strings the caller drops after this): it
     * becomes the lead's `raw` as it is (its id trimmed), instead of being copied key by key.
     */
    adopt = false): Lead | undefined {
    const idKey = this.idKey(rec);
    let id = this.rawId(rec, idKey);
    if (id.includes('\0')) {
      id = id.replace(/\0/g, '').trim();
      this.warn({ file, row, lead: id || undefined, field: 'id', message: `the id holds NUL characters; they are removed (the id is read as '${id}')` });
    }
    if (!id) {
      this.warn({ file, row, field: 'id', message: 'row has no id; skipped (every lead needs a value in the `id` column)' });
      return undefined;
    }
    let dup: Lead | undefined;
    if (this.leadById !== undefined) dup = this.leadById.get(id);
    else { const i = this.idIndex.get(id); if (i >= 0) dup = this.leads[i]; }
    if (dup) {
      this.warn({ file, row, lead: id, field: 'id', message: `duplicate id '${id}' (first at ${dup.source?.file}:${dup.source?.row}); this row is skipped` });
      return undefined;
    }
    const keepRaw = this.keepRaw, own = adopt && idKey === 'id', only = this.onlyFields;
    const lead: Lead = { id, source: { file, row }, values: dataRecord(), raw: !keepRaw ? NO_RAW : own ? rec as Record<string, string> : dataRecord(), events: this.store !== undefined ? STORED_EVENTS : [] };
    for (const col in rec) {
      const v = rec[col];
      if (col === idKey) { if (keepRaw) lead.raw.id = id; continue; }
      if (col === 'events' && typeof v !== 'string') continue;
      if (keepRaw && !own) lead.raw[col] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      const name = this.fieldByName.get(col.toLowerCase());
      if (name === undefined) {
        this.undeclaredColumn(col, file, row, id);
        // Kept as text so that a condition on it still works (the checker flags such conditions).
        if (v !== null && v !== undefined && String(v).trim() !== '' && typeof v !== 'object' && (only === undefined || only.has(col))) lead.values[col] = String(v);
        continue;
      }
      const parsed = this.parseField(name, this.catalog.fields[name], v, file, row, id);
      if (parsed !== undefined && (only === undefined || only.has(name))) lead.values[name] = parsed;
    }
    if (this.leadById !== undefined) this.leadById.set(id, lead); else this.idIndex.add(id, this.leads.length);
    this.leads.push(lead);
    const evs = rec.events;
    if (evs !== undefined && evs !== null && typeof evs !== 'string') {
      if (!Array.isArray(evs)) this.warn({ file, row, lead: id, field: 'events', message: '`events` must be a list of { event, at, … }; ignored' });
      else evs.forEach((e, i) => {
        if (e && typeof e === 'object' && !Array.isArray(e)) this.addEvent({ ...(e as Record<string, unknown>), lead_id: id }, file, row);
        else this.warn({ file, row, lead: id, field: 'events', message: `events[${i}] is not a mapping { event, at, … }; skipped` });
      });
    }
    return lead;
  }

  /**
   * addLead of a CSV row read in place (LeadCells), under the header `keys` with the id in cell
   * `idCell`: the same lead, values and warnings in the same order as addLead of CsvRecords.row's
   * record of the row (`adopt`ed as `raw` when the collector keeps it), without the record, a string
   * per cell with `raw: false`, or typed parsing of strings. Only for a collector with `deferEvents`
   * (the file loaders'). test/unit/csv-lead-bytes.test.ts holds it to addLead.
   */
  addLeadCells(keys: readonly string[], cells: LeadCells, idCell: number, file: string, row: number): Lead | undefined {
    if (this.store === undefined) throw new Error('addLeadCells: only for a collector with deferEvents');
    const id = cells.id;
    if (!id) {
      this.warn({ file, row, field: 'id', message: 'row has no id; skipped (every lead needs a value in the `id` column)' });
      return undefined;
    }
    const hash = cells.idHash >= 0 ? cells.idHash : fnv1a(id);
    const i0 = this.idIndex.get(id, hash);
    if (i0 >= 0) {
      const dup = this.leads[i0];
      this.warn({ file, row, lead: id, field: 'id', message: `duplicate id '${id}' (first at ${dup.source?.file}:${dup.source?.row}); this row is skipped` });
      return undefined;
    }
    if (this.cellKeys !== keys) {
      this.cellKeys = keys;
      this.cellNames = keys.map((col) => this.fieldByName.get(col.toLowerCase()));
      this.makeRaw = recordMaker<string>(keys.length);
    }
    const names = this.cellNames, fields = this.catalog.fields, only = this.onlyFields;
    let raw = NO_RAW;
    if (this.keepRaw) {
      // CsvRecords.row's record as addLead adopts it: every cell as written, the id trimmed.
      raw = this.makeRaw();
      for (let i = 0; i < keys.length; i++) raw[keys[i]] = i === idCell ? id : cells.shared(i);
    }
    const lead: Lead = { id, source: { file, row }, values: dataRecord(), raw, events: STORED_EVENTS };
    const values = lead.values;
    for (let i = 0; i < keys.length; i++) {
      if (i === idCell) continue;
      const name = names[i];
      if (name === undefined) {
        const col = keys[i];
        this.undeclaredColumn(col, file, row, id);
        if (!cells.blank(i) && (only === undefined || only.has(col))) values[col] = cells.text(i);
        continue;
      }
      if (cells.blank(i)) continue;
      const decl = fields[name];
      let parsed: unknown;
      switch (decl.type) {
        case 'string': parsed = cells.shared(i); break;
        case 'enum': parsed = this.enumValue(name, decl, cells.shared(i), file, row, id); break;
        case 'integer': case 'number': {
          const n = cells.integer(i);
          parsed = n === undefined ? this.parseField(name, decl, cells.text(i), file, row, id) : this.inRange(name, decl, n, file, row, id);
          break;
        }
        case 'boolean': { const b = cells.boolean(i); parsed = b === undefined ? this.parseField(name, decl, cells.text(i), file, row, id) : b; break; }
        case 'datetime': { const d = cells.datetime(i); parsed = d === undefined ? this.parseField(name, decl, cells.text(i), file, row, id) : d; break; }
        case 'list': parsed = cells.list(i); break;
        default: parsed = this.parseField(name, decl, cells.text(i), file, row, id);
      }
      if (parsed !== undefined && (only === undefined || only.has(name))) values[name] = parsed;
    }
    this.idIndex.add(id, this.leads.length, hash);
    this.leads.push(lead);
    return lead;
  }
  private cellKeys: readonly string[] | undefined;
  private cellNames: (string | undefined)[] = [];
  /** A lead's `raw` for the header `cellKeys`: every column in the object (recordMaker). */
  private makeRaw: () => Record<string, string> = dataRecord;

  private idKey(rec: Record<string, unknown>): string {
    return this.catalog.idColumn !== undefined && rec.id === undefined ? this.idKeyOf(rec) : 'id';
  }

  private rawId(rec: Record<string, unknown>, idKey: string): string {
    return idText(Object.prototype.hasOwnProperty.call(rec, idKey) ? rec[idKey] : undefined);
  }

  /**
   * The id addLead gives a lead record ('' when it has none), and eventKey the lead id of an
   * event record: the same key for a lead and its events, by which a caller can split the records
   * into partitions that each hold a lead with all its events and all its duplicate rows.
   */
  leadKey(rec: Record<string, unknown>): string {
    const id = this.rawId(rec, this.idKey(rec));
    return id.includes('\0') ? id.replace(/\0/g, '').trim() : id;
  }
  eventKey(rec: Record<string, unknown>): string {
    return keyText(rec.lead_id);
  }

  /** The key holding the id in a record with the catalog's `id_column` (headers compare case-insensitively). */
  private idKeyOf(rec: Record<string, unknown>): string {
    for (const k in rec) if (this.columns.get(k.trim().toLowerCase()) === 'id') return k;
    return 'id';
  }

  private undeclaredColumn(col: string, file: string, row: number, lead: string): void {
    const key = `${file}\u0000${col}`;
    if (this.warnedColumns.has(key)) return;
    this.warnedColumns.add(key);
    this.warnOnce(key, { file, row, lead, field: col, message: `column '${col}' is not declared in the catalog${this.catalog.id ? ` '${this.catalog.id}'` : ''}; kept for display only (declare it under \`fields:\` to use it in conditions)` });
  }

  /** A value that did not parse: warned about, and missing. */
  private bad(field: string, file: string, row: number, lead: string, why: string): undefined {
    this.warn({ file, row, lead, field, message: `${why}; treated as missing` });
    return undefined;
  }

  private readonly enumChecked = new Map<string, Map<string, boolean>>();
  private enumSeen(name: string): Map<string, boolean> {
    let m = this.enumChecked.get(name);
    if (m === undefined) this.enumChecked.set(name, m = new Map());
    return m;
  }

  private readonly fieldTexts = new Map<string, { texts: Map<string, string>; hits: number; off: boolean }>();
  /**
   * intern() per field: a field whose first 1,024 distinct texts were seen fewer times than that
   * (ids, e-mails, company names) stops being interned — a table of unique texts saves nothing
   * and costs a lookup, an entry and garbage collection per lead.
   */
  private internField(name: string, s: string): string {
    let t = this.fieldTexts.get(name);
    if (t === undefined) this.fieldTexts.set(name, t = { texts: new Map(), hits: 0, off: false });
    if (t.off || s.length > 80) return s;
    const hit = t.texts.get(s);
    if (hit !== undefined) { t.hits++; return hit; }
    t.texts.set(s, s);
    if (t.texts.size >= 1024 && t.hits < t.texts.size) { t.off = true; t.texts.clear(); }
    return s;
  }

  private readonly enumSets = new Map<string, Set<string> | null>();
  /** An enum field's declared values, normalised (null when it declares none: any value goes). */
  private enumValues(name: string, decl: FieldDecl): Set<string> | null {
    let set = this.enumSets.get(name);
    if (set === undefined) {
      set = Array.isArray(decl.values) && decl.values.length > 0 ? new Set(decl.values.map(norm)) : null;
      this.enumSets.set(name, set);
    }
    return set;
  }

  /** An enum's text as written when it is one of the declared values (or any when none are declared); else warned about, undefined. */
  private enumValue(name: string, decl: FieldDecl, s: string, file: string, row: number, lead: string): string | undefined {
    const allowed = this.enumValues(name, decl);
    if (allowed) {
      // Whether a text is allowed, remembered per text as written (few distinct): no norm() per value.
      const known = this.enumSeen(name);
      let ok = known.get(s);
      if (ok === undefined) { ok = allowed.has(norm(s)); if (known.size < 4096) known.set(s, ok); }
      if (!ok) return this.bad(name, file, row, lead, `'${s}' is not one of the values of ${name} (${(decl.values ?? []).join(', ')})`);
    }
    return s;
  }

  /** A number within the field's min and max; else warned about, undefined. */
  private inRange(name: string, decl: FieldDecl, n: number, file: string, row: number, lead: string): number | undefined {
    if (typeof decl.min === 'number' && n < decl.min) return this.bad(name, file, row, lead, `${n} is below the minimum ${decl.min} of ${name}`);
    if (typeof decl.max === 'number' && n > decl.max) return this.bad(name, file, row, lead, `${n} is above the maximum ${decl.max} of ${name}`);
    return n;
  }

  /** Parses one value by its declared type; undefined = missing (with a warning when it did not parse). */
  parseField(name: string, decl: FieldDecl, v: unknown, file: string, row: number, lead: string): unknown {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string' && v.trim() === '') return undefined;
    switch (decl.type) {
      case 'string':
        return typeof v === 'object' ? this.bad(name, file, row, lead, `${describe(v)} is not a text value`) : this.internField(name, String(v));
      case 'enum': {
        if (typeof v === 'object') return this.bad(name, file, row, lead, `${describe(v)} is not one of the values of ${name}`);
        const s = this.enumValue(name, decl, String(v), file, row, lead);
        return s === undefined ? undefined : this.internField(name, s);
      }
      case 'integer': case 'number': {
        const n = decl.type === 'integer' ? parseInteger(v) : parseNumber(v);
        if (n === undefined) return this.bad(name, file, row, lead, `${describe(v)} is not ${decl.type === 'integer' ? 'an integer' : 'a number'}`);
        return this.inRange(name, decl, n, file, row, lead);
      }
      case 'boolean': {
        const b = parseBoolean(v);
        return b === undefined ? this.bad(name, file, row, lead, `${describe(v)} is not a boolean (true or false)`) : b;
      }
      case 'date': {
        const d = parseDate(v);
        return d === undefined ? this.bad(name, file, row, lead, `${describe(v)} is not a date (YYYY-MM-DD)`) : d;
      }
      case 'datetime': {
        const d = parseDatetime(v);
        if (d === undefined) return this.bad(name, file, row, lead, `${describe(v)} is not an ISO 8601 date-time (e.g. 2026-11-20T09:30:00Z)`);
        // Without an offset a time is read as UTC (SPEC §2): say so once per column and file.
        // A parsed value ending in Z names its offset (lacksOffset is false): no regular expressions for it.
        if (typeof v === 'string' && v.charCodeAt(v.length - 1) !== 90 && lacksOffset(v)) this.noOffset(name, file, row, lead, v);
        return d;
      }
      case 'list': {
        let items: unknown[];
        if (Array.isArray(v)) {
          if (v.some((x) => x !== null && typeof x === 'object')) return this.bad(name, file, row, lead, `${describe(v)} is not a list of text values`);
          items = v.filter((x) => x !== null && x !== undefined);
        } else if (typeof v === 'object') return this.bad(name, file, row, lead, `${describe(v)} is not a list`);
        else items = String(v).split(';');
        // The items trimmed, without empty ones, in place: the list the lead keeps is this array
        // of its length (filter's copy had room to grow, twice the bytes). Items repeat across
        // leads (a tech stack's tools): shared like a field's texts.
        let k = 0;
        for (let i = 0; i < items.length; i++) {
          const x = String(items[i]).trim();
          if (x !== '') items[k++] = this.internField(name, x);
        }
        items.length = k;
        return k > 0 ? items : undefined;
      }
      default:
        return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
  }

  /** Adds one event record `{ lead_id, event, at, …properties }`. */
  addEvent(rec: Record<string, unknown>, file: string, row: number): void {
    const keys = this.recKeys, vals = this.recVals;
    let n = 0;
    for (const k in rec) { keys[n] = k; vals[n] = rec[k]; n++; }
    this.addEventFields(keys, vals, n, file, row);
    keys.length = 0; vals.length = 0;
  }
  private readonly recKeys: string[] = [];
  private readonly recVals: unknown[] = [];

  /**
   * addEvent of a record given as its first `n` keys (distinct, in the record's enumeration
   * order) and their values: what a reader that never builds the record object passes
   * (io/jsonl-bytes.ts, io/csv-bytes.ts). The one implementation of an event's checks and warnings.
   */
  addEventFields(keys: readonly string[], vals: readonly unknown[], n: number, file: string, row: number,
    /** parseDatetime of the `at` value when the caller has it already (then that value is not read). */
    atMs?: number,
    /**
     * With the event columns: the index of the event's lead when the caller found it already
     * (leadIndexOfBytes; then the `lead_id` value is not read).
     */
    leadIndex?: number): void {
    let leadRaw: unknown, evRaw: unknown, atRaw: unknown;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (k === 'lead_id') leadRaw = vals[i]; else if (k === 'event') evRaw = vals[i]; else if (k === 'at') atRaw = vals[i];
    }
    const known = leadIndex !== undefined && leadIndex >= 0 && this.store !== undefined;
    // A lead found by the caller: its id is read only for a warning (a random access per event).
    const leadId = known ? '' : keyText(leadRaw);
    const evName = keyText(evRaw);
    if (!known && !leadId) { this.warn({ file, row, field: 'lead_id', message: 'event has no lead_id; skipped' }); return; }
    if (!evName) { this.warn({ file, row, lead: this.idFor(known ? leadIndex : -1, leadId), field: 'event', message: 'event has no event name; skipped' }); return; }
    const at = atMs ?? parseDatetime(atRaw);
    if (at === undefined) {
      this.warn({ file, row, lead: this.idFor(known ? leadIndex : -1, leadId), field: 'at', message: atRaw === undefined || atRaw === null || atRaw === '' ? `event '${evName}' has no time (\`at\`); skipped` : `${describe(atRaw)} is not an ISO 8601 date-time; event skipped` });
      return;
    }
    // Exports often list a lead's events together: the previous lookup is then the answer.
    let lead: Lead | undefined, idx = -1;
    if (known) { idx = leadIndex; lead = NO_LEAD; }
    else if (leadId === this.lastLeadId) { lead = this.lastLead; idx = this.lastIdx; }
    else if (this.store) { const i = this.idIndex.get(leadId); if (i >= 0) { idx = i; lead = NO_LEAD; } }
    else if (this.leadById !== undefined) lead = this.leadById.get(leadId);
    else { const i = this.idIndex.get(leadId); lead = i < 0 ? undefined : this.leads[i]; } // after finish()
    this.lastLeadId = known ? undefined : leadId; this.lastLead = lead; this.lastIdx = idx;
    if (!lead) { this.warn({ file, row, lead: this.idFor(known ? leadIndex : -1, leadId), field: 'lead_id', message: `event '${evName}' is for lead '${leadId}', which is not among the leads; skipped` }); return; }
    const declName = this.declaredEvent(evName);
    if (declName === undefined && this.hasCatalog) {
      const key = `${file}\u0000event:${norm(evName)}`;
      if (!this.warnedColumns.has(key)) {
        this.warnedColumns.add(key);
        this.warnOnce(key, { file, row, lead: this.idFor(known ? leadIndex : -1, leadId), field: 'event', message: `event '${evName}' is not declared in the catalog's \`events:\`; kept, but conditions cannot use it until it is declared` });
      }
    }
    const name = declName ?? evName;
    // The properties go to the store's columns (deferEvents), or to the event's props object.
    const store = this.store;
    let props: Record<string, unknown> | undefined;
    const declProps = (declName !== undefined ? this.catalog.events[declName]?.properties : undefined) ?? NO_PROPS;
    for (let i = 0; i < n; i++) {
      const k = keys[i], v = vals[i];
      if (v === null || v === undefined || v === '' || k === 'lead_id' || k === 'event' || k === 'at') continue;
      if (store === undefined) props ??= dataRecord();
      const t = declProps[k];
      let x: unknown;
      if (t === 'number') {
        x = parseNumber(v);
        if (x === undefined) { this.warn({ file, row, lead: this.idFor(known ? leadIndex : -1, leadId), field: `${name}.${k}`, message: `${describe(v)} is not a number; treated as missing` }); continue; }
      } else if (t === 'boolean') {
        x = parseBoolean(v);
        if (x === undefined) { this.warn({ file, row, lead: this.idFor(known ? leadIndex : -1, leadId), field: `${name}.${k}`, message: `${describe(v)} is not a boolean; treated as missing` }); continue; }
      } else {
        x = typeof v === 'object' ? JSON.stringify(v) : this.intern(String(v));
      }
      if (store !== undefined) store.addProp(k, x); else props![k] = x;
    }
    this.events++;
    // A declared name is the catalog's own string already: no lookup to share it.
    if (store !== undefined) { store.push(idx, at, declName ?? this.intern(name)); return; }
    lead.events.push({ event: this.intern(name), at, props: props ?? dataRecord() });
  }

  /**
   * With the event columns (`deferEvents`): the index of the lead whose id is the ASCII text
   * buf[a, b) (`hash`: fnv1aBytes of it), for addEventFields' `leadIndex`; -1 when there is none
   * (or no columns): the caller then passes the id as text, and the orphan is warned about.
   */
  leadIndexOfBytes(buf: Uint8Array, a: number, b: number, hash: number): number {
    return this.store !== undefined ? this.idIndex.getBytes(buf, a, b, hash) : -1;
  }

  /** The id a warning names: the lead's at `index` when the caller found it from bytes (-1: the id as written). */
  private idFor(index: number, written: string): string { return index >= 0 ? this.leads[index].id : written; }

  /** The catalog's name of an event name as written (exact, then normalised); undefined when undeclared. */
  private declaredEvent(evName: string): string | undefined {
    return this.eventByName.get(evName) ?? this.eventByName.get(norm(evName));
  }

  private lastLeadId: string | undefined;
  private lastLead: Lead | undefined;
  private lastIdx = -1;

  get eventCount(): number { return this.events; }

  /**
   * With `deferEvents`: room for about `rows` events made now (EventStoreBuilder.reserve), before
   * the leads are added — a hint from the events file's size; the events loaded are the same whatever it is.
   */
  reserveEvents(rows: number): void { this.store?.reserve(rows); }

  /**
   * Sorts each lead's events by time (stable: same-instant events keep file order). Events read
   * from a time-ordered log arrive interleaved across leads; they (and their properties) are
   * re-created here lead by lead, so each lead's events sit together in memory for the
   * evaluation loops (measured: ~30% faster scoring of 100k leads × 1M events). With
   * `deferEvents`, events were kept in columns until now and are sorted here into an EventStore
   * (each lead with events gets its `stored` range; no LeadEvent objects are made).
   */
  finish(): { leads: Lead[]; warnings: DataWarning[] } {
    if (this.store) { this.store.build(this.leads); this.store = undefined; return { leads: this.leads, warnings: this.warnings }; }
    for (const l of this.leads) {
      const e = l.events;
      if (e.length === 0) continue;
      for (let i = 1; i < e.length; i++) if (e[i - 1].at > e[i].at) { sortByTime(e); break; }
      const packed: LeadEvent[] = new Array(e.length);
      for (let i = 0; i < e.length; i++) packed[i] = { event: e[i].event, at: e[i].at, props: Object.assign(dataRecord(), e[i].props) };
      l.events = packed;
    }
    return { leads: this.leads, warnings: this.warnings };
  }
}

/**
 * Sorts events by time, stably (same-instant events keep their order), as Array#sort would: a
 * lead's events are few, and an inline insertion sort spares the comparator calls.
 */
function sortByTime(e: LeadEvent[]): void {
  if (e.length > 64) { e.sort((a, b) => a.at - b.at); return; }
  for (let i = 1; i < e.length; i++) {
    const x = e[i], at = x.at;
    let j = i - 1;
    while (j >= 0 && e[j].at > at) { e[j + 1] = e[j]; j--; }
    e[j + 1] = x;
  }
}

// ---- record sources ------------------------------------------------------------------------

/** Turns CSV rows (header first) into records; warns about the header and about cells the reader noticed. */
export class CsvRecords {
  private header: string[] | undefined;
  /** `rename`: lower-cased header → name (columnMap of the catalog), so a mapped column reads as its field. */
  constructor(private readonly file: string, private readonly warn: (w: DataWarning) => void, private readonly required: readonly string[] = ['id'],
    private readonly rename?: ReadonlyMap<string, string>) {}

  /** Returns the record of a data row, or undefined for the header row. `row` is the line where it starts. */
  row(cells: CsvCells, row: number): { rec: Record<string, string>; row: number } | undefined {
    if (!this.header) {
      const original = cells.map((c) => c.trim());
      this.header = this.rename?.size ? original.map((c) => this.rename!.get(c.toLowerCase()) ?? c) : original;
      if (cells.issues) this.issues(cells, row, undefined);
      for (const c of this.required) {
        if (!this.header.includes(c)) {
          const mapped = c === 'id' ? [...(this.rename ?? [])].find(([, n]) => n === 'id')?.[0] : undefined;
          const idHint = c !== 'id' ? '' : mapped !== undefined ? ` nor the catalog's id_column '${mapped}'` : ' (a CRM export\'s id column can be named with `id_column:` in the catalog)';
          throw new DataError(this.file, row, 1, `the header row has no \`${c}\` column${idHint} (it has: ${original.join(', ')}); ${this.required.length > 1 ? `an events file needs ${this.required.join(', ')}` : 'every lead needs an id'}`);
        }
      }
      const seen = new Set<string>();
      this.header.forEach((h, i) => {
        if (h === '') {
          if (this.header!.length > 1) this.warn({ file: this.file, row, message: `column ${i + 1} has no name in the header; its values are ignored (name it, or remove the column)` });
          return;
        }
        if (seen.has(h)) this.warn({ file: this.file, row, field: h, message: `column '${h}' appears twice in the header; the later one wins (the values of the earlier one are ignored)` });
        seen.add(h);
      });
      return undefined;
    }
    const h = this.header;
    // Every column of the header in the object (recordMaker): a wide file's rows are not dictionaries.
    this.make ??= recordMaker<string>(h.length);
    const rec = this.make();
    const n = Math.min(cells.length, h.length);
    for (let i = 0; i < n; i++) if (h[i] !== '') rec[h[i]] = cells[i];
    if (cells.issues) this.issues(cells, row, rec.id?.trim() || undefined);
    if (cells.length !== h.length && !(cells.length === 1 && cells[0].trim() === '')) {
      this.warn({ file: this.file, row, lead: rec.id?.trim() || undefined, message: `row has ${cells.length} cells but the header has ${h.length} columns; ${cells.length > h.length ? 'extra cells ignored' : 'missing cells treated as empty'}` });
    }
    return { rec, row };
  }

  private make: (() => Record<string, string>) | undefined;

  private issues(cells: CsvCells, row: number, lead: string | undefined): void {
    for (const is of cells.issues ?? []) {
      const field = this.header?.[is.cell] || undefined;
      const where = field ?? `column ${is.cell + 1}`;
      const message = is.kind === 'nul'
        ? `the value of ${where} held NUL characters; they are removed`
        : `text after the closing quote of a quoted cell in ${where} (${JSON.stringify(cells[is.cell].slice(0, 80))}); the cell is read as written — quote the whole cell ("…", a quote inside as "") or remove the quotes`;
      this.warn({ file: this.file, row: is.line, lead, field, message });
    }
  }
  /**
   * The header as a record's keys, when every record of full length is exactly `header → cell`
   * in header order (no empty, repeated or array-index names, which CsvRecords.row's object
   * would drop, merge or reorder); undefined otherwise. With it, a caller can hand a row of that
   * many cells without issues to LeadCollector.addEventFields instead of building the record.
   */
  get plainKeys(): readonly string[] | undefined {
    if (this.plain === null) {
      const h = this.header;
      if (h === undefined) return undefined; // not known before the header
      this.plain = h.every((x, i) => x !== '' && !/^\d+$/.test(x) && h.indexOf(x) === i) ? h : undefined;
    }
    return this.plain;
  }
  private plain: readonly string[] | undefined | null = null;
  get hasHeader(): boolean { return this.header !== undefined; }
  /** The index of the cell a record's `name` comes from (the last column of that name; -1: none). */
  cellOf(name: string): number { return this.header ? this.header.lastIndexOf(name) : -1; }
}

export function csvError(file: string, e: unknown): DataError {
  if (e instanceof CsvError) return new DataError(file, e.line, e.column, `unreadable CSV: ${e.message}`);
  const err = e as { message?: string; lines?: number; column?: number; code?: string };
  return new DataError(file, err.lines ?? 1, (err.column ?? 0) + 1, `unreadable CSV: ${String(err.message ?? e).replace(/^Invalid Record Length: /, '')}`);
}

/** `JSON.parse` with a DataError at the line and column of the problem. */
export function parseJsonAt(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : jsonErrorOffset(text);
    let line = 1, col = 1;
    for (let i = 0; i < pos && i < text.length; i++) { if (text.charCodeAt(i) === 10) { line++; col = 1; } else col++; }
    const what = msg.replace(/ in JSON at position \d+.*$/s, '').replace(/, "[\s\S]*$/, '').replace(/^JSON\.parse: /, '');
    throw new DataError(file, line, col, `invalid JSON: ${what}`);
  }
}

/**
 * Offset of the first syntax error of a JSON text (V8's messages do not always carry one).
 * Only called after JSON.parse failed, so it favours brevity over speed.
 */
export function jsonErrorOffset(t: string): number {
  let i = 0;
  const ws = () => { while (i < t.length && ' \t\r\n'.includes(t[i])) i++; };
  const fail = (): never => { throw i; };
  const lit = (w: string) => { if (t.startsWith(w, i)) i += w.length; else fail(); };
  const str = () => {
    i++;
    while (i < t.length && t[i] !== '"') {
      if (t.charCodeAt(i) < 0x20) fail();
      if (t[i] === '\\') { i++; if (t[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 1, i + 5))) fail(); i += 4; } else if (!'"\\/bfnrt'.includes(t[i] ?? 'x')) fail(); }
      i++;
    }
    if (i >= t.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === '{') {
      i++; ws();
      if (t[i] === '}') { i++; return; }
      for (;;) { ws(); if (t[i] !== '"') fail(); str(); ws(); if (t[i] !== ':') fail(); i++; value(); ws(); if (t[i] === ',') { i++; continue; } if (t[i] === '}') { i++; return; } fail(); }
    }
    if (c === '[') {
      i++; ws();
      if (t[i] === ']') { i++; return; }
      for (;;) { value(); ws(); if (t[i] === ',') { i++; continue; } if (t[i] === ']') { i++; return; } fail(); }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  try { value(); ws(); if (i < t.length) fail(); return t.length; } catch (p) { return typeof p === 'number' ? p : 0; }
}

type Sink = (rec: Record<string, unknown>, row: number) => void;

function forEachRecordOfText(text: string, file: string, format: DataFormat, sink: Sink, warn: (w: DataWarning) => void, events: boolean, rename?: ReadonlyMap<string, string>): void {
  if (format === 'csv') {
    const csv = new CsvRecords(file, warn, events ? EVENT_COLUMNS : LEAD_COLUMNS, rename);
    try {
      forEachCsvRecord(text, (cells, endLine) => {
        const out = csv.row(cells, endLine);
        if (out) sink(out.rec, out.row);
      }, csvSeparator(file));
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw csvError(file, e);
    }
    if (!csv.hasHeader && !events) throw new DataError(file, 1, 1, 'the leads file is empty; it needs a header row with an `id` column');
    return;
  }
  if (format === 'json') {
    const v = parseJsonAt(text.replace(/^\uFEFF/, ''), file);
    if (!Array.isArray(v)) throw new DataError(file, 1, 1, 'a JSON file must hold an array of objects (or use JSON Lines: one object per line)');
    v.forEach((o, i) => {
      if (o && typeof o === 'object' && !Array.isArray(o)) sink(o as Record<string, unknown>, i + 1);
      else warn({ file, row: i + 1, message: `item ${i + 1} of the array is not an object; skipped` });
    });
    return;
  }
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((line, i) => jsonLine(line, i + 1, file, sink, warn));
}

/** One line of a JSON Lines file; a malformed line is a warning naming it, not a crash. */
export function jsonLine(line: string, row: number, file: string, sink: Sink, warn: (w: DataWarning) => void): void {
  const s = line.trim();
  if (s === '') return;
  let o: unknown;
  try { o = JSON.parse(s); } catch (e) {
    warn({ file, row, message: `line ${row} is not valid JSON (${(e as Error).message.replace(/ in JSON at position.*$/, '')}); skipped` });
    return;
  }
  if (o && typeof o === 'object' && !Array.isArray(o)) sink(o as Record<string, unknown>, row);
  else warn({ file, row, message: `line ${row} is not a JSON object; skipped` });
}

/** Parses leads from text (the editor's path; pure and synchronous). */
export function parseLeadsText(text: string, file: string, catalog: Catalog, format?: DataFormat, collector = new LeadCollector(catalog)): LeadCollector {
  const fmt = format ?? detectFormat(file, text.slice(0, 64));
  // A CSV row's record (CsvRecords.row's, dropped after this) becomes the lead's raw, as in the file loader.
  forEachRecordOfText(text, file, fmt, (rec, row) => collector.addLead(rec, file, row, fmt === 'csv'), (w) => collector.warn(w), false, columnMap(catalog));
  return collector;
}

/** Parses events from text into the leads of `collector` (call `collector.finish()` after). */
export function parseEventsText(text: string, file: string, collector: LeadCollector, format?: DataFormat): LeadCollector {
  const fmt = format ?? detectFormat(file, text.slice(0, 64));
  forEachRecordOfText(text, file, fmt, (rec, row) => collector.addEvent(rec, file, row), (w) => collector.warn(w), true);
  return collector;
}

/** Convenience: leads (+ events) from text, finished. */
export function loadLeadsFromText(catalog: Catalog, leads: { text: string; file: string; format?: DataFormat }, events?: { text: string; file: string; format?: DataFormat }): { leads: Lead[]; warnings: DataWarning[] } {
  const c = parseLeadsText(leads.text, leads.file, catalog, leads.format);
  if (events) parseEventsText(events.text, events.file, c, events.format);
  return c.finish();
}

/** A single lead from a plain object (e.g. a `kind: test` case's inline `lead:`), events included. */
export function leadFromObject(obj: Record<string, unknown>, catalog: Catalog, file = '<inline>', row = 1): { lead?: Lead; warnings: DataWarning[] } {
  const c = new LeadCollector(catalog);
  const lead = c.addLead(obj, file, row);
  c.finish();
  return { lead, warnings: c.warnings };
}

/** The warning for the first date-time of a column without an offset (io/duckdb.ts says the same). */
export function noOffsetMessage(raw: string): string {
  return `'${raw.trim()}' has no time-zone offset, so it is read as UTC (and so is every such value in this column, not warned again); add Z or the offset, e.g. -05:00, in the export`;
}
