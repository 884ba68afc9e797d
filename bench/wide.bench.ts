// What a wide catalog costs: the simulate bench's leads and events (bench/simulate-fixture.ts) under
// the samples' definitions, once with the bench's catalog (16 columns filled) and once with the
// catalog widened to 84 fields (bench/wide-fixture.ts: 64 extra fields of every type, the samples'
// fields spread among them, a quarter of the extra cells blank), in the same run:
//   scoring alone  — scoreLead over 100k leads in memory, one core (the harness of
//                    bench/simulate.bench.ts: best CPU of 3), leads with events as objects and with
//                    events in the columnar store; the wide leads with the samples' models (the same
//                    work: only the width differs — the totals must be the same) and with a third
//                    model whose rules read extra fields spread over the catalog
//   heap           — bytes per lead (after gc(), no raw), every field kept and as a worker keeps them
//   the CLI        — `simulate --engine memory --format text --workers 1` and `--workers 2` over the
//                    files (100k × 1M; WIDE_CLI_LEADS / WIDE_CLI_EVENTS for 1M × 10M, under
//                    `flock /work/wt/big.lock`), narrow and wide alternated, the reports compared
// Writes bench/results/wide.json.   npm run bench wide   (LEADS, EVENTS: the in-memory size;
// WIDE_CLI=0 skips the CLI runs, WIDE_CLI_WORKERS=2 runs only --workers 2; CLI=path/to/cli.js runs another build)
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { compileProject, definitionsOf, scoreLead, type CompiledProject } from '../server/src/core/eval/simulate.js';
import * as leadsModule from '../server/src/core/data/leads.js';
import type { Lead } from '../server/src/core/results.js';
import { fixture, AS_OF } from './simulate-fixture.js';
import { wideFixture, writeWideWorkspace, writeWideFiles, wideOrder } from './wide-fixture.js';

const LEADS = Number(process.env.LEADS ?? 100_000);
const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const CLI_LEADS = Number(process.env.WIDE_CLI_LEADS ?? 100_000), CLI_EVENTS = Number(process.env.WIDE_CLI_EVENTS ?? 1_000_000);
const CLI = process.env.CLI ?? 'dist/cli.js';
const cpuMs = (c0: NodeJS.CpuUsage) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
const gc = (globalThis as { gc?: () => void }).gc;

const narrowProject = 'samples/leadspec.yaml';
const wideProject = writeWideWorkspace(join('bench', 'out', 'wide-ws'), false);
const rulesProject = writeWideWorkspace(join('bench', 'out', 'wide-ws-rules'), true);
const { LeadCollector } = leadsModule;
/** The fields a worker keeps (fieldsNamedIn; undefined in a checkout without it: every field). */
const workerFields = (project: string) => (leadsModule as { fieldsNamedIn?: (d: unknown[]) => Set<string> }).fieldsNamedIn?.(definitionsOf(loadLeadspecFiles([join(project, '..')])));
const compile = (project: string) => compileProject(definitionsOf(loadLeadspecFiles([join(project, '..')])));
const cpNarrow = compile(narrowProject), cpWide = compile(wideProject), cpRules = compile(rulesProject);

