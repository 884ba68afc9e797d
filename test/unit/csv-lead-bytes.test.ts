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
