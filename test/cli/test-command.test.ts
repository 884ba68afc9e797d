// `leadspec test` as a process (the built dist/cli.js) on temporary copies of
// ../shared/examples/basic: SPEC §9's example passes; a failing suite exits 1 and prints each
// failure with expected vs actual and the explanation, in text, JSON and JUnit XML; input
// problems exit 2 with a message naming the file (never a stack trace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SPEC_TEST_EXAMPLE } from '../parity/spec-helpers.js';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const example = resolve(repo, '..', 'shared', 'examples', 'basic');
const skip = !existsSync(example) && 'shared/examples/basic is not beside the repo';
const dirs: string[] = [];

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, 'test', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack traces');
  return r;
}
function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-test-'));
  dirs.push(dir);
  cpSync(example, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) { mkdirSync(join(dir, name, '..'), { recursive: true }); writeFileSync(join(dir, name), text); }
  return dir;
}
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });


// Hand-computed against the example (as_of = the project's 2026-11-20T12:00:00Z):
// L2 (1,200 employees, Fintech, manager, three /pricing views on 10-21, 11-05, 11-20) gets fit 40
// (enterprise), engagement 5·0.5^(15/30) + 5 = 8.54 (the 10-21 view is outside `within: 30d`),
// total 48.54 → C; it matches no ICP (1,200 employees is above mid-market's 1,000).
// L1 (an A and an MQL; MQL at 2026-11-19T20:00Z = Thursday 15:00 in New York, no first touch)
// is due after 2 business hours on Thursday and 2 on Friday (16:00Z); at 12:00Z (07:00 in New
// York, before opening) it is open with 120 business minutes elapsed.
const FAILING = `leadspec: v1
kind: test
id: failing
cases:
  - name: the enterprise fintech is an A & an MQL
    sample: L2
    expect:
      icp: mid-market
      inbound: { grade: A, mql: true, total: { between: [40, 50] } }
  - name: L1's first touch is still open
    sample: L1
    expect: { sla: { mql-handoff/first-touch: { status: open, elapsed_minutes: 120 } } }
  - name: a lead that is not in the samples
    sample: L44
    expect: { inbound: { grade: D } }
`;

test("SPEC §9's example passes against the worked example's definitions (exit 0)", { skip }, () => {
  const dir = workspace({ 'tests/inbound.test.yaml': SPEC_TEST_EXAMPLE });
  const r = run([], dir);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, [
    'inbound-regressions — tests/inbound.test.yaml (as of 2026-11-20T12:00:00Z)',
    '  ✓ VP at a mid-market SaaS who asked for a demo is an A and an MQL',
    '  ✓ competitors never qualify',
    '  ✓ first touch within 4 business hours',
    '',
    '3 cases in 1 test: 3 passed, 0 failed',
    '',
  ].join('\n'));
  // A test file given as PATH still runs against the whole workspace (and from another folder).
  const one = run([join(dir, 'tests', 'inbound.test.yaml'), '--format', 'json'], tmpdir());
  assert.equal(one.status, 0, one.stderr);
  const j = JSON.parse(one.stdout);
  assert.deepEqual(j.summary, { tests: 1, cases: 3, passed: 3, failed: 0, errors: 0 });
  assert.deepEqual(j.tests[0].cases.map((c: any) => [c.name, c.lead, c.status, c.line]), [
    ['VP at a mid-market SaaS who asked for a demo is an A and an MQL', 't1', 'passed', 6],
    ['competitors never qualify', 'L4', 'passed', 13],
    ['first touch within 4 business hours', 't2', 'passed', 16],
  ]);
  // The actual results ride along: t1 is fit 75 (in-icp 30 + mid 25 + senior 20), L4 disqualified.
  assert.equal(j.tests[0].cases[0].result.scores.inbound.fit, 75);
  assert.equal(j.tests[0].cases[1].result.scores.inbound.grade, 'disqualified');
  assert.equal(j.tests[0].cases[2].result.sla['mql-handoff/first-touch'].due, '2026-11-20T16:00:00Z');
});

