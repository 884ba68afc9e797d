// Writes docs/report.png: `leadspec report --base main` on the samples with a three-edit branch
// (grade A 80 → 75, MQL engagement ≥ 60 → ≥ 70, first touch 4h → 3h) made in a temporary git
// repository, opened from file:// in headless Debian Chromium.
//   npm run build && node scripts/report-screenshot.mjs
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const env = { ...process.env, GIT_AUTHOR_NAME: 'docs', GIT_AUTHOR_EMAIL: 'docs@example.com', GIT_COMMITTER_NAME: 'docs', GIT_COMMITTER_EMAIL: 'docs@example.com', GIT_CONFIG_NOSYSTEM: '1' };
const dir = mkdtempSync(join(tmpdir(), 'leadspec-shot-'));
try {
  cpSync(resolve('samples'), join(dir, 'samples'), { recursive: true });
  const git = (...a) => execFileSync('git', a, { cwd: dir, env });
  git('init', '-q', '-b', 'main'); git('add', '.'); git('commit', '-q', '-m', 'base');
  const edit = (f, a, b) => { const p = join(dir, 'samples', f); writeFileSync(p, readFileSync(p, 'utf8').replace(a, b)); };
  edit('scoring/inbound.yaml', '{ id: A, min: 80,', '{ id: A, min: 75,');
  edit('scoring/inbound.yaml', 'engagement: { gte: 60 } }', 'engagement: { gte: 70 } }');
  edit('sla.yaml', '    within: 4h\n', '    within: 3h\n');
  const out = join(dir, 'report.html');
  execFileSync(process.execPath, [resolve('dist/cli.js'), 'report', '--base', 'main', '--out', out], { cwd: join(dir, 'samples'), env, stdio: 'inherit' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
  await page.goto(pathToFileURL(out).href);
  await page.waitForSelector('#root section');
  await page.screenshot({ path: resolve('docs/report.png') });
  await browser.close();
  console.log('wrote docs/report.png');
} finally { rmSync(dir, { recursive: true, force: true }); }
