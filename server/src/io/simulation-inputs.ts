// The inputs of a simulation from the flags of `leadspec simulate` (and `leadspec diff`, which
// takes the same ones): definitions, the project, sample leads and events, and `as_of`.
// Inputs not given come from the project definition; its sample paths resolve against the
// project file's folder. Throws UsageError / InputError (exit 2) with the file and position.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from './files.js';
import { loadSampleFiles } from './samples.js';
import { valueRange, type LeadspecDoc, type ParsedFile } from '../core/syntax/parse.js';
import type { ProjectDef } from '../core/model.js';
import type { DataWarning, Lead, SimulationResult } from '../core/results.js';
import { compileProject, definitionsOf, resolveAsOf, type CompiledProject, type AsOfSource } from '../core/eval/simulate.js';
import { renderSimulateText } from '../core/report/simulate-text.js';
import { renderSimulateMd } from '../core/report/simulate-md.js';
import { renderSimulateCsv } from '../core/report/simulate-csv.js';
import { requireValidDefinitions, requireNoDataWarnings } from './gate.js';

export const SIMULATE_OPTIONS = {
  project: { type: 'string' },
  defs: { type: 'string', multiple: true },
  leads: { type: 'string' },
  events: { type: 'string' },
  'as-of': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  strict: { type: 'boolean' },
} as const;

export interface SimulationInputs {
  files: ParsedFile[];
  compiled: CompiledProject;
  project?: ProjectDef;
  projectFile?: string;
  leads: Lead[];
  warnings: DataWarning[];
  events: number;
  leadsFile: string;
  eventsFile?: string;
  asOf: number;
  asOfSource: AsOfSource;
}

/** A path as warnings and reports show it: relative to the current folder when inside it. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}

export interface DefinitionFlags { project?: string; defs?: string[]; strict?: boolean }

/**
 * The definition files a computing command reads (--project, --defs, else the workspace of the
 * current folder), through the gate: definitions with errors (warnings too with --strict) throw
 * RefusedError, so no caller can compute on them. `command` names the command in the refusal.
 */
export function loadCheckedDefinitions(v: DefinitionFlags, command: string): { files: ParsedFile[]; projectFile?: string } {
  let projectFile: string | undefined;
  if (v.project !== undefined) {
    projectFile = resolve(v.project);
    if (!existsSync(projectFile) || statSync(projectFile).isDirectory()) throw new InputError(`${v.project}: no such project file`);
  } else {
    const root = findWorkspaceRoot();
    for (const name of ['leadspec.yaml', 'leadspec.yml']) if (existsSync(join(root, name))) { projectFile = join(root, name); break; }
  }
  const defPaths = v.defs && v.defs.length ? v.defs.map((p) => resolve(p)) : [projectFile ? dirname(projectFile) : findWorkspaceRoot()];
  const files = loadLeadspecFiles(defPaths);
  if (projectFile && !files.some((f) => resolve(f.file) === projectFile)) files.push(...loadLeadspecFiles([projectFile]));
  requireValidDefinitions(files, { command, strict: v.strict });
  return { files, projectFile };
}

/** What a simulation reads, resolved from the flags before any data is loaded. */
export interface PreparedSimulation {
  files: ParsedFile[];
  compiled: CompiledProject;
  project?: ProjectDef;
  projectFile?: string;
  /** The project document, whose `as_of` an error cites. */
  projectDoc?: LeadspecDoc;
  leadsPath: string;
  eventsPath?: string;
}

/** Resolves the project, the sample paths and the compiled definitions (no data read). */
export function prepareSimulation(v: DefinitionFlags & { leads?: string; events?: string }, checked: { files: ParsedFile[]; projectFile?: string }): PreparedSimulation {
  const files = checked.files;
  const { project, projectFile, projectDoc } = chooseProject(files, checked.projectFile);
  if (!project && v.project !== undefined) throw new InputError(`${v.project}: holds no \`kind: project\` definition`);
  const { leadsPath, eventsPath } = samplePaths(v, project, projectFile);
  if (!leadsPath) throw new UsageError('no sample leads: pass --leads FILE, or name `samples: { leads: … }` in the project definition (leadspec.yaml)');

  // The chosen project's as_of, outcomes and feedback, whichever project comes first.
  const compiled = compileProject(definitionsOf(files), project?.id);
  return { files, compiled, project, projectFile, projectDoc, leadsPath, eventsPath };
}

