// Workspace check: a generated workspace of 200 files and 20,000 lines (one catalog, ICPs,
// scoring models and SLAs that reference each other), checked in full (parse + schema +
// semantic), then re-checked after one file changes (the edited file and its dependants only).
// Targets: full check ≤ 400 ms, re-check after one edit < 20 ms.  Run: npm run bench check
// Anchor, measured in the same run: yaml-language-server (the YAML extension's server) validating
// the same 200 files against the same JSON Schema (parse + schema only, no semantic checks).
// The code measured is the core bundled by esbuild, as the CLI and the language server ship it
// (not the tsx-transpiled sources, whose module interop adds a getter call to every import).
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { loadavg, cpus } from 'node:os';
import { build } from 'esbuild';
import type { Workspace as WorkspaceClass } from '../server/src/core/check/workspace.js';
import { rng } from './prng.js';

const FILES = Number(process.env.FILES ?? 200);
const LINES_PER_FILE = Number(process.env.LINES_PER_FILE ?? 100);
const RUNS = Number(process.env.RUNS ?? 7);
const EDITS = Number(process.env.EDITS ?? 60);

const rand = rng(4);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const INDUSTRIES = ['SaaS', 'Fintech', 'Healthcare', 'Retail', 'Education', 'Other'];
const SENIORITY = ['ic', 'manager', 'director', 'vp', 'cxo'];
const REGIONS = ['na', 'emea', 'apac'];

/** Pads a file to exactly `n` lines with comment lines (a real file has some). */
function exactly(lines: string[], n: number): string {
  const out = lines.slice(0, n);
  while (out.length < n) out.push(`# note ${out.length}`);
  return out.join('\n') + '\n';
}

function catalog(): string {
  const l = ['leadspec: v1', 'kind: fields', 'id: crm', 'fields:',
    '  employees: { type: integer, min: 0 }', `  industry: { type: enum, values: [${INDUSTRIES.join(', ')}] }`,
    '  country: { type: string }', `  seniority: { type: enum, values: [${SENIORITY.join(', ')}] }`,
    '  annual_revenue: { type: number }', '  tech_stack: { type: list }', '  email: { type: string }',
    '  mql_at: { type: datetime }', '  first_touch_at: { type: datetime }', `  region: { type: enum, values: [${REGIONS.join(', ')}] }`,
    '  founded: { type: date }'];
  for (let i = 0; l.length < LINES_PER_FILE - 6; i++) l.push(`  attr_${i}: { type: ${pick(['string', 'integer', 'number', 'boolean'])} }`);
  l.push('events:', '  page_view: { properties: { url: string } }', '  demo_request: {}', '  email_click: {}', '  unsubscribe: {}', '  webinar: { properties: { topic: string } }');
  return exactly(l, LINES_PER_FILE);
}

function condition(): string {
  switch (int(0, 5)) {
    case 0: { const lo = int(1, 500); return `{ employees: { between: [${lo}, ${lo + int(10, 5000)}] } }`; }
    case 1: return `{ industry: [${pick(INDUSTRIES)}, ${pick(INDUSTRIES)}] }`;
    case 2: return `{ seniority: { in: [${pick(SENIORITY)}, cxo] }, country: ${pick(['US', 'DE', 'FR', 'GB'])} }`;
    case 3: return `{ tech_stack: { includes_any: [salesforce, hubspot] }, annual_revenue: { gte: ${int(1, 90)}000000 } }`;
    case 4: return `{ any: [ { email: { ends_with: "@${pick(['acme', 'corp', 'example'])}.com" } }, { not: { region: ${pick(REGIONS)} } } ] }`;
    default: return `{ founded: { gte: 20${int(10, 25)}-0${int(1, 9)}-1${int(0, 9)} }, mql_at: { exists: true } }`;
  }
}

function icp(n: number): string {
  const l = ['leadspec: v1', 'kind: icp', `id: icp-${n}`, `title: Segment ${n}`, 'match:', `  employees: { gte: ${int(1, 100)} }`,
    `  industry: [${pick(INDUSTRIES)}, ${pick(INDUSTRIES)}]`, 'exclude:', '  any:', '    - email: { ends_with: "@gmail.com" }', 'tiers:'];
  const tiers = Math.floor((LINES_PER_FILE - l.length - 4) * 0.7);
  for (let i = 0; i < tiers; i++) l.push(`  - { id: tier-${i}, when: { employees: { gte: ${(tiers - i) * 37} }, region: ${pick(REGIONS)} } }`);
  l.push('  - { id: rest }', 'personas:');
  while (l.length < LINES_PER_FILE) l.push(`  - { id: persona-${l.length}, when: ${condition()} }`);
  return exactly(l, LINES_PER_FILE);
}

