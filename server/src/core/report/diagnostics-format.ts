// Renders diagnostics for people and machines (SPEC §8): compiler-style text, the JSON of
// `validate --format json`, SARIF 2.1.0 for code scanning, and GitHub workflow commands.
// Lines and columns are 1-based in every output; an end column points just past the range.
import { allCodes } from '../codes.js';
import type { Diagnostic, Severity } from '../types.js';
import { fnv1a } from '../data/id-table.js';

export type DiagnosticsFormat = 'text' | 'json' | 'sarif' | 'github';
export const DIAGNOSTICS_FORMATS: DiagnosticsFormat[] = ['text', 'json', 'sarif', 'github'];

export interface DiagnosticsReport {
  diagnostics: Diagnostic[];
  /** How many leadspec files were checked. */
  files: number;
  /** Diagnostics hidden by suppression comments, and how many such comments exist. */
  suppressed?: number;
  suppressions?: number;
}

export interface FormatOptions {
  /** How a diagnostic's file is shown (e.g. relative to the current directory, `/` separators). */
  displayPath?: (file: string) => string;
  toolVersion?: string;
}

export interface JsonDiagnostic {
  file: string; line: number; column: number; endLine: number; endColumn: number;
  severity: Severity; code: string; message: string;
}

export function formatDiagnostics(report: DiagnosticsReport, format: DiagnosticsFormat, opts: FormatOptions = {}): string {
  switch (format) {
    case 'text': return formatText(report, opts);
    case 'json': return JSON.stringify(toJson(report, opts), null, 2) + '\n';
    case 'sarif': return JSON.stringify(toSarif(report, opts), null, 2) + '\n';
    case 'github': return formatGithub(report, opts);
  }
}

const show = (opts: FormatOptions, file: string) => (opts.displayPath ? opts.displayPath(file) : file);

function oneBased(d: Diagnostic) {
  return { line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 };
}

export function toJson(report: DiagnosticsReport, opts: FormatOptions = {}): { files: number; diagnostics: JsonDiagnostic[] } {
  return {
    files: report.files,
    diagnostics: report.diagnostics.map((d) => ({
      file: show(opts, d.file), ...oneBased(d), severity: d.severity, code: d.code, message: d.message,
    })),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The closing line: counts by severity, files, and suppressions. */
export function summaryLine(report: DiagnosticsReport): string {
  const count = (s: Severity) => report.diagnostics.filter((d) => d.severity === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  const infos = count('info');
  if (infos) parts.push(plural(infos, 'info'));
  let line = `${parts.join(', ')} in ${plural(report.files, 'file')}`;
  if (report.suppressions) line += `; ${plural(report.suppressed ?? 0, 'diagnostic')} suppressed by ${plural(report.suppressions, 'comment')}`;
  return line;
}

function formatText(report: DiagnosticsReport, opts: FormatOptions): string {
  const lines = report.diagnostics.map((d) => {
    const p = oneBased(d);
    return `${show(opts, d.file)}:${p.line}:${p.column}: ${d.severity} ${d.code} ${d.message}`;
  });
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

// ---- GitHub workflow commands ----------------------------------------------------------------
// https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function formatGithub(report: DiagnosticsReport, opts: FormatOptions): string {
  const lines = report.diagnostics.map((d) => {
    const p = oneBased(d);
    const props = [`file=${escapeProperty(show(opts, d.file))}`, `line=${p.line}`, `col=${p.column}`,
      `endLine=${p.endLine}`, `endColumn=${p.endColumn}`, `title=${escapeProperty(d.code)}`];
    return `::${GITHUB_LEVEL[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
  });
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

// ---- SARIF 2.1.0 -------------------------------------------------------------------------------
const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(report: DiagnosticsReport, opts: FormatOptions = {}): Record<string, unknown> {
  const codes = allCodes();
  // Codes met in the results but not registered (should not happen) still get a rule.
  for (const d of report.diagnostics) {
    if (!codes.some((c) => c.code === d.code)) codes.push({ code: d.code, name: d.code.toLowerCase(), severity: d.severity, summary: d.code, fix: '' });
  }
  const index = new Map(codes.map((c, i) => [c.code, i]));
  const rules = codes.map((c) => ({
    id: c.code,
    name: c.name.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.summary },
    fullDescription: { text: `${c.summary} ${c.fix}`.trim() },
    help: { text: c.fix || c.summary, markdown: `**${c.code} ${c.name}** — ${c.summary}\n\nHow to fix: ${c.fix}` },
    defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
    properties: { tags: ['leadspec'], 'problem.severity': c.severity === 'info' ? 'recommendation' : c.severity },
  }));
  const results = report.diagnostics.map((d) => {
    const p = oneBased(d);
    const shown = show(opts, d.file).replace(/\\/g, '/');
    // Relative paths resolve against the checkout (%SRCROOT%); absolute ones become file URIs.
    const uri = shown.startsWith('/') ? `file://${encodeURI(shown)}` : shown;
    return {
      ruleId: d.code,
      ruleIndex: index.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [{
        physicalLocation: {
          artifactLocation: isAbsoluteUri(uri) ? { uri } : { uri, uriBaseId: '%SRCROOT%' },
          region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
        },
      }],
      partialFingerprints: { 'leadspecDiagnostic/v1': fingerprint(`${uri}|${d.code}|${d.message}`) },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'leadspec',
          informationUri: 'https://github.com/leadspec/leadspec',
          version: opts.toolVersion ?? '0.1.0',
          semanticVersion: opts.toolVersion ?? '0.1.0',
          rules,
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

const isAbsoluteUri = (u: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(u);

/** A stable hash (FNV-1a, 32 bit, hex) so code scanning tracks an alert across commits. */
function fingerprint(s: string): string {
  return fnv1a(s).toString(16).padStart(8, '0');
}
