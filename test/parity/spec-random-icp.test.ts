// SPEC §4 (ICPs) on seeded random workspaces: `leadspec simulate --format json` run as a process
// equals a reading of the text — a lead matches when `match` holds and `exclude` (if any) does not;
// its tier is the first whose `when` holds (no `when`: catch-all, last); it fits every persona
// whose `when` holds; a lead's `icps` lists only the ICPs it matches; §8's summary counts them.
// Conditions and leads come from spec-random-gen.ts (its reference of §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, header, workspace } from './spec-helpers.js';
import { CATALOG, condition, leads, prng, type RefLead } from './spec-random-gen.js';

const SEEDS = Array.from({ length: Number(process.env.LEADSPEC_RANDOM_SEEDS) || 6 }, (_, i) => 5 + i * 4099);

test('§4 match, exclude, ordered tiers with a catch-all, personas and the summary: the CLI equals a reading of SPEC.md on seeded random workspaces', () => {
  for (const seed of SEEDS) {
    const r = prng(seed);
    const icps = Array.from({ length: 3 }, (_, i) => {
      const id = `icp-${i}`;
      const [match, m] = condition(r, 1);
      const ex = r() < 0.6 ? condition(r, 1) : undefined;
      const tiers = Array.from({ length: Math.floor(r() * 3) }, (_, j) => ({ id: `t${j}`, c: condition(r, 1) }));
      const catchAll = tiers.length > 0 && r() < 0.6;
      const personas = Array.from({ length: Math.floor(r() * 3) }, (_, j) => ({ id: `p${j}`, c: condition(r, 1) }));
      const text = `${header('icp', id)}match: ${JSON.stringify(match)}\n${ex ? `exclude: ${JSON.stringify(ex[0])}\n` : ''}`
        + (tiers.length ? `tiers:\n${tiers.map((t) => `  - { id: ${t.id}, when: ${JSON.stringify(t.c[0])} }\n`).join('')}${catchAll ? '  - { id: rest }\n' : ''}` : '')
        + (personas.length ? `personas:\n${personas.map((p) => `  - { id: ${p.id}, when: ${JSON.stringify(p.c[0])} }\n`).join('')}` : '');
      const evaluate = (l: RefLead) => {
        if (!m(l) || (ex && ex[1](l))) return undefined;
        const tier = tiers.find((t) => t.c[1](l))?.id ?? (catchAll ? 'rest' : null);
        return { id, tier, personas: personas.filter((p) => p.c[1](l)).map((p) => p.id) };
      };
      return { id, text, evaluate, tierIds: [...tiers.map((t) => t.id), ...(catchAll ? ['rest'] : [])], personaIds: personas.map((p) => p.id) };
    });
    const data = leads(r, 40);
    const ws = workspace({
      'leadspec.yaml': `${header('project', 'p')}samples: { leads: leads.csv, events: events.csv }\nas_of: 2026-11-20T12:00:00Z\n`,
      'fields.yaml': CATALOG, 'leads.csv': data.csv, 'events.csv': data.events,
      'icps.yaml': icps.map((i) => i.text).join('---\n'),
    });
    const s = cli(['simulate', '--format', 'json'], ws);
    assert.equal(s.status, 0, `seed ${seed} (${ws}): ${s.stderr}`);
    const byId = (xs: any[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    const summary: Record<string, { matched: number; tiers: Record<string, number>; personas: Record<string, number> }> = {};
    for (const i of icps) summary[i.id] = { matched: 0, tiers: {}, personas: {} };
    data.ref.forEach((lead, li) => {
      const want = icps.map((i) => i.evaluate(lead)).filter((x) => x !== undefined);
      assert.deepEqual(byId(s.json.leads[li].icps), byId(want), `seed ${seed} (${ws}) lead ${lead.id}`);
      for (const w of want) {
        const t = summary[w.id];
        t.matched++;
        if (w.tier) t.tiers[w.tier] = (t.tiers[w.tier] ?? 0) + 1;
        for (const p of w.personas) t.personas[p] = (t.personas[p] ?? 0) + 1;
      }
    });
    for (const i of icps) {
      const got = s.json.summary.icps[i.id];
      assert.equal(got.matched, summary[i.id].matched, `seed ${seed} ${i.id}: matched`);
      for (const t of i.tierIds) assert.equal(got.tiers[t] ?? 0, summary[i.id].tiers[t] ?? 0, `seed ${seed} ${i.id}: tier ${t}`);
      for (const p of i.personaIds) assert.equal(got.personas?.[p] ?? 0, summary[i.id].personas[p] ?? 0, `seed ${seed} ${i.id}: persona ${p}`);
    }
  }
});
