// Scale: 1M leads × 10M events (generated deterministically into bench/out/, git-ignored),
// scored with the sample definitions (samples/: two ICPs, a grades model and a matrix model;
// SLAs left out — the SQL path does not compute them) two ways, each in its own process:
//   in-process streaming — leads.csv and events.csv read record by record (the loader's CSV
//                          reader, the engine's LeadCollector per batch of leads), every lead evaluated
//                          (ICPs + both models) and folded into a summary, nothing retained
//   DuckDB               — the compiled query of each model run in embedded DuckDB straight
//                          over the same files, rows streamed back and folded the same way
//   DuckDB floor         — DuckDB's own read_csv + count(*) of the same two files (as the staging
//                          reads them: all columns as text), the anchor the DuckDB run is held to
// Prints wall time and peak RSS side by side, checks both summaries are identical, and writes
// bench/results/sql.json. Targets: in-process ≤ 10 s, DuckDB ≤ 5 s and ≤ 2× its floor.
//   npm run bench sql            (LEADS=… EVENTS=… to change the size)
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { compileProject, definitionsOf, evaluateLead, type CompiledProject } from '../server/src/core/eval/simulate.js';
import { CsvRecords, LeadCollector } from '../server/src/core/data/leads.js';
import { csvBatches } from '../server/src/io/samples.js';
import { compileSql } from '../server/src/core/sql/compile.js';
import { collectWorkspace } from '../server/src/core/sql/workspace.js';
import { openDuckdb, stageInputs, runCompiled, scoreOfRow, STAGED } from '../server/src/io/duckdb.js';
import type { IcpMatch, ScoreResult } from '../server/src/core/results.js';
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

function project(): CompiledProject { return compileProject(definitionsOf(loadLeadspecFiles(DEF_FILES))); }

/** Records of csvBatches one at a time, awaiting only when a batch runs out. */
class Cursor {
  private batch: (string[] | number)[] = [];
  private i = 0;
  constructor(private readonly it: AsyncGenerator<(string[] | number)[]>) {}
  ready(): boolean { return this.i < this.batch.length; }
  async fill(): Promise<boolean> {
    while (this.i >= this.batch.length) { const n = await this.it.next(); if (n.done) return false; this.batch = n.value; this.i = 0; }
    return true;
  }
  take(): [string[], number] { const r: [string[], number] = [this.batch[this.i] as string[], this.batch[this.i + 1] as number]; this.i += 2; return r; }
}

async function runMemory(): Promise<Fold> {
  const cp = project();
  const f = newFold();
  const leadsIt = new Cursor(csvBatches(join(DIR, 'leads.csv'))), eventsIt = new Cursor(csvBatches(join(DIR, 'events.csv')));
  const lcsv = new CsvRecords('leads.csv', () => {}), ecsv = new CsvRecords('events.csv', () => {}, ['lead_id', 'event', 'at']);
  let pending: { rec: Record<string, string>; row: number } | undefined;
  let eventsDone = false;
  for (;;) {
    // A batch of leads, then every event of those leads (events are grouped in lead order).
    const c = new LeadCollector(cp.catalog);
    let n = 0, done = false;
    while (n < 5000) {
      if (!leadsIt.ready() && !(await leadsIt.fill())) { done = true; break; }
      const out = lcsv.row(...leadsIt.take());
      if (out && c.addLead(out.rec, 'leads.csv', out.row)) n++;
    }
    for (;;) {
      if (!pending) {
        if (eventsDone) break;
        if (!eventsIt.ready() && !(await eventsIt.fill())) { eventsDone = true; break; }
        pending = ecsv.row(...eventsIt.take());
        if (!pending) continue;
      }
      if (!c.byId.has(pending.rec.lead_id.trim())) break;
      c.addEvent(pending.rec, 'events.csv', pending.row);
      pending = undefined;
    }
    for (const lead of c.finish().leads) {
      const r = evaluateLead(cp, lead, AS_OF);
      f.leads++;
      fold(f, r.icps, undefined, undefined);
      for (const id in r.scores) fold(f, undefined, id, r.scores[id]);
    }
    if (done) break;
  }
  return f;
}

/**
 * DuckDB: the compiled query of each model, summarised where the data is (GROUP BY over the
 * query's rows), so that only the summary crosses into JavaScript. LEADSPEC_BENCH_ROWS=1
 * streams every row into JavaScript instead (what `simulate --engine duckdb` does).
 */
