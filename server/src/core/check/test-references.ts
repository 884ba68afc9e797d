// The names a `kind: test` case uses besides its expectation keys (SPEC §9), indexed so that
// find references and rename reach them: the catalog's fields, events and event properties in
// an inline `lead:`, and the grades and matrix bands a model expectation names.
import { catalogOf, type Catalog } from './catalog.js';
import { DocContext, isMap, isSeq, keyName, resolve, scalarValue, symbolKey, type N } from './context.js';
import { mapGet, seqItems } from './ids.js';

/** The catalog test cases are written against: the workspace's only one (none when ambiguous). */
function testCatalog(ctx: DocContext): Catalog | undefined {
  const ids = ctx.ids('fields');
  if (ids.length !== 1) return undefined;
  const doc = ctx.lookup('fields', ids[0]);
  return doc ? catalogOf(doc) : undefined;
}

/** `lead: { employees: 500, events: [ { event: page_view, url: … } ] }` */
export function indexInlineLead(ctx: DocContext, lead: N): void {
  const m = resolve(ctx.doc, lead);
  if (!isMap(m)) return;
  const cat = testCatalog(ctx);
  if (!cat) return;
  for (const p of m.items) {
    const key = keyName(p);
    if (key === undefined || key === 'id') continue;
    if (key === 'events') { for (const ev of seqItems(ctx, p.value as N)) indexInlineEvent(ctx, cat, ev); continue; }
    if (cat.fields.has(key)) ctx.reference(symbolKey('field', 'fields', cat.id, key), 'field', key, ctx.range(p.key as N));
  }
}

function indexInlineEvent(ctx: DocContext, cat: Catalog, ev: N): void {
  if (!isMap(ev)) return;
  const nameNode = mapGet(ctx, ev, 'event');
  const name = scalarValue(nameNode);
  if (typeof name !== 'string' || !cat.events.has(name)) return;
  ctx.reference(symbolKey('event', 'fields', cat.id, name), 'event', name, ctx.range(nameNode));
  const props = cat.events.get(name)!.properties;
  for (const p of ev.items) {
    const key = keyName(p);
    if (key !== undefined && props.has(key)) ctx.reference(symbolKey('property', 'fields', cat.id, `${name}/${key}`), 'property', key, ctx.range(p.key as N));
  }
}

/** `inbound: { grade: A, fit_grade: A, engagement_grade: "2" }` (also lists and `in:`/`eq:`/`ne:`). */
export function indexModelExpectation(ctx: DocContext, modelId: string, model: any, expectation: N): void {
  const m = resolve(ctx.doc, expectation);
  if (!isMap(m)) return;
  const ids = (list: unknown) => (Array.isArray(list) ? list.map((b: any) => b?.id).filter((x: unknown) => x !== undefined && x !== null).map(String) : []);
  const grades = ids(model?.grades), fit = ids(model?.matrix?.fit), eng = ids(model?.matrix?.engagement);
  const isMatrix = !Array.isArray(model?.grades) && fit.length > 0;
  for (const p of m.items) {
    const key = keyName(p);
    if (key !== 'grade' && key !== 'fit_grade' && key !== 'engagement_grade') continue;
    for (const node of valueNodes(ctx, p.value as N)) {
      const v = scalarValue(node);
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const value = String(v);
      if (key === 'fit_grade' || key === 'engagement_grade') {
        const axis = key === 'fit_grade' ? 'fit' : 'engagement';
        if ((axis === 'fit' ? fit : eng).includes(value)) ctx.reference(symbolKey('band', 'scoring', modelId, `${axis}/${value}`), 'band', value, ctx.range(node));
      } else if (!isMatrix) {
        if (grades.includes(value)) ctx.reference(symbolKey('grade', 'scoring', modelId, value), 'grade', value, ctx.range(node));
      } else {
        const f = fit.find((x) => value.startsWith(x) && eng.includes(value.slice(x.length)));
        if (f === undefined) continue;
        const e = value.slice(f.length);
        ctx.reference(symbolKey('band', 'scoring', modelId, `fit/${f}`), 'band', f, ctx.subRange(node, 0, f.length));
        ctx.reference(symbolKey('band', 'scoring', modelId, `engagement/${e}`), 'band', e, ctx.subRange(node, f.length, e.length));
      }
    }
  }
}

/** The scalar nodes an expectation value names: `A`, `[A, B]`, `{ in: [A, B] }`, `{ eq: A }`. */
function valueNodes(ctx: DocContext, v: N): N[] {
  const n = resolve(ctx.doc, v);
  if (isSeq(n)) return n.items.map((x) => resolve(ctx.doc, x as N));
  if (isMap(n)) return n.items.flatMap((p) => (['in', 'not_in', 'eq', 'ne'].includes(keyName(p) ?? '') ? valueNodes(ctx, p.value as N) : []));
  return [n];
}
