// The CLI's side of the gate (core/check/gate.ts): a refusal becomes a RefusedError, which cli.ts
// prints on stderr (exit 1) with nothing on stdout. Every computing command goes through here,
// most of them without knowing it: loadSimulationInputs calls requireValidDefinitions.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { RefusedError } from './errors.js';
import { gateDefinitions, refusalText, strictDataRefusal, type GateOptions } from '../core/check/gate.js';
import type { ParsedFile } from '../core/syntax/parse.js';
import type { DataWarning } from '../core/results.js';

/** As `leadspec validate` shows a file found from the workspace root: relative to the current folder, `/` separators. */
export function shownPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs).split(sep).join('/');
}

export interface RequireOptions extends GateOptions {
  /** The command's name in the closing line, e.g. "simulate". */
  command: string;
  /** Whose definitions: "the definitions at main" for a diff's base. */
  where?: string;
  /** How files are shown; default shownPath. A base ref's files are named `REF:path` already. */
  displayPath?: (file: string) => string;
}

/** Throws RefusedError unless the files pass the gate; returns them otherwise. */
export function requireValidDefinitions(files: ParsedFile[], opts: RequireOptions): ParsedFile[] {
  const v = gateDefinitions(files, opts);
  if (!v.pass) throw new RefusedError(refusalText(v, opts.command, opts.where, opts.displayPath ?? shownPath));
  return files;
}

/** With --strict, data warnings (loading, evaluation, SLA clocks) refuse the result too. */
export function requireNoDataWarnings(warnings: readonly DataWarning[], strict: boolean | undefined, command: string): void {
  if (!strict) return;
  const text = strictDataRefusal(warnings, command);
  if (text) throw new RefusedError(text);
}
