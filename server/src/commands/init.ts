// `leadspec init [DIR] [--from leads.csv] [--events events.jsonl] [--timezone ZONE]`: a project
// in DIR that validates, simulates and passes its tests at once — the catalog inferred from a CRM
// export (core/init/infer.ts), a starter ICP, model, SLA and tests (core/init/starter.ts) and the
// GitHub workflow (core/init/workflow.ts). Never overwrites: if a file exists, exit 2 naming it
// and write nothing. Without --from, a small example export is written and used.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseCommandArgs, UsageError, type Command } from './common.js';
import { InputError } from '../io/files.js';
import { csvSeparator, forEachCsvRecord } from '../core/data/csv.js';
import { csvError, DataError, detectFormat, jsonLine } from '../core/data/leads.js';
import { isValidTimeZone } from '../core/eval/calendar.js';
import { inferCatalog, inferEvents, type InferredColumn, type InferredEvent } from '../core/init/infer.js';
import { starterProject } from '../core/init/starter.js';
import { GITHUB_WORKFLOW_PATH, githubWorkflow } from '../core/init/workflow.js';
import { EXAMPLE_EVENTS_JSONL, EXAMPLE_LEADS_CSV } from '../core/init/example.js';
import { suggest } from '../core/check/suggest.js';

export const INIT_HELP = `leadspec init — start a LeadSpec project, from a CRM export or from a small example

Usage:
  leadspec init [DIR] [--from leads.csv] [--events events.jsonl] [--timezone ZONE]

Writes into DIR (default: the current folder; created if needed):
  leadspec.yaml   the project: where the sample leads (and events) are
  fields.yaml     the lead catalog, typed from the export's values: integer, number,
                  boolean (true/false, yes/no), date, datetime, enum (few values, repeated),
                  list (values holding ';'), else string; CRM headers such as "Number of
                  Employees" become field names, mapped back with \`column:\`
  icp.yaml        a starter ideal customer profile
  scoring.yaml    a starter scoring model on the inferred fields; grades set from the export
  sla.yaml        a first-touch (or weekly MQL) commitment on a business calendar
  tests.yaml      kind: test cases computed from the export
  .github/workflows/leadspec.yml   validate, test and diff on every pull request
                  (at the git repository's root when DIR is inside one)
It prints what it inferred for each column and why, and flags columns it could not type.
The export is referenced, not copied. Without --from, an example export (leads.csv,
events.jsonl) is written too.

Options:
  --from FILE       leads as a CSV export (*.tsv: tab-separated; a header row; the id column is found by name,
                    e.g. "Record ID", else the first column filled and unique in every row)
  --events FILE     events as JSON Lines, CSV or TSV (lead_id, event, at, properties)
  --timezone ZONE   the business calendar's IANA time zone (default: this computer's, else UTC)
  -h, --help        this text

Exit status: 0 written; 2 a usage or input error, or a file that already exists (nothing is
written then: leadspec init never overwrites).
`;

const fmt = (n: number) => n.toLocaleString('en-US');
const posix = (p: string) => p.split(sep).join('/');

function readText(path: string, what: string): string {
  if (!existsSync(path) || statSync(path).isDirectory()) throw new InputError(`${path}: no such ${what} file`);
  return readFileSync(path, 'utf8');
}

/** Header and rows of a CSV text (the loader's own reader), or an error with file:line:col. */
function csvRows(text: string, file: string): { header: string[]; rows: string[][] } {
  let header: string[] | undefined;
  const rows: string[][] = [];
  try {
    forEachCsvRecord(text, (cells) => {
      if (!header) header = cells;
      else if (!(cells.length === 1 && cells[0].trim() === '')) rows.push(cells);
    }, csvSeparator(file));
  } catch (e) {
    throw new InputError((e instanceof DataError ? e : csvError(file, e)).message);
  }
  if (!header) throw new InputError(`${file}:1:1: the file is empty; an export needs a header row`);
  return { header, rows };
}

