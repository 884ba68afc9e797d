// The backtest in SQL (`leadspec sql --backtest`, core/sql/backtest.ts) against its anchor, the
// per-lead query of `leadspec sql` (every model's outputs, explanation and ICP JSON), both in
// embedded DuckDB over the same staged tables, in the same run: the samples' leads and events
// repeated K times under new ids (default 50: 100,000 leads, 2.3M events) and the samples'
// definitions and outcomes. The anchor's rows are folded inside DuckDB (count distinct of each
// output) so that neither side ships rows to JavaScript. Three interleaved runs, best of each;
// the ratio is the figure (the machine is shared, absolute times are noisy).
// With PG=1 the same two queries also run in a throwaway PostgreSQL (test/parity/pg-harness.ts)
// over typed tables of the loaded leads (loading is not timed).
// Writes bench/results/sql-backtest.json.
//   npm run bench sql-backtest        (K=… to resize; PG=1 K=10 for PostgreSQL too)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { openDuckdb, stageInputs, stagedOptions } from '../server/src/io/duckdb.js';
import { loadLeadspecFiles } from '../server/src/io/files.js';
import { collectWorkspace, catalogFor } from '../server/src/core/sql/workspace.js';
import { compileBacktestSql } from '../server/src/core/sql/backtest.js';
import { compileSql } from '../server/src/core/sql/compile.js';
import { resolveOutcomes } from '../server/src/core/outcomes/spec.js';
import { loadSampleFiles } from '../server/src/io/samples.js';
import { eventsOf } from '../server/src/core/data/event-store.js';
import { ident } from '../server/src/core/sql/dialect.js';
import type { FieldsDef } from '../server/src/core/model.js';
import type { Catalog } from '../server/src/core/data/leads.js';
import { startPostgres } from '../test/parity/pg-harness.js';
import pg from 'pg';

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
    const bt = compileBacktestSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cat, spec, ...stagedOptions(staged) });
    const per = compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cat, asOfMs: spec.asOf, ...stagedOptions(staged) });
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
    const postgres = process.env.PG === '1' ? await runPostgres(files, cat, spec) : undefined;
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'sql-backtest.json'), JSON.stringify({
      leads: staged.leads, cores: cpus().length, load: loadavg(), anchor_seconds: best.anchor / 1000, backtest_seconds: best.backtest / 1000, ratio, postgres,
    }, null, 2) + '\n');
  } finally { db.close(); }
}

const PG_TYPE: Record<string, string> = { string: 'text', enum: 'text', integer: 'bigint', number: 'float8', boolean: 'boolean', date: 'date', datetime: 'timestamptz', list: 'text' };

/** The same two queries in PostgreSQL, over typed tables of the leads as the loader reads them. */
async function runPostgres(files: { leads: string; events: string }, cat: FieldsDef, spec: ReturnType<typeof resolveOutcomes>) {
  const ws = collectWorkspace(loadLeadspecFiles([join(ROOT, 'samples')]));
  const loaded = await loadSampleFiles(cat as unknown as Catalog, files);
  const server = await startPostgres();
  const c = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
  await c.connect();
  try {
    const fields = Object.entries(cat.fields ?? {}).filter(([, d]) => d && typeof d.type === 'string');
    const props = new Map<string, string>();
    for (const ev of Object.values(cat.events ?? {})) for (const [p, t] of Object.entries(ev?.properties ?? {})) props.set(p, t === 'number' ? 'float8' : t === 'boolean' ? 'boolean' : 'text');
    await c.query(`CREATE TABLE leads (id text${fields.map(([k, d]) => `, ${ident(k)} ${PG_TYPE[d.type]}`).join('')});
      CREATE TABLE events (lead_id text, event text, at timestamptz${[...props].map(([p, t]) => `, ${ident(p)} ${t}`).join('')})`);
    const cell = (type: string, v: unknown) => (v === undefined || v === null ? null : type === 'date' ? new Date(v as number).toISOString().slice(0, 10)
      : type === 'datetime' ? new Date(v as number).toISOString() : type === 'list' ? (v as string[]).join(';') : v);
    for (let i = 0; i < loaded.leads.length; i += 5000) {
      const ch = loaded.leads.slice(i, i + 5000);
      await c.query(`INSERT INTO leads SELECT * FROM unnest($1::text[]${fields.map(([, d], j) => `, $${j + 2}::${PG_TYPE[d.type]}[]`).join('')})`,
        [ch.map((l) => l.id), ...fields.map(([k, d]) => ch.map((l) => cell(d.type, l.values[k])))]);
      const evs = ch.flatMap((l) => eventsOf(l).map((e) => ({ id: l.id, e })));
      const pts = [...props];
      await c.query(`INSERT INTO events SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]${pts.map(([, t], j) => `, $${j + 4}::${t}[]`).join('')})`,
        [evs.map((x) => x.id), evs.map((x) => x.e.event), evs.map((x) => new Date(x.e.at).toISOString()), ...pts.map(([p, t]) => evs.map((x) => {
          const v = x.e.props[p];
          return (t === 'float8' && typeof v !== 'number') || (t === 'boolean' && typeof v !== 'boolean') || v === undefined ? null : v;
        }))]);
    }
    await c.query('ANALYZE');
    const bt = compileBacktestSql({ dialect: 'postgres', scorings: ws.scorings, icps: ws.icps, catalog: cat, spec });
    const per = compileSql({ dialect: 'postgres', scorings: ws.scorings, icps: ws.icps, catalog: cat, asOfMs: spec.asOf });
    const cols = per.models.flatMap((m) => ['total', 'grade', 'mql', 'disqualified', 'rules'].map((k) => `CAST("${m.prefix}${k}" AS text)`));
    const anchor = `SELECT count(*), ${cols.map((x) => `count(DISTINCT ${x})`).join(', ')}, count(DISTINCT CAST(icps AS text)) FROM (${per.select}) AS r`;
    const best = { anchor: Infinity, backtest: Infinity };
    for (let i = 0; i < 2; i++) {
      let t0 = performance.now();
      await c.query(anchor);
      best.anchor = Math.min(best.anchor, performance.now() - t0);
      t0 = performance.now();
      await c.query(bt.sql);
      best.backtest = Math.min(best.backtest, performance.now() - t0);
    }
    const ratio = best.backtest / best.anchor;
    console.log(`PostgreSQL: per-lead query best ${(best.anchor / 1000).toFixed(2)} s, backtest query best ${(best.backtest / 1000).toFixed(2)} s   backtest / anchor = ${ratio.toFixed(2)}×`);
    return { anchor_seconds: best.anchor / 1000, backtest_seconds: best.backtest / 1000, ratio };
  } finally { await c.end(); server.stop(); }
}

main().catch((e) => { console.error(e); process.exit(1); });
