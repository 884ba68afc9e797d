// What the product ships and the contract shows must check clean: SPEC.md's examples,
// ../shared/examples/basic and samples/ produce no diagnostics at all (parse, schema, semantic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve, relative } from 'node:path';
import { Workspace } from '../../server/src/core/check/workspace.js';
import { listYamlFiles } from '../../server/src/io/files.js';
import { validateFiles } from '../../server/src/core/check/validate.js';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { lines } from './check-support.js';

const SPEC = resolve('..', 'shared', 'SPEC.md');
const BASIC = resolve('..', 'shared', 'examples', 'basic');
const SAMPLES = resolve('samples');

function folder(dir: string): Workspace {
  const ws = new Workspace();
  for (const f of listYamlFiles([dir])) ws.setFile(relative(dir, f), readFileSync(f, 'utf8'));
  return ws;
}

test('SPEC.md: every YAML example, together as one workspace, has no diagnostics', { skip: existsSync(SPEC) ? false : `${SPEC} missing` }, () => {
  const md = readFileSync(SPEC, 'utf8');
  const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const ws = new Workspace();
  blocks.forEach((b, i) => ws.setFile(`spec-${i + 1}.yaml`, b));
  const kinds = ws.files().flatMap((f) => ws.parsed(f)!.docs.map((d) => d.kind)).sort();
  assert.deepEqual(kinds, ['fields', 'icp', 'scoring', 'sla', 'test'], 'the examples of §2, §4, §5, §6 and §9');
  assert.deepEqual(lines(ws), []);
  // and the symbols they share resolve: the SLA names the model, the model names the ICP
  assert.ok(ws.referencesTo('definition:icp:mid-market', false).length >= 2);
});

test('../shared/examples/basic has no diagnostics (workspace and validateFiles agree)', { skip: existsSync(BASIC) ? false : `${BASIC} missing` }, () => {
  assert.deepEqual(lines(folder(BASIC)), []);
  const files = listYamlFiles([BASIC]).map((f) => parseFile(f, readFileSync(f, 'utf8')));
  assert.deepEqual(validateFiles(files), []);
});

test('samples/ has no diagnostics', { skip: existsSync(SAMPLES) ? false : 'samples/ has not landed yet' }, () => {
  const ws = folder(SAMPLES);
  assert.ok(ws.files().length > 0);
  assert.deepEqual(lines(ws), []);
});

test('validateFiles with context: one file checked against the rest of its workspace', { skip: existsSync(BASIC) ? false : `${BASIC} missing` }, () => {
  const all = listYamlFiles([BASIC]).map((f) => parseFile(f, readFileSync(f, 'utf8')));
  const scoring = all.filter((f) => f.file.endsWith('scoring.yaml'));
  // alone, its ICP is unknown; with the workspace as context it checks clean
  assert.deepEqual(validateFiles(scoring).map((d) => d.code), ['LS042']);
  assert.deepEqual(validateFiles(scoring, all), []);
});
