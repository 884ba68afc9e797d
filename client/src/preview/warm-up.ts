// The preview's warm-up edits (PreviewSession.warmUp): a scoring file's text with one rule's
// `points:` moved, as a user's edit would move it — a different rule each round, so the rounds
// exercise what edits do (a rule re-scored where its outcome changed, outputs that move or not,
// the SLA and the backtest after them).

/**
 * Rounds of warm-up the panel runs after posting the first result, one per task; a change stops
 * them (a user's edit waits for at most the round in flight). With 8 rounds the first two edits of
 * bench/preview.bench.ts still cost 2–4× a later one, with 12 about 2× and 1.5× (docs/benchmarks.md).
 */
export const WARM_UP_ROUNDS = 12;

/** `points: <number>` in a flow or block mapping (the number as YAML writes it, with its sign). */
const POINTS = /(\bpoints:[ \t]*)(-?\d+(?:\.\d+)?)(?=[ \t]*(?:[,}#\r\n]|$))/g;

/** The text with the `round`-th (cyclically) `points:` value moved by 1–3, or undefined when it has none. */
export function movePoints(text: string, round: number): string | undefined {
  const all = [...text.matchAll(POINTS)];
  if (all.length === 0) return undefined;
  const m = all[(round * 7) % all.length];
  const at = m.index! + m[1].length;
  return text.slice(0, at) + String(Number(m[2]) + 1 + (round % 3)) + text.slice(at + m[2].length);
}
