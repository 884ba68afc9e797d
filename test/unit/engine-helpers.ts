// Test helpers: compile definitions from YAML text and make leads, through the public engine API.
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { compileProject, definitionsOf, type CompiledProject } from '../../server/src/core/eval/simulate.js';
import { leadFromObject } from '../../server/src/core/data/leads.js';
import type { Lead } from '../../server/src/core/results.js';

export const CATALOG = `leadspec: v1
kind: fields
id: crm
fields:
  employees:      { type: integer, min: 0 }
  industry:       { type: enum, values: [SaaS, Fintech, Healthcare, Retail, Education, Other] }
  country:        { type: string }
  seniority:      { type: enum, values: [ic, manager, director, vp, cxo] }
  annual_revenue: { type: number }
  tech_stack:     { type: list }
  email:          { type: string }
  opted_in:       { type: boolean }
  founded:        { type: date }
  mql_at:         { type: datetime }
  first_touch_at: { type: datetime }
  region:         { type: enum, values: [na, emea, apac] }
events:
  page_view:      { properties: { url: string, seconds: number, logged_in: boolean } }
  demo_request:   {}
  email_click:    {}
  unsubscribe:    {}
`;

/** Compiles the catalog above plus the given YAML documents (joined with ---). */
export function project(...docs: string[]): CompiledProject {
  const text = [CATALOG, ...docs].join('\n---\n');
  const f = parseFile('test.yaml', text);
  const errs = f.diagnostics.filter((d) => d.severity === 'error');
  if (errs.length) throw new Error(errs.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n'));
  return compileProject(definitionsOf([f]));
}

let n = 0;
/** A lead from a plain object as a JSON sample would hold it (values parsed by the catalog). */
export function lead(cp: CompiledProject, obj: Record<string, unknown>): Lead {
  const { lead: l, warnings } = leadFromObject({ id: `T${++n}`, ...obj }, cp.catalog);
  if (!l) throw new Error(`lead not built: ${JSON.stringify(warnings)}`);
  return l;
}

export const AS_OF = '2026-11-20T12:00:00Z';
export const AS_OF_MS = Date.parse(AS_OF);
/** An instant `d` days (fractional allowed) before AS_OF, as ISO text. */
export const daysAgo = (d: number) => new Date(AS_OF_MS - d * 86400000).toISOString();
