// The mutation corpus: single edits that break validation of a copy of samples/, each run through
// every computing command as a process. For each edit, `simulate`, `test`, `sql`, `diff` (the
// edit in the working tree) and `diff --base` (the edit committed at the base, the working tree
// clean) exit 1, print nothing on stdout, and name the file and line on stderr — the gate
// (server/src/core/check/gate.ts) holds for every face, whatever the mistake.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

interface Mutation {
  name: string;
  file: string;
  from: string;
  to: string;
  /**
   * Where the error is reported when not at the edited line: `delta` lines after it, or the line
   * of `find` in `file` (default: the edited file). Found from the text, so samples/ may grow.
   */
  at?: { file?: string; find?: string; delta?: number };
}

const MUTATIONS: Mutation[] = [
  { name: 'a misspelt enum value (pick: frist)', file: 'scoring/inbound.yaml', from: 'pick: first', to: 'pick: frist' },
  { name: 'a misspelt key in a rule (pionts)', file: 'scoring/inbound.yaml', from: '{ id: in-icp, when: { icp: mid-market }, points: 30 }', to: '{ id: in-icp, when: { icp: mid-market }, pionts: 30 }' },
  { name: 'a misspelt model field in a test expectation (fti)', file: 'tests.yaml', from: 'inbound: { fit: 85,', to: 'inbound: { fti: 85,' },
  { name: 'a misspelt key in a test case (expcet)', file: 'tests.yaml', from: '    expect:\n      icp: mid-market', to: '    expcet:\n      icp: mid-market' },
  { name: 'an unknown tier in a test expectation', file: 'tests.yaml', from: '      tier: mid-market/tier-1\n      inbound: { fit: 85', to: '      tier: mid-market/tier-9\n      inbound: { fit: 85' },
  { name: 'an unknown ICP reference', file: 'scoring/inbound.yaml', from: '{ id: in-icp, when: { icp: mid-market }', to: '{ id: in-icp, when: { icp: mid-markt }' },
  { name: 'an ICP renamed in its own file only', file: 'icps/mid-market.yaml', from: 'id: mid-market', to: 'id: midmarket', at: { file: 'scoring/inbound.yaml', find: '{ icp: mid-market }' } },
  { name: 'an unknown tier reference', file: 'scoring/inbound.yaml', from: 'tier: mid-market/tier-1 }', to: 'tier: mid-market/tier-9 }' },
  { name: 'a bad duration (30 days)', file: 'scoring/inbound.yaml', from: 'half_life: 30d }', to: 'half_life: 30 days }' },
  { name: 'a bad SLA duration (4 hours)', file: 'sla.yaml', from: 'within: 4h', to: 'within: 4 hours' },
  { name: 'a tab in the indentation', file: 'fields.yaml', from: '  company:         {', to: '\tcompany:         {' },
  { name: 'a duplicate rule id', file: 'scoring/inbound.yaml', from: '{ id: revops-buyer,', to: '{ id: senior,' },
  { name: 'grades out of order', file: 'scoring/inbound.yaml', from: '{ id: B, min: 50,', to: '{ id: B, min: 90,' },
  { name: 'an unknown field', file: 'scoring/inbound.yaml', from: 'when: { department: revops }', to: 'when: { departmnt: revops }' },
  { name: 'a value not in the enum', file: 'scoring/inbound.yaml', from: 'when: { seniority: [vp, cxo] }', to: 'when: { seniority: [vp, ceo] }' },
  { name: 'an unknown event', file: 'scoring/inbound.yaml', from: 'event: demo_request, points: 40', to: 'event: demo_requests, points: 40' },
  { name: 'a misspelt kind', file: 'scoring/inbound.yaml', from: 'kind: scoring', to: 'kind: scorng' },
  { name: 'a misspelt field type', file: 'fields.yaml', from: 'employees:       { type: integer,', to: 'employees:       { type: integr,' },
  { name: 'an unknown time zone', file: 'sla.yaml', from: 'timezone: America/New_York', to: 'timezone: America/Nowhere' },
  { name: 'malformed working hours', file: 'sla.yaml', from: 'hours: { weekdays: "09:00-17:00" }', to: 'hours: { weekdays: "9 to 5" }' },
  { name: 'an unknown calendar', file: 'sla.yaml', from: 'default: us }', to: 'default: usa }' },
  { name: 'an unknown scoring model in an SLA', file: 'sla.yaml', from: 'scoring: inbound                  # applies_to', to: 'scoring: inbund                   # applies_to' },
  { name: 'an unknown period', file: 'sla.yaml', from: 'per: month', to: 'per: fortnight' },
  { name: 'a YAML syntax error (unclosed flow map)', file: 'fields.yaml', from: 'demo_request:     { description: Submitted the "Book a demo" form }', to: 'demo_request:     { description: Submitted the "Book a demo" form', at: { delta: 1 } },
  { name: 'a duplicate key', file: 'scoring/inbound.yaml', from: 'fit:\n  max: 100\n', to: 'fit:\n  max: 100\n  max: 90\n', at: { delta: 2 } },
  { name: 'points that are not a number', file: 'scoring/inbound.yaml', from: 'points: 40, max: 40 }', to: 'points: forty, max: 40 }' },
  { name: 'a tier renamed in its own file only', file: 'icps/enterprise.yaml', from: '- id: strategic', to: '- id: key-accounts', at: { file: 'tests.yaml', find: 'enterprise/strategic' } },
  { name: 'an invalid rule id', file: 'scoring/inbound.yaml', from: '{ id: trial, event: trial_signup', to: '{ id: Trial Signup, event: trial_signup' },
  { name: 'an unknown matrix cell in mql', file: 'scoring/product-led.yaml', from: 'grade: [A1, A2, B1]', to: 'grade: [A1, A2, B9]' },
  { name: 'a misspelt operator', file: 'scoring/inbound.yaml', from: 'ends_with: "@gmail.com"', to: 'endswith: "@gmail.com"' },
  { name: 'a misspelt project key', file: 'leadspec.yaml', from: '  events: events.jsonl', to: '  evnets: events.jsonl' },
  { name: 'a project as_of that is not a date-time', file: 'leadspec.yaml', from: 'base: main', to: 'base: main\nas_of: soon', at: { delta: 1 } },
  { name: 'a commitment without its start', file: 'sla.yaml', from: '    applies_to: { mql: true, icp: enterprise }\n    start: mql_at\n', to: '    applies_to: { mql: true, icp: enterprise }\n', at: { find: '  - id: enterprise-touch' } },
  { name: 'an unknown ICP in an SLA condition', file: 'sla.yaml', from: 'icp: enterprise }', to: 'icp: enterprize }' },
  { name: 'an unknown model in a test expectation', file: 'tests.yaml', from: '      inbound: { fit: 85,', to: '      inbund: { fit: 85,' },
];

