// `simulate --engine auto` (the default) over samples above 64 MiB: the summary formats (text, md)
// run in-process on worker threads, which is faster and leaner than DuckDB handing every lead's
// row to JavaScript (docs/benchmarks.md); the per-lead formats (json, csv) run in DuckDB. Which
// engine ran shows on stderr with LEADSPEC_WORKER_TIMES=1 (each worker thread prints its CPU;
// DuckDB prints none), and each output equals `--engine memory`'s. The built CLI as a process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = join(ROOT, '.cache', `engine-auto-${process.pid}`);
const AS_OF = '2026-11-20T17:00:00Z';

function simulate(format: string, engine?: string) {
  const args = [CLI, 'simulate', '--project', 'leadspec.yaml', '--events', 'big-events.jsonl', '--as-of', AS_OF, '--format', format, '--workers', '2', ...(engine ? ['--engine', engine] : [])];
  const r = spawnSync(process.execPath, args, { cwd: DIR, encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 30, env: { ...process.env, LEADSPEC_WORKER_TIMES: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  cpSync(join(ROOT, 'samples'), DIR, { recursive: true });
  // The samples' events written again and again, past the 64 MiB at which `auto` considers DuckDB.
  const events = readFileSync(join(DIR, 'events.jsonl'));
  const copies = Math.ceil((65 * 1024 * 1024) / events.length);
  writeFileSync(join(DIR, 'big-events.jsonl'), Buffer.concat(Array.from({ length: copies }, () => events)));
  assert.ok(statSync(join(DIR, 'big-events.jsonl')).size > 64 * 1024 * 1024);
});
after(() => rmSync(DIR, { recursive: true, force: true }));

const workerLines = (err: string) => err.split('\n').filter((l) => /^worker \d+: /.test(l)).length;

for (const format of ['text', 'md']) {
  test(`auto, --format ${format}, above 64 MiB: in-process on worker threads, the same report as --engine memory`, () => {
    const auto = simulate(format), memory = simulate(format, 'memory');
    assert.equal(auto.code, 0, auto.err);
    assert.ok(workerLines(auto.err) > 0, `expected the in-process workers on stderr, got:\n${auto.err}`);
    assert.equal(auto.out, memory.out);
  });
}

for (const format of ['json', 'csv']) {
  test(`auto, --format ${format}, above 64 MiB: DuckDB, the same output as --engine memory`, () => {
    const auto = simulate(format), memory = simulate(format, 'memory');
    assert.equal(auto.code, 0, auto.err);
    assert.equal(workerLines(auto.err), 0, `expected DuckDB (no worker threads), got:\n${auto.err}`);
    assert.ok(workerLines(memory.err) > 0, 'the in-process run shows its worker threads');
    assert.equal(auto.out, memory.out);
  });
}
