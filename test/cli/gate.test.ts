// The one gate (server/src/core/check/gate.ts) through the CLI as a process: every computing command
// refuses definitions that fail validation — exit 1, validate's diagnostics on stderr, nothing
// on stdout — the cases issue 18 found computing anyway; and --strict makes warnings fatal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack traces');
  return r;
}
function git(args: string[], cwd: string) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}
/** A copy of samples/ (a git repository when `repo`), with one file edited. */
function samples(edit?: { file: string; from: string | RegExp; to: string }, opts: { repo?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-gate-'));
  cpSync(join(repo, 'samples'), dir, { recursive: true });
  if (opts.repo) {
    git(['init', '-q', '-b', 'main'], dir);
    git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A'], dir);
    git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'base'], dir);
  }
  if (edit) {
    const p = join(dir, edit.file);
    const before = readFileSync(p, 'utf8');
    const after = before.replace(edit.from, edit.to);
    assert.notEqual(after, before, `the edit of ${edit.file} changed nothing`);
    writeFileSync(p, after);
  }
  return dir;
}

test('simulate refuses `pick: frist` with exactly what validate prints, then one closing line', () => {
  const dir = samples({ file: 'scoring/inbound.yaml', from: 'pick: first', to: 'pick: frist' });
  const v = run(['validate'], dir);
  assert.equal(v.status, 1);
  for (const format of ['text', 'json', 'csv', 'md']) {
    const r = run(['simulate', '--format', format], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '', 'nothing on stdout that looks like a result');
    assert.equal(r.stderr, v.stdout + "leadspec simulate: the definitions have 1 error; nothing was computed. Fix them first (leadspec validate).\n");
  }
  assert.match(v.stdout, /^scoring\/inbound\.yaml:14:13: error LS013 'pick' must be one of sum, first, max$/m);
});

test('simulate --engine duckdb passes the same gate before anything is staged', () => {
  const dir = samples({ file: 'scoring/inbound.yaml', from: 'pick: first', to: 'pick: frist' });
  const r = run(['simulate', '--engine', 'duckdb'], dir);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /scoring\/inbound\.yaml:14:13: error LS013/);
});

test('an ICP renamed in one file only: simulate, sql and test refuse (it used to change the MQLs silently)', () => {
  const dir = samples({ file: 'icps/mid-market.yaml', from: 'id: mid-market', to: 'id: midmarket' });
  for (const args of [['simulate'], ['sql', '--scoring', 'inbound'], ['test']]) {
    const r = run(args, dir);
    assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
    assert.equal(r.stdout, '', args[0]);
    assert.match(r.stderr, /scoring\/inbound\.yaml:\d+:\d+: error LS\d{3} .*mid-market/, args[0]);
    assert.match(r.stderr, new RegExp(`leadspec ${args[0]}: the definitions have \\d+ errors?; nothing was computed`));
  }
});

test('test refuses a case with a `pionts` typo instead of passing it', () => {
  const dir = samples({ file: 'scoring/inbound.yaml', from: /points: 30/, to: 'pionts: 30' });
  const r = run(['test'], dir);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /scoring\/inbound\.yaml:11:\d+: error LS\d{3} /);
  const t = samples({ file: 'tests.yaml', from: 'inbound: { fit: 85,', to: 'inbound: { fti: 85,' });
  const rt = run(['test'], t);
  assert.equal(rt.status, 1);
  assert.equal(rt.stdout, '');
  assert.match(rt.stderr, /^tests\.yaml:\d+:\d+: error LS\d{3} .*fti/m);
});

test('diff refuses a base ref whose files have YAML errors, citing REF:file:line:col', () => {
  const dir = samples(undefined, { repo: true });
  writeFileSync(join(dir, 'fields.yaml'), readFileSync(join(dir, 'fields.yaml'), 'utf8').replace(/\n  employees:/, '\n  employees: [\n'));
  git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-am', 'broken'], dir);
  git(['tag', 'broken'], dir);
  git(['checkout', '-q', 'HEAD~1', '--', 'fields.yaml'], dir); // the working tree is good again
  const r = run(['diff', '--base', 'broken'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '', 'no "MQL 0 → 349"');
  assert.match(r.stderr, /^broken:fields\.yaml:\d+:\d+: error LS001 /m);
  assert.match(r.stderr, /leadspec diff: the definitions at broken have \d+ errors?; nothing was computed/);
  // The working tree's side is gated too.
  const ok = run(['diff', '--base', 'HEAD~1'], dir);
  assert.equal(ok.status, 0, ok.stderr);
  writeFileSync(join(dir, 'sla.yaml'), readFileSync(join(dir, 'sla.yaml'), 'utf8').replace('America/New_York', 'America/Nowhere'));
  const head = run(['diff', '--base', 'HEAD~1'], dir);
  assert.equal(head.status, 1);
  assert.equal(head.stdout, '');
  assert.match(head.stderr, /^sla\.yaml:\d+:\d+: error LS080 unknown time zone 'America\/Nowhere'/m);
});

test('--strict: data warnings are fatal on computing commands (exit 1, the warnings on stderr, no result)', () => {
  const dir = samples();
  const plain = run(['simulate', '--format', 'json'], dir);
  assert.equal(plain.status, 0);
  assert.ok(JSON.parse(plain.stdout).warnings.length > 0, 'the samples hold data warnings');
  const strict = run(['simulate', '--strict'], dir);
  assert.equal(strict.status, 1);
  assert.equal(strict.stdout, '');
  assert.match(strict.stderr, /^warning: leads\.csv:\d+ L\d+ employees: '10-50' is not an integer/m);
  assert.match(strict.stderr, /leadspec simulate: 10 data warnings, fatal with --strict; no result is given/);
  // test --strict reads the sample (cases name sample leads): the same warnings are fatal there.
  const t = run(['test', '--strict'], dir);
  assert.equal(t.status, 1);
  assert.equal(t.stdout, '');
  assert.match(t.stderr, /leadspec test: 10 data warnings, fatal with --strict/);
});

test('--strict: definition warnings are fatal too; without it they do not block', () => {
  // An unused suppression comment is a warning (SPEC §10).
  const dir = samples({ file: 'fields.yaml', from: /\nfields:/, to: '\n# leadspec-disable-next-line LS010 -- nothing here\nfields:' });
  const v = run(['validate'], dir);
  assert.equal(v.status, 0);
  assert.match(v.stdout, /warning/);
  const plain = run(['sql', '--scoring', 'inbound'], dir);
  assert.equal(plain.status, 0, plain.stderr);
  const strict = run(['sql', '--scoring', 'inbound', '--strict'], dir);
  assert.equal(strict.status, 1);
  assert.equal(strict.stdout, '');
  assert.match(strict.stderr, /leadspec sql: the definitions have 1 warning \(--strict\); nothing was computed/);
});
