// What the features know about a definition beyond its text: its catalog (fields and events with
// types, values and descriptions), where conditions sit in each kind, and what a path inside a
// condition means (a field test, an operator's operand, an event's `where`…).
import type { LeadspecHost } from './host.js';
import type { LeadspecDoc, PathSegment } from '../core/syntax/parse.js';
import { catalogOf, type Catalog } from '../core/check/catalog.js';
import { SCORE_BOOL_KEYS, SCORE_GRADE_KEYS, SCORE_NUMERIC_KEYS } from '../core/model.js';

export interface CatalogView { doc: LeadspecDoc; catalog: Catalog; descriptions: Map<string, string> }

/** The catalog a definition uses: its `fields: <id>`, else the workspace's only catalog. */
export function catalogFor(host: LeadspecHost, value: any): CatalogView | undefined {
  const ws = host.index();
  let doc: LeadspecDoc | undefined;
  if (value?.kind === 'fields') return undefined;
  if (typeof value?.fields === 'string') doc = ws.lookup('fields', value.fields);
  else { const all = ws.docsByKind('fields'); if (all.length === 1) doc = all[0]; }
  if (!doc) return undefined;
  const descriptions = new Map<string, string>();
  const fields = doc.value?.fields;
  if (fields && typeof fields === 'object') for (const [k, v] of Object.entries<any>(fields)) if (typeof v?.description === 'string') descriptions.set(k, v.description);
  const events = doc.value?.events;
  if (events && typeof events === 'object') for (const [k, v] of Object.entries<any>(events)) if (typeof v?.description === 'string') descriptions.set(`event:${k}`, v.description);
  return { doc, catalog: catalogOf(doc), descriptions };
}

/** Where conditions live in each kind (`*` = any list index). */
const CONDITION_ROOTS: Record<string, string[][]> = {
  icp: [['match'], ['exclude'], ['tiers', '*', 'when'], ['personas', '*', 'when']],
  scoring: [['fit', 'rules', '*', 'when'], ['engagement', 'rules', '*', 'when'], ['fit', 'rules', '*', 'rules', '*', 'when'],
    ['engagement', 'rules', '*', 'rules', '*', 'when'], ['disqualify'], ['mql']],
  sla: [['commitments', '*', 'applies_to'], ['commitments', '*', 'count']],
};
/** Event rules' `where` (conditions over the event's properties). */
const WHERE_ROOTS: Record<string, string[][]> = {
  scoring: [['fit', 'rules', '*', 'where'], ['engagement', 'rules', '*', 'where'], ['fit', 'rules', '*', 'rules', '*', 'where'], ['engagement', 'rules', '*', 'rules', '*', 'where']],
};

export type CondState =
  | { state: 'cond'; event?: string }          // keys of a condition mapping
  | { state: 'test'; key: string; event?: string }  // the value of a field / special key
  | { state: 'operand'; key: string; op: string; event?: string }; // the operand of an operator

export interface CondLocation {
  /** Path of the condition root. */
  root: PathSegment[];
  /** True inside an event rule's `where` or an event condition's `where` (keys are properties). */
  where: boolean;
  /** The event whose properties `where` tests. */
  event?: string;
  at: CondState;
  /** Score keys are allowed (scoring and SLA contexts). */
  scores: boolean;
}

function matchPrefix(pattern: string[], path: readonly PathSegment[]): boolean {
  if (path.length < pattern.length) return false;
  return pattern.every((p, i) => (p === '*' ? typeof path[i] === 'number' : String(path[i]) === p));
}

const get = (v: any, path: readonly PathSegment[]) => path.reduce((o, k) => (o && typeof o === 'object' ? o[k as any] : undefined), v);

