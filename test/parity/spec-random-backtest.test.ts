// SPEC §11 backtest on seeded random workspaces: `leadspec backtest --format json` run as a
// process equals a reading of the text, computed here from `simulate --format json --as-of T`
// (the models as they scored at T) and the leads' conversion and creation times: the population
// and its exclusions, per grade / MQL / rule counts, rates and lifts, AUC with ties as one half,
// gains with fractional ties, the threshold sweep, the recommendation within capacity, value,
// and every ratio rounded once to 4 decimals (null on a zero denominator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, header, workspace } from './spec-helpers.js';
import { CATALOG, leads, model, prng } from './spec-random-gen.js';

const T = Date.parse('2026-11-10T00:00:00Z'), H = 10 * 86_400_000, HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Half away from zero to 4 decimals on the 15-significant-digit decimal form. */
function round4(x: number): number {
  if (x === 0) return 0;
  const s = Math.abs(x).toPrecision(15);
  if (/e/.test(s)) return 0;
  const [ip, fp = ''] = s.split('.');
  const t = BigInt(ip + fp.padEnd(5, '0').slice(0, 5));
  const r = Number(t / 10n + (t % 10n >= 5n ? 1n : 0n)) / 10_000;
  return x < 0 ? -r : r;
}
const ratio = (n: number | null, d: number | null) => (n === null || d === null || d === 0 ? null : n / d);
const out4 = (x: number | null) => (x === null ? null : round4(x));

const SEEDS = Array.from({ length: Number(process.env.LEADSPEC_RANDOM_SEEDS) || 5 }, (_, i) => 11 + i * 6151);

