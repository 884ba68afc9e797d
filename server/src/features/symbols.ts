// Document symbols: the outline of a leadspec file — one entry per definition, with its
// sections, groups, rules, tiers, personas, grades, calendars, commitments and test cases.
import { isMap, isSeq, isScalar, type Node } from 'yaml';
import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import type { Workspace } from '../core/check/workspace.js';
import { pathToUri } from './uri.js';
import { rangeOfNode, type LeadspecDoc, type ParsedFile } from '../core/syntax/parse.js';
import type { Range } from '../core/types.js';

export function documentSymbols(file: ParsedFile): DocumentSymbol[] {
  return file.docs.map((doc) => definitionSymbol(doc)).filter((s): s is DocumentSymbol => !!s);
}

function definitionSymbol(doc: LeadspecDoc): DocumentSymbol | undefined {
  const root = doc.yaml.contents;
  if (!isMap(root)) return undefined;
  const f = doc.file;
  const range = rangeOfNode(f, root) ?? doc.range;
  const idNode = valueNode(root, 'id');
  const name = `${doc.kind ?? 'definition'} ${doc.id ?? '(no id)'}`;
  const children: DocumentSymbol[] = [];
  const add = (s: DocumentSymbol | undefined) => { if (s) children.push(s); };
  switch (doc.kind) {
    case 'fields':
      add(mapSection(doc, root, 'fields', SymbolKind.Struct, SymbolKind.Field));
      add(mapSection(doc, root, 'events', SymbolKind.Struct, SymbolKind.Event));
      break;
    case 'icp':
      add(plainSection(doc, root, 'match', SymbolKind.Object));
      add(plainSection(doc, root, 'exclude', SymbolKind.Object));
      add(listSection(doc, root, 'tiers', SymbolKind.EnumMember));
      add(listSection(doc, root, 'personas', SymbolKind.Interface));
      break;
    case 'scoring': {
      for (const section of ['fit', 'engagement']) {
        const sec = valueNode(root, section);
        const s = plainSection(doc, root, section, SymbolKind.Namespace);
        if (s && isMap(sec)) s.children = rulesOf(doc, valueNode(sec, 'rules'));
        add(s);
      }
      add(plainSection(doc, root, 'total', SymbolKind.Operator));
      add(listSection(doc, root, 'grades', SymbolKind.EnumMember));
      const matrix = valueNode(root, 'matrix');
      const m = plainSection(doc, root, 'matrix', SymbolKind.Namespace);
      if (m && isMap(matrix)) m.children = ['fit', 'engagement'].map((k) => listSection(doc, matrix, k, SymbolKind.EnumMember)).filter(isSym);
      add(m);
      add(plainSection(doc, root, 'disqualify', SymbolKind.Boolean));
      add(plainSection(doc, root, 'mql', SymbolKind.Boolean));
      break;
    }
    case 'sla':
      add(mapSection(doc, root, 'calendars', SymbolKind.Namespace, SymbolKind.Object));
      add(listSection(doc, root, 'commitments', SymbolKind.Event));
      break;
    case 'test':
      add(listSection(doc, root, 'cases', SymbolKind.Method, 'name'));
      break;
    case 'project':
      add(plainSection(doc, root, 'samples', SymbolKind.File));
      break;
  }
  return sym(name, kindSymbol(doc.kind), range, rangeOfNode(f, idNode ?? undefined) ?? range, children, doc.value?.title);
}

const isSym = (s: DocumentSymbol | undefined): s is DocumentSymbol => !!s;

function kindSymbol(kind: string | undefined): SymbolKind {
  switch (kind) {
    case 'fields': return SymbolKind.Struct;
    case 'icp': return SymbolKind.Class;
    case 'scoring': return SymbolKind.Module;
    case 'sla': return SymbolKind.Module;
    case 'test': return SymbolKind.Package;
    default: return SymbolKind.File;
  }
}

function valueNode(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const p = map.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
  return (p?.value as Node | null) ?? undefined;
}

function pairRanges(doc: LeadspecDoc, map: unknown, key: string): { full: Range; sel: Range; value?: Node } | undefined {
  if (!isMap(map)) return undefined;
  const p = map.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
  if (!p) return undefined;
  const sel = rangeOfNode(doc.file, p.key as Node);
  if (!sel) return undefined;
  const v = (p.value as Node | null) ?? undefined;
  const vr = rangeOfNode(doc.file, v);
  return { full: vr ? { start: sel.start, end: vr.end } : sel, sel, value: v };
}

function plainSection(doc: LeadspecDoc, map: unknown, key: string, kind: SymbolKind): DocumentSymbol | undefined {
  const r = pairRanges(doc, map, key);
  return r ? sym(key, kind, r.full, r.sel, []) : undefined;
}

