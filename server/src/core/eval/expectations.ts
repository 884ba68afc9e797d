// Expectations as code (SPEC §9): runs the cases of a `kind: test` definition against the
// compiled definitions and says, per case, which expectations hold and which do not — with the
// expected and actual values and the explanation of the actual score.
//
// Pure: the caller (CLI, language server) hands in the compiled project and, when cases name
// `sample:` leads, the loaded sample leads. Nothing here reads files.
import { registerCodes, type CodeInfo } from '../codes.js';
import { compileValueTest } from './conditions.js';
import { leadFromObject } from '../data/leads.js';
import {
  SCORE_BOOL_KEYS, SCORE_GRADE_KEYS, SCORE_NUMERIC_KEYS, type FieldType, type TestDef,
} from '../model.js';
import { isoUtc, type DataWarning, type ExplanationItem, type Lead, type LeadResult, type ScoreResult, type SlaLeadResult } from '../results.js';
import { evaluateLead, resolveAsOf, type CompiledProject } from './simulate.js';
import { parseDatetime } from '../data/values.js';
import { DateTime } from 'luxon';

// LS104–LS119: tests. Static checks (check/tests.ts) need only the workspace index; the others
// need the sample leads or a run of the case, so the CLI and the editor report them.
export const TEST_CODES: CodeInfo[] = [
  { code: 'LS104', name: 'case-without-lead', severity: 'error', summary: 'A test case needs exactly one lead: `lead:` written out, or `sample:` naming a sample lead.', fix: 'Give the case either `lead: { id: …, … }` or `sample: <lead id>`, not both.' },
  { code: 'LS105', name: 'unknown-sample', severity: 'error', summary: '`sample:` names a lead that is not among the project\'s sample leads.', fix: 'Use the id of a lead in the samples file (see the suggestion), or write the lead out with `lead:`.' },
  { code: 'LS106', name: 'unknown-expectation', severity: 'error', summary: 'An `expect` key is neither `icp`, `tier`, `sla` nor the id of a scoring model.', fix: 'Use the id of a `kind: scoring` definition (see the suggestion), or `icp`, `tier`, `sla`.' },
  { code: 'LS107', name: 'test-unknown-icp', severity: 'error', summary: '`expect: { icp: … }` names an ICP that no definition declares.', fix: 'Use the id of an existing `kind: icp` definition.' },
  { code: 'LS108', name: 'test-unknown-tier', severity: 'error', summary: '`expect: { tier: … }` must be `<icp-id>/<tier-id>` naming an existing ICP and one of its tiers.', fix: 'Write `tier: <icp-id>/<tier-id>` with ids that exist.' },
  { code: 'LS109', name: 'test-unknown-commitment', severity: 'error', summary: 'An `sla` expectation names an SLA or a commitment that does not exist.', fix: 'Write `<sla-id>/<commitment-id>` with ids that exist.' },
  { code: 'LS110', name: 'test-operator-not-allowed', severity: 'error', summary: 'A score output is tested with an operator its type does not allow (numbers: comparisons; grades: eq, ne, in, not_in; true/false: eq, ne).', fix: 'Use one of the operators the message lists.' },
  { code: 'LS111', name: 'test-undeclared-grade', severity: 'error', summary: 'A grade expectation names a grade (or band) the scoring model does not declare, so it can never hold.', fix: 'Use a grade the model declares (see the suggestion).' },
  { code: 'LS112', name: 'duplicate-case-name', severity: 'warning', summary: 'Two cases of one test have the same name, so reports and the Test Explorer cannot tell them apart.', fix: 'Give each case its own name.' },
  { code: 'LS113', name: 'case-failed', severity: 'error', summary: 'A test case fails: the lead does not get what the case expects.', fix: 'Fix the definitions, or the expectation if the new behaviour is intended; the message shows expected, actual and the explanation.' },
  { code: 'LS114', name: 'case-lead-data', severity: 'warning', summary: 'A value of a case\'s inline lead does not fit the catalog (wrong type, undeclared field or event), so it counts as missing.', fix: 'Write the value in the field\'s type, or declare the field or event in the catalog.' },
  { code: 'LS115', name: 'case-cannot-run', severity: 'error', summary: 'A test case cannot run: its sample leads are not available, or the test\'s `as_of` is not a date-time.', fix: 'Name `samples:` in the project definition (and trust the folder in the editor), or fix `as_of`.' },
  { code: 'LS116', name: 'empty-expectation', severity: 'warning', summary: 'A test case expects nothing, so it always passes.', fix: 'Add an expectation under `expect:` (e.g. `inbound: { grade: A }`).' },
];
registerCodes(TEST_CODES);

