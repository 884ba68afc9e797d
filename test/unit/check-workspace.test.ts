// The workspace index: symbols and references with exact ranges, incremental re-checks, and
// robustness on half-typed text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Workspace, symbolKey } from '../../server/src/core/check/workspace.js';
import { checkDocument } from '../../server/src/core/check/index.js';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { at } from './check-support.js';

const BASIC = resolve('..', 'shared', 'examples', 'basic');
const skip = existsSync(BASIC) ? false : `${BASIC} is not there`;

function basic(): Workspace {
  const ws = new Workspace();
  for (const f of readdirSync(BASIC).filter((n) => n.endsWith('.yaml')).sort()) ws.setFile(f, readFileSync(join(BASIC, f), 'utf8'));
  return ws;
}

/** The 0-based position of the `nth` occurrence of `text` on 1-based line `line` of a file. */
function pos(ws: Workspace, file: string, line: number, text: string, nth = 0) {
  const l = ws.parsed(file)!.text.split('\n')[line - 1];
  let i = -1;
  for (let k = 0; k <= nth; k++) i = l.indexOf(text, i + 1);
  assert.ok(i >= 0, `'${text}' not on ${file}:${line}`);
  return { line: line - 1, character: i + 1 };
}

const where = (list: { file: string; range: any }[]) => list.map((o) => `${o.file}:${at(o)}`);

test('index: kinds, ids, lookup', { skip }, () => {
  const ws = basic();
  assert.deepEqual(ws.files(), ['fields.yaml', 'icp.yaml', 'leadspec.yaml', 'scoring.yaml', 'sla.yaml']);
  assert.deepEqual(ws.docsByKind('icp').map((d) => d.id), ['mid-market']);
  assert.equal(ws.lookup('scoring', 'inbound')?.file.file, 'scoring.yaml');
  assert.equal(ws.lookup('scoring', 'nope'), undefined);
  assert.deepEqual(ws.idsOf('fields'), ['crm']);
});

test('go to definition for every kind of id', { skip }, () => {
  const ws = basic();
  const cases: [string, number, string, number, string][] = [
    ['scoring.yaml', 7, 'mid-market', 0, 'icp.yaml:3:5-3:15'], // icp: mid-market
    ['icp.yaml', 6, 'employees', 0, 'fields.yaml:5:3-5:12'], // field name
    ['scoring.yaml', 20, 'page_view', 0, 'fields.yaml:16:3-16:12'], // event name
    ['scoring.yaml', 20, 'url', 0, 'fields.yaml:16:35-16:38'], // event property in where
    ['scoring.yaml', 35, 'A', 0, 'scoring.yaml:26:11-26:12'], // grade in mql
    ['sla.yaml', 16, 'inbound', 0, 'scoring.yaml:3:5-3:12'], // scoring: inbound
    ['sla.yaml', 17, 'B', 0, 'scoring.yaml:27:11-27:12'], // applies_to grade
    ['sla.yaml', 18, 'mql_at', 0, 'fields.yaml:12:3-12:9'], // start: mql_at
    ['sla.yaml', 22, 'emea', 1, 'sla.yaml:9:3-9:7'], // calendar map value
    ['sla.yaml', 22, 'us }', 0, 'sla.yaml:5:3-5:5'], // calendar default
    ['sla.yaml', 22, 'region', 0, 'fields.yaml:14:3-14:9'], // calendar by field
  ];
  for (const [file, line, text, nth, expected] of cases) {
    assert.deepEqual(where(ws.definitionAt(file, pos(ws, file, line, text, nth))), [expected], `${file}:${line} ${text}`);
  }
});

