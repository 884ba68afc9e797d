// Completion: the keys allowed at the cursor (from the schema, with descriptions), catalog field
// names at a condition key, the operators the field's type allows, enum values of the field
// tested, ids of ICPs, tiers, scoring models, calendars and events, schema enum values, and
// snippets for a new rule, tier, grade and commitment.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { LeadspecHost } from './host.js';
import { cursorContext, PLACEHOLDER, type CursorContext } from './cursor.js';
import { propertiesAt, enumAt, schemasAt } from './schema-nav.js';
import { catalogFor, keyType, locateCondition, modelFor, SCORE_KEYS, type CatalogView, type CondLocation } from './knowledge.js';
import { OPERATORS, OPERATOR_TYPES, type FieldType } from '../core/model.js';
import type { PathSegment } from '../core/syntax/parse.js';
import { SCORE_STAGE } from '../core/eval/conditions.js';
import { startCompletions } from './completion-start.js';
import { testCompletions } from './completion-tests.js';
import { gradeItems } from './completion-values.js';
import { outcomeValueItems } from './completion-outcomes.js';

export interface CompletionSources {
  /** The ids of the sample leads (for `sample:` in test cases), when they can be read. */
  sampleIds?: () => string[] | undefined;
}

export function completions(host: LeadspecHost, file: string, text: string, offset: number, sources: CompletionSources = {}): CompletionItem[] {
  const start = startCompletions(text, offset);
  if (start) return start;
  const cx = cursorContext(file, text, offset);
  if (!cx) return [];
  const value = cx.doc.value;
  const items: CompletionItem[] = [];
  const cat = catalogFor(host, value);
  const loc = locateCondition(cx.kind, value, cx.path);
  const objectSchema = schemasAt(value, cx.path).some((s) => s.type === 'object' || s.properties);
  const inTest = testCompletions(host, cx, sources.sampleIds);
  if (inTest) items.push(...inTest);
  else if (cx.position === 'key' && loc?.at.state === 'test') items.push(...operatorItems(loc, cat));
  else if (cx.position === 'key' && loc?.at.state === 'cond') items.push(...conditionKeyItems(loc, cat, existingKeys(value, cx.path), scoreStageAt(cx.kind, loc)));
  else if (cx.position === 'key' && objectSchema) items.push(...schemaKeyItems(value, cx.path));
  else items.push(...valueItems(host, cx, cx.path, loc, cat));
  items.push(...snippetItems(cx, value));
  // Replace exactly the word under the cursor (ids hold `-` and `/`, which editors may not
  // count as word characters); a key that already has its `:` keeps it.
  for (const i of items) {
    if (cx.colonAfter && i.insertText?.endsWith(': ')) i.insertText = i.insertText.slice(0, -2);
    i.textEdit = { range: cx.range, newText: i.insertText ?? i.label };
  }
  return dedupe(items);
}

/** One item per label (a value known both from the schema and the catalog is offered once). */
function dedupe(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((i) => { const k = i.kind === CompletionItemKind.Snippet ? `snippet:${i.label}` : i.label; if (seen.has(k)) return false; seen.add(k); return true; });
}

/**
 * How far the score is computed where a condition sits (SPEC §5; see EvalCtx.scoreStage):
 * score outputs known there are offered, first in `mql:`, `disqualify:` and SLA conditions
 * (that is what they usually test); outputs not known yet are not offered (LS097).
 */
function scoreStageAt(kind: string | undefined, loc: CondLocation): number | undefined {
  if (!loc.scores) return undefined;
  if (kind === 'sla') return 5;
  return loc.root[0] === 'fit' ? 0 : loc.root[0] === 'engagement' ? 1 : loc.root[0] === 'disqualify' ? 3 : 4;
}

function existingKeys(value: any, path: readonly PathSegment[]): Set<string> {
  const v = path.reduce((o: any, k) => (o && typeof o === 'object' ? o[k as any] : undefined), value);
  return new Set(v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).filter((k) => k !== PLACEHOLDER) : []);
}

