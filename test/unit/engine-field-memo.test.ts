// The per-lead field memo of compiled conditions (conditions.ts compileFieldTest: a field read once
// per lead, a text field's text-operator tests on its normalised form) against the general path
// (the same condition compiled without `fieldSlots`, reading the lead on every test), on seeded
// random conditions (every field type and operator, spec-random-gen.ts) and random raw values —
// including values of the wrong type, which the loader never makes but a JSON sample or the
// editor's inline leads may.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, type CompiledProject } from '../../server/src/core/eval/simulate.js';
import { compileCondition, type CompileOptions, type Pred } from '../../server/src/core/eval/conditions.js';
import { parseLeadsText, parseEventsText } from '../../server/src/core/data/leads.js';
import type { Lead } from '../../server/src/core/results.js';
import { CATALOG, condition, leads as randomLeads, prng } from '../parity/spec-random-gen.js';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');

function compiled(): CompiledProject {
  const f = parseFile('catalog.yaml', CATALOG);
  return compileProject(definitionsOf([f]));
}

function opts(cp: CompiledProject, memo: boolean): CompileOptions {
  return { fields: cp.catalog.fields, events: cp.catalog.events, eventSlots: cp.eventSlots, icpSlots: cp.icpSlots, fieldSlots: memo ? cp.ctx.fieldSlots : undefined };
}

const ODD: unknown[] = [undefined, null, '', '   ', 'foo', ' Foo ', 'FOOBAR', 'x@GMAIL.com', 'Aa', ' bb', 'cc ', 'zz', 'a;B', 3, 0, -2.5, NaN,
  true, false, ['a', 'B'], [' d '], [], {}, '2026-01-02', '2026-01-02T10:00:00Z', Date.parse('2026-11-20T09:00:00Z'), 'true', 'no', '7'];

function oddLead(r: () => number, i: number, fields: string[]): Lead {
  const values: Record<string, unknown> = {};
  for (const f of fields) { const v = ODD[Math.floor(r() * ODD.length)]; if (v !== undefined) values[f] = v; }
  return { id: `O${i}`, values, raw: {}, events: [] };
}

test('field tests read through the per-lead memo hold exactly where the general path holds (random conditions, loaded and raw values)', () => {
  const cp = compiled();
  const fields = Object.keys(cp.catalog.fields);
  for (let seed = 1; seed <= 40; seed++) {
    const r = prng(seed);
    // Many conditions per lead, so one condition's memo entries serve the next ones.
    const conds = Array.from({ length: 30 }, () => condition(r, 0)[0]);
    const fast: Pred[] = conds.map((c) => compileCondition(c, opts(cp, true)));
    const general: Pred[] = conds.map((c) => compileCondition(c, opts(cp, false)));
    const sample = randomLeads(r, 40);
    const collector = parseLeadsText(sample.csv, 'leads.csv', cp.catalog);
    parseEventsText(sample.events, 'events.csv', collector);
    const ls = [...collector.finish().leads, ...Array.from({ length: 40 }, (_, i) => oddLead(r, i, fields))];
    for (const lead of ls) {
      const ctx = cp.ctx.setLead(lead, AS_OF);
      for (let k = 0; k < conds.length; k++) {
        const want = general[k](ctx), got = fast[k](ctx);
        if (got !== want) assert.fail(`seed ${seed}: ${JSON.stringify(conds[k])} on ${JSON.stringify(lead.values)}: memo ${got}, general ${want}`);
      }
    }
  }
});

test('the memo is per lead: the next lead is read afresh, and a context of another project reads the lead itself', () => {
  const cp = compiled(), other = compiled();
  const pred = compileCondition({ s: { ends_with: '@gmail.com' }, n: { gte: 3 } }, opts(cp, true));
  const a: Lead = { id: 'a', values: { s: 'X@Gmail.com', n: 5 }, raw: {}, events: [] };
  const b: Lead = { id: 'b', values: { s: 'x@example.com', n: 5 }, raw: {}, events: [] };
  assert.equal(pred(cp.ctx.setLead(a, AS_OF)), true);
  assert.equal(pred(cp.ctx.setLead(b, AS_OF)), false);
  assert.equal(pred(cp.ctx.setLead(a, AS_OF)), true);
  // `other` numbers its fields in another order (s first): the condition must not read its memo.
  compileCondition({ n: 1 }, opts(other, true));
  other.ctx.setLead(b, AS_OF);
  compileCondition({ s: 'x' }, opts(other, true))(other.ctx);
  assert.equal(pred(other.ctx.setLead(a, AS_OF)), true);
  assert.equal(pred(other.ctx.setLead(b, AS_OF)), false);
});
