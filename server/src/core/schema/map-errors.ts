// Turns ajv's errors into diagnostics a RevOps analyst understands, on the exact YAML node:
// an unknown key is underlined on the key (with a did-you-mean), a bad value on the value.
// One root cause gives one diagnostic: branch bookkeeping (`if`) is dropped, a "missing key"
// caused by a misspelt key is folded into the misspelling, and duplicates are merged.
import type { ErrorObject } from 'ajv';
import { isMap, isSeq, type Node } from 'yaml';
import { nodeAtPath, keyRange, valueRange, rangeOfNode, type LeadspecDoc, type PathSegment } from '../syntax/parse.js';
import { suggest } from '../check/suggest.js';
import { Overflow, pushAll } from '../check/bounded.js';
import { FIELD_TYPES, OPERATORS } from '../model.js';
import type { Diagnostic, Fix, Range } from '../types.js';
import {
  ID_PATTERN, LOCAL_ID_PATTERN, NAME_PATTERN, TIER_REF_PATTERN, DATE_PATTERN, DATETIME_PATTERN,
  HOURS_PATTERN, DURATION_PATTERN,
} from './source.js';

interface Finding {
  code: string; path: PathSegment[]; message: string; on: 'key' | 'value' | 'head';
  /** A replacement; `others`: further candidates, each its own (not preferred) quick fix. */
  fix?: { title: string; text: string; on: 'key' | 'value'; others?: string[] };
  /** For LS011: the missing key and where it is missing (several at one place become one). */
  missing?: string; where?: string;
}

/** Human sentences for the patterns of source.ts. `what` names the value ('id', 'within', …). */
const PATTERN_HINTS: Record<string, (what: string, v: string) => string> = {
  [ID_PATTERN]: (w, v) => (w === 'id'
    ? `id '${v}' is not valid: use lower-case letters, digits and '-', starting with a letter (at most 63 characters)`
    : `'${w}' must be the id of a definition (lower-case letters, digits and '-', starting with a letter), found '${v}'`),
  [LOCAL_ID_PATTERN]: (w, v) => `${w === 'id' ? 'id' : `'${w}'`} '${v}' is not valid: use letters, digits, '_', '.' and '-' (no spaces or '/')`,
  [NAME_PATTERN]: (w, v) => `'${w}' must be a name of lower-case letters, digits and '_' starting with a letter, found '${v}'`,
  [TIER_REF_PATTERN]: (w, v) => `'${w}' must be written <icp-id>/<tier-id>, found '${v}'`,
  [DATE_PATTERN]: (w, v) => `'${v}' is not a date; write YYYY-MM-DD, e.g. 2026-11-26`,
  [DATETIME_PATTERN]: (w, v) => `'${w}' must be an ISO 8601 datetime such as 2026-11-20T12:00:00Z, found '${v}'`,
  [HOURS_PATTERN]: (w, v) => `'${w}' must be working hours like "09:00-17:00" or "09:00-12:00, 13:00-17:00", found '${v}'`,
  [DURATION_PATTERN]: (w, v) => `'${w}' must be a duration like 90m, 4h, 30d or 2w, found '${v}'`,
};

/** Unions written as `if type … then const` (see source.ts): say both forms at once. */
const CONST_UNIONS: Record<string, string> = {
  none: "must be 'none' or a mapping { half_life: 30d }",
  sum: "must be 'sum' or a mapping { weights: { fit: 0.6, engagement: 0.4 } }",
  response: 'must be one of response, volume',
};

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping', array: 'a list', string: 'text', number: 'a number', integer: 'a whole number',
  boolean: 'true or false', null: 'empty',
};

/** Which kind of name a pattern-keyed mapping holds, by the key that holds it. */
const NAME_MAPS: Record<string, string> = {
  fields: 'field name', events: 'event name', properties: 'event property name', calendars: 'calendar name',
};

function decodePointer(doc: LeadspecDoc, pointer: string): PathSegment[] {
  if (!pointer) return [];
  const raw = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: PathSegment[] = [];
  let cur: any = doc.value;
  for (const s of raw) {
    const seg: PathSegment = Array.isArray(cur) && /^\d+$/.test(s) ? Number(s) : s;
    out.push(seg);
    cur = cur == null ? undefined : cur[seg as any];
  }
  return out;
}

