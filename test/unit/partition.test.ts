// core/eval/partition.ts: a worker's leads evaluated and counted a block at a time (results
// dropped) must give the very partials of one pass over all of them (results kept), Map orders
// included — on the sample workspace (two ICPs, two models, the SLA's response and volume
// commitments, sales feedback) over seeded random subsets, order keys and
// block sizes; and one pass, merged, must be simulate()'s summary and SLA/feedback warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, simulate } from '../../server/src/core/eval/simulate.js';
import { evaluatePartition, type PartitionPartials } from '../../server/src/core/eval/partition.js';
import { mergeIcps, mergeScoring } from '../../server/src/core/eval/partial.js';
import { mergeFeedback } from '../../server/src/core/outcomes/feedback.js';
import { loadLeadsFromText } from '../../server/src/core/data/leads.js';
import type { Lead } from '../../server/src/core/results.js';
import { rng } from '../../bench/prng.js';

const FILES = ['leadspec.yaml', 'fields.yaml', 'icps/enterprise.yaml', 'icps/mid-market.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml', 'sla.yaml'];
const S = (p: string) => readFileSync(join('samples', p), 'utf8');
const cp = compileProject(definitionsOf(FILES.map((f) => parseFile(f, S(f)))));
const AS_OF = Date.parse('2026-11-20T12:00:00Z');
// More verdicts and rejection reasons than the sample holds, so every part of the feedback counts something.
const leadsText = S('leads.csv').split('\n').map((line, i) => {
  if (i === 0 || line === '' || i % 7 !== 0) return line;
  const cells = line.split(',');
  cells[cells.length - 2] = i % 3 === 0 ? 'nurture' : 'rejected';
  cells[cells.length - 1] = ['no_budget', 'too_small', 'bad_timing', ''][i % 4];
  return cells.join(',');
}).join('\n');
const { leads } = loadLeadsFromText(cp.catalog, { file: 'leads.csv', text: leadsText }, { file: 'events.jsonl', text: S('events.jsonl') });

/** The partials as plain data, every Map as its entries in insertion order (which the merges read). */
function plain(p: PartitionPartials): unknown {
  return JSON.parse(JSON.stringify(p, (_k, v) => (v instanceof Map ? { map: [...v] } : v === Infinity ? 'Infinity' : v)));
}

test('counting a block at a time gives the partials of one pass (seeded subsets, order keys, block sizes)', () => {
  assert.ok(cp.slas.length > 0 && cp.scorings.length === 2 && cp.icps.length === 2);
  const r = rng(17);
  for (let trial = 0; trial < 24; trial++) {
    const some: Lead[] = [];
    const at: number[] = [];
    let key = Math.floor(r() * 10);
    for (const l of leads) if (trial === 0 || r() < 0.4) { some.push(l); at.push(key += 1 + Math.floor(r() * 3)); }
    const whole = evaluatePartition(cp, some, AS_OF, at, { keep: true });
    assert.equal(whole.results.length, some.length);
    const block = trial === 0 ? 1 : 1 + Math.floor(r() * (trial < 12 ? 40 : some.length + 5));
    const blocks = evaluatePartition(cp, some, AS_OF, at, { keep: false, block });
    assert.equal(blocks.results.length, 0, 'no results kept');
    assert.deepEqual(plain(blocks.partials), plain(whole.partials), `trial ${trial}, ${some.length} leads, block ${block}`);
  }
  // No leads at all: the partials of none, either way.
  assert.deepEqual(plain(evaluatePartition(cp, [], AS_OF, [], { keep: false }).partials), plain(evaluatePartition(cp, [], AS_OF, [], { keep: true }).partials));
});

test('one partition, merged, is simulate()\'s summary and warnings', () => {
  const sim = simulate(cp, leads, AS_OF, []);
  const at = leads.map((_, i) => i);
  const { partials: p, results } = evaluatePartition(cp, leads, AS_OF, at, { keep: false, block: 333 });
  assert.equal(results.length, 0);
  cp.scorings.forEach((s, j) => assert.deepEqual(mergeScoring(s, [p.scoring[j]], leads.length), sim.summary.scoring[s.id]));
  assert.deepEqual(mergeIcps(cp.icps, [p.icps]), sim.summary.icps);
  const sla = {}, volume = {};
  cp.slas.forEach((c, j) => { const x = c.summarizeFrom([p.sla[j]], AS_OF); Object.assign(sla, x.sla); Object.assign(volume, x.volume); });
  assert.deepEqual(sla, sim.summary.sla);
  assert.deepEqual(volume, sim.summary.volume);
  assert.ok(p.feedback && sim.summary.feedback);
  assert.deepEqual(mergeFeedback(cp, [p.feedback]), sim.summary.feedback);
  assert.ok(p.feedback.reasons.size > 1, `reasons: ${[...p.feedback.reasons.keys()]}`);
  assert.deepEqual([...p.slaWarnings.map((x) => x.w), ...p.feedback.warnings.map((x) => x.w)], sim.warnings);
});
