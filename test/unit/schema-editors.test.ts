// Schemas for everyone (docs/schemas.md): any editor built on yaml-language-server gets
// validation and completion for LeadSpec files, (1) from a `# yaml-language-server: $schema=`
// modeline pointing into the installed package, with nothing configured, and (2) from the
// SchemaStore-style catalog (schemas/catalog.json) by file name, as yaml-language-server's schema
// store support configures it. In process, with the real yaml-language-server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { schemaCatalog, LEADSPEC_FILE_MATCH } from '../../server/src/core/schema/catalog.js';

const repo = resolve(__dirname, '..', '..');
const BAD = 'leadspec: v1\nkind: scoring\nid: inbound\nfit:\n  pionts: 3\n  \n';

/** A language service that reads file: URIs from disk and serves the catalog's URLs as a schema store host would. */
function service(served: Record<string, string> = {}) {
  const requested: string[] = [];
  const ls = getLanguageService({
    schemaRequestService: async (uri: string) => {
      requested.push(uri);
      if (uri.startsWith('file:')) return readFileSync(fileURLToPath(uri), 'utf8');
      if (uri in served) return served[uri];
      throw new Error(`no network in tests: ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (r: string, b: string) => new URL(r, b).toString() },
  } as any);
  return { ls, requested };
}

let n = 0;
async function check(ls: any, uri: string, text: string) {
  const doc = TextDocument.create(uri, 'yaml', ++n, text);
  const diagnostics = (await ls.doValidation(doc, false)).map((d: any) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  const completion = (await ls.doComplete(doc, { line: text.split('\n').length - 2, character: 2 }, false)).items.map((i: any) => i.label);
  return { diagnostics, completion };
}

test('a modeline into the installed package gives validation and completion with nothing configured', async () => {
  // The layout after `npm install --save-dev leadspec-x.y.z.tgz`.
  const work = mkdtempSync(join(tmpdir(), 'leadspec-schemas-'));
  mkdirSync(join(work, 'node_modules', 'leadspec'), { recursive: true });
  cpSync(join(repo, 'schemas'), join(work, 'node_modules', 'leadspec', 'schemas'), { recursive: true });
  const { ls, requested } = service();
  ls.configure({ validate: true, completion: true, hover: true, schemas: [] } as any);
  const uri = pathToFileURL(join(work, 'defs', 'scoring', 'inbound.yaml')).toString();
  const got = await check(ls, uri, `# yaml-language-server: $schema=../../node_modules/leadspec/schemas/leadspec.schema.json\n${BAD}`);
  assert.deepEqual(got.diagnostics, ['6:3 Property pionts is not allowed.']);
  assert.deepEqual(got.completion.sort(), ['decay', 'max', 'min', 'rules']);
  assert.deepEqual(requested, [pathToFileURL(join(work, 'node_modules', 'leadspec', 'schemas', 'leadspec.schema.json')).toString()]);
  // A per-kind schema works the same way; without a modeline nothing is checked.
  const kind = await check(ls, uri.replace('inbound', 'k'), `# yaml-language-server: $schema=../../node_modules/leadspec/schemas/scoring.schema.json\n${BAD}`);
  assert.deepEqual(kind.diagnostics, ['6:3 Property pionts is not allowed.']);
  assert.deepEqual((await check(ls, uri.replace('inbound', 'plain'), BAD)).diagnostics, []);
});

test('the schema-store catalog: leadspec.yaml and *.leadspec.yaml are checked by name, other YAML is not', async () => {
  const onDisk = JSON.parse(readFileSync(join(repo, 'schemas', 'catalog.json'), 'utf8'));
  assert.deepEqual(onDisk, schemaCatalog(), 'schemas/catalog.json is stale: run `npm run schemas`');
  const umbrella = readFileSync(join(repo, 'schemas', 'leadspec.schema.json'), 'utf8');
  assert.equal(JSON.parse(umbrella).$id, onDisk.schemas[0].url, "the catalog names the umbrella schema's own URL");
  // What yaml-language-server does with a schema store: one association per catalog entry.
  const { ls } = service({ [onDisk.schemas[0].url]: umbrella });
  ls.configure({ validate: true, completion: true, schemas: onDisk.schemas.map((s: any) => ({ uri: s.url, fileMatch: s.fileMatch, name: s.name })) } as any);
  for (const name of ['leadspec.yaml', 'leadspec.yml', 'team/inbound.leadspec.yaml', 'x.leadspec.yml']) {
    const got = await check(ls, `file:///repo/${name}`, BAD);
    assert.deepEqual(got.diagnostics, ['5:3 Property pionts is not allowed.'], name);
    assert.deepEqual(got.completion.sort(), ['decay', 'max', 'min', 'rules'], name);
  }
  for (const name of ['scoring.yaml', '.github/workflows/ci.yml']) assert.deepEqual((await check(ls, `file:///repo/${name}`, BAD)).diagnostics, [], name);
});

test("the extension's yamlValidation and the catalog match the same files", () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const [entry] = pkg.contributes.yamlValidation;
  assert.deepEqual(entry.fileMatch, LEADSPEC_FILE_MATCH);
  assert.equal(entry.url, './schemas/leadspec.schema.json');
  assert.ok(pkg.files.some((f: string) => f === 'schemas/*.json'), 'the npm package ships the schemas and the catalog');
});
