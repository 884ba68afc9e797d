// Helpers shared by the CLI commands: argument parsing and output.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeFileSync } from 'node:fs';

import { UsageError } from '../io/errors.js';

// Defined in io/errors.ts (io/ raises them too); re-exported for the commands.
export { UsageError, RefusedError } from '../io/errors.js';

/** A CLI command: `help` is what `leadspec NAME --help` prints (every option, one line each). */
export interface Command { help?: string; run(args: string[]): Promise<number> }

/** node:util parseArgs, with usage errors that name the bad option instead of a stack trace. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

/** Writes to --out FILE when given, else stdout. */
export function emit(text: string, out?: string): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
