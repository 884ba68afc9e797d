// A progress line on stderr for long CLI runs: rows read, rate and estimated time left, redrawn
// in place. Shown only when stderr is a terminal, only once a run has taken more than a second,
// and never with --quiet; a pipe or a CI log gets nothing. The loaders report what they read
// (bytes for the estimate, rows for the count); the CLI turns it on.
import { statSync } from 'node:fs';

/** A run shows progress after this long (LEADSPEC_PROGRESS_AFTER_MS overrides it, e.g. for a test). */
const DELAY_MS = Number(process.env.LEADSPEC_PROGRESS_AFTER_MS ?? 1000);
const EVERY_MS = 200;

interface State { started: number; last: number; bytes: number; total: number; rows: number; totalRows: number; shown: boolean }

let enabled = false;
let out: { write(s: string): unknown; isTTY?: boolean; columns?: number } = process.stderr;
let state: State | undefined;
let now = () => Date.now();

/** Turns progress on for this process when `stream` is a terminal and not `quiet`. */
export function enableProgress(quiet: boolean, stream: typeof out = process.stderr, clock: () => number = () => Date.now()): void {
  out = stream;
  now = clock;
  enabled = !quiet && stream.isTTY === true;
}

/** Starts counting a read of these files (their sizes give the estimate of time left). */
export function progressStart(files: (string | undefined)[]): void {
  if (!enabled) return;
  let total = 0;
  for (const f of files) { try { if (f) total += statSync(f).size; } catch { /* the loader reports it */ } }
  const t = now();
  state ??= { started: t, last: t, bytes: 0, total: 0, rows: 0, totalRows: 0, shown: false };
  state.total += total;
}

let forward: { sink: (bytes: number, rows: number) => void; bytes: number; rows: number; last: number } | undefined;

/**
 * In a worker thread (simulate --workers): what the loaders report goes to `sink` (at most every
 * 100 ms, and once more from flushProgress), for the main thread's line, instead of a terminal.
 */
export function forwardProgress(sink: (bytes: number, rows: number) => void): void {
  forward = { sink, bytes: 0, rows: 0, last: Date.now() };
}

function forwarded(bytes: number, rows: number): void {
  const f = forward!;
  f.bytes += bytes; f.rows += rows;
  const t = Date.now();
  if (t - f.last >= 100) flushProgress();
}

export function flushProgress(): void {
  const f = forward;
  if (!f || (f.bytes === 0 && f.rows === 0)) return;
  f.sink(f.bytes, f.rows);
  f.bytes = 0; f.rows = 0; f.last = Date.now();
}

/** Bytes read from a file (the loaders call it per chunk). */
export function progressBytes(n: number): void {
  if (forward) { forwarded(n, 0); return; }
  if (!state) return;
  state.bytes += n;
  tick();
}

/** Rows (leads or events) read. */
export function progressRows(n: number): void {
  if (forward) { forwarded(0, n); return; }
  if (!state) return;
  state.rows += n;
  if (state.totalRows > 0) tick();
}

/** Counting rows of a known total instead of bytes (e.g. result rows of a DuckDB query). */
export function progressStartRows(totalRows: number): void {
  if (!enabled) return;
  progressStart([]);
  // Rate and time left count from here (what came before, e.g. staging, had no rows to count).
  state!.started = state!.last = now();
  state!.totalRows += totalRows;
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(Math.round(n));
}

function tick(): void {
  const s = state!;
  const t = now();
  if (t - s.started < DELAY_MS || t - s.last < EVERY_MS) return;
  s.last = t;
  const secs = (t - s.started) / 1000;
  const rate = s.rows / secs;
  const [done, total] = s.totalRows > 0 ? [s.rows, s.totalRows] : [s.bytes, s.total];
  const left = done > 0 && total > done ? secs * (total - done) / done : 0;
  const line = `leadspec: ${fmt(s.rows)} rows read, ${fmt(rate)} rows/s, ${Math.round((100 * done) / Math.max(1, total))}%, about ${Math.ceil(left)} s left`;
  // Never wider than the terminal (a wrapped line could not be redrawn in place); 0 = unknown.
  const cols = out.columns ?? 0;
  out.write(`\r${cols > 20 ? line.slice(0, cols - 1) : line}\x1b[K`);
  s.shown = true;
}

/** Ends the line (erases it) once reading is done. */
export function progressDone(): void {
  if (state?.shown) out.write('\r\x1b[K');
  state = undefined;
}
