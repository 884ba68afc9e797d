// Scale: leads × events generated deterministically into bench/out/ (git-ignored), scored with the
// sample definitions (samples/: two ICPs, a grades model and a matrix model; SLAs left out), each
// way in its own process:
//   in-process, N workers — the built CLI as a user runs it: `leadspec simulate --engine memory
//                          --workers N --format text` over the same two files (N = 2, then 1: the
//                          single-threaded engine); CPU of every thread and peak RSS from
//                          bench/rusage.cjs; the summary read back from its report
//   DuckDB               — as `simulate --engine duckdb`: staging (typed tables, every data
//                          warning) and the one compiled query of every model, materialised in
//                          DuckDB and summarised there; staging and query timed apart
//   DuckDB floor         — DuckDB's own read_csv + count(*) of the same two files (all columns
//                          as text), run before and after DuckDB; the faster is the anchor
//   DuckDB typed read    — a second anchor: the same read_csv with every value counted and the
//                          typed ones (the catalog's numbers, booleans, dates, date-times; `at`)
//                          cast by TRY_CAST: DuckDB's own typing, which any scoring pays at least
// Prints wall and CPU time and peak RSS side by side with the load average, checks that every
// engine gives the same summary (leads, grades, MQLs, mean total to the cent, ICP tiers), and writes bench/results/sql.json (1M × 10M) or sql-<leads>-<events>.json.
// Targets: in-process ≤ 10 s, DuckDB ≤ 5 s and ≤ 2× its floor (at 1M × 10M).
//   npm run bench sql            both sizes: 100k × 1M, then 1M × 10M
//   LEADS=… EVENTS=… node --import tsx bench/sql.bench.ts      one size
//   ENGINES=floor,duckdb,floor2,typed  leave out the in-process runs (default: workers2,workers1,floor,duckdb,floor2,typed);
//   TIMEOUT_S=240 bounds each child. Needs `npm run build` (dist/cli.js, dist/simulate-worker.js).
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { compileProject, definitionsOf } from '../server/src/core/eval/simulate.js';
import { compileSql, EVENT_COUNT, ICP_TIERS } from '../server/src/core/sql/compile.js';
import { collectWorkspace } from '../server/src/core/sql/workspace.js';
import { csvHeader, openDuckdb, runSettled, sqlType, stageInputs, STAGED, stagedOptions } from '../server/src/io/duckdb.js';
import { ident } from '../server/src/core/sql/dialect.js';
import { leadOfRow, streamRows } from '../server/src/io/sql-rows.js';
import type { IcpMatch, ScoreResult } from '../server/src/core/results.js';
import type { Catalog } from '../server/src/core/data/leads.js';
import { rng as mulberry32 } from './prng.js';

const LEADS = Number(process.env.LEADS ?? 1_000_000);
const EVENTS = Number(process.env.EVENTS ?? 10_000_000);
const AS_OF = Date.UTC(2026, 10, 20, 17, 0, 0);
const DAY = 86_400_000;
const ROOT = resolve(__dirname, '..');
const DIR = join(ROOT, 'bench', 'out', `sql-${LEADS}-${EVENTS}`);
const DEF_FILES = ['fields.yaml', 'icps', 'scoring'].map((p) => join(ROOT, 'samples', p));

// ---- data -------------------------------------------------------------------------------------

