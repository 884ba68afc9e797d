// SPEC §5 (scoring) and §3's event conditions, through `leadspec simulate --format json` at
// as_of 2026-11-20T12:00:00Z. Every expected number is computed by hand in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, header, rulesOf, simulateJson, workspace } from './spec-helpers.js';

const AS_OF = '2026-11-20T12:00:00Z';

const FIELDS = `${header('fields', 'crm')}fields:
  s: { type: string }
  i: { type: integer }
events:
  page_view: { properties: { url: string } }
  demo_request: {}
  unsubscribe: {}
`;

// Clamps at every level (rule, group, section) and the three pick modes.
const CLAMPS = `${header('scoring', 'clamps')}fit:
  max: 50
  rules:
    - group: g-sum
      max: 30
      rules:
        - { id: a, when: { i: { gte: 0 } }, points: 20 }
        - { id: b, when: { i: { gte: 0 } }, points: 15 }
    - group: g-first
      pick: first
      rules:
        - { id: f1, when: { i: { gte: 100 } }, points: 40 }
        - { id: f2, when: { i: { gte: 0 } }, points: 10 }
        - { id: f3, when: { i: { gte: 0 } }, points: 12 }
    - group: g-max
      pick: max
      max: 100
      min: 15
      rules:
        - { id: m1, when: { i: { gte: 0 } }, points: 5 }
        - { id: m2, when: { i: { gte: 0 } }, points: 8 }
        - { id: m3, when: { i: { gte: 1000 } }, points: 50 }
engagement:
  min: -10
  rules:
    - { id: views, event: page_view, points: 3, max: 7 }
    - { id: unsub, event: unsubscribe, points: -30, min: -25 }
grades:
  - { id: A, min: 45 }
  - { id: B, min: 40 }
  - { id: C }
disqualify:
  s: { ends_with: "@competitor.com" }
mql:
  any:
    - grade: A
    - { fit: { gte: 40 }, engagement: { gte: -10 } }
`;

// Event windows, counts, decay (section default, rule override, none).
const DECAY = `${header('scoring', 'decay')}fit:
  rules:
    - { id: ev-window, when: { event: page_view, within: 1d }, points: 1 }
    - { id: ev-where, when: { event: page_view, where: { url: { contains: /Pricing } }, count: { gte: 2 } }, points: 1 }
    - { id: ev-none, when: { event: page_view, count: { eq: 0 } }, points: 1 }
    - { id: ev-not, when: { not: { event: page_view } }, points: 1 }
    - { id: ev-within-count, when: { event: page_view, within: 30d, count: { gte: 2 } }, points: 1 }
engagement:
  decay: { half_life: 10d }
  rules:
    - { id: pv, event: page_view, points: 8, within: 30d }
    - { id: demo, event: demo_request, points: 10, decay: { half_life: 5d } }
    - { id: unsub, event: unsubscribe, points: -7, decay: none }
grades:
  - { id: X }
`;

// Rounding half away from zero on the shortest decimal form; weighted totals.
const ROUND = `${header('scoring', 'round')}fit:
  rules:
    - { id: r1, when: { i: 1 }, points: 5.005 }
    - { id: r2, when: { i: 2 }, points: -5.005 }
    - { id: r3, when: { i: 3 }, points: 1.005 }
    - { id: r4, when: { i: 4 }, points: 0.125 }
    - { id: r5a, when: { i: 5 }, points: 0.1 }
    - { id: r5b, when: { i: 5 }, points: 0.2 }
    - { id: r6, when: { i: 6 }, points: 2.675 }
    - { id: r7, when: { i: 7 }, points: 1.115 }
    - { id: r8, when: { i: 8 }, points: 10.01 }
total: { weights: { fit: 0.5, engagement: 0.5 } }
grades:
  - { id: X }
`;

// A fit × engagement matrix; disqualify and mql read the band grades.
const MATRIX = `${header('scoring', 'mx')}fit:
  rules:
    - { id: base, when: { i: { gte: 0 } }, points: 50 }
engagement:
  rules:
    - { id: pv, event: page_view, points: 10 }
matrix:
  fit: [ { id: A, min: 50 }, { id: B, min: 20 }, { id: C } ]
  engagement: [ { id: "1", min: 30 }, { id: "2" } ]
disqualify: { fit_grade: C, engagement_grade: "1" }
mql: { grade: [A1, B1] }
`;