type Gen = { leadRecord(i: number): Record<string, string>; eventRecord(): Record<string, unknown> };
function load(cp: CompiledProject, gen: Gen, stored: boolean): Lead[] {
  const c = stored ? new LeadCollector(cp.catalog, { deferEvents: true, raw: false }) : new LeadCollector(cp.catalog);
  for (let i = 0; i < LEADS; i++) c.addLead(gen.leadRecord(i), 'bench', i + 2);
  for (let i = 0; i < EVENTS; i++) c.addEvent(gen.eventRecord(), 'bench-events', i + 1);
  return c.finish().leads;
}
function scoreAll(cp: CompiledProject, ls: Lead[]): number {
  let sink = 0;
  const ids = cp.scorings.map((s) => s.id);
  for (let i = 0; i < ls.length; i++) { const s = scoreLead(cp, ls[i], AS_OF); for (let j = 0; j < ids.length; j++) sink += s[ids[j]].total; }
  return sink;
}
/** Best CPU of 3 after a warm-up; the sum of the sample models' totals (to compare narrow and wide). */
function timeScoring(cp: CompiledProject, ls: Lead[]): { cpu_ms: number; leads_per_cpu_s: number; check: number } {
  scoreAll(cp, ls.slice(0, 5000));
  let best = Infinity;
  for (let r = 0; r < 3; r++) { const c0 = process.cpuUsage(); scoreAll(cp, ls); best = Math.min(best, cpuMs(c0)); }
  let check = 0;
  for (const l of ls) { const s = scoreLead(cp, l, AS_OF); check += s.inbound.total + s['product-led'].total; }
  return { cpu_ms: Math.round(best), leads_per_cpu_s: Math.round(ls.length / (best / 1000)), check };
}
function heapPerLead(cp: CompiledProject, gen: () => Gen, fields?: Set<string>): number {
  gc?.(); gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const c = new LeadCollector(cp.catalog, { deferEvents: true, raw: false, ...(fields ? { fields } : {}) } as ConstructorParameters<typeof LeadCollector>[1]);
  const g = gen();
  for (let i = 0; i < LEADS; i++) c.addLead(g.leadRecord(i), 'bench', i + 2);
  gc?.(); gc?.();
  const bytes = (process.memoryUsage().heapUsed - h0) / LEADS;
  if (c.leads.length !== LEADS) throw new Error('lost leads');
  return Math.round(bytes);
}

const scoring: Record<string, unknown> = {};
for (const [kind, stored] of [['objects', false], ['stored', true]] as const) {
  const narrow = timeScoring(cpNarrow, load(cpNarrow, fixture(LEADS, 42), stored));
  const wideLeads = load(cpWide, wideFixture(LEADS), stored);
  const wide = timeScoring(cpWide, wideLeads);
  const rules = timeScoring(cpRules, load(cpRules, wideFixture(LEADS), stored));
  if (wide.check !== narrow.check || rules.check !== narrow.check) throw new Error(`the wide leads scored otherwise than the narrow ones (${kind}): ${narrow.check} / ${wide.check} / ${rules.check}`);
  scoring[kind] = { narrow: { cpu_ms: narrow.cpu_ms, leads_per_cpu_s: narrow.leads_per_cpu_s }, wide: { cpu_ms: wide.cpu_ms, leads_per_cpu_s: wide.leads_per_cpu_s }, wide_rules: { cpu_ms: rules.cpu_ms, leads_per_cpu_s: rules.leads_per_cpu_s },
    wide_cost: Math.round((wide.cpu_ms / narrow.cpu_ms) * 100) / 100 };
}
// Every field kept (the single thread's and the editor's leads, less raw), and as a worker keeps them (only the fields the definitions name; the as_of given).
const heap = gc ? {
  narrow_bytes_per_lead: heapPerLead(cpNarrow, () => fixture(LEADS, 42)), wide_bytes_per_lead: heapPerLead(cpWide, () => wideFixture(LEADS)),
  worker_narrow_bytes_per_lead: heapPerLead(cpNarrow, () => fixture(LEADS, 42), workerFields(narrowProject)), worker_wide_bytes_per_lead: heapPerLead(cpWide, () => wideFixture(LEADS), workerFields(wideProject)),
} : undefined;

