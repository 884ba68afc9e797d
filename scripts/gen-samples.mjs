// Generates samples/leads.csv (~2,000 leads) and samples/events.jsonl (~50,000 events) for the
// catalog samples/fields.yaml. Deterministic: a seeded PRNG and a fixed end instant, so the
// files only change when this script does.
//
//   node scripts/gen-samples.mjs [--leads N] [--seed S] [--out DIR]
//
// The mix is meant to look like a B2B SaaS inbound funnel over 90 days: log-normal company
// sizes, a realistic spread of industries, regions, seniorities and channels, some personal and
// competitor e-mail addresses, engagement that ranges from a single page view to a trial plus a
// demo, MQL and first-touch timestamps for the SLA, and a few dirty cells (a headcount of "n/a",
// an industry the catalog does not know, an extra CRM column) so that data warnings show.
// Outcomes (SPEC §11) are appended as the last four columns: opportunity_created_at,
// opportunity_amount, sales_status, rejection_reason.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '2000' }, seed: { type: 'string', default: '20261120' }, out: { type: 'string', default: 'samples' } } });
const N = Number(values.leads);
const END = Date.UTC(2026, 10, 20, 17, 0, 0); // Friday 2026-11-20 17:00Z: the latest instant of the sample
const DAY = 86400000, HOUR = 3600000, MIN = 60000;
const SPAN = 90 * DAY;

