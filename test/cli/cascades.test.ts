// One diagnostic per root cause (issue 18): a tab, a misspelt `kind:` and a broken indentation
// each give exactly one error, at the cause, and nothing in the other files of samples/ — not
// "unknown field" in every file that reads a catalog the parser could only half read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const CLI = resolve('dist/cli.js');
const SAMPLES = resolve('samples');
let dir = '';
before(() => { dir = mkdtempSync(join(tmpdir(), 'leadspec-cascade-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

/** Copies samples/, applies one edit to one file, returns validate's lines. */
function validateWith(file: string, edit: (text: string) => string) {
  const ws = mkdtempSync(join(dir, 'ws-'));
  cpSync(SAMPLES, ws, { recursive: true });
  const path = join(ws, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, 'the edit changed nothing');
  writeFileSync(path, after);
  const r = spawnSync(process.execPath, [CLI, 'validate', '.'], { cwd: ws, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, lines: r.stdout.trim().split('\n'), stderr: r.stderr };
}

const CASES: { name: string; file: string; edit: (t: string) => string; expect: RegExp }[] = [
  { name: 'a tab indenting one catalog field', file: 'fields.yaml',
    edit: (t) => t.replace('\n  company: ', '\n\tcompany: '), expect: /^fields\.yaml:10:1: error LS004 tabs are not allowed/ },
  { name: 'a tab inside a rule list', file: 'scoring/inbound.yaml',
    edit: (t) => t.replace('\n    - { id: senior,', '\n\t- { id: senior,'), expect: /^scoring\/inbound\.yaml:20:1: error LS004 / },
  { name: "a misspelt kind on an ICP ('icpp')", file: 'icps/mid-market.yaml',
    edit: (t) => t.replace('\nkind: icp\n', '\nkind: icpp\n'), expect: /^icps\/mid-market\.yaml:3:7: error LS013 'kind' must be one of/ },
  { name: "a misspelt kind on a scoring model ('scorng')", file: 'scoring/inbound.yaml',
    edit: (t) => t.replace('\nkind: scoring\n', '\nkind: scorng\n'), expect: /^scoring\/inbound\.yaml:4:7: error LS013 'kind' must be one of/ },
  { name: 'a misspelt kind on the catalog', file: 'fields.yaml',
    edit: (t) => t.replace('\nkind: fields\n', '\nkind: field\n'), expect: /^fields\.yaml:4:7: error LS013 'kind' must be one of/ },
  { name: 'a top-level key indented by one space', file: 'icps/mid-market.yaml',
    edit: (t) => t.replace('\ntiers:', '\n tiers:'), expect: /^icps\/mid-market\.yaml:16:\d+: error LS001 / },
  { name: 'one catalog field indented too far', file: 'fields.yaml',
    edit: (t) => t.replace('\n  email: ', '\n    email: '), expect: /^fields\.yaml:\d+:\d+: error LS001 / },
  { name: 'one catalog field dedented to column 1', file: 'fields.yaml',
    edit: (t) => t.replace('\n  country: ', '\n country: '), expect: /^fields\.yaml:\d+:\d+: error LS001 / },
  { name: 'a rule list item indented one space too far', file: 'scoring/inbound.yaml',
    edit: (t) => t.replace('\n    - { id: senior,', '\n     - { id: senior,'), expect: /^scoring\/inbound\.yaml:20:6: error LS001 / },
];

for (const c of CASES) {
  test(`${c.name}: one error, at the cause, none elsewhere`, () => {
    const r = validateWith(c.file, c.edit);
    assert.equal(r.status, 1, r.lines.join('\n') + r.stderr);
    assert.equal(r.lines.length, 2, `expected one diagnostic:\n${r.lines.join('\n')}`);
    assert.match(r.lines[0], c.expect);
    assert.equal(r.lines[1], '1 error, 0 warnings in 8 files');
  });
}
