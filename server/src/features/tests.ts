// Expectations in the editor (SPEC §9): every `kind: test` case is run against the current
// definitions (open editors included) once per change; failing cases become diagnostics on the
// failing expectation (LS113, merged into the workspace's diagnostics so suppression comments
// apply to them too), each case gets a "▶ run / ✓ passed / ✗ failed" code lens, and the
// `leadspec/tests` request hands the cases and their results to the client's Test Explorer.
import type { CodeLens } from 'vscode-languageserver';
import type { Node } from 'yaml';
import type { LeadspecHost } from './host.js';
import type { Samples } from './samples.js';
import { pathToUri } from './uri.js';
import { nodeAtPath, rangeOfNode, type LeadspecDoc } from '../core/syntax/parse.js';
import { compileProject, definitionsOf, type CompiledProject } from '../core/eval/simulate.js';
import {
  caseFailureDetails, describeActual, describeExpected, failureText, runTest, type CaseOutcome, type TestOutcome,
} from '../core/eval/expectations.js';
import { definitionErrors, gateTestsText } from './gate.js';
import { suggest } from '../core/check/suggest.js';
import type { TestDef } from '../core/model.js';
import type { Lead } from '../core/results.js';
import type { Diagnostic, Range } from '../core/types.js';

/** The command the "▶ run" lenses invoke (registered by the client's Test Explorer). */
export const RUN_TESTS_COMMAND = 'leadspec.runTests';
/** The custom request the client's Test Explorer sends: `{ uri?: string }` → TestFileInfo[]. */
export const TESTS_REQUEST = 'leadspec/tests';

export interface CaseInfo {
  index: number;
  name: string;
  /** The case's first line (where the lens sits and the Test Explorer points). */
  range: Range;
  status: 'passed' | 'failed' | 'error';
  lead?: string;
  /** Failure details: each failed expectation, then the explanation of the actual score. */
  message?: string;
  /** The first failed expectation, for the Test Explorer's expected/actual diff. */
  expected?: string;
  actual?: string;
  durationMs: number;
}

export interface TestInfo {
  uri: string;
  id: string;
  range: Range;
  as_of: string;
  cases: CaseInfo[];
}

interface Entry { doc: LeadspecDoc; outcome: TestOutcome }

export class TestRunner {
  private gen = -1;
  private trusted: boolean | undefined;
  private entries: Entry[] = [];
  /** Files that received test diagnostics at the last refresh (to clear them when tests go away). */
  private withDiagnostics = new Set<string>();
  /** The sample lead ids of the last run, when it loaded them (for did-you-mean on `sample:`). */
  private sampleIds: string[] | undefined;

  constructor(private readonly host: LeadspecHost, private readonly samples: Samples) {}

  /** Re-runs every test when anything changed since the last run; returns the runs. */
  run(): Entry[] {
    const ws = this.host.index();
    if (this.gen === this.host.generation && this.trusted === this.host.trusted) return this.entries;
    const docs = ws.docsByKind('test');
    this.entries = [];
    // The gate (core/gate.ts), as `leadspec test` passes it: cases run against definitions with
    // errors would pass or fail for the wrong reason (a `pionts` typo passes a case), so none runs.
    // A file over 1 MB is not in this index (host.ts): cases would run without its definitions.
    const large = this.host.largeFiles()[0];
    const gate = !docs.length ? undefined : large !== undefined ? { large } : definitionErrors(ws.diagnostics());
    const refused = gate && gateTestsText(gate, this.host.roots[0]);
    if (refused) for (const doc of docs) this.entries.push({ doc, outcome: notRun(doc, refused) });
    else if (docs.length) {
      const usesSamples = docs.some((d) => Array.isArray(d.value?.cases) && d.value.cases.some((c: any) => c && typeof c === 'object' && c.sample != null));
      const cp: CompiledProject = compileProject(definitionsOf(this.host.files()));
      // Sample leads are parsed (once per data change), never simulated here: cases look them up by id.
      const loaded = usesSamples ? this.samples.leadsFor(cp) : {};
      const sampleMap = loaded.leads ? new Map<string, Lead>(loaded.leads.map((l) => [l.id, l])) : undefined;
      this.sampleIds = sampleMap ? [...sampleMap.keys()] : undefined;
      for (const doc of docs) {
        const caseLines = caseItems(doc).map((n) => (n ? rangeOfNode(doc.file, n)!.start.line + 1 : doc.range.start.line + 1));
        const outcome = runTest(doc.value as TestDef, cp, { samples: sampleMap, samplesProblem: loaded.problem, file: doc.file.file, caseLines });
        this.entries.push({ doc, outcome });
      }
    }
    this.gen = this.host.generation;
    this.trusted = this.host.trusted;
    return this.entries;
  }

