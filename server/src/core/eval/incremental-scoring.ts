// Re-scoring a model after an edit of some of its rules, only where the edit can matter. A lead's
// score is a function of (a) each rule's outcome for the lead — fired or not, raw sum, value after
// the rule's own clamp, events counted — and (b) the rest of the model (groups, sections, total,
// grades, disqualify, mql), which reads the lead and the outputs computed from (a). So when two
// versions of a model differ only in some rules, a lead whose edited rules give the same outcomes
// under both versions gets the same result, explanation included: the previous result stands, and
// only the other leads are evaluated again. The editor's preview (SimulationCache with `reuse`)
// re-scores 10k leads per keystroke; an edit of one rule usually changes a fraction of them.
import type { RuleOrGroup, ScoringDef, Section } from '../model.js';
import { isGroup } from '../model.js';
import { exactKey } from './exact-key.js';
import { SCORE_STAGE, type EvalCtx, type EventSlots, type IcpSlots } from './conditions.js';
import type { CompiledScoring, RuleOutcome } from './scoring.js';
import type { ScoreResult } from '../results.js';

/**
 * The event and ICP slot numbering of a compiled project: a compiled rule reads the slots it was
 * compiled with, so a previous version's rules may be probed on this project's context only
 * when the numbering is the same.
 */
export function slotLayout(cp: { eventSlots: EventSlots; icpSlots: IcpSlots }): string {
  return `${cp.eventSlots.names.join('\u0000')}\u0001${cp.icpSlots.ids.join('\u0000')}`;
}

/** Decides, lead by lead (ctx set on the lead, no model being computed), whether the previous result stands. */
export interface ModelDelta {
  /** True when every edited rule has the same outcome for the lead under both versions. */
  unchanged(ctx: EvalCtx): boolean;
}

/** The rules of a section as compileSection takes them (same filters, same order): definition order, group members in place. */
function sectionRules(s: Section | undefined): { rules: unknown[]; shape: unknown[] } | undefined {
  if (s === undefined) return { rules: [], shape: [] };
  if (!s || typeof s !== 'object') return undefined;
  const items = Array.isArray(s.rules) ? s.rules.filter((r): r is RuleOrGroup => !!r && typeof r === 'object') : [];
  const rules: unknown[] = [];
  const shape: unknown[] = [];
  for (const it of items) {
    if (isGroup(it)) {
      const members = Array.isArray(it.rules) ? it.rules.filter((x) => !!x && typeof x === 'object') : [];
      rules.push(...members);
      // A group's own settings (and its name, part of its members' keys) are structure.
      shape.push({ ...it, rules: members.length });
    } else {
      rules.push(it);
      shape.push(0);
    }
  }
  const { rules: _r, ...rest } = s as Section & Record<string, unknown>;
  return { rules, shape: [rest, shape] };
}

/** The model's rules in ruleKeys order and the exact text of everything else; undefined: a shape it does not know. */
function split(def: ScoringDef): { rules: unknown[]; structure: string } | undefined {
  const fit = sectionRules(def.fit), eng = sectionRules(def.engagement);
  if (!fit || !eng) return undefined;
  const { fit: _f, engagement: _e, ...rest } = def as ScoringDef & Record<string, unknown>;
  return { rules: [...fit.rules, ...eng.rules], structure: exactKey([rest, fit.shape, eng.shape, def.fit === undefined, def.engagement === undefined]) };
}

/** Whether a condition (or any value inside a rule) mentions a score output: such a rule's outcome depends on the model's other rules. */
function readsScores(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(readsScores);
  if (!v || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v)) if (Object.prototype.hasOwnProperty.call(SCORE_STAGE, k) || readsScores(x)) return true;
  return false;
}

const same = (a: RuleOutcome, b: RuleOutcome) => a.hit === b.hit && (!a.hit || (a.value === b.value && a.raw === b.raw && a.count === b.count));

/**
 * How to re-score `next` where `prev` (the same model's previous version, compiled over the same
 * catalog and ICPs) gave the results kept: undefined when every lead must be evaluated again
 * (anything but rules changed, rules were added, removed or renamed in a way that moves others,
 * or an edited rule reads score outputs).
 */
export function modelDelta(prev: CompiledScoring, next: CompiledScoring): ModelDelta | undefined {
  if (prev === next || prev.id !== next.id || prev.ruleKeys.length !== next.ruleKeys.length) return undefined;
  const a = split(prev.def), b = split(next.def);
  if (!a || !b || a.structure !== b.structure || a.rules.length !== b.rules.length || a.rules.length !== next.ruleKeys.length) return undefined;
  const edited: number[] = [];
  for (let i = 0; i < a.rules.length; i++) {
    if (exactKey(a.rules[i]) === exactKey(b.rules[i])) continue;
    if (readsScores(a.rules[i]) || readsScores(b.rules[i])) return undefined;
    edited.push(i);
  }
  // A renamed rule's explanation item changes wherever either version fires.
  const renamed = edited.map((i) => prev.ruleKeys[i] !== next.ruleKeys[i]);
  const was: RuleOutcome = { hit: false, raw: 0, value: 0, count: 0 };
  const now: RuleOutcome = { hit: false, raw: 0, value: 0, count: 0 };
  return {
    unchanged(ctx) {
      for (let k = 0; k < edited.length; k++) {
        prev.probeRule(edited[k], ctx, was);
        next.probeRule(edited[k], ctx, now);
        if (!same(was, now) || (renamed[k] && (was.hit || now.hit))) return false;
      }
      return true;
    },
  };
}

/**
 * Whether re-scoring moved any lead's outputs — what other parts read of a model (the keys of
 * SCORE_STAGE: an SLA's conditions and volume counts); explanations are not among them. `before`
 * takes the result about to be overwritten, `after` the new one.
 */
export class OutputsWatch {
  changed = false;
  private fit = 0; private engagement = 0; private total = 0;
  private grade: string | undefined = ''; private fitGrade: string | undefined; private engagementGrade: string | undefined;
  private mql = false; private disqualified = false;
  before(r: ScoreResult | undefined): void {
    if (r === undefined) { this.changed = true; return; }
    this.fit = r.fit; this.engagement = r.engagement; this.total = r.total; this.grade = r.grade;
    this.fitGrade = r.fit_grade; this.engagementGrade = r.engagement_grade; this.mql = r.mql; this.disqualified = r.disqualified;
  }
  after(r: ScoreResult): void {
    if (this.changed) return;
    if (!Object.is(r.fit, this.fit) || !Object.is(r.engagement, this.engagement) || !Object.is(r.total, this.total) || r.grade !== this.grade
      || r.fit_grade !== this.fitGrade || r.engagement_grade !== this.engagementGrade || r.mql !== this.mql || r.disqualified !== this.disqualified) this.changed = true;
  }
}