async function generate(): Promise<void> {
  if (existsSync(join(DIR, 'done'))) return;
  mkdirSync(DIR, { recursive: true });
  const rnd = mulberry32(1123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const IND = ['SaaS', 'SaaS', 'Fintech', 'Healthcare', 'Retail', 'Education', 'Manufacturing', 'Media', 'Other'];
  const SEN = ['ic', 'ic', 'manager', 'manager', 'director', 'vp', 'cxo'];
  const DEP = ['marketing', 'sales', 'revops', 'finance', 'it', 'product', 'other'];
  const SRC = ['organic', 'paid_search', 'paid_social', 'webinar', 'event', 'referral', 'partner', 'outbound'];
  const TECH = ['salesforce', 'hubspot', 'marketo', 'slack', 'segment'];
  const EV: [string, () => string][] = [
    ['page_view', () => pick(['/', '/pricing', '/product/forecasting', '/docs/api', '/blog/x'])],
    ['page_view', () => pick(['/pricing', '/product', '/docs'])],
    ['email_click', () => ''], ['content_download', () => ''], ['webinar_attended', () => ''],
    ['demo_request', () => ''], ['trial_signup', () => ''],
  ];
  const write = (file: string, lines: () => Generator<string>) => new Promise<void>((res, rej) => {
    const out = createWriteStream(join(DIR, file));
    out.on('error', rej);
    const it = lines();
    const pump = () => {
      for (;;) {
        const n = it.next();
        if (n.done) { out.end(res); return; }
        if (!out.write(n.value)) { out.once('drain', pump); return; }
      }
    };
    pump();
  });
  await write('leads.csv', function* () {
    yield 'id,company,employees,annual_revenue,industry,country,region,tech_stack,email,job_title,seniority,department,lead_source,created_at,opted_out\n';
    let buf = '';
    for (let i = 0; i < LEADS; i++) {
      const emp = Math.floor(Math.exp(rnd() * 9));
      const tech = TECH.filter(() => rnd() < 0.3).join(';');
      buf += `L${i},Co ${i},${emp},${emp * 150000},${pick(IND)},${pick(['US', 'DE', 'FR', 'GB', 'BR'])},${pick(['na', 'na', 'emea', 'apac', 'latam'])},${tech},`
        + `p${i}@${pick(['acme.io', 'gmail.com', 'corp.com', 'shop.com'])},${pick(['VP Sales', 'Engineer', 'CEO', 'Marketing Manager'])},${pick(SEN)},${pick(DEP)},${pick(SRC)},${iso(AS_OF - Math.floor(rnd() * 400) * DAY)},${rnd() < 0.05}\n`;
      if (buf.length > 1 << 16) { yield buf; buf = ''; }
    }
    yield buf;
  });
  await write('events.csv', function* () {
    // Grouped by lead, in lead order (as an export sorted by lead would be): lets the in-process
    // side stream leads and events together. Each lead gets EVENTS/LEADS events on average.
    yield 'lead_id,event,at,url\n';
    let buf = '', left = EVENTS;
    for (let i = 0; i < LEADS; i++) {
      const n = i === LEADS - 1 ? left : Math.min(left, Math.floor(rnd() * 2 * EVENTS / LEADS + 0.5));
      left -= n;
      for (let k = 0; k < n; k++) {
        const [ev, url] = pick(EV);
        buf += `L${i},${ev},${iso(AS_OF - Math.floor(rnd() * 90 * DAY))},${url()}\n`;
      }
      if (buf.length > 1 << 16) { yield buf; buf = ''; }
    }
    yield buf;
  });
  writeFileSync(join(DIR, 'done'), 'ok\n');
}

// ---- one summary, whichever engine computed it -----------------------------------------------
interface Fold { leads: number; grades: Record<string, Record<string, number>>; mql: Record<string, number>; cents: Record<string, number>; icps: Record<string, number> }
const newFold = (): Fold => ({ leads: 0, grades: {}, mql: {}, cents: {}, icps: {} });
function fold(f: Fold, icps: IcpMatch[] | undefined, model: string | undefined, s: ScoreResult | undefined): void {
  if (icps) for (const m of icps) { const k = `${m.id}/${m.tier}`; f.icps[k] = (f.icps[k] ?? 0) + 1; }
  if (!model || !s) return;
  const g = (f.grades[model] ??= {});
  g[s.grade] = (g[s.grade] ?? 0) + 1;
  if (s.mql) f.mql[model] = (f.mql[model] ?? 0) + 1;
  f.cents[model] = (f.cents[model] ?? 0) + Math.round(s.total * 100);
}

/**
 * The in-process engine as a user runs it: the built CLI, `simulate --engine memory --workers N`,
 * over the files DuckDB reads, its text report read back into the summary. CPU is every thread's
 * (bench/rusage.cjs), wall time the process's.
 */
function runCli(workers: number): Run | string {
  const out = join(DIR, `simulate-${workers}.txt`), usage = join(DIR, `rusage-${workers}.json`);
  rmSync(usage, { force: true });
  const timeout = Number(process.env.TIMEOUT_S ?? 240) * 1000;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(ROOT, 'bench', 'rusage.cjs'), join(ROOT, 'dist', 'cli.js'), 'simulate', '--defs', ...DEF_FILES,
    '--leads', join(DIR, 'leads.csv'), '--events', join(DIR, 'events.csv'), '--engine', 'memory', '--workers', String(workers),
    '--as-of', new Date(AS_OF).toISOString(), '--format', 'text', '--out', out], { encoding: 'utf8', timeout, env: { ...process.env, LEADSPEC_RUSAGE_OUT: usage } });
  const ms = performance.now() - t0;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `timed out after ${timeout / 1000} s`;
  if (r.status !== 0) return `failed (exit ${r.status}):\n${r.stderr}`;
  const u = JSON.parse(readFileSync(usage, 'utf8')) as NodeJS.ResourceUsage;
  return { ms, cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6, maxRssMb: u.maxRSS / 1024, fold: summaryOfText(readFileSync(out, 'utf8')) };
}

