// Backtest against simulate (format §11; issue 20's target: a backtest within 1.3× of `simulate`
// on the same data, measured in the same run). Leads and events are generated deterministically
// and scored with the sample definitions (samples/: two ICPs, two models, an SLA; their
// `outcomes` name the conversion time, created_at, capacity, value and feedback).
//   simulate  — the ordinary in-memory simulation at the sample's end (the anchor)
//   backtest  — population at T, every model simulated at T, rates, AUC, gains, sweep
// Three runs each, interleaved; the best of each is compared. Writes bench/results/backtest.json.
//   npm run bench backtest        (LEADS=… EVENTS=… to change the size)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { compileProject, definitionsOf, simulate } from '../server/src/core/eval/simulate.js';
import { LeadCollector } from '../server/src/core/data/leads.js';
import { backtest } from '../server/src/core/outcomes/backtest.js';
import { resolveOutcomes } from '../server/src/core/outcomes/spec.js';
import { rng as mulberry32 } from './prng.js';

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
const result = {
  leads: LEADS, events: EVENTS, definitions: 'samples/', build_in_memory_ms: Math.round(buildMs),
  simulate_ms: best(sim, 0), backtest_ms: best(bt, 0), simulate_cpu_ms: best(sim, 1), backtest_cpu_ms: best(bt, 1),
  backtest_population: population, ratio, cpu_ratio: cpuRatio, target_ratio: 1.3,
  runs_ms: { simulate: sim.map((x) => Math.round(x[0])), backtest: bt.map((x) => Math.round(x[0])) },
  machine: { cores: cpus().length, load_average: Math.round(loadavg()[0] * 10) / 10 },
};
console.log(`${LEADS.toLocaleString('en-US')} leads × ${EVENTS.toLocaleString('en-US')} events (built in ${Math.round(buildMs)} ms)`);
console.log(`simulate  ${best(sim, 0)} ms, ${best(sim, 1)} ms CPU   (runs ${result.runs_ms.simulate.join(', ')})`);
console.log(`backtest  ${best(bt, 0)} ms, ${best(bt, 1)} ms CPU   (runs ${result.runs_ms.backtest.join(', ')}; population ${population.toLocaleString('en-US')})`);
console.log(`backtest / simulate = ${ratio} wall, ${cpuRatio} CPU (target ≤ 1.3), load average ${result.machine.load_average}`);
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', 'backtest.json'), JSON.stringify(result, null, 2) + '\n');
