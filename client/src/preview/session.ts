// The preview's engine room, without vscode: keeps the definition files' parses and the loaded
// sample leads, and turns "this file's text changed" into the next message for the webview.
// The extension host owns one session per workspace; bench/preview.bench.ts drives the same
// class, so the figure it prints is what the editor pays per edit.
//
// Why in the extension host rather than behind a custom LSP request: the preview needs the
// whole SimulationResult (10k leads with explanations) locally to answer "explain this lead"
// instantly, and shipping it across the LSP pipe per keystroke would cost more than simulating.
import { backtest, BacktestCache, type BacktestResult } from '../../../server/src/core/outcomes/backtest.js';
import { resolveOutcomes, OutcomesError } from '../../../server/src/core/outcomes/spec.js';
import { parseFile, type ParsedFile } from '../../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, resolveAsOf, SimulationCache, type CompiledProject } from '../../../server/src/core/eval/simulate.js';
import { exactKey } from '../../../server/src/core/eval/exact-key.js';
import { loadLeadsFromText, type Catalog } from '../../../server/src/core/data/leads.js';
import { diffSimulations } from '../../../server/src/core/diff/simulations.js';
import type { Definition } from '../../../server/src/core/model.js';
import type { DataWarning, Lead, LeadResult, SimulationResult } from '../../../server/src/core/results.js';
import { gateDefinitions, type GateVerdict } from '../../../server/src/core/check/gate.js';
import { IncrementalValidation } from '../../../server/src/core/check/validate.js';
import { summaryLine } from '../../../server/src/core/report/diagnostics-format.js';
import { breakdown, hasField, segmentChoices } from '../../../server/src/core/eval/breakdown.js';
import { movePoints } from './warm-up.js';
import type { ByData, DiffData, InvalidData, LeadRow, PreviewData, SegmentChoices } from '../../webview/protocol.js';

/**
 * The definitions failed the gate (server/src/core/gate.ts, the one `leadspec validate` runs):
 * the session computes nothing, and the page shows `data` as links over the last good result.
 */
export class DefinitionsRefused extends Error {
  constructor(readonly data: InvalidData) { super(`${data.where} have errors: ${data.summary}`); }
}

/** How many data warnings the page lists (it shows the total count too). */
export const WARNINGS_SHOWN = 200;

export interface SampleText { leads: { file: string; text: string }; events?: { file: string; text: string } }

export interface RunOutput { result: SimulationResult; data: PreviewData }

export class PreviewSession {
  private files = new Map<string, ParsedFile>();
  private samples: SampleText | undefined;
  /** Leads parsed with a catalog: re-parsed only when the catalog (or the sample text) changes. */
  private loaded: { key: string; leads: Lead[]; warnings: DataWarning[] } | undefined;
  private last: SimulationResult | undefined;
  /** Position of each lead id in the last run (leads keep their order; built once per loaded leads). */
  private lastIndex: { ids: string[]; byId: Map<string, number> } | undefined;
  private baseSide: { key: string; defs: Definition[]; cp: CompiledProject } | { key: string; refused: InvalidData } | undefined;
  /**
   * Per-definition results kept between edits: an edit re-simulates only what depends on it.
   * `reuse`: each run overwrites the previous run's per-lead objects (the session keeps only
   * `last`, which it replaces), so an edit's results do not pile up in the old generation.
   */
  private readonly cache = new SimulationCache({ reuse: true });
  private readonly baseCache = new SimulationCache();
  private readonly btCache = new BacktestCache();
  /** The gate's verdict on the current files (and its refusal, if any), kept until a file changes. */
  private verdict: { pass: true } | { pass: false; refused: InvalidData } | undefined;
  /** The gate's checks, kept between edits: an edit re-checks the edited file and what reads it. */
  private readonly validation = new IncrementalValidation();
  explicitAsOf: string | undefined;
  /** The field the preview is broken down by (`--by`), or null; the panel keeps it across runs. */
  byField: string | null = null;
  /** The last preview run's inputs beside its result (index-aligned), for a breakdown picked between runs. */
  private lastRun: { result: SimulationResult; leads: Lead[]; gradeOrder: Record<string, string[]> } | undefined;
  /**
   * The page rows of the last run, overwritten by the next (as its results are: see `cache`), so
   * that an edit does not allocate 10k rows that live until the next edit. A run's data is
   * posted before the next run starts, so no one reads the old rows after that.
   */
  private readonly rows: RowBuffer = { rows: [], icps: [], models: '' };
  /** The picker's choices per loaded leads (a scan of every lead's columns; leads are re-loaded whenever the catalog's types change). */
  private choices: { leads: Lead[]; choices: SegmentChoices } | undefined;

