// The byte-level JSON Lines reader (io/jsonl-bytes.ts) against the general path (forEachLine →
// JSON.parse → LeadCollector.addEvent on a collector that keeps events per lead): the same events,
// properties and warnings in the same order, on lines made to break the fast path — escapes,
// BOM, CRLF and lone CR, unicode and padded ids, numbers and booleans as ids, duplicate and
// numeric keys, nesting, invalid UTF-8, bad timestamps — at chunk sizes that cut lines anywhere;
// and the owner it gives a flat line is the owner of the id JSON.parse gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeadCollector, jsonLine, type Catalog } from '../../server/src/core/data/leads.js';
import { forEachLine, utf8Collector } from '../../server/src/io/samples.js';
import { numberAt, quickOwner, readJsonlEvents, scanFlat } from '../../server/src/io/jsonl-bytes.js';
import { fastUtcBytes, parseDatetime } from '../../server/src/core/data/values.js';
import { fastLeadId, ownerOf } from '../../server/src/io/simulate-worker.js';
import type { DataWarning } from '../../server/src/core/results.js';
import { rng } from '../../bench/prng.js';
import { asObjectLeads } from '../../server/src/core/data/event-store.js';

const catalog: Catalog = {
  fields: { name: { type: 'string' } },
  events: { page_view: { properties: { n: 'number', ok: 'boolean', 0: 'number', 1: 'number' } }, demo_request: {} },
};
const LEADS = ['L1', 'L2', 'Lé', '42', 'true', ' L3', 'L\u00e9'];

const dir = mkdtempSync(join(tmpdir(), 'leadspec-jsonl-bytes-'));
let files = 0;

async function general(path: string) {
  const c = new LeadCollector(catalog);
  for (const id of LEADS) c.addLead({ id }, 'l.csv', 1);
  const u = utf8Collector();
  let row = 0;
  await forEachLine(path, (line) => { row++; jsonLine(row === 1 ? line.replace(/^\uFEFF/, '') : line, row, 'e.jsonl', (rec, r) => c.addEvent(rec, 'e.jsonl', r), (w) => c.warn(w)); }, 1 << 20, u.invalid);
  const events = c.eventCount;
  return { ...c.finish(), events, utf8: u.found };
}

function bytesPath(path: string, chunk: number) {
  const c = new LeadCollector(catalog, { deferEvents: true });
  for (const id of LEADS) c.addLead({ id }, 'l.csv', 1);
  const u = utf8Collector();
  readJsonlEvents(path, {
    flat: (keys, vals, n, row, atMs, lead) => c.addEventFields(keys, vals, n, 'e.jsonl', row, atMs, lead),
    leadOf: (buf, a, b, hash) => c.leadIndexOfBytes(buf, a, b, hash),
    line: (text, row) => jsonLine(row === 1 ? text.replace(/^\uFEFF/, '') : text, row, 'e.jsonl', (rec, r) => c.addEvent(rec, 'e.jsonl', r), (w) => c.warn(w)),
  }, 0, 1, u.invalid, chunk);
  const events = c.eventCount;
  const r = c.finish();
  return { ...r, leads: asObjectLeads(r.leads), events, utf8: u.found };
}

async function same(content: Buffer | string, what: string) {
  const path = join(dir, `e${files++}.jsonl`);
  writeFileSync(path, content);
  const want = await general(path);
  for (const chunk of [1, 3, 7, 64, 1 << 20]) {
    const got = bytesPath(path, chunk);
    assert.deepEqual(JSON.parse(JSON.stringify(got)), JSON.parse(JSON.stringify(want)), `${what} (chunks of ${chunk})`);
  }
}

