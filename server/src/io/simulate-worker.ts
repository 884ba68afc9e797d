// One worker thread of `leadspec simulate --workers N` and `backtest --workers N` (io/simulate-workers.ts starts them; the
// bundle is dist/simulate-worker.js). Worker k of N owns the leads whose id hashes to k: it reads
// both sample files whole, skips the records of other workers' leads as cheaply as it can (an
// event line's lead id is found without parsing the line when that is safe), loads its own with
// the engine's LeadCollector, evaluates them with the engine and sends back partial aggregates
// (core/eval/partial.ts) and, on request, each lead's rendered JSON or CSV row. A lead with its
// duplicate rows and all its events is always in one worker, so every check and warning the
// single-threaded loader makes is made once, by the worker that owns the record.
import { parentPort, workerData } from 'node:worker_threads';
import { parseFile } from '../core/syntax/parse.js';
import { compileProject, definitionsOf, evaluateLead, sampleLatest } from '../core/eval/simulate.js';
import { CsvRecords, DataError, EVENT_COLUMNS, LEAD_COLUMNS, LeadCollector, columnMap, csvError, fieldsNamedIn, jsonLine, type DataFormat } from '../core/data/leads.js';
import type { DataWarning, Lead, LeadResult } from '../core/results.js';
import { evaluatePartition, type PartitionPartials } from '../core/eval/partition.js';
import type { ScoringPartial } from '../core/eval/partial.js';
import type { OutcomesSpec } from '../core/outcomes/spec.js';
import { backtestPartial, population, scoringOnly, type BacktestPartial } from '../core/outcomes/backtest.js';
import { simulateCsvRow, type CsvColumns } from '../core/report/simulate-csv.js';
import { checkReadable, estimateLines, forEachLine, utf8Collector, type Utf8Findings } from './samples.js';
import { InputError } from './files.js';
import { reportThreadCpu } from './thread-cpu.js';
import { flushProgress, forwardProgress, progressBytes, progressRows } from './progress.js';
import { isJsonSpace, ownerOf, readJsonlEvents } from './jsonl-bytes.js';
import { CsvEventBytes, CsvLeadBytes, readCsvOwned } from './csv-bytes.js';
import { csvSeparator } from '../core/data/csv.js';

export interface WorkerFile { path: string; label: string; format: DataFormat }
export interface WorkerInit {
  index: number; count: number; defs: { file: string; text: string }[]; leads: WorkerFile; events?: WorkerFile;
  /**
   * Given when the simulation's as_of does not depend on the samples (--as-of, the project's
   * as_of): the worker evaluates as soon as it has loaded and sent `loaded`, without waiting for
   * the other workers and an `evaluate` request (no idle core between loading and evaluating),
   * and does not look for the sample's latest time (`latest` is then -Infinity).
   */
  evaluate?: { asOf: number; keep: boolean };
}

export { ownerOf };

/**
 * The `lead_id` string of a JSON Lines event without parsing the line, or undefined when that is
 * not certain: only for a line with no backslash (no escapes, so quotes delimit every string) and
 * one `"lead_id"` token followed by `:` and a string — then JSON.parse would give that very
 * string, if the line parses at all. Whichever worker the line goes to, it goes to exactly one.
 */
export function fastLeadId(line: string): string | undefined {
  const k = line.indexOf('"lead_id"');
  if (k < 0 || line.indexOf('"lead_id"', k + 9) >= 0 || line.indexOf('\\') >= 0) return undefined;
  let i = k + 9;
  while (isJsonSpace(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) !== 58) return undefined;
  i++;
  while (isJsonSpace(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) !== 34) return undefined;
  const end = line.indexOf('"', i + 1);
  return end < 0 ? undefined : line.slice(i + 1, end);
}

/** What a worker sends after loading: its warnings with the line of the record each belongs to. */
export interface Loaded {
  type: 'loaded';
  warnings: DataWarning[];
  /** Per warning: the line where its record starts (the order of records in the file). */
  lines: number[];
  /** Warnings before this index are the leads file's, the rest the events file's. */
  split: number;
  /** [warning index, key] of warnings given once per file and column (LeadCollector.onceKeys). */
  once: [number, string][];
  leads: number;
  events: number;
  latest: number;
  /** Worker 0 only: invalid UTF-8 in each file (the others decode the same bytes the same way). */
  utf8?: { leads: Utf8Findings; events: Utf8Findings };
}

