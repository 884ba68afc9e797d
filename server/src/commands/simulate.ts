// `leadspec simulate [--project FILE] [--defs PATH…] [--leads FILE] [--events FILE]
//                    [--as-of ISO] [--format text|json|csv|md] [--out FILE]` (SPEC §8).
// Bad input → exit 2 with file:line:col; definitions that do not parse → exit 1.
import { parseCommandArgs, oneOf, emit, type Command } from './common.js';
import { SIMULATE_OPTIONS, loadSimulationInputs, renderSimulation } from '../io/simulation-inputs.js';
import { simulate } from '../core/simulate.js';
import { simulateWithDuckdb } from '../io/duckdb-simulate.js';

const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { ...SIMULATE_OPTIONS, engine: { type: 'string' } }, true);
    // `--defs PATH…`: paths after --defs (or after any flag) are more definition paths.
    if (positionals.length) values.defs = [...(values.defs ?? []), ...positionals];
    const format = oneOf('format', values.format, ['text', 'json', 'csv', 'md'] as const, 'text');
    // --engine duckdb|auto: the compiled SQL in embedded DuckDB (io/duckdb-simulate.ts); auto above a size.
    const sqlResult = await simulateWithDuckdb(values, oneOf('engine', values.engine, ['auto', 'memory', 'duckdb'] as const, 'auto'));
    if (sqlResult) { emit(renderSimulation(sqlResult, format), values.out); return 0; }
    const inputs = await loadSimulationInputs(values);
    if ('parseErrors' in inputs) {
      for (const e of inputs.parseErrors) process.stderr.write(e + '\n');
      process.stderr.write(`leadspec: the definitions have ${inputs.parseErrors.length} error${inputs.parseErrors.length === 1 ? '' : 's'}; fix them before simulating (run \`leadspec validate\`)\n`);
      return 1;
    }
    for (const p of inputs.compiled.slaProblems) {
      process.stderr.write(`leadspec: warning: sla '${p.sla}'${p.problem.commitment ? ` (${p.problem.commitment})` : ''}: ${p.problem.message}; left out of the simulation\n`);
    }
    const result = simulate(inputs.compiled, inputs.leads, inputs.asOf, inputs.warnings);
    emit(renderSimulation(result, format, inputs), values.out);
    return 0;
  },
};

export default command;

// Also a named export: under NodeNext the dynamic import may type as the module itself.
export const run = command.run;
