// Incremental re-scoring (server/src/core/eval/incremental-scoring.ts): after an edit of some rules,
// SimulationCache with `reuse` (the preview's) keeps a lead's previous result where the edited
// rules' outcomes did not change. Whatever the edit, every run must equal a fresh simulation of
// the same definitions, byte for byte (the SLA parts and sales feedback it keeps too): random sequences of edits of every kind (a rule's points,
// clamps, window, decay, condition, id; rules added, removed, moved; group and section settings;
// rules that read score outputs; ICP and SLA edits) are checked against `simulate` after each step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, simulate, SimulationCache } from '../../server/src/core/eval/simulate.js';
import { modelDelta } from '../../server/src/core/eval/incremental-scoring.js';
import { loadLeadsFromText } from '../../server/src/core/data/leads.js';
import type { Definition, ScoringDef } from '../../server/src/core/model.js';
import { rng, type Rng } from '../../bench/prng.js';
import { backtest, BacktestCache } from '../../server/src/core/outcomes/backtest.js';
import { resolveOutcomes } from '../../server/src/core/outcomes/spec.js';

const FILES = ['leadspec.yaml', 'fields.yaml', 'icps/enterprise.yaml', 'icps/mid-market.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml', 'sla.yaml'];
const BASE: Definition[] = definitionsOf(FILES.map((f) => parseFile(f, readFileSync(join('samples', f), 'utf8'))));
const AS_OF = Date.parse('2026-11-20T12:00:00Z');
const cp0 = compileProject(BASE);
const S = (p: string) => readFileSync(join('samples', p), 'utf8');
const loaded = loadLeadsFromText(cp0.catalog, { file: 'leads.csv', text: S('leads.csv') }, { file: 'events.jsonl', text: S('events.jsonl') });
// The first 600 leads keep each step fast; they hold every kind of rule outcome.
const leads = loaded.leads.slice(0, 600);

const clone = <T>(v: T): T => structuredClone(v);
type Obj = Record<string, unknown>;

/** Every rule of a model (group members in place), with the list that holds it. */
function rulesOf(m: ScoringDef): { list: Obj[]; at: number }[] {
  const out: { list: Obj[]; at: number }[] = [];
  for (const sec of [m.fit, m.engagement]) {
    const items = (sec?.rules ?? []) as unknown as Obj[];
    items.forEach((it, at) => {
      if (Array.isArray(it.rules)) (it.rules as Obj[]).forEach((_, k) => out.push({ list: it.rules as Obj[], at: k }));
      else out.push({ list: items, at });
    });
  }
  return out;
}

const WINDOWS = ['7d', '14d', '30d', '90d', undefined];
const CONDITIONS: Obj[] = [
  { employees: { gte: 200 } }, { employees: { gte: 1000 } }, { seniority: ['vp', 'cxo'] }, { department: 'revops' },
  { icp: 'enterprise' }, { tier: 'mid-market/tier-2' }, { email: { ends_with: '@gmail.com' } }, { tech_stack: { includes: 'hubspot' } },
  { event: 'page_view', within: '7d', count: { gte: 3 } },
];

