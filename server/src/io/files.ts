// File-system edge of the CLI and the server: finding the workspace and its leadspec files.
import { readFileSync, readdirSync, statSync, existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseFile, looksLikeLeadspec, type ParsedFile } from '../core/syntax/parse.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.cache', 'out', '.vscode-test', '.e2e-run']);

/** The folder holding `leadspec.yaml`, searching upwards from `from`; else `from` itself. */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'leadspec.yaml')) || existsSync(join(dir, 'leadspec.yml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(from);
    dir = up;
  }
}

export class InputError extends Error {}

/** Every *.yaml / *.yml file under the given paths (files are taken as they are). Sorted. */
export function listYamlFiles(paths: string[]): string[] {
  const out = new Set<string>();
  const seen = new Set<string>(); // real paths of folders walked: a symlink loop is walked once
  const walk = (dir: string) => {
    let real: string;
    try { real = realpathSync(dir); } catch { return; }
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; } // an unreadable sub-folder holds nothing we can check
    for (const name of names) {
      if (name.startsWith('.') && name !== '.') continue;
      const p = join(dir, name);
      const isYaml = /\.ya?ml$/i.test(name);
      let st;
      try { st = statSync(p); } catch {
        // A broken symlink: only worth reporting when it claims to be a definition file.
        if (isYaml) out.add(p);
        continue;
      }
      if (st.isDirectory()) { if (!SKIP_DIRS.has(name)) walk(p); }
      else if (isYaml) out.add(p);
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { throw new InputError(`${p}: no such file or folder`); }
    if (st.isDirectory()) walk(p);
    else out.add(p);
  }
  return [...out].sort();
}

/** Reads and parses the leadspec files among `paths` (non-leadspec YAML is skipped). */
export function loadLeadspecFiles(paths: string[]): ParsedFile[] {
  const files: ParsedFile[] = [];
  for (const p of listYamlFiles(paths)) {
    let text: string;
    try { text = readFileSync(p, 'utf8'); } catch (e) { throw new InputError(`${p}: cannot read (${(e as Error).message})`); }
    if (!looksLikeLeadspec(text)) continue;
    const f = parseFile(p, text);
    if (f.docs.length > 0) files.push(f);
  }
  return files;
}
