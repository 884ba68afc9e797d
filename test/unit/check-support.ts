// Helpers for the semantic-check tests: a workspace from inline files, and compact assertions.
import assert from 'node:assert/strict';
import { Workspace, type WorkspaceOptions } from '../../server/src/core/check/workspace.js';
import type { Diagnostic } from '../../server/src/core/types.js';

/** The catalog of SPEC §2 (the one conditions in these tests are checked against). */
export const CRM = `leadspec: v1
kind: fields
id: crm
fields:
  employees:      { type: integer, min: 0, description: Company headcount }
  industry:       { type: enum, values: [SaaS, Fintech, Healthcare, Retail, Education, Other] }
  country:        { type: string }
  seniority:      { type: enum, values: [ic, manager, director, vp, cxo] }
  annual_revenue: { type: number }
  tech_stack:     { type: list }
  email:          { type: string }
  mql_at:         { type: datetime }
  first_touch_at: { type: datetime }
  region:         { type: enum, values: [na, emea, apac] }
  founded:        { type: date }
events:
  page_view:      { properties: { url: string } }
  demo_request:   {}
  unsubscribe:    {}
`;

export const ICP = `leadspec: v1
kind: icp
id: mid-market
match: { employees: { between: [50, 1000] } }
tiers:
  - { id: tier-1, when: { employees: { gte: 200 } } }
  - { id: tier-2 }
`;

/** A workspace of the given files (path → text); the SPEC catalog is added as crm.yaml unless `catalog: false`. */
export function workspace(files: Record<string, string>, opts: WorkspaceOptions & { catalog?: boolean } = {}): Workspace {
  const ws = new Workspace(opts);
  if (opts.catalog !== false) ws.setFile('crm.yaml', CRM);
  for (const [f, t] of Object.entries(files)) ws.setFile(f, t);
  return ws;
}

/** 1-based `line:col-line:col` of a diagnostic, as a compiler prints it. */
export function at(d: { range: Diagnostic['range'] }): string {
  const r = d.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/** Every diagnostic of the workspace as `file:line:col-line:col CODE message`. */
export function lines(ws: Workspace): string[] {
  return ws.diagnostics().map((d) => `${d.file}:${at(d)} ${d.code} ${d.message}`);
}

/** Asserts that the workspace has exactly the given diagnostics (in file/position order). */
export function expectDiagnostics(ws: Workspace, expected: string[]): Diagnostic[] {
  assert.deepEqual(lines(ws), expected);
  return ws.diagnostics();
}

export function only(ws: Workspace, code: string): Diagnostic {
  const list = ws.diagnostics().filter((d) => d.code === code);
  assert.equal(list.length, 1, `expected one ${code}, got:\n${lines(ws).join('\n')}`);
  return list[0];
}

export function fixTexts(d: Diagnostic): string[] {
  return (d.fixes ?? []).map((f) => f.edits.map((e) => e.newText).join('|'));
}
