// SPEC §5 scoring: when and event rules, decay, windows, clamps at rule / group / section level
// (with the explanation of what was cut), pick modes, rounding at .xx5, weighted totals, grades,
// the fit × engagement matrix, disqualify and mql. Expected values are worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreLead, simulate } from '../../server/src/core/eval/simulate.js';
import { round2, round2Decimal } from '../../server/src/core/data/values.js';
import { rng } from '../../bench/prng.js';
import { project, lead, AS_OF_MS, daysAgo } from './engine-helpers.js';

const pv = (d: number, url = 'https://x.io/pricing') => ({ event: 'page_view', at: daysAgo(d), url });

test('round2: half away from zero on the short decimal form', () => {
  assert.equal(round2(5.005), 5.01);   // the double is 5.00499999999999989…
  assert.equal(round2(-5.005), -5.01);
  assert.equal(round2(1.005), 1.01);
  assert.equal(round2(0.1 + 0.185), 0.29); // 0.28500000000000003
  assert.equal(round2(2.675), 2.68);
  assert.equal(round2(8.535533905932738), 8.54);
  assert.equal(round2(-0.004), 0);
  assert.equal(round2(1.0049), 1);
  assert.equal(round2(123456.785), 123456.79);
  assert.equal(round2(42), 42);
});

test('round2 (binary fast path, tie path) = round2Decimal (decimal digits) on random values', () => {
  const r = rng(20261206);
  const check = (x: number) => { const a = round2(x), b = round2Decimal(x); if (!Object.is(a, b)) assert.fail(`round2(${x}) = ${a}, on its decimal digits ${b}`); };
  const scales = [1, 10, 100, 1e4, 1e6, 1e8, 9.99e8, 1e9, 1e12];
  for (let i = 0; i < 200_000; i++) {
    const s = scales[Math.floor(r() * scales.length)], sign = r() < 0.3 ? -1 : 1;
    const cents = Math.floor(r() * s * 100);
    // ties written as decimals (x.xx5), their binary neighbours, weighted sums of 2-decimal
    // scores (0.5 · fit + 0.5 · engagement), sums of decayed points, and plain random doubles
    const tie = sign * (cents * 10 + 5) / 1000;
    check(tie);
    check(tie + Number.EPSILON * Math.abs(tie));
    check(tie - Number.EPSILON * Math.abs(tie));
    check(0.5 * (sign * cents / 100) + 0.5 * (Math.floor(r() * 10000) / 100));
    check(0.3 * (sign * cents / 100) + 0.7 * (Math.floor(r() * 10000) / 100));
    check(sign * 40 * Math.pow(0.5, r() * 3) + 5 * Math.pow(0.5, r()));
    check(sign * r() * s);
    check(sign * (cents / 100 + 0.005 + (r() - 0.5) * 1e-9));
  }
  for (const x of [0.005, -0.005, 0.0049999999999999, 0.015, 1.005, 2.675, 5.005, 1e-7, -1e-7, 999999999.995, 0.5 * 45.37]) check(x);
});

test('when rules, sections rounded at .xx5, total summed and rounded', () => {
  const cp = project(`leadspec: v1
kind: scoring
id: m
fit:
  rules:
    - { id: a, when: { country: US }, points: 2.675 }
    - { id: b, when: { country: { exists: true } }, points: 2.33 }
engagement:
  rules:
    - { id: neg, when: { country: US }, points: -5.005 }
grades: [ { id: A, min: 1 }, { id: B } ]`);
  const s = scoreLead(cp, lead(cp, { country: 'US' }), AS_OF_MS).m;
  assert.equal(s.fit, 5.01);          // 2.675 + 2.33 = 5.005 → 5.01
  assert.equal(s.engagement, -5.01);  // -5.005 → -5.01
  assert.equal(s.total, 0);
  assert.equal(s.grade, 'B');
  assert.deepEqual(s.explanation, [
    { section: 'fit', rule: 'a', points: 2.68 }, { section: 'fit', rule: 'b', points: 2.33 },
    { section: 'engagement', rule: 'neg', points: -5.01 },
  ]);
});

const EVENTS = `leadspec: v1
kind: scoring
id: e
engagement:
  decay: { half_life: 10d }
  rules:
    - { id: pricing, event: page_view, where: { url: { contains: pricing } }, points: 8, within: 30d }
    - { id: capped, event: email_click, points: 10, max: 25, decay: none }
    - { id: floor, event: unsubscribe, points: -30, min: -40, decay: none }
    - { id: demo, event: demo_request, points: 40 }
grades: [ { id: X } ]`;

