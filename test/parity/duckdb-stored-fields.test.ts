// `simulate --engine duckdb` stores only the lead fields something reads after the staging
// (io/duckdb.ts stageInputs `keep`: the compiled query's fields, the datetime fields when the data
// gives as_of, the feedback's field and reason; every field with an SLA). The others are checked
// as before — every warning the loader gives about their cells — but not kept. These tests hold
// that to the in-process engine on a workspace whose model reads one field, with a doubtful cell
// of every type in the fields nothing reads, an unread datetime field that is the sample's latest
// time (as_of from the data), and sales feedback read from two fields no rule reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDuckdb, stageInputs, type CatalogLike } from '../../server/src/io/duckdb.js';

// Written so that this file's code is not taken for YAML by the fast-YAML corpus test.
const V1 = ['leadspec', 'v1'].join(': ');
const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = join(ROOT, '.cache', `duckdb-stored-fields-${process.pid}`);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: DIR, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const FIELDS = [
  V1, 'kind: fields', 'id: crm', 'fields:',
  '  employees: { type: integer, min: 0 }', '  company: { type: string }', '  band: { type: enum, values: [Low, High] }',
  '  seats: { type: integer, min: 0 }', '  revenue: { type: number }', '  active: { type: boolean }', '  since: { type: date }',
  '  last_seen: { type: datetime }', '  tags: { type: list }',
  '  status: { type: enum, values: [accepted, rejected, nurture] }', '  why: { type: enum, values: [no_budget, too_small] }',
  '  won_at: { type: datetime }',
  'events:', '  visit: {}', '',
];
const SCORING = [
  V1, 'kind: scoring', 'id: m', 'fit:', '  rules:', '    - { id: big, points: 10, when: { employees: { gte: 2 } } }',
  'engagement:', '  rules:', '    - { id: visits, event: visit, points: 3 }', 'grades:', '  - { id: a, min: 10 }', '  - { id: b }', 'mql: { grade: a }', '',
];
const PROJECT = [
  V1, 'kind: project', 'id: p', 'samples:', '  leads: leads.csv', '  events: events.csv',
  'outcomes:', '  converted: won_at', '  feedback:', '    field: status', '    accepted: [accepted]', '    rejected: [rejected]', '    recycled: [nurture]', '    reason: why', '',
];
// Every unread field holds cells the loader arbitrates (its value: ' 7 ', ' high ', 'Yes') or
// refuses (its warning), beside plain ones; last_seen's latest value (2026-12-01, read by the
// loader from a shape DuckDB does not type) is later than every event: as_of comes from it.
const LEADS = [
  'id,employees,company,band,seats,revenue,active,since,last_seen,tags,status,why',
  'L1,5,Acme,Low,3,1.5,true,2026-01-02,2026-11-01T10:00:00Z,a;b,accepted,',
  'L2,1,Beta, high ,abc,1e3,Yes, 2026-01-02,2026-12-01T00:00Z,x; y ,rejected,too_small',
  'L3,7,Gamma,bogus, 7 ,inf,maybe,2026/01/02,2026-11-20 09:30:00,;,  Nurture ,NO_BUDGET',
  'L4,,Delta,HIGH,1.5,nan,,,,,unknown,cheap',
  'L5,3,,,-2,   ,no,2026-02-30,2026-11-05T00:00:00.000Z,z,accepted,no_budget',
];
const EVENTS = ['lead_id,event,at', 'L1,visit,2026-11-02T00:00:00Z', 'L2,visit,2026-11-03T00:00:00Z', 'L3,visit,2026-11-04T00:00:00Z'];

before(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'fields.yaml'), FIELDS.join('\n'));
  writeFileSync(join(DIR, 'scoring.yaml'), SCORING.join('\n'));
  writeFileSync(join(DIR, 'leadspec.yaml'), PROJECT.join('\n'));
  writeFileSync(join(DIR, 'leads.csv'), LEADS.join('\n') + '\n');
  writeFileSync(join(DIR, 'events.csv'), EVENTS.join('\n') + '\n');
});
after(() => { if (!process.env.KEEP) rmSync(DIR, { recursive: true, force: true }); });

for (const asOf of [[], ['--as-of', '2026-11-20T00:00:00Z']]) {
  test(`fields nothing reads are checked, not stored: duckdb = memory in every format, every warning (${asOf.length ? 'as_of given' : 'as_of from the data'}, feedback)`, () => {
    for (const format of ['json', 'text', 'csv', 'md']) {
      const base = ['simulate', '--project', 'leadspec.yaml', '--format', format, ...asOf];
      const mem = cli([...base, '--engine', 'memory']), duck = cli([...base, '--engine', 'duckdb']);
      assert.equal(mem.code, 0, mem.err);
      assert.equal(duck.code, 0, duck.err);
      assert.equal(duck.out, mem.out, `${format}: stdout`);
      assert.equal(duck.err, mem.err, `${format}: stderr (warnings)`);
      assert.doesNotMatch(duck.err, /computing in-process instead/);
    }
    const j = JSON.parse(cli(['simulate', '--project', 'leadspec.yaml', '--format', 'json', '--engine', 'duckdb', ...asOf]).out);
    // The fixture does what it is for: warnings about unread fields, feedback counted, as_of from last_seen.
    assert.ok(j.warnings.some((w: { field?: string }) => w.field === 'band') && j.warnings.some((w: { field?: string }) => w.field === 'seats'), 'warnings on unread fields');
    assert.ok(j.summary.feedback, 'the feedback summary');
    if (!asOf.length) assert.equal(j.as_of, '2026-12-01T00:00:00Z');
  });
}

test('stageInputs with keep: the same warnings and lead count, only the kept fields in the view', async (t) => {
  const db = await openDuckdb();
  t.after(() => db.close());
  const catalog = { id: 'crm', fields: {
    employees: { type: 'integer', min: 0 }, company: { type: 'string' }, band: { type: 'enum', values: ['Low', 'High'] },
    seats: { type: 'integer', min: 0 }, revenue: { type: 'number' }, active: { type: 'boolean' }, since: { type: 'date' },
    last_seen: { type: 'datetime' }, tags: { type: 'list' }, status: { type: 'enum', values: ['accepted', 'rejected', 'nurture'] },
    why: { type: 'enum', values: ['no_budget', 'too_small'] },
  }, events: { visit: {} } } as unknown as CatalogLike;
  const all = await stageInputs(db.conn, join(DIR, 'leads.csv'), join(DIR, 'events.csv'), catalog);
  const full = (await db.conn.runAndReadAll('SELECT * FROM leads ORDER BY ls_row')).getRowObjectsJS();
  const some = await stageInputs(db.conn, join(DIR, 'leads.csv'), join(DIR, 'events.csv'), catalog, undefined, undefined, new Set(['band', 'seats']));
  assert.deepEqual(some.warnings, all.warnings);
  assert.equal(some.leads, all.leads);
  assert.ok(all.warnings.length >= 8, 'the fixture has warnings');
  const kept = (await db.conn.runAndReadAll('SELECT * FROM leads ORDER BY ls_row')).getRowObjectsJS();
  assert.deepEqual(Object.keys(kept[0]), ['ls_row', 'id', 'band', 'seats']);
  // The kept fields hold the loader's values of the arbitrated cells, as with every field stored.
  assert.deepEqual(kept.map((r) => [r.ls_row, r.id, r.band, r.seats]), full.map((r) => [r.ls_row, r.id, r.band, r.seats]));
  await assert.rejects(db.conn.run('SELECT company FROM leads'), 'a field not kept is no column of the view');
});
