// SPEC.md: "Every example below must validate and simulate." The YAML blocks are read from the
// SPEC itself (../shared/SPEC.md), so the test follows the contract as it is written today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cli, header, workspace } from './spec-helpers.js';

const shared = resolve(__dirname, '..', '..', '..', 'shared');
const specPath = join(shared, 'SPEC.md');
const skip = !existsSync(specPath) && 'shared/SPEC.md is not beside the repo';

test('every YAML example of SPEC.md validates without a diagnostic, simulates, and its §9 cases pass', { skip }, () => {
  const spec = readFileSync(specPath, 'utf8');
  const blocks = [...spec.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const defs = blocks.filter((b) => b.startsWith('leadspec: v1'));
  assert.ok(defs.length >= 5, `found ${defs.length} definitions`);
  // §3's condition snippet, as the `when` of a rule of its own model.
  const snippet = blocks.find((b) => b.startsWith('when:'));
  assert.ok(snippet);
  const snippetModel = `${header('scoring', 'snippet')}fit:\n  rules:\n    - id: r\n      points: 1\n${snippet.split('\n').map((l) => (l ? `      ${l}` : l)).join('\n')}grades:\n  - { id: A }\n`;
  const files: Record<string, string> = {
    'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv, events: events.jsonl }\nas_of: 2026-11-20T12:00:00Z\n`,
    'snippet.yaml': snippetModel,
    'leads.csv': readFileSync(join(shared, 'examples', 'basic', 'leads.csv'), 'utf8'),
    'events.jsonl': readFileSync(join(shared, 'examples', 'basic', 'events.jsonl'), 'utf8'),
  };
  defs.forEach((d, i) => { files[`spec-${i + 1}.yaml`] = d; });
  const ws = workspace(files);
  const v = cli(['validate', '--format', 'json', '--strict'], ws);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.deepEqual(v.json.diagnostics, []);
  const s = cli(['simulate', '--format', 'json'], ws);
  assert.equal(s.status, 0, s.stderr);
  assert.equal(s.json.leads.length, 6);
  assert.ok(!/left out/.test(s.stderr), s.stderr);
  const t = cli(['test', '--format', 'json'], ws);
  assert.equal(t.status, 0, t.stdout);
  assert.deepEqual(t.json.summary, { tests: 1, cases: 3, passed: 3, failed: 0, errors: 0 });
});
