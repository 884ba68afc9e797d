// `leadspec init`'s type inference on the columns CRM exports really have: ids that look numeric,
// mixed date formats, empty columns, 1,000 distinct strings, yes/no booleans, grouped numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldNameOf, inferCatalog, inferColumn, inferEvents } from '../../server/src/core/init/infer.js';
import { gradeThresholds, nice } from '../../server/src/core/init/starter.js';
import { scalar } from '../../server/src/core/init/yaml-text.js';

const col = (header: string, values: string[], rows = values.length) => inferColumn(header, fieldNameOf(header, new Set()), values, rows);
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

test('ids that look numeric stay text: leading zeros, id-like headers, long unique digits', () => {
  assert.equal(col('Zip', ['02139', '10001', '94105']).type, 'string');
  assert.match(col('Zip', ['02139', '10001']).reason, /leading zeros \('02139'\).*identifier/);
  assert.equal(col('HubSpot Owner ID', ['17', '17', '23']).type, 'string');
  assert.equal(col('Phone Number', ['4155550100', '4155550101']).type, 'string');
  const crm = col('Ref', range(30, (i) => String(900100200 + i * 7)));
  assert.equal(crm.type, 'string');
  assert.match(crm.reason, /long digit strings, unique in every row/);
  // …while a quantity under a quantity's header is a number.
  assert.equal(col('Number of Employees', ['12', '250', '12', '5000']).type, 'integer');
  assert.deepEqual(col('Number of Employees', ['12', '250', '5000']).sorted, [12, 250, 5000]);
  assert.equal(col('Annual Revenue', ['1200.5', '300', '-4']).type, 'number');
});

test('dates: ISO dates, date-times with a space, mixed formats and slash dates are flagged', () => {
  assert.equal(col('Close Date', ['2026-11-02', '2026-01-31']).type, 'date');
  assert.equal(col('Create Date', ['2026-11-02 09:30', '2026-11-03T10:00:00Z', '2026-11-04']).type, 'datetime');
  const mixed = col('Create Date', ['2026-11-02 09:30', '11/03/2026 10:00', '2026-11-04', '03.11.2026']);
  assert.equal(mixed.type, 'string');
  assert.match(mixed.flag!, /^mixed date formats: 2 ISO 8601, 2 like '11\/03\/2026 10:00', '03\.11\.2026'; declared as string — export dates as YYYY-MM-DD/);
  const us = col('Last Activity', ['11/03/2026', '12/01/2026']);
  assert.match(us.flag!, /dates like '11\/03\/2026', '12\/01\/2026', which could be day\/month or month\/day/);
  // An impossible date is not a date, and says so.
  const bad = col('Close Date', ['2026-02-30', '2026-01-31']);
  assert.equal(bad.type, 'string');
  assert.match(bad.flag!, /^dates that are not calendar dates or not ISO 8601 \('2026-02-30'\)/);
});

test('empty columns are flagged, never guessed', () => {
  const c = col('Fax', [], 40);
  assert.deepEqual([c.type, c.filled], ['string', 0]);
  assert.match(c.flag!, /^empty in all 40 rows: nothing to infer a type from; declared as string/);
});

test('1,000 distinct strings are free text, a few repeated values are an enum (most frequent first)', () => {
  const free = col('Company', range(1000, (i) => `Company ${i}`));
  assert.deepEqual([free.type, free.distinct, free.values], ['string', 1000, undefined]);
  assert.match(free.reason, /1,000 different values in 1,000 rows: free text/);
  const e = col('Industry', ['SaaS', 'Retail', 'saas', 'SaaS', 'Retail', 'Fintech', 'SaaS', 'Fintech']);
  assert.equal(e.type, 'enum');
  assert.deepEqual(e.values, ['SaaS', 'Retail', 'Fintech']);           // 'saas' is SaaS: the engine compares case-insensitively
  assert.match(e.reason, /^3 different values repeated across 8 rows \(SaaS 4, Retail 2, Fintech 2\)$/);
  assert.equal(col('Lead Status', ['New', 'Open', 'Won', 'Lost']).type, 'string', 'no value repeats: not an enum');
  assert.equal(col('Comment', ['x'.repeat(61), 'x'.repeat(61)]).type, 'string', 'long texts are not enum values');
  const many = col('City', range(200, (i) => `City ${i % 26}`));
  assert.equal(many.type, 'string', `${many.distinct} values is more than an enum holds`);
});

test('booleans: yes/no, true/false, Y/N; 0/1 only under a yes/no header', () => {
  assert.equal(col('Unsubscribed from all email', ['Yes', 'No', 'no', 'YES']).type, 'boolean');
  assert.match(col('Opted out', ['Yes', 'No']).reason, /every value is Yes\/No/);
  assert.equal(col('Converted', ['true', 'false']).type, 'boolean');
  assert.equal(col('Is Customer', ['1', '0', '1']).type, 'boolean');
  assert.equal(col('Open Deals', ['1', '0', '1']).type, 'integer');
});

