// `leadspec init --from leads.csv`: a field catalog inferred from a CRM export. Each column gets
// a field name (headers such as "Number of Employees" become `number_of_employees`, mapped back
// with `column:`), a type read from its values with the loader's own parsers (core/data/values.ts),
// so that a value the catalog accepts here is a value the simulation accepts later, and a
// sentence saying why. A column whose values fit no type the loader reads is flagged and kept
// as text. Pure: header and rows in, columns out.
import { RESERVED_WORDS, type FieldType } from '../model.js';
import { norm, parseDate, parseDatetime, parseInteger, parseNumber } from '../data/values.js';

export interface InferredColumn {
  /** The header as written in the file. */
  header: string;
  /** The field name (`^[a-z][a-z0-9_]*$`), or `id` for the lead id column. */
  name: string;
  type: FieldType;
  /** Enum values, most frequent first (first spelling of each, compared case-insensitively). */
  values?: string[];
  /** Why this type, in words. */
  reason: string;
  /** Set when no type fits the values: what is wrong and what to do (the column is kept as text). */
  flag?: string;
  filled: number;
  distinct: number;
  /** Numbers, dates and datetimes: the sorted numeric values (ms for dates), for thresholds. */
  sorted?: number[];
  /** Enums and strings: the most frequent values with their counts. */
  top?: [string, number][];
}

export interface InferredCatalog {
  columns: InferredColumn[];
  /** The id column, or undefined when no column can identify a lead. */
  id?: InferredColumn;
  rows: number;
}

/** At most this many distinct values make an enum (more is free text). */
export const ENUM_MAX_VALUES = 25;
const IDENTIFIER_HEADER = /(^|[^a-z])(id|ids|zip|zipcode|postal|postcode|phone|mobile|fax|code)([^a-z]|$)/i;
const FLAG_HEADER = /(^|[^a-z])(is|has|converted|opt|opted|optout|unsubscribed|subscribed|flag|active|deleted|bounced)([^a-z]|$)/i;
const ID_HEADER = /^\s*(?:(?:record|lead|contact|account|hubspot|salesforce|crm|person|customer)[\s_-]*)?id\s*$/i;
const SLASH_DATE = /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?)?$/;
const GROUPED_NUMBER = /^[-+]?[$€£¥]?\s?[-+]?\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d+)?\s?[$€£¥%]?$|^[-+]?[$€£¥]\s?[-+]?\d+(?:\.\d+)?$|^[-+]?\d+(?:\.\d+)?\s?%$/;
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'y', 'n']);
const ISO_LIKE = /^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/;

