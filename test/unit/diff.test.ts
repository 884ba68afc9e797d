// The diff over hand-made simulation results: every number below is worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSimulations, deltaHistogram, type DiffSide } from '../../server/src/core/diff/simulations.js';
import { round2 } from '../../server/src/core/data/values.js';
import { renderDiffMarkdown } from '../../server/src/core/report/diff-md.js';
import { renderDiffText } from '../../server/src/core/report/diff-text.js';
import type { LeadResult, ScoreResult, SimulationResult, ExplanationItem } from '../../server/src/core/results.js';

function score(total: number, grade: string, mql: boolean, explanation: ExplanationItem[] = [], fit = total, engagement = 0): ScoreResult {
  return { fit, engagement, total, grade, mql, disqualified: grade === 'disqualified', explanation };
}
function lead(id: string, s: ScoreResult, extra: Partial<LeadResult> = {}): LeadResult {
  return { id, icps: [], scores: { inbound: s }, sla: {}, ...extra };
}
function sim(leads: LeadResult[], rules: Record<string, number>, extra: Partial<SimulationResult['summary']> = {}): SimulationResult {
  const grades: Record<string, number> = {};
  let mql = 0;
  for (const l of leads) { grades[l.scores.inbound.grade] = (grades[l.scores.inbound.grade] ?? 0) + 1; if (l.scores.inbound.mql) mql++; }
  return {
    as_of: '2026-11-20T12:00:00Z', leads, warnings: [],
    summary: { leads: leads.length, scoring: { inbound: { grades, mql, mql_rate: mql / leads.length, histogram: [], rules } }, icps: {}, sla: {}, ...extra },
  };
}
const model = (demoPoints: number, aMin: number, extraRule = false) => ({
  leadspec: 'v1', kind: 'scoring', id: 'inbound',
  fit: { rules: [{ id: 'in-icp', when: { icp: 'mm' }, points: 30 },
    { group: 'size', pick: 'first', rules: [{ id: 'big', when: { employees: { gte: 1000 } }, points: 40 }] },
    ...(extraRule ? [{ id: 'senior', when: { seniority: ['vp'] }, points: 20 }] : [])] },
  engagement: { rules: [{ id: 'demo', event: 'demo_request', points: demoPoints }, { id: 'legacy', event: 'email_click', points: 1 }].slice(0, extraRule ? 1 : 2) },
  grades: [{ id: 'A', min: aMin }, { id: 'B', min: 50 }, { id: 'C' }],
  mql: { grade: 'A' },
});

const fitR = (rule: string, points: number, group?: string): ExplanationItem => ({ section: 'fit', rule, points, ...(group ? { group } : {}) });
const engR = (rule: string, points: number): ExplanationItem => ({ section: 'engagement', rule, points });

// Base: demo 40 points, A from 80. Head: demo 60 points, A from 90, a new rule `senior`, `legacy` removed.
const base: DiffSide = {
  definitions: [model(40, 80)],
  result: sim([
    lead('L1', score(70, 'B', false, [fitR('in-icp', 30), engR('demo', 40)])),     // → 30+60 = 90: A, gains MQL
    lead('L2', score(85, 'A', true, [fitR('big', 40, 'size'), engR('demo', 40), fitR('in-icp', 30)])),  // → 85+0 = 85 < 90: B, loses MQL
    lead('L3', score(30, 'C', false, [fitR('in-icp', 30)])),                          // → +20 senior = 50: B
    lead('L4', score(10, 'C', false, [engR('legacy', 10)])),                          // → 0: C, legacy gone
  ], { 'in-icp': 3, 'size/big': 1, demo: 2, legacy: 1 }),
};
const head: DiffSide = {
  definitions: [model(60, 90, true)],
  result: sim([
    lead('L1', score(90, 'A', true, [fitR('in-icp', 30), engR('demo', 60)])),
    lead('L2', score(85, 'B', false, [fitR('big', 40, 'size'), engR('demo', 40), fitR('in-icp', 30)])),
    lead('L3', score(50, 'B', false, [fitR('in-icp', 30), fitR('senior', 20)])),
    lead('L4', score(0, 'C', false, [])),
  ], { 'in-icp': 3, 'size/big': 1, demo: 2, senior: 1 }),
};

