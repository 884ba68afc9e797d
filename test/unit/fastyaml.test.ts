// The fast YAML path (server/src/core/syntax/fastyaml.ts) must either refuse a text or give exactly what
// yaml@2.9.1 gives: same documents, ranges of every node, flow flags, scalar values/types,
// duplicate-key errors, line starts, and plain values. Checked on every YAML text of the
// repository and the contract, on seeded random documents (intact and broken), on hand-picked
// cases, and through parseFile (the public entry point the engine uses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseAllDocuments, isDocument, isMap, isScalar, Scalar } from 'yaml';
import { fastParse } from '../../server/src/core/syntax/fastyaml.js';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compareParsers } from './fastyaml-compare.js';
import { randomDocument } from './fastyaml-random.js';

const SPEC = resolve('..', 'shared', 'SPEC.md');
const BASIC = resolve('..', 'shared', 'examples', 'basic');

function assertSame(text: string, label: string): boolean {
  const r = compareParsers(text);
  assert.deepEqual(r.problems, [], `${label}: the fast path differs from yaml\n${JSON.stringify(text.slice(0, 2000))}`);
  return r.fast;
}

/** The template literals of a TypeScript source as written between their backticks (`${…}` kept
 *  as text), outside comments and quoted strings, with literals nested in `${…}` found too: a
 *  regular expression from one backtick to the next also caught the code between two literals. */
function templateLiterals(src: string): string[] {
  const out: string[] = [];
  // One entry per open template: where its text starts, and the brace depth of each open `${`.
  const open: { start: number; braces: number[] }[] = [];
  let i = 0;
  const inCode = () => open.length === 0 || open[open.length - 1].braces.length > 0;
  while (i < src.length) {
    const c = src[i];
    if (!inCode()) {
      if (c === '\\') i += 2;
      else if (c === '`') { out.push(src.slice(open.pop()!.start, i)); i++; }
      else if (c === '$' && src[i + 1] === '{') { open[open.length - 1].braces.push(0); i += 2; }
      else i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (c === "'" || c === '"') {
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '`') { open.push({ start: i + 1, braces: [] }); i++; continue; }
    const braces = open.length ? open[open.length - 1].braces : undefined;
    if (braces && c === '{') braces[braces.length - 1]++;
    else if (braces && c === '}') { if (braces[braces.length - 1] === 0) braces.pop(); else braces[braces.length - 1]--; }
    i++;
  }
  return out;
}

/** Every YAML text we can find: tracked .yaml/.yml files, the shared example, SPEC.md's blocks,
 *  and the YAML written inline in the test suites (template literals holding `leadspec:`). */
function corpus(): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  const tracked = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of tracked) if (existsSync(f)) out.push({ label: f, text: readFileSync(f, 'utf8') });
  if (existsSync(BASIC)) for (const f of readdirSync(BASIC).filter((x) => /\.ya?ml$/.test(x))) out.push({ label: `basic/${f}`, text: readFileSync(join(BASIC, f), 'utf8') });
  if (existsSync(SPEC)) [...readFileSync(SPEC, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].forEach((m, i) => out.push({ label: `SPEC.md block ${i + 1}`, text: m[1] }));
  for (const suite of ['unit', 'cli', 'protocol', 'parity']) {
    const dir = resolve('test', suite);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      for (const text of templateLiterals(readFileSync(join(dir, f), 'utf8'))) if (/^\s*leadspec:/m.test(text)) out.push({ label: `${suite}/${f} literal`, text });
    }
  }
  return out;
}

test('every YAML text of the repository, the contract and the test suites: fast path refuses or matches yaml', () => {
  const texts = corpus();
  assert.ok(texts.length > 20, `found only ${texts.length} YAML texts`);
  let fast = 0;
  for (const { label, text } of texts) if (assertSame(text, label)) fast++;
  assert.ok(fast > texts.length / 2, `the fast path took only ${fast} of ${texts.length} texts`);
});