test('event rules: points × 0.5^(age/H) per event, window boundaries, decay: none', () => {
  const cp = project(EVENTS);
  // 8 × (1 + 0.5 + 0.25) = 14 ; the 30-day-old event is outside `within: 30d`; a future one never counts.
  const s = scoreLead(cp, lead(cp, { events: [pv(0), pv(10), pv(20), pv(30), pv(-1), pv(5, 'https://x.io/docs')] }), AS_OF_MS).e;
  assert.equal(s.engagement, 14);
  assert.deepEqual(s.explanation, [{ section: 'engagement', rule: 'pricing', points: 14, events: 3 }]);
  // 8 × 0.5^(15/10) = 2.828427… → 2.83
  assert.equal(scoreLead(cp, lead(cp, { events: [pv(15)] }), AS_OF_MS).e.engagement, 2.83);
  // demo decays by the section default: 40 × 0.5^(5/10) = 28.2842… → 28.28
  assert.equal(scoreLead(cp, lead(cp, { events: [{ event: 'demo_request', at: daysAgo(5) }] }), AS_OF_MS).e.engagement, 28.28);
});

test('rule clamps: max and min cut the rule sum and are explained', () => {
  const cp = project(EVENTS);
  const clicks = Array.from({ length: 4 }, (_, i) => ({ event: 'email_click', at: daysAgo(i + 1) }));
  const s = scoreLead(cp, lead(cp, { events: clicks }), AS_OF_MS).e;
  assert.equal(s.engagement, 25); // 4 × 10 = 40, capped at 25
  assert.deepEqual(s.explanation, [
    { section: 'engagement', rule: 'capped', points: 25, events: 4 },
    { section: 'engagement', clamp: 'max', cut: 15, rule: 'capped' },
  ]);
  const unsubs = [1, 2].map((d) => ({ event: 'unsubscribe', at: daysAgo(d) }));
  const u = scoreLead(cp, lead(cp, { events: unsubs }), AS_OF_MS).e;
  assert.equal(u.engagement, -40); // -60 raised to the rule's min -40
  assert.deepEqual(u.explanation[1], { section: 'engagement', clamp: 'min', cut: -20, rule: 'floor' });
});

const GROUPS = (pick: string) => `leadspec: v1
kind: scoring
id: g
fit:
  max: 50
  min: -10
  rules:
    - group: size
      pick: ${pick}
      max: 45
      rules:
        - { id: small, when: { employees: { gte: 10 } }, points: 10 }
        - { id: big, when: { employees: { gte: 1000 } }, points: 40 }
        - { id: huge, when: { employees: { gte: 5000 } }, points: 30 }
    - { id: us, when: { country: US }, points: 20 }
    - { id: gmail, when: { email: { ends_with: gmail.com } }, points: -30 }
grades: [ { id: X } ]`;

test('groups: sum, first, max with the group clamp; section clamp', () => {
  const sum = project(GROUPS('sum'));
  let s = scoreLead(sum, lead(sum, { employees: 6000 }), AS_OF_MS).g;
  assert.equal(s.fit, 45); // 10 + 40 + 30 = 80, group max 45
  assert.deepEqual(s.explanation.filter((x) => 'clamp' in x), [{ section: 'fit', clamp: 'max', cut: 35, group: 'size' }]);
  s = scoreLead(sum, lead(sum, { employees: 6000, country: 'US' }), AS_OF_MS).g;
  assert.equal(s.fit, 50); // 45 + 20 = 65, section max 50
  assert.deepEqual(s.explanation.at(-1), { section: 'fit', clamp: 'max', cut: 15 });
  s = scoreLead(sum, lead(sum, { email: 'a@gmail.com' }), AS_OF_MS).g;
  assert.equal(s.fit, -10); // -30 raised to the section min -10
  assert.deepEqual(s.explanation.at(-1), { section: 'fit', clamp: 'min', cut: -20 });

  const first = project(GROUPS('first'));
  s = scoreLead(first, lead(first, { employees: 6000 }), AS_OF_MS).g;
  assert.equal(s.fit, 10); // the first matching rule only
  assert.deepEqual(s.explanation, [{ section: 'fit', group: 'size', rule: 'small', points: 10 }]);

  const max = project(GROUPS('max'));
  s = scoreLead(max, lead(max, { employees: 6000 }), AS_OF_MS).g;
  assert.equal(s.fit, 40);
  assert.deepEqual(s.explanation, [{ section: 'fit', group: 'size', rule: 'big', points: 40 }]);
});

