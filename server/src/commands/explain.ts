// `leadspec explain LEAD… [same inputs as simulate] [--format text|json] [--out FILE]`: each
// named sample lead's full story from the same engine as simulate (core/eval/explain.ts).
import { parseCommandArgs, oneOf, emit, UsageError, type Command } from './common.js';
import { InputError } from '../io/files.js';
import { SIMULATE_OPTIONS, loadSimulationInputs } from '../io/simulation-inputs.js';
import { definitionsOf } from '../core/eval/simulate.js';
import { explainLead } from '../core/eval/explain.js';
import { renderExplainText } from '../core/report/explain-text.js';

export const HELP = `leadspec explain LEAD… [options]

Tells one lead's full story, computed by the same engine as simulate: its fields as read (with
data warnings), every ICP with the tier and personas that matched and why the others did not,
every rule of every scoring model with its points, events, decay and clamps, the grade and the
MQL decision, and each SLA clock with its due time in the calendar's own time zone.

Arguments:
  LEAD…               lead ids of the samples (e.g. L00029)

Options:
  --format FORMAT     text (default) | json
  --project FILE      the project definition (default: leadspec.yaml of the workspace)
  --defs PATH         definition files or folders (repeatable; default: the project's folder)
  --leads FILE        sample leads (CSV, TSV, JSON, JSON Lines); default: the project's samples
  --events FILE       sample events (CSV, TSV, JSON Lines)
  --as-of ISO         evaluate at this instant
  --out FILE          write to FILE instead of stdout (its folder is created)
  --strict            warnings are fatal too: definition and data warnings (exit 1, no output)
  -h, --help          this text

Exit status: 0 explained; 1 the definitions have errors; 2 usage or input error (unknown lead).
`;

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = { ...SIMULATE_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;

const command: Command = {
  options: OPTIONS,
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    if (!positionals.length) throw new UsageError('name a lead to explain, e.g. leadspec explain L00029 (see leadspec explain --help)');
    // The gate: definitions with errors throw RefusedError (exit 1) inside loadSimulationInputs.
    const inputs = await loadSimulationInputs(values, 'explain');
    const byId = new Map(inputs.leads.map((l) => [l.id, l]));
    const missing = positionals.filter((id) => !byId.has(id));
    if (missing.length) {
      const like = inputs.leads.slice(0, 3).map((l) => l.id).join(', ');
      throw new InputError(`${inputs.leadsFile}: no lead ${missing.map((m) => `'${m}'`).join(', ')} among ${inputs.leads.length.toLocaleString('en-US')} leads${like ? ` (ids look like ${like})` : ''}`);
    }
    const defs = definitionsOf(inputs.files);
    const stories = positionals.map((id) => explainLead(inputs.compiled, defs, byId.get(id)!, inputs.asOf, inputs.warnings));
    emit(format === 'json' ? JSON.stringify(stories.length === 1 ? stories[0] : stories, null, 2) + '\n' : renderExplainText(stories), values.out);
    return 0;
  },
};

export default command;
export const run = command.run;
