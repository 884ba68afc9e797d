// `leadspec sql`: prints the SQL that computes, per lead, what `leadspec simulate` computes:
// without --scoring ONE query for every model, ICP and SLA of the workspace (columns
// `<model>.fit`, `<sla>/<commitment>.status`, …), followed by the volume commitments' statement;
// with --scoring ID that model's query alone (plain column names). Run it where the data lives:
//   leadspec sql --dialect postgres | psql "$DATABASE_URL"      (reference: docs/sql.md)
import { dirname } from 'node:path';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from '../io/files.js';
import { compileSql, SqlUnsupportedError, TableNameError } from '../core/sql/compile.js';
import { DIALECTS } from '../core/sql/dialect.js';
import { collectWorkspace, catalogFor } from '../core/sql/workspace.js';
import { SlaRangeNeededError, type SlaRange } from '../core/sql/sla.js';
import type { SlaDef } from '../core/model.js';
import { requireValidDefinitions } from '../io/gate.js';
import { parseDatetime } from '../core/data/values.js';
import { emit, oneOf, parseCommandArgs, UsageError, type Command } from './common.js';

export const HELP = `leadspec sql [PATH…] [options]

Prints the SQL that computes, per lead, what leadspec simulate computes: without --scoring one
query for every model, ICP and SLA (then the volume commitments' statement); with --scoring ID
that model's query alone. Run it where the data lives:
  leadspec sql --dialect postgres | psql "$DATABASE_URL"
Definitions with errors are refused (exit 1, nothing on stdout).

Options:
  --dialect DIALECT   duckdb (default) | postgres
  --scoring ID        one model's query (plain column names)
  --leads-table T     the table of leads (default: leads)
  --events-table T    the table of events (default: events)
  --as-of ISO         evaluate at this instant (default: the project's as_of, else now in SQL)
  --from DATE         with --to: the dates the data spans, for the SLA calendars
  --to DATE           (default: the 2 years up to --as-of)
  --project FILE      the project definition (its folder is the workspace)
  --defs PATH…        definition files or folders (default: the workspace root)
  --out FILE          write the SQL to FILE instead of stdout (its folder is created)
  --strict            warnings are fatal too (exit 1, no SQL)
  -h, --help          this text

Exit status: 0 printed; 1 the definitions have errors (with --strict, any warning), or a
definition the SQL compiler cannot express; 2 usage or input error.
`;
const DAY_MS = 86_400_000;

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = {
  dialect: { type: 'string' }, scoring: { type: 'string' }, 'leads-table': { type: 'string' },
  'events-table': { type: 'string' }, 'as-of': { type: 'string' }, project: { type: 'string' },
  from: { type: 'string' }, to: { type: 'string' },
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
    if (ws.scorings.length === 0) throw new InputError(`no scoring model (kind: scoring) found under ${paths.length ? paths.join(', ') : root}`);
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
      // Duplicate ids: the first wins, as in the engine (the checker reports the others).
      const firstOf = <T extends { def: { id: string } }>(xs: T[]) => xs.filter((x, i) => xs.findIndex((y) => y.def.id === x.def.id) === i);
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
