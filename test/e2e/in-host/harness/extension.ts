// Test-harness extension, installed beside the product only by the e2e suite. code-server has no
// --extensionTestsPath, so this runs the in-host suite itself on startup, but only when the
// environment variable LEADSPEC_E2E_RESULTS names a results file; it writes the results there
// as JSON (atomically: a temp file renamed) for the outer test to read.
import { writeFileSync, renameSync } from 'node:fs';
import { runSuite } from '../suite.js';

export function activate(): void {
  const out = process.env.LEADSPEC_E2E_RESULTS;
  if (!out) return;
  const lines: string[] = [];
  void runSuite((l) => { lines.push(l); console.log(`[leadspec-e2e] ${l}`); })
    .catch((e) => [{ name: 'in-host suite', ok: false, ms: 0, error: String(e) }])
    .then((results) => {
      writeFileSync(`${out}.tmp`, JSON.stringify({ results, log: lines }, null, 2));
      renameSync(`${out}.tmp`, out);
    });
}

export function deactivate(): void {}
