// Backtest against simulate (format §11; issue 20's target: a backtest of the 1M leads × 10M events
// benchmark data within 1.3× of `simulate` on the same data, measured in the same run).
// Definitions: samples/ (two ICPs, two models, an SLA; `outcomes` name the conversion time,
// created_at, capacity, value and feedback).
//   the CLI     — `leadspec simulate --engine memory` (the anchor) and `leadspec backtest`, each as a
//                 process with `--workers N`, `--format text`, over the same leads.csv + events.jsonl
//                 (bench/simulate-fixture.ts with outcomes, written once into bench/out/bt-L-E/,
//                 ~1.1 GB at 1M × 10M); runs interleaved, best of RUNS; wall, CPU of every thread and
//                 peak RSS from the child's resource usage (bench/rusage.cjs), load average per run
//   in memory   — simulate() against backtest() over 100k × 1M leads built in memory (BT_MEMORY=0 skips)
// Writes bench/results/backtest.json.
//   npm run bench backtest   (BT_LEADS=… BT_EVENTS=… BT_WORKERS=2 RUNS=2 for the CLI runs; BT_CLI=0
//                             skips them; LEADS=… EVENTS=… for the in-memory size)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { compileProject, definitionsOf, simulate } from '../server/src/core/eval/simulate.js';
import { LeadCollector } from '../server/src/core/data/leads.js';
import { backtest } from '../server/src/core/outcomes/backtest.js';
import { resolveOutcomes } from '../server/src/core/outcomes/spec.js';
import { rng as mulberry32 } from './prng.js';

let memory: Record<string, unknown> | undefined;
let cli: Record<string, unknown> | undefined;
const load = () => Math.round(loadavg()[0] * 10) / 10;

if (process.env.BT_CLI !== '0') cliBench();
if (process.env.BT_MEMORY !== '0') memoryBench();
writeResults();

