// End-to-end: `kind: test` cases in a real VS Code (code-server + Debian's chromium, the packaged
// extension) on a copy of samples/ plus one failing test: the "✓ passed / ✗ failed" code lenses
// in the editor, and the cases in the Test Explorer after "Test: Run All Tests", with the failing
// case marked failed. Shares the e2e support of vscode.test.ts (scripts/e2e-setup.sh installs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES, ensureInstalled } from './support/env.js';
import { CodeServer } from './support/codeServer.js';
import { Workbench } from './support/workbench.js';
import { buildProductVsix } from './support/extensions.js';

const KEEP = process.env.LEADSPEC_E2E_KEEP === '1';
// LEADSPEC_SCREENSHOTS=1 (npm run screenshots) refreshes the README's picture docs/test-explorer.png.
const SHOT = process.env.LEADSPEC_SCREENSHOTS === '1' ? join(__dirname, '..', '..', 'docs', 'test-explorer.png') : undefined;
const FAILING = `leadspec: v1
kind: test
id: e2e-failing
as_of: 2026-11-20T17:00:00Z
cases:
  - name: a 40-person retailer with no engagement is an A
    lead: { id: e1, employees: 40, industry: Retail }
    expect: { inbound: { grade: A } }
  - name: a 40-person retailer with no engagement is a D
    lead: { id: e2, employees: 40, industry: Retail }
    expect: { inbound: { grade: D } }
`;

let work = '';
let cs: CodeServer | undefined;
let wb: Workbench | undefined;

before(async () => {
  ensureInstalled();
  work = mkdtempSync(join(tmpdir(), 'leadspec-e2e-testing-'));
  const vsix = buildProductVsix(join(work, 'vsix'));
  const ws = join(work, 'samples');
  cpSync(SAMPLES, ws, { recursive: true });
  writeFileSync(join(ws, 'failing.yaml'), FAILING);
  cs = await CodeServer.start({ workspace: ws, extensions: [vsix] });
  wb = await Workbench.open(cs.url, join(cs.dir, 'chromium'));
}, { timeout: 900_000 });

after(async () => {
  await wb?.close();
  await cs?.stop({ keep: KEEP });
  if (work && !KEEP) rmSync(work, { recursive: true, force: true });
});

/** The titles of the code lenses the editor shows now (one decoration per line, titles joined by " | "). */
async function lensTitles(w: Workbench): Promise<string[]> {
  const lines = await w.page.locator('.editor-group-container.active .codelens-decoration')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')));
  return lines.flatMap((l) => l.split(' | ').map((t) => t.trim()));
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('code lenses on each case: ▶ run and ✓ passed / ✗ failed', { timeout: 180_000 }, async () => {
  await wb!.openFile('failing.yaml');
  const titles = await waitFor('the test lenses', async () => {
    const t = await lensTitles(wb!);
    return t.some((x) => x.startsWith('✗ failed')) && t.some((x) => x === '✓ passed') ? t : undefined;
  });
  assert.ok(titles.includes('▶ run all'), titles.join(' | '));
  assert.ok(titles.includes('1 passed, 1 failed'), titles.join(' | '));
  assert.ok(titles.includes('✗ failed: inbound.grade: expected A, got D'), titles.join(' | '));
  assert.equal(titles.filter((x) => x === '▶ run').length, 2, titles.join(' | '));
});

test('the Test Explorer lists every test and marks the failing one; the results show the failure message', { timeout: 240_000 }, async () => {
  const w = wb!;
  await w.runCommand('Test: Run All Tests');
  await w.runCommand('View: Show Testing');
  // The test tree (one row per test definition) and the run's results (one row per case).
  const rows = () => w.page.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  // Explorer rows read "<file> (Passed|Failed), in …" (the item's description is its file);
  // the results tree lists the cases, and under a failed one its message.
  const labels = await waitFor('the test items and their results', async () => {
    const all = await rows();
    return all.some((l) => l.startsWith('failing.yaml (')) && all.includes('inbound.grade: expected A, got D') ? all : undefined;
  });
  const shown = labels.join('\n');
  assert.ok(labels.some((l) => /^failing\.yaml \(Failed\)/.test(l)), shown);
  assert.equal(labels.filter((l) => /^tests\.yaml \(Passed\)/.test(l)).length, 2, shown);
  assert.ok(labels.includes('a 40-person retailer with no engagement is a D'), shown);
  assert.ok(labels.includes('A VP at a 500-person SaaS on Salesforce who books a demo is an A and an MQL'), shown);
  if (SHOT) await w.screenshot(SHOT);
});
