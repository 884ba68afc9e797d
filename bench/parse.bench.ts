// The fast YAML path (server/src/core/syntax/fastyaml.ts) against the yaml library on the 5,000-line
// scoring file of bench/validate.bench.ts (same generator): yaml's Lexer alone, its Parser (CST),
// parseAllDocuments + toJS, and fastParse (nodes + plain value in one pass); CPU time p50
// (process.cpuUsage: the machine is shared) and wall p50. Target: fast ≥ 4× parseAllDocuments+toJS.
// Also checks that the fast path accepted the file (no silent fallback). Run: npm run bench parse
import { writeFileSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadavg, cpus } from 'node:os';
import { Lexer, Parser, parseAllDocuments, LineCounter } from 'yaml';
import { fastParse } from '../server/src/core/syntax/fastyaml.js';
import { parseFile } from '../server/src/core/syntax/parse.js';
import { generate } from './model-fixture.js';

const LINES = Number(process.env.LINES ?? 5000);
const RUNS = Number(process.env.RUNS ?? 40);

function measure(fn: () => unknown): { cpu_p50: number; wall_p50: number; cpu_min: number } {
  for (let i = 0; i < 5; i++) fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    fn();
    wall.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const p50 = (xs: number[]) => +[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2);
  return { cpu_p50: p50(cpu), wall_p50: p50(wall), cpu_min: +Math.min(...cpu).toFixed(2) };
}

const text = generate(LINES);
if (!fastParse(text)) throw new Error('the fast path refused the generated file: it would fall back to yaml');
const opts = { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'error' } as const;
const lexer = measure(() => { let n = 0; for (const _ of new Lexer().lex(text)) n++; return n; });
const cst = measure(() => { let n = 0; for (const _ of new Parser().parse(text)) n++; return n; });
const yamlFull = measure(() => parseAllDocuments(text, { ...opts, lineCounter: new LineCounter() }).map((d) => d.toJS()));
const fast = measure(() => fastParse(text, new LineCounter()));
const viaParseFile = measure(() => parseFile('big.yaml', text));
const speedup = +(yamlFull.cpu_p50 / fast.cpu_p50).toFixed(1);

console.log(`machine: ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`file: ${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB; ${RUNS} runs, CPU p50 (wall p50)`);
console.log(`yaml Lexer alone:                 ${lexer.cpu_p50} ms  (${lexer.wall_p50} ms)`);
console.log(`yaml Parser (lexer + CST):        ${cst.cpu_p50} ms  (${cst.wall_p50} ms)`);
console.log(`yaml parseAllDocuments + toJS:    ${yamlFull.cpu_p50} ms  (${yamlFull.wall_p50} ms)`);
console.log(`fastParse (nodes + value):        ${fast.cpu_p50} ms  (${fast.wall_p50} ms)`);
console.log(`parseFile (fast path + checks):   ${viaParseFile.cpu_p50} ms  (${viaParseFile.wall_p50} ms)`);
console.log(`speed-up of the fast path over parseAllDocuments + toJS: ${speedup}x (target >= 4x)`);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/parse.json', JSON.stringify({
  date: new Date().toISOString(), lines: LINES, runs: RUNS, load: loadavg()[0],
  yaml_lexer_ms: lexer, yaml_cst_ms: cst, yaml_parse_tojs_ms: yamlFull, fast_ms: fast, parse_file_ms: viaParseFile, speedup, target_speedup: 4,
}, null, 2) + '\n');
process.exit(speedup >= 4 ? 0 : 1);
