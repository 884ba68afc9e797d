// What every semantic check shares: safe access to YAML nodes (documents may be half-typed),
// diagnostics with exact ranges, the symbols a document defines and references, and a view of
// the rest of the workspace that records what this document depended on (for re-checking).
import * as Y from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Diagnostic, Fix, Range, RelatedInfo } from '../types.js';
import { codeInfo } from '../codes.js';
import { rangeOfOffsets, isBroken, type LeadspecDoc } from '../syntax/parse.js';
import { suggest } from './suggest.js';
import { Overflow } from './bounded.js';
import './codes.js';

// ---- symbols -----------------------------------------------------------------------------------

/** Every kind of name a user can go to, find references of, or rename. */
export type SymbolKind = 'definition' | 'rule' | 'group' | 'tier' | 'persona' | 'grade' | 'band'
  | 'commitment' | 'calendar' | 'field' | 'event' | 'property';

/**
 * A symbol's identity, as a string so it can key maps:
 * definition `definition:<kind>:<id>`; inside a definition `<symbol>:<def-kind>:<def-id>:<name>`
 * (bands: name is `fit/A`); catalog entries `field:fields:<catalog>:<name>`,
 * `event:fields:<catalog>:<event>`, `property:fields:<catalog>:<event>/<property>`.
 */
export function symbolKey(kind: SymbolKind, defKind: string, defId: string, name?: string): string {
  return kind === 'definition' ? `definition:${defKind}:${defId}` : `${kind}:${defKind}:${defId}:${name}`;
}

export interface SymbolOccurrence {
  key: string;
  kind: SymbolKind;
  /** The name as written (for bands and properties: the last part). */
  name: string;
  file: string;
  /** Exactly the characters of the name (what a rename replaces). */
  range: Range;
}

// ---- the workspace as seen by a check -------------------------------------------------------

export interface IndexView {
  /** Every definition of `kind` with `id` (more than one means a duplicate). */
  defs(kind: string, id: string): LeadspecDoc[];
  /** The ids of all definitions of a kind (for did-you-mean and defaults). */
  ids(kind: string): string[];
}

/** Dependency keys: `def:<kind>:<id>` (that definition's content) and `kind:<kind>` (the set of ids). */
export const defDep = (kind: string, id: string) => `def:${kind}:${id}`;
export const kindDep = (kind: string) => `kind:${kind}`;

// ---- node helpers ------------------------------------------------------------------------------

// yaml's type guards, read once: bundled, every call through the CommonJS namespace of `yaml`
// would go through a property getter, and the checks call these on every node.
export const isMap = Y.isMap, isSeq = Y.isSeq, isScalar = Y.isScalar, isAlias = Y.isAlias;
const QUOTED = new Set<string>([Y.Scalar.QUOTE_DOUBLE, Y.Scalar.QUOTE_SINGLE]);

export type N = Node | null | undefined;

export function resolve(doc: LeadspecDoc, n: unknown): N {
  let cur = n;
  for (let i = 0; i < 8 && isAlias(cur); i++) {
    try { cur = (cur as any).resolve(doc.yaml); } catch { return undefined; }
  }
  return cur as N;
}

/** The string key of a pair, or undefined for complex/empty keys. */
export function keyName(p: Pair<unknown, unknown>): string | undefined {
  const k = p.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) return String(k.value);
  return undefined;
}

export function scalarValue(n: N): unknown {
  return isScalar(n) ? n.value : undefined;
}

export function isNullish(n: N): boolean {
  return n == null || (isScalar(n) && n.value == null);
}

/** A short, readable rendering of a value for messages. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'object') { try { return JSON.stringify(v); } catch { return String(v); } }
  return String(v);
}

export function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

// ---- per-document context ----------------------------------------------------------------------

export interface ReportExtra { related?: RelatedInfo[]; fixes?: Fix[] }

export class DocContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly defs: SymbolOccurrence[] = [];
  readonly refs: SymbolOccurrence[] = [];
  /** Dependency keys this document's results were computed from. */
  readonly deps = new Set<string>();

  constructor(readonly doc: LeadspecDoc, private readonly index: IndexView) {}

  get file(): string { return this.doc.file.file; }

  // -- workspace queries, recorded as dependencies
  /** True when a definition this document looked up has a YAML syntax error (see checkDocument). */
  reliesOnBroken = false;

  lookupAll(kind: string, id: string): LeadspecDoc[] {
    this.deps.add(defDep(kind, id));
    const found = this.index.defs(kind, id);
    if (found.some(isBroken)) this.reliesOnBroken = true;
    return found;
  }
  lookup(kind: string, id: string): LeadspecDoc | undefined { return this.lookupAll(kind, id)[0]; }
  ids(kind: string): string[] {
    this.deps.add(kindDep(kind));
    return this.index.ids(kind);
  }

  // -- ranges
  range(n: N | Pair['key']): Range | undefined {
    const node = n as Node | undefined;
    if (!node || !node.range) return undefined;
    return rangeOfOffsets(this.doc.file, node.range[0], node.range[1]);
  }

  /** Range of `part` inside a scalar's text (e.g. `tier-1` in `mid-market/tier-1`). */
  subRange(n: N, from: number, length: number): Range | undefined {
    if (!isScalar(n) || !n.range) return this.range(n);
    const quoted = n.type !== undefined && QUOTED.has(n.type) ? 1 : 0;
    const start = n.range[0] + quoted + from;
    return rangeOfOffsets(this.doc.file, start, Math.min(start + length, n.range[1]));
  }

  // -- results
  /**
   * A pasted block repeats one mistake 100,000 times: the first ones of each code are described
   * in full and the rest only counted (bounded.ts), so the pipeline after the checks (ranges,
   * suppressions, sorting) never handles more than a few thousand of them.
   */
  private readonly overflow = new Overflow<Range>();

  report(code: string, at: Range | N, message: string, extra: ReportExtra = {}): void {
    const range = at && 'start' in (at as object) ? at as Range : this.range(at as N);
    if (!range) return; // a node without a position is synthetic: nothing to point at
    if (!this.overflow.take(code, range)) return;
    const info = codeInfo(code);
    const d: Diagnostic = { code, severity: info?.severity ?? 'error', message, range, file: this.file };
    if (extra.related?.length) d.related = extra.related;
    if (extra.fixes?.length) d.fixes = extra.fixes;
    this.diagnostics.push(d);
  }

  /** One LS006 summary per code that was only counted (capPerCode adds them to its count). */
  summaries(): Diagnostic[] {
    return this.overflow.summaries(this.file, (range) => ({ range }), (code) => codeInfo(code)?.severity ?? 'error');
  }

  define(key: string, kind: SymbolKind, name: string, at: Range | undefined): void {
    if (at) this.defs.push({ key, kind, name, file: this.file, range: at });
  }

  reference(key: string, kind: SymbolKind, name: string, at: Range | undefined): void {
    if (at) this.refs.push({ key, kind, name, file: this.file, range: at });
  }

  /** " — did you mean 'x'?" plus replace fixes for the candidates (the single one preferred). */
  suggestion(word: string, candidates: Iterable<string>, at: Range | undefined): { text: string; fixes: Fix[] } {
    const s = suggest(word, candidates, 2);
    if (s.length === 0 || !at) return { text: '', fixes: [] };
    return {
      text: ` — did you mean ${s.map((x) => `'${x}'`).join(' or ')}?`,
      fixes: s.map((x) => ({ title: `Change to '${x}'`, edits: [{ file: this.file, range: at, newText: x }], preferred: s.length === 1 })),
    };
  }
}
