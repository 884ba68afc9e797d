// The JSON schemas themselves: they compile in ajv strict mode, the files in schemas/ are the
// generated ones, every property is described (hovers and completion read the descriptions),
// and every example of SPEC.md, the worked example and samples/ validate with no diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { validateFiles } from '../../server/src/core/check/validate.js';
import { schemaDiagnostics, compileAllSchemas, leadspecSchema, schemaFiles } from '../../server/src/core/schema/index.js';
import { AJV_OPTIONS, schemaCompilations } from '../../server/src/core/schema/validator.js';
import { loadLeadspecFiles } from '../../server/src/io/files.js';

const Ajv2020: any = (Ajv2020Module as any).default ?? Ajv2020Module;
// The shared folder sits beside the repository (LEADSPEC_SHARED points elsewhere, e.g. from a worktree).
const SHARED = resolve(process.env.LEADSPEC_SHARED ?? '../shared');
const SPEC = join(SHARED, 'SPEC.md');
const BASIC = join(SHARED, 'examples/basic');
const show = (ds: { code: string; message: string; range: { start: { line: number; character: number } } }[]) =>
  ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);

test('every schema file compiles with ajv in strict mode', () => {
  const names = readdirSync('schemas').filter((n) => n.endsWith('.schema.json')).sort();
  assert.deepEqual(names, ['fields', 'icp', 'leadspec', 'project', 'scoring', 'sla', 'test'].map((k) => `${k}.schema.json`));
  for (const n of names) {
    const schema = JSON.parse(readFileSync(join('schemas', n), 'utf8'));
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', n);
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    assert.doesNotThrow(() => ajv.compile(schema), n);
  }
  assert.equal(compileAllSchemas().length, 7);
  assert.equal(AJV_OPTIONS.strict, true);
});

test('schemas/*.schema.json are the generated ones (run `npm run schemas` after editing source.ts)', () => {
  for (const [name, schema] of Object.entries(schemaFiles())) {
    const onDisk = readFileSync(join('schemas', name), 'utf8');
    assert.equal(onDisk, JSON.stringify(schema, null, 2) + '\n', `schemas/${name} is stale`);
  }
});

test('every property of every definition kind carries a description', () => {
  const root = leadspecSchema();
  const missing: string[] = [];
  const described = (s: any): boolean => {
    if (!s || typeof s !== 'object') return false;
    if (typeof s.description === 'string' && s.description.length > 10) return true;
    if (typeof s.$ref === 'string') return described(root.$defs[s.$ref.replace('#/$defs/', '')]);
    return false;
  };
  const walk = (s: any, where: string): void => {
    if (!s || typeof s !== 'object') return;
    for (const [k, v] of Object.entries<any>(s.properties ?? {})) {
      if (v !== true && !described(v)) missing.push(`${where}.${k}`);
      walk(v, `${where}.${k}`);
    }
    for (const map of ['patternProperties', '$defs'] as const) {
      for (const [k, v] of Object.entries<any>(s[map] ?? {})) walk(v, `${where}/${k}`);
    }
    for (const k of ['items', 'then', 'else', 'additionalProperties']) walk(s[k], `${where}/${k}`);
    for (const v of s.allOf ?? []) walk(v, `${where}/allOf`);
  };
  walk(root, '#');
  assert.deepEqual(missing, []);
});

test('the schema is compiled once per process, not per document', () => {
  assert.equal(leadspecSchema(), leadspecSchema());
  const files = Array.from({ length: 20 }, (_, i) => parseFile(`f${i}.yaml`, `leadspec: v1\nkind: project\nid: p${i}\nbase: main\n`));
  validateFiles(files);
  validateFiles(files);
  // 0: the validator compiled ahead (validate.generated.ts; test/unit/schema-validator-code.test.ts).
  assert.equal(schemaCompilations(), 0);
});

/** The fields §11's outcomes example names, added to §2's catalog for the check. */
const SPEC_OUTCOME_FIELDS = `  opportunity_created_at: { type: datetime }
  created_at:     { type: datetime }
  opportunity_amount: { type: number }
  sales_status:   { type: enum, values: [accepted, working, rejected, recycled, nurture, open] }
  rejection_reason: { type: string }
`;