test('the samples and the shared example are inside the subset (the fast path is what parses them)', () => {
  const files = execFileSync('git', ['ls-files', 'samples/*.yaml', 'samples/**/*.yaml'], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => resolve(f));
  if (existsSync(BASIC)) files.push(...readdirSync(BASIC).filter((x) => x.endsWith('.yaml')).map((f) => join(BASIC, f)));
  assert.ok(files.length >= 8);
  for (const f of files) assert.ok(fastParse(readFileSync(f, 'utf8')), `${f} fell back to yaml`);
});

test('3,000 seeded random leadspec-like documents: fast path refuses or matches yaml, and takes most of them', () => {
  let fast = 0;
  for (let seed = 1; seed <= 3000; seed++) if (assertSame(randomDocument(seed, { mutate: false }), `seed ${seed}`)) fast++;
  assert.ok(fast > 1800, `the fast path took only ${fast} of 3000 random documents`);
});

test('1,500 seeded random documents dense with comment and blank lines: refuse or match', () => {
  let fast = 0;
  for (let seed = 200001; seed <= 201500; seed++) if (assertSame(randomDocument(seed, { mutate: false, dense: true }), `dense seed ${seed}`)) fast++;
  assert.ok(fast > 700, `the fast path took only ${fast} of 1500 dense documents`);
});

test('2,000 seeded random documents with random edits (broken, half-typed): refuse or match', () => {
  let fast = 0;
  for (let seed = 100001; seed <= 102000; seed++) if (assertSame(randomDocument(seed, { mutate: true }), `mutated seed ${seed}`)) fast++;
  assert.ok(fast > 200, `the fast path took only ${fast} of 2000 edited documents`);
});

test('outside the subset the fast path refuses (yaml parses those)', () => {
  const outside = [
    'a: &x 1\nb: *x\n', 'a: !!str 1\n', '%YAML 1.2\n---\na: 1\n', 'a: |\n  text\n', 'a: >-\n  text\n',
    'a: one\n  two\n', 'a: "one\n  two"\n', "a: 'one\n  two'\n", '? a\n: 1\n', 'a:\n\tb: 1\n', 'a: 1\r\nb: 2\r\n',
    '\ufeffa: 1\n', 'a: 1\n...\n', 'a: [1, # c\n  2]\n', 'a: b: c\n', 'a:\n    b: 1\n  c: 2\n', '- a\nb: 1\n',
    'a: [1, 2\n', 'a: "x\\q"\n', '[a]: 1\n', 'a: 1\n---\n', '<<: {a: 1}\n', 'a: {b}\n', 'a: [b: 1]\n', 'a: [1,,2]\n',
    'a: @x\n', 'a: `x\n', 'a: %x\n', 'a: - b\n', `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`,
  ];
  for (const text of outside) {
    assert.equal(fastParse(text), undefined, `accepted ${JSON.stringify(text)}`);
    parseFile('x.yaml', text); // and parseFile still parses it (through yaml), without throwing
  }
});

test('YAML 1.2 core schema exactly as yaml resolves it (values written out by hand)', () => {
  const text = [
    'n1: ', 'n2: ~', 'n3: null', 'n4: Null', 'n5: NULL', 'n6: nULL', 'b1: true', 'b2: True', 'b3: TRUE', 'b4: false', 'b5: tRUE',
    'i1: 0', 'i2: -25', 'i3: +3', 'i4: 007', 'i5: 0o17', 'i6: 0x1F', 'i7: 0o19', 'f1: 1.5', 'f2: .5', 'f3: 1e3', 'f4: -1E-2',
    'f5: .inf', 'f6: -.Inf', 'f7: .nan', 's1: 09:00', 's2: 2026-11-26', 's3: 30d', 's4: "1"', "s5: 'true'", 's6: 1_000',
    's7: "a\\tb\\u00e9\\x41\\"q\\\\"', "s8: 'it''s'", 's9: a#b', 's10: http://x.y/z', 'k: { "1": x, 1: y }',
  ].join('\n') + '\n';
  const f = fastParse(text);
  assert.ok(f, 'the fast path should take it');
  const v = f.values[0] as Record<string, unknown>;
  assert.deepEqual(v, {
    n1: null, n2: null, n3: null, n4: null, n5: null, n6: 'nULL', b1: true, b2: true, b3: true, b4: false, b5: 'tRUE',
    i1: 0, i2: -25, i3: 3, i4: 7, i5: 15, i6: 31, i7: '0o19', f1: 1.5, f2: 0.5, f3: 1000, f4: -0.01,
    f5: Infinity, f6: -Infinity, f7: NaN, s1: '09:00', s2: '2026-11-26', s3: '30d', s4: '1', s5: 'true', s6: '1_000',
    s7: 'a\tbéA"q\\', s8: "it's", s9: 'a#b', s10: 'http://x.y/z', k: { 1: 'y' },
  });
  assertSame(text, 'core schema');
});

