// `simulate --engine duckdb` against `--engine memory` over a corpus of broken sample files (the
// built CLI as a process): the same stdout byte for byte — the same leads, the same warnings with
// the same lines — and the same exit status and error, whether DuckDB read the file or fell back
// to the in-process loader; a fallback says why on stderr, and files DuckDB reads the same way
// (value-level problems, a BOM, consistent CRLF) do not fall back. `auto` therefore gives the
// same result whatever the size of the files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDuckdb, scanForDuckdb, stageInputs, type CatalogLike } from '../../server/src/io/duckdb.js';
import { rng } from '../../bench/prng.js';

// The first line of a definition, written so that this file's code is not taken for YAML by
// the fast-YAML corpus test (test/unit/fastyaml.test.ts reads text between backticks).
const V1 = ['leadspec', 'v1'].join(': ');
const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = join(ROOT, '.cache', `duckdb-data-parity-${process.pid}`);

function cli(args: string[], cwd = DIR) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const H = 'id,company,employees,industry,plan';
/**
 * Every kind of cell DuckDB's typing (io/duckdb.ts fastParse) leaves to the loader, or must not
 * read although DuckDB would: each is read by the loader's own parser, with its value or its
 * warning. Columns: revenue number (min 0), active boolean, since date, seen_at datetime.
 */
const CH = `${H},revenue,active,since,seen_at`;
const CELLS = [
  'L1,a,10,SaaS,x,1000,true,2026-01-02,2026-11-01T10:00:00Z',
  'L2,b, 12 ,saas,x,1e3,Yes, 2026-01-02,2026-11-12T01:00Z',
  'L3,c,2.5, SaaS ,x,inf,TRUE,2026-1-2,2026-11-20T09:30:00+01:00',
  'L4,d,-1,Mining,x,nan,maybe,2026/01/02,2026-11-20 09:30:00',
  'L5,e,1_000,Retail,x,1e400, y,12026-01-02,2026-11-20 10:00',
  'L6,f,,,x,   ,,,',
  'L7,g,0x10,RETAIL,x,+.5,0,2026-02-30,2026-11-20T24:00:00Z',
  'L8,h,1e3,retail ,x,5.,N,2026-02-28,2026-11-20T23:59:60Z',
  'L9,i,7,SaaS,x,-5,no, 026-01-02,12026-11-20T09:30:00Z',
  'L10,j,8,SaaS,x,"1,5",false,epoch,2026-11-20T09:30:00 Europe/Berlin',
  'L11,k,9,SaaS,x,0.25,1,0026-01-02,2026-11-20T09:30:00.123Z',
  'L12,l,10,SaaS,x,12,yes,2026-11-19,0026-11-20T09:30:00Z',
  'L13,m,11,SaaS,x,13,y,2026-11-19,2026-11-20T09:30:00.1234567Z',
  'L14,n,12,SaaS,x,14,n,2026-11-19,2026-11-20T09:30:00z',
  'L15,o,13,SaaS,x,15,Y,2026-11-19, 026-11-20T10:00:00Z',
  'L16,p,14,SaaS,x,16,True,2026-11-19,infinity',
  'L17,q,15,SaaS,x,17,FALSE,2026-11-19,2026-11-20T9:30:00Z',
];
/**
 * Date-times of the two shapes' byte lengths (20, 24: fastParse picks the LIKE shape by it) that
 * are not those shapes: DuckDB's cast reads most of them, some otherwise than the loader (it drops
 * an offset: `+0100`), some where the loader refuses them (one-digit hours, `0.5` seconds). Times
 * around the `seen` rule's 2026-11-12T01:00:00Z, so that a value read otherwise changes a score.
 */
const DATETIME_LENGTHS = [CH, CELLS[0], ...[
  '2026-11-12T01:30:00+0100', '2026-11-12T00:30:00-0100', '2026-11-12T01:30:00.1+02', '2026-11-12 1:30:00.1234Z', '2026-11-12T01:30:0.5Z   ',
  '2026-11-12T00:30:00Z    ', '2026-11-12 01:30:00.123Z', '2026-11-12T00:30:00.5Z  ', '2026-11-12T01:30:0\u0663Z', '2026-11-12T1:30:00Z ',
  '2026-11-12 01:30:00Z', '2026-11-12T01:30:00ZZZZ', '2026-11-12T01:30:00.123Z', '2026-11-12T01:30:00Z', '2026-11-12T00:30:00.1234',
].map((t, i) => `L${40 + i},c,${i},SaaS,x,${i},true,2026-11-19,${t}`)];
const CELL_EVENTS = [
  'lead_id,event,at,minutes',
  'L1,visit,2026-11-01T00:00:00Z,5', 'L1,Visit,2026-11-01T00:00:00Z,', 'L1, visit ,2026-11-02T00:00:00.500Z,',
  'L2,visit,2026-11-12T01:00Z,9', 'L2,visit,2026-11-12T01:00:00+01:00,', 'L2,call,2026-11-12T01:00:00Z,abc', 'L2,visit,2026-11-12T01:00:00Z,abc',
  'L3,webinar,2026-11-12T03:00Z,', 'L3,webinar,2026-11-12T03:00:00Z,', 'L4,webinar2,soon,', 'L4,webinar2,2026-11-12T03:00:00Z,',
  ',visit,2026-11-12T03:00:00Z,', 'L1,,2026-11-12T03:00:00Z,', 'L1,visit,,', 'L99,visit,2026-11-12T03:00:00Z,',
  'L1,visit,2026-11-12T03:00:00Z, 7', 'L1,visit,2026-11-12T03:00:00Z,inf', 'L1,visit,2026-11-12T03:00:00Z,1_000', 'L1,visit,2026-11-12T03:00:00Z,   ',
  'L5,visit,2026-11-12 03:00:00,30', 'L6,visit,2026-11-12T03:00:00.000Z,nan', 'L7,visit,12026-11-12T03:00:00Z,', 'L8,visit,2026-11-12T03:00:00.12Z,20',
  'L1,visit,2026-11-12T03:00:00Z    ,', 'L1,visit,2026-11-12 03:00:00.250Z,', 'L2,visit,2026-11-12T03:00:00.5Z  ,', 'L2,visit,2026-11-12T03:00:0٣Z,',
  'L3,visit,2026-11-12 03:00:00Z,', 'L3,visit,2026-11-12T03:00:00.25Z ,',
];

/**
 * CELLS with records on several lines (quoted line breaks, a `""` escape beside one) and ragged
 * rows (too many cells, too few, a row of spaces, one spanning lines) before the bad cells, and a
 * duplicate id after them. `\n` inside a cell becomes `\r\n` in the CRLF copy, as an export writes it.
 */
const RAGGED = [
  CH, CELLS[0], 'L30,"two\nlines",5,SaaS,x,1,true,2026-01-02,2026-11-01T10:00:00Z', CELLS[1],
  'L31,"say ""hi""\nand\nbye",6,SaaS,x,2,no,2026-01-03,2026-11-02T10:00:00Z',
  'L32,wide,7,SaaS,x,3,yes,2026-01-04,2026-11-03T10:00:00Z,extra,more', 'L33,narrow,8', '   ',
  'L34,"narrow\nand tall",many', ...CELLS.slice(2), 'L35,e,"1,5",SaaS,x,1,maybe,2026-13-01,soon,x', 'L30,dup,1,SaaS,x,1,y,2026-01-02,2026-11-01T10:00:00Z',
];
const RAGGED_EVENTS = [
  'lead_id,event,at,minutes,note', 'L1,visit,2026-11-01T00:00:00Z,5,"a\nnote"', 'L1,visit,2026-11-02T00:00:00Z,6,ok,extra',
  'L2,visit', 'L2,visit,2026-11-03T00:00:00Z,abc,"two\nlines"', 'L99,visit,2026-11-03T00:00:00Z,,', 'L1,call,soon,,',
  'L3,visit,2026-11-04T00:00:00Z', 'L1,webinar,2026-11-05T00:00:00Z,,', 'L2,visit,2026-11-06T00:00:00Z,inf,',
];
const crlf = (rows: string[]) => rows.map((r) => r.replace(/\n/g, '\r\n')).join('\r\n') + '\r\n';
/**
 * CELL_EVENTS without the `minutes` column: `at` is then the only doubtful cell, whose text the
 * staging stores as the cell itself instead of a one-item list (io/duckdb.ts `badText`); its
 * warnings must quote the same text. Ragged rows too (they are typed by the same select).
 */
const TIME_EVENTS = CELL_EVENTS.map((r) => r.split(',').slice(0, 3).join(','));
const TIME_EVENTS_RAGGED = [...TIME_EVENTS.slice(0, 4), 'L1,visit', 'L1,visit,not a time,extra', 'L2,call,soon', ...TIME_EVENTS.slice(4)];

