// A small hand-computed workspace for SPEC §11 (outcomes): 14 leads, one model, one ICP.
// Every number the backtest and the feedback summary must give is worked out by hand in
// outcomes-backtest.test.ts from the comments below.
//
// Model m (at T = 2026-08-01, horizon 30d → until 2026-08-31T00:00:00Z):
//   fit: big (employees >= 200) 30, senior (vp|cxo) 20; engagement: demo (demo_request) 40, max 40
//   grades A >= 60, B >= 30, C; disqualify: email ends with @rival.com; mql: grade A
//
// lead  emp  sen  created     opportunity   amount  demo        won    status
// L1    500  vp   2026-06-01  2026-08-10    1000    2026-07-20  true   accepted
// L2    300  ic   2026-06-01  2026-08-20     500    2026-07-25  true   working
// L3    250  ic   2026-06-01  —                —     —           false  nurture
// L4    300  vp   2026-06-01  2026-08-15     200    2026-08-05  true   rejected (no budget)   demo after T
// L5    100  cxo  2026-06-01  2026-09-15      —     —           false  rejected (wrong persona) converts after T+H
// L6    100  ic   2026-06-01  —                —     —           false  bogus (→ warning)
// L7   1000  cxo  2026-06-01  2026-08-05     300    —           true   —            disqualified (@rival.com)
// L8    500  vp   2026-12-01  2026-12-05      —     —           true   —            created after T
// L9    500  cxo  2026-05-01  2026-07-15      —     2026-07-10  true   —            converted before T
// L10    30  ic   2026-06-01  —                —     2026-07-01  false  —            no conversion time
// L11    30  vp   —           2026-08-31T00:00:00Z —  —           true   —            converts exactly at T+H
// L12   250  ic   2026-06-01  —                —     —           false  —
// L13    60  ic   2026-06-01  —                —     —           false  —
// L14   200  ic   2026-06-01  —                —     2026-07-28  false  rejected (no budget)
// ICP icp: employees 50..10000; tiers t1 (employees >= 200), t2.

export const FIELDS = `leadspec: v1
kind: fields
id: crm
fields:
  employees: { type: integer }
  seniority: { type: enum, values: [ic, vp, cxo] }
  email: { type: string }
  created_at: { type: datetime }
  opportunity_created_at: { type: datetime }
  opportunity_amount: { type: number }
  won: { type: boolean }
  sales_status: { type: string }
  rejection_reason: { type: string }
events:
  demo_request: {}
`;

export const ICP = `leadspec: v1
kind: icp
id: icp
match: { employees: { between: [50, 10000] } }
tiers:
  - { id: t1, when: { employees: { gte: 200 } } }
  - { id: t2 }
`;

export const MODEL = `leadspec: v1
kind: scoring
id: m
fit:
  rules:
    - { id: big, when: { employees: { gte: 200 } }, points: 30 }
    - { id: senior, when: { seniority: [vp, cxo] }, points: 20 }
engagement:
  rules:
    - { id: demo, event: demo_request, points: 40, max: 40 }
grades:
  - { id: A, min: 60 }
  - { id: B, min: 30 }
  - { id: C }
disqualify: { email: { ends_with: "@rival.com" } }
mql: { grade: A }
`;

export const FEEDBACK = `  feedback:
    field: sales_status
    accepted: [accepted, working]
    rejected: [rejected]
    recycled: [recycled, nurture]
    reason: rejection_reason
`;

/** The project: times variant (converted: a datetime field). */
export const PROJECT_TIMES = `leadspec: v1
kind: project
id: fixture
samples: { leads: leads.csv, events: events.csv }
as_of: 2026-11-01T00:00:00Z
outcomes:
  converted: opportunity_created_at
  created: created_at
  as_of: 2026-08-01T00:00:00Z
  horizon: 30d
  capacity: 4
  value: opportunity_amount
${FEEDBACK}`;

/** The project: flag variant (converted: a boolean field; no as_of/horizon). */
export const PROJECT_FLAG = `leadspec: v1
kind: project
id: fixture
samples: { leads: leads.csv, events: events.csv }
as_of: 2026-11-01T00:00:00Z
outcomes:
  converted: won
  created: created_at
${FEEDBACK}`;

export const LEADS_CSV = `id,employees,seniority,email,created_at,opportunity_created_at,opportunity_amount,won,sales_status,rejection_reason
L1,500,vp,a@x.com,2026-06-01,2026-08-10,1000,true,accepted,
L2,300,ic,b@x.com,2026-06-01,2026-08-20,500,true,working,
L3,250,ic,c@x.com,2026-06-01,,,false,nurture,
L4,300,vp,d@x.com,2026-06-01,2026-08-15,200,true,rejected,no budget
L5,100,cxo,e@x.com,2026-06-01,2026-09-15,,false,rejected,wrong persona
L6,100,ic,f@x.com,2026-06-01,,,false,bogus,
L7,1000,cxo,g@rival.com,2026-06-01,2026-08-05,300,true,,
L8,500,vp,h@x.com,2026-12-01,2026-12-05,,true,,
L9,500,cxo,i@x.com,2026-05-01,2026-07-15,,true,,
L10,30,ic,j@x.com,2026-06-01,,,false,,
L11,30,vp,k@x.com,,2026-08-31T00:00:00Z,,true,,
L12,250,ic,l@x.com,2026-06-01,,,false,,
L13,60,ic,m@x.com,2026-06-01,,,false,,
L14,200,ic,n@x.com,2026-06-01,,,false,rejected,no budget
`;

export const EVENTS_CSV = `lead_id,event,at
L1,demo_request,2026-07-20T10:00:00Z
L2,demo_request,2026-07-25T10:00:00Z
L4,demo_request,2026-08-05T10:00:00Z
L9,demo_request,2026-07-10T10:00:00Z
L10,demo_request,2026-07-01T10:00:00Z
L14,demo_request,2026-07-28T10:00:00Z
`;