async function runDuckdb(): Promise<Fold> {
  const files = loadLeadspecFiles(DEF_FILES);
  const cp = compileProject(definitionsOf(files));
  const ws = collectWorkspace(files);
  const f = newFold();
  const db = await openDuckdb();
  try {
    await stageInputs(db.conn, join(DIR, 'leads.csv'), join(DIR, 'events.csv'), cp.catalog);
    for (let i = 0; i < ws.scorings.length; i++) {
      const id = ws.scorings[i].def.id;
      const c = compileSql({ dialect: 'duckdb', scoring: ws.scorings[i], icps: ws.icps, catalog: cp.catalog, ...STAGED, asOfMs: AS_OF });
      if (process.env.LEADSPEC_BENCH_ROWS === '1') {
        await runCompiled(db.conn, c, (row) => {
          if (i === 0) { f.leads++; fold(f, row.icps, undefined, undefined); }
          fold(f, undefined, id, scoreOfRow(row, c));
        });
        continue;
      }
      const body = c.sql.replace(/\nORDER BY ls_ord;\n$/, '');
      const groups = (await db.conn.runAndReadAll(`SELECT grade, count(*) AS n, sum(CASE WHEN mql THEN 1 ELSE 0 END) AS mql,
        sum(CAST(round(total * 100) AS BIGINT)) AS cents${i === 0 ? ', CAST(icps AS VARCHAR) AS icps' : ''} FROM (${body}) AS r GROUP BY ALL`)).getRowObjectsJS();
      for (const g of groups) {
        const n = Number(g.n);
        const gr = (f.grades[id] ??= {});
        gr[String(g.grade)] = (gr[String(g.grade)] ?? 0) + n;
        if (Number(g.mql)) f.mql[id] = (f.mql[id] ?? 0) + Number(g.mql);
        f.cents[id] = (f.cents[id] ?? 0) + Number(g.cents);
        if (i === 0) {
          f.leads += n;
          for (const m of JSON.parse(String(g.icps)) as IcpMatch[]) { const k = `${m.id}/${m.tier}`; f.icps[k] = (f.icps[k] ?? 0) + n; }
        }
      }
    }
  } finally { db.close(); }
  return f;
}

/** DuckDB reading both files and counting their rows: what no staging can beat. */
async function runFloor(): Promise<Fold> {
  const db = await openDuckdb();
  const f = newFold();
  try {
    for (const name of ['leads.csv', 'events.csv']) {
      const rows = (await db.conn.runAndReadAll(`SELECT count(*) AS n FROM read_csv('${join(DIR, name)}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`)).getRowObjectsJS();
      if (name === 'leads.csv') f.leads = Number(rows[0].n);
    }
  } finally { db.close(); }
  return f;
}

// ---- driver -----------------------------------------------------------------------------------
async function child(which: string): Promise<void> {
  const t0 = performance.now();
  const f = which === 'memory' ? await runMemory() : which === 'floor' ? await runFloor() : await runDuckdb();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ms, cpuS: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024, fold: f }) + '\n');
}

async function main(): Promise<void> {
  const tg = performance.now();
  await generate();
  console.log(`data: ${LEADS.toLocaleString('en')} leads × ${EVENTS.toLocaleString('en')} events in ${DIR} (ready in ${((performance.now() - tg) / 1000).toFixed(1)} s)`);
  console.log(`machine: ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared; figures are noisy)`);
  const runs: Record<string, { ms: number; cpuS: number; maxRssMb: number; fold: Fold }> = {};
  for (const which of ['memory', 'duckdb', 'floor']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', which], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) { console.error(`${which} run failed:\n${r.stderr}`); process.exitCode = 1; return; }
    runs[which] = JSON.parse(r.stdout.trim().split('\n').pop()!);
  }
  const canon = (v: unknown): unknown => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canon(x)])) : v);
  const same = JSON.stringify(canon(runs.memory.fold)) === JSON.stringify(canon(runs.duckdb.fold));
  const row = (name: string, r: { ms: number; cpuS: number; maxRssMb: number }, target: number) =>
    `${name.padEnd(22)} ${(r.ms / 1000).toFixed(2).padStart(8)} s ${r.cpuS.toFixed(1).padStart(8)} s ${r.maxRssMb.toFixed(0).padStart(8)} MB   target ≤ ${target} s ${r.ms / 1000 <= target ? 'met' : 'MISSED'}`;
  console.log(`${''.padEnd(22)} ${'wall'.padStart(10)} ${'CPU'.padStart(10)} ${'peak RSS'.padStart(11)}`);
  console.log(row('in-process streaming', runs.memory, 10));
  console.log(row('DuckDB', runs.duckdb, 5));
  console.log(`${'DuckDB floor'.padEnd(22)} ${(runs.floor.ms / 1000).toFixed(2).padStart(8)} s ${runs.floor.cpuS.toFixed(1).padStart(8)} s ${runs.floor.maxRssMb.toFixed(0).padStart(8)} MB   DuckDB / floor = ${(runs.duckdb.ms / runs.floor.ms).toFixed(1)}× (target ≤ 2×)`);
  console.log(`summaries identical: ${same ? 'yes' : 'NO'} (grades, MQL, Σ totals in cents, ICP tiers of ${runs.memory.fold.leads.toLocaleString('en')} leads)`);
  if (!same) { console.log(JSON.stringify(runs, null, 1)); process.exitCode = 1; }
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'sql.json'), JSON.stringify({
    leads: LEADS, events: EVENTS, cores: cpus().length, load: loadavg(), identical: same,
    in_process: { seconds: runs.memory.ms / 1000, cpu_seconds: runs.memory.cpuS, peak_rss_mb: runs.memory.maxRssMb, target_seconds: 10 },
    duckdb: { seconds: runs.duckdb.ms / 1000, cpu_seconds: runs.duckdb.cpuS, peak_rss_mb: runs.duckdb.maxRssMb, target_seconds: 5, rows_to_js: process.env.LEADSPEC_BENCH_ROWS === '1' },
    duckdb_floor: { seconds: runs.floor.ms / 1000, cpu_seconds: runs.floor.cpuS, ratio: runs.duckdb.ms / runs.floor.ms, target_ratio: 2 },
  }, null, 2) + '\n');
}

const i = process.argv.indexOf('--child');
if (i >= 0) child(process.argv[i + 1]).catch((e) => { console.error(e); process.exit(1); });
else main().catch((e) => { console.error(e); process.exit(1); });
