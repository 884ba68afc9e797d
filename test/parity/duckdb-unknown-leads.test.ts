// The events' unknown-lead check left to the query (io/duckdb.ts stageInputs `deferUnknownLeads`,
// StagedInputs.settle; compileSql's `countEvents`): the staging hands the loader only the events
// picked for another problem (and those without a lead id), the query counts each lead's events,
// and only when some events are unaccounted for does the staging's anti join run — with the query
// run again when it made an event a lead's (a lead id trimmed into one). Held to the staging
// without deferral and to the in-process loader and engine on files made to break it: events of
// unknown leads, of no lead, of lead ids that differ from a lead's only by case or by white space
// (on a clean row and on a row picked for a bad cell), in CSV and JSON Lines; and through the CLI
// (`simulate --engine duckdb --as-of …`, the path that defers) against `--engine memory`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileProject, evaluateLead } from '../../server/src/core/eval/simulate.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import type { Definition, ScoringDef } from '../../server/src/core/model.js';
import { compileSql, EVENT_COUNT, type CompiledSql } from '../../server/src/core/sql/compile.js';
import { openDuckdb, stageInputs, stagedOptions } from '../../server/src/io/duckdb.js';
import { leadOfRow, streamRows } from '../../server/src/io/sql-rows.js';
import type { LeadResult } from '../../server/src/core/results.js';
import { scratchDir } from './sql-gen.js';

const V1 = { leadspec: 'v1' } as const;
const AS_OF = Date.parse('2026-11-20T00:00:00Z');
const CLI = join(resolve(__dirname, '..', '..'), 'dist', 'cli.js');

const catalog = { ...V1, kind: 'fields', id: 'f', fields: { employees: { type: 'integer' } }, events: { visit: { properties: { minutes: 'number' } }, call: {} } };
const model = {
  ...V1, kind: 'scoring', id: 'm',
  fit: { rules: [{ id: 'big', when: { employees: { gte: 10 } }, points: 1 }] },
  engagement: {
    decay: { half_life: '7d' },
    rules: [
      { id: 'visits', event: 'visit', points: 1, decay: 'none' },
      { id: 'long', event: 'visit', where: { minutes: { gte: 10 } }, points: 4 },
      { id: 'calls', event: 'call', points: 8, within: '30d' },
    ],
  },
  grades: [{ id: 'A', min: 10 }, { id: 'B' }],
} as unknown as ScoringDef;

// Lead ids as the loader keeps them: 'l4' is lower-case, so 'L4' is no lead's (ids are exact).
const LEADS = 'id,employees\nL1,12\nL2,3\nL3,40\nl4,1\n';
type Ev = [lead: string | null, name: string, at: string, minutes?: string];
const ok = (lead: string, name = 'visit', day = 1, minutes = '12'): Ev => [lead, name, `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`, minutes];
/** Each case: its events, whether the anti join must run, whether the query must run again. */
const CASES: Record<string, { events: Ev[]; join: boolean; rerun: boolean }> = {
  clean: { events: [ok('L1'), ok('L2', 'call', 3), ok('L3', 'visit', 5, '2'), ok('l4', 'visit', 6)], join: false, rerun: false },
  // Picked anyway (no lead id): the query's count agrees with the picked rows.
  'no lead': { events: [ok('L1'), ok(''), [null, 'visit', '2026-11-02T00:00:00Z', '1'], ok('L2', 'call')], join: false, rerun: false },
  // An unknown lead on a row with a bad cell is picked too: still no join.
  'unknown on a bad row': { events: [ok('L1'), ['L9', 'visit', 'soon', '3'], ['L8', 'visit', '2026-11-02T00:00:00Z', 'x'], ok('L2')], join: false, rerun: false },
  // A lead id white space from a lead's, on a row picked for a bad cell: trimmed there (it counts).
  'spaced on a bad row': { events: [ok('L1'), [' L3', 'visit', '2026-11-02T09:30:00+01:00', 'x'], ok('L3', 'call', 4)], join: false, rerun: false },
  // Clean rows the staging did not pick: the query's count says so, the anti join finds them.
  unknown: { events: [ok('L1'), ok('L9'), ok('L2', 'call'), ok('L9', 'call', 7)], join: true, rerun: false },
  'other case': { events: [ok('L1'), ok('l1'), ok('L4', 'call', 2), ok('l4', 'visit', 3)], join: true, rerun: false },
  // A clean row whose lead id is a lead's once trimmed: found by the join, the query run again.
  spaced: { events: [ok('L1'), ok(' L2', 'call', 3), ok('L3\t', 'visit', 4, '20'), ok('L3')], join: true, rerun: true },
  everything: {
    events: [ok('L1'), ok('L9'), ok(''), ok('l1', 'call'), ok('L2 ', 'call', 9), ['\u00a0L3', 'visit', 'later', '1'], ok(' L9 '), ['L3', 'visit', '2026-11-05T00:00:00Z', 'x'], ok('l4', 'call', 2)],
    join: true, rerun: true,
  },
};

