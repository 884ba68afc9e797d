// The backtest against a naive reimplementation of SPEC §11, written from the text alone, on
// seeded random workspaces full of ties (few distinct totals), disqualified leads, leads created
// after T, converted before T, after T + H and exactly at T + H, and missing times. The scores
// come from the engine (simulate at T); every count, ratio and sweep entry is recomputed here
// pair by pair and lead by lead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, simulate } from '../../server/src/core/eval/simulate.js';
import { leadFromObject } from '../../server/src/core/data/leads.js';
import { backtest } from '../../server/src/core/outcomes/backtest.js';
import { resolveOutcomes } from '../../server/src/core/outcomes/spec.js';
import { roundDecimals } from '../../server/src/core/outcomes/ratio.js';
import type { Lead } from '../../server/src/core/results.js';
import { rng } from '../../bench/prng.js';

const T = Date.parse('2026-08-01T00:00:00Z'), H = 30 * 86400000, DAY = 86400000;
const DEFS = `leadspec: v1
kind: fields
id: f
fields:
  a: { type: boolean }
  b: { type: boolean }
  c: { type: integer }
  bad: { type: boolean }
  created_at: { type: datetime }
  conv_at: { type: datetime }
  amount: { type: number }
---
leadspec: v1
kind: scoring
id: m
fit:
  rules:
    - { id: ra, when: { a: true }, points: 7 }
    - { id: rb, when: { b: true }, points: 3.5 }
    - { id: rc, when: { c: { gte: 5 } }, points: 1.25 }
    - { id: rneg, when: { c: { lt: 1 } }, points: -2 }
grades:
  - { id: A, min: 8 }
  - { id: B, min: 3 }
  - { id: C }
disqualify: { bad: true }
mql: { total: { gte: 5 } }
---
leadspec: v1
kind: project
id: p
outcomes: { converted: conv_at, created: created_at, as_of: 2026-08-01T00:00:00Z, horizon: 30d, capacity: 25%, value: amount }
`;

const r4 = (n: number, d: number) => (d === 0 ? null : roundDecimals(n / d, 4));

function naive(leads: Lead[], totals: Map<string, { total: number; grade: string; mql: boolean; dq: boolean; rules: string[] }>) {
  const conv = (l: Lead) => l.values.conv_at as number | undefined;
  const P = leads.filter((l) => !((l.values.created_at as number | undefined) !== undefined && (l.values.created_at as number) > T) && !(conv(l) !== undefined && conv(l)! <= T));
  const isC = (l: Lead) => conv(l) !== undefined && conv(l)! > T && conv(l)! <= T + H;
  const N = P.length, C = P.filter(isC).length;
  const key = (l: Lead) => (totals.get(l.id)!.dq ? -Infinity : totals.get(l.id)!.total);
  const lift = (c: number, n: number) => (n === 0 || C === 0 ? null : roundDecimals((c / n) / (C / N), 4));
  // AUC by every pair.
  let wins = 0, pairs = 0;
  for (const x of P) if (isC(x)) for (const y of P) if (!isC(y)) { pairs++; wins += key(x) > key(y) ? 1 : key(x) === key(y) ? 0.5 : 0; }
  const sorted = [...P].sort((x, y) => key(y) - key(x) || 0);
  const gains = [];
  for (let d = 1; d <= 10; d++) {
    const n = Math.ceil((d * N) / 10 - 1e-9) + 0; // (+ 0: no -0)
    let captured: number | null = null;
    if (C > 0 && n > 0) {
      const k = key(sorted[n - 1]);
      const above = P.filter((l) => key(l) > k), tied = P.filter((l) => key(l) === k);
      const count = above.filter(isC).length + ((n - above.length) / tied.length) * tied.filter(isC).length;
      captured = roundDecimals(count / C, 4);
    } else if (C > 0) captured = 0;
    gains.push({ top: d / 10, leads: n, captured });
  }
  const live = P.filter((l) => !totals.get(l.id)!.dq);
  const thresholds = [];
  if (live.length) {
    const ts = live.map((l) => totals.get(l.id)!.total);
    for (let m = Math.ceil(Math.max(...ts)); m >= Math.floor(Math.min(...ts)); m--) {
      const sel = live.filter((l) => totals.get(l.id)!.total >= m);
      const c = sel.filter(isC).length;
      thresholds.push({ min: m, leads: sel.length, converted: c, precision: r4(c, sel.length), recall: r4(c, C) });
    }
  }
  const cap = Math.floor((25 * N) / 100);
  const fits = thresholds.filter((t) => t.leads <= cap);
  const grades: Record<string, any> = {}, value: Record<string, number> = {};
  for (const g of ['A', 'B', 'C', 'disqualified']) {
    const sel = P.filter((l) => totals.get(l.id)!.grade === g), c = sel.filter(isC).length;
    grades[g] = { leads: sel.length, converted: c, rate: r4(c, sel.length), lift: lift(c, sel.length) };
    value[g] = sel.filter(isC).reduce((a, l) => a + ((l.values.amount as number | undefined) ?? 0), 0);
  }
  const rules: Record<string, any> = {};
  for (const r of ['ra', 'rb', 'rc', 'rneg']) {
    const sel = P.filter((l) => totals.get(l.id)!.rules.includes(r)), c = sel.filter(isC).length;
    rules[r] = { leads: sel.length, converted: c, rate: r4(c, sel.length), lift: lift(c, sel.length) };
  }
  const mq = P.filter((l) => totals.get(l.id)!.mql), mc = mq.filter(isC).length;
  return {
    population: { leads: N, converted: C, rate: r4(C, N) },
    auc: pairs === 0 ? null : roundDecimals(wins / pairs, 4),
    grades, rules, gains, thresholds,
    mql: { leads: mq.length, converted: mc, precision: r4(mc, mq.length), recall: r4(mc, C), lift: lift(mc, mq.length) },
    recommended: fits.length ? { capacity: cap, ...fits[fits.length - 1] } : null,
    value: { grades: value, mql: mq.filter(isC).reduce((a, l) => a + ((l.values.amount as number | undefined) ?? 0), 0) },
  };
}

