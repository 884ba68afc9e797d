// Suppression comments (SPEC §10):
//   # leadspec-disable-next-line CODE[, CODE…] -- reason   (the line before the diagnostic)
//   # leadspec-disable CODE[, CODE…] -- reason             (at the top of a document)
// The reason is required; a suppression that suppresses nothing is itself a warning.
import { registerCodes, codeInfo, allCodes, type CodeInfo } from '../codes.js';
import { positionAt, type ParsedFile } from '../syntax/parse.js';
import type { Diagnostic, Range } from '../types.js';

export const SUPPRESSION_CODES: CodeInfo[] = [
  { code: 'LS100', name: 'suppression-without-reason', severity: 'error', summary: 'A suppression comment must say why, after ` -- `.', fix: 'Append ` -- <why this is fine>` to the comment.' },
  { code: 'LS101', name: 'unused-suppression', severity: 'warning', summary: 'A suppression comment suppresses nothing.', fix: 'Remove the comment, or correct its code or its line.' },
  { code: 'LS102', name: 'misplaced-suppression', severity: 'warning', summary: '`leadspec-disable` only works at the top of a document.', fix: 'Move it above the first key, or use `leadspec-disable-next-line` on the line before.' },
  { code: 'LS103', name: 'unknown-suppression-code', severity: 'warning', summary: 'A suppression names a diagnostic code that does not exist.', fix: 'Use a code from the Diagnostics table, e.g. LS041.' },
];
registerCodes(SUPPRESSION_CODES);

/** Codes that a suppression may never hide (they are about suppressions themselves). */
const UNSUPPRESSIBLE = new Set(SUPPRESSION_CODES.map((c) => c.code));

export interface Suppression {
  kind: 'next-line' | 'document';
  codes: string[];
  reason: string;
  /** Range of the comment. */
  range: Range;
  /** Lines (0-based, inclusive) the suppression covers. */
  fromLine: number;
  toLine: number;
  used: number;
}

export interface SuppressionOutcome {
  diagnostics: Diagnostic[];
  /** How many diagnostics were suppressed. */
  suppressed: number;
  /** How many suppression comments the file holds. */
  suppressions: Suppression[];
}

const COMMENT = /^(\s*)#\s*leadspec-disable(-next-line)?\b(.*)$/;

/** Normalises `LS012` or `unknown-field` to the code; undefined when unknown. */
function resolveCode(token: string): string | undefined {
  const t = token.trim();
  if (/^LS\d{3}$/i.test(t)) return codeInfo(t.toUpperCase()) ? t.toUpperCase() : undefined;
  return allCodes().find((c) => c.name === t)?.code;
}

export function findSuppressions(file: ParsedFile): { suppressions: Suppression[]; problems: Diagnostic[] } {
  const suppressions: Suppression[] = [];
  const problems: Diagnostic[] = [];
  const lines = file.text.split(/\r?\n/);
  const docs = file.docs.map((d) => {
    const c = d.yaml.contents as { range?: [number, number, number] } | null;
    const contentLine = c?.range ? positionAt(file, c.range[0]).line : d.range.start.line;
    return { startLine: contentLine, endLine: d.range.end.line };
  });
  let offset = 0;
  lines.forEach((line, i) => {
    const lineStart = offset;
    offset += line.length + (file.text[offset + line.length] === '\r' ? 2 : 1);
    const m = COMMENT.exec(line);
    if (!m) return;
    const range: Range = { start: { line: i, character: m[1].length }, end: { line: i, character: line.length } };
    const kind = m[2] ? 'next-line' : 'document';
    const [codesPart, ...reasonParts] = m[3].split(/\s--\s?|\s--$/);
    const reason = reasonParts.join(' -- ').trim();
    const tokens = codesPart.split(/[,\s]+/).filter(Boolean);
    const codes: string[] = [];
    for (const t of tokens) {
      const c = resolveCode(t);
      if (c) codes.push(c);
      else problems.push({ file: file.file, code: 'LS103', severity: 'warning', range,
        message: `'${t}' is not a leadspec diagnostic code; write a code such as LS041 (see the Diagnostics table)` });
    }
    if (!reason) {
      problems.push({ file: file.file, code: 'LS100', severity: 'error', range,
        message: `this suppression needs a reason: append ' -- <why this is fine>'` });
    }
    if (codes.length === 0) return;
    void lineStart;
    if (kind === 'next-line') {
      suppressions.push({ kind, codes, reason, range, fromLine: i + 1, toLine: i + 1, used: 0 });
    } else {
      // At the top of a document: after the previous document and before this one's first key.
      const idx = docs.findIndex((d, k) => i < d.startLine && (k === 0 || i > docs[k - 1].endLine - 1));
      if (idx < 0) {
        problems.push({ file: file.file, code: 'LS102', severity: 'warning', range,
          message: '`leadspec-disable` only works at the top of a document; move it above the first key, or use `leadspec-disable-next-line` on the line before' });
        return;
      }
      suppressions.push({ kind, codes, reason, range, fromLine: docs[idx].startLine, toLine: docs[idx].endLine, used: 0 });
    }
  });
  return { suppressions, problems };
}

/**
 * Applies a file's suppression comments to its diagnostics. `notChecked`: codes the caller does
 * not compute (e.g. `leadspec validate` does not run test cases, LS113), so a suppression naming
 * only such codes cannot be judged unused there.
 */
export function applySuppressions(file: ParsedFile, diagnostics: Diagnostic[], notChecked: ReadonlySet<string> = new Set()): SuppressionOutcome {
  const { suppressions, problems } = findSuppressions(file);
  if (suppressions.length === 0 && problems.length === 0) return { diagnostics, suppressed: 0, suppressions };
  const kept: Diagnostic[] = [];
  let suppressed = 0;
  for (const d of diagnostics) {
    const line = d.range.start.line;
    const s = UNSUPPRESSIBLE.has(d.code) ? undefined
      : suppressions.find((x) => line >= x.fromLine && line <= x.toLine && (x.codes.includes(d.code) || (d.more !== undefined && x.codes.includes(d.more.code))));
    if (s) { s.used++; suppressed++; } else kept.push(d);
  }
  for (const s of suppressions) {
    if (s.used === 0 && !s.codes.every((c) => notChecked.has(c))) {
      kept.push({ file: file.file, code: 'LS101', severity: 'warning', range: s.range,
        message: `this suppression of ${s.codes.join(', ')} suppresses nothing; remove it, or correct its code or its line`,
        fixes: [{ title: 'Remove the unused suppression', preferred: true,
          edits: [{ range: { start: { line: s.range.start.line, character: 0 }, end: { line: s.range.start.line + 1, character: 0 } }, newText: '' }] }] });
    }
  }
  for (const p of problems) kept.push(p);
  return { diagnostics: kept, suppressed, suppressions };
}
