// Column mapping (docs/format.md, "Extensions to the spec"): a catalog reads a CRM export as it
// is — `id_column: Record ID`, `column: Number of Employees` — in the loader and in the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace, expectDiagnostics } from './check-support.js';
import { catalogOf, loadLeadsFromText, leadFromObject } from '../../server/src/core/data/leads.js';
import type { FieldsDef } from '../../server/src/core/model.js';

const CATALOG: FieldsDef = {
  leadspec: 'v1', kind: 'fields', id: 'crm', id_column: 'Record ID',
  fields: {
    company_name: { type: 'string', column: 'Company name' },
    employees: { type: 'integer', column: 'Number of Employees' },
    create_date: { type: 'datetime', column: 'Create Date' },
  },
} as FieldsDef;

test('a CSV export with CRM headers loads into the mapped fields, the file unchanged', () => {
  const csv = 'Record ID,Company name,number of employees,Create Date,Owner\n101,Acme,250,2026-11-02 09:30,ann\n102,Beta,many,2026-11-03,bob\n';
  const { leads, warnings } = loadLeadsFromText(catalogOf([CATALOG]), { text: csv, file: 'hubspot.csv' });
  assert.deepEqual(leads.map((l) => l.id), ['101', '102']);
  assert.deepEqual({ ...leads[0].values }, { company_name: 'Acme', employees: 250, create_date: Date.parse('2026-11-02T09:30:00Z'), Owner: 'ann' });
  assert.deepEqual(warnings.map((w) => `${w.row} ${w.field}: ${w.message}`), [
    // a CRM export in local time without an offset: said once for the column (read as UTC)
    "2 create_date: '2026-11-02 09:30' has no time-zone offset, so it is read as UTC (and so is every such value in this column, not warned again); add Z or the offset, e.g. -05:00, in the export",
    "2 Owner: column 'Owner' is not declared in the catalog 'crm'; kept for display only (declare it under `fields:` to use it in conditions)",
    "3 employees: 'many' is not an integer; treated as missing",
  ]);
});

test('without the id column the message names the mapped header', () => {
  assert.throws(() => loadLeadsFromText(catalogOf([CATALOG]), { text: 'Lead,Company name\n1,Acme\n', file: 'x.csv' }),
    /x\.csv:1:1: the header row has no `id` column nor the catalog's id_column 'record id' \(it has: Lead, Company name\)/);
  assert.throws(() => loadLeadsFromText(catalogOf([{ ...CATALOG, id_column: undefined }]), { text: 'Lead\n1\n', file: 'x.csv' }),
    /no `id` column \(a CRM export's id column can be named with `id_column:` in the catalog\)/);
});

test('JSON records with the exported keys map the same way; field names still work (test cases)', () => {
  const json = JSON.stringify([{ 'Record ID': 7, 'Number of Employees': '40' }]);
  const { leads } = loadLeadsFromText(catalogOf([CATALOG]), { text: json, file: 'x.json' });
  assert.deepEqual([leads[0].id, { ...leads[0].values }], ['7', { employees: 40 }]);
  const inline = leadFromObject({ id: 't1', employees: 12 }, catalogOf([CATALOG]));
  assert.deepEqual({ ...inline.lead?.values }, { employees: 12 });
});

test('LS130: two fields reading one column, a field and id_column, a column that is another field', () => {
  const ws = workspace({
    'cat.yaml': `leadspec: v1
kind: fields
id: export
id_column: Record ID
fields:
  size: { type: integer, column: Number of Employees }
  headcount: { type: integer, column: number of employees }
  rid: { type: string, column: record id }
  owner: { type: string, column: region }
  region: { type: string }
  same: { type: string, column: same }
`,
  }, { catalog: false });
  expectDiagnostics(ws, [
    "cat.yaml:7:39-7:58 LS130 column 'number of employees' is already read by the field 'size'; each column of the leads file can fill one field",
    "cat.yaml:8:32-8:41 LS130 column 'record id' is already read by `id_column`; each column of the leads file can fill one field",
    "cat.yaml:9:34-9:40 LS130 column 'region' is the name of the field 'region', which reads that column too; map another header or rename the field",
  ]);
});
