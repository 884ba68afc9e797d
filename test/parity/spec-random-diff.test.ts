// SPEC §7/§8 diff: `leadspec diff --base main --format json` on seeded random workspaces equals
// what the two simulations say, computed here from `simulate --format json` of each version over
// the same leads and as_of: grade transitions, leads that gain or lose MQL, score deltas (mean,
// min, max of the total's change, rounded as §5 rounds), rules added, removed and changed with
// their match counts (group members as `<group>/<rule>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, header, workspace } from './spec-helpers.js';
import { CATALOG, leads, model, prng } from './spec-random-gen.js';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, env: GIT_ENV, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} in ${cwd}: ${r.stderr}`);
  return r.stdout;
}
const leadspec = (args: string[], cwd: string) => JSON.parse(run(process.execPath, [cliPath, ...args], cwd));

/** Half away from zero on the 15-significant-digit decimal form (§5.4), for the mean. */
function round2(x: number): number {
  const s = Math.abs(x).toPrecision(15);
  if (/e/.test(s)) return 0;
  const [ip, fp = ''] = s.split('.');
  const t = BigInt(ip + fp.padEnd(3, '0').slice(0, 3));
  const r = Number(t / 10n + (t % 10n >= 5n ? 1n : 0n)) / 100;
  return r === 0 ? 0 : x < 0 ? -r : r;
}

const SEEDS = Array.from({ length: Number(process.env.LEADSPEC_RANDOM_SEEDS) || 3 }, (_, i) => 31 + i * 65_537);

test('§7 diff JSON equals the difference of the two versions\' simulations on seeded random workspaces', () => {
  for (const seed of SEEDS) {
    const r = prng(seed);
    const data = leads(r, 30);
    // Two versions of models m1 and m2 (rule ids r1… overlap, so rules are kept, changed,
    // added and removed); m3 exists only in the base, m4 only in the working tree.
    const base = { m1: model(r, 'm1'), m2: model(r, 'm2'), m3: model(r, 'm3') };
    const head = { m1: model(r, 'm1'), m2: model(r, 'm2'), m4: model(r, 'm4') };
    const common = {
      'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv, events: events.csv }\nas_of: 2026-11-20T12:00:00Z\n`,
      'fields.yaml': CATALOG, 'leads.csv': data.csv, 'events.csv': data.events,
    };
    const files = (ms: Record<string, { text: string }>) => Object.fromEntries(Object.entries(ms).map(([id, m]) => [`${id}.yaml`, m.text]));
    const repo = workspace({ ...common, ...files(base) });
    run('git', ['init', '-q', '-b', 'main'], repo);
    run('git', ['add', '.'], repo);
    run('git', ['commit', '-q', '-m', 'base'], repo);
    const before = leadspec(['simulate', '--format', 'json'], repo);
    run('git', ['rm', '-q', 'm3.yaml'], repo);
    for (const [name, text] of Object.entries(files(head))) writeFileSync(join(repo, name), text);
    const after = leadspec(['simulate', '--format', 'json'], repo);
    const d = leadspec(['diff', '--base', 'main', '--format', 'json'], repo);
    const where = `seed ${seed} (${repo})`;

    assert.equal(d.base, 'main');
    assert.equal(d.head, 'working tree');
    assert.equal(d.leads, data.ref.length, where);
    for (const id of ['m1', 'm2']) {
      const s = d.scoring[id];
      const transitions: Record<string, number> = {};
      const gained: string[] = [], lost: string[] = [], deltas: number[] = [];
      before.leads.forEach((lb: any, i: number) => {
        const la = after.leads[i];
        assert.equal(la.id, lb.id);
        const [b, a] = [lb.scores[id], la.scores[id]];
        if (b.grade !== a.grade) transitions[`${b.grade}→${a.grade}`] = (transitions[`${b.grade}→${a.grade}`] ?? 0) + 1;
        if (!b.mql && a.mql) gained.push(lb.id);
        if (b.mql && !a.mql) lost.push(lb.id);
        deltas.push(a.total - b.total);
      });
      assert.deepEqual(s.transitions, transitions, `${where} ${id}: transitions`);
      assert.deepEqual(s.mql_gained, gained, `${where} ${id}: mql_gained`);
      assert.deepEqual(s.mql_lost, lost, `${where} ${id}: mql_lost`);
      assert.deepEqual(s.score_delta, {
        mean: round2(deltas.reduce((x, y) => x + y, 0) / deltas.length),
        min: round2(Math.min(...deltas)), max: round2(Math.max(...deltas)),
      }, `${where} ${id}: score_delta`);
      const rb: Record<string, number> = before.summary.scoring[id].rules, ra: Record<string, number> = after.summary.scoring[id].rules;
      assert.deepEqual(new Set(s.rules.added), new Set(Object.keys(ra).filter((k) => !(k in rb))), `${where} ${id}: rules.added`);
      assert.deepEqual(new Set(s.rules.removed), new Set(Object.keys(rb).filter((k) => !(k in ra))), `${where} ${id}: rules.removed`);
      // Every rule in both versions whose match count moved is "changed", with both counts.
      const moved = Object.keys(ra).filter((k) => k in rb && ra[k] !== rb[k]);
      const changed = new Map((s.rules.changed as any[]).map((c) => [c.rule, c]));
      for (const k of moved) assert.deepEqual(changed.get(k), { rule: k, matches_before: rb[k], matches_after: ra[k] }, `${where} ${id}: rules.changed ${k}`);
      for (const c of changed.values()) assert.deepEqual([c.matches_before, c.matches_after], [rb[c.rule], ra[c.rule]], `${where} ${id}: rules.changed ${c.rule}`);
    }
    // A model on one side only: every MQL of it is lost (removed model) or gained (added model).
    const mqls = (res: any, id: string) => res.leads.filter((l: any) => l.scores[id].mql).map((l: any) => l.id);
    assert.deepEqual(d.scoring.m3.mql_lost, mqls(before, 'm3'), `${where} m3 (removed)`);
    assert.deepEqual(d.scoring.m4.mql_gained, mqls(after, 'm4'), `${where} m4 (added)`);
  }
});