test('lists (values holding ;), and numbers written for people are flagged', () => {
  const l = col('Tech Stack', ['Salesforce; HubSpot', 'Slack', 'Salesforce;Slack', 'HubSpot']);
  assert.equal(l.type, 'list');
  assert.match(l.reason, /2 of 4 values hold ';'-separated items \(3 different items\)/);
  const money = col('Amount', ['$1,200', '$300', '2,500.50']);
  assert.equal(money.type, 'string');
  assert.match(money.flag!, /numbers written with separators, currency or % \('\$1,200', '\$300'\); declared as string/);
});

test('headers become field names: lower-case words, unique, never reserved, never a digit first', () => {
  const taken = new Set<string>();
  assert.deepEqual(['Company name', 'Number of Employees', 'Country/Region', 'Grade', 'Total', '2nd Owner', 'Company Name', 'Société', '   ', 'id']
    .map((h) => fieldNameOf(h, taken)),
  ['company_name', 'number_of_employees', 'country_region', 'grade_value', 'total_value', 'f_2nd_owner', 'company_name_2', 'societe', 'column', 'id_value']);
});

test('the id column: by name, else the first filled and unique column; named columns map back', () => {
  const hub = inferCatalog(['Record ID', 'Company name', 'Number of Employees'], [['1', 'A', '5'], ['2', 'B', '7'], ['3', 'A', '5']]);
  assert.equal(hub.id?.header, 'Record ID');
  assert.deepEqual(hub.columns.map((c) => [c.header, c.name, c.type]), [['Record ID', 'id', 'string'], ['Company name', 'company_name', 'string'], ['Number of Employees', 'number_of_employees', 'integer']]);
  const sf = inferCatalog(['Email', 'Lead Source'], [['a@x.io', 'Web'], ['b@x.io', 'Web']]);
  assert.equal(sf.id?.header, 'Email');
  assert.match(sf.id!.reason, /the first column filled and unique in every row/);
  const dup = inferCatalog(['Lead ID', 'Stage'], [['1', 'a'], ['1', 'b'], ['', 'c']]);
  assert.match(dup.id!.reason, /1 rows without one \(skipped, with a warning\), 1 repeated ids/);
  assert.equal(inferCatalog(['Stage'], [['a'], ['a']]).id, undefined);
  // A header written twice is one column for the loader (the later cells win): one field, typed from those.
  const twice = inferCatalog(['Record ID', 'Email', 'email'], [['1', 'x', '5'], ['2', 'y', '6']]);
  assert.deepEqual(twice.columns.map((c) => [c.header, c.name, c.type]), [['Record ID', 'id', 'string'], ['email', 'email', 'integer']]);
  assert.match(twice.columns[1].reason, /\(the header appears 2 times; the loader reads the last of them\)$/);
});

test('events: names and property types; names the loader could not match are flagged', () => {
  const ev = inferEvents([
    { lead_id: '1', event: 'page_view', at: 'x', url: '/pricing', seconds: '12' },
    { lead_id: '1', event: 'Page_View', at: 'x', url: '/docs', seconds: 3.5 },
    { lead_id: '2', event: 'Form Submitted', at: 'x', 'Form Name': 'demo', repeat: 'yes' },
  ]);
  assert.deepEqual(ev.map((e) => [e.name, e.count, e.properties]), [['page_view', 2, { url: 'string', seconds: 'number' }], [undefined, 1, { repeat: 'boolean' }]]);
  assert.match(ev[1].flag!, /event 'Form Submitted' cannot be declared.*'form_submitted'.*properties 'Form Name' are not valid names/);
});

test('grade thresholds from the totals: about 20% A, 30% B; never everyone A', () => {
  assert.deepEqual(gradeThresholds([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]), { a: 80, b: 50 });
  assert.deepEqual(gradeThresholds([0, 0, 0, 0, 5]), { a: 5 });           // B would hold nobody
  assert.equal(gradeThresholds([7, 7, 7]), undefined);
  assert.deepEqual([nice(347), nice(1800), nice(0.34), nice(0)], [300, 2000, 0.3, 0]);
});

test('values from the data are quoted when YAML would read them otherwise', () => {
  assert.deepEqual(['SaaS', 'United States', 'yes', 'No', '100', '2026-11-02', 'a: b', 'x #y', ' pad', 'a,b', '[x]', '"q"', 'café', '../x.csv', '.5', '.inf', '-x', '*a', '&a', '!t', '%p', '{x}'].map(scalar),
    ['SaaS', 'United States', '"yes"', '"No"', '"100"', '"2026-11-02"', '"a: b"', '"x #y"', '" pad"', '"a,b"', '"[x]"', '"\\"q\\""', '"café"', '../x.csv', '".5"', '".inf"', '"-x"', '"*a"', '"&a"', '"!t"', '"%p"', '"{x}"']);
});
