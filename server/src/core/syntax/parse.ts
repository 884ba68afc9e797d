// Parses YAML text into leadspec documents, keeping the source range of every node.
// Syntax errors, duplicate keys, tabs and alias bombs become diagnostics; YAML documents that
// do not start with `leadspec:` are left alone (no diagnostics, not part of the model).
import {
  parseAllDocuments, LineCounter, isMap, isSeq, isScalar, isPair, isAlias, visit,
  type Document, type Node, type Pair, type YAMLError,
} from 'yaml';
import type { Diagnostic, Position, Range } from '../types.js';
import { fastParse } from './fastyaml.js';
import { Overflow } from '../check/bounded.js';

/** Upper bound on alias expansion: a YAML "billion laughs" becomes LS003, not a hang. */
export const MAX_ALIAS_COUNT = 100;
/** Upper bound on anchors plus aliases in one document (their resolution is not linear). */
export const MAX_ANCHORS = 1000;

export type PathSegment = string | number;

export interface LeadspecDoc {
  file: ParsedFile;
  /** Index of this document among the YAML documents of the file (0-based, counting all). */
  index: number;
  yaml: Document.Parsed;
  /** Plain JavaScript value of the document (undefined when it could not be converted). */
  value: any;
  kind?: string;
  id?: string;
  /** Range of the whole document. */
  range: Range;
}

export interface ParsedFile {
  /** Path or URI, as given. Diagnostics carry it verbatim. */
  file: string;
  text: string;
  lineCounter: LineCounter;
  docs: LeadspecDoc[];
  /** Parse-level diagnostics (syntax, duplicate keys, tabs, aliases) of leadspec documents. */
  diagnostics: Diagnostic[];
}

const LEADSPEC_START = /^(?:\s*#[^\n]*\n|\s*\n|---[^\n]*\n|%[^\n]*\n)*\s*["']?leadspec["']?\s*:/;

/** True when the text looks like it holds at least one leadspec document (cheap pre-check). */
export function looksLikeLeadspec(text: string): boolean {
  return /^\s*["']?leadspec["']?\s*:/m.test(text);
}

export function parseFile(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const out: ParsedFile = { file, text, lineCounter, docs: [], diagnostics: [] };
  // Fast path for the plain YAML subset leadspec files use (same nodes, ranges, values and errors);
  // undefined for anything else, which the yaml library parses (core/syntax/fastyaml.ts).
  const fast = fastParse(text, lineCounter, { logLevel: 'error' });
  const docs = fast ? fast.docs : parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'error' });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  list.forEach((yamlDoc, index) => {
    const [start, , end] = yamlDoc.range ?? [0, 0, text.length];
    const source = text.slice(start, end);
    if (!isLeadspecDoc(yamlDoc, source)) return;
    const doc: LeadspecDoc = { file: out, index, yaml: yamlDoc, value: undefined, range: rangeOfOffsets(out, start, end) };
    const keysAt = keyIndex(yamlDoc);
    // 100,000 repeated keys: the first ones in full, the rest counted (capPerCode shows 100).
    const overflow = new Overflow<YAMLError>();
    // One root cause, one diagnostic: after the first syntax error (a tab, a wrong indentation,
    // an unclosed bracket) the parser's later errors in the document (more syntax errors,
    // "duplicate" keys of a misread structure) are its consequences.
    let syntax = false;
    const errors = [...yamlDoc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
    for (const list of [errors, yamlDoc.warnings]) {
      for (const e of list) {
        if (list === errors) {
          if (syntax) continue;
          if (e.code !== 'DUPLICATE_KEY') syntax = true;
        }
        if (overflow.take(e.code, e)) out.diagnostics.push(yamlErrorToDiagnostic(out, e, keysAt));
      }
    }
    for (const s of overflow.summaries(file, (e) => yamlErrorToDiagnostic(out, e, keysAt))) out.diagnostics.push(s);
    const tooMany = fast ? undefined : tooManyAnchors(yamlDoc);
    if (tooMany) {
      out.diagnostics.push({ file, code: 'LS003', severity: 'error', range: rangeOfNode(out, tooMany) ?? doc.range,
        message: `this document has more than ${MAX_ANCHORS} anchors and aliases; write the values out instead of sharing them with aliases` });
      out.docs.push(doc);
      return;
    }
    try {
      doc.value = fast ? fast.values[index] : yamlDoc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/alias/i.test(msg)) {
        const alias = findFirstAlias(yamlDoc.contents);
        const r = alias?.range ? rangeOfOffsets(out, alias.range[0], alias.range[1]) : doc.range;
        out.diagnostics.push({ file, code: 'LS003', severity: 'error', range: r,
          message: `aliases expand to more than ${MAX_ALIAS_COUNT} nodes; write the values out instead of nesting aliases` });
      } else {
        out.diagnostics.push({ file, code: 'LS001', severity: 'error', range: doc.range, message: `cannot read this document: ${msg}` });
      }
    }
    const v = doc.value;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (typeof v.kind === 'string') doc.kind = v.kind;
      if (typeof v.id === 'string') doc.id = v.id;
      if (v.leadspec !== 'v1') {
        const r = valueRange(doc, ['leadspec']) ?? doc.range;
        out.diagnostics.push({ file, code: 'LS005', severity: 'error', range: r,
          message: `unsupported format version '${String(v.leadspec)}'; only 'v1' exists — write \`leadspec: v1\`` });
      }
    }
    out.docs.push(doc);
  });
  return out;
}

