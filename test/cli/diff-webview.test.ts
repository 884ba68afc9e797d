// The real preview and diff webviews (built bundle, real HTML and CSP) in headless Chromium,
// fed real simulations: what they show, that the lead table sorts, filters and explains, that
// lead data cannot inject HTML or script, and that the CSP blocks inline script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewSession } from '../../client/src/preview/session.js';
import { WebviewHarness, harnessAvailable } from '../../scripts/webview-harness.js';
import type { PageMessage, HostMessage } from '../../client/webview/protocol.js';

const missing = harnessAvailable();
const FIELDS = 'leadspec: v1\nkind: fields\nid: crm\nfields:\n  employees: { type: integer }\n  seniority: { type: enum, values: [ic, vp] }\nevents:\n  demo_request: {}\n';
const ICP = 'leadspec: v1\nkind: icp\nid: mm\nmatch: { employees: { between: [50, 1000] } }\ntiers:\n  - { id: big, when: { employees: { gte: 500 } } }\n  - { id: rest }\n';
const SCORING = (demo: number) => `leadspec: v1
kind: scoring
id: inbound
fit:
  rules:
    - { id: in-icp, when: { icp: mm }, points: 40 }
    - { id: senior, when: { seniority: vp }, points: 20 }
engagement:
  rules:
    - { id: demo, event: demo_request, points: ${demo} }
grades:
  - { id: A, min: 80 }
  - { id: B, min: 40 }
  - { id: C }
mql: { grade: A }
`;
const EVIL = '<img src=x onerror="window.__pwned=1">';
// A: L1 (40+20+demo 30 = 90); B: L2 (40), EVIL (60); C: L4 (20).
const LEADS = `id,employees,seniority\nL1,600,vp\nL2,100,ic\n"${EVIL.replace(/"/g, '""')}",300,vp\nL4,5000,vp\n`;
const EVENTS = '{"lead_id":"L1","event":"demo_request","at":"2026-11-19T10:00:00Z"}\n';

function session(demo: number): PreviewSession {
  const s = new PreviewSession();
  s.setFile('/ws/leadspec.yaml', 'leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-20T12:00:00Z\n');
  s.setFile('/ws/fields.yaml', FIELDS);
  s.setFile('/ws/icp.yaml', ICP);
  s.setFile('/ws/scoring.yaml', SCORING(demo));
  s.setSamples({ leads: { file: 'leads.csv', text: LEADS }, events: { file: 'events.jsonl', text: EVENTS } });
  return s;
}
const answer = (s: PreviewSession) => (m: PageMessage): HostMessage | null => (m.type === 'explain' ? { type: 'explanation', id: m.id, lead: s.explain(m.id) } : null);

let harness: WebviewHarness;
before(async () => { if (!missing) harness = await WebviewHarness.start(); });
after(async () => { await harness?.close(); });

