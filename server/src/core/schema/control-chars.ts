// LS020: a control character in any string a definition holds (keys included), reported at the
// character itself — the raw byte, or the escape (`\0`, `\x01`, `\u0000`, `\e`, `\r`, …) of a
// double-quoted scalar that produces it. Which characters: core/check/unsafe-text.ts. Linear in the
// size of the document (an explicit stack, no recursion) and bounded in output.
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import { rangeOfOffsets, type LeadspecDoc } from '../syntax/parse.js';
import type { Diagnostic } from '../types.js';
import { describeCode, isUnsafeCode, unsafeCharIndex } from '../check/unsafe-text.js';

/** At most this many LS020 per document; the last one says how many more there are. */
export const MAX_CONTROL_DIAGNOSTICS = 50;

const SIMPLE_ESCAPES: Record<string, number> = { '0': 0, a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, e: 0x1b };
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Offsets [start, end) in `src` of each unsafe character of a scalar's source text. */
function unsafeSpans(src: string, doubleQuoted: boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (doubleQuoted && c === 92 /* \ */) {
      const e = src[i + 1];
      if (e === undefined) break;
      if (e in SIMPLE_ESCAPES) {
        if (isUnsafeCode(SIMPLE_ESCAPES[e])) out.push([i, i + 2]);
      } else if (e in HEX_LEN) {
        const n = HEX_LEN[e];
        const code = parseInt(src.slice(i + 2, i + 2 + n), 16);
        let end = i + 2 + n;
        // A surrogate pair written as two escapes is one character.
        if (code >= 0xd800 && code <= 0xdbff && src.slice(end, end + 2) === '\\u') {
          const low = parseInt(src.slice(end + 2, end + 6), 16);
          if (low >= 0xdc00 && low <= 0xdfff) { i = end + 5; continue; }
        }
        if (Number.isFinite(code) && isUnsafeCode(code)) out.push([i, end]);
        i = end - 1;
        continue;
      }
      i++; // any other escape (`\\`, `\"`, `\ `, `\N`, a line break) is one unit
      continue;
    }
    if (isUnsafeCode(c)) {
      if (c >= 0xd800 && c <= 0xdbff && (src.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { i++; continue; }
      if (c === 13 && !doubleQuoted) continue; // a raw CR is a line break in YAML, not text
      out.push([i, i + 1]);
    }
  }
  return out;
}

function codeAt(src: string, span: [number, number], doubleQuoted: boolean): number {
  const t = src.slice(span[0], span[1]);
  if (doubleQuoted && t[0] === '\\' && t.length > 1) return t[1] in SIMPLE_ESCAPES ? SIMPLE_ESCAPES[t[1]] : parseInt(t.slice(2), 16);
  return t.charCodeAt(0);
}

/**
 * Characters without which no string of a document can hold an unsafe character: the unsafe
 * ones themselves, CR (a raw CR is a line break, a `\r` escape is not) and the backslash that
 * starts every escape. Documents without any (nearly all) need no walk over their nodes.
 */
const MAYBE_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f\\\ud800-\udfff]/;

/** LS020 diagnostics of one document. */
export function controlCharDiagnostics(doc: LeadspecDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const f = doc.file;
  const text = f.text;
  const [from, , to] = doc.yaml.range ?? [0, 0, text.length];
  if (!MAYBE_UNSAFE.test(from === 0 && to >= text.length ? text : text.slice(from, to))) return out;
  let more = 0;
  const stack: unknown[] = [doc.yaml.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!node || isAlias(node)) continue;
    if (isMap(node) || isSeq(node)) {
      const items = node.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) {
        const it = items[i];
        if (isPair(it)) { stack.push(it.value, it.key); } else stack.push(it);
      }
      continue;
    }
    if (!isScalar(node) || typeof node.value !== 'string' || unsafeCharIndex(node.value) < 0) continue;
    const [start, end] = node.range ?? [0, 0];
    const src = text.slice(start, end);
    const dq = node.type === Scalar.QUOTE_DOUBLE;
    let spans = unsafeSpans(src, dq);
    const traced = spans.length > 0;
    if (!traced) spans = [[0, src.length]]; // not traceable to one place: the whole scalar
    for (const span of spans) {
      if (out.length >= MAX_CONTROL_DIAGNOSTICS) { more++; continue; }
      const what = describeCode(traced ? codeAt(src, span, dq) : node.value.charCodeAt(unsafeCharIndex(node.value)));
      out.push({
        file: f.file, code: 'LS020', severity: 'error', range: rangeOfOffsets(f, start + span[0], start + span[1]),
        message: `control character ${what} in text; definitions may hold tab and line feed but no other control character (psql and other tools cut or misread text at them) — remove it`,
      });
    }
  }
  if (more > 0) {
    const last = out[out.length - 1];
    last.message += ` (${more} more in this document are not listed)`;
  }
  return out;
}
