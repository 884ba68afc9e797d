// `leadspec explain` through the CLI as a process on the samples: one lead's story agrees with
// `simulate --format json` for the same lead (same engine), its rules add up to its sections,
// the SLA due time is shown in the calendar's own zone, data warnings are attached to the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const CLI = resolve('dist/cli.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: resolve('samples'), encoding: 'utf8', maxBuffer: 64 << 20 });
const sim = JSON.parse(cli('simulate', '--format', 'json').stdout);
const simLead = (id: string) => sim.leads.find((l: any) => l.id === id);

test('text: L00029, an A and an MQL breached at 13:00 New York time (tests.yaml pins the same numbers)', () => {
  const r = cli('explain', 'L00029');
  assert.equal(r.status, 0, r.stderr);
  const t = r.stdout;
  assert.match(t, /^Lead L00029 \(leads\.csv, row 30\), as of 2026-11-20T17:00:00Z\n/);
  assert.match(t, /\n  employees\s+integer\s+398\n/);
  assert.match(t, /\n  ✓ mid-market, tier tier-1, personas champion\n/);
  assert.match(t, /\n  ✗ enterprise\n      fails employees > 1000 or annual_revenue ≥ 250000000\n/);
  assert.match(t, /Scoring model inbound: A, MQL — fit 65 \+ engagement 73\.88 → total 138\.88/);
  assert.match(t, /\n    in-icp\s+\+30  \+30 when ICP mid-market\n/);
  assert.match(t, /\n    senior\s+—  \+20 when seniority in vp, cxo\n/);
  assert.match(t, /\n    demo\s+\+23\.31  \+40 per demo_request, max 40  \(1 event, half-life 30d\)\n/);
  assert.match(t, /grade A: total 138\.88 ≥ A's min 80\n/);
  assert.match(t, /  MQL: grade = A holds\n/);
  assert.match(t, /mql-handoff\/first-touch: breached, within 4h \(business clock, calendar us\)\n    started 2026-10-28T08:23:18Z; due Wed 2026-10-28 13:00 EDT \(2026-10-28T17:00:00Z\); 480 min elapsed\n    escalation fired: after 2h, notify sdr-manager/);
  assert.match(t, /mql-handoff\/enterprise-touch: does not apply: fails ICP enterprise/);
});

test('json: the same engine as simulate; rules and clamps add up to each section', () => {
  const r = cli('explain', 'L00029', 'L00002', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const stories = JSON.parse(r.stdout);
  assert.equal(stories.length, 2);
  for (const s of stories) {
    assert.deepEqual(s.result, simLead(s.id), `${s.id}: as simulate computes it`);
    for (const m of s.scoring) {
      for (const section of ['fit', 'engagement']) {
        const rules = m.rules.filter((x: any) => x.section === section && x.points !== null).reduce((a: number, x: any) => a + x.points, 0);
        const cut = m.clamps.filter((c: any) => c.section === section).reduce((a: number, c: any) => a + (c.clamp === 'max' ? -c.cut : c.cut), 0);
        assert.ok(Math.abs(rules + cut - m[section]) < 0.006, `${s.id} ${m.id} ${section}: ${rules} + ${cut} = ${m[section]}`);
      }
    }
  }
  // L00002: an APAC lead on the US calendar (no map entry, the default), met in 119 minutes.
  const ft = stories[1].sla.find((c: any) => c.commitment === 'mql-handoff/first-touch');
  assert.deepEqual([ft.status, ft.calendar, ft.timezone, ft.elapsed_minutes], ['met', 'us', 'America/New_York', 119]);
});

test('a value that did not parse is shown as read, as missing, with its warning', () => {
  const r = cli('explain', 'L01515');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\n  employees\s+integer\s+"10-50" → missing  ⚠ '10-50' is not an integer; treated as missing\n/);
  const j = JSON.parse(cli('explain', 'L01515', '--format', 'json').stdout);
  assert.deepEqual(j.fields.find((f: any) => f.field === 'employees'), { field: 'employees', type: 'integer', raw: '10-50', value: null, note: "'10-50' is not an integer; treated as missing" });
});

test('unknown lead, no lead, --help', () => {
  let r = cli('explain', 'L99999');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /leads\.csv: no lead 'L99999' among 2,000 leads \(ids look like L00001, L00002, L00003\)/);
  r = cli('explain');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /name a lead to explain, e\.g\. leadspec explain L00029/);
  r = cli('explain', '--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^leadspec explain LEAD… \[options\]/);
  assert.match(r.stdout, /--format FORMAT\s+text \(default\) \| json/);
});

test('explain and report refuse definitions that fail validation (the gate), with validate\'s message', async () => {
  const { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-explain-gate-'));
  try {
    cpSync(resolve('samples'), dir, { recursive: true });
    const f = join(dir, 'scoring', 'inbound.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('pick: first', 'pick: frist'));
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
    const e = run('explain', 'L00029');
    assert.equal(e.status, 1, e.stderr);
    assert.match(e.stderr, /inbound\.yaml:\d+:\d+: error LS\d{3} /);
    assert.equal(e.stdout, '');
    const r = run('report', '--out', join(dir, 'r.html'));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /inbound\.yaml:\d+:\d+: error LS\d{3} /);
    assert.ok(!existsSync(join(dir, 'r.html')), 'no report from definitions with errors');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