/** How a path reads in a message: the key's name, or "item 2 of 'rules'" for list items. */
function subject(path: PathSegment[]): string {
  if (path.length === 0) return 'the definition';
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path.length > 1 ? path[path.length - 2] : undefined;
    return parent === undefined ? `item ${last + 1}` : `item ${last + 1} of '${String(parent)}'`;
  }
  return String(last);
}
const quoted = (path: PathSegment[]) => (path.length === 0 || typeof path[path.length - 1] === 'number' ? subject(path) : `'${subject(path)}'`);

/** What a mapping of this kind looks like, for "must be a mapping" messages. */
const MAPPING_EXAMPLES: Record<string, string> = {
  condition: '{ employees: { gte: 50 } }', 'event condition': '{ event: page_view, within: 30d }',
  event: '{ properties: { url: string } }', tier: '{ id: tier-1, when: { … } }', persona: '{ id: economic-buyer, when: { … } }',
  rule: '{ id: demo, when: { … }, points: 10 }', grade: '{ id: A, min: 80 }', calendar: '{ timezone: America/New_York, hours: { weekdays: "09:00-17:00" } }',
  'test case': '{ name: …, lead: { … }, expect: { … } }', 'escalation step': '{ after: 2h, notify: sdr-manager }',
};

function mappingHint(title: string, data: unknown): string {
  const example = title === 'field'
    ? `{ type: ${typeof data === 'string' && (FIELD_TYPES as string[]).includes(data) ? data : 'string'} }`
    : MAPPING_EXAMPLES[title];
  const article = /^[aeiou]/i.test(title) ? 'an' : 'a';
  return example ? ` (${article} ${title}, e.g. ${example})` : ` (${article} ${title})`;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `text '${v.length > 40 ? v.slice(0, 37) + '…' : v}'`;
  if (typeof v === 'number') return `the number ${v}`;
  return String(v);
}

