// Ratios of SPEC §11: computed from exact counts, rounded once when written to 4 decimals, half
// away from zero, on the value's 15-significant-digit decimal form (as §5 rounds); `null` when
// the denominator is 0 (and a ratio of a null is null).

/** Rounds half away from zero to `d` decimals as decimal arithmetic would (SPEC §5.4). */
export function roundDecimals(x: number, d: number): number {
  if (!Number.isFinite(x)) return x;
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  const scale = 10 ** d;
  const ax = Math.abs(x);
  if (ax < 1e9) {
    // Away from a tie every rounding of the value agrees, so binary rounding gives the decimal
    // answer (the margin covers the distance between the double and its 15-digit form).
    const yy = ax * scale, fl = Math.floor(yy), f = yy - fl;
    if (Math.abs(f - 0.5) > 1e-9 + yy * 1e-14) {
      const r = (f < 0.5 ? fl : fl + 1) / scale;
      return x < 0 && r !== 0 ? -r : r;
    }
  }
  const y = Number(x.toPrecision(15));
  const a = Math.abs(y);
  if (a >= 1e15) return y;
  const s = a < 1e-6 ? a.toFixed(20) : String(a); // String() is fixed notation from 1e-6 up
  const dot = s.indexOf('.');
  if (dot < 0 || s.length - dot - 1 <= d) return y;
  let units = Number(s.slice(0, dot) + s.slice(dot + 1, dot + 1 + d));
  if (s.charCodeAt(dot + 1 + d) >= 53 /* '5' */) units += 1;
  const r = units / scale;
  return y < 0 && r !== 0 ? -r : r;
}

export const round4 = (x: number) => roundDecimals(x, 4);

/** num / den rounded to 4 decimals; null when den is 0 or either is null. */
export function ratio(num: number | null, den: number | null): number | null {
  if (num === null || den === null || den === 0) return null;
  return round4(num / den);
}
