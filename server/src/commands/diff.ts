// `leadspec diff --base REF [--project FILE] [--defs PATH…] [--leads FILE] [--events FILE]
//                [--as-of ISO] [--format text|json|md] [--out FILE] [--top N]`
// Simulates the definitions at REF (read from git) and in the working tree over the SAME leads
// (loaded once, with the working tree's catalog) and the SAME as_of, and reports what changed:
// the definitions themselves in words, the `kind: test` results on both sides, then the effect.
// `computeDiff` is shared with `leadspec report --base REF`.
import { dirname, resolve } from 'node:path';
import { parseCommandArgs, oneOf, emit, UsageError, type Command } from './common.js';
import { findWorkspaceRoot, InputError } from '../io/files.js';
import { gitRoot, resolveCommit, readYamlAtRef, defaultBase } from '../io/git.js';
import { SIMULATE_OPTIONS, loadSimulationInputs, type SimulationInputs } from '../io/simulation-inputs.js';
import { requireValidDefinitions, requireNoDataWarnings } from '../io/gate.js';
import { parseFile, looksLikeLeadspec } from '../core/syntax/parse.js';
import { compileProject, definitionsOf, simulate } from '../core/eval/simulate.js';
import { diffSimulations, type DiffResult } from '../core/diff/simulations.js';
import { diffTests, runAllTests } from '../core/diff/tests.js';
import type { SimulationResult } from '../core/results.js';
import { renderDiffMarkdown } from '../core/report/diff-md.js';
import { renderDiffText } from '../core/report/diff-text.js';
import { outcomesDiffMd, outcomesDiffText } from '../core/report/diff-outcomes.js';
import { addOutcomesToDiff } from '../core/outcomes/diff.js';
import { feedbackSpec, resolveOutcomes, OutcomesError } from '../core/outcomes/spec.js';

const FORMATS = ['text', 'json', 'md'] as const;

export const HELP = `leadspec diff --base REF [options]

Compares the definitions at a git ref with the working tree over the same sample leads and
as_of: what changed in the definitions (in words), the kind: test results before and after,
grade transitions, leads that gain or lose MQL and why, SLA leads newly breached or met,
volume periods that flip.

Options:
  --base REF          branch, tag or commit to compare with (default: the project's base,
                      else the merge base of HEAD with main/master)
  --project FILE      the project definition (default: leadspec.yaml of the workspace)
  --defs PATH…        definition files or folders (default: the project's folder)
  --leads FILE        sample leads (CSV, TSV, JSON, JSON Lines); default: the project's samples
  --events FILE       sample events (CSV, TSV, JSON Lines)
  --as-of ISO         evaluate at this instant (default: the project's as_of, else the sample's latest time)
  --format FORMAT     text (default) | json | md (a pull-request comment, under 65,536 characters)
  --top N             how many of the largest score moves to list per model (default 10)
  --out FILE          write the report to FILE instead of stdout
  --strict            warnings are fatal too: the working tree's definition warnings and the data warnings
  -h, --help          this text

Exit status: 0 the diff was written; 1 the definitions at either side have errors (the
base's cited as REF:file:line:col; with --strict, any warning of the working tree or the data);
2 usage or input error (unknown ref, missing file, not a git repository).
`;

export interface ComputedDiff { diff: DiffResult; inputs: SimulationInputs; head: SimulationResult; baseRef: string; elapsedMs: number }

/**
 * Both sides simulated and diffed. A diff of broken definitions would mislead the reviewer, so
 * both sides pass the gate (core/check/gate.ts): the working tree's inside loadSimulationInputs, the
 * base's below; either throws RefusedError (exit 1). `what` names the command in messages.
 */
