// The byte-level CSV reader of the workers (io/csv-bytes.ts) against csvBatches (io/samples.ts):
// one worker gets every record csvBatches gives, with its line; N workers each get at least
// every record whose key cell they own (ownerOf of the trimmed cell, '' for a short row), in
// order, and nothing that is not a record — on files made to break it: BOM, CRLF and lone CR,
// quotes, quoted line breaks and commas, NULs, unicode and padded ids, blank and short rows, a
// repeated id column, invalid UTF-8, tab-separated (.tsv) files — at chunk sizes that cut lines and characters anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateLines, utf8Collector } from '../../server/src/io/samples.js';
import { csvBatches } from './csv-batches.js';
import { readCsvOwned } from '../../server/src/io/csv-bytes.js';
import { ownerOf } from '../../server/src/io/jsonl-bytes.js';
import { rng } from '../../bench/prng.js';
import { asObjectLeads } from '../../server/src/core/data/event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'leadspec-csv-bytes-'));
let files = 0;

type Rec = { cells: string[]; line: number; issues?: unknown };

async function general(path: string) {
  const u = utf8Collector();
  const recs: Rec[] = [];
  for await (const batch of csvBatches(path, 1 << 20, u.invalid)) {
    for (let i = 0; i < batch.length; i += 2) { const c = batch[i] as string[] & { issues?: unknown }; recs.push({ cells: [...c], line: batch[i + 1] as number, issues: c.issues }); }
  }
  return { recs, utf8: u.found };
}

function owned(path: string, me: number, count: number, chunk: number) {
  const u = utf8Collector();
  const recs: Rec[] = [];
  let header: string[] | undefined;
  readCsvOwned(path, {
    record: (cells, line) => {
      recs.push({ cells: [...cells], line, issues: cells.issues });
      if (!header) { header = cells.map((c) => c.trim()); return header.lastIndexOf('id'); }
      return undefined;
    },
  }, me, count, u.invalid, chunk);
  return { recs, utf8: u.found };
}

async function check(content: string | Buffer, what: string, ext = 'csv') {
  const path = join(dir, `f${files++}.${ext}`);
  writeFileSync(path, content);
  let want: Awaited<ReturnType<typeof general>>;
  try { want = await general(path); } catch (e) {
    // An unreadable file (a quote never closed) fails the same way.
    for (const chunk of [1, 5, 1 << 20]) assert.throws(() => owned(path, 0, 1, chunk), { message: (e as Error).message }, what);
    return;
  }
  const key = want.recs.length ? want.recs[0].cells.map((c) => c.trim()).lastIndexOf('id') : -1;
  const ownerOfRec = (r: Rec, count: number) => (key < 0 || r.cells.length <= key ? 0 : ownerOf(r.cells[key].trim(), count));
  for (const chunk of [1, 2, 5, 64, 1 << 20]) {
    const one = owned(path, 0, 1, chunk);
    assert.deepEqual(one, want, `${what}: one worker, chunks of ${chunk}`);
    for (const count of [2, 3]) {
      for (let me = 0; me < count; me++) {
        const got = owned(path, me, count, chunk);
        assert.deepEqual(got.utf8, want.utf8, `${what}: utf8`);
        // In order, a sub-list of csvBatches' records holding every record this worker owns.
        let k = 0;
        for (const [i, r] of want.recs.entries()) {
          if (k < got.recs.length && got.recs[k].line === r.line) { assert.deepEqual(got.recs[k], r, `${what}: record at line ${r.line}`); k++; continue; }
          assert.ok(i > 0 && ownerOfRec(r, count) !== me, `${what}: worker ${me} of ${count} (chunks of ${chunk}) missed its record at line ${r.line}`);
        }
        assert.equal(k, got.recs.length, `${what}: worker ${me} of ${count} got records csvBatches does not give`);
      }
    }
  }
}

const HEADER = 'id,name,score';
const ROWS = ['L1,Acme,1', ' L2 ,Beta,2', 'Lé,Gamma,3', 'L4', '', 'L5,"Comma, Inc",5', 'L6,"Line\nbreak",6', 'L7,"Quoted"after,7',
  'L8,Nul\0here,8', 'L9,x,9,extra', '   ', ',no id,0', 'L10,,', 'Zoë ,Zed,11', 'L\u00a0,nbsp,12', '"L13",quoted id,13', 'L14,tab\there,14'];

