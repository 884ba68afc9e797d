// A worker of `simulate --workers N` / `backtest --workers N` keeps of a lead's values only the
// fields its definitions name (core/data/leads.ts fieldsNamedIn, LeadCollector's `fields`), and
// every datetime field when the as_of may come from the samples; the single thread keeps them all.
// Held to each other on seeded random wide workspaces: the samples' ICPs, models, SLA (clocks
// started and stopped by fields, calendars by a field) and outcomes (feedback fields), a catalog
// widened by random extra fields of every type, a random model over some of them, leads with
// blank, bad and undeclared cells in random column order (CSV, and JSON Lines through the other
// reader), the latest time sometimes in a field no definition names — with and without an as_of.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rng } from '../../bench/prng.js';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const TYPES = ['string', 'enum', 'integer', 'number', 'boolean', 'datetime', 'list'] as const;
const DAY = 86_400_000, T0 = Date.UTC(2026, 10, 20, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const SEEDS = Number(process.env.LEADSPEC_RANDOM_SEEDS ?? 3);

function workspace(dir: string, seed: number, asOf: boolean): { leadsCsv: string; leadsJsonl: string; events: string } {
  const r = rng(seed), pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  for (const sub of ['icps', 'scoring']) mkdirSync(join(dir, sub), { recursive: true });
  for (const f of ['sla.yaml', 'icps/enterprise.yaml', 'icps/mid-market.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml']) copyFileSync(join(repo, 'samples', f), join(dir, f));
  // The project with its outcomes and feedback; without an as_of (here and as --as-of), the samples' latest time is the as_of.
  writeFileSync(join(dir, 'leadspec.yaml'), readFileSync(join(repo, 'samples', 'leadspec.yaml'), 'utf8').replace(/^ {2}as_of: .*$/m, asOf ? '$&' : ''));
  const extra = Array.from({ length: 40 + Math.floor(r() * 60) }, (_, k) => ({ name: `e${k}_${TYPES[k % 7]}`, type: TYPES[k % 7] }));
  const sample = readFileSync(join(repo, 'samples', 'fields.yaml'), 'utf8');
  const fieldsAt = sample.indexOf('\nevents:');
  writeFileSync(join(dir, 'fields.yaml'), sample.slice(0, fieldsAt) + '\n' + extra.map((f) => `  ${f.name}: { type: ${f.type}${f.type === 'enum' ? ', values: [a, b, c]' : ''} }`).join('\n') + sample.slice(fieldsAt));
  const rules = extra.filter(() => r() < 0.2).map((f, i) => {
    const t = f.type === 'string' ? '{ contains: "1" }' : f.type === 'enum' ? '[a, c]' : f.type === 'integer' || f.type === 'number' ? '{ gte: 50 }'
      : f.type === 'boolean' ? 'true' : f.type === 'datetime' ? `{ gte: ${iso(T0 - 20 * DAY)} }` : '{ includes: x }';
    return `    - { id: r${i}, when: { ${f.name}: ${t} }, points: ${1 + i} }`;
  });
  writeFileSync(join(dir, 'scoring', 'random.yaml'), ['leadspec: v1', 'kind: scoring', 'id: random', 'fit:', '  rules:', ...(rules.length ? rules : ['    - { id: none, when: { opted_out: true }, points: 1 }']),
    'engagement:', '  rules:', '    - { id: demo, event: demo_request, points: 40 }', 'total: sum', 'grades:', '  - { id: A, min: 30 }', '  - { id: B }', ''].join('\n'));
  const cell = (type: string, name: string): string => {
    const x = r();
    if (x < 0.25) return '';
    if (x < 0.3) return pick(['n/a', '?', 'maybe']); // not of the field's type: a warning, the value missing
    switch (type) {
      case 'enum': return name === 'industry' ? pick(['SaaS', 'Fintech', 'Education']) : name === 'region' ? pick(['na', 'emea']) : name === 'seniority' ? pick(['vp', 'cxo', 'ic']) : name === 'department' ? pick(['revops', 'it'])
        : name === 'sales_status' ? pick(['accepted', 'rejected', 'working']) : name === 'rejection_reason' ? 'no_budget' : name === 'lead_source' ? 'organic' : pick(['a', 'b', 'c']);
      case 'integer': return String(Math.floor(r() * (name === 'employees' ? 3000 : 100)));
      case 'number': return (r() * 100).toFixed(2);
      case 'boolean': return pick(['true', 'false']);
      // An unnamed field's datetime is at times the latest time of the samples.
      case 'datetime': return iso(T0 - Math.floor(r() * 60 * DAY) + (name.startsWith('e') && r() < 0.01 ? 30 * DAY : 0));
      case 'list': return ['x', 'y', 'salesforce', 'hubspot'].filter(() => r() < 0.4).join(';');
      default: return name === 'email' ? pick(['a@gmail.com', 'b@co.example']) : `s${Math.floor(r() * 20)}`;
    }
  };
  const declared = [...sample.slice(sample.indexOf('fields:'), fieldsAt).matchAll(/^ {2}([a-z_]+):\s*(?:\{ type: (\w+)|$)/gm)].map((m) => ({ name: m[1], type: m[2] ?? 'enum' }));
  const columns = [...declared, ...extra, { name: 'Owner_Name', type: 'string' }].sort(() => r() - 0.5);
  const rows = Array.from({ length: 400 }, (_, i) => ({ id: `L${i}`, ...Object.fromEntries(columns.map((c) => [c.name, cell(c.type, c.name)])) }));
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  writeFileSync(join(dir, 'leads.csv'), [['id', ...columns.map((c) => c.name)].join(','), ...rows.map((row) => ['id', ...columns.map((c) => c.name)].map((k) => q((row as Record<string, string>)[k])).join(','))].join('\n') + '\n');
  writeFileSync(join(dir, 'leads.jsonl'), rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '')))).join('\n') + '\n');
  const names = ['page_view', 'demo_request', 'trial_signup', 'webinar_attended'];
  writeFileSync(join(dir, 'events.jsonl'), Array.from({ length: 1500 }, () => JSON.stringify({ lead_id: `L${Math.floor(r() * 400)}`, event: pick(names), at: iso(T0 - Math.floor(r() * 40 * DAY)), url: '/pricing', minutes: 30 })).join('\n') + '\n');
  return { leadsCsv: join(dir, 'leads.csv'), leadsJsonl: join(dir, 'leads.jsonl'), events: join(dir, 'events.jsonl') };
}