/** Codes of parse problems after which a document's value is unreliable (partial, or empty). */
export const BROKEN_CODES: ReadonlySet<string> = new Set(['LS001', 'LS003', 'LS004']);
const brokenCache = new WeakMap<LeadspecDoc, boolean>();

/**
 * True when the document has a YAML syntax error (or an alias bomb): its value is what the parser
 * could salvage, so checks elsewhere must not judge references into it (one root cause, one
 * diagnostic — a tab in the catalog is one error, not "unknown field" in every other file).
 */
export function isBroken(doc: LeadspecDoc): boolean {
  let b = brokenCache.get(doc);
  if (b === undefined) {
    const { start, end } = doc.range;
    b = doc.file.diagnostics.some((d) => {
      if (!BROKEN_CODES.has(d.code) || d.severity !== 'error') return false;
      const l = d.range.start.line, c = d.range.start.character;
      return (l > start.line || (l === start.line && c >= start.character)) && (l < end.line || (l === end.line && c <= end.character));
    });
    brokenCache.set(doc, b);
  }
  return b;
}

function isLeadspecDoc(doc: Document.Parsed, source: string): boolean {
  const c = doc.contents;
  if (isMap(c) && c.items.length > 0) {
    const k = c.items[0].key;
    return isScalar(k) && k.value === 'leadspec';
  }
  // A broken document may still be meant as leadspec: judge by its first key in the text.
  return LEADSPEC_START.test(source);
}

function findFirstAlias(node: unknown): Node | undefined {
  if (isAlias(node)) return node as Node;
  if (isMap(node) || isSeq(node)) {
    for (const it of node.items as unknown[]) {
      if (isPair(it)) {
        const a = findFirstAlias(it.key) ?? findFirstAlias(it.value);
        if (a) return a;
      } else {
        const a = findFirstAlias(it);
        if (a) return a;
      }
    }
  }
  return undefined;
}

/**
 * The yaml library resolves each alias by scanning every anchor and alias before it, which is
 * quadratic; a definition never needs many. Returns the first anchor or alias beyond the limit.
 */
function tooManyAnchors(doc: Document.Parsed): Node | undefined {
  let count = 0, aliases = 0;
  let over: Node | undefined;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) aliases++;
      else if (!(node as any).anchor) return undefined;
      if (++count > MAX_ANCHORS && !over) over = node;
      return undefined;
    },
  });
  return aliases > 0 ? over : undefined;
}

/** The key nodes of a document by start offset (built once: errors look their key up). */
function keyIndex(doc: Document.Parsed): (offset: number) => Node | undefined {
  let index: Map<number, Node> | undefined;
  return (offset) => {
    const found = keyAt(doc.contents, offset);
    if (found !== null) return found;
    index ??= keysByOffset(doc.contents);
    return index.get(offset);
  };
}

/**
 * The mapping key starting at `offset`, found by binary search down the tree (items are in text
 * order): a file of a million repeated keys needs only its first few looked up, not an index of
 * all of them. null when the tree holds something the search does not handle (a key without a
 * position, a key that is itself a collection): the caller then builds the index.
 */
