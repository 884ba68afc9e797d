// LS050–LS058: conditions against the catalog (SPEC §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics, only, fixTexts, at, CRM } from './check-support.js';

const icp = (match: string) => `leadspec: v1\nkind: icp\nid: x\nmatch: ${match}\n`;

test('LS050: unknown field in a condition, with did-you-mean and a fix', () => {
  const ws = workspace({ 'a.yaml': icp('{ employes: { gte: 5 } }') });
  const [d] = expectDiagnostics(ws, ["a.yaml:4:10-4:18 LS050 unknown field 'employes' — did you mean 'employees'?"]);
  assert.deepEqual(fixTexts(d), ['employees']);
});

test('LS050 inside combinators and `not`', () => {
  const ws = workspace({ 'a.yaml': icp('{ any: [ { not: { contry: US } } ] }') });
  expectDiagnostics(ws, ["a.yaml:4:26-4:32 LS050 unknown field 'contry' — did you mean 'country'?"]);
});

test('LS051: operators the field type does not allow, and a list (= in) on a list field', () => {
  const ws = workspace({ 'a.yaml': icp('{ employees: { starts_with: "1" }, tech_stack: [a, b], country: { gte: x } }') });
  expectDiagnostics(ws, [
    "a.yaml:4:23-4:34 LS051 operator 'starts_with' does not apply to field 'employees' (integer); use eq, ne, in, not_in, gt, gte, lt, lte, between, exists",
    "a.yaml:4:55-4:61 LS051 a list means 'in', which does not apply to field 'tech_stack' (list) — use includes_any: [...] or includes_all: [...]",
    "a.yaml:4:74-4:77 LS051 operator 'gte' does not apply to field 'country' (string); use eq, ne, in, not_in, contains, starts_with, ends_with, exists",
  ]);
});

test('LS052: values of the wrong type (a word for an integer, a date that is no date, a word in a number list)', () => {
  const ws = workspace({ 'a.yaml': icp('{ employees: { gte: many }, founded: { lt: 2026-02-30 }, mql_at: { gt: "2026-11-20T25:00:00Z" }, annual_revenue: { in: [1, x] } }') });
  expectDiagnostics(ws, [
    "a.yaml:4:28-4:32 LS052 'many' is not an integer, which field 'employees' holds",
    "a.yaml:4:51-4:61 LS052 '2026-02-30' is not a date (YYYY-MM-DD), which field 'founded' holds",
    "a.yaml:4:79-4:101 LS052 '2026-11-20T25:00:00Z' is not a date-time (ISO 8601, e.g. 2026-11-20T09:00:00Z), which field 'mql_at' holds",
    "a.yaml:4:131-4:132 LS052 'x' is not a number, which field 'annual_revenue' holds",
  ]);
});

test('LS052 is not raised for well-typed values (dates, date-times with and without offset, numbers)', () => {
  const ws = workspace({ 'a.yaml': icp('{ founded: { between: [2020-01-01, 2024-02-29] }, mql_at: { gte: 2026-11-20T09:00:00Z, lt: "2026-11-21T10:00:00+01:00" }, first_touch_at: { lt: 2026-11-21 }, annual_revenue: { gt: 1.5e6 }, tech_stack: { includes_any: [salesforce, hubspot] } }') });
  expectDiagnostics(ws, []);
});

test('LS053: enum values the catalog does not declare; case does not matter', () => {
  const ws = workspace({ 'a.yaml': icp('{ industry: [saas, Fintec, Banking] }') });
  const ds = expectDiagnostics(ws, [
    "a.yaml:4:27-4:33 LS053 'Fintec' is not a value of field 'industry' — did you mean 'Fintech'?",
    "a.yaml:4:35-4:42 LS053 'Banking' is not a value of field 'industry' — its values are SaaS, Fintech, Healthcare, Retail, Education, Other",
  ]);
  assert.deepEqual(fixTexts(ds[0]), ['Fintech']);
});

test('LS054: between with lo > hi', () => {
  const ws = workspace({ 'a.yaml': icp('{ employees: { between: [1000, 50] } }') });
  const [d] = expectDiagnostics(ws, ["a.yaml:4:32-4:42 LS054 between [1000, 50] never holds: lo is greater than hi — swap the bounds"]);
  // the quick fix swaps the two bounds
  assert.deepEqual(d.fixes?.[0].edits.map((e) => [at(e), e.newText]), [['4:33-4:37', '50'], ['4:39-4:41', '1000']]);
});

test('LS054 compares dates as dates', () => {
  const ws = workspace({ 'a.yaml': icp('{ founded: { between: [2024-05-01, 2024-04-30] } }') });
  only(ws, 'LS054');
});

test('LS055: a catalog field named with a reserved word', () => {
  const ws = workspace({ 'crm.yaml': CRM.replace('  country:        { type: string }', '  grade:          { type: string }') }, { catalog: false });
  expectDiagnostics(ws, ["crm.yaml:7:3-7:8 LS055 'grade' is a reserved word in conditions and cannot name a field; rename it (e.g. 'grade_value')"]);
});

test('LS057: score outputs tested in an ICP', () => {
  const ws = workspace({ 'a.yaml': icp('{ fit: { gte: 5 }, mql: true }') });
  expectDiagnostics(ws, [
    "a.yaml:4:10-4:13 LS057 'fit' is a score output, which only scoring models and SLA commitments can test, not an ICP",
    "a.yaml:4:27-4:30 LS057 'mql' is a score output, which only scoring models and SLA commitments can test, not an ICP",
  ]);
});

test('LS058: an SLA condition tests scores without naming a model when the workspace has several', () => {
  const model = (id: string) => `leadspec: v1\nkind: scoring\nid: ${id}\ngrades: [ { id: A } ]\n`;
  const sla = `leadspec: v1
kind: sla
id: h
commitments:
  - { id: c, applies_to: { grade: A }, start: mql_at, stop: first_touch_at, within: 4h }
`;
  const ws = workspace({ 'a.yaml': model('a'), 'b.yaml': model('b'), 'sla.yaml': sla });
  expectDiagnostics(ws, ["sla.yaml:5:28-5:33 LS058 'grade' is a score output, but this commitment does not say which model's; add `scoring: <model-id>`"]);
  ws.removeFile('b.yaml'); // with one model, that model is meant
  assert.deepEqual(ws.diagnostics(), []);
});

test('event conditions: count and within are checked, where tests event properties', () => {
  const ws = workspace({ 's.yaml': `leadspec: v1
kind: scoring
id: s
engagement:
  rules:
    - { id: a, when: { event: page_view, where: { url: { gt: 3 } }, within: 7d, count: { gte: 2.5 } }, points: 1 }
grades:
  - { id: A }
` });
  expectDiagnostics(ws, [
    "s.yaml:6:58-6:60 LS051 operator 'gt' does not apply to property 'url' (string); use eq, ne, in, not_in, contains, starts_with, ends_with, exists",
    "s.yaml:6:95-6:98 LS052 2.5 is not an integer, which the event count holds",
  ]);
});
