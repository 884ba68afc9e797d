// Picks, from a workspace's parsed files, what the SQL compiler needs: the scoring model(s),
// every ICP (in workspace order, as the in-process engine reports them) and the catalog.
import type { FieldsDef, IcpDef, ScoringDef, ProjectDef } from '../model.js';
import type { LeadspecDoc, ParsedFile } from '../syntax/parse.js';
import type { Located } from './compile.js';

export interface SqlWorkspace {
  scorings: Located<ScoringDef>[];
  icps: Located<IcpDef>[];
  catalogs: Located<FieldsDef>[];
  project?: Located<ProjectDef>;
  /** SLA definitions present (the SQL path does not compute SLAs). */
  slas: LeadspecDoc[];
}

export function collectWorkspace(files: ParsedFile[]): SqlWorkspace {
  const ws: SqlWorkspace = { scorings: [], icps: [], catalogs: [], slas: [] };
  for (const f of files) {
    for (const doc of f.docs) {
      const v = doc.value;
      if (!v || typeof v !== 'object' || typeof v.id !== 'string') continue;
      if (doc.kind === 'scoring') ws.scorings.push({ def: v, doc });
      else if (doc.kind === 'icp') ws.icps.push({ def: v, doc });
      else if (doc.kind === 'fields') ws.catalogs.push({ def: v, doc });
      else if (doc.kind === 'project' && !ws.project) ws.project = { def: v, doc };
      else if (doc.kind === 'sla') ws.slas.push(doc);
    }
  }
  return ws;
}

/** The catalog a definition uses: its `fields: <id>`, else the workspace's only (or first) one. */
export function catalogFor(ws: SqlWorkspace, def: { fields?: string } | undefined): FieldsDef | undefined {
  if (def?.fields) return ws.catalogs.find((c) => c.def.id === def.fields)?.def;
  return ws.catalogs[0]?.def;
}