const AT = '"at":"2026-11-20T09:30:00Z"';
const LINES = [
  `{"lead_id":"L1","event":"page_view",${AT}}`,
  `{"lead_id":"L1","event":"page_view",${AT},"n":"12","ok":"yes","url":"/pricing"}`,
  `{"lead_id":"L1","event":"page_view",${AT},"n":"twelve","ok":"maybe"}`,
  `{"lead_id":"L1","event":"page_view",${AT},"n":12.5e1,"ok":true,"x":null,"y":false,"z":-0}`,
  `{"lead_id":"L\\u0031","event":"page_view",${AT}}`,                         // escaped id
  `{"lead_id":"L1","event":"page\\nview",${AT}}`,                               // escape in a value
  `{"lead_id":"Lé","event":"demo_request",${AT}}`,                              // unicode id
  `{"lead_id":"L\u00e9","event":"Demo_Request",${AT},"who":"Zoë"}`,
  `{"lead_id":42,"event":"demo_request",${AT}}`,                                // number as id
  `{"lead_id":4.2e1,"event":"demo_request",${AT}}`,
  `{"lead_id":true,"event":"demo_request",${AT}}`,
  `{"lead_id":null,"event":"demo_request",${AT}}`,
  `{"lead_id":" L3 ","event":"demo_request",${AT}}`,                            // padded id
  `{"lead_id":" L1","event":" page_view ",${AT}}`,
  `{"lead_id":"L1","lead_id":"L2","event":"demo_request",${AT}}`,               // duplicate key: last wins
  `{"lead_id":"L1","event":"demo_request",${AT},"1":"a","0":"b"}`,              // numeric keys come first
  `{"lead_id":"L1","event":"page_view",${AT},"1":"a","0":"b"}`,                 // … and warn first
  `{"lead_id":"L1","event":"demo_request",${AT},"__proto__":"p","constructor":"c"}`,
  `{"lead_id":"L1","event":"demo_request",${AT},"nested":{"a":1},"list":[1,"x"]}`,
  `{"lead_id":"L1","event":"demo_request","at":"2026-11-20T09:30:00.123456Z"}`,
  `{"lead_id":"L1","event":"demo_request","at":"2026-11-20 09:30"}`,            // no offset
  `{"lead_id":"L1","event":"demo_request","at":"2026-02-30T09:30:00Z"}`,        // not a date
  `{"lead_id":"L1","event":"demo_request","at":"yesterday"}`,
  `{"lead_id":"L1","event":"demo_request","at":1732095000000}`,
  `{"lead_id":"L1","event":"demo_request","at":""}`,
  `{"lead_id":"L1","event":"demo_request"}`,
  `{"lead_id":"L1","event":"","at":"2026-11-20T09:30:00Z"}`,
  `{"lead_id":"L9","event":"demo_request",${AT}}`,                              // unknown lead
  `{"lead_id":"L1","event":"unheard_of",${AT}}`,                                // undeclared event
  `{"lead_id":"L1","event":"demo_request",${AT},"":"empty key"}`,
  `  {"lead_id" : "L2" ,  "event":"demo_request" , ${AT} }  `,
  `\t{"lead_id":"L2","event":"demo_request",${AT}}\t`,
  `{"lead_id":"L2","event":"demo_request",${AT}`,                               // not closed
  `{"lead_id":"L2","event":"demo_request",${AT}}}`,
  `{"lead_id":"L2","event":"demo_request",${AT},}`,
  `{"lead_id":"L2","event":"demo_request","at":"2026-11-20T09:30:00Z","n":01}`, // leading zero: not JSON
  `{"lead_id":"L2","event":"demo_request","at":"2026-11-20T09:30:00Z","n":.5}`,
  `{"lead_id":"L2","event":"demo_request","at":"2026-11-20T09:30:00Z","n":1.}`,
  `{"lead_id":"L2","event":"demo_request","at":"2026-11-20T09:30:00Z","n":1e400}`,
  `{"lead_id":"L2","event":"demo_request","at":"2026-11-20T09:30:00Z","n":tru}`,
  `{"lead_id":"L2","event":"demo_request","at":"2026-11-20T09:30:00Z","s":"tab\there"}`,
  // A key in a position where the line before had another key of the same length (flush keeps
  // each position's last key), and integers read from their digits.
  `{"event":"demo_request","lead_id":"L1",${AT}}`,
  `{"lead_iD":"L1","event":"demo_request",${AT}}`,
  `{"lead_id":"L1","event":"demo_request","an":"2026-11-20T09:30:00Z"}`,
  `{"lead_id":"L1","EVENT":"page_view",${AT},"n":-12,"ok":false}`,
  `{"lead_id":"L1","event":"page_view",${AT},"n":123456789012345,"m":-999999999999999}`,
  `{"lead_id":"L1","event":"page_view",${AT},"n":1234567890123456,"m":-12345678901234567890}`,
  `{"lead_id":"L1","event":"page_view",${AT},"n":0,"m":-0,"o":10.0,"p":1E2}`,
  // Where a worker tells another's line by its "lead_id" token alone (quickOwner): the token as a
  // value too, twice, overlapping, spaced, after a backslash, in a line that is not JSON.
  `{"lead_id":"L1","note":"lead_id","event":"demo_request",${AT}}`,
  `{"note":"lead_id","lead_id":"L2","event":"demo_request",${AT}}`,
  `{"lead_id" :\t"L2","event":"demo_request",${AT}}`,
  `{"lead_id":"L2","event":"demo_request",${AT},"x":"a\\"lead_id\\":\\"L1"}`,
  `{"lead_id":"L1","event":"demo_request",${AT},"x":"\\u0041"}`,
  `{"lead_id":"L2" "event":"demo_request",${AT}}`,
  `{"lead_id"lead_id":"L1","event":"demo_request",${AT}}`,
  `{"lead_id":"   ","event":"demo_request",${AT}}`,
  `{"lead_id":"L1\t","event":"demo_request",${AT}}`,
  `{"lead_id":"L2,"event":"demo_request",${AT}}`,
  `["L2","demo_request"]`, `"just a string"`, `42`, `null`, `{}`, ``, `   `, `not json at all`,
  `{"lead_id":"L2","event":"page_view",${AT},"n":"7","a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11","l":"12","m":"13","o":"14","p":"15","q":"16","r":"17","s":"18","t":"19","u":"20","v":"21","w":"22","x":"23","y":"24","z":"25","aa":"26","ab":"27","ac":"28","ad":"29","ae":"30"}`,
];