  private timer: NodeJS.Timeout | undefined;

  /**
   * Runs the tests shortly after the last change (off the path of the diagnostics of the file
   * being typed in), then calls `changed` with the files whose test diagnostics changed.
   */
  refreshSoon(changed: (files: string[]) => void, delayMs = 100): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; const files = this.refresh(); if (files.length) changed(files); }, delayMs);
  }

  /** Runs the tests if needed and hands their diagnostics to the workspace index; returns the files whose diagnostics changed. */
  refresh(): string[] {
    const byFile = new Map<string, Diagnostic[]>();
    try {
      for (const e of this.run()) {
        const list = byFile.get(e.doc.file.file) ?? [];
        list.push(...caseDiagnostics(e, this.sampleIds));
        byFile.set(e.doc.file.file, list);
      }
    } catch {
      // A bug in a test run must not stop the other diagnostics: the static checks still show.
      byFile.clear();
    }
    const ws = this.host.ws;
    const changed: string[] = [];
    for (const f of this.withDiagnostics) if (!byFile.has(f) && ws.setExternalDiagnostics(f, [])) changed.push(f);
    for (const [f, list] of byFile) if (ws.setExternalDiagnostics(f, list)) changed.push(f);
    this.withDiagnostics = new Set(byFile.keys());
    return changed;
  }

  dispose(): void { if (this.timer) clearTimeout(this.timer); }

  /** The files holding tests (to re-check them when sample data changes). */
  files(): string[] { return [...new Set(this.entries.map((e) => e.doc.file.file))]; }

  /** Lenses on each test ("▶ run all · 2 passed, 1 failed") and each case ("▶ run", "✓ passed", "✗ failed: …"). */
  lenses(file: string): CodeLens[] {
    if (!this.host.settings.codeLensEnable) return [];
    const out: CodeLens[] = [];
    const uri = pathToUri(file);
    for (const e of this.run()) {
      if (e.doc.file.file !== file) continue;
      const idRange = rangeOfNode(e.doc.file, nodeAtPath(e.doc, ['id'])?.value ?? undefined) ?? e.doc.range;
      const cs = e.outcome.cases;
      const passed = cs.filter((c) => c.status === 'passed').length, failed = cs.filter((c) => c.status === 'failed').length;
      const errors = cs.length - passed - failed;
      out.push({ range: idRange, command: { title: '▶ run all', command: RUN_TESTS_COMMAND, arguments: [uri, e.outcome.id] } });
      out.push({ range: idRange, command: { title: `${passed} passed, ${failed} failed${errors ? `, ${errors} cannot run` : ''}`, command: '' } });
      const items = caseItems(e.doc);
      for (const c of cs) {
        const r = lineRange(e.doc, items[c.index]);
        if (!r) continue;
        out.push({ range: r, command: { title: '▶ run', command: RUN_TESTS_COMMAND, arguments: [uri, e.outcome.id, c.index] } });
        out.push({ range: r, command: { title: statusTitle(c), command: '' } });
      }
    }
    return out;
  }

  /** Every test (of one file, or of the workspace) with its cases and their latest results. */
  describe(uri?: string): TestInfo[] {
    const out: TestInfo[] = [];
    for (const e of this.run()) {
      const fileUri = pathToUri(e.doc.file.file);
      if (uri !== undefined && uri !== fileUri) continue;
      const items = caseItems(e.doc);
      out.push({
        uri: fileUri,
        id: e.outcome.id,
        range: rangeOfNode(e.doc.file, nodeAtPath(e.doc, ['id'])?.value ?? undefined) ?? e.doc.range,
        as_of: e.outcome.as_of,
        cases: e.outcome.cases.map((c) => {
          const first = c.expectations.find((x) => !x.passed && !x.problem);
          return {
            index: c.index, name: c.name, range: lineRange(e.doc, items[c.index]) ?? e.doc.range, status: c.status, lead: c.lead,
            message: c.status === 'passed' ? undefined : caseFailureDetails(c).join('\n'),
            expected: first ? describeExpected(first.expected) : undefined,
            actual: first ? describeActual(first) : undefined,
            durationMs: c.durationMs,
          };
        }),
      });
    }
    return out;
  }

}

