// Incremental re-parse for the editor (DESIGN.md "Performance notes"): when an edit falls inside
// one block-level item (a `key: …` pair or a `- …` sequence item, spanning whole lines), only
// that item's lines are re-parsed; the new nodes are spliced into the previous document and the
// ranges after the edit are shifted. Anything doubtful (errors, aliases, changed keys or
// indentation, an item that could absorb the next line) falls back to a full parseFile, so the
// result always equals what parseFile would produce (test/unit/lsp-incremental.test.ts checks it).
import { parseDocument, isMap, isSeq, isScalar, isPair, LineCounter, type Node, type Pair, type Document } from 'yaml';
import { parseFile, rangeOfOffsets, type LeadspecDoc, type ParsedFile, type PathSegment } from '../core/syntax/parse.js';

export interface ReparseStats { incremental: number; full: number }
export const reparseStats: ReparseStats = { incremental: 0, full: 0 };

/** The parse of `newText`, reusing `old` (the parse of the previous text of the same file). */
export function reparse(old: ParsedFile | undefined, newText: string): ParsedFile {
  if (old && old.text === newText) return old;
  const f = old ? tryIncremental(old, newText) : undefined;
  if (f) { reparseStats.incremental++; return f; }
  reparseStats.full++;
  return parseFile(old?.file ?? '', newText);
}

/** Like reparse, for a file name (used when there is no previous parse). */
export function reparseFile(file: string, old: ParsedFile | undefined, newText: string): ParsedFile {
  if (old && old.file === file) return reparse(old, newText);
  reparseStats.full++;
  return parseFile(file, newText);
}

interface Unit {
  doc: LeadspecDoc;
  parent: { items: unknown[] };
  index: number;
  kind: 'pair' | 'item';
  node: Pair<Node, Node | null> | Node;
  /** JSON path of the pair's value / the item, from the document root. */
  path: PathSegment[];
  regionStart: number;
  regionEnd: number;
  indent: number;
  key?: string;
}