const pv = (at: string, url = '/docs') => ({ event: 'page_view', at, url });
const LEADS = [
  { id: 'E1', events: [pv('2026-11-19T12:00:00Z', '/pricing')] },              // exactly as_of - 1d
  { id: 'E2', events: [pv('2026-11-20T12:00:00Z', '/PRICING'), pv('2026-01-01T00:00:00Z', 'https://x/pricing?a')] },
  { id: 'E3', events: [pv('2026-11-20T12:00:01Z', '/pricing')] },              // after as_of
  { id: 'E4' },
  { id: 'E5', events: [pv('2026-11-01T12:00:00Z'), pv('2026-11-01T12:00:00Z'), pv('2026-11-01T12:00:00Z')] },
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ id: `R${i}`, i })),
  { id: 'K1', i: 5, s: 'k1@acme.io' },
  { id: 'K2' },
  { id: 'K3', i: '5', s: ' x@Competitor.com ' },
];
const EVENTS = [
  ...['K1', 'K3'].flatMap((id) => [
    { lead_id: id, event: 'page_view', at: AS_OF, url: '/docs' },
    { lead_id: id, event: 'page_view', at: AS_OF, url: '/docs' },
    { lead_id: id, event: 'page_view', at: AS_OF, url: '/docs' },
    { lead_id: id, event: 'unsubscribe', at: AS_OF },
  ]),
  { lead_id: 'K2', event: 'page_view', at: '2026-11-10T12:00:00Z', url: '/a' },  // age 10d: 8 × 0.5 = 4
  { lead_id: 'K2', event: 'page_view', at: '2026-10-31T12:00:00Z', url: '/a' },  // age 20d: 8 × 0.25 = 2
  { lead_id: 'K2', event: 'page_view', at: '2026-10-21T12:00:00Z', url: '/a' },  // age 30d: outside within 30d
  { lead_id: 'K2', event: 'page_view', at: '2026-11-20T12:00:01Z', url: '/a' },  // after as_of
  { lead_id: 'K2', event: 'demo_request', at: '2026-11-15T12:00:00Z' },          // 10 × 0.5^(5/5) = 5
  { lead_id: 'K2', event: 'unsubscribe', at: '2026-08-12T12:00:00Z' },           // decay: none → -7
];

const ws = workspace({
  'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.json, events: events.jsonl }\nas_of: ${AS_OF}\n`,
  'fields.yaml': FIELDS,
  'models.yaml': [CLAMPS, DECAY, ROUND, MATRIX].join('---\n'),
  'leads.json': JSON.stringify(LEADS, null, 1),
  'events.jsonl': EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n',
});
const result = simulateJson(ws);

/** Every key of `want` equals the item's (the output may carry more keys). */
function assertItems(actual: any[], want: Record<string, unknown>[], what: string): void {
  assert.equal(actual.length, want.length, `${what}: ${JSON.stringify(actual)}`);
  want.forEach((w, k) => { for (const [key, v] of Object.entries(w)) assert.deepEqual(actual[k][key], v, `${what}[${k}].${key}: ${JSON.stringify(actual[k])}`); });
}