test('each kind of line reads as the general path reads it, alone and with every other', async () => {
  for (const [i, l] of LINES.entries()) await same(l + '\n', `line ${i}: ${l}`);
  await same(LINES.join('\n'), 'all lines, LF, no final line end');
  await same(LINES.join('\r\n') + '\r\n', 'all lines, CRLF');
  await same(LINES.join('\r'), 'all lines, lone CR');
  await same('\uFEFF' + LINES.join('\n'), 'a BOM before the first line');
  await same(LINES.slice(0, 3).join('\n\uFEFF'), 'a BOM at the start of later lines');
});

test('invalid UTF-8 in ids, names and values: the same U+FFFD and the same invalid-UTF-8 findings', async () => {
  const parts = [Buffer.from('{"lead_id":"L'), Buffer.from([0xff]), Buffer.from(`","event":"demo_request",${AT}}\n`),
    Buffer.from(`{"lead_id":"L1","event":"demo_`), Buffer.from([0xe2, 0x82]), Buffer.from(`",${AT}}\n`),
    Buffer.from(`{"lead_id":"L1","event":"demo_request",${AT},"u":"`), Buffer.from([0xc3]), Buffer.from('"}\r\n'),
    Buffer.from(`{"lead_id":"L2","event":"demo_request",${AT}}`), Buffer.from([0xf0, 0x9f])];
  await same(Buffer.concat(parts), 'invalid bytes');
});

