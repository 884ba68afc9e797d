// `leadspec simulate --engine duckdb|auto`: the same SimulationResult as the in-process engine,
// computed by the compiled SQL in embedded DuckDB straight over the sample files.
// `auto` picks DuckDB when the lead and event files together exceed AUTO_DUCKDB_BYTES and the
// definitions can be compiled to SQL (nothing the compiler rejects). Every model, ICP and SLA is
// computed by ONE compiled query (core/sql/compile.ts with `scorings` and `slas`).
import { existsSync, statSync } from 'node:fs';
import { InputError } from './files.js';
import { chooseProject, displayPath, loadCheckedDefinitions, samplePaths } from './simulation-inputs.js';
import type { ParsedFile } from '../core/syntax/parse.js';
import { UsageError } from './errors.js';
import { compileProject, definitionsOf, histogram } from '../core/eval/simulate.js';
import { compileSql, EVENT_COUNT, SqlUnsupportedError, type CompiledSql } from '../core/sql/compile.js';
import type { SlaRange } from '../core/sql/sla.js';
import type { SlaDef } from '../core/model.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { collectWorkspace } from '../core/sql/workspace.js';
import { isoUtc, type VolumeInfo, type DataWarning, type IcpSummary, type Lead, type LeadResult, type ScoringSummary, type SimulationResult } from '../core/results.js';
import { parseDatetime } from '../core/data/values.js';
import { openDuckdb, runSettled, stageInputs, latestInstant, STAGED, stagedOptions, LEADS_VIEW, KEPT_EVENTS, ROW_COLUMN, DuckdbMissingError, scanForDuckdb, type CatalogLike, type FileScan } from './duckdb.js';
import { leadOfRow, skipWarnings, slaSummary, streamRows } from './sql-rows.js';
import { progressDone, progressRows, progressStartRows } from './progress.js';
import { feedbackSpec, type FeedbackSpec } from '../core/outcomes/spec.js';
import { feedbackSummary } from '../core/outcomes/feedback.js';
import { ident } from '../core/sql/dialect.js';
import type { ProjectDef } from '../core/model.js';
import type { SimulationInputs } from './simulation-inputs.js';

/** Above this many bytes of leads + events, `--engine auto` runs DuckDB (documented in docs/sql.md). */
export const AUTO_DUCKDB_BYTES = 64 * 1024 * 1024;

export type Engine = 'auto' | 'memory' | 'duckdb';

interface Flags { project?: string; defs?: string[]; leads?: string; events?: string; 'as-of'?: string; strict?: boolean }

const size = (p?: string) => (p && existsSync(p) ? statSync(p).size : 0);

/**
 * Runs the simulation in DuckDB, or returns undefined when `auto` keeps the in-process engine.
 * With `--engine duckdb` anything the SQL path cannot do is an error naming the reason.
 */