test('§11 backtest JSON equals a reading of SPEC.md on seeded random workspaces (scores at T from simulate)', () => {
  for (const seed of SEEDS) {
    const r = prng(seed);
    const models = [model(r, 'm1'), model(r, 'm2')];
    const data = leads(r, 60);
    // Conversion and creation times around T: before, at, inside (T, T + H], exactly T + H, after.
    const extra = data.ref.map(() => {
      const conv = r() < 0.45 ? pick([T - 5 * HOUR, T, T + HOUR, T + 50 * HOUR, T + H, T + H + 1000, T + 3 * 24 * HOUR]) : undefined;
      const created = r() < 0.3 ? pick([T - 20 * 24 * HOUR, T, T + HOUR]) : undefined;
      const amount = r() < 0.7 ? Math.floor(r() * 50) * 100 : undefined;
      return { conv, created, amount };
    });
    function pick<X>(xs: X[]): X { return xs[Math.floor(r() * xs.length)]; }
    const lines = data.csv.trimEnd().split('\n');
    const csv = [`${lines[0]},conv_at,created_at,amount`, ...lines.slice(1).map((l, i) => `${l},${extra[i].conv === undefined ? '' : iso(extra[i].conv!)},${extra[i].created === undefined ? '' : iso(extra[i].created!)},${extra[i].amount ?? ''}`)].join('\n') + '\n';
    const catalog = CATALOG.replace('events:\n', '  conv_at: { type: datetime }\n  created_at: { type: datetime }\n  amount: { type: number }\nevents:\n');
    const ws = workspace({
      'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv, events: events.csv }\nas_of: 2026-11-20T12:00:00Z\n`
        + `outcomes: { converted: conv_at, created: created_at, as_of: ${iso(T)}, horizon: 10d, capacity: 20%, value: amount }\n`,
      'fields.yaml': catalog, 'leads.csv': csv, 'events.csv': data.events,
      'm1.yaml': models[0].text, 'm2.yaml': models[1].text,
    });
    const sim = cli(['simulate', '--format', 'json', '--as-of', iso(T)], ws);
    assert.equal(sim.status, 0, `seed ${seed} (${ws}): ${sim.stderr}`);
    const bt = cli(['backtest', '--format', 'json'], ws);
    assert.equal(bt.status, 0, `seed ${seed} (${ws}): ${bt.stderr}`);
    const got = bt.json;
    const where = `seed ${seed} (${ws})`;

    const inP = extra.map((e) => !(e.created !== undefined && e.created > T) && !(e.conv !== undefined && e.conv <= T));
    const isC = extra.map((e) => e.conv !== undefined && e.conv > T && e.conv <= T + H);
    const P = data.ref.map((_, i) => i).filter((i) => inP[i]);
    const N = P.length, C = P.filter((i) => isC[i]).length;
    const base = ratio(C, N);
    assert.deepEqual(got.population, {
      leads: N, converted: C, rate: out4(base),
      excluded: { created_after: extra.filter((e) => e.created !== undefined && e.created > T).length,
        converted_before: extra.filter((e) => !(e.created !== undefined && e.created > T) && e.conv !== undefined && e.conv <= T).length },
    }, `${where}: population`);
    assert.deepEqual([got.as_of, got.horizon, got.until], [iso(T), '10d', iso(T + H)]);

    for (const [mi, m] of models.entries()) {
      const id = `m${mi + 1}`;
      const g = got.scoring[id];
      const sc = (i: number) => sim.json.leads[i].scores[id];
      const group = (sel: number[]) => { const c = sel.filter((i) => isC[i]).length; return { leads: sel.length, converted: c, rate: out4(ratio(c, sel.length)), lift: out4(ratio(ratio(c, sel.length), base)) }; };
      // grades: every declared grade (zeros included), and disqualified.
      for (const grade of [...m.grades, ...(m.hasDq ? ['disqualified'] : [])]) {
        assert.deepEqual(g.grades[grade], group(P.filter((i) => sc(i).grade === grade)), `${where} ${id}: grade ${grade}`);
      }
      // rules: the keys of summary.rules, over the leads each rule contributed to.
      const keys = Object.keys(sim.json.summary.scoring[id].rules);
      assert.deepEqual(Object.keys(g.rules).sort(), [...keys].sort(), `${where} ${id}: rule keys`);
      const listed = (i: number) => (sc(i).explanation as any[]).filter((it) => it.clamp === undefined).map((it) => (it.group !== undefined ? `${it.group}/${it.rule}` : it.rule));
      for (const k of keys) assert.deepEqual(g.rules[k], group(P.filter((i) => listed(i).includes(k))), `${where} ${id}: rule ${k}`);
      // mql
      const mq = P.filter((i) => sc(i).mql), mc = mq.filter((i) => isC[i]).length;
      assert.deepEqual(g.mql, { leads: mq.length, converted: mc, precision: out4(ratio(mc, mq.length)), recall: out4(ratio(mc, C)), lift: out4(ratio(ratio(mc, mq.length), base)) }, `${where} ${id}: mql`);
      // auc: a disqualified lead ranks below every other lead.
      const key = (i: number) => (sc(i).disqualified ? -Infinity : sc(i).total);
      let wins = 0, pairs = 0;
      for (const a of P) if (isC[a]) for (const b of P) if (!isC[b]) { pairs++; wins += key(a) > key(b) ? 1 : key(a) === key(b) ? 0.5 : 0; }
      assert.equal(g.auc, pairs ? round4(wins / pairs) : null, `${where} ${id}: auc`);
      // gains
      const sorted = [...P].sort((a, b) => key(b) - key(a));
      for (let d = 1; d <= 10; d++) {
        const n = Math.floor((d * N + 9) / 10);
        let captured: number | null = null;
        if (C > 0) {
          if (n === 0) captured = 0;
          else {
            const k = key(sorted[n - 1]);
            const above = P.filter((i) => key(i) > k), tied = P.filter((i) => key(i) === k);
            captured = round4((above.filter((i) => isC[i]).length + ((n - above.length) / tied.length) * tied.filter((i) => isC[i]).length) / C);
          }
        }
        assert.deepEqual(g.gains[d - 1], { top: d / 10, leads: n, captured }, `${where} ${id}: gains ${d}`);
      }
      // thresholds and recommended
      const live = P.filter((i) => !sc(i).disqualified);
      const sweep = [];
      if (live.length) {
        const ts = live.map((i) => sc(i).total);
        for (let t = Math.ceil(Math.max(...ts)); t >= Math.floor(Math.min(...ts)); t--) {
          const sel = live.filter((i) => sc(i).total >= t), c = sel.filter((i) => isC[i]).length;
          sweep.push({ min: t, leads: sel.length, converted: c, precision: out4(ratio(c, sel.length)), recall: out4(ratio(c, C)) });
        }
      }
      assert.deepEqual(g.thresholds, sweep, `${where} ${id}: thresholds`);
      const capacity = Math.floor((20 * N) / 100);
      const fits = sweep.filter((s) => s.leads <= capacity);
      assert.deepEqual(g.recommended, fits.length ? { capacity, ...fits[fits.length - 1] } : null, `${where} ${id}: recommended`);
      // value: converted leads' amounts (missing = 0) per grade and for MQL leads.
      const val = (sel: number[]) => sel.filter((i) => isC[i]).reduce((a, i) => a + (extra[i].amount ?? 0), 0);
      for (const grade of m.grades) assert.equal(g.value.grades[grade], val(P.filter((i) => sc(i).grade === grade)), `${where} ${id}: value ${grade}`);
      assert.equal(g.value.mql, val(mq), `${where} ${id}: value mql`);
    }
  }
});