test('each kind of row, after a plain header, LF / CRLF / CR', async () => {
  for (const [i, r] of ROWS.entries()) await check(`${HEADER}\nL0,a,0\n${r}\nL99,z,99\n`, `row ${i}: ${JSON.stringify(r)}`);
  await check([HEADER, ...ROWS].join('\n'), 'all rows, LF, no final line end');
  await check([HEADER, ...ROWS].join('\r\n') + '\r\n', 'all rows, CRLF');
  await check([HEADER, ...ROWS].join('\r'), 'all rows, CR');
});

test('headers: BOM, quoted, repeated id, id not first, no id, blank lines first, empty file, header only', async () => {
  await check('\uFEFF' + [HEADER, 'L1,a,1', 'L2,b,2'].join('\n'), 'BOM');
  await check('\uFEFF"id",name\nL1,a\nL2,b\n', 'BOM and a quoted header');
  await check('id,name,id\nL1,a,X1\nL2,b,X2\nL3,c\n', 'id twice: the later one is the key');
  await check('name, id \na,L1\nb,L2\nc\n', 'id not first, padded in the header');
  await check('name,score\na,1\nb,2\n', 'no id column');
  await check('\n\n' + [HEADER, 'L1,a,1', 'L2,b,2'].join('\n'), 'blank lines before the header');
  await check('', 'empty file');
  await check(HEADER, 'header only');
  await check('id,name\nL1,"never closed\nL2,b\n', 'a quote never closed');
});

test('tab-separated (.tsv): every kind of row and header with tabs and commas swapped, LF / CRLF', async () => {
  const swap = (t: string) => t.replace(/[,\t]/g, (c) => (c === ',' ? '\t' : ','));
  const rows = ROWS.map(swap), header = swap(HEADER);
  for (const [i, r] of rows.entries()) await check(`${header}\nL0\ta\t0\n${r}\nL99\tz\t99\n`, `tsv row ${i}: ${JSON.stringify(r)}`, 'tsv');
  await check([header, ...rows].join('\n'), 'tsv: all rows, LF', 'tsv');
  await check([header, ...rows].join('\r\n') + '\r\n', 'tsv: all rows, CRLF', 'tsv');
  await check(swap('name, id \na,L1\nb,L2\nc\n'), 'tsv: id not first, padded in the header', 'tsv');
  // Cells split at tabs only: commas are text.
  const path = join(dir, 'cells.tsv');
  writeFileSync(path, 'id\tname\nL1\tAcme, Inc\nL2\t"Tab\there"\n');
  assert.deepEqual((await general(path)).recs.map((r) => r.cells), [['id', 'name'], ['L1', 'Acme, Inc'], ['L2', 'Tab\there']]);
});

test('invalid UTF-8 in ids and cells', async () => {
  await check(Buffer.concat([Buffer.from(`${HEADER}\nL`), Buffer.from([0xff]), Buffer.from(',a,1\nL2,b'), Buffer.from([0xe2, 0x82]), Buffer.from(',2\nL3,c,3')]), 'invalid bytes');
});

test('random files from those rows', async () => {
  const r = rng(11);
  const ends = ['\n', '\r\n', '\n\n'];
  for (let k = 0; k < 25; k++) {
    let text = HEADER + '\n';
    for (let j = 0; j < 60; j++) text += (r() < 0.8 ? `L${Math.floor(r() * 1000)},n${j},${j}` : ROWS[Math.floor(r() * ROWS.length)]) + ends[Math.floor(r() * ends.length)];
    await check(text, `random file ${k}`);
  }
});

