// The reviewer's diff report over real in-process simulations: moves that add up under weights,
// clamps and rounding; a new model's whole summary; Markdown that user text cannot break; the
// comment kept under GitHub's size limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { CATALOG, project, lead, AS_OF_MS, daysAgo } from './engine-helpers.js';
import { simulate } from '../../server/src/core/eval/simulate.js';
import { diffSimulations, type DiffSide } from '../../server/src/core/diff/simulations.js';
import { renderDiffMarkdown } from '../../server/src/core/report/diff-md.js';
import { renderDiffText } from '../../server/src/core/report/diff-text.js';
import { checkMarkdownTables, movedByEffects } from '../cli/md-tables.js';
import type { Lead } from '../../server/src/core/results.js';

const scoring = (id: string, demo: number, seniorPts: number, weights = '{ weights: { fit: 0.5, engagement: 0.3 } }', views = 5.55) => `leadspec: v1
kind: scoring
id: ${id}
fit:
  max: 45
  rules:
    - { id: big, when: { employees: { gte: 500 } }, points: 30 }
    - { id: senior, when: { seniority: [vp, cxo] }, points: ${seniorPts} }
engagement:
  decay: { half_life: 7d }
  rules:
    - { id: demo, event: demo_request, points: ${demo} }
    - { id: views, event: page_view, points: ${views}, max: 20 }
total: ${weights}
grades:
  - { id: A, min: 30 }
  - { id: B, min: 15 }
  - { id: C }
mql: { grade: A }
`;

function side(docs: string[], leads: (cp: ReturnType<typeof project>) => Lead[]): DiffSide & { leads: Lead[] } {
  const cp = project(...docs);
  const ls = leads(cp);
  return { result: simulate(cp, ls, AS_OF_MS), definitions: [parse(CATALOG), ...docs.map((d) => parse(d))], leads: ls };
}

const people = (n: number) => (cp: ReturnType<typeof project>) => Array.from({ length: n }, (_, i) => lead(cp, {
  id: `L${i}`, employees: 100 + i * 37, seniority: ['ic', 'vp', 'cxo', 'manager'][i % 4],
  events: [
    ...(i % 3 === 0 ? [{ event: 'demo_request', at: daysAgo(i % 11) }] : []),
    ...Array.from({ length: i % 7 }, (_, k) => ({ event: 'page_view', at: daysAgo(k + 0.37 * i) })),
  ],
}));

test('each lead\'s moves add up to its delta under weights, clamps and rounding', () => {
  const b = side([scoring('inbound', 40, 20)], people(60));
  const h = side([scoring('inbound', 55, 25, '{ weights: { fit: 0.6, engagement: 0.3 } }', 6.5)], people(60));
  const d = diffSimulations(b, h, { base: 'main', topMovers: 60 });
  const s = d.scoring.inbound;
  assert.ok(s.top_movers.length > 20);
  let clamped = 0;
  for (const c of [...s.top_movers, ...s.mql_changes]) {
    const sum = c.rules.reduce((a, m) => a + m.effect, 0);
    assert.ok(Math.abs(sum - c.delta) < 1e-9, `${c.lead}: ${sum} vs ${c.delta}`);
    if (c.rules.some((m) => m.rule.endsWith('(max clamp)'))) clamped++;
    // Rounding only carries cents: a larger remainder would hide a move counted twice or not at all.
    for (const m of c.rules) if (m.rule === 'rounding') assert.ok(Math.abs(m.effect) <= 0.02, `${c.lead}: rounding ${m.effect}`);
  }
  assert.ok(clamped > 0, 'the fit max clamp shows as a move');
  // The rendered "moved by" (top moves + "N more") adds up too, in Markdown and text.
  const md = renderDiffMarkdown(d);
  const checked = checkMarkdownTables(md);
  assert.deepEqual(checked.errors, []);
  assert.ok(md.includes('moved by (adds up to Δ)'));
  // The changes are named.
  assert.deepEqual(d.changes.map((c) => c.summary), [
    'inbound · rule senior: points 20 → 25',
    'inbound · rule demo: points 40 → 55',
    'inbound · rule views: points 5.55 → 6.5',
    'inbound · total: 0.5 × fit + 0.3 × engagement → 0.6 × fit + 0.3 × engagement',
  ]);
  assert.ok(movedByEffects('demo 40 → 55 (+4.5 in total), 2 more −1.25, rounding +0.01').length === 3);
  assert.match(renderDiffText(d), /largest score moves \(moved by adds up to delta\)/);
});

