// Compiles the umbrella schema ONCE per process (ajv strict mode) and validates plain values.
// Compilation costs tens of milliseconds; validation of a large definition well under one.
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { umbrellaSchema, schemaFiles, type JsonSchema } from './source.js';
import generatedValidate, { SCHEMA_KEY } from './validate.generated.js';

// ajv ships CommonJS with a default export; bundlers and tsx disagree on how it arrives.
const Ajv2020: any = (Ajv2020Module as any).default ?? Ajv2020Module;

/**
 * The ajv options we run with: strict (unknown keywords, ambiguous types are compile errors),
 * all errors with their schemas (the mapper reads `parentSchema`). Not inlining `$ref`s and
 * skipping ajv's code-optimisation pass makes the one-time compile about 3× faster (it is
 * start-up time of the CLI and the server), while a 5,000-line file still checks in ~10 ms.
 */
export const AJV_OPTIONS = {
  strict: true, allowUnionTypes: true, allErrors: true, verbose: true, inlineRefs: false, code: { optimize: false, process: appendErrorsInPlace },
} as const;

/**
 * The error list of a definition grows in linear time. ajv's generated code gathers the errors of
 * a `$ref`'d schema with `vErrors = vErrors === null ? f.errors : vErrors.concat(f.errors)`: one
 * copy of the whole list per failing reference, so 50,000 misspelt field keys cost 8 s of CPU and
 * 250,000 minutes (issue 18). Rewritten to append in place (ajv already shares the callee's array
 * when the list is empty, so no array is aliased that was not before). A test holds the compiled
 * code to having no `.concat(` left, so an ajv upgrade that changes the pattern fails loudly.
 */
export function appendErrorsInPlace(code: string): string {
  return code.replace(/vErrors = vErrors === null \? ([\w$]+(?:\.[\w$]+)*\.errors) : vErrors\.concat\(\1\);/g,
    (_m, errs: string) => `if (vErrors === null) vErrors = ${errs}; else for (const e of ${errs}) vErrors.push(e);`);
}

export function newAjv(): any { return new Ajv2020({ ...AJV_OPTIONS }); }

let compiled: ValidateFunction | undefined;
let umbrella: JsonSchema | undefined;

/** The umbrella schema object (also what hovers and completion read). */
export function leadspecSchema(): JsonSchema {
  umbrella ??= umbrellaSchema();
  return umbrella;
}

let compilations = 0;
/**
 * How many times this process compiled the umbrella schema: 0 while the generated validator is
 * current (validate.generated.ts, `npm run schemas`), else 1 after first use; never more.
 */
export function schemaCompilations(): number { return compilations; }

/** A schema's identity for validate.generated.ts: FNV-1a of its JSON text, and the text's length. */
export function schemaKey(schema: JsonSchema): string {
  const text = JSON.stringify(schema);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return `${(h >>> 0).toString(16)}:${text.length}`;
}

/** The umbrella schema compiled now (what validate.generated.ts holds, compiled ahead). */
export function compileValidator(): ValidateFunction { return newAjv().compile(leadspecSchema()); }

function validator(): ValidateFunction {
  if (!compiled) {
    // The validator compiled ahead (ajv standalone code: the same code ajv compiles here, without
    // ~70-90 ms of compiling at every start), unless the schema changed since it was generated.
    if (schemaKey(leadspecSchema()) === SCHEMA_KEY) compiled = generatedValidate as unknown as ValidateFunction;
    else { compiled = compileValidator(); compilations++; }
  }
  return compiled!;
}

/** Validates one definition's plain value; returns ajv's raw errors (empty when valid). */
export function validateValue(value: unknown): ErrorObject[] {
  const v = validator();
  return v(value) ? [] : [...(v.errors ?? [])];
}

/** Compiles every schema file (umbrella and per kind) in strict mode; throws on the first problem. */
export function compileAllSchemas(): string[] {
  const names: string[] = [];
  for (const [name, schema] of Object.entries(schemaFiles())) {
    newAjv().compile(schema);
    names.push(name);
  }
  return names;
}