export async function simulateWithDuckdb(v: Flags, engine: Engine, checked?: { files: ParsedFile[]; projectFile?: string }): Promise<{ result: SimulationResult; meta: Pick<SimulationInputs, 'asOfSource' | 'leadsFile' | 'eventsFile' | 'events'> } | undefined> {
  if (engine === 'memory') return undefined;
  const explicit = engine === 'duckdb';
  // The same files as the in-process path, through the same gate (RefusedError on errors).
  const { files, projectFile } = checked ?? loadCheckedDefinitions(v, 'simulate');
  const ws = collectWorkspace(files);
  // The project the in-process path takes (prepareSimulation): its samples, as_of and feedback.
  const { project, projectFile: chosenFile } = chooseProject(files, projectFile);
  const { leadsPath, eventsPath } = samplePaths(v, project, chosenFile);
  if (!leadsPath) return undefined; // the in-process path explains what is missing
  if (!explicit && size(leadsPath) + size(eventsPath) <= AUTO_DUCKDB_BYTES) return undefined;

  const refuse = (why: string): undefined => {
    if (explicit) throw new UsageError(`--engine duckdb: ${why}; use --engine memory`);
    return undefined;
  };
  const cp = compileProject(definitionsOf(files), project?.id);
  // Duplicate ids: the first wins, as in compileProject (the checker reports the others).
  const firstOf = <T extends { def: { id: string } }>(xs: T[]) => xs.filter((x, i) => xs.findIndex((y) => y.def.id === x.def.id) === i);
  const icps = firstOf(ws.icps), models = firstOf(ws.scorings);
  const slas = firstOf(ws.slas.map((doc) => ({ def: doc.value as SlaDef, doc })));
  // A commitment the engine leaves out (the checker reports why) cannot be computed in SQL either.
  if (cp.slaProblems.length) return refuse(`SLA '${cp.slaProblems[0].sla}': ${cp.slaProblems[0].problem.message}`);
  // Every model, ICP and SLA in one query; the calendar days are those the data spans.
  const compileAll = (asOfMs: number, slaRange: SlaRange, staged: typeof STAGED = STAGED): CompiledSql =>
    compileSql({ dialect: 'duckdb', scorings: models, icps, slas, catalog: cp.catalog, ...staged, nested: true, asOfMs, slaRange, countEvents: true });
  let trial: CompiledSql;
  try { trial = compileAll(0, { fromMs: 0, toMs: 0 }); } catch (e) {
    if (e instanceof SqlUnsupportedError) return refuse(e.message);
    throw e;
  }
  // as_of: explicit, else the project's, else the latest event or datetime value (SPEC §7).
  const asOfText = v['as-of'] ?? (project?.as_of !== undefined ? String(project.as_of) : undefined);
  const fb = feedbackSpec(project as ProjectDef | undefined);
  // The lead fields read after staging — the query's, the datetime fields when the data gives
  // as_of (latestInstant), the feedback's — are the ones stored; the others are checked (their
  // warnings) but not kept. With SLAs every field is kept (their calendar days read every date).
  const keep = slas.length ? undefined : new Set([...trial.leadFields,
    ...(asOfText === undefined ? Object.entries(cp.catalog.fields ?? {}).filter(([, d]) => d?.type === 'datetime').map(([k]) => k) : []),
    ...(fb ? [fb.field, fb.reason].filter((c): c is string => c !== undefined) : [])]);

  // Same leads and the same warnings as in-process, or in-process itself, saying why.
  const fallBack = (why: string): undefined => {
    // DuckDB's own messages name the files by the absolute paths it was given: shown as the user wrote them.
    for (const p of [leadsPath, eventsPath]) if (p) why = why.split(p).join(displayPath(p));
    process.stderr.write(`leadspec simulate: --engine ${engine}: ${why}; computing in-process instead (the same leads and warnings)\n`);
    return undefined;
  };
  let db: Awaited<ReturnType<typeof openDuckdb>>;
  try {
    db = await openDuckdb();
  } catch (e) {
    // `auto` only prefers DuckDB for speed: without it, the in-process engine gives the same result.
    if (e instanceof DuckdbMissingError && !explicit) return undefined;
    throw e;
  }
  // The pre-scan of the files runs while DuckDB stages them (DuckDB works in its own threads);
  // the staging takes from it where quoted cells hold line breaks (the lines of its rows).
  const scans = new Map<string, Promise<FileScan>>();
  for (const f of [leadsPath, eventsPath]) {
    // A file that cannot be read is reported by the staging (or in-process).
    if (f && existsSync(f)) scans.set(f, scanForDuckdb(f).catch(() => ({ breaks: [] })));
  }
  const scan = (async () => {
    for (const [f, p] of scans) {
      const { why } = await p;
      if (why) return `${displayPath(f)}: DuckDB reads this file differently (${why})`;
    }
    return undefined;
  })();
  const breaksOf = async (f: string) => (await scans.get(f))?.breaks ?? [];
  try {
    let staged;
    // With as_of known, nothing reads the staged events before the query, so the query's
    // per-lead event counts can stand in for the events' unknown-lead check (staged.settle).
    try { staged = await stageInputs(db.conn, leadsPath, eventsPath, cp.catalog, displayPath, breaksOf, keep, { deferUnknownLeads: asOfText !== undefined }); } catch (e) {
      if (e instanceof InputError) return fallBack((await scan) ?? e.message);
      throw e;
    }
    const why = await scan;
    if (why) return fallBack(why);
    let asOf: number | undefined;
    if (asOfText !== undefined) {
      asOf = parseDatetime(asOfText);
      if (asOf === undefined) throw new UsageError(`as_of '${asOfText}' is not an ISO 8601 date-time (e.g. 2026-11-20T12:00:00Z)`);
    } else asOf = await latestInstant(db.conn, cp.catalog);
    // Where as_of came from, as the in-process engine says it (core/eval's resolveAsOf).
    const asOfSource: SimulationInputs['asOfSource'] = v['as-of'] !== undefined ? 'explicit' : asOfText !== undefined ? 'project' : asOf !== undefined ? 'sample' : 'now';
    asOf ??= Math.floor(Date.now() / 1000) * 1000;
    // The span is for the SLA calendars' days only.
    const compiled = compileAll(asOf, slas.length ? await dataSpan(db.conn, cp.catalog, asOf) : { fromMs: asOf, toMs: asOf }, stagedOptions(staged));
    const leads: LeadResult[] = [];
    const slaWarnings: DataWarning[] = [];
    const leadsFile = displayPath(leadsPath);
    // The events' unknown-lead check settled from the query's counts (runSettled).
    await runSettled(staged, compiled.eventCount, async (count) => {
      leads.length = 0; slaWarnings.length = 0;
      let matched = 0;
      progressStartRows(staged.leads);
      await streamRows(db.conn, compiled.sql, (raw) => {
        progressRows(1);
        const read = leadOfRow(raw, compiled);
        leads.push(read.lead);
        if (read.skips.length) slaWarnings.push(...skipWarnings(read, leadsFile));
        if (count) matched += Number(raw[EVENT_COUNT] ?? 0);
      });
      return matched;
    });
    const volume: Record<string, unknown>[] = [];
    if (compiled.volumeSql) await streamRows(db.conn, compiled.volumeSql, (r) => volume.push(r));
    const summary = summarize(cp, leads);
    summary.sla = slaSummary(compiled, leads, volume);
    const volumeInfo = await volumeInfos(db.conn, cp, compiled, asOf, summary.sla);
    if (Object.keys(volumeInfo).length) summary.volume = volumeInfo;
    const result: SimulationResult = { as_of: isoUtc(asOf), leads, summary, warnings: [...staged.warnings, ...slaWarnings] };
    if (fb) summary.feedback = feedbackSummary(cp, fb, await feedbackLeads(db.conn, fb, cp.catalog, leadsFile), result, result.warnings);
    // The report's header as the in-process engine writes it: the files as the user named them,
    // and the events the leads hold (the staged events: those the loader keeps).
    const events = eventsPath ? Number((await db.conn.runAndReadAll(`SELECT count(*) AS n FROM ${KEPT_EVENTS}`)).getRowObjectsJS()[0].n) : 0;
    return { result, meta: { asOfSource, leadsFile, eventsFile: eventsPath ? displayPath(eventsPath) : undefined, events } };
  } finally {
    progressDone();
    db.close();
  }
}

