// SLAs through `leadspec simulate` as a process: two calendars chosen per lead (one lead in each
// across the March 2026 daylight-saving changes), met / breached / open, escalations, a lead
// without a calendar reported as a warning, and weekly volume cut in Berlin time. Every
// expected value is derived by hand below. Offsets: New York EST = UTC-5 until Sun 8 Mar, then
// EDT = UTC-4; Berlin CET = UTC+1 until Sun 29 Mar, then CEST = UTC+2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

const FILES: Record<string, string> = {
  'leadspec.yaml': `leadspec: v1
kind: project
id: sla-cli
samples: { leads: leads.csv }
as_of: 2026-03-30T09:00:00Z
`,
  'fields.yaml': `leadspec: v1
kind: fields
id: crm
fields:
  employees: { type: integer }
  region: { type: enum, values: [na, emea, apac] }
  mql_at: { type: datetime }
  first_touch_at: { type: datetime }
`,
  'scoring.yaml': `leadspec: v1
kind: scoring
id: inbound
fit:
  rules:
    - { id: big, when: { employees: { gte: 100 } }, points: 50 }
grades:
  - { id: A, min: 50 }
  - { id: B }
mql: { grade: A }
`,
  'sla.yaml': `leadspec: v1
kind: sla
id: handoff
calendars:
  us:
    timezone: America/New_York
    hours: { weekdays: "09:00-17:00" }
    holidays: [2026-11-26]
  emea:
    timezone: Europe/Berlin
    hours: { mon: "09:00-12:00, 13:00-17:00", tue: "09:00-17:00", wed: "09:00-17:00",
             thu: "09:00-17:00", fri: "09:00-15:00" }
commitments:
  - id: first-touch
    scoring: inbound
    applies_to: { mql: true }
    start: mql_at
    stop: first_touch_at
    within: 2h
    calendar: { by: region, map: { emea: emea, na: us } }
    escalate:
      - { after: 1h, notify: manager }
  - id: weekly
    type: volume
    scoring: inbound
    count: { mql: true }
    per: week
    date: mql_at
    target: { gte: 2 }
    calendar: emea
`,
  'leads.csv': `id,employees,region,mql_at,first_touch_at
A1,500,emea,2026-03-27T13:00:00Z,
A2,500,na,2026-03-06T21:00:00Z,2026-03-09T13:30:00Z
A3,500,NA,2026-03-30T08:00:00Z,
A4,500,apac,2026-03-29T22:30:00Z,
B1,10,emea,2026-03-27T13:00:00Z,
`,
};

function workspace(overrides: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-sla-'));
  for (const [name, text] of Object.entries({ ...FILES, ...overrides })) writeFileSync(join(dir, name), text);
  return dir;
}
function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, cmd, ...args], { cwd, encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack traces');
  return r;
}

test('simulate --format json: per-lead SLA results, summary and warnings', () => {
  const dir = workspace();
  assert.equal(run('validate', [], dir).status, 0, 'the workspace is valid');
  const r = run('simulate', ['--format', 'json'], dir);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const sla = Object.fromEntries(out.leads.map((l: { id: string; sla: unknown }) => [l.id, l.sla]));
  // A1 (emea): Fri 27 Mar 14:00 CET = 13:00Z; 1h to the Friday close at 15:00 CET; Mon 30 Mar
  // opens 09:00 CEST = 07:00Z (after the change); +1h → due 08:00Z. No touch and as_of 09:00Z > due:
  // breached. Elapsed: 1h Friday + 07:00Z→09:00Z = 180 min > 1h: the step fires.
  assert.deepEqual(sla.A1, { 'handoff/first-touch': { status: 'breached', due: '2026-03-30T08:00:00Z', elapsed_minutes: 180,
    escalations: [{ after: '1h', notify: 'manager' }] } });
  // A2 (na): Fri 6 Mar 16:00 EST = 21:00Z; 1h to 17:00; Mon 9 Mar opens 09:00 EDT = 13:00Z; +1h →
  // due 14:00Z. Touched 13:30Z ≤ due: met; elapsed 60 + 30 = 90 min.
  assert.deepEqual(sla.A2, { 'handoff/first-touch': { status: 'met', due: '2026-03-09T14:00:00Z', elapsed_minutes: 90,
    escalations: [{ after: '1h', notify: 'manager' }] } });
  // A3 (region "NA": case-insensitive → us): Mon 30 Mar 08:00Z = 04:00 EDT, before opening; opens
  // 13:00Z, +2h → due 15:00Z. At as_of 09:00Z nothing has elapsed: open.
  assert.deepEqual(sla.A3, { 'handoff/first-touch': { status: 'open', due: '2026-03-30T15:00:00Z', elapsed_minutes: 0, escalations: [] } });
  // A4 (apac): the map has no apac and there is no default → no entry, and a warning. B1: not an MQL.
  assert.deepEqual([sla.A4, sla.B1], [{}, {}]);
  assert.ok(out.warnings.some((w: Record<string, unknown>) => w.lead === 'A4' && w.row === 5 && /'region' is 'apac'.*no default/.test(String(w.message))),
    JSON.stringify(out.warnings));
  // Summary: met A2, breached A1, open A3 → attainment 1/2. Weeks in Berlin time: A2 Fri 6 Mar →
  // W10; A1 Fri 27 Mar → W13; A3 Mon 30 Mar → W14; A4 29 Mar 22:30Z = Mon 30 Mar 00:30 CEST → W14
  // (in UTC it would still be Sunday, W13). B1 is no MQL. Target gte 2.
  assert.deepEqual(out.summary.sla, {
    'handoff/first-touch': { met: 1, breached: 1, open: 1, attainment: 0.5 },
    'handoff/weekly': { periods: { '2026-W10': { count: 1, met: false }, '2026-W13': { count: 1, met: false }, '2026-W14': { count: 2, met: true } } },
  });
});

test('a broken calendar: validate exits 1 naming file:line:col; simulate refuses with the same diagnostic (the gate)', () => {
  const dir = workspace({ 'sla.yaml': FILES['sla.yaml'].replace('America/New_York', 'America/Nowhere') });
  const v = run('validate', [], dir);
  assert.equal(v.status, 1);
  assert.match(v.stdout + v.stderr, /sla\.yaml:6:15: error LS080 unknown time zone 'America\/Nowhere'/);
  const r = run('simulate', ['--format', 'json'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '', 'no result computed from definitions with errors');
  assert.match(r.stderr, /sla\.yaml:6:15: error LS080 unknown time zone 'America\/Nowhere'/);
  assert.match(r.stderr, /leadspec simulate: the definitions have 1 error; nothing was computed/);
});
