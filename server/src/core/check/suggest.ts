// "Did you mean …?" suggestions, shared by schema and semantic checks.

/** Damerau–Levenshtein distance (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase(); b = b.toLowerCase();
  const m = a.length, n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** Candidates close enough to `word` to be a likely typo, best first (at most `limit`). */
export function suggest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = String(word);
  const max = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    if (c === w) continue;
    if (c.toLowerCase() === w.toLowerCase()) { scored.push([c, 0]); continue; }
    // The distance is at least the difference in length: skip the table when that is too much.
    const dist = Math.abs(c.length - w.length) > max ? Infinity : editDistance(w, c);
    if (dist <= max) scored.push([c, dist]);
    else if (w.length >= 4 && (c.toLowerCase().startsWith(w.toLowerCase()) || w.toLowerCase().startsWith(c.toLowerCase()))) scored.push([c, max + 0.5]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map((s) => s[0]);
}

/** " — did you mean 'x'?" or "" when there is nothing close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates, 2);
  if (s.length === 0) return '';
  return ` — did you mean ${s.map((x) => `'${x}'`).join(' or ')}?`;
}
