// Seeded generators for the SQL differential tests: a catalog, random ICPs and scoring models
// drawn from the shapes the schema allows (rules, groups with every pick mode, event rules with
// where/within/decay/clamps, section clamps, grades or a matrix, weights, disqualify, mql), and
// random leads/events that hit the edges (missing, blank, odd case and spacing, unparseable
// values, events exactly at the window boundaries and after as_of).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FieldsDef, IcpDef, ScoringDef, Condition } from '../../server/src/core/model.js';
import type { Rng } from '../../bench/prng.js';

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: Rng, p: number) => r() < p;

export const AS_OF = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

export const INDUSTRIES = ['SaaS', 'Fintech', 'Healthcare', 'Retail', 'Education', 'Other'];
export const SENIORITY = ['ic', 'manager', 'director', 'vp', 'cxo'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'us', ' De ', 'Brazil'];
const TECH = ['salesforce', 'hubspot', 'marketo', 'segment', 'snowflake'];
const URLS = ['https://x.io/pricing', 'https://x.io/docs', 'https://x.io/Pricing/enterprise', 'https://x.io/blog', '/pricing'];
const EVENTS = ['page_view', 'demo_request', 'email_click', 'unsubscribe'];

export const catalog: FieldsDef = {
  leadspec: 'v1', kind: 'fields', id: 'crm',
  fields: {
    employees: { type: 'integer', min: 0 },
    revenue: { type: 'number' },
    industry: { type: 'enum', values: INDUSTRIES },
    country: { type: 'string' },
    seniority: { type: 'enum', values: SENIORITY },
    tech: { type: 'list' },
    active: { type: 'boolean' },
    signup: { type: 'date' },
    seen_at: { type: 'datetime' },
    email: { type: 'string' },
  },
  events: {
    page_view: { properties: { url: 'string', secs: 'number' } },
    demo_request: {},
    email_click: { properties: { bot: 'boolean' } },
    unsubscribe: {},
  },
};

const POINTS = [-25, -10, -5, -2.5, 1, 2.5, 3, 5, 7.5, 10, 12.25, 15, 20, 0.1, 33.3, 40];
const DURATIONS = ['90m', '12h', '1d', '7d', '14d', '30d', '2w', '45d'];
const dateStr = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A field test on one lead field, with an operator its type allows. */
function fieldTest(r: Rng): Condition {
  const f = pick(r, Object.keys(catalog.fields!));
  const t = catalog.fields![f].type;
  if (chance(r, 0.08)) return { [f]: { exists: chance(r, 0.5) } };
  switch (t) {
    case 'integer': case 'number': {
      const n = t === 'integer' ? int(r, 0, 1500) : Math.round(r() * 5e6) / 100;
      const op = pick(r, ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'not_in']);
      if (op === 'between') return { [f]: { between: [n, n + int(r, 0, 800)] } };
      if (op === 'in' || op === 'not_in') return { [f]: { [op]: [n, 50, 200, 1000] } };
      return { [f]: { [op]: op === 'eq' || op === 'ne' ? pick(r, [50, 200, 1000, n]) : n } };
    }
    case 'enum': case 'string': {
      const vals = f === 'industry' ? INDUSTRIES : f === 'seniority' ? SENIORITY : f === 'email' ? ['@gmail.com', '@acme.io', 'a@'] : COUNTRIES;
      const v = pick(r, vals);
      const cased = chance(r, 0.3) ? ` ${v.toUpperCase()} ` : v;
      const op = pick(r, t === 'string' ? ['eq', 'ne', 'in', 'not_in', 'contains', 'starts_with', 'ends_with', 'scalar', 'list'] : ['eq', 'ne', 'in', 'not_in', 'scalar', 'list']);
      if (op === 'scalar') return { [f]: cased };
      if (op === 'list') return { [f]: [cased, pick(r, vals)] };
      if (op === 'in' || op === 'not_in') return { [f]: { [op]: [cased, pick(r, vals)] } };
      return { [f]: { [op]: cased } };
    }
    case 'list': {
      const op = pick(r, ['includes', 'includes_any', 'includes_all']);
      return { [f]: { [op]: op === 'includes' ? pick(r, TECH) : [pick(r, TECH), pick(r, TECH).toUpperCase()] } };
    }
    case 'boolean': return { [f]: chance(r, 0.5) ? true : { eq: false } };
    case 'date': case 'datetime': {
      const ms = AS_OF - int(r, 0, 400) * DAY + (t === 'datetime' ? int(r, 0, 23) * 3_600_000 : 0);
      const lit = t === 'date' || chance(r, 0.3) ? dateStr(ms) : new Date(ms).toISOString();
      const op = pick(r, ['gt', 'gte', 'lt', 'lte', 'between', 'eq']);
      if (op === 'between') return { [f]: { between: [lit, t === 'date' ? dateStr(ms + 90 * DAY) : new Date(ms + 90 * DAY).toISOString()] } };
      return { [f]: { [op]: lit } };
    }
  }
  return { country: 'US' };
}

