// Names that are user text — field names, undeclared columns, event names — spelled like
// Object.prototype's members (`constructor`, `toString`, `valueOf`, `hasOwnProperty`, `__proto__`)
// are names like any other: a declared field `constructor` is in the catalog (not dropped as
// "already declared"), a condition on it is a field test (not a score output read too early,
// LS097), and `explain` lists undeclared columns of those names. Through the CLI as a process
// (validate, simulate, explain) and the engine API (validateFiles, compileProject, explainLead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { validateFiles } from '../../server/src/core/check/validate.js';
import { compileProject, definitionsOf, simulate } from '../../server/src/core/eval/simulate.js';
import { explainLead } from '../../server/src/core/eval/explain.js';
import { loadLeadsFromText } from '../../server/src/core/data/leads.js';
import { parseDatetime } from '../../server/src/core/data/values.js';

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