test('duplicate keys: the same DUPLICATE_KEY errors, at the second key, and the last value wins', () => {
  const text = 'leadspec: v1\nid: a\nid: b\nwhen: { x: 1, x: 2 }\n';
  const f = fastParse(text);
  assert.ok(f);
  assert.deepEqual(f.docs[0].errors.map((e) => [e.code, e.pos]), [['DUPLICATE_KEY', [19, 20]], ['DUPLICATE_KEY', [39, 40]]]);
  assert.deepEqual(f.values[0], { leadspec: 'v1', id: 'b', when: { x: 2 } });
  assertSame(text, 'duplicates');
  const p = parseFile('d.yaml', text);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['LS002', 2, 0], ['LS002', 3, 14]]);
});

test('real yaml nodes and documents: type guards, flow flags, ranges and toJS all work on them', () => {
  const text = '# head\nleadspec: v1\nkind: scoring\nfit:\n  rules:\n    - { id: a, points: 5 }   # trailing\n    - id: b\n      when: [x, "y"]\n---\nleadspec: v1\n';
  const f = fastParse(text)!;
  assert.equal(f.docs.length, 2);
  const [d0, d1] = f.docs;
  assert.ok(isDocument(d0) && isMap(d0.contents));
  assert.deepEqual(d0.range, [7, 121, 121]); // from the first key to the `---` line
  assert.deepEqual(d1.range, [121, 138, 138]); // from `---` to the end
  assert.equal(d1.directives.docStart, true);
  const rule = d0.getIn(['fit', 'rules', 0], true) as any;
  assert.equal(rule.flow, true);
  assert.deepEqual(rule.range, [54, 74, 88]); // `{` … `}`, then to the end of its line (trailing comment)
  const y = d0.getIn(['fit', 'rules', 1, 'when', 1], true) as Scalar;
  assert.ok(isScalar(y) && y.type === Scalar.QUOTE_DOUBLE && y.value === 'y');
  assert.deepEqual(d0.toJS(), parseAllDocuments(text)[0].toJS());
  assertSame(text, 'nodes');
});

test('parseFile uses the fast path and gives what the yaml path gives (values, kinds, ids, ranges)', () => {
  for (const f of ['samples/scoring/inbound.yaml', 'samples/sla.yaml', 'samples/tests.yaml']) {
    const text = readFileSync(f, 'utf8');
    const p = parseFile(f, text);
    assert.deepEqual(p.diagnostics, []);
    const ref = parseAllDocuments(text).filter((d) => isMap(d.contents));
    assert.equal(p.docs.length, ref.length);
    p.docs.forEach((d, i) => {
      assert.deepEqual(d.value, ref[i].toJS());
      assert.deepEqual(d.range.start.line, text.slice(0, ref[i].range[0]).split('\n').length - 1);
    });
  }
  // a leadspec version error still points at the value, through the fast path's ranges
  const p = parseFile('v.yaml', 'leadspec: v2\nkind: icp\n');
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range]), [['LS005', { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } }]]);
});

test('the corpus reads template literals whole, not the code between two of them', () => {
  const src = [
    "const a = `leadspec: v1\\nkind: icp`; // a `comment` with backticks",
    "const b = f(`x ${`inner ${'}'} text`} y`, '`not a literal`', \"`nor this`\");",
    "/* `nor` this */ const c = `{ ${ { k: 1 }.k } }`;",
  ].join('\n');
  assert.deepEqual(templateLiterals(src), ['leadspec: v1\\nkind: icp', "inner ${'}'} text", "x ${`inner ${'}'} text`} y", '{ ${ { k: 1 }.k } }']);
});
