// The simulation (SPEC §7): compile the whole definition set once into a CompiledProject, then
// evaluate every lead at `as_of` — ICPs, every scoring model, every SLA commitment — and
// summarise. The result is the JSON of `leadspec simulate --format json` (core/results.ts).
import type { ParsedFile } from '../syntax/parse.js';
import type { Definition, FieldsDef, IcpDef, ProjectDef, ScoringDef, SlaDef, FieldType } from '../model.js';
import {
  isoUtc, type DataWarning, type IcpMatch, type IcpSummary, type Lead, type LeadResult, type ScoreResult,
  type ScoringSummary, type SimulationResult, type SlaLeadResult, type SlaSummary, type Summary, type VolumeInfo,
} from '../results.js';
import { compileCondition, EvalCtx, EventSlots, FieldSlots, IcpSlots, SCORE_STAGE, type CompileOptions, type IcpState } from './conditions.js';
import { compileIcp, type CompiledIcp } from './icp.js';
import { compileScoring, type CompiledScoring } from './scoring.js';
import { compileSla, type ClockMemo, type CompiledSla, type SlaEnv, type SlaProblem, type SlaRow } from './sla.js';
import { catalogOf, type Catalog } from '../data/leads.js';
import { parseDatetime } from '../data/values.js';
import { RuleKeys } from './rule-keys.js';
import { exactKey } from './exact-key.js';
import { accumulateIcps, accumulateScoring, histogram, mergeIcps, mergeScoring } from './partial.js';
import { feedbackSpec } from '../outcomes/spec.js';
import { FeedbackCache } from '../outcomes/feedback.js';
import { modelDelta, OutputsWatch, slotLayout, type ModelDelta } from './incremental-scoring.js';

export { RuleKeys, histogram };

export interface CompiledProject {
  /** The catalog leads are loaded with (union of the `kind: fields` definitions). */
  catalog: Catalog;
  eventSlots: EventSlots;
  icpSlots: IcpSlots;
  icps: CompiledIcp[];
  scorings: CompiledScoring[];
  slas: CompiledSla[];
  /** Problems the SLA compiler reported (the commitment is left out), by SLA id. */
  slaProblems: { sla: string; problem: SlaProblem }[];
  project?: ProjectDef;
  /** Shared evaluation context (the engine is single-threaded; one lead at a time). */
  ctx: EvalCtx;
  /**
   * What each part's results depend on, as exact text of the definitions (see SimulationCache):
   * ICPs (the catalog and every ICP), each model (the ICPs and the model), each SLA (the ICPs,
   * every model: commitments read models' outputs, and the SLA). Index-aligned with the lists above.
   * `slaClocks`: what an SLA's clocks depend on (the catalog and the SLA, not the models): a model
   * edit re-evaluates the SLA's `applies` but reuses its clocks (sla.ts ClockOutcome).
   */
  keys: { icps: string; scorings: string[]; slas: string[]; slaClocks?: string[] };
}


const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leadspec definitions of parsed files, in file order (documents that are not mappings are skipped). */
export function definitionsOf(files: ParsedFile[]): Definition[] {
  const out: Definition[] = [];
  for (const f of files) for (const d of f.docs) if (isObj(d.value) && typeof d.value.kind === 'string' && typeof d.value.id === 'string') out.push(d.value as unknown as Definition);
  return out;
}

/**
 * Compiles definitions once. Duplicate ids of one kind: the first wins (the checker reports the
 * others). `projectId`: the project whose as_of, outcomes and feedback apply (the one a command's
 * --project names, whose samples it reads), else the first.
 */
