// Semantic checks of the project's `outcomes` (SPEC §11; codes LS120–LS128 in ./codes.ts):
// the fields it names exist and have the types the backtest and the feedback summary read,
// the conversion event is in the catalog, a flag comes without a score date, the feedback
// lists hold values of the field and none twice, and horizon and capacity make sense.
import { DocContext, isMap, isNullish, isScalar, scalarValue, sameText, show, symbolKey, type N } from '../check/context.js';
import { mapGet, mapPair, seqItems } from '../check/ids.js';
import { resolveCatalog, type Catalog, type FieldInfo } from '../check/catalog.js';
import { parseDuration } from '../model.js';
import { parseCapacity } from './capacity.js';
import './codes.js';

const article = (t: string) => (/^[aeiou]/.test(t) ? 'an' : 'a');

export function checkOutcomes(ctx: DocContext): void {
  const top = ctx.doc.yaml.contents as N;
  const out = mapGet(ctx, top, 'outcomes');
  if (!isMap(out)) return;
  // Only a project with outcomes reads the catalog (and is re-checked when it changes).
  const catalog = resolveCatalog(ctx);

  // converted: a datetime or boolean field, or { event }.
  const convNode = mapGet(ctx, out, 'converted');
  let flag = false, timed = false;
  if (isMap(convNode)) {
    timed = true;
    const ev = mapGet(ctx, convNode, 'event');
    const name = scalarValue(ev);
    if (typeof name === 'string' && name !== '' && catalog) {
      const r = ctx.range(ev);
      if (catalog.events.has(name)) ctx.reference(symbolKey('event', 'fields', catalog.id, name), 'event', name, r);
      else {
        const s = ctx.suggestion(name, catalog.events.keys(), r);
        ctx.report('LS122', r, `unknown event '${name}'${s.text || ` — catalog '${catalog.id}' declares ${catalog.events.size ? [...catalog.events.keys()].join(', ') : 'no events'}`}`, { fixes: s.fixes });
      }
    }
  } else {
    const f = fieldRef(ctx, convNode, catalog, 'converted', ['datetime', 'boolean'], 'a datetime field (when the lead converted), a boolean flag, or `{ event: <event> }`');
    if (f?.type === 'boolean') flag = true;
    else if (f?.type === 'datetime') timed = true;
  }
  fieldRef(ctx, mapGet(ctx, out, 'created'), catalog, 'created', ['datetime'], 'a datetime field (when the lead came in)');
  fieldRef(ctx, mapGet(ctx, out, 'value'), catalog, 'value', ['number', 'integer'], 'a number field (the pipeline of a conversion)');

  const asOf = mapPair(ctx, out, 'as_of'), horizon = mapPair(ctx, out, 'horizon');
  if (flag) {
    for (const p of [asOf, horizon]) {
      if (!p) continue;
      ctx.report('LS123', p.key as N, `'${scalarValue(p.key as N)}' cannot be given with a boolean \`converted\` flag: without conversion times the backtest runs at the simulation's as_of; remove it, or name a datetime field as \`converted\``);
    }
  } else if (timed && (!asOf || !horizon)) {
    const missing = [!asOf && 'as_of', !horizon && 'horizon'].filter(Boolean).join(' and ');
    const key = out.items.find((p) => scalarValue(p.key as N) === 'converted')?.key as N;
    ctx.report('LS128', key, `conversions have times but \`outcomes\` has no ${missing}: \`leadspec backtest\` will need ${!asOf ? '--as-of' : ''}${!asOf && !horizon ? ' and ' : ''}${!horizon ? '--horizon' : ''}; add ${missing} (e.g. \`as_of: 2026-08-01T00:00:00Z\`, \`horizon: 90d\`)`);
  }
  const hz = mapGet(ctx, out, 'horizon');
  if (hz && isScalar(hz) && parseDuration(hz.value) === 0) {
    ctx.report('LS126', hz, `a horizon of '${String(hz.value)}' counts no conversion; use a positive duration such as 90d`);
  }
  const cap = mapGet(ctx, out, 'capacity');
  if (cap && isScalar(cap) && !isNullish(cap) && (typeof cap.value === 'number' || typeof cap.value === 'string') && !parseCapacity(cap.value)) {
    ctx.report('LS127', cap, `capacity ${show(cap.value)} is neither a positive whole number of leads nor a share between 0% and 100%; write e.g. 200 or 15%`);
  }

  const fb = mapGet(ctx, out, 'feedback');
  if (!isMap(fb)) return;
  const field = fieldRef(ctx, mapGet(ctx, fb, 'field'), catalog, 'feedback.field', ['string', 'enum'], 'a string or enum field (the sales status)');
  fieldRef(ctx, mapGet(ctx, fb, 'reason'), catalog, 'feedback.reason', ['string', 'enum'], 'a string or enum field (the rejection reason)');
  const seen: { text: string; list: string }[] = [];
  for (const list of ['accepted', 'rejected', 'recycled']) {
    for (const item of seqItems(ctx, mapGet(ctx, fb, list))) {
      const v = scalarValue(item);
      if (v === null || v === undefined || typeof v === 'object') continue;
      const text = String(v);
      const r = ctx.range(item);
      const dup = seen.find((x) => sameText(x.text, text));
      if (dup) ctx.report('LS125', r, `'${text}' is already listed in \`${dup.list}\`; a value belongs to one list only`);
      seen.push({ text, list });
      if (field?.type === 'enum' && field.values && !field.values.some((x) => sameText(x, text))) {
        const s = ctx.suggestion(text, field.values, r);
        ctx.report('LS124', r, `'${text}' is not a value of field '${field.name}'${s.text || ` — its values are ${field.values.join(', ')}`}`, { fixes: s.fixes });
      }
    }
  }
}

/** Checks a field name against the catalog and the allowed types; returns the field when declared. */
function fieldRef(ctx: DocContext, node: N, catalog: Catalog | undefined, key: string, types: string[], what: string): FieldInfo | undefined {
  const name = scalarValue(node);
  if (typeof name !== 'string' || name === '' || !catalog) return undefined;
  const r = ctx.range(node);
  const f = catalog.fields.get(name);
  if (!f) {
    const fitting = [...catalog.fields.values()].filter((x) => x.type && types.includes(x.type)).map((x) => x.name);
    const s = ctx.suggestion(name, fitting.length ? fitting : catalog.fields.keys(), r);
    ctx.report('LS120', r, `unknown field '${name}'${s.text || ` — catalog '${catalog.id}' does not declare it`}`, { fixes: s.fixes });
    return undefined;
  }
  ctx.reference(symbolKey('field', 'fields', catalog.id, name), 'field', name, r);
  if (f.type && !types.includes(f.type)) {
    ctx.report('LS121', r, `'${key}' must be ${what}, but '${name}' is ${article(f.type)} ${f.type}`);
  }
  return f;
}
