// `leadspec diff --base REF [--project FILE] [--defs PATH…] [--leads FILE] [--events FILE]
//                [--as-of ISO] [--format text|json|md] [--out FILE]`
// Simulates the definitions at REF (read from git) and in the working tree over the SAME leads
// (loaded once, with the working tree's catalog) and the SAME as_of, and reports what changed.
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { parseCommandArgs, oneOf, emit, UsageError, type Command } from './common.js';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from '../io/files.js';
import { gitRoot, resolveCommit, readYamlAtRef, defaultBase } from '../io/git.js';
import { loadSampleFiles } from '../io/samples.js';
import { parseFile, looksLikeLeadspec, type ParsedFile } from '../core/parse.js';
import { validateFiles } from '../core/validate.js';
import { compileProject, definitionsOf, resolveAsOf, simulate } from '../core/simulate.js';
import { diffSimulations } from '../core/diff.js';
import { renderDiffMarkdown } from '../core/report/diff-md.js';
import { renderDiffText } from '../core/report/diff-text.js';
import type { ProjectDef } from '../core/model.js';

const FORMATS = ['text', 'json', 'md'] as const;

const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      base: { type: 'string' },
      project: { type: 'string' },
      defs: { type: 'string', multiple: true },
      leads: { type: 'string' },
      events: { type: 'string' },
      'as-of': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      top: { type: 'string' },
    });
    const format = oneOf('format', values.format, FORMATS, 'text');
    const top = values.top === undefined ? 10 : Number(values.top);
    if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top must be a whole number (got '${values.top}')`);
    // Positional paths are taken as definition paths, like validate's.
    const defPaths = [...(values.defs ?? []), ...positionals];

    const root = values.project ? dirname(resolve(values.project)) : findWorkspaceRoot(process.cwd());
    const headFiles = loadLeadspecFiles(defPaths.length ? defPaths : [root]);
    const project = findProject(values.project, headFiles);
    const projectDir = values.project ? dirname(resolve(values.project)) : project ? dirname(resolve(project.file)) : root;

    // The working tree must be valid: a diff of a broken definition would mislead the reviewer.
    const errors = validateFiles(headFiles).filter((d) => d.severity === 'error');
    if (errors.length) {
      for (const d of errors) process.stderr.write(`${displayPath(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code} ${d.message}\n`);
      process.stderr.write(`leadspec diff: the working tree's definitions have ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them first (leadspec validate)\n`);
      return 1;
    }

    const repo = await gitRoot(root);
    const projectBase = typeof project?.def.base === 'string' ? project.def.base : undefined;
    const base = values.base !== undefined ? { ref: values.base, why: '--base' } : await defaultBase(repo, projectBase);
    const commit = await resolveCommit(repo, base.ref);
    const baseFiles = (await readYamlAtRef(repo, commit, defPaths.length ? defPaths : [root]))
      .filter((f) => looksLikeLeadspec(f.text))
      .map((f) => parseFile(`${base.ref}:${f.repoPath}`, f.text))
      .filter((f) => f.docs.length > 0);

    const headDefs = definitionsOf(headFiles);
    const baseDefs = definitionsOf(baseFiles);
    const headCp = compileProject(headDefs);
    const baseCp = compileProject(baseDefs);

    const leadsPath = values.leads ?? sample(project?.def, 'leads', projectDir);
    const eventsPath = values.events ?? (values.leads === undefined ? sample(project?.def, 'events', projectDir) : undefined);
    if (!leadsPath) throw new InputError('no sample leads: give --leads FILE, or name `samples: { leads: … }` in the project definition (leadspec.yaml)');
    const loaded = await loadSampleFiles(headCp.catalog, { leads: leadsPath, events: eventsPath, label: displayPath });

    let asOf: number;
    try { asOf = resolveAsOf(values['as-of'], headCp, loaded.leads).ms; }
    catch (e) { throw new UsageError((e as Error).message); }

    // Each side gets its own copy of the loading warnings (simulate appends its own).
    const baseResult = simulate(baseCp, loaded.leads, asOf, [...loaded.warnings]);
    const headResult = simulate(headCp, loaded.leads, asOf, [...loaded.warnings]);
    const d = diffSimulations({ result: baseResult, definitions: baseDefs }, { result: headResult, definitions: headDefs }, { base: base.ref, topMovers: top });

    const text = format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'md' ? renderDiffMarkdown(d) : renderDiffText(d);
    try { emit(text, values.out); }
    catch (e) { throw new InputError(`${values.out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
    return 0;
  },
};

export default command;
/** Also a named export: under NodeNext the default of a CommonJS-compiled module may type as the module itself. */
export const run = command.run;

function findProject(explicit: string | undefined, files: ParsedFile[]): { file: string; def: ProjectDef } | undefined {
  if (explicit) {
    const [f] = loadLeadspecFiles([explicit]);
    const doc = f?.docs.find((d) => d.kind === 'project');
    if (!doc) throw new InputError(`${explicit}: holds no \`kind: project\` definition`);
    return { file: f.file, def: doc.value as ProjectDef };
  }
  for (const f of files) for (const d of f.docs) if (d.kind === 'project' && d.value && typeof d.value === 'object') return { file: f.file, def: d.value as ProjectDef };
  return undefined;
}

function sample(p: ProjectDef | undefined, which: 'leads' | 'events', dir: string): string | undefined {
  const v = p?.samples?.[which];
  return typeof v === 'string' && v ? resolve(dir, v) : undefined;
}

/** Paths in messages relative to the current folder when inside it. */
function displayPath(p: string): string {
  if (!isAbsolute(p)) return p;
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}