test('grade transitions count only leads that change grade; the matrix keeps the diagonal', () => {
  const d = diffSimulations(base, head, { base: 'main' });
  const s = d.scoring.inbound;
  assert.equal(d.base, 'main');
  assert.equal(d.head, 'working tree');
  assert.equal(d.leads, 4);
  assert.deepEqual(s.transitions, { 'B→A': 1, 'A→B': 1, 'C→B': 1 });
  assert.deepEqual(s.matrix, { B: { A: 1 }, A: { B: 1 }, C: { B: 1, C: 1 } });
  assert.deepEqual(s.grade_order, ['A', 'B', 'C']);
  assert.equal(s.status, 'changed');
});

test('MQL gained and lost, with the explanation differences that moved them', () => {
  const s = diffSimulations(base, head, { base: 'main' }).scoring.inbound;
  assert.deepEqual(s.mql_gained, ['L1']);
  assert.deepEqual(s.mql_lost, ['L2']);
  assert.equal(s.mql_before, 1);
  assert.equal(s.mql_after, 1);
  const l1 = s.mql_changes.find((c) => c.lead === 'L1')!;
  assert.deepEqual(l1.rules, [{ rule: 'demo', section: 'engagement', before: 40, after: 60, effect: 20 }]);
  assert.equal(l1.delta, 20);
  // L2's points did not move: the grade threshold did, so no rule is listed.
  const l2 = s.mql_changes.find((c) => c.lead === 'L2')!;
  assert.deepEqual(l2.rules, []);
  assert.equal(l2.delta, 0);
});

test('score delta: mean, min, max over all leads, histogram over the leads that moved', () => {
  const s = diffSimulations(base, head, { base: 'main' }).scoring.inbound;
  // deltas: +20, 0, +20, −10 → mean 7.5; SPEC §8's object has exactly mean, min, max.
  assert.deepEqual(s.score_delta, { mean: 7.5, min: -10, max: 20 });
  assert.equal(s.score_distribution!.changed, 3);
  assert.equal(s.score_distribution!.histogram.reduce((a, b) => a + b.count, 0), 3);
  const movers = diffSimulations(base, head, { base: 'main', topMovers: 2 }).scoring.inbound.top_movers;
  assert.deepEqual(movers.map((m) => m.lead), ['L1', 'L3']);
  assert.deepEqual(movers[1].rules, [{ rule: 'senior', section: 'fit', before: null, after: 20, effect: 20 }]);
});

test('rules added, removed, and changed by definition text or by match count', () => {
  const r = diffSimulations(base, head, { base: 'main' }).scoring.inbound.rules;
  assert.deepEqual(r.added, ['senior']);
  assert.deepEqual(r.removed, ['legacy']);
  assert.deepEqual(r.changed, [{ rule: 'demo', matches_before: 2, matches_after: 2 }]);
  assert.deepEqual(r.definition_changed, ['demo']);
  assert.deepEqual(r.matches.senior, { before: null, after: 1 });
  assert.deepEqual(r.matches['size/big'], { before: 1, after: 1 });
  // A's threshold moved from 80 to 90: a setting, not a rule.
  assert.deepEqual(diffSimulations(base, head, { base: 'main' }).scoring.inbound.changed_settings, ['grades']);
});

test('a rule whose text is the same but whose match count moved is changed', () => {
  const b: DiffSide = { definitions: [model(40, 80)], result: sim([lead('L1', score(30, 'C', false))], { 'in-icp': 1 }) };
  const h: DiffSide = { definitions: [model(40, 80)], result: sim([lead('L1', score(30, 'C', false))], { 'in-icp': 0 }) };
  assert.deepEqual(diffSimulations(b, h, { base: 'x' }).scoring.inbound.rules.changed,
    [{ rule: 'in-icp', matches_before: 1, matches_after: 0 }]);
  assert.deepEqual(diffSimulations(b, h, { base: 'x' }).scoring.inbound.rules.definition_changed, []);
  // Descriptions do not change a rule's meaning.
  const described = model(40, 80) as any;
  described.fit.rules[0].description = 'now documented';
  const h2: DiffSide = { definitions: [described], result: sim([lead('L1', score(30, 'C', false))], { 'in-icp': 1 }) };
  const d2 = diffSimulations(b, h2, { base: 'x' });
  assert.deepEqual(d2.scoring.inbound.rules.changed, []);
  assert.equal(d2.scoring.inbound.status, 'unchanged');
});

