// SPEC §3 (conditions) and §7 (lead values): every operator of §3's table over every field type,
// through `leadspec simulate --format json`. Each `when` rule of the model `ops` tests ONE thing;
// the expected sets below are the rules that must hold per lead, computed by hand from the SPEC:
// - strings and enums compare trimmed and case-insensitively; a scalar is `eq`, a list is `in`;
// - a missing, empty or unparseable value fails every test but `exists: false` (ne, not_in too);
// - `not` is plain negation (holds over a missing value);
// - datetimes without an offset are UTC; dates/datetimes compare as instants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, cli, header, rulesOf, simulateJson, workspace } from './spec-helpers.js';

const FIELDS = `${header('fields', 'crm')}fields:
  s: { type: string }
  e: { type: enum, values: [SaaS, Fintech, Other] }
  i: { type: integer }
  n: { type: number }
  b: { type: boolean }
  d: { type: date }
  dt: { type: datetime }
  l: { type: list }
events:
  page_view: { properties: { url: string } }
`;

// [rule id, condition (flow YAML)]
const RULES: [string, string][] = [
  ['s-eq', '{ s: { eq: "Hello World" } }'],
  ['s-scalar', '{ s: hello world }'],
  ['s-ne', '{ s: { ne: foo } }'],
  ['s-in', '{ s: [FOO, "hello world"] }'],
  ['s-notin', '{ s: { not_in: [foo] } }'],
  ['s-contains', '{ s: { contains: "O W" } }'],
  ['s-starts', '{ s: { starts_with: HELLO } }'],
  ['s-ends', '{ s: { ends_with: World } }'],
  ['s-exists', '{ s: { exists: true } }'],
  ['s-absent', '{ s: { exists: false } }'],
  ['s-not', '{ not: { s: foo } }'],
  ['e-eq', '{ e: SaaS }'],
  ['e-ne', '{ e: { ne: fintech } }'],
  ['e-in', '{ e: [Fintech, Other] }'],
  ['e-notin', '{ e: { not_in: [FINTECH] } }'],
  ['e-not', '{ not: { e: saas } }'],
  ['i-eq', '{ i: 50 }'],
  ['i-ne', '{ i: { ne: 50 } }'],
  ['i-in', '{ i: { in: [50, 60] } }'],
  ['i-notin', '{ i: { not_in: [60] } }'],
  ['i-gt', '{ i: { gt: 50 } }'],
  ['i-gte', '{ i: { gte: 50 } }'],
  ['i-lt', '{ i: { lt: 50 } }'],
  ['i-lte', '{ i: { lte: 50 } }'],
  ['i-between', '{ i: { between: [50, 100] } }'],
  ['i-not', '{ not: { i: { gt: 60 } } }'],
  ['i-absent', '{ i: { exists: false } }'],
  ['n-eq', '{ n: 2.5 }'],
  ['n-gt', '{ n: { gt: 2.5 } }'],
  ['n-lt', '{ n: { lt: 2.5 } }'],
  ['n-between', '{ n: { between: [1, 2.5] } }'],
  ['n-in', '{ n: { in: [2.5, 3] } }'],
  ['b-eq', '{ b: true }'],
  ['b-ne', '{ b: { ne: true } }'],
  ['b-false', '{ b: false }'],
  ['b-exists', '{ b: { exists: true } }'],
  ['d-eq', '{ d: 2026-11-01 }'],
  ['d-ne', '{ d: { ne: 2026-11-01 } }'],
  ['d-gt', '{ d: { gt: 2026-10-31 } }'],
  ['d-gte', '{ d: { gte: 2026-11-01 } }'],
  ['d-lt', '{ d: { lt: 2026-11-01 } }'],
  ['d-lte', '{ d: { lte: 2026-11-01 } }'],
  ['d-between', '{ d: { between: [2026-11-01, 2026-11-30] } }'],
  ['dt-eq', '{ dt: { eq: "2026-11-01T12:00:00Z" } }'],
  ['dt-gt', '{ dt: { gt: "2026-11-01T11:59:59Z" } }'],
  ['dt-lt', '{ dt: { lt: "2026-11-01T12:00:00Z" } }'],
  ['dt-between', '{ dt: { between: ["2026-11-01T12:00:00Z", "2026-11-01T12:00:00Z"] } }'],
  ['dt-gte-utc', '{ dt: { gte: "2026-11-01T12:00:00" } }'],
  ['dt-lte-ofs', '{ dt: { lte: "2026-11-01T07:00:00-05:00" } }'],
  ['dt-absent', '{ dt: { exists: false } }'],
  ['l-includes', '{ l: { includes: salesforce } }'],
  ['l-any', '{ l: { includes_any: [marketo, HUBSPOT] } }'],
  ['l-all', '{ l: { includes_all: [salesforce, hubspot] } }'],
  ['l-all2', '{ l: { includes_all: [salesforce, marketo] } }'],
  ['l-exists', '{ l: { exists: true } }'],
  ['l-absent', '{ l: { exists: false } }'],
  ['l-not', '{ not: { l: { includes: marketo } } }'],
];

