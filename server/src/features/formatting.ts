// Formatting that keeps the author's layout: it never re-emits the file. It fixes only what is
// unambiguous — the separators inside flow collections (`{a: 1,b: 2}` → `{ a: 1, b: 2 }`, the
// house style of SPEC.md; a list keeps its own choice of `[a]` or `[ a ]`), trailing whitespace
// and the final newline — as small edits. Indentation, line breaks, multi-line flow mappings,
// aligned columns (runs of spaces) and comments stay where the author put them.
// Safety: only files without YAML errors are formatted, and the result must parse to the same
// data as the input, or nothing is changed.
import { parseAllDocuments, isMap, isSeq, isScalar, isPair, Scalar, type Node } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { TextEdit } from 'vscode-languageserver';
import { looksLikeLeadspec } from '../core/syntax/parse.js';
import type { Range } from '../core/types.js';

export interface FormatOptions { tabSize: number }

interface Edit { from: number; to: number; text: string }

/** The edits that format `text` (within `range`, when given), or [] when there is nothing (safe) to change. */
export function formatText(text: string, _opts: FormatOptions = { tabSize: 2 }, range?: Range): TextEdit[] {
  if (!looksLikeLeadspec(text)) return [];
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return [];
  const edits: Edit[] = [];
  const blockScalarLines = new Set<number>();
  const lineOf = lineIndex(text);
  for (const d of docs) walk(d.contents, text, edits, blockScalarLines, lineOf, 0);
  trailingWhitespace(text, edits, blockScalarLines);
  // One final newline.
  const end = text.replace(/\s+$/, '').length;
  let chosen = edits;
  if (text.slice(end) !== '\n' && end > 0) chosen = [...edits.filter((e) => e.to <= end), { from: end, to: text.length, text: '\n' }];
  chosen.sort((a, b) => a.from - b.from);
  if (range) {
    const first = offsetOfLine(text, range.start.line), last = offsetOfLine(text, range.end.line + 1);
    chosen = chosen.filter((e) => e.from >= first && e.to <= last);
  }
  if (chosen.length === 0) return [];
  const out = apply(text, chosen);
  if (!sameData(text, out)) return []; // never change what the file means
  return chosen.map((e) => ({ range: { start: pos(text, e.from), end: pos(text, e.to) }, newText: e.text }));
}

const rangeOf = (n: unknown): [number, number] | undefined => {
  const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
};

function walk(n: unknown, text: string, edits: Edit[], blockLines: Set<number>, lineOf: (o: number) => number, depth: number): void {
  if (depth > 64 || !n) return;
  if (isScalar(n)) {
    if (n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED) {
      const r = rangeOf(n);
      if (r) for (let l = lineOf(r[0]); l <= lineOf(Math.max(r[0], r[1] - 1)); l++) blockLines.add(l);
    }
    return;
  }
  if (!isMap(n) && !isSeq(n)) return;
  const items = n.items as unknown[];
  if (n.flow) flowSeparators(n as Node, isMap(n), text, edits);
  for (const it of items) {
    if (isPair(it)) { walk(it.key, text, edits, blockLines, lineOf, depth + 1); walk(it.value, text, edits, blockLines, lineOf, depth + 1); }
    else walk(it, text, edits, blockLines, lineOf, depth + 1);
  }
}

/**
 * The gaps between the tokens of one flow collection: `{` → first item, key → value, item → `,`
 * → next item, last item → `}`. A gap holding a line break or a comment is the author's layout
 * and is left alone; so is a run of spaces (alignment). Only a missing or misplaced space is fixed.
 */
function flowSeparators(node: Node, isMapping: boolean, text: string, edits: Edit[]): void {
  const r = rangeOf(node);
  if (!r) return;
  const open = r[0], close = r[1] - 1;
  if (text[open] !== (isMapping ? '{' : '[') || text[close] !== (isMapping ? '}' : ']')) return;
  const parts: [number, number][] = []; // token ranges in order: key, value, key, value… or item, item…
  for (const it of (node as any).items as unknown[]) {
    if (isPair(it)) {
      const k = rangeOf(it.key), v = rangeOf(it.value);
      if (!k) return;
      parts.push(k);
      if (v) parts.push(v); else return; // `{ a }`, `{ a: }`: unusual, leave it
    } else { const x = rangeOf(it); if (!x) return; parts.push(x); }
  }
  if (parts.length === 0) return;
  const simple = (s: string) => !/[\n#]/.test(s);
  // `{ ` / `[` or `[ `: a map is padded; a list keeps the author's choice, mirrored at the end.
  const headGap = text.slice(open + 1, parts[0][0]);
  const tailGap = text.slice(parts[parts.length - 1][1], close);
  const padded = isMapping || /^ +$/.test(headGap);
  if (simple(headGap) && headGap.trim() === '') {
    if (padded && headGap === '') edits.push({ from: open + 1, to: parts[0][0], text: ' ' });
  }
  for (let i = 0; i + 1 < parts.length; i++) {
    const gapFrom = parts[i][1], gapTo = parts[i + 1][0];
    const gap = text.slice(gapFrom, gapTo);
    if (!simple(gap)) continue;
    const sep = isMapping && i % 2 === 0 ? ':' : ',';
    const m = new RegExp(`^( *)\\${sep}( *)$`).exec(gap);
    if (!m) continue;
    // no space before the separator; at least one after it (more is alignment: kept)
    const fixed = `${sep}${m[2] === '' ? ' ' : m[2]}`;
    if (fixed !== gap) edits.push({ from: gapFrom, to: gapTo, text: fixed });
  }
  if (simple(tailGap) && tailGap.trim() === '') {
    if (padded && tailGap === '') edits.push({ from: parts[parts.length - 1][1], to: close, text: ' ' });
    else if (!padded && tailGap !== '') edits.push({ from: parts[parts.length - 1][1], to: close, text: '' });
  }
}

/** Spaces and tabs at the end of lines (not inside block scalars, where they are content). */
function trailingWhitespace(text: string, edits: Edit[], blockLines: Set<number>): void {
  let start = 0;
  for (let line = 0; start <= text.length; line++) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const content = text.slice(start, nl).replace(/\r$/, '');
    const trimmed = content.replace(/[ \t]+$/, '');
    if (trimmed.length < content.length && !blockLines.has(line)) edits.push({ from: start + trimmed.length, to: start + content.length, text: '' });
    start = nl + 1;
  }
}

function apply(text: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) { if (e.from < at) continue; out += text.slice(at, e.from) + e.text; at = e.to; }
  return out + text.slice(at);
}

/** Both texts parse without errors to the same documents (values, not layout). */
function sameData(a: string, b: string): boolean {
  try {
    const da = parseAllDocuments(a), db = parseAllDocuments(b);
    if (!Array.isArray(da) || !Array.isArray(db) || da.length !== db.length) return false;
    if (db.some((d) => d.errors.length > 0)) return false;
    return da.every((d, i) => isDeepStrictEqual(d.toJS(), db[i].toJS()));
  } catch { return false; }
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (o) => { let lo = 0, hi = starts.length - 1; while (lo < hi) { const m = (lo + hi + 1) >> 1; if (starts[m] <= o) lo = m; else hi = m - 1; } return lo; };
}

function offsetOfLine(text: string, line: number): number {
  let o = 0;
  for (let l = 0; l < line; l++) { const nl = text.indexOf('\n', o); if (nl < 0) return text.length; o = nl + 1; }
  return o;
}

function pos(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