/** name → [bytes, does DuckDB read it the same way (no fallback)?] */
const LEADS: Record<string, [string | Buffer, boolean]> = {
  'values.csv': [`${H}\nL1,a,many,SaaS,x\n,b,2,SaaS,x\nL1,c,3,SaaS,x\nL4,d,-5,Mining,x\nL5,"e, inc",7,retail,x\nL6,f,1e3,SaaS,\n`, true],
  'crlf.csv': [`${H}\r\nL1,a,10,SaaS,x\r\nL2,b,n/a,SaaS,x\r\n`, true],
  'bom.csv': [`\uFEFF${H}\nL1,a,10,SaaS,x\nL2,b,zz,SaaS,x\n`, true],
  'mixed.csv': [`${H}\r\nL1,a,1,SaaS,x\nL2,b,2,SaaS,x\rL3,c,many,SaaS,x\nL4,d,4,SaaS,x\rL5,e,5,SaaS,x\n`, false],
  'cr.csv': [`${H}\rL1,a,1,SaaS,x\rL2,b,bad,SaaS,x\r`, false],
  'crlf-one-lf.csv': [`${H}\r\nL1,a,1,SaaS,x\r\nL2,b,2,SaaS,x\nL3,c,bad,SaaS,x\r\n`, false],
  'blank.csv': [`${H}\nL1,a,1,SaaS,x\n\nL2,b,bad,SaaS,x\n`, false],
  'quoted-newline.csv': [`${H}\nL1,"two\nlines",1,SaaS,x\nL2,b,bad,SaaS,x\n`, true],
  'unclosed.csv': [`${H}\nL1,a,1,SaaS,x\nL2,"open,2,SaaS,x\nL3,c,3,SaaS,x\n`, false],
  'after-quote.csv': [`${H}\nL1,"a"x,1,SaaS,x\nL2,b,bad,SaaS,x\n`, false],
  'bad-utf8.csv': [Buffer.concat([Buffer.from(`${H}\nL1,a`), Buffer.from([0xff]), Buffer.from(',1,SaaS,x\nL2,b,bad,SaaS,x\n')]), false],
  'nul.csv': [`${H}\nL1\0,a,1,SaaS,x\nL2,b,bad,SaaS,x\n`, false],
  'dup-header.csv': ['id,company,company,employees\nL1,a,A,1\nL2,b,B,bad\n', false],
  'unnamed-header.csv': ['id,,employees\nL1,a,1\nL2,b,bad\n', false],
  'ragged.csv': [`${H}\nL1,a,1,SaaS,x,extra\nL2,b\nL3,c,bad,SaaS,x\n`, true],
  'proto.csv': ['id,__proto__,constructor,employees\nL1,p,c,1\nL2,q,d,bad\n', true],
  'stray-quote.csv': [`${H}\nL1,5" screen,1,SaaS,x\nL2,b,bad,SaaS,x\n`, true],
  'cells.csv': [[CH, ...CELLS].join('\n') + '\n', true],
  // Every kind of bad cell after records spanning lines and ragged rows: the lines must still match.
  'cells-ragged.csv': [RAGGED.join('\n') + '\n', true],
  'datetime-lengths.csv': [DATETIME_LENGTHS.join('\n') + '\n', true],
  'cells-ragged-crlf.csv': [crlf(RAGGED), true],
  // JSON that DuckDB's reader accepts and JSON.parse does not, or reads otherwise: computed in-process.
  'trailing-comma.json': ['[{"id":"L1","company":"a","employees":3,},{"id":"L2","company":"b"}]', false],
  'nan.json': ['[{"id":"L1","company":"a","revenue":NaN},{"id":"L2","company":"b"}]', false],
  'repeated-key.json': ['[{"id":"L1","company":"a","employees":1,"employees":9},{"id":"L2","company":"b"}]', false],
  // A NUL from an escape: the loader removes it from an id (with a warning), DuckDB would keep it.
  'nul-escape.json': ['[{"id":"L1\\u0000","company":"a"},{"id":"L2","company":"b\\u0000c"},{"id":"L3","company":"\\u00001"}]', false],
  // … and text that only looks like those, inside strings, nested or spaced: read by DuckDB.
  'lookalikes.json': ['[\n {"id": "L1", "company": "a,}", "industry": "NaN", "employees": 1e1, "note": {"employees": 2}},\n {"id":"L2","company":"say \\"x,]\\" Infinity","employees":-2.5E+1, "active": true, "since": null}\n]\n', true],
};
const EVENTS: Record<string, [string, boolean]> = {
  'cells-events.csv': [CELL_EVENTS.join('\n') + '\n', true],
  'events-ragged.csv': [RAGGED_EVENTS.join('\n') + '\n', true],
  'events-ragged-crlf.csv': [crlf(RAGGED_EVENTS), true],
  'events-times.csv': [TIME_EVENTS.join('\n') + '\n', true],
  'events-times-ragged-crlf.csv': [crlf(TIME_EVENTS_RAGGED), true],
  'events.jsonl': ['{"lead_id":"L1","event":"visit","at":"2026-11-01T00:00:00Z"}\n{"lead_id":"L9","event":"visit","at":"2026-11-02T00:00:00Z"}\n{"lead_id":"L1","event":"visit","at":"soon"}\n', true],
  'events-blank.jsonl': ['{"lead_id":"L1","event":"visit","at":"2026-11-01T00:00:00Z"}\n\n{"lead_id":"L9","event":"visit","at":"2026-11-02T00:00:00Z"}\n', false],
  'events-broken.jsonl': ['{"lead_id":"L1","event":"visit","at":"2026-11-01T00:00:00Z"}\n{"lead_id": \n{"lead_id":"L9","event":"visit","at":"2026-11-02T00:00:00Z"}\n', false],
  'events-trailing-comma.jsonl': ['{"lead_id":"L1","event":"visit","at":"2026-11-01T00:00:00Z"}\n{"lead_id":"L1","event":"visit","at":"2026-11-02T00:00:00Z","minutes":9 , }\n', false],
  'events-infinity.jsonl': ['{"lead_id":"L1","event":"visit","at":"2026-11-01T00:00:00Z","minutes":-Infinity}\n{"lead_id":"L1","event":"visit","at":"2026-11-02T00:00:00Z"}\n', false],
  'events-repeated-key.jsonl': ['{"lead_id":"L1","event":"call","at":"2026-11-01T00:00:00Z","event":"visit"}\n{"lead_id":"L1","event":"visit","at":"2026-11-02T00:00:00Z"}\n', false],
  'events-lookalikes.jsonl': ['{"lead_id":"L1","event":"visit","at":"2026-11-01T00:00:00Z","note":"NaN,}","meta":{"event":"call"},"minutes":7}\n{"lead_id":"L1","event":"visit","at":"2026-11-02T00:00:00Z","x":[1,"a"],"y":"\\",]"}\n{"lead_id":"L2","event":"call","at":"2026-11-02T00:00:00Z","ok":false,"n":null}\n', true],
  'events-mixed.csv': ['lead_id,event,at\r\nL1,visit,2026-11-01T00:00:00Z\nL9,visit,2026-11-02T00:00:00Z\rL1,visit,soon\n', false],
};

before(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'fields.yaml'), [
    V1, 'kind: fields', 'id: crm', 'fields:',
    '  company: { type: string }', '  employees: { type: integer, min: 0 }', '  industry: { type: enum, values: [SaaS, Retail] }',
    '  revenue: { type: number, min: 0 }', '  active: { type: boolean }', '  since: { type: date }', '  seen_at: { type: datetime }',
    'events:', '  visit: { properties: { minutes: number } }', '  call: {}', '',
  ].join('\n'));
  writeFileSync(join(DIR, 'scoring.yaml'), [
    V1, 'kind: scoring', 'id: m', 'fit:', '  rules:',
    '    - { id: big, points: 10, when: { employees: { gte: 2 } } }',
    '    - { id: saas, points: 5, when: { industry: SaaS } }',
    '    - { id: revenue, points: 1, when: { revenue: { gte: 100 } } }',
    '    - { id: active, points: 2, when: { active: true } }',
    '    - { id: since, points: 3, when: { since: { gte: 2026-01-02 } } }',
    '    - { id: seen, points: 4, when: { seen_at: { gte: "2026-11-12T01:00:00Z" } } }',
    'engagement:', '  rules:', '    - { id: visits, event: visit, points: 3 }', '    - { id: long, event: visit, where: { minutes: { gte: 5 } }, points: 2 }',
    'grades:', '  - { id: a, min: 10 }', '  - { id: b }', '',
  ].join('\n'));
  for (const [name, [bytes]] of Object.entries({ ...LEADS, ...EVENTS })) writeFileSync(join(DIR, name), bytes);
});
after(() => { if (!process.env.KEEP) for (const d of [DIR, `${DIR}-mapped`, `${DIR}-json`, `${DIR}-projects`]) rmSync(d, { recursive: true, force: true }); });

function compare(leads: string, events: string | undefined, duckdbSame: boolean): void {
  const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', leads, ...(events ? ['--events', events] : [])];
  const mem = cli([...base, '--engine', 'memory']);
  const duck = cli([...base, '--engine', 'duckdb']);
  const what = `${leads} + ${events ?? 'no events'}`;
  assert.equal(duck.code, mem.code, `${what}: exit status\n${duck.err}\n${mem.err}`);
  assert.equal(duck.out, mem.out, `${what}: stdout`);
  const note = /computing in-process instead/;
  if (duckdbSame) assert.doesNotMatch(duck.err, note, `${what}: DuckDB reads it the same way, no fallback\n${duck.err}`);
  else assert.match(duck.err, note, `${what}: a fallback says why`);
  // Errors (exit 2) are the in-process loader's, with its line and column.
  for (const line of mem.err.split('\n').filter(Boolean)) assert.ok(duck.err.includes(line), `${what}: ${line}`);
  assert.doesNotMatch(duck.err, /\n\s+at /, 'no stack trace');
  for (const dir of [DIR, realpathSync(DIR)]) assert.ok(!duck.err.includes(dir), `${what}: files are named as the user wrote them, not by absolute path\n${duck.err}`);
  if (mem.code === 0) {
    const j = JSON.parse(mem.out);
    // Nothing lost: every data row is a lead or named by a warning.
    assert.ok(j.leads.length > 0, what);
    // The text report too: its header names the files, where as_of came from and the events the leads hold.
    const text = base.map((a) => (a === 'json' ? 'text' : a));
    assert.equal(cli([...text, '--engine', 'duckdb']).out, cli([...text, '--engine', 'memory']).out, `${what}: the text report`);
  }
}

