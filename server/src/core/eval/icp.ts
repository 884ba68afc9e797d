// ICPs (SPEC §4): a lead matches when `match` holds and `exclude` does not; tiers are ordered
// (the first whose `when` holds, a tier without `when` is the catch-all); personas may overlap.
// Tiers and personas are evaluated only for matching leads.
import type { IcpDef } from '../model.js';
import { compileCondition, type CompileOptions, type EvalCtx, type IcpEvaluator, type IcpState, type Pred } from './conditions.js';

export interface CompiledIcp extends IcpEvaluator {
  id: string;
  tierIds: string[];
  personaIds: string[];
  /** The personas a matching lead fits (call while `ctx` is on that lead). */
  personas(ctx: EvalCtx): string[];
}

const NO_MATCH: IcpState = Object.freeze({ matched: false, tier: null });

export function compileIcp(def: IcpDef, opts: CompileOptions): CompiledIcp {
  const match: Pred = def.match === undefined ? () => true : compileCondition(def.match, opts);
  const exclude: Pred | undefined = def.exclude === undefined ? undefined : compileCondition(def.exclude, opts);
  const tiers = (Array.isArray(def.tiers) ? def.tiers : []).filter((t) => t && typeof t.id === 'string')
    .map((t) => ({ id: t.id, when: t.when === undefined ? undefined : compileCondition(t.when, opts) }));
  const personas = (Array.isArray(def.personas) ? def.personas : []).filter((p) => p && typeof p.id === 'string')
    .map((p) => ({ id: p.id, when: p.when === undefined ? undefined : compileCondition(p.when, opts) }));
  // One shared state per outcome: evaluating a lead allocates nothing.
  const tierStates: IcpState[] = tiers.map((t) => Object.freeze({ matched: true, tier: t.id }));
  const MATCHED_NO_TIER: IcpState = Object.freeze({ matched: true, tier: null });
  return {
    id: def.id,
    tierIds: tiers.map((t) => t.id),
    personaIds: personas.map((p) => p.id),
    evaluate(ctx: EvalCtx): IcpState {
      if (!match(ctx) || (exclude && exclude(ctx))) return NO_MATCH;
      for (let i = 0; i < tiers.length; i++) {
        const w = tiers[i].when;
        if (!w || w(ctx)) return tierStates[i];
      }
      return MATCHED_NO_TIER;
    },
    personas(ctx: EvalCtx): string[] {
      const ps: string[] = [];
      for (let i = 0; i < personas.length; i++) {
        const w = personas[i].when;
        if (!w || w(ctx)) ps.push(personas[i].id);
      }
      return ps;
    },
  };
}