/** The YAML blocks of SPEC.md. */
function specBlocks(): string[] {
  return [...readFileSync(SPEC, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
}

test('every example of SPEC.md validates with zero diagnostics', { skip: !existsSync(SPEC) && 'SPEC.md not found next to the repository' }, () => {
  const blocks = specBlocks();
  assert.ok(blocks.length >= 6, `found ${blocks.length} YAML blocks`);
  const files = blocks.map((b, i) => {
    // §11's block is the `outcomes` key of a project definition; the fields it names are
    // declared beside §2's catalog (which predates §11).
    if (/^# in the project definition/.test(b)) return parseFile(`spec-${i}.yaml`, `leadspec: v1\nkind: project\nid: outcomes-example\n${b}`);
    if (/^kind: fields$/m.test(b)) return parseFile(`spec-${i}.yaml`, b.replace(/^events:/m, `${SPEC_OUTCOME_FIELDS}events:`));
    // §3's block is a bare condition: check it as the match of an ICP.
    const text = b.startsWith('leadspec:') ? b
      : `leadspec: v1\nkind: icp\nid: condition-example\nmatch:\n${b.replace(/^when:\n/, '').replace(/^/gm, '  ')}`;
    return parseFile(`spec-${i}.yaml`, text);
  });
  assert.ok(files.some((f) => f.docs[0]?.kind === 'project'), 'the §11 outcomes example is checked as a project');
  for (const f of files) assert.equal(f.docs.length, 1, f.file);
  assert.deepEqual(show(files.flatMap((f) => f.docs.flatMap((d) => schemaDiagnostics(d)))), []);
  assert.deepEqual(show(validateFiles(files)), []);
});

test('the event condition of SPEC §3 and the weighted total of §5 validate', () => {
  const f = parseFile('x.yaml', `leadspec: v1
kind: scoring
id: inbound
engagement:
  rules:
    - { id: r, when: { event: page_view, where: { url: { contains: /pricing } }, within: 30d, count: { gte: 3 } }, points: 1 }
total: { weights: { fit: 0.6, engagement: 0.4 } }
matrix:
  fit: [ { id: A, min: 50 }, { id: B } ]
  engagement: [ { id: 1, min: 50 }, { id: 2 } ]
`);
  assert.deepEqual(show(f.docs.flatMap((d) => schemaDiagnostics(d))), []);
});

test('the worked example validates with zero diagnostics', { skip: !existsSync(BASIC) && 'examples not found' }, () => {
  const files = loadLeadspecFiles([BASIC]);
  assert.equal(files.length, 5);
  assert.deepEqual(show(validateFiles(files)), []);
});

test('samples/ validates with zero diagnostics and has what a user expects to open', () => {
  const files = loadLeadspecFiles(['samples']);
  assert.deepEqual(show(validateFiles(files)), []);
  const docs = files.flatMap((f) => f.docs);
  const kinds = (k: string) => docs.filter((d) => d.kind === k);
  assert.equal(kinds('project').length, 1);
  assert.equal(kinds('fields').length, 1);
  assert.ok(kinds('icp').length >= 2);
  const models = kinds('scoring').map((d) => d.value);
  assert.ok(models.some((m) => Array.isArray(m.grades)) && models.some((m) => m.matrix));
  const sla = kinds('sla')[0].value;
  assert.ok(Object.keys(sla.calendars).length >= 2);
  assert.ok(sla.commitments.some((c: any) => c.type === 'volume') && sla.commitments.some((c: any) => c.type !== 'volume'));
  const project = kinds('project')[0].value;
  assert.deepEqual(project.samples, { leads: 'leads.csv', events: 'events.jsonl' });
  assert.equal(project.base, 'main');
  // The catalog keeps at least SPEC §2's fields and events (the sample generator relies on it).
  const catalog = kinds('fields')[0].value;
  for (const f of ['employees', 'industry', 'country', 'seniority', 'annual_revenue', 'tech_stack', 'email', 'mql_at', 'first_touch_at', 'region', 'lead_source', 'job_title', 'created_at']) {
    assert.ok(catalog.fields[f], `field ${f}`);
  }
  for (const e of ['page_view', 'demo_request', 'email_click', 'unsubscribe']) assert.ok(catalog.events[e], `event ${e}`);
});

test('YAML that is not leadspec is left alone', () => {
  const f = parseFile('ci.yaml', 'on: push\njobs: { build: { runs-on: ubuntu-latest } }\n');
  assert.deepEqual(validateFiles([f]), []);
});

test('a document with broken YAML gets the syntax error only, not a cascade of schema errors', () => {
  const f = parseFile('x.yaml', 'leadspec: v1\nkind: scoring\nid: x\nfit: { rules: [ { id: a, points: 1 }\n');
  const codes = validateFiles([f]).map((d) => d.code);
  assert.ok(codes.length >= 1 && codes.every((c) => c === 'LS001'), codes.join(','));
});

test('one root cause, one diagnostic: a misspelt key does not also report the key as missing', () => {
  const f = parseFile('x.yaml', 'leadspec: v1\nkind: scoring\nid: x\nfit:\n  rules:\n    - { id: a, evnt: page_view, within: 7d, points: 1 }\n');
  assert.deepEqual(show(validateFiles([f])), ["6:16 LS010 unknown key 'evnt' — did you mean 'event'?"]);
});

test('errors in several documents of one file are each on their own node', () => {
  const f = parseFile('x.yaml', 'leadspec: v1\nkind: project\nid: a\nbase: 1\n---\nleadspec: v1\nkind: project\nid: B\n');
  assert.deepEqual(show(validateFiles([f])), [
    "4:7 LS012 'base' must be text, found the number 1",
    "8:5 LS014 id 'B' is not valid: use lower-case letters, digits and '-', starting with a letter (at most 63 characters)",
  ]);
});

test('did-you-mean comes with a quick fix that replaces the key or the value', () => {
  const f = parseFile('x.yaml', 'leadspec: v1\nkind: scoring\nid: x\nfit:\n  rules:\n    - group: g\n      pick: frist\n      rules: [ { id: a, when: {}, pionts: 1 } ]\n');
  const ds = validateFiles([f]);
  const fixes = ds.map((d) => d.fixes?.[0]);
  assert.deepEqual(fixes.map((x) => x?.title), ["Change to 'first'", "Change to 'points'"]);
  assert.deepEqual(fixes.map((x) => x?.edits[0].newText), ['first', 'points']);
  assert.deepEqual(fixes[1]?.edits[0].range, { start: { line: 7, character: 34 }, end: { line: 7, character: 40 } });
});