for (const [leads, [, same]] of Object.entries(LEADS)) {
  test(`duckdb = memory on ${leads}`, () => compare(leads, 'events.jsonl', same));
}

test('without --as-of: the latest time among the events the leads hold (an event of an unknown lead or without a time is not the sample\'s), and the report says so', () => {
  for (const format of ['json', 'text']) {
    const base = ['simulate', '--format', format, '--leads', 'values.csv', '--events', 'events.jsonl'];
    const mem = cli([...base, '--engine', 'memory']), duck = cli([...base, '--engine', 'duckdb']);
    assert.equal(mem.code, 0, mem.err);
    assert.equal(duck.out, mem.out, format);
  }
  assert.match(cli(['simulate', '--format', 'text', '--engine', 'duckdb', '--leads', 'values.csv', '--events', 'events.jsonl']).out, /as of 2026-11-01T00:00:00Z \(the latest time in the sample\)/);
});
for (const [events, [, same]] of Object.entries(EVENTS)) {
  test(`duckdb = memory on events ${events}`, () => compare('values.csv', events, same));
}

/**
 * Ids, lead ids and event names with white space or a control character at an end, and events
 * with every problem the staging finds set-based (io/duckdb.ts stageEvents: an anti join for the
 * unknown leads, tests on the row for the rest, the first event of each undeclared name among
 * those the loader keeps): an undeclared name first seen on an unknown lead, on a row without a
 * lead or a time, then on a known lead (the warning belongs there); a name seen only on unknown
 * leads. `\x01` and `\x1f` sort below `!` like white space but are not trimmed by either engine.
 */
const SPACED = ['id,company,employees,industry,plan', ' L1,a,1,SaaS,x', 'L2\t,b,2,SaaS,x', '"\nL3",c,3,SaaS,x', '\x01L4,d,4,SaaS,x',
  'L5\x1f,e,5,SaaS,x', ' L6 ,f,6,SaaS,x', 'L7,g,7,SaaS,x', '\t,h,8,SaaS,x', '" \n",i,9,SaaS,x',
  // White space beyond ASCII's (JavaScript's trim: no-break and other spaces, line separators, a BOM), and one that is not (U+180E).
  'L8\u00a0,j,1,SaaS,x', '\vL9\f,k,2,SaaS,x', '\u3000L10\u2028,l,3,SaaS,x', '\ufeffL11\u2003,m,4,SaaS,x', 'L12\u180e,n,5,SaaS,x', '\u00a0,o,6,SaaS,x'];
const SPACED_EVENTS = ['lead_id,event,at,minutes', 'L1,visit,2026-11-01T00:00:00Z,5', ' L2 ,\tvisit,2026-11-02T00:00:00Z,', '"L3\n",call ,2026-11-03T00:00:00Z,',
  '\x01L4,visit,2026-11-04T00:00:00Z,', 'L4,visit,2026-11-04T00:00:00Z,', 'L5\x1f,visit\x1f,2026-11-05T00:00:00Z,', '\x01L5,call,2026-11-05T00:00:00Z,',
  'L99,demo,2026-11-06T00:00:00Z,', ',demo,2026-11-06T00:00:00Z,', '"\t",demo,2026-11-06T00:00:00Z,', 'L6,demo,,', 'L6,demo,later,',
  'L6,Demo,2026-11-06T00:00:00Z,', 'L7,demo,2026-11-07T00:00:00Z,', 'L98,webinar,2026-11-08T00:00:00Z,', 'L97,webinar,2026-11-08T00:00:00Z,',
  '"",visit,2026-11-09T00:00:00Z,', 'L7,"",2026-11-09T00:00:00Z,', 'L7, ,2026-11-09T00:00:00Z,', 'L7,visit ,2026-11-09T00:00:00Z,x',
  'L7,\x01visit,2026-11-09T00:00:00Z,', 'L7,visit,2026-11-10T00:00:00Z,6',
  'L8,visit,2026-11-10T00:00:00Z,', 'L9\u00a0,visit\u2003,2026-11-10T00:00:00Z,', '\u202fL10,\u205fvisit\u3000,2026-11-10T00:00:00Z,', 'L11,visit\ufeff,2026-11-10T00:00:00Z,',
  'L12\u180e,visit\u180e,2026-11-10T00:00:00Z,', 'L12,visit,2026-11-10T00:00:00Z,', '\u00a0,visit,2026-11-10T00:00:00Z,', 'L8,\u00a0,2026-11-10T00:00:00Z,',
];
const SPACED_JSONL = [
  { lead_id: ' L1\t', event: 'visit\n', at: '2026-11-01T00:00:00Z', minutes: 5 }, { lead_id: null, event: 'visit', at: '2026-11-01T00:00:00Z' },
  { event: 'visit', at: '2026-11-01T00:00:00Z' }, { lead_id: 'L99', event: 'demo', at: '2026-11-02T00:00:00Z' }, { lead_id: 'L6', event: ' Demo', at: 'soon' },
  { lead_id: 'L6', event: 'demo ', at: '2026-11-03T00:00:00Z' }, { lead_id: '\x01L4', event: 'call', at: '2026-11-03T00:00:00Z' }, { lead_id: 7, event: 'visit', at: '2026-11-04T00:00:00Z' },
].map((r) => JSON.stringify(r)).join('\n') + '\n';

test('ids, lead ids and event names with white space or control characters at their ends, and events with every problem: duckdb = memory', () => {
  writeFileSync(join(DIR, 'spaced.csv'), SPACED.join('\n') + '\n');
  writeFileSync(join(DIR, 'spaced-events.csv'), SPACED_EVENTS.join('\n') + '\n');
  writeFileSync(join(DIR, 'spaced-events.jsonl'), SPACED_JSONL);
  compare('spaced.csv', 'spaced-events.csv', true);
  compare('spaced.csv', 'spaced-events.jsonl', true);
  // The cases are there: the undeclared warning at the first known lead's row, trimmed names counted.
  const j = JSON.parse(cli(['simulate', '--format', 'json', '--engine', 'duckdb', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'spaced.csv', '--events', 'spaced-events.csv']).out) as
    { leads: { id: string; scores: { m: { explanation: { rule?: string; events?: number }[] } } }[]; warnings: { file: string; row: number; message: string }[] };
  const ev = (row: number) => j.warnings.filter((w) => w.file === 'spaced-events.csv' && w.row === row).map((w) => w.message);
  assert.deepEqual(ev(7), ["event 'visit' is for lead 'L4', which is not among the leads; skipped"]);
  assert.deepEqual(ev(10), ["event 'demo' is for lead 'L99', which is not among the leads; skipped"]);
  assert.deepEqual(ev(15), ["event 'Demo' is not declared in the catalog's `events:`; kept, but conditions cannot use it until it is declared"]);
  assert.deepEqual(ev(16), []);
  const visits = (id: string) => j.leads.find((l) => l.id === id)?.scores.m.explanation.find((e) => e.rule === 'visits')?.events;
  assert.equal(visits('L1'), 1);
  assert.equal(visits('L2'), 1, "' L2 ' and '\\tvisit' trimmed");
  assert.equal(visits('\x01L4'), 1, 'a control character is kept: its own lead');
  assert.equal(visits('L7'), 2, "'visit ' trimmed; '\\x01visit' is another name");
  for (const id of ['L8', 'L9', 'L10', 'L11']) assert.equal(visits(id), 1, `${id}: no-break and other Unicode spaces trimmed as the loader trims them`);
  assert.equal(visits('L12\u180e'), undefined, "U+180E is not white space: 'visit\\u180e' is an undeclared name");
});

/**
 * Lead ids are staged as written and trimmed only where no lead has the id (io/duckdb.ts
 * trimLeadIds: those events are all among the problem rows), event names only where the name is
 * not a declared one. So an event whose lead id trims to a known lead must still count for it, be
 * the place of an undeclared name's warning when it comes first, take the loader's value of a
 * doubtful cell, and warn at its own line — through quoted line breaks, CRLF and a BOM too.
 */
