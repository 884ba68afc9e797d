// The errors the edges raise and the command line turns into exit statuses (cli.ts): a usage
// error and unreadable input are exit 2 with the message, a refusal to compute is exit 1 with its
// text. They live here, below the commands, because io/ raises them too (io/ never imports
// commands/: see ARCHITECTURE.md, invariants).
export { InputError } from './files.js';

/** A command was called wrongly: an unknown option, a bad value, a missing argument (exit 2). */
export class UsageError extends Error {}

/**
 * A computing command refused to compute (exit 1): the definitions failed the gate (core/check/gate.ts),
 * or `--strict` found warnings. `text` is printed on stderr as it is; stdout stays empty.
 */
export class RefusedError extends Error {
  constructor(readonly text: string) { super(text.split('\n').at(-2) ?? text); }
}
