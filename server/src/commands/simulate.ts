// `leadspec simulate [--project FILE] [--defs PATH…] [--leads FILE] [--events FILE]
//                    [--as-of ISO] [--format text|json|csv|md] [--out FILE]` (SPEC §8).
// Bad input → exit 2 with file:line:col; definitions that fail validation → exit 1 (the gate,
// core/check/gate.ts), and with --strict any warning, data warnings included.
import { parseCommandArgs, oneOf, emit, emitPieces, UsageError, type Command } from './common.js';
import { SIMULATE_OPTIONS, loadCheckedDefinitions, loadSimulationInputs, prepareSimulation, renderSimulation } from '../io/simulation-inputs.js';
import { parseWorkers, simulateOnWorkers, workerCount } from '../io/simulate-workers.js';
import { requireNoDataWarnings } from '../io/gate.js';
import { simulate, type CompiledProject } from '../core/eval/simulate.js';
import { breakdown, hasField } from '../core/eval/breakdown.js';
import { renderBreakdownMd, renderBreakdownText } from '../core/report/breakdown-format.js';
import { simulateWithDuckdb } from '../io/duckdb-simulate.js';

export const HELP = `leadspec simulate [options]

Runs every ICP, scoring model and SLA over the sample leads at one instant (as_of) and reports
grades, MQLs, tiers, SLA attainment and the data warnings. Definitions with errors are refused
(exit 1, validate's diagnostics on stderr).

Options:
  --project FILE      the project definition (default: leadspec.yaml of the workspace)
  --defs PATH…        definition files or folders (default: the project's folder)
  --leads FILE        sample leads (CSV, TSV, JSON, JSON Lines); default: the project's samples
  --events FILE       sample events (CSV, TSV, JSON Lines); default: the project's samples
  --as-of ISO         evaluate at this instant (default: the project's as_of, else the sample's latest time)
  --format FORMAT     text (default) | json | csv (one row per lead) | md
  --out FILE          write to FILE instead of stdout (its folder is created)
  --engine ENGINE     auto (default: DuckDB for json and csv above 64 MiB of samples, else
                      in-process) | memory | duckdb
  --by FIELD          add a breakdown by a lead field (text, json, md)
  --workers N         threads of the in-process engine (default: one per core for 16 MiB of
                      samples or more, else 1); the result is the same for any N
  --strict            warnings are fatal too: definition warnings and data warnings (exit 1, no result)
  -h, --help          this text

Exit status: 0 done; 1 the definitions have errors (with --strict, any warning); 2 usage or
input error (missing or unreadable file, bad as_of), with file:line:col.
`;

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = { ...SIMULATE_OPTIONS, engine: { type: 'string' }, by: { type: 'string' }, workers: { type: 'string' } } as const;

const command: Command = {
  options: OPTIONS,
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
    // `--defs PATH…`: paths after --defs (or after any flag) are more definition paths.
    if (positionals.length) values.defs = [...(values.defs ?? []), ...positionals];
    const format = oneOf('format', values.format, ['text', 'json', 'csv', 'md'] as const, 'text');
    // --engine duckdb|auto: the compiled SQL in embedded DuckDB (io/duckdb-simulate.ts); auto above a size.
    const asked = oneOf('engine', values.engine, ['auto', 'memory', 'duckdb'] as const, 'auto');
    // A summary report (text, md) needs no lead's result outside the engine: the in-process
    // engine on worker threads computes it faster and in less memory than DuckDB hands a million
    // rows to JavaScript (docs/benchmarks.md, 1M × 10M: 12.5 s and 1.7 GB against 34 s and
    // 3.5 GB), so `auto` keeps DuckDB for the per-lead formats (json, csv), where it needs less memory.
    const engine = asked === 'auto' && (format === 'text' || format === 'md') ? 'memory' : asked;
    // --by FIELD: per value of a lead field, which needs the leads beside their results (in-process).
    if (values.by !== undefined) {
      if (format === 'csv') throw new UsageError('--by works with --format text, json or md (csv lists leads, one per row)');
      if (engine === 'duckdb') throw new UsageError('--by needs the in-process engine; drop --engine duckdb');
    }
    parseWorkers(values.workers); // a bad --workers is a usage error whichever engine runs
    // The gate, once for both engines: definitions with errors stop here (RefusedError, exit 1).
    const checked = loadCheckedDefinitions(values, 'simulate');
    const sqlResult = values.by !== undefined ? undefined : await simulateWithDuckdb(values, engine, checked);
    if (sqlResult) {
      requireNoDataWarnings(sqlResult.result.warnings, values.strict, 'simulate');
      emit(renderSimulation(sqlResult.result, format, sqlResult.meta), values.out);
      return 0;
    }
    // --workers N: the in-process engine on N threads (io/simulate-workers.ts), after the gate above.
    // --by needs every lead beside its result in one place: one thread.
    if (values.by === undefined) {
      const prep = prepareSimulation(values, checked);
      const n = workerCount(values.workers, prep);
      if (n > 1) {
        const run = await simulateOnWorkers(prep, n, values, format, () => { for (const p of prep.compiled.slaProblems) warnSlaProblem(p); });
        emitPieces(run.pieces, values.out);
        return 0;
      }
    } else if ((parseWorkers(values.workers) ?? 1) > 1) {
      throw new UsageError('--by runs on one thread; drop --workers (or pass --workers 1)');
    }
    const inputs = await loadSimulationInputs(values, 'simulate', checked);
    for (const p of inputs.compiled.slaProblems) warnSlaProblem(p);
    const result = simulate(inputs.compiled, inputs.leads, inputs.asOf, inputs.warnings);
    requireNoDataWarnings(result.warnings, values.strict, 'simulate');
    if (values.by !== undefined) {
      if (!hasField(inputs.leads, values.by)) {
        throw new UsageError(`--by ${values.by}: no sample lead has a field or column of that name (fields: ${Object.keys(inputs.compiled.catalog.fields).join(', ')})`);
      }
      const b = breakdown(result, inputs.leads, values.by, Object.fromEntries(inputs.compiled.scorings.map((s) => [s.id, s.gradeOrder])));
      // JSON: the simulation's contract unchanged, plus `by`.
      const text = format === 'json' ? JSON.stringify({ ...result, by: b }, null, 2) + '\n'
        : format === 'md' ? `${renderSimulation(result, format, inputs)}\n${renderBreakdownMd(b)}` : `${renderSimulation(result, format, inputs)}\n${renderBreakdownText(b)}`;
      emit(text, values.out);
      return 0;
    }
    emit(renderSimulation(result, format, inputs), values.out);
    return 0;
  },
};

function warnSlaProblem(p: CompiledProject['slaProblems'][number]): void {
  process.stderr.write(`leadspec: warning: sla '${p.sla}'${p.problem.commitment ? ` (${p.problem.commitment})` : ''}: ${p.problem.message}; left out of the simulation\n`);
}

export default command;

// Also a named export: under NodeNext the dynamic import may type as the module itself.
export const run = command.run;
