// `leadspec sql`: prints the one SQL query that computes, per lead, what `leadspec simulate`
// computes for a scoring model (ICPs with tier and personas, fit, engagement, total, grade,
// mql, disqualified, per-rule points as JSON). Run it where the data lives:
//   leadspec sql --dialect postgres | psql "$DATABASE_URL"
import { dirname } from 'node:path';
import { findWorkspaceRoot, loadLeadspecFiles, InputError } from '../io/files.js';
import { compileSql, SqlUnsupportedError, TableNameError } from '../core/sql/compile.js';
import { DIALECTS } from '../core/sql/dialect.js';
import { collectWorkspace, catalogFor } from '../core/sql/workspace.js';
import { schemaDiagnosticsOfFile } from '../core/schema/index.js';
import { parseDatetime } from '../core/values.js';
import { emit, oneOf, parseCommandArgs, UsageError, type Command } from './common.js';

const USAGE = `usage: leadspec sql [PATH…] [--dialect duckdb|postgres] [--scoring ID] [--leads-table T] [--events-table T] [--as-of ISO] [--out FILE]`;

const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      dialect: { type: 'string' }, scoring: { type: 'string' }, 'leads-table': { type: 'string' },
      'events-table': { type: 'string' }, 'as-of': { type: 'string' }, project: { type: 'string' },
      defs: { type: 'string', multiple: true }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) { process.stdout.write(`${USAGE}\n`); return 0; }
    const dialect = oneOf('dialect', values.dialect, DIALECTS, 'duckdb');
    const paths = [...positionals, ...(values.defs ?? [])];
    const root = values.project ? dirname(values.project) : findWorkspaceRoot();
    const files = loadLeadspecFiles(paths.length ? paths : [root]);
    // Compiling a definition the schema rejects would give a query with an unknown meaning.
    let errors = 0;
    for (const f of files) {
      for (const d of [...f.diagnostics, ...schemaDiagnosticsOfFile(f)]) {
        if (d.severity !== 'error') continue;
        errors++;
        process.stderr.write(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${d.message}\n`);
      }
    }
    if (errors) { process.stderr.write(`leadspec sql: fix the ${errors} error(s) above first (leadspec validate)\n`); return 1; }

    const ws = collectWorkspace(files);
    if (ws.scorings.length === 0) throw new InputError(`no scoring model (kind: scoring) found under ${paths.length ? paths.join(', ') : root}`);
    let scoring = ws.scorings[0];
    if (values.scoring) {
      const s = ws.scorings.find((x) => x.def.id === values.scoring);
      if (!s) throw new UsageError(`--scoring '${values.scoring}' is not a scoring model here; models: ${ws.scorings.map((x) => x.def.id).join(', ')}`);
      scoring = s;
    } else if (ws.scorings.length > 1) {
      throw new UsageError(`several scoring models (${ws.scorings.map((x) => x.def.id).join(', ')}); pick one with --scoring ID`);
    }
    const asOfText = values['as-of'] ?? ws.project?.def.as_of;
    let asOfMs: number | undefined;
    if (asOfText !== undefined) {
      asOfMs = parseDatetime(String(asOfText));
      if (asOfMs === undefined) throw new UsageError(`--as-of '${asOfText}' is not an ISO 8601 datetime (e.g. 2026-11-20T12:00:00Z)`);
    }
    try {
      const compiled = compileSql({
        dialect, scoring, icps: ws.icps, catalog: catalogFor(ws, scoring.def), asOfMs,
        leadsTable: values['leads-table'], eventsTable: values['events-table'],
      });
      const note = ws.slas.length ? `-- SLA commitments are not computed in SQL; use leadspec simulate for them.\n` : '';
      emit(note + compiled.sql, values.out);
      return 0;
    } catch (e) {
      if (e instanceof SqlUnsupportedError) {
        process.stderr.write(`${e.message}\nleadspec sql: this definition cannot be compiled to SQL; leadspec simulate (in-process) still computes it.\n`);
        return 1;
      }
      if (e instanceof TableNameError) throw new UsageError(`--leads-table/--events-table: ${e.message}`);
      throw e;
    }
  },
};

export default command;

// Also a named export: under NodeNext the dynamic import may type as the module itself.
export const run = command.run;