const TRIM_LEADS = `${H}\nL1,a,1,SaaS,x\nL2,b,2,SaaS,x\nL3,c,3,SaaS,x\nL4,d,4,SaaS,x\n`;
const TRIM_EVENTS = ['lead_id,event,at,minutes',
  '" L1 ",signup,2026-11-01T00:00:00Z,', 'L1,signup,2026-11-02T00:00:00Z,', '\tL2,visit,2026-11-02T09:30:00+01:00,7', 'L2 ,visit,later,',
  '"L3\n ",visit,2026-11-03T00:00:00Z,x', 'L3,visit,2026-11-04T00:00:00Z,', '" ",visit,2026-11-04T00:00:00Z,', 'L9 ,visit,2026-11-04T00:00:00Z,',
  '\u00a0L1,webinar,2026-11-05T00:00:00Z,', 'L1,webinar,2026-11-05T00:00:00Z,', 'L4, Visit,2026-11-05T00:00:00Z,',
  // An undeclared name whose first event has nothing wrong, then one with a bad cell: each row its own cells.
  'L4,fresh,2026-11-05T00:00:00Z,', 'L4,fresh,2026-11-06T00:00:00Z,x', ' L4,fresh,soon,', 'L1\u2003,visit,2026-11-07T00:00:00.250Z,5'];
const TRIM_JSONL = [
  { lead_id: ' L1 ', event: 'signup', at: '2026-11-01T00:00:00Z' }, { lead_id: 'L1', event: 'signup', at: '2026-11-02T00:00:00Z' },
  { lead_id: '\tL2', event: 'visit', at: '2026-11-02T09:30:00+01:00', minutes: 7 }, { lead_id: 'L2 ', event: 'visit', at: 'later' },
  { lead_id: 'L3\n ', event: 'visit', at: '2026-11-03T00:00:00Z', minutes: 'x' }, { lead_id: ' ', event: 'visit', at: '2026-11-04T00:00:00Z' },
  { lead_id: 'L9 ', event: 'visit', at: '2026-11-04T00:00:00Z' }, { lead_id: '\u00a0L1', event: 'webinar', at: '2026-11-05T00:00:00Z' },
  { lead_id: 'L4', event: 'fresh', at: '2026-11-05T00:00:00Z' }, { lead_id: 'L4', event: 'fresh', at: '2026-11-06T00:00:00Z', minutes: 'x' },
  { lead_id: ' L4', event: 'fresh', at: 'soon' }, { lead_id: 'L1\u2003', event: 'visit', at: '2026-11-07T00:00:00.250Z', minutes: 5 },
].map((r) => JSON.stringify(r)).join('\n') + '\n';

test('lead ids trimmed only where no lead has them, names only where undeclared: counted, warned and fixed as in-process (CSV, CRLF + BOM, JSON Lines)', () => {
  writeFileSync(join(DIR, 'trim.csv'), TRIM_LEADS);
  writeFileSync(join(DIR, 'trim-events.csv'), TRIM_EVENTS.join('\n') + '\n');
  writeFileSync(join(DIR, 'trim-events-crlf.csv'), '\ufeff' + TRIM_EVENTS.map((l) => l.replace('\n', '\r\n')).join('\r\n') + '\r\n');
  writeFileSync(join(DIR, 'trim-events.jsonl'), TRIM_JSONL);
  for (const events of ['trim-events.csv', 'trim-events-crlf.csv', 'trim-events.jsonl']) compare('trim.csv', events, true);
  // The cases are there (DuckDB's output, which compare() held to the loader's).
  const j = JSON.parse(cli(['simulate', '--format', 'json', '--engine', 'duckdb', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'trim.csv', '--events', 'trim-events-crlf.csv']).out) as
    { leads: { id: string; scores: { m: { explanation: { rule?: string; events?: number }[] } } }[]; warnings: { file: string; row: number; message: string }[] };
  const at = (row: number) => j.warnings.filter((w) => w.file === 'trim-events-crlf.csv' && w.row === row).map((w) => w.message);
  assert.deepEqual(at(2), ["event 'signup' is not declared in the catalog's `events:`; kept, but conditions cannot use it until it is declared"], "the first 'signup' is on ' L1 ' (trimmed: a known lead)");
  assert.deepEqual(at(3), []);
  assert.deepEqual(at(5), ["'later' is not an ISO 8601 date-time; event skipped"]);
  assert.deepEqual(at(6), ["'x' is not a number; treated as missing"], 'the record with a quoted line break starts on line 6');
  assert.deepEqual(at(9), ['event has no lead_id; skipped'], 'the quoted line break counted: this record is on line 9');
  assert.deepEqual(at(10), ["event 'visit' is for lead 'L9', which is not among the leads; skipped"]);
  assert.match(at(11).join(), /event 'webinar' is not declared/);
  assert.deepEqual(at(12), []);
  assert.match(at(14).join(), /event 'fresh' is not declared/);
  assert.deepEqual(at(15), []);
  assert.deepEqual(at(16), ["'soon' is not an ISO 8601 date-time; event skipped"]);
  const visits = (id: string, rule: string) => j.leads.find((l) => l.id === id)?.scores.m.explanation.find((e) => e.rule === rule)?.events;
  assert.equal(visits('L2', 'visits'), 1, "'\\tL2' with a time the loader reads (+01:00): counted");
  assert.equal(visits('L2', 'long'), 1, 'and its minutes');
  assert.equal(visits('L1', 'visits'), 1, "'L1\\u2003' trimmed");
  assert.equal(visits('L3', 'visits'), 2, "'L3\\n ' trimmed");
  assert.equal(visits('L4', 'visits'), 1, "' Visit' trimmed (a declared name in another case)");
});

/**
 * JSON Lines leads and events whose records list their keys in different orders, leave some out,
 * hold null, numbers where numbers are declared, a header in another case: the staging reads all
 * of a record's text columns with one json_extract_string over a list of paths (io/duckdb.ts
 * rawSource), and each column must still get its own key's value. (Known and left: a JSON value
 * that is not a string where text is read — an object, an array, a boolean or a number in a
 * bad cell — reaches the loader as text in DuckDB, so its warning differs; docs/benchmarks.md.)
 */
const ODD_LEADS = [
  { id: 'L1', employees: 1, industry: 'SaaS', company: 'a', plan: 'p', revenue: 1e3, active: 'true', seen_at: '2026-11-01T10:00:00Z' },
  { revenue: '12', active: 'yes', company: 'x"y', industry: null, employees: '3', id: 'L2' },
  { company: 'case', Since: '2026-01-02', id: 'L4', employees: 5 },
  { id: 'L5', seen_at: '2026-11-13T00:00:00Z', employees: 'many', company: 'n', revenue: -0.0 },
  { active: 'no', id: 'L6', employees: '1_000', industry: 'Retail', revenue: 1.0e-7, Since: '2026-1-2' },
].map((r) => JSON.stringify(r)).join('\n') + '\n';
const ODD_EVENTS = [
  { lead_id: 'L1', event: 'visit', at: '2026-11-01T00:00:00Z', minutes: 5.5 }, { minutes: '7', at: '2026-11-02T00:00:00Z', event: 'visit', lead_id: 'L2' },
  { at: '2026-11-03T00:00:00Z', lead_id: 'L4', event: 'call' }, { event: 'visit', lead_id: 'L4', at: '2026-11-05T00:00:00Z', minutes: 'lots' },
  { lead_id: 'L5', event: 'visit', minutes: null, at: '2026-11-06T00:00:00Z' }, { lead_id: 'L6', event: 'visit', at: '2026-11-06T00:00:00Z', minutes: 1e2, note: 'n"q' },
  { lead_id: 'L1', event: 'Visit', at: 'soon' }, { event: 'visit', at: '2026-11-07T00:00:00Z' },
].map((r) => JSON.stringify(r)).join('\n') + '\n';

test('JSON Lines records with keys in any order, missing or null: each column gets its own key (duckdb = memory)', () => {
  writeFileSync(join(DIR, 'odd.jsonl'), ODD_LEADS);
  writeFileSync(join(DIR, 'odd-events.jsonl'), ODD_EVENTS);
  writeFileSync(join(DIR, 'odd.json'), JSON.stringify(ODD_LEADS.trim().split('\n').map((l) => JSON.parse(l))));
  compare('odd.jsonl', 'odd-events.jsonl', true);
  compare('odd.json', 'odd-events.jsonl', true);
});

test('JSON records with many keys: the warnings of a record in its keys\' order, the same in every run', () => {
  // Twenty undeclared columns (each warned at the first lead) and two bad cells per record: DuckDB
  // used to take the columns in DISTINCT's order, which is not the file's and changed between runs.
  const extra = Array.from({ length: 20 }, (_, i) => `x${String(20 - i).padStart(2, '0')}`);
  const rec = (id: string, i: number) => JSON.stringify(Object.fromEntries([['id', id], ...extra.map((k) => [k, `${k}-${i}`]), ['employees', 'many'], ['company', 'c'], ['revenue', 'lots']]));
  writeFileSync(join(DIR, 'wide.jsonl'), [rec('L1', 1), rec('L2', 2), JSON.stringify({ id: 'L3', x05: 1, employees: 'x', revenue: 'y' })].join('\n') + '\n');
  for (let run = 0; run < 3; run++) compare('wide.jsonl', 'events.jsonl', true);
});

