// Names that are user text — field names, undeclared columns, event names — spelled like
// Object.prototype's members (`constructor`, `toString`, `valueOf`, `hasOwnProperty`, `__proto__`)
// are names like any other: a declared field `constructor` is in the catalog (not dropped as
// "already declared"), a condition on it is a field test (not a score output read too early,
// LS097), and `explain` lists undeclared columns of those names. Through the CLI as a process
// (validate, simulate, explain) and the engine API (validateFiles, compileProject, explainLead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { validateFiles } from '../../server/src/core/check/validate.js';
import { compileProject, definitionsOf, simulate } from '../../server/src/core/eval/simulate.js';
import { explainLead } from '../../server/src/core/eval/explain.js';
import { loadLeadsFromText } from '../../server/src/core/data/leads.js';
import { parseDatetime } from '../../server/src/core/data/values.js';
import { runTest } from '../../server/src/core/eval/expectations.js';
import type { TestDef } from '../../server/src/core/model.js';
import { PLAIN, SPECIAL, writeWorkspace } from './prototype-workspace.js';

const repo = resolve(__dirname, '..', '..');
const CLI = join(repo, 'dist', 'cli.js');
const AS_OF = '2026-11-20T00:00:00Z';

const FIELDS = ['leadspec: v1', 'kind: fields', 'id: crm', 'fields:', '  constructor: { type: string }', '  employees: { type: integer }', 'events:', '  visit: {}', ''].join('\n');
const MODEL = ['leadspec: v1', 'kind: scoring', 'id: m', 'fit:', '  rules:',
  '    - { id: named, when: { constructor: { exists: true } }, points: 10 }',
  '    - { id: big, when: { employees: { gte: 100 } }, points: 90 }',
  'grades:', '  - { id: A, min: 50 }', '  - { id: B }', ''].join('\n');
/** `constructor` declared; `toString`, `valueOf`, `hasOwnProperty`, `__proto__` undeclared columns. */
const LEADS = ['id,constructor,employees,toString,valueOf,hasOwnProperty,__proto__', 'L1,c,200,t,v,h,p', 'L2,,5,,,,', ''].join('\n');
const UNDECLARED = ['toString', 'valueOf', 'hasOwnProperty', '__proto__'];

function workspace(): { dir: string; cli: (...a: string[]) => ReturnType<typeof spawnSync> & { stdout: string; stderr: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-proto-'));
  mkdirSync(join(dir, 'defs'));
  writeFileSync(join(dir, 'defs', 'fields.yaml'), FIELDS);
  writeFileSync(join(dir, 'defs', 'model.yaml'), MODEL);
  writeFileSync(join(dir, 'leads.csv'), LEADS);
  const cli = (...a: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...a], { cwd: dir, encoding: 'utf8' });
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    return r;
  };
  return { dir, cli };
}
const data = ['--defs', 'defs', '--leads', 'leads.csv', '--as-of', AS_OF];