/** What the text report says of the run, in the shape of the other engines' summaries (means instead of Σ cents). */
function summaryOfText(text: string): Summary {
  const num = (x: string) => Number(x.replace(/,/g, ''));
  const f: Summary = { leads: num(/— ([\d,]+) leads as of/.exec(text)![1]), grades: {}, mql: {}, mean: {}, icps: {} };
  let model: string | undefined, inIcps = false;
  for (const line of text.split('\n')) {
    const m = /^Scoring model '([^']+)': ([\d,]+) MQLs/.exec(line);
    if (m) { model = m[1]; f.mql[model] = num(m[2]); f.grades[model] = {}; inIcps = false; continue; }
    if (/^ICPs:/.test(line)) { model = undefined; inIcps = true; continue; }
    if (/^\S/.test(line)) { model = undefined; inIcps = false; continue; }
    if (model) {
      const g = /^  (\S+)\s+([\d,]+)\s+[\d.]+%/.exec(line);
      if (g && g[1] !== 'grade' && num(g[2]) > 0) f.grades[model][g[1]] = num(g[2]); // the report lists empty grades too
      const mean = /mean (-?[\d.]+)/.exec(line);
      if (/^  total score:/.test(line) && mean) f.mean[model] = Number(mean[1]);
    }
    if (inIcps) {
      const icp = /^  (\S+)\s+[\d,]+ matched .*?tiers: (.*?)(?:  personas:|$)/.exec(line);
      if (icp) for (const t of icp[2].split(' · ')) { const x = /^(.*) ([\d,]+)$/.exec(t.trim()); if (x) f.icps[`${icp[1]}/${x[1]}`] = num(x[2]); }
    }
  }
  return f;
}

/** An engine's summary as the report states it: leads, grades, MQLs, mean total rounded to the cent, ICP tiers. */
interface Summary { leads: number; grades: Record<string, Record<string, number>>; mql: Record<string, number>; mean: Record<string, number>; icps: Record<string, number> }
function summaryOfFold(f: Fold): Summary {
  const mean: Record<string, number> = {};
  for (const [m, cents] of Object.entries(f.cents)) mean[m] = Math.round(cents / f.leads) / 100;
  return { leads: f.leads, grades: f.grades, mql: f.mql, mean, icps: Object.fromEntries(Object.entries(f.icps).filter(([k]) => !k.endsWith('/null'))) };
}

/**
 * DuckDB as `simulate --engine duckdb` runs it: staging (typed tables, every data warning), then
 * ONE compiled query of every model and the ICPs, materialised in DuckDB (every output column:
 * scores, grades, the rules' JSON), summarised there so that only the summary crosses into
 * JavaScript. LEADSPEC_BENCH_ROWS=1 streams every row into JavaScript instead (as simulate does
 * before it writes its JSON). Stage and query times are reported apart.
 */