function eventCond(r: Rng): Condition {
  const ev = pick(r, EVENTS);
  const c: Condition = { event: ev };
  if (ev === 'page_view' && chance(r, 0.5)) c.where = { url: { contains: pick(r, ['/pricing', 'DOCS', 'x.io']) } };
  if (ev === 'page_view' && chance(r, 0.2)) c.where = { secs: { gte: int(r, 0, 120) } };
  if (ev === 'email_click' && chance(r, 0.4)) c.where = { not: { bot: true } };
  if (chance(r, 0.6)) c.within = pick(r, DURATIONS);
  if (chance(r, 0.6)) c.count = pick(r, [{ gte: int(r, 1, 5) }, { eq: 0 }, { between: [1, 3] }, { lt: 2 }]);
  return c;
}

export function condition(r: Rng, depth = 0, refs: { icps?: IcpDef[] } = {}): Condition {
  const roll = r();
  if (depth < 2 && roll < 0.15) return { all: [condition(r, depth + 1, refs), condition(r, depth + 1, refs)] };
  if (depth < 2 && roll < 0.3) return { any: [condition(r, depth + 1, refs), condition(r, depth + 1, refs), condition(r, depth + 1, refs)] };
  if (depth < 2 && roll < 0.38) return { not: condition(r, depth + 1, refs) };
  if (roll < 0.5) return eventCond(r);
  if (refs.icps?.length && roll < 0.58) {
    const icp = pick(r, refs.icps);
    if (chance(r, 0.5) && icp.tiers?.length) return { tier: `${icp.id}/${pick(r, icp.tiers).id}` };
    return { icp: icp.id };
  }
  if (roll < 0.66) return { ...fieldTest(r), ...fieldTest(r) };
  return fieldTest(r);
}

export function randomIcps(r: Rng): IcpDef[] {
  return [0, 1].map((i) => {
    const def: IcpDef = { leadspec: 'v1', kind: 'icp', id: `icp-${i}`, match: condition(r, 1) };
    if (chance(r, 0.6)) def.exclude = condition(r, 1);
    if (chance(r, 0.8)) {
      def.tiers = [{ id: 't1', when: condition(r, 1) }, { id: 't2', when: condition(r, 1) }];
      if (chance(r, 0.6)) def.tiers.push({ id: 't3' });
    }
    if (chance(r, 0.7)) def.personas = [{ id: 'p1', when: condition(r, 1) }, { id: 'p2', when: fieldTest(r) }];
    return def;
  });
}

function eventRule(r: Rng, id: string, sectionDecay: boolean): Record<string, unknown> {
  const ev = pick(r, EVENTS);
  const rule: Record<string, unknown> = { id, event: ev, points: pick(r, POINTS) };
  if (ev === 'page_view' && chance(r, 0.5)) rule.where = { url: { contains: pick(r, ['/pricing', 'docs']) } };
  if (chance(r, 0.5)) rule.within = pick(r, DURATIONS);
  if (chance(r, 0.4)) rule.max = pick(r, [5, 10, 20, 12.5]);
  if (chance(r, 0.2)) rule.min = pick(r, [-20, -5, 0]);
  if (chance(r, 0.35)) rule.decay = { half_life: pick(r, ['1d', '7d', '30d', '36h']) };
  else if (sectionDecay && chance(r, 0.3)) rule.decay = 'none';
  return rule;
}