test('leads loaded from a file (records adopted as raw, per-field interning, enum checks remembered) equal the text path, key order included', async () => {
  const { loadSampleFiles } = await import('../../server/src/io/samples.js');
  const { loadLeadsFromText } = await import('../../server/src/core/data/leads.js');
  const catalog = { fields: { name: { type: 'string' as const }, score: { type: 'number' as const }, kind: { type: 'enum' as const, values: ['SaaS', 'Retail'] } }, events: {} };
  const r = rng(3);
  let text = 'id,name,score,kind,extra,id\n';
  for (let i = 0; i < 3000; i++) text += `${r() < 0.05 ? ' ' : ''}L${i},Co ${i},${r() < 0.1 ? 'n/a' : i},${['SaaS', 'saas', ' SAAS ', 'Retail', 'Bogus', ''][i % 6]},x${i % 7},${r() < 0.02 ? `L${i - 1}` : `L${i}`}\n`;
  text += 'L5,dup\n"L9000","Quoted, Co",1,Retail\n';
  const path = join(dir, 'adopt.csv');
  writeFileSync(path, text);
  const fromFile = await loadSampleFiles(catalog, { leads: path, label: () => 'leads.csv' });
  const fromText = loadLeadsFromText(catalog, { text, file: 'leads.csv' });
  assert.equal(JSON.stringify(fromFile.leads), JSON.stringify(fromText.leads));
  assert.deepEqual(fromFile.warnings, fromText.warnings);
});

test('CSV events under a plain header go straight to addEventFields: the same events and warnings as the record path', async () => {
  const { loadSampleFiles } = await import('../../server/src/io/samples.js');
  const { loadLeadsFromText } = await import('../../server/src/core/data/leads.js');
  const catalog = { fields: {}, events: { a: { properties: { n: 'number' as const, ok: 'boolean' as const } }, b: {} } };
  const leads = 'id\nL1\nL2\nLé\n';
  const bodies = [
    'L1,a,2026-01-01T00:00:00Z,5,yes,x\nL2,b,2026-01-02T00:00:00Z,,,\n L1 ,A,2026-01-01 10:00,x,maybe,y\nL9,a,2026-01-01T00:00:00Z,1,1,1\n,a,2026-01-01T00:00:00Z,,,\nL1,,2026-01-01T00:00:00Z,,,\nL1,a,never,,,\nL1,zz,2026-01-03T00:00:00Z,,,\nLé,a,2026-01-01T00:00:00.5Z,1e3,false,\nL2,a,2026-01-01T00:00:00Z\nL2,a,2026-01-01T00:00:00Z,1,true,x,extra\n"L1","a","2026-01-05T00:00:00Z","7","no","q,r"\n',
  ];
  const headers = ['lead_id,event,at,n,ok,note', 'lead_id,event,at,n,ok,at', 'lead_id,event,at,n,ok,', 'lead_id,event,at,n,ok,1', 'event,lead_id,at,ok,n,__proto__'];
  for (const header of headers) {
    for (const body of bodies) {
      const text = `${header}\n${body}`;
      for (const ending of ['\n', '\r\n']) {
        const t = text.replace(/\n/g, ending);
        writeFileSync(join(dir, 'l.csv'), leads);
        writeFileSync(join(dir, 'e.csv'), t);
        const fromFile = await loadSampleFiles(catalog, { leads: join(dir, 'l.csv'), events: join(dir, 'e.csv'), label: (p) => (p.endsWith('e.csv') ? 'e.csv' : 'l.csv') });
        const fromText = loadLeadsFromText(catalog, { text: leads, file: 'l.csv' }, { text: t, file: 'e.csv' });
        assert.equal(JSON.stringify(asObjectLeads(fromFile.leads)), JSON.stringify(fromText.leads), `${header} ${JSON.stringify(ending)}`);
        assert.deepEqual(fromFile.warnings, fromText.warnings, `${header} ${JSON.stringify(ending)}`);
      }
    }
  }
});

test('estimateLines: exact for a small file, near for a large one, 0 for none (a hint for the events\' columns only)', () => {
  const small = join(dir, 'est-small.csv');
  writeFileSync(small, 'a\nb\nc');
  assert.equal(estimateLines(small), 3);
  writeFileSync(small, '');
  assert.equal(estimateLines(small), 0);
  assert.equal(estimateLines(join(dir, 'no-such-file.csv')), 0);
  const big = join(dir, 'est-big.csv');
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(`L${i},page_view,2026-11-01T00:00:00Z,/p${i % 7}`);
  writeFileSync(big, lines.join('\n') + '\n');
  const e = estimateLines(big);
  assert.ok(e >= 38_000 && e <= 42_000, `estimate ${e} of 40,000 lines`);
});
