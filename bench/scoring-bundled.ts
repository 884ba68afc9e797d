// Scoring alone as the shipped engine runs it: the loop of bench/simulate.bench.ts ("scoring
// alone": scoreLead over 100k leads × 1M events in memory, the samples' definitions) bundled with
// esbuild the way dist/ is, and run in a child process. Under tsx (how the benchmarks run) every
// module is transformed on its own; this is the figure for the bundle. Not part of `npm run bench`.
//   node --import tsx bench/scoring-bundled.ts        (LEADS=… EVENTS=… RUNS=…)
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const entry = `
import { loadLeadspecFiles } from ${JSON.stringify(resolve('server/src/io/files.ts'))};
import { compileProject, definitionsOf, scoreLead } from ${JSON.stringify(resolve('server/src/core/eval/simulate.ts'))};
import { LeadCollector } from ${JSON.stringify(resolve('server/src/core/data/leads.ts'))};
import { fixture, AS_OF } from ${JSON.stringify(resolve('bench/simulate-fixture.ts'))};
const LEADS = Number(process.env.LEADS ?? 100_000), EVENTS = Number(process.env.EVENTS ?? 1_000_000), RUNS = Number(process.env.RUNS ?? 5);
const { leadRecord, eventRecord } = fixture(LEADS, 42);
const cp = compileProject(definitionsOf(loadLeadspecFiles(['samples'])));
const collector = new LeadCollector(cp.catalog);
for (let i = 0; i < LEADS; i++) collector.addLead(leadRecord(i), 'bench', i + 2);
for (let i = 0; i < EVENTS; i++) collector.addEvent(eventRecord(), 'bench-events', i + 1);
const { leads } = collector.finish();
const ids = cp.scorings.map((s) => s.id);
function scoreAll() { let sink = 0; for (let i = 0; i < leads.length; i++) { const s = scoreLead(cp, leads[i], AS_OF); for (let j = 0; j < ids.length; j++) sink += s[ids[j]].total; } return sink; }
scoreAll();
const cpu = [];
for (let r = 0; r < RUNS; r++) { const c0 = process.cpuUsage(); scoreAll(); const c = process.cpuUsage(c0); cpu.push((c.user + c.system) / 1000); }
const best = Math.min(...cpu);
console.log('scoring alone, bundled: ' + Math.round(LEADS / (best / 1000)).toLocaleString('en-US') + ' leads per CPU-second (best of ' + RUNS + ': ' + Math.round(best) + ' ms CPU; runs ' + cpu.map(Math.round).join(', ') + ' ms)');
`;

mkdirSync(join('bench', 'out'), { recursive: true });
const outfile = join('bench', 'out', 'scoring-bundled.cjs');
buildSync({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'scoring-bundled-entry.ts' },
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning',
  external: ['@duckdb/node-api', 'pg'],
});
const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
process.exit(r.status ?? 1);
