// Preview latency: with 10k sample leads × 100k events, the time from an edit of a definition
// (a rule's points) to the new data posted to the webview: re-parse the changed file, compile
// the definitions, simulate, build the message and serialise it as postMessage does.
// Target ≤ 150 ms. Definitions: samples/ (the real project); leads and events are generated
// from its catalog with a fixed seed. Then the same edits with the preview broken down by a
// segment field (the "By segment" card), CPU against the plain edits of the same run, and the
// cost of a pick itself (a breakdown of the last run, no simulation). Run: npm run bench preview
//
// After the first run, the session warms up as the panel does once it has posted the first
// result (PreviewSession.warmUp, WARM_UP_ROUNDS rounds: an edit simulated and undone): timed and
// printed apart. Every edit after that is timed. WARMUP=0 leaves it out (what opening cost before).
// The edit moves points that its group's max clamps (no lead's outputs move: the SLA is kept); a
// second series moves a rule whose points do move outputs (`senior`), so the SLA is evaluated again.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, cpus } from 'node:os';
import { PreviewSession } from '../client/src/preview/session.js';
import { listYamlFiles } from '../server/src/io/files.js';
import { looksLikeLeadspec, parseFile } from '../server/src/core/syntax/parse.js';
import { definitionsOf } from '../server/src/core/eval/simulate.js';
import type { FieldsDef } from '../server/src/core/model.js';
import { rng } from './prng.js';
import { WARM_UP_ROUNDS } from '../client/src/preview/warm-up.js';

const LEADS = Number(process.env.LEADS ?? 10_000);
const EVENTS = Number(process.env.EVENTS ?? 100_000);
const EDITS = Number(process.env.EDITS ?? 40);
const AS_OF = Date.parse('2026-11-20T12:00:00Z');

const rand = rng(20261123);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const files = listYamlFiles(['samples']).filter((f) => looksLikeLeadspec(readFileSync(f, 'utf8')));
const fields = definitionsOf(files.map((f) => parseFile(f, readFileSync(f, 'utf8')))).find((d) => d.kind === 'fields') as FieldsDef;
if (!fields) throw new Error('samples/ has no kind: fields definition');

function value(name: string, type: string, values?: (string | number)[]): string {
  if (rand() < 0.05) return ''; // some missing values, as in real CRMs
  switch (type) {
    case 'enum': return String(pick(values ?? ['x']));
    case 'integer': return String(Math.floor(Math.exp(rand() * Math.log(20000))));
    case 'number': return (rand() * 5e7).toFixed(2);
    case 'boolean': return rand() < 0.05 ? 'true' : 'false';
    case 'date': return iso(AS_OF - rand() * 180 * 864e5).slice(0, 10);
    case 'datetime': return iso(AS_OF - rand() * 60 * 864e5);
    case 'list': return ['salesforce', 'hubspot', 'marketo', 'segment', 'snowflake'].filter(() => rand() < 0.35).join(';');
    default: return name === 'email' ? `p${Math.floor(rand() * 1e6)}@${pick(['acme.io', 'gmail.com', 'corp.example', 'competitor.example'])}` : `${name}-${Math.floor(rand() * 1000)}`;
  }
}

const cols = Object.entries(fields.fields ?? {});
const leadLines = [['id', ...cols.map(([k]) => k)].join(',')];
for (let i = 0; i < LEADS; i++) leadLines.push([`L${i + 1}`, ...cols.map(([k, d]) => value(k, d.type, d.values))].join(','));
const leadsText = leadLines.join('\n') + '\n';
const eventNames = Object.keys(fields.events ?? {});
const eventLines: string[] = [];
for (let i = 0; i < EVENTS; i++) {
  const ev = pick(eventNames);
  const props: Record<string, unknown> = {};
  for (const [p, t] of Object.entries(fields.events?.[ev]?.properties ?? {})) props[p] = t === 'number' ? Math.floor(rand() * 90) : p === 'url' ? pick(['/pricing', '/docs', '/blog', '/pricing?plan=team', '/']) : `${p}-${Math.floor(rand() * 5)}`;
  eventLines.push(JSON.stringify({ lead_id: `L${1 + Math.floor(rand() * LEADS)}`, event: ev, at: iso(AS_OF - rand() * 120 * 864e5), ...props }));
}
const eventsText = eventLines.join('\n') + '\n';

