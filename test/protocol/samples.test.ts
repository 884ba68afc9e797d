// The editor on the sample workspace (samples/): the code lenses must agree with what
// `leadspec simulate --format json` (the CLI, another process) computes for the same files,
// completion offers the sample catalog's fields, navigation works across its folders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LspClient, SAMPLES, REPO, tempWorkspace, uriOf, posOf, until } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let summary: any;
let leads: number;
const open = async (name: string) => { const path = join(ws.dir, name); const text = readFileSync(path, 'utf8'); return { path, text, uri: await client.open(path, text) }; };
const lenses = (uri: string) => client.request('textDocument/codeLens', { textDocument: { uri } }) as Promise<any[]>;

before(async () => {
  ws = tempWorkspace(SAMPLES);
  const out = execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), 'simulate', '--project', join(ws.dir, 'leadspec.yaml'), '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const sim = JSON.parse(out);
  summary = sim.summary;
  leads = sim.leads.length;
  client = new LspClient();
  await client.initialize(ws.dir);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

test('rule lenses of samples/scoring/inbound.yaml equal the CLI simulation rule counts', async () => {
  const doc = await open('scoring/inbound.yaml');
  // The backtest lens follows the counts (the worker computes it after the summary).
  const got = await until(() => lenses(doc.uri), (l) => l.some((x) => /^backtest:/.test(x.command.title)), 60000);
  const model = parse(doc.text);
  const expected: string[] = [];
  const pct = (n: number) => `${((100 * n) / leads).toFixed(1)}%`; // one decimal everywhere
  const s = summary.scoring.inbound;
  expected.push(`${s.mql} of ${leads} sample leads are MQL (${pct(s.mql)}) · ${Object.entries(s.grades).map(([g, n]) => `${g} ${n}`).join(' · ')}`);
  for (const section of ['fit', 'engagement']) {
    for (const r of model[section].rules) {
      const members = r.group ? r.rules.map((m: any) => `${r.group}/${m.id}`) : [r.id];
      for (const key of members) { const n = s.rules[key] ?? 0; expected.push(`contributes to ${n} of ${leads} sample leads (${pct(n)})`); }
    }
  }
  // The lens on `mql:` carries the backtest (format §11) of `leadspec backtest --format json`.
  const bt = JSON.parse(execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), 'backtest', '--project', join(ws.dir, 'leadspec.yaml'), '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }));
  const m = bt.scoring.inbound;
  const p1 = (x: number) => `${(x * 100).toFixed(1)}%`;
  expected.push(`backtest: precision ${p1(m.mql.precision)} · recall ${p1(m.mql.recall)} · lift ${m.mql.lift.toFixed(2)}× (${m.mql.leads} MQLs, converted within ${bt.horizon} of ${bt.as_of.slice(0, 10)}; AUC ${m.auc.toFixed(2)})`);
  assert.deepEqual(got.map((l) => l.command.title), expected);
});

test('ICP and SLA lenses of the samples equal the CLI simulation', async () => {
  const icp = await open('icps/mid-market.yaml');
  const titles = (await until(() => lenses(icp.uri), (l) => l.length > 0, 60000)).map((l) => l.command.title);
  const m = summary.icps['mid-market'];
  assert.match(titles[0], new RegExp(`^matches ${m.matched} of ${leads} sample leads`));
  const tiers = parse(icp.text).tiers.map((t: any) => t.id);
  assert.deepEqual(titles.slice(1).map((t: string) => Number(t.split(' ')[0])), tiers.map((t: string) => m.tiers[t] ?? 0));
  const sla = await open('sla.yaml');
  const slaTitles = (await until(() => lenses(sla.uri), (l) => l.length > 0, 60000)).map((l) => l.command.title);
  const def = parse(sla.text);
  assert.equal(slaTitles.length, def.commitments.length);
  def.commitments.forEach((c: any, i: number) => {
    const r = summary.sla[`${def.id}/${c.id}`];
    if ('periods' in r) {
      // every period when they fit on one short line; else how many were met and the latest
      const periods = Object.entries<any>(r.periods);
      const all = periods.map(([p, v]) => `${p}: ${v.count} ${v.met ? '✓' : '✗'}`).join(' · ');
      const [lp, lv] = periods[periods.length - 1];
      assert.equal(slaTitles[i], all.length <= 80 ? all : `${periods.filter(([, v]) => v.met).length} of ${periods.length} ${c.per}s met · latest ${lp}: ${lv.count} ${lv.met ? '✓' : '✗'}`);
    }
    else assert.equal(slaTitles[i], `attainment ${r.attainment === null ? 'n/a' : `${(r.attainment * 100).toFixed(1)}%`} · met ${r.met} · breached ${r.breached} · open ${r.open}`);
  });
});

test('completion offers every field of the sample catalog at a condition key', async () => {
  const doc = await open('scoring/inbound.yaml');
  const text = doc.text.replace('    - { id: senior, when: { seniority: [vp, cxo] }, points: 20 }', '    - { id: senior, when: {  }, points: 20 }');
  await client.change(doc.uri, text);
  const items = await client.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: posOf(text, 'when: {  }', 8) });
  const catalog = parse(readFileSync(join(ws.dir, 'fields.yaml'), 'utf8'));
  const labels = (Array.isArray(items) ? items : items.items).map((i: any) => i.label);
  for (const f of Object.keys(catalog.fields)) assert.ok(labels.includes(f), `field ${f} offered`);
  await client.change(doc.uri, doc.text);
});

test('navigation across the sample folders: definition of an ICP and a tier, rename edits in every file', async () => {
  const doc = await open('scoring/inbound.yaml');
  const icpFile = uriOf(join(ws.dir, 'icps/mid-market.yaml'));
  const def = await client.request('textDocument/definition', { textDocument: { uri: doc.uri }, position: posOf(doc.text, 'mid-market') });
  assert.deepEqual(def.map((d: any) => d.uri), [icpFile]);
  const tier = await client.request('textDocument/definition', { textDocument: { uri: doc.uri }, position: posOf(doc.text, 'mid-market/tier-1', 12) });
  assert.deepEqual(tier.map((d: any) => [d.uri, d.range.start.line]), [[icpFile, 16]]);
  const refs = await client.request('textDocument/references', { textDocument: { uri: doc.uri }, position: posOf(doc.text, 'mid-market'), context: { includeDeclaration: true } });
  const edit = await client.request('textDocument/rename', { textDocument: { uri: doc.uri }, position: posOf(doc.text, 'mid-market'), newName: 'midmarket' });
  const edits = Object.values<any[]>(edit.changes).flat();
  assert.equal(edits.length, refs.length);
  assert.ok(edits.every((e) => e.newText === 'midmarket'));
  assert.ok(Object.keys(edit.changes).length >= 2, 'edits in several files');
});
