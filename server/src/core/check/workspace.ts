// The workspace index: every leadspec document by kind and id, the symbols each defines and
// references (with exact ranges), and diagnostics (parse + schema + semantic) kept up to date
// incrementally. Pure: the host (language server, CLI) feeds file texts with setFile/removeFile
// and asks questions by file and position, as rust-analyzer's analysis core does.
//
// Incrementality: setFile re-parses only that file. Each file's semantic results record what
// they looked up (`def:<kind>:<id>`, `kind:<kind>`); an edit invalidates the file itself and
// the files that looked up a definition whose text changed, and nothing else.
import type { Diagnostic, Position, Range } from '../types.js';
import { parseFile, positionAt, nodeAtPath, isBroken, type LeadspecDoc, type ParsedFile } from '../syntax/parse.js';
import { catalogOf } from './catalog.js';
import { checkDocument, defDep, kindDep, type IndexView, type SymbolOccurrence } from './index.js';
import { schemaDiagnosticsOfFile } from '../schema/index.js';
import { applySuppressions } from './suppress.js';
import { RUN_CODES } from '../eval/expectations.js';
import { capPerCode, pushAll } from './bounded.js';
import { KINDS } from '../model.js';
import { suggest } from './suggest.js';

export type { SymbolOccurrence, SymbolKind } from './index.js';
export { symbolKey } from './index.js';

export interface WorkspaceOptions {
  /** Schema diagnostics of one parsed file (default: the JSON schemas; `false`: none). */
  schema?: ((file: ParsedFile) => Diagnostic[]) | false;
  /** Apply suppression comments (SPEC §10) to `diagnostics()` (default true). */
  suppressions?: boolean;
}

interface Analysis {
  diagnostics: Diagnostic[];
  defs: SymbolOccurrence[];
  refs: SymbolOccurrence[];
  deps: Set<string>;
}

interface FileEntry {
  parsed: ParsedFile;
  /** The source text of each definition this file holds, by dependency key: what an edit changed. */
  signatures: Map<string, string>;
  /** Semantic results; undefined when stale. */
  analysis?: Analysis;
  schema?: Diagnostic[];
  /** What diagnostics() returns for the file; undefined when stale. */
  shown?: Diagnostic[];
}

/** A symbol under the cursor: its occurrence, and whether that occurrence is its definition. */
export interface SymbolHit { symbol: SymbolOccurrence; isDefinition: boolean }

