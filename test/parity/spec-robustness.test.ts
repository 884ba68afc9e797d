// Findings of the SPEC conformance review that are about consistency between commands: what
// `leadspec simulate` cannot evaluate, `leadspec validate` must report (SPEC §8: exit 1 when the
// definitions have errors), with the position of the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, header, workspace } from './spec-helpers.js';

const FIELDS = `${header('fields', 'crm')}fields:
  mql_at: { type: datetime }
  first_touch_at: { type: datetime }
`;

test('§6 a calendar without any working hours is an error of validate, not only a simulate warning', () => {
  const sla = `${header('sla', 'h')}calendars:
  us: { timezone: America/New_York, hours: {} }
commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 4h, calendar: us }
`;
  const ws = workspace({ 'fields.yaml': FIELDS, 'sla.yaml': sla, 'leads.csv': 'id,mql_at\nL1,2026-11-19T20:00:00Z\n' });
  const sim = cli(['simulate', '--format', 'json', '--leads', 'leads.csv'], ws);
  // validate reports it, and simulate refuses it with the same diagnostic (the gate).
  assert.equal(sim.status, 1);
  assert.equal(sim.stdout, '');
  assert.match(sim.stderr, /^sla\.yaml:5:\d+: error LS\d{3} .*no working hours/m);
  const r = cli(['validate', '--format', 'json'], ws);
  assert.equal(r.status, 1, r.stdout);
  const d = r.json.diagnostics.find((x: any) => x.severity === 'error' && /working hours/.test(x.message));
  assert.ok(d, r.stdout);
  assert.deepEqual([d.file, d.line], ['sla.yaml', 5]);

  // One working day is enough.
  const oneDay = sla.replace('hours: {}', 'hours: { sat: "10:00-12:00" }');
  assert.equal(cli(['validate'], workspace({ 'fields.yaml': FIELDS, 'sla.yaml': oneDay })).status, 0);
});

test('§6 a business clock with no calendar to run on is an error of validate, and simulate refuses it', () => {
  const leads = 'id,mql_at\nL1,2026-11-19T20:00:00Z\n';
  // Several calendars, none named; and `clock: business` in an SLA without calendars.
  const several = `${header('sla', 'h')}calendars:
  us: { timezone: UTC, hours: { weekdays: "09:00-17:00" } }
  eu: { timezone: Europe/Berlin, hours: { weekdays: "09:00-17:00" } }
commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 4h }
`;
  const none = `${header('sla', 'h')}commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 4h, clock: business }
`;
  for (const [sla, line] of [[several, 8], [none, 5]] as const) {
    const ws = workspace({ 'fields.yaml': FIELDS, 'sla.yaml': sla, 'leads.csv': leads });
    // The gate: simulate refuses the definitions validate rejects (it used to leave the SLA out).
    const sim = cli(['simulate', '--format', 'json', '--leads', 'leads.csv'], ws);
    assert.equal(sim.status, 1);
    assert.equal(sim.stdout, '');
    assert.match(sim.stderr, new RegExp(`^sla\\.yaml:${line}:\\d+: error LS\\d{3} .*calendar`, 'm'));
    const r = cli(['validate', '--format', 'json'], ws);
    assert.equal(r.status, 1, r.stdout);
    const d = r.json.diagnostics.find((x: any) => x.severity === 'error' && /calendar/.test(x.message));
    assert.ok(d, r.stdout);
    assert.deepEqual([d.file, d.line], ['sla.yaml', line]);
  }
  // Naming one of the calendars, or a single calendar, or a calendar clock, is fine.
  const named = several.replace('within: 4h }', 'within: 4h, calendar: eu }');
  assert.equal(cli(['validate'], workspace({ 'fields.yaml': FIELDS, 'sla.yaml': named })).status, 0);
  const wall = none.replace('clock: business', 'clock: calendar');
  assert.equal(cli(['validate'], workspace({ 'fields.yaml': FIELDS, 'sla.yaml': wall })).status, 0);
});

test('§6 escalation steps are independent ("each step fires when elapsed exceeds after"): their order is not an error', () => {
  const sla = `${header('sla', 'h')}commitments:
  - id: c
    start: mql_at
    stop: first_touch_at
    within: 4h
    clock: calendar
    escalate:
      - { after: 8h, reassign: rr }
      - { after: 2h, notify: mgr }
`;
  // 3h elapsed at as_of: only the 2h step has fired, whatever the order of the list.
  const ws = workspace({ 'fields.yaml': FIELDS, 'sla.yaml': sla, 'leads.csv': 'id,mql_at\nL1,2026-11-20T09:00:00Z\n' });
  const r = cli(['validate', '--format', 'json'], ws);
  assert.equal(r.status, 0, r.stdout);
  assert.ok(!r.json.diagnostics.some((d: any) => d.severity === 'error'), r.stdout);
  const sim = cli(['simulate', '--format', 'json', '--leads', 'leads.csv', '--as-of', '2026-11-20T12:00:00Z'], ws);
  assert.deepEqual(sim.json.leads[0].sla['h/c'], { status: 'open', due: '2026-11-20T13:00:00Z', elapsed_minutes: 180, escalations: [{ after: '2h', notify: 'mgr' }] });
});

test('quality bar: an absurd business duration ends with a warning, never a hang', () => {
  const sla = `${header('sla', 'h')}calendars:
  us: { timezone: America/New_York, hours: { weekdays: "09:00-17:00" } }
commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 99999999h }
`;
  const ws = workspace({ 'fields.yaml': FIELDS, 'sla.yaml': sla, 'leads.csv': 'id,mql_at\nL1,2026-11-19T20:00:00Z\nL2,\n' });
  const t0 = Date.now();
  const r = cli(['simulate', '--format', 'json', '--leads', 'leads.csv', '--as-of', '2026-11-20T12:00:00Z'], ws);
  assert.ok(Date.now() - t0 < 30_000, `took ${Date.now() - t0} ms`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.json.leads.map((l: any) => l.id), ['L1', 'L2']);
  assert.ok(r.json.warnings.some((w: any) => w.lead === 'L1' && /h\/c/.test(w.message)), JSON.stringify(r.json.warnings));
});

test('quality bar: a start date centuries before as_of (a typo) ends with a warning, never minutes of work', () => {
  const sla = `${header('sla', 'h')}calendars:
  us: { timezone: America/New_York, hours: { weekdays: "09:00-17:00" } }
commitments:
  - { id: c, start: mql_at, stop: first_touch_at, within: 4h }
`;
  const rows = Array.from({ length: 20 }, (_, i) => `T${i},1026-11-19T20:00:00Z`).join('\n');
  const ws = workspace({ 'fields.yaml': FIELDS, 'sla.yaml': sla, 'leads.csv': `id,mql_at\n${rows}\nOK,2026-11-19T20:00:00Z\n` });
  const t0 = Date.now();
  const r = cli(['simulate', '--format', 'json', '--leads', 'leads.csv', '--as-of', '2026-11-20T12:00:00Z'], ws);
  assert.ok(Date.now() - t0 < 30_000, `took ${Date.now() - t0} ms`);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.json.warnings.some((w: any) => w.lead === 'T0' && /h\/c/.test(w.message)), JSON.stringify(r.json.warnings.slice(0, 3)));
  assert.deepEqual(r.json.leads.at(-1).sla['h/c'], { status: 'open', due: '2026-11-20T16:00:00Z', elapsed_minutes: 120, escalations: [] });
});
