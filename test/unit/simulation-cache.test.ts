// SimulationCache (server/src/core/eval/simulate.ts): the editor re-simulates per edit and reuses the
// results of the definitions the edit did not touch. Every run must equal a fresh simulation,
// byte for byte, and an edit must invalidate exactly what depends on it — including parts whose
// own text did not change (an ICP edit changes a model that scores `icp:`; a model edit changes
// the SLA commitments that read it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, simulate, SimulationCache } from '../../server/src/core/eval/simulate.js';
import { exactKey } from '../../server/src/core/eval/exact-key.js';
import { loadLeadsFromText } from '../../server/src/core/data/leads.js';
import type { SimulationResult } from '../../server/src/core/results.js';
import { PreviewSession } from '../../client/src/preview/session.js';

const S = (p: string) => readFileSync(join('samples', p), 'utf8');
const BASE: Record<string, string> = {
  'fields.yaml': S('fields.yaml'),
  'icps/enterprise.yaml': S('icps/enterprise.yaml'),
  'icps/mid-market.yaml': S('icps/mid-market.yaml'),
  'scoring/inbound.yaml': S('scoring/inbound.yaml'),
  'scoring/product-led.yaml': S('scoring/product-led.yaml'),
  'sla.yaml': S('sla.yaml'),
};
const AS_OF = Date.parse('2026-11-20T12:00:00Z');

function compile(files: Record<string, string>) {
  return compileProject(definitionsOf(Object.keys(files).sort().map((f) => parseFile(f, files[f]))));
}
const cp0 = compile(BASE);
const loaded = loadLeadsFromText(cp0.catalog, { file: 'leads.csv', text: S('leads.csv') }, { file: 'events.jsonl', text: S('events.jsonl') });

function edit(file: string, from: string, to: string, files = BASE): Record<string, string> {
  assert.ok(files[file].includes(from), `${file} holds '${from}'`);
  return { ...files, [file]: files[file].replace(from, to) };
}

/** Runs the cache and a fresh simulation; they must agree exactly. Returns the cached run. */
function same(cache: SimulationCache, files: Record<string, string>, asOf = AS_OF): SimulationResult {
  const got = cache.run(compile(files), loaded.leads, asOf, [...loaded.warnings]);
  const want = simulate(compile(files), loaded.leads, asOf, [...loaded.warnings]);
  assert.equal(JSON.stringify(got), JSON.stringify(want));
  return got;
}

test('every run of the cache equals a fresh simulation, through a sequence of edits of each kind', () => {
  const cache = new SimulationCache();
  const steps: Record<string, string>[] = [
    BASE,
    edit('scoring/inbound.yaml', 'points: 40 }', 'points: 47 }'),
    edit('scoring/product-led.yaml', 'points: 40 }', 'points: 12 }'),
    edit('icps/mid-market.yaml', 'between: [50, 1000]', 'between: [10, 5000]'),
    edit('sla.yaml', 'within: 4h', 'within: 1h'),
    edit('sla.yaml', 'default: us }', '}'), // leads outside emea now have no calendar: SLA warnings
    edit('fields.yaml', 'region:', 'region_code:'),
    BASE,
  ];
  for (const files of steps) same(cache, files);
  same(cache, BASE, AS_OF + 3 * 86_400_000); // another as_of: nothing may be reused
});

test('an ICP edit re-scores a model that reads the ICP, although the model text is unchanged', () => {
  const cache = new SimulationCache();
  const before = same(cache, BASE);
  const after = same(cache, edit('icps/mid-market.yaml', 'industry: [SaaS, Fintech]', 'industry: [Retail]'));
  assert.notEqual(before.summary.scoring.inbound.rules['in-icp'], after.summary.scoring.inbound.rules['in-icp']);
});

test('a model edit reuses the other model and the ICPs (same objects), and re-evaluates the SLA that reads it', () => {
  const cache = new SimulationCache();
  const before = same(cache, BASE);
  const after = same(cache, edit('scoring/inbound.yaml', "- grade: A\n", "- grade: B\n"));
  const i = before.leads.findIndex((l) => l.icps.length > 0);
  assert.equal(after.leads[i].icps, before.leads[i].icps, 'ICP matches reused');
  assert.equal(after.leads[0].scores['product-led'], before.leads[0].scores['product-led'], 'the other model reused');
  assert.notEqual(after.leads[0].scores.inbound, before.leads[0].scores.inbound);
  assert.notEqual(after.summary.scoring.inbound.mql, before.summary.scoring.inbound.mql);
  // first-touch applies to inbound's MQLs: more MQLs, more leads under the SLA.
  const met = (r: SimulationResult) => r.summary.sla['mql-handoff/first-touch'] as { met: number; breached: number; open: number };
  const n = (r: SimulationResult) => met(r).met + met(r).breached + met(r).open;
  assert.ok(n(after) > n(before), `${n(after)} > ${n(before)}`);
});