/** The codes only a run of the cases produces (the CLI's `test` and the editor, not `validate`). */
export const RUN_CODES: ReadonlySet<string> = new Set(['LS105', 'LS113', 'LS114', 'LS115']);

// ---- results ---------------------------------------------------------------------------------

export type CaseStatus = 'passed' | 'failed' | 'error';

/** One checked expectation. `path` is its place under the case's `expect:` (for ranges). */
export interface ExpectationOutcome {
  path: string[];
  /** How reports name it: `icp`, `tier`, `inbound.grade`, `sla.mql-handoff/first-touch.status`. */
  label: string;
  passed: boolean;
  /** As written in the test (a value, a list, or a mapping of operators). */
  expected: unknown;
  /** The lead's actual value (undefined when it has none). */
  actual: unknown;
  /** Why the expectation could not be checked at all (unknown model, output, commitment…). */
  problem?: string;
  /** The scoring model whose output this tests (its explanation is shown on failure). */
  model?: string;
}

export interface CaseOutcome {
  index: number;
  name: string;
  status: CaseStatus;
  /** The lead's id (inline or sample), when the case has a lead. */
  lead?: string;
  /** Why the case could not run (status 'error'); expectations are then empty. */
  error?: string;
  /** What went wrong with the case's input, as a test code (LS104, LS105, LS115). */
  errorCode?: string;
  expectations: ExpectationOutcome[];
  /** The evaluation of the lead (ICPs, scores with explanations, SLA). */
  result?: LeadResult;
  /** Problems of the inline lead's values (they count as missing). */
  warnings: DataWarning[];
  /** Per SLA key, the time zone of the lead's calendar (due times are shown in it; JSON stays UTC). */
  zones?: Record<string, string>;
  durationMs: number;
}

export interface TestOutcome {
  id: string;
  /** ISO 8601 UTC instant the cases were evaluated at ('' when it could not be resolved). */
  as_of: string;
  cases: CaseOutcome[];
}

export interface TestEnv {
  /** The project's sample leads by id; undefined when there are none. */
  samples?: Map<string, Lead>;
  /** Why there are no sample leads (shown on `sample:` cases). */
  samplesProblem?: string;
  /** The file of the test (names inline leads in data warnings). */
  file?: string;
  /** 1-based line of each case (for data warnings), by case index. */
  caseLines?: number[];
}

// ---- outputs and their types ---------------------------------------------------------------

type OutputType = 'number' | 'grade' | 'boolean';
const OUTPUT_TYPES: Record<string, OutputType> = {
  ...Object.fromEntries(SCORE_NUMERIC_KEYS.map((k) => [k, 'number' as const])),
  ...Object.fromEntries(SCORE_GRADE_KEYS.map((k) => [k, 'grade' as const])),
  ...Object.fromEntries(SCORE_BOOL_KEYS.map((k) => [k, 'boolean' as const])),
};

/** The operators each output type may be tested with (as the schema's score tests allow). */
export const OUTPUT_OPERATORS: Record<OutputType, readonly string[]> = {
  number: ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
  grade: ['eq', 'ne', 'in', 'not_in'],
  boolean: ['eq', 'ne'],
};

/** The type of a score output (`fit` → number, `grade` → grade, `mql` → boolean), if it is one. */
/** `key` is user text: own keys only (a key `constructor` is no output). */
export function outputType(key: string): OutputType | undefined { return Object.hasOwn(OUTPUT_TYPES, key) ? OUTPUT_TYPES[key] : undefined; }

