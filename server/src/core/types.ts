// Shared vocabulary of the pure core: positions, ranges, diagnostics and quick fixes.
// Positions are 0-based (line, character) like LSP; renderers convert to 1-based for humans.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit { file?: string; range: Range; newText: string }

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The single obvious fix (e.g. the only did-you-mean candidate). */
  preferred?: boolean;
}

export interface RelatedInfo { file: string; range: Range; message: string }

export interface Diagnostic {
  /** Stable code, e.g. 'LS012'. See core/codes.ts. */
  code: string;
  severity: Severity;
  /** A sentence a RevOps analyst understands; says what to do where possible. */
  message: string;
  range: Range;
  /** The file the diagnostic belongs to (path or URI, as given to the parser). */
  file: string;
  related?: RelatedInfo[];
  fixes?: Fix[];
  /** On an LS006 summary: how many diagnostics of which code it stands for (core/check/bounded.ts). */
  more?: { code: string; count: number };
}

export const zeroRange: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