const SCORING = `${header('scoring', 'ops')}fit:
  rules:
${RULES.map(([id, c]) => `    - { id: ${id}, when: ${c}, points: 1 }`).join('\n')}
grades:
  - { id: X }
`;

// A: every field present and matching its "hello world / 50 / 2.5 / true / 2026-11-01 / 12:00Z" case.
const A = ['s-eq', 's-scalar', 's-ne', 's-in', 's-notin', 's-contains', 's-starts', 's-ends', 's-exists', 's-not',
  'e-eq', 'e-ne', 'e-notin',
  'i-eq', 'i-in', 'i-notin', 'i-gte', 'i-lte', 'i-between', 'i-not',
  'n-eq', 'n-between', 'n-in',
  'b-eq', 'b-exists',
  'd-eq', 'd-gt', 'd-gte', 'd-lte', 'd-between',
  'dt-eq', 'dt-gt', 'dt-between', 'dt-gte-utc', 'dt-lte-ofs',
  'l-includes', 'l-any', 'l-all', 'l-exists', 'l-not'];
// B: every value missing — only `exists: false` and `not` over a failing test hold.
const B = ['s-absent', 's-not', 'e-not', 'i-not', 'i-absent', 'dt-absent', 'l-absent', 'l-not'];
// C: s = foo; e and l empty; i, n, b, d, dt unparseable (→ missing, with a warning each).
const C = ['s-in', 's-exists', 'e-not', 'i-not', 'i-absent', 'dt-absent', 'l-absent', 'l-not'];
// D: s = foo, e = Fintech, i = 100, n = 1, b = false, d = 2026-11-30, dt = 12:00 without offset (UTC), l = hubspot.
const D = ['s-in', 's-exists', 'e-in', 'e-not',
  'i-ne', 'i-notin', 'i-gt', 'i-gte', 'i-between',
  'n-lt', 'n-between', 'b-ne', 'b-false', 'b-exists',
  'd-ne', 'd-gt', 'd-gte', 'd-between',
  'dt-eq', 'dt-gt', 'dt-between', 'dt-gte-utc', 'dt-lte-ofs',
  'l-any', 'l-exists', 'l-not'];

const CSV = `id,s,e,i,n,b,d,dt,l
A,"  Hello World ",saas,50,2.5,true,2026-11-01,2026-11-01T13:00:00+01:00,Salesforce; HubSpot
B,,,,,,,,
C,foo,,many,x,maybe,2026-13-01,yesterday,
D,foo,Fintech,100,1.0,false,2026-11-30,2026-11-01T12:00:00,hubspot
`;