export function compileProject(defs: Definition[], projectId?: string): CompiledProject {
  const seen = new Set<string>();
  const byKind = <T extends Definition>(k: string) => defs.filter((d): d is T => {
    if (d.kind !== k) return false;
    const key = `${k}\u0000${d.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const fieldsDefs = byKind<FieldsDef>('fields');
  const icpDefs = byKind<IcpDef>('icp');
  const scoringDefs = byKind<ScoringDef>('scoring');
  const slaDefs = byKind<SlaDef>('sla');
  const projects = byKind<ProjectDef>('project');
  const project = projects.find((p) => p.id === projectId) ?? projects[0];
  const catalog = catalogOf(fieldsDefs);
  const eventSlots = new EventSlots();
  const icpSlots = new IcpSlots();
  const fieldSlots = new FieldSlots();
  const ctx = new EvalCtx(eventSlots, icpSlots, fieldSlots);

  // A definition may select its own catalog with `fields: <id>`; else the union.
  const optsFor = (sel: unknown): CompileOptions => {
    const own = typeof sel === 'string' ? fieldsDefs.find((f) => f.id === sel) : undefined;
    const cat = own ? catalogOf([own]) : catalog;
    return { fields: cat.fields, events: cat.events, eventSlots, icpSlots, fieldSlots };
  };

  const icps = icpDefs.map((d) => { const c = compileIcp(d, optsFor(d.fields)); icpSlots.define(d.id, c); return c; });
  const scorings = scoringDefs.map((d) => compileScoring(d, optsFor(d.fields)));
  const slaProblems: CompiledProject['slaProblems'] = [];
  const slas = slaDefs.map((d) => {
    const opts = optsFor(d.fields);
    const env: SlaEnv = {
      compileCondition(cond, scoring) {
        // Score keys read the commitment's model; with a single model, that one.
        const model = scoring ?? (scorings.length === 1 ? scorings[0].id : undefined);
        const pred = compileCondition(cond, { ...opts, score: model ?? '\u0000none' });
        // A condition on score outputs alone (`{ mql: true }`, the usual `count:`) reads no lead
        // state, so the lead's events need not be bucketed for it (a volume count visits every lead).
        const scoresOnly = readsOnlyScores(cond);
        return (lead, scores, asOfMs) => {
          if (!scoresOnly && (ctx.lead !== lead || (asOfMs !== undefined && ctx.asOf !== asOfMs))) ctx.setLead(lead, asOfMs ?? ctx.asOf);
          ctx.scores = scores;
          return pred(ctx);
        };
      },
      fieldType: (f: string): FieldType | undefined => opts.fields?.[f]?.type,
    };
    const c = compileSla(d, env);
    for (const p of c.problems) slaProblems.push({ sla: d.id, problem: p });
    return c;
  });
  const icpKey = `${exactKey(fieldsDefs)}\n${exactKey(icpDefs)}`;
  const scoringsKey = exactKey(scoringDefs);
  const keys = {
    icps: icpKey,
    scorings: scoringDefs.map((d) => `${icpKey}\n${exactKey(d)}`),
    slas: slaDefs.map((d) => `${icpKey}\n${scoringsKey}\n${exactKey(d)}`),
    slaClocks: slaDefs.map((d) => `${exactKey(fieldsDefs)}\n${exactKey(d)}`),
  };
  return { catalog, eventSlots, icpSlots, icps, scorings, slas, slaProblems, project, ctx, keys };
}

const SCORE_KEYS = new Set<string>(Object.keys(SCORE_STAGE));

/** Whether a condition tests score outputs only (through all/any/not), never the lead itself. */
function readsOnlyScores(cond: unknown): boolean {
  if (Array.isArray(cond)) return cond.every(readsOnlyScores);
  if (!isObj(cond)) return false;
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'all' || k === 'any' || k === 'not') { if (!readsOnlyScores(v)) return false; }
    else if (!SCORE_KEYS.has(k)) return false;
  }
  return true;
}

export type AsOfSource = 'explicit' | 'project' | 'sample' | 'now';

/**
 * `as_of`: given explicitly, else the project's, else the latest event or datetime value in the
 * sample (so a stored sample keeps its meaning as time passes), else now.
 * Throws an Error with a readable message when an explicit or project value is not a date-time.
 */
export function resolveAsOf(explicit: string | undefined, cp: CompiledProject, leads: Lead[] | { latest: number }): { ms: number; source: AsOfSource } {
  if (explicit !== undefined) {
    const ms = parseDatetime(explicit);
    if (ms === undefined) throw new Error(`--as-of '${explicit}' is not an ISO 8601 date-time (e.g. 2026-11-20T12:00:00Z)`);
    return { ms, source: 'explicit' };
  }
  const p = cp.project?.as_of as unknown;
  if (p !== undefined && p !== null) {
    const ms = parseDatetime(p instanceof Date ? p.toISOString() : String(p));
    if (ms === undefined) throw new Error(`the project's as_of '${String(p)}' is not an ISO 8601 date-time (e.g. 2026-11-20T12:00:00Z)`);
    return { ms, source: 'project' };
  }
  const latest = Array.isArray(leads) ? sampleLatest(cp, leads) : leads.latest;
  if (latest > -Infinity) return { ms: latest, source: 'sample' };
  return { ms: Math.floor(Date.now() / 1000) * 1000, source: 'now' };
}

/** The latest event time or datetime value of the leads (-Infinity: none); the max of partitions' is all leads'. */
export function sampleLatest(cp: CompiledProject, leads: readonly Lead[]): number {
  const dtFields = Object.entries(cp.catalog.fields).filter(([, d]) => d.type === 'datetime').map(([k]) => k);
  let latest = -Infinity;
  for (const l of leads) {
    const r = l.stored;
    if (r !== undefined) { const at = r.store.at; for (let i = r.from; i < r.to; i++) if (at[i] > latest) latest = at[i]; }
    else for (const e of l.events) if (e.at > latest) latest = e.at;
    for (const f of dtFields) { const v = l.values[f]; if (typeof v === 'number' && v > latest) latest = v; }
  }
  return latest;
}

/** Evaluates one lead: matched ICPs, every model's score, every applicable SLA commitment. */
export function evaluateLead(cp: CompiledProject, lead: Lead, asOfMs: number, warn?: (w: DataWarning) => void): LeadResult {
  const ctx = cp.ctx.setLead(lead, asOfMs);
  const icps: IcpMatch[] = [];
  for (const c of cp.icps) {
    const st = ctx.icp(cp.icpSlots.slot(c.id));
    if (st.matched) icps.push({ id: c.id, tier: st.tier, personas: c.personas(ctx) });
  }
  const scores: Record<string, ScoreResult> = {};
  for (const s of cp.scorings) scores[s.id] = s.evaluate(ctx);
  let sla: Record<string, SlaLeadResult> = {};
  for (const c of cp.slas) {
    const r = c.evaluateLead(lead, scores, asOfMs, warn);
    if (cp.slas.length === 1) sla = r; else Object.assign(sla, r);
  }
  return { id: lead.id, icps, scores, sla };
}

/** Score only (no ICP list, no SLA): the hot path of the benchmark and of code lenses. */
export function scoreLead(cp: CompiledProject, lead: Lead, asOfMs: number): Record<string, ScoreResult> {
  const ctx = cp.ctx.setLead(lead, asOfMs);
  const scores: Record<string, ScoreResult> = {};
  for (const s of cp.scorings) scores[s.id] = s.evaluate(ctx);
  return scores;
}

/** Runs the simulation over `leads` at `asOfMs`. `warnings` (data warnings of loading) are carried into the result. */
export function simulate(cp: CompiledProject, leads: Lead[], asOfMs: number, warnings: DataWarning[] = []): SimulationResult {
  return new SimulationCache({ once: true }).run(cp, leads, asOfMs, warnings);
}

/** One part's results over the leads (index-aligned with them) and its summary. */
interface IcpPart {
  key: string; matches: IcpMatch[][]; summary: Record<string, IcpSummary>;
  /** Each lead's state of each ICP (lead-major, in cp.icps order): seeds the lead's ICP memo when the part is reused. */
  states: IcpState[];
}
interface ModelPart {
  results: ScoreResult[]; summary: ScoringSummary;
  /** With `reuse`: what the results were computed with, so an edit of some rules re-scores only the leads it can change (incremental-scoring.ts). */
  from?: { model: CompiledScoring; icps: string; layout: string };
  /** With `reuse`: equal versions of a model (by id) mean equal outputs of every lead (fit … mql; explanations may differ). */
  version?: number;
}
interface SlaPart { results: Record<string, SlaLeadResult>[]; summary: { sla: Record<string, SlaSummary>; volume: Record<string, VolumeInfo> }; warnings: { i: number; w: DataWarning }[] }

/**
 * The simulation, kept part by part between runs over the same leads and `as_of`: the editor
 * re-simulates on every edit, and an edit usually changes one definition. A part (the ICPs, one
 * model, one SLA) is recomputed only when its key (CompiledProject.keys: the exact text of the
 * definitions it depends on) changed; the others' per-lead results and summaries are reused.
 * The result is the same as a fresh simulation's, piece for piece: `simulate` is a run of a new
 * cache. Results of reused parts are shared between runs' results, so they must not be mutated.
 */
export interface SimulationCacheOptions {
  /**
   * Overwrite the previous run's per-lead objects instead of allocating new ones: the scores of a
   * model that is re-scored, and each lead's LeadResult and scores record. A run's per-lead
   * results are then valid only until the next run of this cache, so this is for a caller that
   * keeps nothing but its latest result (the editor's preview). Why: each edit used to make 10k
   * new results that outlived a few minor collections, were promoted, and filled the old
   * generation until a full collection — the preview's slow edits.
   */
  reuse?: boolean;
  /** One run only (simulate()): keep nothing a next run could take (the SLA clocks of every lead). */
  once?: boolean;
}

export class SimulationCache {
  private leads: Lead[] | undefined;
  private asOf = NaN;
  private icps: IcpPart | undefined;
  private models = new Map<string, ModelPart>();
  private slas = new Map<string, SlaPart>();
  /** With `reuse`: the last run's model parts by model id, and its per-lead results. */
  private modelsById = new Map<string, ModelPart>();
  private lastResults: { results: LeadResult[]; modelIds: string } | undefined;
  /** Each SLA's clock outcomes per lead, by CompiledProject.keys.slaClocks (see sla.ts ClockOutcome). */
  private clocks = new Map<string, ClockMemo>();
  /**
   * With `reuse`: the last run's SLA parts by what they read besides the models (the catalog, the
   * ICPs, the SLA), with the versions of the models' outputs they were computed from. An SLA reads
   * only the models' outputs, so a model edit that moves no lead's outputs keeps the SLA's part.
   */
  private slasByOwn = new Map<string, { part: SlaPart; versions: string }>();
  private version = 0;
  private readonly feedback = new FeedbackCache();
  private lastModelParts: readonly object[] = [];
  /**
   * The last run's per-model parts, in its models' order, as identities: the same object in two
   * runs means the same results of that model (parts are never changed once made). Callers that
   * summarise per model keep their summaries by it (FeedbackCache, BacktestCache).
   */
  get modelParts(): readonly object[] { return this.lastModelParts; }

  constructor(private readonly options: SimulationCacheOptions = {}) {}

  run(cp: CompiledProject, leads: Lead[], asOfMs: number, warnings: DataWarning[] = []): SimulationResult {
    if (leads !== this.leads || asOfMs !== this.asOf) {
      this.leads = leads; this.asOf = asOfMs; this.icps = undefined; this.models.clear(); this.slas.clear();
      this.modelsById.clear(); this.lastResults = undefined; this.clocks.clear(); this.slasByOwn.clear();
    }
    const n = leads.length;
    const reuse = this.options.reuse === true;
    const icpPart = this.icps?.key === cp.keys.icps ? this.icps : undefined;
    const models: (ModelPart | undefined)[] = cp.keys.scorings.map((k) => this.models.get(k));
    const slas: (SlaPart | undefined)[] = cp.keys.slas.map((k) => this.slas.get(k));

    // The parts to compute, lead by lead (one setLead per lead for all of them). With `reuse`, a
    // re-scored model overwrites the results of its previous version (same model id, no longer
    // cached: its key changed), array and objects.
    const newIcps: IcpMatch[][] | undefined = icpPart ? undefined : new Array(n);
    const recycled = cp.scorings.map((s, j) => {
      if (!reuse || models[j]) return undefined;
      const old = this.modelsById.get(s.id);
      return old && old.results.length === n && !models.includes(old) ? old.results : undefined;
    });
    const newModels = cp.scorings.map((_, j) => (models[j] ? undefined : recycled[j] ?? new Array<ScoreResult>(n)));
    // A recycled model whose edit touched only some rules: a lead keeps its previous result
    // where the edited rules' outcomes are the same (incremental-scoring.ts).
    const layout = reuse ? slotLayout(cp) : '';
    const deltas: (ModelDelta | undefined)[] = cp.scorings.map((s, j) => {
      const from = recycled[j] ? this.modelsById.get(s.id)?.from : undefined;
      return from && from.icps === cp.keys.icps && from.layout === layout ? modelDelta(from.model, s) : undefined;
    });
    // Each lead's LeadResult and scores record, overwritten when the models are the same ones.
    const modelIds = cp.scorings.map((s) => s.id).join('\u0000');
    const lastResults = reuse && this.lastResults && this.lastResults.results.length === n && this.lastResults.modelIds === modelIds ? this.lastResults.results : undefined;
    // A recycled model's outputs are compared lead by lead with its previous version's.
    const watches = cp.scorings.map((_, j) => (recycled[j] ? new OutputsWatch() : undefined));
    const newSlas: (Omit<SlaPart, 'summary'> | undefined)[] = cp.slas.map((_, j) => (slas[j] ? undefined : { results: new Array<Record<string, SlaLeadResult>>(n), warnings: [] as SlaPart['warnings'] }));
    const clockKeys = cp.keys.slaClocks;
    // An SLA whose key changed only through the models is evaluated after them, if at all.
    const slaOwn = reuse && clockKeys ? clockKeys.map((k) => `${cp.keys.icps}\n${k}`) : undefined;
    const deferred = cp.slas.map((_, j) => newSlas[j] !== undefined && slaOwn !== undefined && this.slasByOwn.has(slaOwn[j]));
    const anyModel = newModels.some((m) => m), anySla = newSlas.some((s, j) => s && !deferred[j]);
    const clocks = cp.slas.map((_, j): ClockMemo | undefined => {
      const k = clockKeys?.[j];
      if (k === undefined || !newSlas[j] || this.options.once) return undefined;
      let m = this.clocks.get(k);
      if (!m) this.clocks.set(k, (m = { byResponse: [], lead: 0 }));
      return m;
    });
    const scoresOf: Record<string, ScoreResult>[] = new Array(n);
    /** SLA j's result for lead i into its new part (the clock outcomes kept per lead when a memo is). */
    const evaluateSla = (j: number, i: number, lead: Lead, scores: Record<string, ScoreResult>) => {
      const part = newSlas[j]!, memo = clocks[j];
      if (memo) memo.lead = i;
      part.results[i] = cp.slas[j].evaluateLead(lead, scores, asOfMs, (w) => part.warnings.push({ i, w }), memo);
    };
    // A model or SLA that tests `icp:` / `tier:` reads the ICPs' states: with the ICPs unchanged,
    // each lead's are seeded from the last run instead of evaluated again.
    const k = cp.icps.length;
    const icpSlots = cp.icps.map((c) => cp.icpSlots.slot(c.id));
    const newStates: IcpState[] | undefined = newIcps ? new Array(n * k) : undefined;
    if (newIcps || anyModel || anySla) {
      for (let i = 0; i < n; i++) {
        const lead = leads[i];
        const ctx = cp.ctx.setLead(lead, asOfMs);
        if (newIcps) {
          const icps: IcpMatch[] = [];
          for (let c = 0; c < k; c++) {
            const st = ctx.icp(icpSlots[c]);
            newStates![i * k + c] = st;
            if (st.matched) icps.push({ id: cp.icps[c].id, tier: st.tier, personas: cp.icps[c].personas(ctx) });
          }
          newIcps[i] = icps;
        } else {
          const states = icpPart!.states;
          for (let c = 0; c < k; c++) ctx.presetIcp(icpSlots[c], states[i * k + c]);
        }
        const scores: Record<string, ScoreResult> = lastResults ? lastResults[i].scores : {};
        for (let j = 0; j < cp.scorings.length; j++) {
          const s = cp.scorings[j], fresh = newModels[j];
          const delta = deltas[j], watch = watches[j];
          if (!fresh) scores[s.id] = models[j]!.results[i];
          else if (delta !== undefined && delta.unchanged(ctx)) scores[s.id] = fresh[i];
          else {
            if (watch) watch.before(fresh[i]);
            const r = fresh[i] = s.evaluate(ctx, recycled[j] ? fresh[i] : undefined);
            if (watch) watch.after(r);
            scores[s.id] = r;
          }
        }
        scoresOf[i] = scores;
        if (anySla) {
          for (let j = 0; j < cp.slas.length; j++) if (newSlas[j] && !deferred[j]) evaluateSla(j, i, lead, scores);
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const scores: Record<string, ScoreResult> = lastResults ? lastResults[i].scores : {};
        for (let j = 0; j < cp.scorings.length; j++) scores[cp.scorings[j].id] = models[j]!.results[i];
        scoresOf[i] = scores;
      }
    }

    const icpsNow: IcpPart = icpPart ?? { key: cp.keys.icps, matches: newIcps!, summary: icpSummary(cp, newIcps!), states: newStates! };
    const modelsNow = cp.scorings.map((s, j): ModelPart => models[j] ?? {
      results: newModels[j]!, summary: scoringSummary(s, newModels[j]!, n),
      from: reuse ? { model: s, icps: cp.keys.icps, layout } : undefined,
      version: (watches[j] && !watches[j]!.changed ? this.modelsById.get(s.id)?.version : undefined) ?? ++this.version,
    });
    // The deferred SLAs: the last part when no model's outputs moved, else evaluated now.
    const versions = cp.scorings.map((s, j) => `${s.id}\u0000${modelsNow[j].version}`).join('\u0001');
    const late: number[] = [];
    deferred.forEach((d, j) => {
      if (!d) return;
      const prev = this.slasByOwn.get(slaOwn![j])!;
      if (prev.versions === versions) { slas[j] = prev.part; newSlas[j] = undefined; } else late.push(j);
    });
    for (let i = 0; late.length > 0 && i < n; i++) {
      const lead = leads[i];
      const ctx = cp.ctx.setLead(lead, asOfMs);
      for (let c = 0; c < k; c++) ctx.presetIcp(icpSlots[c], icpsNow.states[i * k + c]);
      for (const j of late) evaluateSla(j, i, lead, scoresOf[i]);
    }
    const slaResults = cp.slas.map((_, j) => slas[j]?.results ?? newSlas[j]!.results);
    const results: LeadResult[] = lastResults ?? new Array(n);
    for (let i = 0; i < n; i++) {
      let sla: Record<string, SlaLeadResult>;
      if (cp.slas.length === 1) sla = slaResults[0][i];
      else { sla = {}; for (const r of slaResults) Object.assign(sla, r[i]); }
      if (lastResults) { const r = lastResults[i]; r.icps = icpsNow.matches[i]; r.sla = sla; } // id and scores: the same
      else results[i] = { id: leads[i].id, icps: icpsNow.matches[i], scores: scoresOf[i], sla };
    }
    let rows: SlaRow[] | undefined;
    const slasNow = cp.slas.map((c, j): SlaPart => {
      if (slas[j]) return slas[j]!;
      rows ??= leads.map((lead, i) => ({ lead, scores: results[i].scores, sla: results[i].sla }));
      return { ...newSlas[j]!, summary: c.summarizeAll(rows, asOfMs) };
    });

    // Keep the parts of this run only (the cache holds one version of each definition).
    this.icps = icpsNow;
    this.models = new Map(cp.keys.scorings.map((k, j) => [k, modelsNow[j]]));
    this.slas = new Map(cp.keys.slas.map((k, j) => [k, slasNow[j]]));
    this.lastModelParts = modelsNow;
    if (slaOwn) this.slasByOwn = new Map(slaOwn.map((k, j) => [k, { part: slasNow[j], versions }]));
    // The clocks of this run's SLAs only (an edited SLA's old clocks can never be asked for again).
    if (clockKeys) {
      const keep = new Set(clockKeys);
      for (const k of [...this.clocks.keys()]) if (!keep.has(k)) this.clocks.delete(k);
    }
    if (reuse) {
      this.modelsById = new Map(cp.scorings.map((s, j) => [s.id, modelsNow[j]]));
      this.lastResults = { results, modelIds };
    }

    const scoring: Record<string, ScoringSummary> = {};
    cp.scorings.forEach((s, j) => { scoring[s.id] = modelsNow[j].summary; });
    const sla: Record<string, SlaSummary> = {};
    const volume: Record<string, VolumeInfo> = {};
    for (const p of slasNow) { Object.assign(sla, p.summary.sla); Object.assign(volume, p.summary.volume); }
    pushSlaWarnings(warnings, slasNow);
    const summary: Summary = { leads: n, scoring, icps: icpsNow.summary, sla };
    if (Object.keys(volume).length) summary.volume = volume;
    const result: SimulationResult = { as_of: isoUtc(asOfMs), leads: results, summary, warnings };
    // Sales feedback (SPEC §11) is data about the leads as they are now: read beside this run.
    const fb = feedbackSpec(cp.project);
    if (fb) summary.feedback = this.feedback.summary(cp, fb, leads, result, modelsNow, warnings);
    return result;
  }
}

/** SLA warnings in lead order, and for one lead in SLA order (as a lead-by-lead run emits them). */
function pushSlaWarnings(out: DataWarning[], parts: SlaPart[]): void {
  const lists = parts.map((p) => p.warnings).filter((l) => l.length > 0);
  if (lists.length === 1) { for (const x of lists[0]) out.push(x.w); return; }
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let k = 0; k < lists.length; k++) if (at[k] < lists[k].length && (best < 0 || lists[k][at[k]].i < lists[best][at[best]].i)) best = k;
    if (best < 0) return;
    out.push(lists[best][at[best]++].w);
  }
}

const byIndex = (i: number) => i;

function icpSummary(cp: CompiledProject, matches: IcpMatch[][]): Record<string, IcpSummary> {
  return mergeIcps(cp.icps, [accumulateIcps(cp.icps, matches, byIndex)]);
}

function scoringSummary(s: CompiledScoring, results: ScoreResult[], leads: number): ScoringSummary {
  return mergeScoring(s, [accumulateScoring(results, byIndex)], leads);
}
