// Diagnostics scheduling: debounced per change, versioned so that a stale result is never
// published, and only re-published for files whose diagnostics actually changed (an edit in one
// file can change another's, e.g. a renamed ICP id).
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../core/types.js';
import { codeInfo } from '../core/codes.js';
import { pathToUri } from './uri.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The table of codes that ships with LeadSpec (docs/diagnostics.md, in the repository and the
 * extension package), as a file URL: each diagnostic's code links to its row there. Found from
 * the server's own location (dist/server.js, or server/src/features when run from source).
 */
const CODES_PAGE: string | undefined = (() => {
  for (const up of ['..', '../..', '../../..']) {
    const p = resolve(__dirname, up, 'docs', 'diagnostics.md');
    if (existsSync(p)) return pathToFileURL(p).toString();
  }
  return undefined;
})();

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: d.code,
    source: 'leadspec',
    message: d.message,
  };
  const info = codeInfo(d.code);
  if (info && CODES_PAGE) out.codeDescription = { href: `${CODES_PAGE}#${d.code.toLowerCase()}` };
  if (info?.name === 'unused-suppression') out.tags = [DiagnosticTag.Unnecessary];
  if (d.related?.length) out.relatedInformation = d.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message }));
  if (d.fixes?.length) out.data = { fixes: d.fixes };
  return out;
}

export interface SchedulerHooks {
  /**
   * Applies pending texts to the index and returns every file's diagnostics (cached by the index);
   * or, checked in a worker (background-check.ts), a promise of them — undefined when a newer
   * check superseded this one.
   */
  check(paths: string[]): Map<string, Diagnostic[]> | Promise<Map<string, Diagnostic[]> | undefined>;
  /** The version of every open document now (what an asynchronous check's result describes). */
  versions?(): Map<string, number>;
  /** The version of an open document now (undefined when the file is not open). */
  versionOf(path: string): number | undefined;
  publish(path: string, version: number | undefined, diagnostics: LspDiagnostic[]): void;
  enabled(): boolean;
  onError(e: unknown): void;
}

export class DiagnosticsScheduler {
  private pending = new Map<string, number | undefined>();
  private timer: NodeJS.Timeout | undefined;
  private last = new Map<string, string>();
  /** Flushes started, and the latest whose result was published (an older result never overwrites it). */
  private started = 0;
  private shown = 0;
  private carried = new Map<string, number | undefined>();

  constructor(private hooks: SchedulerHooks, public delayMs = 20) {}

  /** A file changed (typed into, or on disk): re-check after the debounce delay. */
  schedule(path: string, version?: number): void {
    this.pending.set(path, version);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Runs the pending check now. */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    // Files asked for by a worker's check that a newer one superseded are asked for again.
    const requested = new Map([...this.carried, ...this.pending]);
    this.pending.clear();
    this.carried.clear();
    const seq = ++this.started;
    let result: ReturnType<SchedulerHooks['check']>;
    try {
      result = this.hooks.enabled() ? this.hooks.check([...requested.keys()]) : new Map();
    } catch (e) {
      this.hooks.onError(e);
      return;
    }
    if (result instanceof Map) { this.publishAll(seq, result, requested); return; }
    // Checked in a worker: the versions are those of the texts it was handed, read now.
    const versions = this.hooks.versions?.() ?? new Map<string, number>();
    this.carried = new Map(requested);
    result.then((all) => { if (all) this.publishAll(seq, all, requested, (p) => versions.get(p)); }, (e) => this.hooks.onError(e));
  }

  private publishAll(seq: number, all: Map<string, Diagnostic[]>, requested: Map<string, number | undefined>,
    versionOf: (path: string) => number | undefined = (p) => this.hooks.versionOf(p)): void {
    if (seq < this.shown) return; // a later check was published already
    this.shown = seq;
    if (seq === this.started) this.carried.clear();
    // Files that had problems before and have none now must be cleared too.
    for (const p of this.last.keys()) if (!all.has(p)) all.set(p, []);
    for (const [path, diags] of all) {
      // check() ran synchronously on the latest text of every open document, so the version
      // read now is the version those diagnostics describe: never an older one. (A worker's
      // check: the versions read when its snapshot was taken.)
      const version = versionOf(path);
      const lsp = diags.map(toLspDiagnostic);
      const key = JSON.stringify(lsp);
      const before = this.last.get(path);
      if (!requested.has(path) && before === key) continue;
      if (!requested.has(path) && before === undefined && diags.length === 0) continue;
      if (diags.length === 0) this.last.delete(path); else this.last.set(path, key);
      this.hooks.publish(path, version, lsp);
    }
  }

  /** Forgets what was published (e.g. after the setting turned validation off). */
  reset(): void { this.last.clear(); }

  dispose(): void { if (this.timer) clearTimeout(this.timer); }
}
