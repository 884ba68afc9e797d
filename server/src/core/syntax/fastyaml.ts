// A fast, single-pass parser for the YAML subset that leadspec files use. It builds REAL `yaml`
// nodes (Document, YAMLMap, YAMLSeq, Pair, Scalar) with the same ranges, flow flags, scalar
// types and duplicate-key errors as yaml@2.9.1's parseAllDocuments, plus each document's plain
// value (what toJS() returns), in one pass and without yaml's lexer → CST → compose pipeline.
//
// Correctness over speed, always: whenever the text holds anything outside the subset (anchors,
// aliases, tags, directives, block scalars, multi-line scalars, explicit keys, tabs, CR, BOM,
// `...`, comments inside flow collections, odd indentation, any syntax error…), fastParse
// returns undefined and the caller falls back to the yaml library. test/unit/fastyaml*.test.ts
// compares both parsers on every YAML file of the repository, every prefix of the samples and
// thousands of seeded random documents.
//
// Ranges follow yaml's CST rules, which decide where trailing comment lines belong:
// - a leaf value (scalar or flow collection) ends after the rest of its line (spaces, comment,
//   newline), then swallows the following comment lines indented deeper than its collection
//   (with the blank lines between them);
// - other trailing blank/comment lines stay in the innermost block collection (extending its
//   range[2]) unless every comment among them is less indented than it (or it sits at column 0),
//   in which case they move to the parent, and finally to the document's end.
// Comments themselves are not kept on nodes (nothing reads them from the parse; the formatter
// re-parses with yaml).
import * as Y from 'yaml';
import type { LineCounter, YAMLMap, YAMLSeq, Scalar, Pair } from 'yaml';

// yaml's exports, read once: bundled (esbuild's CommonJS interop), every `yaml.X` is a getter call.
const { Document, YAMLMap: YMap, YAMLSeq: YSeq, Scalar: YScalar, Pair: YPair, YAMLParseError, isScalar } = Y;
type YAMLParseError = Y.YAMLParseError;

/**
 * Scalars and pairs are most of the nodes, and yaml's constructors give each its type with
 * Object.defineProperty — the largest single cost of building them. These make the same objects
 * (yaml's own prototypes, so instanceof, isScalar(), isPair() and every method work) with the
 * type inherited from a prototype instead.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
/**
 * A scalar keeps its range as three numbers, and `range` is an accessor that gives yaml's
 * `[start, valueEnd, nodeEnd]` array on each read: the arrays were a quarter of a parsed
 * workspace's memory (one per scalar, 130k in the 200-file check bench), all of it copied by
 * every minor garbage collection while the workspace was being built. Assigning an array sets
 * the numbers; assigning anything else makes `range` an ordinary property again.
 */
interface RangeFields { r0: number; r1: number; r2: number }
const ScalarNode = function (this: { value: unknown } & RangeFields, value: unknown) { this.value = value; this.r0 = 0; this.r1 = 0; this.r2 = 0; } as unknown as new (value: unknown) => Scalar;
ScalarNode.prototype = Object.create(YScalar.prototype, {
  [NODE_TYPE]: { value: Symbol.for('yaml.scalar') },
  range: {
    configurable: true,
    get(this: RangeFields) { return [this.r0, this.r1, this.r2]; },
    set(this: RangeFields, r: unknown) {
      if (Array.isArray(r) && r.length === 3) { this.r0 = r[0]; this.r1 = r[1]; this.r2 = r[2]; }
      else Object.defineProperty(this, 'range', { value: r, writable: true, enumerable: true, configurable: true });
    },
  },
});
/**
 * Mappings and sequences likewise: yaml's constructors set the type and the (non-enumerable)
 * schema with Object.defineProperty, a slow path taken for every collection. Here the type comes
 * from the prototype and `schema` is an ordinary property holding the document's schema (what
 * yaml's constructor stores); `items` is set first, as yaml's constructor leaves it.
 */
