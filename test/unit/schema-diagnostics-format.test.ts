// The diagnostics renderers in isolation: escaping of GitHub workflow commands, severities in
// every format, summary counts, SARIF locations for relative and absolute paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostics, toSarif, summaryLine } from '../../server/src/core/report/diagnostics-format.js';
import '../../server/src/core/schema/index.js';
import type { Diagnostic } from '../../server/src/core/types.js';

const at = (line: number, character: number, len: number) => ({ start: { line, character }, end: { line, character: character + len } });
const diags: Diagnostic[] = [
  { file: 'a, b:c.yaml', code: 'LS010', severity: 'error', message: "unknown key 'x'\nsecond line 100%", range: at(0, 2, 3) },
  { file: '/abs/d e.yaml', code: 'LS101', severity: 'warning', message: 'unused', range: at(4, 0, 10) },
  { file: 'f.yaml', code: 'LS999', severity: 'info', message: 'note this', range: at(1, 1, 1) },
];

test('github: properties and data are escaped, severities map to error/warning/notice', () => {
  const lines = formatDiagnostics({ diagnostics: diags, files: 3 }, 'github').trimEnd().split('\n');
  assert.equal(lines[0], "::error file=a%2C b%3Ac.yaml,line=1,col=3,endLine=1,endColumn=6,title=LS010::unknown key 'x'%0Asecond line 100%25");
  assert.equal(lines[1], '::warning file=/abs/d e.yaml,line=5,col=1,endLine=5,endColumn=11,title=LS101::unused');
  assert.match(lines[2], /^::notice file=f\.yaml,line=2,col=2,endLine=2,endColumn=3,title=LS999::note this$/);
  assert.equal(lines[3], '1 error, 1 warning, 1 info in 3 files');
});

test('text: one line per diagnostic with 1-based positions, then the summary with suppressions', () => {
  const out = formatDiagnostics({ diagnostics: diags.slice(1, 2), files: 1, suppressed: 2, suppressions: 1 }, 'text');
  assert.equal(out, '/abs/d e.yaml:5:1: warning LS101 unused\n0 errors, 1 warning in 1 file; 2 diagnostics suppressed by 1 comment\n');
  assert.equal(summaryLine({ diagnostics: [], files: 0 }), '0 errors, 0 warnings in 0 files');
});

test('sarif: relative paths against %SRCROOT%, absolute ones as file URIs, unknown codes still get a rule', () => {
  const sarif: any = toSarif({ diagnostics: diags, files: 3 });
  const results = sarif.runs[0].results;
  assert.deepEqual(results[0].locations[0].physicalLocation.artifactLocation, { uri: 'a, b:c.yaml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(results[1].locations[0].physicalLocation.artifactLocation, { uri: 'file:///abs/d%20e.yaml' });
  assert.deepEqual(results.map((r: any) => r.level), ['error', 'warning', 'note']);
  const rules = sarif.runs[0].tool.driver.rules;
  for (const r of results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
  assert.equal(rules.find((r: any) => r.id === 'LS010').name, 'UnknownKey');
  assert.equal(sarif.runs[0].columnKind, 'utf16CodeUnits');
});

test('json: the displayPath option is applied, keys as SPEC §8', () => {
  const out = JSON.parse(formatDiagnostics({ diagnostics: diags.slice(0, 1), files: 1 }, 'json', { displayPath: (f) => `x/${f}` }));
  assert.deepEqual(out, { files: 1, diagnostics: [{ file: 'x/a, b:c.yaml', line: 1, column: 3, endLine: 1, endColumn: 6, severity: 'error', code: 'LS010', message: "unknown key 'x'\nsecond line 100%" }] });
});
