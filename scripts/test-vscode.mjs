// npm run test:vscode — runs the in-host suite (test/e2e/in-host/suite.ts) inside a desktop
// VS Code through @vscode/test-electron, on a copy of samples/. That tool DOWNLOADS VS Code at run
// time, so it works only where the network allows it (not on this project's build machines,
// where test/e2e/in-host.test.ts runs the same suite inside code-server instead). It is not a
// devDependency for that reason; install it where it can work: npm i --no-save @vscode/test-electron
import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let testElectron;
try {
  testElectron = await import('@vscode/test-electron');
} catch {
  console.error('npm run test:vscode needs @vscode/test-electron, which downloads VS Code when it runs.\n' +
    'Where VS Code can be downloaded: npm i --no-save @vscode/test-electron && npm run test:vscode\n' +
    'Offline (this project\'s CI): the same suite runs inside code-server: node scripts/run-tests.mjs e2e');
  process.exit(2);
}
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const work = mkdtempSync(join(tmpdir(), 'leadspec-vscode-'));
try {
  const entry = join(work, 'in-host', 'electron-entry.js');
  await build({ entryPoints: [join(root, 'test/e2e/in-host/electron-entry.ts')], outfile: entry, bundle: true,
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error' });
  const ws = join(work, 'ws');
  cpSync(join(root, 'samples'), ws, { recursive: true });
  writeFileSync(join(ws, 'other-config.yaml'), 'kind: nothing-to-do-with-leadspec\nemployes: many\n');
  await testElectron.runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: entry,
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(work, 'user')}`],
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