test('clamps are explanation differences too', () => {
  const b: DiffSide = { definitions: [], result: sim([lead('L1', score(100, 'A', true, [engR('demo', 120), { section: 'engagement', clamp: 'max', cut: 20 }]))], {}) };
  const h: DiffSide = { definitions: [], result: sim([lead('L1', score(80, 'A', true, [engR('demo', 120), { section: 'engagement', clamp: 'max', cut: 40 }]))], {}) };
  const s = diffSimulations(b, h, { base: 'x' }).scoring.inbound;
  assert.deepEqual(s.top_movers[0].rules, [{ rule: 'engagement (max clamp)', section: 'engagement', before: -20, after: -40, effect: -20 }]);
});

test('ICP tier changes, gains and losses', () => {
  const mk = (tiers: (string | null)[]) => sim(tiers.map((t, i) => lead(`L${i + 1}`, score(0, 'C', false),
    { icps: t === null ? [] : [{ id: 'mm', tier: t, personas: [] }] })), {},
  { icps: { mm: { matched: tiers.filter((t) => t !== null).length, tiers: {} } } });
  const b: DiffSide = { definitions: [], result: mk(['tier-2', 'tier-2', null, 'tier-1', 'tier-3']) };
  const h: DiffSide = { definitions: [], result: mk(['tier-1', 'tier-2', 'tier-3', null, 'tier-1']) };
  const i = diffSimulations(b, h, { base: 'x' }).icps.mm;
  assert.deepEqual(i.tier_transitions, { 'tier-2→tier-1': 1, 'tier-3→tier-1': 1 });
  assert.deepEqual(i.gained, ['L3']);
  assert.deepEqual(i.lost, ['L4']);
  assert.deepEqual([i.matched_before, i.matched_after], [4, 4]);
  assert.equal(i.status, 'changed');
});

test('SLA attainment deltas per commitment and volume deltas per period', () => {
  const slaLead = (id: string, status: 'met' | 'breached' | 'open' | null) =>
    lead(id, score(0, 'C', false), { sla: status ? { 'h/first': { status, due: '2026-11-20T16:00:00Z', elapsed_minutes: 1, escalations: [] } } : {} });
  const b: DiffSide = { definitions: [], result: sim([slaLead('L1', 'met'), slaLead('L2', 'met'), slaLead('L3', 'breached'), slaLead('L4', null)], {}, {
    sla: { 'h/first': { met: 2, breached: 1, open: 0, attainment: 2 / 3 }, 'h/vol': { periods: { '2026-10': { count: 3, met: true }, '2026-11': { count: 2, met: false } } } } }) };
  const h: DiffSide = { definitions: [], result: sim([slaLead('L1', 'met'), slaLead('L2', 'breached'), slaLead('L3', 'breached'), slaLead('L4', 'open')], {}, {
    sla: { 'h/first': { met: 1, breached: 2, open: 1, attainment: 1 / 3 }, 'h/vol': { periods: { '2026-11': { count: 4, met: true } } } } }) };
  const d = diffSimulations(b, h, { base: 'x' });
  const r = d.sla['h/first'];
  assert.equal(r.type, 'response');
  if (r.type !== 'response') return;
  assert.equal(r.attainment_delta, -0.3333);
  assert.deepEqual(r.status_transitions, { 'met→breached': 1, 'none→open': 1 });
  assert.deepEqual(r.newly_breached, ['L2']);
  const v = d.sla['h/vol'];
  assert.equal(v.type, 'volume');
  if (v.type !== 'volume') return;
  assert.deepEqual(v.periods, {
    '2026-10': { count_before: 3, count_after: 0, delta: -3, met_before: true, met_after: null },
    '2026-11': { count_before: 2, count_after: 4, delta: 2, met_before: false, met_after: true },
  });
});

test('a model only on one side is added or removed, without per-lead comparisons', () => {
  const b: DiffSide = { definitions: [], result: sim([lead('L1', score(0, 'C', false))], {}) };
  const h: DiffSide = { definitions: [], result: { ...b.result, summary: { ...b.result.summary, scoring: {} }, leads: [{ ...b.result.leads[0], scores: {} }] } };
  const s = diffSimulations(b, h, { base: 'x' }).scoring.inbound;
  assert.equal(s.status, 'removed');
  assert.deepEqual(s.mql_lost, [], 'L1 was no MQL');
  const withMql: DiffSide = { definitions: [], result: sim([lead('L1', score(90, 'A', true)), lead('L2', score(0, 'C', false))], {}) };
  const none: DiffSide = { definitions: [], result: { ...withMql.result, summary: { ...withMql.result.summary, scoring: {} }, leads: withMql.result.leads.map((l) => ({ ...l, scores: {} })) } };
  const added = diffSimulations(none, withMql, { base: 'x' }).scoring.inbound;
  assert.deepEqual([added.status, added.mql_before, added.mql_after, added.mql_gained, added.mql_lost], ['added', 0, 1, ['L1'], []]);
  assert.deepEqual(diffSimulations(withMql, none, { base: 'x' }).scoring.inbound.mql_lost, ['L1']);
  assert.equal(s.score_delta, null);
  assert.equal(s.score_distribution, null);
  assert.deepEqual(s.transitions, {});
});