function run(args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  // The warnings (stderr) too: the same from the workers as from the single thread.
  return `${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

for (let seed = 1; seed <= SEEDS; seed++) {
  for (const asOf of [true, false]) {
    test(`random wide workspace ${seed} (${asOf ? 'an as_of' : 'as_of from the samples'}): --workers 2 = --workers 1, simulate (json, csv)${asOf ? ' and backtest' : ''}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'leadspec-wide-fields-'));
      try {
        const f = workspace(dir, seed * 7919, asOf);
        for (const leads of [f.leadsCsv, f.leadsJsonl]) {
          const base = ['--project', join(dir, 'leadspec.yaml'), '--leads', leads, '--events', f.events, '--engine', 'memory', ...(asOf ? ['--as-of', '2026-11-20T17:00:00Z'] : [])];
          for (const format of ['json', 'csv']) {
            const one = run(['simulate', ...base, '--format', format, '--workers', '1']);
            assert.ok(one.length > 1000, `${format}: ${one.slice(0, 300)}`);
            assert.equal(run(['simulate', ...base, '--format', format, '--workers', '2']), one, `${leads} ${format}`);
          }
          if (!asOf) continue; // a backtest needs the project's as_of
          const bt = ['backtest', '--project', join(dir, 'leadspec.yaml'), '--leads', leads, '--events', f.events, '--format', 'json'];
          const one = run([...bt, '--workers', '1']);
          assert.ok(JSON.parse(one.slice(0, one.indexOf('\n--- stderr ---\n'))).population.leads > 0);
          assert.equal(run([...bt, '--workers', '2']), one, `${leads} backtest`);
        }
      } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  }
}