/** Keys of an SLA expectation and how their values compare. */
export const SLA_KEYS: Record<string, FieldType> = { status: 'enum', due: 'datetime', elapsed_minutes: 'number' };

const FIELD_TYPE_OF: Record<OutputType, FieldType> = { number: 'number', grade: 'string', boolean: 'boolean' };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

// ---- running -------------------------------------------------------------------------------

/** `as_of` of a test: its own, else the project's, else the latest time in the samples and its inline leads. */
export function testAsOf(def: TestDef, cp: CompiledProject, leads: Lead[]): { ms?: number; problem?: string } {
  const own = (def as { as_of?: unknown }).as_of;
  if (own !== undefined && own !== null) {
    const ms = parseDatetime(own instanceof Date ? own.toISOString() : String(own));
    return ms === undefined ? { problem: `the test's as_of '${String(own)}' is not an ISO 8601 date-time (e.g. 2026-11-20T12:00:00Z)` } : { ms };
  }
  try { return { ms: resolveAsOf(undefined, cp, leads).ms }; } catch (e) { return { problem: (e as Error).message }; }
}

/** Runs every case of a test definition. Never throws on a malformed definition. */
export function runTest(def: TestDef, cp: CompiledProject, env: TestEnv = {}): TestOutcome {
  const cases = Array.isArray(def.cases) ? def.cases : [];
  // Inline leads first: their times take part in the as_of fallback.
  const inline = cases.map((c, i) => (isObj(c) && isObj(c.lead) ? inlineLead(c.lead, i, cp, env) : undefined));
  const fallbackLeads = [...(env.samples?.values() ?? []), ...inline.flatMap((x) => (x?.lead ? [x.lead] : []))];
  const asOf = testAsOf(def, cp, fallbackLeads);
  const outcomes = cases.map((c, i) => runCase(c, i, inline[i], cp, env, asOf));
  return { id: typeof def.id === 'string' ? def.id : '', as_of: asOf.ms === undefined ? '' : isoUtc(asOf.ms), cases: outcomes };
}

function inlineLead(obj: Record<string, unknown>, i: number, cp: CompiledProject, env: TestEnv): { lead?: Lead; warnings: DataWarning[] } {
  // The schema requires an id; a half-typed case still runs, named after its position.
  const rec = obj.id === undefined || obj.id === null || obj.id === '' ? { ...obj, id: `case-${i + 1}` } : obj;
  return leadFromObject(rec, cp.catalog, env.file ?? '<test>', env.caseLines?.[i] ?? i + 1);
}

function runCase(raw: unknown, index: number, inline: { lead?: Lead; warnings: DataWarning[] } | undefined, cp: CompiledProject, env: TestEnv,
  asOf: { ms?: number; problem?: string }): CaseOutcome {
  const t0 = performance.now();
  const c = isObj(raw) ? raw : {};
  const name = typeof c.name === 'string' && c.name.trim() ? c.name : `case ${index + 1}`;
  const out: CaseOutcome = { index, name, status: 'passed', expectations: [], warnings: inline?.warnings ?? [], durationMs: 0 };
  const fail = (code: string, error: string): CaseOutcome => {
    out.status = 'error'; out.error = error; out.errorCode = code; out.durationMs = performance.now() - t0; return out;
  };
  const hasLead = c.lead !== undefined && c.lead !== null, hasSample = c.sample !== undefined && c.sample !== null;
  if (hasLead && hasSample) return fail('LS104', 'the case has both `lead:` and `sample:`; keep one of them');
  if (!hasLead && !hasSample) return fail('LS104', 'the case has no lead: write it out with `lead:` or name a sample lead with `sample:`');
  let lead: Lead | undefined;
  if (hasLead) {
    if (!isObj(c.lead)) return fail('LS104', '`lead:` must be a mapping of field values, e.g. { id: t1, employees: 500 }');
    lead = inline?.lead;
    if (!lead) return fail('LS104', `the inline lead could not be read (${inline?.warnings.map((w) => w.message).join('; ') || 'no id'})`);
  } else {
    const id = String(c.sample).trim();
    if (!env.samples) return fail('LS115', `sample lead '${id}' cannot be looked up: ${env.samplesProblem ?? 'the project names no sample leads (`samples: { leads: … }` in leadspec.yaml)'}`);
    lead = env.samples.get(id);
    if (!lead) return fail('LS105', `no sample lead has the id '${id}'`);
  }
  out.lead = lead.id;
  if (asOf.ms === undefined) return fail('LS115', asOf.problem ?? 'no as_of');
  const result = evaluateLead(cp, lead, asOf.ms);
  out.result = result;
  for (const key of Object.keys(result.sla)) {
    const zone = cp.slas.find((s) => s.keys.includes(key))?.zoneFor(key, lead);
    if (zone) (out.zones ??= {})[key] = zone;
  }
  const expect = isObj(c.expect) ? c.expect : {};
  for (const [key, spec] of Object.entries(expect)) out.expectations.push(...checkKey(key, spec, result, cp));
  out.status = out.expectations.some((e) => e.problem !== undefined) ? 'error' : out.expectations.every((e) => e.passed) ? 'passed' : 'failed';
  if (out.status === 'error') out.error = out.expectations.find((e) => e.problem)!.problem;
  out.durationMs = performance.now() - t0;
  return out;
}

