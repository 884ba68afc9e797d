// Completion items for the values of a project's `outcomes` (format §11): catalog fields of the
// type each key reads (datetime or boolean for `converted`, datetime for `created`, numbers for
// `value`, text for `feedback.field`/`reason`), catalog events for `converted: { event }`, and the
// values of the feedback field for the accepted/rejected/recycled lists (minus those listed).
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { PathSegment } from '../core/syntax/parse.js';
import type { CatalogView } from './knowledge.js';
import { PLACEHOLDER } from './cursor.js';

const TYPES: Record<string, string[]> = {
  converted: ['datetime', 'boolean'], created: ['datetime'], value: ['number', 'integer'], field: ['string', 'enum'], reason: ['string', 'enum'],
};

const item = (label: string, kind: CompletionItemKind, detail: string, doc?: string): CompletionItem =>
  ({ label, kind, detail, ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}) });

export function outcomeValueItems(kind: string | undefined, path: PathSegment[], value: any, cat: CatalogView | undefined): CompletionItem[] {
  if (kind !== 'project' || path[0] !== 'outcomes' || !cat) return [];
  const keys = path.filter((s): s is string => typeof s === 'string');
  const last = keys[keys.length - 1];
  const inFeedback = keys[1] === 'feedback';
  if (keys.length === 3 && keys[1] === 'converted' && last === 'event') {
    return [...cat.catalog.events.keys()].map((e) => item(e, CompletionItemKind.Event, 'event', cat.descriptions.get(`event:${e}`)));
  }
  if ((keys.length === 2 && ['converted', 'created', 'value'].includes(last)) || (inFeedback && keys.length === 3 && (last === 'field' || last === 'reason'))) {
    const types = TYPES[last];
    return [...cat.catalog.fields.values()].filter((f) => f.type && types.includes(f.type)).map((f) => item(f.name, CompletionItemKind.Field, f.type!, cat.descriptions.get(f.name)));
  }
  if (inFeedback && ['accepted', 'rejected', 'recycled'].includes(last)) {
    const fb = value?.outcomes?.feedback;
    const field = typeof fb?.field === 'string' ? cat.catalog.fields.get(fb.field) : undefined;
    const listed = new Set<string>();
    for (const l of ['accepted', 'rejected', 'recycled']) for (const v of Array.isArray(fb?.[l]) ? fb[l] : []) if (v !== PLACEHOLDER && v !== null && typeof v !== 'object') listed.add(String(v).trim().toLowerCase());
    return (field?.values ?? []).filter((v) => !listed.has(v.trim().toLowerCase())).map((v) => item(v, CompletionItemKind.EnumMember, `${field!.name} value`));
  }
  return [];
}