test('find references and rename: an ICP id across files, a tier, a field', { skip }, () => {
  const ws = basic();
  ws.setFile('t.yaml', 'leadspec: v1\nkind: test\nid: t\ncases:\n  - name: one\n    lead: { id: x }\n    expect: { tier: mid-market/tier-2, inbound: { grade: A } }\n');
  assert.deepEqual(where(ws.referencesTo(symbolKey('definition', 'icp', 'mid-market'))),
    ['icp.yaml:3:5-3:15', 'scoring.yaml:7:34-7:44', 't.yaml:7:21-7:31']);
  assert.deepEqual(where(ws.referencesTo(symbolKey('tier', 'icp', 'mid-market', 'tier-2'))), ['icp.yaml:14:11-14:17', 't.yaml:7:32-7:38']);
  assert.deepEqual(where(ws.referencesTo(symbolKey('definition', 'scoring', 'inbound'), false)), ['sla.yaml:16:14-16:21', 'sla.yaml:29:14-29:21', 't.yaml:7:40-7:47']);
  const renames = ws.renameRanges(symbolKey('field', 'fields', 'crm', 'employees'));
  assert.deepEqual([...renames.keys()].sort(), ['fields.yaml', 'icp.yaml', 'scoring.yaml']);
  assert.deepEqual(renames.get('icp.yaml')!.map((r) => at({ range: r })), ['6:3-6:12', '13:27-13:36', '14:27-14:36']);
  const hit = ws.symbolAt('icp.yaml', pos(ws, 'icp.yaml', 3, 'mid-market'));
  assert.equal(hit?.isDefinition, true);
  assert.equal(hit?.symbol.key, 'definition:icp:mid-market');
});

test('incremental: an edit re-checks the file and only the files that depend on what changed', { skip }, () => {
  const ws = basic();
  assert.deepEqual(ws.diagnostics(), []);
  ws.analysed = 0;
  // An edit to the scoring model: the SLA names it, the ICP does not.
  const scoring = ws.parsed('scoring.yaml')!.text;
  ws.setFile('scoring.yaml', scoring.replace('{ id: B, min: 50 }', '{ id: B2, min: 50 }'));
  const ds = ws.diagnostics();
  assert.equal(ws.analysed, 2, 'scoring.yaml and sla.yaml');
  assert.deepEqual(ds.map((d) => `${d.file}:${at(d)} ${d.code}`), ['sla.yaml:17:41-17:42 LS068']);
  // Same text again: nothing to do.
  ws.analysed = 0;
  ws.setFile('scoring.yaml', ws.parsed('scoring.yaml')!.text);
  ws.diagnostics();
  assert.equal(ws.analysed, 0);
  // Fixing it clears the SLA's diagnostic.
  ws.setFile('scoring.yaml', scoring);
  assert.deepEqual(ws.diagnostics(), []);
  // The catalog is read by every definition that has conditions.
  ws.analysed = 0;
  ws.setFile('fields.yaml', ws.parsed('fields.yaml')!.text.replace('  region:', '  area:'));
  assert.deepEqual(ws.diagnostics().map((d) => `${d.file}:${at(d)} ${d.code}`), ['sla.yaml:22:21-22:27 LS050']);
  assert.equal(ws.analysed, 4, 'fields, icp, scoring, sla (not the project)');
  // Removing the ICP makes its references unknown; adding it back fixes them.
  const icp = ws.parsed('icp.yaml')!.text;
  ws.removeFile('icp.yaml');
  assert.ok(ws.diagnostics().some((d) => d.code === 'LS042' && d.file === 'scoring.yaml'));
  ws.setFile('icp.yaml', icp);
  assert.ok(!ws.diagnostics().some((d) => d.code === 'LS042'));
});

test('suppression comments apply to semantic diagnostics', () => {
  const ws = new Workspace();
  ws.setFile('a.yaml', 'leadspec: v1\nkind: icp\nid: x\nmatch:\n  # leadspec-disable-next-line LS042 -- defined in another repo\n  icp: elsewhere\n');
  assert.deepEqual(ws.diagnostics(), []);
  assert.equal(ws.semanticDiagnostics('a.yaml')[0].code, 'LS042');
});

test('LS099: a failing check is reported on the document, not thrown', () => {
  const f = parseFile('a.yaml', 'leadspec: v1\nkind: icp\nid: x\nmatch: { icp: y }\n');
  const ctx = checkDocument(f.docs[0], { defs: () => { throw new Error('boom'); }, ids: () => [] });
  assert.deepEqual(ctx.diagnostics.map((d) => `${at(d)} ${d.code} ${d.message}`),
    ['1:1-1:1 LS099 internal error while checking this document (boom); please report it']);
});

