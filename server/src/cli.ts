// The `leadspec` command line: one engine with the editor, for CI and scripts (SPEC §8).
// Each command lives in commands/<name>.ts and returns its exit status:
// 0 success, 1 the definitions have errors (or a test failed), 2 usage or input error.
import { InputError } from './io/files.js';
import { UsageError, RefusedError, type Command } from './commands/common.js';
import { VERSION } from './version.js';
import { enableProgress } from './io/progress.js';

const commands: Record<string, () => Promise<Command>> = {
  // Each entry loads its module lazily so `leadspec --help` stays instant.
  init: () => import('./commands/init.js').then((m) => m.default),
  validate: () => import('./commands/validate.js').then((m) => m.default),
  simulate: () => import('./commands/simulate.js').then((m) => m.default),
  sql: () => import('./commands/sql.js').then((m) => m.default),
  diff: () => import('./commands/diff.js').then((m) => m.default),
  test: () => import('./commands/test.js').then((m) => m.default),
  backtest: () => import('./commands/backtest.js').then((m) => m.default),
  report: () => import('./commands/report.js').then((m) => m.default),
  explain: () => import('./commands/explain.js').then((m) => m.default),
};

const HELP = `leadspec — ICPs, lead scoring and SLAs as code

Usage:
  leadspec init     [DIR] [--from leads.csv] [--events events.jsonl] [--timezone ZONE]
  leadspec validate [PATH…]   [--format text|json|sarif|github] [--strict]
  leadspec simulate [--project FILE] [--defs PATH…] [--leads FILE] [--events FILE]
                    [--as-of ISO] [--format text|json|csv|md] [--out FILE] [--by FIELD]
  leadspec diff     --base REF [same inputs as simulate] [--format text|json|md]
  leadspec test     [PATH…] [--format text|json|junit]
  leadspec backtest [same inputs as simulate] [--as-of ISO] [--horizon DUR]
                    [--capacity N|P%] [--format text|json|md] [--out FILE]
  leadspec report   [--base REF] [--out FILE] [--by FIELD] [same inputs as simulate]
  leadspec explain  LEAD… [same inputs as simulate] [--format text|json]
  leadspec sql      [--dialect duckdb|postgres] [--scoring ID] [--leads-table T]
                    [--events-table T] [--as-of ISO]

Every command takes --quiet: no progress line (one is shown on a terminal's stderr when
reading takes more than a second).

Exit status: 0 success, 1 definitions have errors, 2 usage or input error.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { process.stdout.write(HELP); return name ? 0 : 2; }
  if (name === '--version' || name === '-v') { process.stdout.write(`${VERSION}\n`); return 0; }
  const load = commands[name];
  if (!load) { process.stderr.write(`leadspec: unknown command '${name}'\n\n${HELP}`); return 2; }
  const cmd = await load();
  // Every command: a progress line on a terminal's stderr for long runs, unless --quiet.
  const quiet = rest.includes('--quiet');
  enableProgress(quiet);
  return cmd.run(rest.filter((a) => a !== '--quiet'));
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    if (e instanceof RefusedError) {
      // The gate refused (core/gate.ts): the diagnostics as validate prints them; stdout stays empty.
      process.stderr.write(e.text);
      process.exitCode = 1;
    } else if (e instanceof UsageError || e instanceof InputError) {
      process.stderr.write(`leadspec: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`leadspec: internal error: ${e instanceof Error ? e.stack : String(e)}\nPlease report this with the command you ran.\n`);
      process.exitCode = 2;
    }
  },
);
