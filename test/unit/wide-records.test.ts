// A wide CSV (a CRM export of 50–150 columns): its rows' records and its leads' `raw` are made
// with room for every column in the object (core/data/leads.ts recordMaker), so they do not fall
// into V8's dictionary mode — and they read exactly as before: columns named like
// Object.prototype's properties (`__proto__`, `constructor`, `toString`, `hasOwnProperty`,
// `valueOf`) are own properties like any other, a missing field is missing, nothing is inherited;
// through the engine API (text loader, streaming file loader, JSON) and the CLI (`explain`,
// `simulate --workers 1 / 2`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadLeadsFromText, recordMaker, type Catalog } from '../../server/src/core/data/leads.js';
import { loadSampleFiles } from '../../server/src/io/samples.js';
import type { Lead } from '../../server/src/core/results.js';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const SPECIAL = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const EXTRA = Array.from({ length: 80 }, (_, i) => `x${i}`);

/** A catalog of 80 integer fields and `constructor` (text); the other special names are undeclared columns. */
const catalog = {
  id: 'crm',
  fields: { constructor: { type: 'string' }, ...Object.fromEntries(EXTRA.map((x) => [x, { type: 'integer' }])) },
  events: { visit: {} },
} as unknown as Catalog;
const header = ['id', ...SPECIAL, ...EXTRA];
/** L1 fills every column; L2 leaves the special ones blank; L3 is a short row (its last cells missing). */
const csv = [header.join(','), ['L1', 'p', 'c', 't', 'h', 'v', ...EXTRA.map((_, i) => String(i))].join(','),
  ['L2', '', '', '', '', '', ...EXTRA.map((_, i) => String(i * 2))].join(','), 'L3,p3,c3', ''].join('\n');

function checkLeads(leads: Lead[], how: string, raw = true): void {
  assert.deepEqual(leads.map((l) => l.id), ['L1', 'L2', 'L3'], how);
  const [l1, l2, l3] = leads;
  for (const l of leads) {
    // The null prototype chain: nothing inherited, for values and raw alike.
    for (const rec of [l.values, l.raw]) {
      const proto = Object.getPrototypeOf(rec);
      assert.ok(proto === null || (Object.getPrototypeOf(proto) === null && Reflect.ownKeys(proto).length === 0), `${how}: a bare prototype`);
    }
    assert.equal(l.values.valueOf, l.id === 'L1' ? 'v' : undefined, how);
    assert.equal(l.values.hasOwnProperty, l.id === 'L1' ? 'h' : undefined, how);
  }
  assert.equal(Object.getOwnPropertyDescriptor(l1.values, '__proto__')?.value, 'p', how);
  assert.deepEqual([l1.values.constructor, l1.values.toString, l1.values.x79], ['c', 't', 79], how);
  // Blank: missing, not Object's constructor or toString.
  assert.deepEqual([l2.values.constructor, l2.values.toString, '__proto__' in l2.values, 'constructor' in l2.values], [undefined, undefined, false, false], how);
  assert.equal(l2.values.x79, 158, how);
  assert.deepEqual([l3.values.constructor, 'x0' in l3.values, l3.values.toString], ['c3', false, undefined], how);
  if (!raw) return;
  // raw: every cell as written, in header order; a short row only its own cells.
  assert.deepEqual(Object.keys(l1.raw), header, how);
  assert.equal(Object.getOwnPropertyDescriptor(l1.raw, '__proto__')?.value, 'p', how);
  assert.deepEqual(Object.entries(l2.raw).slice(0, 6), [['id', 'L2'], ...SPECIAL.map((s) => [s, ''])], how);
  assert.deepEqual(Object.keys(l3.raw), ['id', '__proto__', 'constructor'], how);
  assert.equal(l3.raw.toString, undefined, how);
}

