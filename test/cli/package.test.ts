// The npm package as a user gets it: `npm pack`, installed into an empty folder outside the
// repository (no node_modules above it) with npm --offline — the package has no required
// dependency, so no registry is needed — then `npx leadspec init --from <HubSpot export>`,
// `validate` (exit 0) and `simulate` (one lead per row). Needs the built dist/ (npm test builds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hubspotCsv } from './crm-export.js';

const repo = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
// npm's own settings only: no NODE_PATH, no repository paths leaking into the installed CLI.
const env = { ...process.env, NODE_PATH: '', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const sh = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 180_000 });

test('npm pack → install into an empty folder offline → npx leadspec init/validate/simulate', { timeout: 300_000 }, (t) => {
  const work = mkdtempSync(join(tmpdir(), 'leadspec-pkg-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  assert.ok(!existsSync(join(work, '..', 'node_modules')), 'the temporary folder has no node_modules above it');

  const pack = sh(npm, ['pack', '--json', '--pack-destination', work], repo);
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout);
  const files: string[] = info.files.map((f: { path: string }) => f.path);
  // What ships: the bundles, the schemas, the docs, README, LICENSE — no sources, tests or maps.
  assert.ok(files.includes('dist/cli.js') && files.includes('schemas/leadspec.schema.json') && files.includes('docs/format.md') && files.includes('LICENSE'), files.join(' '));
  assert.deepEqual(files.filter((f) => !/^(dist\/.+\.(js|css)|schemas\/([a-z]+\.schema|catalog)\.json|docs\/[a-z-]+\.md|README\.md|LICENSE|package\.json)$/i.test(f)), []);
  assert.ok(info.size < 2_000_000, `packed size ${info.size} bytes`);
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'everything the CLI needs is bundled');

  const proj = join(work, 'revops');
  sh('mkdir', ['-p', proj], work);
  writeFileSync(join(proj, 'package.json'), '{ "name": "revops", "version": "1.0.0", "private": true }\n');
  const install = sh(npm, ['install', '--offline', '--omit=optional', '--save-dev', join(work, info.filename)], proj);
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.ok(existsSync(join(proj, 'node_modules', 'leadspec', 'dist', 'cli.js')));
  assert.ok(!existsSync(join(proj, 'node_modules', '@duckdb')), 'DuckDB is optional');

  const leadspec = (args: string[]) => sh(npx, ['--offline', '--no-install', 'leadspec', ...args], proj);
  const version = leadspec(['--version']);
  assert.equal(version.stdout, `${pkg.version}\n`, version.stderr);

  writeFileSync(join(proj, 'hubspot-export.csv'), hubspotCsv(45));
  const init = leadspec(['init', '--from', 'hubspot-export.csv', '--timezone', 'Europe/Berlin']);
  assert.equal(init.status, 0, init.stdout + init.stderr);
  assert.match(init.stdout, /Fields inferred from hubspot-export\.csv \(45 rows, 15 columns\)/);
  const validate = leadspec(['validate']);
  assert.equal(validate.status, 0, validate.stdout + validate.stderr);
  assert.match(validate.stdout, /^0 errors, 0 warnings in 6 files/);
  const simulate = leadspec(['simulate', '--format', 'json']);
  assert.equal(simulate.status, 0, simulate.stderr);
  assert.equal(JSON.parse(simulate.stdout).leads.length, 45, 'one lead per row of the export');
  assert.equal(leadspec(['test']).status, 0);

  // Without the optional DuckDB, --engine duckdb says what to do (and nothing crashes).
  sh('mkdir', ['-p', join(proj, 'plain')], proj);
  writeFileSync(join(proj, 'plain', 'defs.yaml'), 'leadspec: v1\nkind: fields\nid: crm\nfields: { employees: { type: integer } }\n---\n'
    + 'leadspec: v1\nkind: scoring\nid: s\nfit: { rules: [ { id: big, when: { employees: { gte: 100 } }, points: 10 } ] }\ngrades: [ { id: A, min: 10 }, { id: B } ]\n');
  writeFileSync(join(proj, 'plain', 'leads.csv'), 'id,employees\n1,500\n2,5\n');
  const duck = leadspec(['simulate', '--defs', 'plain', '--leads', 'plain/leads.csv', '--engine', 'duckdb']);
  assert.equal(duck.status, 2, duck.stdout + duck.stderr);
  assert.equal(duck.stderr, 'leadspec: DuckDB is not installed (the optional dependency @duckdb/node-api): run `npm install @duckdb/node-api` beside leadspec, or simulate in-process with --engine memory\n');
  const auto = leadspec(['simulate', '--defs', 'plain', '--leads', 'plain/leads.csv', '--format', 'json']);
  assert.equal(JSON.parse(auto.stdout).summary.scoring.s.grades.A, 1, 'the default engine needs no DuckDB');
});

test('npm run package builds the .vsix from the same files list (vsce refuses a pattern that matches nothing)', { timeout: 300_000 }, (t) => {
  const work = mkdtempSync(join(tmpdir(), 'leadspec-vsix-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const out = join(work, 'leadspec.vsix');
  const r = sh(npm, ['run', 'package', '--silent', '--', '-o', out], repo);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(existsSync(out));
  const listing = r.stdout.replace(/\u001b\[[0-9;]*m/g, '');
  for (const f of ['dist/', 'schemas/', 'docs/']) assert.ok(listing.includes(f), `${f} in the .vsix:\n${listing}`);
  assert.doesNotMatch(listing, /node_modules|\.map\b|server\/src|test\//);
});