/** A field name for a header: lower-case words joined by `_`, unique, never a reserved word. */
export function fieldNameOf(header: string, taken: Set<string>): string {
  let s = header.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (s === '') s = 'column';
  if (/^[0-9]/.test(s)) s = `f_${s}`;
  if ((RESERVED_WORDS as readonly string[]).includes(s) || s === 'id') s = `${s}_value`;
  if (s.length > 60) s = s.slice(0, 60).replace(/_+$/, '');
  let name = s;
  for (let i = 2; taken.has(name); i++) name = `${s}_${i}`;
  taken.add(name);
  return name;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const quote = (s: string) => `'${s.length > 40 ? `${s.slice(0, 37)}…` : s}'`;
const examples = (xs: string[]) => xs.slice(0, 2).map(quote).join(', ');

/** Value counts, case-insensitively, keeping the first spelling; most frequent first. */
function countValues(values: string[]): [string, number][] {
  const counts = new Map<string, { first: string; n: number; at: number }>();
  values.forEach((v, i) => {
    const k = norm(v);
    const c = counts.get(k);
    if (c) c.n++; else counts.set(k, { first: v, n: 1, at: i });
  });
  return [...counts.values()].sort((a, b) => b.n - a.n || a.at - b.at).map((c) => [c.first, c.n]);
}

/** The type of one column from its non-empty (trimmed) values. */
export function inferColumn(header: string, name: string, values: string[], rows: number): InferredColumn {
  const filled = values.length;
  const base = { header, name, filled };
  if (filled === 0) {
    return { ...base, type: 'string', distinct: 0, reason: 'empty in every row', flag: `empty in all ${fmt(rows)} rows: nothing to infer a type from; declared as string (set its type in fields.yaml once the export fills it)` };
  }
  const top = countValues(values);
  const distinct = top.length;
  const lower = values.map((v) => v.toLowerCase());

  if (lower.every((v) => BOOLEAN_WORDS.has(v))) {
    return { ...base, type: 'boolean', distinct, top, reason: `every value is ${top.map(([v]) => v).slice(0, 4).join('/')}` };
  }
  const integers = values.every((v) => parseInteger(v) !== undefined);
  if (integers && lower.every((v) => v === '0' || v === '1') && FLAG_HEADER.test(header)) {
    return { ...base, type: 'boolean', distinct, top, reason: 'only 0 and 1, under a yes/no header' };
  }
  if (values.every((v) => parseNumber(v) !== undefined)) {
    const leadingZero = values.find((v) => /^[+-]?0\d/.test(v));
    const longUnique = integers && distinct === filled && filled >= 20 && values.every((v) => v.replace(/^[+-]/, '').length >= 6);
    if (integers && (leadingZero !== undefined || IDENTIFIER_HEADER.test(header) || longUnique)) {
      const why = leadingZero !== undefined ? `digits with leading zeros (${quote(leadingZero)})` : IDENTIFIER_HEADER.test(header) ? 'digits under an identifier-like header' : 'long digit strings, unique in every row';
      return { ...base, type: 'string', distinct, top: top.slice(0, 5), reason: `${why}: an identifier, not a quantity, so kept as text` };
    }
    const sorted = values.map((v) => parseNumber(v)!).sort((a, b) => a - b);
    const range = `${fmt(sorted[0])}–${fmt(sorted[sorted.length - 1])}`;
    return integers
      ? { ...base, type: 'integer', distinct, sorted, reason: `every value is a whole number (${range})` }
      : { ...base, type: 'number', distinct, sorted, reason: `every value is a number (${range})` };
  }
  const asDate = values.filter((v) => parseDate(v) !== undefined).length;
  const asDatetime = values.filter((v) => parseDatetime(v) !== undefined).length;
  if (asDate === filled) {
    return { ...base, type: 'date', distinct, sorted: values.map((v) => parseDate(v)!).sort((a, b) => a - b), reason: 'every value is a date (YYYY-MM-DD)' };
  }
  if (asDatetime === filled) {
    // The loader reads a date-time without an offset as UTC and says so once per column (CRM
    // exports often write local times): say it here first.
    const local = values.filter((v) => !/(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/.test(v) && /\d[T ]\d/.test(v)).length;
    const utc = local === 0 ? '' : local === filled ? '; none has a time-zone offset, so they are read as UTC (add the offset in the export if they are local times)' : `; ${fmt(local)} have no time-zone offset and are read as UTC`;
    return { ...base, type: 'datetime', distinct, sorted: values.map((v) => parseDatetime(v)!).sort((a, b) => a - b), reason: `every value is an ISO 8601 date-time${utc}` };
  }
  const unread = values.filter((v) => parseDatetime(v) === undefined);
  if (unread.every((v) => SLASH_DATE.test(v) || ISO_LIKE.test(v))) {
    const slash = unread.every((v) => SLASH_DATE.test(v));
    const what = asDatetime === 0 && slash ? `dates like ${examples(unread)}, which could be day/month or month/day`
      : slash ? `mixed date formats: ${fmt(asDatetime)} ISO 8601, ${fmt(unread.length)} like ${examples(unread)}`
        : `dates that are not calendar dates or not ISO 8601 (${examples(unread)})`;
    return {
      ...base, type: 'string', distinct, top: top.slice(0, 5), reason: 'dates LeadSpec cannot read',
      flag: `${what}; declared as string — export dates as YYYY-MM-DD (or YYYY-MM-DD HH:MM) to compare them`,
    };
  }
  const grouped = values.filter((v) => GROUPED_NUMBER.test(v));
  if (grouped.length > 0 && values.every((v) => GROUPED_NUMBER.test(v) || parseNumber(v) !== undefined)) {
    return {
      ...base, type: 'string', distinct, top: top.slice(0, 5), reason: 'numbers with separators, currency or %',
      flag: `numbers written with separators, currency or % (${examples(grouped)}); declared as string — export plain numbers (1200.50) to compare them`,
    };
  }
  const withSemicolon = values.filter((v) => v.includes(';')).length;
  if (withSemicolon > 0 && withSemicolon * 5 >= filled) {
    const items = countValues(values.flatMap((v) => v.split(';').map((x) => x.trim()).filter(Boolean)));
    return { ...base, type: 'list', distinct, top: items.slice(0, 10), reason: `${fmt(withSemicolon)} of ${fmt(filled)} values hold ';'-separated items (${fmt(items.length)} different items)` };
  }
  const longest = values.reduce((m, v) => Math.max(m, v.length), 0);
  if (distinct <= ENUM_MAX_VALUES && filled >= 2 * distinct && longest <= 60) {
    return {
      ...base, type: 'enum', distinct, top, values: top.map(([v]) => v),
      reason: `${distinct} different value${distinct === 1 ? '' : 's'} repeated across ${fmt(filled)} rows (${top.slice(0, 3).map(([v, n]) => `${v} ${fmt(n)}`).join(', ')}${distinct > 3 ? ', …' : ''})`,
    };
  }
  return { ...base, type: 'string', distinct, top: top.slice(0, 5), reason: `${fmt(distinct)} different values in ${fmt(filled)} rows: free text` };
}

/**
 * The catalog of a CSV: `header` and the data rows as cells. The id column is the one named like
 * an id ("id", "Record ID", "Lead ID", …), else the first column filled and unique in every row.
 */
export function inferCatalog(header: string[], rows: string[][]): InferredCatalog {
  const heads = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  const cells = (i: number) => rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
  const filledUnique = (i: number) => { const v = cells(i); return v.length === rows.length && rows.length > 0 && new Set(v).size === v.length; };
  let idIndex = heads.findIndex((h) => ID_HEADER.test(h));
  let idReason = idIndex >= 0 ? 'named as an id' : '';
  if (idIndex < 0) {
    idIndex = heads.findIndex((h, i) => /\bid\b|_id$/i.test(h) && filledUnique(i));
    if (idIndex < 0) idIndex = heads.findIndex((_, i) => filledUnique(i));
    if (idIndex >= 0) idReason = 'the first column filled and unique in every row';
  }
  if (idIndex >= 0) idIndex = heads.findLastIndex((h) => h.toLowerCase() === heads[idIndex].toLowerCase());
  const taken = new Set<string>();
  const columns: InferredColumn[] = [];
  let id: InferredColumn | undefined;
  // A header written twice is one column for the loader (the later cells win): type that one.
  const times = new Map<string, number>();
  for (const h of heads) times.set(h.toLowerCase(), (times.get(h.toLowerCase()) ?? 0) + 1);
  const last = (i: number) => heads.findLastIndex((h) => h.toLowerCase() === heads[i].toLowerCase()) === i;
  heads.forEach((h, i) => {
    if (h === '' || !last(i)) return;                        // the loader ignores headerless columns too
    const values = cells(i);
    if (i === idIndex) {
      const distinct = new Set(values).size;
      const gaps = rows.length - values.length, dups = values.length - distinct;
      const quality = gaps === 0 && dups === 0 ? `filled and unique in all ${fmt(rows.length)} rows`
        : `${gaps ? `${fmt(gaps)} rows without one (skipped, with a warning)` : ''}${gaps && dups ? ', ' : ''}${dups ? `${fmt(dups)} repeated ids (later rows skipped, with a warning)` : ''}`;
      id = { header: h, name: 'id', type: 'string', filled: values.length, distinct, reason: `lead id: ${idReason}; ${quality}` };
      columns.push(id);
      return;
    }
    const c = inferColumn(h, fieldNameOf(h, taken), values, rows.length);
    if (c.filled > 0 && c.filled < rows.length) c.reason += ` (filled in ${fmt(c.filled)} of ${fmt(rows.length)} rows)`;
    const n = times.get(h.toLowerCase())!;
    if (n > 1) c.reason += ` (the header appears ${n} times; the loader reads the last of them)`;
    columns.push(c);
  });
  return { columns, id, rows: rows.length };
}

/** An event type seen in an events file, with its properties' types. */
export interface InferredEvent { event: string; name?: string; count: number; properties: Record<string, 'string' | 'number' | 'boolean'>; flag?: string }

const NAME_RE = /^[a-z][a-z0-9_]*$/;

/** Event types and property types from event records (`lead_id`, `event`, `at`, properties). */
export function inferEvents(records: Record<string, unknown>[]): InferredEvent[] {
  const byName = new Map<string, { event: string; count: number; props: Map<string, unknown[]> }>();
  for (const r of records) {
    const ev = r.event === undefined || r.event === null ? '' : String(r.event).trim();
    if (!ev) continue;
    const k = norm(ev);
    let e = byName.get(k);
    if (!e) byName.set(k, e = { event: ev, count: 0, props: new Map() });
    e.count++;
    for (const [p, v] of Object.entries(r)) {
      if (p === 'lead_id' || p === 'event' || p === 'at' || v === null || v === undefined || v === '') continue;
      let list = e.props.get(p);
      if (!list) e.props.set(p, list = []);
      list.push(v);
    }
  }
  return [...byName.values()].sort((a, b) => b.count - a.count || a.event.localeCompare(b.event)).map((e) => {
    const properties: InferredEvent['properties'] = {};
    const skipped: string[] = [];
    for (const [p, vs] of e.props) {
      if (!NAME_RE.test(p)) { skipped.push(p); continue; }
      properties[p] = vs.every((v) => typeof v === 'boolean' || (typeof v === 'string' && BOOLEAN_WORDS.has(v.trim().toLowerCase()))) ? 'boolean'
        : vs.every((v) => parseNumber(v) !== undefined) ? 'number' : 'string';
    }
    // The loader matches event names case-insensitively, so 'Demo_Request' is declared 'demo_request'.
    const name = NAME_RE.test(e.event.toLowerCase()) ? e.event.toLowerCase() : undefined;
    const flags = [
      name ? '' : `event '${e.event}' cannot be declared: event names are lower-case letters, digits and _ (rename it in the export, e.g. '${fieldNameOf(e.event, new Set())}')`,
      skipped.length ? `properties ${skipped.map(quote).join(', ')} are not valid names and are left out` : '',
    ].filter(Boolean);
    return { event: e.event, name, count: e.count, properties, ...(flags.length ? { flag: flags.join('; ') } : {}) };
  });
}
