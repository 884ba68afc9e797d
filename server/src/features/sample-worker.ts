// The worker-thread side of the sample simulation: answers `run` and `count` messages with a
// SampleEngine. Errors travel back as messages (a broken sample file is a message, not a crash).
import { parentPort } from 'node:worker_threads';
import { SampleEngine } from './sample-engine.js';

export type ToWorker =
  | { type: 'run'; seq: number; files: { file: string; text: string }[]; inputs: { leads: string; events?: string } }
  | { type: 'count'; id: number; cond: unknown; scope: import('./sample-engine.js').CountScope };
export type FromWorker =
  | { type: 'run'; seq: number; result?: import('./sample-engine.js').SampleSummary; error?: string }
  | { type: 'backtest'; seq: number; result?: import('../core/outcomes/backtest.js').BacktestResult }
  | { type: 'count'; id: number; result?: { matched: number; total: number }; error?: string };

export function runSampleWorker(): void {
  const port = parentPort;
  if (!port) return;
  const engine = new SampleEngine();
  let lastRun = 0;
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'run') {
        lastRun = m.seq;
        port.postMessage({ type: 'run', seq: m.seq, result: engine.run(m.files, m.inputs) } satisfies FromWorker);
        // The backtest (format §11) follows the summary, so lenses and hovers never wait for it,
        // and is skipped when a newer run is already queued.
        setImmediate(() => {
          if (lastRun !== m.seq) return;
          try { port.postMessage({ type: 'backtest', seq: m.seq, result: engine.backtest() } satisfies FromWorker); }
          catch { port.postMessage({ type: 'backtest', seq: m.seq } satisfies FromWorker); }
        });
      }
      else port.postMessage({ type: 'count', id: m.id, result: engine.count(m.cond, m.scope) } satisfies FromWorker);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      port.postMessage(m.type === 'run' ? { type: 'run', seq: m.seq, error } : { type: 'count', id: m.id, error });
    }
  });
}
