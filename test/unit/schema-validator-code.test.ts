// The umbrella schema's validator compiled ahead (server/src/core/schema/validate.generated.ts,
// ajv standalone code written by `npm run schemas`): the file is what the schema generates now,
// and on valid and broken definitions it gives what ajv compiling the schema at run time gives —
// the same verdict and the same errors (keyword, paths, params, message, schema, parentSchema,
// data), so every diagnostic is the same. The process uses it only while the schema's key matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileValidator, leadspecSchema, schemaCompilations, schemaKey, validateValue } from '../../server/src/core/schema/validator.js';
import generatedValidate, { SCHEMA_KEY } from '../../server/src/core/schema/validate.generated.js';
import { GENERATED_VALIDATOR, validatorCode } from '../../schemas/validator-code.js';
import { SHAPES } from './pathological.js';

const SHARED = resolve(process.env.LEADSPEC_SHARED ?? '../shared');

test(`${GENERATED_VALIDATOR} is the generated one (run \`npm run schemas\` after editing source.ts)`, () => {
  const onDisk = readFileSync(GENERATED_VALIDATOR, 'utf8');
  assert.ok(onDisk === validatorCode(), `${GENERATED_VALIDATOR} is stale: run npm run schemas`);
  assert.equal(SCHEMA_KEY, schemaKey(leadspecSchema()));
  // The error lists are appended in place (appendErrorsInPlace), as in the validator compiled at run time.
  assert.ok(!onDisk.includes('.concat('), 'no `.concat(` of the error list');
});

/** A small seeded generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/** Every definition value of the YAML files under `dir` (recursively). */
function definitionsIn(dir: string): unknown[] {
  const out: unknown[] = [];
  let entries: string[] = [];
  try { entries = readdirSync(dir, { recursive: true }) as string[]; } catch { return out; }
  for (const e of entries) {
    if (!/\.ya?ml$/.test(e)) continue;
    const f = parseFile(e, readFileSync(join(dir, e), 'utf8'));
    for (const d of f.docs) if (d.value !== null && typeof d.value === 'object') out.push(d.value);
  }
  return out;
}

/** One random change deep in a copy of `v`: a key dropped, misspelt or added, a value of another type. */
function mutate(v: unknown, r: () => number): unknown {
  const copy = structuredClone(v);
  const nodes: Record<string, unknown>[] = [];
  const walk = (x: unknown) => { if (x !== null && typeof x === 'object') { nodes.push(x as Record<string, unknown>); for (const y of Object.values(x)) walk(y); } };
  walk(copy);
  const node = nodes[Math.floor(r() * nodes.length)];
  const keys = Object.keys(node);
  const k = keys[Math.floor(r() * keys.length)];
  const odd: unknown[] = [null, 7, -1.5, 'text', '', true, [], {}, ['a', 1], { x: 1 }, 'NOT_A_NAME', 1e308];
  const u = r();
  if (k === undefined || u < 0.15) node[`unknown_${Math.floor(r() * 9)}`] = odd[Math.floor(r() * odd.length)];
  else if (u < 0.35) delete node[k];
  else if (u < 0.5 && !Array.isArray(node)) { node[k + 'x'] = node[k]; delete node[k]; }
  else node[k] = odd[Math.floor(r() * odd.length)];
  return copy;
}

test('the generated validator gives the run-time compiled one\'s verdict and errors', () => {
  const compiled = compileValidator();
  const base = [
    ...definitionsIn('samples'), ...definitionsIn(join(SHARED, 'examples')),
    ...['unknownKeys', 'brokenRules'].flatMap((s) => parseFile('p.yaml', (SHAPES as Record<string, (n: number) => string>)[s](30)).docs.map((d) => d.value)),
  ].filter((v) => v !== null && typeof v === 'object');
  assert.ok(base.length >= 8, `${base.length} definitions`);
  const r = rng(31);
  let invalid = 0, checked = 0;
  for (const def of base) {
    for (let round = 0; round < 60; round++) {
      let v: unknown = def;
      for (let m = round === 0 ? 0 : 1 + Math.floor(r() * 3); m > 0; m--) v = mutate(v, r);
      const okA = generatedValidate(v), errA = (generatedValidate as unknown as { errors: unknown }).errors;
      const okB = compiled(v), errB = compiled.errors;
      assert.equal(okA, okB, `verdict of ${JSON.stringify(v).slice(0, 200)}`);
      assert.deepStrictEqual(errA, errB, `errors of ${JSON.stringify(v).slice(0, 200)}`);
      if (!okA) invalid++;
      checked++;
    }
  }
  assert.ok(invalid > checked / 3, `${invalid} of ${checked} invalid: the broken ones are checked too`);
});

test('a process validates with the generated validator while the schema is the one it was made from', () => {
  validateValue({ leadspec: 'v1', kind: 'project', id: 'p', base: 'main' });
  validateValue({ leadspec: 'v1', kind: 'nope' });
  assert.equal(schemaCompilations(), 0);
  // Another schema has another key (then validator.ts compiles it instead).
  const changed = structuredClone(leadspecSchema()) as Record<string, unknown>;
  changed.title = 'changed';
  assert.notEqual(schemaKey(changed), SCHEMA_KEY);
});
