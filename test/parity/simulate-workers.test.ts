// `leadspec simulate --workers N` as a process against the single-threaded engine (--workers 1):
// the same bytes on stdout (every format), the same stderr and exit status, on seeded samples full
// of bad rows — duplicate and missing ids, NULs, bad values of every type, ragged rows, quoted
// line breaks, text after a closing quote, invalid UTF-8, undeclared columns and events, orphan
// events, malformed JSON lines, escaped and padded lead ids — so every data warning must come out
// once, at its file and line, in the loader's order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rng } from '../../bench/prng.js';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const project = join(repo, 'samples', 'leadspec.yaml');

function run(args: string[]) { return runWith(project, args); }

function runWith(projectFile: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'simulate', '--project', projectFile, '--engine', 'memory', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack traces');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = ['id', 'company', 'employees', 'annual_revenue', 'industry', 'country', 'region', 'tech_stack', 'email', 'seniority', 'department',
  'lead_source', 'created_at', 'mql_at', 'first_touch_at', 'opted_out', 'sales_status', 'rejection_reason', 'notes'];
const DAY = 86_400_000, END = Date.UTC(2026, 10, 20, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Seeded leads (CSV bytes, with some invalid UTF-8) and events (JSON Lines and CSV), each with bad rows of every kind. */
function samples(seed: number, leads: number, events: number): { leadsCsv: Buffer; eventsJsonl: string; eventsCsv: string } {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const ids: string[] = [];
  const rows: Buffer[] = [Buffer.from(HEADER.join(',') + '\n')];
  for (let i = 0; i < leads; i++) {
    const x = r();
    let id = `L${i}`;
    if (x < 0.03 && ids.length) id = pick(ids);                 // duplicate id
    else if (x < 0.05) id = '';                                  // no id
    else if (x < 0.06) id = `L${i}\u0000`;                       // NUL in the id
    else if (x < 0.07) id = ` L${i} `;                           // padded id
    if (id.trim()) ids.push(id.replace(/\0/g, '').trim());
    const mql = r() < 0.4 ? END - Math.floor(r() * 50 * DAY) : undefined;
    const cells = [
      id,
      pick(['Acme', '"Comma, Inc"', '"Line\nbreak"', '"Quoted"trailing', 'Plain Co']),
      pick(['120', '5000', 'abc', '-3', '', '42.5', '800']),
      pick(['1000000', 'n/a', '', '25000000']),
      pick(['SaaS', 'Fintech', 'Bogus', '', 'saas', 'Healthcare']),
      pick(['US', 'DE', '']),
      pick(['na', 'emea', 'apac', 'mars']),
      pick(['salesforce;hubspot', '', 'segment', 'salesforce']),
      pick([`p${i}@co.example`, `x${i}@gmail.com`, '']),
      pick(['vp', 'cxo', 'ic', 'manager', 'boss']),
      pick(['sales', 'marketing', 'it', 'nowhere']),
      pick(['organic', 'webinar', 'paid_search', 'smoke']),
      pick([iso(END - Math.floor(r() * 200) * DAY), '2026-10-01T10:00:00', 'yesterday', '']),
      mql ? iso(mql) : pick(['', 'soon']),
      mql && r() < 0.7 ? iso(mql + Math.floor(r() * 72) * 3_600_000) : '',
      pick(['true', 'false', 'maybe', '']),
      pick(['', '', 'accepted', 'rejected', 'recycled', 'working', 'nurture', 'lost']),
      pick(['', 'no_budget', 'too_small', 'because']),
      pick(['', 'note', 'call back']),
    ];
    const y = r();
    if (y < 0.03) cells.pop();                                  // ragged: a cell short
    else if (y < 0.05) cells.push('extra');                      // ragged: a cell too many
    let line = Buffer.from(cells.join(',') + '\n');
    if (r() < 0.01) line = Buffer.concat([Buffer.from(`${id},Bad`), Buffer.from([0xff, 0xfe]), Buffer.from(',10\n')]); // invalid UTF-8
    rows.push(line);
  }
  const NAMES = ['page_view', 'demo_request', 'trial_signup', 'content_download', 'webinar_attended', 'email_click', 'podcast'];
  const jl: string[] = [];
  const csv: string[] = ['lead_id,event,at,url,minutes'];
  for (let i = 0; i < events; i++) {
    const lead = r() < 0.05 ? `ghost${i}` : pick(ids.length ? ids : ['L0']);
    const ev = pick(NAMES);
    const at = r() < 0.03 ? 'later' : iso(END - Math.floor(r() * 60 * DAY) - Math.floor(r() * DAY));
    const x = r();
    let line: string;
    if (x < 0.02) line = '{"lead_id": "oops"';                                               // not JSON
    else if (x < 0.03) line = '';                                                            // blank
    else if (x < 0.04) line = '[1, 2]';                                                      // not an object
    else if (x < 0.05) line = JSON.stringify({ event: ev, at });                             // no lead_id
    else if (x < 0.06) line = JSON.stringify({ lead_id: lead, at });                         // no event
    else if (x < 0.07) line = `{"lead_id":"${lead.replace(/^L/, '\\u004c')}","event":"${ev}","at":"${at}"}`; // escaped id
    else if (x < 0.08) line = JSON.stringify({ lead_id: ` ${lead} `, event: ev, at });       // padded id
    else if (x < 0.09) line = JSON.stringify({ lead_id: Number(lead.slice(1)) || 0, event: ev, at }); // a number
    else if (x < 0.10) line = JSON.stringify({ meta: { lead_id: lead }, event: ev, at });    // lead_id only nested
    else if (x < 0.11) line = `{ "lead_id" : "${lead}" , "event" : "${ev}", "at": "${at}" }`; // spaces
    else line = JSON.stringify({ lead_id: lead, event: ev, at, ...(ev === 'page_view' ? { url: pick(['/pricing', '/docs', '/']) } : {}), ...(ev === 'webinar_attended' ? { minutes: pick([30, 'lots', 5]) } : {}) });
    jl.push(line);
    csv.push([r() < 0.02 ? '' : lead, ev, at, ev === 'page_view' ? pick(['/pricing', '"/a,b"']) : '', ev === 'webinar_attended' ? pick(['30', 'lots']) : ''].join(','));
  }
  return { leadsCsv: Buffer.concat(rows), eventsJsonl: '\uFEFF' + jl.join('\r\n') + '\n', eventsCsv: csv.join('\n') + '\n' };
}

function sampleDir(seed: number, leads = 700, events = 6000) {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-workers-'));
  const s = samples(seed, leads, events);
  writeFileSync(join(dir, 'leads.csv'), s.leadsCsv);
  writeFileSync(join(dir, 'events.jsonl'), s.eventsJsonl);
  writeFileSync(join(dir, 'events.csv'), s.eventsCsv);
  return dir;
}

function same(args: string[], workers: number[] = [2, 3]) {
  const one = run([...args, '--workers', '1']);
  for (const n of workers) {
    const many = run([...args, '--workers', String(n)]);
    assert.equal(many.status, one.status, `exit status with ${n} workers`);
    assert.equal(many.stderr, one.stderr, `stderr with ${n} workers`);
    assert.ok(many.stdout === one.stdout, `stdout with ${n} workers differs from the single-threaded engine (${args.join(' ')})`);
  }
  return one;
}

test('every format, JSON Lines events: N workers write what one thread writes, byte for byte', () => {
  const dir = sampleDir(7);
  const leads = join(dir, 'leads.csv'), events = join(dir, 'events.jsonl');
  const json = same(['--leads', leads, '--events', events, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  // The data really is messy: the warnings this test holds to the single-threaded order.
  const messages = out.warnings.map((w: { message: string }) => w.message).join('\n');
  for (const kind of [/duplicate id/, /row has no id/, /NUL/, /is not an integer/, /is not one of the values/, /cells but the header/, /invalid UTF-8/,
    /is not declared in the catalog/, /not among the leads/, /not valid JSON/, /not a JSON object/, /has no lead_id/, /no event name/, /not an ISO 8601/,
    /no time-zone offset/, /text after the closing quote/]) {
    assert.match(messages, kind);
  }
  assert.ok(out.summary.leads > 600 && out.leads.length === out.summary.leads);
  assert.ok(out.summary.feedback, 'the project declares sales feedback');
  for (const format of ['csv', 'text', 'md']) same(['--leads', leads, '--events', events, '--format', format]);
});

test('CSV events, as_of from the sample, several seeds', () => {
  for (const seed of [11, 12]) {
    const dir = sampleDir(seed, 400, 3000);
    same(['--leads', join(dir, 'leads.csv'), '--events', join(dir, 'events.csv'), '--format', 'json'], [2, 4]);
  }
});

test('CSV events read from bytes (plain lines, no quote anywhere): padded ids, other white space, non-ASCII, odd times, ragged rows, .tsv', () => {
  const dir = sampleDir(21, 300, 10);
  const r = rng(22);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const ids = Array.from({ length: 300 }, (_, i) => `L${i}`);
  const times = ['2026-11-01T10:00:00Z', '2026-11-01T10:00:00.250Z', '2026-11-01T10:00:00.1234Z', '2026-11-01 10:00', '2026-11-01T10:00:00+02:00',
    '2026-11-01T10:00:00z', ' 2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z ', '2026-02-30T10:00:00Z', 'later', '', '2026-11-01'];
  for (const [sep, ext] of [[',', 'csv'], ['\t', 'tsv']]) {
    const rows = [['lead_id', 'event', 'at', 'url', 'minutes'].join(sep)];
    for (let i = 0; i < 4000; i++) {
      const id = pick(ids);
      const lead = pick([id, id, id, ` ${id}`, `${id}\t`, `\v${id}\f`, `${id}é`, `ghost${i % 50}`, '', ' ', `${id.toLowerCase()}`, `${id}0`]);
      const ev = pick(['page_view', 'demo_request', ' Page_View ', 'webinar_attended', 'podcast', '', 'démo']);
      const at = r() < 0.7 ? `2026-${pick(['09', '10', '11'])}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T${String(Math.floor(r() * 24)).padStart(2, '0')}:00:0${Math.floor(r() * 10)}${pick(['Z', '.5Z', '.125Z'])}` : pick(times);
      const cells = [lead, ev, at, pick(['/pricing', '', '/docs', '/ü']), pick(['30', 'lots', '', ' 5 ', '1e2'])];
      const y = r();
      if (y < 0.03) cells.pop(); else if (y < 0.05) cells.push('extra');
      rows.push(cells.join(sep));
    }
    const events = join(dir, `plain.${ext}`);
    writeFileSync(events, rows.join('\n') + '\n');
    const one = same(['--leads', join(dir, 'leads.csv'), '--events', events, '--format', 'json'], [2, 3]);
    assert.equal(one.status, 0, one.stderr);
    const messages = JSON.parse(one.stdout).warnings.map((w: { message: string }) => w.message).join('\n');
    for (const kind of [/not among the leads/, /has no lead_id/, /no event name/, /not an ISO 8601/, /is not a number/, /cells but the header/, /is not declared in the catalog/]) assert.match(messages, kind);
  }
});

test('a lead file alone, and more workers than leads', () => {
  const dir = sampleDir(5, 12, 10);
  same(['--leads', join(dir, 'leads.csv'), '--format', 'json', '--as-of', '2026-11-20T12:00:00Z'], [2, 16]);
});

test('--strict refuses the same way; unreadable input fails the same way, exit 2', () => {
  const dir = sampleDir(3, 50, 200);
  const strict = same(['--leads', join(dir, 'leads.csv'), '--events', join(dir, 'events.jsonl'), '--strict']);
  assert.equal(strict.status, 1);
  assert.equal(strict.stdout, '');
  const missing = same(['--leads', join(dir, 'leads.csv'), '--events', join(dir, 'nope.jsonl')]);
  assert.equal(missing.status, 2);
  writeFileSync(join(dir, 'broken.csv'), 'id,company\nL1,"never closed\nL2,x\n');
  const broken = same(['--leads', join(dir, 'broken.csv')]);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /broken\.csv:2:/);
  writeFileSync(join(dir, 'noid.csv'), 'name,company\nL1,x\n');
  assert.equal(same(['--leads', join(dir, 'noid.csv')]).status, 2);
});

test('the gate runs before any worker: invalid definitions are refused, nothing computed', () => {
  const dir = sampleDir(2, 20, 50);
  writeFileSync(join(dir, 'bad.yaml'), 'leadspec: v1\nkind: scoring\nid: broken\nfit:\n  max: 100\n  rules:\n    - { id: r, when: { employees: { gtee: 5 } }, points: 10 }\ngrades:\n  - { id: A, min: 50 }\n');
  const one = run(['--defs', join(repo, 'samples'), join(dir, 'bad.yaml'), '--leads', join(dir, 'leads.csv'), '--workers', '1']);
  const many = run(['--defs', join(repo, 'samples'), join(dir, 'bad.yaml'), '--leads', join(dir, 'leads.csv'), '--workers', '2']);
  assert.equal(one.status, 1);
  assert.deepEqual(many, one);
  assert.equal(many.stdout, '');
});

test('--workers takes a whole number; --by runs on one thread', () => {
  const dir = sampleDir(1, 10, 10);
  for (const bad of ['0', 'two', '1.5', '-2']) {
    const r = run(['--leads', join(dir, 'leads.csv'), `--workers=${bad}`]);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /--workers must be a whole number from 1 to 256/);
  }
  const by = run(['--leads', join(dir, 'leads.csv'), '--by', 'industry', '--workers', '2']);
  assert.equal(by.status, 2);
  assert.match(by.stderr, /--by runs on one thread/);
});

// With an as_of the samples cannot change (--as-of, the project's as_of), each worker evaluates as
// soon as it has loaded, without waiting for the others or a request; without one (the tests
// above: the sample's latest time) the main thread asks once every worker has loaded.
test('an as_of known before loading (--as-of, the project\'s as_of): every format, --strict and errors as one thread gives them', () => {
  const dir = sampleDir(31, 700, 5000);
  const leads = join(dir, 'leads.csv'), events = join(dir, 'events.jsonl');
  for (const format of ['json', 'csv', 'text', 'md']) {
    const one = same(['--leads', leads, '--events', events, '--format', format, '--as-of', '2026-11-02T08:30:00Z'], [2, 3]);
    assert.equal(one.status, 0, one.stderr);
  }
  // An as_of that makes the SLA clocks and decays differ from the sample's latest: still the same bytes.
  const json = same(['--leads', leads, '--events', events, '--format', 'json', '--as-of', '2026-09-15T00:00:00.000Z'], [2, 4]);
  assert.equal(JSON.parse(json.stdout).as_of, '2026-09-15T00:00:00Z');
  assert.equal(same(['--leads', leads, '--events', events, '--strict', '--as-of', '2026-11-02T08:30:00Z']).status, 1);
  // A bad --as-of is reported after the samples' own errors, as the single thread does.
  const badAsOf = same(['--leads', leads, '--events', events, '--as-of', 'yesterday']);
  assert.equal(badAsOf.status, 2);
  assert.match(badAsOf.stderr, /--as-of 'yesterday'/);
  const missing = same(['--leads', leads, '--events', join(dir, 'nope.jsonl'), '--as-of', 'yesterday']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.jsonl/);
  // The project's own as_of (and --as-of over it).
  const projectDir = mkdtempSync(join(tmpdir(), 'leadspec-workers-asof-'));
  cpSync(join(repo, 'samples'), projectDir, { recursive: true });
  const file = join(projectDir, 'leadspec.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('kind: project\n', 'kind: project\nas_of: 2026-10-30T12:00:00Z\n'));
  for (const extra of [[], ['--as-of', '2026-11-05T00:00:00Z']]) {
    const one = runWith(file, ['--leads', leads, '--events', events, '--format', 'json', ...extra, '--workers', '1']);
    assert.equal(one.status, 0, one.stderr);
    assert.equal(JSON.parse(one.stdout).as_of, extra.length ? '2026-11-05T00:00:00Z' : '2026-10-30T12:00:00Z');
    for (const n of [2, 3]) assert.deepEqual(runWith(file, ['--leads', leads, '--events', events, '--format', 'json', ...extra, '--workers', String(n)]), one);
  }
});
