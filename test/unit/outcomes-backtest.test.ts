// SPEC §11 on the hand-computed fixture of outcomes-fixture.ts: every number of the backtest
// JSON (times and flag variants) and of the feedback summary, worked out by hand below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, simulate, type CompiledProject } from '../../server/src/core/eval/simulate.js';
import { loadLeadsFromText } from '../../server/src/core/data/leads.js';
import { backtest } from '../../server/src/core/outcomes/backtest.js';
import { feedbackSummary } from '../../server/src/core/outcomes/feedback.js';
import { resolveOutcomes, feedbackSpec, OutcomesError } from '../../server/src/core/outcomes/spec.js';
import type { ProjectDef } from '../../server/src/core/model.js';
import type { DataWarning } from '../../server/src/core/results.js';
import { FIELDS, ICP, MODEL, PROJECT_TIMES, PROJECT_FLAG, LEADS_CSV, EVENTS_CSV } from './outcomes-fixture.js';

const SIM_AS_OF = Date.parse('2026-11-01T00:00:00Z');

function load(projectText: string) {
  const f = parseFile('ws.yaml', [FIELDS, ICP, MODEL, projectText].join('---\n'));
  assert.deepEqual(f.diagnostics, []);
  const cp: CompiledProject = compileProject(definitionsOf([f]));
  const { leads, warnings } = loadLeadsFromText(cp.catalog, { text: LEADS_CSV, file: 'leads.csv' }, { text: EVENTS_CSV, file: 'events.csv' });
  return { cp, leads, warnings, project: cp.project as ProjectDef };
}

/** The sweep m = 90 … 0 as hand-computed steps: [from, to, leads, converted, precision, recall]. */
const STEPS: [number, number, number, number, number, number][] = [
  [90, 71, 1, 1, 1, 0.2], [70, 51, 3, 2, 0.6667, 0.4], [50, 41, 4, 3, 0.75, 0.6], [40, 31, 5, 3, 0.6, 0.6],
  [30, 21, 7, 3, 0.4286, 0.6], [20, 1, 9, 4, 0.4444, 0.8], [0, 0, 11, 4, 0.3636, 0.8],
];
const thresholds = STEPS.flatMap(([from, to, leads, converted, precision, recall]) =>
  Array.from({ length: from - to + 1 }, (_, k) => ({ min: from - k, leads, converted, precision, recall })));

test('backtest with conversion times: every number of §11 by hand', () => {
  const { cp, leads, project } = load(PROJECT_TIMES);
  const r = backtest(cp, resolveOutcomes(project, cp.catalog), leads, SIM_AS_OF);
  // P = 14 leads − L8 (created after T) − L9 (converted before T) = 12; converted in (T, T+H]:
  // L1, L2, L4, L7, L11 (exactly T+H) = 5; L5 converts after T+H; L10 has no time.
  assert.deepEqual(r, {
    as_of: '2026-08-01T00:00:00Z', horizon: '30d', until: '2026-08-31T00:00:00Z',
    population: { leads: 12, converted: 5, rate: 0.4167, excluded: { created_after: 1, converted_before: 1 } },
    scoring: {
      m: {
        // keys: L1 90c | L2 70c, L14 70 | L4 50c (demo after T) | L10 40 | L3, L12 30 | L5 20, L11 20c |
        // L6, L13 0 | L7 disqualified c. Wins: 7 + 6.5 + 6 + 2.5 + 0 = 22 of 5 × 7 = 35.
        auc: 0.6286,
        grades: {
          A: { leads: 3, converted: 2, rate: 0.6667, lift: 1.6 },        // 2·12 / (3·5)
          B: { leads: 4, converted: 1, rate: 0.25, lift: 0.6 },
          C: { leads: 4, converted: 1, rate: 0.25, lift: 0.6 },
          disqualified: { leads: 1, converted: 1, rate: 1, lift: 2.4 },
        },
        mql: { leads: 3, converted: 2, precision: 0.6667, recall: 0.4, lift: 1.6 },
        // n = ceil(d·12/10): 2,3,4,5,6,8,9,10,11,12. n=2 cuts the 70-tie (a=1, t=2): 1 + ½·1 = 1.5;
        // n=8 cuts the 20-tie (a=7, t=2): 3 + ½·1 = 3.5.
        gains: [
          { top: 0.1, leads: 2, captured: 0.3 }, { top: 0.2, leads: 3, captured: 0.4 },
          { top: 0.3, leads: 4, captured: 0.6 }, { top: 0.4, leads: 5, captured: 0.6 },
          { top: 0.5, leads: 6, captured: 0.6 }, { top: 0.6, leads: 8, captured: 0.7 },
          { top: 0.7, leads: 9, captured: 0.8 }, { top: 0.8, leads: 10, captured: 0.8 },
          { top: 0.9, leads: 11, captured: 0.8 }, { top: 1, leads: 12, captured: 1 },
        ],
        rules: {
          big: { leads: 7, converted: 4, rate: 0.5714, lift: 1.3714 },    // 4·12 / (7·5) = 48/35
          senior: { leads: 5, converted: 4, rate: 0.8, lift: 1.92 },
          demo: { leads: 4, converted: 2, rate: 0.5, lift: 1.2 },         // L4's demo is after T
        },
        thresholds,
        recommended: { capacity: 4, min: 41, leads: 4, converted: 3, precision: 0.75, recall: 0.6 },
        value: { grades: { A: 1500, B: 200, C: 0, disqualified: 300 }, mql: 1500 },
      },
    },
    icps: {
      icp: {
        leads: 10, converted: 4, rate: 0.4, lift: 0.96,
        tiers: { t1: { leads: 7, converted: 4, rate: 0.5714, lift: 1.3714 }, t2: { leads: 3, converted: 0, rate: 0, lift: 0 } },
      },
    },
  });
});

