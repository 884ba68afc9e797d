// `leadspec validate [PATH…] [--format text|json|sarif|github] [--strict]` (SPEC §8).
// Exit status: 0 no errors; 1 errors (with --strict, warnings too); 2 usage or input error.
import { relative, resolve, isAbsolute, sep } from 'node:path';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from '../io/files.js';
import { validateReport } from '../core/validate.js';
import { formatDiagnostics, DIAGNOSTICS_FORMATS } from '../core/report/diagnostics-format.js';
import { parseCommandArgs, oneOf, emit, type Command } from './common.js';

const VERSION: string = (globalThis as any).LEADSPEC_VERSION ?? '0.1.0';

/** The workspace root's files are shown relative to the current directory when inside it. */
function displayPath(file: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return shown.split(sep).join('/');
}

const command: Command = {
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      format: { type: 'string' },
      strict: { type: 'boolean' },
      out: { type: 'string' },
    });
    const format = oneOf('format', values.format, DIAGNOSTICS_FORMATS, 'text');
    const paths = positionals.length ? positionals : [findWorkspaceRoot(process.cwd())];
    let files;
    try {
      files = loadLeadspecFiles(paths);
    } catch (e) {
      if (e instanceof InputError) throw e;
      // A folder we may not list, a path that is neither file nor folder, …: an input error.
      const err = e as NodeJS.ErrnoException;
      throw new InputError(`${err.path ?? paths.join(', ')}: cannot read (${err.code ?? err.message})`);
    }
    if (files.length === 0) {
      process.stderr.write(`leadspec: no leadspec files under ${paths.join(', ')} (a leadspec file is YAML whose first key is \`leadspec: v1\`)\n`);
    }
    const report = validateReport(files);
    // Files under PATHs the user gave are shown as given (like a compiler); with the default
    // PATH, relative to the current directory — what SARIF's %SRCROOT% and CI logs expect.
    const shown = positionals.length ? (f: string) => f.split(sep).join('/') : (f: string) => displayPath(f);
    emit(formatDiagnostics({ ...report, files: files.length }, format, { displayPath: shown, toolVersion: VERSION }), values.out);
    const errors = report.diagnostics.some((d) => d.severity === 'error');
    const warnings = report.diagnostics.some((d) => d.severity === 'warning');
    return errors || (values.strict && warnings) ? 1 : 0;
  },
};

export default command;
/** Also a named export: under NodeNext the dynamic import may type as the module itself. */
export const run = command.run;
