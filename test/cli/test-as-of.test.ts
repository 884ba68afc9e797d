// `kind: test` with a bad `as_of` (issue 18): reported once, at the as_of, not once per case —
// by `leadspec test` (the gate refuses the definition) and by the editor's index (the cases'
// LS115 at the same spot fold into the one schema error).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { Workspace } from '../../server/src/core/check/workspace.js';

const CLI = resolve('dist/cli.js');
const BAD = 'leadspec: v1\nkind: test\nid: t3\nas_of: yesterday\ncases:\n'
  + [1, 2, 3].map((i) => `  - name: case ${i}\n    lead: { id: y${i} }\n    expect: { inbound: { mql: false } }\n`).join('');
let dir = '';
before(() => { dir = mkdtempSync(join(tmpdir(), 'leadspec-asof-')); cpSync(resolve('samples'), dir, { recursive: true }); writeFileSync(join(dir, 't3.yaml'), BAD); });
after(() => rmSync(dir, { recursive: true, force: true }));

test('leadspec test: one error at the as_of, exit 1, nothing computed', () => {
  const r = spawnSync(process.execPath, [CLI, 'test', 't3.yaml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => /as_of|yesterday/.test(l));
  assert.deepEqual(lines, ["t3.yaml:4:8: error LS015 'as_of' must be an ISO 8601 datetime such as 2026-11-20T12:00:00Z, found 'yesterday'"]);
});

test('the editor index: one diagnostic at the as_of even when each case reports it', () => {
  const ws = new Workspace();
  ws.setFile('t3.yaml', BAD);
  const perCase = [0, 1, 2].map((i) => ({ file: 't3.yaml', code: 'LS115', severity: 'error' as const, message: `case 'case ${i + 1}' cannot run: the test's as_of 'yesterday' is not an ISO 8601 date-time`,
    range: { start: { line: 3, character: 7 }, end: { line: 3, character: 16 } } }));
  ws.setExternalDiagnostics('t3.yaml', perCase);
  const at = ws.diagnostics('t3.yaml').filter((d) => d.range.start.line === 3);
  assert.deepEqual(at.map((d) => d.code), ['LS015']);
});