const MapNode = function (this: { items: unknown[]; schema: unknown }, schema: unknown) { this.items = []; this.schema = schema; } as unknown as new (schema: unknown) => YAMLMap;
MapNode.prototype = Object.create(YMap.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.map') } });
const SeqNode = function (this: { items: unknown[]; schema: unknown }, schema: unknown) { this.items = []; this.schema = schema; } as unknown as new (schema: unknown) => YAMLSeq;
SeqNode.prototype = Object.create(YSeq.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.seq') } });

/** range[2] of a node this parser made (a ScalarNode keeps it as a number; others in their array). */
const isScalarNode = (n: object): boolean => Object.getPrototypeOf(n) === ScalarNode.prototype;
function endOf(n: Scalar | YAMLMap | YAMLSeq): number {
  return isScalarNode(n) ? (n as unknown as RangeFields).r2 : n.range![2];
}
function setEnd(n: Scalar | YAMLMap | YAMLSeq, end: number): void {
  if (isScalarNode(n)) (n as unknown as RangeFields).r2 = end; else n.range![2] = end;
}
const PairNode = function (this: { key: unknown; value: unknown }, key: unknown, value: unknown) { this.key = key; this.value = value; } as unknown as new (key: unknown, value: unknown) => Pair;
PairNode.prototype = Object.create(YPair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } });

export interface FastParse {
  docs: Y.Document.Parsed[];
  /** The plain value of each document, equal to its `toJS()`. */
  values: unknown[];
}

/** Thrown inside the parser when the text leaves the subset; never escapes fastParse. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('outside the fast YAML subset');
function no(): never { throw UNSUPPORTED; }

// Characters that make the whole text unsupported: tabs, CR, BOM, other control characters and
// Unicode line breaks (yaml gives some of them special meaning; the subset has no use for them).
const BAD_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

const SP = 32, NL = 10, HASH = 35, COLON = 58, DASH = 45, COMMA = 44, DQ = 34, SQ = 39;
const LBRACK = 91, RBRACK = 93, LBRACE = 123, RBRACE = 125;

/** Trailing blank/comment lines not yet attached to a node (see the header comment). */
interface Trivia {
  /** Offset where the trivia starts (end of the previous node). */
  start: number;
  /** Offset where it ends (the first character of the next content line, or the text's end). */
  end: number;
  /** Smallest and largest indentation of its comment lines (-1 when it has none). */
  minComment: number;
  maxComment: number;
}

interface BlockResult { node: YAMLMap | YAMLSeq; value: unknown; trivia: Trivia | null; next: number }

// Core-schema resolution uses yaml's own tags (same regexes, same resolve functions); only the
// first character is pre-checked, since every non-string core-schema value starts with one of these.
const template = new Document();
const scalarTags = (template.schema.tags as any[]).filter((t) => t.default === true && t.test);
const MAYBE_TYPED = new Uint8Array(128);
for (const ch of '0123456789+-.~nNtTfF') MAYBE_TYPED[ch.charCodeAt(0)] = 1;

class Parser {
  readonly s: string;
  readonly n: number;
  readonly options: any;
  readonly errors: YAMLParseError[] = [];
  /** The schema of the document being built (yaml gives its nodes their document's schema). */
  schema = template.schema;

  constructor(text: string, options: any) {
    this.s = text;
    this.n = text.length;
    this.options = options;
  }

  // ---- lines -----------------------------------------------------------------------------------

  /** Offset of the end of the line holding p (the '\n' or the text's end). */
  eol(p: number): number {
    const i = this.s.indexOf('\n', p);
    return i < 0 ? this.n : i;
  }

  spaces(p: number): number {
    const s = this.s;
    while (p < this.n && s.charCodeAt(p) === SP) p++;
    return p;
  }

  /**
   * From p (just after a node's own text on its line), the rest of that line must be spaces and
   * an optional comment. Returns the offset after the line's newline (or the text's end) and
   * whether a comment was there.
   */
  restOfLine(p: number): { end: number; comment: boolean } {
    const s = this.s;
    const q = this.spaces(p);
    if (q >= this.n) return { end: this.n, comment: false };
    const c = s.charCodeAt(q);
    if (c === NL) return { end: q + 1, comment: false };
    if (c === HASH && q > p) { const e = this.eol(q); return { end: e < this.n ? e + 1 : e, comment: true }; }
    return no();
  }

  /** True when the line starting at p is `---` (a document start marker, maybe with a comment). */
  isDocStart(p: number): boolean {
    const s = this.s;
    if (s.charCodeAt(p) !== DASH || s.charCodeAt(p + 1) !== DASH || s.charCodeAt(p + 2) !== DASH) return false;
    const c = p + 3 < this.n ? s.charCodeAt(p + 3) : NL;
    return c === NL || c === SP;
  }

