// Ids (SPEC §1): unique per kind across the workspace (LS040, reported at each copy, each
// pointing at the others), and rule/group/tier/persona/grade/band/commitment ids unique inside
// their definition (LS041, reported at every repeat, pointing at the first).
import type { Pair } from 'yaml';
import type { RelatedInfo } from '../types.js';
import { rangeOfOffsets, nodeAtPath } from '../syntax/parse.js';
import { DocContext, isMap, isSeq, keyName, resolve, scalarValue, symbolKey, type N, type SymbolKind } from './context.js';

/** The definition's own id: declares it, and reports duplicates elsewhere in the workspace. */
export function checkDefinitionId(ctx: DocContext): void {
  const { doc } = ctx;
  if (!doc.kind || !doc.id) return;
  const idNode = nodeAtPath(doc, ['id'])?.value;
  const r = ctx.range(idNode);
  ctx.define(symbolKey('definition', doc.kind, doc.id), 'definition', doc.id, r);
  const all = ctx.lookupAll(doc.kind, doc.id);
  if (all.length < 2) return;
  const related: RelatedInfo[] = [];
  for (const other of all) {
    if (other === doc) continue;
    const n = nodeAtPath(other, ['id'])?.value as N;
    const or = n?.range ? rangeOfOffsets(other.file, n.range[0], n.range[1]) : other.range;
    related.push({ file: other.file.file, range: or, message: `also defined here` });
  }
  const where = related.map((x) => `${x.file}:${x.range.start.line + 1}`).join(', ');
  ctx.report('LS040', r, `${doc.kind} id '${doc.id}' is defined ${all.length} times (also at ${where}); ids must be unique per kind — rename one`, { related });
}

/**
 * Tracks the ids of one namespace inside a definition: declares each, reports repeats.
 * `label` names the items in messages ('rule', 'tier', …).
 */
export class LocalIds {
  private readonly seen = new Map<string, N>();
  constructor(private readonly ctx: DocContext, private readonly kind: SymbolKind, private readonly label: string,
    private readonly prefix = '') {}

  /** Registers the id held by `node` (a scalar); returns it when it is a usable string. */
  add(node: N): string | undefined {
    const id = scalarValue(node);
    if (typeof id !== 'string' && typeof id !== 'number') return undefined;
    const name = String(id);
    const { ctx } = this;
    const r = ctx.range(node);
    const doc = ctx.doc;
    if (doc.kind && doc.id) ctx.define(symbolKey(this.kind, doc.kind, doc.id, this.prefix + name), this.kind, name, r);
    const first = this.seen.get(name);
    if (first === undefined) { this.seen.set(name, node); return name; }
    const fr = ctx.range(first);
    ctx.report('LS041', r, `${this.label} id '${name}' is already used in this ${doc.kind ?? 'definition'} (line ${fr ? fr.start.line + 1 : '?'}); give each ${this.label} its own id`,
      { related: fr ? [{ file: ctx.file, range: fr, message: `first '${name}'` }] : undefined });
    return name;
  }
}

/** The `id` (or other key) node of a sequence item, if the item is a mapping. */
export function itemKey(ctx: DocContext, item: N, key = 'id'): N {
  return mapGet(ctx, item, key);
}

/** The items of a sequence found at `node` (empty when it is not a sequence). */
export function seqItems(ctx: DocContext, node: N): N[] {
  const n = resolve(ctx.doc, node);
  return isSeq(n) ? n.items.map((x) => resolve(ctx.doc, x)) : [];
}

/** The value of `key` in a mapping node (undefined when absent or not a mapping). */
export function mapGet(ctx: DocContext, node: N, key: string): N {
  const p = mapPair(ctx, node, key);
  return p ? resolve(ctx.doc, p.value) : undefined;
}

/** The pair of `key` in a mapping node (the first, as yaml's own lookup; a loop: every check asks). */
export function mapPair(ctx: DocContext, node: N, key: string): Pair<unknown, unknown> | undefined {
  const n = resolve(ctx.doc, node);
  if (!isMap(n)) return undefined;
  const items = n.items;
  for (let i = 0; i < items.length; i++) if (keyName(items[i]) === key) return items[i];
  return undefined;
}

export function hasKey(ctx: DocContext, node: N, key: string): boolean {
  return mapPair(ctx, node, key) !== undefined;
}
