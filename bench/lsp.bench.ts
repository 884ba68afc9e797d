// The language server on a dense 2,000-line scoring model edited 200 times (one rule's points per
// edit, as a user would type), two figures:
// (a) in-process: our full check (incremental re-parse + schema + every semantic check of the
//     file, with the example catalog and ICP in the workspace) against yaml-language-server's own
//     language service (`getLanguageService(...).doValidation`) validating the same text with our
//     umbrella schema, side by side in the same run: p50/p95 of each and their ratio (target ≤ 0.5);
// (b) through the protocol: the built dist/server.js over stdio, from `didChange` to the
//     `publishDiagnostics` of that version, debounce included: p50/p95 (target p95 ≤ 100 ms).
// Both on two layouts of the model: one flow-mapping rule a line, and rules over several lines.
// Run: npm run bench lsp    (EDITS=200 LINES=2000 by default)
import { mkdirSync, readFileSync, writeFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir, loadavg, cpus } from 'node:os';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { scoringFile, multilineScoringFile, editAt } from './lsp-fixture.js';
import { LspClient } from '../test/protocol/harness.js';
import type { LeadspecHost as HostClass } from '../server/src/features/host.js';

const EDITS = Number(process.env.EDITS ?? 200);
const LINES = Number(process.env.LINES ?? 2000);
const EXAMPLE = resolve('../shared/examples/basic');

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const ms = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  // Measure the code as it ships: the features bundled by esbuild (as in dist/server.js).
  mkdirSync('bench/out', { recursive: true });
  const bundle = resolve('bench/out/lsp-host.cjs');
  await build({ entryPoints: ['server/src/features/host.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'error' });
  const { LeadspecHost } = createRequire(resolve('package.json'))(bundle) as { LeadspecHost: typeof HostClass };
  // Two layouts of the same model: one flow-mapping rule a line (as the samples are written),
  // and every rule over several lines.
  const flow = await measure('one-line flow-mapping rules', scoringFile(LINES, 7), LeadspecHost);
  const multiline = await measure('multi-line rules', multilineScoringFile(LINES, 7), LeadspecHost);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/lsp.json', JSON.stringify({
    bench: 'lsp', lines: LINES, edits: EDITS, ...flow, multiline,
    machine: { cpus: cpus().length, loadavg: loadavg().map((x) => ms(x)) }, at: new Date().toISOString(),
  }, null, 2) + '\n');
}

async function measure(label: string, base: string, LeadspecHost: typeof HostClass) {
  console.log(`— ${label} (${base.split('\n').length} lines)`);
  const texts: string[] = [];
  let t = base;
  for (let i = 0; i < EDITS; i++) { t = editAt(t, i).text; texts.push(t); }

  // ---- (a) in-process --------------------------------------------------------------------------
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-bench-'));
  cpSync(join(EXAMPLE, 'fields.yaml'), join(dir, 'fields.yaml'));
  cpSync(join(EXAMPLE, 'icp.yaml'), join(dir, 'icp.yaml'));
  const file = join(dir, 'scoring.yaml');
  writeFileSync(file, base);
  const host = new LeadspecHost();
  host.loadRoots([dir]);
  host.openDocument(file, base);
  host.sync(); // the catalog and the ICP are in the index before the first check
  const check = (text: string) => { host.setText(file, text); host.sync(file); return host.ws.diagnostics(file); };
  const ourDiags = check(base).length;

  const schema = JSON.parse(readFileSync('schemas/leadspec.schema.json', 'utf8'));
  const yls = getLanguageService({ schemaRequestService: async () => JSON.stringify(schema), workspaceContext: { resolveRelativePath: (p: string) => p } as any });
  yls.configure({ validate: true, hover: false, completion: false, format: false, isKubernetes: false, schemas: [{ uri: schema.$id, fileMatch: ['*.yaml'], schema }] } as any);
  const uri = 'file:///bench/scoring.yaml';
  const theirDiags = (await yls.doValidation(TextDocument.create(uri, 'yaml', 0, base), false)).length;

  // Warm up both (JIT, schema compilation), then alternate so machine noise hits both alike.
  for (let i = 0; i < 10; i++) { check(texts[i]); await yls.doValidation(TextDocument.create(uri, 'yaml', i + 1, texts[i]), false); }
  check(base);
  const ours: number[] = [], theirs: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    let s = performance.now();
    check(texts[i]);
    ours.push(performance.now() - s);
    const doc = TextDocument.create(uri, 'yaml', 100 + i, texts[i]);
    s = performance.now();
    await yls.doValidation(doc, false);
    theirs.push(performance.now() - s);
  }
  const a = { ours: { p50: ms(pct(ours, 50)), p95: ms(pct(ours, 95)) }, yaml_language_server: { p50: ms(pct(theirs, 50)), p95: ms(pct(theirs, 95)) } };
  const ratio = { p50: ms(a.ours.p50 / a.yaml_language_server.p50), p95: ms(a.ours.p95 / a.yaml_language_server.p95) };
  console.log(`(a) in-process, ${LINES}-line scoring file, ${EDITS} edits (diagnostics on the file: ours ${ourDiags}, yaml-language-server ${theirDiags})`);
  console.log(`    ours (incremental parse + schema + semantic): p50 ${a.ours.p50} ms, p95 ${a.ours.p95} ms`);
  console.log(`    yaml-language-server doValidation + umbrella schema: p50 ${a.yaml_language_server.p50} ms, p95 ${a.yaml_language_server.p95} ms`);
  console.log(`    ratio ours/theirs: p50 ${ratio.p50}, p95 ${ratio.p95} (target ≤ 0.5)`);
  rmSync(dir, { recursive: true, force: true });

  // ---- (b) through the protocol ---------------------------------------------------------------
  const dir2 = mkdtempSync(join(tmpdir(), 'leadspec-bench-'));
  cpSync(join(EXAMPLE, 'fields.yaml'), join(dir2, 'fields.yaml'));
  cpSync(join(EXAMPLE, 'icp.yaml'), join(dir2, 'icp.yaml'));
  const file2 = join(dir2, 'scoring.yaml');
  writeFileSync(file2, base);
  const client = new LspClient();
  const latency: number[] = [];
  const debounce = 20;
  try {
    await client.initialize(dir2, { settings: { debounceMs: debounce } });
    const u = await client.open(file2, base);
    await client.waitForDiagnostics((p) => p.uri === u && p.version === 1, 30000);
    let cur = base;
    for (let i = 0; i < EDITS + 10; i++) {
      const e = editAt(cur, i);
      cur = e.text;
      const s = performance.now();
      const version = await client.edit(u, { start: { line: e.line, character: e.start }, end: { line: e.line, character: e.end } }, e.newText);
      await client.waitForDiagnostics((p) => p.uri === u && p.version === version, 10000, false);
      if (i >= 10) latency.push(performance.now() - s); // the first 10 warm the server up
    }
  } finally {
    await client.shutdown();
    rmSync(dir2, { recursive: true, force: true });
  }
  const b = { p50: ms(pct(latency, 50)), p95: ms(pct(latency, 95)), debounce_ms: debounce };
  console.log(`(b) protocol, didChange → publishDiagnostics of that version (debounce ${debounce} ms included): p50 ${b.p50} ms, p95 ${b.p95} ms (target p95 ≤ 100 ms)`);

  return { in_process: { ...a, ratio_p50: ratio.p50, ratio_p95: ratio.p95, target_ratio: 0.5 }, protocol: { ...b, target_p95_ms: 100 } };
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
