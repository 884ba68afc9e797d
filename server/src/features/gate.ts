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

/**
 * A file over LARGE_FILE_CHARS in the workspace (host.ts): it is checked in a worker but not
 * parsed on the main thread as you type, so nothing is simulated there with or without it.
 */
export interface LargeFile { large: string }

/** Why no sample number (or test result) is shown now. */
export type Refusal = DefinitionErrors | LargeFile;

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
  return `${rel(e.first.file, root)}:${e.first.range.start.line + 1}`;
}

const rel = (file: string, root: string | undefined) => (root ? relative(root, file) : file);

/** The code lens shown instead of sample counts: short, says what to do and where. */
export function gateLensTitle(e: Refusal, root: string | undefined): string {
  if ('large' in e) return `Sample counts paused while ${rel(e.large, root)} (over 1 MB) is in the workspace: run leadspec simulate`;
  return `Sample counts paused: fix ${e.count === 1 ? 'the error' : `${errorsWord(e.count)}`} in the definitions first (${firstErrorAt(e, root)})`;
}

/** The hover line shown instead of a sample count. */
export function gateHoverLine(e: Refusal, root: string | undefined): string {
  if ('large' in e) return `_Sample counts are paused while the workspace holds ${rel(e.large, root)}, a file over 1 MB that is checked in the background and not simulated as you type; \`leadspec simulate\` computes them._`;
  return `_Sample counts are paused while the definitions have ${errorsWord(e.count)} (first: ${firstErrorAt(e, root)} ${e.first.code}); they come back when ${e.count === 1 ? 'it is' : 'they are'} fixed._`;
}

/** Why no test case runs (the Test Explorer and the test lenses show it). */
export function gateTestsText(e: Refusal, root: string | undefined): string {
  if ('large' in e) return `${rel(e.large, root)} is over 1 MB: the editor checks it in the background but runs no test case while it is in the workspace; run leadspec test`;
  return `the definitions have ${errorsWord(e.count)} (first: ${firstErrorAt(e, root)} ${e.first.code}); fix them to run the tests`;
}
