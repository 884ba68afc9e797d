// Reads the umbrella JSON schema (the one ajv validates with) to answer editor questions: which
// keys are allowed at a path, what each means (its description), which values an enum allows.
// A small navigator: local $ref, allOf, anyOf/oneOf, if/then/else (decided on the actual value),
// properties, patternProperties, additionalProperties and items.
import { leadspecSchema } from '../core/schema/index.js';
import type { PathSegment } from '../core/syntax/parse.js';

export type Schema = Record<string, any>;

export interface PropertyInfo { name: string; description?: string; schema: Schema; required: boolean }

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let cur: any = root;
  for (const part of ref.slice(2).split('/')) cur = cur?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur && typeof cur === 'object' ? cur : undefined;
}

/** Does `value` satisfy a simple `if` schema (type object, const/enum properties, required)? */
function holds(s: Schema, value: unknown, root: Schema): boolean {
  if (s === true as unknown) return true;
  if (s.$ref) { const r = resolveRef(s.$ref, root); return r ? holds(r, value, root) : true; }
  if (s.type === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) return false;
  const obj = (value ?? {}) as Record<string, unknown>;
  for (const k of s.required ?? []) if (typeof obj !== 'object' || !(k in obj)) return false;
  for (const [k, ps] of Object.entries<any>(s.properties ?? {})) {
    if (typeof obj !== 'object' || !(k in obj) || ps === true) continue;
    if ('const' in ps && obj[k] !== ps.const) return false;
    if (Array.isArray(ps.enum) && !ps.enum.includes(obj[k])) return false;
  }
  if ('const' in s && value !== s.const) return false;
  return true;
}

/** The concrete schemas a (possibly composite) schema stands for, for this value. */
export function expand(s: Schema | undefined, value: unknown, root: Schema = leadspecSchema(), depth = 0): Schema[] {
  if (!s || typeof s !== 'object' || depth > 40) return [];
  const out: Schema[] = [s];
  if (s.$ref) { const r = resolveRef(s.$ref, root); if (r) out.push(...expand(r, value, root, depth + 1)); }
  for (const sub of s.allOf ?? []) out.push(...expand(sub, value, root, depth + 1));
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) out.push(...expand(sub, value, root, depth + 1));
  if (s.if) {
    const branch = holds(s.if, value, root) ? s.then : s.else;
    if (branch) out.push(...expand(branch, value, root, depth + 1));
  }
  return out;
}

/** The schemas of the value at `path` inside the document value `docValue`. */
export function schemasAt(docValue: unknown, path: readonly PathSegment[], root: Schema = leadspecSchema()): Schema[] {
  let schemas = expand(root, docValue, root);
  let value: any = docValue;
  for (const seg of path) {
    const next: Schema[] = [];
    const child = value && typeof value === 'object' ? value[seg as any] : undefined;
    for (const s of schemas) {
      if (typeof seg === 'number' || /^\d+$/.test(String(seg)) && Array.isArray(value)) {
        if (s.items && typeof s.items === 'object') next.push(s.items);
        if (Array.isArray(s.prefixItems) && s.prefixItems[Number(seg)]) next.push(s.prefixItems[Number(seg)]);
        continue;
      }
      const key = String(seg);
      if (s.properties?.[key] && typeof s.properties[key] === 'object') { next.push(s.properties[key]); continue; }
      let matched = false;
      for (const [pat, ps] of Object.entries<any>(s.patternProperties ?? {})) {
        if (new RegExp(pat, 'u').test(key) && typeof ps === 'object') { next.push(ps); matched = true; }
      }
      if (!matched && s.additionalProperties && typeof s.additionalProperties === 'object') next.push(s.additionalProperties);
    }
    schemas = dedupe(next.flatMap((s) => expand(s, child, root)));
    value = child;
  }
  return schemas;
}

function dedupe(list: Schema[]): Schema[] { return [...new Set(list)]; }

/** Keys the schema allows at an object path, with their descriptions. */
export function propertiesAt(docValue: unknown, path: readonly PathSegment[]): PropertyInfo[] {
  const out = new Map<string, PropertyInfo>();
  for (const s of schemasAt(docValue, path)) {
    for (const [name, ps] of Object.entries<any>(s.properties ?? {})) {
      if (typeof ps !== 'object') continue;
      const prev = out.get(name);
      const description = ps.description ?? describe(ps);
      if (!prev) out.set(name, { name, description, schema: ps, required: (s.required ?? []).includes(name) });
      else if (!prev.description && description) prev.description = description;
    }
  }
  return [...out.values()];
}

/** The description of the value at a path (the property's own description first). */
export function descriptionAt(docValue: unknown, path: readonly PathSegment[]): string | undefined {
  for (const s of schemasAt(docValue, path)) if (typeof s.description === 'string') return s.description;
  return undefined;
}

/** Enum / const values the schema allows at a path. */
export function enumAt(docValue: unknown, path: readonly PathSegment[]): unknown[] {
  const out: unknown[] = [];
  for (const s of schemasAt(docValue, path)) {
    if (Array.isArray(s.enum)) out.push(...s.enum);
    if ('const' in s) out.push(s.const);
  }
  return [...new Set(out)];
}

function describe(ps: Schema): string | undefined {
  return expand(ps, undefined).map((s) => s.description).find((d) => typeof d === 'string');
}