/** Locates a path inside a condition of the document (undefined when not in a condition). */
export function locateCondition(kind: string | undefined, value: unknown, path: readonly PathSegment[]): CondLocation | undefined {
  if (!kind) return undefined;
  for (const [roots, where] of [[WHERE_ROOTS[kind] ?? [], true], [CONDITION_ROOTS[kind] ?? [], false]] as const) {
    for (const pattern of roots) {
      if (!matchPrefix(pattern, path)) continue;
      const root = path.slice(0, pattern.length);
      const event = where ? get(value, [...root.slice(0, -1), 'event']) : undefined;
      const at = walk(path.slice(pattern.length), get(value, root), typeof event === 'string' ? event : undefined, where);
      return { root, where: where || at.event !== undefined, event: at.event ?? (typeof event === 'string' ? event : undefined), at: at.st, scores: kind === 'scoring' || kind === 'sla' };
    }
  }
  return undefined;
}

function walk(rest: readonly PathSegment[], node: any, event: string | undefined, inWhere: boolean): { st: CondState; event?: string } {
  let st: CondState = { state: 'cond', event };
  let cur = node;
  let ev = inWhere ? event : undefined;
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i];
    const next = cur && typeof cur === 'object' ? cur[seg as any] : undefined;
    if (st.state === 'cond') {
      if (typeof seg === 'number') { /* a list item: still a condition */ }
      else if (seg === 'all' || seg === 'any' || seg === 'not') { /* combinator */ }
      else if (seg === 'where' && cur && typeof cur.event === 'string') { ev = cur.event; st = { state: 'cond', event: ev }; }
      else if (seg === 'count' && cur && typeof cur.event === 'string') st = { state: 'test', key: 'count', event: ev };
      else st = { state: 'test', key: String(seg), event: ev };
    } else if (st.state === 'test') {
      st = typeof seg === 'number' ? { state: 'operand', key: st.key, op: 'in', event: ev } : { state: 'operand', key: st.key, op: String(seg), event: ev };
    }
    cur = next;
  }
  return { st, event: ev };
}

export const SCORE_KEYS = [...SCORE_NUMERIC_KEYS, ...SCORE_GRADE_KEYS, ...SCORE_BOOL_KEYS] as string[];

/** The type a condition key tests: a catalog field's, an event property's, or a score output's. */
export function keyType(key: string, cat: CatalogView | undefined, event?: string): string | undefined {
  if (event) return cat?.catalog.events.get(event)?.properties.get(key);
  if ((SCORE_NUMERIC_KEYS as readonly string[]).includes(key)) return 'number';
  if ((SCORE_GRADE_KEYS as readonly string[]).includes(key)) return 'grade';
  if ((SCORE_BOOL_KEYS as readonly string[]).includes(key)) return 'boolean';
  if (key === 'count') return 'integer';
  return cat?.catalog.fields.get(key)?.type;
}

/** The grade (or band) ids a scoring model declares; for `fit_grade`/`engagement_grade`, the matrix bands. */
export function gradesOf(model: any, key = 'grade'): string[] {
  const ids = (list: unknown) => (Array.isArray(list) ? list.map((b: any) => b?.id).filter((x: unknown) => x !== undefined && x !== null).map(String) : []);
  if (key === 'fit_grade') return ids(model?.matrix?.fit);
  if (key === 'engagement_grade') return ids(model?.matrix?.engagement);
  if (Array.isArray(model?.grades)) return [...ids(model.grades), 'disqualified'];
  const f = ids(model?.matrix?.fit), e = ids(model?.matrix?.engagement);
  return [...f.flatMap((a) => e.map((b) => `${a}${b}`)), 'disqualified'];
}

/** The scoring model whose outputs a condition's score keys read. */
export function modelFor(host: LeadspecHost, kind: string | undefined, value: any, root: readonly PathSegment[]): any {
  if (kind === 'scoring') return value;
  if (kind === 'sla') {
    const c = get(value, root.slice(0, 2));
    const id = typeof c?.scoring === 'string' ? c.scoring : undefined;
    if (id) return host.index().lookup('scoring', id)?.value;
    const all = host.index().docsByKind('scoring');
    return all.length === 1 ? all[0].value : undefined;
  }
  return undefined;
}
