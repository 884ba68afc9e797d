// Completion inside `kind: test` cases (SPEC §9): what `expect:` may name (ICP, tier, SLA and
// every scoring model), a model's grades, `<sla>/<commitment>` keys, sample lead ids, and the
// catalog's fields, events and event properties in an inline `lead:`.
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { LeadspecHost } from './host.js';
import type { CursorContext } from './cursor.js';
import { PLACEHOLDER } from './cursor.js';
import { catalogFor } from './knowledge.js';
import { gradeItems } from './completion-values.js';

const get = (v: any, path: readonly (string | number)[]) => path.reduce((o, k) => (o && typeof o === 'object' ? o[k as any] : undefined), v);
const item = (label: string, kind: CompletionItemKind, detail?: string, doc?: string, asKey = false): CompletionItem => ({
  label, kind, ...(detail ? { detail } : {}), ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
  ...(asKey ? { insertText: `${label}: ` } : {}), sortText: `0${label}`,
});

/** Items for a cursor inside a test case, or undefined when the schema's answer is enough. */
export function testCompletions(host: LeadspecHost, cx: CursorContext, sampleIds?: () => string[] | undefined): CompletionItem[] | undefined {
  if (cx.kind !== 'test' || cx.path[0] !== 'cases' || typeof cx.path[1] !== 'number') return undefined;
  const ws = host.index();
  const rest = cx.path.slice(2);
  const value = cx.doc.value;
  const present = (p: readonly (string | number)[]) => { const v = get(value, p); return new Set(v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).filter((k) => k !== PLACEHOLDER) : []); };
  const cat = catalogFor(host, value);
  if (cx.position === 'key' && rest.length === 1 && rest[0] === 'expect') {
    const have = present(cx.path);
    const out: CompletionItem[] = [];
    for (const [k, d] of [['icp', 'The ICP ids the lead matches (one, or a list: all of them).'], ['tier', 'The lead\'s tier: `<icp-id>/<tier-id>`.'], ['sla', 'Commitments by `<sla-id>/<commitment-id>`: status, elapsed_minutes, due.']]) {
      if (!have.has(k)) out.push(item(k, CompletionItemKind.Property, 'expectation', d, true));
    }
    for (const id of ws.idsOf('scoring')) if (!have.has(id)) out.push(item(id, CompletionItemKind.Reference, 'scoring model', `Expected outputs of \`${id}\`: fit, engagement, total, grade, mql, disqualified.${ws.lookup('scoring', id)?.value?.title ? `\n\n${ws.lookup('scoring', id)!.value.title}` : ''}`, true));
    return out;
  }
  if (cx.position === 'key' && rest.length === 2 && rest[0] === 'expect' && rest[1] === 'sla') {
    const have = present(cx.path);
    const out: CompletionItem[] = [];
    for (const d of ws.docsByKind('sla')) {
      for (const c of Array.isArray(d.value?.commitments) ? d.value.commitments : []) {
        const key = `${d.id}/${c?.id}`;
        if (c?.id !== undefined && !have.has(key)) out.push(item(key, CompletionItemKind.Reference, 'commitment', c.title, true));
      }
    }
    return out;
  }
  if (cx.position === 'value' && rest.length >= 3 && rest[0] === 'expect' && typeof rest[1] === 'string' && ['grade', 'fit_grade', 'engagement_grade'].includes(String(rest[2]))) {
    const model = ws.lookup('scoring', rest[1])?.value;
    if (!model) return [];
    const list = typeof cx.path[cx.path.length - 1] === 'number' ? get(value, cx.path.slice(0, -1)) : undefined;
    return gradeItems(model, String(rest[2]), Array.isArray(list) ? list : []);
  }
  if (cx.position === 'value' && rest.length === 1 && rest[0] === 'sample') {
    return (sampleIds?.() ?? []).map((id, i) => ({ label: id, kind: CompletionItemKind.Value, detail: 'sample lead', sortText: String(i).padStart(7, '0') }));
  }
  if (rest[0] !== 'lead' || !cat) return undefined;
  // Inline lead: its fields; an event of `events:`: event, at and the event's properties.
  if (cx.position === 'key' && rest.length === 1) {
    const have = present(cx.path);
    const out: CompletionItem[] = [];
    if (!have.has('id')) out.push(item('id', CompletionItemKind.Property, 'required', 'The lead\'s id (any text).', true));
    for (const f of cat.catalog.fields.values()) {
      if (have.has(f.name)) continue;
      const d = cat.descriptions.get(f.name);
      out.push(item(f.name, CompletionItemKind.Field, f.type, `${d ? `${d}\n\n` : ''}Field of the \`${cat.catalog.id}\` catalog, type \`${f.type ?? '?'}\`.${f.values?.length ? `\n\nValues: ${f.values.map((v) => `\`${v}\``).join(', ')}` : ''}`, true));
    }
    if (!have.has('events')) out.push({ ...item('events', CompletionItemKind.Property, 'the lead\'s events', 'A list of `{ event: <name>, at: <time>, <property>: … }`.', true), sortText: '1events' });
    return out;
  }
  if (cx.position === 'value' && rest.length === 4 && rest[1] === 'events' && rest[3] === 'event') {
    return [...cat.catalog.events.keys()].map((e) => item(e, CompletionItemKind.Event, 'event', cat.descriptions.get(`event:${e}`)));
  }
  if (cx.position === 'key' && rest.length === 3 && rest[1] === 'events' && typeof rest[2] === 'number') {
    const have = present(cx.path);
    const ev = get(value, [...cx.path, 'event']);
    const out = ['event', 'at'].filter((k) => !have.has(k)).map((k) => item(k, CompletionItemKind.Property, 'required', undefined, true));
    for (const [p, t] of cat.catalog.events.get(String(ev))?.properties ?? []) if (!have.has(p)) out.push(item(p, CompletionItemKind.Field, t, `Property of event \`${ev}\` (${t}).`, true));
    return out;
  }
  return undefined;
}