  /**
   * Scans blank and comment lines from the line start p. Returns the trivia (null when there is
   * none, not even indentation), the next content line's start and indentation (-1 at the end of
   * the text or at a `---` line). With `leaf`, comment lines indented deeper than `absorbIndent`
   * (and the blank lines before them) are swallowed by that leaf: `leaf.end` moves past them.
   */
  scanTrivia(p: number, absorbIndent: number, leaf: { end: number } | null): { trivia: Trivia | null; line: number; indent: number; contentAt: number } {
    const s = this.s;
    let minC = -1, maxC = -1;
    let absorbing = leaf !== null;
    let triviaStart = p;
    for (;;) {
      if (p >= this.n) break;
      const q = this.spaces(p);
      if (q >= this.n) { p = q; break; }
      const c = s.charCodeAt(q);
      if (c === NL) { p = q + 1; continue; }
      if (c === HASH) {
        const ind = q - p;
        const e = this.eol(q);
        const lineEnd = e < this.n ? e + 1 : e;
        if (absorbing && ind > absorbIndent) {
          leaf!.end = lineEnd;
          triviaStart = lineEnd;
        } else {
          absorbing = false;
          if (minC < 0 || ind < minC) minC = ind;
          if (ind > maxC) maxC = ind;
        }
        p = lineEnd;
        continue;
      }
      // a content line
      if (q === p && (c === DASH || c === 46 /* . */)) {
        if (this.isDocStart(p)) return { trivia: this.mk(triviaStart, p, minC, maxC), line: p, indent: -1, contentAt: p };
        if (s.startsWith('...', p)) no();
      }
      if (c === 37 /* % */ && q === p) no();
      return { trivia: this.mk(triviaStart, q, minC, maxC), line: p, indent: q - p, contentAt: q };
    }
    return { trivia: this.mk(triviaStart, p, minC, maxC), line: p, indent: -1, contentAt: p };
  }

  mk(start: number, end: number, minC: number, maxC: number): Trivia | null {
    return end > start ? { start, end, minComment: minC, maxComment: maxC } : null;
  }

  // ---- scalars ---------------------------------------------------------------------------------

  /** A plain scalar node from its source text. */
  plain(src: string, start: number, end: number): { node: Scalar; value: unknown } {
    let node: Scalar;
    const c = src.length ? src.charCodeAt(0) : 0;
    if (src.length === 0 || (c < 128 && MAYBE_TYPED[c])) {
      const tag = scalarTags.find((t) => t.test.test(src));
      if (tag) {
        const res = tag.resolve(src, () => no(), this.options);
        node = isScalar(res) ? res : new ScalarNode(res);
        if (tag.format) node.format = tag.format;
      } else node = new ScalarNode(src);
    } else node = new ScalarNode(src);
    if (isScalarNode(node)) { const f = node as unknown as RangeFields; f.r0 = start; f.r1 = end; f.r2 = end; }
    else node.range = [start, end, end];
    node.source = src;
    node.type = YScalar.PLAIN;
    return { node, value: node.value };
  }

  /** A quoted scalar starting at p (single line). Returns the node and the offset after it. */
  quoted(p: number): { node: Scalar; value: string; end: number } {
    const s = this.s;
    const q = s.charCodeAt(p);
    let value: string;
    let i: number;
    if (q === SQ) {
      value = '';
      i = p + 1;
      for (;;) {
        const j = s.indexOf("'", i);
        if (j < 0) return no();
        const nl = s.indexOf('\n', i);
        if (nl >= 0 && nl < j) return no();
        value += s.slice(i, j);
        if (s.charCodeAt(j + 1) === SQ) { value += "'"; i = j + 2; continue; }
        i = j + 1;
        break;
      }
    } else {
      value = '';
      i = p + 1;
      let from = i;
      for (;;) {
        if (i >= this.n) return no();
        const c = s.charCodeAt(i);
        if (c === DQ) break;
        if (c === NL) return no();
        if (c === 92 /* \ */) {
          value += s.slice(from, i);
          const e = s[i + 1];
          const simple = ESCAPES[e];
          if (simple !== undefined) { value += simple; i += 2; }
          else if (e === 'x' || e === 'u' || e === 'U') {
            const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
            const hex = s.substr(i + 2, len);
            if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return no();
            const code = parseInt(hex, 16);
            if (code > 0x10ffff) return no();
            value += String.fromCodePoint(code);
            i += 2 + len;
          } else return no();
          from = i;
          continue;
        }
        i++;
      }
      value += s.slice(from, i);
      i++;
    }
    const node = new ScalarNode(value);
    const f = node as unknown as RangeFields;
    f.r0 = p; f.r1 = i; f.r2 = i;
    node.source = value;
    node.type = q === SQ ? YScalar.QUOTE_SINGLE : YScalar.QUOTE_DOUBLE;
    return { node, value, end: i };
  }

