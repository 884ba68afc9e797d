// Hover counts on conditions over score outputs (`mql:`, `fit: { gte: 40 }`, `applies_to`,
// `count:`, `fit_grade: A`) equal what the CLI's `simulate --format json` says for the same
// condition on the same samples: the test computes both, independently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, REPO, SAMPLES, tempWorkspace, posOf, until } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let sim: { leads: { scores: Record<string, any> }[] };
const docs: Record<string, { uri: string; text: string }> = {};

before(async () => {
  ws = tempWorkspace(SAMPLES);
  sim = JSON.parse(execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), 'simulate', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8', maxBuffer: 1 << 28 }));
  client = new LspClient();
  await client.initialize(ws.dir);
  for (const name of ['scoring/inbound.yaml', 'scoring/product-led.yaml', 'sla.yaml']) {
    const path = join(ws.dir, name);
    const text = readFileSync(path, 'utf8');
    docs[name] = { text, uri: await client.open(path, text) };
  }
  await until(() => client.request('textDocument/codeLens', { textDocument: { uri: docs['sla.yaml'].uri } }), (l: any[]) => l.length > 0);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

/** The "matches **n** of total" count in the hover at `needle` (+ plus characters). */
async function hoverCount(name: string, needle: string, plus = 0, nth = 0): Promise<{ n: number; total: number; text: string }> {
  const d = docs[name];
  const text = await until(async () => (await client.request('textDocument/hover', { textDocument: { uri: d.uri }, position: posOf(d.text, needle, plus, nth) }))?.contents.value as string ?? '',
    (t) => /matches \*\*\d+\*\* of \d+/.test(t));
  const m = /matches \*\*(\d+)\*\* of (\d+)/.exec(text);
  assert.ok(m, `no sample count in the hover at '${needle}':\n${text}`);
  return { n: Number(m[1]), total: Number(m[2]), text };
}

const cli = (pred: (s: Record<string, any>) => boolean) => sim.leads.filter((l) => pred(l.scores)).length;

test('score-output conditions: hover count = the CLI simulation count', async () => {
  const cases: [string, string, number, number, (s: Record<string, any>) => boolean][] = [
    ['scoring/inbound.yaml', 'mql:', 0, 0, (s) => s.inbound.grade === 'A' || (s.inbound.fit >= 40 && s.inbound.engagement >= 60)],
    ['scoring/inbound.yaml', 'fit: { gte: 40 }', 0, 0, (s) => s.inbound.fit >= 40],
    ['scoring/inbound.yaml', 'grade: A', 0, 0, (s) => s.inbound.grade === 'A'],
    ['sla.yaml', 'applies_to:', 0, 0, (s) => s.inbound.mql && ['A', 'B'].includes(s.inbound.grade)],
    ['sla.yaml', 'mql: true', 0, 0, (s) => s.inbound.mql],
    ['sla.yaml', 'grade: [A, B]', 0, 0, (s) => ['A', 'B'].includes(s.inbound.grade)],
    ['sla.yaml', 'count:', 0, 0, (s) => s.inbound.mql],
    ['sla.yaml', 'count:', 0, 1, (s) => s['product-led'].mql],
    ['scoring/product-led.yaml', 'fit_grade: A', 0, 0, (s) => s['product-led'].fit_grade === 'A'],
  ];
  for (const [file, needle, plus, nth, pred] of cases) {
    const h = await hoverCount(file, needle, plus, nth);
    const expected = cli(pred);
    assert.equal(h.total, sim.leads.length, `${file} ${needle}`);
    assert.ok(expected > 0, `${file} ${needle}: the samples exercise this condition`);
    assert.equal(h.n, expected, `${file} '${needle}' #${nth}: hover ${h.n}, CLI ${expected}\n${h.text}`);
  }
});

test('the mql: hover also names the model\'s MQL count (after disqualification), as the model hover does', async () => {
  const h = await hoverCount('scoring/inbound.yaml', 'mql:');
  const mql = cli((s) => s.inbound.mql);
  assert.match(h.text, new RegExp(`MQL \\*\\*${mql}\\*\\*`));
});