  /** Sets (or replaces) a definition file's text; re-parses only when the text changed. */
  setFile(file: string, text: string): boolean {
    const prev = this.files.get(file);
    if (prev && prev.text === text) return false;
    this.files.set(file, parseFile(file, text));
    this.verdict = undefined;
    return true;
  }

  removeFile(file: string): boolean {
    if (!this.files.delete(file)) return false;
    this.verdict = undefined;
    return true;
  }
  hasFile(file: string): boolean { return this.files.has(file); }
  fileNames(): string[] { return [...this.files.keys()].sort(); }

  setSamples(s: SampleText | undefined): void {
    const same = s && this.samples && s.leads.text === this.samples.leads.text && s.leads.file === this.samples.leads.file
      && s.events?.text === this.samples.events?.text && s.events?.file === this.samples.events?.file;
    if (same) return;
    this.samples = s;
    this.loaded = undefined;
  }

  hasSamples(): boolean { return this.samples !== undefined; }

  /** Definitions of the current texts, in file-name order (the CLI's order). */
  definitions(): Definition[] {
    return definitionsOf(this.fileNames().map((f) => this.files.get(f)!));
  }

  /** The project definition of the workspace, if any. */
  project(): Record<string, unknown> | undefined {
    return this.definitions().find((d) => d.kind === 'project') as Record<string, unknown> | undefined;
  }

  /** The file holding the project definition (sample paths are relative to its folder). */
  projectFile(): string | undefined {
    for (const f of this.fileNames()) if (this.files.get(f)!.docs.some((d) => d.kind === 'project')) return f;
    return undefined;
  }

  private leadsFor(catalog: Catalog): { leads: Lead[]; warnings: DataWarning[] } {
    if (!this.samples) return { leads: [], warnings: [] };
    const key = catalogKey(catalog);
    if (this.loaded?.key !== key) {
      const r = loadLeadsFromText(catalog, this.samples.leads, this.samples.events);
      this.loaded = { key, ...r };
    }
    return this.loaded;
  }

  /**
   * The gate, as every CLI command passes it: throws DefinitionsRefused when the current files
   * have errors. The last good result stays (explain() still answers from it).
   */
  check(): void {
    const files = this.fileNames().map((f) => this.files.get(f)!);
    if (!this.verdict) {
      const v = gateDefinitions(files, { incremental: this.validation });
      this.verdict = v.pass ? { pass: true } : { pass: false, refused: invalidData(v, 'the definitions', true) };
    }
    if (!this.verdict.pass) throw new DefinitionsRefused(this.verdict.refused);
  }

  /** Compiles the current definitions and simulates the samples: the preview's data. Throws DefinitionsRefused. */
  run(): RunOutput {
    const t0 = performance.now();
    this.check();
    const defs = this.definitions();
    const problems: string[] = [];
    const cp = compileProject(defs);
    for (const p of cp.slaProblems) problems.push(`SLA ${p.sla}: ${describeProblem(p.problem)}`);
    const { leads, warnings } = this.leadsFor(cp.catalog);
    const asOf = this.asOf(cp, leads, problems);
    // Let the previous run's results go before building the next (halves the live heap for GC).
    this.last = undefined;
    this.lastRun = undefined;
    const result = this.cache.run(cp, leads, asOf, [...warnings]);
    this.last = result;
    this.indexResults(result);
    const data = previewData(result, cp, this.sourceLabel(), problems, performance.now() - t0, this.rows);
    this.lastRun = { result, leads, gradeOrder: data.gradeOrder };
    const backtest = this.backtest(cp, leads, asOf);
    if (backtest) data.backtest = backtest;
    if (this.choices?.leads !== leads) this.choices = { leads, choices: segmentChoices(cp.catalog, leads) };
    data.segments = this.choices.choices;
    data.by = this.breakdownData();
    return { result, data };
  }

  /**
   * One round of warming the edit path up, for the panel to run after it has posted the first
   * result: an edit of one rule's points in a scoring file (warm-up.ts) is run as the user's
   * would be — parse, gate, compile, re-score, SLA, backtest, feedback, page rows — and undone,
   * and the real definitions run again, so the session is left as run() leaves it (explain()
   * answers from the real result). Nothing is published. Why: otherwise the first edits after
   * opening run cold code, interpreted and then compiled by the JIT while the user waits.
   * False when there is nothing to warm up (no result yet, definitions refused, no such rule).
   */
  warmUp(round: number): boolean {
    if (!this.lastRun) return false;
    try { this.check(); } catch { return false; }
    const scoring = this.fileNames().filter((f) => this.files.get(f)!.docs.some((d) => d.kind === 'scoring'));
    for (let k = 0; k < scoring.length; k++) {
      const file = scoring[(round + k) % scoring.length];
      const original = this.files.get(file)!.text;
      const moved = movePoints(original, Math.floor(round / scoring.length));
      if (moved === undefined) continue;
      this.setFile(file, moved);
      try { this.run(); } catch (e) { if (!(e instanceof DefinitionsRefused)) throw e; }
      finally { this.setFile(file, original); this.run(); }
      return true;
    }
    return false;
  }

