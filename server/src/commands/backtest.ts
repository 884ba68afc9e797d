// `leadspec backtest [same inputs as simulate] [--as-of ISO] [--horizon DUR] [--capacity N|P%]
//                    [--format text|json|md] [--out FILE] [--workers N]` (SPEC §11).
// Every model scored as it would have been at the score date, measured against the conversions
// that followed. No outcomes declared (or given) → exit 2 saying what to declare; definitions
// that do not parse → exit 1; data that does not parse → data warnings with their row.
import { parseCommandArgs, oneOf, emit, UsageError, type Command } from './common.js';
import { SIMULATE_OPTIONS, loadCheckedDefinitions, loadSimulationInputs, prepareSimulation, simulationAsOf } from '../io/simulation-inputs.js';
import { backtestOnWorkers, parseWorkers, workerCount } from '../io/simulate-workers.js';
import { resolveAsOf, type CompiledProject } from '../core/eval/simulate.js';
import { backtest, type BacktestResult } from '../core/outcomes/backtest.js';
import { resolveOutcomes, OutcomesError, type OutcomesSpec } from '../core/outcomes/spec.js';
import type { ProjectDef } from '../core/model.js';
import type { DataWarning, Lead } from '../core/results.js';
import { renderBacktestText } from '../core/report/backtest-text.js';
import { renderBacktestMd } from '../core/report/backtest-md.js';
import { warningLine } from '../core/report/simulate-common.js';

export const BACKTEST_HELP = `leadspec backtest — measure every scoring model against the conversions that followed (SPEC §11)

Usage:
  leadspec backtest [--project FILE] [--defs PATH…] [--leads FILE] [--events FILE]
                    [--as-of ISO] [--horizon DUR] [--capacity N|P%]
                    [--format text|json|md] [--out FILE] [--workers N]

Reads \`outcomes\` from the project definition (leadspec.yaml):
  converted   a datetime field, { event: <event> }, or a boolean flag
  created     optional datetime field: leads created after the score date are left out
  as_of       the score date T: every model sees only what it would have seen then
  horizon     a conversion counts when it falls in (T, T + horizon]
  capacity    optional: MQLs sales can take (200 or 15%) → a recommended threshold
  value       optional number field: pipeline of the converted leads

Options:
  --project FILE   the project definition (default: leadspec.yaml of the workspace)
  --defs PATH…     definition files or folders (default: the project's folder)
  --leads FILE     sample leads (CSV, TSV, JSON, JSON Lines); default: the project's samples
  --events FILE    sample events (CSV, TSV, JSON Lines); default: the project's samples
  --as-of ISO      the score date (overrides outcomes.as_of); with a flag, the simulation's as_of
  --horizon DUR    the horizon, e.g. 90d or 12w (overrides outcomes.horizon)
  --capacity N|P%  sales capacity in leads or as a share of the population (overrides outcomes.capacity)
  --format F       text (default), json (SPEC §11) or md
  --out FILE       write the report to FILE instead of stdout (its folder is created)
  --workers N      threads of the in-process engine (default: one per core for 16 MiB of
                   samples or more, else 1); the result is the same for any N
  --strict         warnings are fatal too: definition warnings and data warnings (exit 1, no result)
  -h, --help       this text

Exit status: 0 done; 1 the definitions have errors (with --strict, any warning); 2 no outcomes declared, or bad input.
`;

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = {
  ...SIMULATE_OPTIONS, horizon: { type: 'string' }, capacity: { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

const command: Command = {
  options: OPTIONS,
  help: BACKTEST_HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
    if (positionals.length) values.defs = [...(values.defs ?? []), ...positionals];
    const format = oneOf('format', values.format, ['text', 'json', 'md'] as const, 'text');
    parseWorkers(values.workers);
    // --as-of is the score date here, not the simulation's as_of (except for a flag, below).
    // The gate: definitions with errors (with --strict, any warning) throw RefusedError, exit 1.
    const flags = { ...values, 'as-of': undefined };
    const checked = loadCheckedDefinitions(flags, 'backtest');
    const prep = prepareSimulation(flags, checked);
    const n = workerCount(values.workers, prep);
    /** The outcomes with the flags' overrides, and the simulation's as_of (once the samples are loaded). */
    const resolve = (project: ProjectDef | undefined, cp: CompiledProject, sample: Lead[] | { latest: number }, asOf: number): { spec: OutcomesSpec; simAsOf: number } => {
      let spec;
      try {
        spec = resolveOutcomes(project, cp.catalog, { asOf: values['as-of'], horizon: values.horizon, capacity: values.capacity });
      } catch (e) {
        if (e instanceof OutcomesError) throw new UsageError(e.message);
        throw e;
      }
      let simAsOf = asOf;
      if (spec.converted.kind === 'flag' && values['as-of'] !== undefined) {
        try { simAsOf = resolveAsOf(values['as-of'], cp, sample).ms; } catch (e) { throw new UsageError((e as Error).message); }
      }
      return { spec, simAsOf };
    };
    let result: BacktestResult, warnings: DataWarning[];
    if (n > 1) {
      // --workers N: each thread loads and backtests its leads' part (io/simulate-workers.ts), the same result.
      ({ result, warnings } = await backtestOnWorkers(prep, n, values.strict, (latest) => resolve(prep.project, prep.compiled, { latest }, simulationAsOf(flags, prep, { latest }).ms)));
    } else {
      const inputs = await loadSimulationInputs(flags, 'backtest', checked);
      const { spec, simAsOf } = resolve(inputs.project, inputs.compiled, inputs.leads, inputs.asOf);
      result = backtest(inputs.compiled, spec, inputs.leads, simAsOf);
      warnings = inputs.warnings;
    }
    if (format === 'json') {
      for (const w of warnings) process.stderr.write(`leadspec: warning: ${warningLine(w)}\n`);
      emit(JSON.stringify(result, null, 2) + '\n', values.out);
    } else {
      emit(format === 'md' ? renderBacktestMd(result, warnings) : renderBacktestText(result, warnings), values.out);
    }
    return 0;
  },
};

export default command;
export const run = command.run;
