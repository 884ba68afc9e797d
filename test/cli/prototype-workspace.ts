// A workspace whose ids, field, event, tier, grade, rule and group names, column names and cell
// values are Object.prototype's member names, as many as SPEC allows in each place (definition ids
// and field names are lower-case: `constructor`; local ids also `toString`, `valueOf`,
// `hasOwnProperty`; data anything, `__proto__` too) — or, with PLAIN, the same workspace with
// ordinary names of the same lengths and order. Used by test/cli and test/protocol prototype-names.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SPECIAL: Record<string, string> = { C: 'constructor', T: 'toString', V: 'valueOf', H: 'hasOwnProperty', P: '__proto__' };
export const PLAIN: Record<string, string> = { C: 'constructxr', T: 'toStrxng', V: 'valuxOf', H: 'hasOwnPropxrty', P: '__prxto__' };
export const FILES: Record<string, string> = {
  'leadspec.yaml': `leadspec: v1
kind: project
id: %C%
samples: { leads: leads.csv, events: events.jsonl }
as_of: 2026-11-20T00:00:00Z
outcomes:
  converted: opportunity_created_at
  created: created_at
  as_of: 2026-10-21T00:00:00Z
  horizon: 30d
  feedback:
    field: sales_status
    accepted: [%C%, accepted]
    rejected: [%T%, rejected]
    reason: rejection_reason
`,
  'fields.yaml': `leadspec: v1
kind: fields
id: %C%
fields:
  %C%: { type: string }
  employees: { type: integer }
  segment: { type: enum, values: [%C%, %T%, %V%, %H%, %P%, plain] }
  created_at: { type: datetime }
  mql_at: { type: datetime }
  first_touch_at: { type: datetime }
  opportunity_created_at: { type: datetime }
  sales_status: { type: string }
  rejection_reason: { type: string }
events:
  %C%: { properties: { %C%: string } }
  visit: {}
`,
  'icp.yaml': `leadspec: v1
kind: icp
id: %C%
match: { employees: { gte: 10 } }
tiers:
  - { id: %C%, when: { employees: { gte: 500 } } }
  - { id: %T%, when: { employees: { gte: 100 } } }
  - { id: %V% }
personas:
  - { id: %H%, when: { segment: %T% } }
`,
  'model.yaml': `leadspec: v1
kind: scoring
id: %C%
fit:
  rules:
    - { id: %C%, when: { icp: %C% }, points: 30 }
    - { id: %T%, when: { tier: %C%/%C% }, points: 20 }
    - group: %V%
      pick: first
      rules:
        - { id: %H%, when: { %C%: { exists: true } }, points: 10 }
        - { id: plain, when: { employees: { gte: 1 } }, points: 1 }
    - { id: seg, when: { segment: [%C%, %P%] }, points: 5 }
engagement:
  rules:
    - { id: ev, event: %C%, where: { %C%: x }, points: 40, max: 40 }
    - { id: visits, event: visit, points: 10, max: 30 }
grades:
  - { id: %C%, min: 60 }
  - { id: %T%, min: 30 }
  - { id: %V% }
mql: { grade: %C% }
`,
  'sla.yaml': `leadspec: v1
kind: sla
id: %C%
commitments:
  - { id: %C%, scoring: %C%, applies_to: { mql: true }, start: mql_at, stop: first_touch_at, within: 4h, clock: calendar }
  - { id: %V%, type: volume, scoring: %C%, count: { mql: true }, per: month, date: mql_at, target: { gte: 1 } }
`,
  'tests.yaml': `leadspec: v1
kind: test
id: %C%
as_of: 2026-11-20T00:00:00Z
cases:
  - name: big %C% lead
    lead: { id: t1, employees: 900, %C%: yes, segment: %C%, events: [ { event: %C%, at: 2026-11-19T00:00:00Z, %C%: x } ] }
    expect:
      icp: %C%
      tier: %C%/%C%
      %C%: { grade: %C%, mql: true, fit: 65 }
  - name: small %T% lead
    lead: { id: t2, employees: 50, segment: %T% }
    expect:
      tier: %C%/%V%
      %C%: { grade: %T%, mql: false }
`,
  'leads.csv': `id,%C%,employees,segment,created_at,mql_at,first_touch_at,opportunity_created_at,sales_status,rejection_reason,%T%,%P%,%V%,%H%
L1,c,900,%C%,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,2026-10-02T01:00:00Z,2026-10-25T00:00:00Z,%C%,,t,p,v,h
L2,,150,%P%,2026-10-01T00:00:00Z,2026-10-03T00:00:00Z,,,%T%,%C%,,,,
L3,z,20,%T%,2026-09-01T00:00:00Z,,,,%T%,%P%,,,,
L4,,600,%H%,2026-09-01T00:00:00Z,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,,%T%,%T%,,,,
L5,y,700,%V%,2026-09-01T00:00:00Z,2026-10-05T00:00:00Z,,2026-11-10T00:00:00Z,rejected,%V%,,,,
`,
  'events.jsonl': ([
    ['L1', '%C%', '2026-10-01T12:00:00Z', { '%C%': 'x' }], ['L1', 'visit', '2026-10-01T13:00:00Z', {}],
    ['L2', '%C%', '2026-10-02T12:00:00Z', { '%C%': 'y' }], ['L2', '%T%', '2026-10-02T12:00:00Z', {}],
    ['L4', '%P%', '2026-10-02T12:00:00Z', {}], ['L5', '%C%', '2026-11-02T12:00:00Z', { '%C%': 'x', '%T%': 'q' }],
    ['L5', 'visit', '2026-11-03T12:00:00Z', { '%P%': 'w' }],
  ] as [string, string, string, Record<string, string>][]).map(([l, e, at, p]) => JSON.stringify({ lead_id: l, event: e, at, ...p })).join('\n') + '\n',
};

export function writeWorkspace(dir: string, names: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [f, t] of Object.entries(FILES)) writeFileSync(join(dir, f), t.replace(/%([CTVHP])%/g, (_, k: string) => names[k]));
}
