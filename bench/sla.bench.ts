// SLA clock throughput: addBusinessMinutes / businessMinutesBetween on the calendars of SPEC §6,
// and evaluateLead end to end (calendar chosen per lead, due, status, elapsed, escalations).
// Deterministic inputs (seeded). Target: ≥ 200k addBusinessMinutes calls/s.
// Run: npm run bench sla   (writes bench/results/sla.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import { compileCalendar } from '../server/src/core/eval/calendar.js';
import { compileSla, type SlaEnv } from '../server/src/core/eval/sla.js';
import type { SlaDef } from '../server/src/core/model.js';
import type { Lead, ScoreResult } from '../server/src/core/results.js';
import { rng } from './prng.js';


const N = 1_000_000;
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const r = rng(42);
const starts = Float64Array.from({ length: N }, () => YEAR_START + Math.floor(r() * 365 * 86_400_000));
const withins = Int32Array.from({ length: N }, () => [30, 60, 240, 480, 1440, 2400][Math.floor(r() * 6)]);

const calendars = {
  us: { timezone: 'America/New_York', hours: { weekdays: '09:00-17:00' }, holidays: ['2026-11-26', '2026-12-25'] },
  emea: { timezone: 'Europe/Berlin', hours: { mon: '09:00-12:00, 13:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-15:00' } },
};

function rate(label: string, n: number, fn: () => number): number {
  fn(); // warm the day caches and the JIT once, then measure a fresh pass
  const t0 = performance.now();
  const sink = fn();
  const secs = (performance.now() - t0) / 1000;
  const perSec = Math.round(n / secs);
  console.log(`${label.padEnd(44)} ${perSec.toLocaleString('en-US').padStart(12)} /s  (${(secs * 1000).toFixed(0)} ms, checksum ${sink % 997})`);
  return perSec;
}

const results: Record<string, number> = {};
for (const [name, def] of Object.entries(calendars)) {
  const cal = compileCalendar(def);
  results[`addBusinessMinutes_${name}_per_s`] = rate(`addBusinessMinutes (${name}), ${N.toLocaleString('en-US')} calls`, N, () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += cal.addMinutes(starts[i], withins[i]) % 1000;
    return s;
  });
  results[`businessMinutesBetween_${name}_per_s`] = rate(`businessMinutesBetween (${name}), ~2-day spans`, N, () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += cal.msBetween(starts[i], starts[i] + withins[i] * 120_000) % 1000;
    return s;
  });
}

// End to end per lead: a condition, the calendar by region, due, status, elapsed, escalations.
const sla: SlaDef = {
  leadspec: 'v1', kind: 'sla', id: 'mql-handoff', calendars,
  commitments: [{ id: 'first-touch', scoring: 'inbound', applies_to: { mql: true }, start: 'mql_at', stop: 'first_touch_at', within: '4h',
    calendar: { by: 'region', map: { emea: 'emea' }, default: 'us' },
    escalate: [{ after: '2h', notify: 'sdr-manager' }, { after: '8h', reassign: 'round-robin' }] }],
};
const env: SlaEnv = { compileCondition: () => (_l, scores) => scores.inbound?.mql === true };
const compiled = compileSla(sla, env);
const LEADS = 200_000;
const leads: Lead[] = Array.from({ length: LEADS }, (_, i) => ({
  id: `L${i}`, raw: {}, events: [],
  values: { mql_at: starts[i], region: i % 3 === 0 ? 'emea' : 'na', ...(i % 2 ? { first_touch_at: starts[i] + withins[i] * 60_000 } : {}) },
}));
const scores: Record<string, ScoreResult> = { inbound: { fit: 0, engagement: 0, total: 0, grade: 'A', mql: true, disqualified: false, explanation: [] } };
const asOf = Date.parse('2027-01-01T00:00:00Z');
results.evaluateLead_per_s = rate(`evaluateLead (2 calendars), ${LEADS.toLocaleString('en-US')} leads`, LEADS, () => {
  let s = 0;
  for (const l of leads) s += compiled.evaluateLead(l, scores, asOf)['mql-handoff/first-touch'].elapsed_minutes;
  return Math.round(s);
});

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/sla.json', JSON.stringify({ date: new Date().toISOString(), ...results, target_addBusinessMinutes_per_s: 200_000 }, null, 2) + '\n');
const ok = results.addBusinessMinutes_us_per_s >= 200_000 && results.addBusinessMinutes_emea_per_s >= 200_000;
console.log(ok ? 'target met: ≥ 200k addBusinessMinutes calls/s' : 'TARGET MISSED: < 200k addBusinessMinutes calls/s');
process.exit(ok ? 0 : 1);