test('ragged rows and records on several lines: read by DuckDB (no fallback), the loader\'s warnings at the lines where the rows start', () => {
  for (const [leads, events] of [['cells-ragged.csv', 'events-ragged.csv'], ['cells-ragged-crlf.csv', 'events-ragged-crlf.csv']]) {
    const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', leads, '--events', events];
    const mem = cli([...base, '--engine', 'memory']), duck = cli([...base, '--engine', 'duckdb']);
    assert.equal(mem.code, 0, mem.err);
    assert.equal(duck.code, 0, duck.err);
    assert.doesNotMatch(duck.err, /computing in-process instead/, `${leads}: no fallback\n${duck.err}`);
    assert.equal(duck.out, mem.out, `${leads}: the same leads and warnings`);
    const j = JSON.parse(duck.out) as { leads: { id: string }[]; warnings: { file: string; row: number; lead?: string; field?: string; message: string }[] };
    const at = (file: string, row: number) => j.warnings.filter((w) => w.file === file && w.row === row).map((w) => w.message);
    // Lines: L30 spans 3–4, L31 6–8, L32 is line 9, L33 10, the row of spaces 11, L34 12–13.
    assert.deepEqual(at(leads, 9), ['row has 11 cells but the header has 9 columns; extra cells ignored']);
    assert.deepEqual(at(leads, 10), ['row has 3 cells but the header has 9 columns; missing cells treated as empty']);
    assert.deepEqual(at(leads, 11), ['row has no id; skipped (every lead needs a value in the `id` column)']);
    assert.deepEqual(at(leads, 12), ['row has 3 cells but the header has 9 columns; missing cells treated as empty', "'many' is not an integer; treated as missing"]);
    // After them, the bad cells of CELLS at their lines (CELLS[2], L3, is line 14).
    assert.deepEqual(at(leads, 14).filter((m) => /inf/.test(m)), ["'inf' is not a number; treated as missing"]);
    assert.ok(at(leads, 30).some((m) => /duplicate id 'L30' \(first at [^:]+:3\)/.test(m)), JSON.stringify(at(leads, 30)));
    assert.ok(j.leads.some((l) => l.id === 'L32') && j.leads.some((l) => l.id === 'L34'), 'ragged rows are leads');
    // Events: the ragged rows at their lines, after a note on two lines.
    assert.deepEqual(at(events, 4), ['row has 6 cells but the header has 5 columns; extra cells ignored']);
    assert.ok(at(events, 5)[0].startsWith('row has 2 cells but the header has 5 columns'), JSON.stringify(at(events, 5)));
    assert.ok(at(events, 6).some((m) => /abc/.test(m)), JSON.stringify(at(events, 6)));
    assert.ok(at(events, 8).length > 0 && at(events, 9).length > 0, JSON.stringify(j.warnings.filter((w) => w.file === events)));
  }
});

// Found by test/parity/engines-fuzz.test.ts (seed 75): a row too short to reach an undeclared
// column has no cell there (CsvRecords.row), so the loader warns about the column at the first
// lead whose row reaches it; DuckDB warned at the first lead.
test('an undeclared column past the end of the first leads\' rows (ragged, too few cells): warned at the first lead that has a cell there, as in-process', () => {
  const leads = `${H},notes,owner\nL0,a\nL1,b,1,SaaS,x\n,c,2,SaaS,x,n\nL2,d,3,SaaS,x,note\nL3,e,4,SaaS,x,n,o\n`;
  writeFileSync(join(DIR, 'short-undeclared.csv'), leads);
  writeFileSync(join(DIR, 'short-undeclared-crlf.csv'), leads.replace(/\n/g, '\r\n'));
  for (const file of ['short-undeclared.csv', 'short-undeclared-crlf.csv']) {
    compare(file, 'events.jsonl', true);
    const j = JSON.parse(cli(['simulate', '--format', 'json', '--engine', 'duckdb', '--as-of', '2026-11-20T00:00:00Z', '--leads', file, '--events', 'events.jsonl']).out) as
      { warnings: { row: number; lead?: string; field?: string; message: string }[] };
    const at = (field: string) => j.warnings.filter((w) => w.field === field).map((w) => `${w.row} ${w.lead}`);
    assert.deepEqual(at('plan'), ['3 L1'], 'L0 has no cell in plan');
    assert.deepEqual(at('notes'), ['5 L2'], 'the row without an id reaches it first, but is no lead');
    assert.deepEqual(at('owner'), ['6 L3']);
  }
});

test('cells DuckDB does not type as the loader does are read by the loader: its values, its warnings, no fallback', () => {
  const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'cells.csv', '--events', 'cells-events.csv'];
  const duck = cli([...base, '--engine', 'duckdb']);
  assert.equal(duck.code, 0, duck.err);
  const j = JSON.parse(duck.out) as { leads: { id: string; scores: { m: { explanation: { rule?: string }[] } } }[]; warnings: { file: string; row: number; field?: string; message: string }[] };
  const at = (row: number, field: string) => j.warnings.filter((w) => w.row === row && w.field === field).map((w) => w.message);
  // Read, not warned: a date-time without seconds, an offset, spaces around a number or a date.
  assert.deepEqual(at(3, 'seen_at'), []);
  assert.deepEqual(at(3, 'employees'), []);
  assert.deepEqual(at(3, 'since'), []);
  const fired = (id: string) => j.leads.find((l) => l.id === id)!.scores.m.explanation.map((e) => e.rule);
  assert.ok(fired('L2').includes('seen'), 'L2 seen_at 2026-11-12T01:00Z is read (as the loader reads it)');
  assert.ok(fired('L2').includes('big') && fired('L2').includes('since'), 'L2 employees " 12 " and since " 2026-01-02"');
  // Refused although DuckDB would read them.
  assert.deepEqual(at(4, 'revenue'), ["'inf' is not a number; treated as missing"]);
  assert.deepEqual(at(6, 'employees'), ["'1_000' is not an integer; treated as missing"]);
  assert.deepEqual(at(6, 'since'), ["'12026-01-02' is not a date (YYYY-MM-DD); treated as missing"]);
  assert.deepEqual(at(11, 'seen_at'), ["'2026-11-20T09:30:00 Europe/Berlin' is not an ISO 8601 date-time (e.g. 2026-11-20T09:30:00Z); treated as missing"]);
  // The local time without an offset: warned once, at its first row.
  assert.equal(j.warnings.filter((w) => w.field === 'seen_at' && /no time-zone offset/.test(w.message)).length, 1);
  assert.match(at(5, 'seen_at')[0], /no time-zone offset/);
  // Events: the first undeclared 'webinar' is the row whose time only the loader reads.
  assert.ok(j.warnings.some((w) => w.file === 'cells-events.csv' && w.row === 9 && /event 'webinar' is not declared/.test(w.message)));
  assert.ok(j.warnings.some((w) => w.file === 'cells-events.csv' && w.row === 12 && /event 'webinar2' is not declared/.test(w.message)));
});

test('a catalog mapping CRM headers (`column:`, `id_column:`) and headers in another case: DuckDB reads them as the loader does', () => {
  const dir = `${DIR}-mapped`; // a workspace of its own (beside DIR, not inside it)
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fields.yaml'), [
    V1, 'kind: fields', 'id: crm', 'id_column: Record ID', 'fields:',
    '  employees: { type: integer, min: 0, column: Number of Employees }', '  industry: { type: enum, values: [SaaS, Retail] }',
    '  seen_at: { type: datetime, column: "Last Seen" }', 'events:', '  visit: {}', '',
  ].join('\n'));
  writeFileSync(join(dir, 'scoring.yaml'), [
    V1, 'kind: scoring', 'id: m', 'fit:', '  rules:',
    '    - { id: big, points: 10, when: { employees: { gte: 2 } } }', '    - { id: saas, points: 5, when: { industry: SaaS } }',
    '    - { id: seen, points: 4, when: { seen_at: { gte: "2026-11-12T01:00:00Z" } } }',
    'engagement:', '  rules:', '    - { id: visits, event: visit, points: 3 }', 'grades:', '  - { id: a, min: 10 }', '  - { id: b }', '',
  ].join('\n'));
  writeFileSync(join(dir, 'leads.csv'), ['Record ID,Number of Employees,INDUSTRY,Last Seen,Owner',
    'L1,10,SaaS,2026-11-13T00:00:00Z,ann', 'L2,many,retail,2026-11-12T01:00Z,bob', 'L3,3,Mining,yesterday,cy', ''].join('\n'));
  writeFileSync(join(dir, 'events.csv'), 'lead_id,event,at\nL1,visit,2026-11-01T00:00:00Z\nL3,visit,2026-11-02T00:00:00Z\n');
  const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'leads.csv', '--events', 'events.csv'];
  const mem = cli([...base, '--engine', 'memory'], dir), duck = cli([...base, '--engine', 'duckdb'], dir);
  assert.equal(mem.code, 0, mem.err);
  assert.equal(duck.code, 0, duck.err);
  assert.doesNotMatch(duck.err, /computing in-process instead|use --engine memory/, 'no fallback, no refusal');
  assert.equal(duck.out, mem.out);
  const j = JSON.parse(duck.out) as { leads: { id: string }[]; warnings: { row: number; field?: string; message: string }[] };
  assert.deepEqual(j.leads.map((l) => l.id), ['L1', 'L2', 'L3']);
  assert.ok(j.warnings.some((w) => w.row === 3 && w.field === 'employees'), 'a mapped column is typed and checked');
  assert.ok(j.warnings.some((w) => w.field === 'Owner' && /not declared/.test(w.message)), 'an unmapped column is undeclared');

  // Found by test/parity/engines-fuzz.test.ts (seed 71): a ragged row's warning names its lead by
  // the mapped id column (`Record ID`), as in-process; DuckDB's re-read of the row left it out.
  writeFileSync(join(dir, 'ragged.csv'), ['Record ID,Number of Employees,INDUSTRY,Last Seen,Owner', 'L1,10', 'L2,5,SaaS,2026-11-13T00:00:00Z,ann,extra', ',7', ''].join('\n'));
  const rbase = base.map((a) => (a === 'leads.csv' ? 'ragged.csv' : a));
  const rmem = cli([...rbase, '--engine', 'memory'], dir), rduck = cli([...rbase, '--engine', 'duckdb'], dir);
  assert.equal(rmem.code, 0, rmem.err);
  assert.doesNotMatch(rduck.err, /computing in-process instead/);
  assert.equal(rduck.out, rmem.out, 'ragged rows of a mapped id column');
  const rj = JSON.parse(rduck.out) as { warnings: { row: number; lead?: string; message: string }[] };
  assert.deepEqual(rj.warnings.filter((w) => /cells but the header/.test(w.message)).map((w) => `${w.row} ${w.lead}`), ['2 L1', '3 L2', '4 undefined']);
});

