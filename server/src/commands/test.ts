// `leadspec test [PATH…] [--format text|json|junit] [--out FILE]` (SPEC §9): runs the cases of
// the `kind: test` definitions under PATH (default: the workspace root) against the workspace's
// definitions and prints each failure with expected vs actual and the explanation.
// Exit status: 0 every case passed; 1 a case failed or could not run, or the definitions fail
// validation (the gate, core/check/gate.ts; with --strict, warnings too); 2 usage or input error (missing path, unreadable samples). No tests at all: 0, with a note.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { parseCommandArgs, oneOf, emit, type Command } from './common.js';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from '../io/files.js';
import { loadSampleFiles } from '../io/samples.js';
import { displayPath } from '../io/simulation-inputs.js';
import { nodeAtPath, type LeadspecDoc, type ParsedFile } from '../core/syntax/parse.js';
import { compileProject, definitionsOf } from '../core/eval/simulate.js';
import type { ProjectDef, TestDef } from '../core/model.js';
import type { DataWarning, Lead } from '../core/results.js';
import { requireValidDefinitions, requireNoDataWarnings } from '../io/gate.js';
import { runTest, type TestOutcome } from '../core/eval/expectations.js';
import { renderTestJson, renderTestJunit, renderTestText, type TestReport } from '../core/report/tests-format.js';

const FORMATS = ['text', 'json', 'junit'] as const;

export const HELP = `leadspec test [PATH…] [options]

Runs the cases of the kind: test definitions under each PATH (default: the workspace root)
against the definitions of the workspace PATH belongs to, and prints each failure with expected
vs actual and the explanation. Definitions with errors are refused (exit 1).

Options:
  --format FORMAT     text (default) | json | junit (for CI test reporters)
  --out FILE          write the report to FILE instead of stdout (its folder is created)
  --strict            warnings are fatal too: definition warnings and the sample's data warnings
  -h, --help          this text

Exit status: 0 every case passed; 1 a case failed or could not run, or the definitions have
errors (with --strict, any warning); 2 usage or input error.
`;

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = { format: { type: 'string' }, out: { type: 'string' }, strict: { type: 'boolean' } } as const;

const command: Command = {
  options: OPTIONS,
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    const format = oneOf('format', values.format, FORMATS, 'text');
    const selected = (positionals.length ? positionals : [findWorkspaceRoot(process.cwd())]).map((p) => resolve(p));
    for (const p of selected) if (!existsSync(p)) throw new InputError(`${p}: no such file or folder`);
    // The definitions the tests run against: the whole workspace the first PATH belongs to.
    const first = selected[0];
    const root = findWorkspaceRoot(statSync(first).isDirectory() ? first : dirname(first));
    const files = loadFiles([root, ...selected]);

    // The gate: a case run against definitions with errors (a `pionts` typo in the case itself
    // included) would pass or fail for the wrong reason. RefusedError → exit 1.
    requireValidDefinitions(files, { command: 'test', strict: values.strict });

    const inSelection = (file: string) => selected.some((p) => resolve(file) === p || resolve(file).startsWith(p.endsWith(sep) ? p : p + sep));
    const tests = files.filter((f) => inSelection(f.file)).flatMap((f) => f.docs.filter((d) => d.kind === 'test'));
    if (tests.length === 0) {
      // Nothing to run is not a failure (a workspace may have no tests yet), but say so.
      process.stderr.write(`leadspec: no \`kind: test\` definitions under ${selected.map(displayPath).join(', ')} (write one as docs/format.md §9 shows: leadspec: v1, kind: test, id, cases)\n`);
    }

    const cp = compileProject(definitionsOf(files));
    const { samples, problem, warnings } = await loadSamples(files, tests, cp.catalog);
    requireNoDataWarnings(warnings, values.strict, 'test');
    const report: TestReport = { tests: [] };
    for (const doc of tests) {
      const caseLines = caseStarts(doc).map((r) => r.line + 1);
      const outcome: TestOutcome = runTest(doc.value as TestDef, cp, { samples, samplesProblem: problem, file: displayPath(doc.file.file), caseLines });
      report.tests.push({ outcome, file: displayPath(doc.file.file), line: doc.range.start.line + 1, caseStarts: caseStarts(doc).map((r) => ({ line: r.line + 1, column: r.character + 1 })) });
    }
    const text = format === 'json' ? renderTestJson(report) : format === 'junit' ? renderTestJunit(report) : renderTestText(report);
    emit(text, values.out);
    return report.tests.some((t) => t.outcome.cases.some((c) => c.status !== 'passed')) ? 1 : 0;
  },
};

export default command;
/** Also a named export: under NodeNext the dynamic import may type as the module itself. */
export const run = command.run;

function loadFiles(paths: string[]): ParsedFile[] {
  const seen = new Set<string>();
  const out: ParsedFile[] = [];
  let files: ParsedFile[];
  try { files = loadLeadspecFiles(paths); } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new InputError(`${err.path ?? paths.join(', ')}: cannot read (${err.code ?? err.message})`);
  }
  for (const f of files) { const k = resolve(f.file); if (!seen.has(k)) { seen.add(k); out.push(f); } }
  return out;
}

/** Where each case starts (0-based), for reports and JUnit `line` attributes. */
function caseStarts(doc: LeadspecDoc): { line: number; character: number }[] {
  const cases = Array.isArray(doc.value?.cases) ? doc.value.cases : [];
  return cases.map((_: unknown, i: number) => {
    const n = nodeAtPath(doc, ['cases', i])?.value;
    if (!n?.range) return doc.range.start;
    const lc = doc.file.lineCounter.linePos(n.range[0]);
    return { line: lc.line - 1, character: lc.col - 1 };
  });
}

/** The project's sample leads, read only when a case names one (`sample:`). */
async function loadSamples(files: ParsedFile[], tests: LeadspecDoc[], catalog: ReturnType<typeof compileProject>['catalog']): Promise<{ samples?: Map<string, Lead>; problem?: string; warnings: DataWarning[] }> {
  const wanted = tests.some((d) => Array.isArray(d.value?.cases) && d.value.cases.some((c: any) => c && typeof c === 'object' && c.sample !== undefined && c.sample !== null));
  if (!wanted) return { warnings: [] };
  const projects = files.flatMap((f) => f.docs.filter((d) => d.kind === 'project'));
  const project = projects[0];
  const s = (project?.value as ProjectDef | undefined)?.samples;
  if (!project || !s || typeof s.leads !== 'string') {
    return { problem: 'the project names no sample leads (add `samples: { leads: … }` to leadspec.yaml)', warnings: [] };
  }
  const base = dirname(resolve(project.file.file));
  const leadsPath = resolve(base, s.leads);
  const eventsPath = typeof s.events === 'string' ? resolve(base, s.events) : undefined;
  const loaded = await loadSampleFiles(catalog, { leads: leadsPath, events: eventsPath, label: displayPath });
  return { samples: new Map(loaded.leads.map((l) => [l.id, l])), warnings: loaded.warnings };
}
