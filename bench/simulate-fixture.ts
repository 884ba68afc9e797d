// The seeded leads and events of the simulate benchmark: the same generator for the in-memory
// figures and for the files (leads.csv + events.jsonl) the CLI reads, at any size. Files are
// written once per size into bench/out/ (git-ignored; a `done` marker says they are complete).
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng as mulberry32, type Rng } from './prng.js';

export const AS_OF = Date.UTC(2026, 10, 20, 17, 0, 0);
const DAY = 86_400_000;

const INDUSTRIES = ['SaaS', 'SaaS', 'Fintech', 'Healthcare', 'Retail', 'Education', 'Manufacturing', 'Media', 'Other'];
const REGIONS = ['na', 'na', 'emea', 'apac', 'latam'];
const SENIORITY = ['ic', 'ic', 'manager', 'manager', 'director', 'vp', 'cxo'];
const DEPTS = ['marketing', 'sales', 'revops', 'finance', 'it', 'product', 'other'];
const TECH = ['salesforce', 'hubspot', 'marketo', 'slack', 'segment'];
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * A generator of lead and event records over `leads` leads, seeded (same seed, same records).
 * With `outcomes` (the backtest benchmark), each lead also gets a creation time over 120 days,
 * an opportunity (its time and amount) for about one in six, and sales' verdict, from a second
 * seeded stream: the other columns and the events are the same records as without.
 */
export function fixture(leads: number, seed = 42, outcomes = false): { leadRecord(i: number): Record<string, string>; eventRecord(): Record<string, unknown>; rnd: Rng } {
  const rnd = mulberry32(seed);
  const orng = mulberry32(seed ^ 0x5eed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const EVENT_MIX: [string, () => Record<string, unknown>][] = [
    ['page_view', () => ({ url: pick(['/', '/pricing', '/product/forecasting', '/docs/api', '/blog/x']) })],
    ['page_view', () => ({ url: pick(['/pricing', '/product', '/docs']) })],
    ['page_view', () => ({ url: '/blog/y' })],
    ['email_click', () => ({ campaign: 'nov' })],
    ['content_download', () => ({ asset: 'ebook' })],
    ['webinar_attended', () => ({ topic: 't', minutes: Math.floor(rnd() * 60) })],
    ['demo_request', () => ({})],
    ['trial_signup', () => ({ plan: 'team' })],
  ];
  /** The lead records as a CSV export would hold them (text cells). */
  function leadRecord(i: number): Record<string, string> {
    const employees = Math.max(1, Math.round(Math.exp(Math.log(160) + 1.4 * (rnd() + rnd() + rnd() - 1.5) * 2)));
    const mql = rnd() < 0.15 ? AS_OF - Math.floor(rnd() * 60 * DAY) : undefined;
    const rec: Record<string, string> = {
      id: `L${i}`, company: `Co ${i}`, employees: String(employees), annual_revenue: String(employees * 200000), industry: pick(INDUSTRIES),
      country: 'US', region: pick(REGIONS), tech_stack: TECH.filter(() => rnd() < 0.3).join(';'),
      email: rnd() < 0.1 ? `x${i}@gmail.com` : rnd() < 0.01 ? `x${i}@competitor.example` : `p${i}@co${i}.example`,
      job_title: 'VP Sales', seniority: pick(SENIORITY), department: pick(DEPTS), lead_source: 'organic',
      created_at: iso(AS_OF - 90 * DAY), mql_at: mql ? iso(mql) : '', first_touch_at: mql && rnd() < 0.8 ? iso(mql + Math.floor(rnd() * 30) * 3_600_000) : '',
      opted_out: rnd() < 0.03 ? 'true' : 'false',
    };
    if (outcomes) {
      const created = AS_OF - Math.floor(orng() * 120 * DAY);
      // Senior buyers convert more often: a ranking the sample models can partly see.
      const p = 0.08 + (['director', 'vp', 'cxo'].includes(rec.seniority) ? 0.12 : 0);
      const conv = orng() < p ? created + Math.floor(orng() * 60 * DAY) : undefined;
      rec.created_at = iso(created);
      rec.opportunity_created_at = conv !== undefined && conv <= AS_OF ? iso(conv) : '';
      rec.opportunity_amount = rec.opportunity_created_at ? (5000 + orng() * 50000).toFixed(2) : '';
      rec.sales_status = orng() < 0.2 ? ['accepted', 'working', 'rejected', 'recycled', 'nurture'][Math.floor(orng() * 5)] : '';
      rec.rejection_reason = rec.sales_status === 'rejected' && orng() < 0.6 ? 'no_budget' : '';
    }
    return rec;
  }
  function eventRecord(): Record<string, unknown> {
    const [event, props] = pick(EVENT_MIX);
    return { lead_id: `L${Math.floor(rnd() * leads)}`, event, at: iso(AS_OF - Math.floor(rnd() * 90 * DAY)), ...props() };
  }
  return { leadRecord, eventRecord, rnd };
}

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const ws = createWriteStream(path);
  let buf = '';
  for (const l of lines) {
    buf += l + '\n';
    if (buf.length > 1 << 16) { if (!ws.write(buf)) await new Promise<void>((r) => ws.once('drain', () => r())); buf = ''; }
  }
  ws.write(buf);
  await new Promise<void>((r) => ws.end(() => r()));
}

/**
 * Writes `leads` leads (CSV) and `events` events (JSON Lines, in random lead order as an event
 * log would be) into `dir`, once: a `done` marker skips the work next time.
 */
export async function writeFixtureFiles(dir: string, leads: number, events: number, seed = 42, outcomes = false): Promise<{ leads: string; events: string }> {
  const out = { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl') };
  if (existsSync(join(dir, 'done'))) return out;
  mkdirSync(dir, { recursive: true });
  const f = fixture(leads, seed, outcomes);
  const header = Object.keys(f.leadRecord(0));
  await writeLines(out.leads, (function* () { yield header.join(','); for (let i = 0; i < leads; i++) { const r = f.leadRecord(i); yield header.map((h) => cell(r[h])).join(','); } })());
  await writeLines(out.events, (function* () { for (let i = 0; i < events; i++) yield JSON.stringify(f.eventRecord()); })());
  writeFileSync(join(dir, 'done'), 'ok\n');
  return out;
}

// `node --import tsx bench/simulate-fixture.ts LEADS EVENTS` writes bench/out/sim-LEADS-EVENTS/;
// with `--outcomes` (the backtest benchmark), bench/out/bt-LEADS-EVENTS/.
if (process.argv[1] && /simulate-fixture\.ts$/.test(process.argv[1])) {
  const outcomes = process.argv.includes('--outcomes');
  const [l, e] = process.argv.slice(2).filter((a) => a !== '--outcomes').map(Number);
  const [L, E] = [l ?? 1_000_000, e ?? 10_000_000];
  writeFixtureFiles(join('bench', 'out', `${outcomes ? 'bt' : 'sim'}-${L}-${E}`), L, E, 42, outcomes).then((p) => console.log(p.leads, p.events));
}