// Found from test/parity/duckdb-normal-fields.test.ts's todo (its folder holds two projects):
// `--engine duckdb` read the samples of the workspace's first `kind: project`, not of --project's.
test('two project definitions in one folder: --project b.yaml reads b\'s samples in both engines', () => {
  const dir = `${DIR}-projects`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fields.yaml'), [V1, 'kind: fields', 'id: crm', 'fields:', '  employees: { type: integer }', 'events:', '  visit: {}', ''].join('\n'));
  writeFileSync(join(dir, 'scoring.yaml'), [V1, 'kind: scoring', 'id: m', 'fit:', '  rules:', '    - { id: big, points: 10, when: { employees: { gte: 5 } } }',
    'grades:', '  - { id: a, min: 10 }', '  - { id: b }', ''].join('\n'));
  for (const p of ['a', 'b']) writeFileSync(join(dir, `${p}.yaml`), [V1, 'kind: project', `id: ${p}`, `samples: { leads: ${p}.csv, events: events.csv }`, ''].join('\n'));
  writeFileSync(join(dir, 'a.csv'), 'id,employees\nA1,1\n');
  writeFileSync(join(dir, 'b.csv'), 'id,employees\nB1,5\nB2,1\n');
  writeFileSync(join(dir, 'events.csv'), 'lead_id,event,at\nB1,visit,2026-11-01T00:00:00Z\n');
  for (const project of ['a.yaml', 'b.yaml']) {
    for (const format of ['json', 'text']) {
      const base = ['simulate', '--project', project, '--format', format, '--as-of', '2026-11-20T00:00:00Z']; // a.csv's leads hold no time
      const mem = cli([...base, '--engine', 'memory'], dir), duck = cli([...base, '--engine', 'duckdb'], dir);
      assert.equal(mem.code, 0, mem.err);
      assert.equal(duck.out, mem.out, `${project} ${format}`);
    }
  }
  const text = cli(['simulate', '--project', 'b.yaml', '--format', 'text', '--engine', 'duckdb'], dir).out;
  assert.match(text, /leads b\.csv/);
  assert.match(text, /2 leads/);
});

