// The worker-thread side of the background check (background-check.ts): a Workspace index of its
// own, fed the texts that changed since its last check, answering with every file's diagnostics —
// the same pipeline as the main thread's (parse + schema + semantic + suppressions, bounded).
import { parentPort } from 'node:worker_threads';
import { Workspace } from '../core/check/workspace.js';
import { looksLikeLeadspec, parseFile } from '../core/syntax/parse.js';
import type { Diagnostic } from '../core/types.js';

/** `text: null`: the file is gone (deleted, or no longer a leadspec file). */
export type ToCheckWorker = { type: 'check'; seq: number; changes: { file: string; text: string | null }[] };
export type FromCheckWorker = { type: 'check'; seq: number; diagnostics?: [string, Diagnostic[]][]; error?: string };

/** Applies the changes and returns every file's diagnostics (exported for tests without a thread). */
export function checkChanges(ws: Workspace, changes: ToCheckWorker['changes']): [string, Diagnostic[]][] {
  for (const { file, text } of changes) {
    // As the host indexes a text (host.ts apply): not leadspec, or no leadspec document: not a file of the index.
    if (text === null || !looksLikeLeadspec(text)) { ws.removeFile(file); continue; }
    const parsed = parseFile(file, text);
    if (parsed.docs.length === 0) ws.removeFile(file); else ws.setParsed(parsed);
  }
  return ws.files().map((f) => [f, ws.diagnostics(f)]);
}

export function runCheckWorker(): void {
  const port = parentPort;
  if (!port) return;
  const ws = new Workspace();
  port.on('message', (m: ToCheckWorker) => {
    try {
      port.postMessage({ type: 'check', seq: m.seq, diagnostics: checkChanges(ws, m.changes) } satisfies FromCheckWorker);
    } catch (e) {
      port.postMessage({ type: 'check', seq: m.seq, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies FromCheckWorker);
    }
  });
}
