// io/json-strict.ts finds what DuckDB's JSON reader accepts and JSON.parse does not (trailing
// commas, NaN/Infinity) or reads otherwise (a repeated key: DuckDB keeps the first value), so that
// `--engine duckdb` falls back instead of computing from a different reading of the file. It must
// find each of them wherever the chunks of the file end, and never flag valid JSON that only looks
// like them (inside strings, nested, spaced).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrictJsonScan } from '../../server/src/io/json-strict.js';
import { rng } from '../../bench/prng.js';

/** The scan of `text` fed in chunks of `size` bytes (0: whole). */
function scan(text: string, depth: number, size = 0): string | undefined {
  const bytes = Buffer.from(text);
  const s = new StrictJsonScan(depth);
  const step = size || bytes.length || 1;
  for (let i = 0; i < bytes.length; i += step) {
    const why = s.feed(bytes.subarray(i, i + step));
    if (why) return why;
  }
  return s.end();
}
const every = (text: string, depth: number) => [0, 1, 2, 3, 7].map((n) => scan(text, depth, n));

test('flags each construct DuckDB reads and JSON.parse does not, at its line, in any chunking', () => {
  const cases: [string, RegExp][] = [
    ['{"a":1}\n{"a":1,}\n', /^line 2 has a comma before '}'/],
    ['{"a":[1,2,]}\n', /^line 1 has a comma before ']'/],
    ['{"a":1 ,\n', /^$/], // not flagged: a broken line DuckDB fails on by itself
    ['{"a":1}\n\n{"a":"x" ,  \t}\n', /^line 3 has a comma/],
    ['{"a":NaN}\n', /^line 1 has the bare word 'NaN'/],
    ['{"a":-Infinity}\n', /bare word 'Infinity'/],
    ['{"a":[1,inf]}\n', /bare word 'inf'/],
    ['{"lead_id":"L1","event":"call","at":"x","event":"visit"}\n', /^line 1 repeats a key/],
    ['{"a\\u0062":1,"ab":2}\n', /^line 1 has a key written with escapes/],
    // A NUL from an escape (the loader removes it from an id, DuckDB keeps it), in a value at any place.
    ['{"id":"L1\\u0000"}\n', /^line 1 has the escape \\u0000/],
    ['{"a":1}\n{"id":"\\u0000x"}\n', /^line 2 has the escape \\u0000/],
    ['{"a":["x","\\\\","\\u0000"]}\n', /^line 1 has the escape \\u0000/],
  ];
  for (const [text, want] of cases) for (const got of every(text, 1)) assert.match(got ?? '', want, JSON.stringify(text));
  // A JSON array of records: keys of each record, commas of the array.
  for (const got of every('[\n {"id":"a","n":1},\n {"id":"b","n":2,"n":3}\n]', 2)) assert.match(got ?? '', /^line 3 repeats a key/);
  for (const got of every('[{"id":"a"},{"id":"b"},]', 2)) assert.match(got ?? '', /comma before ']'/);
});

test('valid JSON that only looks like those constructs is not flagged', () => {
  const ok = [
    '{"note":"NaN,}","x":"a,]","y":"\\",}\\"","z":"Infinity"}\n',
    '{"a":{"a":1,"a":2},"b":[{"a":1},{"a":2}],"c":[1,[2,3]]}\n', // repeats below the record
    '{"n":1e5,"m":-2.5E+3,"k":0.5e-2,"t":true,"f":false,"z":null}\n',
    '{"a":1}\r\n{"a":2}\r\n',
    '{"key":"value with \\\\ backslash","k2":"\\u00e9\\n"}\n',
    // Not a NUL: other escapes with zeros, an escaped backslash before u0000, a zero code point's look-alikes.
    '{"a":"\\u0001\\u0100\\u1000\\u000A","b":"\\\\u0000","c":"u0000","d":"\\u00200"}\n',
    '{"a":"x"}', // no final line feed
  ];
  for (const text of ok) for (const got of every(text, 1)) assert.equal(got, undefined, JSON.stringify(text));
  for (const got of every('[\n {"id":"a","k":{"id":1}},\n {"id":"b","v":[true,null,1e-3]}\n]\n', 2)) assert.equal(got, undefined);
});

test('random records: valid ones are never flagged; each one made lenient is, in any chunking', () => {
  const r = rng(17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const texts = ['a', 'NaN', ',}', ',]', 'x\\"y', 'é', ' ', 'Infinity', '\\\\', 'true'];
  const value = (d: number): string => {
    const k = r();
    if (d < 2 && k < 0.15) return `[${Array.from({ length: Math.floor(r() * 3) }, () => value(d + 1)).join(', ')}]`;
    if (d < 2 && k < 0.3) return `{${['p', 'q'].slice(0, Math.floor(r() * 3)).map((x) => `"${x}": ${value(d + 1)}`).join(',')}}`;
    if (k < 0.6) return `"${pick(texts)}${pick(texts)}"`;
    if (k < 0.8) return pick(['0', '-1.5', '2e10', '3E-2', '42']);
    return pick(['true', 'false', 'null']);
  };
  for (let i = 0; i < 400; i++) {
    const keys = ['lead_id', 'event', 'at', 'url', 'n'].filter(() => r() < 0.7);
    const pairs = keys.map((k) => `"${k}":${pick(['', ' '])}${value(0)}`);
    const line = `{${pairs.join(pick([',', ', ']))}}`;
    assert.doesNotThrow(() => JSON.parse(line), line);
    assert.equal(scan(line + '\n', 1), undefined, line);
    assert.equal(scan(line + '\n', 1, 1 + (i % 5)), undefined, line);
    if (!pairs.length) continue;
    const bad = [
      `{${pairs.join(',')},}`,
      `{${[...pairs, `"${keys[0]}":1`].join(',')}}`,
      `{${[...pairs, `"v":${pick(['NaN', '-Infinity', 'inf', 'nan'])}`].join(',')}}`,
    ];
    for (const b of bad) {
      assert.ok(scan(`{"ok":1}\n${b}\n`, 1)?.startsWith('line 2 '), b);
      assert.ok(scan(`{"ok":1}\n${b}\n`, 1, 1 + (i % 7))?.startsWith('line 2 '), b);
    }
  }
});
