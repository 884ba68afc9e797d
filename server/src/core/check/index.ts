// Semantic checks of one leadspec document against the rest of the workspace (LS040–LS099).
// Pure: the workspace is reached only through IndexView, which records what was looked up so
// that the caller can re-check this document when one of those things changes.
import type { LeadspecDoc } from '../syntax/parse.js';
import { DocContext, isMap, keyName, resolve, scalarValue, symbolKey, type IndexView, type N } from './context.js';
import { checkCatalog, resolveCatalog } from './catalog.js';
import { checkDefinitionId, mapGet, seqItems } from './ids.js';
import { checkIcp } from './icp.js';
import { checkScoring } from './scoring.js';
import { checkSla } from './sla.js';
import { checkTest } from './tests.js';
import { checkOutcomes } from '../outcomes/check.js';
import { indexInlineLead, indexModelExpectation } from './test-references.js';

export { SEMANTIC_CODES } from './codes.js';
export type { IndexView, SymbolKind, SymbolOccurrence } from './context.js';
export { symbolKey, defDep, kindDep } from './context.js';

/** Checks a document; never throws on partial input (a crash would hide every other diagnostic). */
export function checkDocument(doc: LeadspecDoc, index: IndexView): DocContext {
  const ctx = new DocContext(doc, index);
  try {
    if (!isMap(resolve(doc, doc.yaml.contents))) return ctx;
    checkDefinitionId(ctx);
    switch (doc.kind) {
      case 'fields': checkCatalog(ctx); break;
      case 'icp': checkIcp(ctx, resolveCatalog(ctx)); break;
      case 'scoring': checkScoring(ctx, resolveCatalog(ctx)); break;
      case 'sla': checkSla(ctx, resolveCatalog(ctx)); break;
      case 'test': indexTestReferences(ctx); checkTest(ctx); break;
      case 'project': checkOutcomes(ctx); break;
      default: break;
    }
  } catch (e) {
    // A bug in a check must not take the editor down: keep what was found, say what failed.
    ctx.report('LS099', { start: doc.range.start, end: doc.range.start },
      `internal error while checking this document (${e instanceof Error ? e.message : String(e)}); please report it`);
  }
  for (const d of ctx.summaries()) ctx.diagnostics.push(d);
  if (ctx.reliesOnBroken) withholdReferenceErrors(ctx);
  return ctx;
}

/**
 * Codes that judge this document against what another definition declares (its fields, events,
 * tiers, grades, commitments). When that definition has a YAML syntax error, what it declares is
 * only what the parser salvaged: these would be false, and the syntax error is the one cause.
 */
export const REFERENCE_CODES: ReadonlySet<string> = new Set([
  'LS042', 'LS043', 'LS044', 'LS045', 'LS047', 'LS048', 'LS049', 'LS050', 'LS051', 'LS052', 'LS053', 'LS058', 'LS068',
  'LS106', 'LS107', 'LS108', 'LS109', 'LS110', 'LS111', 'LS120', 'LS121', 'LS122', 'LS123', 'LS124', 'LS130',
]);

function withholdReferenceErrors(ctx: DocContext): void {
  const kept = ctx.diagnostics.filter((d) => !REFERENCE_CODES.has(d.more?.code ?? d.code));
  ctx.diagnostics.length = 0;
  for (const d of kept) ctx.diagnostics.push(d);
}

/**
 * A `kind: test` document names ICPs, tiers, models and commitments (SPEC §9). Its checks
 * are the test area's (check/tests.ts, LS104–LS116); here its references are indexed, so that
 * rename and find references see them.
 */
function indexTestReferences(ctx: DocContext): void {
  for (const c of seqItems(ctx, mapGet(ctx, ctx.doc.yaml.contents as N, 'cases'))) {
    indexInlineLead(ctx, mapGet(ctx, c, 'lead'));
    const expect = mapGet(ctx, c, 'expect');
    if (!isMap(expect)) continue;
    for (const p of expect.items) {
      const key = keyName(p);
      const val = resolve(ctx.doc, p.value);
      if (key === 'icp') {
        const id = scalarValue(val);
        if (typeof id === 'string' && ctx.lookup('icp', id)) ctx.reference(symbolKey('definition', 'icp', id), 'definition', id, ctx.range(val));
      } else if (key === 'tier') {
        const t = scalarValue(val);
        if (typeof t === 'string' && t.includes('/')) {
          const [icp, tier] = [t.slice(0, t.indexOf('/')), t.slice(t.indexOf('/') + 1)];
          if (ctx.lookup('icp', icp)) {
            ctx.reference(symbolKey('definition', 'icp', icp), 'definition', icp, ctx.subRange(val, 0, icp.length));
            ctx.reference(symbolKey('tier', 'icp', icp, tier), 'tier', tier, ctx.subRange(val, icp.length + 1, tier.length));
          }
        }
      } else if (key === 'sla' && isMap(val)) {
        for (const q of val.items) {
          const name = keyName(q);
          if (!name || !name.includes('/')) continue;
          const [sla, commitment] = [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)];
          if (!ctx.lookup('sla', sla)) continue;
          ctx.reference(symbolKey('definition', 'sla', sla), 'definition', sla, ctx.subRange(q.key as N, 0, sla.length));
          ctx.reference(symbolKey('commitment', 'sla', sla, commitment), 'commitment', commitment, ctx.subRange(q.key as N, sla.length + 1, commitment.length));
        }
      } else if (key !== undefined && ctx.lookup('scoring', key)) {
        ctx.reference(symbolKey('definition', 'scoring', key), 'definition', key, ctx.range(p.key as N));
        indexModelExpectation(ctx, key, ctx.lookup('scoring', key)!.value, p.value as N);
      }
    }
  }
}
