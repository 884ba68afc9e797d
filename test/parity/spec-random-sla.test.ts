// SPEC §6 (response and volume commitments) recomputed from the text alone on seeded random
// leads, against `leadspec simulate --format json` run as a process. The reference walks the
// clock minute by minute: a minute is working when its local wall-clock time (a fixed-offset
// zone, so no daylight-saving ambiguity; DST is covered by test/unit/calendar-property.test.ts)
// falls in the day's hours and the local date is not a holiday. Statuses, due, elapsed minutes,
// escalations (strictly after), attainment, and volume periods (day, ISO week, month, quarter)
// cut in the calendar's zone or UTC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, header, workspace } from './spec-helpers.js';

import { rng as prng } from '../../bench/prng.js';
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const MIN = 60_000;
const AS_OF = Date.parse('2026-11-20T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

// Working hours per ISO weekday (1 = Monday … 7 = Sunday) as [from, to) minute ranges of the local day.
interface Cal { name: string; offset: number; tz: string; hours: Record<number, [number, number][]>; holidays: string[]; yaml: string }
const hm = (s: string) => { const [h, m] = s.split(':').map(Number); return h * 60 + m; };
const ranges = (s: string) => s.split(',').map((p) => p.trim().split('-').map(hm) as [number, number]);
const INDIA: Cal = {
  name: 'india', offset: 330, tz: 'Asia/Kolkata',
  hours: { 1: ranges('09:00-13:00, 14:00-18:00'), 2: ranges('09:00-13:00, 14:00-18:00'), 3: ranges('09:00-13:00, 14:00-18:00'), 4: ranges('09:00-13:00, 14:00-18:00'), 5: ranges('09:00-13:00, 14:00-18:00'), 6: ranges('10:00-12:30') },
  holidays: ['2026-11-18', '2026-11-09'],
  yaml: '  india:\n    timezone: Asia/Kolkata\n    hours: { weekdays: "09:00-13:00, 14:00-18:00", sat: "10:00-12:30" }\n    holidays: [2026-11-18, 2026-11-09]\n',
};
const TOKYO: Cal = {
  name: 'tokyo', offset: 540, tz: 'Asia/Tokyo',
  hours: { 1: ranges('00:00-24:00'), 3: ranges('08:00-20:00'), 4: ranges('22:00-24:00'), 5: ranges('00:00-02:00, 07:15-16:45'), 7: ranges('12:00-13:00') },
  holidays: ['2026-11-13'],
  yaml: '  tokyo:\n    timezone: Asia/Tokyo\n    hours: { mon: "00:00-24:00", wed: "08:00-20:00", thu: "22:00-24:00", fri: "00:00-02:00, 07:15-16:45", sun: "12:00-13:00" }\n    holidays: [2026-11-13]\n',
};
const CALS = [INDIA, TOKYO];

function working(cal: Cal, ms: number): boolean {
  const local = new Date(ms + cal.offset * MIN);
  if (cal.holidays.includes(local.toISOString().slice(0, 10))) return false;
  const dow = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  return (cal.hours[dow] ?? []).some(([a, b]) => a <= m && m < b);
}
/** Working minutes in [from, to) (minute-aligned instants). */
function businessBetween(cal: Cal, from: number, to: number): number {
  let n = 0;
  for (let t = from; t < to; t += MIN) if (working(cal, t)) n++;
  return n;
}
/** The instant when `within` working minutes have elapsed since `from`. */
function businessDue(cal: Cal, from: number, within: number): number {
  let n = 0, t = from;
  while (n < within) { if (working(cal, t)) n++; t += MIN; }
  return t;
}

/** Local period keys of §6 for an instant in a zone `offset` minutes east of UTC. */
function periodKey(ms: number, offset: number, per: string): string {
  const d = new Date(ms + offset * MIN);
  const y = d.getUTCFullYear(), mo = d.getUTCMonth() + 1;
  if (per === 'day') return d.toISOString().slice(0, 10);
  if (per === 'month') return `${y}-${String(mo).padStart(2, '0')}`;
  if (per === 'quarter') return `${y}-Q${Math.ceil(mo / 3)}`;
  // ISO week: the week of the Thursday of this Monday-first week.
  const dow = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const thu = new Date(Date.UTC(y, d.getUTCMonth(), d.getUTCDate() + 4 - dow));
  const wy = thu.getUTCFullYear();
  const week = Math.floor((thu.getTime() - Date.UTC(wy, 0, 1)) / 86_400_000 / 7) + 1;
  return `${wy}-W${String(week).padStart(2, '0')}`;
}

const FIELDS = `${header('fields', 'f')}fields:
  k: { type: enum, values: [x, y, z] }
  hot: { type: boolean }
  start_at: { type: datetime }
  stop_at: { type: datetime }
`;

interface Commitment { id: string; applies: string[]; cal?: Cal; byK?: boolean; business: boolean; within: number; withinText: string; escalate: { after: number; text: string; action: Record<string, string> }[] }

const SEEDS = Array.from({ length: Number(process.env.LEADSPEC_RANDOM_SEEDS) || 4 }, (_, i) => 77 + i * 104_729);

test('§6 response commitments and volume periods: the CLI equals a minute-by-minute reading of SPEC.md on seeded random leads', () => {
  for (const seed of SEEDS) {
    const r = prng(seed);
    const commitments: Commitment[] = [];
    for (let i = 0; i < 4; i++) {
      const business = r() < 0.75;
      const cal = business ? pick(r, CALS) : r() < 0.5 ? pick(r, CALS) : undefined;
      const unit = business ? pick(r, ['m', 'h'] as const) : pick(r, ['m', 'h', 'd', 'w'] as const);
      const n = unit === 'm' ? pick(r, [30, 90, 200]) : unit === 'h' ? int(r, 1, 12) : unit === 'd' ? int(r, 1, 3) : 1;
      const per = { m: 1, h: 60, d: 1440, w: 10_080 }[unit];
      const esc = Array.from({ length: int(r, 0, 2) }, (_, j) => {
        const a = pick(r, [30, 60, 120, 240]);
        const action: Record<string, string> = j % 2 ? { reassign: 'rr' } : { notify: `mgr${j}` };
        return { after: a, text: a % 60 === 0 ? `${a / 60}h` : `${a}m`, action };
      });
      // c3 picks its calendar per lead: `{ by: k, map: { x: india }, default: tokyo }`.
      const byK = i === 3 && business;
      commitments.push({ id: `c${i}`, applies: byK ? ['x', 'y', 'z'] : r() < 0.5 ? ['x', 'y'] : ['x', 'z'], cal, byK, business, within: n * per, withinText: `${n}${unit}`, escalate: esc });
    }
    const volumes = ['day', 'week', 'month', 'quarter'].map((per, i) => ({ id: `v${i}`, per, cal: r() < 0.5 ? pick(r, CALS) : undefined, target: pick(r, [{ gte: 2 }, { lt: 3 }, { between: [1, 2] }]) as Record<string, unknown> }));
    const sla = `${header('sla', 's')}calendars:\n${INDIA.yaml}${TOKYO.yaml}commitments:\n`
      + commitments.map((c) => `  - { id: ${c.id}, applies_to: { k: [${c.applies.join(', ')}] }, start: start_at, stop: stop_at, within: ${c.withinText}, clock: ${c.business ? 'business' : 'calendar'}${c.byK ? ', calendar: { by: k, map: { x: india }, default: tokyo }' : c.cal ? `, calendar: ${c.cal.name}` : ''}${c.escalate.length ? `, escalate: [${c.escalate.map((e) => `{ after: ${e.text}, ${Object.entries(e.action)[0].join(': ')} }`).join(', ')}]` : ''} }\n`).join('')
      + volumes.map((v) => `  - { id: ${v.id}, type: volume, count: { hot: true }, per: ${v.per}, date: start_at, target: ${JSON.stringify(v.target)}${v.cal ? `, calendar: ${v.cal.name}` : ''} }\n`).join('');

    // Leads: starts in the three weeks before as_of (some inside working hours, some not, some
    // after as_of), stops after the start (some before due, some after, some missing).
    const leads: { id: string; k: string; hot: boolean; start?: number; stop?: number }[] = [];
    for (let i = 1; i <= 30; i++) {
      const start = r() < 0.1 ? undefined : AS_OF - int(r, -3 * 60, r() < 0.35 ? 36 * 60 : 21 * 24 * 60) * MIN;
      const stop = start === undefined || r() < 0.35 ? undefined : Math.min(AS_OF, start + pick(r, [int(r, 1, 600), int(r, 600, 6000), 0]) * MIN);
      leads.push({ id: `L${i}`, k: pick(r, ['x', 'y', 'z', '']), hot: r() < 0.7, start, stop: stop !== undefined && stop >= start! ? stop : undefined });
    }
    const csv = ['id,k,hot,start_at,stop_at', ...leads.map((l) => `${l.id},${l.k},${l.hot},${l.start === undefined ? '' : iso(l.start)},${l.stop === undefined ? '' : iso(l.stop)}`)].join('\n') + '\n';
    const ws = workspace({
      'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv }\nas_of: ${iso(AS_OF)}\n`,
      'fields.yaml': FIELDS, 'sla.yaml': sla, 'leads.csv': csv,
    });
    const run = cli(['simulate', '--format', 'json'], ws);
    assert.equal(run.status, 0, `seed ${seed} (${ws}): ${run.stderr}`);
    const out = run.json;

    const seen = { met: 0, breached: 0, open: 0 };
    for (const c of commitments) {
      const key = `s/${c.id}`;
      const counts = { met: 0, breached: 0, open: 0 };
      leads.forEach((l, i) => {
        const got = out.leads[i].sla[key];
        const where = `seed ${seed} (${ws}) ${key} lead ${l.id} start ${l.start && iso(l.start)} stop ${l.stop && iso(l.stop)}\n${sla}`;
        if (!c.applies.includes(l.k) || l.start === undefined) { assert.equal(got, undefined, where); return; }
        const until = l.stop ?? AS_OF;
        const cal = c.byK ? (l.k === 'x' ? INDIA : TOKYO) : c.cal!;
        const due = c.business ? businessDue(cal, l.start, c.within) : l.start + c.within * MIN;
        const elapsed = until <= l.start ? 0 : c.business ? businessBetween(cal, l.start, until) : (until - l.start) / MIN;
        const status = l.stop !== undefined ? (l.stop <= due ? 'met' : 'breached') : AS_OF > due ? 'breached' : 'open';
        counts[status]++;
        const escalations = c.escalate.filter((e) => elapsed > e.after).map((e) => ({ after: e.text, ...e.action }));
        assert.deepEqual(got, { status, due: iso(due), elapsed_minutes: elapsed, escalations }, where);
      });
      const decided = counts.met + counts.breached;
      const attainment = decided === 0 ? null : Math.round((counts.met / decided) * 10_000) / 10_000;
      assert.deepEqual(out.summary.sla[key], { ...counts, attainment }, `seed ${seed} ${key}: summary`);
      seen.met += counts.met; seen.breached += counts.breached; seen.open += counts.open;
    }
    assert.ok(seen.met && seen.breached && seen.open, `seed ${seed}: every status occurs (${JSON.stringify(seen)})`);
    for (const v of volumes) {
      const periods: Record<string, number> = {};
      for (const l of leads) if (l.hot && l.start !== undefined) { const p = periodKey(l.start, v.cal?.offset ?? 0, v.per); periods[p] = (periods[p] ?? 0) + 1; }
      const holds = (n: number) => (v.target.gte !== undefined ? n >= (v.target.gte as number) : v.target.lt !== undefined ? n < (v.target.lt as number) : (v.target.between as number[])[0] <= n && n <= (v.target.between as number[])[1]);
      const want = Object.fromEntries(Object.keys(periods).sort().map((p) => [p, { count: periods[p], met: holds(periods[p]) }]));
      assert.deepEqual(out.summary.sla[`s/${v.id}`].periods, want, `seed ${seed} s/${v.id} (${v.per}, ${v.cal?.tz ?? 'UTC'})`);
    }
  }
});
