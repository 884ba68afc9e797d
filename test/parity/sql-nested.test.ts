// The all-in-one query with nested output (SqlOptions.nested, what `simulate --engine duckdb`
// runs): the rules' hits, sums and counts as LISTs read by position, the rules' values and the
// clamps' cuts redone from them and rounded in JavaScript, the ICPs as LISTs of matches, tiers
// and personas. It must read back (io/sql-rows.ts leadOfRow) as
// exactly what the JSON columns of `leadspec sql` give and what the in-process engine gives —
// on random models (decayed points near rounding ties, group and section clamps, weights,
// matrices) and on inputs made to break a positional reader: clamp cuts that round to 0 (the
// sign then comes from the bound), rule ids that differ only in case or hold quotes, dots and
// SQL, a model without rules, without event rules and without clamps, and no ICP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileProject, evaluateLead } from '../../server/src/core/eval/simulate.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import type { Definition, IcpDef, ScoringDef } from '../../server/src/core/model.js';
import { compileSql, type CompiledSql } from '../../server/src/core/sql/compile.js';
import { openDuckdb, stageInputs, STAGED } from '../../server/src/io/duckdb.js';
import { leadOfRow, streamRows } from '../../server/src/io/sql-rows.js';
import type { LeadResult } from '../../server/src/core/results.js';
import { rng } from '../../bench/prng.js';
import { eventCount } from '../../server/src/core/data/event-store.js';
import { catalog, randomIcps, randomModel, randomData, AS_OF, scratchDir, writeSamples } from './sql-gen.js';

const ROOT = resolve(__dirname, '..', '..');
const N = Number(process.env.LEADSPEC_SQL_LEADS ?? 3000);

/** The version line of the definitions made below. */
const V1 = { leadspec: 'v1' } as const;

/** Hand-made models: what a positional, JavaScript-rounded reader could get wrong. */
const hostile: ScoringDef[] = [
  {
    leadspec: 'v1', kind: 'scoring', id: 'noise',
    fit: {
      max: 0.3,
      rules: [
        { id: 'Demo', when: { employees: { gte: 0 } }, points: 0.1 },
        { id: 'demo', when: { employees: { gte: 0 } }, points: 0.2 },
        { group: 'g', max: 0.3, rules: [{ id: 'a', when: { employees: { gte: 0 } }, points: 0.1 }, { id: 'b', when: { employees: { gte: 0 } }, points: 0.2 }] },
      ],
    },
    engagement: {
      min: -0.3,
      decay: { half_life: '7d' },
      rules: [
        { id: "it's \"x\".y; DROP TABLE leads --", event: 'page_view', points: 0.125, max: 0.3 },
        { id: 'DEMO', event: 'demo_request', points: 2.675 },
        // Six events of 0.1 sum to 0.6 one at a time (the engine) but 0.1 × 6 is 0.6000000000000001,
        // over this max: points × count is only for integer points.
        { id: 'tenth', event: 'page_view', points: 0.1, max: 0.6, decay: 'none' },
        { id: 'neg1', when: { employees: { gte: 0 } }, points: -0.1 },
        { id: 'neg2', when: { employees: { gte: 0 } }, points: -0.2 },
        { id: 'neg3', when: { employees: { gte: 0 } }, points: -0.1 },
      ],
    },
    total: { weights: { fit: 0.5, engagement: 0.5 } },
    grades: [{ id: 'A', min: 0.3 }, { id: 'B' }],
    mql: { grade: 'A' },
  },
  {
    leadspec: 'v1', kind: 'scoring', id: 'floors',
    // A rule's value is its clamped sum only when an event matched: a lead without events, or
    // whose events all miss the rule's where or window, gets 0 — not the min of the clamp
    // (a compiler that clamps the empty sum as 0 gives those leads 3 or 1.5 here).
    engagement: {
      decay: { half_life: '30d' },
      rules: [
        { id: 'floor', event: 'demo_request', points: 0.5, min: 3 },
        { id: 'band', event: 'page_view', points: 0.25, min: 1.5, max: 2, where: { url: { contains: 'pricing' } } },
        { id: 'never', event: 'page_view', points: 1.5, min: 1, where: { url: { contains: 'no such page' } } },
        { id: 'flat', event: 'email_click', points: 2, min: 3, decay: 'none' },
      ],
    },
    grades: [{ id: 'A', min: 3 }, { id: 'B' }],
  },
  {
    leadspec: 'v1', kind: 'scoring', id: 'lifted',
    // The reader redoes the clamps' arithmetic from the hits, sums and counts: a rule's floor
    // (min) lifts only a rule that counted events, so a section clamp over it sees 0 for a lead
    // without them; a group that picks the larger of a when rule and an event rule, under a
    // section min; a section without rules that a min lifts.
    fit: {
      min: 1,
      rules: [{ group: 'size', pick: 'max', max: 2.5, rules: [
        { id: 'any', when: { employees: { gte: 0 } }, points: 1.25 },
        { id: 'views', event: 'page_view', points: 0.5, decay: 'none' },
        { id: 'decayed', event: 'page_view', points: 0.75 },
      ] }],
      decay: { half_life: '30d' },
    },
    engagement: {
      max: 4,
      decay: { half_life: '30d' },
      rules: [
        { id: 'floor', event: 'demo_request', points: 0.5, min: 3 },
        { id: 'flat', event: 'email_click', points: 2, min: 3, decay: 'none' },
        { id: 'pv', event: 'page_view', points: 0.25, max: 2 },
        { id: 'minus', when: { employees: { lt: 100 } }, points: -1.5 },
      ],
    },
    grades: [{ id: 'A', min: 3 }, { id: 'B' }],
  },
  { leadspec: 'v1', kind: 'scoring', id: 'lifted-empty', engagement: { min: 2, rules: [] }, grades: [{ id: 'only' }] },
  { leadspec: 'v1', kind: 'scoring', id: 'empty', grades: [{ id: 'only' }] },
  {
    leadspec: 'v1', kind: 'scoring', id: 'plain',
    // `__proto__` as a key of a plain object is the prototype, not a key: a reader that builds
    // key → value objects loses this rule's points.
    fit: { rules: [{ id: 'big', when: { employees: { gte: 100 } }, points: 33.335 }, { id: '__proto__', when: { employees: { gte: 10 } }, points: 1.5 }] },
    grades: [{ id: 'A', min: 30 }, { id: 'B' }],
  },
] as unknown as ScoringDef[];

