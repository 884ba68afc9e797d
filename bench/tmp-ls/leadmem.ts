import { readFileSync } from 'node:fs';
import { loadLeadspecFiles } from '../../server/src/io/files.js';
import { compileProject, definitionsOf } from '../../server/src/core/eval/simulate.js';
import { LeadCollector, parseLeadsText } from '../../server/src/core/data/leads.js';
const cp = compileProject(definitionsOf(loadLeadspecFiles(['samples'])));
const text = readFileSync(process.env.F ?? 'bench/out/sim-100000-1000000/leads.csv', 'utf8');
const gc = (globalThis as any).gc;
gc(); gc();
const h0 = process.memoryUsage().heapUsed;
const t0 = process.cpuUsage();
const c = new LeadCollector(cp.catalog, { deferEvents: true, raw: process.env.RAW === '1' });
parseLeadsText(text, 'leads.csv', cp.catalog, 'csv', c);
const t = process.cpuUsage(t0);
const { leads } = c.finish();
gc(); gc();
const h1 = process.memoryUsage().heapUsed;
console.log(`leads ${leads.length} bytes/lead ${((h1 - h0) / leads.length).toFixed(0)} cpu ${((t.user + t.system) / 1000).toFixed(0)} ms`);
if (process.env.SNAP) { const v8 = require('node:v8'); v8.writeHeapSnapshot('/tmp/ls-leads.heapsnapshot'); }
