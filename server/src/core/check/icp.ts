// ICPs (SPEC §4): conditions, tier and persona ids, and tier order — tiers are tried in order
// and the first whose `when` holds wins, so a catch-all must be last and a tier whose `when`
// repeats an earlier one's is never reached.
import { DocContext, isNullish, isMap, type N } from './context.js';
import { checkCondition, type CondEnv } from './conditions.js';
import { LocalIds, itemKey, mapGet, mapPair, seqItems } from './ids.js';
import type { Catalog } from './catalog.js';

export function checkIcp(ctx: DocContext, catalog: Catalog | undefined): void {
  const top = ctx.doc.yaml.contents as N;
  const env: CondEnv = { catalog, where: 'an ICP' };
  for (const key of ['match', 'exclude']) {
    const n = mapGet(ctx, top, key);
    if (n !== undefined) checkCondition(ctx, n, env);
  }
  const tierIds = new LocalIds(ctx, 'tier', 'tier');
  const tiers = seqItems(ctx, mapGet(ctx, top, 'tiers'));
  let catchAll: { node: N; id: string } | undefined;
  const seen = new Map<string, { node: N; id: string }>(); // canonical `when` → first tier with it
  tiers.forEach((tier, i) => {
    if (!isMap(tier)) return;
    const idNode = itemKey(ctx, tier);
    const id = tierIds.add(idNode) ?? `#${i + 1}`;
    const at = idNode ?? tier;
    const whenPair = mapPair(ctx, tier, 'when');
    const when = whenPair ? mapGet(ctx, tier, 'when') : undefined;
    if (whenPair) checkCondition(ctx, when, env);
    if (catchAll) {
      const cr = ctx.range(catchAll.node);
      ctx.report('LS061', at, `tier '${id}' is never reached: the earlier tier '${catchAll.id}' has no \`when\` and catches every lead`,
        { related: cr ? [{ file: ctx.file, range: cr, message: `catch-all tier '${catchAll.id}'` }] : undefined });
      return;
    }
    const isCatchAll = !whenPair || isNullish(when) || (isMap(when) && when.items.length === 0);
    if (isCatchAll) {
      if (i < tiers.length - 1) ctx.report('LS060', at, `tier '${id}' has no \`when\`, so it catches every lead and must be the last tier — move it to the end or give it a \`when\``);
      catchAll = { node: at, id };
      return;
    }
    const canon = canonical(ctx.doc.value?.tiers?.[i]?.when);
    const same = seen.get(canon);
    if (same) {
      const sr = ctx.range(same.node);
      ctx.report('LS061', at, `tier '${id}' is never reached: the earlier tier '${same.id}' has the same \`when\``,
        { related: sr ? [{ file: ctx.file, range: sr, message: `tier '${same.id}'` }] : undefined });
    } else seen.set(canon, { node: at, id });
  });
  const personaIds = new LocalIds(ctx, 'persona', 'persona');
  for (const p of seqItems(ctx, mapGet(ctx, top, 'personas'))) {
    if (!isMap(p)) continue;
    personaIds.add(itemKey(ctx, p));
    const when = mapPair(ctx, p, 'when');
    if (when) checkCondition(ctx, mapGet(ctx, p, 'when'), env);
  }
}

/** A condition's value in a canonical text: key order does not matter, strings compare as §3 does. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v.trim().toLowerCase());
  return JSON.stringify(v ?? null);
}
