// The editor's side of the one gate (core/check/gate.ts): no number the language server shows —
// code lens counts, hover counts, inlay hints, the `mql:` backtest lens, test results — is
// computed from definitions with errors. A `pionts` typo silently drops a rule's points, so a
// count computed anyway is a wrong number that looks right. The errors are the ones the Problems
// panel shows (the workspace index runs `leadspec validate`'s pipeline); test-run codes (LS105,
// LS113–LS115) are results, not errors in the definitions, and do not close the gate.
import { relative } from 'node:path';
import { RUN_CODES } from '../core/eval/expectations.js';
import type { Diagnostic } from '../core/types.js';

export interface DefinitionErrors {
  /** How many errors the definitions have (as listed in the Problems panel). */
  count: number;
  /** The first one, by file then position. */
  first: Diagnostic;
}

/** The errors that close the gate among `all` (every file's diagnostics); undefined when none. */
export function definitionErrors(all: readonly Diagnostic[]): DefinitionErrors | undefined {
  let count = 0;
  let first: Diagnostic | undefined;
  for (const d of all) {
    if (d.severity !== 'error' || RUN_CODES.has(d.code)) continue;
    count++;
    first ??= d;
  }
  return first ? { count, first } : undefined;
}

const errorsWord = (n: number) => `${n} error${n === 1 ? '' : 's'}`;

/** Where the first error is, as the Problems panel says it: `scoring/inbound.yaml:12`. */
export function firstErrorAt(e: DefinitionErrors, root: string | undefined): string {
  const file = root ? relative(root, e.first.file) : e.first.file;
  return `${file}:${e.first.range.start.line + 1}`;
}

/** The code lens shown instead of sample counts: short, says what to do and where. */
export function gateLensTitle(e: DefinitionErrors, root: string | undefined): string {
  return `Sample counts paused: fix ${e.count === 1 ? 'the error' : `${errorsWord(e.count)}`} in the definitions first (${firstErrorAt(e, root)})`;
}

/** The hover line shown instead of a sample count. */
export function gateHoverLine(e: DefinitionErrors, root: string | undefined): string {
  return `_Sample counts are paused while the definitions have ${errorsWord(e.count)} (first: ${firstErrorAt(e, root)} ${e.first.code}); they come back when ${e.count === 1 ? 'it is' : 'they are'} fixed._`;
}

/** Why no test case runs (the Test Explorer and the test lenses show it). */
export function gateTestsText(e: DefinitionErrors, root: string | undefined): string {
  return `the definitions have ${errorsWord(e.count)} (first: ${firstErrorAt(e, root)} ${e.first.code}); fix them to run the tests`;
}
