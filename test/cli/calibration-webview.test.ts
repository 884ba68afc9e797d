// The preview's calibration view (format §11) in headless Chromium (the built bundle, real HTML
// and CSP), fed a real PreviewSession run over the hand-computed outcomes fixture: the AUC, MQL
// precision and recall, conversion by grade, the gains curve against the diagonal, the sweep with
// the MQL volume and the recommendation marked; no console error, no CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewSession } from '../../client/src/preview/session.js';
import { WebviewHarness, harnessAvailable } from '../../scripts/webview-harness.js';
import { FIELDS, ICP, MODEL, PROJECT_TIMES, LEADS_CSV, EVENTS_CSV } from '../unit/outcomes-fixture.js';

const missing = harnessAvailable();
let harness: WebviewHarness;
before(async () => { if (!missing) harness = await WebviewHarness.start(); });
after(async () => { await harness?.close(); });

function session(project: string): PreviewSession {
  const s = new PreviewSession();
  s.setFile('/ws/leadspec.yaml', project);
  s.setFile('/ws/fields.yaml', FIELDS);
  s.setFile('/ws/icp.yaml', ICP);
  s.setFile('/ws/model.yaml', MODEL);
  s.setSamples({ leads: { file: 'leads.csv', text: LEADS_CSV }, events: { file: 'events.csv', text: EVENTS_CSV } });
  return s;
}

test('the session adds the backtest to the preview data only when outcomes can run', () => {
  const data = session(PROJECT_TIMES).run().data;
  assert.equal(data.backtest?.scoring.m.auc, 0.6286);
  assert.deepEqual(data.backtest?.scoring.m.recommended, { capacity: 4, min: 41, leads: 4, converted: 3, precision: 0.75, recall: 0.6 });
  assert.equal(session(PROJECT_TIMES.replace('  horizon: 30d\n', '')).run().data.backtest, undefined);
  assert.equal(session('leadspec: v1\nkind: project\nid: p\nas_of: 2026-11-01T00:00:00Z\n').run().data.backtest, undefined);
});

test('calibration view: KPIs, conversion by grade, gains against random, precision/recall with markers', { skip: missing }, async () => {
  const s = session(PROJECT_TIMES);
  const { page, errors, post } = await harness.open('preview', () => null);
  await post({ type: 'preview', data: s.run().data });
  await page.waitForSelector('.calibration');
  const text = await page.locator('.calibration').innerText();
  assert.match(text, /Calibration \(backtest\)/);
  assert.match(text, /Scored as of 2026-08-01T00:00:00Z; conversions until 2026-08-31T00:00:00Z \(30d\)\. 12 leads, 5 converted\./);
  assert.match(text, /0\.63\s+AUC\s+41\.7%\s+base rate\s+66\.7%\s+MQL precision\s+40\.0%\s+MQL recall/);
  assert.match(text, /Lift: A 1\.60× · B 0\.60× · C 0\.60× · disqualified 2\.40×/);
  assert.match(text, /Recommended for 4 MQLs: total ≥ 41 — 4 leads, precision 75\.0%, recall 60\.0%/);
  const rates = await page.locator('svg[aria-label="conversion rate by grade of m"] text.value').allTextContents();
  assert.deepEqual(rates, ['66.7', '25', '25', '100']);
  // The gains curve: the origin and ten deciles; the random diagonal beside it.
  const paths = await page.locator('svg[aria-label="gains curve of m"] path.series').evaluateAll((ps) => ps.map((p) => p.getAttribute('d')!.split(' ').length));
  assert.deepEqual(paths, [2, 11]);
  const marks = await page.locator('svg[aria-label="precision and recall by threshold of m"] line.marker title').allTextContents();
  assert.deepEqual(marks, ['MQL volume (3)', 'capacity 4: ≥ 41']);
  assert.deepEqual(errors, []);
});
