// Where the cursor is, in leadspec terms: the JSON path of the mapping whose key is being typed,
// or of the value being typed, even in half-typed text. The word under the cursor is replaced by
// a placeholder key/value and the text is parsed again (yaml is error-tolerant), so the path
// comes from the parser, not from guessing at indentation.
import { parseFile, pathAtOffset, type LeadspecDoc, type PathSegment } from '../core/syntax/parse.js';
import type { Range } from '../core/types.js';

export const PLACEHOLDER = '__leadspec_cursor__';

export interface CursorContext {
  /** The document re-parsed with the placeholder (its value drives schema questions). */
  doc: LeadspecDoc;
  kind?: string;
  /** 'key': a key of the mapping at `path` is typed; 'value': the value at `path` is typed. */
  position: 'key' | 'value';
  path: PathSegment[];
  /** The word under the cursor (what completion replaces) and its range. */
  word: string;
  prefix: string;
  range: Range;
  /** The line before the word holds only indentation (block key) — snippets may start with `- `. */
  lineEmptyBefore: boolean;
  /** The line before the word is `- ` (a new sequence item). */
  afterDash: boolean;
  inFlow: boolean;
  /** The key typed is already followed by `:` (completing an existing key: insert the name only). */
  colonAfter: boolean;
  /** On an empty line aligned with the `- ` items of a list: the path of that list. */
  newItemOf?: PathSegment[];
}

const WORD = /[A-Za-z0-9_\-./@+]/;

export function cursorContext(file: string, text: string, offset: number): CursorContext | undefined {
  offset = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  let ws = offset;
  while (ws > lineStart && WORD.test(text[ws - 1])) ws--;
  let we = offset;
  while (we < lineEnd && WORD.test(text[we])) we++;
  const before = text.slice(lineStart, ws);
  const after = text.slice(we, lineEnd);
  const inFlow = flowDepth(before) > 0;

  let position: 'key' | 'value';
  if (inFlow) {
    const last = lastStructural(before);
    position = last === ':' || last === '[' || (last === ',' && innermostFlow(before) === '[') ? 'value' : 'key';
  } else if (/^\s*(-\s+)*$/.test(before)) position = 'key';
  else if (/:\s*$/.test(before) || /^\s*-\s*$/.test(before)) position = 'value';
  else return undefined; // inside a scalar, a comment…
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined;

  let insert = PLACEHOLDER;
  if (position === 'key' && !inFlow && !/^\s*:/.test(after)) insert += ':';
  const patched = text.slice(0, ws) + insert + text.slice(we);
  const parsed = parseFile(file, patched);
  const doc = parsed.docs.find((d) => offsetIn(d, ws));
  if (!doc) return undefined;
  const at = pathAtOffset(doc, ws + 1);
  let path = at.path;
  if (position === 'key') {
    if (path[path.length - 1] !== PLACEHOLDER) {
      // The placeholder parsed as a value (e.g. an item of a list of scalars): complete values.
      position = 'value';
    } else path = path.slice(0, -1);
  }
  let newItemOf: PathSegment[] | undefined;
  if (position === 'key' && /^\s*$/.test(before)) {
    // An empty line aligned with the `- ` items of a list (the next line, or the nearest line
    // above that is not more indented): a new item of that list.
    const indent = before.length;
    const lines = text.split('\n');
    const cur = text.slice(0, lineStart).split('\n').length - 1;
    const isItem = (l: string | undefined) => l !== undefined && new RegExp(`^ {${indent}}-\\s`).test(l);
    let target = -1;
    for (let i = cur - 1; i >= 0; i--) {
      const l = lines[i];
      if (l.trim() === '' || l.trim().startsWith('#')) continue;
      if (l.length - l.trimStart().length > indent) continue;
      if (isItem(l)) target = i;
      break;
    }
    const next = lines.slice(cur + 1).findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    // The first item of a list (the line below): read its path from the text as it is.
    const below = target < 0 && next >= 0 && isItem(lines[cur + 1 + next]) ? cur + 1 + next : -1;
    const src = below >= 0 ? parseFile(file, text).docs.find((d) => offsetIn(d, lineStart)) : doc;
    const row = below >= 0 ? below : target;
    if (row >= 0 && src) {
      const lineOffset = lines.slice(0, row).reduce((n, l) => n + l.length + 1, 0);
      const item = pathAtOffset(src, lineOffset + indent + 2).path;
      const i = item.length - 1 - [...item].reverse().findIndex((seg) => typeof seg === 'number');
      if (i < item.length) newItemOf = item.slice(0, i);
    }
  }
  const pos = (o: number) => { const ls = text.lastIndexOf('\n', o - 1) + 1; return { line: countLines(text, ls), character: o - ls }; };
  return {
    doc, kind: typeof doc.value?.kind === 'string' ? doc.value.kind : undefined, position, path,
    word: text.slice(ws, we), prefix: text.slice(ws, offset),
    range: { start: pos(ws), end: pos(we) },
    lineEmptyBefore: /^\s*$/.test(before), afterDash: /^\s*-\s+$/.test(before), inFlow, newItemOf, colonAfter: /^\s*:/.test(after),
  };
}

function offsetIn(d: LeadspecDoc, offset: number): boolean {
  const r = d.yaml.range;
  return !!r && r[0] <= offset && offset <= r[2];
}

/** Net number of open flow brackets in a line prefix (quotes skipped). */
function flowDepth(s: string): number {
  let depth = 0;
  for (const ch of stripQuoted(s)) { if (ch === '{' || ch === '[') depth++; else if (ch === '}' || ch === ']') depth--; }
  return depth;
}

function innermostFlow(s: string): '{' | '[' | undefined {
  const stack: string[] = [];
  for (const ch of stripQuoted(s)) { if (ch === '{' || ch === '[') stack.push(ch); else if ((ch === '}' || ch === ']') && stack.length) stack.pop(); }
  return stack[stack.length - 1] as '{' | '[' | undefined;
}

function lastStructural(s: string): string | undefined {
  const t = stripQuoted(s).trimEnd();
  for (let i = t.length - 1; i >= 0; i--) if ('{}[],:'.includes(t[i])) return t[i];
  return undefined;
}

const stripQuoted = (s: string) => s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""');

function countLines(text: string, upTo: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < upTo; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
