// The preview's breakdown by segment: the session (client/src/preview/session.ts, the extension
// host's side of the page's "breakdown" request) answers with what `leadspec simulate --by`
// computes, keeps the field across runs, and offers the catalog's segment fields; the real page
// (built bundle, real HTML and CSP, headless Chromium) draws the tables, whose rows add up to the
// `all` row and to the summary's cards, with a lead value and a column name that try HTML
// injection staying text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PreviewSession } from '../../client/src/preview/session.js';
import { WebviewHarness, harnessAvailable } from '../../scripts/webview-harness.js';
import type { HostMessage, PageMessage } from '../../client/webview/protocol.js';

const missing = harnessAvailable();
const EVIL = '<img src=x onerror="window.__pwned=1">';
const EVIL_COLUMN = '<svg onload=window.__pwned=2>';

const PROJECT = 'leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-20T12:00:00Z\n';
const FIELDS = `leadspec: v1
kind: fields
id: crm
fields:
  employees: { type: integer }
  seniority: { type: enum, values: [ic, vp] }
  region: { type: string }
  paying: { type: boolean }
  mql_at: { type: datetime }
  first_touch_at: { type: datetime }
`;
const SCORING = (big = 40) => `leadspec: v1
kind: scoring
id: inbound
fit:
  rules:
    - { id: big, when: { employees: { gte: 500 } }, points: ${big} }
    - { id: senior, when: { seniority: vp }, points: 20 }
grades:
  - { id: A, min: 60 }
  - { id: B, min: 30 }
  - { id: C }
mql: { grade: A }
`;
const SLA = `leadspec: v1
kind: sla
id: handoff
commitments:
  - { id: first-touch, scoring: inbound, applies_to: { mql: true }, start: mql_at, stop: first_touch_at, within: 2h, clock: calendar }
`;
// Six leads over three regions (one of them a would-be HTML tag) and one without a region.
const LEADS = `id,employees,seniority,region,paying,mql_at,first_touch_at,"${EVIL_COLUMN.replace(/"/g, '""')}"
L1,900,vp,emea,true,2026-11-20T08:00:00Z,2026-11-20T09:00:00Z,x
L2,600,vp,"${EVIL.replace(/"/g, '""')}",false,2026-11-20T08:00:00Z,,y
L3,20,vp,emea,false,,,x
L4,700,ic,na,true,,,x
L5,800,vp,na,false,2026-11-19T08:00:00Z,2026-11-19T11:00:00Z,y
L6,10,ic,,false,,,x
`;

function files(big = 40): Record<string, string> {
  return { 'leadspec.yaml': PROJECT, 'fields.yaml': FIELDS, 'scoring.yaml': SCORING(big), 'sla.yaml': SLA };
}

function session(): PreviewSession {
  const s = new PreviewSession();
  for (const [f, t] of Object.entries(files())) s.setFile(`/ws/${f}`, t);
  s.setSamples({ leads: { file: 'leads.csv', text: LEADS } });
  return s;
}

let harness: WebviewHarness;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leadspec-breakdown-'));
  for (const [f, t] of Object.entries(files())) writeFileSync(join(dir, f), t);
  writeFileSync(join(dir, 'leads.csv'), LEADS);
  if (!missing) harness = await WebviewHarness.start();
});
after(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the session offers segment fields, then the other columns --by accepts (the lead id left out)', () => {
  const d = session().run().data;
  assert.deepEqual(d.segments, { fields: ['seniority', 'region', 'paying'], columns: ['employees', 'mql_at', 'first_touch_at', EVIL_COLUMN] });
  assert.deepEqual(d.by, { field: null });
});

