// `leadspec init` through the built CLI: from a HubSpot-style export to a project that validates
// (strict), simulates every row and passes its tests; the example without --from; never
// overwriting; the workflow at the git root; bad input as exit 2 with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hubspotCsv } from './crm-export.js';
import { githubWorkflow } from '../../server/src/core/init/workflow.js';

const cliPath = resolve(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  let json: any; try { json = JSON.parse(r.stdout); } catch { /* text */ }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
};
const temp = () => mkdtempSync(join(tmpdir(), 'leadspec-init-'));

test('init --from a HubSpot export: validate --strict 0, simulate every row, tests pass; prints what it inferred', () => {
  const dir = temp();
  writeFileSync(join(dir, 'hubspot.csv'), hubspotCsv(60));
  const r = run(['init', 'revops', '--from', 'hubspot.csv', '--timezone', 'America/New_York'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^LeadSpec project written to revops\n/);
  assert.match(r.stdout, /Fields inferred from hubspot\.csv \(60 rows, 15 columns\):/);
  assert.match(r.stdout, /  id +← "Record ID" +lead id: named as an id; filled and unique in all 60 rows/);
  assert.match(r.stdout, /  number_of_employees +← "Number of Employees" +integer: every value is a whole number/);
  assert.match(r.stdout, /  industry +← "Industry" +enum: 4 different values repeated across 60 rows/);
  assert.match(r.stdout, /  marketing_emails_opted_out +← "Marketing emails opted out" +boolean: every value is No\/Yes/);
  assert.match(r.stdout, /  tech_stack +← "Tech Stack" +list: /);
  assert.match(r.stdout, /  create_date +← "Create Date" +datetime: /);
  assert.match(r.stdout, /Could not type 1 column \(kept as string.*\):\n  fax_number +← "Fax Number" +empty in all 60 rows/);
  for (const f of ['leadspec.yaml', 'fields.yaml', 'icp.yaml', 'scoring.yaml', 'sla.yaml', 'tests.yaml', '.github/workflows/leadspec.yml']) {
    assert.ok(existsSync(join(dir, 'revops', f)), f);
  }
  assert.ok(!existsSync(join(dir, 'revops', 'hubspot.csv')), 'the export is referenced, not copied');
  const fields = readFileSync(join(dir, 'revops', 'fields.yaml'), 'utf8');
  assert.match(fields, /^id_column: Record ID/m);
  assert.match(fields, /^  number_of_employees: \{ type: integer, column: Number of Employees \}$/m);
  assert.match(fields, /^  fax_number: \{ type: string, column: Fax Number \}$/m);
  assert.match(readFileSync(join(dir, 'revops', 'sla.yaml'), 'utf8'), /timezone: America\/New_York/);
  assert.match(readFileSync(join(dir, 'revops', 'leadspec.yaml'), 'utf8'), /leads: \.\.\/hubspot\.csv/);

  const ws = join(dir, 'revops');
  const v = run(['validate', '--strict', '--format', 'json'], ws);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.deepEqual(v.json.diagnostics, []);
  const s = run(['simulate', '--format', 'json'], ws);
  assert.equal(s.status, 0, s.stderr);
  assert.equal(s.json.leads.length, 60, 'one lead per row of the export');
  // Only the loader's note, once per column, that date-times without an offset are read as UTC
  // (init says so too, in the reason of each such column).
  assert.deepEqual(s.json.warnings.map((w: any) => w.field).sort(), ['became_a_marketing_qualified_lead_date', 'create_date', 'last_contacted']);
  assert.ok(s.json.warnings.every((w: any) => /has no time-zone offset, so it is read as UTC/.test(w.message)), JSON.stringify(s.json.warnings));
  assert.match(r.stdout, /create_date +← "Create Date" +datetime: every value is an ISO 8601 date-time; none has a time-zone offset, so they are read as UTC/);
  const grades = s.json.summary.scoring['lead-score'].grades;
  assert.ok(grades.A > 0 && grades.A <= 18 && grades.C > 0, JSON.stringify(grades));
  assert.ok(s.json.summary.sla['handoff/first-touch'], 'a first-touch SLA from the MQL and last-contacted dates');
  const t = run(['test', '--format', 'json'], ws);
  assert.equal(t.status, 0, t.stdout + t.stderr);
  assert.equal(t.json.summary.failed + t.json.summary.errors, 0);
  assert.equal(t.json.summary.cases, 3);
});

test('init refuses to overwrite: exit 2 naming every existing file, nothing written', () => {
  const dir = temp();
  mkdirSync(join(dir, 'p'));
  writeFileSync(join(dir, 'p', 'scoring.yaml'), 'mine\n');
  writeFileSync(join(dir, 'p', 'tests.yaml'), 'mine too\n');
  const r = run(['init', 'p'], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'leadspec: would overwrite p/scoring.yaml, p/tests.yaml; nothing was written (leadspec init never overwrites: move them away, or pick another folder)\n');
  assert.equal(readFileSync(join(dir, 'p', 'scoring.yaml'), 'utf8'), 'mine\n');
  assert.ok(!existsSync(join(dir, 'p', 'leadspec.yaml')) && !existsSync(join(dir, 'p', 'leads.csv')));
});

test('init without --from writes a small working example (HubSpot-style leads and events)', () => {
  const dir = temp();
  const r = run(['init', '--timezone', 'Europe/Berlin'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^LeadSpec project written to \. \(an example: no --from given\)/);
  assert.match(r.stdout, /Events in events\.jsonl: page_view 32, email_click 14, webinar_attended 9, demo_request 8/);
  const v = run(['validate', '--strict'], dir);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /^0 errors, 0 warnings in 6 files/);
  const s = run(['simulate', '--format', 'json'], dir);
  assert.equal(s.json.leads.length, 24);
  assert.equal(run(['test'], dir).status, 0);
  // A second init in the same folder refuses.
  assert.equal(run(['init'], dir).status, 2);
});

test('inside a git repository the workflow goes to its root and runs in the project folder', () => {
  const dir = temp();
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'package.json'), '{}\n');
  const r = run(['init', 'defs/revops', '--timezone', 'UTC'], dir);
  assert.equal(r.status, 0, r.stderr);
  const wf = readFileSync(join(dir, '.github', 'workflows', 'leadspec.yml'), 'utf8');
  assert.match(wf, /run: npx leadspec validate --format github\n        working-directory: defs\/revops\n/);
  assert.match(wf, /run: npm ci\n      - name: Validate/, 'npm ci where package.json is (the root)');
  assert.match(wf, /BASE: origin\/\$\{\{ github\.base_ref \}\}.*\n        run: npx leadspec diff --base "\$BASE" --format md --out leadspec-diff\.md && cat leadspec-diff\.md >> "\$GITHUB_STEP_SUMMARY"\n        working-directory: defs\/revops\n/);
  assert.match(wf, /path: defs\/revops\/leadspec-report\.html\n/);
  assert.ok(!existsSync(join(dir, 'defs', 'revops', '.github')));
});

