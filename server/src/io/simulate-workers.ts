// `leadspec simulate --workers N` (and `backtest --workers N`): the in-process engine on N worker threads (io/simulate-worker.ts),
// each owning the leads whose id hashes to it. The gate has run before this is called (the
// definitions passed are the texts it checked; workers never read definition files). This module
// merges what the workers send into the result the single-threaded engine gives, byte for byte:
// warnings in the loader's order (records in file order, once-per-column warnings at their first
// row, invalid UTF-8 among them by line, then SLA and feedback warnings in lead order), the
// summary from partial aggregates (core/eval/partial.ts), leads in file order.
import { Worker } from 'node:worker_threads';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, totalmem } from 'node:os';
import { isoUtc, type DataWarning, type SimulationResult, type Summary, type VolumeInfo, type SlaSummary } from '../core/results.js';
import { mergeIcps, mergeScoring } from '../core/eval/partial.js';
import { mergeFeedback } from '../core/outcomes/feedback.js';
import { feedbackSpec } from '../core/outcomes/spec.js';
import { detectFormat, type DataFormat } from '../core/data/leads.js';
import { simulateCsvColumns, simulateCsvHeader } from '../core/report/simulate-csv.js';
import { renderSimulateText } from '../core/report/simulate-text.js';
import { renderSimulateMd } from '../core/report/simulate-md.js';
import type { SimulateMeta } from '../core/report/simulate-common.js';
import { checkReadable, head, withUtf8 } from './samples.js';
import { displayPath, simulationAsOf, type PreparedSimulation } from './simulation-inputs.js';
import { requireNoDataWarnings } from './gate.js';
import { InputError } from './files.js';
import { reportThreadCpu } from './thread-cpu.js';
import { progressBytes, progressDone, progressRows, progressStart } from './progress.js';
import { UsageError } from './errors.js';
import type { Backtested, Evaluated, Loaded, Request, WorkerInit } from './simulate-worker.js';
import { mergeBacktest, type BacktestResult } from '../core/outcomes/backtest.js';
import type { OutcomesSpec } from '../core/outcomes/spec.js';

/** Below this much sample data (both files), starting threads costs more than it saves: one thread. */
export const WORKERS_FROM_BYTES = 16 * 1024 * 1024;

/** The worker script beside the running bundle (dist/simulate-worker.js); undefined when running from source. */
function workerScript(): string | undefined {
  const p = join(__dirname, 'simulate-worker.js');
  return existsSync(p) ? p : undefined;
}

