// docs/format.md is the user's copy of the contract: a clone has no ../shared/SPEC.md. Its YAML
// examples validate with the built CLI, and, where the team's SPEC.md sits beside the repository,
// every section of it (§1–§11) appears in docs/format.md word for word (white space aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cli, workspace } from '../parity/spec-helpers.js';

const root = resolve(__dirname, '..', '..');
const format = readFileSync(join(root, 'docs', 'format.md'), 'utf8');
// The shared folder beside the repository (LEADSPEC_SHARED points elsewhere), or a worktree's ../../shared.
const specPath = [process.env.LEADSPEC_SHARED && join(resolve(process.env.LEADSPEC_SHARED), 'SPEC.md'),
  join(root, '..', 'shared', 'SPEC.md'), join(root, '..', '..', 'shared', 'SPEC.md')].find((p): p is string => !!p && existsSync(p));

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** `## N. title` sections of a page, by their heading line. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = md.split(/^(?=## \d+\. )/m).slice(1);
  for (const p of parts) {
    const heading = p.slice(0, p.indexOf('\n'));
    const body = p.split(/^(?=## (?!\d+\. ))/m)[0];          // up to the next un-numbered section
    out.set(heading, squash(body));
  }
  return out;
}

test('every YAML definition on docs/format.md validates with no diagnostic', () => {
  const blocks = [...format.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.startsWith('leadspec: v1'));
  const kinds = blocks.map((b) => /^kind: (\S+)/m.exec(b)?.[1]);
  for (const k of ['fields', 'icp', 'scoring', 'sla', 'test']) assert.ok(kinds.includes(k), `an example of kind: ${k}`);
  const files: Record<string, string> = {};
  blocks.forEach((b, i) => { files[`example-${i + 1}.yaml`] = b; });
  const r = cli(['validate', '--strict', '--format', 'json'], workspace(files));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(r.json.diagnostics, []);
});

test('docs/format.md holds every section of SPEC.md as written', { skip: !specPath && 'SPEC.md is not beside the repository' }, () => {
  const spec = sections(readFileSync(specPath!, 'utf8'));
  const ours = sections(format);
  assert.ok(spec.size >= 10, `SPEC.md has ${spec.size} numbered sections`);
  for (const [heading, body] of spec) {
    assert.ok(ours.has(heading), `docs/format.md lacks the section '${heading}'`);
    assert.equal(ours.get(heading), body, `docs/format.md's '${heading}' differs from SPEC.md: copy the section again`);
  }
});