/** One random edit of the definitions (a new array; the old one is left as it was). */
function randomEdit(defs: Definition[], r: Rng): { defs: Definition[]; what: string } {
  const out = clone(defs);
  const models = out.filter((d): d is ScoringDef => d.kind === 'scoring');
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const m = pick(models);
  const rules = rulesOf(m);
  const { list, at } = pick(rules);
  const rule = list[at];
  const kind = Math.floor(r() * 19);
  switch (kind) {
    case 0: case 1: case 2: rule.points = Math.round((r() * 120 - 50) * (r() < 0.3 ? 100 : 1)) / (r() < 0.3 ? 100 : 1); break;
    case 3: if ('event' in rule) rule.max = Math.floor(r() * 40); else rule.points = 0; break;
    case 4: if ('event' in rule) { const w = pick(WINDOWS); if (w === undefined) delete rule.within; else rule.within = w; } break;
    case 5: if ('event' in rule) rule.decay = pick(['none', { half_life: '7d' }, { half_life: '60d' }]); break;
    case 6: if ('when' in rule) rule.when = pick(CONDITIONS); else rule.where = { url: { contains: pick(['/pricing', '/docs', '/product']) } }; break;
    case 7: rule.id = `${String(rule.id)}-${Math.floor(r() * 3)}`; break; // renamed (maybe onto another rule's id: the gate would refuse, the engine must still agree)
    case 8: list.splice(at, 1); break; // removed
    case 9: list.splice(at, 0, { id: `new-${Math.floor(r() * 1000)}`, when: pick(CONDITIONS), points: Math.floor(r() * 30) }); break; // added
    case 10: if (at + 1 < list.length) [list[at], list[at + 1]] = [list[at + 1], list[at]]; break; // moved
    case 11: { const sec = pick([m.fit, m.engagement].filter((s) => s)); if (sec) sec.max = pick([15, 40, 100]); break; } // a section clamp
    case 12: { const g = ((m.fit?.rules ?? []) as unknown as Obj[]).find((x) => Array.isArray(x.rules)); if (g) { g.pick = pick(['first', 'max', 'sum']); g.max = pick([12, 40, 100]); } break; }
    case 13: rule.when = pick([{ fit: { gte: 30 } }, { engagement: { gte: 10 } }]); delete rule.event; delete rule.where; delete rule.within; break; // reads score outputs
    case 14: m.mql = pick([{ grade: 'A' }, { fit: { gte: 40 } }, { any: [{ grade: 'B' }, { engagement: { gte: 30 } }] }]); break;
    case 16: if ('event' in rule) rule.event = pick(['email_click', 'content_download', 'webinar_attended', 'page_view']); break; // maybe an event no rule read before: new event slots
    case 17: { const sla = out.find((d) => d.kind === 'sla') as unknown as { commitments: Obj[] }; sla.commitments[0].within = pick(['1h', '4h', '2d']); break; } // the SLA itself
    case 18: { const sla = out.find((d) => d.kind === 'sla') as unknown as { commitments: Obj[] }; sla.commitments[0].applies_to = pick([{ mql: true }, { grade: ['A', 'B'] }, { fit: { gte: 40 } }]); break; }
    case 15: { const icp = out.find((d) => d.kind === 'icp' && d.id === 'mid-market') as unknown as Obj; (icp.match as Obj).employees = { between: [Math.floor(r() * 200), 1000 + Math.floor(r() * 4000)] }; break; }
  }
  return { defs: out, what: `${m.id} kind ${kind}` };
}

test('random edit sequences: every incremental run equals a fresh simulation, and the kept backtest a fresh backtest (three seeds × 20 edits)', () => {
  for (const seed of [1, 2, 3]) {
    const r = rng(seed);
    const cache = new SimulationCache({ reuse: true });
    const btCache = new BacktestCache();
    const bt = (defs: Definition[], c?: BacktestCache) => { const cp = compileProject(defs); return JSON.stringify(backtest(cp, resolveOutcomes(cp.project!, cp.catalog), leads, AS_OF, c)); };
    let defs = BASE;
    bt(defs, btCache);
    const first = cache.run(compileProject(defs), leads, AS_OF, []);
    assert.ok(first.summary.feedback && first.summary.volume, 'the sample project has sales feedback and a volume SLA');
    for (let step = 0; step < 20; step++) {
      const e = randomEdit(defs, r);
      defs = e.defs;
      const got = JSON.stringify(cache.run(compileProject(defs), leads, AS_OF, []));
      const want = JSON.stringify(simulate(compileProject(defs), leads, AS_OF, []));
      assert.ok(got === want, `seed ${seed} step ${step} (${e.what}): the incremental run differs from a fresh simulation`);
      assert.ok(bt(defs, btCache) === bt(defs), `seed ${seed} step ${step} (${e.what}): the kept backtest differs from a fresh one`);
    }
  }
});

test('an edit of one rule keeps the results of the leads it cannot change: it re-scores only where the rule\'s outcome moved', () => {
  const inbound = (defs: Definition[]) => compileProject(defs).scorings.find((s) => s.id === 'inbound')!;
  const edited = clone(BASE);
  const rule = rulesOf(edited.find((d) => d.id === 'inbound') as ScoringDef).map(({ list, at }) => list[at]).find((x) => x.id === 'senior')!;
  rule.points = 21;
  const delta = modelDelta(inbound(BASE), inbound(edited));
  assert.ok(delta, 'a points edit is an edit of one rule');
  const cp = compileProject(edited);
  let kept = 0;
  for (const lead of leads) {
    const senior = ['vp', 'cxo'].includes(String(lead.values.seniority));
    assert.equal(delta!.unchanged(cp.ctx.setLead(lead, AS_OF)), !senior, `lead ${lead.id}`);
    if (!senior) kept++;
  }
  assert.ok(kept > 0 && kept < leads.length);

  // Anything else than rules changed: every lead is evaluated again.
  const graded = clone(BASE);
  (graded.find((d) => d.id === 'inbound') as ScoringDef).grades![0].min = 81;
  assert.equal(modelDelta(inbound(BASE), inbound(graded)), undefined);
  // An edited rule that reads a score output depends on the other rules.
  const reads = clone(BASE);
  const r2 = rulesOf(reads.find((d) => d.id === 'inbound') as ScoringDef).map(({ list, at }) => list[at]).find((x) => x.id === 'revops-buyer')!;
  r2.when = { fit: { gte: 30 } };
  assert.equal(modelDelta(inbound(BASE), inbound(reads)), undefined);
});