/**
 * The project a command computes with: the one in the project file (--project, else the
 * workspace's leadspec.yaml), else the first in the definitions. Every path — in-process and
 * DuckDB — takes its samples, as_of, outcomes and feedback from this one.
 */
export function chooseProject(files: ParsedFile[], projectFile?: string): { project?: ProjectDef; projectFile?: string; projectDoc?: LeadspecDoc } {
  const projDocs = files.flatMap((f) => f.docs.filter((d) => d.kind === 'project').map((d) => ({ f, d })));
  const own = projectFile ? projDocs.find((x) => resolve(x.f.file) === projectFile) : undefined;
  const pick = own ?? projDocs[0];
  return pick ? { project: pick.d.value as ProjectDef, projectFile: resolve(pick.f.file), projectDoc: pick.d } : { projectFile };
}

/** The sample files: --leads / --events, else the project's `samples`, relative to the project's folder. */
export function samplePaths(v: { leads?: string; events?: string }, project: ProjectDef | undefined, projectFile: string | undefined): { leadsPath?: string; eventsPath?: string } {
  const base = projectFile ? dirname(projectFile) : process.cwd();
  const samples = project && typeof project.samples === 'object' && project.samples ? project.samples : {};
  return {
    leadsPath: v.leads !== undefined ? resolve(v.leads) : typeof samples.leads === 'string' ? resolve(base, samples.leads) : undefined,
    eventsPath: v.events !== undefined ? resolve(v.events) : typeof samples.events === 'string' ? resolve(base, samples.events) : undefined,
  };
}

/** `as_of` from --as-of, the project or the sample (its leads, or their latest time); errors cite the flag or the project's value. */
export function simulationAsOf(v: { 'as-of'?: string }, prep: PreparedSimulation, sample: Lead[] | { latest: number }): { ms: number; source: AsOfSource } {
  try { return resolveAsOf(v['as-of'], prep.compiled, sample); }
  catch (e) {
    const msg = (e as Error).message;
    if (v['as-of'] !== undefined || !prep.projectFile || !prep.projectDoc) throw new UsageError(msg);
    // Cite the as_of value itself (the document's start would send the reader looking).
    const at = valueRange(prep.projectDoc, ['as_of'])?.start ?? prep.projectDoc.range.start;
    throw new InputError(`${displayPath(prep.projectFile)}:${at.line + 1}:${at.character + 1}: ${msg}`);
  }
}

/**
 * Resolves and loads everything a simulation needs from the simulate flags (shared with
 * `leadspec diff`, which passes the same flags). Throws UsageError/InputError (exit 2), and
 * RefusedError (exit 1) when the definitions fail the gate or, with --strict, the sample data
 * has warnings.
 */
export async function loadSimulationInputs(v: DefinitionFlags & { leads?: string; events?: string; 'as-of'?: string }, command = 'simulate',
  checked: { files: ParsedFile[]; projectFile?: string } = loadCheckedDefinitions(v, command)): Promise<SimulationInputs> {
  const prep = prepareSimulation(v, checked);
  const { leadsPath, eventsPath, compiled } = prep;
  const loaded = await loadSampleFiles(compiled.catalog, { leads: leadsPath, events: eventsPath, label: displayPath });
  requireNoDataWarnings(loaded.warnings, v.strict, command);
  const asOf = simulationAsOf(v, prep, loaded.leads);
  return {
    files: prep.files, compiled, project: prep.project, projectFile: prep.projectFile, leads: loaded.leads, warnings: loaded.warnings, events: loaded.events,
    leadsFile: displayPath(leadsPath), eventsFile: eventsPath ? displayPath(eventsPath) : undefined, asOf: asOf.ms, asOfSource: asOf.source,
  };
}

export function renderSimulation(result: SimulationResult, format: 'text' | 'json' | 'csv' | 'md', inputs?: Pick<SimulationInputs, 'asOfSource' | 'leadsFile' | 'eventsFile' | 'events'>): string {
  const meta = inputs ? { asOfSource: inputs.asOfSource, leadsFile: inputs.leadsFile, eventsFile: inputs.eventsFile, events: inputs.events } : {};
  switch (format) {
    case 'json': return JSON.stringify(result, null, 2) + '\n';
    case 'csv': return renderSimulateCsv(result);
    case 'md': return renderSimulateMd(result, meta);
    default: return renderSimulateText(result, meta);
  }
}