test('CLI: a field named `constructor` is declared — validate is clean, simulate warns only of the undeclared columns', () => {
  const { dir, cli } = workspace();
  try {
    const v = cli('validate', 'defs', '--format', 'json');
    assert.equal(v.status, 0, v.stderr);
    assert.deepEqual(JSON.parse(v.stdout).diagnostics, []);
    assert.equal(cli('validate', 'defs', '--strict').status, 0, 'no warning either');
    const s = cli('simulate', ...data, '--format', 'json');
    assert.equal(s.status, 0, s.stderr);
    const out = JSON.parse(s.stdout);
    assert.deepEqual(out.warnings.map((w: any) => [w.lead, w.field]), UNDECLARED.map((f) => ['L1', f]));
    assert.deepEqual(out.leads.map((l: any) => [l.id, l.scores.m.fit]), [['L1', 100], ['L2', 0]]);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('CLI: explain lists `constructor` as a declared field and every undeclared column, whatever its name', () => {
  const { dir, cli } = workspace();
  try {
    const j = cli('explain', 'L1', ...data, '--format', 'json');
    assert.equal(j.status, 0, j.stderr);
    const story = JSON.parse(j.stdout);
    assert.deepEqual(story.fields.map((f: any) => [f.field, f.type, f.raw]), [
      ['constructor', 'string', 'c'], ['employees', 'integer', '200'],
      ...UNDECLARED.map((f, i) => [f, 'undeclared', 'tvhp'[i]]),
    ]);
    assert.deepEqual(story.warnings.map((w: any) => w.field), UNDECLARED);
    const t = cli('explain', 'L1', ...data);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /\n  constructor\s+string\s+c\n/);
    for (const f of UNDECLARED) assert.match(t.stdout, new RegExp(`\\n  ${f}\\s+undeclared`), f);
    assert.match(t.stdout, /named\s+\+10\s+\+10 when constructor is set/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('engine API: validateFiles, compileProject and explainLead on the same workspace', () => {
  const files = [parseFile('defs/fields.yaml', FIELDS), parseFile('defs/model.yaml', MODEL)];
  assert.deepEqual(validateFiles(files).map((d) => `${d.code} ${d.message}`), []);
  const defs = definitionsOf(files);
  const cp = compileProject(defs);
  assert.deepEqual(Object.keys(cp.catalog.fields), ['constructor', 'employees']);
  assert.equal(cp.catalog.fields['constructor' as string]?.type, 'string');
  for (const f of UNDECLARED) assert.equal(Object.hasOwn(cp.catalog.fields, f) || cp.catalog.fields[f] !== undefined, false, f);
  const loaded = loadLeadsFromText(cp.catalog, { text: LEADS, file: 'leads.csv' });
  assert.deepEqual(loaded.warnings.map((w) => w.field), UNDECLARED);
  const asOf = parseDatetime(AS_OF)!;
  const sim = simulate(cp, loaded.leads, asOf, loaded.warnings);
  assert.deepEqual(sim.leads.map((l) => l.scores.m.fit), [100, 0]);
  const story = explainLead(cp, defs, loaded.leads[0], asOf, loaded.warnings);
  assert.deepEqual(story.fields.map((f) => f.field), ['constructor', 'employees', ...UNDECLARED]);
});

// ---- every command on a workspace whose ids, field, event, tier, grade, rule and group names,
// column names and cell values are Object.prototype's member names (as many as SPEC allows in each
// place: definition ids and field names are lower-case, so `constructor`; local ids also
// `toString`, `valueOf`, `hasOwnProperty`; data anything, `__proto__` too). Each command's output
// must be the output of the same workspace with ordinary names (same lengths and order), names
// mapped back: nothing dropped, nothing read from Object.prototype, no other result.
const KEYS = Object.keys(SPECIAL);
/** Plain names back to the special ones (as written, lower-cased as SQL compares text, escaped as Markdown writes them); timings out. */
function back(t: string): string {
  t = t.replace(/"duration_ms": [0-9.]+/g, 'D').replace(/nonce(-|=")[A-Za-z0-9+/=]+/g, 'N').replace(/"generated":"[^"]+"|generated [0-9TZ:-]+|"elapsedMs":[0-9.]+/g, 'G');
  for (const k of KEYS) for (const [p, s] of [[PLAIN[k], SPECIAL[k]], [PLAIN[k].toLowerCase(), SPECIAL[k].toLowerCase()], [PLAIN[k].replaceAll('_', '\\_'), SPECIAL[k].replaceAll('_', '\\_')]]) t = t.split(p).join(s);
  return t;
}
const forward = (a: string) => KEYS.reduce((x, k) => x.split(SPECIAL[k]).join(PLAIN[k]), a);

const COMMANDS: string[][] = [
  ['validate', '.', '--format', 'json'], ['test', '.', '--format', 'json'], ['test', '.'],
  ['simulate', '--format', 'json'], ['simulate'], ['simulate', '--format', 'md'], ['simulate', '--format', 'csv'],
  ['simulate', '--format', 'json', '--workers', '2'], ['simulate', '--engine', 'duckdb', '--format', 'json'],
  ['simulate', '--by', 'segment', '--format', 'json'], ['simulate', '--by', 'segment'],
  ['simulate', '--by', 'constructor', '--format', 'json'], ['simulate', '--by', 'toString', '--format', 'json'], ['simulate', '--by', '__proto__', '--format', 'json'],
  ['explain', 'L1', 'L2', 'L4', 'L5', '--format', 'json'], ['explain', 'L1', 'L2'],
  ['backtest', '--format', 'json'], ['backtest'], ['backtest', '--format', 'json', '--workers', '2'],
  ['sql', '.'], ['report', '--by', 'segment', '--out', 'report.html'],
];

/** Runs each command in the special and the plain workspace under root; the outputs (and report.html) must match, names mapped back. */
function sameAsPlain(root: string, commands: string[][]): void {
  for (const c of commands) {
    const [s, p] = (['s', 'p'] as const).map((w) => {
      const r = spawnSync(process.execPath, [CLI, ...(w === 'p' ? c.map(forward) : c)], { cwd: join(root, w), encoding: 'utf8' });
      const file = c[0] === 'report' ? readFileSync(join(root, w, 'report.html'), 'utf8') : '';
      return { status: r.status, out: back(r.stdout + r.stderr + file) };
    });
    const what = c.join(' ');
    assert.equal(s.status, 0, `${what}: ${s.out.slice(0, 400)}`);
    assert.equal(s.status, p.status, what);
    assert.doesNotMatch(s.out, /native code|\[object Object\]|\n\s+at /, what);
    let i = 0;
    while (i < s.out.length && s.out[i] === p.out[i]) i++;
    assert.ok(s.out === p.out, `${what}: at ${i}\n  ${s.out.slice(Math.max(0, i - 150), i + 150)}\n  ${p.out.slice(Math.max(0, i - 150), i + 150)}`);
  }
}

test('every command on a workspace named like Object.prototype: the output of the same workspace with ordinary names', () => {
  const root = mkdtempSync(join(tmpdir(), 'leadspec-proto-all-'));
  try {
    writeWorkspace(join(root, 's'), SPECIAL);
    writeWorkspace(join(root, 'p'), PLAIN);
    sameAsPlain(root, COMMANDS);
    // And the names show where they belong (not merely the same as the plain run).
    const sim = JSON.parse(spawnSync(process.execPath, [CLI, 'simulate', '--by', 'segment', '--format', 'json'], { cwd: join(root, 's'), encoding: 'utf8' }).stdout);
    assert.deepEqual(Object.entries(sim.summary.feedback.constructor.reasons), [['__proto__', 1], ['constructor', 1], ['toString', 1], ['valueOf', 1]]);
    assert.deepEqual(sim.by.values.map((v: any) => v.value).sort(), ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']);
    assert.deepEqual(Object.entries(sim.by.sla['constructor/constructor']).map(([k, v]: [string, any]) => [k, v.met, v.breached]), [['constructor', 1, 0], ['valueOf', 0, 1]]);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('diff and report --base on the same workspaces after an edit: the output of the plain-named twin', () => {
  const root = mkdtempSync(join(tmpdir(), 'leadspec-proto-diff-'));
  try {
    for (const [w, names] of [['s', SPECIAL], ['p', PLAIN]] as const) {
      const dir = join(root, w);
      writeWorkspace(dir, names);
      const git = (...a: string[]) => assert.equal(spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: dir, encoding: 'utf8' }).status, 0, a.join(' '));
      git('init', '-q'); git('add', '-A'); git('commit', '-qm', 'base');
      // Grades and tiers move: the grade matrix and tier transitions are keyed by their ids.
      const edit = (f: string, from: string, to: string) => writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace(from, to));
      edit('model.yaml', 'points: 30 }', 'points: 35 }'); edit('model.yaml', 'min: 60 }', 'min: 70 }');
      edit('icp.yaml', 'gte: 500', 'gte: 800'); edit('sla.yaml', 'within: 4h', 'within: 1h');
    }
    sameAsPlain(root, [['diff', '--base', 'HEAD', '--format', 'json'], ['diff', '--base', 'HEAD'], ['diff', '--base', 'HEAD', '--format', 'md'], ['report', '--base', 'HEAD', '--out', 'report.html']]);
    const d = JSON.parse(spawnSync(process.execPath, [CLI, 'diff', '--base', 'HEAD', '--format', 'json'], { cwd: join(root, 's'), encoding: 'utf8' }).stdout);
    assert.deepEqual(Object.keys(d.scoring.constructor.matrix), ['constructor', 'toString']);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

// The engine API runs a test even when the checker would refuse it (the editor runs cases as you
// type): an output or SLA key named like an Object.prototype member is an unknown output, with the
// same problem as any other unknown name — not Object's `constructor` taken for an output type.
test('engine API: expectation keys `constructor`, `toString`, `valueOf` are unknown outputs like any other name', () => {
  const files = [parseFile('fields.yaml', FIELDS), parseFile('model.yaml', MODEL)];
  const cp = compileProject(definitionsOf(files));
  const run = (keys: string[]) => runTest({ leadspec: 'v1', kind: 'test', id: 't', as_of: AS_OF,
    cases: [{ name: 'c', lead: { id: 'x', employees: 500 }, expect: { m: Object.fromEntries(keys.map((k) => [k, 1])), sla: { 'a/b': Object.fromEntries(keys.map((k) => [k, 'met'])) } } }] } as unknown as TestDef, cp);
  const problems = (keys: string[]) => run(keys).cases[0].expectations.map((e) => [e.label, e.passed, e.problem?.replace(new RegExp(keys.join('|'), 'g'), 'K')]);
  for (const k of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
    assert.deepEqual(problems([k]), problems(['nosuch']).map(([l, p, m]) => [String(l).replace('nosuch', k), p, m]), k);
  }
});
