// Go to definition, find references and rename, for every kind of id, across files — answered
// from the workspace index's symbol occurrences (exact name ranges).
import { ResponseError, ErrorCodes, type Location, type WorkspaceEdit, type Range as LspRange } from 'vscode-languageserver';
import type { LeadspecHost } from './host.js';
import type { Position } from '../core/types.js';
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
  const changes: WorkspaceEdit['changes'] = {};
  for (const [f, ranges] of ws.renameRanges(hit.symbol.key)) {
    changes[pathToUri(f)] = ranges.map((range) => ({ range, newText: newName }));
  }
  return { changes };
}
