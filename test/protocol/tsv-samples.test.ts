// The language server reads a project's `*.tsv` sample leads tab-separated, as the CLI does: the
// samples converted from CSV to TSV (cells with tabs, quotes or line breaks quoted) give the hover
// counts the CLI's simulation of the original CSV gives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forEachCsvRecord } from '../../server/src/core/data/csv.js';
import { LspClient, REPO, SAMPLES, tempWorkspace, posOf, until } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let sim: { leads: { scores: Record<string, { grade: string; fit: number; mql: boolean }> }[] };

before(async () => {
  ws = tempWorkspace(SAMPLES);
  sim = JSON.parse(execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), 'simulate', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8', maxBuffer: 1 << 28 }));
  const rows: string[] = [];
  forEachCsvRecord(readFileSync(join(ws.dir, 'leads.csv'), 'utf8'), (cells) => {
    rows.push(cells.map((c) => (/["\t\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\t'));
  });
  assert.ok(rows.some((r) => r.includes(',')), 'the samples have cells with commas (text in a .tsv)');
  writeFileSync(join(ws.dir, 'leads.tsv'), rows.join('\n') + '\n');
  rmSync(join(ws.dir, 'leads.csv'));
  const project = join(ws.dir, 'leadspec.yaml');
  const text = readFileSync(project, 'utf8');
  assert.match(text, /leads: leads\.csv/);
  writeFileSync(project, text.replace('leads: leads.csv', 'leads: leads.tsv'));
  client = new LspClient();
  await client.initialize(ws.dir);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

test('hover counts over .tsv samples = the CLI simulation of the same samples as .csv', async () => {
  const path = join(ws.dir, 'scoring/inbound.yaml');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  for (const [needle, pred] of [
    ['fit: { gte: 40 }', (s: { fit: number }) => s.fit >= 40],
    ['grade: A', (s: { grade: string }) => s.grade === 'A'],
  ] as const) {
    const hover = await until(async () => (await client.request('textDocument/hover', { textDocument: { uri }, position: posOf(text, needle, 0, 0) }))?.contents.value as string ?? '',
      (t) => /matches \*\*\d+\*\* of \d+/.test(t));
    const m = /matches \*\*(\d+)\*\* of (\d+)/.exec(hover);
    assert.ok(m, `no sample count in the hover at '${needle}':\n${hover}`);
    const expected = sim.leads.filter((l) => (pred as (s: any) => boolean)(l.scores.inbound)).length;
    assert.ok(expected > 0, needle);
    assert.equal(Number(m[2]), sim.leads.length, `${needle}: total`);
    assert.equal(Number(m[1]), expected, `${needle}: hover ${m[1]}, CLI ${expected}`);
  }
  // The CLI reads the converted project the same way.
  const tsv = JSON.parse(execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), 'simulate', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8', maxBuffer: 1 << 28 }));
  assert.deepEqual(tsv.leads.map((l: { scores: unknown }) => l.scores), sim.leads.map((l) => l.scores));
});