test('SLA warnings of two SLAs keep lead order when only one of them is re-evaluated', () => {
  const second = BASE['sla.yaml'].replace('id: mql-handoff', 'id: second').replace('default: us }', '}');
  const files = { ...edit('sla.yaml', 'default: us }', '}'), 'sla2.yaml': second };
  const cache = new SimulationCache();
  const r = same(cache, files);
  assert.ok(r.warnings.filter((w) => /SLA second\//.test(w.message)).length > 0);
  assert.ok(r.warnings.filter((w) => /SLA mql-handoff\//.test(w.message)).length > 0);
  same(cache, edit('sla2.yaml', 'within: 4h', 'within: 2h', files)); // only `second` is re-evaluated
});

test('preview session: changing the type of a field named `title` reloads the leads', () => {
  const fields = (t: string) => `leadspec: v1\nkind: fields\nid: crm\nfields:\n  title: { type: ${t} }\n`;
  const s = new PreviewSession();
  s.setFile('/ws/leadspec.yaml', 'leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-20T12:00:00Z\n');
  s.setFile('/ws/fields.yaml', fields('integer'));
  s.setSamples({ leads: { file: 'leads.csv', text: 'id,title\nL1,CEO\n' } });
  assert.ok(s.run().result.warnings.some((w) => w.field === 'title'), "'CEO' is not an integer");
  s.setFile('/ws/fields.yaml', fields('string'));
  assert.ok(!s.run().result.warnings.some((w) => w.field === 'title'), 'reloaded with the new type');
});

test('volume counts by ICP or events still read each lead (only score-only conditions skip the lead state)', () => {
  const extra = `leadspec: v1
kind: sla
id: volumes
commitments:
  - { id: by-icp, type: volume, scoring: inbound, count: { icp: mid-market }, per: month, date: mql_at, target: { gte: 1 } }
  - { id: by-event, type: volume, scoring: inbound, count: { event: demo_request }, per: month, date: mql_at, target: { gte: 1 } }
  - { id: by-score, type: volume, scoring: inbound, count: { not: { mql: false } }, per: month, date: mql_at, target: { gte: 1 } }
`;
  const r = same(new SimulationCache(), { ...BASE, 'volumes.yaml': extra });
  const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
  const want = (test: (i: number) => boolean) => {
    const out: Record<string, { count: number; met: boolean }> = {};
    loaded.leads.forEach((l, i) => {
      const at = l.values.mql_at;
      if (typeof at !== 'number' || !test(i)) return;
      const k = month(at);
      out[k] = { count: (out[k]?.count ?? 0) + 1, met: true };
    });
    return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
  };
  const periods = (k: string) => (r.summary.sla[`volumes/${k}`] as { periods: unknown }).periods;
  assert.deepEqual(periods('by-icp'), want((i) => r.leads[i].icps.some((m) => m.id === 'mid-market')));
  assert.deepEqual(periods('by-event'), want((i) => loaded.leads[i].events.some((e) => e.event === 'demo_request' && e.at <= AS_OF)));
  assert.deepEqual(periods('by-score'), want((i) => r.leads[i].scores.inbound.mql));
});

test('a definition JSON cannot write (a cycle) gets a key that never matches, instead of a crash', () => {
  const a: Record<string, unknown> = { x: 1 };
  a.self = a;
  const k1 = exactKey(a), k2 = exactKey(a);
  assert.notEqual(k1, k2);
  assert.equal(exactKey({ n: Infinity }) === exactKey({ n: null }), false, 'non-finite numbers keep their own spelling');
});

// ---- reuse (the preview's cache): each run overwrites the previous run's per-lead objects

test('with reuse, every run equals a fresh simulation through edits of each kind (clamps, models added, removed, renamed, graded otherwise)', () => {
  const cache = new SimulationCache({ reuse: true });
  const { ['scoring/product-led.yaml']: _pl, ...withoutProductLed } = BASE;
  const inboundAsMatrix = edit('scoring/inbound.yaml', BASE['scoring/inbound.yaml'].slice(BASE['scoring/inbound.yaml'].indexOf('grades:'), BASE['scoring/inbound.yaml'].indexOf('disqualify:')),
    'matrix:\n  fit:\n    - { id: A, min: 60 }\n    - { id: B }\n  engagement:\n    - { id: "1", min: 30 }\n    - { id: "2" }\n');
  const steps: Record<string, string>[] = [
    BASE,
    edit('scoring/inbound.yaml', 'points: 40 }', 'points: 47 }'),
    edit('scoring/inbound.yaml', 'points: 5, max: 20, within: 30d', 'points: 9, max: 7, within: 30d'), // event points, clamps move
    edit('scoring/inbound.yaml', 'points: 5, max: 20, within: 30d', 'points: 5, max: 20, within: 9d'), // event counts change
    edit('scoring/inbound.yaml', 'engagement:\n  max: 100', 'engagement:\n  max: 15'), // a section clamp on most leads
    edit('scoring/inbound.yaml', 'max: 40\n', 'max: 12\n'), // a group clamp
    edit('scoring/product-led.yaml', 'points: 40, max: 40', 'points: 12, max: 40'),
    edit('icps/mid-market.yaml', 'between: [50, 1000]', 'between: [10, 5000]'),
    edit('sla.yaml', 'within: 4h', 'within: 1h'),
    withoutProductLed, // a model removed: each lead's scores record changes keys
    BASE,
    edit('scoring/inbound.yaml', 'id: inbound', 'id: inbound-2'), // renamed
    inboundAsMatrix, // same id, a matrix: results of another shape
    BASE,
  ];
  for (const files of steps) same(cache, files);
  same(cache, BASE, AS_OF + 3 * 86_400_000);
});

test('with reuse, a model edit overwrites the last run\'s objects in place; without it, the last run stays as it was', () => {
  const reusing = new SimulationCache({ reuse: true });
  const before = same(reusing, BASE);
  const beforeInbound = before.leads.map((l) => JSON.stringify(l.scores.inbound));
  const after = same(reusing, edit('scoring/inbound.yaml', 'points: 40 }', 'points: 47 }'));
  assert.equal(after.leads, before.leads, 'the same array of lead results');
  assert.equal(after.leads[0].scores, before.leads[0].scores, 'the same scores record');
  assert.equal(after.leads[0].scores.inbound, before.leads[0].scores.inbound, 'the same result object, overwritten');
  assert.ok(after.leads.some((l, i) => JSON.stringify(l.scores.inbound) !== beforeInbound[i]), 'with new values');

  const plain = new SimulationCache();
  const first = same(plain, BASE);
  const kept = JSON.stringify(first);
  same(plain, edit('scoring/inbound.yaml', 'points: 40 }', 'points: 47 }'));
  assert.equal(JSON.stringify(first), kept, 'without reuse, an earlier result is never touched');
});

test('a `when` rule\'s explanation item is one frozen object shared by the leads it fires for; explanations hold exactly their items', () => {
  const r = simulate(cp0, loaded.leads, AS_OF, []);
  const items = r.leads.flatMap((l) => l.scores.inbound.explanation.filter((e) => 'rule' in e && e.rule === 'in-icp' && !('clamp' in e)));
  assert.ok(items.length > 1);
  assert.ok(items.every((e) => e === items[0]) && Object.isFrozen(items[0]));
  assert.deepEqual(items[0], { section: 'fit', rule: 'in-icp', points: 30 });
  assert.throws(() => { (items[0] as { points: number }).points = 1; }, TypeError);
  // event rules' items are per lead (their points depend on the events)
  const pricing = r.leads.flatMap((l) => l.scores.inbound.explanation.filter((e) => 'events' in e && e.rule === 'pricing'));
  assert.ok(pricing.length > 1 && pricing[0] !== pricing[1]);
});

test('a model edit tests again which leads an SLA applies to, but takes its clocks from the last run; an SLA edit computes them again', () => {
  const cache = new SimulationCache();
  const files = edit('sla.yaml', 'default: us }', '}'); // leads outside emea: SLA warnings
  const key = 'mql-handoff/first-touch';
  const a = same(cache, files);
  const b = same(cache, edit('scoring/inbound.yaml', '- grade: A\n', '- grade: B\n', files)); // more MQLs under the SLA
  assert.ok(b.leads.filter((l) => l.sla[key]).length > a.leads.filter((l) => l.sla[key]).length, 'applies is tested again');
  const i = a.leads.findIndex((l, j) => l.sla[key] && b.leads[j].sla[key]);
  assert.ok(i >= 0);
  assert.equal(b.leads[i].sla[key], a.leads[i].sla[key], 'the clock\'s result is the last run\'s');
  assert.ok(b.warnings.some((w) => /SLA mql-handoff\//.test(w.message)), 'the clock\'s warnings come again');
  const c = same(cache, edit('sla.yaml', 'within: 4h', 'within: 2h', files));
  assert.notEqual(c.leads[i].sla[key], a.leads[i].sla[key], 'an SLA edit: its clocks are computed again');
});