function memoryBench(): void {
  const LEADS = Number(process.env.LEADS ?? 100_000);
  const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
  const END = Date.UTC(2026, 10, 20, 17, 0, 0);
  const DAY = 86_400_000;
  const rnd = mulberry32(20);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

  const cp = compileProject(definitionsOf(loadLeadspecFiles(['samples'])));
  const spec = resolveOutcomes(cp.project, cp.catalog);

  let t0 = process.hrtime.bigint();
  const collector = new LeadCollector(cp.catalog);
  for (let i = 0; i < LEADS; i++) {
    const created = END - Math.floor(rnd() * 90 * DAY);
    const converted = rnd() < 0.12 ? created + Math.floor(rnd() * 40 * DAY) : undefined;
    collector.addLead({
      id: `L${i}`, employees: String(Math.max(1, Math.round(Math.exp(Math.log(160) + 1.4 * (rnd() + rnd() - 1))))), industry: pick(['SaaS', 'Fintech', 'Retail', 'Education', 'Other']),
      region: pick(['na', 'emea', 'apac']), tech_stack: rnd() < 0.4 ? 'salesforce' : 'hubspot', email: rnd() < 0.1 ? `x${i}@gmail.com` : `p${i}@co${i}.example`,
      seniority: pick(['ic', 'manager', 'director', 'vp', 'cxo']), department: pick(['marketing', 'sales', 'revops', 'it']), created_at: iso(created),
      opted_out: rnd() < 0.03 ? 'true' : 'false',
      opportunity_created_at: converted !== undefined && converted < END ? iso(converted) : '', opportunity_amount: converted !== undefined ? String(5000 + Math.floor(rnd() * 50000)) : '',
      sales_status: rnd() < 0.2 ? pick(['accepted', 'working', 'rejected', 'recycled', 'nurture']) : '', rejection_reason: rnd() < 0.05 ? 'no_budget' : '',
    }, 'bench', i + 2);
  }
  for (let i = 0; i < EVENTS; i++) {
    const [event, props] = pick<[string, Record<string, unknown>]>([['page_view', { url: '/pricing' }], ['page_view', { url: '/product' }], ['page_view', { url: '/blog' }], ['demo_request', {}], ['trial_signup', { plan: 'team' }], ['content_download', { asset: 'e' }], ['webinar_attended', { topic: 't', minutes: 30 }]]);
    collector.addEvent({ lead_id: `L${Math.floor(rnd() * LEADS)}`, event, at: iso(END - Math.floor(rnd() * 90 * DAY)), ...props }, 'bench-events', i + 1);
  }
  const { leads } = collector.finish();
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;

  // Wall time and CPU time of one run (CPU time is the steadier figure on a shared machine).
  const time = (fn: () => unknown): [number, number] => {
    (globalThis as any).gc?.();
    const s = process.hrtime.bigint(), c = process.cpuUsage();
    fn();
    const u = process.cpuUsage(c);
    return [Number(process.hrtime.bigint() - s) / 1e6, (u.user + u.system) / 1000];
  };
  const sim: [number, number][] = [], bt: [number, number][] = [];
  let population = 0;
  for (let k = 0; k < 3; k++) {
    sim.push(time(() => simulate(cp, leads, END, [])));
    bt.push(time(() => { population = backtest(cp, spec, leads, END).population.leads; }));
  }
  const best = (xs: [number, number][], i: 0 | 1) => Math.round(Math.min(...xs.map((x) => x[i])));
  const ratio = Math.round((best(bt, 0) / best(sim, 0)) * 100) / 100;
  const cpuRatio = Math.round((best(bt, 1) / best(sim, 1)) * 100) / 100;
  memory = {
    leads: LEADS, events: EVENTS, definitions: 'samples/', build_in_memory_ms: Math.round(buildMs),
    simulate_ms: best(sim, 0), backtest_ms: best(bt, 0), simulate_cpu_ms: best(sim, 1), backtest_cpu_ms: best(bt, 1),
    backtest_population: population, ratio, cpu_ratio: cpuRatio, target_ratio: 1.3,
    runs_ms: { simulate: sim.map((x) => Math.round(x[0])), backtest: bt.map((x) => Math.round(x[0])) },
    machine: { cores: cpus().length, load_average: Math.round(loadavg()[0] * 10) / 10 },
  };
  console.log(`${LEADS.toLocaleString('en-US')} leads × ${EVENTS.toLocaleString('en-US')} events (built in ${Math.round(buildMs)} ms)`);
  console.log(`simulate  ${best(sim, 0)} ms, ${best(sim, 1)} ms CPU   (runs ${(memory.runs_ms as any).simulate.join(', ')})`);
  console.log(`backtest  ${best(bt, 0)} ms, ${best(bt, 1)} ms CPU   (runs ${(memory.runs_ms as any).backtest.join(', ')}; population ${population.toLocaleString('en-US')})`);
  console.log(`backtest / simulate = ${ratio} wall, ${cpuRatio} CPU (target ≤ 1.3), load average ${load()}`);
}

/**
 * The CLI as a user runs it: `simulate` and `backtest` on the same files, `--workers N`, each run
 * a fresh process; the reports are checked to be the same run to run.
 */
