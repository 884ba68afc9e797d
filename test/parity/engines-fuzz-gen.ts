// The generator of test/parity/engines-fuzz.test.ts: small hostile lead and event files, seeded,
// for one of three workspaces. What a seed can hold (each drawn at random, most files hold several):
// - formats: leads as CSV, TSV, JSON Lines or a JSON array; events as CSV, TSV or JSON Lines;
// - bytes: a BOM, `\n` / `\r\n` / lone `\r` line ends or a mix, a last line without its line end,
//   trailing blank lines, blank lines and lines of spaces between rows, invalid UTF-8 (a lone
//   0xFF, a truncated sequence, an encoded surrogate, an overlong `/`), multi-byte characters
//   (2-, 3- and 4-byte), NUL characters;
// - CSV records: quoted cells holding the separator, `""`, line breaks of every kind; text after a
//   closing quote; a quote inside an unquoted cell; ragged rows (too few or too many cells);
//   header-only files; header columns named twice, without a name, or like Object.prototype's
//   members; rarely an unclosed quote or a header without `id` / `lead_id` (exit 2 for everyone);
// - JSON Lines: values of every JSON type in every field, escaped keys and ids (`\u004c`), keys
//   repeated, a comma before `}`, `NaN`, `\u0000`, lines that are not JSON or not objects, leads
//   with embedded `events` arrays;
// - ids: padded, differing in case, duplicated, empty, with a NUL, numbers (JSON), multi-byte,
//   very long, named `constructor` / `__proto__`; events of unknown leads, without a lead id,
//   event or time, undeclared or case-shifted event names;
// - values in the odd spellings the loader accepts or refuses: integers (` 12 `, `1e3`, `0x10`,
//   `1_000`, `2.5`, `+5`, `007`, full-width digits), numbers (`inf`, `nan`, `1e400`, `+.5`, `5.`,
//   `1,5`, `-0`), booleans (`Yes`, `y`, `TRUE`, `0`, ` y`, `on`), dates and date-times (offsets,
//   `+0100`, no offset, one-digit hours, `24:00`, leap seconds, year 12026 and 0026, 7 fraction
//   digits, zone names), enums in other cases and with spaces, lists with empty items;
// - sizes: with `big`, an events file over 1 MiB whose chosen line straddles the 1 MiB chunk
//   boundary of the byte readers (a multi-byte character, invalid bytes or a `\r\n` split across
//   it), and a lead with a cell of ~1.1 MiB.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rng, type Rng } from '../../bench/prng.js';
import { SPECIAL, writeWorkspace } from '../cli/prototype-workspace.js';

const repo = resolve(__dirname, '..', '..');
const V1 = ['leadspec', 'v1'].join(': ');

type FieldType = 'string' | 'enum' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'list';
interface Space {
  name: 'samples' | 'prototype' | 'types' | 'mapped';
  fields: [string, FieldType, string[]?][];   // declared lead fields (enum values)
  events: [string, [string, FieldType][]][];   // declared events and their properties
  outcomes: boolean;                           // backtest runs on it
  headers?: Record<string, string>;            // a field's column in the leads file (the catalog's `column:` / `id_column:`)
}

