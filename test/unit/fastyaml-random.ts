// Seeded generator of leadspec-like YAML for the fast parser's differential tests: random nesting
// of block/flow maps and sequences (compact `- key: v` items, sequences at their key's column,
// multi-line flow collections), scalars of every core-schema type, plain and quoted (with
// escapes), comments (trailing and on their own lines, at every indentation), blank lines,
// empty values, duplicate keys, `---` documents, and optional random edits (half-typed or broken
// text, tabs, anchors…) so that the fallback paths are exercised too.
import { rng } from '../../bench/prng.js';

const SCALARS = [
  'a', 'SaaS', 'mid-market', 'tier-1', 'x y', '/pricing', 'vp', 'page_view', 'Call today', 'mid-market/tier-1',
  '1', '-25', '+3', '0', '-0', '007', '0o17', '0o19', '0x1F', '0xZ', '1.5', '1.50', '.5', '1.', '1e3', '-1E-2', '+.5e+2',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', 'true', 'False', 'TRUE', 'tRUE', 'null', 'Null', 'NULL', '~', 'nULL',
  '09:00', '2026-11-26', '30d', '1_000', 'a:b', 'a#b', 'http://x.y/z?q=1', 'é', '日本', 'a b c', 'x-y', 'y', 'n', 'on', 'off',
  '12:30:00', '1,000', 'a[0]', 'f(x)', '-x', '.x', '=', '<<', '__proto__', 'toString', 'constructor',
];
const NEEDS_QUOTES = ['', "it's", 'say "hi"', 'back\\slash', '@gmail.com', '- x', 'a: b', 'a #b', '#x', '[x]', '{x}', 'a,b', '*x', '&x', '!x', '|', '>', '%x', '?', ':', '-', '`x', ' lead', 'trail ', 'tab\there', 'new\nline', 'uni\u00e9', '\u2028'];
const KEYS = ['id', 'when', 'points', 'max', 'rules', 'group', 'pick', 'event', 'where', 'within', 'decay', 'any', 'all', 'not', 'gte', 'in', 'kind', 'title', 'fit', 'grades', 'a', 'b', 'x', '1', 'true', 'null', 'a b', 'a.b', 'a-b', 'é', '__proto__', 'toString'];
const INSERTS = [' ', ' ', '\n', ':', '-', '#', '[', ']', '{', '}', ',', '"', "'", 'a', '\t', '&', '*', '!', '|', '>', '?', '%', '.', '0', '\r', '\\', '---\n', '...\n', '\ufeff', ': ', '- ', '  '];

export interface GenOptions {
  mutate: boolean;
  /** Many more comment and blank lines (where yaml's range rules are subtle). */
  dense?: boolean;
}

