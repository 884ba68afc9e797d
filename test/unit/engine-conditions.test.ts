// SPEC §3 conditions: every operator × field type, missing / empty / unparseable values, `not`
// over a missing value, combinators, special keys, and event windows at their exact boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { compileCondition } from '../../server/src/core/eval/conditions.js';
import { evaluateLead } from '../../server/src/core/eval/simulate.js';
import { project, lead, AS_OF_MS, daysAgo } from './engine-helpers.js';

const cp = project(`leadspec: v1
kind: icp
id: mid-market
match: { employees: { between: [50, 1000] } }
exclude: { industry: Education }
tiers:
  - { id: big, when: { employees: { gte: 500 } } }
  - { id: rest }
personas:
  - { id: buyer, when: { seniority: [vp, cxo] } }
  - { id: champion, when: { seniority: { in: [manager, director, vp] } } }`);

function holds(cond: string, obj: Record<string, unknown>, asOf = AS_OF_MS): boolean {
  const pred = compileCondition(parseYaml(cond), { fields: cp.catalog.fields, events: cp.catalog.events, eventSlots: cp.eventSlots, icpSlots: cp.icpSlots });
  return pred(cp.ctx.setLead(lead(cp, obj), asOf));
}

type Case = [cond: string, lead: Record<string, unknown>, expected: boolean];
function table(name: string, cases: Case[]) {
  test(name, () => {
    for (const [cond, obj, want] of cases) assert.equal(holds(cond, obj), want, `${cond} on ${JSON.stringify(obj)}`);
  });
}

table('string: eq/ne/in/not_in/contains/starts_with/ends_with, trimmed and case-insensitive', [
  ['{ country: US }', { country: ' us ' }, true],
  ['{ country: { eq: "US " } }', { country: 'Us' }, true],
  ['{ country: { ne: US } }', { country: 'DE' }, true],
  ['{ country: { ne: US } }', { country: 'us' }, false],
  ['{ country: [US, DE] }', { country: 'de' }, true],
  ['{ country: { in: [US, DE] } }', { country: 'FR' }, false],
  ['{ country: { not_in: [US, DE] } }', { country: 'FR' }, true],
  ['{ country: { not_in: [US, DE] } }', { country: 'us' }, false],
  ['{ email: { contains: ACME } }', { email: 'jo@acme.io' }, true],
  ['{ email: { starts_with: JO@ } }', { email: ' jo@acme.io' }, true],
  ['{ email: { ends_with: "@gmail.com" } }', { email: 'x@GMAIL.com' }, true],
  ['{ email: { ends_with: "@gmail.com" } }', { email: 'x@gmail.co' }, false],
]);

table('enum: eq/in case-insensitive; an undeclared value is missing', [
  ['{ industry: SaaS }', { industry: 'saas' }, true],
  ['{ industry: [SaaS, Fintech] }', { industry: 'FINTECH' }, true],
  ['{ industry: { not_in: [SaaS] } }', { industry: 'Retail' }, true],
  ['{ industry: { ne: SaaS } }', { industry: 'Mining' }, false], // not a declared value → missing
  ['{ industry: { exists: false } }', { industry: 'Mining' }, true],
]);

table('integer and number: eq, ne, in, gt, gte, lt, lte, between (inclusive)', [
  ['{ employees: 200 }', { employees: '200' }, true],
  ['{ employees: { ne: 200 } }', { employees: 201 }, true],
  ['{ employees: { in: [10, 20] } }', { employees: 20 }, true],
  ['{ employees: { gt: 200 } }', { employees: 200 }, false],
  ['{ employees: { gte: 200 } }', { employees: 200 }, true],
  ['{ employees: { lt: 200 } }', { employees: 199 }, true],
  ['{ employees: { lte: 200 } }', { employees: 201 }, false],
  ['{ employees: { between: [50, 1000] } }', { employees: 50 }, true],
  ['{ employees: { between: [50, 1000] } }', { employees: 1000 }, true],
  ['{ employees: { between: [50, 1000] } }', { employees: 1001 }, false],
  ['{ annual_revenue: { gte: 1.5e6 } }', { annual_revenue: '1500000.00' }, true],
  ['{ annual_revenue: { lt: 0.5 } }', { annual_revenue: 0.25 }, true],
  ['{ employees: { gte: 10, lte: 20 } }', { employees: 15 }, true],
  ['{ employees: { gte: 10, lte: 20 } }', { employees: 25 }, false],
]);

