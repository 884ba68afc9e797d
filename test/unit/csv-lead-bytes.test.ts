// Reading lead and event cells in place (io/csv-bytes.ts, core/data/values.ts) against the general
// path that reads the same cells as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastUtcBytes, parseDatetime } from '../../server/src/core/data/values.js';
import { rng } from '../../bench/prng.js';

test('a time read in place is Date.UTC of its fields: every year 0000–9999 (0–99 read as 1900–1999, as Date.UTC reads them), month ends, leap days', () => {
  const r = rng(5);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let checked = 0;
  for (let y = 0; y <= 9999; y += y < 130 || y > 9870 || y % 100 === 0 || y % 400 === 0 ? 1 : 1 + Math.floor(r() * 23)) {
    for (let mo = 1; mo <= 12; mo++) {
      for (const d of [1, 2, 27, 28, 29, 30, 31]) {
        const hh = Math.floor(r() * 24), mi = Math.floor(r() * 60), ss = Math.floor(r() * 60), ms = Math.floor(r() * 1000);
        for (const s of [`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mi, 2)}:${pad(ss, 2)}Z`, `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mi, 2)}:${pad(ss, 2)}.${pad(ms, 3)}Z`]) {
          const fast = fastUtcBytes(Buffer.from(s), 0, s.length);
          const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
          const valid = d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
          if (!valid) { assert.equal(fast, undefined, s); continue; }
          const want = Date.UTC(y, mo - 1, d, hh, mi, ss) + (s.length > 20 ? ms : 0);
          assert.equal(fast, want, s);
          assert.equal(parseDatetime(s), want, s);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 50_000, `${checked}`);
});

test('the key cell hash readCsvOwned passes to a plain line is fnv1aBytes of the trimmed cell (so the lead lookup need not hash it again)', async () => {
  const { readCsvOwned } = await import('../../server/src/io/csv-bytes.js');
  const { fnv1a } = await import('../../server/src/core/data/id-table.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const path = join(mkdtempSync(join(tmpdir(), 'leadspec-csv-lead-bytes-')), 'e.csv');
  const ids = ['L1', ' L2 ', '\tL3\v', 'L4\f', '', ' ', 'Lé', 'a-very-long-lead-identifier-0001'];
  writeFileSync(path, 'event,lead_id,at\n' + ids.map((id, i) => `e${i},${id},t`).join('\n') + '\nshort\n');
  for (const count of [1, 2, 3]) {
    for (let me = 0; me < count; me++) {
      let hashed = 0;
      readCsvOwned(path, {
        record: (cells) => (cells[0] === 'event' ? 1 : undefined),
        plain: (buf, a, b, _line, keyHash) => {
          const cell = buf.toString('latin1', a, b).split(',')[1]?.trim() ?? '';
          if (count === 1 || cell === '') assert.equal(keyHash, -1, cell);
          else if (/^[\x00-\x7f]*$/.test(cell)) { assert.equal(keyHash, fnv1a(cell), JSON.stringify(cell)); hashed++; }
          return true;
        },
      }, me, count);
      if (count > 1) assert.ok(hashed > 0);
    }
  }
});

test('readCsvOwned looks up a chunk\'s owned lines together: each plain line gets the lookup of its own key cell, lines in file order, declined ones as records in place', async () => {
  const { readCsvOwned } = await import('../../server/src/io/csv-bytes.js');
  const { fnv1a } = await import('../../server/src/core/data/id-table.js');
  const { ownerOf } = await import('../../server/src/io/jsonl-bytes.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const path = join(mkdtempSync(join(tmpdir(), 'leadspec-csv-lookup-')), 'e.csv');
  const r = rng(5);
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const id = r() < 0.1 ? ` L${i % 97} ` : r() < 0.05 ? '' : r() < 0.03 ? `Lé${i}` : `L${Math.floor(r() * 400)}`;
    lines.push(r() < 0.02 ? '' : `page_view,${id},2026-11-01T00:00:00Z,/p${i}`);
  }
  writeFileSync(path, 'event,lead_id,at,url\n' + lines.join('\n') + '\n');
  const table = new Map<string, number>();
  for (let k = 0; k < 300; k++) table.set(`L${k}`, k); // L300… are unknown leads (-1)
  for (const chunk of [1, 7, 64, 4096, 1 << 20]) {
    for (const count of [1, 2, 3]) {
      for (let me = 0; me < count; me++) {
        const seen: number[] = [];
        let looked = 0, declined = 0;
        readCsvOwned(path, {
          record: (cells, line) => { if (cells[0] === 'event') return 1; seen.push(line); return undefined; },
          lookup: (buf, a, b, hash) => { const id = buf.toString('latin1', a, b); assert.equal(hash, fnv1a(id)); return table.get(id) ?? -1; },
          plain: (buf, a, b, line, keyHash, lead) => {
            const cell = buf.toString('utf8', a, b).split(',')[1].trim();
            if (keyHash < 0) assert.equal(lead, -2, `line ${line}: not hashed, not looked up`);
            else { assert.equal(lead, table.get(cell) ?? -1, `line ${line} '${cell}', chunks of ${chunk}`); looked++; }
            if (count > 1) assert.equal(ownerOf(cell, count), me);
            if (line % 7 === 0) { declined++; return false; } // then given to record, in its place
            seen.push(line);
            return true;
          },
        }, me, count, undefined, chunk);
        for (let k = 1; k < seen.length; k++) assert.ok(seen[k] > seen[k - 1], `lines in file order (chunks of ${chunk})`);
        if (count > 1) assert.ok(looked > 100 && declined > 0);
      }
    }
  }
});

test('a lead row read in place (CsvLeadBytes + addLeadCells) is addLead of the decoded row: values, raw cells, key order, warnings and their order, on cells made to break it', async () => {
  const { CsvLeadBytes } = await import('../../server/src/io/csv-bytes.js');
  const { CsvRecords, LeadCollector } = await import('../../server/src/core/data/leads.js');
  const { fnv1a } = await import('../../server/src/core/data/id-table.js');
  const catalog = {
    fields: {
      name: { type: 'string' as const }, kind: { type: 'enum' as const, values: ['SaaS', 'Retail', 'e-commerce'] }, free: { type: 'enum' as const },
      n: { type: 'integer' as const, min: -5, max: 1000 }, x: { type: 'number' as const, min: 0 }, ok: { type: 'boolean' as const },
      day: { type: 'date' as const }, at: { type: 'datetime' as const }, tags: { type: 'list' as const }, Mixed_Case: { type: 'string' as const },
    },
    events: {},
  };
  const r = rng(17);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const numbers = ['0', '7', '-0', '+0', '-5', '-6', '1000', '1001', '007', '+12', '1e3', '1E3', '.5', '1.', '1.5', '-.5', '0x10', '1_000', '12345678901234', '123456789012345',
    '1234567890123456', '99999999999999999999', ' 42 ', '\t3\v', '4\f', '- 3', '--3', '+', '-', '3-', 'NaN', 'Infinity', '1,5', '٣'];
  const bools = ['true', 'false', 'TRUE', 'False', 'yes', 'no', 'Y', 'y', 'n', 'N', '1', '0', ' true ', '\tno', '2', 'truth', 'on', 'yes!'];
  const times = ['2026-11-20T09:30:00Z', '2026-11-20T09:30:00.5Z', '2026-11-20T09:30:00.123456789Z', ' 2026-11-20T09:30:00Z', '2026-11-20T09:30:00Z ', '2026-11-20 09:30',
    '2026-11-20T09:30', '2026-11-20', '2026-02-30T00:00:00Z', '2024-02-29T00:00:00Z', '0050-01-01T00:00:00Z', '0000-02-29T00:00:00Z', '2026-11-20T09:30:00+01:00',
    '2026-11-20T09:30:00z', '2026-11-20T24:00:00Z', 'yesterday'];
  const days = ['2026-11-20', ' 2026-11-20', '2026-02-29', '2026-11-20T00:00:00Z', 'x'];
  const texts = ['Acme', ' Acme ', 'acme', 'Co 1', 'x'.repeat(81), 'x'.repeat(80), 'tab\there', 'v\vf\f', 'Zoë', 'a;b', '"', "it's", '__proto__', 'constructor', '0'];
  const kinds = ['SaaS', 'saas', ' SAAS ', 'Retail', 'E-Commerce', 'Bogus', 'Ret ail', 'retaiL', 'Zoë'];
  const tags = ['a;b;c', 'a; b ;c', ';;', ' ; ', 'a;;b', 'a;', ';a', 'salesforce;marketo', 'x;x;x', 'é;a', 'a\tb;c', 'one'];
  const blank = ['', ' ', '\t', '\v\f '];
  const cell = (pool: readonly string[]) => (r() < 0.1 ? pick(blank) : r() < 0.03 ? `u${Math.floor(r() * 1e9)}` : pick(pool));
  const ids = () => (r() < 0.03 ? pick(blank) : r() < 0.05 ? ` L${Math.floor(r() * 50)}\t` : r() < 0.02 ? `Lé${Math.floor(r() * 9)}` : `L${Math.floor(r() * 3000)}`);
  const headers = [
    ['id', 'name', 'kind', 'free', 'n', 'x', 'ok', 'day', 'at', 'tags', 'mixed_case', 'extra'],
    ['name', 'tags', 'at', 'id', 'ok', 'x', 'n', 'Kind', 'undeclared', 'day', 'free'],
    ['x', 'id'],
  ];
  const poolOf: Record<string, readonly string[]> = { name: texts, kind: kinds, Kind: kinds, free: kinds, n: numbers, x: numbers, ok: bools, day: days, at: times, tags, mixed_case: texts, extra: texts, undeclared: texts };
  let compared = 0, inPlace = 0;
  for (const header of headers) {
    for (const sep of [',', '\t']) {
      for (const [keyHashKnown, raw] of [[false, false], [true, false], [false, true]]) {
        const general = new LeadCollector(catalog, { deferEvents: true, raw });
        const bytes = new LeadCollector(catalog, { deferEvents: true, raw });
        const rows = new CsvRecords('l.csv', (w) => general.warn(w), ['id']);
        const rowsB = new CsvRecords('l.csv', (w) => bytes.warn(w), ['id']);
        rows.row(header, 1);
        rowsB.row(header, 1);
        const keys = rowsB.plainKeys!;
        assert.ok(keys, 'a plain header');
        const reader = new CsvLeadBytes(keys, sep.charCodeAt(0), rowsB.cellOf('id'));
        for (let line = 2; line < 2600; line++) {
          let cells = header.map((h) => (h === 'id' ? ids() : cell(poolOf[h] ?? texts)));
          if (r() < 0.02) cells = cells.slice(0, -1);
          if (r() < 0.02) cells.push('more');
          if (cells.some((c) => c.includes(sep))) continue; // one cell per separator, as a plain line has
          const text = cells.join(sep);
          const out = rows.row(text.split(sep), line);
          if (out) general.addLead(out.rec, 'l.csv', line, true);
          const buf = Buffer.from(`##${text}##`);
          const idCell = keys.indexOf('id');
          const idText = cells[idCell]?.trim() ?? '';
          const hash = keyHashKnown && idText !== '' && /^[\x00-\x7f]*$/.test(idText) ? fnv1a(idText) : -1;
          if (reader.read(buf, 2, buf.length - 2, hash)) { bytes.addLeadCells(keys, reader, idCell, 'l.csv', line); inPlace++; }
          else { const o = rowsB.row(buf.toString('utf8', 2, buf.length - 2).split(sep), line); if (o) bytes.addLead(o.rec, 'l.csv', line, true); }
          compared++;
        }
        assert.equal(JSON.stringify(bytes.leads), JSON.stringify(general.leads), `${header.join(sep)}`);
        assert.deepEqual(bytes.warnings, general.warnings, `${header.join(sep)}`);
        assert.deepEqual([...bytes.onceKeys.values()], [...general.onceKeys.values()]);
        // Every lead's values with the same key order and the same kinds (-0 is not 0).
        for (let i = 0; i < general.leads.length; i++) {
          for (const [k, v] of Object.entries(general.leads[i].values)) {
            const got = bytes.leads[i].values[k];
            assert.ok(typeof v === 'number' ? Object.is(got, v) : JSON.stringify(got) === JSON.stringify(v), `${general.leads[i].id}.${k}: ${String(got)} vs ${String(v)}`);
          }
        }
      }
    }
  }
  assert.ok(inPlace > compared * 0.7, `${inPlace} of ${compared} read in place`);
});

test('a leads file under a plain header loads as the text loader loads it (leads, raw cells, values, warnings), plain lines read in place: BOM, CRLF, quotes, non-ASCII, invalid UTF-8, .tsv', async () => {
  const { loadSampleFiles } = await import('../../server/src/io/samples.js');
  const { loadLeadsFromText } = await import('../../server/src/core/data/leads.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-csv-lead-file-'));
  const catalog = {
    fields: { name: { type: 'string' as const }, n: { type: 'integer' as const, min: 0 }, ok: { type: 'boolean' as const }, at: { type: 'datetime' as const },
      tags: { type: 'list' as const }, kind: { type: 'enum' as const, values: ['a', 'b'] } },
    events: {},
  };
  const r = rng(29);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const cells = {
    name: ['Acme', ' Acme ', 'Zoë', '', 'x y'], n: ['1', '-0', '1e3', '.5', ' 7 ', '-3', 'n/a', ''], ok: ['true', 'no', 'Yes', 'x', ''],
    at: ['2026-11-20T09:30:00Z', '2026-11-20 09:30', 'bad', ''], tags: ['a;b', ' a ; ;b', ';', ''], kind: ['a', ' B ', 'c', ''], extra: ['e', ''],
  };
  for (const sep of [',', '\t']) {
    for (let trial = 0; trial < 6; trial++) {
      const header = ['id', 'name', 'n', 'ok', 'at', 'tags', 'kind', 'extra'];
      if (trial % 2) header.reverse();
      let text = (trial === 2 ? '\uFEFF' : '') + header.join(sep) + '\n';
      for (let i = 0; i < 400; i++) {
        const row = header.map((h) => (h === 'id' ? (r() < 0.05 ? ` L${i % 50} ` : r() < 0.03 ? '' : `L${i}`) : pick(cells[h as keyof typeof cells])));
        if (r() < 0.02) row.pop();
        let line = row.join(sep);
        if (r() < 0.02 && trial > 3) line = line.replace(/^[^,\t]*/, (m) => `"${m}"`); // from here on, the text path
        text += line + (trial === 3 && r() < 0.1 ? '\r\n' : '\n');
      }
      const path = join(dir, `l${trial}.${sep === ',' ? 'csv' : 'tsv'}`);
      const bytes = Buffer.from(text);
      if (trial === 5) bytes[bytes.length - 5] = 0xff; // invalid UTF-8 near the end
      writeFileSync(path, bytes);
      const label = sep === ',' ? 'leads.csv' : 'leads.tsv';
      const fromFile = await loadSampleFiles(catalog, { leads: path, label: () => label });
      const fromText = loadLeadsFromText(catalog, { text: bytes.toString('utf8').replace(/^\uFEFF/, ''), file: label });
      assert.equal(JSON.stringify(fromFile.leads), JSON.stringify(fromText.leads), `trial ${trial} ${JSON.stringify(sep)}`);
      // The text loader does not see invalid bytes as such (they are U+FFFD to it): compare the rest.
      assert.deepEqual(fromFile.warnings.filter((w) => !w.message.startsWith('invalid UTF-8')), fromText.warnings, `trial ${trial} ${JSON.stringify(sep)}`);
    }
  }
});