test('a failing suite: exit 1, each failure with expected vs actual and the explanation (text)', { skip }, () => {
  const dir = workspace({ 'failing.yaml': FAILING });
  const r = run(['failing.yaml'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, [
    'failing — failing.yaml (as of 2026-11-20T12:00:00Z)',
    '  ✗ the enterprise fintech is an A & an MQL (failing.yaml:5:5, lead L2)',
    '      icp: expected to match mid-market, matches no ICP',
    '      inbound.grade: expected A, got C',
    '      inbound.mql: expected true, got false',
    '      inbound: fit 40, engagement 8.54, total 48.54, grade C, not MQL',
    '        fit +40 company-size/enterprise',
    '        engagement +8.54 pricing (2 events)',
    '      ICPs: none',
    '  ✓ L1\'s first touch is still open',
    '  ! a lead that is not in the samples (failing.yaml:13:5)',
    "      no sample lead has the id 'L44'",
    '',
    '3 cases in 1 test: 1 passed, 1 failed, 1 could not run',
    '',
  ].join('\n'));
});

test('--format json: every expectation with expected, actual and passed; the explanation of the model', { skip }, () => {
  const dir = workspace({ 'failing.yaml': FAILING });
  const r = run(['--format', 'json'], dir);
  assert.equal(r.status, 1);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.summary, { tests: 1, cases: 3, passed: 1, failed: 1, errors: 1 });
  const [a, b, c] = j.tests[0].cases;
  assert.equal(j.tests[0].file, 'failing.yaml');
  assert.equal(a.status, 'failed');
  assert.deepEqual(a.expectations, [
    { expectation: 'icp', expected: 'mid-market', actual: [], passed: false, message: 'icp: expected to match mid-market, matches no ICP' },
    { expectation: 'inbound.grade', expected: 'A', actual: 'C', passed: false, message: 'inbound.grade: expected A, got C' },
    { expectation: 'inbound.mql', expected: true, actual: false, passed: false, message: 'inbound.mql: expected true, got false' },
    { expectation: 'inbound.total', expected: { between: [40, 50] }, actual: 48.54, passed: true },
  ]);
  assert.deepEqual(a.explanation, { inbound: [
    { section: 'fit', group: 'company-size', rule: 'enterprise', points: 40 },
    { section: 'engagement', rule: 'pricing', points: 8.54, events: 2 },
  ] });
  assert.equal(b.status, 'passed');
  assert.deepEqual(b.expectations.map((e: any) => [e.expectation, e.actual, e.passed]), [
    ['sla.mql-handoff/first-touch.status', 'open', true],
    ['sla.mql-handoff/first-touch.elapsed_minutes', 120, true],
  ]);
  assert.equal(c.status, 'error');
  assert.equal(c.code, 'LS105');
  assert.equal(c.error, "no sample lead has the id 'L44'");
});

/** A small XML 1.0 well-formedness check: balanced tags, quoted attributes, known entities only. */
function parseXml(xml: string): { name: string; attrs: Record<string, string>; text: string; children: any[] } {
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const root: any = { name: '#root', attrs: {}, text: '', children: [] };
  const stack = [root];
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const entity = (s: string) => {
    assert.doesNotMatch(s.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&/, `bare & in ${s}`);
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = re.exec(body))) {
    pos = re.lastIndex;
    if (m[5] !== undefined) { stack[stack.length - 1].text += entity(m[5]); continue; }
    if (m[1]) { const open = stack.pop(); assert.equal(open.name, m[2], 'tags must nest'); continue; }
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) attrs[a[1]] = entity(a[2]);
    const el = { name: m[2], attrs, text: '', children: [] };
    stack[stack.length - 1].children.push(el);
    if (!m[4]) stack.push(el);
  }
  assert.equal(pos, body.length, `unparsed XML from: ${body.slice(pos, pos + 60)}`);
  assert.equal(stack.length, 1, 'every tag closed');
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0];
}

test('--format junit: XML a CI reporter reads — suites, cases, failures and errors with messages', { skip }, () => {
  const dir = workspace({ 'failing.yaml': FAILING, 'tests/inbound.test.yaml': SPEC_TEST_EXAMPLE });
  const r = run(['--format', 'junit'], dir);
  assert.equal(r.status, 1);
  const doc = parseXml(r.stdout);
  assert.equal(doc.name, 'testsuites');
  assert.deepEqual([doc.attrs.tests, doc.attrs.failures, doc.attrs.errors], ['6', '1', '1']);
  assert.deepEqual(doc.children.map((s: any) => [s.name, s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.errors, s.attrs.file]), [
    ['testsuite', 'failing', '3', '1', '1', 'failing.yaml'],
    ['testsuite', 'inbound-regressions', '3', '0', '0', 'tests/inbound.test.yaml'],
  ]);
  const cases = doc.children[0].children.filter((c: any) => c.name === 'testcase');
  assert.deepEqual(cases.map((c: any) => [c.attrs.name, c.attrs.classname, c.attrs.line, c.children.map((x: any) => x.name).join()]), [
    ['the enterprise fintech is an A & an MQL', 'failing', '5', 'failure'],
    ["L1's first touch is still open", 'failing', '10', ''],
    ['a lead that is not in the samples', 'failing', '13', 'error'],
  ]);
  const failure = cases[0].children[0];
  assert.equal(failure.attrs.message, 'icp: expected to match mid-market, matches no ICP');
  assert.match(failure.text, /inbound\.grade: expected A, got C\n/);
  assert.match(failure.text, /\n {2}fit \+40 company-size\/enterprise\n/);
  assert.equal(cases[2].children[0].attrs.message, "no sample lead has the id 'L44'");
  assert.equal(cases[2].children[0].attrs.type, 'LS105');
  for (const c of cases) assert.match(c.attrs.time, /^\d+\.\d{3}$/);
});