/** A mapping of named entries (fields, events, calendars): one child per key. */
function mapSection(doc: LeadspecDoc, map: unknown, key: string, kind: SymbolKind, childKind: SymbolKind): DocumentSymbol | undefined {
  const r = pairRanges(doc, map, key);
  if (!r) return undefined;
  const children: DocumentSymbol[] = [];
  if (isMap(r.value)) {
    for (const p of r.value.items) {
      if (!isScalar(p.key)) continue;
      const name = String(p.key.value);
      const pr = pairRanges(doc, r.value, name);
      const detail = isMap(p.value) ? scalarOf(p.value, 'type') : undefined;
      if (pr) children.push(sym(name, childKind, pr.full, pr.sel, [], detail));
    }
  }
  return sym(key, kind, r.full, r.sel, children);
}

/** A list of items with ids (tiers, grades, commitments, cases). */
function listSection(doc: LeadspecDoc, map: unknown, key: string, kind: SymbolKind, nameKey = 'id'): DocumentSymbol | undefined {
  const r = pairRanges(doc, map, key);
  if (!r) return undefined;
  const children: DocumentSymbol[] = [];
  if (isSeq(r.value)) {
    for (const item of r.value.items as Node[]) {
      const s = itemSymbol(doc, item, nameKey, kind);
      if (s) children.push(s);
    }
  }
  return sym(key, kind === SymbolKind.EnumMember ? SymbolKind.Enum : SymbolKind.Array, r.full, r.sel, children);
}

function itemSymbol(doc: LeadspecDoc, item: Node, nameKey: string, kind: SymbolKind, detail?: string): DocumentSymbol | undefined {
  const full = rangeOfNode(doc.file, item);
  if (!full || !isMap(item)) return undefined;
  const nameNode = valueNode(item, nameKey);
  const name = isScalar(nameNode) && nameNode.value !== null && String(nameNode.value) !== '' ? String(nameNode.value) : `(no ${nameKey})`;
  return sym(name, kind, full, rangeOfNode(doc.file, nameNode) ?? full, [], detail ?? describeItem(item));
}

/** Rules and groups of a scoring section; a group's rules are its children. */
function rulesOf(doc: LeadspecDoc, rules: Node | undefined): DocumentSymbol[] {
  if (!isSeq(rules)) return [];
  const out: DocumentSymbol[] = [];
  for (const item of rules.items as Node[]) {
    if (isMap(item) && valueNode(item, 'group') !== undefined) {
      const s = itemSymbol(doc, item, 'group', SymbolKind.Package, `group${scalarOf(item, 'pick') ? `, pick ${scalarOf(item, 'pick')}` : ''}`);
      if (s) { s.children = rulesOf(doc, valueNode(item, 'rules')); out.push(s); }
    } else {
      const s = itemSymbol(doc, item, 'id', SymbolKind.Function);
      if (s) out.push(s);
    }
  }
  return out;
}

function scalarOf(map: unknown, key: string): string | undefined {
  const v = valueNode(map, key);
  return isScalar(v) && v.value !== null ? String(v.value) : undefined;
}

function describeItem(item: unknown): string | undefined {
  const points = scalarOf(item, 'points');
  if (points !== undefined) return `${Number(points) > 0 ? '+' : ''}${points} points`;
  const min = scalarOf(item, 'min');
  if (min !== undefined) return `min ${min}`;
  const within = scalarOf(item, 'within');
  if (within !== undefined) return `within ${within}`;
  return undefined;
}

function sym(name: string, kind: SymbolKind, range: Range, selectionRange: Range, children: DocumentSymbol[], detail?: string): DocumentSymbol {
  const s: DocumentSymbol = { name, kind, range, selectionRange, children };
  if (detail) s.detail = String(detail);
  return s;
}

const SYMBOL_KINDS: Record<string, SymbolKind> = {
  rule: SymbolKind.Function, group: SymbolKind.Package, tier: SymbolKind.EnumMember, persona: SymbolKind.Interface,
  grade: SymbolKind.EnumMember, band: SymbolKind.EnumMember, commitment: SymbolKind.Event, calendar: SymbolKind.Object,
  field: SymbolKind.Field, event: SymbolKind.Event, property: SymbolKind.Property,
};

/**
 * Workspace symbols: every definition and every named thing inside one (rules, tiers, grades,
 * fields, events, commitments…) whose name holds the query's characters in order (case-insensitive).
 */
export function workspaceSymbols(ws: Workspace, query: string, limit = 500): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const matches = (name: string) => { let i = 0; for (const ch of name.toLowerCase()) if (ch === q[i]) i++; return i === q.length; };
  const out: WorkspaceSymbol[] = [];
  for (const file of ws.files()) {
    for (const d of ws.definitionsIn(file)) {
      const [kind, defKind, defId] = d.key.split(':');
      const name = kind === 'definition' ? defId : d.name;
      if (!matches(name)) continue;
      out.push({
        name, kind: kind === 'definition' ? kindSymbol(defKind) : SYMBOL_KINDS[kind] ?? SymbolKind.Key,
        containerName: kind === 'definition' ? defKind : `${kind} of ${defKind} ${defId}`,
        location: { uri: pathToUri(file), range: d.range },
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
