// LS120–LS128: the project's `outcomes` (SPEC §11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics, fixTexts, lines } from './check-support.js';
import { OUTCOME_CODES } from '../../server/src/core/outcomes/codes.js';
import { codeInfo } from '../../server/src/core/codes.js';
import { parseCapacity, capacityLeads } from '../../server/src/core/outcomes/capacity.js';

const OUTCOME_FIELDS = `leadspec: v1
kind: fields
id: outcomes
fields:
  opportunity_created_at: { type: datetime }
  created_at: { type: datetime }
  is_converted: { type: boolean }
  opportunity_amount: { type: number }
  sales_status: { type: enum, values: [accepted, working, rejected, recycled, nurture] }
  notes: { type: string }
  seats: { type: list }
events:
  opportunity_created: {}
`;
const project = (body: string) => `leadspec: v1\nkind: project\nid: p\n${body}`;
const ws = (body: string) => workspace({ 'fields.yaml': OUTCOME_FIELDS, 'leadspec.yaml': project(body) }, { catalog: false });

test('the SPEC §11 example, a flag variant and an event variant are clean', () => {
  expectDiagnostics(ws(`outcomes:
  converted: opportunity_created_at
  created: created_at
  as_of: 2026-08-01T00:00:00Z
  horizon: 90d
  capacity: 15%
  value: opportunity_amount
  feedback:
    field: sales_status
    accepted: [accepted, working]
    rejected: [rejected]
    recycled: [recycled, nurture]
    reason: notes
`), []);
  expectDiagnostics(ws('outcomes: { converted: is_converted, capacity: 200 }\n'), []);
  expectDiagnostics(ws('outcomes: { converted: { event: opportunity_created }, as_of: 2026-08-01, horizon: 12w }\n'), []);
});

test('LS120: an undeclared field, with did-you-mean among fields of the right type', () => {
  const [d] = expectDiagnostics(ws('outcomes: { converted: opportunity_created, as_of: 2026-08-01, horizon: 90d }\n'), [
    "leadspec.yaml:4:24-4:43 LS120 unknown field 'opportunity_created' — did you mean 'opportunity_created_at'?",
  ]);
  assert.deepEqual(fixTexts(d), ['opportunity_created_at']);
  expectDiagnostics(ws('outcomes: { converted: is_converted, feedback: { field: status_of_sales } }\n'), [
    "leadspec.yaml:4:57-4:72 LS120 unknown field 'status_of_sales' — catalog 'outcomes' does not declare it",
  ]);
});

test('LS121: fields of the wrong type (converted, created, value, feedback.field, feedback.reason)', () => {
  expectDiagnostics(ws('outcomes:\n  converted: opportunity_amount\n  created: notes\n  value: sales_status\n  feedback: { field: seats, reason: seats }\n'), [
    "leadspec.yaml:5:14-5:32 LS121 'converted' must be a datetime field (when the lead converted), a boolean flag, or `{ event: <event> }`, but 'opportunity_amount' is a number",
    "leadspec.yaml:6:12-6:17 LS121 'created' must be a datetime field (when the lead came in), but 'notes' is a string",
    "leadspec.yaml:7:10-7:22 LS121 'value' must be a number field (the pipeline of a conversion), but 'sales_status' is an enum",
    "leadspec.yaml:8:22-8:27 LS121 'feedback.field' must be a string or enum field (the sales status), but 'seats' is a list",
    "leadspec.yaml:8:37-8:42 LS121 'feedback.reason' must be a string or enum field (the rejection reason), but 'seats' is a list",
  ]);
});

test('LS122: a conversion event the catalog does not declare', () => {
  const [d] = expectDiagnostics(ws('outcomes: { converted: { event: opportunity_create }, as_of: 2026-08-01, horizon: 90d }\n'), [
    "leadspec.yaml:4:33-4:51 LS122 unknown event 'opportunity_create' — did you mean 'opportunity_created'?",
  ]);
  assert.deepEqual(fixTexts(d), ['opportunity_created']);
});

