// The simulation (SPEC §7): compile the whole definition set once into a CompiledProject, then
// evaluate every lead at `as_of` — ICPs, every scoring model, every SLA commitment — and
// summarise. The result is the JSON of `leadspec simulate --format json` (core/results.ts).
import type { ParsedFile } from './parse.js';
import type { Definition, FieldsDef, IcpDef, ProjectDef, ScoringDef, SlaDef, FieldType } from './model.js';
import {
  isoUtc, type DataWarning, type HistogramBin, type IcpMatch, type IcpSummary, type Lead, type LeadResult, type ScoreResult,
  type ScoringSummary, type SimulationResult, type SlaLeadResult, type SlaSummary, type Summary,
} from './results.js';
import { compileCondition, EvalCtx, EventSlots, IcpSlots, type CompileOptions } from './conditions.js';
import { compileIcp, type CompiledIcp } from './icp.js';
import { compileScoring, type CompiledScoring } from './scoring.js';
import { compileSla, type CompiledSla, type SlaEnv, type SlaProblem } from './sla.js';
import { catalogOf, type Catalog } from './leads.js';
import { parseDatetime } from './values.js';

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
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leadspec definitions of parsed files, in file order (documents that are not mappings are skipped). */
export function definitionsOf(files: ParsedFile[]): Definition[] {
  const out: Definition[] = [];
  for (const f of files) for (const d of f.docs) if (isObj(d.value) && typeof d.value.kind === 'string' && typeof d.value.id === 'string') out.push(d.value as unknown as Definition);
  return out;
}

/** Compiles definitions once. Duplicate ids of one kind: the first wins (the checker reports the others). */
export function compileProject(defs: Definition[]): CompiledProject {
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
  const project = byKind<ProjectDef>('project')[0];
  const catalog = catalogOf(fieldsDefs);
  const eventSlots = new EventSlots();
  const icpSlots = new IcpSlots();
  const ctx = new EvalCtx(eventSlots, icpSlots);

  // A definition may select its own catalog with `fields: <id>`; else the union.
  const optsFor = (sel: unknown): CompileOptions => {
    const own = typeof sel === 'string' ? fieldsDefs.find((f) => f.id === sel) : undefined;
    const cat = own ? catalogOf([own]) : catalog;
    return { fields: cat.fields, events: cat.events, eventSlots, icpSlots };
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
        return (lead, scores, asOfMs) => {
          if (ctx.lead !== lead || (asOfMs !== undefined && ctx.asOf !== asOfMs)) ctx.setLead(lead, asOfMs ?? ctx.asOf);
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
  return { catalog, eventSlots, icpSlots, icps, scorings, slas, slaProblems, project, ctx };
}

export type AsOfSource = 'explicit' | 'project' | 'sample' | 'now';

/**
 * `as_of`: given explicitly, else the project's, else the latest event or datetime value in the
 * sample (so a stored sample keeps its meaning as time passes), else now.
 * Throws an Error with a readable message when an explicit or project value is not a date-time.
 */
export function resolveAsOf(explicit: string | undefined, cp: CompiledProject, leads: Lead[]): { ms: number; source: AsOfSource } {
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
  const dtFields = Object.entries(cp.catalog.fields).filter(([, d]) => d.type === 'datetime').map(([k]) => k);
  let latest = -Infinity;
  for (const l of leads) {
    for (const e of l.events) if (e.at > latest) latest = e.at;
    for (const f of dtFields) { const v = l.values[f]; if (typeof v === 'number' && v > latest) latest = v; }
  }
  if (latest > -Infinity) return { ms: latest, source: 'sample' };
  return { ms: Math.floor(Date.now() / 1000) * 1000, source: 'now' };
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

const NICE_WIDTHS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** Histogram of totals: [from, to) bins of a round width, at most 20 bins, from the lowest to the highest total. */
export function histogram(values: number[]): HistogramBin[] {
  if (values.length === 0) return [];
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  let w = NICE_WIDTHS.find((x) => x >= 5 && Math.floor(hi / x) - Math.floor(lo / x) + 1 <= 20);
  if (w === undefined) w = Math.pow(10, Math.ceil(Math.log10((hi - lo) / 20 || 1)));
  const first = Math.floor(lo / w);
  const n = Math.floor(hi / w) - first + 1;
  const bins: HistogramBin[] = [];
  for (let i = 0; i < n; i++) bins.push({ from: (first + i) * w, to: (first + i + 1) * w, count: 0 });
  for (const v of values) bins[Math.floor(v / w) - first].count++;
  return bins;
}

const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

/** Runs the simulation over `leads` at `asOfMs`. `warnings` (data warnings of loading) are carried into the result. */
export function simulate(cp: CompiledProject, leads: Lead[], asOfMs: number, warnings: DataWarning[] = []): SimulationResult {
  const warn = (w: DataWarning) => warnings.push(w);
  const results: LeadResult[] = new Array(leads.length);
  const scoring: Record<string, ScoringSummary> = {};
  const totals: Record<string, number[]> = {};
  for (const s of cp.scorings) {
    scoring[s.id] = { grades: Object.fromEntries(s.gradeOrder.map((g) => [g, 0])), mql: 0, mql_rate: 0, histogram: [], rules: Object.fromEntries(s.ruleKeys.map((k) => [k, 0])) };
    totals[s.id] = [];
  }
  const icps: Record<string, IcpSummary> = {};
  for (const c of cp.icps) icps[c.id] = { matched: 0, tiers: Object.fromEntries(c.tierIds.map((t) => [t, 0])), personas: Object.fromEntries(c.personaIds.map((p) => [p, 0])) };

  for (let i = 0; i < leads.length; i++) {
    const r = evaluateLead(cp, leads[i], asOfMs, warn);
    results[i] = r;
    for (const m of r.icps) {
      const s = icps[m.id];
      s.matched++;
      if (m.tier !== null) s.tiers[m.tier] = (s.tiers[m.tier] ?? 0) + 1;
      for (const p of m.personas) s.personas![p] = (s.personas![p] ?? 0) + 1;
    }
    for (const id in r.scores) {
      const sc = r.scores[id], sum = scoring[id];
      sum.grades[sc.grade] = (sum.grades[sc.grade] ?? 0) + 1;
      if (sc.mql) sum.mql++;
      totals[id].push(sc.total);
      const rules = sum.rules;
      for (const it of sc.explanation) {
        if (!('rule' in it) || 'clamp' in it || it.rule === undefined) continue;
        const key = it.group !== undefined ? `${it.group}/${it.rule}` : it.rule;
        rules[key] = (rules[key] ?? 0) + 1;
      }
    }
  }
  for (const s of cp.scorings) {
    const sum = scoring[s.id];
    sum.mql_rate = rate(sum.mql, leads.length);
    sum.histogram = histogram(totals[s.id]);
  }
  const sla: Record<string, SlaSummary> = {};
  if (cp.slas.length) {
    const rows = leads.map((lead, i) => ({ lead, scores: results[i].scores, sla: results[i].sla }));
    for (const c of cp.slas) Object.assign(sla, c.summarize(rows, asOfMs));
  }
  const summary: Summary = { leads: leads.length, scoring, icps, sla };
  return { as_of: isoUtc(asOfMs), leads: results, summary, warnings };
}
