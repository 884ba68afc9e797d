// The compiled query alone, for A/B work on core/sql (not part of `npm run bench`): stages the
// bench files once (bench/out/sql-<LEADS>-<EVENTS>, made by bench/sql.bench.ts) with this
// checkout's stageInputs, then runs each variant as bench/sql.bench.ts runs the query (CREATE
// TEMP TABLE … AS the all-in-one query of the sample models and ICPs, nested, as_of given),
// alternated, ROUNDS times; prints the process CPU and wall time of each run, the median and
// minimum CPU per variant, and a hash of each variant's output table (the same hash = the same
// rows; staged once, so the variants read the same tables). Staged and compiled as the bench does
// (the query's lead fields kept, deferUnknownLeads, countEvents).
//   node --import tsx bench/sql-query.ts                       this checkout's query
//   node --import tsx bench/sql-query.ts /other/checkout a.sql the query compiled by another checkout
//                                                              (its core/sql), and a query from a file
//   LEADS=… EVENTS=… (default 100000 × 1000000; 1M × 10M goes through `flock /work/wt/big.lock`),
//   ROUNDS=5, THREADS=n (default: DuckDB's), PROFILE=1 writes DuckDB's JSON profile of each variant
//   to bench/out/sql-query-<i>.json first.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { compileProject, definitionsOf } from '../server/src/core/eval/simulate.js';
import { openDuckdb, stageInputs, STAGED } from '../server/src/io/duckdb.js';
import { compileSql } from '../server/src/core/sql/compile.js';
import { collectWorkspace } from '../server/src/core/sql/workspace.js';

const ROOT = resolve(__dirname, '..');
const LEADS = Number(process.env.LEADS ?? 100_000), EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const DIR = join(ROOT, 'bench', 'out', `sql-${LEADS}-${EVENTS}`);
const AS_OF = Date.UTC(2026, 10, 20, 17, 0, 0);

/** The bench's query as a checkout compiles it (its own core/sql and io/duckdb STAGED options). */
async function compiledBy(root: string, staged: { eventCodes: readonly string[]; normalFields?: readonly string[] }): Promise<string> {
  const { compileSql } = await import(join(root, 'server/src/core/sql/compile.ts'));
  const { collectWorkspace } = await import(join(root, 'server/src/core/sql/workspace.ts'));
  const { STAGED, stagedOptions } = await import(join(root, 'server/src/io/duckdb.ts'));
  // A checkout that stages event codes compiles with them (the tables are this checkout's).
  const options = stagedOptions ? stagedOptions(staged) : STAGED;
  const files = loadLeadspecFiles(['fields.yaml', 'icps', 'scoring'].map((p) => join(root, 'samples', p)));
  const cp = compileProject(definitionsOf(files));
  const ws = collectWorkspace(files);
  return compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cp.catalog, ...options, nested: true, asOfMs: AS_OF, countEvents: true }).select;
}

async function main(): Promise<void> {
  if (!existsSync(join(DIR, 'done'))) throw new Error(`${DIR} is not there: run LEADS=${LEADS} EVENTS=${EVENTS} ENGINES=floor node --import tsx bench/sql.bench.ts first`);
  const args = process.argv.slice(2);
  const files = loadLeadspecFiles(['fields.yaml', 'icps', 'scoring'].map((p) => join(ROOT, 'samples', p)));
  const cp = compileProject(definitionsOf(files));
  const db = await openDuckdb();
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  try {
    let c0 = cpu(), t0 = performance.now();
    // Staged as the bench stages them: only the query's lead fields kept, the events' unknown-lead
    // check left to the query's counts (every variant is compiled with countEvents, as the bench's).
    const ws = collectWorkspace(files);
    const { leadFields } = compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cp.catalog, ...STAGED, nested: true, asOfMs: AS_OF });
    const staged = await stageInputs(db.conn, join(DIR, 'leads.csv'), join(DIR, 'events.csv'), cp.catalog, undefined, undefined, new Set(leadFields), { deferUnknownLeads: true });
    console.log(`${LEADS.toLocaleString('en')} × ${EVENTS.toLocaleString('en')} staged in ${((performance.now() - t0) / 1000).toFixed(2)} s (CPU ${(cpu() - c0).toFixed(2)} s); load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    const variants: { name: string; sql: string }[] = [];
    for (const a of args.length ? args : [ROOT]) {
      variants.push(a.endsWith('.sql')
        ? { name: a, sql: readFileSync(a, 'utf8').replace(/^--.*\n/, '').replace(/\nORDER BY ls_ord;\s*$/, '').replace(/;\s*$/, '') }
        : { name: `${a} (compiled)`, sql: await compiledBy(resolve(a), staged) });
    }
    if (process.env.THREADS) await db.conn.run(`SET threads = ${Number(process.env.THREADS)}`);
    if (process.env.PROFILE) {
      for (const [i, v] of variants.entries()) {
        const out = join(ROOT, 'bench', 'out', `sql-query-${i}.json`);
        await db.conn.run(`PRAGMA enable_profiling = 'json'`);
        await db.conn.run(`PRAGMA profiling_output = '${out}'`);
        await db.conn.run(`CREATE OR REPLACE TEMP TABLE ls_out AS ${v.sql}`);
        await db.conn.run(`PRAGMA disable_profiling`);
        console.log(`profile of ${v.name}: ${out}`);
      }
    }
    const cpus: number[][] = variants.map(() => []);
    for (let r = 0; r < Number(process.env.ROUNDS ?? 5); r++) {
      for (const [i, v] of variants.entries()) {
        await db.conn.run(`DROP TABLE IF EXISTS ls_out`);
        c0 = cpu(); t0 = performance.now();
        await db.conn.run(`CREATE TEMP TABLE ls_out AS ${v.sql}`);
        const c = cpu() - c0, w = (performance.now() - t0) / 1000;
        cpus[i].push(c);
        const hash = r === 0 ? (await db.conn.runAndReadAll(`SELECT count(*) AS n, sum(hash(t)) AS h FROM ls_out AS t`)).getRowObjectsJS()[0] : undefined;
        console.log(`round ${r}  CPU ${c.toFixed(3)} s  wall ${w.toFixed(3)} s  ${v.name}${hash ? `  rows ${hash.n}, hash ${hash.h}` : ''}`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [i, v] of variants.entries()) console.log(`median CPU ${median(cpus[i]).toFixed(3)} s, min ${Math.min(...cpus[i]).toFixed(3)} s  ${v.name}`);
    console.log(`load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally { db.close(); }
}

main().catch((e) => { console.error(e); process.exit(1); });
