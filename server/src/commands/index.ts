// The registry of CLI commands, by name. Each entry loads its module lazily so `leadspec --help`
// and a typo stay instant. cli.ts dispatches through it; tests read every command's `help` and
// `options` from it (every option a command accepts is listed in its --help).
import type { Command } from './common.js';

/**
 * Each module's default export is its Command (typed there as `const command: Command`); under
 * NodeNext a dynamic import of a CommonJS-compiled module types `default` as the module too.
 */
const command = (m: { default: unknown }) => m.default as Command;

export const COMMANDS: Record<string, () => Promise<Command>> = {
  init: () => import('./init.js').then(command),
  validate: () => import('./validate.js').then(command),
  simulate: () => import('./simulate.js').then(command),
  sql: () => import('./sql.js').then(command),
  diff: () => import('./diff.js').then(command),
  test: () => import('./test.js').then(command),
  backtest: () => import('./backtest.js').then(command),
  report: () => import('./report.js').then(command),
  explain: () => import('./explain.js').then(command),
};
