// `leadspec backtest --workers N` as a process against the single-threaded backtest (--workers 1):
// the same bytes on stdout (json, text, md), the same stderr and exit status, on seeded samples
// with bad rows (duplicate and missing ids, bad values, ragged rows, invalid UTF-8, orphan and
// malformed events) and outcomes of every kind — conversion times before, inside and after the
// horizon, unparseable ones, amounts with cents (their sums must add up in the same order), a
// conversion event, a boolean flag — so the population, every count, the ranking, the sweep and
// the order of grades, rules and tiers come out as one thread gives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rng } from '../../bench/prng.js';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'backtest', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack traces');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = ['id', 'company', 'employees', 'industry', 'region', 'tech_stack', 'email', 'seniority', 'department', 'lead_source', 'created_at',
  'mql_at', 'opted_out', 'opportunity_created_at', 'opportunity_amount', 'sales_status', 'rejection_reason'];
const DAY = 86_400_000, T = Date.UTC(2026, 9, 21), END = Date.UTC(2026, 10, 20, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A folder with seeded leads.csv (some invalid UTF-8) and events.jsonl, bad rows of every kind among them. */
function sampleDir(seed: number, leads: number, events: number): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const ids: string[] = [];
  const rows: Buffer[] = [Buffer.from(HEADER.join(',') + '\n')];
  for (let i = 0; i < leads; i++) {
    const x = r();
    let id = `L${i}`;
    if (x < 0.03 && ids.length) id = pick(ids);     // duplicate id
    else if (x < 0.05) id = '';                     // no id
    else if (x < 0.06) id = ` L${i} `;              // padded id
    if (id.trim()) ids.push(id.trim());
    const created = END - Math.floor(r() * 120 * DAY);
    const conv = r() < 0.3 ? created + Math.floor(r() * 60 * DAY) : undefined;
    const cells = [
      id, pick(['Acme', '"Comma, Inc"', 'Plain Co']), pick(['120', '5000', 'abc', '', '42', '800', '20']),
      pick(['SaaS', 'Fintech', 'Bogus', '', 'Healthcare']), pick(['na', 'emea', 'apac', 'mars']), pick(['salesforce;hubspot', '', 'segment']),
      pick([`p${i}@co.example`, `x${i}@gmail.com`, '']), pick(['vp', 'cxo', 'ic', 'manager', 'director', 'boss']), pick(['sales', 'marketing', 'it', 'revops']),
      pick(['organic', 'webinar', 'paid_search']), pick([iso(created), iso(created), 'yesterday', '']),
      r() < 0.3 ? iso(END - Math.floor(r() * 50 * DAY)) : '', pick(['true', 'false', 'false', 'maybe', '']),
      conv !== undefined ? iso(conv) : pick(['', '', '', 'soon']),
      conv !== undefined ? pick([(1000 + r() * 90000).toFixed(2), '0.1', '0.2', 'lots', '']) : '',
      pick(['', '', 'accepted', 'rejected', 'recycled', 'lost']), pick(['', 'no_budget', 'because']),
    ];
    const y = r();
    if (y < 0.02) cells.pop();                       // ragged: a cell short
    else if (y < 0.03) cells.push('extra');           // ragged: a cell too many
    let line = Buffer.from(cells.join(',') + '\n');
    if (r() < 0.01) line = Buffer.concat([Buffer.from(`${id},Bad`), Buffer.from([0xff, 0xfe]), Buffer.from(',10\n')]); // invalid UTF-8
    rows.push(line);
  }
  const NAMES = ['page_view', 'demo_request', 'trial_signup', 'content_download', 'webinar_attended', 'email_click', 'podcast'];
  const jl: string[] = [];
  for (let i = 0; i < events; i++) {
    const lead = r() < 0.05 ? `ghost${i}` : pick(ids.length ? ids : ['L0']);
    const ev = pick(NAMES);
    const at = r() < 0.02 ? 'later' : iso(END - Math.floor(r() * 120 * DAY) - Math.floor(r() * DAY));
    const x = r();
    if (x < 0.02) jl.push('{"lead_id": "oops"');
    else if (x < 0.03) jl.push(JSON.stringify({ event: ev, at }));
    else jl.push(JSON.stringify({ lead_id: lead, event: ev, at, ...(ev === 'page_view' ? { url: pick(['/pricing', '/docs', '/']) } : {}), ...(ev === 'webinar_attended' ? { minutes: pick([30, 'lots', 5]) } : {}) }));
  }
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-bt-workers-'));
  writeFileSync(join(dir, 'leads.csv'), Buffer.concat(rows));
  writeFileSync(join(dir, 'events.jsonl'), jl.join('\n') + '\n');
  return dir;
}