table('boolean: eq and ne', [
  ['{ opted_in: true }', { opted_in: 'yes' }, true],
  ['{ opted_in: false }', { opted_in: 'FALSE' }, true],
  ['{ opted_in: { ne: true } }', { opted_in: false }, true],
  ['{ opted_in: true }', { opted_in: 'maybe' }, false], // unparseable → missing
]);

table('date and datetime compare as instants', [
  ['{ founded: { gte: 2020-01-01 } }', { founded: '2020-01-01' }, true],
  ['{ founded: { lt: 2020-01-01 } }', { founded: '2019-12-31' }, true],
  ['{ founded: { between: [2019-01-01, 2019-12-31] } }', { founded: '2019-12-31' }, true],
  ['{ founded: 2020-02-29 }', { founded: '2020-02-29' }, true],
  ['{ founded: { exists: false } }', { founded: '2019-02-29' }, true], // not a date → missing
  ['{ mql_at: { gt: "2026-11-19T12:00:00Z" } }', { mql_at: '2026-11-19T13:00:00+01:00' }, false], // same instant
  ['{ mql_at: { eq: "2026-11-19T12:00:00Z" } }', { mql_at: '2026-11-19T13:00:00+01:00' }, true],
  ['{ mql_at: { gte: "2026-11-19T12:00:00" } }', { mql_at: '2026-11-19T12:00:00Z' }, true], // no offset = UTC
  ['{ mql_at: { lt: 2026-11-20 } }', { mql_at: '2026-11-19T23:59:59Z' }, true],
]);

table('list: includes / includes_any / includes_all, case-insensitive; `;`-separated text', [
  ['{ tech_stack: { includes: Salesforce } }', { tech_stack: 'hubspot; salesforce' }, true],
  ['{ tech_stack: { includes: marketo } }', { tech_stack: ['hubspot', 'salesforce'] }, false],
  ['{ tech_stack: { includes_any: [marketo, HubSpot] } }', { tech_stack: ['hubspot'] }, true],
  ['{ tech_stack: { includes_all: [hubspot, salesforce] } }', { tech_stack: ['Salesforce', 'HubSpot', 'Slack'] }, true],
  ['{ tech_stack: { includes_all: [hubspot, salesforce] } }', { tech_stack: ['HubSpot'] }, false],
]);

table('missing and empty values fail every test but exists: false (ne and not_in included)', [
  ['{ country: { ne: US } }', {}, false],
  ['{ country: { ne: US } }', { country: '   ' }, false],
  ['{ country: { not_in: [US] } }', { country: '' }, false],
  ['{ employees: { lt: 10 } }', { employees: null }, false],
  ['{ employees: { lt: 10 } }', { employees: 'many' }, false], // unparseable → missing
  ['{ tech_stack: { includes_any: [a] } }', { tech_stack: [] }, false],
  ['{ email: { contains: "" } }', {}, false],
  ['{ country: { exists: true } }', { country: ' ' }, false],
  ['{ country: { exists: false } }', { country: ' ' }, true],
  ['{ tech_stack: { exists: false } }', { tech_stack: ';' }, true],
  ['{ employees: { exists: true } }', { employees: 0 }, true],
]);

table('combinators: several keys are all; any; not is plain negation (holds over a missing value)', [
  ['{ country: US, employees: { gte: 10 } }', { country: 'US', employees: 5 }, false],
  ['{ any: [ { country: US }, { employees: { gte: 10 } } ] }', { country: 'DE', employees: 50 }, true],
  ['{ all: [ { country: US }, { employees: { gte: 10 } } ] }', { country: 'US', employees: 50 }, true],
  ['{ not: { industry: SaaS } }', {}, true],
  ['{ not: { industry: SaaS } }', { industry: 'SaaS' }, false],
  ['{ not: { country: { ne: US } } }', {}, true],
  ['{ any: [] }', {}, false],
  ['{ all: [] }', {}, true],
]);

