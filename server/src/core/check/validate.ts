// Validation of a set of parsed files: parse + schema (+ semantic) diagnostics, then the
// files' suppression comments (SPEC §10). Pure: the CLI and the server hand in parsed files.
import { schemaDiagnosticsOfFile } from '../schema/index.js';
import { applySuppressions } from './suppress.js';
import { RUN_CODES } from '../eval/expectations.js';
import { Workspace } from './workspace.js';
import { capPerCode, pushAll } from './bounded.js';
import type { ParsedFile } from '../syntax/parse.js';
import type { Diagnostic } from '../types.js';

export interface ValidationReport {
  diagnostics: Diagnostic[];
  /** How many diagnostics suppression comments hid. */
  suppressed: number;
  /** How many suppression comments the files hold. */
  suppressions: number;
}

/**
 * Every diagnostic of the files, in file order then position order. `context`: other files of
 * the workspace that references may resolve to (e.g. the catalog when one file is validated);
 * they are checked against but not reported.
 */
export function validateFiles(files: ParsedFile[], context: ParsedFile[] = []): Diagnostic[] {
  return validateReport(files, context).diagnostics;
}

export function validateReport(files: ParsedFile[], context: ParsedFile[] = []): ValidationReport {
  // Semantic checks (LS040–LS099) see all the files together: references cross files.
  const workspace = new Workspace({ schema: false });
  for (const f of context) if (!files.some((g) => g.file === f.file)) workspace.setParsed(f);
  for (const f of files) workspace.setParsed(f);
  return reportOf(files, workspace, schemaDiagnosticsOfFile);
}

/**
 * validateReport for a file set that changes a file at a time (the editor's preview runs the gate
 * on every edit): the workspace index and each file's schema diagnostics are kept between calls,
 * so an edit re-checks the edited file and the files that read what it changed (the workspace's
 * dependency tracking), not every file. Files are told apart by their ParsedFile: a new parse of
 * a file is a change, the same object is not. The report is validateReport's, always.
 */
export class IncrementalValidation {
  private readonly workspace = new Workspace({ schema: false });
  private readonly schema = new WeakMap<ParsedFile, Diagnostic[]>();
  /** What the workspace holds, by file name. */
  private held = new Map<string, ParsedFile>();

  /** How many files were (re-)checked semantically since the last call of report() (for tests). */
  get rechecked(): number { return this.lastRechecked; }
  private lastRechecked = 0;

  report(files: ParsedFile[], context: ParsedFile[] = []): ValidationReport {
    const want = new Map<string, ParsedFile>();
    for (const f of context) if (!files.some((g) => g.file === f.file)) want.set(f.file, f);
    for (const f of files) want.set(f.file, f);
    for (const name of this.held.keys()) if (!want.has(name)) this.workspace.removeFile(name);
    for (const [name, f] of want) if (this.held.get(name) !== f) this.workspace.setParsed(f);
    this.held = want;
    this.workspace.analysed = 0;
    const report = reportOf(files, this.workspace, (f) => {
      let d = this.schema.get(f);
      if (!d) this.schema.set(f, (d = schemaDiagnosticsOfFile(f)));
      return d;
    });
    this.lastRechecked = this.workspace.analysed;
    return report;
  }
}

function reportOf(files: ParsedFile[], workspace: Workspace, schemaOf: (f: ParsedFile) => Diagnostic[]): ValidationReport {
  const report: ValidationReport = { diagnostics: [], suppressed: 0, suppressions: 0 };
  for (const f of files) {
    // Earlier layers win: a value that is already wrong in shape is not reported again by a
    // later layer on the same range (one root cause, one diagnostic).
    const raw = firstPerRange([...f.diagnostics, ...schemaOf(f), ...workspace.semanticDiagnostics(f.file)]);
    // Test runs (LS105, LS113–LS115) need sample data: validate does not make them.
    const out = applySuppressions(f, raw, RUN_CODES);
    report.suppressed += out.suppressed;
    report.suppressions += out.suppressions.length;
    // Bounded output: at most MAX_PER_CODE of one code per file, then one LS006 summary.
    pushAll(report.diagnostics, sortByPosition(capPerCode(sortByPosition(out.diagnostics))));
  }
  return report;
}

/** Keeps only the first error on each exact range (warnings and infos are never dropped). */
export function firstPerRange(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    if (d.severity !== 'error') return true;
    const k = `${d.file}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