async function runDuckdb(): Promise<Fold & { stageMs: number; queryMs: number; stageCpuS: number; warnings: number }> {
  const files = loadLeadspecFiles(DEF_FILES);
  const cp = compileProject(definitionsOf(files));
  const ws = collectWorkspace(files);
  const f = newFold();
  const db = await openDuckdb();
  let stageMs = 0, queryMs = 0, stageCpuS = 0, warnings = 0;
  try {
    // The lead fields stored are the query's, as `simulate --engine duckdb` stages them here (no
    // SLA, a given as_of, no feedback): the others are checked, not kept. (The field list does not
    // depend on the staging's event codes.)
    const { leadFields } = compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cp.catalog, ...STAGED, nested: true, asOfMs: AS_OF });
    const t0 = performance.now(), c0 = process.cpuUsage();
    // As `simulate --engine duckdb` with as_of given: the events' unknown-lead check is settled
    // from the query's per-lead event counts (StagedInputs.settle), inside the query's time.
    const staged = await stageInputs(db.conn, join(DIR, 'leads.csv'), join(DIR, 'events.csv'), cp.catalog, undefined, undefined, new Set(leadFields), { deferUnknownLeads: true });
    stageMs = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    stageCpuS = (c1.user + c1.system) / 1e6;
    const c = compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cp.catalog, ...stagedOptions(staged), nested: true, asOfMs: AS_OF, countEvents: true });
    const t1 = performance.now();
    if (process.env.LEADSPEC_BENCH_ROWS === '1') {
      await runSettled(staged, c.eventCount, async (count) => {
        Object.assign(f, newFold());
        let matched = 0;
        await streamRows(db.conn, c.sql, (raw) => {
          const { lead } = leadOfRow(raw, c);
          f.leads++;
          fold(f, lead.icps, undefined, undefined);
          for (const id in lead.scores) fold(f, undefined, id, lead.scores[id]);
          if (count) matched += Number(raw[EVENT_COUNT] ?? 0);
        });
        return matched;
      });
    } else {
      await runSettled(staged, c.eventCount, async (count) => {
        await db.conn.run(`CREATE OR REPLACE TEMP TABLE ls_out AS ${c.sql.replace(/\nORDER BY ls_ord;\n$/, '').replace(/;\s*$/, '')}`);
        return count ? Number((await db.conn.runAndReadAll(`SELECT coalesce(sum(${EVENT_COUNT}), 0) AS n FROM ls_out`)).getRowObjectsJS()[0].n) : 0;
      });
      for (const [i, m] of c.models.entries()) {
        const col = (k: string) => `"${m.prefix}${k}"`;
        const groups = (await db.conn.runAndReadAll(`SELECT ${col('grade')} AS grade, count(*) AS n, sum(CASE WHEN ${col('mql')} THEN 1 ELSE 0 END) AS mql,
          sum(CAST(round(${col('total')} * 100) AS BIGINT)) AS cents${i === 0 && c.icps?.length ? `, coalesce(CAST(to_json(icps) AS VARCHAR), '[]') AS icps, CAST(to_json(${ICP_TIERS}) AS VARCHAR) AS tiers` : ''} FROM ls_out GROUP BY ALL`)).getRowObjectsJS();
        for (const g of groups) {
          const n = Number(g.n);
          const gr = (f.grades[m.id] ??= {});
          gr[String(g.grade)] = (gr[String(g.grade)] ?? 0) + n;
          if (Number(g.mql)) f.mql[m.id] = (f.mql[m.id] ?? 0) + Number(g.mql);
          f.cents[m.id] = (f.cents[m.id] ?? 0) + Number(g.cents);
          if (i === 0) {
            f.leads += n;
            // Nested output: per ICP whether it matched and its tier (CompiledSql.icps names them).
            if (g.icps === undefined) continue;
            const matched = JSON.parse(String(g.icps)) as boolean[], tiers = JSON.parse(String(g.tiers)) as (string | null)[];
            c.icps!.forEach((x, k) => { if (matched[k] === true) { const key = `${x.id}/${tiers[k]}`; f.icps[key] = (f.icps[key] ?? 0) + n; } });
          }
        }
      }
    }
    queryMs = performance.now() - t1;
    warnings = staged.warnings.length;
  } finally { db.close(); }
  return { ...f, stageMs, queryMs, stageCpuS, warnings };
}

/**
 * DuckDB reading both files, as text, and counting their rows: what no staging can beat (the
 * issue's floor). With `typed`, a second anchor: DuckDB's own typing of every value — each column
 * read, the catalog's numbers, booleans, dates and date-times (and the events' `at`) by TRY_CAST,
 * every value counted — which any scoring of the files pays at least, with no check, no warning,
 * no score and nothing stored.
 */
