// The staged enum columns the query reads without the trim test (io/duckdb.ts
// StagedInputs.normalFields → compileSql's normalFields): only enums of declared values without
// white space at their ends, of which no cell was set by the loader (an arbitrated cell keeps its
// text as written, ` NA `). Held to the in-process engine through the CLI on files made to break
// the shortcut (padded cells, a declared value ending in a space, mixed case), and the shortcut's
// query to the general query over the same staged tables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDuckdb, stageInputs, stagedOptions, type CatalogLike } from '../../server/src/io/duckdb.js';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { collectWorkspace } from '../../server/src/core/sql/workspace.js';
import { compileSql } from '../../server/src/core/sql/compile.js';

// Written so that this file's code is not taken for YAML by the fast-YAML corpus test.
const V1 = ['leadspec', 'v1'].join(': ');
const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = join(ROOT, '.cache', `duckdb-normal-fields-${process.pid}`);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: DIR, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// `level` declares a value that ends in a space: its staged text is that value, which the engine trims.
const FIELDS = [
  V1, 'kind: fields', 'id: crm', 'fields:',
  '  region: { type: enum, values: [NA, EMEA, apac] }', '  level: { type: enum, values: ["gold ", silver] }',
  '  plan: { type: enum, values: [pro, free] }', '  email: { type: string }',
  'events:', '  visit: {}', '',
];
const SCORING = [
  V1, 'kind: scoring', 'id: m', 'fit:', '  rules:',
  '    - { id: na, points: 10, when: { region: na } }', '    - { id: emea, points: 20, when: { region: { in: [EMEA] } } }',
  '    - { id: apac, points: 3, when: { region: { not_in: [na, emea] } } }', '    - { id: mail, points: 2, when: { email: { ends_with: x.com } } }',
  '    - { id: gold, points: 40, when: { level: gold } }', '    - { id: pro, points: 5, when: { plan: { ne: free } } }',
  'engagement:', '  rules:', '    - { id: visits, event: visit, points: 1 }',
  'grades:', '  - { id: a, min: 40 }', '  - { id: b, min: 10 }', '  - { id: c }', '',
];
const PROJECT = (leads: string) => [V1, 'kind: project', `id: p-${leads.replace('.csv', '')}`, 'samples:', `  leads: ${leads}`, '  events: events.csv', ''];
const EVENTS = ['lead_id,event,at', 'L1,visit,2026-11-02T00:00:00Z', 'L2,visit,2026-11-03T00:00:00Z'];
const H = 'id,region,level,plan,email';
/** Every enum cell a declared value as declared or lower-cased: region and plan take the shortcut, level not. */
const CLEAN = [H, 'L1,NA,gold ,pro,a@x.com', 'L2,na,silver,free,b@x.com', 'L3,EMEA,,pro,', 'L4,emea,gold,free,c@x.com', 'L5,apac,silver,,d@x.com', 'L6,,,,'];
/** Cells the loader reads (padded, other case): their text as written is staged, so no shortcut for region or plan. */
const PADDED = [H, 'L1, NA ,gold ,pro,a@x.com', 'L2,na,silver, Free ,b@x.com', 'L3,Emea, gold,PRO,', 'L4,emea ,gold,free,c@x.com', 'L5,  apac,silver,pro,d@x.com', 'L6,bogus,,,'];

before(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'fields.yaml'), FIELDS.join('\n'));
  writeFileSync(join(DIR, 'scoring.yaml'), SCORING.join('\n'));
  writeFileSync(join(DIR, 'events.csv'), EVENTS.join('\n') + '\n');
  for (const [name, rows] of [['clean', CLEAN], ['padded', PADDED]] as const) {
    writeFileSync(join(DIR, `${name}.csv`), rows.join('\n') + '\n');
    writeFileSync(join(DIR, `${name}.yaml`), PROJECT(`${name}.csv`).join('\n'));
  }
});
after(() => { if (!process.env.KEEP) rmSync(DIR, { recursive: true, force: true }); });

