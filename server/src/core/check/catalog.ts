// The lead catalog a definition's conditions are checked against (SPEC §2): the definition's
// `fields: <id>`, else the workspace's only `kind: fields` definition. Also the checks of the
// catalog itself (reserved field names).
import { RESERVED_WORDS, FIELD_TYPES, type FieldType } from '../model.js';
import type { LeadspecDoc } from '../syntax/parse.js';
import { DocContext, isMap, keyName, resolve, symbolKey, scalarValue } from './context.js';
import { checkColumns } from './columns.js';

export interface FieldInfo { name: string; type?: FieldType; values?: string[] }
export interface EventInfo { name: string; properties: Map<string, string> }
export interface Catalog { id: string; fields: Map<string, FieldInfo>; events: Map<string, EventInfo> }

const cache = new WeakMap<LeadspecDoc, Catalog>();

/** The catalog declared by a `kind: fields` document (tolerates any partial shape). */
export function catalogOf(doc: LeadspecDoc): Catalog {
  const hit = cache.get(doc);
  if (hit) return hit;
  const v = doc.value && typeof doc.value === 'object' ? doc.value : {};
  const cat: Catalog = { id: typeof v.id === 'string' ? v.id : '', fields: new Map(), events: new Map() };
  const fields = v.fields && typeof v.fields === 'object' && !Array.isArray(v.fields) ? v.fields : {};
  for (const [name, decl] of Object.entries<any>(fields)) {
    const d = decl && typeof decl === 'object' ? decl : {};
    const type = (FIELD_TYPES as string[]).includes(d.type) ? d.type as FieldType : undefined;
    const values = Array.isArray(d.values) ? d.values.filter((x: unknown) => x !== null && typeof x !== 'object').map(String) : undefined;
    cat.fields.set(name, { name, type, values });
  }
  const events = v.events && typeof v.events === 'object' && !Array.isArray(v.events) ? v.events : {};
  for (const [name, decl] of Object.entries<any>(events)) {
    const props = decl && typeof decl === 'object' && decl.properties && typeof decl.properties === 'object' ? decl.properties : {};
    cat.events.set(name, { name, properties: new Map(Object.entries<any>(props).map(([k, t]) => [k, typeof t === 'string' ? t : String(t?.type ?? '')])) });
  }
  cache.set(doc, cat);
  return cat;
}

/**
 * The catalog for a definition: `fields: <id>` (LS045 when unknown), else the only catalog
 * (LS049 when there are several). Undefined when none applies: field checks are then skipped.
 */
export function resolveCatalog(ctx: DocContext): Catalog | undefined {
  const doc = ctx.doc;
  if (doc.kind === 'fields') return catalogOf(doc);
  const top = resolve(doc, doc.yaml.contents);
  const pair = isMap(top) ? top.items.find((p) => keyName(p) === 'fields') : undefined;
  if (pair) {
    const node = resolve(doc, pair.value);
    const name = scalarValue(node);
    if (typeof name !== 'string' || name === '') return undefined;
    const found = ctx.lookup('fields', name);
    const r = ctx.range(node);
    if (found) {
      ctx.reference(symbolKey('definition', 'fields', name), 'definition', name, r);
      return catalogOf(found);
    }
    const s = ctx.suggestion(name, ctx.ids('fields'), r);
    ctx.report('LS045', r, `unknown field catalog '${name}'${s.text || ' — no `kind: fields` definition has this id'}`, { fixes: s.fixes });
    return undefined;
  }
  const ids = ctx.ids('fields');
  if (ids.length === 1) {
    const found = ctx.lookup('fields', ids[0]);
    return found ? catalogOf(found) : undefined;
  }
  if (ids.length > 1 && usesFields(doc)) {
    const kindPair = isMap(top) ? top.items.find((p) => keyName(p) === 'kind') : undefined;
    ctx.report('LS049', ctx.range(kindPair?.value as any) ?? ctx.range(kindPair?.key as any) ?? doc.range,
      `the workspace has ${ids.length} field catalogs (${ids.join(', ')}); add \`fields: <id>\` to say which one this ${doc.kind ?? 'definition'} uses`);
  }
  return undefined;
}

function usesFields(doc: LeadspecDoc): boolean {
  return doc.kind === 'icp' || doc.kind === 'scoring' || doc.kind === 'sla';
}

/** Checks of a `kind: fields` document itself; also declares its fields, events and properties. */
export function checkCatalog(ctx: DocContext): void {
  const doc = ctx.doc;
  const id = doc.id;
  const top = resolve(doc, doc.yaml.contents);
  if (!isMap(top)) return;
  checkColumns(ctx, top);
  for (const section of top.items) {
    const which = keyName(section);
    if (which !== 'fields' && which !== 'events') continue;
    const m = resolve(doc, section.value);
    if (!isMap(m)) continue;
    for (const p of m.items) {
      const name = keyName(p);
      if (name === undefined) continue;
      const r = ctx.range(p.key as any);
      if (which === 'fields') {
        if (id) ctx.define(symbolKey('field', 'fields', id, name), 'field', name, r);
        if ((RESERVED_WORDS as readonly string[]).includes(name)) {
          ctx.report('LS055', r, `'${name}' is a reserved word in conditions and cannot name a field; rename it (e.g. '${name}_value')`);
        }
      } else {
        if (id) ctx.define(symbolKey('event', 'fields', id, name), 'event', name, r);
        const decl = resolve(doc, p.value);
        const props = isMap(decl) ? resolve(doc, decl.items.find((q) => keyName(q) === 'properties')?.value) : undefined;
        if (isMap(props) && id) {
          for (const q of props.items) {
            const pn = keyName(q);
            if (pn !== undefined) ctx.define(symbolKey('property', 'fields', id, `${name}/${pn}`), 'property', pn, ctx.range(q.key as any));
          }
        }
      }
    }
  }
}