test('identical sides report nothing', () => {
  const d = diffSimulations(base, base, { base: 'main' });
  assert.equal(d.scoring.inbound.status, 'unchanged');
  assert.deepEqual(d.scoring.inbound.transitions, {});
  assert.match(renderDiffMarkdown(d), /No definition change affects the sample leads/);
  assert.match(renderDiffText(d), /No definition change affects the sample leads/);
});

test('Markdown: headline, tables, movers, folded details; lead ids escaped', () => {
  const evil: DiffSide = { definitions: base.definitions, result: { ...base.result, leads: base.result.leads.map((l, i) => i === 0 ? { ...l, id: '<img src=x onerror=alert(1)>|`x`' } : l) } };
  const evilHead: DiffSide = { definitions: head.definitions, result: { ...head.result, leads: head.result.leads.map((l, i) => i === 0 ? { ...l, id: '<img src=x onerror=alert(1)>|`x`' } : l) } };
  const md = renderDiffMarkdown(diffSimulations(evil, evilHead, { base: 'main' }));
  assert.match(md, /^## LeadSpec diff: `main` → working tree/);
  assert.match(md, /inbound: 3 leads change grade, MQL 1 → 1 \(\+1 \/ −1\)/);
  assert.match(md, /\| `inbound` \| 3 \| 1 \| \+1 \| −1 \| 1 \|/);
  assert.match(md, /Score Δ: mean \+7\.5, min −10, max \+20/);
  assert.match(md, /\| `demo` \| definition changed \| 2 \| 2 \| 0 \|/);
  assert.match(md, /\| `senior` \| added \| 0 \| 1 \| \+1 \|/);
  assert.match(md, /\*\*1 lead becomes MQL\*\*/);
  assert.ok(!md.includes('<img'), 'raw HTML from a lead id must not reach the Markdown');
  assert.match(md, /&lt;img src=x onerror=alert\(1\)&gt;\\\|\\`x\\`/);
});

test('text report lists the same facts', () => {
  const t = renderDiffText(diffSimulations(base, head, { base: 'main' }));
  assert.match(t, /grade transitions: A → B 1, B → A 1, C → B 1/);
  assert.match(t, /1 lead becomes MQL:\n    L1 \(B → A, total 90\): .*score \+20: demo 40 → 60 \(\+20\)/);
  assert.match(t, /score delta: mean \+7\.5, min −10, max \+20; 3 leads move/);
});

test('round2 rounds the shortest decimal form half away from zero; histogram bins are nice', () => {
  assert.equal(round2(5.005), 5.01);
  assert.equal(round2(-5.005), -5.01);
  assert.equal(round2(48.54 - 40), 8.54);
  const h = deltaHistogram([-10, 20, 20]);
  assert.deepEqual(h[0].from, -10);
  assert.equal(h.at(-1)!.to, 20);
  assert.equal(h.reduce((a, b) => a + b.count, 0), 3);
  assert.equal(h.at(-1)!.count, 2);
});

test('matrix models: grade order is fit band × engagement band, disqualified last', () => {
  const def = { leadspec: 'v1', kind: 'scoring', id: 'inbound', matrix: { fit: [{ id: 'A', min: 50 }, { id: 'B' }], engagement: [{ id: '1', min: 50 }, { id: '2' }] } };
  const b: DiffSide = { definitions: [def], result: sim([lead('L1', score(90, 'A2', false)), lead('L2', score(0, 'disqualified', false))], {}) };
  const h: DiffSide = { definitions: [def], result: sim([lead('L1', score(95, 'A1', true)), lead('L2', score(0, 'disqualified', false))], {}) };
  const s = diffSimulations(b, h, { base: 'x' }).scoring.inbound;
  assert.deepEqual(s.grade_order, ['A1', 'A2', 'B1', 'B2', 'disqualified']);
  assert.deepEqual(s.transitions, { 'A2→A1': 1 });
  assert.deepEqual(s.mql_gained, ['L1']);
});
