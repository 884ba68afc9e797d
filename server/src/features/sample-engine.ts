// The sample simulation itself, free of any threading: definitions (file texts) + sample inputs
// in, summary and condition match counts out. The language server runs it in a worker thread
// (sample-worker.ts) so that a simulation of thousands of leads never delays diagnostics.
import { readFileSync, statSync } from 'node:fs';
import { parseFile, type ParsedFile } from '../core/syntax/parse.js';
import { loadLeadsFromText } from '../core/data/leads.js';
import { compileProject, definitionsOf, resolveAsOf, SimulationCache, type CompiledProject } from '../core/eval/simulate.js';
import { compileCondition, type CompileOptions } from '../core/eval/conditions.js';
import type { Lead, SimulationResult, Summary } from '../core/results.js';
import { BacktestCache, type BacktestResult } from '../core/outcomes/backtest.js';
import { sampleBacktest } from './calibration.js';

export interface SampleInputs { leads: string; events?: string }
export interface SampleSummary {
  summary: Summary; total: number; asOf: number; source: string;
  /** The sample's backtest when the project declares outcomes (calibration.ts). */
  backtest?: BacktestResult;
}
export interface CountResult { matched: number; total: number }
/**
 * Where a condition's score keys (`fit`, `grade`, `mql`…) read from. `stage` set: inside `model`
 * itself, where an output is known only after its step of SPEC §5 (0 fit rules, 1 engagement
 * rules, 3 disqualify, 4 mql). `stage` unset: another definition (an SLA) reading `model`'s result.
 */
export interface CountScope { model?: string; stage?: number }

/** How many of `leads` a condition holds for, evaluated as the engine evaluates it at its place. */
export function countCondition(cp: CompiledProject, leads: Lead[], sim: SimulationResult, asOf: number, cond: unknown, scope: CountScope = {}): CountResult {
  const inModel = scope.model !== undefined && scope.stage !== undefined;
  const opts: CompileOptions = {
    fields: cp.catalog.fields, events: cp.catalog.events, eventSlots: cp.eventSlots, icpSlots: cp.icpSlots,
    score: scope.model === undefined ? undefined : inModel ? 'current' : scope.model,
  };
  const pred = compileCondition(cond, opts);
  let matched = 0;
  for (let i = 0; i < leads.length; i++) {
    const ctx = cp.ctx.setLead(leads[i], asOf);
    const scores = sim.leads[i]?.scores;
    if (inModel) { ctx.score = scores?.[scope.model!]; ctx.scoreStage = scope.stage!; } else ctx.scores = scores;
    if (pred(ctx)) matched++;
  }
  cp.ctx.scoreStage = 0;
  return { matched, total: leads.length };
}

export class SampleEngine {
  private leadsKey = '';
  private leads: Lead[] | undefined;
  private cp: CompiledProject | undefined;
  private sim: SimulationResult | undefined;
  private asOf = 0;
  private parsed = new Map<string, ParsedFile>();
  private cache = new SimulationCache();
  private btCache = new BacktestCache();

  /** Simulates the sample leads under these definitions. Throws with a readable message. */
  run(files: { file: string; text: string }[], inputs: SampleInputs): SampleSummary {
    // An edit changes one file: the others are not parsed again, and the simulation recomputes
    // only the parts (ICPs, a model, an SLA) whose definitions changed (SimulationCache).
    const parsed = files.map((f) => {
      const hit = this.parsed.get(f.file);
      if (hit && hit.text === f.text) return hit;
      const p = parseFile(f.file, f.text);
      this.parsed.set(f.file, p);
      return p;
    });
    for (const k of [...this.parsed.keys()]) if (!files.some((f) => f.file === k)) this.parsed.delete(k);
    const cp = compileProject(definitionsOf(parsed));
    const leads = this.load(inputs, cp);
    const asOf = resolveAsOf(undefined, cp, leads).ms;
    const sim = this.cache.run(cp, leads, asOf);
    this.cp = cp; this.sim = sim; this.asOf = asOf;
    return { summary: sim.summary, total: leads.length, asOf, source: inputs.leads };
  }

  /** The backtest of the last run's definitions (format §11), when the project declares outcomes. */
  backtest(): BacktestResult | undefined {
    const { cp, leads } = this;
    return cp && leads ? sampleBacktest(cp, leads, this.asOf, this.btCache) : undefined;
  }

  /** How many sample leads a condition matches (see CountScope for score keys). */
  count(cond: unknown, scope: CountScope = {}): CountResult | undefined {
    const { cp, sim, leads } = this;
    if (!cp || !sim || !leads) return undefined;
    return countCondition(cp, leads, sim, this.asOf, cond, scope);
  }

  private load(inputs: SampleInputs, cp: CompiledProject): Lead[] {
    const stamp = (p?: string) => { if (!p) return ''; try { const st = statSync(p); return `${st.mtimeMs}:${st.size}`; } catch { return 'missing'; } };
    const key = JSON.stringify([inputs, stamp(inputs.leads), stamp(inputs.events), cp.catalog]);
    if (key === this.leadsKey && this.leads) return this.leads;
    const text = readFileSync(inputs.leads, 'utf8');
    const events = inputs.events ? { text: readFileSync(inputs.events, 'utf8'), file: inputs.events } : undefined;
    this.leads = loadLeadsFromText(cp.catalog, { text, file: inputs.leads }, events).leads;
    this.leadsKey = key;
    return this.leads;
  }
}