/**
 * Each volume commitment's target and partial periods (the extension beside SPEC's summary),
 * from the engine's own definition: only the earliest instant of the date field comes from SQL.
 */
async function volumeInfos(conn: DuckDBConnection, cp: ReturnType<typeof compileProject>, compiled: CompiledSql, asOf: number, sla: SimulationResult['summary']['sla']): Promise<Record<string, VolumeInfo>> {
  const out: Record<string, VolumeInfo> = {};
  for (const c of compiled.commitments) {
    if (c.kind !== 'volume') continue;
    const def = cp.slas.find((s) => s.keys.includes(c.key));
    const field = def?.volumeDate(c.key);
    if (!def || field === undefined) continue;
    let earliest = Infinity;
    await streamRows(conn, `SELECT min(epoch_ms(${ident(field)})) AS lo FROM ${LEADS_VIEW}`, (r) => {
      if (r.lo !== null && r.lo !== undefined) earliest = Number(r.lo);
    });
    const summary = sla[c.key];
    const periods = summary && 'periods' in summary ? Object.keys(summary.periods) : [];
    const info = def.volumeInfo(c.key, periods, earliest, asOf);
    if (info) out[c.key] = info;
  }
  return out;
}

/** The leads' feedback and reason values (file order, with their rows), for the feedback summary of SPEC §11. */
async function feedbackLeads(conn: DuckDBConnection, fb: FeedbackSpec, catalog: CatalogLike | undefined, file: string): Promise<Lead[]> {
  const cols = [fb.field, fb.reason].filter((c): c is string => c !== undefined && catalog?.fields?.[c] !== undefined);
  const out: Lead[] = [];
  await streamRows(conn, `SELECT ${ROW_COLUMN} AS ls_row, id${cols.map((c) => `, CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`).join('')} FROM ${LEADS_VIEW} ORDER BY ${ROW_COLUMN}`, (r) => {
    const values: Record<string, unknown> = {};
    for (const c of cols) if (r[c] !== null && r[c] !== undefined) values[c] = String(r[c]);
    out.push({ id: String(r.id), source: { file, row: Number(r.ls_row) }, values, raw: {}, events: [] });
  });
  return out;
}