test('§5 clamps: rule max/min, group sum/first/max with max/min, section max/min, explanation clamp items', () => {
  const k1 = byId(result, 'K1').scores.clamps;
  // fit: g-sum 20+15=35 → max 30 (cut 5); g-first f2 = 10 (f1 fails, f3 passed over);
  //      g-max max(5, 8) = 8 → min 15 (cut -7); 30+10+15 = 55 → section max 50 (cut 5).
  // engagement: views 3×3 = 9 → rule max 7 (cut 2); unsub -30 → rule min -25 (cut -5);
  //      7-25 = -18 → section min -10 (cut -8). total 40 → B (first band with min <= 40).
  assert.deepEqual([k1.fit, k1.engagement, k1.total, k1.grade, k1.mql, k1.disqualified], [50, -10, 40, 'B', true, false]);
  assertItems(k1.explanation, [
    { section: 'fit', group: 'g-sum', rule: 'a', points: 20 },
    { section: 'fit', group: 'g-sum', rule: 'b', points: 15 },
    { section: 'fit', group: 'g-sum', clamp: 'max', cut: 5 },
    { section: 'fit', group: 'g-first', rule: 'f2', points: 10 },
    { section: 'fit', group: 'g-max', rule: 'm2', points: 8 },
    { section: 'fit', group: 'g-max', clamp: 'min', cut: -7 },
    { section: 'fit', clamp: 'max', cut: 5 },
    { section: 'engagement', rule: 'views', points: 7 },
    { section: 'engagement', rule: 'views', clamp: 'max', cut: 2 },
    { section: 'engagement', rule: 'unsub', points: -25 },
    { section: 'engagement', rule: 'unsub', clamp: 'min', cut: -5 },
    { section: 'engagement', clamp: 'min', cut: -8 },
  ], 'K1 explanation');
  // A section clamp item is exactly { section, clamp, cut } (SPEC §8).
  assert.deepEqual(k1.explanation[6], { section: 'fit', clamp: 'max', cut: 5 });
  assert.deepEqual(k1.explanation[11], { section: 'engagement', clamp: 'min', cut: -8 });
});

test('§5.6 disqualify forces grade "disqualified" and never MQL; scores stay', () => {
  const k3 = byId(result, 'K3').scores.clamps; // same as K1, e-mail ends with @competitor.com (trimmed, any case)
  assert.deepEqual([k3.fit, k3.engagement, k3.total, k3.grade, k3.mql, k3.disqualified], [50, -10, 40, 'disqualified', false, true]);
});

test('§8 summary.rules: group members as <group>/<rule>; passed-over members of first/max not counted', () => {
  const rules = result.summary.scoring.clamps.rules;
  // Leads with i: R1..R8, K1, K3 = 10. f1, f3, m1, m3 never listed. views/unsub: K1, K3.
  assert.equal(rules['g-sum/a'], 10);
  assert.equal(rules['g-sum/b'], 10);
  assert.equal(rules['g-first/f2'], 10);
  assert.equal(rules['g-first/f1'] ?? 0, 0);
  assert.equal(rules['g-first/f3'] ?? 0, 0);
  assert.equal(rules['g-max/m2'], 10);
  assert.equal(rules['g-max/m1'] ?? 0, 0);
  assert.equal(rules['g-max/m3'] ?? 0, 0);
  assert.equal(rules.views, 6); // K1, K3, K2, E1, E2, E5 (E3's only event is after as_of)
  assert.equal(rules.unsub, 3); // K1, K3, K2
  assert.ok(!('a' in rules) && !('f2' in rules), 'members are keyed <group>/<rule> only');
});

test('§3 event conditions: within boundary excluded, as_of included, after as_of excluded, where, count', () => {
  // E1: one view exactly at as_of-1d → outside `within: 1d`; total count 1.
  assert.deepEqual(rulesOf(byId(result, 'E1'), 'decay'), ['pv']);
  // E2: a view at as_of (inside 1d) + one in January; both urls contain /pricing (any case) → count 2.
  assert.deepEqual(rulesOf(byId(result, 'E2'), 'decay'), ['ev-where', 'ev-window', 'pv'].sort());
  // E3: its only view is after as_of → counts as none.
  assert.deepEqual(rulesOf(byId(result, 'E3'), 'decay'), ['ev-none', 'ev-not']);
  assert.deepEqual(rulesOf(byId(result, 'E4'), 'decay'), ['ev-none', 'ev-not']);
  // K1: three views at as_of (url /docs) → window and within-count hold, where does not.
  assert.ok(rulesOf(byId(result, 'K1'), 'decay').includes('ev-within-count'));
  assert.ok(!rulesOf(byId(result, 'K1'), 'decay').includes('ev-where'));
  // K2: views at -10d, -20d in 30d (the -30d one is on the boundary) → within-count 2 holds; nothing in 1d.
  assert.deepEqual(rulesOf(byId(result, 'K2'), 'decay').filter((r) => r.startsWith('ev-')), ['ev-within-count']);
});

