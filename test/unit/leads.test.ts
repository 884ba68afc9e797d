// Lead loading (SPEC §7): CSV through csv-parse (quotes, embedded commas and newlines, BOM,
// CRLF), JSON arrays, JSON Lines, events as CSV / JSON Lines / embedded; values parsed by the
// catalog; every skipped or unparseable value is a warning naming file, row, lead and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLeadsFromText, parseLeadsText, parseEventsText, DataError, detectFormat, LeadCollector, type Catalog } from '../../server/src/core/data/leads.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import { InputError } from '../../server/src/io/files.js';
import { project } from './engine-helpers.js';
import { asObjectLeads, eventsOf } from '../../server/src/core/data/event-store.js';

const catalog: Catalog = project().catalog;

test('CSV: BOM, CRLF, quoted fields with commas, quotes and newlines; rows are file lines', () => {
  const text = '\uFEFFid,country,email,tech_stack,employees\r\n'
    + 'L1,"US, East","a@b.io","salesforce; hubspot",10\r\n'
    + 'L2,"multi\r\nline","say ""hi""",,20\r\n'
    + '\r\n'
    + 'L3,DE,c@d.io,,30\r\n'
    + 'L4,5" screen,d@e.io,,40\r\n';
  const { leads, warnings } = loadLeadsFromText(catalog, { text, file: 'leads.csv' });
  assert.deepEqual(warnings, []);
  assert.deepEqual(leads.map((l) => l.id), ['L1', 'L2', 'L3', 'L4']);
  assert.equal(leads[0].values.country, 'US, East');
  assert.equal(leads[3].values.country, '5" screen'); // a stray quote inside an unquoted cell is text
  assert.deepEqual(leads[0].values.tech_stack, ['salesforce', 'hubspot']);
  assert.equal(leads[0].values.employees, 10);
  assert.equal(leads[1].values.country, 'multi\r\nline');
  assert.equal(leads[1].values.email, 'say "hi"');
  assert.equal(leads[1].values.tech_stack, undefined); // empty → missing
  assert.deepEqual(leads.map((l) => l.source?.row), [2, 3, 6, 7]); // the line where each record starts
});

test('CSV warnings: unparseable values, row without id, duplicate id, undeclared column once, short rows', () => {
  const text = [
    'id,employees,mql_at,industry,favourite_color,founded',
    'L1,many,2026-11-19T20:00:00Z,SaaS,blue,2020-01-01',
    ',5,,,red,',
    'L1,7,,,green,',
    'L4,-3,yesterday,Mining,,2019-02-30',
    'L5,8',
  ].join('\n');
  const { leads, warnings } = loadLeadsFromText(catalog, { text, file: 'leads.csv' });
  assert.deepEqual(leads.map((l) => l.id), ['L1', 'L4', 'L5']);
  const brief = warnings.map((w) => [w.row, w.lead ?? null, w.field ?? null]);
  assert.deepEqual(brief, [
    [2, 'L1', 'employees'],
    [2, 'L1', 'favourite_color'],
    [3, null, 'id'],
    [4, 'L1', 'id'],
    [5, 'L4', 'employees'],
    [5, 'L4', 'mql_at'],
    [5, 'L4', 'industry'],
    [5, 'L4', 'founded'],
    [6, 'L5', null],
  ]);
  assert.match(warnings[0].message, /'many' is not an integer; treated as missing/);
  assert.match(warnings[3].message, /duplicate id 'L1' \(first at leads.csv:2\)/);
  assert.match(warnings[4].message, /below the minimum 0/);
  assert.match(warnings[8].message, /2 cells but the header has 6 columns/);
  assert.equal(leads[0].values.employees, undefined);
  assert.equal(leads[0].raw.employees, 'many'); // kept for display
  assert.equal(leads[0].raw.favourite_color, 'blue');
  assert.equal(leads[0].values.mql_at, Date.parse('2026-11-19T20:00:00Z'));
  assert.equal(leads[0].values.founded, Date.UTC(2020, 0, 1));
});

