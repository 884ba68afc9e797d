// The file loaders' columnar events (core/data/event-store.ts, LeadCollector `deferEvents`) and
// their id table (core/data/id-table.ts) held to the object path: the same events in the same
// order (stable by time, file order on ties, past the insertion-sort size), the same properties,
// and the same results of every evaluation that reads events — event conditions with `where`,
// `within` and `count`, decayed event rules, explain, the sample's latest time — on seeded random
// events made to break it (ties, many events per lead, bad and missing properties, undeclared
// and differently-cased names, ids that differ in one character).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeadCollector, dataRecord, type Catalog } from '../../server/src/core/data/leads.js';
import type { Lead } from '../../server/src/core/results.js';
import { EventStoreBuilder, asObjectLeads, eventCount, eventsOf, forEachEvent, type EventStore } from '../../server/src/core/data/event-store.js';
import { IdTable, fnv1a, fnv1aBytes } from '../../server/src/core/data/id-table.js';
import { sampleLatest, simulate } from '../../server/src/core/eval/simulate.js';
import { explainLead } from '../../server/src/core/eval/explain.js';
import { definitionsOf } from '../../server/src/core/eval/simulate.js';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { rng } from '../../bench/prng.js';
import { AS_OF_MS, CATALOG, daysAgo, project } from './engine-helpers.js';

const MODEL = `leadspec: v1
kind: icp
id: active
match:
  any:
    - { event: page_view, where: { url: { contains: pricing }, seconds: { gte: 30 } }, within: 14d, count: { gte: 2 } }
    - { event: demo_request }
    - { event: Email_Click, within: 3d }
---
leadspec: v1
kind: scoring
id: eng
fit:
  rules:
    - { id: active, when: { icp: active }, points: 5 }
    - { id: quiet, when: { not: { event: page_view, within: 30d } }, points: -3 }
engagement:
  decay: { half_life: 7d }
  rules:
    - { id: pricing, event: page_view, where: { url: { contains: pricing } }, points: 8, within: 30d }
    - { id: long, event: page_view, where: { all: [ { seconds: { gt: 20 } }, { logged_in: true } ] }, points: 3.3 }
    - { id: anon, event: page_view, where: { any: [ { logged_in: false }, { logged_in: null } ] }, points: 1.1, max: 9 }
    - { id: clicks, event: email_click, points: 10, max: 25, decay: none }
    - { id: unsub, event: unsubscribe, points: -30, min: -40, decay: none }
    - { id: demo, event: demo_request, points: 40 }
grades: [ { id: A, min: 60 }, { id: B, min: 20 }, { id: C } ]
mql: { grade: [A, B] }`;

const NAMES = ['page_view', 'PAGE_VIEW', ' page_view ', 'demo_request', 'email_click', 'Email_Click', 'unsubscribe', 'webinar'];
const URLS = ['/pricing', '/Pricing/plans', '/docs', '', undefined];

/** Seeded event records for leads L0…L(n-1) (and some for unknown leads), in random lead order, many same-instant. */
function records(seed: number, leads: number, events: number): Record<string, unknown>[] {
  const r = rng(seed);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < events; i++) {
    // A few leads get long histories (past the 64 of the insertion sort), most a handful.
    const who = r() < 0.3 ? Math.floor(r() * 3) : Math.floor(r() * leads * 1.05);
    const rec: Record<string, unknown> = { lead_id: r() < 0.05 ? ` L${who} ` : `L${who}`, event: NAMES[Math.floor(r() * NAMES.length)],
      // Few distinct instants: ties everywhere.
      at: daysAgo(Math.floor(r() * 12) * 3 - 2) };
    if (r() < 0.7) { const u = URLS[Math.floor(r() * URLS.length)]; if (u !== undefined) rec.url = u; }
    if (r() < 0.5) rec.seconds = r() < 0.1 ? 'lots' : r() < 0.5 ? String(Math.floor(r() * 60)) : Math.floor(r() * 60);
    if (r() < 0.4) rec.logged_in = r() < 0.1 ? 'maybe' : r() < 0.5;
    if (r() < 0.1) rec.extra = { nested: i };
    out.push(rec);
  }
  return out;
}

