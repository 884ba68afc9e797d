// The backtest in SQL (`leadspec sql --backtest`, core/sql/backtest.ts) against its anchor, the
// per-lead query of `leadspec sql` (every model's outputs, explanation and ICP JSON), both in
// embedded DuckDB over the same staged tables, in the same run: the samples' leads and events
// repeated K times under new ids (default 50: 100,000 leads, 2.3M events) and the samples'
// definitions and outcomes. The anchor's rows are folded inside DuckDB (count distinct of each
// output) so that neither side ships rows to JavaScript. Three interleaved runs, best of each;
// the ratio is the figure (the machine is shared, absolute times are noisy).
// Writes bench/results/sql-backtest.json.
//   npm run bench sql-backtest        (K=… to resize)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { openDuckdb, stageInputs, STAGED } from '../server/src/io/duckdb.js';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { collectWorkspace, catalogFor } from '../server/src/core/sql/workspace.js';
import { compileBacktestSql } from '../server/src/core/sql/backtest.js';
import { compileSql } from '../server/src/core/sql/compile.js';
import { resolveOutcomes } from '../server/src/core/outcomes/spec.js';

const K = Number(process.env.K ?? 50);
const ROOT = resolve(__dirname, '..');
const DIR = join(ROOT, 'bench', 'out', `sql-backtest-${K}`);

function generate(): { leads: string; events: string } {
  const leads = join(DIR, 'leads.csv'), events = join(DIR, 'events.jsonl');
  if (existsSync(events)) return { leads, events };
  mkdirSync(DIR, { recursive: true });
  const [head, ...rows] = readFileSync(join(ROOT, 'samples', 'leads.csv'), 'utf8').trim().split('\n');
  const evs = readFileSync(join(ROOT, 'samples', 'events.jsonl'), 'utf8').trim().split('\n');
  const L: string[] = [head], E: string[] = [];
  for (let k = 0; k < K; k++) {
    for (const r of rows) L.push(r.replace(/^L/, `K${k}L`));
    for (const e of evs) E.push(e.replace('"lead_id":"L', `"lead_id":"K${k}L`));
  }
  writeFileSync(leads, L.join('\n') + '\n');
  writeFileSync(events, E.join('\n') + '\n');
  return { leads, events };
}

async function main(): Promise<void> {
  const files = generate();
  const ws = collectWorkspace(loadLeadspecFiles([join(ROOT, 'samples')]));
  const cat = catalogFor(ws, undefined)!;
  const spec = resolveOutcomes(ws.project!.def, cat as never);
  const db = await openDuckdb();
  try {
    const staged = await stageInputs(db.conn, files.leads, files.events, cat);
    const bt = compileBacktestSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cat, spec, ...STAGED });
    const per = compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cat, asOfMs: spec.asOf, ...STAGED });
    const cols = per.models.flatMap((m) => ['total', 'grade', 'mql', 'disqualified', 'rules'].map((k) => `"${m.prefix}${k}"`));
    const anchor = `SELECT count(*), ${cols.map((c) => `count(DISTINCT ${c})`).join(', ')}, count(DISTINCT CAST(icps AS VARCHAR)) FROM (${per.select}) AS r`;
    const best = { anchor: Infinity, backtest: Infinity };
    for (let i = 0; i < 3; i++) {
      let t0 = performance.now();
      await db.conn.runAndReadAll(anchor);
      best.anchor = Math.min(best.anchor, performance.now() - t0);
      t0 = performance.now();
      await db.conn.runAndReadAll(bt.sql);
      best.backtest = Math.min(best.backtest, performance.now() - t0);
    }
    const ratio = best.backtest / best.anchor;
    console.log(`data: ${staged.leads.toLocaleString('en')} leads (samples × ${K}); machine: ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared; figures are noisy)`);
    console.log(`per-lead query (anchor)   best ${(best.anchor / 1000).toFixed(2)} s`);
    console.log(`backtest query            best ${(best.backtest / 1000).toFixed(2)} s   backtest / anchor = ${ratio.toFixed(2)}×`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'sql-backtest.json'), JSON.stringify({
      leads: staged.leads, cores: cpus().length, load: loadavg(), anchor_seconds: best.anchor / 1000, backtest_seconds: best.backtest / 1000, ratio,
    }, null, 2) + '\n');
  } finally { db.close(); }
}

main().catch((e) => { console.error(e); process.exit(1); });