/** The value of `--workers` (undefined when not given); a UsageError unless a whole number from 1 to 256. */
export function parseWorkers(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const n = Number(flag);
  if (!/^\s*\d+\s*$/.test(flag) || !Number.isSafeInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers must be a whole number from 1 to 256 (got '${flag}')`);
  return n;
}

/**
 * How many threads a simulation runs on: `--workers N` as given (1: the single-threaded engine),
 * else every core for sample data of WORKERS_FROM_BYTES or more, else one. JSON arrays (parsed
 * whole) and a missing worker script (running from source) mean one thread.
 */
export function workerCount(flag: string | undefined, prep: PreparedSimulation): number {
  let n = parseWorkers(flag);
  if (n === undefined) {
    let bytes = 0;
    for (const f of [prep.leadsPath, prep.eventsPath]) { try { if (f) bytes += statSync(f).size; } catch { /* the loader reports it */ } }
    n = bytes >= WORKERS_FROM_BYTES ? availableParallelism() : 1;
  }
  if (n === 1) return 1;
  if (!workerScript()) {
    if (flag !== undefined) throw new UsageError('--workers needs the built CLI (dist/cli.js with dist/simulate-worker.js; run npm run build)');
    return 1;
  }
  for (const f of [prep.leadsPath, prep.eventsPath]) {
    if (!f) continue;
    try { if (detectFormat(f, head(f)) === 'json') return 1; } catch { return 1; /* the single-threaded loader reports it */ }
  }
  return n;
}

type Reply = Loaded | Evaluated | Backtested | { type: 'rendered'; pieces: string[] } | { type: 'error'; input?: boolean; message: string };

/** One worker and the replies it has not yet been asked for. */
class Thread {
  private readonly worker: Worker;
  private queue: Reply[] = [];
  private waiting: ((r: Reply) => void) | undefined;
  private failed: Error | undefined;
  constructor(script: string, init: WorkerInit) {
    // A larger young generation: loading allocates millions of short-lived records (fewer scavenges).
    // A heap limit from the machine's memory instead of V8's default (~4 GB): a heap that nears its
    // limit is collected over and over (measured: GC threads took a third of the CPU at 1M × 10M).
    const old = Math.max(4096, Math.min(32768, Math.floor((totalmem() * 0.7) / 2 ** 20 / init.count)));
    this.worker = new Worker(script, { workerData: { leadspecSimulate: init }, resourceLimits: { maxYoungGenerationSizeMb: 96, maxOldGenerationSizeMb: old } });
    this.worker.on('message', (r: Reply | { type: 'progress'; bytes: number; rows: number }) => {
      if (r.type === 'progress') { progressBytes(r.bytes); progressRows(r.rows); } else this.deliver(r);
    });
    this.worker.on('error', (e) => { this.failed = e; this.deliver({ type: 'error', message: e.stack ?? e.message }); });
    this.worker.on('exit', (code) => { if (code !== 0) this.deliver({ type: 'error', message: `a worker thread stopped (exit ${code})` }); });
  }
  private deliver(r: Reply): void {
    if (this.waiting) { const w = this.waiting; this.waiting = undefined; w(r); } else this.queue.push(r);
  }
  next(): Promise<Reply> {
    const r = this.queue.shift();
    if (r) return Promise.resolve(r);
    return new Promise((res) => { this.waiting = res; });
  }
  send(req: Request): void { this.worker.postMessage(req); }
  stop(): Promise<number> { return this.worker.terminate(); }
  get error(): Error | undefined { return this.failed; }
}

/**
 * Waits for every thread's next reply; an error reply (the first by worker order) is thrown as the
 * loader would. `last`: no request follows this reply, so each thread is stopped as soon as its
 * reply is in — a worker's heap (hundreds of MB at a million leads) is torn down while the others
 * still work and the main thread merges, instead of after the report is written.
 */
async function replies<T extends Reply['type']>(threads: Thread[], type: T, last = false): Promise<Extract<Reply, { type: T }>[]> {
  const rs = await Promise.all(threads.map((t) => t.next().then((r) => { if (last && r.type === type) void t.stop(); return r; })));
  for (const r of rs) {
    if (r.type === 'error') {
      if (r.input) throw new InputError(r.message);
      throw new Error(`simulate worker: ${r.message}`);
    }
  }
  for (const r of rs) if (r.type !== type) throw new Error(`simulate worker: expected ${type}, got ${r.type}`);
  return rs as Extract<Reply, { type: T }>[];
}

/** Items of per-worker lists, each sorted by key, merged in key order (stable: earlier worker first on a tie). */
function mergeByKey<T>(lists: T[][], key: (x: T) => number, visit: (x: T, list: number, index: number) => void): void {
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1, bestKey = Infinity;
    for (let k = 0; k < lists.length; k++) {
      if (at[k] >= lists[k].length) continue;
      const v = key(lists[k][at[k]]);
      if (best < 0 || v < bestKey) { best = k; bestKey = v; }
    }
    if (best < 0) return;
    visit(lists[best][at[best]], best, at[best]);
    at[best]++;
  }
}

/** One file's warnings from every worker: records in line order, once-per-column warnings at their first row only. */
function fileWarnings(loaded: Loaded[], part: 'leads' | 'events'): DataWarning[] {
  const lists = loaded.map((l) => {
    const from = part === 'leads' ? 0 : l.split, to = part === 'leads' ? l.split : l.warnings.length;
    const once = new Map(l.once);
    const out: { line: number; w: DataWarning; once?: string }[] = [];
    for (let k = from; k < to; k++) out.push({ line: l.lines[k], w: l.warnings[k], once: once.get(k) });
    return out;
  });
  const seen = new Set<string>();
  const out: DataWarning[] = [];
  mergeByKey(lists, (x) => x.line, (x) => {
    if (x.once !== undefined) { if (seen.has(x.once)) return; seen.add(x.once); }
    out.push(x.w);
  });
  return out;
}

export interface WorkersRun {
  /** The result without `leads` (the text and Markdown reports need only the summary and totals). */
  result: SimulationResult;
  meta: SimulateMeta;
  /** The rendered report, in pieces to write one after another (a large JSON exceeds one string). */
  pieces: string[];
}

/** Worker threads with their share of the samples loaded, and what the loader found, merged as one thread gives it. */
interface LoadedThreads {
  threads: Thread[];
  /** The loader's warnings, in the single-threaded loader's order. */
  warnings: DataWarning[];
  leads: number;
  events: number;
  /** The sample's latest time (resolveAsOf's default). */
  latest: number;
  leadsLabel: string;
}

/**
 * Starts `count` worker threads on the samples of `prep`, waits until each has loaded its leads,
 * runs `then` on them and stops them. Throws InputError for unreadable samples as
 * loadSimulationInputs does, and RefusedError for data warnings with --strict.
 */
async function onLoadedWorkers<T>(prep: PreparedSimulation, count: number, strict: boolean | undefined, command: string, then: (l: LoadedThreads) => Promise<T>,
  evaluate?: WorkerInit['evaluate']): Promise<T> {
  const script = workerScript()!;
  checkReadable(prep.leadsPath, 'leads');
  // An unreadable events file must fail after the leads file's own errors, as in the
  // single-threaded loader: the workers check it in that order (its format is a guess until then).
  const formatOf = (path: string): DataFormat => { try { return detectFormat(path, head(path)); } catch { return 'csv'; } };
  const defs = prep.files.map((f) => ({ file: f.file, text: f.text }));
  const leadsFile = { path: prep.leadsPath, label: displayPath(prep.leadsPath), format: formatOf(prep.leadsPath) };
  const eventsFile = prep.eventsPath ? { path: prep.eventsPath, label: displayPath(prep.eventsPath), format: formatOf(prep.eventsPath) } : undefined;
  const threads = Array.from({ length: count }, (_, index) => new Thread(script, { index, count, defs, leads: leadsFile, events: eventsFile, evaluate }));
  progressStart([prep.leadsPath, prep.eventsPath]);
  try {
    let loaded: Loaded[];
    try { loaded = await replies(threads, 'loaded'); } finally { progressDone(); }
    const utf8 = loaded[0].utf8!;
    const leadsLabel = displayPath(prep.leadsPath);
    const warnings = withUtf8(fileWarnings(loaded, 'leads'), prep.leadsPath, leadsLabel, utf8.leads);
    if (prep.eventsPath) for (const w of withUtf8(fileWarnings(loaded, 'events'), prep.eventsPath, displayPath(prep.eventsPath), utf8.events)) warnings.push(w);
    requireNoDataWarnings(warnings, strict, command);
    let latest = -Infinity, leads = 0, events = 0;
    for (const l of loaded) { if (l.latest > latest) latest = l.latest; leads += l.leads; events += l.events; }
    return await then({ threads, warnings, leads, events, latest, leadsLabel });
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
    reportThreadCpu('main', 'done');
  }
}

/**
 * Runs the simulation of `prep` on `count` worker threads and renders it in `format`, as
 * renderSimulation would render the single-threaded result. Throws InputError for unreadable
 * samples and RefusedError (--strict) as loadSimulationInputs and the command do.
 */
export async function simulateOnWorkers(prep: PreparedSimulation, count: number, v: { 'as-of'?: string; strict?: boolean }, format: 'text' | 'json' | 'csv' | 'md',
  /** Called once the samples are loaded and as_of resolved (where the single-threaded command reports SLA problems). */
  onLoaded?: () => void): Promise<WorkersRun> {
  const keep = format === 'json' || format === 'csv';
  const early = asOfWithoutSamples(v, prep);
  return onLoadedWorkers(prep, count, v.strict, 'simulate', async ({ threads, warnings, leads, events, latest, leadsLabel }) => {
    // Resolved (and its errors thrown) here, after the samples' errors, as the single thread does.
    const asOf = simulationAsOf(v, prep, { latest });
    onLoaded?.();

    // An as_of known before loading: the workers are evaluating at it already.
    if (early === undefined) for (const t of threads) t.send({ type: 'evaluate', asOf: asOf.ms, keep });
    else if (early.ms !== asOf.ms) throw new Error(`simulate workers: as_of ${early.ms} before loading, ${asOf.ms} after`);
    const parts = await replies(threads, 'evaluated', !keep);
    const cp = prep.compiled;
    const scoring: Summary['scoring'] = {};
    cp.scorings.forEach((s, j) => { scoring[s.id] = mergeScoring(s, parts.map((p) => p.scoring[j]), leads); });
    const sla: Record<string, SlaSummary> = {};
    const volume: Record<string, VolumeInfo> = {};
    cp.slas.forEach((c, j) => { const r = c.summarizeFrom(parts.map((p) => p.sla[j]), asOf.ms); Object.assign(sla, r.sla); Object.assign(volume, r.volume); });
    mergeByKey(parts.map((p) => p.slaWarnings), (x) => x.at, (x) => { warnings.push(x.w); });
    const summary: Summary = { leads, scoring, icps: mergeIcps(cp.icps, parts.map((p) => p.icps)), sla };
    if (Object.keys(volume).length) summary.volume = volume;
    const result: SimulationResult = { as_of: isoUtc(asOf.ms), leads: [], summary, warnings };
    if (feedbackSpec(cp.project)) {
      summary.feedback = mergeFeedback(cp, parts.map((p) => p.feedback!));
      mergeByKey(parts.map((p) => p.feedback!.warnings), (x) => x.at, (x) => { warnings.push(x.w); });
    }
    requireNoDataWarnings(warnings, v.strict, 'simulate');

    const totals: Record<string, Float64Array> = {};
    // Every worker's totals, each sorted, merged into one sorted Float64Array (totalsStats then need not sort it).
    cp.scorings.forEach((s, j) => { totals[s.id] = mergeSortedTotals(parts.map((p) => p.scoring[j].totals)); });
    const meta: SimulateMeta = { asOfSource: asOf.source, leadsFile: leadsLabel, eventsFile: prep.eventsPath ? displayPath(prep.eventsPath) : undefined, events, totals };
    if (format === 'text') return { result, meta, pieces: [renderSimulateText(result, meta)] };
    if (format === 'md') return { result, meta, pieces: [renderSimulateMd(result, meta)] };

    const columns = format === 'csv' ? simulateCsvColumns(summary, (m) => parts.some((p) => p.fitGrade[cp.scorings.findIndex((s) => s.id === m)])) : undefined;
    for (const t of threads) t.send({ type: 'render', format, columns });
    const rendered = (await replies(threads, 'rendered', true)).map((r) => r.pieces);
    // Leads in file order: the workers' leads merged by their line.
    const ordered: string[] = [];
    mergeByKey(parts.map((p) => p.rows), (row) => row, (_row, k, i) => { ordered.push(rendered[k][i]); });
    if (format === 'csv') return { result, meta, pieces: [simulateCsvHeader(columns!) + '\n', ...joinLines(ordered, '\n'), ordered.length ? '\n' : ''] };
    // As JSON.stringify(result, null, 2) writes it, with the leads' text from the workers.
    const indent = (x: unknown) => JSON.stringify(x, null, 2).replace(/\n/g, '\n  ');
    const pieces = [`{\n  "as_of": ${JSON.stringify(result.as_of)},\n  "leads": ${ordered.length ? '[\n' : '[]'}`];
    for (const p of joinLines(ordered, ',\n')) pieces.push(p);
    pieces.push(`${ordered.length ? '\n  ]' : ''},\n  "summary": ${indent(summary)},\n  "warnings": ${indent(warnings)}\n}\n`);
    return { result, meta, pieces };
  }, early && { asOf: early.ms, keep });
}

/**
 * The simulation's as_of when the samples cannot change it (--as-of, else the project's as_of),
 * else undefined — also when it does not resolve: simulationAsOf throws that error after the
 * samples' own, as before.
 */
function asOfWithoutSamples(v: { 'as-of'?: string }, prep: PreparedSimulation): { ms: number } | undefined {
  try {
    const r = simulationAsOf(v, prep, { latest: -Infinity });
    return r.source === 'explicit' || r.source === 'project' ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs of totals, each sorted as Float64Array#sort sorts (NaN last, -0 before 0), merged into one
 * sorted array: what sorting them all together gives, in one pass.
 */
export function mergeSortedTotals(runs: readonly Float64Array[]): Float64Array {
  if (runs.length === 0) return new Float64Array(0);
  // Two at a time (equal numbers are alike, so any merge of sorted runs gives the same array).
  let all = runs.slice();
  while (all.length > 1) {
    const next: Float64Array[] = [];
    for (let k = 0; k + 1 < all.length; k += 2) next.push(mergeTwo(all[k], all[k + 1]));
    if (all.length % 2) next.push(all[all.length - 1]);
    all = next;
  }
  return runs.length === 1 ? runs[0].slice() : all[0];
}

function mergeTwo(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0, j = 0, o = 0;
  while (i < a.length && j < b.length) {
    const x = a[i], y = b[j];
    if (sortsBefore(y, x)) { out[o++] = y; j++; } else { out[o++] = x; i++; }
  }
  while (i < a.length) out[o++] = a[i++];
  while (j < b.length) out[o++] = b[j++];
  return out;
}

/** x strictly before y in Float64Array#sort's order: numbers ascending, -0 before 0, NaN after every number. */
export function sortsBefore(x: number, y: number): boolean {
  if (x < y) return true;
  if (x !== x) return false;
  if (y !== y) return true;
  return x === 0 && y === 0 && 1 / x < 0 && 1 / y > 0;
}

/**
 * `leadspec backtest` on `count` worker threads: each worker takes its leads' part of the
 * population at T, simulates it and counts (core/outcomes/backtest.ts backtestPartial); the
 * counts merge into the result one thread gives. `resolve` gets the sample's latest time once
 * the samples are loaded and returns the outcomes and the simulation's as_of (the command's
 * errors, in the order the single-threaded command gives them).
 */
export async function backtestOnWorkers(prep: PreparedSimulation, count: number, strict: boolean | undefined,
  resolve: (latest: number) => { spec: OutcomesSpec; simAsOf: number }): Promise<{ result: BacktestResult; warnings: DataWarning[] }> {
  return onLoadedWorkers(prep, count, strict, 'backtest', async ({ threads, warnings, latest }) => {
    const { spec, simAsOf } = resolve(latest);
    for (const t of threads) t.send({ type: 'backtest', spec, simAsOf });
    const parts = await replies(threads, 'backtested', true);
    return { result: mergeBacktest(prep.compiled, spec, parts.map((p) => p.partial), parts[0].asOf), warnings };
  });
}

/** `items.join(sep)` as pieces of about 8 MB (a whole report may be longer than a string can be). */
function* joinLines(items: string[], sep: string): Generator<string> {
  let buf: string[] = [], size = 0;
  for (let i = 0; i < items.length; i++) {
    buf.push(items[i]);
    size += items[i].length;
    if (size > 8_000_000 && i < items.length - 1) { yield buf.join(sep) + sep; buf = []; size = 0; }
  }
  if (buf.length) yield buf.join(sep);
}