export class Workspace {
  private readonly entries = new Map<string, FileEntry>();
  /** `<kind>\0<id>` → documents, in file order then document order. */
  private readonly byId = new Map<string, LeadspecDoc[]>();
  /** dependency key → files whose analysis used it. */
  private readonly dependants = new Map<string, Set<string>>();
  private readonly idCache = new Map<string, string[]>();
  /** Diagnostics found outside the index (failing test cases need sample data and a run), by file. */
  private readonly external = new Map<string, Diagnostic[]>();
  /** Files the host has run the test cases of (until then a suppression of LS113… is not "unused"). */
  private readonly externalSupplied = new Set<string>();
  private readonly view: IndexView;
  /** How many files were (re-)analysed since the counter was last read; for tests and benches. */
  analysed = 0;

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.view = {
      defs: (kind, id) => this.byId.get(`${kind}\0${id}`) ?? [],
      ids: (kind) => this.idsOf(kind),
    };
  }

  // ---- updates ---------------------------------------------------------------------------------

  /** Sets (adds or replaces) one file's text: re-parses and re-indexes that file only. */
  setFile(file: string, text: string): ParsedFile {
    const old = this.entries.get(file);
    if (old && old.parsed.text === text) return old.parsed;
    const parsed = parseFile(file, text);
    if (old) this.unindex(old);
    const entry: FileEntry = { parsed, signatures: signaturesOf(parsed) };
    this.entries.set(file, entry);
    this.indexDocs(entry);
    this.invalidate(file, changedKeys(old?.signatures, entry.signatures));
    return parsed;
  }

  /** Sets a file that is already parsed (e.g. by the CLI's loader). */
  setParsed(parsed: ParsedFile): void {
    const old = this.entries.get(parsed.file);
    if (old) this.unindex(old);
    const entry: FileEntry = { parsed, signatures: signaturesOf(parsed) };
    this.entries.set(parsed.file, entry);
    this.indexDocs(entry);
    this.invalidate(parsed.file, changedKeys(old?.signatures, entry.signatures));
  }

  removeFile(file: string): void {
    const old = this.entries.get(file);
    if (!old) return;
    this.unindex(old);
    this.entries.delete(file);
    this.dropDependencies(file, old.analysis);
    this.invalidate(file, changedKeys(old.signatures, new Map()));
  }

  // ---- the index ---------------------------------------------------------------------------------

  files(): string[] { return [...this.entries.keys()].sort(); }

  parsed(file: string): ParsedFile | undefined { return this.entries.get(file)?.parsed; }

  /** Every document of a kind, in file order. */
  docsByKind(kind: string): LeadspecDoc[] {
    const out: LeadspecDoc[] = [];
    for (const f of this.files()) for (const d of this.entries.get(f)!.parsed.docs) if (d.kind === kind) out.push(d);
    return out;
  }

  /** The definition of a kind with an id (the first, when an id is duplicated). */
  lookup(kind: string, id: string): LeadspecDoc | undefined { return this.byId.get(`${kind}\0${id}`)?.[0]; }

  /** Every definition of a kind with an id (more than one is a duplicate). */
  lookupAll(kind: string, id: string): LeadspecDoc[] { return [...(this.byId.get(`${kind}\0${id}`) ?? [])]; }

  /** The ids of a kind, sorted (cached until a definition of that kind comes or goes). */
  idsOf(kind: string): string[] {
    let ids = this.idCache.get(kind);
    if (!ids) {
      ids = [];
      const prefix = `${kind}\0`;
      for (const k of this.byId.keys()) if (k.startsWith(prefix)) ids.push(k.slice(prefix.length));
      ids.sort();
      this.idCache.set(kind, ids);
    }
    return [...ids];
  }

  // ---- symbols -----------------------------------------------------------------------------------

  /** The symbols a file defines (definitions, rules, tiers, grades, fields, calendars, …). */
  definitionsIn(file: string): SymbolOccurrence[] { return this.analysis(file)?.defs ?? []; }

  /** The symbol references a file makes. */
  referencesIn(file: string): SymbolOccurrence[] { return this.analysis(file)?.refs ?? []; }

  /** The definitions of a symbol (usually one; several when an id is duplicated). */
  definitionsOf(key: string): SymbolOccurrence[] {
    const out: SymbolOccurrence[] = [];
    for (const f of this.files()) for (const d of this.definitionsIn(f)) if (d.key === key) out.push(d);
    return out;
  }

  /** The symbol at a position (offset or 0-based line/character) of a file, if any. */
  symbolAt(file: string, at: number | Position): SymbolHit | undefined {
    const entry = this.entries.get(file);
    if (!entry) return undefined;
    const pos = typeof at === 'number' ? positionAt(entry.parsed, at) : at;
    const a = this.analysis(file);
    if (!a) return undefined;
    const def = a.defs.find((s) => contains(s.range, pos));
    if (def) return { symbol: def, isDefinition: true };
    const ref = a.refs.find((s) => contains(s.range, pos));
    return ref ? { symbol: ref, isDefinition: false } : undefined;
  }

  /** Go to definition: where the symbol at the position is defined (empty when nothing is there). */
  definitionAt(file: string, at: number | Position): SymbolOccurrence[] {
    const hit = this.symbolAt(file, at);
    return hit ? this.definitionsOf(hit.symbol.key) : [];
  }

  /** Find references: every reference to a symbol across the workspace, with its definitions first if asked. */
  referencesTo(key: string, includeDefinitions = true): SymbolOccurrence[] {
    const out: SymbolOccurrence[] = [];
    if (includeDefinitions) pushAll(out, this.definitionsOf(key));
    for (const f of this.files()) for (const r of this.referencesIn(f)) if (r.key === key) out.push(r);
    return out;
  }

  /** Rename: the exact ranges to replace (definitions and references), grouped by file. */
  renameRanges(key: string): Map<string, Range[]> {
    const out = new Map<string, Range[]>();
    for (const o of this.referencesTo(key, true)) {
      const list = out.get(o.file) ?? [];
      if (!list.some((r) => sameRange(r, o.range))) list.push(o.range);
      out.set(o.file, list);
    }
    return out;
  }

  // ---- diagnostics -------------------------------------------------------------------------------

  /**
   * Parse + schema + semantic diagnostics of one file, or of every file (sorted by file, then
   * position), after suppression comments. Re-checks only files whose inputs changed.
   */
  diagnostics(file?: string): Diagnostic[] {
    if (file !== undefined) return this.fileDiagnostics(file);
    const out: Diagnostic[] = [];
    for (const f of this.files()) pushAll(out, this.fileDiagnostics(f));
    return out;
  }

  /**
   * Sets the diagnostics of a file that the host computed outside the index (e.g. failing test
   * cases, LS113): they join the file's diagnostics before suppression comments apply, so one
   * pipeline finalises every diagnostic. Returns whether they changed.
   */
  setExternalDiagnostics(file: string, list: Diagnostic[]): boolean {
    const first = !this.externalSupplied.has(file);
    this.externalSupplied.add(file);
    const before = this.external.get(file) ?? [];
    if (!first && JSON.stringify(before) === JSON.stringify(list)) return false;
    if (list.length) this.external.set(file, list); else this.external.delete(file);
    const entry = this.entries.get(file);
    if (entry) entry.shown = undefined;
    return true;
  }

  /** Only the semantic diagnostics (LS040–LS099) of a file, before suppressions. */
  semanticDiagnostics(file: string): Diagnostic[] {
    return [...(this.analysis(file)?.diagnostics ?? [])];
  }

  private fileDiagnostics(file: string): Diagnostic[] {
    const entry = this.entries.get(file);
    if (!entry) return [];
    if (entry.shown && entry.analysis) return [...entry.shown];
    if (!entry.schema) {
      const schema = this.options.schema === undefined ? schemaDiagnosticsOfFile : this.options.schema;
      entry.schema = schema ? safeSchema(schema, entry.parsed) : [];
    }
    // One root cause, one diagnostic: an error at exactly a spot an earlier layer (parser,
    // schema) already flagged — e.g. a malformed duration — is left out (as validate does).
    const all = firstErrorPerRange([...entry.parsed.diagnostics, ...entry.schema, ...(this.analysis(file)?.diagnostics ?? []), ...(this.external.get(file) ?? [])]);
    const notRun = this.externalSupplied.has(file) ? undefined : RUN_CODES;
    const shown = this.options.suppressions === false ? all : applySuppressions(entry.parsed, all, notRun).diagnostics;
    // Bounded output: at most MAX_PER_CODE of one code per file, then one LS006 summary.
    entry.shown = capPerCode(shown.sort(byPosition)).sort(byPosition);
    return [...entry.shown];
  }

  // ---- internals ---------------------------------------------------------------------------------

  private analysis(file: string): Analysis | undefined {
    const entry = this.entries.get(file);
    if (!entry) return undefined;
    if (entry.analysis) return entry.analysis;
    const a: Analysis = { diagnostics: [], defs: [], refs: [], deps: new Set() };
    for (const doc of entry.parsed.docs) {
      const ctx = checkDocument(doc, this.view);
      pushAll(a.diagnostics, ctx.diagnostics);
      pushAll(a.defs, ctx.defs);
      pushAll(a.refs, ctx.refs);
      for (const d of ctx.deps) a.deps.add(d);
    }
    entry.analysis = a;
    this.analysed++;
    for (const d of a.deps) {
      let set = this.dependants.get(d);
      if (!set) this.dependants.set(d, (set = new Set()));
      set.add(file);
    }
    return a;
  }

  private indexDocs(entry: FileEntry): void {
    for (const doc of entry.parsed.docs) {
      const kind = indexKind(doc);
      if (!kind || !doc.id) continue;
      const k = `${kind}\0${doc.id}`;
      const list = this.byId.get(k) ?? [];
      list.push(doc);
      list.sort((a, b) => a.file.file.localeCompare(b.file.file) || a.index - b.index);
      this.byId.set(k, list);
      this.idCache.delete(kind);
    }
  }

  private unindex(entry: FileEntry): void {
    for (const doc of entry.parsed.docs) {
      const kind = indexKind(doc);
      if (!kind || !doc.id) continue;
      const k = `${kind}\0${doc.id}`;
      const list = (this.byId.get(k) ?? []).filter((d) => d !== doc);
      if (list.length) this.byId.set(k, list); else this.byId.delete(k);
      this.idCache.delete(kind);
    }
  }

  private dropDependencies(file: string, a: Analysis | undefined): void {
    if (!a) return;
    for (const d of a.deps) this.dependants.get(d)?.delete(file);
  }

  /** Marks the file and every file that depended on a changed key as stale. */
  private invalidate(file: string, changed: Set<string>): void {
    const stale = new Set<string>([file]);
    for (const key of changed) for (const f of this.dependants.get(key) ?? []) stale.add(f);
    for (const f of stale) {
      const e = this.entries.get(f);
      if (!e) continue;
      this.dropDependencies(f, e.analysis);
      e.analysis = undefined;
      e.shown = undefined;
    }
  }
}

