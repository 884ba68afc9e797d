// The staged events' name codes (io/duckdb.ts stagedOptions → compileSql's eventCodes): an event
// rule of a declared name compares the integer `ls_ev` instead of the name. Held to the in-process
// engine and to the same query comparing names (STAGED alone) on names made to break the codes:
// declared names written in other cases, with ASCII and Unicode white space, a declared name in
// two spellings in the catalog, undeclared names (rules may count them: compared as text), names
// that differ from a declared one only inside, JSON values that are not strings, events of unknown
// leads, without a time, and a catalog that declares no events (no codes at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProject, evaluateLead } from '../../server/src/core/eval/simulate.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import type { Definition, ScoringDef } from '../../server/src/core/model.js';
import { compileSql, type CompiledSql } from '../../server/src/core/sql/compile.js';
import { openDuckdb, stageInputs, STAGED, stagedOptions } from '../../server/src/io/duckdb.js';
import { leadOfRow, streamRows } from '../../server/src/io/sql-rows.js';
import type { LeadResult } from '../../server/src/core/results.js';
import { scratchDir } from './sql-gen.js';

const V1 = { leadspec: 'v1' } as const;
const AS_OF = Date.parse('2026-11-20T00:00:00Z');

async function rowsOf(db: { conn: Parameters<typeof streamRows>[0] }, compiled: CompiledSql): Promise<LeadResult[]> {
  const out: LeadResult[] = [];
  await streamRows(db.conn, compiled.sql, (raw) => out.push(leadOfRow(raw, compiled).lead));
  return out;
}

const fieldsOnly = { ...V1, kind: 'fields', id: 'f', fields: { employees: { type: 'integer' } } };
// 'Visit' and ' visit' are one name (the first spelling's properties); 'Call ' is 'call'.
const declared = {
  ...fieldsOnly,
  events: { Visit: { properties: { minutes: 'number' } }, ' visit': {}, 'Call ': {}, demo: {}, 'webinar': { properties: { minutes: 'number' } } },
};
const model = {
  ...V1, kind: 'scoring', id: 'm',
  fit: { rules: [{ id: 'big', when: { employees: { gte: 10 } }, points: 1 }] },
  engagement: {
    decay: { half_life: '7d' },
    rules: [
      { id: 'visits', event: 'visit', points: 1, decay: 'none' },
      { id: 'VISITS', event: ' VISIT ', points: 2, within: '30d' },
      { id: 'long', event: 'Visit', where: { minutes: { gte: 10 } }, points: 4 },
      { id: 'calls', event: 'call', points: 8, decay: 'none', max: 24 },
      { id: 'demo', event: 'Demo', points: 0.5 },
      // Undeclared: counted by name, as text.
      { id: 'signup', event: 'signup', points: 16, decay: 'none' },
      { id: 'visit2', event: 'visit2', points: 32, decay: 'none' },
      { id: 'recent', when: { event: ' Webinar', within: '3d', count: { gte: 1 } }, points: 3 },
    ],
  },
  grades: [{ id: 'A', min: 20 }, { id: 'B' }],
} as unknown as ScoringDef;

const LEADS = 'id,employees\nL1,12\nL2,3\nL3,40\nL4,\n';
const NAMES = ['visit', 'Visit', ' visit ', 'VISIT\u00a0', '\u3000visit', 'visit\t', 'vis it', 'visit2', ' Visit2', 'call', 'Call ', 'CALL', 'caller',
  'signup', 'SignUp ', 'demo', 'DEMO', 'démo', 'webinar', 'Webinar\u2003', 'web inar', ''];