/** Event records of a JSON Lines or CSV events file. */
function eventRecords(text: string, file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (detectFormat(file, text.slice(0, 64)) === 'csv') {
    const { header, rows } = csvRows(text, file);
    const h = header.map((c) => c.replace(/^\uFEFF/, '').trim());
    for (const need of ['lead_id', 'event', 'at']) if (!h.includes(need)) throw new InputError(`${file}:1:1: the header row has no \`${need}\` column (it has: ${h.join(', ')}); an events file needs lead_id, event, at`);
    for (const r of rows) out.push(Object.fromEntries(h.map((k, i) => [k, r[i] ?? ''])));
  } else {
    text.replace(/^\uFEFF/, '').split('\n').forEach((line, i) => jsonLine(line, i + 1, file, (rec) => out.push(rec), () => {}));
  }
  return out;
}

/** The folder holding `.git` at or above DIR (the workflow goes to its root), if any. */
function gitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}
function packageDir(dir: string, stop: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (d === stop || dirname(d) === d) return undefined;
  }
}

function systemZone(): string {
  const z = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return z && isValidTimeZone(z) ? z : 'UTC';
}

function report(cols: InferredColumn[], rows: number, file: string, events: InferredEvent[] | undefined, eventsFile: string | undefined): string {
  const oneLine = (s: string) => s.replace(/\s+/g, ' ');
  const w = Math.min(28, Math.max(...cols.map((c) => c.name.length)));
  const h = Math.min(30, Math.max(...cols.map((c) => oneLine(c.header).length + 2)));
  const line = (c: InferredColumn, text: string) => `  ${c.name.padEnd(w)}  ← ${`"${oneLine(c.header)}"`.padEnd(h)}  ${text}`;
  const out = [`Fields inferred from ${file} (${fmt(rows)} rows, ${cols.length} columns):`];
  for (const c of cols.filter((x) => !x.flag)) out.push(line(c, c.name === 'id' ? c.reason : `${c.type}: ${c.reason}`));
  const flagged = cols.filter((x) => x.flag);
  if (flagged.length) {
    out.push('', `Could not type ${flagged.length} column${flagged.length === 1 ? '' : 's'} (kept as string; fix the export, or the type in fields.yaml):`);
    for (const c of flagged) out.push(line(c, c.flag!));
  }
  if (events && eventsFile) {
    out.push('', `Events in ${eventsFile}: ${events.map((e) => `${e.name ?? e.event} ${fmt(e.count)}`).join(', ') || 'none'}`);
    for (const e of events.filter((x) => x.flag)) out.push(`  ! ${e.flag}`);
  }
  return out.join('\n') + '\n';
}