export interface Evaluated extends Omit<PartitionPartials, 'scoring'> {
  type: 'evaluated';
  /**
   * The models' partials, each lead's total in a Float64Array: one block to copy to the main
   * thread, where a number[] became a heap number per lead. Sorted as Float64Array#sort sorts
   * (the totals' order is not a lead's: the reports read them only for their min, median, mean,
   * max and histogram), so that the main thread merges the workers' runs instead of sorting them all.
   */
  scoring: (Omit<ScoringPartial, 'totals'> & { totals: Float64Array })[];
  /** Each lead's line in the leads file, in order: the merge key of every worker's leads. */
  rows: number[];
}

/** `keep`: the leads' results are kept for a `render` request to follow (JSON, CSV). */
export type Request = { type: 'evaluate'; asOf: number; keep: boolean } | { type: 'render'; format: 'json' | 'csv'; columns?: CsvColumns }
  | { type: 'backtest'; spec: OutcomesSpec; simAsOf: number };

/** This worker's part of a backtest: the counts over its leads in the population (merge key: their line). */
export interface Backtested { type: 'backtested'; partial: BacktestPartial; asOf: number }

function main(init: WorkerInit): void {
  const port = parentPort!;
  const files = init.defs.map((d) => parseFile(d.file, d.text));
  const defs = definitionsOf(files);
  const cp = compileProject(defs);
  // No lead's cells are shown from a worker (explain and --by run on one thread): no `raw`; and of
  // its values only the fields the definitions name (a wide catalog's leads stay small), with every
  // datetime field when the as_of may come from the samples (sampleLatest).
  const fields = fieldsNamedIn(defs);
  if (!init.evaluate) for (const [name, decl] of Object.entries(cp.catalog.fields)) if (decl.type === 'datetime') fields.add(name);
  const c = new LeadCollector(cp.catalog, { deferEvents: true, raw: false, fields });
  const me = init.index, n = init.count;
  const lines: number[] = [];
  const pending: DataWarning[] = [];
  /** Keeps a record's warnings (the reader's, then the collector's) when this worker owns it. */
  const own = (line: number, add: () => void) => {
    for (const w of pending) c.warn(w);
    add();
    for (let k = lines.length; k < c.warnings.length; k++) lines.push(line);
  };

  async function load(f: WorkerFile, isLeads: boolean, utf8?: ReturnType<typeof utf8Collector>): Promise<void> {
    checkReadable(f.path, isLeads ? 'leads' : 'events');
    const label = f.label;
    const keyOf = (rec: Record<string, unknown>) => (isLeads ? c.leadKey(rec) : c.eventKey(rec));
    // CSV records are CsvRecords.row's, used once: a lead keeps its record as `raw` (addLead's adopt).
    const add = (rec: Record<string, unknown>, row: number) => { if (isLeads) c.addLead(rec, label, row, f.format === 'csv'); else c.addEvent(rec, label, row); };
    if (f.format === 'csv') {
      const required: readonly string[] = isLeads ? LEAD_COLUMNS : EVENT_COLUMNS;
      const csv = new CsvRecords(label, (w) => pending.push(w), required, isLeads ? columnMap(cp.catalog) : undefined);
      try {
        // Plain lines of other workers' leads are skipped from bytes (io/csv-bytes.ts); the records
        // given here are the ones csvBatches gives, less those.
        const key = isLeads ? 'id' : 'lead_id';
        let plain: readonly string[] | undefined, leadCell = -1;
        // Under a plain header, an owned plain line is read from its bytes: an event's (no strings of
        // its cells), a lead's (its cells read by their fields' types, no record).
        let fromBytes: CsvEventBytes | undefined, leadBytes: CsvLeadBytes | undefined;
        readCsvOwned(f.path, {
          // keyHash is of the key cell (`id`, `lead_id`: the key returned for the header below), the readers' id cell.
          plain: (buf, a, b, line, keyHash, lead) => {
            if (leadBytes !== undefined) {
              if (!leadBytes.read(buf, a, b, keyHash)) return false;
              const from = c.warnings.length;
              c.addLeadCells(leadBytes.keys, leadBytes, leadBytes.idCell, label, line);
              for (let x = from; x < c.warnings.length; x++) lines.push(line);
              return true;
            }
            if (fromBytes === undefined || !fromBytes.read(buf, a, b, keyHash, lead)) return false;
            const from = c.warnings.length;
            c.addEventFields(fromBytes.keys, fromBytes.vals, fromBytes.keys.length, label, line, fromBytes.atMs, fromBytes.lead);
            for (let x = from; x < c.warnings.length; x++) lines.push(line);
            return true;
          },
          record: (cells, line) => {
            pending.length = 0;
            // An event row of full length under a plain header: its cells are the record's values
            // (addEventFields), no record object. Everything else goes through csv.row.
            if (plain !== undefined && cells.length === plain.length && cells.issues === undefined) {
              if (ownerOf(cells[leadCell].trim(), n) !== me) return undefined;
              const from = c.warnings.length;
              c.addEventFields(plain, cells, plain.length, label, line);
              for (let x = from; x < c.warnings.length; x++) lines.push(line);
              return undefined;
            }
            const out = csv.row(cells, line);
            // The header (its warnings are worker 0's): the key cell's index for the byte reader.
            if (out === undefined) {
              if (me === 0) own(line, () => {});
              if (!isLeads) {
                plain = csv.plainKeys; leadCell = csv.cellOf('lead_id');
                if (plain !== undefined) fromBytes = new CsvEventBytes(plain, csvSeparator(f.path).charCodeAt(0), leadCell, (buf, a, b, h) => c.leadIndexOfBytes(buf, a, b, h));
              } else if (csv.plainKeys !== undefined) leadBytes = new CsvLeadBytes(csv.plainKeys, csvSeparator(f.path).charCodeAt(0), csv.cellOf('id'));
              return csv.cellOf(key);
            }
            if (ownerOf(keyOf(out.rec), n) === me) own(line, () => add(out.rec, out.row));
            return undefined;
          },
          // An events file's owned lines: their leads looked up a chunk at a time (readCsvOwned).
          lookup: isLeads ? undefined : (buf, a, b, hash) => c.leadIndexOfBytes(buf, a, b, hash),
          chunk: (bytes, rows) => { if (me === 0) { progressBytes(bytes); progressRows(rows); } },
        }, me, n, utf8?.invalid);
      } catch (e) {
        if (e instanceof DataError) throw e;
        throw csvError(label, e);
      }
      pending.length = 0;
      if (!csv.hasHeader && required.includes('id')) throw new DataError(label, 1, 1, 'the leads file is empty; it needs a header row with an `id` column');
      return;
    }
    // One line of JSON Lines as text: what the single-threaded loader does with it, if this worker owns it.
    const textLine = (text: string, row: number) => {
      if (me === 0 && isLeads) progressRows(1);
      const line = row === 1 ? text.replace(/^\uFEFF/, '') : text;
      const fast = isLeads ? undefined : fastLeadId(line);
      if (fast !== undefined && ownerOf(fast.trim(), n) !== me) return;
      pending.length = 0;
      let rec: Record<string, unknown> | undefined;
      jsonLine(line, row, label, (r) => { rec = r; }, (w) => pending.push(w));
      if (rec === undefined && pending.length === 0) return;
      const who = fast !== undefined ? ownerOf(fast.trim(), n) : rec !== undefined ? ownerOf(keyOf(rec), n) : 0;
      if (who !== me) return;
      own(row, () => { if (rec !== undefined) add(rec, row); });
    };
    if (isLeads) {
      let row = 0;
      await forEachLine(f.path, (text) => textLine(text, ++row), undefined, utf8?.invalid);
    } else {
      // Events from bytes: flat lines of other workers' leads are skipped unread (io/jsonl-bytes.ts).
      readJsonlEvents(f.path, {
        flat: (keys, vals, k, row, atMs, lead) => {
          const from = c.warnings.length;
          c.addEventFields(keys, vals, k, label, row, atMs, lead);
          for (let x = from; x < c.warnings.length; x++) lines.push(row);
        },
        leadOf: (buf, a, b, hash) => c.leadIndexOfBytes(buf, a, b, hash),
        line: textLine,
        chunk: (bytes, rows) => { if (me === 0) { progressBytes(bytes); progressRows(rows); } },
      }, me, n, utf8?.invalid);
    }
    pending.length = 0;
  }

  let leads: Lead[] = [];
  let results: LeadResult[] = [];
  const onRequest = (req: Request) => {
    try {
      if (req.type === 'evaluate') { const r = evaluate(req.asOf, req.keep); reportThreadCpu(`worker ${me}`, 'evaluated'); port.postMessage(r); }
      else if (req.type === 'backtest') { const r = backtestPart(req.spec, req.simAsOf); reportThreadCpu(`worker ${me}`, 'backtested'); port.postMessage(r); }
      else port.postMessage({ type: 'rendered', pieces: render(req) });
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  };
  port.on('message', onRequest);

  function evaluate(asOf: number, keep: boolean): Evaluated {
    const rows = leads.map((l) => l.source!.row);
    // Text and Markdown need no lead's result: counted a block at a time and dropped (partition.ts).
    const r = evaluatePartition(cp, leads, asOf, rows, { keep });
    results = r.results;
    // The totals go as a sorted Float64Array (the same numbers; -0 and NaN kept).
    const scoring = r.partials.scoring.map((s) => ({ ...s, totals: Float64Array.from(s.totals).sort() }));
    return { type: 'evaluated', rows, ...r.partials, scoring };
  }

  /** As core/outcomes/backtest.ts backtest() over this worker's leads: population at T, the ICPs and models at T, counts. */
  function backtestPart(spec: OutcomesSpec, simAsOf: number): Backtested {
    const pop = population(spec, leads, simAsOf);
    const scoring = scoringOnly(cp);
    const sim = pop.leads.map((lead) => evaluateLead(scoring, lead, pop.asOf));
    return { type: 'backtested', partial: backtestPartial(cp, spec, pop, sim, (i) => pop.leads[i].source!.row), asOf: pop.asOf };
  }

  function render(req: Extract<Request, { type: 'render' }>): string[] {
    // JSON: each lead as JSON.stringify(result, null, 2) writes it inside `leads` (two levels deep).
    if (req.format === 'json') return results.map((r) => '    ' + JSON.stringify(r, null, 2).replace(/\n/g, '\n    '));
    return results.map((r) => simulateCsvRow(r, req.columns!));
  }

  (async () => {
    const utf8 = me === 0 ? { leads: utf8Collector(), events: utf8Collector() } : undefined;
    // Every worker reads every record: worker 0's count is the files', for the main thread's progress line.
    if (me === 0) forwardProgress((bytes, rows) => port.postMessage({ type: 'progress', bytes, rows }));
    try {
      // This worker's share of the events' columns made before the leads are read, while the heap
      // is small (LeadCollector.reserveEvents: made later, each 64 MB of it marked every lead).
      if (init.events && init.events.format !== 'json') c.reserveEvents(Math.ceil((estimateLines(init.events.path) / n) * 1.08));
      await load(init.leads, true, utf8?.leads);
      reportThreadCpu(`worker ${me}`, 'leads read');
      const split = c.warnings.length;
      if (init.events) await load(init.events, false, utf8?.events);
      flushProgress();
      const events = c.eventCount;
      reportThreadCpu(`worker ${me}`, 'events read');
      leads = c.finish().leads;
      const once: [number, string][] = [];
      c.warnings.forEach((w, k) => { const key = c.onceKeys.get(w); if (key !== undefined) once.push([k, key]); });
      const strip = (f?: Utf8Findings) => f && { found: f.found, more: f.more };
      reportThreadCpu(`worker ${me}`, 'loaded');
      const msg: Loaded = {
        type: 'loaded', warnings: c.warnings, lines, split, once, leads: leads.length, events, latest: init.evaluate ? -Infinity : sampleLatest(cp, leads),
        utf8: utf8 && { leads: strip(utf8.leads)!, events: strip(utf8.events)! },
      };
      port.postMessage(msg);
    } catch (e) {
      // As loadSampleFiles turns them into InputError (exit 2, file:line:col); anything else is a bug.
      const err = e as NodeJS.ErrnoException;
      if (e instanceof DataError || e instanceof InputError) port.postMessage({ type: 'error', input: true, message: e.message });
      else if (err && typeof err.code === 'string' && err.path) port.postMessage({ type: 'error', input: true, message: `${err.path}: cannot read (${err.code})` });
      else port.postMessage({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
      return;
    }
    // An as_of known before loading: evaluated at once, as an `evaluate` request would be.
    if (init.evaluate) onRequest({ type: 'evaluate', ...init.evaluate });
  })();
}

if (parentPort && workerData && (workerData as { leadspecSimulate?: WorkerInit }).leadspecSimulate) main((workerData as { leadspecSimulate: WorkerInit }).leadspecSimulate);
