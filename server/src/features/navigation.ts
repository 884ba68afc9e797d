// Go to definition, find references and rename, for every kind of id, across files — answered
// from the workspace index's symbol occurrences (exact name ranges).
import { ResponseError, ErrorCodes, DocumentHighlightKind, type DocumentHighlight, type Location, type WorkspaceEdit, type Range as LspRange } from 'vscode-languageserver';
import type { LeadspecHost } from './host.js';
import type { Position } from '../core/types.js';
import type { SymbolOccurrence } from '../core/check/workspace.js';
import { relative } from 'node:path';
import { pathToUri } from './uri.js';
import { ID_PATTERN, LOCAL_ID_PATTERN, NAME_PATTERN } from '../core/schema/source.js';

export function definition(host: LeadspecHost, file: string, pos: Position): Location[] {
  return host.index().definitionAt(file, pos).map((o) => ({ uri: pathToUri(o.file), range: o.range }));
}

export function references(host: LeadspecHost, file: string, pos: Position, includeDeclaration: boolean): Location[] {
  const ws = host.index();
  const hit = ws.symbolAt(file, pos);
  if (!hit) return [];
  return ws.referencesTo(hit.symbol.key, includeDeclaration).map((o) => ({ uri: pathToUri(o.file), range: o.range }));
}

export function prepareRename(host: LeadspecHost, file: string, pos: Position): { range: LspRange; placeholder: string } | null {
  const hit = host.index().symbolAt(file, pos);
  return hit ? { range: hit.symbol.range, placeholder: hit.symbol.name } : null;
}

/** What a new name must look like, by symbol kind (SPEC §1, §2). */
function namePattern(kind: string): { re: RegExp; what: string } {
  if (kind === 'definition') return { re: new RegExp(ID_PATTERN), what: 'lower-case letters, digits and `-`, starting with a letter' };
  if (kind === 'field' || kind === 'event' || kind === 'property') return { re: new RegExp(NAME_PATTERN), what: 'lower-case letters, digits and `_`, starting with a letter' };
  if (kind === 'calendar') return { re: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, what: 'letters, digits, `_` and `-`' };
  return { re: new RegExp(LOCAL_ID_PATTERN), what: 'letters, digits, `_`, `.` and `-`, starting with a letter or digit' };
}

export function rename(host: LeadspecHost, file: string, pos: Position, newName: string): WorkspaceEdit {
  const ws = host.index();
  const hit = ws.symbolAt(file, pos);
  if (!hit) throw new ResponseError(ErrorCodes.InvalidRequest, 'There is no leadspec id here to rename.');
  const { re, what } = namePattern(hit.symbol.kind);
  if (!re.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid ${hit.symbol.kind} name: use ${what}.`);
  const taken = collision(host, hit.symbol, newName);
  if (taken) throw new ResponseError(ErrorCodes.InvalidParams, taken);
  const changes: WorkspaceEdit['changes'] = {};
  for (const [f, ranges] of ws.renameRanges(hit.symbol.key)) {
    changes[pathToUri(f)] = ranges.map((range) => ({ range, newText: newName }));
  }
  return { changes };
}

/**
 * Why `newName` would collide with a symbol of the same namespace (an ICP with an ICP, a tier
 * with a tier of the same ICP, a field with a field of the catalog…), or undefined. Renaming
 * onto an existing name would merge two symbols: the workspace would then have duplicate ids.
 */
function collision(host: LeadspecHost, s: SymbolOccurrence, newName: string): string | undefined {
  if (newName === s.name) return undefined;
  const parts = s.key.split(':');
  let key: string;
  let label: string;
  if (s.kind === 'definition') { key = `definition:${parts[1]}:${newName}`; label = parts[1]; }
  else {
    const name = parts.slice(3).join(':');
    const slash = name.lastIndexOf('/');
    key = `${parts.slice(0, 3).join(':')}:${slash < 0 ? '' : name.slice(0, slash + 1)}${newName}`;
    label = s.kind;
  }
  const defs = host.index().definitionsOf(key);
  if (defs.length === 0) return undefined;
  const root = host.roots[0];
  const where = defs.map((d) => `${root ? relative(root, d.file) : d.file}:${d.range.start.line + 1}`).join(', ');
  return `${label} '${newName}' already exists (${where}); renaming onto it would make two with the same name — choose another name, or rename that one first.`;
}

/** Document highlight: the symbol's occurrences in this file (its definition marked as a write). */
export function highlights(host: LeadspecHost, file: string, pos: Position): DocumentHighlight[] {
  const ws = host.index();
  const hit = ws.symbolAt(file, pos);
  if (!hit) return [];
  const defs = new Set(ws.definitionsOf(hit.symbol.key).map((d) => `${d.file}:${d.range.start.line}:${d.range.start.character}`));
  return ws.referencesTo(hit.symbol.key, true).filter((o) => o.file === file).map((o) => ({
    range: o.range, kind: defs.has(`${o.file}:${o.range.start.line}:${o.range.start.character}`) ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