function keyItem(name: string, kind: CompletionItemKind, detail: string | undefined, doc: string | undefined, sort: string): CompletionItem {
  const item: CompletionItem = { label: name, kind, insertText: `${name}: `, sortText: `${sort}${name}` };
  if (detail) item.detail = detail;
  if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
  return item;
}

/** Keys that cannot stand beside a present key: an event rule never reads `when` (LS095). */
const EXCLUDES: Record<string, string[]> = { event: ['when'], when: ['event', 'where', 'within', 'decay'] };

function schemaKeyItems(value: any, path: readonly PathSegment[]): CompletionItem[] {
  const present = existingKeys(value, path);
  const excluded = new Set(path.length === 0 ? [] : [...present].flatMap((k) => (path.includes('rules') ? EXCLUDES[k] ?? [] : [])));
  const props = propertiesAt(value, path);
  // Before `kind:` the schema knows only `leadspec` and `kind`; every kind has these too.
  if (path.length === 0) for (const [name, description] of [['id', 'The definition\'s id: lower-case letters, digits and `-` (unique per kind).'], ['title', 'A human-readable name.'], ['owner', 'Who maintains this definition.'], ['description', 'What it is for, in a sentence or two.']]) {
    if (!props.some((p) => p.name === name)) props.push({ name, description, required: name === 'id' } as (typeof props)[number]);
  }
  return props
    .filter((p) => !present.has(p.name) && !excluded.has(p.name))
    .map((p) => keyItem(p.name, CompletionItemKind.Property, p.required ? 'required' : undefined, p.description, p.required ? '0' : '1'));
}

function conditionKeyItems(loc: CondLocation, cat: CatalogView | undefined, present: Set<string>, stage?: number): CompletionItem[] {
  const out: CompletionItem[] = [];
  const scoreFirst = stage !== undefined && stage >= 3;
  if (loc.where && loc.event) {
    const ev = cat?.catalog.events.get(loc.event);
    for (const [name, type] of ev?.properties ?? []) if (!present.has(name)) out.push(keyItem(name, CompletionItemKind.Field, type, `Property of event \`${loc.event}\` (${type}).`, '0'));
  } else {
    for (const f of cat?.catalog.fields.values() ?? []) {
      if (present.has(f.name)) continue;
      const d = cat!.descriptions.get(f.name);
      const values = f.values?.length ? `\n\nValues: ${f.values.map((v) => `\`${v}\``).join(', ')}` : '';
      out.push(keyItem(f.name, CompletionItemKind.Field, f.type, `${d ? `${d}\n\n` : ''}Field of the \`${cat!.catalog.id}\` catalog, type \`${f.type ?? '?'}\`.${values}`, scoreFirst ? '1' : '0'));
    }
    out.push(keyItem('icp', CompletionItemKind.Keyword, 'ICP id', 'Holds when the lead matches the ICP with this id.', '2'));
    out.push(keyItem('tier', CompletionItemKind.Keyword, '<icp-id>/<tier-id>', 'Holds when the lead falls in this ICP tier.', '2'));
    out.push(keyItem('event', CompletionItemKind.Keyword, 'event count', 'Counts the lead\'s events: `{ event: page_view, where: …, within: 30d, count: { gte: 3 } }`.', '2'));
    if (loc.scores) {
      for (const k of SCORE_KEYS) {
        if (present.has(k) || (stage !== undefined && SCORE_STAGE[k] > stage)) continue;
        out.push(keyItem(k, CompletionItemKind.Variable, 'score output', `The lead's \`${k}\` (scoring and SLA conditions).`, scoreFirst ? '0' : '3'));
      }
    }
  }
  for (const [k, d] of [['all', 'Holds when every condition in the list holds.'], ['any', 'Holds when at least one condition in the list holds.'], ['not', 'Holds when the wrapped condition does not hold.']]) {
    out.push(keyItem(k, CompletionItemKind.Keyword, 'combinator', d, '4'));
  }
  return out;
}

