// The invariants of ARCHITECTURE.md that a grep can check: the core stays pure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
});

test('server/src/core imports no I/O, no editor API and nothing outside the core', () => {
  const forbidden = /from\s+['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|node:fs[^'"]*|fs|node:child_process|child_process|node:worker_threads|\.\.\/(\.\.\/)*(io|commands|features)\/[^'"]*|(\.\.\/)+client\/[^'"]*)['"]/;
  const offenders = files('server/src/core').filter((f) => forbidden.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
