// Bundles the language server, the CLI, the extension client and the preview webview into dist/.
// One bundle per entry point so that the .vsix ships no node_modules.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// `leadspec --version` and the server's info come from package.json (server/src/version.ts).
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const stamped = { define: { LEADSPEC_BUILD_VERSION: JSON.stringify(version) } };
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' },
    external: ['@duckdb/node-api', 'pg'], ...stamped },
  // The worker threads of `leadspec simulate --workers N` (server/src/io/simulate-workers.ts).
  { entryPoints: ['server/src/io/simulate-worker.ts'], outfile: 'dist/simulate-worker.js', external: ['@duckdb/node-api', 'pg'], ...stamped },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', external: ['@duckdb/node-api', 'pg'], ...stamped },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'] },
  { entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife', target: 'es2020' },
  // The standalone HTML report's page (inlined into the file by `leadspec report`).
  { entryPoints: ['client/webview/report.ts'], outfile: 'dist/webview/report.js', platform: 'browser', format: 'iife', target: 'es2020', minify: true },
].filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