test('random lines from those fragments, at random chunk sizes', async () => {
  const r = rng(17);
  const ends = ['\n', '\r\n', '\r', '\n\n'];
  for (let k = 0; k < 30; k++) {
    let text = '';
    for (let j = 0; j < 40; j++) text += LINES[Math.floor(r() * LINES.length)] + ends[Math.floor(r() * ends.length)];
    await same(text, `random text ${k}`);
  }
});

test('a flat line goes to the owner of the id JSON.parse gives; every line to exactly one worker', () => {
  const r = rng(5);
  const ids = ['L1', ' L2 ', 'L333', 'abc', 'x y', '', 'L-' + 'z'.repeat(80)];
  const lines: string[] = [];
  for (let i = 0; i < 500; i++) {
    const x = r();
    const id = x < 0.1 ? String(Math.floor(r() * 1e6)) : x < 0.15 ? 'true' : x < 0.2 ? 'null' : JSON.stringify(ids[Math.floor(r() * ids.length)] + i);
    lines.push(`{"event":"e","lead_id":${id},"at":"2026-01-01T00:00:00Z","i":${i}}`);
  }
  const path = join(dir, 'owners.jsonl');
  writeFileSync(path, lines.join('\n'));
  const buf = Buffer.from(lines[0]);
  assert.equal(scanFlat(buf, 0, buf.length, new Int32Array(200)), 4, 'these lines take the fast path');
  for (const count of [2, 3, 7]) {
    const seen = new Map<number, number>();
    for (let me = 0; me < count; me++) {
      readJsonlEvents(path, {
        flat: (keys, vals, n, row, atMs) => {
          const rec = JSON.parse(lines[row - 1]);
          const key = rec.lead_id === null ? '' : String(rec.lead_id).trim();
          assert.equal(ownerOf(key, count), me, `line ${row} of ${count} workers`);
          const got = Object.fromEntries(keys.slice(0, n).map((k, i) => [k, vals[i]]));
          if (atMs !== undefined) { assert.equal(atMs, parseDatetime(rec.at)); got.at = rec.at; }
          assert.deepEqual(got, rec);
          seen.set(row, (seen.get(row) ?? 0) + 1);
        },
        line: () => assert.fail('a flat line took the general path'),
      }, me, count, undefined, 7);
    }
    assert.equal(seen.size, lines.length);
    assert.ok([...seen.values()].every((v) => v === 1));
  }
});

test('a time read in place (fastUtcBytes) is parseDatetime of its text, or left to it', () => {
  const r = rng(23);
  const base = ['2026-11-20T09:30:00Z', '2026-11-20T09:30:00.5Z', '2026-11-20T09:30:00.123456789Z', '2024-02-29T23:59:59.999Z', '2026-02-29T10:00:00Z',
    '2026-13-01T00:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20T09:60:00Z', '2026-11-20 09:30:00Z', '2026-11-20T09:30:00z', '2026-11-20T09:30:00.Z',
    '2026-11-20T09:30:00.1234567890Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-11-20T09:30:00+01:00', '2026-11-20T09:30Z'];
  const chars = '0123456789-T:.Z +z';
  const cases = [...base];
  for (let i = 0; i < 5000; i++) {
    const t = base[Math.floor(r() * base.length)].split('');
    for (let k = Math.floor(r() * 3); k >= 0; k--) t[Math.floor(r() * t.length)] = chars[Math.floor(r() * chars.length)];
    cases.push(t.join(''));
  }
  for (const s of cases) {
    const b = Buffer.from(`xx${s}yy`);
    const fast = fastUtcBytes(b, 2, 2 + s.length);
    if (fast !== undefined) assert.equal(fast, parseDatetime(s), s);
  }
  assert.equal(fastUtcBytes(Buffer.from(base[2]), 0, base[2].length), Date.UTC(2026, 10, 20, 9, 30, 0, 123));
});