test('the workers\' collector (deferEvents, raw: false) loads the same leads, values, events and warnings, with no raw cells', () => {
  const leadsText = [
    'id,employees,mql_at,industry,favourite_color,founded,tech_stack,region',
    'L1,many,2026-11-19T20:00:00Z,SaaS,blue,2020-01-01,a;b,emea',
    ',5,,,red,,,',
    'L1,7,,,green,,,',
    'L4,-3,yesterday,Mining,,2019-02-30,,mars',
    'L5,8',
    '" L6 ",12,2026-11-19 08:00,fintech,,,x; ;y,NA',
    'L4,9,,,,,,',
  ].join('\n');
  const eventsText = 'lead_id,event,at,url,seconds\nL5,page_view,2026-11-19T10:00:00Z,/a,3\nL1,page_view,2026-11-18T10:00:00Z,/b,x\nL9,page_view,2026-11-19T10:00:00Z,,\nL6,webinar,2026-11-17T10:00:00Z,,\nL1,demo_request,2026-11-17T10:00:00Z,,\n';
  const load = (c: LeadCollector) => {
    parseLeadsText(leadsText, 'leads.csv', catalog, 'csv', c);
    parseEventsText(eventsText, 'events.csv', c, 'csv');
    return c;
  };
  const general = load(new LeadCollector(catalog));
  const lean = load(new LeadCollector(catalog, { deferEvents: true, raw: false }));
  // byId while loading (duplicates are found through the one map of ids) and after.
  assert.deepEqual([...lean.byId.keys()], [...general.byId.keys()]);
  assert.deepEqual([...lean.byId.values()].map((l) => l.source), [...general.byId.values()].map((l) => l.source));
  const a = general.finish(), b = lean.finish();
  assert.deepEqual(b.warnings, a.warnings);
  assert.ok(a.warnings.length >= 10);
  assert.deepEqual(b.leads.map((l) => [l.id, l.source, { ...l.values }, eventsOf(l)]), a.leads.map((l) => [l.id, l.source, { ...l.values }, l.events]));
  assert.ok(b.leads.every((l) => Object.keys(l.raw).length === 0), 'no raw cells');
  assert.equal(a.leads[0].raw.favourite_color, 'blue');
  assert.equal(lean.byId.get('L6'), b.leads.find((l) => l.id === 'L6'));
});

test('list values: items trimmed, empty ones dropped, in order; the same text in two leads is one string; an input array is not changed', () => {
  const input = [' a ', null, '', 3, 'b', '  ', undefined, 'a'];
  const json = JSON.stringify([{ id: 'J1', tech_stack: input }, { id: 'J2', tech_stack: ' ; a;;b ;\t' }, { id: 'J3', tech_stack: ' ; ' }, { id: 'J4', tech_stack: [] }]);
  const { leads, warnings } = loadLeadsFromText(catalog, { text: json, file: 'leads.json' });
  assert.deepEqual(warnings, []);
  assert.deepEqual(leads.map((l) => l.values.tech_stack), [['a', '3', 'b', 'a'], ['a', 'b'], undefined, undefined]);
  assert.equal((leads[0].values.tech_stack as string[]).length, 4);
  const c = new LeadCollector(catalog);
  const list = [' x ', null, 'y'];
  assert.deepEqual(c.parseField('tech_stack', catalog.fields.tech_stack, list, 'f', 1, 'L'), ['x', 'y']);
  assert.deepEqual(list, [' x ', null, 'y']);
});

