// SPEC §4 (ICPs), the `icp:` / `tier:` condition keys (§3), §7 (as_of resolution, data
// warnings, CSV events) and §8's summary counts, through the built CLI. Hand-computed below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byId, cli, header, rulesOf, simulateJson, workspace } from './spec-helpers.js';

const FIELDS = `${header('fields', 'crm')}fields:
  employees: { type: integer, min: 0 }
  industry: { type: enum, values: [SaaS, Fintech, Healthcare, Education, Other] }
  email: { type: string }
  seniority: { type: enum, values: [ic, manager, director, vp, cxo] }
  tech_stack: { type: list }
  created_at: { type: datetime }
events:
  page_view: { properties: { url: string } }
`;

const ICPS = `${header('icp', 'mid-market')}match:
  employees: { between: [50, 1000] }
  industry: [SaaS, Fintech]
exclude:
  any:
    - email: { ends_with: "@gmail.com" }
    - industry: Education
tiers:
  - { id: tier-1, when: { employees: { gte: 200 }, tech_stack: { includes: salesforce } } }
  - { id: tier-2, when: { employees: { gte: 200 } } }
  - { id: tier-3 }
personas:
  - { id: economic-buyer, when: { seniority: [vp, cxo] } }
  - { id: anyone }
---
${header('icp', 'plain')}match: { industry: saas }
---
${header('icp', 'wrapper')}match: { tier: mid-market/tier-1 }
`;

const SCORING = `${header('scoring', 's')}fit:
  rules:
    - { id: in-icp, when: { icp: mid-market }, points: 30 }
    - { id: t1, when: { tier: mid-market/tier-1 }, points: 10 }
    - { id: not-plain, when: { not: { icp: plain } }, points: 1 }
grades:
  - { id: A, min: 40 }
  - { id: B, min: 1 }
  - { id: C }
disqualify: { seniority: cxo }
mql: { grade: [A, B] }
`;

const LEADS = `id,employees,industry,email,seniority,tech_stack,created_at,notes
M1,500,SaaS,a@acme.io,vp,salesforce,,hello
M2,300,fintech,b@x.io,manager,,,
M3,60,SaaS,c@gmail.com,,,,
M4,80,Fintech,d@x.io,cxo,,2026-11-21T08:00:00+01:00,x
M5,2000, SaaS ,,,,,
M6,,,,,,,
M1,1,SaaS,,,,,
,5,SaaS,,,,,
`;

const EVENTS = `lead_id,event,at,url
M1,page_view,2026-11-21T06:00:00Z,/x
ZZ,page_view,2026-11-19T00:00:00Z,/y
`;

const files = {
  'fields.yaml': FIELDS, 'icp.yaml': ICPS, 'scoring.yaml': SCORING, 'leads.csv': LEADS, 'events.csv': EVENTS,
};
const ws = workspace({ ...files, 'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv, events: events.csv }\n` });
const result = simulateJson(ws);

test('§4 ICP match/exclude, ordered tiers with a catch-all, overlapping personas; `icps` lists only matches', () => {
  const icps = (id: string) => [...byId(result, id).icps].sort((a: any, b: any) => a.id.localeCompare(b.id));
  assert.deepEqual(icps('M1'), [
    { id: 'mid-market', tier: 'tier-1', personas: ['economic-buyer', 'anyone'] },
    { id: 'plain', tier: null, personas: [] },
    { id: 'wrapper', tier: null, personas: [] },
  ]);
  assert.deepEqual(icps('M2'), [{ id: 'mid-market', tier: 'tier-2', personas: ['anyone'] }]); // 'fintech' matches Fintech
  assert.deepEqual(icps('M3'), [{ id: 'plain', tier: null, personas: [] }]);                  // excluded by @gmail.com
  assert.deepEqual(icps('M4'), [{ id: 'mid-market', tier: 'tier-3', personas: ['economic-buyer', 'anyone'] }]);
  assert.deepEqual(icps('M5'), [{ id: 'plain', tier: null, personas: [] }]);                  // ' SaaS ' trimmed; 2000 > 1000
  assert.deepEqual(icps('M6'), []);
});

test('§3 icp: and tier: keys in scoring rules; §8 summary grades (incl. disqualified), mql, rate, icps', () => {
  assert.deepEqual(rulesOf(byId(result, 'M1'), 's'), ['in-icp', 't1']);
  assert.deepEqual(rulesOf(byId(result, 'M2'), 's'), ['in-icp', 'not-plain']);
  assert.deepEqual(rulesOf(byId(result, 'M6'), 's'), ['not-plain']);
  // M1 40 A; M2 31 B; M3 0 C; M4 31 but cxo → disqualified; M5 0 C; M6 1 B.
  assert.deepEqual(result.leads.map((l: any) => l.scores.s.grade), ['A', 'B', 'C', 'disqualified', 'C', 'B']);
  const s = result.summary.scoring.s;
  assert.deepEqual(Object.fromEntries(Object.entries(s.grades).filter(([, n]) => n !== 0)), { A: 1, B: 2, C: 2, disqualified: 1 });
  assert.equal(s.mql, 3);
  assert.equal(s.mql_rate, 0.5);
  assert.deepEqual(s.rules, { 'in-icp': 3, t1: 1, 'not-plain': 3 });
  assert.equal(result.summary.leads, 6);
  const icps = result.summary.icps;
  assert.equal(icps['mid-market'].matched, 3);
  assert.deepEqual(icps['mid-market'].tiers, { 'tier-1': 1, 'tier-2': 1, 'tier-3': 1 });
  assert.equal(icps.plain.matched, 3);
  assert.deepEqual(icps.plain.tiers, {});
  assert.equal(icps.wrapper.matched, 1);
});

test('§7 data warnings: undeclared column once, duplicate id, row without id, event for an unknown lead', () => {
  const w = result.warnings as any[];
  assert.equal(w.filter((x) => x.field === 'notes').length, 1, JSON.stringify(w));
  assert.ok(w.some((x) => x.lead === 'M1' && x.field === 'id' && /duplicate/i.test(x.message)), JSON.stringify(w));
  assert.ok(w.some((x) => x.lead === undefined && x.field === 'id' && x.row === 9), JSON.stringify(w));
  assert.ok(w.some((x) => x.lead === 'ZZ' && x.file.endsWith('events.csv')), JSON.stringify(w));
  // leads in input order, the skipped rows left out
  assert.deepEqual(result.leads.map((l: any) => l.id), ['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
});

test('§7 as_of: explicit flag > project as_of > latest event or datetime value in the sample', () => {
  // Latest: M4.created_at 2026-11-21T08:00+01:00 = 07:00Z, later than the last event (06:00Z).
  assert.equal(result.as_of, '2026-11-21T07:00:00Z');
  const ws2 = workspace({ ...files, 'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv, events: events.csv }\nas_of: 2026-11-25T10:00:00+02:00\n` });
  assert.equal(simulateJson(ws2).as_of, '2026-11-25T08:00:00Z');
  assert.equal(simulateJson(ws2, '--as-of', '2026-12-01T00:00:00Z').as_of, '2026-12-01T00:00:00Z');
  // Without a project: inputs given on the command line.
  const ws3 = workspace(files);
  const r3 = cli(['simulate', '--format', 'json', '--leads', 'leads.csv', '--events', 'events.csv'], ws3);
  assert.equal(r3.status, 0, r3.stderr);
  assert.equal(r3.json.as_of, '2026-11-21T07:00:00Z');
});
