// Sample leads for hovers and code lenses: loaded (trusted workspaces only) from the settings'
// files or the project definition's `samples:`, parsed once per file change, simulated once per
// definition change. Failures are reported as a message, never thrown at a feature.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { LeadspecHost } from './host.js';
import { loadLeadsFromText } from '../core/data/leads.js';
import { compileProject, definitionsOf, resolveAsOf, simulate, type CompiledProject } from '../core/eval/simulate.js';
import type { Lead, SimulationResult } from '../core/results.js';
import type { Worker } from 'node:worker_threads';
import { countCondition, type CountResult, type CountScope, type SampleSummary } from './sample-engine.js';
import { BacktestCache, type BacktestResult } from '../core/outcomes/backtest.js';
import { sampleBacktest } from './calibration.js';
import type { FromWorker, ToWorker } from './sample-worker.js';
import { definitionErrors, type Refusal } from './gate.js';

export interface SampleRun {
  leads: Lead[];
  cp: CompiledProject;
  asOf: number;
  readonly sim: SimulationResult;
  /** The sample's backtest (format §11), when the project declares outcomes; computed on first use. */
  readonly backtest: BacktestResult | undefined;
  /** Where the leads came from (for messages). */
  source: string;
}

/** What hovers and code lenses read: the latest summary, and match counts of a condition. */
export interface SampleView {
  /** The latest simulation summary (possibly of a moment-old version of the definitions). */
  summary(): SampleSummary | undefined;
  count(cond: unknown, scope?: CountScope): Promise<CountResult | undefined>;
  problem: string | undefined;
  /**
   * Why no sample number may be shown now: the definitions have errors (features/gate.ts).
   * summary() and count() then give nothing; callers say this instead.
   */
  refused(): Refusal | undefined;
  /** True when sample leads are configured (and may be read). */
  configured(): boolean;
}

export class Samples implements SampleView {
  private leadsKey = '';
  private leads: Lead[] | undefined;
  private runGen = -1;
  private run: SampleRun | undefined;
  /** Why there are no samples (shown in hovers), when there are none. */
  problem: string | undefined;

