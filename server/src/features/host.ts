// The language server's state, independent of the protocol: the workspace folders, the text of
// every leadspec file (open editors override the disk), settings, trust, and the Workspace index
// the features query. server.ts feeds it; tests and benchmarks can drive it directly.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { listYamlFiles } from '../io/files.js';
import { looksLikeLeadspec, parseFile, type ParsedFile } from '../core/syntax/parse.js';
import { Workspace } from '../core/check/workspace.js';
import type { Diagnostic } from '../core/types.js';
import { reparseFile } from './incremental.js';

export interface HostSettings {
  validateEnable: boolean;
  /** Sample leads / events files (absolute, or relative to the workspace root). */
  samplesLeads?: string;
  samplesEvents?: string;
  codeLensEnable: boolean;
  debounceMs: number;
}

export const DEFAULT_SETTINGS: HostSettings = { validateEnable: true, codeLensEnable: true, debounceMs: 20 };

/**
 * A file this large (characters; ~1 MB) takes the main thread long enough to parse and check
 * (10 MB: seconds) that requests would wait behind it. Such a file is checked in a worker thread
 * (background-check.ts) and never parsed on the main thread: features answer nothing in it and
 * other files' features do not see its definitions — as editors switch features off for large
 * files — until it is under the limit again (docs/editor.md "Large files"). An editor asks for
 * outline, folding, lenses and highlights of an open file unprompted, so parsing it "only when
 * asked" would still block for seconds on every edit.
 */
export const LARGE_FILE_CHARS = 1_000_000;

export class LeadspecHost {
  roots: string[] = [];
  /** Untrusted workspaces: validate only — no sample loading. */
  trusted = true;
  settings: HostSettings = { ...DEFAULT_SETTINGS };
  /**
   * The client command that shows the Problems panel, for lenses that point at errors: VS Code's
   * (and code-server's) when the client is one of them, else '' (a lens that only informs).
   */
  problemsCommand = '';
  readonly ws = new Workspace();
  /** Bumped on every applied change: caches of derived results (simulation) key on it. */
  generation = 0;
  private open = new Set<string>();
  private pending = new Map<string, string>();

  /** Indexes every leadspec file under the workspace folders (on start). */
  loadRoots(roots: string[]): void {
    this.roots = roots;
    for (const root of roots) this.loadRoot(root);
  }

  private loadRoot(root: string): void {
    let files: string[] = [];
    try { files = listYamlFiles([root]); } catch { return; }
    for (const f of files) if (!this.open.has(f)) this.readFromDisk(f);
  }

  /** True when the client gave no workspace folder: roots are then found from the files opened. */
  rootsFromFiles = false;

  /**
   * With no workspace folder, the project of an opened file: the nearest folder upwards holding
   * `leadspec.yaml` (as the CLI finds it), indexed once. Returns true when a new root was added.
   */
  adoptRootFor(path: string): boolean {
    if (!this.rootsFromFiles || this.roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep))) return false;
    const root = projectRootOf(path);
    if (!root || this.roots.includes(root)) return false;
    this.roots = [...this.roots, root];
    this.loadRoot(root);
    return true;
  }

  /** A file changed on disk (or was created): re-read it unless an editor holds it. */
  readFromDisk(path: string): void {
    if (this.open.has(path) || !/\.ya?ml$/i.test(path)) return;
    let text: string;
    try { text = readFileSync(path, 'utf8'); } catch { this.removeFile(path); return; }
    this.setText(path, text);
  }

  openDocument(path: string, text: string): void { this.open.add(path); this.setText(path, text); }
  closeDocument(path: string): void { this.open.delete(path); this.pending.delete(path); this.readFromDisk(path); }
  isOpen(path: string): boolean { return this.open.has(path); }

  /**
   * Records a file's new text; it is parsed lazily, when a feature or the check needs it. A large
   * file's older parse leaves the index at once: features in other files see the workspace
   * without it rather than as it was.
   */
  setText(path: string, text: string): void {
    this.pending.set(path, text);
    // (A file becoming large, or small again, changes what the test runner and samples may do.)
    if (text.length > LARGE_FILE_CHARS) {
      if (!this.large.has(path)) { this.large.add(path); this.generation++; }
      if (this.ws.parsed(path)) { this.ws.removeFile(path); this.generation++; }
    } else if (this.large.delete(path)) this.generation++;
  }

  /** Files over LARGE_FILE_CHARS (parsed on the main thread or not). */
  private large = new Set<string>();
  largeFiles(): string[] { return [...this.large].sort(); }

  /** Applies pending texts to the index (all of them, or one file's); never a large file's. */
  sync(path?: string): void {
    const paths = (path === undefined ? [...this.pending.keys()] : this.pending.has(path) ? [path] : []).filter((p) => !this.large.has(p));
    for (const p of paths) { const t = this.pending.get(p)!; this.pending.delete(p); this.apply(p, t); }
  }

  /** The latest text of every leadspec file (pending or indexed), without parsing any: a snapshot for a worker. */
  texts(): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of this.ws.files()) out.set(f, this.ws.parsed(f)!.text);
    for (const [f, t] of this.pending) if (looksLikeLeadspec(t)) out.set(f, t); else out.delete(f);
    return out;
  }

  private apply(path: string, text: string): void {
    const old = this.ws.parsed(path);
    if (!looksLikeLeadspec(text)) { if (old) { this.ws.removeFile(path); this.generation++; } return; }
    if (old && old.text === text) return;
    let f: ParsedFile;
    try { f = reparseFile(path, old, text); } catch { f = parseFile(path, text); } // never lose an edit to a re-parse bug
    if (f.docs.length === 0) { if (old) { this.ws.removeFile(path); this.generation++; } return; }
    this.ws.setParsed(f);
    this.generation++;
  }

  removeFile(path: string): void {
    this.pending.delete(path);
    if (this.large.delete(path)) this.generation++;
    if (this.ws.parsed(path)) { this.ws.removeFile(path); this.generation++; }
  }

  /** The index with every pending change applied: what features query. */
  index(): Workspace { this.sync(); return this.ws; }

  file(path: string): ParsedFile | undefined { this.sync(path); return this.ws.parsed(path); }
  files(): ParsedFile[] { this.sync(); return this.ws.files().map((f) => this.ws.parsed(f)!); }

  /** Every leadspec file's diagnostics (parse + schema + semantic, after suppressions). */
  diagnostics(): Map<string, Diagnostic[]> {
    this.sync();
    const out = new Map<string, Diagnostic[]>();
    for (const p of this.ws.files()) out.set(p, this.ws.diagnostics(p));
    return out;
  }
}

/** The nearest folder at or above `file`'s holding leadspec.yaml (or .yml); undefined if none. */
export function projectRootOf(file: string): string | undefined {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, 'leadspec.yaml')) || existsSync(join(dir, 'leadspec.yml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