function operatorItems(loc: CondLocation, cat: CatalogView | undefined): CompletionItem[] {
  if (loc.at.state !== 'test') return [];
  const type = keyType(loc.at.key, cat, loc.at.event);
  let ops: string[];
  if (type === 'grade') ops = ['eq', 'in'];
  else if (type === 'boolean' && SCORE_KEYS.includes(loc.at.key)) ops = ['eq'];
  else if (!type || type === 'string' && loc.at.event) ops = type ? [...OPERATORS].filter((o) => allows(o, 'string')) : [...OPERATORS];
  else ops = [...OPERATORS].filter((o) => allows(o, type as FieldType));
  return ops.map((op) => keyItem(op, CompletionItemKind.Operator, type ? `${type} test` : 'test', OPERATOR_DOCS[op], '0'));
}

function allows(op: string, type: FieldType): boolean {
  const t = OPERATOR_TYPES[op as keyof typeof OPERATOR_TYPES];
  return t === 'all' || (Array.isArray(t) && t.includes(type));
}

const OPERATOR_DOCS: Record<string, string> = {
  eq: 'Equal (text compares case-insensitively after trimming).', ne: 'Present and not equal.',
  in: 'One of the listed values.', not_in: 'Present and none of the listed values.',
  gt: 'Greater than.', gte: 'Greater than or equal.', lt: 'Less than.', lte: 'Less than or equal.',
  between: '`[lo, hi]`: lo ≤ value ≤ hi.', contains: 'The text contains this.', starts_with: 'The text starts with this.',
  ends_with: 'The text ends with this.', includes: 'The list holds this item.', includes_any: 'The list holds any of these.',
  includes_all: 'The list holds all of these.', exists: '`true`: present and non-empty; `false`: absent or empty.',
};

function valueItem(label: string, kind: CompletionItemKind, detail?: string, doc?: string): CompletionItem {
  const item: CompletionItem = { label, kind };
  if (detail) item.detail = detail;
  if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
  return item;
}