test('capacity as a share of N rounds down; a capacity nothing fits recommends null; overrides win', () => {
  const { cp, leads, project } = load(PROJECT_TIMES);
  const share = backtest(cp, resolveOutcomes(project, cp.catalog, { capacity: '25%' }), leads, SIM_AS_OF);
  assert.deepEqual(share.scoring.m.recommended, { capacity: 3, min: 51, leads: 3, converted: 2, precision: 0.6667, recall: 0.4 });
  assert.equal(backtest(cp, resolveOutcomes(project, cp.catalog, { capacity: '5%' }), leads, SIM_AS_OF).scoring.m.recommended, null);
  // --as-of before every lead was created (L11, which has no created_at, left out): an empty
  // population gives nulls, not a division by zero.
  const empty = backtest(cp, resolveOutcomes(project, cp.catalog, { asOf: '2026-01-01T00:00:00Z', horizon: '1w' }), leads.filter((l) => l.id !== 'L11'), SIM_AS_OF);
  assert.deepEqual(empty.population, { leads: 0, converted: 0, rate: null, excluded: { created_after: 13, converted_before: 0 } });
  assert.equal(empty.until, '2026-01-08T00:00:00Z');
  const m = empty.scoring.m;
  assert.equal(m.auc, null);
  assert.deepEqual(m.grades.A, { leads: 0, converted: 0, rate: null, lift: null });
  assert.deepEqual(m.mql, { leads: 0, converted: 0, precision: null, recall: null, lift: null });
  assert.deepEqual(m.gains[0], { top: 0.1, leads: 0, captured: null });
  assert.deepEqual(m.thresholds, []);
  assert.equal(m.recommended, null);
  assert.deepEqual(empty.icps.icp.tiers.t1, { leads: 0, converted: 0, rate: null, lift: null });
});

test('without a capacity there is no `recommended`; without `value` no `value`', () => {
  const { cp, leads, project } = load(PROJECT_TIMES.replace('  capacity: 4\n', '').replace('  value: opportunity_amount\n', ''));
  const m = backtest(cp, resolveOutcomes(project, cp.catalog), leads, SIM_AS_OF).scoring.m;
  assert.ok(!('recommended' in m) && !('value' in m));
});

test('conversion by event: the first occurrence is the conversion time', () => {
  const fields = FIELDS.replace('  demo_request: {}\n', '  demo_request: {}\n  opportunity_created: {}\n');
  const f = parseFile('ws.yaml', [fields, MODEL, 'leadspec: v1\nkind: project\nid: p\noutcomes: { converted: { event: opportunity_created }, as_of: 2026-08-01T00:00:00Z, horizon: 30d }\n'].join('---\n'));
  const cp = compileProject(definitionsOf([f]));
  const ev = 'lead_id,event,at\nA,opportunity_created,2026-08-10T00:00:00Z\nA,opportunity_created,2026-07-01T00:00:00Z\nB,opportunity_created,2026-08-10T00:00:00Z\nB,opportunity_created,2026-12-01T00:00:00Z\n';
  const { leads } = loadLeadsFromText(cp.catalog, { text: 'id,employees\nA,500\nB,10\nC,10\n', file: 'l.csv' }, { text: ev, file: 'e.csv' });
  const r = backtest(cp, resolveOutcomes(cp.project, cp.catalog), leads, SIM_AS_OF);
  // A first converted on 07-01 (before T): out. B converted on 08-10: in and converted.
  assert.deepEqual(r.population, { leads: 2, converted: 1, rate: 0.5, excluded: { created_after: 0, converted_before: 1 } });
});

