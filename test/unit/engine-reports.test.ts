// Renderers of a simulation: CSV quoting, Markdown escaping, the text summary's sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../server/src/core/eval/simulate.js';
import { renderSimulateCsv } from '../../server/src/core/report/simulate-csv.js';
import { renderSimulateMd } from '../../server/src/core/report/simulate-md.js';
import { renderSimulateText } from '../../server/src/core/report/simulate-text.js';
import { leadFromObject } from '../../server/src/core/data/leads.js';
import { project, AS_OF_MS } from './engine-helpers.js';

const cp = project(`leadspec: v1
kind: scoring
id: m
fit: { rules: [ { id: us, when: { country: US }, points: 12.5 }, { id: never, when: { country: XX }, points: 1 } ] }
grades: [ { id: A, min: 10 }, { id: B } ]
mql: { grade: A }`);
const mk = (obj: Record<string, unknown>) => leadFromObject(obj, cp.catalog).lead!;

test('csv: one row per lead, cells with commas, quotes or line breaks quoted', () => {
  const r = simulate(cp, [mk({ id: 'a,"b"', country: 'US' }), mk({ id: 'plain' })], AS_OF_MS);
  assert.equal(renderSimulateCsv(r), 'id,icps,m.fit,m.engagement,m.total,m.grade,m.mql,m.disqualified\n"a,""b""",,12.5,0,12.5,A,true,false\nplain,,0,0,0,B,false,false\n');
});

test('md: grade and rule tables, dead rules called out, warnings folded, pipes escaped', () => {
  const r = simulate(cp, [mk({ id: 'x', country: 'US' })], AS_OF_MS, [{ file: 'l.csv', row: 2, lead: 'x', field: 'f', message: 'a | b' }]);
  const md = renderSimulateMd(r, { asOfSource: 'explicit', leadsFile: 'l.csv' });
  assert.match(md, /\*\*1 leads\*\* as of `2026-11-20T12:00:00Z` \(given with --as-of\)/);
  assert.match(md, /\| A \| 1 \| 100\.0% \|/);
  assert.match(md, /> Rules that matched no lead: `never`/);
  assert.match(md, /<details><summary>Show<\/summary>\n\n- l\.csv:2 x f: a \\\| b/);
});

test('text: headline, grades with bars, top rules, and no warnings', () => {
  const r = simulate(cp, [mk({ id: 'x', country: 'US' }), mk({ id: 'y' })], AS_OF_MS);
  const t = renderSimulateText(r, { asOfSource: 'sample' });
  assert.match(t, /^LeadSpec simulation — 2 leads as of 2026-11-20T12:00:00Z \(the latest time in the sample\)/);
  assert.match(t, /Scoring model 'm': 1 MQLs of 2 leads \(50\.0%\)/);
  assert.match(t, /  A\s+1\s+50\.0%  █+/);
  assert.match(t, /rules that matched no lead: never/);
  assert.match(t, /Data warnings: none\n$/);
});
