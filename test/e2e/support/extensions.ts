// Builds the two .vsix files the suite installs: the product (through `npm run package`, the
// same command users and CI run) and the small in-host test harness (test/e2e/in-host/harness).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './env.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const VSCE = join(ROOT, 'node_modules', '.bin', 'vsce');

/** Builds dist/ and packages the product; returns the path of a copy of the .vsix in outDir. */
export function buildProductVsix(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'leadspec.vsix');
  execFileSync(NPM, ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (pkg.scripts?.package) {
    const started = Date.now() - 1000;
    run(NPM, ['run', 'package', '--silent'], ROOT);
    const vsix = readdirSync(ROOT).filter((n) => n.endsWith('.vsix'))
      .map((n) => ({ n, t: statSync(join(ROOT, n)).mtimeMs })).filter((f) => f.t >= started)
      .sort((a, b) => b.t - a.t)[0];
    if (!vsix) throw new Error('`npm run package` wrote no .vsix in the repository root');
    copyFileSync(join(ROOT, vsix.n), out);
  } else {
    // Until `npm run package` exists: vsce directly, shipping only what the product needs.
    const ignore = join(outDir, 'vscodeignore');
    writeFileSync(ignore, '**\n!dist/**\n!schemas/**\n!package.json\n!README.md\n!LICENSE*\n');
    run(VSCE, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--ignoreFile', ignore, '-o', out], ROOT);
  }
  return out;
}

/** Bundles the in-host suite into the harness extension and packages it. */
export async function buildHarnessVsix(outDir: string): Promise<string> {
  const dir = join(outDir, 'harness');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const src = join(ROOT, 'test', 'e2e', 'in-host', 'harness');
  copyFileSync(join(src, 'package.json'), join(dir, 'package.json'));
  writeFileSync(join(dir, 'README.md'), '# LeadSpec e2e harness\n\nRuns test/e2e/in-host inside the extension host; test use only.\n');
  await build({ entryPoints: [join(src, 'extension.ts')], outfile: join(dir, 'dist', 'extension.js'), bundle: true,
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error' });
  const out = join(outDir, 'leadspec-e2e-harness.vsix');
  run(VSCE, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], dir);
  return out;
}

function run(cmd: string, args: string[], cwd: string): void {
  try {
    execFileSync(cmd, args, { cwd, stdio: 'pipe', timeout: 180_000 });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr?.toString() ?? ''}${err.stdout?.toString() ?? ''}${err.message}`);
  }
}