test('every prefix of every example file, as typed, checks without throwing or LS099', { skip }, () => {
  const ws = basic();
  for (const f of ['fields.yaml', 'icp.yaml', 'scoring.yaml', 'sla.yaml']) {
    const text = readFileSync(join(BASIC, f), 'utf8');
    for (let i = 0; i <= text.length; i += 3) {
      ws.setFile(f, text.slice(0, i));
      const ds = ws.diagnostics();
      assert.ok(!ds.some((d) => d.code === 'LS099'), `${f} prefix ${i}: ${ds.find((d) => d.code === 'LS099')?.message}`);
      ws.referencesTo(symbolKey('definition', 'icp', 'mid-market'));
    }
    ws.setFile(f, text);
  }
  assert.deepEqual(ws.diagnostics(), []);
});

test('random edits (seeded) to every example file never throw or produce LS099', { skip }, () => {
  let seed = 7;
  const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const pieces = [' ', '\n', '- ', ': ', '{', '}', '[', ']', 'icp: ', 'tier: a/', 'event: ', 'when: ', '"', "'", '&a ', '*a', '#', '  ', '0', 'x'];
  const ws = basic();
  for (const f of ['fields.yaml', 'icp.yaml', 'scoring.yaml', 'sla.yaml']) {
    const original = readFileSync(join(BASIC, f), 'utf8');
    for (let i = 0; i < 150; i++) {
      let text = original;
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        const at = Math.floor(rand() * text.length);
        text = rand() < 0.5 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 6)) : text.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + text.slice(at);
      }
      ws.setFile(f, text);
      const ds = ws.diagnostics();
      assert.ok(!ds.some((d) => d.code === 'LS099'), `${f}: ${ds.find((d) => d.code === 'LS099')?.message}\n${text}`);
      for (const d of ds) assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, `${d.code} range`);
    }
    ws.setFile(f, original);
  }
  assert.deepEqual(ws.diagnostics(), []);
});

test('incremental: edits that other files cannot see re-check only the edited file', { skip }, () => {
  const ws = basic();
  ws.diagnostics();
  ws.analysed = 0;
  ws.setFile('scoring.yaml', ws.parsed('scoring.yaml')!.text.replace('points: 30', 'points: 35'));
  ws.setFile('fields.yaml', ws.parsed('fields.yaml')!.text.replace('description: Company headcount', 'description: Headcount'));
  ws.setFile('icp.yaml', ws.parsed('icp.yaml')!.text.replace('gte: 200 } } }', 'gte: 250 } } }'));
  assert.deepEqual(ws.diagnostics(), []);
  assert.equal(ws.analysed, 3, 'each edited file once, no dependant');
});

test('incremental: a duplicate id moving in one file updates the related location in the other', () => {
  const icp = 'leadspec: v1\nkind: icp\nid: x\nmatch: { country: US }\n';
  const ws = new Workspace();
  ws.setFile('a.yaml', icp);
  ws.setFile('b.yaml', icp);
  assert.deepEqual(ws.diagnostics('a.yaml').map((d) => d.related?.map((r) => `${r.file}:${at(r)}`)), [['b.yaml:3:5-3:6']]);
  ws.setFile('b.yaml', `# moved down\n${icp}`);
  assert.deepEqual(ws.diagnostics('a.yaml').map((d) => d.related?.map((r) => `${r.file}:${at(r)}`)), [['b.yaml:4:5-4:6']]);
});

test('kind: test documents get the test area\'s static checks through the workspace', () => {
  const ws = new Workspace();
  ws.setFile('t.yaml', 'leadspec: v1\nkind: test\nid: t\ncases:\n  - name: no lead\n    expect: { icp: x }\n');
  assert.ok(ws.diagnostics().some((d) => d.code === 'LS104'), ws.diagnostics().map((d) => d.code).join());
});