export function randomModel(r: Rng, id: string, icps: IcpDef[]): ScoringDef {
  let n = 0;
  const whenRule = () => ({ id: `r${n++}`, when: condition(r, 0, { icps }), points: pick(r, POINTS) });
  const section = (events: boolean) => {
    const decay = events && chance(r, 0.5);
    const s: Record<string, unknown> = {};
    if (chance(r, 0.5)) s.max = pick(r, [30, 50, 100, 47.5]);
    if (chance(r, 0.3)) s.min = pick(r, [-10, 0, 5]);
    if (decay) s.decay = { half_life: pick(r, ['7d', '30d']) };
    const rules: unknown[] = [];
    for (let i = int(r, 1, 5); i > 0; i--) {
      if (chance(r, 0.25)) {
        const g: Record<string, unknown> = { group: `g${n++}`, rules: [] as unknown[] };
        if (chance(r, 0.75)) g.pick = pick(r, ['sum', 'first', 'max']);
        if (chance(r, 0.5)) g.max = pick(r, [10, 25, 40]);
        if (chance(r, 0.2)) g.min = pick(r, [-5, 2]);
        for (let j = int(r, 1, 4); j > 0; j--) (g.rules as unknown[]).push(events && chance(r, 0.6) ? eventRule(r, `r${n++}`, decay) : whenRule());
        rules.push(g);
      } else rules.push(events && chance(r, 0.7) ? eventRule(r, `r${n++}`, decay) : whenRule());
    }
    s.rules = rules;
    return s;
  };
  const m: Record<string, unknown> = { leadspec: 'v1', kind: 'scoring', id };
  if (chance(r, 0.9)) m.fit = section(false);
  if (chance(r, 0.9)) m.engagement = section(true);
  if (chance(r, 0.4)) m.total = { weights: { fit: pick(r, [0.6, 0.5, 0.3, 0.75]), engagement: pick(r, [0.4, 0.5, 0.7, 0.25, 0.35]) } };
  const bands = (ids: string[]) => {
    const mins = ids.slice(0, -1).map(() => pick(r, [-5, 0, 10, 20, 35, 50, 62.5, 80])).sort((a, b) => b - a);
    return ids.map((bid, i) => (i < ids.length - 1 ? { id: bid, min: mins[i] } : chance(r, 0.9) ? { id: bid } : { id: bid, min: -10 }));
  };
  if (chance(r, 0.3)) m.matrix = { fit: bands(['A', 'B', 'C']), engagement: bands(['1', '2', '3']) };
  else m.grades = bands(['A', 'B', 'C', 'D']);
  if (chance(r, 0.5)) m.disqualify = chance(r, 0.3) ? { grade: 'D', ...fieldTest(r) } : { any: [fieldTest(r), { fit: { lt: pick(r, [0, 5]) } }] };
  if (chance(r, 0.9)) {
    m.mql = pick(r, [
      { any: [{ grade: pick(r, ['A', 'a', 'A1']) }, { fit: { gte: 20 }, engagement: { gte: 10 } }] },
      { total: { gte: pick(r, [10, 30, 47.5]) } },
      { all: [{ grade: { in: ['A', 'B', 'A1', 'B2'] } }, { not: { disqualified: true } }, fieldTest(r)] },
      { engagement: { between: [5, 60] }, fit_grade: 'A' },
    ]);
  }
  return m as unknown as ScoringDef;
}