test('JSON array and JSON Lines: numbers as numbers or text, null and "" missing, lists as arrays or text, embedded events', () => {
  const json = JSON.stringify([
    { id: 'J1', employees: '250', annual_revenue: 1.5e6, tech_stack: ['Salesforce', 'Slack'], country: null, email: '',
      events: [{ event: 'page_view', at: '2026-11-19T10:00:00Z', url: '/pricing', seconds: '40' }, { event: 'demo_request', at: '2026-11-18T10:00:00' }] },
    { id: 2, tech_stack: 'a;b', opted_in: true },
  ]);
  const a = loadLeadsFromText(catalog, { text: json, file: 'leads.json' });
  assert.deepEqual(a.warnings, []);
  const [j1, j2] = a.leads;
  assert.equal(j1.values.employees, 250);
  assert.equal(j1.values.annual_revenue, 1.5e6);
  assert.deepEqual(j1.values.tech_stack, ['Salesforce', 'Slack']);
  assert.ok(!('country' in j1.values) && !('email' in j1.values));
  assert.deepEqual(j1.events.map((e) => e.event), ['demo_request', 'page_view']); // sorted by time
  assert.equal(j1.events[1].props.seconds, 40);
  assert.equal(j2.id, '2');
  assert.deepEqual(j2.values.tech_stack, ['a', 'b']);
  assert.equal(j2.values.opted_in, true);

  const jsonl = '{"id":"K1","employees":12}\n\nnot json\n[1]\n{"id":"K2","employees":{"n":1}}\n';
  const b = loadLeadsFromText(catalog, { text: jsonl, file: 'leads.jsonl' });
  assert.deepEqual(b.leads.map((l) => l.id), ['K1', 'K2']);
  assert.deepEqual(b.warnings.map((w) => w.row), [3, 4, 5]);
  assert.match(b.warnings[0].message, /line 3 is not valid JSON/);
});

test('events files: CSV and JSON Lines, unknown leads, missing or bad times, undeclared events and property types', () => {
  const leads = { text: 'id\nL1\nL2\n', file: 'leads.csv' };
  const csv = loadLeadsFromText(catalog, leads, {
    text: 'lead_id,event,at,url,seconds\nL1,page_view,2026-11-19T10:00:00Z,/pricing,12\nL9,page_view,2026-11-19T10:00:00Z,,\nL1,page_view,,,\nL2,webinar,2026-11-19T10:00:00Z,,\nL2,page_view,2026-11-19T11:00:00Z,,lots\n',
    file: 'events.csv',
  });
  assert.equal(csv.leads[0].events.length, 1);
  assert.equal(csv.leads[0].events[0].props.seconds, 12);
  assert.equal(csv.leads[1].events.length, 2); // webinar kept (with a warning), page_view kept without `seconds`
  assert.deepEqual(csv.warnings.map((w) => [w.file, w.row, w.lead, w.field]), [
    ['events.csv', 3, 'L9', 'lead_id'],
    ['events.csv', 4, 'L1', 'at'],
    ['events.csv', 5, 'L2', 'event'],
    ['events.csv', 6, 'L2', 'page_view.seconds'],
  ]);
  const jl = loadLeadsFromText(catalog, leads, { text: '{"lead_id":"L2","event":"email_click","at":"2026-11-19T10:00:00+02:00"}\n{"event":"email_click","at":"2026-11-19T10:00:00Z"}', file: 'events.jsonl' });
  assert.equal(jl.leads[1].events[0].at, Date.parse('2026-11-19T08:00:00Z'));
  assert.deepEqual(jl.warnings.map((w) => [w.row, w.field]), [[2, 'lead_id']]);
});

test('unreadable input is a DataError naming file, line and column', () => {
  assert.throws(() => parseLeadsText('id,name\nL1,"open\n', 'bad.csv', catalog), (e: unknown) => e instanceof DataError && /^bad\.csv:\d+:\d+: unreadable CSV/.test(e.message));
  assert.throws(() => parseLeadsText('name\nx\n', 'noid.csv', catalog), (e: unknown) => e instanceof DataError && /noid\.csv:1:1: the header row has no `id` column/.test(e.message));
  assert.throws(() => parseLeadsText('[{"id": "a"},\n  {"id": }]', 'bad.json', catalog), (e: unknown) => e instanceof DataError && /^bad\.json:2:\d+: invalid JSON/.test(e.message));
  assert.throws(() => parseLeadsText('{"id": "a"}', 'obj.json', catalog, 'json'), (e: unknown) => e instanceof DataError && /must hold an array/.test(e.message));
});

test('format detection by extension, then by content', () => {
  assert.equal(detectFormat('x.csv'), 'csv');
  assert.equal(detectFormat('x.ndjson'), 'jsonl');
  assert.equal(detectFormat('x.json', '[{"id":1}]'), 'json');
  assert.equal(detectFormat('x.json', '{"id":1}\n{"id":2}'), 'jsonl');
  assert.equal(detectFormat('x.txt', 'id,a'), 'csv');
});

