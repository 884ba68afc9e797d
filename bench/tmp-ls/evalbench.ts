// A/B of evaluatePartition variants on one loaded partition (bundled below).
import { loadLeadspecFiles } from '../../server/src/io/files.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import { compileProject, definitionsOf } from '../../server/src/core/eval/simulate.js';
import { evaluatePartition } from '../../server/src/core/eval/partition.js';
const cp = compileProject(definitionsOf(loadLeadspecFiles(['samples'])));
const D = 'bench/out/sim-100000-1000000';
(async () => {
  const { leads } = await loadSampleFiles(cp.catalog, { leads: D + '/leads.csv', events: D + '/events.jsonl' });
  const at = leads.map((l) => l.source!.row);
  const asOf = Date.parse('2026-11-20T17:00:00Z');
  const variants = (process.env.V ?? 'keep,4096,256').split(',');
  const tot: Record<string, number[]> = {};
  for (let rep = 0; rep < Number(process.env.REPS ?? 5); rep++) {
    for (const v of variants) {
      (globalThis as any).gc?.();
      const t0 = process.cpuUsage();
      const r = evaluatePartition(cp, leads, asOf, at, v === 'keep' ? { keep: true } : { keep: false, block: Number(v) });
      const c = process.cpuUsage(t0);
      (tot[v] ??= []).push((c.user + c.system) / 1000);
      if (r.partials.scoring.length === 0) console.log('x');
    }
  }
  for (const v of variants) { const xs = tot[v].sort((a, b) => a - b); console.log(v, 'median ms', xs[xs.length >> 1].toFixed(0), 'all', xs.map((x) => x.toFixed(0)).join(' ')); }
})();