test('the breakdown the session answers with is `simulate --by`\'s, and the field survives the next runs', () => {
  const s = session();
  s.run();
  s.byField = 'region';
  const by = s.breakdownData();
  const values = by.breakdown?.values.map((v) => v.value);
  const cli = spawnSync(process.execPath, [resolve('dist/cli.js'), 'simulate', '--project', join(dir, 'leadspec.yaml'), '--leads', join(dir, 'leads.csv'), '--by', 'region', '--format', 'json'], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(by, { field: 'region', breakdown: JSON.parse(cli.stdout).by });
  assert.deepEqual(values, ['emea', 'na', EVIL, '(none)']);
  // An edit re-simulates: the breakdown follows, by the same field.
  s.setFile('/ws/scoring.yaml', SCORING(10));
  const next = s.run().data;
  assert.equal(next.by?.field, 'region');
  assert.equal(next.by?.breakdown?.scoring.inbound.values.emea.mql, 0);
  // A field no lead has: a sentence, the choice kept.
  s.byField = 'shoe_size';
  assert.deepEqual(s.breakdownData(), { field: 'shoe_size', problem: 'No sample lead has a field or column named “shoe_size”: pick another.' });
  s.byField = null;
  assert.deepEqual(s.breakdownData(), { field: null });
});

/** The tables of the "By segment" card: per table its title and its rows' cells. */
async function cardTables(page: import('playwright-core').Page) {
  return page.locator('#breakdown table.breakdown').evaluateAll((ts) => ts.map((t) => ({
    title: (() => { let e = t.previousElementSibling; while (e && e.tagName !== 'H3') e = e.previousElementSibling; return e?.textContent; })(),
    rows: Array.from(t.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
  })));
}

test('the page: pick a field, the tables add up to the summary, injected HTML stays text, the pick survives a refresh', { skip: missing }, async () => {
  const s = session();
  const asked: PageMessage[] = [];
  // The panel's answer to a pick (client/src/preview/panel.ts): keep the field, answer from the last run.
  const { page, errors, post } = await harness.open('preview', (m): HostMessage | null => {
    asked.push(m);
    if (m.type !== 'breakdown') return null;
    s.byField = m.field;
    return { type: 'breakdown', data: s.breakdownData() };
  });
  await post({ type: 'preview', data: s.run().data });
  await page.waitForSelector('#breakdown select#segment-field');
  const options = await page.locator('#segment-field option').allTextContents();
  assert.deepEqual(options, ['— no breakdown —', 'seniority', 'region', 'paying', 'employees', 'mql_at', 'first_touch_at', EVIL_COLUMN]);

  await page.selectOption('#segment-field', 'region');
  await page.waitForSelector('#breakdown table.breakdown');
  assert.deepEqual(asked.filter((m) => m.type === 'breakdown'), [{ type: 'breakdown', field: 'region' }]);
  assert.equal(await page.locator('#breakdown h2').textContent(), 'By region');
  const [scoring, sla] = await cardTables(page);
  assert.equal(scoring.title, 'Scoring model inbound by region');
  // region, leads, A, B, C, MQL, MQL rate — L1 A; L2 A; L3 C; L4 B; L5 A; L6 C.
  assert.deepEqual(scoring.rows, [
    ['emea', '2', '1', '0', '1', '1', '50.0%'],
    ['na', '2', '1', '1', '0', '1', '50.0%'],
    [EVIL, '1', '1', '0', '0', '1', '100.0%'],
    ['(none)', '1', '0', '0', '1', '0', '0.0%'],
    ['all', '6', '3', '1', '2', '3', '50.0%'],
  ]);
  // Every count column of the value rows adds up to the `all` row…
  const n = (c: string) => Number(c.replace(/,/g, ''));
  for (let col = 1; col <= 5; col++) assert.equal(scoring.rows.slice(0, -1).reduce((a, r) => a + n(r[col]), 0), n(scoring.rows.at(-1)![col]), `column ${col}`);
  // …which is the summary's: the model card's MQL count and rate, and its grade chart.
  const card = await page.locator('section', { hasText: 'Scoring model inbound' }).first().locator('.kpis').innerText();
  assert.match(card, /3\s+MQL\s+50\.0%\s+MQL rate\s+6\s+leads/);
  const grades = await page.locator('svg[aria-label="leads per grade of inbound"] rect > title').allTextContents();
  assert.deepEqual(grades, ['A: 3', 'B: 1', 'C: 2']);
  // SLA: L1 met (1h), L2 open (due 10:00, as_of 12:00: breached), L5 breached (3h).
  assert.equal(sla.title, 'handoff/first-touch by region (attainment = met ÷ (met + breached))');
  assert.deepEqual(sla.rows.map((r) => r.slice(0, 5)), [['emea', '1', '0', '0', '100.0%'], ['na', '0', '1', '0', '0.0%'], [EVIL, '0', '1', '0', '0.0%'], ['all', '1', '2', '0', '33.3%']]);
  const slaSummary = await page.locator('section', { hasText: 'SLAs' }).locator('table tbody tr').first().innerText();
  assert.match(slaSummary, /handoff\/first-touch\s+33\.3%\s+1\s+2\s+0/);

  // The would-be HTML is text: no element was made from it, no script ran.
  assert.equal(await page.locator('#breakdown img, #breakdown svg[onload], img[src="x"]').count(), 0);
  assert.ok(await page.locator('#breakdown td', { hasText: EVIL }).count() >= 2);
  assert.equal(await page.locator(`#breakdown svg.chart rect > title`).filter({ hasText: EVIL }).count(), 1);

  // A live update (an edit, or ↻ Refresh) re-renders the page: the pick stays.
  s.setFile('/ws/scoring.yaml', SCORING(10));
  await post({ type: 'preview', data: s.run().data });
  await page.waitForFunction(() => document.querySelector('#breakdown tbody tr td:nth-child(6)')?.textContent === '0');
  assert.equal(await page.locator('#segment-field').inputValue(), 'region');
  assert.equal(await page.locator('#breakdown h2').textContent(), 'By region');

  // The column named like a tag: picked, its name is text in the heading and the table head.
  await page.selectOption('#segment-field', EVIL_COLUMN);
  await page.waitForFunction((c) => document.querySelector('#breakdown h2')?.textContent === `By ${c}`, EVIL_COLUMN);
  assert.equal(await page.locator('#breakdown table.breakdown th').first().textContent(), EVIL_COLUMN);
  assert.equal(await page.locator('#breakdown svg[onload]').count(), 0);

  // Back to none: the hint, no tables.
  await page.selectOption('#segment-field', '');
  await page.waitForSelector('#breakdown table.breakdown', { state: 'detached' });
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.deepEqual(errors, []);
});