function scoring(n: number, icps: number): string {
  const l = ['leadspec: v1', 'kind: scoring', `id: model-${n}`, 'fit:', '  max: 100', '  rules:',
    `    - { id: in-icp, when: { icp: icp-${int(0, icps - 1)} }, points: 30 }`,
    `    - { id: in-tier, when: { tier: icp-${int(0, icps - 1)}/tier-1 }, points: 10 }`,
    '    - group: size', '      pick: first', '      max: 40', '      rules:',
    '        - { id: big, when: { employees: { gte: 1000 } }, points: 40 }', '        - { id: mid, when: { employees: { gte: 200 } }, points: 25 }'];
  const fitRules = Math.floor((LINES_PER_FILE - 40) / 2);
  for (let i = 0; i < fitRules; i++) l.push(`    - { id: fit-${i}, when: ${condition()}, points: ${int(-20, 30) || 5} }`);
  l.push('engagement:', '  max: 100', '  decay: { half_life: 30d }', '  rules:',
    '    - { id: pricing, event: page_view, where: { url: { contains: /pricing } }, points: 5, max: 20, within: 30d }',
    '    - { id: demo, event: demo_request, points: 40, max: 40 }',
    '    - { id: unsub, event: unsubscribe, points: -50, decay: none }');
  const tail = ['total: { weights: { fit: 0.6, engagement: 0.4 } }', 'grades:', '  - { id: A, min: 80 }', '  - { id: B, min: 50 }',
    '  - { id: C, min: 20 }', '  - { id: D }', 'disqualify: { email: { ends_with: "@competitor.com" } }', 'mql:', '  any:',
    '    - grade: A', '    - { fit: { gte: 40 }, engagement: { gte: 60 } }'];
  for (let i = 0; l.length < LINES_PER_FILE - tail.length; i++) {
    l.push(`    - { id: eng-${i}, event: ${pick(['page_view', 'email_click', 'webinar'])}, points: ${int(1, 10)}, max: ${int(10, 30)}, within: ${int(7, 90)}d }`);
  }
  return exactly([...l, ...tail], LINES_PER_FILE);
}

function sla(n: number, models: number): string {
  const l = ['leadspec: v1', 'kind: sla', `id: sla-${n}`, 'calendars:',
    '  us: { timezone: America/New_York, hours: { weekdays: "09:00-17:00" }, holidays: [2026-11-26, 2026-12-25] }',
    '  emea: { timezone: Europe/Berlin, hours: { mon: "09:00-12:00, 13:00-17:00", tue: "09:00-17:00", fri: "09:00-15:00" } }',
    'commitments:'];
  for (let i = 0; l.length + 10 + 7 <= LINES_PER_FILE; i++) {
    l.push(`  - id: c-${i}`, `    scoring: model-${int(0, models - 1)}`, `    applies_to: { mql: true, grade: [A, B] }`,
      '    start: mql_at', '    stop: first_touch_at', `    within: ${int(1, 8)}h`, '    calendar: { by: region, map: { emea: emea }, default: us }',
      '    escalate:', `      - { after: ${int(1, 3)}h, notify: manager }`, `      - { after: ${int(4, 9)}h, reassign: round-robin }`);
  }
  l.push('  - id: volume', '    type: volume', `    scoring: model-${int(0, models - 1)}`, '    count: { mql: true }', '    per: month', '    date: mql_at', '    target: { gte: 400 }');
  return exactly(l, LINES_PER_FILE);
}

// 1 catalog, then ICPs, scoring models and SLAs in a 3 : 4 : 2 mix.
const icps = Math.round((FILES - 1) * 3 / 9), models = Math.round((FILES - 1) * 4 / 9), slas = FILES - 1 - icps - models;
const files: [string, string][] = [['defs/crm.yaml', catalog()]];
for (let i = 0; i < icps; i++) files.push([`defs/icp/icp-${i}.yaml`, icp(i)]);
for (let i = 0; i < models; i++) files.push([`defs/scoring/model-${i}.yaml`, scoring(i, icps)]);
for (let i = 0; i < slas; i++) files.push([`defs/sla/sla-${i}.yaml`, sla(i, models)]);
if (process.env.DUMP) writeFileSync(process.env.DUMP, JSON.stringify(files));
const totalLines = files.reduce((n, [, t]) => n + t.split('\n').length - 1, 0);

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const round = (x: number) => Math.round(x * 100) / 100;

