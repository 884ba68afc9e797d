// A real VS Code (code-server 4.139.1) in an isolated, throw-away profile: HOME, XDG_* and TMPDIR
// live inside the run's own temporary folder, extensions are installed there from .vsix files,
// and the server runs in its own process group so that stop() ends it and every child it spawned
// (extension host, our language server, pty host) by group id.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, openSync, closeSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { CODE_SERVER, node24Path } from './env.js';

export interface CodeServerOptions {
  /** Folder opened as the workspace. */
  workspace: string;
  /** .vsix files to install into the isolated profile before start. */
  extensions: string[];
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

// Quiet, deterministic workbench: no welcome page, no trust prompt, no suggestions popping up
// while the test types (completion is asked for explicitly with Ctrl+Space).
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 150,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.formatOnSave': false,
  'editor.formatOnType': false,
  'files.autoSave': 'off',
  'git.autoRepositoryDetection': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
};

// Servers still running, ended by group id if this process exits or is interrupted, so that no
// code-server outlives the test run (an 'exit' handler alone does not run on SIGTERM/SIGINT).
const live = new Set<number>();
const killAll = () => { for (const pid of live) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } } live.clear(); };
let handlersInstalled = false;
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => { killAll(); process.kill(process.pid, sig); });
  }
}

export class CodeServer {
  readonly url: string;
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly workspace: string,
    readonly port: number,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    if (child.pid) live.add(child.pid);
    installHandlers();
  }

  /** Creates the profile under a fresh temporary folder, installs the extensions, starts the server. */
  static async start(opts: CodeServerOptions): Promise<CodeServer> {
    const dir = mkdtempSync(join(tmpdir(), 'leadspec-e2e-'));
    const env = isolatedEnv(dir, opts.env);
    const userData = join(dir, 'user');
    const extensions = join(dir, 'extensions');
    mkdirSync(join(userData, 'User'), { recursive: true });
    mkdirSync(extensions, { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...opts.settings }, null, 2));
    writeFileSync(join(dir, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    const common = ['--config', join(dir, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions];
    for (const vsix of opts.extensions) {
      execFileSync(CODE_SERVER, [...common, '--install-extension', vsix, '--force'], { env, stdio: 'pipe', timeout: 120_000 });
    }
    const port = await freePort();
    const logFile = join(dir, 'code-server.log');
    const fd = openSync(logFile, 'a');
    // detached: a new session and process group, so the whole tree can be ended by group id.
    const child = spawn(CODE_SERVER, [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--log', 'debug', opts.workspace], { env, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const cs = new CodeServer(dir, opts.workspace, port, child, logFile);
    try {
      await cs.waitHealthy(60_000);
    } catch (e) {
      await cs.stop();
      throw e;
    }
    return cs;
  }

  private async waitHealthy(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`code-server exited (${this.child.exitCode}); log:\n${this.log().slice(-3000)}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (r.ok) return;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer /healthz within ${ms} ms; log:\n${this.log().slice(-3000)}`);
  }

  /** The isolated environment of this run (HOME, XDG_*, TMPDIR inside its folder), for chromium. */
  env(): NodeJS.ProcessEnv {
    return isolatedEnv(this.dir);
  }

  log(): string {
    try { return readFileSync(this.logFile, 'utf8'); } catch { return ''; }
  }

  /** The remote extension host's log (activation lines, extension console output). */
  extHostLog(): string {
    const root = join(this.dir, 'user', 'logs');
    const out: string[] = [];
    const walk = (d: string) => {
      if (!existsSync(d)) return;
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/exthost/i.test(p) && e.name.endsWith('.log')) out.push(readFileSync(p, 'utf8'));
      }
    };
    walk(root);
    return out.join('\n');
  }

  private killGroup(signal: NodeJS.Signals): boolean {
    const pid = this.child.pid;
    if (!pid) return false;
    try { process.kill(-pid, signal); return true; } catch { return false; }
  }

  /** Ends the process group (TERM, then KILL after 5 s) and removes the temporary folder. */
  async stop(opts: { keep?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.killGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(this.child.pid)) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(this.child.pid)) this.killGroup('SIGKILL');
    while (groupAlive(this.child.pid) && Date.now() < deadline + 3000) await new Promise((r) => setTimeout(r, 100));
    if (this.child.pid) live.delete(this.child.pid);
    if (!opts.keep && process.env.LEADSPEC_E2E_KEEP !== '1') rmSync(this.dir, { recursive: true, force: true });
  }

  /** Pids still alive in the server's process group (empty after stop()). */
  groupPids(): number[] {
    return pidsInGroup(this.child.pid);
  }
}

function groupAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try { process.kill(-pid, 0); return true; } catch { return false; }
}

export function pidsInGroup(pgid: number | undefined): number[] {
  if (!pgid) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..." — comm may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(name));
    } catch { /* process ended meanwhile */ }
  }
  return out;
}

/** HOME, XDG_* and TMPDIR inside the run folder, Node 24 first on PATH. */
export function isolatedEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = join(dir, 'home');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
    TMPDIR: join(dir, 'tmp'),
    PATH: node24Path(),
    ...extra,
  };
  // The outer test runner's loaders must not leak into code-server's Node 24.
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  for (const d of [env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_CACHE_HOME!, env.XDG_RUNTIME_DIR!, env.TMPDIR!]) mkdirSync(d, { recursive: true });
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}