/**
 * Per definition key, what other documents can see of the definitions this file holds: the
 * position of the id (for "also defined at" messages) and the parts that references read — a
 * catalog's fields and events, an ICP's tier ids, a model's grades and bands. Editing a rule's
 * points or a description changes none of it, so no other file is re-checked.
 */
function signaturesOf(parsed: ParsedFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of parsed.docs) {
    const kind = indexKind(doc);
    if (!kind || !doc.id) continue;
    const key = defDep(kind, doc.id);
    out.set(key, (out.get(key) ?? '') + '\0' + exported(doc));
  }
  return out;
}

/**
 * The kind a definition is indexed under: its `kind`, or for a misspelt kind (`kind: icpp`,
 * LS013 at the word) the one kind it is closest to, so that references to its id do not all
 * fail too (one root cause, one diagnostic). Its own checks still need the kind fixed.
 */
function indexKind(doc: LeadspecDoc): string | undefined {
  if (!doc.kind || (KINDS as readonly string[]).includes(doc.kind)) return doc.kind;
  const near = suggest(doc.kind, KINDS, 2);
  return near.length === 1 ? near[0] : undefined;
}

function exported(doc: LeadspecDoc): string {
  const v = doc.value && typeof doc.value === 'object' ? doc.value : {};
  const idNode = nodeAtPath(doc, ['id'])?.value;
  const at = idNode?.range ? `${idNode.range[0]}-${idNode.range[1]}` : '';
  const ids = (list: unknown) => (Array.isArray(list) ? list.map((x: any) => (x && typeof x === 'object' ? x.id : undefined)) : null);
  let shape: unknown = null;
  try {
    switch (doc.kind) {
      case 'fields': {
        const c = catalogOf(doc);
        shape = [[...c.fields.values()].map((f) => [f.name, f.type, f.values]), [...c.events.values()].map((e) => [e.name, [...e.properties]])];
        break;
      }
      case 'icp': shape = ids(v.tiers); break;
      case 'scoring': shape = [ids(v.grades), v.matrix && typeof v.matrix === 'object' ? [ids(v.matrix.fit), ids(v.matrix.engagement)] : null]; break;
      default: shape = null; // nothing else in these kinds is read by other documents
    }
  } catch { shape = doc.file.text; } // an odd value: fall back to "anything may have changed"
  // A syntax error elsewhere in the definition changes what others may conclude from it.
  return `${at}|${isBroken(doc) ? 'broken|' : ''}${JSON.stringify(shape)}`;
}

/** Keys whose exported signature changed, plus `kind:<k>` when the set of ids of a kind changed. */
function changedKeys(before: Map<string, string> | undefined, after: Map<string, string>): Set<string> {
  const out = new Set<string>();
  const b = before ?? new Map<string, string>();
  for (const [k, v] of after) if (b.get(k) !== v) out.add(k);
  for (const k of b.keys()) if (!after.has(k)) out.add(k);
  for (const k of [...out]) {
    if (b.has(k) !== after.has(k)) out.add(kindDep(k.split(':')[1]));
  }
  return out;
}

function safeSchema(schema: (f: ParsedFile) => Diagnostic[], f: ParsedFile): Diagnostic[] {
  try { return schema(f); } catch (e) {
    return [{ file: f.file, code: 'LS099', severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `internal error while checking the shape of this file (${e instanceof Error ? e.message : String(e)}); please report it` }];
  }
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** Keeps the first error on each exact range; warnings and infos are never dropped. */
function firstErrorPerRange(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    if (d.severity !== 'error') return true;
    const k = rangeKey(d.range);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const sameRange = (a: Range, b: Range) => rangeKey(a) === rangeKey(b);
const rangeKey = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    || a.code.localeCompare(b.code);
}