function tryIncremental(old: ParsedFile, text: string): ParsedFile | undefined {
  if (old.diagnostics.length > 0) return undefined;
  const a = old.text;
  const n = Math.min(a.length, text.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = a.length - s;
  const delta = text.length - a.length;

  const doc = old.docs.find((d) => d.yaml.contents?.range && d.yaml.contents.range[0] <= p && oldEnd <= d.yaml.contents.range[1]);
  if (!doc || doc.yaml.errors.length || doc.yaml.warnings.length) return undefined;
  if (/[&*!]/.test(a.slice(doc.yaml.contents!.range[0], doc.yaml.contents!.range[2]))) return undefined; // anchors, aliases, tags
  const unit = findUnit(doc, a, p, oldEnd);
  if (!unit) return undefined;
  if (unit.path.length === 1 && (unit.key === 'leadspec')) return undefined;

  // With its line's newline, if any: node ends then match a full parse's.
  const snippetEnd = unit.regionEnd + delta + (text.charCodeAt(unit.regionEnd + delta) === 10 ? 1 : 0);
  const snippet = text.slice(unit.regionStart, snippetEnd);
  if (!snippetIsSafe(snippet, unit.indent)) return undefined;
  const sdoc = parseDocument(snippet, { uniqueKeys: true, keepSourceTokens: false });
  if (sdoc.errors.length || sdoc.warnings.length) return undefined;
  const c = sdoc.contents;
  let fresh: Pair<Node, Node | null> | Node;
  let freshValue: unknown;
  if (unit.kind === 'pair') {
    if (!isMap(c) || c.flow || c.items.length !== 1) return undefined;
    const pair = c.items[0] as Pair<Node, Node | null>;
    if (!isScalar(pair.key) || String(pair.key.value) !== unit.key || !pair.value) return undefined;
    fresh = pair;
    const js = sdoc.toJS() as Record<string, unknown>;
    freshValue = js[unit.key!];
  } else {
    if (!isSeq(c) || c.flow || c.items.length !== 1 || c.items[0] === null || c.items[0] === undefined) return undefined;
    fresh = c.items[0] as Node;
    freshValue = (sdoc.toJS() as unknown[])[0];
  }
  const oldSpan = spanOf(unit.node);
  const newSpanLocal = spanOf(fresh);
  if (!oldSpan || !newSpanLocal) return undefined;
  if (newSpanLocal[0] !== oldSpan[0] - unit.regionStart) return undefined; // the item moved on its line

  // Shift everything after the region, in every document of the file; then splice the new nodes.
  const oldUnitEnd = oldSpan[1];
  const newUnitEnd = newSpanLocal[1] + unit.regionStart;
  const map = (x: number) => x <= oldSpan[0] ? x : x >= unit.regionEnd ? x + delta : x <= oldUnitEnd ? newUnitEnd : Math.min(x + delta, unit.regionEnd + delta);
  for (const d of old.docs) shiftDocument(d.yaml, map, unit.node, oldSpan[0]);
  shiftTree(fresh, (x) => x + unit.regionStart);
  unit.parent.items[unit.index] = fresh;

  const lineCounter = shiftedLines(old.lineCounter.lineStarts, text, p, oldEnd, delta);
  const out: ParsedFile = { file: old.file, text, lineCounter, docs: [], diagnostics: [] };
  for (const d of old.docs) {
    const [start, , end] = d.yaml.range ?? [0, 0, text.length];
    const nd: LeadspecDoc = { ...d, file: out, range: rangeOfOffsets(out, start, end) };
    if (d === doc) {
      nd.value = setIn(d.value, unit.path, freshValue);
      const v = nd.value;
      nd.kind = v && typeof v.kind === 'string' ? v.kind : undefined;
      nd.id = v && typeof v.id === 'string' ? v.id : undefined;
    }
    out.docs.push(nd);
  }
  return out;
}

/** The deepest block-level pair or item whose whole lines contain [p, end). */
function findUnit(doc: LeadspecDoc, text: string, p: number, end: number): Unit | undefined {
  let best: Unit | undefined;
  const visit = (node: unknown, path: PathSegment[]) => {
    if (isMap(node) && !node.flow) {
      node.items.forEach((pair, index) => {
        if (!isScalar(pair.key) || !pair.key.range) return;
        const key = String(pair.key.value);
        const u = makeUnit(doc, text, node, index, 'pair', pair as Pair<Node, Node | null>, [...path, key], p, end, key);
        if (u) { best = u; visit(pair.value, u.path); }
      });
    } else if (isSeq(node) && !node.flow) {
      node.items.forEach((item, index) => {
        if (!item || !(item as Node).range) return;
        const u = makeUnit(doc, text, node, index, 'item', item as Node, [...path, index], p, end);
        if (u) { best = u; visit(item, u.path); }
      });
    }
  };
  visit(doc.yaml.contents, []);
  return best;
}

function makeUnit(doc: LeadspecDoc, text: string, parent: { items: unknown[] }, index: number, kind: 'pair' | 'item',
  node: Pair<Node, Node | null> | Node, path: PathSegment[], p: number, end: number, key?: string): Unit | undefined {
  const span = spanOf(node);
  if (!span) return undefined;
  const regionStart = text.lastIndexOf('\n', span[0] - 1) + 1;
  let regionEnd = text.indexOf('\n', Math.max(span[1] - 1, span[0]));
  if (regionEnd < 0) regionEnd = text.length;
  if (p < regionStart || end > regionEnd) return undefined;
  const prefix = text.slice(regionStart, span[0]);
  if (kind === 'pair' ? !/^ *$/.test(prefix) : !/^ *- +$/.test(prefix)) return undefined;
  const indent = prefix.length - prefix.trimStart().length;
  return { doc, parent, index, kind, node, path, regionStart, regionEnd, indent, key };
}

/** Start and value end of a pair (key start → value end) or a node. */
function spanOf(n: Pair<Node, Node | null> | Node): [number, number] | undefined {
  if (isPair(n)) {
    const k = (n.key as Node | null)?.range;
    const v = (n.value as Node | null)?.range;
    if (!k) return undefined;
    return [k[0], v ? v[1] : k[1]];
  }
  const r = (n as Node).range;
  return r ? [r[0], r[1]] : undefined;
}

/** Refuses snippets whose new text could change how the lines after them parse. */
function snippetIsSafe(snippet: string, indent: number): boolean {
  const lines = snippet.split('\n');
  const first = lines[0];
  if (first.length - first.trimStart().length !== indent) return false;
  let last = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const t = l.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (i > 0 && l.length - l.trimStart().length <= indent) return false;
    if (/^(---|\.\.\.)/.test(l)) return false;
    last = t;
  }
  const code = last.replace(/\s+#.*$/, '');
  return !/(:|-|[|>][-+0-9]*|,|\[|\{)$/.test(code) && !/\t/.test(snippet);
}

function shiftDocument(d: Document.Parsed, map: (x: number) => number, skip: unknown, before: number): void {
  if (d.range) { const r = d.range; r[0] = map(r[0]); r[1] = map(r[1]); r[2] = map(r[2]); }
  shiftTree(d.contents, map, skip, before);
}

/** The line starts of the new text: unchanged before the edit, shifted after it. */
function shiftedLines(starts: number[], text: string, p: number, oldEnd: number, delta: number): LineCounter {
  const lc = new LineCounter();
  let i = 0;
  while (i < starts.length && starts[i] <= p) lc.addNewLine(starts[i++]);
  for (let k = text.indexOf('\n', p); k >= 0 && k < oldEnd + delta; k = text.indexOf('\n', k + 1)) lc.addNewLine(k + 1);
  while (i < starts.length && starts[i] <= oldEnd) i++;
  for (; i < starts.length; i++) lc.addNewLine(starts[i] + delta);
  return lc;
}

function shiftTree(node: unknown, map: (x: number) => number, skip?: unknown, before = -1): void {
  // Hot path (every node after the edit): plain property checks, ranges updated in place.
  const n = node as { range?: [number, number, number]; items?: unknown[]; key?: unknown; value?: unknown } | null;
  if (!n || n === skip) return;
  const r = n.range;
  if (r) {
    if (r[2] <= before) return; // wholly before the edit: nothing in it moves
    r[0] = map(r[0]); r[1] = map(r[1]); r[2] = map(r[2]);
    // A scalar of the fast parser keeps its range as numbers and `range` hands out a copy: store it back.
    n.range = r;
  } else if ('key' in n && 'value' in n) { // a Pair (no range of its own)
    shiftTree(n.key, map, skip, before);
    shiftTree(n.value, map, skip, before);
    return;
  }
  const items = n.items;
  if (items) for (let i = 0; i < items.length; i++) shiftTree(items[i], map, skip, before);
}

/** Copy-on-write update of a plain value at a path (untouched branches are shared). */
function setIn(root: any, path: PathSegment[], value: unknown): any {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = Array.isArray(root) ? [...root] : { ...(root ?? {}) };
  (copy as any)[head] = setIn(root?.[head as any], rest, value);
  return copy;
}