export function randomDocument(seed: number, opts: GenOptions): string {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;

  const dq = (s: string) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, chance(0.5) ? '\\t' : '\\x09')
    .replace(/é/g, chance(0.5) ? '\\u00e9' : 'é').replace(/\u2028/g, '\\L') + '"';
  const sq = (s: string) => (/[\n\t\u2028]/.test(s) ? dq(s) : "'" + s.replace(/'/g, "''") + "'");
  const scalar = (inFlow: boolean): string => {
    if (chance(0.15)) { const s = pick(NEEDS_QUOTES); return chance(0.5) ? dq(s) : sq(s); }
    const s = pick(SCALARS);
    if (chance(0.1)) return chance(0.5) ? dq(s) : sq(s);
    if (inFlow && /[,[\]{}]/.test(s)) return dq(s);
    return s;
  };
  const key = (): string => {
    const k = pick(KEYS);
    if (chance(0.08)) return chance(0.5) ? dq(k) : sq(k);
    return k;
  };
  const comment = () => pick(['# note', '#', '# a: b', '# - x', '#  [x]', '# leadspec-disable LS012']);
  const trailing = () => (chance(opts.dense ? 0.4 : 0.12) ? ' '.repeat(int(1, 3)) + comment() : chance(0.05) ? '  ' : '');

  const flow = (depth: number, contIndent: number, multiline: boolean): string => {
    const isMap = chance(0.55);
    const n = chance(0.1) ? 0 : int(1, 4);
    const parts: string[] = [];
    const used: string[] = [];
    for (let i = 0; i < n; i++) {
      let v: string;
      if (depth > 0 && chance(0.25)) v = flow(depth - 1, contIndent, multiline);
      else v = scalar(true);
      if (isMap) {
        let k = chance(0.05) && used.length ? pick(used) : key();
        if (/[,[\]{}]/.test(k)) k = dq(k);
        used.push(k);
        parts.push(chance(0.06) ? `${k}:` + (chance(0.5) ? ' ' : '') : `${k}${chance(0.05) ? ' ' : ''}: ${v}`);
      } else parts.push(v);
    }
    const sep = () => (multiline && chance(0.3) ? ',\n' + ' '.repeat(contIndent + int(0, 2)) : chance(0.15) ? ' , ' : ', ');
    const pad = isMap ? (chance(0.8) ? ' ' : '') : (chance(0.2) ? ' ' : '');
    const open = isMap ? '{' : '[';
    const close = isMap ? '}' : ']';
    const first = multiline && chance(0.15) ? '\n' + ' '.repeat(contIndent + 1) : pad;
    return open + (n ? first + parts.reduce((acc, p, i) => acc + (i ? sep() : '') + p, '') + pad : (chance(0.3) ? ' ' : '')) + close;
  };

  const lines: string[] = [];
  const blankOrComment = (indent: number) => {
    while (chance(opts.dense ? 0.45 : 0.15)) {
      if (chance(0.5)) lines.push(chance(0.8) ? '' : ' '.repeat(int(1, 6)));
      else lines.push(' '.repeat(Math.max(0, indent + int(-4, 4))) + comment());
    }
  };

  const leafText = (indent: number, depth: number) => (chance(0.3) ? flow(Math.min(depth, 2), indent + 1, chance(0.3)) : scalar(false));

  const map = (indent: number, depth: number, firstPrefix?: string) => {
    const n = int(1, 5);
    const used: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0 || firstPrefix === undefined) blankOrComment(indent);
      const k = chance(0.04) && used.length ? pick(used) : key();
      used.push(k);
      const head = (i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent)) + k + (chance(0.04) ? ' ' : '') + ':';
      const roll = r();
      if (depth <= 0 || roll < 0.5) lines.push(head + ' ' + leafText(indent, depth) + trailing());
      else if (roll < 0.62) lines.push(head + (chance(0.3) ? ' '.repeat(int(1, 2)) : '') + (chance(0.1) ? ' ' + comment() : ''));
      else if (roll < 0.82) { lines.push(head + trailing()); blankOrComment(indent + 2); map(indent + int(1, 3), depth - 1); }
      else { lines.push(head + trailing()); blankOrComment(indent); seq(chance(0.25) ? indent : indent + int(1, 3), depth - 1); }
    }
  };

  const seq = (indent: number, depth: number) => {
    const n = int(1, 4);
    for (let i = 0; i < n; i++) {
      if (i > 0) blankOrComment(indent);
      const dash = ' '.repeat(indent) + '-' + ' '.repeat(int(1, 2));
      const roll = r();
      if (depth <= 0 || roll < 0.45) lines.push(dash + leafText(indent, depth) + trailing());
      else if (roll < 0.75) map(dash.length, depth - 1, dash);
      else if (roll < 0.85) lines.push(dash.trimEnd() + (chance(0.2) ? ' ' + comment() : ''));
      else { lines.push(dash.trimEnd() + trailing()); map(indent + int(1, 3), depth - 1); }
    }
  };

  const docs = chance(0.2) ? int(2, 3) : 1;
  for (let d = 0; d < docs; d++) {
    if (d > 0 || chance(0.1)) lines.push('---' + (chance(0.2) ? ' # doc' : ''));
    blankOrComment(0);
    if (chance(0.9)) { lines.push('leadspec: v1'); map(0, int(1, 4)); } else seq(0, int(1, 3));
    blankOrComment(0);
  }
  let text = lines.join('\n') + (chance(0.85) ? '\n' : '');
  if (opts.mutate) {
    const edits = int(1, 3);
    for (let e = 0; e < edits; e++) {
      const at = int(0, text.length);
      const roll = r();
      if (roll < 0.4) text = text.slice(0, at) + text.slice(at + int(1, 3));
      else if (roll < 0.85) text = text.slice(0, at) + pick(INSERTS) + text.slice(at);
      else {
        const ls = text.split('\n');
        const i = int(0, ls.length - 1);
        ls[i] = chance(0.5) ? ' ' + ls[i] : ls[i].replace(/^ /, '');
        text = ls.join('\n');
      }
    }
  }
  return text;
}
