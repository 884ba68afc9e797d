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

// The rules a partition counts come from each model's record of the rules it fired
// (CompiledScoring.fired), not from the explanations: held to RuleKeys over the explanations on
// a model with every kind of group, clamps, and two rules that share a key.
const GROUPS = `leadspec: v1
kind: scoring
id: groups
fit:
  max: 60
  rules:
    - { id: in-icp, when: { icp: mid-market }, points: 30 }
    - group: size
      pick: first
      rules:
        - { id: big, when: { employees: { gte: 1000 } }, points: 40 }
        - { id: mid, when: { employees: { gte: 200 } }, points: 25 }
    - group: seniority
      pick: max
      max: 15
      rules:
        - { id: senior, when: { seniority: [vp, cxo] }, points: 20 }
        - { id: manager, when: { seniority: manager }, points: 10 }
    - { id: senior, when: { department: revops }, points: 5 }
engagement:
  min: -20
  decay: { half_life: 10d }
  rules:
    - group: web
      pick: sum
      max: 12
      rules:
        - { id: pricing, event: page_view, where: { url: { contains: /pricing } }, points: 5, max: 8 }
        - { id: docs, event: page_view, where: { url: { contains: /docs } }, points: 3 }
        - { id: any, event: page_view, points: 1, min: 2 }
    - { id: demo, event: demo_request, points: 40, max: 40 }
    - { id: unsubscribed, event: unsubscribe, points: -50, decay: none }
    - { id: busy, when: { event: page_view, within: 7d, count: { gte: 3 } }, points: 10 }
total: sum
grades:
  - { id: A, min: 50 }
  - { id: B }
mql: { grade: A }
`;

test('the rules counted from CompiledScoring.fired are the rules read off the explanations, in order, first leads included', async () => {
  const { RuleKeys } = await import('../../server/src/core/eval/rule-keys.js');
  const { accumulateScoring } = await import('../../server/src/core/eval/partial.js');
  const cp2 = compileProject(definitionsOf([...FILES.map((f) => parseFile(f, S(f))), parseFile('groups.yaml', GROUPS)]));
  const { leads: leads2 } = loadLeadsFromText(cp2.catalog, { file: 'leads.csv', text: leadsText }, { file: 'events.jsonl', text: S('events.jsonl') });
  assert.equal(cp2.scorings.length, 3);
  const keys = new RuleKeys();
  let fired = 0;
  for (const [i, lead] of leads2.entries()) {
    for (const asOf of [AS_OF, AS_OF - 20 * 86400000]) {
      const ctx = cp2.ctx.setLead(lead, asOf);
      for (const s of cp2.scorings) {
        const res = s.evaluate(ctx);
        const want: string[] = [];
        keys.forEach(res, (k) => want.push(k));
        const got = Array.from(s.fired.subarray(0, s.firedCount), (x) => s.ruleKeys[x]);
        assert.deepEqual(got, want, `lead ${i}, ${s.id}`);
        fired += got.length;
      }
    }
  }
  assert.ok(fired > leads2.length, `${fired} rules fired`);
  const r = rng(41);
  for (let trial = 0; trial < 12; trial++) {
    const some: Lead[] = [], at: number[] = [];
    let key = 0;
    for (const l of leads2) if (r() < 0.5) { some.push(l); at.push(key += 1 + Math.floor(r() * 5)); }
    const whole = evaluatePartition(cp2, some, AS_OF, at, { keep: true });
    const blocks = evaluatePartition(cp2, some, AS_OF, at, { keep: false, block: 1 + Math.floor(r() * 30) });
    cp2.scorings.forEach((s, j) => {
      const general = accumulateScoring(whole.results.map((x) => x.scores[s.id]), (i) => at[i]);
      assert.deepEqual(plain({ ...whole.partials, scoring: [whole.partials.scoring[j]] }), plain({ ...whole.partials, scoring: [general] }), `trial ${trial}, ${s.id}, one pass`);
      assert.deepEqual(plain({ ...blocks.partials, scoring: [blocks.partials.scoring[j]] }), plain({ ...blocks.partials, scoring: [general] }), `trial ${trial}, ${s.id}, blocks`);
    });
  }
});
