// Broken definitions and the exact diagnostics they must produce (line:col 1-based, code,
// message). Shared by the engine test (test/unit/schema-errors.test.ts) and the CLI test
// (test/cli/validate-errors.test.ts), so both entry points are held to the same words.

export interface BrokenCase {
  name: string;
  yaml: string;
  /** `line:col CODE message`, in document order. */
  expect: string[];
}

const H = (kind: string, id = 'x') => `leadspec: v1\nkind: ${kind}\nid: ${id}\n`;
/** An ICP `y` for conditions to refer to, after the broken document (lines stay put). */
const ICP_Y = '---\nleadspec: v1\nkind: icp\nid: y\n';

export const BROKEN_CASES: BrokenCase[] = [
  {
    name: 'typo in a rule key',
    yaml: H('scoring') + 'fit:\n  rules:\n    - { id: a, when: { icp: y }, pionts: 3 }\n' + ICP_Y,
    expect: ["6:34 LS010 unknown key 'pionts' — did you mean 'points'?"],
  },
  {
    name: 'bad enum word for pick',
    yaml: H('scoring') + 'fit:\n  rules:\n    - group: size\n      pick: frist\n      rules:\n        - { id: a, when: { icp: y }, points: 1 }\n' + ICP_Y,
    expect: ["7:13 LS013 'pick' must be one of sum, first, max"],
  },
  {
    name: 'missing id',
    yaml: 'leadspec: v1\nkind: project\ntitle: no id\n',
    expect: ["1:1 LS011 missing required key 'id'"],
  },
  {
    name: 'bad id pattern',
    yaml: H('project', 'Mid_Market'),
    expect: ["3:5 LS014 id 'Mid_Market' is not valid: use lower-case letters, digits and '-', starting with a letter (at most 63 characters)"],
  },
  {
    name: 'broken YAML (unclosed flow mapping)',
    yaml: H('project') + 'samples: { leads: a.csv\nbase: main\n',
    expect: ['5:1 LS001 YAML syntax: flow map in block collection must be sufficiently indented and end with a }'],
  },
  {
    name: 'duplicate key',
    yaml: H('project') + 'base: main\nbase: develop\n',
    expect: ["5:1 LS002 duplicate key 'base'; YAML keeps only one of them — remove or rename one"],
  },
  {
    name: 'tab indentation',
    yaml: H('project') + 'samples:\n\tleads: a.csv\n',
    expect: ['5:1 LS004 tabs are not allowed for indentation in YAML; indent with spaces'],
  },
  {
    name: 'alias bomb',
    yaml: H('project') + 'a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
    expect: ['5:8 LS003 aliases expand to more than 100 nodes; write the values out instead of nesting aliases'],
  },
  {
    name: 'wrong type: text where points need a number',
    yaml: H('scoring') + 'fit:\n  rules:\n    - { id: a, when: { icp: y }, points: ten }\n' + ICP_Y,
    expect: ["6:42 LS012 'points' must be a number, found text 'ten'"],
  },
  {
    name: 'unknown kind',
    yaml: H('scorng'),
    expect: ["2:7 LS013 'kind' must be one of fields, icp, scoring, sla, project, test"],
  },
  {
    name: 'unsupported version',
    yaml: 'leadspec: v2\nkind: project\nid: x\n',
    expect: ["1:11 LS005 unsupported format version 'v2'; only 'v1' exists — write `leadspec: v1`"],
  },
  {
    name: 'typo in an operator',
    yaml: H('icp') + 'match:\n  employees: { gtee: 50 }\n',
    expect: ["5:16 LS010 unknown key 'gtee' — did you mean 'gte' or 'gt'?"],
  },
  {
    name: 'malformed duration',
    yaml: H('scoring') + 'engagement:\n  rules:\n    - { id: a, event: page_view, points: 5, within: 30 days }\n',
    expect: ["6:53 LS015 'within' must be a duration like 90m, 4h, 30d or 2w, found '30 days'"],
  },
  {
    name: '`where` on a rule without `event`',
    yaml: H('scoring') + 'fit:\n  rules:\n    - { id: a, when: { icp: y }, where: { url: { contains: x } }, points: 5 }\n' + ICP_Y,
    expect: ["6:34 LS017 'where' needs 'event': only event rules (with 'event:') filter events — add 'event' or remove 'where'"],
  },
  {
    name: 'between with three values',
    yaml: H('icp') + 'match:\n  employees: { between: [1, 2, 3] }\n',
    expect: ["5:25 LS016 'between' must be a list of two values [lo, hi]"],
  },
  {
    name: '`any` given a mapping instead of a list',
    yaml: H('icp') + 'match:\n  any: { icp: y }\n' + ICP_Y,
    expect: ["5:8 LS012 'any' must be a list, found a mapping"],
  },
  {
    name: 'malformed working hours',
    yaml: H('sla') + 'calendars:\n  us:\n    timezone: America/New_York\n    hours: { weekdays: "9-5" }\n',
    expect: [`7:24 LS015 'weekdays' must be working hours like "09:00-17:00" or "09:00-12:00, 13:00-17:00", found '9-5'`],
  },
  {
    name: 'unknown weekday key',
    yaml: H('sla') + 'calendars:\n  us:\n    timezone: America/New_York\n    hours: { satday: "09:00-12:00" }\n',
    expect: ["7:14 LS010 unknown key 'satday' — did you mean 'sat'?"],
  },
  {
    name: 'enum field without values',
    yaml: H('fields') + 'fields:\n  industry: { type: enum }\n',
    expect: ["5:3 LS011 missing required key 'values' in this enum field"],
  },
  {
    name: 'bad field type word',
    yaml: H('fields') + 'fields:\n  employees: { type: integr }\n',
    expect: ["5:22 LS013 'type' must be one of string, integer, number, boolean, date, datetime, enum, list"],
  },
  {
    name: 'field name that is not a name',
    yaml: H('fields') + 'fields:\n  Annual Revenue: { type: number }\n',
    expect: ["5:3 LS018 'Annual Revenue' is not a valid field name: use lower-case letters, digits and '_', starting with a letter"],
  },
  {
    name: 'an empty grade id (the engine would show it as ungraded, SQL as an empty grade)',
    yaml: H('scoring') + 'fit:\n  rules:\n    - { id: a, when: { icp: y }, points: 1 }\ngrades:\n  - { id: A, min: 1 }\n  - { id: "" }\n' + ICP_Y,
    expect: ["9:11 LS019 'id' must not be empty"],
  },
  {
    name: 'grades given a mapping',
    yaml: H('scoring') + 'grades: { A: 80 }\n',
    expect: ["4:9 LS012 'grades' must be a list, found a mapping"],
  },
  {
    name: 'misspelt commitment type',
    yaml: H('sla') + 'commitments:\n  - id: v\n    type: volum\n',
    expect: ["6:11 LS013 'type' must be one of response, volume"],
  },
  {
    name: 'response commitment missing its clock keys',
    yaml: H('sla') + 'commitments:\n  - id: first-touch\n    owner: sales\n',
    expect: ["5:5 LS011 missing required keys 'start' and 'within' in this response commitment"], // `stop` is optional (SPEC §6)
  },
  {
    name: 'decay neither none nor a half-life',
    yaml: H('scoring') + 'engagement:\n  decay: never\n',
    expect: ["5:10 LS013 'decay' must be 'none' or a mapping { half_life: 30d }"],
  },
  {
    name: 'typo in project samples',
    yaml: H('project') + 'samples: { lead: leads.csv }\n',
    expect: ["4:12 LS010 unknown key 'lead' — did you mean 'leads'?"],
  },
  {
    name: 'matrix without engagement bands',
    yaml: H('scoring') + 'matrix:\n  fit: [ { id: A, min: 50 }, { id: B } ]\n',
    expect: ["4:1 LS011 missing required key 'engagement' in this matrix"],
  },
  {
    name: 'tier reference without the tier',
    yaml: H('scoring') + 'fit:\n  rules:\n    - { id: a, when: { tier: mid-market }, points: 5 }\n',
    expect: ["6:30 LS015 'tier' must be written <icp-id>/<tier-id>, found 'mid-market'"],
  },
  {
    name: 'test case without expect',
    yaml: H('test') + 'cases:\n  - name: a case\n    sample: L1\n',
    expect: ["5:5 LS011 missing required key 'expect' in this test case"],
  },
  {
    name: 'unknown key at the top of a definition',
    yaml: H('icp') + 'matches:\n  icp: y\n',
    expect: ["4:1 LS010 unknown key 'matches' — did you mean 'match'?"],
  },
  {
    name: 'catalog field written as its type only',
    yaml: H('fields') + 'fields:\n  employees: integer\n',
    expect: ["5:14 LS012 'employees' must be a mapping (a field, e.g. { type: integer }), found text 'integer'"],
  },
  {
    name: 'an operator the score output does not take',
    yaml: H('scoring') + 'mql:\n  grade: { gt: A }\n',
    expect: ["5:12 LS010 operator 'gt' is not allowed in a grade test; use eq, ne, in, not_in"],
  },
  {
    name: 'a list of conditions holding a bare word',
    yaml: H('icp') + 'match:\n  any: [ employees ]\n',
    expect: ["5:10 LS012 item 1 of 'any' must be a mapping (a condition, e.g. { employees: { gte: 50 } }), found text 'employees'"],
  },
  {
    name: 'SLA expectation keyed by the commitment alone',
    yaml: H('test') + 'cases:\n  - name: a case\n    sample: L1\n    expect: { sla: { first-touch: { status: met } } }\n',
    expect: ["7:22 LS018 'first-touch' is not a commitment reference: write <sla-id>/<commitment-id>, e.g. mql-handoff/first-touch"],
  },
  {
    name: 'a group inside a group',
    yaml: H('scoring') + 'fit:\n  rules:\n    - group: outer\n      rules:\n        - group: inner\n          rules: [ { id: b, when: { icp: y }, points: 1 } ]\n' + ICP_Y,
    expect: ['8:11 LS019 a group cannot hold another group; list its rules in this group, or make it a sibling group'],
  },
];