// The same cases in JSON: numbers as strings, lists as arrays or `;` text, null and "" missing.
const JSON_LEADS = JSON.stringify([
  { id: 'A', s: '  Hello World ', e: 'saas', i: '50', n: '2.5', b: true, d: '2026-11-01', dt: '2026-11-01T13:00:00+01:00', l: ['Salesforce', ' HubSpot'] },
  { id: 'B', s: null, e: '', i: null, n: '', b: null, d: '', dt: null, l: [] },
  { id: 'C', s: 'foo', e: null, i: 'many', n: 'x', b: 'maybe', d: '2026-13-01', dt: 'yesterday', l: '' },
  { id: 'D', s: 'foo', e: 'Fintech', i: 100, n: 1, b: false, d: '2026-11-30', dt: '2026-11-01T12:00:00', l: 'hubspot' },
]);
const JSONL_LEADS = (JSON.parse(JSON_LEADS) as unknown[]).map((o) => JSON.stringify(o)).join('\n') + '\n';

const ws = workspace({
  'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv }\nas_of: 2026-11-20T12:00:00Z\n`,
  'fields.yaml': FIELDS,
  'scoring.yaml': SCORING,
  'leads.csv': CSV,
  'leads.json': JSON_LEADS,
  'leads.jsonl': JSONL_LEADS,
});

for (const file of ['leads.csv', 'leads.json', 'leads.jsonl']) {
  test(`§3 operators × field types, leads from ${file}`, () => {
    const r = simulateJson(ws, '--leads', file);
    assert.deepEqual(r.leads.map((l: any) => l.id), ['A', 'B', 'C', 'D'], 'leads in input order');
    for (const [id, want] of [['A', A], ['B', B], ['C', C], ['D', D]] as const) {
      assert.deepEqual(rulesOf(byId(r, id), 'ops'), [...want].sort(), `lead ${id}`);
      assert.equal(byId(r, id).scores.ops.fit, want.length, `lead ${id} fit = number of rules that hold`);
    }
    // Unparseable values of C: one data warning each, naming the lead and the field.
    for (const f of ['i', 'n', 'b', 'd', 'dt']) {
      assert.ok(r.warnings.some((w: any) => w.lead === 'C' && w.field === f && w.file.endsWith(file) && typeof w.row === 'number'), `warning for C.${f} in ${JSON.stringify(r.warnings)}`);
    }
    // Missing values are not warned about.
    assert.ok(!r.warnings.some((w: any) => w.lead === 'B'), JSON.stringify(r.warnings));
    // summary.rules counts the leads that list a rule.
    assert.equal(r.summary.scoring.ops.rules['s-in'], 3);
    assert.equal(r.summary.scoring.ops.rules['l-not'], 4);
    assert.equal(r.summary.scoring.ops.rules['n-gt'], 0);
  });
}

// §3's table: `eq`/`ne` apply to all types, lists included; a list compares with a list (same
// items, case-insensitive, any order) and a scalar means a one-item list.
test('§3 eq / ne on a list field: validates, and compares the whole list', () => {
  const scoring = `${header('scoring', 'lists')}fit:
  rules:
    - { id: eq-list, when: { l: { eq: [hubspot, SALESFORCE] } }, points: 1 }
    - { id: ne-list, when: { l: { ne: [salesforce, hubspot] } }, points: 1 }
    - { id: eq-one, when: { l: hubspot }, points: 1 }
grades:
  - { id: X }
`;
  const w = workspace({
    'fields.yaml': FIELDS, 'scoring.yaml': scoring,
    'leads.csv': 'id,l\nA,Salesforce; HubSpot\nB,\nD,hubspot\n',
  });
  const v = cli(['validate', '--format', 'json', '--strict'], w);
  assert.equal(v.status, 0, v.stdout);
  const r = simulateJson(w, '--leads', 'leads.csv', '--as-of', '2026-11-20T12:00:00Z');
  assert.deepEqual(rulesOf(byId(r, 'A'), 'lists'), ['eq-list']);
  assert.deepEqual(rulesOf(byId(r, 'B'), 'lists'), []); // missing fails eq and ne
  assert.deepEqual(rulesOf(byId(r, 'D'), 'lists'), ['eq-one', 'ne-list']);
  // A list operand on a field that is not a list is still an error.
  const bad = scoring.replace('l: { eq: [hubspot, SALESFORCE] }', 's: { eq: [a, b] }');
  assert.equal(cli(['validate'], workspace({ 'fields.yaml': FIELDS, 'scoring.yaml': bad })).status, 1);
});