async function rowsOf(db: { conn: Parameters<typeof streamRows>[0] }, compiled: CompiledSql): Promise<LeadResult[]> {
  const out: LeadResult[] = [];
  await streamRows(db.conn, compiled.sql, (raw) => out.push(leadOfRow(raw, compiled).lead));
  return out;
}

for (const seed of [20261206, 11]) {
  test(`nested output (seed ${seed}): random and hostile models × ${N} leads read back as the JSON columns and the engine`, { timeout: 300_000 }, async (t) => {
    const r = rng(seed);
    const icps: IcpDef[] = seed === 11 ? [] : randomIcps(r);
    const models = [...Array.from({ length: 6 }, (_, i) => randomModel(r, `m${i}`, icps)), ...hostile];
    const data = randomData(r, N);
    const dir = scratchDir(t, `sql-nested-${seed}`);
    writeSamples(dir, data);

    const cp = compileProject([catalog, ...icps, ...models] as Definition[]);
    const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.jsonl') });
    const memory = loaded.leads.map((l) => evaluateLead(cp, l, AS_OF));

    const db = await openDuckdb();
    t.after(() => db.close());
    await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.jsonl'), catalog);
    const opts = { dialect: 'duckdb' as const, scorings: models.map((def) => ({ def })), icps: icps.map((def) => ({ def })), catalog, asOfMs: AS_OF, ...STAGED };
    const nested = compileSql({ ...opts, nested: true });
    const json = compileSql(opts);
    assert.match(json.sql, /json_object/);
    assert.doesNotMatch(nested.sql, /json_object|to_json/, 'nested output builds no JSON');
    const fromNested = await rowsOf(db, nested);
    const fromJson = await rowsOf(db, json);
    assert.equal(fromNested.length, N);

    // The fixtures do what they are for.
    const noise = memory.map((m) => m.scores.noise.explanation);
    assert.ok(noise.some((ex) => ex.some((x) => 'clamp' in x && x.clamp === 'max' && x.cut === 0)), 'a max clamp with a cut rounded to 0');
    assert.ok(noise.some((ex) => ex.some((x) => 'rule' in x && x.rule === 'DEMO' && 'points' in x)), 'a decayed event rule that contributed');
    assert.ok(noise.some((ex) => ex.some((x) => 'rule' in x && x.rule === 'tenth' && 'events' in x && x.events === 6)), 'six events of 0.1 points');
    if (icps.length) assert.ok(memory.some((m) => m.icps.length > 0) && memory.some((m) => m.icps.length === 0), 'leads with and without an ICP');
    const floors = memory.map((m) => m.scores.floors.explanation);
    assert.ok(floors.some((ex) => ex.some((x) => 'clamp' in x && x.clamp === 'min' && x.rule === 'floor')), 'a min clamp that lifts a rule');
    assert.ok(floors.some((ex) => ex.length === 0) && loaded.leads.some((l, i) => floors[i].length === 0 && eventCount(l) > 0),
      'leads with events that no floors rule counts');

    const lifted = memory.map((m) => m.scores.lifted.explanation);
    assert.ok(lifted.some((ex) => ex.some((x) => 'clamp' in x && x.section === 'engagement' && !('rule' in x)))
      && lifted.some((ex) => !ex.some((x) => 'rule' in x && x.rule === 'floor') && ex.some((x) => 'rule' in x && x.rule === 'pv')), 'a section cut, and leads whose floor rule counted nothing');
    assert.ok(lifted.some((ex) => ex.some((x) => 'clamp' in x && x.group === 'size')) && lifted.some((ex) => ex.some((x) => 'rule' in x && x.rule === 'views')), 'the group cut, an event rule chosen');
    assert.ok(memory.every((m) => m.scores['lifted-empty'].explanation.some((x) => 'clamp' in x && x.clamp === 'min')), 'an empty section lifted');

    let bad = 0;
    const first: string[] = [];
    for (let i = 0; i < N; i++) {
      const want = { id: memory[i].id, icps: memory[i].icps, scores: memory[i].scores, sla: {} };
      for (const [name, got] of [['nested', fromNested[i]], ['JSON', fromJson[i]]] as const) {
        try { assert.deepStrictEqual(got, want); } catch (e) { if (bad++ < 3) first.push(`${name}, lead ${want.id}: ${(e as Error).message.slice(0, 1500)}`); }
      }
    }
    assert.equal(bad, 0, first.join('\n'));
  });
}

