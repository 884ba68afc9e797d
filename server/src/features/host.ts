// The language server's state, independent of the protocol: the workspace root, the text of
// every leadspec file (open editors override the disk), settings, trust, and the index the
// features query. server.ts feeds it; tests can drive it directly.
import { readFileSync } from 'node:fs';
import { listYamlFiles } from '../io/files.js';
import { looksLikeLeadspec, parseFile, type ParsedFile } from '../core/parse.js';
import type { Diagnostic } from '../core/types.js';

export interface HostSettings {
  validateEnable: boolean;
  /** Sample leads / events files (absolute, or relative to the workspace root). */
  samplesLeads?: string;
  samplesEvents?: string;
  debounceMs: number;
}

export const DEFAULT_SETTINGS: HostSettings = { validateEnable: true, debounceMs: 40 };

export class LeadspecHost {
  roots: string[] = [];
  /** Untrusted workspaces: validate only — no sample loading (SPEC: no git either). */
  trusted = true;
  settings: HostSettings = { ...DEFAULT_SETTINGS };
  private parsed = new Map<string, ParsedFile>();
  private open = new Set<string>();
  private pending = new Map<string, string>();

  /** Indexes every leadspec file under the workspace folders (on start). */
  loadRoots(roots: string[]): void {
    this.roots = roots;
    for (const root of roots) {
      let files: string[] = [];
      try { files = listYamlFiles([root]); } catch { continue; }
      for (const f of files) if (!this.open.has(f)) this.readFromDisk(f);
    }
  }

  /** A file changed on disk (or was created): re-read it unless an editor holds it. */
  readFromDisk(path: string): void {
    if (this.open.has(path)) return;
    let text: string;
    try { text = readFileSync(path, 'utf8'); } catch { this.removeFile(path); return; }
    this.setText(path, text);
  }

  openDocument(path: string, text: string): void { this.open.add(path); this.setText(path, text); }
  closeDocument(path: string): void { this.open.delete(path); this.readFromDisk(path); }
  isOpen(path: string): boolean { return this.open.has(path); }

  /** Records a file's new text; it is parsed lazily, when a feature or the check needs it. */
  setText(path: string, text: string): void { this.pending.set(path, text); }

  /** Applies pending texts to the index (all of them, or one file's). */
  sync(path?: string): void {
    const paths = path === undefined ? [...this.pending.keys()] : this.pending.has(path) ? [path] : [];
    for (const p of paths) { const t = this.pending.get(p)!; this.pending.delete(p); this.apply(p, t); }
  }

  private apply(path: string, text: string): void {
    if (!looksLikeLeadspec(text)) { this.parsed.delete(path); return; }
    const f = parseFile(path, text);
    if (f.docs.length === 0) this.parsed.delete(path); else this.parsed.set(path, f);
  }

  removeFile(path: string): void { this.pending.delete(path); this.parsed.delete(path); }

  file(path: string): ParsedFile | undefined { this.sync(path); return this.parsed.get(path); }
  files(): ParsedFile[] { this.sync(); return [...this.parsed.values()]; }

  /** Every leadspec file's diagnostics. */
  diagnostics(): Map<string, Diagnostic[]> {
    this.sync();
    const out = new Map<string, Diagnostic[]>();
    for (const [p, f] of this.parsed) out.set(p, f.diagnostics);
    return out;
  }
}
