// `leadspec validate [PATH…] [--format text|json|sarif|github] [--strict]` (SPEC §8).
// Exit status: 0 no errors; 1 errors (with --strict, warnings too); 2 usage or input error.
import { relative, resolve, isAbsolute, sep, dirname, join } from 'node:path';
import { statSync, existsSync } from 'node:fs';
import type { ParsedFile } from '../core/syntax/parse.js';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from '../io/files.js';
import { validateReport } from '../core/check/validate.js';
import { formatDiagnostics, DIAGNOSTICS_FORMATS } from '../core/report/diagnostics-format.js';
import { parseCommandArgs, oneOf, emit, type Command } from './common.js';
import { VERSION } from '../version.js';


/** The workspace root's files are shown relative to the current directory when inside it. */
function displayPath(file: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return shown.split(sep).join('/');
}

/**
 * The rest of the workspace around explicit PATHs, so that `validate scoring.yaml` resolves its
 * `icp:` references against the ICP files beside it without reporting on them.
 */
function contextOf(paths: string[], files: ParsedFile[]): ParsedFile[] {
  const given = new Set(files.map((f) => resolve(f.file)));
  const roots = new Set<string>();
  for (const p of paths) {
    let dir = p;
    try { if (!statSync(p).isDirectory()) dir = dirname(p); } catch { continue; }
    const root = findWorkspaceRoot(dir);
    // Only a real workspace (a folder holding leadspec.yaml) gives context; a loose folder does not.
    if (existsSync(join(root, 'leadspec.yaml')) || existsSync(join(root, 'leadspec.yml'))) roots.add(root);
  }
  const context: ParsedFile[] = [];
  for (const root of roots) {
    try {
      for (const f of loadLeadspecFiles([root])) if (!given.has(resolve(f.file))) { given.add(resolve(f.file)); context.push(f); }
    } catch { /* context is a help, not an input: an unreadable neighbour is not the user's error here */ }
  }
  return context;
}

export const HELP = `leadspec validate [PATH…] [options]

Checks the leadspec files under each PATH (files or folders; default: the workspace root, the
folder holding leadspec.yaml above the current one): YAML, the JSON schemas, the semantic checks,
then suppression comments — what every computing command checks before it computes.

Options:
  --format FORMAT     text (default) | json | sarif (code scanning) | github (workflow annotations)
  --strict            warnings are errors too (exit 1)
  --out FILE          write the report to FILE instead of stdout (its folder is created)
  -h, --help          this text

Exit status: 0 no errors; 1 errors (with --strict, warnings too); 2 usage or input error, or no
leadspec files under PATH.
`;

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = {
  format: { type: 'string' },
  strict: { type: 'boolean' },
  out: { type: 'string' },
} as const;

const command: Command = {
  options: OPTIONS,
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
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
      // Nothing checked is not a pass: a wrong PATH in CI would otherwise go green for ever.
      throw new InputError(`no leadspec files under ${paths.join(', ')} (a leadspec file is YAML whose first key is \`leadspec: v1\`; \`leadspec init\` starts a project)`);
    }
    const report = validateReport(files, positionals.length ? contextOf(positionals, files) : []);
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