// ---- seeded randomness -----------------------------------------------------------------------
function mulberry32(a) {
  return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const rnd = mulberry32(Number(values.seed));
const chance = (p) => rnd() < p;
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
function weighted(table) {
  const total = Object.values(table).reduce((a, b) => a + b, 0);
  let r = rnd() * total;
  for (const [k, w] of Object.entries(table)) { r -= w; if (r < 0) return k; }
  return Object.keys(table).at(-1);
}
function normal() { let u = 0, v = 0; while (u === 0) u = rnd(); while (v === 0) v = rnd(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); }
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

// ---- vocabulary ------------------------------------------------------------------------------
const SYL = ['ac', 'me', 'no', 'va', 'lu', 'mi', 'ra', 'zen', 'tri', 'co', 'bel', 'dat', 'flo', 'gri', 'hex', 'io', 'ka', 'lin', 'mon', 'pix', 'quo', 'sol', 'tor', 'vex', 'wav', 'xen', 'yel', 'ori', 'nex', 'vi'];
const SUFFIX = ['', '', ' Inc', ' Labs', ' Systems', ' Group', ' GmbH', ' Ltd', ' Analytics', ' Health', ' Pay', ' Cloud'];
const FIRST = ['alex', 'sam', 'maria', 'li', 'jonas', 'fatima', 'noah', 'emma', 'raj', 'yuki', 'lucas', 'sofia', 'omar', 'chen', 'anna', 'david', 'laura', 'kofi', 'ines', 'mateo', 'hana', 'paul', 'sara', 'ivan', 'zoe'];
const LAST = ['smith', 'mueller', 'garcia', 'wang', 'kim', 'rossi', 'nguyen', 'novak', 'silva', 'khan', 'dubois', 'sato', 'jensen', 'brown', 'lopez', 'fischer', 'okafor', 'patel', 'cohen', 'martin'];
const INDUSTRY = { SaaS: 30, Fintech: 15, Healthcare: 12, Retail: 10, Education: 7, Manufacturing: 10, Media: 7, Other: 9 };
const REGION = { na: 48, emea: 32, apac: 14, latam: 6 };
const COUNTRIES = { na: { US: 85, CA: 15 }, emea: { DE: 25, GB: 30, FR: 15, NL: 10, SE: 8, ES: 7, IE: 5 }, apac: { AU: 35, SG: 20, JP: 25, IN: 20 }, latam: { BR: 55, MX: 30, AR: 15 } };
const SENIORITY = { ic: 34, manager: 28, director: 18, vp: 13, cxo: 7 };
const DEPARTMENT = { marketing: 30, sales: 18, revops: 14, finance: 8, it: 12, product: 10, other: 8 };
const DEPT_TITLE = { marketing: 'Marketing', sales: 'Sales', revops: 'Revenue Operations', finance: 'Finance', it: 'IT', product: 'Product', other: 'Operations' };
const SOURCE = { organic: 30, paid_search: 18, paid_social: 10, webinar: 10, event: 7, referral: 9, partner: 6, outbound: 10 };
const TECH = ['salesforce', 'hubspot', 'marketo', 'slack', 'zendesk', 'segment', 'snowflake', 'intercom', 'pardot'];
const PERSONAL = ['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com'];

function title(seniority, dept) {
  const d = DEPT_TITLE[dept];
  switch (seniority) {
    case 'cxo': return pick({ marketing: ['CMO'], sales: ['CRO', 'Chief Revenue Officer'], revops: ['CRO'], finance: ['CFO'], it: ['CIO', 'CTO'], product: ['CPO'], other: ['COO', 'CEO'] }[dept]);
    case 'vp': return `VP ${d}`;
    case 'director': return `Director of ${d}`;
    case 'manager': return `${d} Manager`;
    default: return pick([`${d} Specialist`, `${d} Analyst`, `${d} Associate`]);
  }
}

function company() {
  const n = int(2, 3);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(SYL);
  const name = s[0].toUpperCase() + s.slice(1);
  return { name: name + pick(SUFFIX), domain: `${s}.example` };
}

/** A working-hours-biased instant between lo and hi (people browse mostly on weekdays, by day). */
function activeInstant(lo, hi) {
  for (let tries = 0; tries < 8; tries++) {
    const t = lo + rnd() * (hi - lo);
    const d = new Date(t);
    const wd = d.getUTCDay(), h = d.getUTCHours();
    if ((wd === 0 || wd === 6) && chance(0.75)) continue;
    if ((h < 7 || h > 21) && chance(0.7)) continue;
    return Math.floor(t / 1000) * 1000;
  }
  return Math.floor((lo + rnd() * (hi - lo)) / 1000) * 1000;
}

const URLS = {
  home: ['/', '/'], pricing: ['/pricing', '/pricing?plan=team', '/pricing?plan=enterprise'],
  product: ['/product', '/product/forecasting', '/product/attribution', '/product/integrations/salesforce'],
  docs: ['/docs', '/docs/getting-started', '/docs/api', '/docs/sso'], blog: ['/blog/revops-metrics', '/blog/lead-scoring-101', '/blog/sla-benchmarks'],
  customers: ['/customers', '/customers/northwind'],
};
const PAGE_MIX = { home: 18, pricing: 14, product: 22, docs: 14, blog: 24, customers: 8 };
const ASSETS = ['state-of-revops-2026', 'lead-scoring-playbook', 'sla-template', 'forecasting-ebook'];
const TOPICS = ['Pipeline hygiene', 'Scoring that sales trusts', 'Forecasting in 30 minutes'];
const CAMPAIGNS = ['nov-newsletter', 'oct-newsletter', 'webinar-invite', 'trial-nurture', 'product-update'];

// ---- leads and events ------------------------------------------------------------------------
const leads = [];
const events = [];
for (let i = 1; i <= N; i++) {
  const id = `L${String(i).padStart(5, '0')}`;
  const co = company();
  const employees = Math.max(1, Math.min(250000, Math.round(Math.exp(Math.log(160) + 1.45 * normal()))));
  const industry = weighted(INDUSTRY);
  const region = weighted(REGION);
  const country = weighted(COUNTRIES[region]);
  const seniority = weighted(SENIORITY);
  const department = weighted(DEPARTMENT);
  const first = pick(FIRST), last = pick(LAST);
  let domain = co.domain;
  if (chance(0.11)) domain = pick(PERSONAL);
  else if (chance(0.012)) domain = 'competitor.example';
  const stack = TECH.filter((t) => chance(t === 'salesforce' ? Math.min(0.8, 0.15 + Math.log10(employees + 1) * 0.15) : t === 'hubspot' ? 0.3 : 0.18));
  const revenue = chance(0.15) ? '' : String(Math.round(employees * (90000 + rnd() * 260000) / 1000) * 1000);
  const createdAt = activeInstant(END - SPAN, END - 2 * HOUR);

  // Engagement: most leads look around a little; a fifth are active; a few are very hot.
  const heat = rnd();
  const nEvents = heat < 0.45 ? int(1, 8) : heat < 0.8 ? int(10, 42) : heat < 0.95 ? int(30, 80) : int(80, 160);
  const lo = createdAt, hi = END;
  const lead = { id, co, employees, industry, region, country, seniority, department, first, last, domain, stack, revenue, createdAt, events: [] };
  const push = (event, at, props = {}) => { const e = { lead_id: id, event, at, ...props }; events.push(e); lead.events.push(e); };
  // The first event is the visit that created the lead.
  push('page_view', createdAt, { url: pick(['/', '/pricing', '/blog/lead-scoring-101', '/product']) });
  for (let k = 1; k < nEvents; k++) {
    const at = activeInstant(lo, hi);
    const r = rnd();
    if (r < 0.8) push('page_view', at, { url: pick(URLS[weighted(PAGE_MIX)]) });
    else if (r < 0.9) push('email_click', at, { campaign: pick(CAMPAIGNS) });
    else if (r < 0.96) push('content_download', at, { asset: pick(ASSETS) });
    else push('webinar_attended', at, { topic: pick(TOPICS), minutes: int(4, 60) });
  }
  // Buying signals, likelier for hot leads and good fits.
  const fitBoost = (['SaaS', 'Fintech'].includes(industry) ? 0.05 : 0) + (['vp', 'cxo', 'director'].includes(seniority) ? 0.05 : 0);
  // Buyers ask for a demo or start a trial within days of arriving, not uniformly later.
  const soon = () => { const t = createdAt + Math.floor(-Math.log(1 - rnd()) * 10 * DAY); return t < END ? activeInstant(t, Math.min(END, t + DAY)) : activeInstant(lo, hi); };
  if (chance((heat > 0.8 ? 0.35 : heat > 0.45 ? 0.1 : 0.02) + fitBoost)) push('demo_request', soon());
  if (chance((heat > 0.8 ? 0.3 : heat > 0.45 ? 0.12 : 0.03) + fitBoost / 2)) push('trial_signup', soon(), { plan: pick(['team', 'team', 'business']) });
  if (chance(0.035)) push('unsubscribe', activeInstant(lo, hi));
  lead.events.sort((a, b) => a.at - b.at);
  leads.push(lead);
}

// MQL and first touch: the CRM marks a lead MQL at its first demo request or trial signup (or
// when a hot lead keeps coming back to pricing); SDRs then touch it, mostly within hours.
for (const l of leads) {
  const signal = l.events.find((e) => e.event === 'demo_request' || e.event === 'trial_signup')
    ?? (l.events.filter((e) => e.url?.startsWith('/pricing')).length >= 6 ? l.events.filter((e) => e.url?.startsWith('/pricing'))[5] : undefined);
  l.mqlAt = signal ? signal.at + int(1, 30) * MIN : undefined;
  if (l.mqlAt !== undefined && l.mqlAt > END) l.mqlAt = END - int(1, 30) * MIN;
  l.firstTouchAt = undefined;
  if (l.mqlAt !== undefined) {
    const r = rnd();
    const delay = r < 0.5 ? int(10, 180) * MIN : r < 0.75 ? int(3, 20) * HOUR : r < 0.88 ? int(20, 96) * HOUR : undefined;
    if (delay !== undefined && l.mqlAt + delay <= END) l.firstTouchAt = l.mqlAt + delay;
  }
  l.optedOut = l.events.some((e) => e.event === 'unsubscribe');
}

// ---- dirty cells, as in a real CRM export ----------------------------------------------------
const dirty = (i) => (i * 7919) % N; // deterministic, spread over the file
for (let k = 0; k < 6; k++) leads[dirty(k + 1)].employees = pick(['n/a', '10-50', 'unknown']);
for (let k = 0; k < 3; k++) leads[dirty(k + 11)].industry = pick(['Crypto', 'Gov']);
for (let k = 0; k < 8; k++) leads[dirty(k + 21)].industry = leads[dirty(k + 21)].industry.toLowerCase(); // still matches: enums are case-insensitive

// ---- outcomes (SPEC §11) -------------------------------------------------------------------------
// Whether a lead became an opportunity comes from a hidden propensity of firmographics and
// behaviour plus noise — never from the sample models — so the models come out imperfect, as
// real ones do. The propensity ignores the department and webinars on purpose: the inbound
// model's `revops-buyer` and `webinar` rules then predict nothing, which the backtest shows.
// A PRNG of its own, so the columns above stay byte-identical to the earlier samples.
const orng = mulberry32(Number(values.seed) ^ 0x5eed0c0e);
const onormal = () => { let u = 0, v = 0; while (u === 0) u = orng(); while (v === 0) v = orng(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); };
const opick = (xs) => xs[Math.floor(orng() * xs.length)];
for (const l of leads) {
  const emp = typeof l.employees === 'number' ? l.employees : 50;
  const count = (name) => l.events.filter((e) => e.event === name).length;
  const pricing = Math.min(6, l.events.filter((e) => e.url?.startsWith('/pricing')).length);
  const personal = PERSONAL.includes(l.domain) || l.domain === 'competitor.example';
  const logit = -3.2 + 0.45 * Math.log10(emp + 1)
    + (['SaaS', 'Fintech'].includes(l.industry) ? 0.6 : l.industry === 'Education' ? -0.8 : 0)
    + ({ ic: -0.5, manager: 0, director: 0.3, vp: 0.5, cxo: 0.4 }[l.seniority] ?? 0)
    + (personal ? -1.2 : 0) + (l.stack.includes('salesforce') ? 0.3 : 0)
    + (count('demo_request') ? 1.4 : 0) + (count('trial_signup') ? 0.9 : 0) + 0.12 * pricing
    + (l.optedOut ? -0.6 : 0) + 0.9 * onormal();
  const p = 1 / (1 + Math.exp(-logit));
  // Those who convert do so some days after arriving (or after their demo); later than END is unknown.
  const start = l.events.find((e) => e.event === 'demo_request')?.at ?? l.createdAt;
  const delay = Math.floor(-Math.log(1 - orng()) * 18 * DAY) + int32(orng, 2, 30) * HOUR;
  const converts = orng() < p;
  l.opportunityAt = converts && start + delay <= END - HOUR ? Math.floor((start + delay) / 1000) * 1000 : undefined;
  l.amount = l.opportunityAt !== undefined ? Math.round(Math.min(250000, (6000 + emp * 45) * Math.exp(0.35 * onormal())) / 500) * 500 : undefined;
  // Sales' verdict on what marketing handed over (leads with an MQL time), as the CRM shows it now.
  l.salesStatus = '';
  l.rejectionReason = '';
  if (l.opportunityAt !== undefined) l.salesStatus = orng() < 0.8 ? 'accepted' : 'working';
  else if (l.mqlAt !== undefined) {
    const r = orng();
    if (r < 0.15 + 0.6 * p) l.salesStatus = 'working';
    else if (r < 0.8) {
      l.salesStatus = 'rejected';
      l.rejectionReason = personal ? 'personal_email' : emp < 50 ? 'too_small' : l.seniority === 'ic' && orng() < 0.6 ? 'no_authority'
        : opick(['no_budget', 'no_budget', 'bad_timing', 'existing_customer']);
    } else l.salesStatus = orng() < 0.5 ? 'recycled' : 'nurture';
  } else if (orng() < 0.04) l.salesStatus = 'nurture';
}
function int32(r, lo, hi) { return lo + Math.floor(r() * (hi - lo + 1)); }

// ---- write -----------------------------------------------------------------------------------
const csvCell = (v) => { const s = v === undefined || v === null ? '' : String(v); return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
const header = ['id', 'company', 'employees', 'annual_revenue', 'industry', 'country', 'region', 'tech_stack', 'email', 'job_title', 'seniority',
  'department', 'lead_source', 'created_at', 'mql_at', 'first_touch_at', 'opted_out', 'crm_owner',
  'opportunity_created_at', 'opportunity_amount', 'sales_status', 'rejection_reason'];
const OWNERS = ['Dana Reyes', 'Tom Becker', 'Priya Shah', 'Marco Bianchi', ''];
const rows = [header.join(',')];
for (const l of leads) {
  // Some account names carry commas and quotes, as CRM exports do.
  const name = l.co.name.endsWith(' Group') && chance(0.3) ? `${l.co.name.replace(' Group', '')}, Jones & "Partners"` : l.co.name;
  rows.push([
    l.id, name, l.employees, l.revenue, l.industry, l.country, l.region, l.stack.join(';'), `${l.first}.${l.last}@${l.domain}`,
    title(l.seniority, l.department), l.seniority, l.department, weighted(SOURCE), iso(l.createdAt),
    l.mqlAt !== undefined ? iso(l.mqlAt) : '', l.firstTouchAt !== undefined ? iso(l.firstTouchAt) : '', l.optedOut ? 'true' : 'false', pick(OWNERS),
    l.opportunityAt !== undefined ? iso(l.opportunityAt) : '', l.amount ?? '', l.salesStatus, l.rejectionReason,
  ].map(csvCell).join(','));
}
// The sample ends with a visit at END exactly, so `as_of` (the latest time in the sample) is a round instant.
events.push({ lead_id: leads[0].id, event: 'page_view', at: END, url: '/pricing' });
events.sort((a, b) => a.at - b.at || (a.lead_id < b.lead_id ? -1 : a.lead_id > b.lead_id ? 1 : 0));
const lines = events.map((e) => JSON.stringify({ ...e, at: iso(e.at) }));

mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'leads.csv'), rows.join('\n') + '\n');
writeFileSync(join(values.out, 'events.jsonl'), lines.join('\n') + '\n');
console.log(`wrote ${join(values.out, 'leads.csv')} (${leads.length} leads) and ${join(values.out, 'events.jsonl')} (${events.length} events)`);
