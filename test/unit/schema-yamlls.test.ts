// Other YAML tools: the umbrella schema, as a plain file, drives yaml-language-server (the engine
// of VS Code's YAML extension and many editors) — samples validate clean, typos are caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { listYamlFiles } from '../../server/src/io/files.js';

const schema = JSON.parse(readFileSync('schemas/leadspec.schema.json', 'utf8'));
const ls = getLanguageService({
  schemaRequestService: async () => JSON.stringify(schema),
  workspaceContext: { resolveRelativePath: (r: string, b: string) => new URL(r, b).toString() },
} as any);
ls.configure({ validate: true, hover: true, completion: true,
  schemas: [{ uri: 'file:///schemas/leadspec.schema.json', fileMatch: ['*.yaml'], schema }] } as any);

async function validate(name: string, text: string) {
  const ds = await ls.doValidation(TextDocument.create(`file:///w/${name}`, 'yaml', 1, text), false);
  return ds.map((d: any) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

test('yaml-language-server validates every sample with the umbrella schema, without errors', async () => {
  const files = listYamlFiles(['samples']).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 7);
  for (const f of files) assert.deepEqual(await validate(f.replace(/\//g, '_'), readFileSync(f, 'utf8')), [], f);
});

test('yaml-language-server reports a typo in a key and an operator on their own positions', async () => {
  const got = await validate('bad.yaml', 'leadspec: v1\nkind: scoring\nid: x\nfit:\n  rules:\n    - { id: a, when: { employees: { gtee: 5 } }, pionts: 3 }\n');
  assert.ok(got.includes('6:37 Property gtee is not allowed.'), got.join('\n'));
  assert.ok(got.includes('6:50 Property pionts is not allowed.'), got.join('\n'));
});

test('yaml-language-server hovers show the schema descriptions', async () => {
  const text = 'leadspec: v1\nkind: scoring\nid: x\nfit:\n  rules:\n    - { id: a, when: { icp: y }, points: 3 }\n';
  const doc = TextDocument.create('file:///w/hover.yaml', 'yaml', 1, text);
  const hover: any = await ls.doHover(doc, { line: 5, character: 36 });
  const value = JSON.stringify(hover?.contents ?? '');
  assert.match(value, /Points the rule contributes/);
});

test('each per-kind schema file alone validates the samples of its kind and rejects another kind', async () => {
  const byKind: Record<string, string> = {
    fields: 'samples/fields.yaml', icp: 'samples/icps/mid-market.yaml', scoring: 'samples/scoring/inbound.yaml',
    sla: 'samples/sla.yaml', project: 'samples/leadspec.yaml',
  };
  for (const [kind, file] of Object.entries(byKind)) {
    const own = JSON.parse(readFileSync(`schemas/${kind}.schema.json`, 'utf8'));
    const service = getLanguageService({ schemaRequestService: async () => JSON.stringify(own),
      workspaceContext: { resolveRelativePath: (r: string, b: string) => new URL(r, b).toString() } } as any);
    service.configure({ validate: true, schemas: [{ uri: `file:///schemas/${kind}.schema.json`, fileMatch: ['*.yaml'], schema: own }] } as any);
    let n = 0; // a fresh document URI per call: the service caches parses by URI and version
    const check = async (text: string) => (await service.doValidation(TextDocument.create(`file:///w/${kind}-${n++}.yaml`, 'yaml', 1, text), false)).length;
    assert.equal(await check(readFileSync(file, 'utf8')), 0, `${kind}: ${file}`);
    const other = kind === 'project' ? 'samples/fields.yaml' : 'samples/leadspec.yaml';
    assert.ok(await check(readFileSync(other, 'utf8')) > 0, `${kind} schema should reject ${other}`);
  }
});