function checkKey(key: string, spec: unknown, r: LeadResult, cp: CompiledProject): ExpectationOutcome[] {
  if (key === 'icp') {
    const matched = r.icps.map((m) => m.id);
    const want = Array.isArray(spec) ? spec : [spec];
    return want.map((w, i) => {
      const id = String(w).trim();
      const o: ExpectationOutcome = { path: Array.isArray(spec) ? ['icp', String(i)] : ['icp'], label: 'icp', expected: id, actual: matched, passed: matched.includes(id) };
      if (!cp.icps.some((x) => x.id === id)) o.problem = `no ICP has the id '${id}'`;
      return o;
    });
  }
  if (key === 'tier') {
    const want = Array.isArray(spec) ? spec : [spec];
    return want.map((w, i) => {
      const s = String(w).trim();
      const slash = s.indexOf('/');
      const icp = slash < 0 ? s : s.slice(0, slash), tier = slash < 0 ? '' : s.slice(slash + 1);
      const m = r.icps.find((x) => x.id === icp);
      const actual = m ? (m.tier === null ? `${icp} (no tier)` : `${icp}/${m.tier}`) : `not in ${icp}`;
      const o: ExpectationOutcome = { path: Array.isArray(spec) ? ['tier', String(i)] : ['tier'], label: 'tier', expected: s, actual, passed: !!m && m.tier === tier };
      const def = cp.icps.find((x) => x.id === icp);
      if (slash < 0) o.problem = `'${s}' is not <icp-id>/<tier-id>`;
      else if (!def) o.problem = `no ICP has the id '${icp}'`;
      else if (!def.tierIds.includes(tier)) o.problem = `ICP '${icp}' has no tier '${tier}' (it has ${def.tierIds.join(', ') || 'none'})`;
      return o;
    });
  }
  if (key === 'sla') return checkSla(spec, r, cp);
  return checkModel(key, spec, r);
}

function checkModel(model: string, spec: unknown, r: LeadResult): ExpectationOutcome[] {
  const score: ScoreResult | undefined = r.scores[model];
  if (!isObj(spec)) {
    return [{ path: [model], label: model, expected: spec, actual: undefined, passed: false,
      problem: score ? `expect the outputs of '${model}' as a mapping, e.g. ${model}: { grade: A, mql: true }` : `'${model}' is not a scoring model (nor icp, tier or sla)` }];
  }
  const out: ExpectationOutcome[] = [];
  for (const [output, test] of Object.entries(spec)) {
    const o: ExpectationOutcome = { path: [model, output], label: `${model}.${output}`, expected: test, actual: undefined, passed: false, model };
    out.push(o);
    if (!score) { o.problem = `'${model}' is not a scoring model (nor icp, tier or sla)`; continue; }
    const type = outputType(output);
    if (!type) { o.problem = `'${output}' is not an output of a scoring model (fit, engagement, total, grade, fit_grade, engagement_grade, mql, disqualified)`; continue; }
    const bad = badOperators(test, OUTPUT_OPERATORS[type]);
    if (bad) { o.problem = `${output} cannot be tested with '${bad}' (allowed: ${OUTPUT_OPERATORS[type].join(', ')})`; continue; }
    o.actual = (score as unknown as Record<string, unknown>)[output];
    o.passed = compileValueTest(FIELD_TYPE_OF[type], test)(o.actual);
  }
  return out;
}