function valueItems(host: LeadspecHost, cx: CursorContext, path: PathSegment[], loc: CondLocation | undefined, cat: CatalogView | undefined): CompletionItem[] {
  const out: CompletionItem[] = [];
  const ws = host.index();
  const value = cx.doc.value;
  const last = [...path].reverse().find((s) => typeof s === 'string') as string | undefined;
  if (loc && (loc.at.state === 'test' || loc.at.state === 'operand')) {
    const key = loc.at.key;
    const op = loc.at.state === 'operand' ? loc.at.op : 'eq';
    if (key === 'icp' && loc.at.state === 'test') for (const id of ws.idsOf('icp')) out.push(valueItem(id, CompletionItemKind.Reference, 'ICP', ws.lookup('icp', id)?.value?.title));
    else if (key === 'tier' && loc.at.state === 'test') {
      for (const d of ws.docsByKind('icp')) for (const t of Array.isArray(d.value?.tiers) ? d.value.tiers : []) if (t?.id !== undefined) out.push(valueItem(`${d.id}/${t.id}`, CompletionItemKind.Reference, 'ICP tier'));
    } else if (key === 'event' && loc.at.state === 'test') for (const e of cat?.catalog.events.keys() ?? []) out.push(valueItem(e, CompletionItemKind.Event, 'event', cat?.descriptions.get(`event:${e}`)));
    else if (key === 'within' && loc.at.state === 'test') for (const d of ['7d', '30d', '90d']) out.push(valueItem(d, CompletionItemKind.Value, 'duration'));
    else if (op === 'exists') for (const b of ['true', 'false']) out.push(valueItem(b, CompletionItemKind.Value, 'exists'));
    else {
      const type = keyType(key, cat, loc.at.event);
      if (type === 'grade') {
        const model = modelFor(host, cx.kind, value, loc.root);
        const list = typeof path[path.length - 1] === 'number' ? path.slice(0, -1).reduce((o: any, k) => o?.[k as any], value) : undefined;
        out.push(...gradeItems(model, key, Array.isArray(list) ? list : []));
      } else if (type === 'boolean') for (const b of ['true', 'false']) out.push(valueItem(b, CompletionItemKind.Value, 'boolean'));
      else if (type === 'enum' && ['eq', 'ne', 'in', 'not_in'].includes(op)) {
        // In a list, values already listed are not offered again.
        const list = typeof path[path.length - 1] === 'number' ? path.slice(0, -1).reduce((o: any, k) => o?.[k as any], value) : undefined;
        const listed = new Set((Array.isArray(list) ? list : []).filter((x) => x !== PLACEHOLDER).map((x) => String(x).trim().toLowerCase()));
        for (const v of cat?.catalog.fields.get(key)?.values ?? []) if (!listed.has(v.toLowerCase())) out.push(valueItem(v, CompletionItemKind.EnumMember, `${key} value`));
      }
    }
    return out;
  }
  // References by id outside conditions.
  const parentIsCommitment = cx.kind === 'sla' && path[0] === 'commitments';
  if (last === 'event' && cx.kind === 'scoring') for (const e of cat?.catalog.events.keys() ?? []) out.push(valueItem(e, CompletionItemKind.Event, 'event', cat?.descriptions.get(`event:${e}`)));
  if (last === 'fields' && path.length === 1) for (const id of ws.idsOf('fields')) out.push(valueItem(id, CompletionItemKind.Reference, 'field catalog'));
  if (last === 'scoring' && parentIsCommitment) for (const id of ws.idsOf('scoring')) out.push(valueItem(id, CompletionItemKind.Reference, 'scoring model', ws.lookup('scoring', id)?.value?.title));
  if (parentIsCommitment && (last === 'calendar' || last === 'default' || (path.includes('map') && path.includes('calendar')))) {
    for (const name of Object.keys(value?.calendars ?? {})) out.push(valueItem(name, CompletionItemKind.Reference, 'calendar', value.calendars[name]?.timezone));
  }
  if (parentIsCommitment && (last === 'start' || last === 'stop' || last === 'date')) {
    for (const f of cat?.catalog.fields.values() ?? []) if (f.type === 'datetime' || f.type === 'date') out.push(valueItem(f.name, CompletionItemKind.Field, f.type));
  }
  if (parentIsCommitment && last === 'by') for (const f of cat?.catalog.fields.values() ?? []) if (f.type === 'enum' || f.type === 'string') out.push(valueItem(f.name, CompletionItemKind.Field, f.type));
  if (cx.kind === 'scoring' && path.length === 1 && last === 'total') {
    out.push({ label: '{ weights: … }', kind: CompletionItemKind.Snippet, detail: 'weighted total', insertTextFormat: InsertTextFormat.Snippet,
      insertText: '{ weights: { fit: ${1:0.5}, engagement: ${2:0.5} } }', sortText: '1weights',
      documentation: { kind: MarkupKind.Markdown, value: 'total = fit × weight + engagement × weight (rounded to 2 decimals). `sum` adds them.' } });
  }
  out.push(...outcomeValueItems(cx.kind, path, value, cat));
  if (cx.kind === 'fields' && last === 'type') for (const t of ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'enum', 'list']) out.push(valueItem(t, CompletionItemKind.TypeParameter, 'field type'));
  for (const v of enumAt(value, path)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push(valueItem(String(v), CompletionItemKind.EnumMember, last));
  return out;
}

// ---- snippets ----------------------------------------------------------------------------------

interface Snip { label: string; detail: string; flow: string; block?: string }