function events(): { lead: string; name: string; at: string; minutes: string }[] {
  const out: { lead: string; name: string; at: string; minutes: string }[] = [];
  let i = 0;
  for (const name of NAMES) {
    for (const lead of ['L1', 'L2', 'L3', ' L3', 'L9', '']) {
      i++;
      const day = String(1 + (i % 19)).padStart(2, '0');
      out.push({ lead, name, at: i % 13 === 0 ? 'soon' : `2026-11-${day}T0${i % 10}:00:00Z`, minutes: String(i % 25) });
    }
  }
  return out;
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

async function compareAll(t: { after(fn: () => void): void }, catalog: Record<string, unknown>, dir: string, eventsFile: string, expectCoded: boolean): Promise<void> {
  const cp = compileProject([catalog, model] as unknown as Definition[]);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, eventsFile) });
  const memory = loaded.leads.map((l) => evaluateLead(cp, l, AS_OF));
  const db = await openDuckdb();
  t.after(() => db.close());
  const staged = await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, eventsFile), cp.catalog);
  assert.deepStrictEqual(staged.warnings, loaded.warnings, `${eventsFile}: the same warnings`);
  const opts = { dialect: 'duckdb' as const, scorings: [{ def: model }], icps: [], catalog: cp.catalog, asOfMs: AS_OF, nested: true };
  const coded = compileSql({ ...opts, ...stagedOptions(staged) });
  const named = compileSql({ ...opts, ...STAGED });
  if (expectCoded) {
    assert.match(coded.sql, /e\.ev_code = \d/, 'declared names are compared as codes');
    assert.match(coded.sql, /e\.ev_name = 'signup'/, 'an undeclared name is compared as text');
  } else assert.doesNotMatch(coded.sql, /ev_code/, 'no declared events: no codes');
  assert.doesNotMatch(named.sql, /ev_code/);
  const a = await rowsOf(db, coded), b = await rowsOf(db, named);
  assert.deepStrictEqual(a, b, `${eventsFile}: codes and names give the same rows`);
  memory.forEach((m, i) => assert.deepStrictEqual(a[i], { id: m.id, icps: m.icps, scores: m.scores, sla: {} }, `${eventsFile}: lead ${m.id} as in-process`));
  // The fixture does what it is for: each kind of rule counted something for some lead.
  const hits = new Set(memory.flatMap((m) => m.scores.m.explanation.map((x) => ('rule' in x ? x.rule : ''))));
  for (const r of ['visits', 'VISITS', 'calls', 'signup', 'visit2', 'recent', ...(expectCoded ? ['long'] : [])]) assert.ok(hits.has(r), `${eventsFile}: the rule '${r}' contributed`);
}

test('event codes: declared names in any spelling, undeclared names, unknown leads, bad times — CSV and JSON Lines, as in-process and as by names', async (t) => {
  const dir = scratchDir(t, 'sql-event-codes');
  writeFileSync(join(dir, 'leads.csv'), LEADS);
  const evs = events();
  writeFileSync(join(dir, 'events.csv'), 'lead_id,event,at,minutes\n' + evs.map((e) => [e.lead, e.name, e.at, e.minutes].map(csvCell).join(',')).join('\n') + '\n');
  // JSON: names that are not strings the loader reads as text (["Visit"] is 'Visit', 2 is '2').
  const json = evs.map((e, i) => JSON.stringify({ lead_id: e.lead, event: i % 7 === 3 ? [e.name] : e.name, at: e.at, minutes: Number(e.minutes) }));
  json.push(JSON.stringify({ lead_id: 'L1', event: ['VISIT '], at: '2026-11-18T00:00:00Z' }), JSON.stringify({ lead_id: 'L1', event: 2, at: '2026-11-18T00:00:00Z' }));
  writeFileSync(join(dir, 'events.jsonl'), json.join('\n') + '\n');
  await compareAll(t, declared, dir, 'events.csv', true);
  await compareAll(t, declared, dir, 'events.jsonl', true);
});

test('event codes: a catalog that declares no events compiles no codes and counts every name as text', async (t) => {
  const dir = scratchDir(t, 'sql-event-codes-none');
  writeFileSync(join(dir, 'leads.csv'), LEADS);
  const evs = events();
  writeFileSync(join(dir, 'events.csv'), 'lead_id,event,at,minutes\n' + evs.map((e) => [e.lead, e.name, e.at, e.minutes].map(csvCell).join(',')).join('\n') + '\n');
  // Without declarations the `where` on minutes cannot be compiled: the model without that rule.
  const m = model.engagement!.rules!;
  const i = m.findIndex((r) => (r as { id?: string }).id === 'long');
  const removed = m.splice(i, 1);
  t.after(() => m.splice(i, 0, ...removed));
  await compareAll(t, fieldsOnly, dir, 'events.csv', false);
});
