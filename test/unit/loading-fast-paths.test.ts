// Fast paths of sample loading must give exactly what the general code gives: the ISO 8601 UTC
// parser's fraction digits, the JSON Lines splitter (vs node:readline, across chunk boundaries),
// the per-lead event sort (stable), and the last-lead shortcut of the collector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatetime } from '../../server/src/core/data/values.js';
import { LeadCollector, loadLeadsFromText } from '../../server/src/core/data/leads.js';
import { forEachLine, loadSampleFiles } from '../../server/src/io/samples.js';
import { eventsOf } from '../../server/src/core/data/event-store.js';

test('UTC date-times with 0–9 fraction digits parse as the general parser does (a leading space takes the general path)', () => {
  const cases = ['2026-11-20T09:30:00Z', '2026-11-20T09:30:00.5Z', '2026-11-20T09:30:00.05Z', '2026-11-20T09:30:00.123Z',
    '2026-11-20T09:30:00.1239Z', '2026-11-20T09:30:00.999999999Z', '2024-02-29T23:59:59.001Z'];
  for (const s of cases) assert.equal(parseDatetime(s), parseDatetime(` ${s}`), s);
  assert.equal(parseDatetime('2026-11-20T09:30:00.123Z'), Date.UTC(2026, 10, 20, 9, 30, 0, 123));
  assert.equal(parseDatetime('2026-11-20T09:30:00.1234567891Z'), undefined, 'ten fraction digits: not ISO 8601 here');
  assert.equal(parseDatetime('2026-11-20T09:30:00.Z'), undefined);
  assert.equal(parseDatetime('2026-02-29T09:30:00.100Z'), undefined, 'not a date');
  assert.equal(parseDatetime('2026-11-20T24:00:00Z'), Date.UTC(2026, 10, 21), 'the general parser still takes 24:00');
});

test('forEachLine splits lines as readline does, whatever the chunk size', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-lines-'));
  const texts = ['', 'a', 'a\n', 'a\nb', 'a\r\nb\r\n', 'a\rb\r', '\r\n\r\n', 'x\r\r\ny', '\uFEFF{"a":1}\n{"b":"é😀"}\r\n\n', 'é\r', '\n\n\n'];
  for (const [k, t] of texts.entries()) {
    const f = join(dir, `t${k}.txt`);
    writeFileSync(f, t);
    const want: string[] = [];
    for await (const l of createInterface({ input: createReadStream(f, { encoding: 'utf8' }), crlfDelay: Infinity })) want.push(l);
    for (const chunk of [1, 2, 3, 7, 1 << 20]) {
      const got: string[] = [];
      await forEachLine(f, (l) => got.push(l), chunk);
      assert.deepEqual(got, want, `${JSON.stringify(t)} in chunks of ${chunk}`);
    }
  }
});

test('a JSON Lines file with CRLF endings and a malformed line: rows and warnings name the right lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-jsonl-'));
  writeFileSync(join(dir, 'leads.csv'), 'id\nL1\nL2\n');
  writeFileSync(join(dir, 'events.jsonl'), '{"lead_id":"L1","event":"demo_request","at":"2026-11-20T09:00:00.250Z"}\r\n\r\nnot json\r\n{"lead_id":"L9","event":"demo_request","at":"2026-11-20T09:00:00Z"}');
  const r = await loadSampleFiles({ fields: {}, events: { demo_request: {} } }, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl'), label: (p) => p.slice(dir.length + 1) });
  assert.equal(eventsOf(r.leads[0])[0].at, Date.UTC(2026, 10, 20, 9, 0, 0, 250));
  assert.deepEqual(r.warnings.map((w) => [w.file, w.row]), [['events.jsonl', 3], ['events.jsonl', 4]]);
});

test('each lead gets its events sorted by time, same-instant events in file order, interleaved or grouped', () => {
  const catalog = { fields: {}, events: { a: {}, b: {} } };
  const lines: string[] = [];
  const times = [5, 3, 3, 9, 1, 3, 7, 7, 2, 0, 3];
  times.forEach((t, i) => lines.push(JSON.stringify({ lead_id: i % 3 === 0 ? 'L2' : 'L1', event: i % 2 ? 'a' : 'b', at: new Date(Date.UTC(2026, 0, 1, t)).toISOString(), n: String(i) })));
  const { leads } = loadLeadsFromText(catalog, { file: 'l.csv', text: 'id\nL1\nL2\n' }, { file: 'e.jsonl', text: lines.join('\n') });
  for (const l of leads) {
    const mine = times.map((t, i) => ({ t, i })).filter(({ i }) => (i % 3 === 0 ? 'L2' : 'L1') === l.id);
    const want = [...mine].sort((x, y) => x.t - y.t).map(({ i }) => String(i));
    assert.deepEqual(l.events.map((e) => e.props.n), want, l.id);
  }
  // A long history (past the insertion-sort size) sorts the same way.
  const c = new LeadCollector(catalog);
  c.addLead({ id: 'L1' }, 'l.csv', 2);
  for (let i = 0; i < 300; i++) c.addEvent({ lead_id: 'L1', event: 'a', at: new Date(Date.UTC(2026, 0, 1, (i * 7) % 13)).toISOString(), n: String(i) }, 'e', i + 1);
  const got = c.finish().leads[0].events.map((e) => Number(e.props.n));
  const want = Array.from({ length: 300 }, (_, i) => i).sort((x, y) => ((x * 7) % 13) - ((y * 7) % 13));
  assert.deepEqual(got, want);
});

test('events grouped by lead and interleaved land on the same leads (the last-lead shortcut)', () => {
  const catalog = { fields: {}, events: { a: {} } };
  const ev = (id: string) => JSON.stringify({ lead_id: id, event: 'a', at: '2026-01-01T00:00:00Z' });
  const { leads, warnings } = loadLeadsFromText(catalog, { file: 'l.csv', text: 'id\nL1\nL2\n' },
    { file: 'e.jsonl', text: [ev('L1'), ev('L1'), ev('L2'), ev('L9'), ev('L9'), ev('L1'), ev(' L2 ')].join('\n') });
  assert.deepEqual(leads.map((l) => l.events.length), [3, 2]);
  assert.deepEqual(warnings.map((w) => w.row), [4, 5]);
});
