// Progress on long runs (issue 17 item 7): on a terminal's stderr a run that reads for more than
// a second shows one line redrawn in place (rows read, rate, time left) and erases it at the end;
// piped stderr gets nothing, and --quiet turns it off. The terminal is a real pseudo-terminal
// (util-linux `script`); LEADSPEC_PROGRESS_AFTER_MS=0 stands in for the one-second wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { enableProgress, progressBytes, progressDone, progressRows, progressStart } from '../../server/src/io/progress.js';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TMP = join(ROOT, '.cache', `progress-${process.pid}`);
const BIG = join(TMP, 'leads.csv');

before(() => {
  mkdirSync(TMP, { recursive: true });
  // 100k leads: the samples' 2,000 rows with fresh ids.
  const [header, ...rows] = readFileSync(join(ROOT, 'samples', 'leads.csv'), 'utf8').trim().split('\n');
  const out = [header];
  for (let k = 0; k < 50; k++) for (const r of rows) out.push(`X${k}-${r}`);
  writeFileSync(BIG, out.join('\n') + '\n');
});
after(() => rmSync(TMP, { recursive: true, force: true }));

const args = ['simulate', '--leads', BIG, '--format', 'json', '--out', join(TMP, 'out.json')];
const env = { ...process.env, LEADSPEC_PROGRESS_AFTER_MS: '0' };

/** Runs the CLI with stdin/stdout/stderr on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(extra: string[]): { code: number | null; screen: string } {
  const cmd = [process.execPath, CLI, ...args, ...extra].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: join(ROOT, 'samples'), env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, screen: r.stdout };
}

test('on a terminal: a progress line with rows read, rate and time left, erased at the end', { skip: existsSync('/usr/bin/script') ? false : 'util-linux script is not installed' }, () => {
  const r = onTerminal(['--engine', 'memory']);
  assert.equal(r.code, 0, r.screen);
  assert.match(r.screen, /\rleadspec: [\d.]+[kM]? rows read, [\d.]+[kM]? rows\/s, \d+%, about \d+ s left\x1b\[K/);
  assert.match(r.screen, /\r\x1b\[K/, 'the line is erased at the end');
  const q = onTerminal(['--engine', 'memory', '--quiet']);
  assert.equal(q.code, 0, q.screen);
  assert.doesNotMatch(q.screen, /rows read/);
});

test('simulate --engine duckdb on a terminal: the line counts the result rows against the staged leads', { skip: existsSync('/usr/bin/script') ? false : 'util-linux script is not installed' }, () => {
  const r = onTerminal(['--engine', 'duckdb']);
  assert.equal(r.code, 0, r.screen);
  assert.match(r.screen, /\rleadspec: [\d.]+[kM]? rows read, [\d.]+[kM]? rows\/s, \d+%, about \d+ s left\x1b\[K/);
  assert.match(r.screen, /\r\x1b\[K/);
});

test('stderr not a terminal: no progress at all', () => {
  const r = spawnSync(process.execPath, [CLI, ...args, '--engine', 'memory'], { cwd: join(ROOT, 'samples'), env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /rows read|\x1b/);
});

test('the line: shown only after the delay, redrawn at most every 200 ms, with the estimate from bytes', () => {
  let t = 0;
  const written: string[] = [];
  const tty = { isTTY: true, columns: 200, write: (s: string) => written.push(s) };
  enableProgress(false, tty, () => t);
  const file = join(TMP, 'leads.csv');
  progressStart([file]);
  const size = readFileSync(file).length;
  progressRows(1000);
  progressBytes(size / 4);
  assert.equal(written.length, 0, process.env.LEADSPEC_PROGRESS_AFTER_MS ? 'delay overridden' : 'nothing in the first second');
  t = 2000;
  progressRows(9000);
  progressBytes(size / 4);
  t = 2100;
  progressBytes(1);
  progressDone();
  const lines = written.filter((w) => w.includes('rows read'));
  assert.deepEqual(lines, ['\rleadspec: 10k rows read, 5000 rows/s, 50%, about 2 s left\x1b[K']);
  assert.equal(written.at(-1), '\r\x1b[K');
  enableProgress(true, tty, () => t);
  progressStart([file]); progressRows(5); t = 9000; progressBytes(5); progressDone();
  assert.equal(written.filter((w) => w.includes('rows read')).length, 1, '--quiet shows nothing');
});