/**
 * The instants the staged data spans (every date and datetime field, and as_of), for the SLA
 * calendar days the query needs. The staged tables are small to scan for this next to the query.
 */
async function dataSpan(conn: DuckDBConnection, catalog: CatalogLike | undefined, asOf: number): Promise<SlaRange> {
  const cols = Object.entries(catalog?.fields ?? {}).filter(([, d]) => d?.type === 'date' || d?.type === 'datetime').map(([k]) => `"${k.replace(/"/g, '""')}"`);
  let fromMs = asOf, toMs = asOf;
  if (cols.length) {
    const parts = cols.map((c) => `SELECT min(epoch_ms(${c})) AS lo, max(epoch_ms(${c})) AS hi FROM ${LEADS_VIEW}`);
    await streamRows(conn, `SELECT min(lo) AS lo, max(hi) AS hi FROM (${parts.join(' UNION ALL ')})`, (r) => {
      if (r.lo !== null && r.lo !== undefined) fromMs = Math.min(fromMs, Number(r.lo));
      if (r.hi !== null && r.hi !== undefined) toMs = Math.max(toMs, Number(r.hi));
    });
  }
  return { fromMs, toMs };
}

const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

/** The summary of SPEC §7/§8 over computed lead results, as core/eval/simulate.ts builds it. */
export function summarize(cp: ReturnType<typeof compileProject>, leads: LeadResult[]): SimulationResult['summary'] {
  const scoring: Record<string, ScoringSummary> = {};
  const totals: Record<string, number[]> = {};
  for (const s of cp.scorings) {
    scoring[s.id] = { grades: Object.fromEntries(s.gradeOrder.map((g) => [g, 0])), mql: 0, mql_rate: 0, histogram: [], rules: Object.fromEntries(s.ruleKeys.map((k) => [k, 0])) };
    totals[s.id] = [];
  }
  const icps: Record<string, IcpSummary> = {};
  for (const c of cp.icps) icps[c.id] = { matched: 0, tiers: Object.fromEntries(c.tierIds.map((t) => [t, 0])), personas: Object.fromEntries(c.personaIds.map((p) => [p, 0])) };
  for (const r of leads) {
    for (const m of r.icps) {
      const s = icps[m.id];
      if (!s) continue;
      s.matched++;
      if (m.tier !== null) s.tiers[m.tier] = (s.tiers[m.tier] ?? 0) + 1;
      for (const p of m.personas) s.personas![p] = (s.personas![p] ?? 0) + 1;
    }
    for (const id in r.scores) {
      const sc = r.scores[id], sum = scoring[id];
      sum.grades[sc.grade] = (sum.grades[sc.grade] ?? 0) + 1;
      if (sc.mql) sum.mql++;
      totals[id].push(sc.total);
      for (const it of sc.explanation) {
        if (!('rule' in it) || 'clamp' in it || it.rule === undefined) continue;
        const key = it.group !== undefined ? `${it.group}/${it.rule}` : it.rule;
        sum.rules[key] = (sum.rules[key] ?? 0) + 1;
      }
    }
  }
  for (const s of cp.scorings) {
    scoring[s.id].mql_rate = rate(scoring[s.id].mql, leads.length);
    scoring[s.id].histogram = histogram(totals[s.id]);
  }
  return { leads: leads.length, scoring, icps, sla: {} };
}
