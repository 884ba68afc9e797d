// `leadspec validate` as a process (the built dist/cli.js): exit codes, the default PATH, and
// each output format — compiler-style text, SPEC §8's JSON, SARIF 2.1.0, GitHub commands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const CLI = resolve('dist/cli.js');
const BASIC = resolve('../shared/examples/basic');
let dir = '';

function run(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Two broken files: an unknown key and a bad enum word (errors), and an unused suppression (a warning).
const BROKEN = 'leadspec: v1\nkind: scoring\nid: inbound\nfit:\n  rules:\n    - group: size\n      pick: frist\n      rules:\n        - { id: a, when: { icp: mid }, pionts: 3 }\n';
const ICP = 'leadspec: v1\nkind: icp\nid: mid\n# leadspec-disable-next-line LS010 -- nothing to hide here\nmatch: { tier: mid/a }\ntiers: [ { id: a } ]\n';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadspec-validate-'));
  mkdirSync(join(dir, 'ws', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'ws', 'leadspec.yaml'), 'leadspec: v1\nkind: project\nid: ws\nbase: main\n');
  writeFileSync(join(dir, 'ws', 'scoring.yaml'), BROKEN);
  writeFileSync(join(dir, 'ws', 'icp.yaml'), ICP);
  writeFileSync(join(dir, 'ws', 'other.yaml'), 'on: push\n'); // not leadspec: ignored
  writeFileSync(join(dir, 'warn.yaml'), ICP);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the worked example and samples/ exit 0', { skip: !existsSync(BASIC) && 'examples not found' }, () => {
  const a = run([BASIC]);
  assert.equal(a.status, 0, a.stdout + a.stderr);
  assert.equal(a.stdout, '0 errors, 0 warnings in 5 files\n');
  const b = run(['samples']);
  assert.equal(b.status, 0, b.stdout + b.stderr);
  assert.match(b.stdout, /^0 errors, 0 warnings in 8 files\n$/);
});

test('text: file:line:col: severity CODE message, then a summary line; exit 1 on errors', () => {
  const r = run(['scoring.yaml', 'icp.yaml'], join(dir, 'ws'));
  assert.equal(r.status, 1);
  assert.equal(r.stdout, [
    'icp.yaml:4:1: warning LS101 this suppression of LS010 suppresses nothing; remove it, or correct its code or its line',
    "scoring.yaml:7:13: error LS013 'pick' must be one of sum, first, max",
    "scoring.yaml:9:40: error LS010 unknown key 'pionts' — did you mean 'points'?",
    '2 errors, 1 warning in 2 files; 0 diagnostics suppressed by 1 comment',
    '',
  ].join('\n'));
});

test('PATH defaults to the workspace root found from the current directory', () => {
  const r = run([], join(dir, 'ws', 'nested'));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /\n2 errors, 1 warning in 3 files; 0 diagnostics suppressed by 1 comment\n$/);
  assert.match(r.stdout, /scoring\.yaml:7:13: error LS013/);
});

test('warnings alone exit 0, and 1 with --strict', () => {
  assert.equal(run([join(dir, 'warn.yaml')]).status, 0);
  const s = run([join(dir, 'warn.yaml'), '--strict']);
  assert.equal(s.status, 1);
  assert.match(s.stdout, /warning LS101/);
});

test('a missing or unreadable path exits 2 with a message naming it', () => {
  const r = run([join(dir, 'nope')]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /nope: no such file or folder/);
  const notDir = run([join(dir, 'warn.yaml', 'x.yaml')]);
  assert.equal(notDir.status, 2);
  assert.match(notDir.stderr, /warn\.yaml\/x\.yaml/);
  assert.doesNotMatch(r.stderr + notDir.stderr, /\n\s+at /); // no stack trace
});

test('usage errors exit 2', () => {
  const r = run(['--format', 'xml']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format must be one of text, json, sarif, github \(got 'xml'\)/);
  assert.equal(run(['--bogus']).status, 2);
});

test('json is exactly SPEC §8: files and 1-based diagnostics', () => {
  const r = run(['scoring.yaml', 'icp.yaml', '--format', 'json'], join(dir, 'ws'));
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['files', 'diagnostics']);
  assert.equal(out.files, 2);
  assert.equal(out.diagnostics.length, 3);
  assert.deepEqual(out.diagnostics[2], {
    file: 'scoring.yaml', line: 9, column: 40, endLine: 9, endColumn: 46,
    severity: 'error', code: 'LS010', message: "unknown key 'pionts' — did you mean 'points'?",
  });
  for (const d of out.diagnostics) {
    assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
  }
});

test('sarif is SARIF 2.1.0 with rules from the code registry and 1-based regions', () => {
  const r = run(['scoring.yaml', 'icp.yaml', '--format', 'sarif'], join(dir, 'ws'));
  assert.equal(r.status, 1);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.name, 'leadspec');
  const ids = driver.rules.map((x: any) => x.id);
  for (const code of ['LS001', 'LS002', 'LS003', 'LS004', 'LS005', 'LS010', 'LS011', 'LS012', 'LS013', 'LS101']) assert.ok(ids.includes(code), code);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of driver.rules) {
    assert.ok(rule.shortDescription.text && rule.help.text, rule.id);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  const results = sarif.runs[0].results;
  assert.equal(results.length, 3);
  const pionts = results.find((x: any) => x.ruleId === 'LS010');
  assert.equal(driver.rules[pionts.ruleIndex].id, 'LS010');
  assert.equal(pionts.level, 'error');
  assert.equal(pionts.message.text, "unknown key 'pionts' — did you mean 'points'?");
  assert.deepEqual(pionts.locations[0].physicalLocation, {
    artifactLocation: { uri: 'scoring.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 9, startColumn: 40, endLine: 9, endColumn: 46 },
  });
  assert.equal(results.find((x: any) => x.ruleId === 'LS101').level, 'warning');
  for (const x of results) assert.ok(x.partialFingerprints && Object.keys(x.partialFingerprints).length === 1);
});

test('github prints one workflow command per diagnostic', () => {
  const r = run(['scoring.yaml', 'icp.yaml', '--format', 'github'], join(dir, 'ws'));
  assert.equal(r.status, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], '::warning file=icp.yaml,line=4,col=1,endLine=4,endColumn=59,title=LS101::this suppression of LS010 suppresses nothing; remove it, or correct its code or its line');
  assert.equal(lines[1], "::error file=scoring.yaml,line=7,col=13,endLine=7,endColumn=18,title=LS013::'pick' must be one of sum, first, max");
  assert.equal(lines[2], "::error file=scoring.yaml,line=9,col=40,endLine=9,endColumn=46,title=LS010::unknown key 'pionts' — did you mean 'points'?");
  assert.equal(lines[3], '2 errors, 1 warning in 2 files; 0 diagnostics suppressed by 1 comment');
});
