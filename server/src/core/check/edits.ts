// Text edits for quick fixes that add or remove a key of a mapping, written the way the mapping
// is written: in a flow mapping `, key: value` inline; in a block mapping a line of its own at the
// same indentation (after any trailing comment of the line before).
import type { Pair } from 'yaml';
import type { TextEdit } from '../types.js';
import { rangeOfOffsets } from '../syntax/parse.js';
import type { DocContext } from './context.js';
import { isMap, type N } from './context.js';

const nodeRange = (n: unknown): [number, number] | undefined => {
  const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
};

/** Inserts `key: value` after `after` (a pair of `map`). */
export function addPairAfter(ctx: DocContext, map: N, after: Pair, text: string): TextEdit | undefined {
  const src = ctx.doc.file.text;
  const kr = nodeRange(after.key), vr = nodeRange(after.value) ?? kr;
  if (!isMap(map) || !kr || !vr) return undefined;
  if (map.flow) {
    const at = rangeOfOffsets(ctx.doc.file, vr[1], vr[1]);
    return { file: ctx.file, range: at, newText: `, ${text}` };
  }
  const lineStart = src.lastIndexOf('\n', kr[0] - 1) + 1;
  const indent = kr[0] - lineStart;
  let eol = src.indexOf('\n', vr[1] > 0 ? vr[1] - 1 : 0);
  if (eol < 0) eol = src.length;
  const at = rangeOfOffsets(ctx.doc.file, eol, eol);
  return { file: ctx.file, range: at, newText: `\n${' '.repeat(indent)}${text}` };
}

/** Removes `pair` from `map`: its text and the separator before (flow) or its whole lines (block). */
export function removePair(ctx: DocContext, map: N, pair: Pair): TextEdit | undefined {
  const src = ctx.doc.file.text;
  const kr = nodeRange(pair.key), vr = nodeRange(pair.value) ?? kr;
  if (!isMap(map) || !kr || !vr) return undefined;
  if (map.flow) {
    const i = map.items.indexOf(pair);
    let from = kr[0], to = vr[1];
    if (i > 0) { const prev = nodeRange(map.items[i - 1].value) ?? nodeRange(map.items[i - 1].key); if (prev) from = prev[1]; }
    else if (map.items.length > 1) { const next = nodeRange(map.items[1].key); if (next) to = next[0]; }
    return { file: ctx.file, range: rangeOfOffsets(ctx.doc.file, from, to), newText: '' };
  }
  const lineStart = src.lastIndexOf('\n', kr[0] - 1) + 1;
  let end = src.indexOf('\n', vr[1] > 0 ? vr[1] - 1 : 0);
  end = end < 0 ? src.length : end + 1;
  return { file: ctx.file, range: rangeOfOffsets(ctx.doc.file, lineStart, end), newText: '' };
}