// A chunk's lines are scanned, then their leads looked up together, then handed over in file
// order (readJsonlEvents' Lines): at the scale of a real chunk (thousands of lines, past the first
// sizes of its arrays), with ties in time, a lead's events in several chunks, CRLF, blank and bad
// lines between, and 1 to 4 workers each keeping its own lines.
test('thousands of lines per chunk, 1 to 4 workers: each lead\'s events and every warning as the general path gives them', async () => {
  const r = rng(29);
  const times = ['2026-11-20T09:30:00Z', '2026-11-20T09:30:00.000Z', '2026-11-19T08:00:00Z', '2026-11-21T10:15:00Z'];
  const lines: string[] = [];
  for (let i = 0; i < 12_000; i++) {
    const x = r();
    const id = LEADS[Math.floor(r() * LEADS.length)];
    if (x < 0.03) lines.push(LINES[Math.floor(r() * LINES.length)]);         // every odd kind, bad ones included
    else if (x < 0.05) lines.push('');
    else if (x < 0.06) lines.push(`{"lead_id":"ghost${i % 50}","event":"demo_request","at":"${times[i % 4]}"}`);
    else lines.push(`{"lead_id":${JSON.stringify(id)},"event":"${x < 0.5 ? 'page_view' : 'demo_request'}","at":"${times[Math.floor(r() * 4)]}","n":${i},"url":"/p${i % 7}"}`);
  }
  const path = join(dir, 'many.jsonl');
  writeFileSync(path, lines.join('\n').replace(/\n(?=.*"n":[0-9]*7,)/g, '\r\n') + '\n');
  const want = await general(path);
  const wantEvents = new Map(want.leads.map((l) => [l.id, l.events]));
  for (const chunk of [1 << 20, 4096]) {
    assert.deepEqual(JSON.parse(JSON.stringify(bytesPath(path, chunk))), JSON.parse(JSON.stringify(want)), `one reader, chunks of ${chunk}`);
    for (let count = 2; count <= 4; count++) {
      const got: { row: number; me: number; w: DataWarning; once?: string }[] = [];
      let events = 0;
      for (let me = 0; me < count; me++) {
        const c = new LeadCollector(catalog, { deferEvents: true });
        for (const id of LEADS) c.addLead({ id }, 'l.csv', 1);
        // The leads' warnings (every worker adds every lead here): worker 0's, before any line.
        const rows: number[] = c.warnings.map(() => -1);
        const at = (row: number, add: () => void) => { const from = c.warnings.length; add(); for (let k = from; k < c.warnings.length; k++) rows.push(row); };
        readJsonlEvents(path, {
          flat: (keys, vals, n, row, atMs, lead) => at(row, () => c.addEventFields(keys, vals, n, 'e.jsonl', row, atMs, lead)),
          leadOf: (buf, a, b, hash) => c.leadIndexOfBytes(buf, a, b, hash),
          line: (text, row) => {
            // The workers' general path: skipped when the id read off the line is another's, else parsed and kept by its record's owner.
            const line = row === 1 ? text.replace(/^\uFEFF/, '') : text;
            const fast = fastLeadId(line);
            if (fast !== undefined && ownerOf(fast.trim(), count) !== me) return;
            const pending: DataWarning[] = [];
            let rec: Record<string, unknown> | undefined;
            jsonLine(line, row, 'e.jsonl', (x) => { rec = x; }, (w) => pending.push(w));
            const who = fast !== undefined ? ownerOf(fast.trim(), count) : rec !== undefined ? ownerOf(c.eventKey(rec), count) : 0;
            if (who !== me || (rec === undefined && pending.length === 0)) return;
            at(row, () => { for (const w of pending) c.warn(w); if (rec !== undefined) c.addEvent(rec, 'e.jsonl', row); });
          },
        }, me, count, undefined, chunk);
        events += c.eventCount;
        const res = c.finish();
        c.warnings.forEach((w, k) => { if (rows[k] >= 0 || me === 0) got.push({ row: rows[k], me, w, once: c.onceKeys.get(w) }); });
        for (const l of asObjectLeads(res.leads)) {
          if (l.events.length === 0) continue;
          assert.equal(ownerOf(l.id, count), me, `${l.id}'s events are read by its owner only`);
          assert.deepEqual(l.events, wantEvents.get(l.id), `${l.id}'s events, ${count} workers, chunks of ${chunk}`);
        }
      }
      assert.equal(events, want.events, `events counted, ${count} workers`);
      // Merged as io/simulate-workers.ts merges them: by line, a once-per-column warning at its first line only.
      got.sort((x, y) => x.row - y.row || x.me - y.me);
      const seen = new Set<string>();
      const merged = got.filter((g) => g.once === undefined || (!seen.has(g.once) && (seen.add(g.once), true))).map((g) => g.w);
      assert.deepEqual(merged, want.warnings, `warnings, ${count} workers, chunks of ${chunk}`);
    }
  }
});