function load(catalog: Catalog, leads: number, recs: Record<string, unknown>[], deferEvents: boolean) {
  const c = new LeadCollector(catalog, { deferEvents });
  for (let i = 0; i < leads; i++) c.addLead({ id: `L${i}`, country: i % 2 ? 'US' : 'DE' }, 'leads.csv', i + 2);
  recs.forEach((rec, i) => c.addEvent(rec, 'events.jsonl', i + 1));
  const events = c.eventCount;
  return { ...c.finish(), events };
}

test('stored events read as the object path: same events, order, properties, warnings and results, on random events', () => {
  const cp = project(MODEL);
  const defs = definitionsOf([parseFile('test.yaml', [CATALOG, MODEL].join('\n---\n'))]);
  for (let seed = 1; seed <= 6; seed++) {
    const leads = 60 + seed * 10;
    const recs = records(seed, leads, 1500 + seed * 300);
    const objects = load(cp.catalog, leads, recs, false);
    const stored = load(cp.catalog, leads, recs, true);
    assert.ok(stored.leads.some((l) => l.stored !== undefined && l.events.length === 0), 'the store path keeps events in the store');
    // Every stored lead's `events` is the one shared empty array, frozen: nothing can add to all of them at once.
    for (const l of stored.leads) { assert.equal(l.events.length, 0); assert.ok(Object.isFrozen(l.events)); assert.throws(() => (l.events as unknown[]).push(1)); }
    assert.ok(stored.leads.some((l) => eventCount(l) > 64), 'some lead has more events than the insertion sort takes');
    assert.deepStrictEqual(stored.warnings, objects.warnings, `seed ${seed}: warnings`);
    assert.equal(stored.events, objects.events);
    assert.deepStrictEqual(asObjectLeads(stored.leads), objects.leads, `seed ${seed}: events, their order and properties`);
    for (let i = 0; i < leads; i++) {
      const a: [string, number][] = [], b: [string, number][] = [];
      forEachEvent(stored.leads[i], (n, t) => { a.push([n, t]); });
      forEachEvent(objects.leads[i], (n, t) => { b.push([n, t]); });
      assert.deepStrictEqual(a, b);
    }
    assert.equal(sampleLatest(cp, stored.leads), sampleLatest(cp, objects.leads));
    // Results at several as_of (windows cut between same-instant events' days).
    for (const asOf of [AS_OF_MS, AS_OF_MS - 5 * 86400000, AS_OF_MS + 40 * 86400000]) {
      const want = JSON.stringify(simulate(cp, objects.leads, asOf, [...objects.warnings]));
      const got = JSON.stringify(simulate(cp, stored.leads, asOf, [...stored.warnings]));
      assert.equal(got, want, `seed ${seed}, as_of ${asOf}`);
    }
    for (const i of [0, 1, 2, 7]) {
      assert.deepStrictEqual(explainLead(cp, defs, stored.leads[i], AS_OF_MS, stored.warnings), explainLead(cp, defs, objects.leads[i], AS_OF_MS, objects.warnings));
    }
  }
});

/** Every row of a store as [name, at, [key id, value]…], lead by lead, each with its lead's index. */
function storeRows(leads: Lead[]): unknown[] {
  const out: unknown[] = [];
  leads.forEach((l, k) => {
    const r = l.stored;
    if (r === undefined) return;
    const st: EventStore = r.store;
    for (let i = r.from; i < r.to; i++) {
      const props: unknown[] = [];
      for (let j = st.propFrom[i]; j < st.propTo[i]; j++) props.push([st.propKey[j], st.propVal[j]]);
      out.push([k, st.names[st.name[i]], st.at[i], props]);
    }
  });
  return out;
}

