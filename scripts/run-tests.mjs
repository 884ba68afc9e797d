// Runs every test file with node's built-in runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [suite…]   suites: unit cli protocol parity e2e (default: all)
// LEADSPEC_SKIP_E2E=1 skips the end-to-end suite for a quick local run (never in .ci/run).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const all = ['unit', 'cli', 'protocol', 'parity', 'e2e'];
let suites = process.argv.slice(2);
if (suites.length === 0) suites = all;
if (process.env.LEADSPEC_SKIP_E2E === '1') suites = suites.filter((s) => s !== 'e2e');

const files = [];
const walk = (dir) => {
  let names = [];
  try { names = readdirSync(dir); } catch { return; }
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.(ts|mjs|js)$/.test(n)) files.push(p);
  }
};
for (const s of suites) walk(join('test', s));
if (files.length === 0) { console.log('no test files'); process.exit(0); }
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
