// Helpers shared by the CLI commands: argument parsing and output.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { didYouMean } from '../core/check/suggest.js';
import { InputError } from '../io/files.js';

import { UsageError } from '../io/errors.js';

// Defined in io/errors.ts (io/ raises them too); re-exported for the commands.
export { UsageError, RefusedError } from '../io/errors.js';

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * A CLI command. `help` is what `leadspec NAME --help` (or `-h`) prints — cli.ts answers it
 * before `run`, so it works with any other arguments; it lists every entry of `options`, the
 * table `run` gives parseCommandArgs (test/cli/cli-help.test.ts holds both to that).
 */
export interface Command { help: string; options: CommandOptions; run(args: string[]): Promise<number> }

/** The running command's name, for usage messages ("leadspec simulate: unknown option …"). */
let commandName = '';
export function setCommandName(name: string): void { commandName = name; }

/**
 * node:util parseArgs, with usage errors that say what to do instead of parseArgs' own wording:
 * a did-you-mean for an unknown option, and where the list of options is.
 */
export function parseCommandArgs<T extends CommandOptions>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new CommandUsageError(usageMessage(e as Error & { code?: string }, options));
  }
}

/** A usage error whose message already starts with `leadspec COMMAND:` (cli.ts prints it as is). */
export class CommandUsageError extends UsageError {}

function usageMessage(e: Error & { code?: string }, options: CommandOptions): string {
  const who = commandName ? `leadspec ${commandName}` : 'leadspec';
  const pointer = ` (${commandName ? `leadspec ${commandName} --help` : 'leadspec --help'} lists every option)`;
  const msg = e.message.replace(/^TypeError \[[A-Z_]+\]: /, '');
  const unknown = /^Unknown option '([^']+)'/.exec(msg);
  if (unknown) {
    const names = Object.keys(options).filter((o) => o !== 'help').map((o) => `--${o}`);
    return usageLine(who, `unknown option '${unknown[1]}'${didYouMean(unknown[1], names)}${pointer}`);
  }
  const missing = /^Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument missing/.exec(msg);
  if (missing) return usageLine(who, `${missing[1]} needs a value${pointer}`);
  const notString = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(msg);
  if (notString) return usageLine(who, `${notString[1]} takes no value${pointer}`);
  const positional = /^Unexpected argument '([^']+)'/.exec(msg);
  if (positional) return usageLine(who, `unexpected argument '${positional[1]}'${pointer}`);
  return usageLine(who, msg.replace(/\. To specify a positional argument.*$/s, '') + pointer);
}

const usageLine = (who: string, text: string) => `${who}: ${text}`;

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

/** Writes to --out FILE when given (its folder is created when missing), else stdout. */
export function emit(text: string, out?: string): void {
  if (out) {
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (e) {
      // A file where a folder must be, no permission, a full disk: the user's input, not a crash.
      throw new InputError(`${out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else process.stdout.write(text);
}

/** emit() for a report in pieces, written one after another (a large report exceeds one string). */
export function emitPieces(pieces: Iterable<string>, out?: string): void {
  if (!out) { for (const p of pieces) process.stdout.write(p); return; }
  let fd: number | undefined;
  try {
    mkdirSync(dirname(out), { recursive: true });
    fd = openSync(out, 'w');
    for (const p of pieces) writeSync(fd, p);
  } catch (e) {
    throw new InputError(`${out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
