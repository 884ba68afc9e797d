// Test harness: starts the BUILT language server (dist/server.js) as a child process over stdio
// and talks to it with a real JSON-RPC client (vscode-jsonrpc). No mocks in between.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const REPO = resolve(__dirname, '../..');
export const SERVER = join(REPO, 'dist/server.js');
export const EXAMPLE = resolve(REPO, '../shared/examples/basic');
export const SAMPLES = join(REPO, 'samples');

export interface PublishedDiagnostics { uri: string; version?: number; diagnostics: any[] }

export const uriOf = (path: string) => pathToFileURL(path).toString();

/** Copies a folder to a fresh temporary workspace (tests may edit files on disk). */
export function tempWorkspace(from: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-lsp-'));
  cpSync(from, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly published: PublishedDiagnostics[] = [];
  stderr = '';
  private versions = new Map<string, number>();
  private waiters: { pred: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }[] = [];
  private exited = false;

  constructor(env: Record<string, string> = {}, execArgv: string[] = []) {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
    this.proc = spawn(process.execPath, [...execArgv, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.proc.stderr!.on('data', (d) => { this.stderr += String(d); });
    this.proc.on('exit', () => { this.exited = true; });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => { if (w.pred(p)) { w.resolve(p); return false; } return true; });
    });
    this.conn.onNotification('window/logMessage', (m: { message: string }) => { this.stderr += `${m.message}\n`; });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  get alive(): boolean { return !this.exited; }

  /** `extra`: more initialize params (e.g. `clientInfo`). */
  async initialize(rootPath: string, initializationOptions: unknown = {}, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri: uriOf(rootPath), workspaceFolders: [{ uri: uriOf(rootPath), name: 'ws' }],
      capabilities: { workspace: { configuration: false }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions, ...extra,
    });
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  /** Resolves with the next publishDiagnostics that satisfies `pred` (also ones already received, if `past`). */
  waitForDiagnostics(pred: (p: PublishedDiagnostics) => boolean, timeoutMs = 5000, past = true): Promise<PublishedDiagnostics> {
    if (past) { const hit = this.published.find(pred); if (hit) return Promise.resolve(hit); }
    return new Promise((resolvePromise, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching publishDiagnostics within ${timeoutMs} ms; got ${JSON.stringify(this.published.map((p) => [p.uri, p.version, p.diagnostics.length]))}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (p) => { clearTimeout(t); resolvePromise(p); } });
    });
  }

  async open(path: string, text = readFileSync(path, 'utf8')): Promise<string> {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return uri;
  }

  /** Replaces the whole text (a full-content change); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change of one range. */
  async edit(uri: string, range: any, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  request<T = any>(method: string, params: unknown): Promise<T> { return this.conn.sendRequest(method, params) as Promise<T>; }

  async shutdown(): Promise<void> {
    try {
      if (this.alive) {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.conn.sendNotification('exit');
      }
    } catch { /* already gone */ }
    await new Promise((r) => setTimeout(r, 50));
    this.conn.dispose();
    if (this.alive) this.proc.kill();
  }
}

/** A position's {line, character} of the first occurrence of `needle` in `text` (+ offset chars). */
export function posOf(text: string, needle: string, plus = 0, nth = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) { i = text.indexOf(needle, i + 1); if (i < 0) throw new Error(`'${needle}' not found`); }
  i += plus;
  const before = text.slice(0, i);
  const line = before.split('\n').length - 1;
  return { line, character: i - (before.lastIndexOf('\n') + 1) };
}

/** Repeats `fn` until `pred` holds of its result (e.g. code lenses once the sample simulation is done). */
export async function until<T>(fn: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 20000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (pred(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
