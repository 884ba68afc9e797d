// Differential oracle for server/src/core/syntax/fastyaml.ts: parses a text with yaml's
// parseAllDocuments (as core/syntax/parse.ts configures it) and with fastParse, and lists every
// difference: document count and ranges, errors, plain values (toJS), line starts, and every
// node of both trees (kind, range triple, flow flag, scalar value/type/source/format).
import { parseAllDocuments, LineCounter, isMap, isSeq, isScalar, isPair, isDocument } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { fastParse } from '../../server/src/core/syntax/fastyaml.js';

export interface Comparison { fast: boolean; problems: string[] }

const OPTIONS = { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'error' } as const;

export function compareParsers(text: string): Comparison {
  const lines = new LineCounter();
  const fast = fastParse(text, lines);
  if (!fast) return { fast: false, problems: [] }; // yaml will parse it: nothing to compare
  const refLines = new LineCounter();
  const parsed = parseAllDocuments(text, { ...OPTIONS, lineCounter: refLines });
  const ref = Array.isArray(parsed) ? parsed : [];
  const problems: string[] = [];
  const say = (m: string) => { if (problems.length < 20) problems.push(m); };
  if (!isDeepStrictEqual(refLines.lineStarts, lines.lineStarts)) say('line starts differ');
  if (ref.length !== fast.docs.length) { say(`documents: yaml ${ref.length}, fast ${fast.docs.length}`); return { fast: true, problems }; }
  ref.forEach((r, i) => {
    const f = fast.docs[i];
    if (!isDocument(f)) say(`doc ${i}: not a yaml Document`);
    if (!isDeepStrictEqual(r.range, f.range)) say(`doc ${i}: range yaml ${JSON.stringify(r.range)} fast ${JSON.stringify(f.range)}`);
    const errs = (d: typeof r) => d.errors.map((e) => `${e.name} ${e.code} ${JSON.stringify(e.pos)} ${e.message}`);
    if (!isDeepStrictEqual(errs(r), errs(f))) say(`doc ${i}: errors yaml ${JSON.stringify(errs(r))} fast ${JSON.stringify(errs(f))}`);
    if (r.warnings.length !== f.warnings.length) say(`doc ${i}: warnings yaml ${r.warnings.length} fast ${f.warnings.length}`);
    const refValue = r.toJS({ maxAliasCount: 100 });
    if (!isDeepStrictEqual(refValue, fast.values[i])) say(`doc ${i}: value yaml ${JSON.stringify(refValue)} fast ${JSON.stringify(fast.values[i])}`);
    if (!isDeepStrictEqual(refValue, f.toJS())) say(`doc ${i}: toJS of the fast document differs`);
    if (r.directives?.docStart !== f.directives?.docStart && !(r.directives?.docStart == null && f.directives?.docStart == null)) say(`doc ${i}: docStart differs`);
    walk(r.contents, f.contents, `doc ${i}`, say);
  });
  return { fast: true, problems };
}

function walk(a: unknown, b: unknown, path: string, say: (m: string) => void): void {
  if (a === null || b === null || a === undefined || b === undefined) {
    if (a !== b) say(`${path}: yaml ${String(a)} fast ${String(b)}`);
    return;
  }
  const kind = (n: unknown) => isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isPair(n) ? 'pair' : 'other';
  const ka = kind(a), kb = kind(b);
  if (ka !== kb) { say(`${path}: yaml ${ka} fast ${kb}`); return; }
  if (ka === 'pair') {
    walk((a as any).key, (b as any).key, `${path}.key`, say);
    walk((a as any).value, (b as any).value, `${path}.value`, say);
    return;
  }
  const na = a as any, nb = b as any;
  if (!isDeepStrictEqual(na.range, nb.range)) say(`${path}: range yaml ${JSON.stringify(na.range)} fast ${JSON.stringify(nb.range)}`);
  if (ka === 'scalar') {
    for (const p of ['value', 'type', 'source', 'format', 'minFractionDigits', 'tag', 'anchor']) {
      if (!Object.is(na[p], nb[p])) say(`${path}: scalar ${p} yaml ${JSON.stringify(na[p])} fast ${JSON.stringify(nb[p])}`);
    }
    return;
  }
  if (!!na.flow !== !!nb.flow) say(`${path}: flow yaml ${!!na.flow} fast ${!!nb.flow}`);
  if (na.items.length !== nb.items.length) { say(`${path}: items yaml ${na.items.length} fast ${nb.items.length}`); return; }
  for (let i = 0; i < na.items.length; i++) walk(na.items[i], nb.items[i], `${path}[${i}]`, say);
}
