// The `leadspec` command line: one engine with the editor, for CI and scripts (SPEC §8).
// Each command lives in commands/<name>.ts and returns its exit status:
// 0 success, 1 the definitions have errors (or a test failed), 2 usage or input error.
import { InputError } from './io/files.js';
import { UsageError, RefusedError, CommandUsageError, setCommandName } from './commands/common.js';
import { COMMANDS } from './commands/index.js';
import { didYouMean } from './core/check/suggest.js';
import { VERSION } from './version.js';
import { enableProgress } from './io/progress.js';

const HELP = `leadspec — ICPs, lead scoring and SLAs as code

Usage:
  leadspec init     [DIR] [--from leads.csv] [--events events.jsonl] [--timezone ZONE]
  leadspec validate [PATH…] [--format text|json|sarif|github] [--strict] [--out FILE]
  leadspec simulate [--project FILE] [--defs PATH…] [--leads FILE] [--events FILE]
                    [--as-of ISO] [--format text|json|csv|md] [--out FILE]
                    [--engine auto|memory|duckdb] [--workers N] [--by FIELD] [--strict]
  leadspec diff     [--base REF] [same inputs as simulate] [--format text|json|md]
                    [--top N] [--out FILE] [--strict]
  leadspec test     [PATH…] [--format text|json|junit] [--out FILE] [--strict]
  leadspec backtest [same inputs as simulate] [--as-of ISO] [--horizon DUR]
                    [--capacity N|P%] [--format text|json|md] [--out FILE] [--workers N] [--strict]
  leadspec report   [--base REF] [--out FILE] [--by FIELD] [same inputs as simulate] [--strict]
  leadspec explain  LEAD… [same inputs as simulate] [--format text|json] [--out FILE] [--strict]
  leadspec sql      [PATH…] [--dialect duckdb|postgres] [--scoring ID] [--leads-table T]
                    [--events-table T] [--as-of ISO] [--from DATE] [--to DATE]
                    [--project FILE] [--defs PATH…] [--out FILE] [--strict]
                    [--backtest [--horizon DUR] [--capacity N|P%]]

leadspec COMMAND --help lists a command's options with what each does.
Every command takes --quiet: no progress line (one is shown on a terminal's stderr when
reading takes more than a second).

Exit status: 0 success; 1 the definitions have errors (with --strict, warnings too) and nothing
was computed, or a test failed; 2 usage or input error.
`;

/** `-h`/`--help` anywhere before a `--`: the command's help, whatever else was given. */
const asksHelp = (args: string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { process.stdout.write(HELP); return name ? 0 : 2; }
  if (name === '--version' || name === '-v') { process.stdout.write(`${VERSION}\n`); return 0; }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`leadspec: unknown command '${name}'${didYouMean(name, Object.keys(COMMANDS))}\n`
      + `commands: ${Object.keys(COMMANDS).join(', ')} (leadspec --help shows each)\n`);
    return 2;
  }
  const cmd = await load();
  setCommandName(name);
  if (asksHelp(rest)) { process.stdout.write(cmd.help); return 0; }
  // Every command: a progress line on a terminal's stderr for long runs, unless --quiet.
  const quiet = rest.includes('--quiet');
  enableProgress(quiet);
  return cmd.run(rest.filter((a) => a !== '--quiet'));
}

// A reader that stops early (\`leadspec simulate | head -1\`) closes the pipe: that ends the
// command quietly, as for any Unix filter, instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    if (e instanceof RefusedError) {
      // The gate refused (core/check/gate.ts): the diagnostics as validate prints them; stdout stays empty.
      process.stderr.write(e.text);
      process.exitCode = 1;
    } else if (e instanceof CommandUsageError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
    } else if (e instanceof UsageError || e instanceof InputError) {
      process.stderr.write(`leadspec: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`leadspec: internal error: ${e instanceof Error ? e.stack : String(e)}\nPlease report this with the command you ran.\n`);
      process.exitCode = 2;
    }
  },
);