function checkSla(spec: unknown, r: LeadResult, cp: CompiledProject): ExpectationOutcome[] {
  if (!isObj(spec)) return [{ path: ['sla'], label: 'sla', expected: spec, actual: undefined, passed: false, problem: "expect SLA results as a mapping, e.g. sla: { 'mql-handoff/first-touch': { status: met } }" }];
  const out: ExpectationOutcome[] = [];
  for (const [key, tests] of Object.entries(spec)) {
    const actual: SlaLeadResult | undefined = r.sla[key];
    const known = commitmentExists(cp, key);
    const entries = isObj(tests) ? Object.entries(tests) : [['status', tests] as [string, unknown]];
    for (const [field, test] of entries) {
      const o: ExpectationOutcome = { path: isObj(tests) ? ['sla', key, field] : ['sla', key], label: `sla.${key}.${field}`, expected: test, actual: undefined, passed: false };
      out.push(o);
      if (!known) { o.problem = `'${key}' is not <sla-id>/<commitment-id> of an existing SLA commitment`; continue; }
      const type = Object.hasOwn(SLA_KEYS, field) ? SLA_KEYS[field] : undefined;
      if (!type) { o.problem = `'${field}' cannot be tested on an SLA result (use ${Object.keys(SLA_KEYS).join(', ')})`; continue; }
      const value = actual ? (field === 'due' ? parseDatetime(actual.due) : (actual as unknown as Record<string, unknown>)[field]) : undefined;
      o.actual = actual ? (actual as unknown as Record<string, unknown>)[field] : undefined;
      o.passed = compileValueTest(type, test)(value);
    }
  }
  return out;
}

function commitmentExists(cp: CompiledProject, key: string): boolean {
  if (cp.slas.some((s) => s.keys.includes(key))) return true;
  // A commitment the SLA compiler left out (its problem is reported by validate) still exists.
  const slash = key.indexOf('/');
  return slash > 0 && cp.slaProblems.some((p) => p.problem.commitment === key);
}

/** The first operator of a mapping test that `allowed` does not contain. */
export function badOperators(test: unknown, allowed: readonly string[]): string | undefined {
  if (!isObj(test)) return undefined;
  return Object.keys(test).find((op) => !allowed.includes(op));
}

// ---- presentation --------------------------------------------------------------------------

const OP_WORDS: Record<string, string> = {
  eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'one of', not_in: 'none of', exists: 'exists:',
};

/** An expectation as words: `A`, `one of A, B`, `≥ 70`, `between 50 and 80`. */
export function describeExpected(spec: unknown): string {
  if (Array.isArray(spec)) return `one of ${spec.map(showValue).join(', ')}`;
  if (isObj(spec)) {
    return Object.entries(spec).map(([op, arg]) => {
      if (op === 'between' && Array.isArray(arg)) return `between ${showValue(arg[0])} and ${showValue(arg[1])}`;
      if (Array.isArray(arg)) return `${OP_WORDS[op] ?? op} ${arg.map(showValue).join(', ')}`;
      return `${OP_WORDS[op] ?? op} ${showValue(arg)}`;
    }).join(' and ');
  }
  return showValue(spec);
}

