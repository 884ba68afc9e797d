// A CLI that helps, through the built CLI as a process: `COMMAND --help` for every command lists
// every option it accepts; did-you-mean for unknown commands and options (never node's raw
// parseArgs message); a closed pipe ends quietly; `--out` creates missing folders; `validate`
// with no leadspec files says so and exits 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMMANDS } from '../../server/src/commands/index.js';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const samples = join(repo, 'samples');

function run(args: string[], cwd = samples, opts: { shell?: string } = {}) {
  const r = opts.shell !== undefined
    ? spawnSync('bash', ['-o', 'pipefail', '-c', opts.shell], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at |EPIPE/, `no stack trace:\n${r.stderr}`);
  return r;
}

/** The options a command accepts, from its declaration (what parseArgs is given). */
async function optionsOf(name: string): Promise<string[]> {
  const cmd = await COMMANDS[name]();
  return Object.keys(cmd.options);
}

test('every command answers --help and -h on stdout with exit 0, listing every option it accepts', async () => {
  assert.ok(Object.keys(COMMANDS).length >= 5);
  for (const name of Object.keys(COMMANDS)) {
    for (const flag of ['--help', '-h']) {
      const r = run([name, flag]);
      assert.equal(r.status, 0, `${name} ${flag}: ${r.stderr}`);
      assert.equal(r.stderr, '', `${name} ${flag}`);
      assert.match(r.stdout, new RegExp(`leadspec ${name}`), `${name} ${flag} names the command`);
      for (const o of await optionsOf(name)) {
        if (o === 'help') continue;
        assert.match(r.stdout, new RegExp(`--${o}\\b`), `${name} --help lists --${o}`);
      }
    }
  }
});

test('--help wins wherever it stands, even after other options or a bad value', () => {
  const r = run(['validate', '--format', 'xml', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /leadspec validate/);
  assert.match(r.stdout, /--strict/);
});

test('the global help lists every option of every command (--engine, --top and --out included)', async () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  for (const name of Object.keys(COMMANDS)) {
    assert.match(r.stdout, new RegExp(`leadspec ${name}\\b`), name);
    for (const o of await optionsOf(name)) if (o !== 'help') assert.match(r.stdout, new RegExp(`--${o}\\b`), `${name}: --${o}`);
  }
  assert.match(r.stdout, /leadspec COMMAND --help/);
});

test('an unknown option gets a did-you-mean and the command\'s help pointer, not parseArgs\' message', () => {
  const r = run(['simulate', '--fromat', 'json']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "leadspec simulate: unknown option '--fromat' — did you mean '--format'? (leadspec simulate --help lists every option)\n");
  const v = run(['validate', '--stirct']);
  assert.equal(v.status, 2);
  assert.match(v.stderr, /unknown option '--stirct' — did you mean '--strict'\?/);
  const far = run(['test', '--zzzzzz']);
  assert.equal(far.status, 2);
  assert.equal(far.stderr, "leadspec test: unknown option '--zzzzzz' (leadspec test --help lists every option)\n");
  const missing = run(['simulate', '--format']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, "leadspec simulate: --format needs a value (leadspec simulate --help lists every option)\n");
});

test('an unknown command gets a did-you-mean and the list of commands', () => {
  const r = run(['simualte']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^leadspec: unknown command 'simualte' — did you mean 'simulate'\?\n/);
  assert.match(r.stderr, /commands: .*validate.*simulate/);
  assert.doesNotMatch(r.stderr, /Usage:/, 'not the whole help again');
});

test('a closed pipe ends quietly: no EPIPE stack trace, exit 0', () => {
  const r = run([], samples, { shell: `node ${JSON.stringify(cli)} simulate --format csv | head -1` });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0].split(',')[0], 'id');
  assert.equal(r.stderr, '');
});

test('--out into a missing folder creates it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-out-'));
  cpSync(samples, dir, { recursive: true });
  for (const [cmd, file] of [['simulate', 'a/b/sim.json'], ['validate', 'c/d/diag.txt'], ['sql', 'e/q.sql'], ['test', 'f/g/junit.xml']]) {
    const r = run([cmd, '--out', file, ...(cmd === 'sql' ? ['--as-of', '2026-11-20T00:00:00Z'] : [])], dir);
    assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
    assert.ok(existsSync(join(dir, file)), `${cmd} wrote ${file}`);
    assert.ok(readFileSync(join(dir, file), 'utf8').length > 0);
  }
  // A file where a folder must be: exit 2 naming the path, not an internal error.
  const bad = run(['simulate', '--out', 'leads.csv/x.txt'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^leadspec: leads\.csv\/x\.txt: cannot write the report \((EEXIST|ENOTDIR)\)\n$/);
});

test('validate on a folder with no leadspec files says so and exits 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-empty-'));
  const r = run(['validate', dir]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no leadspec files under .*leadspec-empty-/);
  const cwd = run(['validate'], dir);
  assert.equal(cwd.status, 2);
});