async function main() {
const bundle = resolve('bench/out/check-workspace.cjs');
await build({ entryPoints: ['server/src/core/check/workspace.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'error' });
const { Workspace } = createRequire(resolve('package.json'))(bundle) as { Workspace: typeof WorkspaceClass };

// ---- full check: a fresh workspace, every file set, every diagnostic computed
/** CPU milliseconds of this process (all threads) since `from`: less noisy than wall time on a busy machine. */
const cpuMs = (from: NodeJS.CpuUsage) => { const u = process.cpuUsage(from); return (u.user + u.system) / 1000; };

function fullCheck() {
  const ws = new Workspace();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const [f, t] of files) ws.setFile(f, t);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  for (const [f] of files) ws.semanticDiagnostics(f);
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const diagnostics = ws.diagnostics(); // + schema, merged, suppressions applied
  const t3 = performance.now();
  return { ws, diagnostics, parse: t1 - t0, semantic: t2 - t1, schema: t3 - t2, total: t3 - t0, cpu: cpuMs(c0),
    parseCpu: cpuMs(c0) - cpuMs(c1), semanticCpu: cpuMs(c1) - cpuMs(c2) };
}
// Only the figures of earlier runs are kept: holding every run's workspace alive would make each
// later run's garbage collection walk the earlier ones too (a cost no real check has).
const runs: Omit<ReturnType<typeof fullCheck>, 'ws' | 'diagnostics'>[] = [];
let last!: ReturnType<typeof fullCheck>;
for (let i = 0; i < RUNS; i++) {
  (globalThis as any).gc?.();
  last = fullCheck();
  const { ws: _ws, diagnostics: _d, ...figures } = last;
  runs.push(figures);
  if (i < RUNS - 1) last = undefined as never;
}
const { ws, diagnostics } = last;
if (diagnostics.length) {
  console.error(`the generated workspace should check clean; first diagnostics:\n${diagnostics.slice(0, 5).map((d) => `${d.file}:${d.range.start.line + 1} ${d.code} ${d.message}`).join('\n')}`);
  process.exit(1);
}

// ---- re-check after one edit: a scoring model's points change (nothing else can see points)
const target = files.find(([f]) => f.includes('/scoring/'))!;
const recheck: number[] = [], recheckCpu: number[] = [];
let reanalysed = 0;
for (let i = 0; i < EDITS; i++) {
  const text = target[1].replace('points: 30 }', `points: ${31 + i} }`);
  ws.analysed = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  ws.setFile(target[0], text);
  const ds = ws.diagnostics();
  recheck.push(performance.now() - t0);
  recheckCpu.push(cpuMs(c0));
  reanalysed = ws.analysed;
  if (ds.length) throw new Error(`edit ${i} produced diagnostics: ${ds[0].message}`);
}
// ---- worst case: a new field in the catalog, which every definition reads
const catalogEdit: number[] = [];
let catalogReanalysed = 0;
for (let i = 0; i < 5; i++) {
  ws.analysed = 0;
  const t0 = performance.now();
  // a new field: the catalog's shape changes, so every definition with conditions re-checks
  ws.setFile('defs/crm.yaml', files[0][1].replace('  country: { type: string }', `  country: { type: string }\n  extra_${i}: { type: string }`));
  ws.diagnostics();
  catalogEdit.push(performance.now() - t0);
  catalogReanalysed = ws.analysed;
}

// ---- anchor: yaml-language-server over the same files and schema, as many full passes
const { getLanguageService } = await import('yaml-language-server');
const { TextDocument } = await import('vscode-languageserver-textdocument');
const { readFileSync } = await import('node:fs');
const schemaText = readFileSync('schemas/leadspec.schema.json', 'utf8');
const anchorRuns: { wall: number; cpu: number }[] = [];
let anchorDiagnostics = 0;
for (let i = 0; i < RUNS; i++) {
  // A fresh service per pass, like a fresh Workspace per full check (no cached documents).
  // A fresh copy of the schema per pass too: yaml-language-server resolves `$ref`s in the object
  // it is given, in place, and a second service handed the same object fails on the cycles
  // ("could not be fully validated: Maximum call stack size exceeded") and validates far less.
  const yamlSchema = JSON.parse(schemaText);
  const yls = getLanguageService({ schemaRequestService: async () => schemaText,
    workspaceContext: { resolveRelativePath: (r: string, b: string) => new URL(r, b).toString() } } as any);
  yls.configure({ validate: true, schemas: [{ uri: 'file:///schemas/leadspec.schema.json', fileMatch: ["*.yaml"], schema: yamlSchema }] } as any);
  (globalThis as any).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  anchorDiagnostics = 0;
  for (const [f, t] of files) anchorDiagnostics += (await yls.doValidation(TextDocument.create(`file:///w/${f}`, 'yaml', 1, t), false)).length;
  anchorRuns.push({ wall: performance.now() - t0, cpu: cpuMs(c0) });
}

const full = runs.map((r) => r.total), parse = runs.map((r) => r.parse);
const fullCpu = runs.map((r) => r.cpu), parseCpu = runs.map((r) => r.parseCpu);
const semantic = runs.map((r) => r.semantic), semanticCpu = runs.map((r) => r.semanticCpu), schema = runs.map((r) => r.schema);
const out = {
  date: new Date().toISOString(),
  files: files.length, lines: totalLines, runs: RUNS, edits: EDITS,
  full_check_ms: { first: round(full[0]), p50: round(quantile(full, 0.5)), min: round(Math.min(...full)) },
  full_check_cpu_ms: { p50: round(quantile(fullCpu, 0.5)), min: round(Math.min(...fullCpu)) },
  full_parse_ms_p50: round(quantile(parse, 0.5)),
  full_parse_cpu_ms_p50: round(quantile(parseCpu, 0.5)),
  full_semantic_ms_p50: round(quantile(semantic, 0.5)),
  full_semantic_cpu_ms_p50: round(quantile(semanticCpu, 0.5)),
  full_schema_ms_p50: round(quantile(schema, 0.5)),
  recheck_one_file_ms: { p50: round(quantile(recheck, 0.5)), p95: round(quantile(recheck, 0.95)), files_rechecked: reanalysed },
  recheck_one_file_cpu_ms: { p50: round(quantile(recheckCpu, 0.5)), p95: round(quantile(recheckCpu, 0.95)) },
  catalog_edit_ms: { p50: round(quantile(catalogEdit, 0.5)), files_rechecked: catalogReanalysed },
  anchor_yaml_language_server: {
    what: 'yaml-language-server doValidation of the same files against schemas/leadspec.schema.json (parse + schema, no semantic checks)',
    full_pass_ms: { first: round(anchorRuns[0].wall), p50: round(quantile(anchorRuns.map((r) => r.wall), 0.5)) },
    full_pass_cpu_ms: { p50: round(quantile(anchorRuns.map((r) => r.cpu), 0.5)) },
    diagnostics: anchorDiagnostics,
  },
  ratio_to_anchor: {
    cpu_p50: round(quantile(fullCpu, 0.5) / quantile(anchorRuns.map((r) => r.cpu), 0.5)),
    cold_first: round(full[0] / anchorRuns[0].wall),
  },
  targets_ms: { full_check: 400, recheck: 20 },
  load_average: round(loadavg()[0]), cores: cpus().length,
};
console.log(`check: ${out.files} files, ${out.lines} lines (generated, seed 4): ${icps} ICPs, ${models} scoring models, ${slas} SLAs, 1 catalog`);
console.log(`  full check (parse + schema + semantic): p50 ${out.full_check_ms.p50} ms, min ${out.full_check_ms.min} ms, first (cold) ${out.full_check_ms.first} ms over ${RUNS} runs (target ≤ 400 ms)`);
console.log(`    CPU time: p50 ${out.full_check_cpu_ms.p50} ms, min ${out.full_check_cpu_ms.min} ms; parse ${out.full_parse_ms_p50} ms wall / ${out.full_parse_cpu_ms_p50} ms CPU; semantic ${out.full_semantic_ms_p50} ms wall / ${out.full_semantic_cpu_ms_p50} ms CPU; schema ${out.full_schema_ms_p50} ms wall`);
console.log(`  re-check after one scoring file changes: p50 ${out.recheck_one_file_ms.p50} ms, p95 ${out.recheck_one_file_ms.p95} ms over ${EDITS} edits, ${reanalysed} files re-checked (target < 20 ms); CPU p50 ${out.recheck_one_file_cpu_ms.p50} ms, p95 ${out.recheck_one_file_cpu_ms.p95} ms`);
console.log(`  worst case, a new field in the catalog every definition reads: p50 ${out.catalog_edit_ms.p50} ms, ${catalogReanalysed} files re-checked`);
console.log(`  anchor, yaml-language-server (parse + schema only) over the same files: p50 ${out.anchor_yaml_language_server.full_pass_ms.p50} ms, CPU p50 ${out.anchor_yaml_language_server.full_pass_cpu_ms.p50} ms, first ${out.anchor_yaml_language_server.full_pass_ms.first} ms; leadspec / anchor: CPU ${out.ratio_to_anchor.cpu_p50}×, cold ${out.ratio_to_anchor.cold_first}×`);
console.log(`  load average ${out.load_average} on ${out.cores} cores (a shared machine: numbers are noisy)`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/check.json', JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