  /**
   * The breakdown by `byField` of the last preview run, as `simulate --by` computes it; a field no
   * sample lead has gets a sentence instead (the choice is kept: it may come back with an edit).
   */
  breakdownData(): ByData {
    const field = this.byField;
    if (field === null) return { field };
    if (!this.lastRun) return { field, problem: 'Nothing simulated yet.' };
    const { result, leads, gradeOrder } = this.lastRun;
    if (!hasField(leads, field)) return { field, problem: `No sample lead has a field or column named “${field}”: pick another.` };
    return { field, breakdown: breakdown(result, leads, field, gradeOrder) };
  }

  /** The sample's backtest (format §11) for the calibration view, when the project's outcomes can run. */
  private backtest(cp: CompiledProject, leads: Lead[], asOf: number): BacktestResult | undefined {
    if (!cp.project?.outcomes) return undefined;
    try { return backtest(cp, resolveOutcomes(cp.project, cp.catalog), leads, asOf, this.btCache); }
    catch (e) { if (e instanceof OutcomesError) return undefined; throw e; }
  }

  /** The sample's latest date, per loaded leads (a scan of every lead: worth keeping between edits). */
  private sampleAsOf: { leads: Lead[]; ms: number } | undefined;

  private asOf(cp: CompiledProject, leads: Lead[], problems: string[]): number {
    const fromSample = () => {
      if (this.sampleAsOf?.leads !== leads) this.sampleAsOf = { leads, ms: resolveAsOf(undefined, { ...cp, project: undefined }, leads).ms };
      return this.sampleAsOf.ms;
    };
    const projectAsOf = cp.project?.as_of as unknown;
    if (this.explicitAsOf === undefined && (projectAsOf === undefined || projectAsOf === null)) return fromSample();
    try {
      return resolveAsOf(this.explicitAsOf, cp, leads).ms;
    } catch (e) {
      problems.push(`${(e as Error).message}; simulating as of the latest date in the sample instead`);
      return fromSample();
    }
  }

  /** One lead's full result (with its explanation) from the last run. */
  explain(id: string): LeadResult | null {
    const i = this.lastIndex?.byId.get(id);
    return i === undefined ? null : this.last?.leads[i] ?? null;
  }

  /** Results are in lead order, so the id → position map is rebuilt only when the ids change. */
  private indexResults(result: SimulationResult): void {
    const rs = result.leads, prev = this.lastIndex;
    let same = prev !== undefined && prev.ids.length === rs.length;
    for (let i = 0; same && i < rs.length; i++) same = prev!.ids[i] === rs[i].id;
    if (same) return;
    const byId = new Map<string, number>();
    const ids = new Array<string>(rs.length);
    for (let i = 0; i < rs.length; i++) { ids[i] = rs[i].id; byId.set(rs[i].id, i); }
    this.lastIndex = { ids, byId };
  }

  /**
   * Sets the base side of a diff: the definition files as they are at a git ref. Their compile is
   * kept, so each edit re-simulates only the working tree's side… and the base over the same leads.
   */
  setBase(key: string, files: { file: string; text: string }[], ref = key): void {
    if (this.baseSide?.key === key) return;
    const parsed = files.map((f) => parseFile(f.file, f.text)).filter((f) => f.docs.length > 0);
    const verdict = gateDefinitions(parsed);
    // A base with errors is refused as `leadspec diff` refuses it: nothing compiled from it.
    if (!verdict.pass) { this.baseSide = { key, refused: invalidData(verdict, `the definitions at ${ref}`, false) }; return; }
    const defs = definitionsOf(parsed);
    this.baseSide = { key, defs, cp: compileProject(defs) };
  }

