// The shape of a file for the editor: folding ranges (every mapping, list or list item that spans
// lines, and runs of comment lines) and selection ranges (expand selection: scalar → key and
// value → the mapping → … → the definition), both read from the YAML nodes.
import { isMap, isSeq } from 'yaml';
import { FoldingRangeKind, type FoldingRange, type SelectionRange } from 'vscode-languageserver';
import { offsetAt, positionAt, rangeOfOffsets, type ParsedFile } from '../core/syntax/parse.js';
import type { Position, Range } from '../core/types.js';

const rangeOf = (n: unknown): [number, number] | undefined => {
  const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
};

/** Where a node's text really ends: its range minus trailing whitespace (block nodes end on the next line). */
function contentEnd(f: ParsedFile, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(f.text[e - 1])) e--;
  return e;
}

export function foldingRanges(f: ParsedFile): FoldingRange[] {
  const out: FoldingRange[] = [];
  const seen = new Set<number>();
  const add = (from: number, to: number) => {
    const a = positionAt(f, from).line, b = positionAt(f, contentEnd(f, to)).line;
    if (b > a && !seen.has(a)) { seen.add(a); out.push({ startLine: a, endLine: b }); }
  };
  const walk = (n: unknown, depth: number) => {
    if (depth > 64) return;
    if (isMap(n)) {
      for (const p of n.items) {
        const k = rangeOf(p.key), v = rangeOf(p.value);
        if (k && v) add(k[0], v[1]);
        walk(p.value, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const it of n.items) { const r = rangeOf(it); if (r) add(r[0], r[1]); walk(it, depth + 1); }
    }
  };
  for (const d of f.docs) walk(d.yaml.contents, 0);
  // Runs of two or more comment lines (the headers the samples open with).
  const lines = f.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim().startsWith('#')) continue;
    let j = i;
    while (j + 1 < lines.length && lines[j + 1].trim().startsWith('#')) j++;
    if (j > i) out.push({ startLine: i, endLine: j, kind: FoldingRangeKind.Comment });
    i = j;
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}

/** The chain of enclosing ranges at each position, innermost first (LSP selectionRange). */
export function selectionRanges(f: ParsedFile, positions: Position[]): SelectionRange[] {
  return positions.map((pos) => {
    const offset = offsetAt(f, pos);
    const chain: [number, number][] = [];
    const push = (r: [number, number] | undefined) => {
      if (!r) return;
      const e = contentEnd(f, r[1]);
      const last = chain[chain.length - 1];
      if (!last || last[0] !== r[0] || last[1] !== e) chain.push([r[0], Math.max(e, r[0])]);
    };
    const inside = (r: [number, number] | undefined) => !!r && r[0] <= offset && offset <= r[1];
    const doc = f.docs.find((d) => d.yaml.range && d.yaml.range[0] <= offset && offset <= d.yaml.range[2]);
    let cur: unknown = doc?.yaml.contents;
    if (doc?.yaml.range) push([doc.yaml.range[0], doc.yaml.range[1]]);
    for (let depth = 0; cur && depth < 64; depth++) {
      push(rangeOf(cur));
      if (isMap(cur)) {
        const p = cur.items.find((q) => inside(rangeOf(q.key)) || inside(rangeOf(q.value)));
        if (!p) break;
        const k = rangeOf(p.key), v = rangeOf(p.value);
        if (k) push([k[0], v ? v[1] : k[1]]);
        if (inside(k)) { push(k); break; }
        cur = p.value;
      } else if (isSeq(cur)) {
        cur = cur.items.find((it) => inside(rangeOf(it)));
      } else break;
    }
    let sel: SelectionRange | undefined;
    for (const r of chain) sel = { range: toRange(f, r), parent: sel };
    return sel ?? { range: { start: pos, end: pos } };
  });
}

function toRange(f: ParsedFile, r: [number, number]): Range { return rangeOfOffsets(f, r[0], r[1]); }