test('bad input: a missing export, no id column, a bad time zone, two folders — exit 2 with the reason', () => {
  const dir = temp();
  writeFileSync(join(dir, 'noid.csv'), 'Stage,Owner\nlead,ann\nlead,ann\n');
  writeFileSync(join(dir, 'semi.csv'), '\uFEFFRecord ID;Name;Employees\n1;a;3\n');
  const cases: [string[], RegExp][] = [
    [['init', 'x', '--from', 'nope.csv'], /nope\.csv: no such leads file/],
    [['init', 'x', '--from', 'noid.csv'], /^leadspec: noid\.csv:1:1: no column can identify a lead: none is named like an id/],
    [['init', 'x', '--timezone', 'Europe/Berlinn'], /--timezone 'Europe\/Berlinn' is not an IANA time zone — did you mean 'Europe\/Berlin'\?/],
    [['init', 'a', 'b'], /init takes one folder, got 2/],
    [['init', 'x', '--from', 'semi.csv'], /semi\.csv:1:1: the header is one column holding ';'-separated names; LeadSpec reads comma-separated CSV/],
    [['init', '--events', 'e.jsonl'], /--events needs --from/],
    [['init', '--nope'], /^leadspec init: unknown option '--nope'/],
  ];
  for (const [args, msg] of cases) {
    const r = run(args, dir);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg);
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  }
  assert.ok(!existsSync(join(dir, 'x')), 'nothing written on an error');
});

test('init --help documents every option; the command list names init', () => {
  const h = run(['init', '--help'], tmpdir());
  assert.equal(h.status, 0);
  for (const o of ['--from FILE', '--events FILE', '--timezone ZONE', 'never overwrites', 'column:']) assert.ok(h.stdout.includes(o), o);
  assert.match(run(['--help'], tmpdir()).stdout, /leadspec init +\[DIR\] \[--from leads\.csv\] \[--events events\.jsonl\] \[--timezone ZONE\]/);
});