test('--out writes the report to a file', { skip }, () => {
  const dir = workspace({ 'tests.yaml': SPEC_TEST_EXAMPLE });
  const r = run(['--format', 'junit', '--out', 'report.xml'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(parseXml(readFileSync(join(dir, 'report.xml'), 'utf8')).attrs.tests, '3');
});

test('input errors exit 2 with a message naming the file; definitions that do not parse exit 1', { skip }, () => {
  const dir = workspace({ 'tests.yaml': SPEC_TEST_EXAMPLE });
  const missing = run(['nope.yaml'], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.yaml: no such file or folder/);
  const format = run(['--format', 'xml'], dir);
  assert.equal(format.status, 2);
  assert.match(format.stderr, /--format must be one of text, json, junit \(got 'xml'\)/);
  // No tests under the path: nothing failed (exit 0), but the note says so.
  const none = run(['icp.yaml'], dir);
  assert.equal(none.status, 0);
  assert.match(none.stderr, /no `kind: test` definitions under icp\.yaml/);
  assert.equal(none.stdout, '0 cases in 0 tests: 0 passed, 0 failed\n');
  // A case names a sample lead, and the samples file is gone: the input is unreadable.
  rmSync(join(dir, 'leads.csv'));
  const noLeads = run([], dir);
  assert.equal(noLeads.status, 2);
  assert.match(noLeads.stderr, /leads\.csv: no such leads file/);
  // A YAML syntax error: named with file:line:col, exit 1 (the definitions have errors).
  const broken = workspace({ 'tests.yaml': SPEC_TEST_EXAMPLE.replace('cases:', 'cases: [') });
  const b = run([], broken);
  assert.equal(b.status, 1);
  assert.match(b.stderr, /tests\.yaml:\d+:\d+: error LS001 /);
});

test('a sample case in a project without samples cannot run: exit 1, the reason shown', { skip }, () => {
  const dir = workspace({ 'tests.yaml': SPEC_TEST_EXAMPLE, 'leadspec.yaml': 'leadspec: v1\nkind: project\nid: basic\nas_of: 2026-11-20T12:00:00Z\n' });
  const r = run([], dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /! competitors never qualify \(tests\.yaml:13:5\)\n {6}sample lead 'L4' cannot be looked up: the project names no sample leads/);
  assert.match(r.stdout, /3 cases in 1 test: 2 passed, 0 failed, 1 could not run\n$/);
});

test('samples/tests.yaml: every case passes against the samples (the workspace a user opens)', () => {
  const r = run(['samples', '--format', 'json'], repo);
  assert.equal(r.status, 0, r.stdout.slice(0, 2000) + r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.summary.cases >= 12, `${j.summary.cases} cases`);
  assert.equal(j.summary.passed, j.summary.cases);
  // Both kinds of case are there: leads written out and sample leads by id.
  const leads = j.tests.flatMap((t: any) => t.cases.map((c: any) => c.lead));
  assert.ok(leads.some((l: string) => l.startsWith('t-')) && leads.some((l: string) => l.startsWith('L0')));
});

test('an inline lead with a bad value: a warning in the text, <system-out> in JUnit; the case still runs', { skip }, () => {
  const dir = workspace({ 'tests.yaml': `leadspec: v1
kind: test
id: data
as_of: 2026-11-20T12:00:00Z
cases:
  - name: headcount written as a word counts as missing
    lead: { id: w1, employees: lots, industry: SaaS }
    expect: { inbound: { fit: 0, grade: D } }
` });
  const text = run([], dir);
  assert.equal(text.status, 0, text.stdout);
  assert.match(text.stdout, /✓ headcount written as a word counts as missing\n {6}warning: lead data: employees: 'lots' is not an integer; treated as missing\n/);
  const doc = parseXml(run(['--format', 'junit'], dir).stdout);
  const tc = doc.children[0].children.find((c: any) => c.name === 'testcase');
  assert.deepEqual(tc.children.map((c: any) => [c.name, c.text]), [['system-out', "lead data: employees: 'lots' is not an integer; treated as missing"]]);
});
