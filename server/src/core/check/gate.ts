// The one gate between definitions and every computation (simulate, test, diff — both sides —,
// sql, backtest, report, explain, and the editor's preview). It runs exactly the pipeline of
// `leadspec validate` (parse + schema + semantic checks + suppression comments) over the files a
// computation would read, and lets the computation run only when no error is left: a number
// computed from a definition that failed validation is a wrong number that looks right.
// Pure: the CLI (io/gate.ts) prints a refusal, the preview shows it as links.
import { validateReport, type IncrementalValidation, type ValidationReport } from './validate.js';
import { formatDiagnostics } from '../report/diagnostics-format.js';
import { warningLine } from '../report/simulate-common.js';
import type { ParsedFile } from '../syntax/parse.js';
import type { Diagnostic } from '../types.js';
import type { DataWarning } from '../results.js';

export interface GateOptions {
  /** Warnings block too (CI's `--strict`). */
  strict?: boolean;
  /** Other files references may resolve to; checked against, not reported (as `validate PATH`). */
  context?: ParsedFile[];
  /** Keep the checks between calls (the editor, on every edit): same verdict, re-checking only what changed. */
  incremental?: IncrementalValidation;
}

export interface GateVerdict {
  /** True when the computation may run. */
  pass: boolean;
  /** Everything `leadspec validate` reports for these files (errors, warnings, infos). */
  report: ValidationReport;
  /** How many files were checked (validate's summary line counts them). */
  files: number;
  /** The diagnostics that stop the computation: errors, and with `strict` warnings too. */
  blocking: Diagnostic[];
}

/** Checks the definitions a computation is about to use. */
export function gateDefinitions(files: ParsedFile[], opts: GateOptions = {}): GateVerdict {
  const report = opts.incremental ? opts.incremental.report(files, opts.context ?? []) : validateReport(files, opts.context ?? []);
  const blocking = report.diagnostics.filter((d) => d.severity === 'error' || (opts.strict === true && d.severity === 'warning'));
  return { pass: blocking.length === 0, report, files: files.length, blocking };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What a refused command prints on stderr: the diagnostics exactly as `leadspec validate` prints
 * them (its summary line included), then one line saying what was not done and what to do.
 * `where`: whose definitions, e.g. "the definitions" or "the definitions at main".
 */
export function refusalText(v: GateVerdict, command: string, where = 'the definitions', displayPath?: (file: string) => string): string {
  const errors = v.blocking.filter((d) => d.severity === 'error').length;
  const warnings = v.blocking.length - errors;
  const what = [errors ? plural(errors, 'error') : '', warnings ? `${plural(warnings, 'warning')} (--strict)` : ''].filter(Boolean).join(' and ');
  return formatDiagnostics({ ...v.report, files: v.files }, 'text', { displayPath })
    + `leadspec ${command}: ${where} have ${what}; nothing was computed. Fix them first (leadspec validate).\n`;
}

/**
 * The data side of `--strict`: every data warning (a value that does not parse, a duplicate id,
 * an orphan event, an SLA clock that cannot start…) stops the command. Undefined when none.
 */
export function strictDataRefusal(warnings: readonly DataWarning[], command: string, shown = 50): string | undefined {
  if (warnings.length === 0) return undefined;
  const lines = warnings.slice(0, shown).map((w) => `warning: ${warningLine(w)}`);
  if (warnings.length > shown) lines.push(`… ${warnings.length - shown} more`);
  return lines.join('\n') + `\nleadspec ${command}: ${plural(warnings.length, 'data warning')}, fatal with --strict; no result is given. Fix the data, or drop --strict.\n`;
}
