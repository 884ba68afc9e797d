// A numeric field's `min`/`max` (SPEC §2 is silent on them): the chosen meaning — a value out of
// range is a data warning and counts as missing — is what the loader does and what the schema's
// description (hover, completion) and docs/format.md say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLeadsFromText, type Catalog } from '../../server/src/core/data/leads.js';
import { leadspecSchema } from '../../server/src/core/schema/index.js';

const catalog = { id: 'crm', fields: { employees: { type: 'integer', min: 0, max: 1_000_000 }, score: { type: 'number', min: -1.5 } }, events: {} } as unknown as Catalog;

test('out-of-range values: a warning naming the bound, then missing; in-range and boundary values kept', () => {
  const text = 'id,employees,score\nL1,-5,0\nL2,2000000,-2\nL3,0,-1.5\nL4,1000000,3\n';
  const { leads, warnings } = loadLeadsFromText(catalog, { text, file: 'leads.csv' });
  assert.deepEqual(warnings.map((w) => `${w.row} ${w.field} ${w.message}`), [
    '2 employees -5 is below the minimum 0 of employees; treated as missing',
    '3 employees 2000000 is above the maximum 1000000 of employees; treated as missing',
    '3 score -2 is below the minimum -1.5 of score; treated as missing',
  ]);
  assert.deepEqual(leads.map((l) => [l.values.employees, l.values.score]), [[undefined, 0], [undefined, undefined], [0, -1.5], [1_000_000, 3]]);
});

test('the schema description and docs/format.md say the same', () => {
  const field = JSON.stringify(leadspecSchema());
  assert.match(field, /Smallest plausible value \(integer and number fields\)\. A lead value below it is a data warning and counts as missing/);
  assert.doesNotMatch(field, /documents the field/);
  const doc = readFileSync(join(__dirname, '../../docs/format.md'), 'utf8');
  assert.match(doc, /a lead value outside them gets a data warning[\s\S]{0,120}counts as missing/);
});