/** A value for people: numbers as they are, lists joined, nothing as `(none)`. */
export function showValue(v: unknown): string {
  if (v === undefined || v === null) return '(none)';
  if (Array.isArray(v)) return v.length ? v.map(showValue).join(', ') : '(none)';
  if (v instanceof Date) return isoUtc(v.getTime());
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The actual side of a failed expectation, in words. */
export function describeActual(e: ExpectationOutcome): string {
  if (e.label === 'icp') return Array.isArray(e.actual) && e.actual.length ? `matches ${(e.actual as string[]).join(', ')}` : 'matches no ICP';
  if (e.label.startsWith('sla.') && e.actual === undefined) return 'the commitment does not apply to this lead';
  return showValue(e.actual);
}

/** "expected A, got B" (with `icp`: "expected to match mid-market, matches no ICP"). */
export function failureText(e: ExpectationOutcome): string {
  if (e.problem) return `${e.label}: ${e.problem}`;
  if (e.label === 'icp') return `icp: expected to match ${showValue(e.expected)}, ${describeActual(e)}`;
  return `${e.label}: expected ${describeExpected(e.expected)}, got ${describeActual(e)}`;
}

/** The explanation of a score, one line per contribution or clamp: `fit +30 in-icp`. */
export function explanationLines(score: ScoreResult): string[] {
  return score.explanation.map((it: ExplanationItem) => {
    if ('clamp' in it) return `${it.section} clamp ${it.clamp} cut ${fmt(it.cut)}${it.group ? ` (group ${it.group})` : ''}${it.rule ? ` (rule ${it.rule})` : ''}`;
    const pts = it.points >= 0 ? `+${fmt(it.points)}` : fmt(it.points);
    return `${it.section} ${pts} ${it.group ? `${it.group}/` : ''}${it.rule}${it.events !== undefined ? ` (${it.events} event${it.events === 1 ? '' : 's'})` : ''}`;
  });
}

/** `fit 75, engagement 39.88, total 114.88, grade A, MQL` */
export function scoreSummary(s: ScoreResult): string {
  const parts = [`fit ${fmt(s.fit)}`, `engagement ${fmt(s.engagement)}`, `total ${fmt(s.total)}`, `grade ${s.grade}`];
  if (s.fit_grade !== undefined) parts.push(`fit band ${s.fit_grade}`, `engagement band ${s.engagement_grade}`);
  parts.push(s.disqualified ? 'disqualified' : s.mql ? 'MQL' : 'not MQL');
  return parts.join(', ');
}

/** Everything worth showing about a failed case: each failure, then the explanation of the scores involved. */
export function caseFailureDetails(c: CaseOutcome): string[] {
  const lines: string[] = [];
  // Why the case could not run (when no expectation says it), then every expectation that did not hold.
  if (c.error && !c.expectations.some((e) => e.problem === c.error)) lines.push(c.error);
  for (const e of c.expectations) if (!e.passed) lines.push(failureText(e));
  const models = [...new Set(c.expectations.filter((e) => !e.passed && e.model).map((e) => e.model!))];
  for (const m of models) {
    const s = c.result?.scores[m];
    if (!s) continue;
    lines.push(`${m}: ${scoreSummary(s)}`);
    for (const l of explanationLines(s)) lines.push(`  ${l}`);
    if (s.explanation.length === 0) lines.push('  (no rule contributed)');
  }
  const icpFail = c.expectations.some((e) => !e.passed && (e.label === 'icp' || e.label === 'tier'));
  if (icpFail && c.result) lines.push(`ICPs: ${c.result.icps.length ? c.result.icps.map((m) => `${m.id}${m.tier ? `/${m.tier}` : ''}`).join(', ') : 'none'}`);
  for (const e of c.expectations) {
    if (e.passed || !e.label.startsWith('sla.')) continue;
    const key = e.path[1];
    const a = c.result?.sla[key];
    const zone = c.zones?.[key];
    if (a) lines.push(`${key}: ${a.status}, due ${zone ? `${localTime(a.due, zone)} (${a.due})` : a.due}, ${fmt(a.elapsed_minutes)} min elapsed`);
  }
  for (const w of c.warnings) lines.push(`lead data: ${w.field ? `${w.field}: ` : ''}${w.message}`);
  return [...new Set(lines)];
}

/** An ISO instant in a calendar's zone, e.g. "Fri 2026-11-20 11:00 EST". */
export function localTime(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.toFormat('ccc yyyy-LL-dd HH:mm ZZZZ') : iso;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
