// `capacity` of SPEC §11: a count of leads (`200`) or a share of the backtest population
// (`15%`, `12.5%`), the share taken of N and rounded down — in integer arithmetic, so that
// 15% of 1400 is exactly 210 and never 209.99….
export type Capacity = { count: number } | { num: number; den: number; text: string };

const SHARE = /^\s*(\d{1,3})(?:\.(\d{1,6}))?\s*%\s*$/;

/** The capacity written as a count or a share; undefined when it is neither (or not positive, or over 100%). */
export function parseCapacity(v: unknown): Capacity | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? { count: v } : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^\s*\d+\s*$/.test(v)) return parseCapacity(Number(v));
  const m = SHARE.exec(v);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const num = Number(m[1] + frac);
  const den = 100 * 10 ** frac.length;
  if (num <= 0 || num > den) return undefined;
  return { num, den, text: v.trim() };
}

/** The capacity in leads for a population of `n` leads. */
export function capacityLeads(c: Capacity, n: number): number {
  return 'count' in c ? c.count : Math.floor((c.num * n) / c.den);
}