/** Every case of a test, not run (status 'error', no code: the static diagnostics say why). */
function notRun(doc: LeadspecDoc, why: string): TestOutcome {
  const cases = Array.isArray(doc.value?.cases) ? doc.value.cases : [];
  return {
    id: String(doc.value?.id ?? ''), as_of: '',
    cases: cases.map((c: any, index: number) => ({
      index, name: c && typeof c === 'object' && typeof c.name === 'string' ? c.name : `case ${index + 1}`,
      status: 'error' as const, error: why, expectations: [], warnings: [], durationMs: 0,
    })),
  };
}

function statusTitle(c: CaseOutcome): string {
  if (c.status === 'passed') return '✓ passed';
  if (c.status === 'error') return `✗ cannot run: ${c.error ?? ''}`;
  const first = c.expectations.find((e) => !e.passed);
  return `✗ failed${first ? `: ${failureText(first)}` : ''}`;
}

/** The YAML node of each case (undefined where the sequence has a gap). */
function caseItems(doc: LeadspecDoc): (Node | undefined)[] {
  const cases = Array.isArray(doc.value?.cases) ? doc.value.cases : [];
  return cases.map((_: unknown, i: number) => nodeAtPath(doc, ['cases', i])?.value ?? undefined);
}

/** The first line of a node: where a lens sits (a whole case would span many lines). */
function lineRange(doc: LeadspecDoc, node: Node | null | undefined): Range | undefined {
  const r = rangeOfNode(doc.file, node);
  if (!r) return undefined;
  return r.start.line === r.end.line ? r : { start: r.start, end: { line: r.start.line, character: lineLength(doc, r.start.line) } };
}

function lineLength(doc: LeadspecDoc, line: number): number {
  const starts = doc.file.lineCounter.lineStarts;
  const from = starts[line] ?? 0, to = line + 1 < starts.length ? starts[line + 1] : doc.file.text.length;
  return doc.file.text.slice(from, to).replace(/\r?\n$/, '').length;
}

/**
 * What a run adds to the static checks: failing expectations (LS113), unknown sample ids
 * (LS105), cases that cannot run (LS115) and problems of inline leads' values (LS114).
 * Problems the static checks already report (LS104, unknown models…) are not repeated.
 */
export function caseDiagnostics(e: Entry, sampleIds?: string[]): Diagnostic[] {
  const { doc, outcome } = e;
  const file = doc.file.file;
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], key = false): Range | undefined => {
    const hit = nodeAtPath(doc, path);
    if (!hit) return undefined;
    return (key ? rangeOfNode(doc.file, hit.key) : undefined) ?? rangeOfNode(doc.file, hit.value ?? undefined) ?? rangeOfNode(doc.file, hit.key);
  };
  for (const c of outcome.cases) {
    const base = ['cases', c.index];
    const caseRange = at([...base, 'name']) ?? lineRange(doc, nodeAtPath(doc, base)?.value) ?? doc.range;
    if (c.status === 'error' && (c.errorCode === 'LS105' || c.errorCode === 'LS115')) {
      const range = c.errorCode === 'LS115' && c.lead ? at(['as_of']) ?? caseRange : at([...base, 'sample']) ?? caseRange;
      let message = `case '${c.name}' cannot run: ${c.error}`;
      const fixes: Diagnostic['fixes'] = [];
      if (c.errorCode === 'LS105') {
        const id = String(doc.value?.cases?.[c.index]?.sample ?? '');
        const s = sampleIds ? suggest(id, sampleIds, 2) : [];
        if (s.length) message += ` — did you mean ${s.map((x) => `'${x}'`).join(' or ')}?`;
        for (const x of s) fixes.push({ title: `Change to '${x}'`, edits: [{ file, range, newText: x }], preferred: s.length === 1 });
      }
      out.push({ file, code: c.errorCode, severity: 'error', range, message, ...(fixes.length ? { fixes } : {}) });
    }
    if (c.status === 'failed') {
      const details = caseFailureDetails(c);
      for (const x of c.expectations) {
        if (x.passed || x.problem) continue;
        const range = at([...base, 'expect', ...x.path], true) ?? caseRange;
        const explain = details.filter((l) => !l.startsWith(`${x.label}: expected`) && !(x.label === 'icp' && l.startsWith('icp: expected')));
        out.push({ file, code: 'LS113', severity: 'error', range,
          message: `case '${c.name}' fails: ${failureText(x)}${explain.length ? `\n${explain.join('\n')}` : ''}` });
      }
    }
    for (const w of c.warnings) {
      const field = w.field && w.field !== 'events' ? w.field : undefined;
      const range = (field ? at([...base, 'lead', field], true) : undefined) ?? at([...base, 'lead'], true) ?? caseRange;
      out.push({ file, code: 'LS114', severity: 'warning', range, message: `in the case's lead: ${w.message}` });
    }
  }
  return out;
}