const SNIPPETS: Record<string, Snip[]> = {
  rules: [
    { label: 'rule', detail: 'new scoring rule (when → points)', flow: '{ id: ${1:rule-id}, when: { ${2:field}: ${3:value} }, points: ${4:10} }' },
    { label: 'event rule', detail: 'new scoring rule (points per event)', flow: '{ id: ${1:rule-id}, event: ${2:event}, points: ${3:5}, max: ${4:20}, within: ${5:30d} }' },
    { label: 'group', detail: 'new group of rules', flow: '', block: 'group: ${1:group-id}\n  pick: ${2|first,max,sum|}\n  max: ${3:40}\n  rules:\n    - { id: ${4:rule-id}, when: { ${5:field}: ${6:value} }, points: ${7:10} }' },
  ],
  tiers: [{ label: 'tier', detail: 'new ICP tier', flow: '{ id: ${1:tier-id}, when: { ${2:field}: ${3:value} } }' }],
  grades: [{ label: 'grade', detail: 'new grade (ordered high to low)', flow: '{ id: ${1:A}, min: ${2:80} }' }],
  fit: [{ label: 'band', detail: 'new fit band', flow: '{ id: ${1:A}, min: ${2:80} }' }],
  engagement: [{ label: 'band', detail: 'new engagement band', flow: '{ id: ${1:1}, min: ${2:60} }' }],
  personas: [{ label: 'persona', detail: 'new persona', flow: '{ id: ${1:persona-id}, when: { ${2:field}: ${3:value} } }' }],
  commitments: [
    { label: 'response commitment', detail: 'new SLA: respond within a time', flow: '', block: 'id: ${1:first-touch}\n  owner: ${2:sales}\n  applies_to: { mql: true }\n  start: ${3:mql_at}\n  stop: ${4:first_touch_at}\n  within: ${5:4h}\n  clock: ${6|business,calendar|}' },
    { label: 'volume commitment', detail: 'new SLA: lead-count target per period', flow: '', block: 'id: ${1:mql-volume}\n  owner: ${2:marketing}\n  type: volume\n  count: { mql: true }\n  per: ${3|month,week,day,quarter|}\n  date: ${4:mql_at}\n  target: { gte: ${5:400} }' },
  ],
};

/** Which list a snippet would go into, judged from the cursor (a new item line or an empty item). */
function listAt(cx: CursorContext, value: any): { list: string; needsDash: boolean } | undefined {
  const arrayName = (p: readonly PathSegment[]) => {
    const name = p[p.length - 1];
    return typeof name === 'string' && schemasAt(value, p).some((s) => s.type === 'array') ? name : undefined;
  };
  if (cx.position !== 'key' || cx.inFlow) return undefined;
  if (cx.newItemOf) { const n = arrayName(cx.newItemOf); if (n) return { list: n, needsDash: true }; }
  if (cx.afterDash && typeof cx.path[cx.path.length - 1] === 'number') {
    const n = arrayName(cx.path.slice(0, -1));
    if (n) return { list: n, needsDash: false };
  }
  if (cx.lineEmptyBefore) { const n = arrayName(cx.path); if (n) return { list: n, needsDash: true }; }
  return undefined;
}

function snippetItems(cx: CursorContext, value: any): CompletionItem[] {
  const at = listAt(cx, value);
  if (!at) return [];
  const list = SNIPPETS[at.list] ?? [];
  return list.map((s) => {
    const body = s.block ?? s.flow;
    const text = at.needsDash ? `- ${body}` : body;
    const indent = ' '.repeat(cx.range.start.character - (at.needsDash ? 0 : 2));
    return {
      label: s.label, kind: CompletionItemKind.Snippet, detail: s.detail, insertTextFormat: InsertTextFormat.Snippet,
      insertText: text.replace(/\n/g, `\n${indent}`), sortText: `9${s.label}`,
      documentation: { kind: MarkupKind.Markdown, value: '```yaml\n' + text.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1') + '\n```' },
    };
  });
}
