// `leadspec validate` on a large definition: a generated scoring model of 5,000 lines (groups,
// event rules, nested conditions, flow and block style) next to the samples' catalog.
// Reports start-up (module load + schema compile + first run) apart from the steady state:
// parse, schema check, and the full validateFiles (parse + schema + semantic), p50/p95.
// Target: full validate of the 5,000-line file < 100 ms after start-up. Run: npm run bench validate
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadavg, cpus } from 'node:os';
import { parseAllDocuments } from 'yaml';
import { parseFile } from '../server/src/core/syntax/parse.js';
import { validateFiles } from '../server/src/core/check/validate.js';
import { schemaDiagnosticsOfFile } from '../server/src/core/schema/index.js';
import { generate } from './model-fixture.js';

const LINES = Number(process.env.LINES ?? 5000);
const RUNS = Number(process.env.RUNS ?? 30);


// performance.now() counts from process start, so start-up includes loading the modules.
const support = ['samples/fields.yaml', 'samples/icps/mid-market.yaml'].map((f) => parseFile(f, readFileSync(f, 'utf8')));
const text = generate(LINES);
const brokenText = generate(LINES, 50);
const lineCount = text.split('\n').length - 1;

const first = validateFiles([...support, parseFile('big.yaml', text)]);
const startup = performance.now();
if (first.length) throw new Error(`the generated model should be valid, got ${first.length} diagnostics, first: ${first[0].message} at line ${first[0].range.start.line + 1}`);

/** Wall-clock p50/p95 and the CPU time p50 (less sensitive to other processes on a shared machine). */
function measure(fn: () => unknown): { p50: number; p95: number; cpu_p50: number } {
  for (let i = 0; i < 3; i++) fn();
  const xs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    fn();
    xs.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const q = (arr: number[], p: number) => { const a = [...arr].sort((x, y) => x - y); return +a[Math.min(a.length - 1, Math.floor(p * a.length))].toFixed(2); };
  return { p50: q(xs, 0.5), p95: q(xs, 0.95), cpu_p50: q(cpu, 0.5) };
}

const parsed = parseFile('big.yaml', text);
const yamlOnly = measure(() => parseAllDocuments(text).map((d) => d.toJS()));
const parse = measure(() => parseFile('big.yaml', text));
const schema = measure(() => schemaDiagnosticsOfFile(parsed));
const checks = measure(() => validateFiles([...support, parsed]));
const full = measure(() => validateFiles([...support, parseFile('big.yaml', text)]));
const brokenCount = validateFiles([...support, parseFile('broken.yaml', brokenText)]).length;
const broken = measure(() => validateFiles([...support, parseFile('broken.yaml', brokenText)]));

console.log(`machine: ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`file: ${lineCount} lines, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`start-up (process start to first validate done, schema compile included): ${startup.toFixed(1)} ms`);
console.log(`yaml library alone (parse+toJS): p50 ${yamlOnly.p50} ms  p95 ${yamlOnly.p95} ms  (cpu p50 ${yamlOnly.cpu_p50} ms)`);
console.log(`parse (yaml with ranges):       p50 ${parse.p50} ms  p95 ${parse.p95} ms  (cpu p50 ${parse.cpu_p50} ms)`);
console.log(`schema check (ajv + mapping):   p50 ${schema.p50} ms  p95 ${schema.p95} ms  (cpu p50 ${schema.cpu_p50} ms)`);
console.log(`validateFiles on the parsed file (schema+semantic+suppressions): p50 ${checks.p50} ms  p95 ${checks.p95} ms  (cpu p50 ${checks.cpu_p50} ms)`);
console.log(`validateFiles (parse+schema+semantic): p50 ${full.p50} ms  p95 ${full.p95} ms  (cpu p50 ${full.cpu_p50} ms)   target < 100 ms`);
console.log(`same file with ${brokenCount} errors:     p50 ${broken.p50} ms  p95 ${broken.p95} ms  (cpu p50 ${broken.cpu_p50} ms)`);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/validate.json', JSON.stringify({
  date: new Date().toISOString(), lines: lineCount, runs: RUNS, startup_ms: +startup.toFixed(1),
  yaml_library_ms: yamlOnly, parse_ms: parse, schema_ms: schema, checks_after_parse_ms: checks, validate_ms: full, broken: { diagnostics: brokenCount, ms: broken }, target_ms: 100,
}, null, 2) + '\n');
const ok = full.p50 < 100;
console.log(ok ? 'target met: p50 < 100 ms' : 'TARGET MISSED: p50 ≥ 100 ms');
process.exit(ok ? 0 : 1);