test('text from the export cannot change the YAML: odd headers and enum values are quoted and read back exactly', () => {
  const dir = temp();
  const odd = ['a: b', '[c]', 'yes', '#x', '{d}', "it's", '"q"'];
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const rows = Array.from({ length: 28 }, (_, i) => `${i + 1},${cell(odd[i % odd.length])},${i % 3}`);
  writeFileSync(join(dir, 'odd.csv'), `ID,"Weird: ""x"" #1
second line",Score - 1\n${rows.join('\n')}\n`);
  const r = run(['init', 'p', '--from', 'odd.csv', '--timezone', 'UTC'], dir);
  assert.equal(r.status, 0, r.stderr);
  const v = run(['validate', '--strict', '--format', 'json'], join(dir, 'p'));
  assert.deepEqual(v.json?.diagnostics, [], v.stdout + v.stderr);
  const s = run(['simulate', '--format', 'json'], join(dir, 'p'));
  assert.equal(s.json.leads.length, 28);
  assert.deepEqual(s.json.warnings, [], 'every odd value is one of the enum values written');
  const fields = readFileSync(join(dir, 'p', 'fields.yaml'), 'utf8');
  assert.ok(fields.includes('values: ["a: b", "[c]", "yes", "#x", "{d}", "it\'s", "\\"q\\""], column: "Weird: \\"x\\" #1\\nsecond line" }'), fields);
  assert.match(r.stdout, /  weird_x_1_second_line +← "Weird: "x" #1 second line" +enum: 7 different values/, 'a header is shown on one line');
});

test('docs/ci.md shows the workflow init writes, as written', () => {
  const ci = readFileSync(resolve(__dirname, '..', '..', 'docs', 'ci.md'), 'utf8');
  assert.ok(ci.includes('```yaml\n' + githubWorkflow() + '```'), 'docs/ci.md: paste githubWorkflow() (server/src/core/init/workflow.ts) again');
});

test('init --events: event types and property types from JSON Lines (or CSV) become catalog events and engagement rules', () => {
  const dir = temp();
  writeFileSync(join(dir, 'leads.csv'), hubspotCsv(30));
  const ids = hubspotCsv(30).split('\n').slice(1, 31).map((l) => l.split(',')[0]);
  const ev = ids.flatMap((id, i) => [
    { lead_id: id, event: 'page_view', at: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z`, url: i % 2 ? '/pricing' : '/blog', seconds: String(10 + i) },
    ...(i % 4 === 0 ? [{ lead_id: id, event: 'Demo_Request', at: '2026-11-21T09:00:00Z' }] : []),
    ...(i === 5 ? [{ lead_id: id, event: 'Form Submitted', at: '2026-11-21T09:00:00Z' }] : []),
  ]);
  writeFileSync(join(dir, 'events.jsonl'), ev.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const r = run(['init', 'p', '--from', 'leads.csv', '--events', 'events.jsonl', '--timezone', 'UTC'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Events in events\.jsonl: page_view 30, demo_request 8, Form Submitted 1\n  ! event 'Form Submitted' cannot be declared: event names are lower-case letters, digits and _ \(rename it in the export, e\.g\. 'form_submitted'\)/);
  const fields = readFileSync(join(dir, 'p', 'fields.yaml'), 'utf8');
  assert.match(fields, /^  page_view: \{ properties: \{ url: string, seconds: number \} \}/m);
  assert.match(fields, /^  demo_request: \{\}/m);
  const scoring = readFileSync(join(dir, 'p', 'scoring.yaml'), 'utf8');
  assert.match(scoring, /- \{ id: demo-request, event: demo_request, points: 20, max: 40, within: 90d \}/);
  assert.match(readFileSync(join(dir, 'p', 'leadspec.yaml'), 'utf8'), /events: \.\.\/events\.jsonl/);
  const v = run(['validate', '--strict', '--format', 'json'], join(dir, 'p'));
  assert.deepEqual(v.json?.diagnostics, [], v.stdout + v.stderr);
  const s = run(['simulate', '--format', 'json'], join(dir, 'p'));
  assert.equal(s.json.leads.length, 30);
  assert.ok(s.json.summary.scoring['lead-score'].rules['demo-request'] > 0);
  assert.deepEqual(s.json.warnings.map((w: any) => w.message).filter((m: string) => !/has no time-zone offset/.test(m)),
    ["event 'Form Submitted' is not declared in the catalog's `events:`; kept, but conditions cannot use it until it is declared"]);
  // The same events as CSV.
  writeFileSync(join(dir, 'events.csv'), 'lead_id,event,at,url\n' + ev.filter((e) => e.event === 'page_view').map((e) => `${e.lead_id},${e.event},${e.at},${e.url}`).join('\n') + '\n');
  const c = run(['init', 'q', '--from', 'leads.csv', '--events', 'events.csv', '--timezone', 'UTC'], dir);
  assert.equal(c.status, 0, c.stderr);
  assert.match(readFileSync(join(dir, 'q', 'fields.yaml'), 'utf8'), /^  page_view: \{ properties: \{ url: string \} \}/m);
  assert.equal(run(['validate', '--strict'], join(dir, 'q')).status, 0);
});
