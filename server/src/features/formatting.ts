// Formatting that keeps comments: yaml's Document.toString re-emits the AST with its comments.
// Only leadspec files without YAML errors are formatted (never guess at broken text).
import { parseAllDocuments, visit, isMap, isSeq, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit } from 'vscode-languageserver';
import { looksLikeLeadspec } from '../core/parse.js';

export interface FormatOptions { tabSize: number }

/** The whole-file edit that formats `text`, or [] when there is nothing (safe) to change. */
export function formatText(text: string, opts: FormatOptions = { tabSize: 2 }): TextEdit[] {
  if (!looksLikeLeadspec(text)) return [];
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return [];
  const indent = Math.max(1, Math.min(8, opts.tabSize || 2));
  for (const d of docs) visit(d, { Map: (_, n) => { if (n.flow) padFlow(n, true); }, Seq: (_, n) => { if (n.flow) padFlow(n, false); } });
  const out = docs.map((d) => d.toString({ indent, lineWidth: 0 })).join('');
  if (out === text) return [];
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return [{ range: { start: { line: 0, character: 0 }, end }, newText: out }];
}

/**
 * The house style of SPEC.md: `{ id: a, points: 5 }` but `[SaaS, Fintech]`. yaml has one padding
 * option for both, so each flow node stringifies itself with the padding its kind wants.
 */
function padFlow(node: YAMLMap | YAMLSeq, padding: boolean): void {
  const base = isMap(node) ? YAMLMap.prototype.toString : isSeq(node) ? YAMLSeq.prototype.toString : undefined;
  if (!base) return;
  (node as any).toString = function (ctx?: any, onComment?: () => void, onChompKeep?: () => void) {
    const c = ctx ? { ...ctx, flowCollectionPadding: padding ? ' ' : '' } : ctx;
    return base.call(this, c, onComment, onChompKeep);
  };
}
