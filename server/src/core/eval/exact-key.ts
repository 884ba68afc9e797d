// Cache keys of definitions: the simulation cache, the preview's incremental scoring, the
// backtest and the feedback summary compare definitions by this text.

/**
 * Exact text of a definition's value: equal keys mean equal definitions, so a cache hit is never
 * stale. (Unlike diff's `canonical`, nothing is dropped: a field may be called `title`.)
 * Non-finite numbers, which JSON would write as null, keep their own spelling.
 */
export function exactKey(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? { '\u0000n': String(x) } : x)) ?? 'undefined';
  } catch {
    // A value JSON cannot write (a cycle through a recursive YAML alias, a BigInt): a key that
    // never matches, so such a definition is always recomputed.
    return `\u0000uncached ${++uncached}`;
  }
}
let uncached = 0;