function keyAt(root: unknown, offset: number): Node | undefined | null {
  let n = root;
  for (let depth = 0; depth < 1000; depth++) {
    if (!isMap(n) && !isSeq(n)) return undefined;
    const items = n.items as unknown[];
    const startOf = (item: unknown): number | undefined =>
      isPair(item) ? (item.key as Node | null)?.range?.[0] : (item as Node | null)?.range?.[0];
    let lo = 0, hi = items.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const st = startOf(items[mid]);
      if (st === undefined) return null;
      if (st <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (at < 0) return undefined;
    const item = items[at];
    if (isPair(item)) {
      const k = item.key as Node;
      if (!isScalar(k)) return null;
      if (k.range![0] === offset) return k;
      n = item.value;
    } else n = item;
  }
  return null;
}

/**
 * Every mapping key under `root` by its start offset (the first, for keys that share one). A
 * plain loop over the items: yaml's `visit` costs a few microseconds a node, which was most of
 * the time spent reading a file of a million repeated keys.
 */
function keysByOffset(root: unknown): Map<number, Node> {
  const m = new Map<number, Node>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      const k = n.key as Node | null;
      if (k?.range && !m.has(k.range[0])) m.set(k.range[0], k);
      stack.push(n.value, n.key);
    } else if (isMap(n) || isSeq(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    }
  }
  return m;
}

function yamlErrorToDiagnostic(f: ParsedFile, e: YAMLError, keysAt: (offset: number) => Node | undefined): Diagnostic {
  const [s, en] = e.pos;
  let range = rangeOfOffsets(f, s, Math.max(en, s));
  let code = 'LS001';
  let message = e.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      code = 'LS002';
      const keyNode = keysAt(s);
      if (keyNode?.range) range = rangeOfOffsets(f, keyNode.range[0], keyNode.range[1]);
      const key = isScalar(keyNode) ? String(keyNode.value) : f.text.slice(s, en).trim() || 'key';
      message = `duplicate key '${key}'; YAML keeps only one of them — remove or rename one`;
      break;
    }
    case 'TAB_AS_INDENT':
      code = 'LS004';
      message = 'tabs are not allowed for indentation in YAML; indent with spaces';
      break;
    default:
      if (/tab/i.test(message) && /indent/i.test(message)) { code = 'LS004'; message = 'tabs are not allowed for indentation in YAML; indent with spaces'; }
      else message = `YAML syntax: ${lowerFirst(message)}`;
  }
  if (range.start.line === range.end.line && range.start.character === range.end.character) {
    range = { start: range.start, end: { line: range.end.line, character: range.end.character + 1 } };
  }
  return { file: f.file, code, severity: e.name === 'YAMLWarning' ? 'warning' : 'error', range, message };
}

const lowerFirst = (s: string) => (s ? s[0].toLowerCase() + s.slice(1) : s);

// ---- positions -------------------------------------------------------------------------------

export function positionAt(f: ParsedFile, offset: number): Position {
  const p = f.lineCounter.linePos(Math.max(0, Math.min(offset, f.text.length)));
  return { line: p.line - 1, character: p.col - 1 };
}

export function offsetAt(f: ParsedFile, pos: Position): number {
  const starts = f.lineCounter.lineStarts;
  if (pos.line < 0) return 0;
  if (pos.line >= starts.length) return f.text.length;
  return Math.min(starts[pos.line] + pos.character, pos.line + 1 < starts.length ? starts[pos.line + 1] : f.text.length);
}

export function rangeOfOffsets(f: ParsedFile, start: number, end: number): Range {
  return { start: positionAt(f, start), end: positionAt(f, end) };
}

/** Range of a node's value (without trailing comments/space). */
export function rangeOfNode(f: ParsedFile, node: Node | null | undefined): Range | undefined {
  if (!node || !node.range) return undefined;
  return rangeOfOffsets(f, node.range[0], node.range[1]);
}

// ---- navigation by path ----------------------------------------------------------------------

export interface PathHit { pair?: Pair<Node, Node | null>; key?: Node; value?: Node | null }