/** `file:line` where the mutation's error is expected (see Mutation.at). */
function where(m: Mutation, original: string): string {
  const file = m.at?.file ?? m.file;
  if (m.at?.find !== undefined) {
    const text = file === m.file ? original : readFileSync(join(head, file), 'utf8');
    const i = text.indexOf(m.at.find);
    assert.ok(i >= 0, `'${m.at.find}' is in ${file}`);
    return `${file}:${text.slice(0, i).split('\n').length}`;
  }
  return `${file}:${editedLine(original, m) + (m.at?.delta ?? 0)}`;
}

/** Line (1-based) where `to` starts once the edit is applied. */
function editedLine(text: string, m: Mutation): number {
  const i = text.indexOf(m.from);
  return text.slice(0, i).split('\n').length + (m.to.startsWith('\n') ? 1 : 0);
}

interface Run { status: number | null; stdout: string; stderr: string }
function cliRun(args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [cli, ...args], { cwd });
    let stdout = '', stderr = '';
    p.stdout.on('data', (b) => { stdout += b; });
    p.stderr.on('data', (b) => { stderr += b; });
    p.on('close', (status) => done({ status, stdout, stderr }));
  });
}
function git(args: string[], cwd: string, input?: string): string {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', input });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}
/** A copy of samples/ as a git repository with one commit on main. */
function repoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-mut-'));
  cpSync(join(repo, 'samples'), dir, { recursive: true });
  git(['init', '-q', '-b', 'main'], dir);
  git(['add', '-A'], dir);
  git(['commit', '-q', '-m', 'samples'], dir);
  return dir;
}

/** A commit on top of main with one file replaced, made without touching the working tree. */
function commitAtBase(dir: string, file: string, text: string, tag: string): void {
  const env = { ...process.env, GIT_INDEX_FILE: join(dir, '.git', `index-${tag}`) };
  const g = (args: string[], input?: string) => {
    const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8', input, env });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  g(['read-tree', 'main']);
  const blob = g(['hash-object', '-w', '--stdin'], text);
  g(['update-index', '--cacheinfo', `100644,${blob},${file}`]);
  const tree = g(['write-tree']);
  const commit = g(['commit-tree', tree, '-p', 'main', '-m', tag]);
  g(['tag', tag, commit]);
}

let head: string;  // the edit goes into this working tree, one at a time
let clean: string; // this working tree stays as committed; the edits are committed at tags

before(() => {
  assert.ok(MUTATIONS.length >= 25);
  head = repoCopy();
  clean = repoCopy();
  // The corpus means something only if the samples pass the gate unedited.
  const v = spawnSync(process.execPath, [cli, 'validate'], { cwd: head, encoding: 'utf8' });
  assert.equal(v.status, 0, `the samples validate cleanly: ${v.stdout}${v.stderr}`);
  // (test/cli/gate.test.ts checks that a refusal prints exactly validate's output.)
});

MUTATIONS.forEach((m, n) => {
  test(`mutation ${n + 1}: ${m.name} (${m.file}) — every computing command refuses it`, async () => {
    const path = join(head, m.file);
    const original = readFileSync(path, 'utf8');
    assert.equal(original.split(m.from).length, 2, `'${m.from}' occurs once in ${m.file}`);
    const edited = original.replace(m.from, m.to);
    const at = where(m, original);
    const tag = `mutation-${n + 1}`;
    commitAtBase(clean, m.file, edited, tag);
    writeFileSync(path, edited);
    try {
      const runs: [string, string, Promise<Run>][] = [
        ['simulate', at, cliRun(['simulate'], head)],
        ['test', at, cliRun(['test'], head)],
        ['sql', at, cliRun(['sql'], head)],
        ['diff', at, cliRun(['diff', '--base', 'main'], head)],
        ['diff --base', `${tag}:${at}`, cliRun(['diff', '--base', tag], clean)],
      ];
      for (const [name, where, pending] of runs) {
        const r = await pending;
        assert.equal(r.status, 1, `${name}: exit 1\n${r.stderr}`);
        assert.equal(r.stdout, '', `${name}: nothing on stdout`);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `${name}: no stack trace`);
        assert.match(r.stderr, new RegExp(`^${escape(where)}:\\d+: error LS\\d{3} `, 'm'), `${name}: names ${where}\n${r.stderr}`);
        assert.match(r.stderr, /nothing was computed/, name);
      }
    } finally {
      writeFileSync(path, original);
    }
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