const SAMPLE_FIELDS: Space['fields'] = [
  ['company', 'string'], ['employees', 'integer'], ['annual_revenue', 'number'],
  ['industry', 'enum', ['SaaS', 'Fintech', 'Healthcare', 'Retail', 'Education', 'Manufacturing', 'Media', 'Other']],
  ['country', 'string'], ['region', 'enum', ['na', 'emea', 'apac', 'latam']], ['tech_stack', 'list'], ['email', 'string'], ['job_title', 'string'],
  ['seniority', 'enum', ['ic', 'manager', 'director', 'vp', 'cxo']], ['department', 'enum', ['marketing', 'sales', 'revops', 'finance', 'it', 'product', 'other']],
  ['lead_source', 'enum', ['organic', 'paid_search', 'paid_social', 'webinar', 'event', 'referral', 'partner', 'outbound']],
  ['created_at', 'datetime'], ['mql_at', 'datetime'], ['first_touch_at', 'datetime'], ['opted_out', 'boolean'],
  ['opportunity_created_at', 'datetime'], ['opportunity_amount', 'number'],
  ['sales_status', 'enum', ['accepted', 'working', 'rejected', 'recycled', 'nurture']],
  ['rejection_reason', 'enum', ['no_budget', 'no_authority', 'too_small', 'bad_timing', 'personal_email', 'existing_customer']],
];
const SPACES: Space[] = [
  {
    name: 'samples', outcomes: true, fields: SAMPLE_FIELDS,
    events: [['page_view', [['url', 'string']]], ['demo_request', []], ['trial_signup', [['plan', 'string']]], ['content_download', [['asset', 'string']]],
      ['webinar_attended', [['topic', 'string'], ['minutes', 'number']]], ['email_click', [['campaign', 'string']]], ['unsubscribe', []]],
  },
  {
    name: 'prototype', outcomes: true,
    fields: [['constructor', 'string'], ['employees', 'integer'], ['segment', 'enum', ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'plain']],
      ['created_at', 'datetime'], ['mql_at', 'datetime'], ['first_touch_at', 'datetime'], ['opportunity_created_at', 'datetime'], ['sales_status', 'string'], ['rejection_reason', 'string']],
    events: [['constructor', [['constructor', 'string']]], ['visit', []]],
  },
  {
    name: 'types', outcomes: false,
    fields: [['company', 'string'], ['employees', 'integer'], ['industry', 'enum', ['SaaS', 'Retail']], ['revenue', 'number'], ['active', 'boolean'],
      ['since', 'date'], ['seen_at', 'datetime'], ['tags', 'list']],
    events: [['visit', [['minutes', 'number'], ['page', 'string']]], ['call', []]],
  },
];
// The types catalog read from a CRM export's headers (`id_column:`, `column:`).
SPACES.push({ ...SPACES[2], name: 'mapped', headers: { id: 'Record ID', company: 'Company name', employees: 'Number of Employees', seen_at: 'Last Seen' } });

/** Writes the workspace's definitions into dir; returns its project file. */
function writeDefinitions(dir: string, space: Space): string {
  mkdirSync(dir, { recursive: true });
  if (space.name === 'samples') {
    for (const sub of ['icps', 'scoring']) mkdirSync(join(dir, sub), { recursive: true });
    for (const f of ['fields.yaml', 'sla.yaml', 'icps/enterprise.yaml', 'icps/mid-market.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml']) copyFileSync(join(repo, 'samples', f), join(dir, f));
    writeFileSync(join(dir, 'leadspec.yaml'), readFileSync(join(repo, 'samples', 'leadspec.yaml'), 'utf8'));
  } else if (space.name === 'prototype') {
    writeWorkspace(dir, SPECIAL);
  } else {
    const col = (k: string) => (space.headers?.[k] ? `, column: "${space.headers[k]}"` : '');
    writeFileSync(join(dir, 'leadspec.yaml'), [V1, 'kind: project', 'id: types', 'samples: { leads: leads.csv, events: events.csv }', ''].join('\n'));
    writeFileSync(join(dir, 'fields.yaml'), [
      V1, 'kind: fields', 'id: crm', ...(space.headers ? [`id_column: "${space.headers.id}"`] : []), 'fields:',
      `  company: { type: string${col('company')} }`, `  employees: { type: integer, min: 0${col('employees')} }`, '  industry: { type: enum, values: [SaaS, Retail] }',
      '  revenue: { type: number, min: 0, max: 1e9 }', '  active: { type: boolean }', '  since: { type: date }', `  seen_at: { type: datetime${col('seen_at')} }`,
      '  tags: { type: list }',
      'events:', '  visit: { properties: { minutes: number, page: string } }', '  call: {}', '',
    ].join('\n'));
    writeFileSync(join(dir, 'scoring.yaml'), [
      V1, 'kind: scoring', 'id: m', 'fit:', '  rules:',
      '    - { id: big, points: 10, when: { employees: { gte: 2 } } }',
      '    - { id: saas, points: 5, when: { industry: SaaS } }',
      '    - { id: revenue, points: 1, when: { revenue: { gte: 100 } } }',
      '    - { id: active, points: 2, when: { active: true } }',
      '    - { id: since, points: 3, when: { since: { gte: 2026-01-02 } } }',
      '    - { id: seen, points: 4, when: { seen_at: { gte: "2026-11-12T01:00:00Z" } } }',
      '    - { id: tagged, points: 6, when: { tags: { includes: x } } }',
      '    - { id: named, points: 1, when: { company: { contains: "é" } } }',
      'engagement:', '  rules:', '    - { id: visits, event: visit, points: 3, max: 30 }',
      '    - { id: long, event: visit, where: { minutes: { gte: 5 } }, points: 2 }',
      '    - { id: pricing, event: visit, where: { page: { contains: pricing } }, points: 7 }',
      '    - { id: calls, event: call, points: 11, within: 30d }',
      'grades:', '  - { id: a, min: 20 }', '  - { id: b, min: 8 }', '  - { id: c }', 'mql: { grade: a }', '',
    ].join('\n'));
  }
  return join(dir, 'leadspec.yaml');
}