const catalog = { id: 'crm', fields: {
  region: { type: 'enum', values: ['NA', 'EMEA', 'apac'] }, level: { type: 'enum', values: ['gold ', 'silver'] },
  plan: { type: 'enum', values: ['pro', 'free'] }, email: { type: 'string' },
}, events: { visit: {} } } as unknown as CatalogLike;

for (const name of ['clean', 'padded']) {
  // Both projects share the folder: `--engine duckdb` used to take the first project's samples
  // (clean.csv for padded.yaml) — test/cli/project-choice.test.ts.
  test(`${name} enum cells: simulate --engine duckdb = --engine memory, byte for byte, with and without as_of`, () => {
    for (const asOf of [[], ['--as-of', '2026-11-20T00:00:00Z']]) {
      for (const format of ['json', 'csv']) {
        const base = ['simulate', '--project', `${name}.yaml`, '--format', format, ...asOf];
        const mem = cli([...base, '--engine', 'memory']), duck = cli([...base, '--engine', 'duckdb']);
        assert.equal(mem.code, 0, mem.err);
        assert.equal(duck.code, 0, duck.err);
        assert.equal(duck.out, mem.out, `${format} ${asOf.join(' ')}: stdout`);
        assert.equal(duck.err, mem.err, `${format}: stderr (warnings)`);
      }
    }
    // The fixture scores what it is for: every region rule and the gold level fire somewhere.
    const j = JSON.parse(cli(['simulate', '--project', `${name}.yaml`, '--format', 'json', '--engine', 'duckdb']).out);
    for (const rule of ['na', 'emea', 'apac', 'gold', 'pro']) {
      assert.ok(j.leads.some((l: { scores: Record<string, { explanation: { rule?: string }[] }> }) => l.scores.m.explanation.some((e) => e.rule === rule)), `${name}: some lead hits ${rule}`);
    }
  });
}

test('normalFields: only enums of clean declared values that the loader set no cell of; the shortcut query = the general query', async (t) => {
  const db = await openDuckdb();
  t.after(() => db.close());
  const files = [parseFile('fields.yaml', FIELDS.join('\n')), parseFile('scoring.yaml', SCORING.join('\n'))];
  const ws = collectWorkspace(files);
  const compile = (normal: string[] | undefined, codes: string[]) =>
    compileSql({ dialect: 'duckdb', scorings: ws.scorings, icps: ws.icps, catalog: ws.catalogs[0].def, ...stagedOptions({ eventCodes: codes, normalFields: normal ?? [] }), nested: true, asOfMs: Date.UTC(2026, 10, 20) });
  const clean = await stageInputs(db.conn, join(DIR, 'clean.csv'), join(DIR, 'events.csv'), catalog);
  assert.deepEqual(clean.normalFields, ['region', 'plan'], 'clean: region and plan; level declares "gold "; email is a string');
  const shortcut = compile(clean.normalFields, clean.eventCodes), general = compile(undefined, clean.eventCodes);
  assert.notEqual(shortcut.select, general.select);
  const rows = async (sql: string) => (await db.conn.runAndReadAll(`${sql} ORDER BY ls_row`)).getRowObjectsJS().map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
  assert.deepEqual(await rows(shortcut.select), await rows(general.select));
  const padded = await stageInputs(db.conn, join(DIR, 'padded.csv'), join(DIR, 'events.csv'), catalog);
  assert.deepEqual(padded.normalFields, [], 'padded: the loader set cells of region and plan');
  // The file breaks the shortcut: forced on it, the scores differ from the general query's.
  assert.notDeepEqual(await rows(compile(['region', 'plan'], padded.eventCodes).select), await rows(compile(undefined, padded.eventCodes).select));
  // Fewer fields kept: a field not stored is never listed.
  const some = await stageInputs(db.conn, join(DIR, 'clean.csv'), join(DIR, 'events.csv'), catalog, undefined, undefined, new Set(['plan']));
  assert.deepEqual(some.normalFields, ['plan']);
});
