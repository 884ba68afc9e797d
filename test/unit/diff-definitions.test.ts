// What changed in the definitions, in words: every kind of edit a pull request makes to the
// samples, named by definition and id with before and after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { diffDefinitions } from '../../server/src/core/diff/definitions.js';

const load = (f: string) => parseAllDocuments(readFileSync(`samples/${f}`, 'utf8')).map((d) => d.toJS());
const base = ['scoring/inbound.yaml', 'scoring/product-led.yaml', 'icps/mid-market.yaml', 'sla.yaml', 'fields.yaml', 'tests.yaml', 'leadspec.yaml'].flatMap(load);
const summaries = (edit: (defs: any[]) => void) => {
  const head = structuredClone(base);
  edit(head);
  return diffDefinitions(base, head).map((c) => c.summary);
};
const find = (defs: any[], kind: string, id: string) => defs.find((d) => d.kind === kind && d.id === id);

test('no change, no line; titles, descriptions and owners are not changes', () => {
  assert.deepEqual(summaries(() => {}), []);
  assert.deepEqual(summaries((h) => { const m = find(h, 'scoring', 'inbound'); m.title = 'x'; m.owner = 'y'; m.grades[0].description = 'z'; }), []);
});

test('rules: points, conditions (down to the test that changed), windows, added, removed, groups', () => {
  assert.deepEqual(summaries((h) => {
    const m = find(h, 'scoring', 'inbound');
    m.fit.rules[0].points = 25;                                            // in-icp
    m.fit.rules[2].rules[1].when.employees.gte = 250;                      // company-size/mid
    m.fit.rules[2].pick = 'max';
    m.fit.rules.push({ id: 'us-only', when: { country: 'US' }, points: 5 });
    m.engagement.rules = m.engagement.rules.filter((r: any) => r.id !== 'webinar');
    m.engagement.rules[0].within = '14d';                                  // pricing
    m.engagement.decay = { half_life: '14d' };
  }), [
    'inbound · engagement decay: half-life 30d → half-life 14d',
    'inbound · group company-size: pick first → max',
    'inbound · rule in-icp: points 30 → 25',
    'inbound · rule company-size/mid when: employees ≥ 200 → ≥ 250',
    'inbound · rule us-only added (fit): +5 when country = US',
    'inbound · rule pricing: within 30d → 14d',
    'inbound · rule webinar removed (was +10 per webinar_attended (minutes ≥ 20), max 20)',
  ]);
});

test('grades, matrix bands, MQL and disqualify conditions, total', () => {
  assert.deepEqual(summaries((h) => {
    const m = find(h, 'scoring', 'inbound');
    m.grades[1].min = 55;
    m.grades.splice(2, 0, { id: 'C+', min: 35 });
    m.mql.any[0] = { grade: ['A', 'B'] };
    m.disqualify.any.push({ email: { ends_with: '@rival.example' } });
    const p = find(h, 'scoring', 'product-led');
    p.matrix.fit[0].min = 65;
    p.total = 'sum';
  }), [
    'inbound · grade B: min 50 → 55',
    'inbound · grade C+ added (total ≥ 35)',
    'inbound · disqualify: email ends with @competitor.example or opted_out = true → email ends with @competitor.example or opted_out = true or email ends with @rival.example',
    'inbound · mql: grade = A → grade in A, B',
    'product-led · total: 0.5 × fit + 0.5 × engagement → fit + engagement',
    'product-led · fit band A: min 60 → 65',
  ]);
});

test('ICP: match, exclude, tiers changed and reordered, personas; SLA: calendars, commitments', () => {
  assert.deepEqual(summaries((h) => {
    const i = find(h, 'icp', 'mid-market');
    i.match.employees.between = [50, 2000];
    i.tiers = [i.tiers[1], i.tiers[0], i.tiers[2]];
    i.personas.push({ id: 'user', when: { seniority: 'ic' } });
    const s = find(h, 'sla', 'mql-handoff');
    s.calendars.us.holidays.push(new Date('2026-12-31T00:00:00Z'));
    s.calendars.emea.hours.fri = '09:00-16:00';
    s.commitments[0].escalate[0].after = '1h';
    s.commitments[2].target = { gte: 200 };
    s.commitments.push({ id: 'recycle', type: 'volume', scoring: 'inbound', count: { grade: 'D' }, per: 'week', date: 'created_at', target: { lte: 100 } });
  }), [
    'mid-market · match: employees between 50 and 1000 → between 50 and 2000',
    'mid-market · tiers reordered: tier-1, tier-2, tier-3 → tier-2, tier-1, tier-3',
    'mid-market · persona user added (when seniority = ic)',
    'mql-handoff · calendar us: holiday added 2026-12-31',
    'mql-handoff · calendar emea: hours fri 09:00-15:00 → 09:00-16:00',
    'mql-handoff · first-touch: escalation after 2h notify sdr-manager; after 8h reassign round-robin → after 1h notify sdr-manager; after 8h reassign round-robin',
    'mql-handoff · mql-volume: target ≥ 150 → ≥ 200',
    'mql-handoff · recycle added: ≤ 100 leads per week where grade = D',
  ]);
});

test('definitions added and removed, fields, project and test cases', () => {
  assert.deepEqual(summaries((h) => {
    h.splice(h.indexOf(find(h, 'scoring', 'product-led')), 1);
    h.push({ leadspec: 'v1', kind: 'scoring', id: 'outbound', title: 'Outbound', fit: { rules: [{ id: 'big', when: { employees: { gte: 500 } }, points: 50 }] }, grades: [{ id: 'A', min: 40 }, { id: 'B' }] });
    const f = find(h, 'fields', 'crm');
    f.fields.segment = { type: 'enum', values: ['smb', 'mid', 'ent'] };
    f.fields.region.values.push('mena');
    find(h, 'project', 'acme-revops').base = 'develop';
    const t = find(h, 'test', 'inbound-scoring');
    t.cases[1].expect.inbound.grade = 'C';
    t.cases.pop();
  }), [
    'outbound · scoring outbound added: Outbound, 1 rule, grades A, B',
    'product-led · scoring product-led removed',
    'crm · fields region values: na, emea, apac, latam → na, emea, apac, latam, mena',
    'crm · fields segment added: type: enum, values: smb, mid, ent',
    'acme-revops · base: main → develop',
    'inbound-scoring · case "A well-fitting account that has done nothing yet is a B, not an MQL": expects tier: mid-market/tier-1, inbound: fit: 65, engagement: 0, total: 65, grade: B, mql: false → tier: mid-market/tier-1, inbound: fit: 65, engagement: 0, total: 65, grade: C, mql: false',
    'inbound-scoring · case removed: An APAC lead falls back to the US calendar and was touched in 119 minutes (sample L00002)',
  ]);
});

test('JSON entries carry kind, id, path, before and after', () => {
  const head = structuredClone(base);
  find(head, 'scoring', 'inbound').grades[0].min = 75;
  assert.deepEqual(diffDefinitions(base, head), [{ kind: 'scoring', id: 'inbound', change: 'changed', path: 'grades.A.min', before: 80, after: 75, summary: 'inbound · grade A: min 80 → 75' }]);
});