/** The sample definitions with the project's `outcomes.converted` (and what goes with it) replaced. */
function projectWith(outcomes: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-bt-defs-'));
  cpSync(join(repo, 'samples'), dir, { recursive: true, filter: (src) => !/\.(csv|jsonl)$/.test(src) });
  const file = join(dir, 'leadspec.yaml');
  writeFileSync(file, outcomes(readFileSync(file, 'utf8')));
  return file;
}

function same(args: string[], workers: number[] = [2, 3]) {
  const one = run([...args, '--workers', '1']);
  for (const n of workers) {
    const many = run([...args, '--workers', String(n)]);
    assert.equal(many.status, one.status, `exit status with ${n} workers: ${many.stderr}`);
    assert.equal(many.stderr, one.stderr, `stderr with ${n} workers`);
    assert.ok(many.stdout === one.stdout, `stdout with ${n} workers differs from the single-threaded backtest (${args.join(' ')})`);
  }
  return one;
}

test('conversion times: every format, N workers write what one thread writes, byte for byte', () => {
  const dir = sampleDir(20, 900, 8000);
  const args = ['--project', join(repo, 'samples', 'leadspec.yaml'), '--leads', join(dir, 'leads.csv'), '--events', join(dir, 'events.jsonl')];
  const json = same([...args, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  // The outcomes really are mixed: leads created after T, converted before T, converted in the window, pipeline with cents.
  assert.ok(out.population.excluded.created_after > 0 && out.population.excluded.converted_before > 0, JSON.stringify(out.population));
  assert.ok(out.population.converted > 10 && out.population.leads > 200);
  const model = Object.values(out.scoring)[0] as { value: { mql: number }; thresholds: unknown[]; auc: number | null };
  assert.ok(model.thresholds.length > 5 && model.auc !== null && model.value.mql > 0);
  assert.match(json.stderr, /opportunity_created_at: 'soon'/);
  for (const format of ['text', 'md']) same([...args, '--format', format]);
  // Overrides of the score date, horizon and capacity go to every worker.
  same([...args, '--format', 'json', '--as-of', '2026-10-01T00:00:00Z', '--horizon', '45d', '--capacity', '40'], [4]);
});

test('a conversion event and a boolean flag', () => {
  const dir = sampleDir(21, 500, 6000);
  const data = ['--leads', join(dir, 'leads.csv'), '--events', join(dir, 'events.jsonl'), '--format', 'json'];
  const event = projectWith((t) => t.replace('converted: opportunity_created_at', 'converted: { event: demo_request }'));
  const e = same(['--project', event, ...data]);
  assert.equal(e.status, 0, e.stderr);
  assert.ok(JSON.parse(e.stdout).population.converted > 0);
  const flag = projectWith((t) => t.replace('converted: opportunity_created_at', 'converted: opted_out').replace(/\n  as_of: .*/, '').replace(/\n  horizon: .*/, ''));
  const f = same(['--project', flag, ...data]);
  assert.equal(f.status, 0, f.stderr);
  assert.equal(JSON.parse(f.stdout).horizon, null);
  same(['--project', flag, ...data, '--as-of', '2026-11-01T00:00:00Z'], [2]);
});

test('--strict, unreadable input, no outcomes declared and a bad --workers fail the same way', () => {
  const dir = sampleDir(22, 60, 200);
  const args = ['--project', join(repo, 'samples', 'leadspec.yaml'), '--leads', join(dir, 'leads.csv'), '--events', join(dir, 'events.jsonl')];
  const strict = same([...args, '--strict']);
  assert.equal(strict.status, 1);
  assert.equal(strict.stdout, '');
  assert.equal(same([...args.slice(0, 4), '--events', join(dir, 'nope.jsonl')]).status, 2);
  const none = projectWith((t) => t.replace(/\noutcomes:[\s\S]*?(?=\n\S|$)/, ''));
  const r = same(['--project', none, ...args.slice(2)]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /outcomes/);
  for (const bad of ['0', 'two']) {
    const b = run([...args, `--workers=${bad}`]);
    assert.equal(b.status, 2, bad);
    assert.match(b.stderr, /--workers must be a whole number from 1 to 256/);
  }
});