  /** Simulates both sides over the same leads (loaded with the working tree's catalog) and the same as_of. */
  runDiff(ref: string, baseLabel: string): { data: DiffData; head: SimulationResult; base: SimulationResult } {
    if (!this.baseSide) throw new Error('no base definitions: call setBase first');
    if ('refused' in this.baseSide) throw new DefinitionsRefused(this.baseSide.refused);
    const t0 = performance.now();
    this.check();
    const headDefs = this.definitions();
    const cp = compileProject(headDefs);
    const { leads, warnings } = this.leadsFor(cp.catalog);
    const asOf = this.asOf(cp, leads, []);
    const head = this.cache.run(cp, leads, asOf, [...warnings]);
    const base = this.baseCache.run(this.baseSide.cp, leads, asOf, [...warnings]);
    this.last = head;
    this.indexResults(head);
    const diff = diffSimulations({ result: base, definitions: this.baseSide.defs }, { result: head, definitions: headDefs }, { base: ref, topMovers: 25 });
    return { data: { diff, baseLabel, source: this.sourceLabel(), elapsedMs: Math.round(performance.now() - t0) }, head, base };
  }

  private sourceLabel(): string {
    if (!this.samples) return 'no sample leads';
    return this.samples.events ? `${this.samples.leads.file} + ${this.samples.events.file}` : this.samples.leads.file;
  }
}

/** The refusal as the page shows it: validate's lines, as links to the working tree's files. */
function invalidData(v: GateVerdict, where: string, openable: boolean): InvalidData {
  return {
    where,
    summary: summaryLine({ ...v.report, files: v.files }),
    diagnostics: v.report.diagnostics.map((d) => ({
      file: d.file, label: d.file, line: d.range.start.line + 1, column: d.range.start.character + 1,
      severity: d.severity, code: d.code, message: d.message, openable,
    })),
  };
}

/**
 * What loading leads depends on: the catalog's types, values and bounds (and its id, named in
 * warnings), exactly; descriptions and titles of fields do not matter, so editing them keeps the leads.
 */
function catalogKey(c: Catalog): string {
  const strip = (m: Record<string, object>) => Object.fromEntries(Object.entries(m).map(([k, d]) => {
    const { description: _d, title: _t, ...rest } = d as Record<string, unknown>;
    return [k, rest];
  }));
  return exactKey({ id: c.id, fields: strip(c.fields), events: strip(c.events) });
}

const icpLabels = (ms: LeadResult['icps']) => ms.map((m) => (m.tier ? `${m.id}/${m.tier}` : m.id));

function describeProblem(p: unknown): string {
  if (p && typeof p === 'object' && 'message' in p) return String((p as { message: unknown }).message);
  return String(p);
}

/** Rows of an earlier run to overwrite, with the ICP matches each row's `icps` was made from and the models' ids. */
export interface RowBuffer { rows: LeadRow[]; icps: LeadResult['icps'][]; models: string }

/**
 * The webview's message: compact lead rows (no explanations), the summary, the first warnings.
 * With `buffer`, the rows of the buffer's run are overwritten (same bytes as new rows).
 */
export function previewData(result: SimulationResult, cp: CompiledProject, source: string, problems: string[], elapsedMs: number, buffer?: RowBuffer): PreviewData {
  const n = result.leads.length;
  const models = cp.scorings.map((s) => s.id).join('\u0000');
  const same = buffer !== undefined && buffer.rows.length === n && buffer.models === models;
  const leads: LeadRow[] = same ? buffer.rows : new Array(n);
  const icps = same ? buffer.icps : new Array<LeadResult['icps']>(n);
  for (let i = 0; i < n; i++) {
    const l = result.leads[i];
    const row = same ? leads[i] : undefined;
    if (row !== undefined && row.id === l.id) {
      // ICP matches of a kept ICP part are the same arrays as last time: their labels too.
      if (icps[i] !== l.icps) { row.icps = icpLabels(l.icps); icps[i] = l.icps; }
      for (const id in l.scores) { const s = l.scores[id], r = row.scores[id]; r.total = s.total; r.grade = s.grade; r.mql = s.mql; }
      continue;
    }
    const scores: LeadRow['scores'] = {};
    for (const id in l.scores) { const s = l.scores[id]; scores[id] = { total: s.total, grade: s.grade, mql: s.mql }; }
    leads[i] = { id: l.id, icps: icpLabels(l.icps), scores };
    icps[i] = l.icps;
  }
  if (buffer) { buffer.rows = leads; buffer.icps = icps; buffer.models = models; }
  return {
    source,
    as_of: result.as_of,
    gradeOrder: Object.fromEntries(cp.scorings.map((s) => [s.id, s.gradeOrder])),
    summary: result.summary,
    leads,
    warnings: result.warnings.slice(0, WARNINGS_SHOWN),
    warningCount: result.warnings.length,
    problems,
    elapsedMs: Math.round(elapsedMs),
  };
}