const csvCell = (s: string) => (/[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
function write(dir: string, name: string, evs: Ev[]): string[] {
  const csv = 'lead_id,event,at,minutes\n' + evs.map(([l, n, a, m]) => [l ?? '', n, a, m ?? ''].map(csvCell).join(',')).join('\n') + '\n';
  // JSON Lines: a missing lead id is no key at all; minutes a number where it is one.
  const jsonl = evs.map(([l, n, a, m]) => JSON.stringify({ ...(l === null ? {} : { lead_id: l }), event: n, at: a, ...(m === undefined ? {} : { minutes: /^\d+$/.test(m) ? Number(m) : m }) })).join('\n') + '\n';
  writeFileSync(join(dir, `${name}.csv`), csv);
  writeFileSync(join(dir, `${name}.jsonl`), jsonl);
  return [`${name}.csv`, `${name}.jsonl`];
}

async function rowsOf(conn: Parameters<typeof streamRows>[0], compiled: CompiledSql): Promise<{ leads: LeadResult[]; matched: number }> {
  const leads: LeadResult[] = [];
  let matched = 0;
  await streamRows(conn, compiled.sql, (raw) => { leads.push(leadOfRow(raw, compiled).lead); matched += Number(raw[EVENT_COUNT] ?? 0); });
  return { leads, matched };
}

test('the unknown-lead check from the query\'s counts: the same warnings, lines and results as the staging\'s anti join and the loader, the join only when needed', async (t) => {
  const dir = scratchDir(t, 'duckdb-unknown-leads');
  writeFileSync(join(dir, 'leads.csv'), LEADS);
  const cp = compileProject([catalog, model] as unknown as Definition[]);
  for (const [name, c] of Object.entries(CASES)) {
    for (const file of write(dir, name.replace(/ /g, '-'), c.events)) {
      const what = `${name} (${file})`;
      const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, file) });
      const memory = loaded.leads.map((l) => evaluateLead(cp, l, AS_OF));
      const opts = { dialect: 'duckdb' as const, scorings: [{ def: model }], icps: [], catalog: cp.catalog, asOfMs: AS_OF, nested: true };

      // Without deferral: the staging's anti join, as before.
      const plain = await openDuckdb();
      let base: LeadResult[], baseWarnings;
      try {
        const staged = await stageInputs(plain.conn, join(dir, 'leads.csv'), join(dir, file), cp.catalog);
        assert.equal(staged.settle, undefined);
        baseWarnings = staged.warnings;
        base = (await rowsOf(plain.conn, compileSql({ ...opts, ...stagedOptions(staged) }))).leads;
      } finally { plain.close(); }

      // Deferred: the statements are watched for the anti join.
      const db = await openDuckdb();
      try {
        const sent: string[] = [];
        for (const k of ['run', 'runAndReadAll'] as const) {
          const o = db.conn[k].bind(db.conn) as (sql: string) => Promise<unknown>;
          (db.conn as unknown as Record<string, unknown>)[k] = (sql: string) => { sent.push(sql); return o(sql); };
        }
        const staged = await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, file), cp.catalog, undefined, undefined, undefined, { deferUnknownLeads: true });
        assert.ok(staged.settle, what);
        const compiled = compileSql({ ...opts, ...stagedOptions(staged), countEvents: true });
        assert.equal(compiled.eventCount, true, what);
        let { leads, matched } = await rowsOf(db.conn, compiled);
        const before = sent.length;
        const rerun = await staged.settle!(matched);
        assert.equal(sent.slice(before).some((s) => /ANTI JOIN/.test(s)), c.join, `${what}: the anti join ${c.join ? 'runs' : 'is not needed'}`);
        assert.ok(!sent.slice(0, before).some((s) => /ANTI JOIN/.test(s)), `${what}: no anti join before the query`);
        assert.equal(rerun, c.rerun, `${what}: the query ${c.rerun ? 'runs again' : 'stands'}`);
        if (rerun) leads = (await rowsOf(db.conn, compiled)).leads;
        assert.deepStrictEqual(staged.warnings, baseWarnings, `${what}: the warnings of the staging with the anti join`);
        assert.deepStrictEqual(staged.warnings, loaded.warnings, `${what}: the loader's warnings (file, row, lead, field, message)`);
        assert.deepStrictEqual(leads, base, `${what}: the rows of the staging with the anti join`);
        memory.forEach((m, i) => assert.deepStrictEqual(leads[i], { id: m.id, icps: m.icps, scores: m.scores, sla: {} }, `${what}: lead ${m.id} as in-process`));
      } finally { db.close(); }
    }
  }
});

