// core/data/csv.ts's fast path against its full reader, and the full reader against csv-parse: for
// seeded random CSV texts (quoted cells with commas, `""` and line breaks, stray and unclosed
// quotes, cells after a closing quote, NUL characters, empty and blank lines, a BOM, `\r\n` and
// lone `\r` line ends, mixed, no final line end, multi-byte text), the whole-text reader and the
// streaming reader at several chunk sizes give exactly the records (cells, issues, start lines)
// that the full reader alone gives, or the same error at the same line; and where csv-parse reads
// a file right (one kind of line end: `\n`), the full reader gives csv-parse's cells and lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { CsvError, forEachCsvRecord, readCsv, splitCsv } from '../../server/src/core/data/csv.js';
import { csvBatches } from './csv-batches.js';
import { rng } from '../../bench/prng.js';

type Outcome = { records: [string[], number][] } | { error: string; line: number; column: number };

const failed = (e: unknown): Outcome => {
  if (!(e instanceof CsvError)) throw e;
  return { error: e.message, line: e.line, column: e.column };
};

/** The full reader alone, over the whole text. */
function reference(text: string): Outcome {
  const records: [string[], number][] = [];
  try { readCsv(text, text.charCodeAt(0) === 0xfeff ? 1 : 0, 0, true, (cells, line) => records.push([cells, line])); return { records }; }
  catch (e) { return failed(e); }
}

/** csv-parse, with the options the loader used before it had its own full reader. */
const CSV_PARSE = { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: true } as const;
function csvParse(text: string): Outcome | undefined {
  try {
    const rows = parseCsvSync(text, CSV_PARSE) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is where a record ends; step back over its own line breaks to where it starts.
    return { records: rows.map((r) => [r.record, r.info.lines - r.record.reduce((n, c) => n + c.split('\n').length - 1, 0)]) };
  } catch { return undefined; }
}

function fastWhole(text: string): Outcome {
  const records: [string[], number][] = [];
  try { forEachCsvRecord(text, (cells, line) => records.push([cells, line])); return { records }; }
  catch (e) { return failed(e); }
}

async function fastStream(path: string, chunk: number): Promise<Outcome> {
  const records: [string[], number][] = [];
  try {
    for await (const b of csvBatches(path, chunk)) for (let i = 0; i < b.length; i += 2) records.push([b[i] as string[], b[i + 1] as number]);
    return { records };
  } catch (e) { return failed(e); }
}

const CELLS = ['', 'a', 'SaaS', 'x y', ' sp ', 'é', 'ü€ok', '12', '2026-11-20T09:00:00Z', 'salesforce;hubspot', '\t'];
const QUOTED = ['"q"', '"a,b"', '"line\nbreak"', '"esc""aped"', '""', '"a\n\nb"', '"crlf\r\nin"', '"5"" screen"'];
const ODD = ['x"y', '"x"y', '"x" ', '"open', ' "lead"', 'nul\0', '"q\0"'];

function randomCsv(r: () => number, odd: boolean): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const eol = r() < 0.15 ? pick(['\r\n', '\r']) : '\n';
  const mixed = r() < 0.1;
  const lines: string[] = [];
  const cols = 1 + Math.floor(r() * 4);
  const n = Math.floor(r() * 8);
  for (let i = 0; i <= n; i++) {
    if (r() < 0.1) { lines.push(r() < 0.5 ? '' : '   '); continue; }
    const k = r() < 0.15 ? 1 + Math.floor(r() * 5) : cols;
    const cells: string[] = [];
    for (let c = 0; c < k; c++) {
      const x = r();
      cells.push(odd && x < 0.08 ? pick(ODD) : x < 0.35 ? pick(QUOTED) : pick(CELLS));
    }
    lines.push(cells.join(','));
  }
  let text = mixed ? lines.map((l) => l + pick(['\n', '\r\n', '\r'])).join('') : lines.join(r() < 0.05 ? pick(['\n', '\r\n']) : eol);
  if (r() < 0.7) text += eol;
  if (r() < 0.1) text = '\uFEFF' + text;
  return text;
}

test('the whole-text fast path reads what the full reader reads (3,000 random texts)', () => {
  const r = rng(0xc5f);
  for (let i = 0; i < 3000; i++) {
    const text = randomCsv(r, i % 3 === 0);
    assert.deepEqual(fastWhole(text), reference(text), `text ${JSON.stringify(text)}`);
  }
});

test('the full reader reads what csv-parse reads where csv-parse is right (one kind of line end, no NUL)', () => {
  const r = rng(0xc60);
  let compared = 0;
  for (let i = 0; i < 3000; i++) {
    const text = randomCsv(r, i % 3 === 0);
    if (/[\r\0]/.test(text) || /"x"|"open/.test(text)) continue; // csv-parse's own readings of these differ on purpose
    const want = csvParse(text);
    if (!want) continue;
    const got = reference(text);
    assert.ok('records' in got, `text ${JSON.stringify(text)}`);
    assert.deepEqual(got.records.map(([c, l]) => [[...c], l]), (want as { records: [string[], number][] }).records, `text ${JSON.stringify(text)}`);
    compared++;
  }
  assert.ok(compared > 1000, `compared ${compared}`);
});

test('the streaming fast path reads what the full reader reads, at any chunk size', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-csv-'));
  try {
    const r = rng(0xc5e);
    for (let i = 0; i < 300; i++) {
      const text = randomCsv(r, i % 3 === 0);
      const path = join(dir, `t${i}.csv`);
      writeFileSync(path, text);
      const want = reference(text);
      for (const chunk of [1, 2, 3, 7, 64, 1 << 16]) assert.deepEqual(await fastStream(path, chunk), want, `chunk ${chunk}, text ${JSON.stringify(text)}`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('plain and cleanly quoted records stay on the fast path; odd ones are handed over where they start', () => {
  const got: [string[], number][] = [];
  const p = splitCsv('id,name\nL1,"Acme, Inc."\nL2,"two\nlines"\n\nL3,x\n', 0, 0, true, (c, l) => got.push([c, l]));
  assert.deepEqual(p, { consumed: 45, lines: 6, handOver: false });
  assert.deepEqual(got, [[['id', 'name'], 1], [['L1', 'Acme, Inc.'], 2], [['L2', 'two\nlines'], 3], [['L3', 'x'], 6]]);
  const odd = splitCsv('id,name\nL1,5" screen\nL2,x\n', 0, 0, true, () => {});
  assert.deepEqual(odd, { consumed: 8, lines: 1, handOver: true });
  const cr = splitCsv('id,name\r\nL1,x\r\n', 0, 0, true, () => {});
  assert.equal(cr.handOver, true);
  assert.equal(cr.consumed, 0);
  const nul = splitCsv('id,name\nL1,x\0\n', 0, 0, true, () => {});
  assert.equal(nul.handOver, true);
});
