import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const cli = resolve('dist/cli.js');
const basic = resolve('../shared/examples/basic');

test('validating one file resolves its references against the rest of its workspace', () => {
  for (const arg of ['scoring.yaml', './scoring.yaml', join(basic, 'sla.yaml')]) {
    const r = spawnSync(process.execPath, [cli, 'validate', arg, '--format', 'json'], { cwd: basic, encoding: 'utf8' });
    assert.equal(r.status, 0, `${arg}: ${r.stdout}${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 1);
    assert.deepEqual(out.diagnostics, []);
  }
});
