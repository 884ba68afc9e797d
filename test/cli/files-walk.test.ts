import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const cli = join(process.cwd(), 'dist/cli.js');

test('validate walks past broken symlinks and symlink loops without an internal error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-walk-'));
  writeFileSync(join(dir, 'icp.yaml'), 'leadspec: v1\nkind: project\nid: p\n');
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
  mkdirSync(join(dir, 'sub'));
  symlinkSync(dir, join(dir, 'sub', 'loop'));
  const r = spawnSync(process.execPath, [cli, 'validate', dir, '--format', 'json'], { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.stderr.includes('internal error'), false, r.stderr);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).files, 1);
});

test('a broken symlink named like a definition is an input error naming it (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-walk-'));
  symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'scoring.yaml'));
  const r = spawnSync(process.execPath, [cli, 'validate', dir], { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /scoring\.yaml: cannot read/);
  assert.equal(r.stderr.includes('internal error'), false);
});