test('summary rules: group members as <group>/<rule>; members passed over by first/max do not count', () => {
  const cp = project(GROUPS('first'));
  const leads = [lead(cp, { employees: 6000 }), lead(cp, { employees: 20, country: 'US' }), lead(cp, {})];
  const r = simulate(cp, leads, AS_OF_MS);
  assert.deepEqual(r.summary.scoring.g.rules, { 'size/small': 2, 'size/big': 0, 'size/huge': 0, us: 1, gmail: 0 });
});

test('weighted total, grades high to low with a catch-all, rounding of the total', () => {
  const cp = project(`leadspec: v1
kind: scoring
id: w
fit: { rules: [ { id: f, when: { country: US }, points: 33.33 } ] }
engagement: { rules: [ { id: e, when: { country: US }, points: 66.67 } ] }
total: { weights: { fit: 0.6, engagement: 0.4 } }
grades: [ { id: A, min: 46.67 }, { id: B, min: 20 }, { id: C } ]`);
  const s = scoreLead(cp, lead(cp, { country: 'US' }), AS_OF_MS).w;
  // 0.6 × 33.33 + 0.4 × 66.67 = 19.998 + 26.668 = 46.666 → 46.67 → grade A (min 46.67)
  assert.equal(s.total, 46.67);
  assert.equal(s.grade, 'A');
  assert.equal(scoreLead(cp, lead(cp, {}), AS_OF_MS).w.grade, 'C');
});

test('matrix: grade is <fit band><engagement band>, with fit_grade and engagement_grade', () => {
  const cp = project(`leadspec: v1
kind: scoring
id: mx
fit: { rules: [ { id: f, when: { employees: { gte: 100 } }, points: 60 } ] }
engagement: { rules: [ { id: d, event: demo_request, points: 50 } ] }
matrix:
  fit: [ { id: A, min: 50 }, { id: B, min: 20 }, { id: C } ]
  engagement: [ { id: '1', min: 40 }, { id: '2' } ]
mql: { grade: [A1, B1] }`);
  const hot = scoreLead(cp, lead(cp, { employees: 500, events: [{ event: 'demo_request', at: daysAgo(1) }] }), AS_OF_MS).mx;
  assert.equal(hot.grade, 'A1');
  assert.equal(hot.fit_grade, 'A');
  assert.equal(hot.engagement_grade, '1');
  assert.equal(hot.mql, true);
  const cold = scoreLead(cp, lead(cp, {}), AS_OF_MS).mx;
  assert.equal(cold.grade, 'C2');
  assert.equal(cold.mql, false);
  const r = simulate(cp, [lead(cp, {})], AS_OF_MS);
  assert.deepEqual(Object.keys(r.summary.scoring.mx.grades), ['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
});

test('disqualify forces grade `disqualified` and mql false; mql reads rounded outputs', () => {
  const cp = project(`leadspec: v1
kind: scoring
id: q
fit: { rules: [ { id: f, when: { country: US }, points: 39.995 } ] }
engagement: { rules: [ { id: e, when: { country: US }, points: 60 } ] }
grades: [ { id: A, min: 100 }, { id: B } ]
disqualify: { email: { ends_with: "@competitor.com" } }
mql: { fit: { gte: 40 }, engagement: { gte: 60 } }`);
  const ok = scoreLead(cp, lead(cp, { country: 'US', email: 'a@b.com' }), AS_OF_MS).q;
  assert.equal(ok.fit, 40); // 39.995 → 40, so `fit gte 40` holds
  assert.equal(ok.total, 100);
  assert.equal(ok.grade, 'A');
  assert.equal(ok.mql, true);
  const dq = scoreLead(cp, lead(cp, { country: 'US', email: 'a@competitor.com' }), AS_OF_MS).q;
  assert.equal(dq.grade, 'disqualified');
  assert.equal(dq.disqualified, true);
  assert.equal(dq.mql, false);
  assert.equal(dq.total, 100); // scores are still reported
});

test('a model without a section scores 0 for it; a section min applies even with no rule matching', () => {
  const cp = project(`leadspec: v1
kind: scoring
id: s
engagement: { min: 5, rules: [ { id: e, event: demo_request, points: 10 } ] }
grades: [ { id: A } ]`);
  const s = scoreLead(cp, lead(cp, {}), AS_OF_MS).s;
  assert.equal(s.fit, 0);
  assert.equal(s.engagement, 5);
  assert.deepEqual(s.explanation, [{ section: 'engagement', clamp: 'min', cut: -5 }]);
});