test('without conversion times (a boolean flag): as_of is the simulation\'s, horizon and until null', () => {
  const { cp, leads, project } = load(PROJECT_FLAG);
  const r = backtest(cp, resolveOutcomes(project, cp.catalog), leads, SIM_AS_OF);
  assert.equal(r.as_of, '2026-11-01T00:00:00Z');
  assert.equal(r.horizon, null);
  assert.equal(r.until, null);
  // P: all but L8 (created 2026-12-01 > as_of) = 13; won: L1, L2, L4, L7, L9, L11 = 6.
  assert.deepEqual(r.population, { leads: 13, converted: 6, rate: 0.4615, excluded: { created_after: 1, converted_before: 0 } });
  const m = r.scoring.m;
  // At 2026-11-01 L4's demo counts (90, A); L9 is 90 A.
  assert.deepEqual(m.grades, {
    A: { leads: 5, converted: 4, rate: 0.8, lift: 1.7333 },      // 4·13 / (5·6)
    B: { leads: 3, converted: 0, rate: 0, lift: 0 },
    C: { leads: 4, converted: 1, rate: 0.25, lift: 0.5417 },      // 13/24
    disqualified: { leads: 1, converted: 1, rate: 1, lift: 2.1667 },
  });
  // Wins: 3 × 7 (the 90s) + 6.5 (L2 ties L14) + 2.5 (L11 ties L5) = 30 of 6 × 7.
  assert.equal(m.auc, 0.7143);
  assert.deepEqual(m.mql, { leads: 5, converted: 4, precision: 0.8, recall: 0.6667, lift: 1.7333 });
});

test('a flag with --horizon, or no outcomes at all, is an OutcomesError saying what to do', () => {
  const { cp, project } = load(PROJECT_FLAG);
  assert.throws(() => resolveOutcomes(project, cp.catalog, { horizon: '90d' }), (e: Error) => e instanceof OutcomesError && /--horizon cannot be used/.test(e.message));
  assert.throws(() => resolveOutcomes(undefined, cp.catalog), (e: Error) => e instanceof OutcomesError && /declare `outcomes`/.test(e.message));
  const times = load(PROJECT_TIMES.replace('  horizon: 30d\n', ''));
  assert.throws(() => resolveOutcomes(times.project, times.cp.catalog), /needs a horizon: add `horizon:`.*or pass --horizon/);
  assert.throws(() => resolveOutcomes(times.project, times.cp.catalog, { horizon: '0d' }), /--horizon '0d' must be a positive duration/);
  assert.throws(() => resolveOutcomes(times.project, times.cp.catalog, { horizon: '30d', capacity: 'lots' }), /--capacity 'lots'/);
});

test('feedback summary: per grade, MQL / not MQL, per rule, reasons; an unknown value is a data warning', () => {
  const { cp, leads, project } = load(PROJECT_TIMES);
  const sim = simulate(cp, leads, SIM_AS_OF);
  const warnings: DataWarning[] = [];
  const fb = feedbackSummary(cp, feedbackSpec(project)!, leads, sim, warnings);
  const c = (accepted: number, rejected: number, recycled: number, rejection_rate: number | null) => ({ accepted, rejected, recycled, rejection_rate });
  // At 2026-11-01: L1 90 A accepted, L2 70 A working, L14 70 A rejected, L4 90 A rejected,
  // L3 30 B nurture, L5 20 C rejected, L6 'bogus' (warning), others not judged.
  assert.deepEqual(fb, {
    m: {
      grades: { A: c(2, 2, 0, 0.5), B: c(0, 0, 1, 0), C: c(0, 1, 0, 1), disqualified: c(0, 0, 0, null) },
      mql: c(2, 2, 0, 0.5),
      not_mql: c(0, 1, 1, 0.5),
      rules: { big: c(2, 2, 1, 0.4), senior: c(1, 2, 0, 0.6667), demo: c(2, 2, 0, 0.5) },
      reasons: { 'no budget': 2, 'wrong persona': 1 },
    },
  });
  assert.deepEqual(warnings.map((w) => [w.file, w.row, w.lead, w.field]), [['leads.csv', 7, 'L6', 'sales_status']]);
  assert.match(warnings[0].message, /'bogus' is in none of outcomes.feedback's lists/);
});
