// Feeds a PreviewSession from the editor: definition files from disk, overridden by the text of
// open (possibly unsaved) documents, and the sample files named by the settings or the project.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { findWorkspaceRoot, listYamlFiles } from '../../../server/src/io/files.js';
import { looksLikeLeadspec } from '../../../server/src/core/syntax/parse.js';
import type { PreviewSession, SampleText } from './session.js';

/** The leadspec workspace of the active editor (the folder of leadspec.yaml above it), else the first folder's. */
export function leadspecRoot(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.uri.scheme === 'file') {
    const root = findWorkspaceRoot(dirname(doc.uri.fsPath));
    if (hasProjectFile(root)) return root;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    return folder ? folder.uri.fsPath : dirname(doc.uri.fsPath);
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? findWorkspaceRoot(folder.uri.fsPath) : undefined;
}

const hasProjectFile = (dir: string) => existsSync(join(dir, 'leadspec.yaml')) || existsSync(join(dir, 'leadspec.yml'));

export const isUnder = (root: string, file: string) => resolve(file).startsWith(resolve(root) + '/') || resolve(file) === resolve(root);

/** Loads every leadspec YAML file under root into the session (open documents win over disk). */
export async function loadDefinitions(session: PreviewSession, root: string): Promise<void> {
  const open = new Map(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d.getText()]));
  const files = listYamlFiles([root]);
  const keep = new Set<string>();
  for (const f of files) {
    const text = open.get(f) ?? (await readFile(f, 'utf8').catch(() => ''));
    if (!looksLikeLeadspec(text)) continue;
    keep.add(f);
    session.setFile(f, text);
  }
  for (const f of session.fileNames()) if (!keep.has(f)) session.removeFile(f);
}

/**
 * The sample files: the `leadspec.samples.*` settings, else the project's `samples:`; relative
 * paths resolve against the workspace root (settings) or the project file's folder (project).
 * Throws with a readable message when a named file cannot be read.
 */
export async function loadSamples(session: PreviewSession, root: string): Promise<string | undefined> {
  const cfg = vscode.workspace.getConfiguration('leadspec', vscode.Uri.file(root));
  let leads = cfg.get<string>('samples.leads', '') || undefined;
  let events = cfg.get<string>('samples.events', '') || undefined;
  let base = root;
  if (!leads) {
    const p = session.project() as { samples?: { leads?: unknown; events?: unknown } } | undefined;
    if (typeof p?.samples?.leads === 'string') {
      leads = p.samples.leads;
      events = typeof p.samples.events === 'string' ? p.samples.events : undefined;
      const projectFile = session.projectFile();
      base = projectFile ? dirname(projectFile) : root;
    }
  }
  if (!leads) { session.setSamples(undefined); return undefined; }
  const lp = resolve(base, leads);
  const ep = events ? resolve(base, events) : undefined;
  const read = (p: string) => readFile(p, 'utf8').catch((e: Error) => { throw new Error(`cannot read the sample file ${p}: ${e.message}`); });
  const s: SampleText = { leads: { file: lp, text: await read(lp) } };
  if (ep) s.events = { file: ep, text: await read(ep) };
  session.setSamples(s);
  return lp;
}