test('§5.2 event rules: section decay, rule override, decay: none, within boundary', () => {
  const k2 = byId(result, 'K2').scores.decay;
  // pv: 8×0.5^(10/10) + 8×0.5^(20/10) = 4 + 2 = 6; demo: 10×0.5^(5/5) = 5; unsub: -7 (no decay). = 4
  assert.equal(k2.engagement, 4);
  assertItems(k2.explanation.filter((x: any) => x.section === 'engagement'), [
    { rule: 'pv', points: 6 }, { rule: 'demo', points: 5 }, { rule: 'unsub', points: -7 },
  ], 'K2 engagement explanation');
  // K1: 3 views at as_of (age 0 → 8 each) − 7 = 17.
  assert.equal(byId(result, 'K1').scores.decay.engagement, 17);
  // E1: one view 1 day old: 8 × 0.5^(1/10) = 7.4642… → 7.46.
  assert.equal(byId(result, 'E1').scores.decay.engagement, 7.46);
  assert.equal(byId(result, 'E2').scores.decay.engagement, 8); // only the view at as_of is within 30d
  assert.equal(byId(result, 'E3').scores.decay.engagement, 0);
  assert.equal(result.summary.scoring.decay.rules.pv, 6); // E1, E2, E5, K1, K2, K3
  assert.equal(result.summary.scoring.decay.rules.demo, 1);
});

test('§5.4–5 rounding half away from zero on the shortest decimal; weighted total rounded', () => {
  // [lead, fit, total = 0.5 × fit]
  const cases: [string, number, number][] = [
    ['R1', 5.01, 2.51],   // 5.005 → 5.01; 2.505 → 2.51
    ['R2', -5.01, -2.51], // -5.005 → -5.01
    ['R3', 1.01, 0.51],   // 1.005 → 1.01; 0.505 → 0.51
    ['R4', 0.13, 0.07],   // 0.125 → 0.13; 0.065 → 0.07
    ['R5', 0.3, 0.15],    // 0.1 + 0.2 → 0.3
    ['R6', 2.68, 1.34],   // 2.675 → 2.68
    ['R7', 1.12, 0.56],   // 1.115 → 1.12
    ['R8', 10.01, 5.01],  // 0.5 × 10.01 = 5.005 → 5.01
  ];
  for (const [id, fit, total] of cases) {
    const s = byId(result, id).scores.round;
    assert.deepEqual([s.fit, s.engagement, s.total], [fit, 0, total], id);
  }
});

test('§5 matrix grade <fit band><engagement band>; disqualify on band grades; mql on grade; summary grades and rate', () => {
  const g = (id: string) => byId(result, id).scores.mx;
  // K1: fit 50 (A), 3 views × 10 = 30 (1) → A1, MQL.
  assert.deepEqual([g('K1').fit, g('K1').engagement, g('K1').grade, g('K1').fit_grade, g('K1').engagement_grade, g('K1').mql], [50, 30, 'A1', 'A', '1', true]);
  assert.deepEqual([g('R1').grade, g('R1').mql], ['A2', false]);
  assert.deepEqual([g('E4').grade, g('E2').grade], ['C2', 'C2']);
  // E5 and K2: fit 0 (C) with 3 views (1) → disqualified.
  assert.deepEqual([g('E5').grade, g('E5').disqualified, g('E5').mql], ['disqualified', true, false]);
  assert.equal(g('K2').grade, 'disqualified');
  const sum = result.summary.scoring.mx;
  const nonZero = Object.fromEntries(Object.entries(sum.grades).filter(([, n]) => n !== 0));
  assert.deepEqual(nonZero, { A1: 2, A2: 8, C2: 4, disqualified: 2 });
  assert.equal(sum.mql, 2);
  assert.equal(sum.mql_rate, 0.125); // 2 of 16
  assert.equal(result.summary.leads, 16);
});