function typeWords(t: unknown): string {
  const list = Array.isArray(t) ? t : String(t).split(',');
  const words = list.map((x) => (list.length > 1 && x === 'boolean' ? 'true/false' : TYPE_WORDS[x] ?? x));
  return words.length <= 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Per-document memo of what several errors at one place share (keys present, did-you-mean lists). */
type Memo = Map<string, unknown>;
function memo<T>(m: Memo, key: string, make: () => T): T {
  if (m.has(key)) return m.get(key) as T;
  const v = make();
  m.set(key, v);
  return v;
}

function toFinding(doc: LeadspecDoc, e: ErrorObject, m: Memo = new Map()): Finding | undefined {
  const path = decodePointer(doc, e.instancePath);
  const p = e.params as Record<string, any>;
  const parent = e.parentSchema as Record<string, any> | undefined;
  switch (e.keyword) {
    case 'if': return undefined; // "must match then/else": the branch's own errors say why
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const at = [...path, key];
      // Once per mapping, not once per unknown key: a mapping with 10,000 unknown keys stays linear.
      // (Looked up key by key: the mapping may hold a million keys, the schema a dozen.)
      const known = memo(m, `known\0${e.instancePath}\0${e.schemaPath}`, () => {
        const value = valueAt(doc, path);
        const has = (k: string) => value !== null && typeof value === 'object' && Object.hasOwn(value, k);
        return Object.keys(parent?.properties ?? {}).filter((k) => !has(k));
      });
      const near = suggest(key, known, 2);
      const mean = near.length ? ` — did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
      const fix = near.length ? { title: `Change to '${near[0]}'`, text: near[0], on: 'key' as const, others: near.slice(1) } : undefined;
      if (parent?.patternProperties) {
        const title = parent.title === 'condition' || parent.title === 'event condition' ? 'condition' : undefined;
        if (title) {
          return { code: near.length ? 'LS010' : 'LS018', path: at, on: 'key', fix,
            message: near.length ? `unknown key '${key}'${mean}` : `'${key}' is not a field name: field names use lower-case letters, digits and '_', starting with a letter` };
        }
        const holder = path.length ? String(path[path.length - 1]) : '';
        if (holder === 'expect' || parent.title === 'expectation') {
          return { code: 'LS010', path: at, on: 'key', fix,
            message: `unknown key '${key}'${mean || ' — expect icp, tier, sla or the id of a scoring model'}` };
        }
        if (Object.keys(parent.patternProperties).includes(TIER_REF_PATTERN)) {
          return { code: 'LS018', path: at, on: 'key', message: `'${key}' is not a commitment reference: write <sla-id>/<commitment-id>, e.g. mql-handoff/first-touch` };
        }
        const kind = NAME_MAPS[holder] ?? 'name';
        const local = Object.keys(parent.patternProperties).includes(LOCAL_ID_PATTERN);
        const rule = local ? "use letters, digits, '_', '.' and '-' (no spaces or '/')" : "use lower-case letters, digits and '_', starting with a letter";
        return { code: 'LS018', path: at, on: 'key', message: `'${key}' is not a valid ${kind}: ${rule}${mean}` };
      }
      if (!mean && parent?.title && / test$/.test(parent.title) && (OPERATORS as readonly string[]).includes(key)) {
        return { code: 'LS010', path: at, on: 'key',
          message: `operator '${key}' is not allowed in a ${parent.title}; use ${listWords(Object.keys(parent.properties ?? {}))}` };
      }
      const allowed = known.length && !mean ? `; expected ${listWords(Object.keys(parent?.properties ?? {}))}` : '';
      return { code: 'LS010', path: at, on: 'key', fix, message: `unknown key '${key}'${mean}${allowed}` };
    }
    case 'required': {
      const missing = String(p.missingProperty);
      const where = parent?.title && path.length > 0 ? ` in this ${parent.title}` : '';
      return { code: 'LS011', path, on: 'head', message: `missing required key '${missing}'${where}`, missing, where };
    }
    case 'dependentRequired':
      return { code: 'LS017', path: [...path, String(p.property)], on: 'key',
        message: `'${p.property}' needs '${p.missingProperty}': only event rules (with 'event:') filter events — add 'event' or remove '${p.property}'` };
    case 'type': {
      const what = parent?.title && p.type === 'object' ? mappingHint(parent.title, e.data) : '';
      return { code: 'LS012', path, on: 'value', message: `${quoted(path)} must be ${typeWords(p.type)}${what}, found ${describe(e.data)}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const near = typeof e.data === 'string' ? suggest(e.data, allowed, 1) : [];
      return { code: 'LS013', path, on: 'value', message: `${quoted(path)} must be one of ${allowed.join(', ')}`,
        fix: near.length ? { title: `Change to '${near[0]}'`, text: near[0], on: 'value' } : undefined };
    }
    case 'const': {
      const union = CONST_UNIONS[String(p.allowedValue)];
      if (union) {
        const options = union.startsWith('must be one of ') ? union.slice('must be one of '.length).split(', ') : [String(p.allowedValue)];
        const near = typeof e.data === 'string' ? suggest(e.data, options, 1) : [];
        return { code: 'LS013', path, on: 'value', message: `${quoted(path)} ${union}`,
          fix: near.length ? { title: `Change to '${near[0]}'`, text: near[0], on: 'value' } : undefined };
      }
      return { code: 'LS013', path, on: 'value', message: `${quoted(path)} must be ${String(p.allowedValue)}` };
    }
    case 'pattern': {
      const hint = PATTERN_HINTS[String(p.pattern)];
      const what = typeof path[path.length - 1] === 'number' ? subject(path) : String(path[path.length - 1] ?? 'value');
      const code = String(p.pattern) === ID_PATTERN && path.length === 1 && path[0] === 'id' ? 'LS014' : 'LS015';
      return { code, path, on: 'value',
        message: hint ? hint(what, String(e.data)) : `${quoted(path)} must match ${String(p.pattern)}, found '${String(e.data)}'` };
    }
    case 'minItems': case 'maxItems': {
      const last = path[path.length - 1];
      if (last === 'between') return { code: 'LS016', path, on: 'value', message: `'between' must be a list of two values [lo, hi]` };
      const n = Number(p.limit);
      return { code: 'LS016', path, on: 'value',
        message: `${quoted(path)} must hold ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}` };
    }
    case 'minProperties': {
      const ops = Object.keys(parent?.properties ?? {});
      const what = parent?.title && /test$/.test(parent.title) ? `an operator (${listWords(ops)})` : `at least one of ${listWords(ops)}`;
      return { code: 'LS016', path, on: 'value', message: `${quoted(path)} needs ${what}` };
    }
    case 'not':
      if (parent?.title === 'nested group') {
        return { code: 'LS019', path, on: 'head', message: 'a group cannot hold another group; list its rules in this group, or make it a sibling group' };
      }
      return { code: 'LS019', path, on: 'value', message: `${quoted(path)} is not allowed here` };
    case 'minLength': {
      const n = Number((e.params as { limit?: number }).limit);
      return { code: 'LS019', path, on: 'value', message: `${quoted(path)} ${n === 1 ? 'must not be empty' : `must be at least ${n} characters long`}` };
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { code: 'LS016', path, on: 'value', message: `${quoted(path)} ${e.message ?? 'is out of range'}` };
    default:
      return { code: 'LS019', path, on: 'value', message: `${quoted(path)} ${e.message ?? 'is not valid here'}` };
  }
}

function listWords(words: string[]): string {
  if (words.length > 12) return `${words.slice(0, 12).join(', ')}, …`;
  return words.join(', ');
}

function valueAt(doc: LeadspecDoc, path: PathSegment[]): any {
  let cur: any = doc.value;
  for (const s of path) cur = cur == null ? undefined : cur[s as any];
  return cur;
}

/** The first line of a node: where "something is missing here" is shown. */
function headRange(doc: LeadspecDoc, path: PathSegment[]): Range {
  const hit = nodeAtPath(doc, path);
  if (path.length > 0 && typeof path[path.length - 1] === 'string' && hit?.key) return rangeOfNode(doc.file, hit.key)!;
  const node = (hit?.value ?? doc.yaml.contents) as Node | null;
  let r = rangeOfNode(doc.file, node) ?? doc.range;
  // A block mapping spans many lines: underline its first entry only.
  if (isMap(node) && !node.flow && node.items.length > 0) {
    const first = node.items[0];
    const k = rangeOfNode(doc.file, first.key as Node);
    const v = rangeOfNode(doc.file, first.value as Node);
    if (k) r = { start: k.start, end: v && v.end.line === k.start.line ? v.end : k.end };
  } else if (isSeq(node) && !node.flow) {
    r = { start: r.start, end: { line: r.start.line, character: r.start.character + 1 } };
  }
  return r;
}

function rangeFor(doc: LeadspecDoc, f: Finding): Range {
  if (f.on === 'head') return headRange(doc, f.path);
  return (f.on === 'key' ? keyRange(doc, f.path) : valueRange(doc, f.path)) ?? headRange(doc, f.path.slice(0, -1));
}

/** Several keys missing at one place: one diagnostic naming them all. */
function combineMissing(findings: Finding[]): Finding[] {
  const byPath = new Map<string, Finding>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.code !== 'LS011' || !f.missing) { out.push(f); continue; }
    const k = JSON.stringify(f.path);
    const prev = byPath.get(k);
    if (!prev) { const copy = { ...f, missing: f.missing }; byPath.set(k, copy); out.push(copy); continue; }
    if (prev.missing!.split('\u0000').includes(f.missing)) continue;
    prev.missing = `${prev.missing}\u0000${f.missing}`;
    const names = prev.missing.split('\u0000').map((m) => `'${m}'`);
    prev.message = `missing required keys ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}${prev.where ?? ''}`;
  }
  return out;
}

