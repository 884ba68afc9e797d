// The language server's incremental re-parse must give exactly what a full parse gives: same
// plain values, same node ranges, same kinds/ids, same diagnostics — over seeded random edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, isPair, isScalar } from 'yaml';
import { parseFile, type ParsedFile } from '../../server/src/core/syntax/parse.js';
import { reparse, reparseStats } from '../../server/src/features/incremental.js';
import { scoringFile, editAt } from '../../bench/lsp-fixture.js';
import { rng } from '../../bench/prng.js';

function shape(f: ParsedFile): unknown {
  const nodes: unknown[] = [];
  const walk = (n: unknown) => {
    if (!n) return;
    if (isPair(n)) { walk(n.key); walk(n.value); return; }
    const r = (n as any).range as number[] | undefined;
    nodes.push([isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? `s:${String(n.value)}` : '?', r?.[0], r?.[1]]);
    if (isMap(n) || isSeq(n)) for (const it of n.items as unknown[]) walk(it);
  };
  for (const d of f.docs) walk(d.yaml.contents);
  return {
    docs: f.docs.map((d) => ({ kind: d.kind, id: d.id, range: d.range, value: d.value, yamlRange: d.yaml.range })),
    nodes,
    diagnostics: f.diagnostics.map((d) => [d.code, d.range, d.message]),
    lines: f.lineCounter.lineStarts,
  };
}

function check(prev: ParsedFile, text: string, label: string): ParsedFile {
  const inc = reparse(prev, text);
  const full = parseFile(prev.file, text);
  assert.deepEqual(shape(inc), shape(full), label);
  return inc;
}

test('editing rule points re-parses incrementally and matches a full parse', () => {
  let text = scoringFile(600, 3);
  let f = parseFile('s.yaml', text);
  const before = reparseStats.incremental;
  for (let i = 0; i < 40; i++) {
    text = editAt(text, i).text;
    f = check(f, text, `edit ${i}`);
  }
  assert.ok(reparseStats.incremental - before >= 38, `only ${reparseStats.incremental - before} of 40 edits were incremental`);
});

const ALPHABET = ['a', 'z', '1', '9', ' ', ' ', ':', '-', '{', '}', '[', ']', ',', '\n', '#', '"', "'", '  ', '\n  - ', 'id: x', 'points: 3', '\t', '&a', '*a', '---\n'];

for (const [name, source] of [
  ['generated scoring model', scoringFile(300, 11)],
  ['example sla', readFileSync(join(__dirname, '../../../shared/examples/basic/sla.yaml'), 'utf8')],
  ['example icp', readFileSync(join(__dirname, '../../../shared/examples/basic/icp.yaml'), 'utf8')],
] as const) {
  test(`seeded random edits of the ${name} give the same result as a full parse`, () => {
    const r = rng(name.length * 7919);
    let text = source;
    let f = parseFile('r.yaml', text);
    for (let i = 0; i < 300; i++) {
      const pos = Math.floor(r() * (text.length + 1));
      const op = r();
      if (op < 0.4) text = text.slice(0, pos) + ALPHABET[Math.floor(r() * ALPHABET.length)] + text.slice(pos);
      else if (op < 0.8) text = text.slice(0, pos) + text.slice(Math.min(text.length, pos + 1 + Math.floor(r() * 4)));
      else if (op < 0.9) text = source; // back to a clean state now and then
      else { const m = /\d+/.exec(text.slice(pos)); if (m) { const at = pos + m.index; text = text.slice(0, at) + String(Math.floor(r() * 100)) + text.slice(at + m[0].length); } }
      f = check(f, text, `step ${i}: ${JSON.stringify(text.slice(Math.max(0, pos - 20), pos + 20))}`);
    }
  });
}