const session = new PreviewSession();
for (const f of files) session.setFile(f, readFileSync(f, 'utf8'));
session.setSamples({ leads: { file: 'leads.csv', text: leadsText }, events: { file: 'events.jsonl', text: eventsText } });

// First run: parses the 10k leads once (the session keeps them until the catalog changes).
let t = performance.now();
const first = session.run();
const firstMs = performance.now() - t;
const WARMUP = Number(process.env.WARMUP ?? WARM_UP_ROUNDS);
t = performance.now();
const w0 = process.cpuUsage();
let rounds = 0;
while (rounds < WARMUP && session.warmUp(rounds)) rounds++;
const warmMs = performance.now() - t;
const wc = process.cpuUsage(w0);
const warmCpuMs = (wc.user + wc.system) / 1000;

// The edit: a rule's points in the scoring model, alternated so every run sees new text.
const scoringFile = files.find((f) => /scoring/.test(f) && /points: 40/.test(readFileSync(f, 'utf8')))!;
const original = readFileSync(scoringFile, 'utf8');
const times: number[] = [];
const cpu: number[] = [];
const runs: number[] = [];
const serialise: number[] = [];
let bytes = 0;
for (let i = 0; i < EDITS; i++) {
  const edited = original.replace('points: 40', `points: ${41 + (i % 20)}`);
  t = performance.now();
  const c0 = process.cpuUsage();
  session.setFile(scoringFile, edited);
  const t1 = performance.now();
  const { data } = session.run();
  const t2 = performance.now();
  const message = JSON.stringify({ type: 'preview', data });
  runs.push(t2 - t1);
  serialise.push(performance.now() - t2);
  times.push(performance.now() - t);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  bytes = message.length;
}
// The same edits with a breakdown by the first segment field the picker offers.
const byField = first.data.segments?.fields.includes('region') ? 'region' : first.data.segments?.fields[0];
const cpuBy: number[] = [];
const picks: number[] = [];
if (byField) {
  session.byField = byField;
  for (let i = 0; i < EDITS; i++) {
    const edited = original.replace('points: 40', `points: ${41 + (i % 20)}`);
    const c0 = process.cpuUsage();
    session.setFile(scoringFile, edited);
    const { data } = session.run();
    JSON.stringify({ type: 'preview', data });
    const c = process.cpuUsage(c0);
    cpuBy.push((c.user + c.system) / 1000);
    const p0 = performance.now();
    JSON.stringify({ type: 'breakdown', data: session.breakdownData() });
    picks.push(performance.now() - p0);
  }
  session.byField = null;
  cpuBy.sort((a, b) => a - b);
  picks.sort((a, b) => a - b);
}
// Edits that move outputs: `senior` (fit points of VPs and CxOs), 20 → 21…40.
const scoringText = readFileSync(scoringFile, 'utf8');
const moving: number[] = [];
const movingCpu: number[] = [];
if (scoringText.includes('points: 20 }')) {
  for (let i = 0; i < EDITS; i++) {
    const edited = original.replace('points: 20 }', `points: ${21 + (i % 20)} }`);
    const m0 = performance.now();
    const mc = process.cpuUsage();
    session.setFile(scoringFile, edited);
    JSON.stringify({ type: 'preview', data: session.run().data });
    moving.push(performance.now() - m0);
    const mcu = process.cpuUsage(mc);
    movingCpu.push((mcu.user + mcu.system) / 1000);
  }
  session.setFile(scoringFile, original);
  moving.sort((a, b) => a - b);
  movingCpu.sort((a, b) => a - b);
}
const order = times.map((x) => Math.round(x));
const cpuOrder = cpu.map((x) => Math.round(x));
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
runs.sort((a, b) => a - b);
serialise.sort((a, b) => a - b);
const q = (p: number, xs = times) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const r = (x: number) => Math.round(x * 10) / 10;
const out = {
  leads: LEADS, events: EVENTS, edits: EDITS, definitions: files.length,
  first_run_ms: r(firstMs), warm_up: { rounds, ms: r(warmMs), cpu_ms: r(warmCpuMs) }, edits_in_order_ms: order, cpu_in_order_ms: cpuOrder, edit_to_message_ms: { p50: r(q(0.5)), p95: r(q(0.95)), max: r(times.at(-1)!) },
  cpu_ms: { p50: r(q(0.5, cpu)), p95: r(q(0.95, cpu)) },
  phases_p50_ms: { compile_simulate_rows: r(q(0.5, runs)), serialise: r(q(0.5, serialise)) },
  load_average: loadavg()[0],
  breakdown: byField ? { field: byField, cpu_ms_p50: r(q(0.5, cpuBy)), cpu_ratio_p50: Math.round((q(0.5, cpuBy) / q(0.5, cpu)) * 100) / 100, pick_ms_p50: r(q(0.5, picks)) } : null,
  moving_outputs_ms: moving.length ? { p50: r(q(0.5, moving)), p95: r(q(0.95, moving)), max: r(moving.at(-1)!), cpu_p50: r(q(0.5, movingCpu)), cpu_p95: r(q(0.95, movingCpu)) } : null,
  message_bytes: bytes, target_ms: 150, mql: Object.fromEntries(Object.entries(first.result.summary.scoring).map(([k, v]) => [k, v.mql])),
};
console.log(`preview: ${LEADS} leads × ${EVENTS} events, ${files.length} definition files (samples/)`);
console.log(`  first run (parse leads + simulate): ${out.first_run_ms} ms`);
console.log(`  warm-up after the first result (as the panel runs it, not counted in the edits): ${rounds} rounds, ${out.warm_up.ms} ms (CPU ${out.warm_up.cpu_ms} ms)`);
console.log(`  edit → message posted: p50 ${out.edit_to_message_ms.p50} ms, p95 ${out.edit_to_message_ms.p95} ms, max ${out.edit_to_message_ms.max} ms over ${EDITS} edits (target ≤ 150 ms)`);
console.log(`  CPU time per edit (main thread + GC helpers): p50 ${out.cpu_ms.p50} ms, p95 ${out.cpu_ms.p95} ms; load average ${out.load_average.toFixed(1)} on ${cpus().length} cores`);
console.log(`  of which (p50): compile + simulate + page rows ${out.phases_p50_ms.compile_simulate_rows} ms, JSON serialisation ${out.phases_p50_ms.serialise} ms`);
console.log(`  edits in order (ms): ${order.join(' ')}`);
console.log(`  CPU per edit in order (ms): ${cpuOrder.join(' ')}`);
if (out.moving_outputs_ms) console.log(`  edits that move outputs (senior: points 20 → 21…40, the SLA evaluated again): p50 ${out.moving_outputs_ms.p50} ms, p95 ${out.moving_outputs_ms.p95} ms, max ${out.moving_outputs_ms.max} ms over ${EDITS} edits; CPU p50 ${out.moving_outputs_ms.cpu_p50} ms, p95 ${out.moving_outputs_ms.cpu_p95} ms`);
console.log(`  message size: ${(bytes / 1e6).toFixed(2)} MB`);
if (out.breakdown) console.log(`  broken down by ${out.breakdown.field}: CPU per edit p50 ${out.breakdown.cpu_ms_p50} ms (${out.breakdown.cpu_ratio_p50}× the plain edits of this run); a pick (breakdown of the last run + its message) p50 ${out.breakdown.pick_ms_p50} ms`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(join('bench/results', 'preview.json'), JSON.stringify(out, null, 2) + '\n');