/** Random leads (CSV text cells) and events (JSON Lines records). */
export function randomData(r: Rng, n: number): { header: string[]; rows: string[][]; events: Record<string, unknown>[] } {
  const header = ['id', ...Object.keys(catalog.fields!)];
  const rows: string[][] = [];
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = `L${i}`;
    const cell = (f: string): string => {
      if (chance(r, 0.12)) return chance(r, 0.5) ? '' : '  ';
      switch (f) {
        case 'employees': return chance(r, 0.03) ? 'many' : chance(r, 0.03) ? '12.5' : String(pick(r, [0, 49, 50, 200, 999, 1000, 1001, int(r, 0, 1500)]));
        case 'revenue': return chance(r, 0.03) ? 'n/a' : String(Math.round(r() * 5e6) / 100);
        case 'industry': { const v = pick(r, INDUSTRIES); return chance(r, 0.2) ? ` ${v.toLowerCase()} ` : chance(r, 0.03) ? 'Mining' : v; }
        case 'country': return pick(r, COUNTRIES);
        case 'seniority': { const v = pick(r, SENIORITY); return chance(r, 0.2) ? v.toUpperCase() : v; }
        case 'tech': return Array.from({ length: int(r, 0, 3) }, () => (chance(r, 0.2) ? ` ${pick(r, TECH).toUpperCase()} ` : pick(r, TECH))).join(';');
        case 'active': return pick(r, ['true', 'false', 'yes', 'no', 'TRUE', '1', '0', 'maybe']);
        case 'signup': return chance(r, 0.03) ? '2026-13-01' : dateStr(AS_OF - int(r, 0, 400) * DAY);
        case 'seen_at': return chance(r, 0.03) ? 'yesterday' : new Date(AS_OF - int(r, -5, 400) * DAY + int(r, 0, 23) * 3_600_000).toISOString();
        case 'email': return pick(r, ['a@gmail.com', 'b@acme.io', ' C@GMAIL.COM ', 'd@shop.com', 'a@x.io']);
      }
      return '';
    };
    rows.push([id, ...header.slice(1).map(cell)]);
    for (let k = int(r, 0, 12); k > 0; k--) {
      const ev = pick(r, EVENTS);
      // Ages in whole minutes, hours and days so that window edges (exactly 7d, 30d…) occur.
      const age = pick(r, [0, int(r, 0, 60) * DAY, int(r, 0, 60) * DAY, int(r, 0, 200) * 3_600_000, 7 * DAY, 30 * DAY, 14 * DAY, 90 * 60000, -DAY]);
      const e: Record<string, unknown> = { lead_id: id, event: chance(r, 0.1) ? ` ${ev.toUpperCase()} ` : ev, at: new Date(AS_OF - age).toISOString() };
      if (ev === 'page_view') { e.url = pick(r, URLS); if (chance(r, 0.7)) e.secs = chance(r, 0.02) ? 'long' : int(r, 0, 200); }
      if (ev === 'email_click' && chance(r, 0.6)) e.bot = chance(r, 0.02) ? 'perhaps' : chance(r, 0.3);
      // Rows the loader must skip or flag, each with its warning.
      if (chance(r, 0.004)) e.lead_id = pick(r, ['', 'GHOST', ' ']);
      if (chance(r, 0.004)) e.event = pick(r, ['', 'webinar', 'Webinar']);
      if (chance(r, 0.004)) e.at = pick(r, ['', 'soon', '2026-02-30T00:00:00Z', null]);
      events.push(e);
    }
  }
  return { header, rows, events };
}

export function toCsv(header: string[], rows: string[][]): string {
  const q = (s: string) => (/[",\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header.join(','), ...rows.map((r) => r.map(q).join(','))].join('\n') + '\n';
}

/** A scratch folder `.cache/<name>-<pid>` for one test, removed after it. */
export function scratchDir(t: { after(fn: () => void): void }, name: string): string {
  const dir = join(resolve(__dirname, '..', '..'), '.cache', `${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Generated leads and events as the two sample files, `leads.csv` and `events.jsonl` in `dir`. */
export function writeSamples(dir: string, data: { header: string[]; rows: string[][]; events: Record<string, unknown>[] }): { leads: string; events: string } {
  const leads = join(dir, 'leads.csv'), events = join(dir, 'events.jsonl');
  writeFileSync(leads, toCsv(data.header, data.rows));
  writeFileSync(events, data.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { leads, events };
}
