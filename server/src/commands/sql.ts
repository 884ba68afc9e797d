// `leadspec sql`: prints the SQL that computes, per lead, what `leadspec simulate` computes:
// without --scoring ONE query for every model, ICP and SLA of the workspace (columns
// `<model>.fit`, `<sla>/<commitment>.status`, …), followed by the volume commitments' statement;
// with --scoring ID that model's query alone (plain column names); with --backtest the backtest
// of SPEC §11 (core/sql/backtest.ts): one row, column `backtest`, the JSON document of
// `leadspec backtest --format json`. Run it where the data lives:
//   leadspec sql --dialect postgres | psql "$DATABASE_URL"      (reference: docs/sql.md)
import { dirname, resolve } from 'node:path';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from '../io/files.js';
import { compileSql, SqlUnsupportedError, TableNameError } from '../core/sql/compile.js';
import { DIALECTS, type DialectName } from '../core/sql/dialect.js';
import { collectWorkspace, catalogFor, type SqlWorkspace } from '../core/sql/workspace.js';
import { compileBacktestSql } from '../core/sql/backtest.js';
import { resolveOutcomes, OutcomesError } from '../core/outcomes/spec.js';
import type { Catalog } from '../core/data/leads.js';
import { SlaRangeNeededError, type SlaRange } from '../core/sql/sla.js';
import type { SlaDef } from '../core/model.js';
import { requireValidDefinitions } from '../io/gate.js';
import { chooseProject } from '../io/simulation-inputs.js';
import { parseDatetime } from '../core/data/values.js';
import { emit, oneOf, parseCommandArgs, UsageError, type Command } from './common.js';