/** Maps ajv errors of one document to diagnostics, one per root cause, in document order. */
export function mapSchemaErrors(doc: LeadspecDoc, errors: ErrorObject[]): Diagnostic[] {
  const m: Memo = new Map();
  // Thousands of errors of one kind (a pasted block of unknown keys): describe the first ones in
  // full (did-you-mean, fixes) and only count the rest, so a huge file stays linear and fast.
  const overflow = new Overflow<ErrorObject>();
  const described: ErrorObject[] = [];
  const typos = misspeltRequired(errors);
  for (const e of errors) {
    if (e.keyword === 'if' || typos.has(e)) continue;
    if (overflow.take(KEYWORD_CODES[e.keyword] ?? 'LS019', e)) described.push(e);
  }
  const findings = combineMissing(described.map((e) => toFinding(doc, e, m)).filter((f): f is Finding => f !== undefined));
  // A misspelt key, or a wrong `type`/`kind`, explains the keys that then seem missing there.
  const typoAt = new Set(findings
    .filter((f) => (f.code === 'LS010' && f.message.includes('did you mean')) ||
      (f.code === 'LS013' && (f.path[f.path.length - 1] === 'type' || f.path[f.path.length - 1] === 'kind')))
    .map((f) => JSON.stringify(f.path.slice(0, -1))));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const f of findings) {
    if ((f.code === 'LS011' && typoAt.has(JSON.stringify(f.path))) ||
        (f.code === 'LS017' && typoAt.has(JSON.stringify(f.path.slice(0, -1))))) continue;
    const range = rangeFor(doc, f);
    const key = `${f.code}|${range.start.line}:${range.start.character}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const d: Diagnostic = { file: doc.file.file, code: f.code, severity: 'error', message: f.message, range };
    if (f.fix) {
      const r = f.fix.on === 'key' ? keyRange(doc, f.path) : valueRange(doc, f.path);
      const one = !f.fix.others?.length;
      if (r) {
        d.fixes = [{ title: f.fix.title, preferred: one, edits: [{ file: doc.file.file, range: r, newText: f.fix.text }] } satisfies Fix,
          ...(f.fix.others ?? []).map((t) => ({ title: `Change to '${t}'`, preferred: false, edits: [{ file: doc.file.file, range: r, newText: t }] } satisfies Fix))];
      }
    }
    out.push(d);
  }
  pushAll(out, overflow.summaries(doc.file.file, (e) => {
    const path = decodePointer(doc, e.instancePath);
    const r = e.keyword === 'additionalProperties' ? keyRange(doc, [...path, String((e.params as any).additionalProperty)]) : valueRange(doc, path);
    return { range: r ?? doc.range };
  }));
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

/**
 * The `required` errors a misspelt key explains (`pionts: 1` where `points` is required): they
 * are dropped before counting, so 100,000 such typos give one summary of LS010, not a second one
 * of LS011. (Among the errors described in full, `typoAt` folds them too.)
 */
function misspeltRequired(errors: ErrorObject[]): Set<ErrorObject> {
  const unknownAt = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const list = unknownAt.get(e.instancePath);
    const key = String((e.params as any).additionalProperty);
    if (list) { if (list.length < 20) list.push(key); } else unknownAt.set(e.instancePath, [key]);
  }
  const out = new Set<ErrorObject>();
  if (unknownAt.size === 0) return out;
  const near = new Map<string, boolean>(); // the same typo repeats: compare each pair of words once
  const isNear = (k: string, missing: string) =>
    memo(near, `${k}\0${missing}`, () => suggest(k, [missing], 2).length > 0);
  for (const e of errors) {
    if (e.keyword !== 'required') continue;
    const keys = unknownAt.get(e.instancePath);
    const missing = String((e.params as any).missingProperty);
    if (keys?.some((k) => isNear(k, missing))) out.add(e);
  }
  return out;
}

/** The code an ajv keyword's errors mostly get (for counting those not described in full). */
const KEYWORD_CODES: Record<string, string> = {
  additionalProperties: 'LS010', required: 'LS011', dependentRequired: 'LS017', type: 'LS012', enum: 'LS013', const: 'LS013',
  pattern: 'LS015', minItems: 'LS016', maxItems: 'LS016', minProperties: 'LS016', minimum: 'LS016', maximum: 'LS016',
  exclusiveMinimum: 'LS016', exclusiveMaximum: 'LS016',
};