table('icp: and tier: keys read the ICP evaluation (exclude, ordered tiers)', [
  ['{ icp: mid-market }', { employees: 300, industry: 'SaaS' }, true],
  ['{ icp: mid-market }', { employees: 300, industry: 'education' }, false],
  ['{ tier: mid-market/big }', { employees: 600 }, true],
  ['{ tier: mid-market/rest }', { employees: 600 }, false],
  ['{ tier: mid-market/rest }', { employees: 60 }, true],
  ['{ icp: unknown-icp }', { employees: 60 }, false],
  ['{ not: { icp: mid-market } }', { employees: 5 }, true],
]);

test('event conditions: count in the window at <= as_of and at > as_of - within', () => {
  const ev = (d: number, extra: Record<string, unknown> = {}) => ({ event: 'page_view', at: daysAgo(d), url: 'https://x.io/pricing', ...extra });
  // Exactly 7 days old is outside `within: 7d`; 0 days old (at == as_of) is inside; future events never count.
  assert.equal(holds('{ event: page_view, within: 7d }', { events: [ev(7)] }), false);
  assert.equal(holds('{ event: page_view, within: 7d }', { events: [ev(6.99999)] }), true);
  assert.equal(holds('{ event: page_view, within: 7d }', { events: [ev(0)] }), true);
  assert.equal(holds('{ event: page_view }', { events: [ev(-0.0001)] }), false);
  assert.equal(holds('{ event: page_view }', { events: [ev(400)] }), true); // no within: all time
  // count defaults to gte 1; explicit counts; where over typed properties.
  assert.equal(holds('{ event: page_view, count: { gte: 3 } }', { events: [ev(1), ev(2)] }), false);
  assert.equal(holds('{ event: page_view, count: { gte: 3 } }', { events: [ev(1), ev(2), ev(3)] }), true);
  assert.equal(holds('{ event: page_view, count: 0 }', { events: [] }), true);
  assert.equal(holds('{ event: page_view, where: { url: { contains: /PRICING } } }', { events: [ev(1)] }), true);
  assert.equal(holds('{ event: page_view, where: { url: { contains: /docs } } }', { events: [ev(1)] }), false);
  assert.equal(holds('{ event: page_view, where: { seconds: { gte: 30 } } }', { events: [ev(1, { seconds: '45' })] }), true);
  assert.equal(holds('{ event: page_view, where: { logged_in: true } }', { events: [ev(1, { logged_in: 'true' })] }), true);
  assert.equal(holds('{ not: { event: demo_request } }', { events: [ev(1)] }), true);
  // Event names match case-insensitively.
  assert.equal(holds('{ event: demo_request }', { events: [{ event: 'Demo_Request', at: daysAgo(1) }] }), true);
});

test('ICP evaluation: personas only for matching leads, several at once', () => {
  const r = evaluateLead(cp, lead(cp, { employees: 700, seniority: 'vp' }), AS_OF_MS);
  assert.deepEqual(r.icps, [{ id: 'mid-market', tier: 'big', personas: ['buyer', 'champion'] }]);
  const out = evaluateLead(cp, lead(cp, { employees: 7, seniority: 'vp' }), AS_OF_MS);
  assert.deepEqual(out.icps, []);
});

test('malformed conditions never throw and never hold', () => {
  assert.equal(holds('{ employees: { bogus: 3 } }', { employees: 3 }), false);
  assert.equal(holds('{ employees: { between: [1] } }', { employees: 1 }), false);
  assert.equal(holds('{ event: page_view, within: soon }', { events: [{ event: 'page_view', at: daysAgo(1) }] }), false);
  assert.equal(holds('{ employees: { gt: lots } }', { employees: 3 }), false);
});
