// The registry of diagnostic codes. Each code is stable: never reuse or renumber one.
// Ranges by area: LS001–LS009 parsing, LS010–LS039 schema, LS040–LS099 semantic checks,
// LS100–LS119 tests and suppressions. Each area declares its codes in its own module and
// they are collected here, so the table of docs/diagnostics.md and the LSP share one source.
import type { Severity } from './types.js';

export interface CodeInfo {
  code: string;
  name: string;
  severity: Severity;
  /** What it means, in one sentence. */
  summary: string;
  /** How to fix it, in one sentence. */
  fix: string;
}

export const PARSE_CODES: CodeInfo[] = [
  { code: 'LS001', name: 'yaml-syntax', severity: 'error', summary: 'The file is not valid YAML.', fix: 'Fix the YAML at the position shown (indentation, quotes, brackets).' },
  { code: 'LS002', name: 'duplicate-key', severity: 'error', summary: 'A mapping holds the same key twice; YAML keeps only one of them.', fix: 'Remove or rename one of the two keys.' },
  { code: 'LS003', name: 'alias-limit', severity: 'error', summary: 'YAML aliases expand to too many nodes (an "alias bomb").', fix: 'Write the values out instead of nesting aliases.' },
  { code: 'LS004', name: 'tab-indent', severity: 'error', summary: 'YAML does not allow tabs for indentation.', fix: 'Indent with spaces.' },
  { code: 'LS005', name: 'unsupported-version', severity: 'error', summary: 'Only `leadspec: v1` exists.', fix: 'Write `leadspec: v1`.' },
];

const registry = new Map<string, CodeInfo>();
export function registerCodes(list: CodeInfo[]): void {
  for (const c of list) {
    const prev = registry.get(c.code);
    if (prev && prev.name !== c.name) throw new Error(`diagnostic code ${c.code} declared twice (${prev.name}, ${c.name})`);
    registry.set(c.code, c);
  }
}
registerCodes(PARSE_CODES);

export function codeInfo(code: string): CodeInfo | undefined { return registry.get(code); }
export function allCodes(): CodeInfo[] { return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code)); }
