// `kind: test` results before and after a change (the evidence part of a diff report): each side's
// tests run against that side's definitions, matched by test id and case name. A case that starts
// failing comes first, then cases that start passing, appear or disappear.
import { caseFailureDetails, runTest, type CaseStatus, type TestOutcome } from '../eval/expectations.js';
import type { CompiledProject } from '../eval/simulate.js';
import type { Definition, TestDef } from '../model.js';
import type { Lead } from '../results.js';

export interface TestCounts { cases: number; passed: number; failed: number; error: number }

export interface TestCaseChange {
  test: string;
  case: string;
  /** null: the case does not exist on that side. `error` = it could not run. */
  before: CaseStatus | null;
  after: CaseStatus | null;
  /** Why it fails after the change (expected vs actual, the explanation), when it does. */
  details: string[];
}

export interface TestsDiff {
  before: TestCounts;
  after: TestCounts;
  /** Cases whose status differs, those that start failing first. */
  changed: TestCaseChange[];
  /** Cases that fail after the change and failed before too. */
  still_failing: TestCaseChange[];
}

/** Runs every `kind: test` of one side against that side's compiled definitions. */
export function runAllTests(defs: readonly Definition[], cp: CompiledProject, samples?: Map<string, Lead>): TestOutcome[] {
  const seen = new Set<string>();
  const out: TestOutcome[] = [];
  for (const d of defs) {
    if (d.kind !== 'test' || seen.has(d.id)) continue;
    seen.add(d.id);
    out.push(runTest(d as TestDef, cp, { samples, samplesProblem: samples ? undefined : 'no sample leads were loaded' }));
  }
  return out;
}

export function diffTests(before: TestOutcome[], after: TestOutcome[]): TestsDiff {
  const key = (t: string, c: string) => `${t}\u0000${c}`;
  const index = (list: TestOutcome[]) => {
    const m = new Map<string, { test: string; c: TestOutcome['cases'][number] }>();
    for (const t of list) for (const c of t.cases) if (!m.has(key(t.id, c.name))) m.set(key(t.id, c.name), { test: t.id, c });
    return m;
  };
  const b = index(before), a = index(after);
  const changed: TestCaseChange[] = [], still: TestCaseChange[] = [];
  for (const [k, x] of a) {
    const y = b.get(k);
    const ch: TestCaseChange = { test: x.test, case: x.c.name, before: y?.c.status ?? null, after: x.c.status, details: x.c.status === 'passed' ? [] : caseFailureDetails(x.c) };
    if (ch.before !== ch.after) changed.push(ch);
    else if (ch.after !== 'passed') still.push(ch);
  }
  for (const [k, y] of b) if (!a.has(k)) changed.push({ test: y.test, case: y.c.name, before: y.c.status, after: null, details: [] });
  const rank = (c: TestCaseChange) => (c.after === 'failed' || c.after === 'error' ? 0 : c.after === 'passed' ? 1 : 2);
  changed.sort((x, y) => rank(x) - rank(y));
  return { before: counts(before), after: counts(after), changed, still_failing: still };
}

function counts(list: TestOutcome[]): TestCounts {
  const c: TestCounts = { cases: 0, passed: 0, failed: 0, error: 0 };
  for (const t of list) for (const x of t.cases) { c.cases++; c[x.status]++; }
  return c;
}
