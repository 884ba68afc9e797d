// `leadspec report [--base REF] [--out FILE] [--by FIELD] [same inputs as simulate]`: one
// standalone HTML file for people without VS Code: the simulation of the working tree (charts,
// the lead table with search, sort and each lead's explanation), and with --base the diff
// against that ref first (what changed, test results, transitions, MQL and SLA moves).
// The page is the editor's preview (client/webview), bundled to dist/webview/report.js and
// inlined with its CSS and the data (core/report/report-html.ts).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseCommandArgs, UsageError, type Command } from './common.js';
import { InputError } from '../io/files.js';
import { SIMULATE_OPTIONS, loadSimulationInputs, displayPath, type SimulationInputs } from '../io/simulation-inputs.js';
import { simulate } from '../core/eval/simulate.js';
import { reportHtml, type ReportData } from '../core/report/report-html.js';
import { breakdown, hasField } from '../core/eval/breakdown.js';
import { isoUtc, type SimulationResult } from '../core/results.js';
import { computeDiff } from './diff.js';
import { resolveOutcomes, OutcomesError } from '../core/outcomes/spec.js';
import { backtest, type BacktestResult } from '../core/outcomes/backtest.js';
import { requireNoDataWarnings } from '../io/gate.js';

export const HELP = `leadspec report [--base REF] [--out FILE] [options]

Writes one standalone HTML file a reviewer, sales leadership or finance can open without
VS Code: charts of grades, scores, ICPs and SLAs, the lead table with search, sort and each
lead's explanation; with --base the diff against that git ref first (what changed in the
definitions, kind: test results before and after, grade transitions, MQL gained and lost
with why, SLA leads newly breached). Inline CSS, script and SVG: no network, opens from file://.

Options:
  --base REF          also compare with the definitions at this git ref
  --out FILE          where to write the report (default: leadspec-report.html)
  --by FIELD          add a breakdown by a lead field (grade mix, MQL rate, SLA attainment per value)
  --project FILE      the project definition (default: leadspec.yaml of the workspace)
  --defs PATH…        definition files or folders (default: the project's folder)
  --leads FILE        sample leads (CSV, TSV, JSON, JSON Lines); default: the project's samples
  --events FILE       sample events (CSV, TSV, JSON Lines)
  --as-of ISO         evaluate at this instant
  --strict            warnings are fatal too: definition and data warnings (exit 1, no file)
  -h, --help          this text
(--format is not taken: the report is HTML; simulate and diff print text, json and md.)

Exit status: 0 the report was written; 1 the definitions have errors (with --strict, any warning); 2 usage or input error.
`;

const WARNINGS_SHOWN = 200;

/** The bundled page: next to the CLI bundle (dist/cli.js → dist/webview/report.js). */
function assets(): { js: string; css: string } {
  const dir = join(__dirname, 'webview');
  const js = join(dir, 'report.js'), css = join(dir, 'report.css');
  if (!existsSync(js) || !existsSync(css)) throw new InputError(`${dir}: the report page is missing (report.js, report.css); reinstall leadspec or run npm run build`);
  return { js: readFileSync(js, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), css: readFileSync(css, 'utf8').replace(/\/\*# sourceMappingURL=\S+ \*\/\s*$/, '') };
}

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = { ...SIMULATE_OPTIONS, base: { type: 'string' }, by: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

const command: Command = {
  options: OPTIONS,
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    if (values.format !== undefined) throw new UsageError('report writes HTML; --format is not an option of report (use simulate or diff for text, json, md)');
    const out = resolve(values.out ?? 'leadspec-report.html');
    if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${values.out} is a folder; give a file name, e.g. --out leadspec-report.html`);
    const defs = [...(values.defs ?? []), ...positionals];
    const t0 = performance.now();

    let inputs: SimulationInputs, head: SimulationResult, diff: ReportData['diff'];
    if (values.base !== undefined) {
      // Both sides pass the gate inside computeDiff (RefusedError, exit 1, no file written).
      const computed = await computeDiff({ ...values, defs }, 50, 'report');
      ({ inputs, head } = computed);
      diff = { diff: computed.diff, baseLabel: computed.baseRef, source: sourceOf(inputs), elapsedMs: Math.round(computed.elapsedMs) };
    } else {
      // The gate: loadSimulationInputs refuses definitions with errors (RefusedError, exit 1).
      inputs = await loadSimulationInputs({ ...values, defs }, 'report');
      for (const p of inputs.compiled.slaProblems) {
        process.stderr.write(`leadspec: warning: sla '${p.sla}'${p.problem.commitment ? ` (${p.problem.commitment})` : ''}: ${p.problem.message}; left out of the report\n`);
      }
      head = simulate(inputs.compiled, inputs.leads, inputs.asOf, inputs.warnings);
      requireNoDataWarnings(head.warnings, values.strict, 'report');
    }
    const gradeOrder = Object.fromEntries(inputs.compiled.scorings.map((s) => [s.id, s.gradeOrder]));
    if (values.by !== undefined && !hasField(inputs.leads, values.by)) {
      throw new UsageError(`--by ${values.by}: no sample lead has a field or column of that name (fields: ${Object.keys(inputs.compiled.catalog.fields).slice(0, 12).join(', ')}…)`);
    }
    const data: ReportData = {
      title: diff ? `LeadSpec report: ${diff.baseLabel} → working tree` : 'LeadSpec report',
      generated: isoUtc(Math.floor(Date.now() / 1000) * 1000),
      simulation: {
        source: sourceOf(inputs), as_of: head.as_of, gradeOrder, summary: head.summary,
        warnings: head.warnings.slice(0, WARNINGS_SHOWN), warningCount: head.warnings.length,
        problems: inputs.compiled.slaProblems.map((p) => `sla ${p.sla}${p.problem.commitment ? ` (${p.problem.commitment})` : ''}: ${p.problem.message}`),
        elapsedMs: Math.round(performance.now() - t0),
      },
      leads: head.leads,
      diff,
      breakdown: values.by !== undefined ? breakdown(head, inputs.leads, values.by, gradeOrder) : undefined,
      backtest: backtestOf(inputs),
    };
    const html = reportHtml(data, assets(), randomBytes(18).toString('base64'));
    try { mkdirSync(dirname(out), { recursive: true }); writeFileSync(out, html); }
    catch (e) { throw new InputError(`${values.out ?? out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
    process.stderr.write(`leadspec: wrote ${displayPath(out)} (${(html.length / 1024 / 1024).toFixed(2)} MB, ${head.leads.length.toLocaleString('en-US')} leads${diff ? `, compared with ${diff.baseLabel}` : ''})\n`);
    return 0;
  },
};

/** The working tree's backtest when the project declares outcomes (SPEC §11); a problem is a warning, not a failure. */
function backtestOf(inputs: SimulationInputs): BacktestResult | undefined {
  if (!inputs.project?.outcomes) return undefined;
  try {
    return backtest(inputs.compiled, resolveOutcomes(inputs.project, inputs.compiled.catalog), inputs.leads, inputs.asOf);
  } catch (e) {
    if (!(e instanceof OutcomesError)) throw e;
    process.stderr.write(`leadspec: warning: the backtest is left out of the report: ${e.message}\n`);
    return undefined;
  }
}

function sourceOf(i: SimulationInputs): string {
  return i.eventsFile ? `${i.leadsFile} + ${i.eventsFile}` : i.leadsFile;
}

export default command;
export const run = command.run;
