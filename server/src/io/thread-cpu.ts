// The calling thread's CPU time, for the benchmark of `simulate --workers N`: with
// LEADSPEC_WORKER_TIMES=1 each worker thread and the main thread print theirs on stderr per phase
// (bench/simulate.bench.ts reads them). Linux only (utime + stime of /proc/thread-self/stat, in
// 10 ms ticks); NaN elsewhere.
import { readFileSync } from 'node:fs';

export function threadCpuMs(): number {
  try {
    const f = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Prints `who: what, thread CPU N ms` on stderr when LEADSPEC_WORKER_TIMES is set. */
export function reportThreadCpu(who: string, what: string): void {
  if (process.env.LEADSPEC_WORKER_TIMES) process.stderr.write(`${who}: ${what}, thread CPU ${threadCpuMs()} ms\n`);
}