export async function computeDiff(values: { base?: string; project?: string; defs?: string[]; leads?: string; events?: string; 'as-of'?: string; strict?: boolean }, top = 10, what = 'diff'): Promise<ComputedDiff> {
  const t0 = performance.now();
  const defs = values.defs ?? [];
  // The working tree's side: the same inputs, resolved the same way, as `leadspec simulate`.
  const inputs = await loadSimulationInputs({ ...values, defs }, what);

  for (const p of inputs.compiled.slaProblems) {
    process.stderr.write(`leadspec: warning: sla '${p.sla}'${p.problem.commitment ? ` (${p.problem.commitment})` : ''}: ${p.problem.message}; left out of the ${what}\n`);
  }

  const root = inputs.projectFile ? dirname(inputs.projectFile) : findWorkspaceRoot();
  const defPaths = defs.length ? defs.map((p) => resolve(p)) : [root];
  const repo = await gitRoot(root);
  const projectBase = typeof inputs.project?.base === 'string' ? inputs.project.base : undefined;
  const base = values.base !== undefined ? { ref: values.base } : await defaultBase(repo, projectBase);
  const commit = await resolveCommit(repo, base.ref);
  const baseFiles = (await readYamlAtRef(repo, commit, defPaths))
    .filter((f) => looksLikeLeadspec(f.text))
    .map((f) => parseFile(`${base.ref}:${f.repoPath}`, f.text))
    .filter((f) => f.docs.length > 0);
  // The base's files are named `REF:path` and shown as they are. Its warnings are not the
  // change under review, so --strict does not apply to them; its errors do stop the diff.
  requireValidDefinitions(baseFiles, { command: what, where: `the definitions at ${base.ref}`, displayPath: (f) => f });
  const baseDefs = definitionsOf(baseFiles);
  const headDefs = definitionsOf(inputs.files);

  // Same leads (loaded once, typed by the working tree's catalog), same as_of, both sides.
  // Each side gets its own copy of the loading warnings (simulate appends its own).
  // The base takes the project the head reads (by its id), as the head does.
  const baseCompiled = compileProject(baseDefs, inputs.project?.id);
  const baseResult = simulate(baseCompiled, inputs.leads, inputs.asOf, [...inputs.warnings]);
  const headResult = simulate(inputs.compiled, inputs.leads, inputs.asOf, [...inputs.warnings]);
  requireNoDataWarnings(headResult.warnings, values.strict, what);
  const d = diffSimulations({ result: baseResult, definitions: baseDefs }, { result: headResult, definitions: headDefs }, { base: base.ref, topMovers: top });
  // The evidence: each side's `kind: test` cases against that side's definitions.
  if ([...baseDefs, ...headDefs].some((x) => x.kind === 'test')) {
    const samples = new Map(inputs.leads.map((l) => [l.id, l]));
    d.tests = diffTests(runAllTests(baseDefs, baseCompiled, samples), runAllTests(headDefs, inputs.compiled, samples));
  }
  addOutcomes(d, baseCompiled, inputs);
  return { diff: d, inputs, head: headResult, baseRef: base.ref, elapsedMs: performance.now() - t0 };
}

/** SPEC §11: the backtest on both sides and sales' verdicts on the MQL changes, with the working tree's outcomes. */
function addOutcomes(d: DiffResult, baseCompiled: ReturnType<typeof compileProject>, inputs: SimulationInputs): void {
  if (!inputs.project?.outcomes) return;
  let outcomes;
  try { outcomes = resolveOutcomes(inputs.project, inputs.compiled.catalog); }
  catch (e) {
    if (!(e instanceof OutcomesError)) throw e;
    process.stderr.write(`leadspec: warning: the backtest is left out of the diff: ${e.message}\n`);
  }
  addOutcomesToDiff(d, { base: baseCompiled, head: inputs.compiled, leads: inputs.leads, asOf: inputs.asOf, outcomes, feedback: feedbackSpec(inputs.project) });
}

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = { ...SIMULATE_OPTIONS, base: { type: 'string' }, top: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

const command: Command = {
  options: OPTIONS,
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    const format = oneOf('format', values.format, FORMATS, 'text');
    const top = values.top === undefined ? 10 : Number(values.top);
    if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top must be a whole number (got '${values.top}')`);
    // Positional paths are taken as definition paths, like validate's.
    const computed = await computeDiff({ ...values, defs: [...(values.defs ?? []), ...positionals] }, top);
    const d = computed.diff;
    const text = format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'md' ? renderDiffMarkdown(d, { extraModelSection: outcomesDiffMd }) : renderDiffText(d, outcomesDiffText);
    try { emit(text, values.out); }
    catch (e) { throw new InputError(`${values.out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
    return 0;
  },
};

export default command;
/** Also a named export: under NodeNext the default of a CommonJS-compiled module may type as the module itself. */
export const run = command.run;