/** Every option the command accepts (parseArgs' table); `--help` lists each. */
const OPTIONS = {
  from: { type: 'string' }, events: { type: 'string' }, timezone: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

const command: Command = {
  options: OPTIONS,
  help: INIT_HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    if (positionals.length > 1) throw new UsageError(`init takes one folder, got ${positionals.length} (${positionals.join(', ')})`);
    const dir = resolve(positionals[0] ?? '.');
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`${positionals[0]}: is a file, not a folder`);
    const timezone = values.timezone ?? systemZone();
    if (!isValidTimeZone(timezone)) {
      const near = suggest(timezone, Intl.supportedValuesOf('timeZone'), 1)[0];
      throw new UsageError(`--timezone '${timezone}' is not an IANA time zone${near ? ` — did you mean '${near}'?` : ' (e.g. America/New_York, Europe/Berlin, UTC)'}`);
    }

    // The data: the user's export, or the example written beside the definitions.
    const example = values.from === undefined;
    if (example && values.events !== undefined) throw new UsageError('--events needs --from (the example brings its own events)');
    const leadsAbs = example ? join(dir, 'leads.csv') : resolve(values.from!);
    const eventsAbs = example ? join(dir, 'events.jsonl') : values.events !== undefined ? resolve(values.events) : undefined;
    const leadsText = example ? EXAMPLE_LEADS_CSV : readText(leadsAbs, 'leads');
    const eventsText = example ? EXAMPLE_EVENTS_JSONL : eventsAbs ? readText(eventsAbs, 'events') : undefined;
    const shown = (p: string) => posix(relative(process.cwd(), p) || '.');
    const leadsLabel = shown(leadsAbs), eventsLabel = eventsAbs ? shown(eventsAbs) : undefined;

    const { header, rows } = csvRows(leadsText, leadsLabel);
    if (header.length === 1 && /[;\t]/.test(header[0])) {
      throw new InputError(`${leadsLabel}:1:1: the header is one column holding '${header[0].includes(';') ? ';' : 'tab'}'-separated names; LeadSpec reads comma-separated CSV (tab-separated when the file is named *.tsv) — export (or save) it as CSV with commas`);
    }
    const catalog = inferCatalog(header, rows);
    if (!catalog.id) throw new InputError(`${leadsLabel}:1:1: no column can identify a lead: none is named like an id ("id", "Record ID", "Lead ID") and none is filled and unique in every row (columns: ${header.join(', ')})`);
    if (catalog.columns.length < 2) throw new InputError(`${leadsLabel}:1:1: the export has no column besides the id '${catalog.id.header}': nothing to score`);
    const events = eventsText !== undefined ? inferEvents(eventRecords(eventsText, eventsLabel!)) : undefined;

    const repo = gitRoot(dir) ?? dir;
    const pkg = packageDir(dir, repo) ?? repo;
    const projectId = basename(dir).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 63) || 'leadspec';
    const starter = starterProject({
      catalog, events, timezone, projectId: /^[a-z]/.test(projectId) ? projectId : 'leadspec',
      leadsPath: posix(relative(dir, leadsAbs)), eventsPath: eventsAbs ? posix(relative(dir, eventsAbs)) : undefined,
      leads: { text: leadsText, file: leadsLabel }, eventsData: eventsText !== undefined ? { text: eventsText, file: eventsLabel! } : undefined,
    });
    const files = starter.files.map((f) => ({ abs: join(dir, f.path), text: f.text }));
    files.push({ abs: join(repo, GITHUB_WORKFLOW_PATH), text: githubWorkflow({ projectDir: posix(relative(repo, dir)) || '.', packageDir: posix(relative(repo, pkg)) || '.' }) });
    if (example) files.push({ abs: leadsAbs, text: EXAMPLE_LEADS_CSV }, { abs: eventsAbs!, text: EXAMPLE_EVENTS_JSONL });

    const existing = files.filter((f) => existsSync(f.abs)).map((f) => shown(f.abs));
    if (existing.length) {
      throw new InputError(`would overwrite ${existing.join(', ')}; nothing was written (leadspec init never overwrites: move ${existing.length === 1 ? 'it' : 'them'} away, or pick another folder)`);
    }
    for (const f of files) {
      mkdirSync(dirname(f.abs), { recursive: true });
      writeFileSync(f.abs, f.text, { flag: 'wx' });           // wx: fail rather than overwrite, even in a race
    }

    const out = process.stdout;
    out.write(`LeadSpec project written to ${shown(dir)}${example ? ' (an example: no --from given)' : ''}\n\n`);
    out.write(report(catalog.columns, catalog.rows, leadsLabel, events, eventsLabel));
    const s = starter.summary;
    out.write(`\nStarter model '${'lead-score'}' on these ${fmt(s.leads)} leads: ${Object.entries(s.grades).map(([g, n]) => `${g} ${fmt(n)}`).join(' · ')}; ${fmt(s.mql)} MQL${s.mql === 1 ? '' : 's'}\n`);
    for (const n of starter.notes) out.write(`Note: ${n}\n`);
    out.write(`\nFiles:\n${files.map((f) => `  ${shown(f.abs)}`).join('\n')}\n`);
    const cd = shown(dir) === '.' ? '' : `cd ${shown(dir)} && `;
    out.write(`\nNext:\n  ${cd}npx leadspec validate    # 0 errors\n  ${cd}npx leadspec simulate    # grades, MQLs, the SLA over your leads\n  ${cd}npx leadspec test        # the cases of tests.yaml\n`);
    if (!example) out.write(`\nThe export stays where it is (${leadsLabel}); commit a sample without personal data if CI should run diff and test.\n`);
    return 0;
  },
};

export default command;

// Also a named export: under NodeNext the dynamic import may type as the module itself.
export const run = command.run;