test('nested output is DuckDB only', () => {
  assert.throws(() => compileSql({ dialect: 'postgres', scorings: [{ def: hostile[2] }], icps: [], catalog, nested: true }), /DuckDB only/);
});

test('text values with Unicode white space at their ends (no-break, ideographic, em spaces, BOM) score in DuckDB as in-process', async (t) => {
  const { loadLeadspecFiles } = await import('../../server/src/io/files.js');
  const { definitionsOf } = await import('../../server/src/core/eval/simulate.js');
  const { collectWorkspace } = await import('../../server/src/core/sql/workspace.js');
  const files = loadLeadspecFiles(['fields.yaml', 'icps', 'scoring'].map((p) => join(ROOT, 'samples', p)));
  const cp = compileProject(definitionsOf(files));
  const ws = collectWorkspace(files);
  const dir = scratchDir(t, `sql-nested-ws`);
  const header = 'id,company,employees,annual_revenue,industry,country,region,tech_stack,email,job_title,seniority,department,lead_source,created_at,opted_out';
  const rows = [
    'L1,Co 1,300,150000,SaaS\u00a0,US,na,salesforce\u00a0;\u3000hubspot,p1@corp.com,VP,vp\u3000,revops,organic,2026-02-15T17:00:00Z,false',
    'L2,Co 2,6000,150000,\u00a0fintech,US,\u2003emea,salesforce,p2@corp.com,VP,\ufeffcxo,\u2028revops\u2029,organic,2026-02-15T17:00:00Z,false',
    'L3,Co 3,300,150000,saas,US,na\u000b,salesforce,p3@gmail.com\u205f,VP,director\u000c,revops,organic,2026-02-15T17:00:00Z,false',
    'L4,Co 4,300,150000,\u200bsaas,US,na,salesforce,p4@corp.com,VP,é\u00a0,marketing,organic,2026-02-15T17:00:00Z,false',
  ];
  writeFileSync(join(dir, 'leads.csv'), `${header}\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'events.csv'), 'lead_id,event,at,url,minutes\nL1,page_view,2026-11-19T10:00:00Z,\u00a0/Pricing\u3000,\nL2,webinar_attended,2026-11-19T10:00:00Z,,30\n');
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.csv') });
  const asOf = Date.parse('2026-11-20T17:00:00Z');
  const memory = loaded.leads.map((l) => evaluateLead(cp, l, asOf));
  // The fixture does what it is for: the trimmed values match (an ICP, the senior rule).
  assert.ok(memory[0].icps.length > 0 && memory[1].icps.length > 0, 'L1 and L2 match an ICP once trimmed');
  const db = await openDuckdb();
  t.after(() => db.close());
  const staged = await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.csv'), cp.catalog);
  assert.deepStrictEqual(staged.warnings, loaded.warnings);
  for (const nested of [true, false]) {
    const c = compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: cp.catalog, asOfMs: asOf, ...STAGED, nested });
    const got = await rowsOf(db, c);
    memory.forEach((m, i) => assert.deepStrictEqual(got[i], { id: m.id, icps: m.icps, scores: m.scores, sla: {} }, `${nested ? 'nested' : 'JSON'}, lead ${m.id}`));
  }
});

test('contains reads text lower-cased but untrimmed: blank needles and values, white space at the ends, numbers, negation — as in-process', async (t) => {
  // The compiler skips the trim for a contains test of a needle that is not blank (CondContext.lowerColumn):
  // these are the cases where that could differ from the trimmed, case-folded test of the engine.
  const cat = {
    ...V1, kind: 'fields', id: 'c',
    fields: { note: { type: 'string' }, level: { type: 'enum', values: ['Gold Plus', 'silver'] }, n: { type: 'integer' } },
    events: { page_view: { properties: { url: 'string' } } },
  } as never;
  const needles: unknown[] = ['pricing', ' Pricing ', ' ', '', 'gold p', 'S p', 5, '5 ', '\u00a0x\u00a0', 'x\u00a0y'];
  const model = {
    ...V1, kind: 'scoring', id: 'c',
    fit: {
      rules: [
        ...needles.map((s, i) => ({ id: `note${i}`, when: { note: { contains: s } }, points: 1 })),
        ...needles.map((s, i) => ({ id: `not${i}`, when: { not: { note: { contains: s } } }, points: 2 })),
        ...needles.map((s, i) => ({ id: `level${i}`, when: { level: { contains: s } }, points: 4 })),
        { id: 'both', when: { note: { contains: 'pricing', exists: true } }, points: 8 },
      ],
    },
    engagement: { rules: needles.map((s, i) => ({ id: `url${i}`, event: 'page_view', where: { url: { contains: s } }, points: 1 })) },
    grades: [{ id: 'A' }],
  } as never as ScoringDef;
  const notes = ['', ' ', '   ', '\u00a0', 'Pricing', ' pricing ', '\u3000PRICING\u00a0', 'x pricing y', '5', ' 5 ', '15', 'a\u00a0x\u00a0b', 'x\u00a0y', 'Gold Plus', 'S P'];
  const dir = scratchDir(t, 'sql-nested-contains');
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(join(dir, 'leads.csv'), `id,note,level,n\n${notes.map((s, i) => `L${i},${q(s)},${i % 3 === 0 ? q(' gold plus ') : i % 3 === 1 ? 'silver' : ''},${i}`).join('\n')}\n`);
  writeFileSync(join(dir, 'events.csv'), `lead_id,event,at,url\n${notes.map((s, i) => `L${i},page_view,2026-11-19T10:00:00Z,${q(s)}`).join('\n')}\n`);
  const cp = compileProject([cat, model] as Definition[]);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, 'events.csv') });
  const asOf = Date.parse('2026-11-20T17:00:00Z');
  const memory = loaded.leads.map((l) => evaluateLead(cp, l, asOf));
  // The fixture does what it is for: blank needles match nothing, padded values match.
  assert.ok(memory.some((m) => m.scores.c.explanation.some((x) => 'rule' in x && x.rule === 'note0')), 'a padded value contains the needle');
  const has = (i: number, rule: string) => memory[i].scores.c.explanation.some((x) => 'rule' in x && x.rule === rule);
  assert.ok(has(4, 'note2') && !has(1, 'note2') && !has(2, 'note3') && !has(3, 'note2'), 'a blank needle matches a value, not a blank one');
  const db = await openDuckdb();
  t.after(() => db.close());
  await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, 'events.csv'), cp.catalog);
  for (const nested of [true, false]) {
    const c = compileSql({ dialect: 'duckdb', scorings: [{ def: model }], icps: [], catalog: cp.catalog, asOfMs: asOf, ...STAGED, nested });
    assert.match(c.sql, /"fl_note"/, 'the lower-cased column is used');
    const got = await rowsOf(db, c);
    memory.forEach((m, i) => assert.deepStrictEqual(got[i].scores, m.scores, `${nested ? 'nested' : 'JSON'}, lead ${m.id} (note ${JSON.stringify(notes[i])})`));
  }
});
