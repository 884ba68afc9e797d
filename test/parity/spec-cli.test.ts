// SPEC §8 (command line: exit codes, validate JSON, default PATH), §9 (`leadspec test`, with the
// SPEC's own example) and §10 (suppressions), run through the built CLI as a process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, header, workspace, SPEC_TEST_EXAMPLE } from './spec-helpers.js';

const FIELDS = `${header('fields', 'crm')}fields:
  employees: { type: integer }
  industry: { type: enum, values: [SaaS, Fintech] }
`;
// Line 6 col 24: `employes` is not a field (error). Line 7: a rule of zero points (warning).
const SCORING_BAD = `${header('scoring', 's')}fit:
  rules:
    - { id: a, when: { employes: { gte: 5 } }, points: 1 }
    - { id: b, when: { employees: { gte: 5 } }, points: 0 }
grades:
  - { id: A }
`;
const SCORING_WARN = SCORING_BAD.replace('employes', 'employees');
const PROJECT = `${header('project', 'p')}samples: { leads: leads.csv }\nas_of: 2026-11-20T12:00:00Z\n`;

test('§8 validate --format json: shape, 1-based positions, severity words; exit 1 on errors', () => {
  const ws = workspace({ 'leadspec.yaml': PROJECT, 'fields.yaml': FIELDS, 'scoring.yaml': SCORING_BAD, 'notes.yaml': 'just: yaml\n' });
  const r = cli(['validate', '--format', 'json'], ws);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.json.files, 3, 'only leadspec files count; other YAML is left alone');
  const err = r.json.diagnostics.find((d: any) => d.severity === 'error');
  assert.deepEqual(Object.keys(err).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
  assert.deepEqual([err.file, err.line, err.column, err.endLine, err.endColumn], ['scoring.yaml', 6, 24, 6, 32]);
  assert.match(err.code, /^LS\d{3}$/);
  const warn = r.json.diagnostics.find((d: any) => d.severity === 'warning');
  assert.equal(warn.line, 7);
  for (const d of r.json.diagnostics) assert.ok(['error', 'warning', 'info'].includes(d.severity));
});

test('§8 exit status: warnings alone 0, with --strict 1; github and sarif formats', () => {
  const ws = workspace({ 'leadspec.yaml': PROJECT, 'fields.yaml': FIELDS, 'scoring.yaml': SCORING_WARN });
  const r = cli(['validate', '--format', 'json'], ws);
  assert.equal(r.status, 0, r.stdout);
  assert.ok(r.json.diagnostics.length >= 1 && r.json.diagnostics.every((d: any) => d.severity !== 'error'));
  assert.equal(cli(['validate', '--strict'], ws).status, 1);
  const gh = cli(['validate', '--format', 'github'], ws);
  assert.match(gh.stdout, /^::warning file=scoring\.yaml,line=7,col=\d+/m);
  const sarif = cli(['validate', '--format', 'sarif'], ws);
  assert.equal(sarif.json.version, '2.1.0');
});

test('§8 default PATH is the workspace root found from the current directory', () => {
  const ws = workspace({ 'leadspec.yaml': PROJECT, 'fields.yaml': FIELDS, 'scoring.yaml': SCORING_BAD, 'deep/sub/readme.txt': 'x' });
  const r = cli(['validate', '--format', 'json'], join(ws, 'deep', 'sub'));
  assert.equal(r.status, 1);
  assert.equal(r.json.files, 3);
  assert.ok(r.json.diagnostics.some((d: any) => d.file.endsWith('scoring.yaml') && d.line === 6));
  // Without leadspec.yaml anywhere above: the current directory.
  const bare = workspace({ 'x/fields.yaml': FIELDS });
  assert.equal(cli(['validate', '--format', 'json'], join(bare, 'x')).json.files, 1);
});

test('§8 exit status 2 for usage and input errors, with file, line and column for unreadable data', () => {
  const ws = workspace({ 'leadspec.yaml': PROJECT, 'fields.yaml': FIELDS, 'scoring.yaml': SCORING_WARN,
    'leads.csv': 'id,employees\nL1,5\n', 'broken.json': '[{"id": "L1"},\n {"id": }]\n' });
  assert.equal(cli(['simulate', '--format', 'json'], ws).status, 0);
  const missing = cli(['simulate', '--leads', 'nope.csv'], ws);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.csv/);
  const broken = cli(['simulate', '--leads', 'broken.json'], ws);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /broken\.json:2:\d+/);
  assert.equal(cli(['simulate', '--as-of', 'soon'], ws).status, 2);
  assert.equal(cli(['simulate', '--format', 'yaml'], ws).status, 2);
  assert.equal(cli(['validate', 'no/such/path'], ws).status, 2);
  assert.equal(cli(['frobnicate'], ws).status, 2);
  assert.equal(cli(['diff', '--base', 'no-such-ref', '--format', 'json'], ws).status, 2);
  // Definitions with errors: simulate refuses with 1.
  const bad = workspace({ 'leadspec.yaml': PROJECT, 'fields.yaml': FIELDS, 'scoring.yaml': SCORING_BAD.replace('points: 1 }', 'points: 1 '), 'leads.csv': 'id\nL1\n' });
  assert.equal(cli(['simulate', '--format', 'json'], bad).status, 1);
});

