// Preloaded (`node --require bench/rusage.cjs …`) into a CLI run by bench/simulate.bench.ts: at
// exit, the process's resource usage (CPU of every thread, peak RSS) goes to the file named by
// LEADSPEC_RUSAGE_OUT. Worker threads inherit the preload; only the main thread writes.
const { isMainThread } = require('node:worker_threads');
if (isMainThread && process.env.LEADSPEC_RUSAGE_OUT) {
  process.on('exit', () => require('node:fs').writeFileSync(process.env.LEADSPEC_RUSAGE_OUT, JSON.stringify(process.resourceUsage())));
}