// Found by test/parity/engines-fuzz.test.ts (seed 22): the loader matches a JSON key to a field
// in any case but as written — ` tags ` is not `tags` (a CSV header is trimmed first), and ` id `
// is not the id; DuckDB trimmed JSON keys as it trims CSV headers.
test('JSON keys with white space around them are undeclared keys, not the field or the id (duckdb = memory); CSV headers are trimmed', () => {
  writeFileSync(join(DIR, 'padded-keys.jsonl'), [
    { id: 'L1', ' employees ': 5, Industry: 'SaaS', ' company': 'a' }, { id: 'L2', employees: 7, ' industry ': 'SaaS' }, { ' id ': 'L3', employees: 9 },
    { id: 'L4', ' employees ': 9, Company: 'd' },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(DIR, 'padded-headers.csv'), 'id, employees ,Industry, company\nL1,5,SaaS,a\nL2,x,SaaS,b\n');
  compare('padded-keys.jsonl', 'events.jsonl', true);
  compare('padded-headers.csv', 'events.jsonl', true);
  const j = JSON.parse(cli(['simulate', '--format', 'json', '--engine', 'duckdb', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'padded-keys.jsonl', '--events', 'events.jsonl']).out) as
    { leads: { id: string; fields: Record<string, unknown> }[]; warnings: { row: number; field?: string; message: string }[] };
  assert.deepEqual(j.leads.map((l) => l.id), ['L1', 'L2', 'L4']);
  assert.ok(j.warnings.some((w) => w.row === 1 && w.field === ' employees ' && /not declared/.test(w.message)), JSON.stringify(j.warnings));
  assert.ok(j.warnings.some((w) => w.row === 3 && w.field === 'id' && /no id/.test(w.message)));
});

test('staging keeps the file order at scale (row numbers are rowids: no join may reorder the parallel scan)', async () => {
  // Large enough for DuckDB to read in parallel; enum and boolean columns (whose value lists a
  // long IN would have turned into joins) and declared event names.
  const n = 200_000;
  const leads = ['id,company,employees,industry,plan,active'];
  const events = ['lead_id,event,at'];
  for (let i = 0; i < n; i++) {
    leads.push(`L${i},Company number ${i} incorporated,${i % 5000},${i % 3 ? 'SaaS' : 'Retail'},x,${i % 2 ? 'true' : 'no'}`);
    events.push(`L${i},${i % 2 ? 'visit' : 'call'},2026-11-0${1 + (i % 9)}T10:00:00Z`);
  }
  writeFileSync(join(DIR, 'big.csv'), leads.join('\n') + '\n');
  writeFileSync(join(DIR, 'big-events.csv'), events.join('\n') + '\n');
  const catalog = { fields: { company: { type: 'string' }, employees: { type: 'integer', min: 0 }, industry: { type: 'enum', values: ['SaaS', 'Retail'] }, active: { type: 'boolean' } },
    events: { visit: {}, call: {} } } as unknown as CatalogLike;
  const db = await openDuckdb();
  try {
    const staged = await stageInputs(db.conn, join(DIR, 'big.csv'), join(DIR, 'big-events.csv'), catalog);
    assert.equal(staged.leads, n);
    const q = async (sql: string) => Number((await db.conn.runAndReadAll(sql)).getRowObjectsJS()[0].n);
    assert.equal(await q(`SELECT count(*) AS n FROM leads WHERE id <> 'L' || CAST(ls_row - 2 AS VARCHAR)`), 0, 'each lead at its line');
    assert.equal(await q(`SELECT count(*) AS n FROM ls_events WHERE lead_id <> 'L' || CAST(rowid AS VARCHAR)`), 0, 'each event at its line');
  } finally { db.close(); }
});

test('at scale, ragged rows go back to their places and quoted line breaks move the lines after them (parallel scan)', async () => {
  const n = 200_000;
  const leads = ['id,company,employees,industry,plan,active'], events = ['lead_id,event,at'];
  const line = new Map<string, number>(), raggedLines: number[] = [], raggedEventLines: number[] = [];
  let extra = 0; // quoted line breaks so far
  for (let i = 0; i < n; i++) {
    line.set(`L${i}`, 2 + i + extra);
    if (i % 30011 === 7) { leads.push(`L${i},"Company\nnumber ${i}",${i % 5000},SaaS,x,true`); extra++; }
    else if (i % 20011 === 5) { leads.push(`L${i},Company ${i},${i % 5000},SaaS,x,true,surplus`); raggedLines.push(line.get(`L${i}`)!); }
    else if (i % 40009 === 3) { leads.push(`L${i},short`); raggedLines.push(line.get(`L${i}`)!); }
    else leads.push(`L${i},Company ${i},${i % 5000},${i % 3 ? 'SaaS' : 'Retail'},x,${i % 2 ? 'true' : 'no'}`);
    if (i % 50021 === 9) { events.push(`L${i},visit,2026-11-01T10:00:00Z,surplus`); raggedEventLines.push(i + 2); }
    else events.push(`L${i},${i % 2 ? 'visit' : 'call'},2026-11-0${1 + (i % 9)}T10:00:00Z`);
  }
  writeFileSync(join(DIR, 'big-ragged.csv'), leads.join('\n') + '\n');
  writeFileSync(join(DIR, 'big-ragged-events.csv'), events.join('\n') + '\n');
  const catalog = { fields: { company: { type: 'string' }, employees: { type: 'integer', min: 0 }, industry: { type: 'enum', values: ['SaaS', 'Retail'] }, active: { type: 'boolean' } },
    events: { visit: {}, call: {} } } as unknown as CatalogLike;
  const db = await openDuckdb();
  try {
    const staged = await stageInputs(db.conn, join(DIR, 'big-ragged.csv'), join(DIR, 'big-ragged-events.csv'), catalog, (p) => p,
      async (f) => (await scanForDuckdb(f)).breaks);
    assert.equal(staged.leads, n);
    const rows = (await db.conn.runAndReadAll('SELECT id, ls_row FROM leads ORDER BY ls_row')).getRowObjectsJS();
    assert.equal(rows.length, n);
    assert.equal(rows.filter((r) => Number(r.ls_row) !== line.get(String(r.id))).length, 0, 'each lead at the line where it starts');
    const ragged = (file: string) => staged.warnings.filter((w) => w.file?.endsWith(file) && /^row has \d+ cells/.test(w.message)).map((w) => w.row);
    assert.deepEqual(ragged('big-ragged.csv'), raggedLines);
    assert.deepEqual(ragged('big-ragged-events.csv'), raggedEventLines);
    const q = async (sql: string) => Number((await db.conn.runAndReadAll(sql)).getRowObjectsJS()[0].n);
    assert.equal(await q(`SELECT count(*) AS n FROM ls_events WHERE lead_id <> 'L' || CAST(rowid AS VARCHAR)`), 0, 'each event at its record');
  } finally { db.close(); }
});

test('staging twice on one connection: the second file\'s ragged rows only, not the first one\'s', async () => {
  const catalog = { fields: { company: { type: 'string' }, employees: { type: 'integer', min: 0 } } } as unknown as CatalogLike;
  const db = await openDuckdb();
  try {
    const first = await stageInputs(db.conn, join(DIR, 'ragged.csv'), undefined, catalog);
    assert.equal(first.warnings.filter((w) => /^row has \d+ cells/.test(w.message)).length, 2);
    const second = await stageInputs(db.conn, join(DIR, 'values.csv'), undefined, catalog);
    assert.deepEqual(second.warnings.filter((w) => /^row has \d+ cells/.test(w.message)), []);
    const ids = (await db.conn.runAndReadAll('SELECT id FROM leads ORDER BY ls_row')).getRowObjectsJS().map((r) => r.id);
    assert.deepEqual(ids, ['L1', 'L4', 'L5', 'L6']);
  } finally { db.close(); }
});

test('the unclosed quote is reported where it opened, by both engines', () => {
  const r = cli(['simulate', '--format', 'json', '--engine', 'duckdb', '--leads', 'unclosed.csv']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unclosed\.csv:3:4: unreadable CSV: a quote opened here is never closed/);
});

test('as a process: every row of the broken files is a lead or a warning naming its line', () => {
  const run = (leads: string) => {
    const r = cli(['simulate', '--format', 'json', '--engine', 'memory', '--as-of', '2026-11-20T00:00:00Z', '--leads', leads]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { leads: { id: string }[]; warnings: { row: number; field?: string; message: string }[] };
    return { ids: j.leads.map((l) => l.id), warnings: j.warnings.map((w) => `${w.row}:${w.field ?? ''}:${w.message.slice(0, 30)}`) };
  };
  assert.deepEqual(run('mixed.csv').ids, ['L1', 'L2', 'L3', 'L4', 'L5']);
  assert.deepEqual(run('cr.csv').ids, ['L1', 'L2']);
  assert.deepEqual(run('crlf-one-lf.csv').ids, ['L1', 'L2', 'L3']);
  const utf = run('bad-utf8.csv');
  assert.deepEqual(utf.ids, ['L1', 'L2']);
  assert.match(utf.warnings[0], /^2::invalid UTF-8 \(byte 0xFF\)/);
  assert.deepEqual(run('nul.csv').ids, ['L1', 'L2']);
  assert.match(run('after-quote.csv').warnings[0], /^2:company:text after the closing quote/);
  assert.deepEqual(run('proto.csv').warnings.slice(0, 2).map((w) => w.split(':')[1]), ['__proto__', 'constructor']);
});

/**
 * JSON values of every JSON type in every kind of field, id, lead id, event name, time and
 * property, in JSON Lines and JSON array files: DuckDB reads a record's cells as JSON (io/duckdb.ts
 * rawSource) and hands every cell whose text the loader would not read as the same value — a
 * number in a text or enum field, `1.5` or `true` in an integer field, an object or an array
 * anywhere but a list — to the loader as the parsed JSON value, so the values, warnings and
 * messages are the loader's (`1.5 is not an integer`, not `'1.5' is not an integer`). Undeclared
 * keys are warned at the first kept lead whose record has them, as the loader warns them.
 */
const JDIR = `${DIR}-json`;
const JSON_VALUES: unknown[] = ['x', '', '  ', ' 12 ', '1', '1.0', 'true', 'SaaS', 'a;crm', 'a\\b"c\u00e9', 'L1', 'visit', '2026-11-01T00:00:00Z', '2026-01-02',
  0, 1, 2, -1, 1.5, -0, 1e3, 1e21, 1.0, 0.1, 12345678901234567891, 9007199254740993, 5e-324, true, false, null,
  {}, { a: 1 }, { a: [1, { b: 'c' }] }, [], ['crm'], ['a', 'crm'], [' crm ', '', null], ['a', 1, 'crm'], ['crm', null, 'b'], ['1', '2'], [1, 2.5], [true], [['crm']], [{ a: 1 }], ['visit'], ['vis', 'it'], [null], ['L1']];
/** JSON texts written as such (JSON.stringify would print 1.0 as 1 and 1e3 as 1000). */
const JSON_TEXTS = ['1.0', '1e3', '1E+2', '-0', '-0.0', '2.50', '12345678901234567891', '123456789012345678901234567890', '1e-7', '[1.0, "crm"]', '{"a": 1.0}', '"\\u0041\\u00e9"', '"x\\/y"'];
const jsonCells = (): string[] => [...JSON_VALUES.map((v) => JSON.stringify(v)), ...JSON_TEXTS];

function jsonCorpus(): { leads: string[]; events: string[] } {
  const leads: string[] = [], events: string[] = [];
  const cells = jsonCells();
  // One odd cell per lead, in each field; every id type; then records with several odd cells in
  // different key orders, undeclared keys first seen late (also on a row without an id and on a
  // duplicate id before their first kept lead).
  leads.push('{"id": "L1", "company": "a", "employees": 3, "industry": "SaaS", "tech": ["crm"], "note": "first"}');
  let n = 0;
  for (const f of ['company', 'employees', 'industry', 'revenue', 'active', 'since', 'seen_at', 'tech', 'plan']) {
    for (const c of cells) leads.push(`{"id": "J${n++}", "${f}": ${c}}`);
  }
  for (const c of cells) leads.push(`{"id": ${c}, "company": "by id ${n++}"}`);
  leads.push('{"company": "no id", "late1": 1}', '{"id": "L1", "late1": 2, "late2": null}', '{"id": "K1", "late2": {"x": 1}, "employees": 1.5, "late1": 3}');
  leads.push('{"revenue": true, "employees": "many", "id": "K2", "late3": [], "industry": 5, "active": 2, "10": "a", "2": "b"}');
  leads.push('{"id": "K3", "tech": [1, " x "], "since": 20260102, "company": {}, "seen_at": 1.5e12, "employees": -1}');
  // Events: lead ids, names, times and properties of every type.
  for (const c of cells) {
    events.push(`{"lead_id": ${c}, "event": "visit", "at": "2026-11-02T00:00:00Z"}`);
    events.push(`{"lead_id": "L1", "event": ${c}, "at": "2026-11-03T00:00:00Z"}`);
    events.push(`{"lead_id": "L1", "event": "visit", "at": ${c}}`);
    events.push(`{"lead_id": "L1", "event": "visit", "at": "2026-11-04T00:00:00Z", "minutes": ${c}}`);
    events.push(`{"paid": ${c}, "lead_id": "L1", "page": ${c}, "event": "visit", "at": "2026-11-05T00:00:00Z", "minutes": ${c}}`);
  }
  return { leads, events };
}

/** The JSON tests' workspace: every kind of field, properties of each type, rules that see their values. */
function jsonWorkspace(): void {
  mkdirSync(JDIR, { recursive: true });
  writeFileSync(join(JDIR, 'fields.yaml'), [
    V1, 'kind: fields', 'id: crm', 'fields:',
    '  company: { type: string }', '  employees: { type: integer, min: 0 }', '  industry: { type: enum, values: [SaaS, Retail, "1", "true", "1.5", "1e21"] }',
    '  revenue: { type: number, min: 0 }', '  active: { type: boolean }', '  since: { type: date }', '  seen_at: { type: datetime }', '  tech: { type: list }',
    'events:', '  visit: { properties: { minutes: number, paid: boolean, page: string } }', '  call: {}', '',
  ].join('\n'));
  writeFileSync(join(JDIR, 'scoring.yaml'), [
    V1, 'kind: scoring', 'id: m', 'fit:', '  rules:',
    '    - { id: big, points: 10, when: { employees: { gte: 2 } } }',
    '    - { id: saas, points: 5, when: { industry: { in: [SaaS, "1", "true", "1e21"] } } }',
    '    - { id: co1, points: 1, when: { company: { in: ["1", "true", "1000", "1e+21", "0.1", "12345678901234567000", "a\\\\b\\"cé", "aé", "x/y"] } } }',
    '    - { id: rev, points: 1, when: { revenue: { gte: 1 } } }',
    '    - { id: act, points: 2, when: { active: true } }',
    '    - { id: since, points: 3, when: { since: { gte: 2026-01-02 } } }',
    '    - { id: seen, points: 4, when: { seen_at: { gte: "2026-11-01T00:00:00Z" } } }',
    '    - { id: crm, points: 6, when: { tech: { includes: crm } } }',
    '    - { id: one, points: 7, when: { tech: { includes: "1" } } }',
    'engagement:', '  rules:', '    - { id: visits, event: visit, points: 3 }', '    - { id: long, event: visit, where: { minutes: { gte: 1 } }, points: 2 }',
    '    - { id: paid, event: visit, where: { paid: true }, points: 2 }', '    - { id: page, event: visit, where: { page: { in: ["1", "true", "{\\"a\\":1}", "1000"] } }, points: 2 }',
    '    - { id: calls, event: call, points: 1 }',
    'grades:', '  - { id: a, min: 10 }', '  - { id: b }', '',
  ].join('\n'));
}

test('JSON values of every type in every field, id, lead id, event name, time and property: duckdb = memory (JSON Lines and JSON arrays)', () => {
  jsonWorkspace();
  const { leads, events } = jsonCorpus();
  writeFileSync(join(JDIR, 'leads.jsonl'), leads.join('\n') + '\n');
  writeFileSync(join(JDIR, 'events.jsonl'), events.join('\n') + '\n');
  writeFileSync(join(JDIR, 'leads.json'), `[\n${leads.join(',\n')}\n]\n`);
  writeFileSync(join(JDIR, 'events.json'), `[${events.join(',')}]`);
  const run = (l: string, e: string) => {
    const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', l, '--events', e];
    const mem = cli([...base, '--engine', 'memory'], JDIR), duck = cli([...base, '--engine', 'duckdb'], JDIR);
    assert.equal(mem.code, 0, mem.err);
    assert.equal(duck.code, 0, duck.err);
    assert.equal(duck.err, mem.err, `${l} + ${e}: the same stderr (no fallback)`);
    if (duck.out !== mem.out) {
      // The first differing warning or lead, then the whole text.
      const a = JSON.parse(duck.out), b = JSON.parse(mem.out);
      for (const k of ['warnings', 'leads'] as const) {
        const i = b[k].findIndex((x: unknown, j: number) => JSON.stringify(x) !== JSON.stringify(a[k][j]));
        if (i >= 0) assert.deepEqual(a[k][i], b[k][i], `${l} + ${e}: ${k}[${i}] (duckdb, then memory)`);
      }
      assert.equal(duck.out, mem.out, `${l} + ${e}: stdout`);
    }
    return JSON.parse(mem.out) as { warnings: { row: number; field?: string; message: string }[] };
  };
  const j = run('leads.jsonl', 'events.jsonl');
  // The cases are there.
  assert.ok(j.warnings.some((w) => w.message === '1.5 is not an integer; treated as missing'));
  assert.ok(j.warnings.some((w) => w.message === 'true is not a number; treated as missing'));
  assert.ok(j.warnings.some((w) => w.message === '{"a":1} is not a text value; treated as missing'));
  // late1 first appears on a row without an id, then on a duplicate id: warned at K1's row.
  const k1 = leads.findIndex((l) => l.startsWith('{"id": "K1"')) + 1;
  assert.deepEqual(j.warnings.filter((w) => w.field === 'late1' || w.field === 'late2').map((w) => `${w.field}@${w.row}`), [`late2@${k1}`, `late1@${k1}`]);
  run('leads.json', 'events.json');
  run('leads.jsonl', 'events.json');
  // A list item holding `;` cannot be staged (a staged list is `;`-separated text): computed in-process, saying why.
  writeFileSync(join(JDIR, 'semicolon.jsonl'), '{"id": "L1", "tech": ["crm"]}\n{"id": "L2", "tech": ["a;b", "crm"]}\n');
  const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'semicolon.jsonl', '--events', 'events.jsonl'];
  const mem = cli([...base, '--engine', 'memory'], JDIR), duck = cli([...base, '--engine', 'duckdb'], JDIR);
  assert.equal(duck.out, mem.out);
  assert.match(duck.err, /semicolon\.jsonl:2: an item of the list 'tech' holds ';'.*computing in-process instead/);
});

/**
 * Seeded random JSON Lines files over the same workspace: each cell a valid value of its field
 * or any JSON value of the corpus, keys in random order, some left out, undeclared keys coming
 * and going, ids missing, repeated or not strings. LEADSPEC_JSON_SEED=n replays one seed.
 */
test('random JSON records (seeded): duckdb = memory', () => {
  jsonWorkspace();
  const seeds = process.env.LEADSPEC_JSON_SEED ? [Number(process.env.LEADSPEC_JSON_SEED)] : [1, 2, 3];
  const cells = jsonCells();
  const valid: Record<string, string[]> = {
    company: ['"Acme"', '" Beta "', '"1"'], employees: ['3', '12', '"7"', '0'], industry: ['"SaaS"', '"retail"', '"1"'], revenue: ['100', '2.5', '"1e3"'],
    active: ['true', 'false', '"yes"', '1'], since: ['"2026-01-02"', '"2025-12-31"'], seen_at: ['"2026-11-01T00:00:00Z"', '"2026-11-10T10:00Z"'], tech: ['["crm"]', '"crm;erp"', '["a","b"]'],
    minutes: ['5', '0.5', '"12"'], paid: ['true', 'false'], page: ['"home"', '"1"'], at: ['"2026-11-02T00:00:00Z"', '"2026-11-05T12:00:00.500Z"'], event: ['"visit"', '"call"', '" Visit "', '"demo"'],
  };
  for (const seed of seeds) {
    const r = rng(seed);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    const value = (k: string) => (r() < 0.7 && valid[k] ? pick(valid[k]) : pick(cells));
    const record = (pairs: [string, string][]) => `{${pairs.sort(() => r() - 0.5).map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`;
    const ids = Array.from({ length: 60 }, (_, i) => `R${i}`);
    const leads = Array.from({ length: 80 }, (_, i) => {
      const pairs: [string, string][] = [];
      const id = r() < 0.85 ? JSON.stringify(ids[i % 60]) : pick(cells);
      if (r() < 0.95) pairs.push(['id', id]);
      for (const f of Object.keys(valid).slice(0, 8)) if (r() < 0.6) pairs.push([f, value(f)]);
      for (const u of ['u1', 'u2', '3', 'Note']) if (r() < 0.1 * (i / 20)) pairs.push([u, pick(cells)]);
      return record(pairs);
    });
    const events = Array.from({ length: 200 }, () => {
      const pairs: [string, string][] = [['lead_id', r() < 0.85 ? JSON.stringify(pick(ids)) : pick(cells)], ['event', value('event')], ['at', value('at')]];
      for (const p of ['minutes', 'paid', 'page', 'other']) if (r() < 0.4) pairs.push([p, value(p)]);
      return record(pairs.filter(() => r() < 0.95));
    });
    writeFileSync(join(JDIR, 'random.jsonl'), leads.join('\n') + '\n');
    writeFileSync(join(JDIR, 'random-events.jsonl'), events.join('\n') + '\n');
    writeFileSync(join(JDIR, 'random.json'), `[${leads.join(',\n')}]`);
    for (const l of ['random.jsonl', 'random.json']) {
      const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', l, '--events', 'random-events.jsonl'];
      const mem = cli([...base, '--engine', 'memory'], JDIR), duck = cli([...base, '--engine', 'duckdb'], JDIR);
      assert.equal(duck.err, mem.err, `seed ${seed}, ${l}: stderr`);
      if (duck.out !== mem.out) {
        const a = JSON.parse(duck.out), b = JSON.parse(mem.out);
        for (const k of ['warnings', 'leads'] as const) {
          const i = b[k].findIndex((x: unknown, j: number) => JSON.stringify(x) !== JSON.stringify(a[k][j]));
          if (i >= 0) assert.deepEqual(a[k][i], b[k][i], `seed ${seed}, ${l}: ${k}[${i}] (duckdb, then memory)`);
        }
        assert.equal(duck.out, mem.out, `seed ${seed}, ${l}: stdout`);
      }
    }
  }
});

test('an event row with several bad properties: warned in the order of the file\'s columns (CSV) or keys (JSON), not the catalog\'s', () => {
  jsonWorkspace(); // visit declares minutes (number), then paid (boolean)
  writeFileSync(join(JDIR, 'two.jsonl'), '{"id": "L1"}\n');
  writeFileSync(join(JDIR, 'props.csv'), 'lead_id,event,at,paid,minutes\nL1,visit,2026-11-01T00:00:00Z,maybe,lots\nL1,visit,2026-11-02T00:00:00Z,yes,many\n');
  writeFileSync(join(JDIR, 'props.jsonl'), '{"lead_id": "L1", "paid": "maybe", "event": "visit", "minutes": "lots", "at": "2026-11-01T00:00:00Z"}\n');
  for (const events of ['props.csv', 'props.jsonl']) {
    const base = ['simulate', '--format', 'json', '--as-of', '2026-11-20T00:00:00Z', '--leads', 'two.jsonl', '--events', events];
    const mem = cli([...base, '--engine', 'memory'], JDIR), duck = cli([...base, '--engine', 'duckdb'], JDIR);
    assert.equal(duck.err, mem.err);
    assert.equal(duck.out, mem.out, events);
    const fields = (JSON.parse(mem.out) as { warnings: { row: number; field?: string }[] }).warnings.map((w) => `${w.row}:${w.field}`);
    assert.deepEqual(fields.slice(0, 2), events.endsWith('csv') ? ['2:visit.paid', '2:visit.minutes'] : ['1:visit.paid', '1:visit.minutes']);
  }
});