test('the builder\'s segments and reserve: the same store whatever the segment size and the room made ahead, rows, properties and dropped properties across segment ends', () => {
  // Random pushes (ties, long histories), properties (none, one, several) and dropped ones (an
  // event skipped after its properties were added), built with segments of 2, 4, 8 … rows and
  // with one segment for all: the same store. A row's properties end where the next row's start,
  // so a segment's last row reads the next segment's first (planted: reading `m` there fails it).
  for (let seed = 1; seed <= 8; seed++) {
    const r = rng(seed * 101);
    const leads: Lead[] = Array.from({ length: 30 }, (_, i) => ({ id: `L${i}`, values: dataRecord(), raw: dataRecord(), events: [] }));
    const script: { lead: number; at: number; name: string; props: [string, unknown][]; drop: boolean }[] = [];
    const n = 200 + seed * 97;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(r() * 4);
      const props: [string, unknown][] = [];
      for (let p = 0; p < k; p++) props.push([['url', 'seconds', 'plan', 'x'][p], r() < 0.5 ? `v${Math.floor(r() * 5)}` : Math.floor(r() * 9)]);
      script.push({ lead: r() < 0.3 ? 0 : Math.floor(r() * 30), at: Math.floor(r() * 6) * 1000, name: ['a', 'b', 'c'][Math.floor(r() * 3)], props, drop: r() < 0.15 });
    }
    const built = (bits: number | undefined, reserve = 0) => {
      const b = bits === undefined ? new EventStoreBuilder(dataRecord) : new EventStoreBuilder(dataRecord, bits);
      b.reserve(reserve);
      for (const e of script) {
        for (const [key, v] of e.props) b.addProp(key, v);
        if (e.drop) b.dropProps(); else b.push(e.lead, e.at, e.name);
      }
      const ls = leads.map((l) => ({ ...l }));
      b.build(ls);
      return { rows: storeRows(ls), ranges: ls.map((l) => l.stored && [l.stored.from, l.stored.to]) };
    };
    const want = built(undefined);
    assert.ok((want.rows as unknown[][]).some((x) => (x[3] as unknown[]).length > 1), 'some row has several properties');
    for (const bits of [1, 2, 3, 5, 8]) assert.deepStrictEqual(built(bits), want, `seed ${seed}, segments of ${2 ** bits}`);
    // Room made ahead (LeadCollector.reserveEvents' estimate) too little, exact, too much: the same store.
    const pushed = script.filter((e) => !e.drop).length;
    for (const bits of [2, 5, undefined]) {
      for (const room of [1, pushed >> 1, pushed - 1, pushed, pushed + 1, pushed * 3]) assert.deepStrictEqual(built(bits, room), want, `seed ${seed}, bits ${bits}, reserve ${room}`);
    }
  }
});

test('stored events past one segment (32,768 rows) read as the object path', () => {
  const cp = project(MODEL);
  const recs = records(77, 500, 70_000);
  const objects = load(cp.catalog, 500, recs, false);
  const stored = load(cp.catalog, 500, recs, true);
  assert.ok(stored.events > 65_536, 'more than two segments of rows');
  assert.deepStrictEqual(stored.warnings, objects.warnings);
  assert.deepStrictEqual(asObjectLeads(stored.leads), objects.leads);
  assert.equal(JSON.stringify(simulate(cp, stored.leads, AS_OF_MS)), JSON.stringify(simulate(cp, objects.leads, AS_OF_MS)));
});

test('one evaluation context over object leads and stored leads in turn reads each its own events', () => {
  const cp = project(MODEL);
  const recs = records(42, 40, 800);
  const objects = load(cp.catalog, 40, recs, false);
  const stored = load(cp.catalog, 40, recs, true);
  const mixed = objects.leads.map((l, i) => (i % 2 ? stored.leads[i] : l));
  assert.equal(JSON.stringify(simulate(cp, mixed, AS_OF_MS)), JSON.stringify(simulate(cp, objects.leads, AS_OF_MS)));
  assert.deepStrictEqual(eventsOf(objects.leads[3]), objects.leads[3].events);
});