test('a query without the count (no event rules): settle(undefined) runs the anti join, the same warnings', async (t) => {
  const dir = scratchDir(t, 'duckdb-unknown-leads-none');
  writeFileSync(join(dir, 'leads.csv'), LEADS);
  const fitOnly = { ...model, engagement: undefined } as unknown as ScoringDef;
  const cp = compileProject([catalog, fitOnly] as unknown as Definition[]);
  const [file] = write(dir, 'mixed', CASES.everything.events);
  const loaded = await loadSampleFiles(cp.catalog, { leads: join(dir, 'leads.csv'), events: join(dir, file) });
  const db = await openDuckdb();
  t.after(() => db.close());
  const staged = await stageInputs(db.conn, join(dir, 'leads.csv'), join(dir, file), cp.catalog, undefined, undefined, undefined, { deferUnknownLeads: true });
  const compiled = compileSql({ dialect: 'duckdb', scorings: [{ def: fitOnly }], icps: [], catalog: cp.catalog, asOfMs: AS_OF, nested: true, ...stagedOptions(staged), countEvents: true });
  assert.equal(compiled.eventCount, false, 'no events aggregated: no count');
  assert.doesNotMatch(compiled.sql, new RegExp(EVENT_COUNT));
  await staged.settle!(undefined);
  assert.deepStrictEqual(staged.warnings, loaded.warnings);
});

test('as a process: simulate --engine duckdb --as-of (deferred) = --engine memory, stdout byte for byte, CSV and JSON Lines', (t) => {
  const dir = scratchDir(t, 'duckdb-unknown-leads-cli');
  writeFileSync(join(dir, 'leads.csv'), LEADS);
  // The same definitions as YAML (a document starts with its `leadspec:` line; the rest in flow style).
  const yaml = (d: Record<string, unknown>) => Object.entries(d).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n') + '\n';
  writeFileSync(join(dir, 'fields.yaml'), yaml(catalog));
  writeFileSync(join(dir, 'model.yaml'), yaml(model as unknown as Record<string, unknown>));
  for (const file of write(dir, 'mixed', CASES.everything.events)) {
    for (const format of ['json', 'text']) {
      const run = (engine: string) => spawnSync(process.execPath, [CLI, 'simulate', '--format', format, '--engine', engine, '--as-of', '2026-11-20T00:00:00Z', '--leads', 'leads.csv', '--events', file, 'fields.yaml', 'model.yaml'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      const duck = run('duckdb'), mem = run('memory');
      assert.equal(duck.status, 0, duck.stderr);
      assert.equal(duck.stdout, mem.stdout, `${file} --format ${format}`);
      assert.doesNotMatch(duck.stderr, /in-process instead/);
    }
    // The fixture does what it is for: warnings of unknown leads, of no lead id and a trimmed id counted.
    const j = JSON.parse(spawnSync(process.execPath, [CLI, 'simulate', '--format', 'json', '--engine', 'duckdb', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'leads.csv', '--events', file, 'fields.yaml', 'model.yaml'], { cwd: dir, encoding: 'utf8' }).stdout) as
      { leads: { id: string; scores: { m: { explanation: { rule?: string; events?: number }[] } } }[]; warnings: { row: number; message: string }[] };
    const rowBase = file.endsWith('.csv') ? 2 : 1;
    const at = (i: number) => j.warnings.filter((w) => w.row === i + rowBase).map((w) => w.message).join(' | ');
    assert.match(at(1), /for lead 'L9', which is not among the leads/, file);
    assert.match(at(2), /no lead_id/, file);
    assert.match(at(3), /for lead 'l1', which is not among the leads/, file);
    assert.equal(at(4), '', `${file}: 'L2 ' is L2's`);
    assert.match(at(6), /for lead 'L9', which is not among the leads/, file);
    const calls = j.leads.find((l) => l.id === 'L2')?.scores.m.explanation.find((e) => e.rule === 'calls')?.events;
    assert.equal(calls, 1, `${file}: 'L2 ' counted for L2`);
  }
});
