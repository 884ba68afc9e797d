// Sample leads for hovers and code lenses: loaded (trusted workspaces only) from the settings'
// files or the project definition's `samples:`, parsed once per file change, simulated once per
// definition change. Failures are reported as a message, never thrown at a feature.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { LeadspecHost } from './host.js';
import { loadLeadsFromText } from '../core/leads.js';
import { compileProject, definitionsOf, resolveAsOf, simulate, type CompiledProject } from '../core/simulate.js';
import { compileCondition, type CompileOptions, type Pred } from '../core/conditions.js';
import type { Lead, SimulationResult } from '../core/results.js';

export interface SampleRun {
  leads: Lead[];
  cp: CompiledProject;
  asOf: number;
  sim: SimulationResult;
  /** Where the leads came from (for messages). */
  source: string;
}

export class Samples {
  private leadsKey = '';
  private leads: Lead[] | undefined;
  private runGen = -1;
  private run: SampleRun | undefined;
  /** Why there are no samples (shown in hovers), when there are none. */
  problem: string | undefined;

  constructor(private host: LeadspecHost) {}

  /** The simulation of the sample leads under the current definitions, or undefined. */
  current(): SampleRun | undefined {
    if (!this.host.trusted) { this.problem = 'sample leads are not read in an untrusted workspace'; return undefined; }
    const files = this.host.files();
    if (this.runGen === this.host.generation && this.run) return this.run;
    const inputs = this.inputs();
    if (!inputs) { this.problem = 'no sample leads: set `samples:` in the project definition or the `leadspec.samples.leads` setting'; return undefined; }
    try {
      const cp = compileProject(definitionsOf(files));
      const leads = this.loadLeads(inputs, cp);
      const asOf = resolveAsOf(undefined, cp, leads).ms;
      const sim = simulate(cp, leads, asOf);
      this.run = { leads, cp, asOf, sim, source: inputs.leads };
      this.runGen = this.host.generation;
      this.problem = undefined;
      return this.run;
    } catch (e) {
      this.problem = `sample leads could not be read: ${e instanceof Error ? e.message : String(e)}`;
      this.run = undefined;
      return undefined;
    }
  }

  /** How many sample leads a condition matches (score keys read `model`'s results). */
  countMatches(cond: unknown, opts: { model?: string; fields?: string }): { matched: number; total: number } | undefined {
    const run = this.current();
    if (!run) return undefined;
    const { cp } = run;
    const catalog = cp.catalog;
    const copts: CompileOptions = { fields: catalog.fields, events: catalog.events, eventSlots: cp.eventSlots, icpSlots: cp.icpSlots, score: opts.model ? 'current' : undefined };
    let pred: Pred;
    try { pred = compileCondition(cond, copts); } catch { return undefined; }
    let matched = 0;
    run.leads.forEach((lead, i) => {
      const ctx = cp.ctx.setLead(lead, run.asOf);
      if (opts.model) { ctx.score = run.sim.leads[i]?.scores[opts.model]; ctx.scores = run.sim.leads[i]?.scores; }
      if (pred(ctx)) matched++;
    });
    return { matched, total: run.leads.length };
  }

  private inputs(): { leads: string; events?: string } | undefined {
    const root = this.host.roots[0];
    const s = this.host.settings;
    const abs = (p: string, base: string | undefined) => (isAbsolute(p) || !base ? p : resolve(base, p));
    if (s.samplesLeads) return { leads: abs(s.samplesLeads, root), events: s.samplesEvents ? abs(s.samplesEvents, root) : undefined };
    const project = this.host.index().docsByKind('project')[0];
    const samples = project?.value?.samples;
    if (!project || !samples || typeof samples.leads !== 'string') return undefined;
    const base = dirname(project.file.file);
    return { leads: abs(samples.leads, base), events: typeof samples.events === 'string' ? abs(samples.events, base) : undefined };
  }

  private loadLeads(inputs: { leads: string; events?: string }, cp: CompiledProject): Lead[] {
    const stamp = (p?: string) => { if (!p) return ''; try { const st = statSync(p); return `${st.mtimeMs}:${st.size}`; } catch { return 'missing'; } };
    const key = JSON.stringify([inputs, stamp(inputs.leads), stamp(inputs.events), cp.catalog]);
    if (key === this.leadsKey && this.leads) return this.leads;
    const leadsText = readFileSync(inputs.leads, 'utf8');
    const eventsText = inputs.events ? readFileSync(inputs.events, 'utf8') : undefined;
    const out = loadLeadsFromText(cp.catalog, { text: leadsText, file: inputs.leads }, eventsText === undefined ? undefined : { text: eventsText, file: inputs.events! });
    this.leads = out.leads;
    this.leadsKey = key;
    return out.leads;
  }
}

export function percent(n: number, total: number): string {
  if (total === 0) return '0%';
  const p = (100 * n) / total;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}