test('a wide CSV through the text loader, the file loader and JSON: the same own properties, nothing inherited', async () => {
  const text = loadLeadsFromText(catalog, { text: csv, file: 'leads.csv' });
  checkLeads(text.leads, 'text');
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-wide-'));
  try {
    writeFileSync(join(dir, 'leads.csv'), csv);
    const files = await loadSampleFiles(catalog, { leads: join(dir, 'leads.csv') });
    checkLeads(files.leads, 'files');
    assert.deepEqual(files.warnings.map((w) => [w.row, w.field, w.message]), text.warnings.map((w) => [w.row, w.field, w.message]));
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const rows = text.leads.map((l) => Object.fromEntries(Object.entries(l.raw)));
  for (const r of rows) if (r.id === 'L3') for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  const json = loadLeadsFromText(catalog, { text: JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')))), file: 'leads.json' });
  checkLeads(json.leads, 'json', false);
});

test('recordMaker: an empty object on a bare prototype, as dataRecord; keyed stores of any name are own properties', () => {
  for (const n of [0, 5, 17, 81, 400]) {
    const rec = recordMaker<string>(n)();
    assert.deepEqual(Reflect.ownKeys(rec), [], `${n}`);
    for (const [i, k] of [...SPECIAL, 'a', '0'].entries()) rec[k] = String(i);
    assert.deepEqual(Object.keys(rec), ['0', ...SPECIAL, 'a'], `${n}`);
    assert.equal(Object.getOwnPropertyDescriptor(rec, '__proto__')?.value, '0', `${n}`);
    const fresh = recordMaker<string>(n)();
    for (const k of SPECIAL) assert.equal(fresh[k], undefined, `${n}: ${k} of a fresh record`);
  }
});

// V8's own view (--allow-natives-syntax, in a child process): a wide file's records and leads' raw
// are fast objects; Object.create(BARE) filled the same way is a dictionary.
test('a wide CSV: rows and raw are not dictionaries (V8 %HasFastProperties)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-wide-'));
  try {
    writeFileSync(join(dir, 'leads.csv'), csv);
    const script = `
      const fast = new Function('o', 'return %HasFastProperties(o)');
      const { loadLeadsFromText, dataRecord } = await import(${JSON.stringify(join(repo, 'server/src/core/data/leads.ts'))});
      const { loadSampleFiles } = await import(${JSON.stringify(join(repo, 'server/src/io/samples.ts'))});
      const catalog = ${JSON.stringify(catalog)};
      const text = loadLeadsFromText(catalog, { text: ${JSON.stringify(csv)}, file: 'leads.csv' });
      const files = await loadSampleFiles(catalog, { leads: ${JSON.stringify(join(dir, 'leads.csv'))} });
      const bare = dataRecord(); for (const k of ${JSON.stringify(header)}) bare[k] = '';
      console.log(JSON.stringify({ text: text.leads.map((l) => fast(l.raw)), files: files.leads.map((l) => fast(l.raw)), bare: fast(bare) }));`;
    writeFileSync(join(dir, 'check.mts'), script);
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', join(dir, 'check.mts')], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { text: [true, true, true], files: [true, true, true], bare: false });
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the CLI on a wide workspace: --by each special column and rules on `constructor` read own cells only, 1 and 2 workers alike (--by runs on one)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadspec-wide-'));
  try {
    mkdirSync(join(dir, 'defs'));
    // `constructor` and the 80 integer fields declared; the other special names are undeclared columns.
    writeFileSync(join(dir, 'defs', 'fields.yaml'), ['leadspec: v1', 'kind: fields', 'id: crm', 'fields:', '  constructor: { type: string }', ...EXTRA.map((x) => `  ${x}: { type: integer }`), 'events:', '  visit: {}', ''].join('\n'));
    // `constructor: { exists: false }` holds only where its cell is blank or missing (never Object's constructor).
    writeFileSync(join(dir, 'defs', 'model.yaml'), ['leadspec: v1', 'kind: scoring', 'id: wide', 'fit:', '  rules:',
      '    - { id: named, when: { constructor: { exists: true } }, points: 10 }', '    - { id: unnamed, when: { constructor: { exists: false } }, points: 1 }',
      '    - { id: last, when: { x79: { gte: 100 } }, points: 90 }', 'grades:', '  - { id: A, min: 50 }', '  - { id: B }', ''].join('\n'));
    writeFileSync(join(dir, 'leads.csv'), csv);
    const args = ['--defs', join(dir, 'defs'), '--leads', join(dir, 'leads.csv'), '--as-of', '2026-11-20T00:00:00Z'];
    const sim = (more: string[], workers = [1, 2]) => {
      const out = workers.map((w) => spawnSync(process.execPath, [cli, 'simulate', ...args, ...more, '--workers', String(w)], { encoding: 'utf8' }));
      for (const r of out) { assert.equal(r.status, 0, r.stderr); assert.doesNotMatch(r.stderr, /\n\s+at /); }
      if (out.length > 1) assert.equal(out[1].stdout, out[0].stdout, `${more.join(' ')}: --workers 2 = --workers 1`);
      return out[0].stdout;
    };
    const totals = sim(['--format', 'csv']).trim().split('\n').slice(1).map((l) => l.split(',')).map((c) => [c[0], c[4]]);
    assert.deepEqual(totals, [['L1', '10'], ['L2', '91'], ['L3', '10']]);
    for (const [i, s] of SPECIAL.entries()) {
      const by = JSON.parse(sim(['--by', s, '--format', 'json'], [1])).by as { field: string; values: { value: string; leads: number }[] };
      const want = [['pcthv'[i], 1], ...(i < 2 ? [[['p3', 'c3'][i], 1]] : []), ['(none)', i < 2 ? 1 : 2]];
      assert.deepEqual(by.values.map((v) => [v.value, v.leads]), want, `--by ${s}`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
