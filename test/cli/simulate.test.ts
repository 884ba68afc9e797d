// `leadspec simulate` as a process: inputs from the project or flags, the four formats, --out,
// as_of resolution, and bad input → exit 2 with file:line:col (never a stack trace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const example = resolve(repo, '..', 'shared', 'examples', 'basic');
const skip = !existsSync(example) && 'shared/examples/basic is not beside the repo';

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, 'simulate', ...args], { cwd, encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack traces');
  return r;
}
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-sim-'));
  cpSync(example, dir, { recursive: true });
  return dir;
}

test('--project from another folder: sample paths resolve against the project file', { skip }, () => {
  const dir = workspace();
  const r = run(['--project', join(dir, 'leadspec.yaml'), '--format', 'json'], tmpdir());
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.summary.leads, 6);
  assert.equal(out.as_of, '2026-11-20T12:00:00Z');
});

test('flags instead of a project: --defs, --leads, --events; as_of = latest time in the sample', { skip }, () => {
  const dir = workspace();
  const defs = ['fields.yaml', 'icp.yaml', 'scoring.yaml'].map((f) => join(dir, f));
  // `--defs PATH…`: several paths after one flag, or the flag repeated.
  const r = run(['--defs', defs[0], defs[1], '--defs', defs[2], '--leads', join(dir, 'leads.csv'), '--events', join(dir, 'events.jsonl'), '--format', 'json'], tmpdir());
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  // Latest event (2026-11-20T12:00:00Z) is later than every datetime value (L1 mql_at 2026-11-19T20:00Z).
  assert.equal(out.as_of, '2026-11-20T12:00:00Z');
  assert.deepEqual(out.summary.sla, {});
  assert.equal(out.leads[0].scores.inbound.grade, 'A');
});

test('formats: csv has a row per lead; md and text summarise grades, MQL, tiers, SLAs, warnings', { skip }, () => {
  const dir = workspace();
  const csv = run(['--format', 'csv'], dir);
  assert.equal(csv.status, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines.length, 7);
  assert.equal(lines[0], 'id,icps,inbound.fit,inbound.engagement,inbound.total,inbound.grade,inbound.mql,inbound.disqualified,mql-handoff/first-touch.status,mql-handoff/first-touch.due,mql-handoff/first-touch.elapsed_minutes');
  assert.equal(lines[1], 'L1,mid-market/tier-1,75,40,115,A,true,false,open,2026-11-20T16:00:00Z,120');
  assert.equal(lines[2], 'L2,,40,8.54,48.54,C,false,false,,,');

  const md = run(['--format', 'md'], dir);
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /\*\*MQL: 1 of 6 \(16\.7%\)\*\*/);
  assert.match(md.stdout, /\| disqualified \| 1 \| 16\.7% \|/);
  assert.match(md.stdout, /\| `mql-handoff\/first-touch` \| – \| 0 \| 0 \| 1 \|/);

  const text = run([], dir);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /6 leads as of 2026-11-20T12:00:00Z \(the project's as_of\)/);
  assert.match(text.stdout, /Scoring model 'inbound': 1 MQLs of 6 leads \(16\.7%\)/);
  assert.match(text.stdout, /mid-market\s+2 matched \(33\.3%\)\s+tiers: tier-1 1 · tier-2 0 · tier-3 1/);
  assert.match(text.stdout, /Data warnings: 1 \(employees 1\)\n\s+leads\.csv:6 L5 employees: 'many' is not an integer; treated as missing/);
});

test('--out writes the file and prints nothing', { skip }, () => {
  const dir = workspace();
  const r = run(['--format', 'json', '--out', 'result.json'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).summary.leads, 6);
});

test('bad input exits 2 with a message naming the file and position', { skip }, () => {
  const dir = workspace();
  let r = run(['--leads', 'nope.csv'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /nope\.csv: no such leads file/);

  writeFileSync(join(dir, 'broken.csv'), 'id,employees\nL1,"12\n');
  r = run(['--leads', 'broken.csv'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /broken\.csv:\d+:\d+: unreadable CSV/);

  r = run(['--as-of', 'tomorrow'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--as-of 'tomorrow' is not an ISO 8601 date-time/);

  r = run(['--format', 'xml'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format must be one of text, json, csv, md/);

  r = run(['--bogus'], dir);
  assert.equal(r.status, 2);

  r = run(['--project', 'missing.yaml'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /missing\.yaml: no such project file/);

  // A malformed project as_of is a definition error: the gate refuses, at the value (4:8).
  writeFileSync(join(dir, 'leadspec.yaml'), 'leadspec: v1\nkind: project\nid: basic\nas_of: soon\nsamples: { leads: leads.csv }\n');
  r = run([], dir);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /leadspec\.yaml:4:8: error LS015 'as_of' must be an ISO 8601 datetime/);

  // Well-formed but not a date (month 13): cited at the as_of value, not at the document start.
  writeFileSync(join(dir, 'leadspec.yaml'), '# the project\nleadspec: v1\nkind: project\nid: basic\nas_of: 2026-13-45T00:00:00Z\nsamples: { leads: leads.csv }\n');
  r = run([], dir);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /leadspec\.yaml:5:8: .*as_of '2026-13-45T00:00:00Z' is not/);
});

test('definitions that do not parse exit 1 with file:line:col', { skip }, () => {
  const dir = workspace();
  writeFileSync(join(dir, 'scoring.yaml'), readFileSync(join(dir, 'scoring.yaml'), 'utf8').replace('fit:\n', 'fit:\n  max: 100\n  max: 90\n'));
  const r = run([], dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /scoring\.yaml:\d+:\d+: error LS002 duplicate key 'max'/);
});

test('a folder without a project and without --leads is a usage error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-empty-'));
  const r = run([], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no sample leads: pass --leads FILE/);
});

test('md: file names are user text, written into code spans escaped (a backtick, a pipe or angle brackets cannot break the report)', { skip }, () => {
  const dir = workspace();
  cpSync(join(dir, 'leads.csv'), join(dir, 'we`ird|<x>.csv'));
  cpSync(join(dir, 'events.jsonl'), join(dir, 'ev`ents.jsonl'));
  for (const engine of ['memory', 'duckdb']) {
    const md = run(['--leads', 'we`ird|<x>.csv', '--events', 'ev`ents.jsonl', '--format', 'md', '--engine', engine], dir);
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /^Inputs: `weʼird¦‹x›\.csv`, `evʼents\.jsonl` \(\d+ events\)\.$/m, engine);
  }
});