test('id table: every id found from its text and from its bytes, misses stay misses, through collisions and growth', () => {
  const t = new IdTable();
  const ids: string[] = [];
  for (let i = 0; i < 5000; i++) ids.push(i % 7 === 0 ? `L${i}é` : i % 11 === 0 ? `${i}` : `L${i}`);
  ids.push('L', 'LL', 'L1 ', ' L1', '12345678', '123456789', 'ÿÿÿÿÿÿÿÿ', 'ÿÿÿÿÿÿÿ', '\u0100', 'a\u0100b', 'L\u00ff', 'LLLLLLLL', 'LLLLLLLLL');
  ids.forEach((id, i) => t.add(id, i));
  const enc = new TextEncoder();
  ids.forEach((id, i) => {
    assert.equal(t.get(id), i, id);
    if (/^[\x20-\x7e]*$/.test(id)) {
      const b = enc.encode(`xx${id}yy`);
      assert.equal(fnv1aBytes(b, 2, 2 + id.length), fnv1a(id));
      assert.equal(t.getBytes(b, 2, 2 + id.length, fnv1a(id)), i, id);
    }
  });
  for (const miss of ['L5000', 'L7', 'l1', 'L1  ', 'L00', 'Lé', 'x', '1234567', '1234567890', 'LLLLLLL', 'LLLLLLLLLL', 'ÿÿÿÿÿÿ', '\u0101', 'L1\u0000', '']) {
    assert.equal(t.get(miss), -1, miss);
    if (/^[\x20-\x7e]*$/.test(miss)) { const b = enc.encode(miss); assert.equal(t.getBytes(b, 0, b.length, fnv1a(miss)), -1, miss); }
  }
  // Two ids of the same FNV-1a hash (found by search): each is told from the other by its text.
  // (Short ids are compared packed in their slot, longer ones through the pool: a pair of each.)
  for (const [x, y] of [['dGNIXKv', 'xGFs10x'], ['pa7w9IX', '7Sz0NWD'], ['lead-1ees32', 'lead-62RbNK'], ['lead-mngzaf', 'lead-atJp0r']]) {
    assert.equal(fnv1a(x), fnv1a(y));
    const one = new IdTable();
    one.add(x, 0);
    const bx = enc.encode(x), by = enc.encode(y);
    assert.equal(one.get(y), -1);
    assert.equal(one.getBytes(by, 0, by.length, fnv1a(y)), -1);
    one.add(y, 1);
    assert.deepEqual([one.get(x), one.get(y), one.getBytes(bx, 0, bx.length, fnv1a(x)), one.getBytes(by, 0, by.length, fnv1a(y))], [0, 1, 0, 1]);
  }
});

test('room made ahead but mostly unused (events of leads the file does not have) is not kept by the store', () => {
  // reserveEvents' estimate counts the events file's lines; when most lines are dropped (unknown
  // leads, another worker's), the store's columns must not stay views of the large reserved ones.
  const leads: Lead[] = Array.from({ length: 3 }, (_, i) => ({ id: `L${i}`, values: dataRecord(), raw: dataRecord(), events: [] }));
  const b = new EventStoreBuilder(dataRecord);
  b.reserve(1_000_000);
  for (let i = 0; i < 10; i++) b.push(i % 3, i * 1000, 'a');
  const store = b.build(leads);
  for (const col of [store.at, store.name, store.propFrom, store.propTo]) assert.ok(col.buffer.byteLength <= 10 * 8 * 2, `a column of 10 rows holds ${col.buffer.byteLength} bytes`);
  assert.deepStrictEqual([...store.at], [0, 3000, 6000, 9000, 1000, 4000, 7000, 2000, 5000, 8000]);
});