test('the backtest equals a naive reading of SPEC §11 on 200 random workspaces full of ties', () => {
  const cp = compileProject(definitionsOf([parseFile('ws.yaml', DEFS)]));
  const spec = resolveOutcomes(cp.project, cp.catalog);
  for (let seed = 1; seed <= 200; seed++) {
    const rnd = rng(seed);
    const n = Math.floor(rnd() * 40);
    const leads: Lead[] = [];
    for (let i = 0; i < n; i++) {
      const when = (p: number, spread: number) => (rnd() < p ? new Date(T + Math.round((rnd() * 2 - 1) * spread / DAY) * DAY).toISOString() : undefined);
      const obj: Record<string, unknown> = { id: `L${i}`, a: rnd() < 0.4, b: rnd() < 0.4, c: Math.floor(rnd() * 8), bad: rnd() < 0.1,
        created_at: when(0.8, 20 * DAY), conv_at: rnd() < 0.1 ? new Date(T + H).toISOString() : when(0.5, 45 * DAY), amount: rnd() < 0.8 ? Math.floor(rnd() * 1000) : undefined };
      leads.push(leadFromObject(obj, cp.catalog).lead!);
    }
    const sim = simulate(cp, leads, T);
    const totals = new Map(sim.leads.map((l) => { const sc = l.scores.m; return [l.id, { total: sc.total, grade: sc.grade, mql: sc.mql, dq: sc.disqualified,
      rules: sc.explanation.flatMap((e) => ('rule' in e && !('clamp' in e) && e.rule ? [e.rule] : [])) }]; }));
    const got = backtest(cp, spec, leads, T);
    const want = naive(leads, totals);
    const m = got.scoring.m;
    const where = `seed ${seed}, ${n} leads`;
    assert.deepEqual(got.population.leads, want.population.leads, where);
    assert.deepEqual({ leads: got.population.leads, converted: got.population.converted, rate: got.population.rate }, want.population, where);
    assert.equal(m.auc, want.auc, where);
    assert.deepEqual(m.grades, want.grades, where);
    assert.deepEqual(m.rules, want.rules, where);
    assert.deepEqual(m.mql, want.mql, where);
    assert.deepEqual(m.gains, want.gains, where);
    assert.deepEqual(m.thresholds, want.thresholds, where);
    assert.deepEqual(m.recommended, want.recommended, where);
    assert.deepEqual(m.value, want.value, where);
  }
});