test('streaming file loader gives the same leads as the text parser and maps bad input to InputError', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-leads-'));
  const rows = ['id,employees,country'];
  for (let i = 0; i < 5000; i++) rows.push(`L${i},${i % 7 === 0 ? 'n/a' : i},"C, ${i % 3}"`);
  const text = rows.join('\r\n') + '\r\n';
  writeFileSync(join(dir, 'leads.csv'), text);
  const ev = [];
  for (let i = 0; i < 5000; i++) ev.push(JSON.stringify({ lead_id: `L${(i * 7) % 5000}`, event: 'page_view', at: new Date(Date.UTC(2026, 10, 1) + i * 60000).toISOString(), url: '/p' }));
  writeFileSync(join(dir, 'events.jsonl'), ev.join('\n'));
  const streamed = await loadSampleFiles(catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl'), label: (p) => p.slice(dir.length + 1) });
  const inMemory = loadLeadsFromText(catalog, { text, file: 'leads.csv' }, { text: ev.join('\n'), file: 'events.jsonl' });
  assert.equal(streamed.leads.length, 5000);
  assert.equal(streamed.events, 5000);
  assert.deepEqual(asObjectLeads(streamed.leads), inMemory.leads); // the file loader's events are in a store
  assert.deepEqual(streamed.warnings, inMemory.warnings);
  assert.equal(streamed.warnings.length, 715); // every 7th employees value is 'n/a'

  writeFileSync(join(dir, 'broken.csv'), 'id,a\nL1,"x\n');
  await assert.rejects(loadSampleFiles(catalog, { leads: join(dir, 'broken.csv') }), (e: unknown) => e instanceof InputError && /broken\.csv:\d+:\d+: unreadable CSV/.test((e as Error).message));
  await assert.rejects(loadSampleFiles(catalog, { leads: join(dir, 'missing.csv') }), (e: unknown) => e instanceof InputError && /missing\.csv: no such leads file/.test((e as Error).message));
});

test('date-time values: offsets, no offset = UTC, strict calendar dates', async () => {
  const { parseDatetime, parseDate } = await import('../../server/src/core/data/values.js');
  assert.equal(parseDatetime('2026-11-20T12:00:00Z'), Date.UTC(2026, 10, 20, 12));
  assert.equal(parseDatetime('2026-11-20T12:00:00'), Date.UTC(2026, 10, 20, 12));
  assert.equal(parseDatetime('2026-11-20 13:30+01:30'), Date.UTC(2026, 10, 20, 12));
  assert.equal(parseDatetime('2026-11-20T12:00:00.250Z'), Date.UTC(2026, 10, 20, 12) + 250);
  assert.equal(parseDatetime('2026-11-20'), Date.UTC(2026, 10, 20));
  assert.equal(parseDatetime('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
  assert.equal(parseDatetime('2026-02-29T00:00:00Z'), undefined); // not a leap year
  assert.equal(parseDatetime('2026-11-20T12:60:00Z'), undefined);
  assert.equal(parseDatetime('20/11/2026'), undefined);
  assert.equal(parseDate('2026-11-20T00:00:00Z'), undefined); // a date field takes YYYY-MM-DD only
});

test('an empty leads file is an input error; an empty events file is no events', async () => {
  assert.throws(() => parseLeadsText('', 'empty.csv', catalog), (e: unknown) => e instanceof DataError && /empty\.csv:1:1: the leads file is empty/.test(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-empty-'));
  writeFileSync(join(dir, 'leads.csv'), '');
  writeFileSync(join(dir, 'ok.csv'), 'id\nL1\n');
  writeFileSync(join(dir, 'events.csv'), '');
  await assert.rejects(loadSampleFiles(catalog, { leads: join(dir, 'leads.csv') }), /the leads file is empty/);
  const r = await loadSampleFiles(catalog, { leads: join(dir, 'ok.csv'), events: join(dir, 'events.csv') });
  assert.equal(r.leads.length, 1);
  assert.equal(r.events, 0);
});