test('preview: grade counts, MQL, rule counts, tiers; the lead table sorts, filters and explains', { skip: missing }, async () => {
  const s = session(30);
  const { page, errors, post } = await harness.open('preview', answer(s));
  await post({ type: 'preview', data: s.run().data });
  await page.waitForSelector('#root section');
  const text = await page.locator('#root').innerText();
  assert.match(text, /Scoring model inbound/);
  assert.match(text, /1\s+MQL\s+25\.0%\s+MQL rate\s+4\s+leads/);
  const grades = await page.locator('svg[aria-label="leads per grade of inbound"] text.value').allTextContents();
  assert.deepEqual(grades, ['1', '2', '1']);
  const rules = await page.locator('svg[aria-label="rule match counts of inbound"] text.value').allTextContents();
  assert.deepEqual(rules, ['3', '3', '1']); // in-icp, senior, demo
  const ids = () => page.locator('table.leads tbody tr td:first-child').allTextContents();
  assert.deepEqual(await ids(), ['L1', EVIL, 'L2', 'L4'], 'default: highest total first');
  await page.click('table.leads thead button:has-text("lead")');
  assert.deepEqual(await ids(), [EVIL, 'L1', 'L2', 'L4'], 'by id ascending');
  await page.selectOption('select[aria-label="grade filter"]', 'B');
  assert.deepEqual((await ids()).sort(), [EVIL, 'L2'].sort());
  await page.selectOption('select[aria-label="grade filter"]', '');
  await page.selectOption('select[aria-label="ICP filter"]', 'mm/big');
  assert.deepEqual(await ids(), ['L1']);
  await page.selectOption('select[aria-label="ICP filter"]', '');
  await page.selectOption('select[aria-label="MQL filter"]', 'no');
  assert.equal((await ids()).length, 3);
  await page.selectOption('select[aria-label="MQL filter"]', 'yes');
  await page.click('table.leads tbody tr');
  await page.waitForSelector('#explanation h3');
  const explanation = await page.locator('#explanation').innerText();
  assert.match(explanation, /Lead L1/);
  assert.match(explanation, /mm \(big\)/);
  assert.match(explanation, /demo\s+\+30 \(1 events\)/);
  // A live update (the user edits demo to 50 points) keeps the filter and the selection,
  // and shows the selected lead's new explanation.
  s.setFile('/ws/scoring.yaml', SCORING(50));
  await post({ type: 'preview', data: s.run().data });
  await page.waitForFunction(() => /\+50 \(1 events\)/.test(document.getElementById('explanation')?.textContent ?? ''));
  assert.equal(await page.locator('select[aria-label="MQL filter"]').inputValue(), 'yes');
  assert.deepEqual(await ids(), ['L1']);
  assert.equal(await page.locator('table.leads tbody tr.selected td:first-child').textContent(), 'L1');
  // A failed run (e.g. an unreadable sample) shows its message above the last good page.
  await post({ type: 'error', message: 'LeadSpec could not simulate: boom' });
  assert.equal(await page.locator('#live-error').textContent(), 'LeadSpec could not simulate: boom');
  assert.equal(await page.locator('table.leads').count(), 1);
  await post({ type: 'preview', data: s.run().data });
  await page.waitForSelector('#live-error', { state: 'detached' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('lead data is text, never HTML; the CSP blocks inline script', { skip: missing }, async () => {
  const s = session(30);
  const { page, errors, post } = await harness.open('preview', answer(s));
  await post({ type: 'preview', data: s.run().data });
  await page.waitForSelector('table.leads tbody tr');
  assert.equal(await page.locator('#root img').count(), 0, 'no element was created from a lead id');
  assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
  await page.locator('table.leads tbody tr', { hasText: '<img' }).click();
  await page.waitForSelector('#explanation h3');
  assert.equal(await page.locator('#explanation h3').textContent(), `Lead ${EVIL}`);
  assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
  // A script without the page's nonce does not run.
  await page.evaluate(() => { const el = document.createElement('script'); el.textContent = 'window.__inline = 1'; document.body.appendChild(el); });
  assert.equal(await page.evaluate(() => (window as any).__inline), undefined);
  assert.ok(errors.some((e) => /Content Security Policy/i.test(e)), 'the blocked script is reported as a CSP violation');
  await page.close();
});

test('diff: transition matrix, MQL gained with the rule that moved it, rules changed', { skip: missing }, async () => {
  const s = session(30);
  s.setBase('c0ffee', [{ file: 'main:fields.yaml', text: FIELDS }, { file: 'main:icp.yaml', text: ICP }, { file: 'main:scoring.yaml', text: SCORING(10) },
    { file: 'main:leadspec.yaml', text: 'leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-20T12:00:00Z\n' }]);
  const { page, errors, post } = await harness.open('diff', answer(s));
  await post({ type: 'diff', data: s.runDiff('main', 'main (c0ffee)').data });
  await page.waitForSelector('#root section');
  assert.match(await page.locator('h1').innerText(), /LeadSpec diff: main \(c0ffee\) → working tree/);
  // L1: 70 B → 90 A.
  const cell = page.locator('table.matrix tbody tr', { hasText: 'B' }).first().locator('td').first();
  assert.equal((await cell.innerText()).trim(), '1');
  assert.match(await cell.getAttribute('class') ?? '', /heat-up/);
  const text = await page.locator('#root').innerText();
  assert.match(text, /Gain MQL \(1\)/);
  assert.match(text, /L1\s+70 → 90\s+\+20\s+B → A\s+total 70 → 90 reaches grade A \(min 80\); an MQL at grade A; score \+20: demo 10 → 30 \(\+20\)/);
  assert.match(text, /demo\s+definition changed\s+1\s+1\s+0/);
  assert.deepEqual(errors, []);
  await page.close();
});
