// The check of a workspace that holds a large file (host.ts LARGE_FILE_CHARS), off the main
// thread. Profiled, a 10 MB definition costs 2–4 s of CPU to parse and 1–3 s to check, in single
// synchronous calls (the parser and ajv cannot stop half-way): a cooperative check that yields to
// the event loop every few ms would have to make both resumable, and would still slow every
// request by the share of the thread it takes. A worker thread runs the very same pipeline on a
// snapshot of the texts while the main thread keeps answering hovers, completion, symbols,
// `$/cancelRequest` and shutdown at once; only the finished diagnostics travel back.
//
// Superseding: the worker keeps its index between checks (an edit of a small file re-checks that
// file), so a newer snapshot waits for the running check — unless it changes a large file that
// check is reading and the check has run a while: then the worker is terminated (a synchronous
// parse cannot be interrupted otherwise) and a new one checks the newest texts from scratch.
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../core/types.js';
import type { FromCheckWorker, ToCheckWorker } from './check-worker.js';
import { LARGE_FILE_CHARS } from './host.js';

export type CheckResult = Map<string, Diagnostic[]>;

interface Request { files: Map<string, string>; resolve: (r: CheckResult | undefined) => void }
interface Running { seq: number; started: number; changed: Set<string>; resolve: (r: CheckResult | undefined) => void }

export class BackgroundCheck {
  private worker: Worker | undefined;
  /** The texts the worker's index holds (as of the running check). */
  private sent = new Map<string, string>();
  private seq = 0;
  private running: Running | undefined;
  private next: Request | undefined;
  /** How many workers were terminated because a newer edit superseded their check (for tests). */
  superseded = 0;

  /**
   * @param spawn starts a worker running runCheckWorker (server.ts: the server's own bundle).
   * @param supersedeMs a running check younger than this is let finish (cheap checks are not restarted).
   */
  constructor(private readonly spawn: () => Worker, private readonly onError: (message: string) => void,
    private readonly onSupersede: (files: string[]) => void = () => undefined, private readonly supersedeMs = 150) {}

  /**
   * Checks this snapshot of the texts. Resolves with every file's diagnostics, or undefined when
   * a newer snapshot superseded this one before its result (the newer one's result follows).
   */
  check(files: Map<string, string>): Promise<CheckResult | undefined> {
    return new Promise((resolve) => {
      this.next?.resolve(undefined);
      this.next = { files, resolve };
      const r = this.running;
      // Only a large file's parse is worth throwing away: a small one's is redone in a moment.
      const stale = r && Date.now() - r.started >= this.supersedeMs
        ? [...r.changed].filter((f) => (this.sent.get(f)?.length ?? 0) > LARGE_FILE_CHARS && files.get(f) !== this.sent.get(f)) : [];
      if (r && stale.length > 0) {
        this.onSupersede(stale);
        r.resolve(undefined);
        this.running = undefined;
        this.superseded++;
        this.stop();
      }
      this.pump();
    });
  }

  /** Ends the worker (server shutdown). */
  dispose(): void {
    this.next?.resolve(undefined);
    this.running?.resolve(undefined);
    this.next = this.running = undefined;
    this.stop();
  }

  private stop(): void {
    const w = this.worker;
    this.worker = undefined;
    this.sent = new Map();
    if (w) { w.removeAllListeners(); void w.terminate(); }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.on('message', (m: FromCheckWorker) => this.receive(w, m));
    w.on('error', (e) => this.fail(w, `the background check stopped: ${e instanceof Error ? e.message : String(e)}`));
    w.on('exit', (code) => { if (this.worker === w) this.fail(w, `the background check exited (${code})`); });
    w.unref();
    this.worker = w;
    this.sent = new Map();
    return w;
  }

  private pump(): void {
    if (this.running || !this.next) return;
    const { files, resolve } = this.next;
    this.next = undefined;
    const worker = this.ensureWorker();
    const changes: ToCheckWorker['changes'] = [];
    for (const [file, text] of files) if (this.sent.get(file) !== text) changes.push({ file, text });
    for (const file of this.sent.keys()) if (!files.has(file)) changes.push({ file, text: null });
    this.sent = new Map(files);
    const seq = ++this.seq;
    this.running = { seq, started: Date.now(), changed: new Set(changes.map((c) => c.file)), resolve };
    worker.postMessage({ type: 'check', seq, changes } satisfies ToCheckWorker);
  }

  private receive(w: Worker, m: FromCheckWorker): void {
    if (w !== this.worker || !this.running || m.seq !== this.running.seq) return;
    const r = this.running;
    this.running = undefined;
    if (m.error !== undefined) { this.onError(m.error); this.stop(); r.resolve(undefined); }
    else r.resolve(new Map(m.diagnostics));
    this.pump();
  }

  private fail(w: Worker, message: string): void {
    if (w !== this.worker) return;
    this.onError(message);
    this.stop();
    const r = this.running;
    this.running = undefined;
    r?.resolve(undefined);
    this.pump(); // the next snapshot gets a new worker
  }
}