// ---- §9 -----------------------------------------------------------------------------------

const basic = resolve(__dirname, '..', '..', '..', 'shared', 'examples', 'basic');

function basicCopy(extra: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-spec-basic-'));
  cpSync(basic, dir, { recursive: true });
  rmSync(join(dir, 'expected.json'));
  for (const [k, v] of Object.entries(extra)) writeFileSync(join(dir, k), v);
  return dir;
}

test('§9 the SPEC example of kind: test validates and passes; a failing case exits 1 with expected and actual', { skip: !existsSync(basic) && 'no shared examples' }, () => {
  const ok = basicCopy({ 'tests.yaml': SPEC_TEST_EXAMPLE });
  const v = cli(['validate', '--format', 'json'], ok);
  assert.equal(v.status, 0, v.stdout);
  assert.deepEqual(v.json.diagnostics, []);
  const r = cli(['test', '--format', 'json'], ok);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(r.json.summary, { tests: 1, cases: 3, passed: 3, failed: 0, errors: 0 });

  // L2 is a C (total 48.54), not an A.
  const failing = basicCopy({ 'tests.yaml': SPEC_TEST_EXAMPLE.replace('expect: { inbound: { disqualified: true, mql: false } }', 'expect: { inbound: { disqualified: true, mql: false } }\n  - name: wrong\n    sample: L2\n    expect: { inbound: { grade: A } }') });
  const f = cli(['test', '--format', 'json'], failing);
  assert.equal(f.status, 1);
  const c = f.json.tests[0].cases.find((x: any) => x.name === 'wrong');
  assert.equal(c.status, 'failed');
  const e = c.expectations.find((x: any) => !x.passed);
  assert.deepEqual([e.expected, e.actual], ['A', 'C']);
  assert.ok(Array.isArray(c.explanation.inbound) && c.explanation.inbound.length > 0, 'the explanation of the actual score');
  const junit = cli(['test', '--format', 'junit'], failing);
  assert.equal(junit.status, 1);
  assert.match(junit.stdout, /<testsuites[\s>]/);
});

// ---- §10 ----------------------------------------------------------------------------------

test('§10 suppressions: next-line and document scope with a reason; unused is a warning; reason required', () => {
  const base = { 'leadspec.yaml': PROJECT, 'fields.yaml': FIELDS };
  const nextLine = SCORING_WARN.replace('    - { id: b,', '    # leadspec-disable-next-line LS071 -- placeholder until Q1\n    - { id: b,');
  const r1 = cli(['validate', '--format', 'json', '--strict'], workspace({ ...base, 'scoring.yaml': nextLine }));
  assert.equal(r1.status, 0, r1.stdout);
  assert.deepEqual(r1.json.diagnostics, []);
  const text = cli(['validate'], workspace({ ...base, 'scoring.yaml': nextLine }));
  assert.match(text.stdout, /1 diagnostic suppressed by 1 comment/);

  const docLevel = `# leadspec-disable LS050 -- CRM columns not in the catalog yet\n${SCORING_BAD}`;
  const r2 = cli(['validate', '--format', 'json'], workspace({ ...base, 'scoring.yaml': docLevel }));
  assert.ok(!r2.json.diagnostics.some((d: any) => d.severity === 'error'), r2.stdout);
  assert.equal(r2.status, 0);

  const unused = SCORING_WARN.replace('    - { id: a,', '    # leadspec-disable-next-line LS050 -- nothing to hide\n    - { id: a,');
  const r3 = cli(['validate', '--format', 'json'], workspace({ ...base, 'scoring.yaml': unused }));
  assert.ok(r3.json.diagnostics.some((d: any) => d.severity === 'warning' && d.line === 6), r3.stdout);
  assert.equal(cli(['validate', '--strict'], workspace({ ...base, 'scoring.yaml': unused })).status, 1);

  const noReason = SCORING_BAD.replace('    - { id: a,', '    # leadspec-disable-next-line LS050\n    - { id: a,');
  assert.equal(cli(['validate'], workspace({ ...base, 'scoring.yaml': noReason })).status, 1);
});