/** Finds the YAML nodes at a JSON path, e.g. ['fit', 'rules', 2, 'points']. */
export function nodeAtPath(doc: LeadspecDoc, path: readonly PathSegment[]): PathHit | undefined {
  let cur: unknown = doc.yaml.contents;
  let hit: PathHit = { value: cur as Node };
  for (const seg of path) {
    if (isAlias(cur)) cur = (cur as any).resolve(doc.yaml);
    if (isMap(cur)) {
      const pair = pairOf(cur, String(seg));
      if (!pair) return undefined;
      hit = { pair, key: pair.key as Node, value: pair.value as Node | null };
      cur = pair.value;
    } else if (isSeq(cur) && typeof seg === 'number') {
      const item = cur.items[seg] as Node | undefined;
      if (item === undefined) return undefined;
      hit = { value: item };
      cur = item;
    } else {
      return undefined;
    }
  }
  return hit;
}

/** Pairs of large mappings by key (the first of duplicates), so path lookups stay linear overall. */
const pairIndex = new WeakMap<object, { size: number; byKey: Map<string, Pair<Node, Node | null>> }>();
/** How many items lookups have scanned in a mapping that has no index yet. */
const scanned = new WeakMap<object, number>();

function pairOf(map: { items: Pair<unknown, unknown>[] }, key: string): Pair<Node, Node | null> | undefined {
  const items = map.items as Pair<Node, Node | null>[];
  if (items.length < 16) return items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  let ix = pairIndex.get(map);
  if (!ix || ix.size !== items.length) {
    // Scan until the scans have cost as much as the index would: the keys looked up in a mapping
    // of a million (those a capped list of diagnostics points at) are its first ones.
    const spent = !ix ? scanned.get(map) ?? 0 : Infinity;
    if (spent < items.length) {
      for (let i = 0; i < items.length; i++) {
        const p = items[i];
        if (isScalar(p.key) && String(p.key.value) === key) { scanned.set(map, spent + i + 1); return p; }
      }
      scanned.set(map, spent + items.length);
      return undefined;
    }
    const byKey = new Map<string, Pair<Node, Node | null>>();
    for (const p of items) {
      if (!isScalar(p.key)) continue;
      const k = String(p.key.value);
      if (!byKey.has(k)) byKey.set(k, p);
    }
    ix = { size: items.length, byKey };
    pairIndex.set(map, ix);
  }
  return ix.byKey.get(key);
}

/** Range of the value at a path (falls back to the key when the value is empty). */
export function valueRange(doc: LeadspecDoc, path: readonly PathSegment[]): Range | undefined {
  const hit = nodeAtPath(doc, path);
  if (!hit) return undefined;
  return rangeOfNode(doc.file, hit.value ?? undefined) ?? rangeOfNode(doc.file, hit.key);
}

/** Range of the key at a path (for sequence items: the item itself). */
export function keyRange(doc: LeadspecDoc, path: readonly PathSegment[]): Range | undefined {
  const hit = nodeAtPath(doc, path);
  if (!hit) return undefined;
  return rangeOfNode(doc.file, hit.key) ?? rangeOfNode(doc.file, hit.value ?? undefined);
}

/** The deepest path whose node contains the offset, with whether the offset is on a key. */
export function pathAtOffset(doc: LeadspecDoc, offset: number): { path: PathSegment[]; onKey: boolean; node?: Node } {
  const path: PathSegment[] = [];
  let cur: unknown = doc.yaml.contents;
  let onKey = false;
  let node: Node | undefined = cur as Node;
  const inside = (n: any) => n && n.range && offset >= n.range[0] && offset <= n.range[1];
  for (;;) {
    if (isMap(cur)) {
      // A key wins over the previous pair's value, whose range may end where the key starts.
      const pair = cur.items.find((p: any) => inside(p.key)) ?? cur.items.find((p: any) => inside(p.value));
      if (!pair) break;
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      path.push(k);
      if (inside(pair.key)) { onKey = true; node = pair.key as Node; break; }
      cur = pair.value; node = pair.value as Node;
    } else if (isSeq(cur)) {
      const i = cur.items.findIndex((n: any) => inside(n));
      if (i < 0) break;
      path.push(i);
      cur = cur.items[i]; node = cur as Node;
    } else break;
  }
  return { path, onKey, node };
}
