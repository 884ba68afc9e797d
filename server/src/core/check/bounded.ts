// Bounds on what a check may produce and on how it handles large arrays. A file with 100,000
// copies of one mistake gets the first MAX_PER_CODE diagnostics of that code and one LS006
// summary ("… and 99,900 more LS010 in this file"), so editors and terminals stay usable.
// `pushAll`/`maxOf`/`minOf` replace `push(...xs)` / `Math.max(...xs)`, which pass every element
// as a call argument and overflow the stack beyond ~100,000 elements.
import { registerCodes, type CodeInfo } from '../codes.js';
import type { Diagnostic, Severity } from '../types.js';

/** How many diagnostics of one code a file shows at most. */
export const MAX_PER_CODE = 100;

export const BOUNDED_CODES: CodeInfo[] = [
  { code: 'LS006', name: 'more-diagnostics', severity: 'error', summary: `A file holds more than ${MAX_PER_CODE} diagnostics of one code; the rest are counted in one summary.`, fix: 'Fix the ones shown (often one edit fixes all, e.g. a wrong indentation or a pasted block), then validate again.' },
];
registerCodes(BOUNDED_CODES);

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/**
 * Keeps the first MAX_PER_CODE diagnostics of each code of one file (in the order given, which
 * should be position order) and replaces the rest of each code by one LS006 at the first hidden
 * one, with the most severe severity among them. Linear in the number of diagnostics.
 */
export function capPerCode(list: Diagnostic[], max = MAX_PER_CODE): Diagnostic[] {
  const seen = new Map<string, number>();
  const hidden = new Map<string, { first: Diagnostic; count: number; severity: Severity }>();
  const out: Diagnostic[] = [];
  const hide = (code: string, d: Diagnostic, count: number) => {
    const h = hidden.get(code);
    if (!h) hidden.set(code, { first: d, count, severity: d.severity });
    else {
      h.count += count;
      if (RANK[d.severity] > RANK[h.severity]) h.severity = d.severity;
    }
  };
  for (const d of list) {
    // A summary made earlier (a checker that stopped describing after many) joins this one.
    if (d.more) { hide(d.more.code, d, d.more.count); continue; }
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (n <= max) out.push(d); else hide(d.code, d, 1);
  }
  if (hidden.size === 0) return list;
  for (const [code, h] of hidden) {
    out.push({ file: h.first.file, code: 'LS006', severity: h.severity, range: h.first.range, more: { code, count: h.count },
      message: `… and ${h.count.toLocaleString('en-US')} more ${code} in this file (only the first ${max} are shown)` });
  }
  return out;
}

/**
 * For checkers that meet the same problem very many times: describes the first `limit` of each
 * code in full and only counts the rest, into one summary per code. `describe` is called only for
 * the described ones; `at` (cheap) gives the position of the first counted one.
 */
export class Overflow<T> {
  private readonly made = new Map<string, number>();
  private readonly extra = new Map<string, { item: T; count: number }>();
  constructor(private readonly limit = 10 * MAX_PER_CODE) {}

  /** True when this item of `code` should be described in full. */
  take(code: string, item: T): boolean {
    const n = (this.made.get(code) ?? 0) + 1;
    this.made.set(code, n);
    if (n <= this.limit) return true;
    const e = this.extra.get(code);
    if (e) e.count++; else this.extra.set(code, { item, count: 1 });
    return false;
  }

  /**
   * One summary diagnostic per code that overflowed (capPerCode adds them to its count). `at`
   * gives the first counted item's range, and its diagnostic code when `take` was keyed otherwise.
   */
  summaries(file: string, at: (item: T, key: string) => { range: Diagnostic['range']; code?: string },
    severity: Severity | ((code: string) => Severity) = 'error'): Diagnostic[] {
    return [...this.extra].map(([key, e]) => {
      const { range, code = key } = at(e.item, key);
      return { file, code: 'LS006', severity: typeof severity === 'function' ? severity(code) : severity, range, more: { code, count: e.count },
        message: `… and ${e.count.toLocaleString('en-US')} more ${code} in this file` };
    });
  }
}

/** `target.push(...items)` without passing every item as an argument. */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}

export function maxOf(values: readonly number[], start = -Infinity): number {
  let m = start;
  for (const v of values) if (v > m) m = v;
  return m;
}

export function minOf(values: readonly number[], start = Infinity): number {
  let m = start;
  for (const v of values) if (v < m) m = v;
  return m;
}