test('LS123: as_of or horizon with a boolean flag', () => {
  expectDiagnostics(ws('outcomes:\n  converted: is_converted\n  as_of: 2026-08-01\n  horizon: 90d\n'), [
    "leadspec.yaml:6:3-6:8 LS123 'as_of' cannot be given with a boolean `converted` flag: without conversion times the backtest runs at the simulation's as_of; remove it, or name a datetime field as `converted`",
    "leadspec.yaml:7:3-7:10 LS123 'horizon' cannot be given with a boolean `converted` flag: without conversion times the backtest runs at the simulation's as_of; remove it, or name a datetime field as `converted`",
  ]);
});

test('LS124: a feedback value that is not a value of the enum; LS125: a value in two lists', () => {
  const [d] = expectDiagnostics(ws('outcomes:\n  converted: is_converted\n  feedback:\n    field: sales_status\n    accepted: [acepted, working]\n    rejected: [rejected, Working]\n    recycled: [recycled, recycled]\n'), [
    "leadspec.yaml:8:16-8:23 LS124 'acepted' is not a value of field 'sales_status' — did you mean 'accepted'?",
    "leadspec.yaml:9:26-9:33 LS125 'Working' is already listed in `accepted`; a value belongs to one list only",
    "leadspec.yaml:10:26-10:34 LS125 'recycled' is already listed in `recycled`; a value belongs to one list only",
  ]);
  assert.deepEqual(fixTexts(d), ['accepted']);
  // A string field takes any value.
  expectDiagnostics(ws('outcomes: { converted: is_converted, feedback: { field: notes, accepted: [yes], rejected: [no] } }\n'), []);
});

test('LS126: a zero horizon; LS127: a capacity that is no count or share', () => {
  expectDiagnostics(ws('outcomes: { converted: opportunity_created_at, as_of: 2026-08-01, horizon: 0d, capacity: 0 }\n'), [
    "leadspec.yaml:4:76-4:78 LS126 a horizon of '0d' counts no conversion; use a positive duration such as 90d",
    "leadspec.yaml:4:90-4:91 LS127 capacity 0 is neither a positive whole number of leads nor a share between 0% and 100%; write e.g. 200 or 15%",
  ]);
  // (A fractional count, 2.5, is the schema's: a whole number or text.)
  for (const bad of ['150%', '0%', 'ten', '-3']) {
    const found = lines(ws(`outcomes: { converted: is_converted, capacity: ${bad.startsWith('-') ? bad : `"${bad}"`} }\n`));
    assert.ok(found.length === 1 && / LS127 /.test(found[0]), `${bad}: ${found.join('\n')}`);
  }
});

test('LS128: conversion times without as_of or horizon (the backtest then needs the flags)', () => {
  expectDiagnostics(ws('outcomes: { converted: opportunity_created_at, horizon: 90d }\n'), [
    'leadspec.yaml:4:13-4:22 LS128 conversions have times but `outcomes` has no as_of: `leadspec backtest` will need --as-of; add as_of (e.g. `as_of: 2026-08-01T00:00:00Z`, `horizon: 90d`)',
  ]);
});

test('outcome codes are LS120–LS129, registered and described', () => {
  for (const c of OUTCOME_CODES) {
    assert.match(c.code, /^LS12\d$/);
    assert.equal(codeInfo(c.code), c);
    assert.ok(c.summary.endsWith('.') && c.fix.endsWith('.'), c.code);
  }
});

test('capacity: counts, shares rounded down in integer arithmetic', () => {
  assert.equal(capacityLeads(parseCapacity('15%')!, 1400), 210);
  assert.equal(capacityLeads(parseCapacity('12.5%')!, 9), 1);
  assert.equal(capacityLeads(parseCapacity('100%')!, 7), 7);
  assert.equal(capacityLeads(parseCapacity(200)!, 7), 200);
  assert.equal(capacityLeads(parseCapacity('33%')!, 100), 33);
  assert.equal(parseCapacity('101%'), undefined);
  assert.equal(parseCapacity(1.5), undefined);
});