// Invalid UTF-8 is written as a private-use character in the text and turned into bytes at the end.
const BAD: Record<string, number[]> = { '\uE000': [0xff], '\uE001': [0xc3], '\uE002': [0xed, 0xa0, 0x80], '\uE003': [0xc0, 0xaf], '\uE004': [0xe2, 0x82] };
const BAD_CHARS = Object.keys(BAD);
export function toBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const b = BAD[text[i]];
    if (!b) continue;
    parts.push(Buffer.from(text.slice(from, i), 'utf8'), Buffer.from(b));
    from = i + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

const DAY = 86_400_000, END = Date.UTC(2026, 10, 20, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const PROTO = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
const ODD: Record<FieldType, string[]> = {
  string: ['', 'Acme', 'Comma, Inc', 'say "hi"', 'two\nlines', 'cr\rline', 'crlf\r\nline', 'Zürich', 'こんにちは', '😀 emoji', '5" screen', ' padded ', 'a\u0000b', 'x\uE000y', 'tab\there', 'pricing', 'café', '__proto__', 'constructor', ';', 'n/a'],
  enum: ['', ' ', 'n/a', 'SAAS', 'saas', ' SaaS ', 'Bogus', '__proto__', 'constructor', 'toString', 'vp', 'emea', 'accepted', 'rejected', 'working', 'nurture', 'no_budget'],
  integer: ['', '10', ' 12 ', '1e3', '0x10', '1_000', '-1', '2.5', '+5', '007', '１２', '9007199254740993', '1.0', '-0', 'many', '1,000', '   ', '1e-3', '12abc', '500', '3000', '0'],
  number: ['', '1.5', 'inf', 'nan', 'Infinity', '1e400', '+.5', '5.', '1,5', '-0', '.5e1', '0x1p3', '1_000.5', '100', '25000000', '-3', ' 7 ', 'NaN', '1e9', '1000000001', 'lots'],
  boolean: ['', 'true', 'false', 'TRUE', 'True', 'yes', 'Yes', 'y', 'Y', 'no', 'N', '0', '1', ' y', 'maybe', 'on', 'off', 't', 'f', 'FALSE '],
  date: ['', '2026-01-02', '2026-1-2', '2026/01/02', ' 2026-01-02', '2026-02-30', '2026-02-28', '12026-01-02', '0026-01-02', 'epoch', '2026-11-19', '2026-01-02T10:00:00Z', '٢٠٢٦-01-02'],
  datetime: ['', '2026-11-01T10:00:00Z', '2026-11-12T01:00Z', '2026-11-20T09:30:00+01:00', '2026-11-20 09:30:00', '2026-11-20 10:00', '2026-11-20T24:00:00Z',
    '2026-11-20T23:59:60Z', '12026-11-20T09:30:00Z', '0026-11-20T09:30:00Z', '2026-11-20T09:30:00 Europe/Berlin', '2026-11-20T09:30:00.123Z', '2026-11-20T09:30:00.1234567Z',
    '2026-11-20T09:30:00z', ' 2026-11-20T10:00:00Z', 'infinity', '2026-11-20T9:30:00Z', '2026-11-12T01:30:00+0100', '2026-11-12T01:30:00.1+02', '2026-11-12T01:30:0.5Z',
    '2026-11-12T00:30:00Z    ', '2026-11-12 01:30:00.123Z', '2026-10-01', 'yesterday', '2026-11-12T01:30:0٣Z', '2026-13-01T00:00:00Z', '2026-11-20T12:00:00-00:00'],
  list: ['', 'x', 'x;y', ';', 'a;;b', ' x ; y ', 'salesforce;hubspot', 'segment', 'x;x', '__proto__;constructor', 'é;😀'],
};

export interface Fuzz {
  dir: string; project: string; leads: string; events: string; space: Space['name']; outcomes: boolean; big: boolean; clean: boolean;
}

/** One seed's workspace and files in dir. */
export function generate(seed: number, dir: string): Fuzz {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const space = pick(SPACES);
  // `clean`: bytes DuckDB reads itself (no invalid UTF-8, NUL, blank line, mixed line ends, text
  // after a closing quote, JSON it reads otherwise), so its staging is held to the loader rather
  // than falling back; the values, ids, ragged rows and quoted breaks stay hostile. `h` scales how
  // often a row is broken, so that some files keep many plain lines (the workers' byte fast paths)
  // before their first odd one.
  const clean = chance(0.5);
  const h = pick([0, 0.05, 0.2, 0.5, 1]);
  const bad = (p: number) => r() < p * h;
  const tidy = (s: string) => (clean ? s.replace(/[\0\uE000-\uE004]/g, '').replace(/\r\n?/g, '\n') : s);
  const project = writeDefinitions(dir, space);
  const big = chance(0.12);
  const nLeads = 3 + Math.floor(r() * (chance(0.2) ? 120 : 30));

  // --- ids and lead values ---
  const ids: string[] = [];
  const idOf = (i: number): string => {
    const x = r();
    if (x >= 0.22 * h) return `L${i}`;
    if (x < 0.05 && ids.length) return pick(ids);                         // duplicate
    if (x < 0.08) return '';                                              // none
    if (x < 0.10) return ' ';                                             // spaces only
    if (x < 0.13) return ` L${i}`;                                        // padded
    if (x < 0.16) return `l${i}`;                                         // case differs from an event's
    if (x < 0.17) return clean ? `L${i}` : `L${i}\u0000`;                 // NUL
    if (x < 0.18) return pick(PROTO);
    if (x < 0.19) return `Lé${i}😀`;
    if (x < 0.20) return `L${i},comma`;
    if (x < 0.21) return `L${'x'.repeat(300)}${i}`;
    if (x < 0.22) return `${i}`;
    return `L${i}`;
  };
  const cellOf = (type: FieldType, name: string): string => {
    const x = r();
    if (x < 1 - 0.55 * h) {
      const values = space.fields.find(([n]) => n === name)?.[2];
      switch (type) {
        case 'enum': return values ? pick(values) : 'plain';
        case 'integer': return String(Math.floor(r() * 2000));
        case 'number': return (r() * 1e5).toFixed(pick([0, 1, 2]));
        case 'boolean': return pick(['true', 'false']);
        case 'date': return iso(END - Math.floor(r() * 400) * DAY).slice(0, 10);
        case 'datetime': return iso(END - Math.floor(r() * 120 * DAY) - Math.floor(r() * DAY));
        case 'list': return pick(['x', 'x;y', 'salesforce;hubspot', '']);
        default: return pick(['Acme', 'Beta', `p@co.example`, 'x@gmail.com', 'café']);
      }
    }
    return tidy(pick(ODD[type]));
  };

  // Columns of the leads file: the declared fields in random order, some left out, undeclared ones added.
  const cols: [string, FieldType][] = space.fields.filter(() => chance(0.85)).map(([n, t]) => [n, t] as [string, FieldType]).sort(() => r() - 0.5);
  if (chance(0.4)) cols.push([pick(['notes', 'Owner Name', 'crm_owner']), 'string']);
  if (chance(0.3)) cols.push([pick(PROTO.filter((p) => !space.fields.some(([n]) => n === p))), 'string']);
  if (!clean && chance(0.05) && cols.length) cols.push(pick(cols));       // a column named twice
  if (!clean && chance(0.03)) cols.push(['', 'string']);                  // a column without a name
  const idAt = chance(0.7) ? 0 : Math.floor(r() * (cols.length + 1));
  // A field's header as the export writes it: mapped, in another case, padded.
  const headerOf = (n: string) => {
    const m = space.headers && Object.hasOwn(space.headers, n) ? space.headers[n] : n; // n may be `constructor`
    return bad(0.06) ? m.toUpperCase() : bad(0.06) ? ` ${m} ` : bad(0.03) ? m[0].toUpperCase() + m.slice(1) : m;
  };
  const header = cols.map(([n]) => (n === '' ? '' : headerOf(n)));
  header.splice(idAt, 0, chance(0.02) ? 'ident' : space.headers?.id ?? (bad(0.03) ? ' id' : 'id')); // rarely no id column: exit 2
  const leads = Array.from({ length: nLeads }, (_, i) => {
    const id = idOf(i);
    if (id.trim()) ids.push(id.replace(/\0/g, '').trim());
    const values = cols.map(([n, t]) => cellOf(t, n));
    values.splice(idAt, 0, id);
    return values;
  });
  if (big && leads.length) leads[Math.floor(r() * leads.length)][Math.min(header.length - 1, idAt === 0 ? 1 : 0)] = 'w'.repeat((1 << 20) + 3000);

  // --- events ---
  const names = [...space.events.map(([n]) => n), 'podcast', 'Visit', 'PAGE_VIEW', '__proto__', 'toString', ' visit '];
  const props = [...new Set(space.events.flatMap(([, ps]) => ps.map(([p]) => p)))];
  const nEvents = Math.floor(r() * (chance(0.3) ? 400 : 60));
  const evLead = (): string => {
    const x = r();
    if (x >= 0.13 * h) return ids.length ? pick(ids) : 'L0';
    if (x < 0.06) return `ghost${Math.floor(r() * 5)}`;
    if (x < 0.08) return '';
    if (x < 0.10) return ids.length ? ` ${pick(ids)} ` : 'L0';
    if (x < 0.12) return ids.length ? pick(ids).toUpperCase() : 'L0';
    if (x < 0.13) return pick(PROTO);
    return ids.length ? pick(ids) : 'L0';
  };
  const evTime = (): string => (bad(0.2) ? pick(ODD.datetime) : iso(END - Math.floor(r() * 90 * DAY) - Math.floor(r() * DAY)));
  const propValue = (p: string): string => {
    const t = space.events.flatMap(([, ps]) => ps).find(([n]) => n === p)?.[1] ?? 'string';
    return t === 'number' ? (bad(1) ? pick(['lots', 'inf', ' 7 ', '1e3', '', '-2', 'nan', '1_0']) : pick(['30', '5', '0']))
      : tidy(bad(1) ? pick(['', 'a,b', 'say "x"', 'two\nlines', 'é', 'x\uE000', 'tab\tx', '"quoted"']) : pick(['/pricing', '/docs']));
  };
  const events = Array.from({ length: nEvents }, () => {
    const name = bad(0.15) ? pick(names) : pick(space.events)[0];
    // No prototype: a key `__proto__` is an own key, written to the file like any other.
    const rec: Record<string, string> = Object.assign(Object.create(null), { lead_id: evLead(), event: bad(0.03) ? '' : name, at: bad(0.03) ? '' : evTime() });
    for (const p of props) if (chance(0.4)) rec[p] = propValue(p);
    if (bad(0.05)) rec[pick(['note', 'constructor', '__proto__'])] = 'x';
    return rec;
  });

  // --- writing ---
  const eol = clean ? pick(['\n', '\n', '\r\n'] as const) : pick(['\n', '\n', '\r\n', '\r', 'mixed'] as const);
  const lineEnd = () => (eol === 'mixed' ? pick(['\n', '\r\n', '\r']) : eol);
  const breakIn = () => (clean ? eol : pick(['\n', '\r\n', '\r']));
  const csv = (head: string[], rows: string[][], sep: string): string => {
    const quote = (cell: string): string => {
      const c = cell.replace(/\n/g, () => breakIn());
      if (!clean && bad(0.01)) return `"${c.replace(/"/g, '""')}"${pick(['x', ' ', 'Inc'])}`; // text after the closing quote
      if (c.includes(sep) || c.includes('"') && (c.startsWith('"') || chance(0.5)) || /[\r\n]/.test(c) || bad(0.02)) return `"${c.replace(/"/g, '""')}"`;
      return c;
    };
    const lines: string[] = [(chance(0.1) ? '\uFEFF' : '') + head.map((h) => (/[",\t\r\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(sep)];
    for (const row of rows) {
      let cells = row.map(quote);
      const y = r();
      if (y < 0.03 * h) cells = cells.slice(0, Math.floor(r() * cells.length));       // too few
      else if (y < 0.05 * h) cells.push('extra', ...(chance(0.5) ? ['more'] : []));    // too many
      if (bad(0.03)) lines.push(clean || chance(0.5) ? '   ' : '');                   // a line of spaces, a blank line
      if (!clean && chance(0.005)) cells[Math.floor(r() * cells.length)] = '"unclosed'; // exit 2 for everyone
      lines.push(cells.join(sep));
    }
    let text = lines.map((l, i) => (i < lines.length - 1 ? l + lineEnd() : l)).join('');
    if (chance(0.65)) text += lineEnd();
    if (!clean && chance(0.1)) text += lineEnd() + lineEnd();
    return text;
  };
  const jsonValue = (text: string, type: FieldType): unknown => {
    const x = r();
    if (x < 0.1) return null;
    if (x < 0.25 && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
    if (x < 0.3 && type === 'boolean') return pick([true, false]);
    if (x < 0.33) return pick([[], ['x', 'y'], { a: 1 }, 1.5, true, 0, -1e21, 'x;y', ['a;b']]);
    if (x < 0.4 && type === 'list') return text.split(';');
    return text;
  };
  const jsonLine = (obj: Record<string, unknown>): string => {
    let line = JSON.stringify(obj);
    const x = clean ? 1 : r() / h;
    if (x < 0.02) line = line.slice(0, Math.max(1, line.length - 3));                 // not JSON
    else if (x < 0.03) line = '[1, 2]';                                                // not an object
    else if (x < 0.04) line = line.replace(/}$/, ',}');                                // a comma before }
    else if (x < 0.05) line = line.replace(/^\{/, '{"x": NaN, ');                       // NaN
    else if (x < 0.06) line = line.replace(/"(id|lead_id)":"L/, '"$1":"\\u004c');       // an escaped id
    else if (x < 0.07) line = line.replace(/"(id|lead_id)":/, '"\\u0069d_":1,"$1":');   // an escaped key
    else if (x < 0.08) { const k = Object.keys(obj)[Math.floor(r() * Object.keys(obj).length)]; if (k) line = line.replace(/}$/, `,${JSON.stringify(k)}:"again"}`); } // a key repeated
    else if (x < 0.09) line = line.replace(/^\{/, '{ ').replace(/":/g, '" : ').replace(/,"/g, ' , "');                     // spaced
    else if (x < 0.095) line = line.replace(/":"/, '":"\\u0000');                        // a NUL escape
    else if (x < 0.10) line = '';                                                      // blank
    return line;
  };
  const jsonl = (objs: Record<string, unknown>[]): string => {
    let text = (chance(0.1) ? '\uFEFF' : '') + objs.map((o, i) => jsonLine(o) + (i < objs.length - 1 ? lineEnd() : '')).join('');
    if (chance(0.65)) text += lineEnd();
    if (!clean && chance(0.05)) text += '   ' + lineEnd();
    return text;
  };
  const leadObjects = () => leads.map((row) => {
    const o: Record<string, unknown> = Object.create(null);
    header.forEach((h, k) => {
      const v = row[k];
      if (h === '' || (v === '' && chance(0.7))) return;
      const t = k === idAt ? 'string' : cols[k < idAt ? k : k - 1]?.[1] ?? 'string';
      o[h] = k === idAt && chance(0.05) && /^\d+$/.test(v) ? Number(v) : jsonValue(v, t);
    });
    if (!clean && chance(0.02)) o.events = [{ event: pick(space.events)[0], at: evTime() }];
    return o;
  });

  const leadsFmt = pick(['csv', 'csv', 'tsv', 'jsonl', 'jsonl', 'json'] as const);
  let leadsText: string;
  if (leadsFmt === 'csv' || leadsFmt === 'tsv') leadsText = csv(header, chance(0.04) ? [] : leads, leadsFmt === 'tsv' ? '\t' : ',');
  else if (leadsFmt === 'jsonl') leadsText = jsonl(leadObjects());
  else leadsText = (chance(0.1) ? '\uFEFF' : '') + '[' + lineEnd() + leadObjects().map((o) => JSON.stringify(o)).join(',' + lineEnd()) + lineEnd() + ']' + (chance(0.5) ? lineEnd() : '');

  const evFmt = pick(['csv', 'tsv', 'jsonl', 'jsonl'] as const);
  const evHead = ['lead_id', 'event', 'at', ...props, ...(chance(0.3) ? ['note'] : []), ...(chance(0.1) ? ['constructor'] : [])];
  if (evFmt !== 'jsonl') {
    evHead.sort(() => r() - 0.5);
    if (chance(0.02)) evHead[evHead.indexOf('at')] = 'when';                          // exit 2 for everyone
  }
  let eventsText = evFmt === 'jsonl'
    ? jsonl(events.map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== '' || chance(0.2)).map(([k, v]) => [k, k === 'lead_id' || k === 'event' || k === 'at' ? (chance(0.03) ? jsonValue(v, 'string') : v) : jsonValue(v, 'string')]))))
    : csv(evHead, chance(0.04) ? [] : events.map((e) => evHead.map((h) => (Object.hasOwn(e, h) ? e[h] : ''))), evFmt === 'tsv' ? '\t' : ',');

  // Big: events over 1 MiB, a chosen line across the byte readers' 1 MiB chunk boundary.
  if (big) {
    const filler: string[] = [];
    let size = Buffer.byteLength(eventsText);
    const plain = (k: number) => (evFmt === 'jsonl' ? JSON.stringify({ lead_id: ids.length ? ids[k % ids.length] : 'L0', event: space.events[0][0], at: iso(END - (k % 1000) * 3_600_000) })
      : evHead.map((h) => (h === 'lead_id' ? (ids.length ? ids[k % ids.length] : 'L0').replace(/[",\t\r\n]/g, '_') : h === 'event' ? space.events[0][0] : h === 'at' ? iso(END - (k % 1000) * 3_600_000) : '')).join(evFmt === 'tsv' ? '\t' : ','));
    const breaker = tidy(pick(['é', '😀', '€', '\uE000', '\uE002', clean ? '\n' : '\r\n', clean ? 'é' : '\r'])) || 'é';
    // The events text must end with a line end before the filler goes after it.
    if (!/[\r\n]$/.test(eventsText)) { eventsText += '\n'; size += 1; }
    for (let k = 0; size < (1 << 20) - 200; k++) { const l = plain(k) + '\n'; filler.push(l); size += Buffer.byteLength(l); }
    // Pad the last filler line so that the breaker starts 1 byte before the boundary.
    const line = evFmt === 'jsonl' ? (at: string) => JSON.stringify({ lead_id: ids[0] ?? 'L0', event: space.events[0][0], at: iso(END - DAY), note: at })
      : (at: string) => evHead.map((h) => (h === 'lead_id' ? (ids[0] ?? 'L0').replace(/[",\t\r\n]/g, '_') : h === 'event' ? space.events[0][0] : h === 'at' ? iso(END - DAY) : h === 'note' || h === evHead[evHead.length - 1] ? at : '')).join(evFmt === 'tsv' ? '\t' : ',');
    const before = Buffer.byteLength(eventsText) + filler.reduce((n, l) => n + Buffer.byteLength(l), 0);
    const target = (1 << 20) - 1 - Math.floor(r() * 3);
    let pad = 'p'.repeat(Math.max(0, target - before - Buffer.byteLength(line('')) + 2));
    let tail = line(pad + breaker);
    for (let guard = 0; guard < 50 && before + toBytes(tail).indexOf(toBytes(breaker)) !== target; guard++) {
      const at = before + toBytes(tail).indexOf(toBytes(breaker));
      pad = at < target ? pad + 'p' : pad.slice(1);
      tail = line(pad + breaker);
    }
    eventsText = eventsText + filler.join('') + tail + '\n' + filler.slice(0, 50).join('');
  }

  const leadsFile = join(dir, `leads.${leadsFmt}`);
  const eventsFile = join(dir, `events.${evFmt}`);
  writeFileSync(leadsFile, toBytes(leadsText));
  writeFileSync(eventsFile, toBytes(eventsText));
  return { dir, project, leads: leadsFile, events: eventsFile, space: space.name, outcomes: space.outcomes, big, clean };
}

export { BAD_CHARS };
