// Expectations (`kind: test`): what running the cases costs.
//  1. `leadspec test samples` end to end as a process (the built dist/cli.js: load the workspace,
//     compile, read the 2,000 sample leads and 51k events, run the 17 cases, print).
//  2. The editor's re-run after an edit (features/tests.ts TestRunner.refresh: compile the
//     definitions, look up sample leads, run every case, diff the LS113… diagnostics) on samples/,
//     and the same with 200 generated cases; each after a real change of a rule's points.
// Run: npm run bench tests   (writes bench/results/tests.json)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { LeadspecHost } from '../server/src/features/host.js';
import { Samples } from '../server/src/features/samples.js';
import { TestRunner } from '../server/src/features/tests.js';

const ROOT = resolve(__dirname, '..');
const SAMPLES = join(ROOT, 'samples');
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const ms = (x: number) => `${x.toFixed(1)} ms`;
const results: Record<string, number> = {};

// 1. The CLI, 7 runs (the first warms the file cache).
const cli: number[] = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'test', 'samples', '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`leadspec test samples exited ${r.status}: ${r.stderr}`);
  if (i > 0) cli.push(t);
}
results.cli_samples_p50_ms = Math.round(pct(cli, 50));
console.log(`leadspec test samples (process, 17 cases)     p50 ${ms(pct(cli, 50))}  max ${ms(Math.max(...cli))}`);

// 2. The editor's re-run after an edit.
function editorRuns(label: string, extra: Record<string, string>, rounds = 25): { p50: number; p95: number } {
  const host = new LeadspecHost();
  host.loadRoots([SAMPLES]);
  for (const [p, t] of Object.entries(extra)) host.openDocument(p, t);
  const samples = new Samples(host);
  const runner = new TestRunner(host, samples);
  const file = join(SAMPLES, 'scoring', 'inbound.yaml');
  const text = readFileSync(file, 'utf8');
  runner.refresh(); // loads and parses the sample leads once (cached until the data changes)
  const xs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    host.openDocument(file, text.replace('points: 30 }', `points: ${31 + (i % 7)} }`));
    const t0 = performance.now();
    runner.refresh();
    xs.push(performance.now() - t0);
  }
  runner.dispose();
  const out = { p50: pct(xs, 50), p95: pct(xs, 95) };
  console.log(`${label.padEnd(46)} p50 ${ms(out.p50)}  p95 ${ms(out.p95)}`);
  return out;
}

const own = editorRuns('editor re-run after an edit (samples, 17 cases)', {});
results.editor_rerun_samples_p50_ms = Math.round(own.p50 * 10) / 10;
results.editor_rerun_samples_p95_ms = Math.round(own.p95 * 10) / 10;

// 200 generated cases: half inline leads, half sample leads by id (deterministic).
const ids = readFileSync(join(SAMPLES, 'leads.csv'), 'utf8').split('\n').slice(1, 101).map((l) => l.split(',')[0]).filter(Boolean);
const cases: string[] = [];
for (let i = 0; i < 200; i++) {
  cases.push(i % 2
    ? `  - name: sample ${i}\n    sample: ${ids[i % ids.length]}\n    expect: { inbound: { total: { gte: -1000 } } }`
    : `  - name: inline ${i}\n    lead: { id: g${i}, employees: ${50 + i * 7}, industry: SaaS, seniority: vp, events: [ { event: demo_request, at: 2026-11-${String(1 + (i % 19)).padStart(2, '0')}T10:00:00Z } ] }\n    expect: { inbound: { grade: [A, B, C, D] }, product-led: { total: { gte: -1000 } } }`);
}
const big = editorRuns('editor re-run after an edit (+200 cases)', { [join(SAMPLES, 'generated.test.yaml')]: `leadspec: v1\nkind: test\nid: generated\nas_of: 2026-11-20T17:00:00Z\ncases:\n${cases.join('\n')}\n` });
results.editor_rerun_217_cases_p50_ms = Math.round(big.p50 * 10) / 10;
results.editor_rerun_217_cases_p95_ms = Math.round(big.p95 * 10) / 10;

mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'tests.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, ...results }, null, 2) + '\n');
