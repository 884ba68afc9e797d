// Code actions: the diagnostics' own fixes (did-you-mean replacements…), plus the refactorings
// a model needs often: add the missing catch-all tier or grade, sort grades by `min`.
import { CodeActionKind, type CodeAction, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { isSeq, type Node } from 'yaml';
import type { LeadspecHost } from './host.js';
import type { Diagnostic, Range, TextEdit } from '../core/types.js';
import { nodeAtPath, offsetAt, positionAt, type LeadspecDoc, type ParsedFile } from '../core/syntax/parse.js';
import { pathToUri } from './uri.js';
import { toLspDiagnostic } from './diagnostics.js';

const overlaps = (a: Range, b: Range) =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character)
    || b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

export function codeActions(host: LeadspecHost, file: string, range: Range, only?: string[]): CodeAction[] {
  const ws = host.index();
  const f = ws.parsed(file);
  if (!f) return [];
  const out: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of ws.diagnostics(file)) {
      if (!overlaps(d.range, range)) continue;
      for (const fix of d.fixes ?? []) {
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [toLspDiagnostic(d)], isPreferred: fix.preferred, edit: toWorkspaceEdit(file, fix.edits) });
      }
    }
  }
  for (const doc of f.docs) {
    if (!inDoc(f, doc, range)) continue;
    const diags = ws.diagnostics(file).filter((d) => overlaps(d.range, doc.range));
    if (doc.kind === 'icp') out.push(...catchAllTier(f, doc, diags));
    if (doc.kind === 'scoring') out.push(...gradeActions(f, doc, diags));
  }
  return out.filter((a) => wants(a.kind ?? ''));
}

function inDoc(f: ParsedFile, doc: LeadspecDoc, range: Range): boolean {
  const o = offsetAt(f, range.start);
  return !!doc.yaml.range && doc.yaml.range[0] <= o && o <= doc.yaml.range[2];
}

function toWorkspaceEdit(file: string, edits: TextEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) (changes[pathToUri(e.file ?? file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

/** Text to insert after the last item of a block sequence, as a new item like the others. */
function appendItem(f: ParsedFile, seq: Node, item: string): TextEdit | undefined {
  if (!isSeq(seq) || seq.items.length === 0) return undefined;
  const last = seq.items[seq.items.length - 1] as Node;
  if (!last?.range) return undefined;
  const lastEnd = positionAt(f, last.range[1]);
  if (seq.flow) return { range: { start: lastEnd, end: lastEnd }, newText: `, ${item}` };
  const first = seq.items[0] as Node;
  const firstPos = positionAt(f, first.range![0]);
  const lineStart = offsetAt(f, { line: firstPos.line, character: 0 });
  const prefix = f.text.slice(lineStart, offsetAt(f, firstPos)); // e.g. "  - "
  const eol = { line: lastEnd.line, character: lineEndChar(f, lastEnd.line) };
  return { range: { start: eol, end: eol }, newText: `\n${prefix}${item}` };
}

function lineEndChar(f: ParsedFile, line: number): number {
  const start = offsetAt(f, { line, character: 0 });
  const nl = f.text.indexOf('\n', start);
  return (nl < 0 ? f.text.length : nl) - start;
}

const ids = (list: unknown) => new Set((Array.isArray(list) ? list : []).map((x: any) => String(x?.id)));

function freshId(taken: Set<string>, candidates: string[]): string {
  for (const c of candidates) if (!taken.has(c)) return c;
  let i = 2;
  while (taken.has(`${candidates[0]}-${i}`)) i++;
  return `${candidates[0]}-${i}`;
}

function catchAllTier(f: ParsedFile, doc: LeadspecDoc, diags: Diagnostic[]): CodeAction[] {
  const tiers = doc.value?.tiers;
  if (!Array.isArray(tiers) || tiers.length === 0 || tiers.some((t: any) => t && typeof t === 'object' && t.when === undefined)) return [];
  const seq = nodeAtPath(doc, ['tiers'])?.value;
  if (!seq) return [];
  const id = freshId(ids(tiers), ['other', 'rest', 'catch-all']);
  const edit = appendItem(f, seq, `{ id: ${id} }`);
  if (!edit) return [];
  return [{ title: `Add a catch-all tier '${id}' (every other matching lead)`, kind: CodeActionKind.QuickFix, diagnostics: diags.filter((d) => d.code === 'LS060').map(toLspDiagnostic), edit: toWorkspaceEdit(f.file, [edit]) }];
}

function gradeActions(f: ParsedFile, doc: LeadspecDoc, diags: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const lists: [string[], string][] = [[['grades'], 'grade'], [['matrix', 'fit'], 'fit band'], [['matrix', 'engagement'], 'engagement band']];
  for (const [path, label] of lists) {
    const list = path.reduce((o: any, k) => o?.[k], doc.value);
    if (!Array.isArray(list) || list.length === 0) continue;
    const seq = nodeAtPath(doc, path)?.value;
    if (!isSeq(seq)) continue;
    const related = diags.filter((d) => ['LS065', 'LS066', 'LS067'].includes(d.code)).map(toLspDiagnostic);
    // A catch-all: the last grade must have no `min`.
    if (!list.some((g: any) => g && typeof g === 'object' && g.min === undefined)) {
      const id = freshId(ids(list), label === 'grade' ? [nextLetter(list), 'other'] : [String(list.length + 1), 'other']);
      const edit = appendItem(f, seq, `{ id: ${id} }`);
      if (edit) out.push({ title: `Add a catch-all ${label} '${id}' (no min)`, kind: CodeActionKind.QuickFix, diagnostics: related, edit: toWorkspaceEdit(f.file, [edit]) });
    }
    // Sort by `min`, highest first; items without `min` last (stable).
    const order = list.map((g: any, i: number) => ({ i, min: typeof g?.min === 'number' ? g.min : -Infinity }));
    const sorted = [...order].sort((a, b) => b.min - a.min || a.i - b.i);
    if (sorted.some((s, k) => s.i !== k) && seq.items.every((n) => (n as Node)?.range)) {
      const texts = seq.items.map((n) => f.text.slice((n as Node).range![0], (n as Node).range![1]));
      const edits: TextEdit[] = seq.items.flatMap((n, k) => sorted[k].i === k ? [] : [{ range: { start: positionAt(f, (n as Node).range![0]), end: positionAt(f, (n as Node).range![1]) }, newText: texts[sorted[k].i] }]);
      out.push({ title: `Sort ${label}s by min, highest first`, kind: related.length ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite, diagnostics: related, edit: toWorkspaceEdit(f.file, edits) });
    }
  }
  return out;
}

function nextLetter(list: any[]): string {
  const letters = list.map((g) => String(g?.id ?? '')).filter((s) => /^[A-Y]$/.test(s)).sort();
  return letters.length ? String.fromCharCode(letters[letters.length - 1].charCodeAt(0) + 1) : 'Z';
}

