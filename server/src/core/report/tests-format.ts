// Renders the results of `leadspec test`: text for people, JSON for scripts, and JUnit XML for
// CI test reporters (GitHub/GitLab/Jenkins/Azure read <testsuites>/<testsuite>/<testcase> with
// <failure> and <error>; `file` and `line` attributes point at the case).
import {
  caseFailureDetails, failureText, type CaseOutcome, type TestOutcome,
} from '../eval/expectations.js';

export interface TestReportEntry {
  outcome: TestOutcome;
  /** The test's file as shown to the user. */
  file: string;
  /** 1-based line of the test document. */
  line: number;
  /** 1-based position of each case, by case index. */
  caseStarts: { line: number; column: number }[];
}

export interface TestReport { tests: TestReportEntry[] }

export interface TestCounts { tests: number; cases: number; passed: number; failed: number; errors: number }

export function countCases(r: TestReport): TestCounts {
  const all = r.tests.flatMap((t) => t.outcome.cases);
  return {
    tests: r.tests.length, cases: all.length,
    passed: all.filter((c) => c.status === 'passed').length,
    failed: all.filter((c) => c.status === 'failed').length,
    errors: all.filter((c) => c.status === 'error').length,
  };
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function summaryText(r: TestReport): string {
  const n = countCases(r);
  const parts = [`${n.passed} passed`, `${n.failed} failed`];
  if (n.errors) parts.push(`${n.errors} could not run`);
  return `${plural(n.cases, 'case')} in ${plural(n.tests, 'test')}: ${parts.join(', ')}`;
}

const where = (t: TestReportEntry, c: CaseOutcome) => {
  const p = t.caseStarts[c.index];
  return p ? `${t.file}:${p.line}:${p.column}` : `${t.file}:${t.line}`;
};

// ---- text ----------------------------------------------------------------------------------

export function renderTestText(r: TestReport): string {
  const out: string[] = [];
  for (const t of r.tests) {
    out.push(`${t.outcome.id} — ${t.file}${t.outcome.as_of ? ` (as of ${t.outcome.as_of})` : ''}`);
    if (t.outcome.cases.length === 0) out.push('  (no cases)');
    for (const c of t.outcome.cases) {
      const mark = c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : '!';
      const lead = c.lead ? `, lead ${c.lead}` : '';
      out.push(c.status === 'passed' ? `  ${mark} ${c.name}` : `  ${mark} ${c.name} (${where(t, c)}${lead})`);
      if (c.status === 'passed') {
        for (const w of c.warnings) out.push(`      warning: lead data: ${w.field ? `${w.field}: ` : ''}${w.message}`);
        continue;
      }
      for (const l of caseFailureDetails(c)) out.push(`      ${l}`);
    }
    out.push('');
  }
  out.push(summaryText(r));
  return out.join('\n') + '\n';
}

// ---- JSON ----------------------------------------------------------------------------------

export function toTestJson(r: TestReport) {
  return {
    tests: r.tests.map((t) => ({
      id: t.outcome.id,
      file: t.file,
      line: t.line,
      as_of: t.outcome.as_of || null,
      cases: t.outcome.cases.map((c) => ({
        name: c.name,
        line: t.caseStarts[c.index]?.line ?? t.line,
        column: t.caseStarts[c.index]?.column ?? 1,
        lead: c.lead ?? null,
        status: c.status,
        ...(c.error ? { error: c.error, code: c.errorCode ?? 'LS113' } : {}),
        expectations: c.expectations.map((e) => ({
          expectation: e.label, expected: e.expected, actual: e.actual ?? null, passed: e.passed,
          ...(e.passed ? {} : { message: failureText(e) }),
        })),
        // The explanation of every model the case tested (what produced the actual values).
        explanation: Object.fromEntries([...new Set(c.expectations.map((e) => e.model).filter((m): m is string => !!m))]
          .filter((m) => c.result?.scores[m]).map((m) => [m, c.result!.scores[m].explanation])),
        result: c.result ?? null,
        warnings: c.warnings,
        duration_ms: Math.round(c.durationMs * 1000) / 1000,
      })),
    })),
    summary: countCases(r),
  };
}

export function renderTestJson(r: TestReport): string { return JSON.stringify(toTestJson(r), null, 2) + '\n'; }

// ---- JUnit XML -----------------------------------------------------------------------------

/** Text for XML 1.0: the five entities escaped, characters XML forbids dropped. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

export function renderTestJunit(r: TestReport): string {
  const n = countCases(r);
  const total = r.tests.reduce((s, t) => s + t.outcome.cases.reduce((a, c) => a + c.durationMs, 0), 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="leadspec" tests="${n.cases}" failures="${n.failed}" errors="${n.errors}" time="${secs(total)}">`);
  for (const t of r.tests) {
    const cs = t.outcome.cases;
    const time = cs.reduce((a, c) => a + c.durationMs, 0);
    const a = (k: string, v: string | number) => `${k}="${xmlEscape(String(v))}"`;
    out.push(`  <testsuite ${[a('name', t.outcome.id), a('tests', cs.length), a('failures', cs.filter((c) => c.status === 'failed').length),
      a('errors', cs.filter((c) => c.status === 'error').length), a('skipped', 0), a('time', secs(time)), a('file', t.file)].join(' ')}>`);
    if (t.outcome.as_of) out.push(`    <properties><property name="as_of" value="${xmlEscape(t.outcome.as_of)}"/></properties>`);
    for (const c of cs) {
      const attrs = [a('name', c.name), a('classname', t.outcome.id), a('file', t.file), a('line', t.caseStarts[c.index]?.line ?? t.line), a('time', secs(c.durationMs))].join(' ');
      // Problems of the inline lead's data ride along as the case's output.
      const warnings = c.warnings.length ? `      <system-out>${xmlEscape(c.warnings.map((w) => `lead data: ${w.field ? `${w.field}: ` : ''}${w.message}`).join('\n'))}</system-out>` : '';
      if (c.status === 'passed') {
        if (warnings) out.push(`    <testcase ${attrs}>`, warnings, '    </testcase>'); else out.push(`    <testcase ${attrs}/>`);
        continue;
      }
      out.push(`    <testcase ${attrs}>`);
      const details = [`${where(t, c)}${c.lead ? ` (lead ${c.lead})` : ''}`, ...caseFailureDetails(c)].join('\n');
      if (c.status === 'failed') {
        const firstFail = c.expectations.find((e) => !e.passed)!;
        const message = firstFail ? failureText(firstFail) : 'failed';
        out.push(`      <failure ${a('message', message)} type="ExpectationFailed">${xmlEscape(details)}</failure>`);
      } else {
        out.push(`      <error ${a('message', c.error ?? 'could not run')} ${a('type', c.errorCode ?? 'LS115')}>${xmlEscape(details)}</error>`);
      }
      if (warnings) out.push(warnings);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
