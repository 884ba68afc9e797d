// What a breakdown can be by (server/src/core/eval/breakdown.ts segmentChoices), as the preview's
// picker offers it: the catalog's enum, string and boolean fields some lead has, then the other
// fields and columns `--by` accepts; the id column and a field's `column:` header are not offered twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentChoices, hasField } from '../../server/src/core/eval/breakdown.js';
import type { Catalog } from '../../server/src/core/data/leads.js';
import type { Lead } from '../../server/src/core/results.js';

const catalog: Catalog = {
  idColumn: 'Record ID',
  fields: {
    lead_source: { type: 'enum', values: ['web', 'event'], column: 'Lead Source' },
    region: { type: 'string' },
    opted_out: { type: 'boolean' },
    employees: { type: 'integer' },
    tech_stack: { type: 'list' },
    never_filled: { type: 'string' },
  },
  events: {},
};
const lead = (id: string, values: Record<string, unknown>, raw: Record<string, string>): Lead => ({ id, values, raw, events: [] });
const leads = [
  lead('1', { lead_source: 'web', region: 'emea', employees: 20 }, { 'Record ID': '1', 'Lead Source': 'web', region: 'emea', employees: '20', Owner: 'ann' }),
  lead('2', { opted_out: true, tech_stack: ['x'] }, { 'Record ID': '2', opted_out: 'true', tech_stack: 'x', 'Deal Stage': 'new' }),
];

test('segment fields first (catalog order), then every other field or column --by accepts', () => {
  assert.deepEqual(segmentChoices(catalog, leads), {
    fields: ['lead_source', 'region', 'opted_out'],
    columns: ['employees', 'tech_stack', 'Owner', 'Deal Stage'],
  });
  // Each one offered is one `--by` accepts.
  const c = segmentChoices(catalog, leads);
  for (const f of [...c.fields, ...c.columns]) assert.ok(hasField(leads, f), f);
  assert.equal(hasField(leads, 'never_filled'), false);
});

test('no leads: nothing to offer', () => {
  assert.deepEqual(segmentChoices(catalog, []), { fields: [], columns: [] });
});