function cliBench(): void {
  const L = Number(process.env.BT_LEADS ?? 1_000_000), E = Number(process.env.BT_EVENTS ?? 10_000_000);
  const workers = Number(process.env.BT_WORKERS ?? availableParallelism());
  const RUNS = Number(process.env.RUNS ?? 2);
  const dir = join('bench', 'out', `bt-${L}-${E}`);
  const fresh = !existsSync(join(dir, 'done'));
  const g0 = process.hrtime.bigint();
  const g = spawnSync(process.execPath, ['--import', 'tsx', 'bench/simulate-fixture.ts', String(L), String(E), '--outcomes'], { stdio: 'inherit' });
  if (g.status !== 0) throw new Error('could not write the fixture files');
  const genMs = Number(process.hrtime.bigint() - g0) / 1e6;
  const files = ['--leads', join(dir, 'leads.csv'), '--events', join(dir, 'events.jsonl')];
  type Run = { wall_ms: number; cpu_ms: number; peak_rss_mb: number; load_average: number };
  const runs: Record<'simulate' | 'backtest', Run[]> = { simulate: [], backtest: [] };
  const reports: Record<string, string> = {};
  const once = (cmd: 'simulate' | 'backtest') => {
    const out = join(dir, `${cmd}.txt`), usage = join(dir, `rusage-${cmd}.json`);
    rmSync(usage, { force: true });
    const la = load();
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', './bench/rusage.cjs', 'dist/cli.js', cmd, '--project', 'samples/leadspec.yaml', ...files,
      ...(cmd === 'simulate' ? ['--engine', 'memory'] : []), '--format', 'text', '--workers', String(workers), '--out', out],
    { env: { ...process.env, LEADSPEC_RUSAGE_OUT: usage }, encoding: 'utf8', timeout: 30 * 60_000 });
    const wall = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    const text = readFileSync(out, 'utf8');
    if (reports[cmd] !== undefined && reports[cmd] !== text) throw new Error(`${cmd} wrote a different report run to run`);
    reports[cmd] = text;
    const u = JSON.parse(readFileSync(usage, 'utf8')) as NodeJS.ResourceUsage;
    const run = { wall_ms: Math.round(wall), cpu_ms: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), peak_rss_mb: Math.round(u.maxRSS / 1024), load_average: la };
    runs[cmd].push(run);
    console.log(`  ${cmd.padEnd(8)} ${(run.wall_ms / 1000).toFixed(1)} s wall, ${(run.cpu_ms / 1000).toFixed(1)} s CPU, peak RSS ${run.peak_rss_mb} MB (load average ${la})`);
  };
  console.log(`the CLI, ${L.toLocaleString('en-US')} leads × ${E.toLocaleString('en-US')} events, --workers ${workers}, best of ${RUNS} interleaved:`);
  for (let k = 0; k < RUNS; k++) { once('simulate'); once('backtest'); }
  const best = (xs: Run[], f: keyof Run) => Math.min(...xs.map((x) => x[f]));
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const population = Number(/population\D*([\d,]+)/i.exec(reports.backtest)?.[1]?.replace(/,/g, ''));
  cli = {
    leads: L, events: E, workers, runs_each: RUNS, generate_ms: fresh ? Math.round(genMs) : 0,
    files_mb: Math.round((['leads.csv', 'events.jsonl'].reduce((n, f) => n + readFileSync(join(dir, f)).length, 0)) / 1e6),
    simulate: { wall_ms: best(runs.simulate, 'wall_ms'), cpu_ms: best(runs.simulate, 'cpu_ms'), peak_rss_mb: Math.max(...runs.simulate.map((x) => x.peak_rss_mb)) },
    backtest: { wall_ms: best(runs.backtest, 'wall_ms'), cpu_ms: best(runs.backtest, 'cpu_ms'), peak_rss_mb: Math.max(...runs.backtest.map((x) => x.peak_rss_mb)), population },
    ratio_wall: r2(best(runs.backtest, 'wall_ms') / best(runs.simulate, 'wall_ms')),
    ratio_cpu: r2(best(runs.backtest, 'cpu_ms') / best(runs.simulate, 'cpu_ms')),
    target_ratio: 1.3, runs,
    machine: { cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30) },
  };
  console.log(`backtest / simulate = ${cli.ratio_wall} wall, ${cli.ratio_cpu} CPU (target ≤ 1.3); peak RSS ${(cli.simulate as any).peak_rss_mb} / ${(cli.backtest as any).peak_rss_mb} MB`);
  writeResults();
}

function writeResults(): void {
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeFileSync(join('bench', 'results', 'backtest.json'), JSON.stringify({ cli, memory }, null, 2) + '\n');
}