type CliRun = { catalog: string; workers: number; wall_ms: number; cpu_ms: number; peak_rss_mb: number };
async function cliRuns(): Promise<{ leads: number; events: number; runs: CliRun[] } | undefined> {
  if (process.env.WIDE_CLI === '0') return undefined;
  const files = await writeWideFiles(CLI_LEADS, CLI_EVENTS);
  const runs: CliRun[] = [];
  const reports = new Map<string, string>();
  const dir = join('bench', 'out', `wide-${CLI_LEADS}-${CLI_EVENTS}`);
  for (const workers of (process.env.WIDE_CLI_WORKERS ?? '1,2').split(',').map(Number)) {
    for (const [catalog, project, f] of [['narrow', narrowProject, files.narrow], ['wide', wideProject, files.wide]] as const) {
      const out = join(dir, `out-${catalog}-${workers}.txt`), usage = join(dir, `rusage-${catalog}-${workers}.json`);
      rmSync(usage, { force: true });
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['--require', './bench/rusage.cjs', CLI, 'simulate', '--project', project, '--leads', f.leads, '--events', f.events,
        '--engine', 'memory', '--format', 'text', '--as-of', new Date(AS_OF).toISOString(), '--workers', String(workers), '--out', out],
      { env: { ...process.env, LEADSPEC_RUSAGE_OUT: usage }, encoding: 'utf8', timeout: 30 * 60_000 });
      const wall = Number(process.hrtime.bigint() - t) / 1e6;
      if (r.status !== 0) throw new Error(`simulate (${catalog}, --workers ${workers}) failed: ${r.stderr}`);
      const u = JSON.parse(readFileSync(usage, 'utf8')) as NodeJS.ResourceUsage;
      runs.push({ catalog, workers, wall_ms: Math.round(wall), cpu_ms: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), peak_rss_mb: Math.round(u.maxRSS / 1024) });
      // The report names no fields the models do not read: narrow and wide, 1 and 2 workers, the same
      // text but for the line naming the input files.
      const text = readFileSync(out, 'utf8').replace(/^Inputs: .*$/m, '');
      reports.set(`${catalog}-${workers}`, text);
      if (text !== reports.values().next().value) throw new Error(`simulate (${catalog}, --workers ${workers}) wrote another report than the first run`);
    }
  }
  return { leads: CLI_LEADS, events: CLI_EVENTS, runs };
}

async function main(): Promise<void> {
  const cli = await cliRuns();
  const out = {
    leads: LEADS, events: EVENTS, fields: { narrow: cpNarrow.catalog && Object.keys(cpNarrow.catalog.fields).length, wide: wideOrder().length }, columns: { narrow: 17, wide: 17 + 64 },
    scoring_alone: scoring, heap, cli,
    machine: { cores: cpus().length, load_average: Math.round(loadavg()[0] * 10) / 10 },
  };
  const s = scoring as Record<string, { narrow: { leads_per_cpu_s: number }; wide: { leads_per_cpu_s: number }; wide_rules: { leads_per_cpu_s: number }; wide_cost: number }>;
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(`wide: ${n(LEADS)} leads × ${n(EVENTS)} events; catalog of ${out.fields.narrow} fields (16 columns filled) against ${out.fields.wide} (80), the samples' models`);
  for (const k of ['objects', 'stored']) console.log(`  scoring alone, events ${k === 'objects' ? 'as objects' : 'in the store'}: ${n(s[k].narrow.leads_per_cpu_s)} → ${n(s[k].wide.leads_per_cpu_s)} leads per CPU-s (wide ÷ narrow CPU ${s[k].wide_cost}×); with a model over the extra fields ${n(s[k].wide_rules.leads_per_cpu_s)}`);
  if (heap) console.log(`  heap per lead, every field kept: ${heap.narrow_bytes_per_lead} → ${heap.wide_bytes_per_lead} bytes; as a worker keeps them: ${heap.worker_narrow_bytes_per_lead} → ${heap.worker_wide_bytes_per_lead} bytes`);
  for (const r of cli?.runs ?? []) console.log(`  CLI ${cli!.leads}×${cli!.events} ${r.catalog.padEnd(6)} --workers ${r.workers}: ${(r.wall_ms / 1000).toFixed(2)} s wall, ${(r.cpu_ms / 1000).toFixed(2)} s CPU, peak RSS ${r.peak_rss_mb} MB`);
  console.log(`  (load average ${out.machine.load_average} on ${out.machine.cores} cores)`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(join('bench/results', 'wide.json'), JSON.stringify(out, null, 2) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
