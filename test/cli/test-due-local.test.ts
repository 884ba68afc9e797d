// `leadspec test` shows a failed SLA expectation's due time in the calendar's own zone beside the
// UTC instant (issue 18: due times printed in UTC only); `--format json` keeps ISO UTC (SPEC §8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const CLI = resolve('dist/cli.js');
let dir = '';
const CASE = [
  'leadspec: v1', 'kind: test', 'id: due-local', 'as_of: 2026-11-20T17:00:00Z', 'cases:',
  '  - name: weekend handover, expected breached on purpose',
  '    lead: { id: t-weekend, employees: 500, industry: SaaS, seniority: vp, tech_stack: [salesforce],',
  '            email: gil@northwind.example, region: na, mql_at: 2026-11-13T21:00:00Z, first_touch_at: 2026-11-16T15:00:00Z }',
  '    expect:',
  '      sla: { mql-handoff/first-touch: { status: breached } }',
  '  - name: an EMEA lead runs on the Berlin calendar',
  '    lead: { id: t-emea, employees: 500, industry: SaaS, seniority: vp, tech_stack: [salesforce],',
  '            email: eva@northwind.example, region: emea, mql_at: 2026-11-13T15:00:00Z, first_touch_at: 2026-11-16T15:00:00Z }',
  '    expect:',
  '      sla: { mql-handoff/first-touch: { status: met } }', '',
].join('\n');
before(() => { dir = mkdtempSync(join(tmpdir(), 'leadspec-due-')); cpSync(resolve('samples'), dir, { recursive: true }); writeFileSync(join(dir, 'due.yaml'), CASE); });
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (format: string) => spawnSync(process.execPath, [CLI, 'test', 'due.yaml', '--format', format], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

test('text: the due time in New York (or Berlin) time, with the UTC instant after it', () => {
  const r = run('text');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /mql-handoff\/first-touch: met, due Mon 2026-11-16 12:00 EST \(2026-11-16T17:00:00Z\), 120 min elapsed/);
  assert.match(r.stdout, /mql-handoff\/first-touch: \w+, due \w{3} 2026-11-1\d \d\d:\d\d GMT\+1 \(2026-11-1\dT\d\d:\d\d:00Z\)/);
});

test('JSON keeps the ISO UTC instant', () => {
  const r = run('json');
  const cases = JSON.parse(r.stdout).tests[0].cases;
  assert.equal(cases[0].result.sla['mql-handoff/first-touch'].due, '2026-11-16T17:00:00Z');
});