async function runFloor(types?: Catalog['fields']): Promise<Fold> {
  const db = await openDuckdb();
  const f = newFold();
  try {
    for (const name of ['leads.csv', 'events.csv']) {
      const src = `read_csv('${join(DIR, name)}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
      let what = 'count(*) AS n';
      if (types) {
        // The staging's own header reader and column types (io/duckdb.ts); text is counted as it is.
        const typeOf = (c: string) => (name === 'events.csv' ? (c === 'at' ? 'TIMESTAMP' : 'VARCHAR') : types[c] ? sqlType(types[c].type) : 'VARCHAR');
        what += (await csvHeader(join(DIR, name))).map((c) => `, count(${typeOf(c) === 'VARCHAR' ? ident(c) : `TRY_CAST(${ident(c)} AS ${typeOf(c)})`})`).join('');
      }
      const rows = (await db.conn.runAndReadAll(`SELECT ${what} FROM ${src}`)).getRowObjectsJS();
      if (name === 'leads.csv') f.leads = Number(rows[0].n);
    }
  } finally { db.close(); }
  return f;
}

// ---- driver -----------------------------------------------------------------------------------
async function child(which: string): Promise<void> {
  if (which === 'generate') { await generate(); return; }
  // The typed read's column types come from the catalog, read before its clock starts.
  const types = which === 'typed' ? compileProject(definitionsOf(loadLeadspecFiles(DEF_FILES))).catalog.fields : undefined;
  const t0 = performance.now();
  const f = which === 'floor' || which === 'typed' ? await runFloor(types) : await runDuckdb();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ms, cpuS: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024, fold: f }) + '\n');
}

type Run = { ms: number; cpuS: number; maxRssMb: number; fold: (Fold & { stageMs?: number; queryMs?: number; stageCpuS?: number; warnings?: number }) | Summary };
type DuckRun = Run & { fold: Fold & { stageMs: number; queryMs: number; stageCpuS: number; warnings: number } };

/** One child process, killed after TIMEOUT_S (default 240 s) so that the bench ends in bounded time. */
function runChild(which: string): Run | string {
  const timeout = Number(process.env.TIMEOUT_S ?? 240) * 1000;
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', which], { encoding: 'utf8', maxBuffer: 1 << 26, timeout, env: process.env });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `timed out after ${timeout / 1000} s`;
  if (r.status !== 0) return `failed:\n${r.stderr}`;
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const tg = performance.now();
  await generate();
  const load0 = loadavg();
  console.log(`data: ${LEADS.toLocaleString('en')} leads × ${EVENTS.toLocaleString('en')} events in ${DIR} (ready in ${((performance.now() - tg) / 1000).toFixed(1)} s)`);
  console.log(`machine: ${cpus().length} cores, load ${load0.map((x) => x.toFixed(1)).join(' ')} (shared; figures are noisy — compare the ratios)`);
  // The floor runs right before and right after DuckDB: the ratio uses the faster of the two.
  const order = (process.env.ENGINES ?? 'workers2,workers1,floor,duckdb,floor2,typed').split(',');
  const runs: Record<string, Run> = {};
  for (const which of order) {
    const w = /^workers(\d+)$/.exec(which);
    const r = w ? runCli(Number(w[1])) : runChild(which === 'floor2' ? 'floor' : which);
    if (typeof r === 'string') { console.error(`${which}: ${r}`); process.exitCode = 1; continue; }
    runs[which] = r;
  }
  const floor = [runs.floor, runs.floor2].filter(Boolean).sort((a, b) => a.ms - b.ms)[0];
  const duck = runs.duckdb as DuckRun | undefined;
  const cli = Object.keys(runs).filter((k) => k.startsWith('workers')).map((k) => ({ workers: Number(k.slice(7)), run: runs[k] }));
  const canon = (v: unknown): unknown => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canon(x)])) : v);
  // Every engine's summary as the report states it, against the first engine's.
  const summaries = [...cli.map((c) => [`--workers ${c.workers}`, c.run.fold as Summary] as const), ...(duck ? [['DuckDB', summaryOfFold(duck.fold)] as const] : [])];
  const same = summaries.length > 1 ? summaries.every(([, x]) => JSON.stringify(canon(x)) === JSON.stringify(canon(summaries[0][1]))) : undefined;
  const s = (ms: number) => (ms / 1000).toFixed(2).padStart(8) + ' s';
  const row = (name: string, r: Run | undefined, note: string) =>
    console.log(`${name.padEnd(24)} ${r ? `${s(r.ms)} ${r.cpuS.toFixed(1).padStart(8)} s ${r.maxRssMb.toFixed(0).padStart(8)} MB` : '   (not run / failed)'}   ${note}`);
  console.log(`${''.padEnd(24)} ${'wall'.padStart(10)} ${'CPU'.padStart(10)} ${'peak RSS'.padStart(11)}`);
  const one = cli.find((c) => c.workers === 1)?.run;
  for (const c of cli) row(`in-process --workers ${c.workers}`, c.run, `target ≤ 10 s ${c.run.ms <= 10_000 ? 'met' : 'MISSED'}${one && c.workers > 1 ? `; speed-up over --workers 1 ${(one.ms / c.run.ms).toFixed(2)}× (wall), CPU ${(c.run.cpuS / one.cpuS).toFixed(2)}× its` : ''}${duck ? `; ${(c.run.ms / duck.ms).toFixed(2)}× DuckDB's wall` : ''}`);
  row('DuckDB', duck, duck ? `target ≤ 5 s ${duck.ms <= 5000 ? 'met' : 'MISSED'}; staging ${s(duck.fold.stageMs).trim()}, query ${s(duck.fold.queryMs).trim()}` : '');
  row('DuckDB floor', floor, duck && floor ? `DuckDB / floor = ${(duck.ms / floor.ms).toFixed(2)}× wall, ${(duck.cpuS / floor.cpuS).toFixed(2)}× CPU (target ≤ 2×); staging alone ${(duck.fold.stageMs / floor.ms).toFixed(2)}× wall, ${(duck.fold.stageCpuS / floor.cpuS).toFixed(2)}× CPU` : '');
  const typed = runs.typed;
  row('DuckDB typed read', typed, typed && floor ? `${(typed.ms / floor.ms).toFixed(2)}× the floor's wall, ${(typed.cpuS / floor.cpuS).toFixed(2)}× its CPU${duck ? `; DuckDB / typed read = ${(duck.ms / typed.ms).toFixed(2)}× wall` : ''}` : '');
  if (same !== undefined) console.log(`summaries identical: ${same ? 'yes' : 'NO'} (${summaries.map(([k]) => k).join(', ')}: leads, grades, MQLs, mean total to the cent, ICP tiers of ${summaries[0][1].leads.toLocaleString('en')} leads)`);
  if (same === false) { console.log(JSON.stringify(summaries, null, 1)); process.exitCode = 1; }
  const load1 = loadavg();
  console.log(`load average after: ${load1.map((x) => x.toFixed(1)).join(' ')}`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const out = join(ROOT, 'bench', 'results', LEADS === 1_000_000 && EVENTS === 10_000_000 ? 'sql.json' : `sql-${LEADS}-${EVENTS}.json`);
  writeFileSync(out, JSON.stringify({
    leads: LEADS, events: EVENTS, cores: cpus().length, load_before: load0, load_after: load1, identical: same ?? null,
    in_process: cli.length ? Object.fromEntries(cli.map((c) => [`workers_${c.workers}`, { seconds: c.run.ms / 1000, cpu_seconds: c.run.cpuS, peak_rss_mb: c.run.maxRssMb, target_seconds: 10 }])) : null,
    duckdb: duck ? { seconds: duck.ms / 1000, stage_seconds: duck.fold.stageMs / 1000, stage_cpu_seconds: duck.fold.stageCpuS, query_seconds: duck.fold.queryMs / 1000, warnings: duck.fold.warnings,
      cpu_seconds: duck.cpuS, peak_rss_mb: duck.maxRssMb, target_seconds: 5, rows_to_js: process.env.LEADSPEC_BENCH_ROWS === '1' } : null,
    duckdb_floor: floor ? { seconds: floor.ms / 1000, cpu_seconds: floor.cpuS, runs_seconds: [runs.floor, runs.floor2].filter(Boolean).map((r) => r.ms / 1000),
      ratio: duck ? duck.ms / floor.ms : null, cpu_ratio: duck ? duck.cpuS / floor.cpuS : null, stage_ratio: duck ? duck.fold.stageMs / floor.ms : null, stage_cpu_ratio: duck ? duck.fold.stageCpuS / floor.cpuS : null, target_ratio: 2 } : null,
    duckdb_typed_read: typed ? { seconds: typed.ms / 1000, cpu_seconds: typed.cpuS, floor_ratio: floor ? typed.ms / floor.ms : null, floor_cpu_ratio: floor ? typed.cpuS / floor.cpuS : null, duckdb_ratio: duck ? duck.ms / typed.ms : null } : null,
  }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

const i = process.argv.indexOf('--child');
if (i >= 0) child(process.argv[i + 1]).catch((e) => { console.error(e); process.exit(1); });
else if (process.env.LEADS === undefined && process.env.EVENTS === undefined) {
  // `npm run bench sql`: both sizes of the issue, 100k × 1M then 1M × 10M, each a run of its own.
  for (const [leads, events] of [[100_000, 1_000_000], [1_000_000, 10_000_000]]) {
    console.log(`\n--- ${leads.toLocaleString('en')} leads × ${events.toLocaleString('en')} events`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename], { stdio: 'inherit', env: { ...process.env, LEADS: String(leads), EVENTS: String(events) } });
    if (r.status !== 0) process.exitCode = 1;
  }
} else main().catch((e) => { console.error(e); process.exit(1); });