test('a number read from its bytes (numberAt) is Number of its text, -0 and 15 digits and beyond included', () => {
  const r = rng(31);
  const digits = (n: number) => { let s = String(1 + Math.floor(r() * 9)); for (let i = 1; i < n; i++) s += String(Math.floor(r() * 10)); return s; };
  const texts = ['0', '-0', '1', '-1', '9', '10', '999999999999999', '-999999999999999', '1000000000000000', '9007199254740993', '0.5', '-0.0', '1e2', '1E-2', '12.50', '-3.25e+1'];
  for (let k = 0; k < 20000; k++) {
    const n = 1 + Math.floor(r() * 20);
    let t = (r() < 0.3 ? '-' : '') + (r() < 0.05 ? '0' : digits(n));
    if (r() < 0.2) t += '.' + digits(1 + Math.floor(r() * 5));
    if (r() < 0.1) t += 'e' + (r() < 0.5 ? '-' : '') + String(Math.floor(r() * 30));
    texts.push(t);
  }
  for (const t of texts) {
    const buf = Buffer.from(` ${t},`, 'latin1');
    assert.ok(Object.is(numberAt(buf, 1, 1 + t.length), Number(t)), t);
  }
});

test('quickOwner: the owner fastLeadId gives a line with no backslash, or -1; never another', () => {
  const r = rng(37);
  const parts = ['"lead_id"', '"lead_id":', ' : ', '\t', '"L1"', '" L2 "', '"L3', '"é"', '"x\ty"', '""', '"   "', '"lead_id"lead_id"', ',', '{', '}', '"event":"e"', '42', 'lead_id', ':"', '"'];
  let decided = 0;
  for (let k = 0; k < 20000; k++) {
    const pick = () => parts[Math.floor(r() * parts.length)];
    let line = '';
    for (let j = 0, n = 1 + Math.floor(r() * 8); j < n; j++) line += pick();
    // Half of them built around one token: spaces, an id of any kind, anything before and after.
    if (r() < 0.5) line = `${r() < 0.5 ? '{' : pick()}"lead_id"${[' ', '\t', ''][Math.floor(r() * 3)]}:${[' ', ''][Math.floor(r() * 2)]}"${['L7', ' L8 ', '', '  ', 'é', 'a b', 'x\ty', ' L9', 'L10 ', 'lead-000123456789'][Math.floor(r() * 10)]}"${r() < 0.7 ? ',"event":"e"}' : pick() + pick()}`;
    if (line.includes('\\')) continue;
    const buf = Buffer.from(`\n${line}\n`);
    for (const count of [2, 3, 4]) {
      const q = quickOwner(buf, 1, buf.length - 1, count);
      const fast = fastLeadId(line);
      if (q >= 0) { decided++; assert.equal(q, ownerOf(fast!.trim(), count), line); }
      else assert.ok(fast === undefined || /[^ -~]/.test(fast), `${line}: fastLeadId gives ${JSON.stringify(fast)}`);
    }
  }
  assert.ok(decided > 15000, `${decided} decided`);
});