  private btCache = new BacktestCache();

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
      // The simulation is computed on first use: callers that only need the leads and the
      // compiled project (test cases naming a sample lead) do not pay for it.
      let sim: SimulationResult | undefined;
      let bt: { v: BacktestResult | undefined } | undefined;
      const btCache = this.btCache;
      this.run = { leads, cp, asOf, source: inputs.leads, get sim() { return (sim ??= simulate(cp, leads, asOf)); },
        get backtest() { return (bt ??= { v: sampleBacktest(cp, leads, asOf, btCache) }).v; } };
      this.runGen = this.host.generation;
      this.problem = undefined;
      return this.run;
    } catch (e) {
      this.problem = `sample leads could not be read: ${e instanceof Error ? e.message : String(e)}`;
      this.run = undefined;
      return undefined;
    }
  }

  /**
   * The sample leads parsed with `cp`'s catalog, without simulating them (test cases look leads
   * up by id; a full simulation per keystroke would be wasted). Shares the parse cache.
   */
  leadsFor(cp: CompiledProject): { leads?: Lead[]; problem?: string } {
    if (!this.host.trusted) return { problem: 'sample leads are not read in an untrusted workspace' };
    const inputs = this.inputs();
    if (!inputs) return { problem: 'no sample leads: set `samples:` in the project definition or the `leadspec.samples.leads` setting' };
    try { return { leads: this.loadLeads(inputs, cp) }; }
    catch (e) { return { problem: `sample leads could not be read: ${e instanceof Error ? e.message : String(e)}` }; }
  }

  /** How many sample leads a condition matches (see CountScope for score keys). */
  countMatches(cond: unknown, scope: CountScope = {}): CountResult | undefined {
    const run = this.current();
    if (!run) return undefined;
    try { return countCondition(run.cp, run.leads, run.sim, run.asOf, cond, scope); } catch { return undefined; }
  }

  // ---- off the main thread -----------------------------------------------------------------
  // With a worker attached, summaries and counts come from it: a simulation of thousands of
  // leads then never delays diagnostics. Without one (tests, benchmarks) they are computed here.
  private worker: Worker | undefined;
  private onUpdate: () => void = () => undefined;
  private latest: SampleSummary | undefined;
  private latestGen = -1;
  private requestedGen = -1;
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private changedAt = 0;
  private timerGen = -1;
  private seq = 0;
  private countId = 0;
  private waiting = new Map<number, (r: CountResult | undefined) => void>();
  /** Quiet period after the last change before the worker re-simulates. */
  delayMs = 100;

  attach(worker: Worker, onUpdate: () => void): void {
    this.worker = worker;
    this.onUpdate = onUpdate;
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => { this.problem = `the sample simulation stopped: ${e.message}`; this.worker = undefined; });
    worker.unref();
  }

  /** True when sample leads are configured (and may be read): what sample features need. */
  configured(): boolean { return this.host.trusted && this.inputs() !== undefined; }

  refused(): Refusal | undefined {
    const large = this.host.largeFiles()[0];
    if (large !== undefined) return { large };
    return definitionErrors(this.host.index().diagnostics());
  }

  summary(): SampleSummary | undefined {
    if (!this.host.trusted) { this.problem = 'sample leads are not read in an untrusted workspace'; return undefined; }
    if (this.refused()) return undefined; // the gate: nothing simulated from definitions with errors
    if (!this.worker) {
      const run = this.current();
      return run ? { summary: run.sim.summary, total: run.leads.length, asOf: run.asOf, source: run.source, get backtest() { return run.backtest; } } : undefined;
    }
    this.host.sync();
    if (this.latestGen !== this.host.generation) this.schedule();
    return this.latest;
  }

  count(cond: unknown, scope: CountScope = {}): Promise<CountResult | undefined> {
    if (!this.host.trusted || this.refused()) return Promise.resolve(undefined);
    if (!this.worker) return Promise.resolve(this.countMatches(cond, scope));
    if (!this.latest) return Promise.resolve(undefined);
    const id = ++this.countId;
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.waiting.delete(id); resolve(undefined); }, 3000);
      this.waiting.set(id, (r) => { clearTimeout(t); resolve(r); });
      this.worker!.postMessage({ type: 'count', id, cond, scope } satisfies ToWorker);
    });
  }

  /**
   * A definition changed (an edit, a file on disk): the quiet period restarts. Only changes
   * restart it — a request for the same text (a client polling code lenses while the user
   * types) must not, or the lenses never get fresh.
   */
  changed(): void {
    this.changedAt = Date.now();
    if (!this.worker || !this.latest) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.post(), this.delayMs);
  }

  private schedule(): void {
    if (this.timer) return; // a run is due already
    // The first run starts at once; later ones once the typing has been quiet for delayMs.
    const wait = this.latest ? Math.max(0, this.changedAt + this.delayMs - Date.now()) : 0;
    this.timer = setTimeout(() => this.post(), wait);
  }

  private post(): void {
    this.timer = undefined;
    if (this.inFlight || !this.worker) return;
    // A run of definitions with errors would leave their numbers as the latest until the fix.
    if (this.refused()) return;
    const inputs = this.inputs();
    if (!inputs) { this.problem = 'no sample leads: set `samples:` in the project definition or the `leadspec.samples.leads` setting'; this.latest = undefined; this.latestGen = this.host.generation; return; }
    this.requestedGen = this.host.generation;
    this.inFlight = true;
    const files = this.host.files().map((f) => ({ file: f.file, text: f.text }));
    this.worker.postMessage({ type: 'run', seq: ++this.seq, files, inputs } satisfies ToWorker);
  }

  private receive(m: FromWorker): void {
    if (m.type === 'count') { this.waiting.get(m.id)?.(m.result); this.waiting.delete(m.id); return; }
    if (m.type === 'backtest') {
      if (m.seq === this.seq && this.latest) { this.latest = { ...this.latest, backtest: m.result }; this.onUpdate(); }
      return;
    }
    this.inFlight = false;
    if (m.error !== undefined) { this.problem = `sample leads could not be read: ${m.error}`; this.latest = undefined; }
    // The backtest follows in its own message; until then the previous one stays (no flicker).
    else { this.latest = m.result && { ...m.result, backtest: this.latest?.backtest }; this.problem = undefined; }
    this.latestGen = this.requestedGen;
    this.host.sync();
    if (this.latestGen !== this.host.generation) this.schedule();
    this.onUpdate();
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

/** A share as a percentage with one decimal, everywhere (hovers, lenses, SLA attainment): 17.5%, 4.0%. */
export function percent(n: number, total: number): string {
  if (total === 0) return '0.0%';
  return `${((100 * n) / total).toFixed(1)}%`;
}