  /** Checks the first character of a plain scalar (block or flow context). */
  plainStart(p: number, flow: boolean): void {
    const s = this.s;
    const c = s.charCodeAt(p);
    switch (c) {
      case HASH: case 38 /* & */: case 42 /* * */: case 33 /* ! */: case 124 /* | */: case 62 /* > */:
      case 37 /* % */: case 64 /* @ */: case 96 /* ` */: case COMMA: case LBRACK: case RBRACK:
      case LBRACE: case RBRACE: case DQ: case SQ: case 63 /* ? */: case COLON: case NL:
        no();
        break;
      case DASH: {
        const d = p + 1 < this.n ? s.charCodeAt(p + 1) : NL;
        if (d === SP || d === NL) no();
        if (flow && (d === COMMA || d === LBRACK || d === RBRACK || d === LBRACE || d === RBRACE)) no();
      }
    }
    if (p >= this.n) no();
  }

  /**
   * A plain scalar in block context from p to the end of its line (stopping before ` #`).
   * Returns its end (after the last non-space character) and whether it is a key (`: ` follows).
   */
  blockPlain(p: number): { end: number; key: boolean; colon: number } {
    this.plainStart(p, false);
    const s = this.s;
    let i = p;
    let end = p;
    for (; i < this.n; i++) {
      const c = s.charCodeAt(i);
      if (c === NL) break;
      if (c === SP) {
        if (s.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      if (c === COLON) {
        const d = i + 1 < this.n ? s.charCodeAt(i + 1) : NL;
        if (d === SP || d === NL) return { end, key: true, colon: i };
      }
      end = i + 1;
    }
    return { end, key: false, colon: -1 };
  }

  /** A plain scalar in flow context. Stops at `,[]{}`, `: `, `:` + flow indicator, ` #`, newline. */
  flowPlain(p: number): { end: number; stop: number } {
    this.plainStart(p, true);
    const s = this.s;
    let i = p;
    let end = p;
    for (; i < this.n; i++) {
      const c = s.charCodeAt(i);
      if (c === NL || c === COMMA || c === LBRACK || c === RBRACK || c === LBRACE || c === RBRACE) break;
      if (c === SP) {
        if (s.charCodeAt(i + 1) === HASH) no();
        continue;
      }
      if (c === COLON) {
        const d = i + 1 < this.n ? s.charCodeAt(i + 1) : NL;
        if (d === SP || d === NL || d === COMMA || d === LBRACK || d === RBRACK || d === LBRACE || d === RBRACE) break;
      }
      end = i + 1;
    }
    return { end, stop: i };
  }

  // ---- flow collections ------------------------------------------------------------------------

  /**
   * Spaces inside a flow collection; a newline only where `allowNewline` (after `[`, `{` or `,`),
   * and the next line must be indented at least `minIndent`, not blank and not a comment.
   */
  flowSpace(p: number, allowNewline: boolean, minIndent: number): number {
    const s = this.s;
    for (;;) {
      p = this.spaces(p);
      if (p >= this.n) return no();
      const c = s.charCodeAt(p);
      if (c === HASH) return no();
      if (c !== NL) return p;
      if (!allowNewline) return no();
      const q = this.spaces(p + 1);
      if (q - (p + 1) < minIndent || q >= this.n) return no();
      const d = s.charCodeAt(q);
      if (d === NL || d === HASH) return no();
      p = q;
    }
  }

  /** A flow collection at p; `minIndent` is the indentation its continuation lines need. */
  flow(p: number, minIndent: number): { node: YAMLMap | YAMLSeq; value: unknown; end: number } {
    const s = this.s;
    const isMap = s.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACK;
    let i = this.flowSpace(p + 1, true, minIndent);
    if (isMap) {
      const map = new MapNode(this.schema);
      map.flow = true;
      const obj: Record<string, unknown> = {};
      const keys = new KeySet(obj);
      if (s.charCodeAt(i) !== close) {
        for (;;) {
          // key
          let key: Scalar, kv: unknown;
          const kc = s.charCodeAt(i);
          if (kc === DQ || kc === SQ) {
            const q = this.quoted(i);
            key = q.node; kv = q.value;
            i = this.spaces(q.end);
          } else {
            const f = this.flowPlain(i);
            if (s.charCodeAt(f.stop) !== COLON) no();
            const r = this.plain(s.slice(i, f.end), i, f.end);
            key = r.node; kv = r.value;
            i = f.stop;
          }
          if (s.charCodeAt(i) !== COLON || s.charCodeAt(i + 1) !== SP) no();
          i = this.flowSpace(i + 2, false, minIndent);
          // value
          let vnode: Scalar | YAMLMap | YAMLSeq, vv: unknown;
          const c = s.charCodeAt(i);
          if (c === COMMA || c === close) {
            const r = this.plain('', i, i);
            vnode = r.node; vv = r.value;
          } else {
            const r = this.flowValue(i, minIndent);
            vnode = r.node; vv = r.value;
            i = this.flowSpace(r.end, false, minIndent);
            setEnd(vnode, i);
          }
          this.checkKey(keys, kv, key); // in a flow map yaml checks the key after its value
          map.items.push(new PairNode(key, vnode));
          setKey(obj, kv, vv);
          const d = s.charCodeAt(i);
          if (d === close) break;
          if (d !== COMMA) no();
          i = this.flowSpace(i + 1, true, minIndent);
          if (s.charCodeAt(i) === close || s.charCodeAt(i) === COMMA) no(); // trailing or empty item
        }
      }
      map.range = [p, i + 1, i + 1];
      return { node: map, value: obj, end: i + 1 };
    }
    const seq = new SeqNode(this.schema);
    seq.flow = true;
    const arr: unknown[] = [];
    if (s.charCodeAt(i) !== close) {
      for (;;) {
        const r = this.flowValue(i, minIndent);
        i = this.flowSpace(r.end, false, minIndent);
        if (s.charCodeAt(i) === COLON) no(); // a single-pair map inside a sequence
        setEnd(r.node, i);
        seq.items.push(r.node);
        arr.push(r.value);
        const d = s.charCodeAt(i);
        if (d === close) break;
        if (d !== COMMA) no();
        i = this.flowSpace(i + 1, true, minIndent);
        if (s.charCodeAt(i) === close || s.charCodeAt(i) === COMMA) no();
      }
    }
    seq.range = [p, i + 1, i + 1];
    return { node: seq, value: arr, end: i + 1 };
  }

  /** A value inside a flow collection: nested flow collection, quoted or plain scalar. */
  flowValue(p: number, minIndent: number): { node: Scalar | YAMLMap | YAMLSeq; value: unknown; end: number } {
    const c = this.s.charCodeAt(p);
    if (c === LBRACK || c === LBRACE) return this.flow(p, minIndent);
    if (c === DQ || c === SQ) return this.quoted(p);
    const f = this.flowPlain(p);
    if (f.end === p) no();
    const r = this.plain(this.s.slice(p, f.end), p, f.end);
    return { node: r.node, value: r.value, end: f.end };
  }

  // ---- block collections -----------------------------------------------------------------------

  /**
   * Records a key; a repeat gets yaml's DUPLICATE_KEY error at the key. `startOk` is false when
   * yaml would place that error elsewhere (at the end of the previous value): left to yaml.
   */
  checkKey(keys: KeySet, kv: unknown, key: Scalar, startOk = true): void {
    if (typeof kv === 'string' && kv === '<<') no(); // merge keys: leave them to yaml
    if (keys.has(kv)) {
      if (!startOk) no();
      this.errors.push(new YAMLParseError([key.range![0], key.range![0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
    }
    keys.add(kv);
  }

  /**
   * A leaf value at p on a block line (flow collection, quoted or plain scalar), `indent` being
   * its collection's indentation. Returns the node with range[2] at the end of its line.
   */
  leaf(p: number, indent: number, plainEnd: number): { node: Scalar | YAMLMap | YAMLSeq; value: unknown; lineEnd: number } {
    const s = this.s;
    const c = s.charCodeAt(p);
    let node: Scalar | YAMLMap | YAMLSeq, value: unknown, end: number;
    if (c === LBRACK || c === LBRACE) {
      const r = this.flow(p, indent + 1);
      node = r.node; value = r.value; end = r.end;
    } else if (c === DQ || c === SQ) {
      const r = this.quoted(p);
      node = r.node; value = r.value; end = r.end;
    } else {
      const r = this.plain(s.slice(p, plainEnd), p, plainEnd);
      node = r.node; value = r.value; end = plainEnd;
    }
    const rest = this.restOfLine(end);
    setEnd(node, rest.end);
    return { node, value, lineEnd: rest.end };
  }

  /**
   * What follows a finished item of a block collection at `indent`: the trivia after it (with
   * deeper comment lines swallowed by a leaf) and the next content line.
   */
  after(lineEnd: number, indent: number, leafNode: Scalar | YAMLMap | YAMLSeq | null) {
    const box = { end: leafNode ? endOf(leafNode) : lineEnd };
    const t = this.scanTrivia(lineEnd, indent, leafNode ? box : null);
    if (leafNode) {
      setEnd(leafNode, box.end);
      if (t.trivia) t.trivia.start = box.end;
    }
    return t;
  }

  /** The value on the lines after `key:` or `-` (nested collection), or an empty scalar. */
  nested(emptyAt: number, lineEnd: number, hadComment: boolean, indent: number, isMapValue: boolean): { node: Scalar | YAMLMap | YAMLSeq; value: unknown; trivia: Trivia | null; next: { line: number; indent: number; contentAt: number } } {
    const t = this.scanTrivia(lineEnd, indent, null);
    const m = t.indent;
    if (m >= 0) {
      const dash = this.s.charCodeAt(t.contentAt) === DASH && this.isSeqIndicator(t.contentAt);
      if (m > indent || (isMapValue && m === indent && dash)) {
        const b = dash ? this.blockSeq(t.contentAt, m) : this.blockMap(t.contentAt, m);
        return { node: b.node, value: b.value, trivia: b.trivia, next: this.nextOf(b.next) };
      }
    }
    // An empty value: with a comment in between yaml moves its range end; leave that to yaml.
    if (hadComment || (t.trivia && t.trivia.minComment >= 0)) no();
    const r = this.plain('', emptyAt, emptyAt);
    return { node: r.node, value: r.value, trivia: null, next: t };
  }

  nextOf(line: number): { line: number; indent: number; contentAt: number } {
    if (line >= this.n) return { line, indent: -1, contentAt: line };
    if (this.isDocStart(line)) return { line, indent: -1, contentAt: line };
    const q = this.spaces(line);
    return { line, indent: q - line, contentAt: q };
  }

  isSeqIndicator(p: number): boolean {
    const d = p + 1 < this.n ? this.s.charCodeAt(p + 1) : NL;
    return d === SP || d === NL;
  }

  /**
   * Ends a block collection: trailing trivia moves to the parent when the collection is at column
   * 0 or every comment in it is less indented than the collection; else it stays (range[2]).
   */
  close(node: YAMLMap | YAMLSeq, start: number, offset: number, indent: number, trivia: Trivia | null): Trivia | null {
    if (trivia && !(indent === 0 || trivia.maxComment < indent)) {
      node.range = [start, offset, trivia.end];
      return null;
    }
    node.range = [start, offset, offset];
    return trivia;
  }

  /** A block mapping whose first key is at p (maybe after `- `), keys at column `indent`. */
  blockMap(p: number, indent: number): BlockResult {
    const s = this.s;
    const map = new MapNode(this.schema);
    const obj: Record<string, unknown> = {};
    const keys = new KeySet(obj);
    const start = p;
    let offset = p;
    let trivia: Trivia | null = null;
    let pending: Trivia | null = null; // the trivia before this key
    for (;;) {
      // key
      let key: Scalar, kv: unknown, i: number;
      const kc = s.charCodeAt(p);
      if (kc === DQ || kc === SQ) {
        const q = this.quoted(p);
        key = q.node; kv = q.value;
        i = this.spaces(q.end);
        if (s.charCodeAt(i) !== COLON || !this.isSeqIndicator(i)) no();
      } else {
        const b = this.blockPlain(p);
        if (!b.key || b.end === p) no();
        const r = this.plain(s.slice(p, b.end), p, b.end);
        key = r.node; kv = r.value;
        i = b.colon;
      }
      if (i - p > 1000) no(); // yaml limits implicit keys to 1024 characters
      this.checkKey(keys, kv, key, offset === p || (pending !== null && pending.end === p));
      // value
      const v = this.spaces(i + 1);
      const c = v < this.n ? s.charCodeAt(v) : NL;
      let next: { line: number; indent: number; contentAt: number };
      if (c === NL || c === HASH) {
        const rest = this.restOfLine(i + 1);
        const r = this.nested(v, rest.end, rest.comment, indent, true);
        map.items.push(new PairNode(key, r.node));
        setKey(obj, kv, r.value);
        offset = endOf(r.node);
        trivia = r.trivia;
        next = r.next;
      } else {
        if (c === DASH && this.isSeqIndicator(v)) no(); // a block sequence on the key's line
        let plainEnd = v;
        if (c !== LBRACK && c !== LBRACE && c !== DQ && c !== SQ) {
          const b = this.blockPlain(v);
          if (b.key) no(); // `a: b: c`
          plainEnd = b.end;
        }
        const r = this.leaf(v, indent, plainEnd);
        const t = this.after(r.lineEnd, indent, r.node);
        map.items.push(new PairNode(key, r.node));
        setKey(obj, kv, r.value);
        offset = endOf(r.node);
        trivia = t.trivia;
        next = t;
      }
      if (next.indent === indent) {
        if (s.charCodeAt(next.contentAt) === DASH && this.isSeqIndicator(next.contentAt)) no();
        pending = trivia; // it becomes the next key's leading trivia
        trivia = null;
        p = next.contentAt;
        continue;
      }
      if (next.indent > indent) no();
      const up = this.close(map, start, offset, indent, trivia);
      return { node: map, value: obj, trivia: up, next: next.line };
    }
  }

  /** A block sequence whose first `-` is at p, at column `indent`. */
  blockSeq(p: number, indent: number): BlockResult {
    const s = this.s;
    const seq = new SeqNode(this.schema);
    const arr: unknown[] = [];
    const start = p;
    let offset = p;
    let trivia: Trivia | null = null;
    let pending: Trivia | null = null; // the trivia before this item (yaml puts it in the item's start)
    for (;;) {
      // p is at '-'
      const v = this.spaces(p + 1);
      const c = v < this.n ? s.charCodeAt(v) : NL;
      let next: { line: number; indent: number; contentAt: number };
      if (c === NL || c === HASH) {
        const rest = this.restOfLine(p + 1);
        // An empty item after comment lines: yaml ends its range after them. Left to yaml.
        const r = this.nested(v, rest.end, rest.comment || (pending !== null && pending.minComment >= 0), indent, false);
        seq.items.push(r.node);
        arr.push(r.value);
        offset = endOf(r.node);
        trivia = r.trivia;
        next = r.next;
      } else {
        if (c === DASH && this.isSeqIndicator(v)) no(); // `- - x`
        let compact = false;
        let plainEnd = v;
        if (c === DQ || c === SQ) {
          const q = this.quoted(v);
          const i = this.spaces(q.end);
          compact = s.charCodeAt(i) === COLON && this.isSeqIndicator(i);
        } else if (c !== LBRACK && c !== LBRACE) {
          const b = this.blockPlain(v);
          compact = b.key;
          plainEnd = b.end;
        }
        if (compact) {
          const lineStart = s.lastIndexOf('\n', v - 1) + 1;
          const b = this.blockMap(v, v - lineStart);
          seq.items.push(b.node);
          arr.push(b.value);
          offset = endOf(b.node);
          trivia = b.trivia;
          next = this.nextOf(b.next);
        } else {
          const r = this.leaf(v, indent, plainEnd);
          const t = this.after(r.lineEnd, indent, r.node);
          seq.items.push(r.node);
          arr.push(r.value);
          offset = endOf(r.node);
          trivia = t.trivia;
          next = t;
        }
      }
      if (next.indent === indent && s.charCodeAt(next.contentAt) === DASH && this.isSeqIndicator(next.contentAt)) {
        pending = trivia;
        trivia = null;
        p = next.contentAt;
        continue;
      }
      if (next.indent > indent) no();
      const up = this.close(seq, start, offset, indent, trivia);
      return { node: seq, value: arr, trivia: up, next: next.line };
    }
  }

  // ---- documents -------------------------------------------------------------------------------

  parse(): FastParse {
    const docs: Y.Document.Parsed[] = [];
    const values: unknown[] = [];
    let t = this.scanTrivia(0, 0, null);
    for (;;) {
      let docStart: number;
      let marker = false;
      if (t.indent < 0) {
        if (t.line >= this.n) break; // end of the text
        // `---`
        marker = true;
        docStart = t.line;
        const rest = this.restOfLine(t.line + 3);
        t = this.scanTrivia(rest.end, 0, null);
        if (t.indent < 0) no(); // an empty document
      } else {
        docStart = t.line;
      }
      const doc = new Document(undefined, this.options) as unknown as Y.Document.Parsed;
      this.schema = doc.schema;
      const m = t.indent;
      const dash = this.s.charCodeAt(t.contentAt) === DASH && this.isSeqIndicator(t.contentAt);
      const root = dash ? this.blockSeq(t.contentAt, m) : this.blockMap(t.contentAt, m);
      const next = this.nextOf(root.next);
      if (next.indent >= 0) no(); // content less indented than the root collection
      let end = endOf(root.node);
      if (root.trivia) end += root.trivia.end - root.trivia.start;
      doc.contents = root.node as any;
      doc.range = [docStart, endOf(root.node), end];
      if (marker) doc.directives.docStart = true;
      doc.errors = this.errors.splice(0);
      doc.warnings = [];
      docs.push(doc);
      values.push(root.value);
      t = next.line >= this.n ? { trivia: null, line: this.n, indent: -1, contentAt: this.n } : { trivia: null, line: next.line, indent: -1, contentAt: next.line };
    }
    return { docs, values };
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/**
 * The keys of one mapping so far, for yaml's duplicate-key error; linear in the number of keys.
 * Keys are almost always strings, and the mapping's plain object (`obj`, filled as toJS fills it,
 * each key after its value) already holds those: no Set is made for them — a model of 230,000
 * rules has as many flow mappings, a pasted block a million keys in one. The first key that is
 * not a string switches to a Set of the keys so far (yaml compares keys with ===: 1 and '1'
 * differ, and NaN never repeats).
 */
class KeySet {
  private set: Set<unknown> | undefined;
  constructor(private readonly obj: Record<string, unknown>) {}
  has(kv: unknown): boolean {
    if (!this.set && typeof kv === 'string') return Object.hasOwn(this.obj, kv);
    this.set ??= new Set(Object.keys(this.obj));
    return this.set.has(kv) && kv === kv;
  }
  add(kv: unknown): void { this.set?.add(kv); }
}

/** How toJS sets a key on a plain object (keys stringified, `__proto__` as an own property). */
function setKey(obj: Record<string, unknown>, key: unknown, value: unknown): void {
  const k = key === null ? '' : String(key);
  if (k === '__proto__') Object.defineProperty(obj, k, { value, writable: true, enumerable: true, configurable: true });
  else obj[k] = value;
}

/**
 * Parses `text` like yaml's parseAllDocuments (with prettyErrors off), or returns undefined when
 * the text is outside the subset. On success the line counter (if given) gets every line start.
 */
export function fastParse(text: string, lineCounter?: LineCounter, options: Record<string, unknown> = {}): FastParse | undefined {
  if (BAD_CHARS.test(text)) return undefined;
  let result: FastParse;
  // The errors it makes (duplicate keys) are reported by position, never by stack: capturing a
  // stack for each of 100,000 repeated keys was most of the time spent on such a file.
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    result = new Parser(text, { ...DOC_OPTIONS, ...options }).parse();
  } catch {
    // UNSUPPORTED, or anything unforeseen (e.g. a stack overflow on absurdly deep nesting):
    // yaml parses it and reports what it finds.
    return undefined;
  } finally {
    Error.stackTraceLimit = traces;
  }
  if (lineCounter) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  }
  return result;
}

const DOC_OPTIONS = { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false };
