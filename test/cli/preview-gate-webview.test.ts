// The gate in the real preview page (built bundle, real HTML and CSP, headless Chromium): when
// the session refuses the definitions, the page shows validate's diagnostics as links that ask
// the host to open the file at the line, keeps the last good result dimmed and marked stale,
// and clears both once a good run arrives. Diagnostic text stays text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewSession, DefinitionsRefused } from '../../client/src/preview/session.js';
import { WebviewHarness, harnessAvailable } from '../../scripts/webview-harness.js';
import type { PageMessage, HostMessage, InvalidData } from '../../client/webview/protocol.js';

const missing = harnessAvailable();
const FIELDS = 'leadspec: v1\nkind: fields\nid: crm\nfields:\n  employees: { type: integer }\n  seniority: { type: enum, values: [ic, vp] }\n';
const SCORING = (extra = '') => `leadspec: v1
kind: scoring
id: inbound
fit:
  rules:
    - { id: big, when: { employees: { gte: 500 } }, points: 40 }
    - { id: senior, when: { seniority: vp }, points: 20 }
grades:
  - { id: A, min: 60 }
  - { id: B }
mql: { grade: A }
${extra}`;
const EVIL = '<img src=x onerror="window.__pwned=1">';

function session(): PreviewSession {
  const s = new PreviewSession();
  s.setFile('/ws/leadspec.yaml', 'leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-20T12:00:00Z\n');
  s.setFile('/ws/fields.yaml', FIELDS);
  s.setFile('/ws/scoring.yaml', SCORING());
  s.setSamples({ leads: { file: 'leads.csv', text: 'id,employees,seniority\nL1,900,vp\nL2,20,ic\n' } });
  return s;
}
function refused(s: PreviewSession): InvalidData {
  try { s.run(); } catch (e) { if (e instanceof DefinitionsRefused) return e.data; throw e; }
  assert.fail('the gate should refuse');
}

let harness: WebviewHarness;
before(async () => { if (!missing) harness = await WebviewHarness.start(); });
after(async () => { await harness?.close(); });

test('refused definitions: links to file:line, the last result kept and marked stale, cleared by a good run', { skip: missing }, async () => {
  const s = session();
  const asked: PageMessage[] = [];
  const { page, errors, post } = await harness.open('preview', (m) => { asked.push(m); return null as HostMessage | null; });
  await post({ type: 'preview', data: s.run().data });
  await page.waitForSelector('#root section');

  // A typo, and a key that is HTML: validate's messages quote it, and the page must show it as text.
  s.setFile('/ws/scoring.yaml', SCORING(`pick: frist\n"${EVIL.replace(/"/g, '\\"')}": 1\n`));
  const data = refused(s);
  assert.ok(data.diagnostics.length >= 2);
  await post({ type: 'invalid', data });
  await page.waitForSelector('#live-error.invalid');
  const notice = await page.locator('#live-error').innerText();
  assert.match(notice, /Not simulated: the definitions have errors \(\d+ errors?, \d+ warnings? in 3 files\)/);
  assert.match(notice, /The result below is stale/);
  const links = page.locator('#live-error a.diag-link');
  assert.equal(await links.count(), data.diagnostics.length);
  assert.equal(await links.first().textContent(), `/ws/scoring.yaml:${data.diagnostics[0].line}:${data.diagnostics[0].column}`);
  assert.ok(notice.includes(`unknown key '${EVIL}'`), 'the HTML key is shown as text');
  assert.equal(await page.locator('#live-error img').count(), 0, 'no element built from the message');
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('#root.stale').count(), 1, 'the last result is marked stale');
  assert.equal(await page.locator('#root section').count() > 0, true, 'and kept');

  // A link asks the host to open the file at that line and column.
  await links.first().click();
  for (let i = 0; i < 100 && !asked.some((m) => m.type === 'open'); i++) await new Promise((r) => setTimeout(r, 20));
  const open = asked.find((m) => m.type === 'open');
  assert.deepEqual(open, { type: 'open', file: '/ws/scoring.yaml', line: data.diagnostics[0].line, column: data.diagnostics[0].column });

  // Fixed: a good run replaces the notice and the stale mark.
  s.setFile('/ws/scoring.yaml', SCORING());
  await post({ type: 'preview', data: s.run().data });
  await page.waitForSelector('#live-error', { state: 'detached' });
  assert.equal(await page.locator('#root.stale').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a refused diff base: its files (REF:path) are listed as text, not links; a first run with errors shows no stale note', { skip: missing }, async () => {
  const s = session();
  s.setBase('abc', [{ file: 'main:fields.yaml', text: FIELDS }, { file: 'main:scoring.yaml', text: SCORING('pick: frist\n') }], 'main');
  let data: InvalidData | undefined;
  try { s.runDiff('main', 'main'); } catch (e) { if (e instanceof DefinitionsRefused) data = e.data; else throw e; }
  assert.ok(data);
  const { page, errors, post } = await harness.open('diff', () => null);
  await post({ type: 'invalid', data });
  await page.waitForSelector('#live-error.invalid');
  const notice = await page.locator('#live-error').innerText();
  assert.match(notice, /Not simulated: the definitions at main have errors/);
  assert.doesNotMatch(notice, /stale/, 'nothing was shown before, so nothing is stale');
  assert.equal(await page.locator('#live-error a').count(), 0);
  assert.match(await page.locator('#live-error span.diag-link').first().innerText(), /^main:scoring\.yaml:\d+:\d+$/);
  assert.deepEqual(errors, []);
  await page.close();
});
