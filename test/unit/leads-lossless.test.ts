// Nothing lost when loading data (issue 18 item 3): every physical row of a CSV is either a lead
// or a data warning naming its line — whatever the line endings (LF, CRLF, CR, mixed), with a
// BOM, blank lines, quoted line breaks, text after a closing quote, NUL bytes, invalid UTF-8,
// duplicate ids or header columns, and columns named like Object.prototype's properties. The
// text loader (editor) and the streaming file loader (CLI, at several chunk sizes) agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLeadsFromText, DataError, type Catalog } from '../../server/src/core/data/leads.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import { InputError } from '../../server/src/io/files.js';
import type { DataWarning, Lead } from '../../server/src/core/results.js';
import { eventCount } from '../../server/src/core/data/event-store.js';

const catalog = {
  id: 'crm',
  fields: { company: { type: 'string' }, employees: { type: 'integer' }, constructor: { type: 'string' } },
  events: { visit: {} },
} as unknown as Catalog;

type Brief = [number, string | null, string | null, RegExp?];

async function both(bytes: string | Buffer, check: (r: { leads: Lead[]; warnings: DataWarning[] }, how: string) => void, opts: { textToo?: boolean } = {}): Promise<void> {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  if (opts.textToo !== false) check(loadLeadsFromText(catalog, { text: buf.toString('utf8'), file: 'leads.csv' }), 'text');
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-lossless-'));
  try {
    writeFileSync(join(dir, 'leads.csv'), buf);
    check(await loadSampleFiles(catalog, { leads: join(dir, 'leads.csv'), label: () => 'leads.csv' }), 'file');
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

function expectLeads(r: { leads: Lead[] }, want: [string, number][], how: string): void {
  assert.deepEqual(r.leads.map((l) => [l.id, l.source?.row]), want, how);
}

function expectWarnings(r: { warnings: DataWarning[] }, want: Brief[], how: string): void {
  assert.deepEqual(r.warnings.map((w) => [w.row, w.lead ?? null, w.field ?? null]), want.map((b) => b.slice(0, 3)), `${how}: ${JSON.stringify(r.warnings)}`);
  want.forEach((b, i) => { if (b[3]) assert.match(r.warnings[i].message, b[3], how); });
}

test('mixed line endings: a CRLF header, then LF and CR rows — every row is a lead on its own line', async () => {
  await both('id,company,employees\r\nL1,a,1\nL2,b,2\rL3,c,3\nL4,d,4\rL5,e,5\n', (r, how) => {
    expectLeads(r, [['L1', 2], ['L2', 3], ['L3', 4], ['L4', 5], ['L5', 6]], how);
    expectWarnings(r, [], how);
    assert.deepEqual(r.leads.map((l) => l.values.employees), [1, 2, 3, 4, 5], how);
  });
});

test('CR-only files and a CRLF file with one LF line', async () => {
  await both('id,company,employees\rL1,a,1\rL2,b,2\r', (r, how) => {
    expectLeads(r, [['L1', 2], ['L2', 3]], how);
    expectWarnings(r, [], how);
  });
  await both('id,company,employees\r\nL1,a,1\r\nL2,b,2\nL3,c,3\r\nL4,d,4\r\n', (r, how) => {
    expectLeads(r, [['L1', 2], ['L2', 3], ['L3', 4], ['L4', 5]], how);
    expectWarnings(r, [], how);
    assert.equal(r.leads[1].values.employees, 2, how);
  });
});

test('BOM, blank lines and quoted line breaks keep the line numbers of the file', async () => {
  await both('\uFEFFid,company,employees\n\nL1,"multi\r\nline\rand more",1\r\n\r\nL2,b,2\n\n', (r, how) => {
    expectLeads(r, [['L1', 3], ['L2', 7]], how);
    expectWarnings(r, [], how);
    assert.equal(r.leads[0].values.company, 'multi\r\nline\rand more', how);
  });
});

test('an unclosed quote is an error at the line and column where the quote opened', async () => {
  const text = 'id,company,employees\nL1,a,1\nL2,"open,2\nL3,c,3\n';
  assert.throws(() => loadLeadsFromText(catalog, { text, file: 'leads.csv' }),
    (e: unknown) => e instanceof DataError && /^leads\.csv:3:4: .*quote.*never closed/.test(e.message), 'text');
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-lossless-'));
  try {
    writeFileSync(join(dir, 'leads.csv'), text);
    await assert.rejects(loadSampleFiles(catalog, { leads: join(dir, 'leads.csv'), label: () => 'leads.csv' }),
      (e: unknown) => e instanceof InputError && /^leads\.csv:3:4: .*quote.*never closed/.test((e as Error).message));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('text after a closing quote is a warning, and the cell is read as written', async () => {
  await both('id,company,employees\nL1,"a"x,1\nL2,"b" ,2\nL3,c,3\n', (r, how) => {
    expectLeads(r, [['L1', 2], ['L2', 3], ['L3', 4]], how);
    expectWarnings(r, [[2, 'L1', 'company', /text after the closing quote/], [3, 'L2', 'company', /text after the closing quote/]], how);
    assert.equal(r.leads[0].values.company, '"a"x', how);
  });
});

test('NUL bytes are removed with a warning; never kept in an id', async () => {
  await both('id,company,employees\nL1\0,a,1\nL2,b\0c,2\n', (r, how) => {
    expectLeads(r, [['L1', 2], ['L2', 3]], how);
    expectWarnings(r, [[2, 'L1', 'id', /NUL/], [3, 'L2', 'company', /NUL/]], how);
    assert.equal(r.leads[1].values.company, 'bc', how);
  });
});

test('invalid UTF-8 is a warning naming the line (valid multi-byte text split across chunks is not)', async () => {
  const bytes = Buffer.concat([Buffer.from('id,company,employees\nL1,a'), Buffer.from([0xff, 0xfe]), Buffer.from(',1\nL2,"b\n'), Buffer.from([0xc3]), Buffer.from('",2\nL3,é€😀,3\n')]);
  await both(bytes, (r, how) => {
    expectLeads(r, [['L1', 2], ['L2', 3], ['L3', 5]], how);
    expectWarnings(r, [[2, null, null, /invalid UTF-8.*0xFF 0xFE/], [4, null, null, /invalid UTF-8.*0xC3/]], how);
  }, { textToo: false });
  // Chunk boundaries inside multi-byte characters.
  const { csvBatches } = await import('./csv-batches.js');
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-lossless-'));
  try {
    writeFileSync(join(dir, 'u.csv'), 'id,company\nL1,é€😀x\nL2,"€\r\n😀"\n');
    for (const chunk of [1, 2, 3, 5]) {
      const recs: unknown[] = [];
      const problems: unknown[] = [];
      for await (const b of csvBatches(join(dir, 'u.csv'), chunk, (w) => problems.push(w))) for (let i = 0; i < b.length; i += 2) recs.push([b[i], b[i + 1]]);
      assert.deepEqual(recs, [[['id', 'company'], 1], [['L1', 'é€😀x'], 2], [['L2', '€\r\n😀'], 3]], `chunk ${chunk}`);
      assert.deepEqual(problems, [], `chunk ${chunk}`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('duplicate ids, duplicate and unnamed header columns are warnings naming their lines', async () => {
  await both('id,company,company,,employees\nL1,a,A,x,1\nL1,b,B,y,2\n', (r, how) => {
    expectLeads(r, [['L1', 2]], how);
    expectWarnings(r, [[1, null, 'company', /appears twice/], [1, null, null, /column 4 has no name/], [3, 'L1', 'id', /duplicate id/]], how);
  });
});

test('__proto__, constructor and toString columns are kept, not vanished; a missing field is missing', async () => {
  await both('id,__proto__,toString,hasOwnProperty\nL1,p,t,h\nL2,,,\n', (r, how) => {
    expectLeads(r, [['L1', 2], ['L2', 3]], how);
    const l = r.leads[0];
    assert.equal(l.raw.__proto__ as unknown, 'p', how);
    assert.equal(Object.getOwnPropertyDescriptor(l.raw, '__proto__')?.value, 'p', how);
    assert.equal(l.values.toString as unknown, 't', how);
    assert.deepEqual(r.warnings.map((w) => w.field), ['__proto__', 'toString', 'hasOwnProperty'], how);
    // `constructor` is a catalog field the file lacks: missing, not Object's constructor.
    assert.equal(r.leads[1].values.constructor, undefined, how);
    assert.equal(r.leads[1].values.toString, undefined, how);
  });
  const json = loadLeadsFromText(catalog, { text: '[{"id": "L1", "__proto__": "p", "constructor": "c"}]', file: 'leads.json' });
  assert.equal(Object.getOwnPropertyDescriptor(json.leads[0].raw, '__proto__')?.value, 'p');
  assert.equal(json.leads[0].values.constructor, 'c');
});

test('JSON and JSON Lines ids with NUL or other control characters are cleaned with a warning', () => {
  const r = loadLeadsFromText(catalog, { text: '{"id": "L1\\u0000"}\n{"id": "L2"}\n', file: 'leads.jsonl' });
  assert.deepEqual(r.leads.map((l) => l.id), ['L1', 'L2']);
  assert.deepEqual(r.warnings.map((w) => [w.row, w.lead, w.field]), [[1, 'L1', 'id']]);
  assert.match(r.warnings[0].message, /NUL/);
});

test('events files: every line ending, NUL in a lead id', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-lossless-'));
  try {
    writeFileSync(join(dir, 'leads.csv'), 'id\nL1\nL2\n');
    writeFileSync(join(dir, 'events.csv'), 'lead_id,event,at\r\nL1,visit,2026-11-01T00:00:00Z\nL2,visit,2026-11-02T00:00:00Z\rL2\0,visit,2026-11-03T00:00:00Z\r\n');
    const r = await loadSampleFiles(catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.csv'), label: (p) => p.slice(dir.length + 1) });
    assert.deepEqual(r.leads.map((l) => eventCount(l)), [1, 2]);
    assert.deepEqual(r.warnings.map((w) => [w.file, w.row, w.field]), [['events.csv', 4, 'lead_id']]);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