test('a new model shows its whole summary: grades, MQL and the leads each rule scores', () => {
  const b = side([scoring('inbound', 40, 20)], people(30));
  const h = side([scoring('inbound', 40, 20), scoring('outbound', 40, 20)], people(30));
  const d = diffSimulations(b, h, { base: 'main' });
  const s = d.scoring.outbound;
  assert.equal(s.status, 'added');
  const md = renderDiffMarkdown(d);
  assert.match(md, /### Scoring model `outbound` \(new\)/);
  const section = md.slice(md.indexOf('### Scoring model `outbound`'));
  for (const [g, n] of Object.entries(s.grades_after)) if (n) assert.match(section, new RegExp(`\\| ${g} \\| — \\| ${n} \\| — \\|`));
  assert.match(section, new RegExp(`MQL: \\*\\*${s.mql_after}\\*\\* of 30`));
  assert.match(section, /\| `big` \| \d+ \|/);
  assert.match(section, /```mermaid/);
  assert.deepEqual(checkMarkdownTables(md).errors, []);
  assert.deepEqual(d.changes.map((c) => c.summary), ['outbound · scoring outbound added: 4 rules, grades A, B, C']);
  const t = renderDiffText(d);
  assert.match(t, /Scoring model outbound \(new\)\n  grade  before  after  delta\n  A\s+-\s+\d+\s+-/);
});

test('Markdown cannot be broken by user text: pipes, backticks, <script>, -->, newlines, Mermaid quotes', () => {
  const evil = 'x|y`z<script>alert(1)</script>--><!-- *_[a](b)\n# h';
  const b = side([scoring('inbound', 40, 20)], people(12));
  const h = side([scoring('inbound', 60, 20)], people(12));
  const rename = (s: DiffSide) => ({ ...s, result: { ...s.result, leads: s.result.leads.map((l, i) => ({ ...l, id: i === 0 ? evil : l.id })) } });
  const d = diffSimulations(rename(b), rename(h), { base: 'main`|<b>' });
  // A definition change whose text is hostile too.
  d.changes.push({ kind: 'scoring', id: 'inbound', change: 'changed', path: 'x', before: null, after: null, summary: evil });
  d.sla['evil/c|`<script>'] = { type: 'response', definition_changed: true, before: { met: 1, breached: 0, open: 0, attainment: 1 }, after: { met: 0, breached: 1, open: 0, attainment: 0 },
    attainment_delta: -1, status_transitions: { 'met→breached': 1 }, newly_breached: [evil], newly_met: [], within_before: '4h', within_after: '3h-->' };
  d.scoring.inbound.grade_order = [...d.scoring.inbound.grade_order, 'G"]\nbar [9]'];
  d.scoring.inbound.grades_after['G"]\nbar [9]'] = 0;
  d.scoring.inbound.grades_before['G"]\nbar [9]'] = 0;
  const md = renderDiffMarkdown(d);
  const raw = md.split("\n").filter((l) => /<script|-->|<!--|<b>/i.test(l));
  assert.deepEqual(raw, [], "no raw <script>, comment or HTML");
  assert.ok(!md.includes('-->'), 'no comment terminator');
  assert.ok(!md.includes('<!--'), 'no comment opener');
  assert.ok(!md.includes('<b>'), 'no raw HTML from the ref');
  // Every table row keeps its cell count (a pipe in a lead id cannot add a column).
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|---')) continue;
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    const n = cells(lines[i - 1]);
    for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++) assert.equal(cells(lines[j]), n, `row keeps ${n - 2} cells: ${lines[j]}`);
  }
  // Inline code spans stay closed: backticks come in pairs on every line outside fences.
  let fenced = false;
  for (const l of lines) {
    if (l.startsWith('```')) { fenced = !fenced; continue; }
    if (!fenced) assert.equal((l.replace(/\\`/g, '').match(/`/g) ?? []).length % 2, 0, `balanced code spans: ${l}`);
  }
  // The Mermaid block keeps its three statements, whatever a grade is called.
  const mermaid = md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3));
  assert.equal(mermaid.split('\n').filter((l) => l.trim().startsWith('bar ')).length, 1);
  // The hostile lead is still listed, escaped.
  assert.ok(md.includes('x\\|y\\`z&lt;script&gt;'));
  assert.ok(md.includes('<details>'), 'long lists fold');
  assert.equal((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
});

test('the comment stays under the limit, cut at a section with a note pointing to the HTML report', () => {
  const b = side([scoring('inbound', 40, 20)], people(400));
  const h = side([scoring('inbound', 70, 35)], people(400));
  const d = diffSimulations(b, h, { base: 'main', topMovers: 400 });
  // Many definition changes, many newly breached leads: a comment far over any limit.
  for (let i = 0; i < 3000; i++) d.changes.push({ kind: 'scoring', id: 'inbound', change: 'changed', path: `p${i}`, before: i, after: i + 1, summary: `inbound · setting ${i}: ${i} → ${i + 1}` });
  const full = renderDiffMarkdown(d, { limit: 10_000_000 });
  assert.ok(full.length > 65_536, `a big diff (${full.length} chars)`);
  const md = renderDiffMarkdown(d);
  assert.ok(md.length <= 64_536, `${md.length} ≤ 64,536 (room for CI's marker and link)`);
  assert.match(md, /This comment was cut to stay under GitHub's 65,536-character limit: .* in the full report \(`leadspec report --base REF` writes it as one HTML file\)/);
  assert.equal((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
  const small = renderDiffMarkdown(d, { limit: 4000, reportHint: 'the `leadspec-report` artifact of this run' });
  assert.ok(small.length <= 4000);
  assert.match(small, /the `leadspec-report` artifact of this run/);
});
