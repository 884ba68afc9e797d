// The totals of `simulate --workers N`: each worker sends its leads' totals sorted, the main thread
// merges the runs (io/simulate-workers.ts mergeSortedTotals) and totalsStats reads a sorted array
// as it is (core/report/simulate-common.ts isSorted). Both held to Float64Array#sort on values made
// to break them: -0 beside 0, NaN, infinities, ties, empty runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSortedTotals, sortsBefore } from '../../server/src/io/simulate-workers.js';
import { isSorted, totalsStats } from '../../server/src/core/report/simulate-common.js';
import { histogram } from '../../server/src/core/eval/partial.js';
import type { SimulationResult } from '../../server/src/core/results.js';

/** A small seeded generator (the tests' random values are the same every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const AWKWARD = [0, -0, NaN, Infinity, -Infinity, 0.1 + 0.2, 0.3, -1, 1, 12.5, 12.5, 1e-300, -1e-300, Number.MAX_VALUE];

function values(r: () => number, n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = r() < 0.6 ? AWKWARD[Math.floor(r() * AWKWARD.length)] : Math.round((r() * 200 - 50) * 100) / 100;
  return t;
}

/** Element by element with Object.is: -0 and 0 differ, NaN equals NaN. */
function same(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

test('merging sorted runs gives what sorting them all together gives', () => {
  const r = rng(17);
  for (let round = 0; round < 400; round++) {
    const k = 1 + Math.floor(r() * 4);
    const runs = Array.from({ length: k }, () => values(r, Math.floor(r() * (r() < 0.2 ? 3 : 60))).sort());
    const all = new Float64Array(runs.reduce((n, x) => n + x.length, 0));
    let at = 0;
    for (const x of runs) { all.set(x, at); at += x.length; }
    const merged = mergeSortedTotals(runs);
    assert.ok(same(merged, all.slice().sort()), `round ${round}: ${[...merged]} vs ${[...all.sort()]}`);
    assert.ok(isSorted(merged));
  }
});

test('sortsBefore is Float64Array#sort order', () => {
  for (const x of AWKWARD) for (const y of AWKWARD) {
    const sorted = new Float64Array([y, x]).sort();
    // x strictly before y: sorting [y, x] puts x first and the two are told apart by the order.
    const xFirst = Object.is(sorted[0], x) && !Object.is(x, y);
    if (sortsBefore(x, y)) assert.ok(Object.is(sorted[0], x) && Object.is(sorted[1], y), `${x} before ${y}`);
    if (xFirst) assert.ok(sortsBefore(x, y), `${x} should sort before ${y}`);
  }
});

test('isSorted is true exactly when sorting changes nothing', () => {
  const r = rng(5);
  for (let round = 0; round < 2000; round++) {
    const n = Math.floor(r() * 8);
    const t = values(r, n);
    if (r() < 0.5) t.sort();
    // A near-sorted array: two neighbours swapped (0 and -0, a NaN moved forward, ...).
    if (r() < 0.3 && n > 1) { const i = Math.floor(r() * (n - 1)); const x = t[i]; t[i] = t[i + 1]; t[i + 1] = x; }
    assert.equal(isSorted(t), same(t, t.slice().sort()), `[${[...t].map((x) => Object.is(x, -0) ? '-0' : String(x))}]`);
  }
});

test('totalsStats gives the same figures for sorted totals as for the same totals in any order', () => {
  const r = rng(9);
  const result = { as_of: '', leads: [], summary: {} as SimulationResult['summary'], warnings: [] } as SimulationResult;
  for (let round = 0; round < 300; round++) {
    const t = new Float64Array(1 + Math.floor(r() * 40));
    for (let i = 0; i < t.length; i++) t[i] = r() < 0.2 ? (r() < 0.5 ? 0 : -0) : Math.round((r() * 100 - 20) * 100) / 100;
    const shuffled = t.slice();
    const sorted = t.slice().sort();
    assert.deepEqual(totalsStats(result, 'm', { m: sorted }), totalsStats(result, 'm', { m: shuffled }));
    const st = totalsStats(result, 'm', { m: sorted })!;
    const ref = totalsStats(result, 'm', { m: [...shuffled] })!;
    for (const k of ['min', 'median', 'mean', 'max'] as const) assert.ok(Object.is(st[k], ref[k]), `${k}: ${st[k]} vs ${ref[k]}`);
  }
});

test('histogram counts sorted runs (the workers\' totals) as it counts the same values one by one', () => {
  const r = rng(23);
  for (let round = 0; round < 300; round++) {
    // Totals on and around bin edges (multiples of 5, 10, 20, ...), -0 beside 0, tiny negatives
    // (floor(-1e-300 / w) is -1), ties; runs of 65+ values take the sorted path, shorter ones not.
    const scale = [1, 10, 100, 1000, 1e5][Math.floor(r() * 5)];
    const pick = (): number => {
      const u = r();
      if (u < 0.1) return r() < 0.5 ? 0 : -0;
      if (u < 0.15) return r() < 0.5 ? -1e-300 : 1e-300;
      if (u < 0.45) return Math.round(r() * 40 - 10) * 5 * (scale / 10 || 1);
      return Math.round((r() * 2 - 0.5) * scale * 100) / 100;
    };
    const runs = Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
      const t = new Float64Array(Math.floor(r() * 400));
      for (let i = 0; i < t.length; i++) t[i] = pick();
      return t.sort();
    });
    if (runs.every((x) => x.length === 0)) continue;
    const fast = histogram(runs, true);
    // The same values as plain arrays in shuffled order: counted one by one.
    const plain = runs.map((x) => [...x].sort(() => r() - 0.5));
    assert.deepStrictEqual(fast, histogram(plain, true), `round ${round}`);
    assert.ok(runs.some((x) => x.length > 64) || round > 0);
  }
  // A run that is not sorted, or holds NaN, is counted one by one (NaN: as before, no bin for it).
  const unsorted = Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
  assert.deepStrictEqual(histogram([unsorted], true), histogram([[...unsorted]], true));
});
