// A throwaway PostgreSQL server for the SQL parity tests: initdb a cluster in a temp folder
// under the project's .cache/, start it with pg_ctl on a free loopback port (and a private
// Unix socket folder), stop it and delete the folder afterwards.
//
// Binaries come from /usr/lib/postgresql/<version>/bin (Debian's `postgresql` package, installed
// by .ci/install-system-deps.sh). PostgreSQL refuses to run as root, so when the tests run as
// root the cluster folder is handed to the `postgres` system user and every server command runs
// through `runuser -u postgres --`.
//
// As a script it starts a server, runs a command with PGHOST/PGPORT/PGUSER/PGDATABASE set,
// then stops the server:  node --import tsx test/parity/pg-harness.ts -- psql -c 'select 1'
import { execFileSync, spawnSync } from 'node:child_process';
import { before, after } from 'node:test';
import pg from 'pg';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const USER = 'leadspec';

export interface PgServer {
  host: string; port: number; user: string; database: string;
  /** libpq-style URL, e.g. for `psql`. */
  url: string;
  dir: string;
  stop(): void;
}

/** The newest installed PostgreSQL bin folder, or undefined. */
export function findPgBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => res(typeof a === 'object' && a ? a.port : 0)); });
  });
}

function systemUid(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch { return undefined; }
}

/** Why a test's PostgreSQL part is skipped, or undefined when PostgreSQL is installed. */
export const NO_PG = findPgBin() ? undefined : 'PostgreSQL is not installed (run bash .ci/install-system-deps.sh)';

/**
 * A connected client of a fresh server for one test file: started before its tests, closed and
 * stopped after them; `client` stays undefined when PostgreSQL is not installed (NO_PG says why).
 * Call it at the top level of the test file.
 */
export function postgresForFile(): { readonly client: pg.Client | undefined } {
  let server: PgServer | undefined;
  let client: pg.Client | undefined;
  before(async () => {
    if (NO_PG) return;
    server = await startPostgres();
    client = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    server?.stop();
  });
  return { get client() { return client; } };
}

/** Starts a fresh server; throws with the server log when it cannot. */
export async function startPostgres(): Promise<PgServer> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl); run: bash .ci/install-system-deps.sh');
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.cache', 'pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  let wrap = (cmd: string, args: string[]) => [cmd, args] as const;
  if (asRoot) {
    const pg = systemUid('postgres');
    if (!pg) throw new Error(`running as root, PostgreSQL needs a non-root user; none named 'postgres' exists (apt's postgresql package creates it)`);
    chownSync(dir, pg.uid, pg.gid);
    chmodSync(dir, 0o700);
    wrap = (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const;
  }
  const run = (cmd: string, args: string[]) => {
    const [c, a] = wrap(join(bin, cmd), args);
    const r = spawnSync(c, a, { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${cmd} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}\n${serverLog}`);
    }
  };
  run('initdb', ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  // fsync off and a small shared_buffers: a scratch server for tests, not a database.
  run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } catch { /* already down */ }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that ends early (failure, Ctrl-C, timeout signal) must not leave a server behind.
  process.once('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { stop(); process.exit(130); });
  return { host: '127.0.0.1', port, user: USER, database: 'postgres', url: `postgresql://${USER}@127.0.0.1:${port}/postgres`, dir, stop };
}

// ---- script mode ------------------------------------------------------------------------------
async function main(): Promise<void> {
  const i = process.argv.indexOf('--');
  const cmd = i >= 0 ? process.argv.slice(i + 1) : [];
  const pg = await startPostgres();
  let code = 0;
  try {
    process.stderr.write(`postgres listening at ${pg.url}\n`);
    if (cmd.length) {
      const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: pg.user, PGDATABASE: pg.database } });
      code = r.status ?? 1;
    }
  } finally { pg.stop(); }
  process.exitCode = code;
}
if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  main().catch((e) => { process.stderr.write(`${(e as Error).message}\n`); process.exitCode = 1; });
}
