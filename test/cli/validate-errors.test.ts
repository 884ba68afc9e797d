// The broken inputs of test/unit/schema-cases.ts through the CLI as a process: exit status 1
// and exactly the listed diagnostics in `--format json` (1-based line and column).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { BROKEN_CASES } from '../unit/schema-cases.js';

const CLI = resolve('dist/cli.js');
let dir = '';
before(() => { dir = mkdtempSync(join(tmpdir(), 'leadspec-broken-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [CLI, 'validate', ...args], { cwd: dir });
    let stdout = '', stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (status) => res({ status, stdout, stderr }));
  });
}

test('each broken input exits 1 with its exact diagnostics', { concurrency: 4 }, async (t) => {
  await Promise.all(BROKEN_CASES.map((c, i) => t.test(c.name, async () => {
    const file = `case-${String(i).padStart(2, '0')}.yaml`;
    writeFileSync(join(dir, file), c.yaml);
    const r = await run([file, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 1);
    assert.deepEqual(out.diagnostics.map((d: any) => `${d.line}:${d.column} ${d.code} ${d.message}`), c.expect);
    for (const d of out.diagnostics) assert.equal(d.file, file);
  })));
});