export const HELP = `leadspec sql [PATH…] [options]

Prints the SQL that computes, per lead, what leadspec simulate computes: without --scoring one
query for every model, ICP and SLA (then the volume commitments' statement); with --scoring ID
that model's query alone. With --backtest, the backtest of every model against the project's
outcomes (SPEC §11): one row, one column \`backtest\` holding the JSON document that
leadspec backtest --format json prints. Run it where the data lives:
  leadspec sql --dialect postgres | psql "$DATABASE_URL"
  leadspec sql --backtest --dialect postgres | psql -At "$DATABASE_URL" > backtest.json
Definitions with errors are refused (exit 1, nothing on stdout).

Options:
  --dialect DIALECT   duckdb (default) | postgres
  --scoring ID        one model's query (plain column names)
  --leads-table T     the table of leads (default: leads)
  --events-table T    the table of events (default: events)
  --as-of ISO         evaluate at this instant (default: the project's as_of, else the latest
                      event or datetime value of the data); with --backtest the score date
                      (overrides outcomes.as_of; with a boolean flag, the simulation's as_of)
  --backtest          the backtest query (SPEC §11) instead of the per-lead query
  --horizon DUR       with --backtest: overrides outcomes.horizon
  --capacity N|P%     with --backtest: overrides outcomes.capacity
  --from DATE         with --to: the dates the data spans, for the SLA calendars
  --to DATE           (default: the 2 years up to --as-of)
  --project FILE      the project definition whose as_of and outcomes apply (its folder is the workspace)
  --defs PATH…        definition files or folders (default: the workspace root)
  --out FILE          write the SQL to FILE instead of stdout (its folder is created)
  --strict            warnings are fatal too (exit 1, no SQL)
  -h, --help          this text

Exit status: 0 printed; 1 the definitions have errors (with --strict, any warning), or a
definition the SQL compiler cannot express; 2 usage or input error (with --backtest: no
outcomes declared).
`;
const DAY_MS = 86_400_000;

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = {
  dialect: { type: 'string' }, scoring: { type: 'string' }, 'leads-table': { type: 'string' },
  'events-table': { type: 'string' }, 'as-of': { type: 'string' }, project: { type: 'string' },
  from: { type: 'string' }, to: { type: 'string' },
  backtest: { type: 'boolean' }, horizon: { type: 'string' }, capacity: { type: 'string' },
  defs: { type: 'string', multiple: true }, out: { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

const command: Command = {
  options: OPTIONS,
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    const dialect = oneOf('dialect', values.dialect, DIALECTS, 'duckdb');
    const paths = [...positionals, ...(values.defs ?? [])];
    const root = values.project ? dirname(values.project) : findWorkspaceRoot();
    const files = loadLeadspecFiles(paths.length ? paths : [root]);
    // The gate: compiling a definition that fails validation gives a query with an unknown meaning.
    requireValidDefinitions(files, { command: 'sql', strict: values.strict });

    const ws = collectWorkspace(files);
    // --project names the project whose as_of and outcomes apply (as simulate takes it), not the workspace's first.
    const chosen = values.project !== undefined ? chooseProject(files, resolve(values.project)) : undefined;
    if (chosen?.project && chosen.projectDoc) ws.project = { def: chosen.project, doc: chosen.projectDoc };
    if (ws.scorings.length === 0) throw new InputError(`no scoring model (kind: scoring) found under ${paths.length ? paths.join(', ') : root}`);
    if (!values.backtest) {
      for (const flag of ['horizon', 'capacity'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} is an option of --backtest`);
    }
    if (values.backtest) return backtestSql(ws, values, dialect);
    const asOfText = values['as-of'] ?? ws.project?.def.as_of;
    let asOfMs: number | undefined;
    if (asOfText !== undefined) {
      asOfMs = parseDatetime(String(asOfText));
      if (asOfMs === undefined) throw new UsageError(`--as-of '${asOfText}' is not an ISO 8601 datetime (e.g. 2026-11-20T12:00:00Z)`);
    }
    const tables = { leadsTable: values['leads-table'], eventsTable: values['events-table'] };
    try {
      if (values.scoring) {
        const scoring = ws.scorings.find((x) => x.def.id === values.scoring);
        if (!scoring) throw new UsageError(`--scoring '${values.scoring}' is not a scoring model here; models: ${ws.scorings.map((x) => x.def.id).join(', ')}`);
        const compiled = compileSql({ dialect, scoring, icps: ws.icps, catalog: catalogFor(ws, scoring.def), asOfMs, ...tables });
        const note = ws.slas.length ? `-- SLA commitments are computed by leadspec sql without --scoring.\n` : '';
        emit(note + compiled.sql, values.out);
        return 0;
      }
      const compiled = compileSql({
        dialect, scorings: firstOf(ws.scorings), icps: firstOf(ws.icps), slas: firstOf(ws.slas.map((doc) => ({ def: doc.value as SlaDef, doc }))),
        catalog: catalogFor(ws, undefined), asOfMs, slaRange: slaRange(values.from, values.to, asOfMs), ...tables,
      });
      emit(compiled.sql + (compiled.volumeSql ? `\n${compiled.volumeSql}` : ''), values.out);
      return 0;
    } catch (e) {
      if (e instanceof SqlUnsupportedError) {
        process.stderr.write(`${e.message}\nleadspec sql: this definition cannot be compiled to SQL; leadspec simulate (in-process) still computes it.\n`);
        return 1;
      }
      if (e instanceof TableNameError) throw new UsageError(`--leads-table/--events-table: ${e.message}`);
      if (e instanceof SlaRangeNeededError) throw new UsageError(`the SLA calendars need the dates the data spans: pass --from DATE --to DATE (or --as-of, for the two years up to it)`);
      throw e;
    }
  },
};

// Duplicate ids: the first wins, as in the engine (the checker reports the others).
const firstOf = <T extends { def: { id: string } }>(xs: T[]) => xs.filter((x, i) => xs.findIndex((y) => y.def.id === x.def.id) === i);

/** `--backtest`: the backtest of every model against the project's outcomes, as one query. */
function backtestSql(ws: SqlWorkspace, values: { [k: string]: unknown }, dialect: DialectName): number {
  for (const flag of ['scoring', 'from', 'to'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} cannot be used with --backtest (it covers every model and ICP; SLAs are not part of a backtest)`);
  }
  const catalog = catalogFor(ws, undefined);
  const asOf = values['as-of'] as string | undefined;
  let spec;
  try {
    spec = resolveOutcomes(ws.project?.def, { fields: catalog?.fields ?? {}, events: catalog?.events ?? {} } as unknown as Catalog,
      { asOf, horizon: values.horizon as string | undefined, capacity: values.capacity as string | undefined });
  } catch (e) {
    if (e instanceof OutcomesError) throw new UsageError(e.message);
    throw e;
  }
  // With a flag there is no score date: the simulation's as_of (--as-of, the project's, else the data's).
  let flagAsOfMs: number | undefined;
  const simAsOf = asOf ?? (ws.project?.def.as_of === undefined ? undefined : String(ws.project.def.as_of));
  if (spec.converted.kind === 'flag' && simAsOf !== undefined) {
    flagAsOfMs = parseDatetime(simAsOf);
    if (flagAsOfMs === undefined) throw new UsageError(`${asOf !== undefined ? '--as-of' : 'as_of'} '${simAsOf}' is not an ISO 8601 datetime (e.g. 2026-11-20T12:00:00Z)`);
  }
  try {
    const compiled = compileBacktestSql({
      dialect, scorings: firstOf(ws.scorings), icps: firstOf(ws.icps), catalog, spec, flagAsOfMs,
      leadsTable: values['leads-table'] as string | undefined, eventsTable: values['events-table'] as string | undefined,
    });
    emit(compiled.sql, values.out as string | undefined);
    return 0;
  } catch (e) {
    if (e instanceof SqlUnsupportedError) {
      process.stderr.write(`${e.message}\nleadspec sql: this definition cannot be compiled to SQL; leadspec backtest (in-process) still computes it.\n`);
      return 1;
    }
    if (e instanceof TableNameError) throw new UsageError(`--leads-table/--events-table: ${e.message}`);
    throw e;
  }
}

/** The SLA calendars' days: --from/--to, else the two years up to as_of; none without either. */
function slaRange(from: string | undefined, to: string | undefined, asOfMs: number | undefined): SlaRange | undefined {
  const day = (flag: string, v: string) => {
    const ms = parseDatetime(v);
    if (ms === undefined) throw new UsageError(`--${flag} '${v}' is not a date (YYYY-MM-DD) or ISO 8601 datetime`);
    return ms;
  };
  const toMs = to !== undefined ? day('to', to) + (/^\d{4}-\d{2}-\d{2}$/.test(to.trim()) ? DAY_MS - 1 : 0) : asOfMs;
  const fromMs = from !== undefined ? day('from', from) : toMs !== undefined ? toMs - 731 * DAY_MS : undefined;
  if (fromMs === undefined || toMs === undefined) return undefined;
  if (fromMs > toMs) throw new UsageError(`--from ${from} is after --to ${to ?? 'as_of'}`);
  return { fromMs, toMs: asOfMs !== undefined ? Math.max(toMs, asOfMs) : toMs };
}

export default command;

// Also a named export: under NodeNext the dynamic import may type as the module itself.
export const run = command.run;
