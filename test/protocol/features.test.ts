// Every editor feature, over stdio against the BUILT server, on a copy of ../shared/examples/basic
// (whose sample results are hand-computed in expected.json: the lens and hover counts below are
// those numbers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, EXAMPLE, tempWorkspace, uriOf, posOf, until } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let scoring: { path: string; uri: string; text: string };
let icp: { path: string; uri: string; text: string };
let sla: { path: string; uri: string; text: string };
const R = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

before(async () => {
  ws = tempWorkspace(EXAMPLE);
  client = new LspClient();
  const init = await client.initialize(ws.dir);
  for (const cap of ['completionProvider', 'hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'codeActionProvider', 'codeLensProvider', 'documentFormattingProvider', 'documentSymbolProvider']) {
    assert.ok(init.capabilities[cap], `capability ${cap}`);
  }
  const open = async (name: string) => { const path = join(ws.dir, name); const text = readFileSync(path, 'utf8'); return { path, text, uri: await client.open(path, text) }; };
  scoring = await open('scoring.yaml');
  icp = await open('icp.yaml');
  sla = await open('sla.yaml');
  // The sample simulation runs in a worker thread: wait for its first result.
  await until(() => client.request('textDocument/codeLens', { textDocument: { uri: scoring.uri } }), (l: any[]) => l.length > 0);
});
after(async () => { await client.shutdown(); ws.cleanup(); });

const hoverText = async (doc: { uri: string }, position: { line: number; character: number }) =>
  (await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position }))?.contents.value as string | undefined;

test('the whole workspace is checked on start: every file published, the example is clean', async () => {
  for (const f of ['fields.yaml', 'icp.yaml', 'scoring.yaml', 'sla.yaml', 'leadspec.yaml']) {
    const p = await client.waitForDiagnostics((d) => d.uri === uriOf(join(ws.dir, f)));
    assert.deepEqual(p.diagnostics, [], f);
  }
});

test('hover: an ICP reference shows its definition, its meaning and its sample matches', async () => {
  const h = await client.request('textDocument/hover', { textDocument: { uri: scoring.uri }, position: posOf(scoring.text, 'mid-market', 2) });
  assert.deepEqual(h.range, R(6, 33, 6, 43));
  assert.equal(h.contents.value, [
    '**icp** `mid-market` — Mid-market B2B SaaS',
    'Defined in icp.yaml:3',
    'Matches when employees is between 50 and 1000, and industry is SaaS or Fintech, unless any of (email ends with @gmail.com; industry is Education).',
    'Sample leads: matches **2** of 6 (33.3%)',
  ].join('\n\n'));
});

test('hover: a rule in plain words with its sample count; an event rule with decay and cap', async () => {
  assert.equal(await hoverText(scoring, posOf(scoring.text, 'in-icp')),
    '**rule** `in-icp` (fit) — +30 points when the lead matches ICP mid-market.\n\nSample leads: contributes to **2** of 6 (33.3%)');
  assert.equal(await hoverText(scoring, posOf(scoring.text, 'id: mid', 4)),
    '**rule** `mid` (fit, group company-size) — +25 points when employees is at least 200.\n\nSample leads: contributes to **3** of 6 (50.0%)');
  assert.equal(await hoverText(scoring, posOf(scoring.text, 'pricing')),
    '**rule** `pricing` (engagement) — +5 points for each page_view event where url contains /pricing in the last 30d, halving every 30d of age (at most 20 in all).\n\nSample leads: contributes to **3** of 6 (50.0%)');
});

test('hover: a field in a condition shows its type, description, the test and its sample matches', async () => {
  assert.equal(await hoverText(scoring, posOf(scoring.text, 'employees: { gte: 1000 }')),
    '**field** `employees`: integer\n\nCompany headcount\n\nCatalog `crm`\n\nTest: employees is at least 1000.\n\nSample leads: matches **1** of 6 (16.7%)');
  assert.equal(await hoverText(icp, posOf(icp.text, 'industry')),
    '**field** `industry`: enum — values: SaaS, Fintech, Healthcare, Retail, Education, Other\n\nCatalog `crm`\n\nTest: industry is SaaS or Fintech.\n\nSample leads: matches **4** of 6 (66.7%)');
});

test('hover: a key shows the schema description; a tier its condition and count; a commitment its attainment', async () => {
  assert.equal(await hoverText(scoring, posOf(scoring.text, 'pick')),
    "**pick** — `sum` (default) adds the members; `first` takes the first matching rule's points; `max` the largest.");
  assert.equal(await hoverText(icp, posOf(icp.text, 'tier-1')),
    '**tier** `tier-1` of ICP `mid-market` — when employees is at least 200, and tech_stack includes salesforce\n\nSample leads: holds **1** of 6 (16.7%)');
  assert.equal(await hoverText(sla, posOf(sla.text, 'first-touch')),
    '**commitment** `mql-handoff/first-touch` — from `mql_at` to `first_touch_at` within 4h (business clock)\n\nSample leads: attainment n/a · met 0 · breached 0 · open 1');
});

test('go to definition across files: ICP id, field, event, tier reference', async () => {
  const def = (doc: typeof scoring, p: { line: number; character: number }) => client.request('textDocument/definition', { textDocument: { uri: doc.uri }, position: p });
  assert.deepEqual(await def(scoring, posOf(scoring.text, 'mid-market')), [{ uri: uriOf(join(ws.dir, 'icp.yaml')), range: R(2, 4, 2, 14) }]);
  assert.deepEqual(await def(scoring, posOf(scoring.text, 'seniority')), [{ uri: uriOf(join(ws.dir, 'fields.yaml')), range: R(7, 2, 7, 11) }]);
  assert.deepEqual(await def(scoring, posOf(scoring.text, 'demo_request')), [{ uri: uriOf(join(ws.dir, 'fields.yaml')), range: R(16, 2, 16, 14) }]);
  assert.deepEqual(await def(sla, posOf(sla.text, 'scoring: inbound', 9)), [{ uri: uriOf(join(ws.dir, 'scoring.yaml')), range: R(2, 4, 2, 11) }]);
});

test('find references of a field across every file, declaration included', async () => {
  const refs = await client.request('textDocument/references', { textDocument: { uri: scoring.uri }, position: posOf(scoring.text, 'employees'), context: { includeDeclaration: true } });
  assert.deepEqual(refs, [
    { uri: uriOf(join(ws.dir, 'fields.yaml')), range: R(4, 2, 4, 11) },
    { uri: uriOf(join(ws.dir, 'icp.yaml')), range: R(5, 2, 5, 11) },
    { uri: uriOf(join(ws.dir, 'icp.yaml')), range: R(12, 26, 12, 35) },
    { uri: uriOf(join(ws.dir, 'icp.yaml')), range: R(13, 26, 13, 35) },
    { uri: uriOf(join(ws.dir, 'scoring.yaml')), range: R(11, 36, 11, 45) },
    { uri: uriOf(join(ws.dir, 'scoring.yaml')), range: R(12, 29, 12, 38) },
  ]);
  const noDecl = await client.request('textDocument/references', { textDocument: { uri: scoring.uri }, position: posOf(scoring.text, 'employees'), context: { includeDeclaration: false } });
  assert.equal(noDecl.length, 5);
});

test('rename an ICP id: the definition and every reference, across files; a bad name is refused', async () => {
  const prep = await client.request('textDocument/prepareRename', { textDocument: { uri: scoring.uri }, position: posOf(scoring.text, 'mid-market') });
  assert.deepEqual(prep, { range: R(6, 33, 6, 43), placeholder: 'mid-market' });
  const edit = await client.request('textDocument/rename', { textDocument: { uri: scoring.uri }, position: posOf(scoring.text, 'mid-market'), newName: 'midmarket' });
  assert.deepEqual(edit, { changes: {
    [uriOf(join(ws.dir, 'icp.yaml'))]: [{ range: R(2, 4, 2, 14), newText: 'midmarket' }],
    [uriOf(join(ws.dir, 'scoring.yaml'))]: [{ range: R(6, 33, 6, 43), newText: 'midmarket' }],
  } });
  const field = await client.request('textDocument/rename', { textDocument: { uri: icp.uri }, position: posOf(icp.text, 'seniority'), newName: 'job_level' });
  assert.deepEqual(Object.keys(field.changes).sort(), ['fields.yaml', 'icp.yaml', 'scoring.yaml'].map((f) => uriOf(join(ws.dir, f))));
  await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: scoring.uri }, position: posOf(scoring.text, 'mid-market'), newName: 'Mid Market' }), /not a valid definition name/);
});

test('code lenses: rule match counts, ICP and tier counts, SLA attainment and volume (expected.json)', async () => {
  const titles = async (doc: typeof scoring) => (await client.request('textDocument/codeLens', { textDocument: { uri: doc.uri } })).map((l: any) => [l.range.start.line, l.command.title]);
  assert.deepEqual(await titles(scoring), [
    [2, '1 of 6 sample leads are MQL (16.7%) · A 1 · B 1 · C 2 · D 1 · disqualified 1'],
    [6, 'contributes to 2 of 6 sample leads (33.3%)'],
    [11, 'contributes to 1 of 6 sample leads (16.7%)'],
    [12, 'contributes to 3 of 6 sample leads (50.0%)'],
    [13, 'contributes to 3 of 6 sample leads (50.0%)'],
    [14, 'contributes to 1 of 6 sample leads (16.7%)'],
    [19, 'contributes to 3 of 6 sample leads (50.0%)'],
    [20, 'contributes to 3 of 6 sample leads (50.0%)'],
    [21, 'contributes to 1 of 6 sample leads (16.7%)'],
    [22, 'contributes to 2 of 6 sample leads (33.3%)'],
  ]);
  assert.deepEqual(await titles(icp), [
    [2, 'matches 2 of 6 sample leads (33.3%)'],
    [12, '1 sample lead in this tier (50.0% of matches)'],
    [13, '0 sample leads in this tier (0.0% of matches)'],
    [14, '1 sample lead in this tier (50.0% of matches)'],
  ]);
  assert.deepEqual(await titles(sla), [[13, 'attainment n/a · met 0 · breached 0 · open 1'], [25, '2026-11: 1 ✗']]);
});

const labels = async (uri: string, text: string, marker: string) => {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, marker);
  const clean = text.slice(0, at) + text.slice(at + marker.length);
  await client.change(uri, clean);
  const before = clean.slice(0, at);
  const position = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
  const items = await client.request('textDocument/completion', { textDocument: { uri }, position });
  return (Array.isArray(items) ? items : items.items) as any[];
};

test('completion: catalog fields at a condition key, with type and description', async () => {
  const items = await labels(icp.uri, icp.text.replace('  industry: [SaaS, Fintech]\n', '  industry: [SaaS, Fintech]\n  ‸\n'), '‸');
  const names = items.map((i) => i.label);
  assert.deepEqual(names.slice(0, 9), ['country', 'seniority', 'annual_revenue', 'tech_stack', 'email', 'mql_at', 'first_touch_at', 'region', 'icp']);
  assert.ok(!names.includes('employees') && !names.includes('industry'), 'keys already present are not offered');
  assert.ok(['all', 'any', 'not', 'tier', 'event'].every((k) => names.includes(k)));
  assert.ok(!names.includes('grade'), 'score outputs are not offered in an ICP');
  const region = items.find((i) => i.label === 'region');
  assert.equal(region.detail, 'enum');
  assert.equal(region.insertText, 'region: ');
  assert.match(region.documentation.value, /Values: `na`, `emea`, `apac`/);
});

test('completion: the operators the field type allows, enum values, ids of ICPs, events and grades', async () => {
  const ops = (await labels(icp.uri, icp.text.replace('industry: [SaaS, Fintech]', 'tech_stack: { ‸ }'), '‸')).map((i) => i.label);
  assert.deepEqual(ops, ['eq', 'ne', 'includes', 'includes_any', 'includes_all', 'exists']);
  const num = (await labels(icp.uri, icp.text.replace('industry: [SaaS, Fintech]', 'employees: { ‸ }'), '‸')).map((i) => i.label);
  assert.deepEqual(num, ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'exists']);
  const values = (await labels(icp.uri, icp.text.replace('industry: [SaaS, Fintech]', 'industry: [SaaS, ‸]'), '‸')).map((i) => i.label);
  assert.deepEqual(values, ['Fintech', 'Healthcare', 'Retail', 'Education', 'Other'], 'SaaS is already listed');
  const eq = (await labels(icp.uri, icp.text.replace('industry: [SaaS, Fintech]', 'industry: ‸'), '‸')).map((i) => i.label);
  assert.deepEqual(eq, ['SaaS', 'Fintech', 'Healthcare', 'Retail', 'Education', 'Other']);
  const icps = (await labels(scoring.uri, scoring.text.replace('icp: mid-market', 'icp: m‸'), '‸')).map((i) => i.label);
  assert.deepEqual(icps, ['mid-market']);
  const events = (await labels(scoring.uri, scoring.text.replace('event: demo_request', 'event: ‸'), '‸')).map((i) => i.label);
  assert.deepEqual(events, ['page_view', 'demo_request', 'email_click', 'unsubscribe']);
  const grades = (await labels(scoring.uri, scoring.text.replace('- grade: A', '- grade: ‸'), '‸')).map((i) => i.label);
  assert.deepEqual(grades, ['A', 'B', 'C', 'D', 'disqualified']);
  const tiers = (await labels(scoring.uri, scoring.text.replace('icp: mid-market', 'tier: ‸'), '‸')).map((i) => i.label);
  assert.deepEqual(tiers, ['mid-market/tier-1', 'mid-market/tier-2', 'mid-market/tier-3']);
  const models = (await labels(sla.uri, sla.text.replace('scoring: inbound\n    applies_to', 'scoring: ‸\n    applies_to'), '‸')).map((i) => i.label);
  assert.deepEqual(models, ['inbound']);
  const calendars = (await labels(sla.uri, sla.text.replace('default: us', 'default: ‸'), '‸')).map((i) => i.label);
  assert.deepEqual(calendars, ['us', 'emea']);
  await client.change(scoring.uri, scoring.text);
  await client.change(sla.uri, sla.text);
  await client.change(icp.uri, icp.text);
});

test('completion: schema keys with descriptions, enum values, and snippets for rules, tiers, grades, commitments', async () => {
  const keys = await labels(scoring.uri, scoring.text.replace('      pick: first\n', '      pick: first\n      ‸\n'), '‸');
  // The group already has group, pick, max and rules: the other keys a group allows remain.
  assert.deepEqual(keys.map((i) => i.label), ['title', 'description', 'min']);
  assert.match(keys.find((i) => i.label === 'min').documentation.value, /Floor of the group's value/);
  const pick = (await labels(scoring.uri, scoring.text.replace('pick: first', 'pick: ‸'), '‸')).map((i) => i.label);
  assert.deepEqual(pick, ['sum', 'first', 'max']);
  const rule = await labels(scoring.uri, scoring.text.replace('    - { id: senior', '    ‸\n    - { id: senior'), '‸');
  const snip = rule.find((i) => i.label === 'rule');
  assert.equal(snip.kind, 15);
  assert.equal(snip.insertTextFormat, 2);
  assert.equal(snip.insertText, '- { id: ${1:rule-id}, when: { ${2:field}: ${3:value} }, points: ${4:10} }');
  assert.ok(rule.some((i) => i.label === 'event rule') && rule.some((i) => i.label === 'group'));
  const tier = (await labels(icp.uri, icp.text.replace('  - { id: tier-3 }', '  - { id: tier-3 }\n  - ‸'), '‸'));
  assert.equal(tier.find((i) => i.label === 'tier').insertText, '{ id: ${1:tier-id}, when: { ${2:field}: ${3:value} } }');
  const grade = await labels(scoring.uri, scoring.text.replace('  - { id: D }', '  - { id: D }\n  ‸'), '‸');
  assert.equal(grade.find((i) => i.label === 'grade').insertText, '- { id: ${1:A}, min: ${2:80} }');
  const commit = await labels(sla.uri, sla.text.replace('    target: { gte: 400 }', '    target: { gte: 400 }\n  ‸'), '‸');
  assert.deepEqual(commit.filter((i) => i.kind === 15).map((i) => i.label), ['response commitment', 'volume commitment']);
  assert.match(commit.find((i) => i.label === 'volume commitment').insertText, /^- id: \$\{1:mql-volume\}\n    owner: /);
  await client.change(scoring.uri, scoring.text);
  await client.change(icp.uri, icp.text);
  await client.change(sla.uri, sla.text);
});

test('quick fix: did-you-mean replaces a mistyped ICP id', async () => {
  const v = await client.change(scoring.uri, scoring.text.replace('icp: mid-market', 'icp: mid-markt'));
  const pub = await client.waitForDiagnostics((p) => p.uri === scoring.uri && p.version === v);
  assert.deepEqual(pub.diagnostics.map((d) => [d.code, d.range, d.message]), [['LS042', R(6, 33, 6, 42), "unknown ICP 'mid-markt' — did you mean 'mid-market'?"]]);
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri: scoring.uri }, range: pub.diagnostics[0].range, context: { diagnostics: pub.diagnostics } });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, "Change to 'mid-market'");
  assert.equal(actions[0].isPreferred, true);
  assert.deepEqual(actions[0].edit, { changes: { [scoring.uri]: [{ range: R(6, 33, 6, 42), newText: 'mid-market' }] } });
  const v2 = await client.change(scoring.uri, scoring.text);
  assert.deepEqual((await client.waitForDiagnostics((p) => p.uri === scoring.uri && p.version === v2)).diagnostics, []);
});

test('quick fixes: sort grades; add the missing catch-all grade and tier', async () => {
  const swapped = scoring.text.replace('  - { id: A, min: 80 }\n  - { id: B, min: 50 }', '  - { id: B, min: 50 }\n  - { id: A, min: 80 }');
  const v = await client.change(scoring.uri, swapped);
  const pub = await client.waitForDiagnostics((p) => p.uri === scoring.uri && p.version === v);
  assert.equal(pub.diagnostics[0].code, 'LS065');
  const sort = (await client.request('textDocument/codeAction', { textDocument: { uri: scoring.uri }, range: pub.diagnostics[0].range, context: { diagnostics: pub.diagnostics } }))
    .find((a: any) => a.title === 'Sort grades by min, highest first');
  assert.deepEqual(sort.edit.changes[scoring.uri], [{ range: R(25, 4, 25, 22), newText: '{ id: A, min: 80 }' }, { range: R(26, 4, 26, 22), newText: '{ id: B, min: 50 }' }]);

  const noCatchAll = scoring.text.replace('  - { id: D }\n', '');
  const v2 = await client.change(scoring.uri, noCatchAll);
  const pub2 = await client.waitForDiagnostics((p) => p.uri === scoring.uri && p.version === v2);
  assert.ok(pub2.diagnostics.some((d) => d.code === 'LS066'));
  const add = (await client.request('textDocument/codeAction', { textDocument: { uri: scoring.uri }, range: R(27, 6, 27, 6), context: { diagnostics: [] } }))
    .find((a: any) => a.title.startsWith('Add a catch-all grade'));
  assert.equal(add.title, "Add a catch-all grade 'D' (no min)");
  assert.deepEqual(add.edit.changes[scoring.uri], [{ range: R(27, 22, 27, 22), newText: '\n  - { id: D }' }]);

  await client.change(icp.uri, icp.text.replace('  - { id: tier-3 }\n', ''));
  const tier = (await client.request('textDocument/codeAction', { textDocument: { uri: icp.uri }, range: R(13, 8, 13, 8), context: { diagnostics: [] } }))
    .find((a: any) => a.title.includes('catch-all tier'));
  assert.deepEqual(tier.edit.changes[icp.uri], [{ range: R(13, 53, 13, 53), newText: '\n  - { id: other }' }]);
  await client.change(scoring.uri, scoring.text);
  await client.change(icp.uri, icp.text);
});

test('an edit in one file re-checks the files that depend on it (ICP renamed → scoring reports it)', async () => {
  const before = client.published.length;
  await client.change(icp.uri, icp.text.replace('id: mid-market', 'id: midmarket'));
  const p = await client.waitForDiagnostics((d) => d.uri === scoring.uri && d.diagnostics.some((x) => x.code === 'LS042'), 5000, false);
  assert.equal(p.diagnostics.find((x) => x.code === 'LS042').message, "unknown ICP 'mid-market' — did you mean 'midmarket'?");
  assert.ok(client.published.length > before);
  await client.change(icp.uri, icp.text);
  await client.waitForDiagnostics((d) => d.uri === scoring.uri && d.diagnostics.length === 0, 5000, false);
});

test('a file changed on disk (not open) is re-read and checked', async () => {
  const path = join(ws.dir, 'extra.yaml');
  writeFileSync(path, 'leadspec: v1\nkind: icp\nid: extra\nmatch: { industri: SaaS }\n');
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path), type: 1 }] });
  const p = await client.waitForDiagnostics((d) => d.uri === uriOf(path), 5000, false);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range, d.message]), [['LS050', R(3, 9, 3, 17), "unknown field 'industri' — did you mean 'industry'?"]]);
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path), type: 3 }] });
  assert.deepEqual((await client.waitForDiagnostics((d) => d.uri === uriOf(path), 5000, false)).diagnostics, []);
});

test('untrusted workspace: validation only — no sample counts in hovers, no code lenses', async () => {
  const other = new LspClient();
  try {
    await other.initialize(ws.dir, { trusted: false });
    const uri = await other.open(scoring.path, scoring.text);
    assert.deepEqual(await other.request('textDocument/codeLens', { textDocument: { uri } }), []);
    const h = await other.request('textDocument/hover', { textDocument: { uri }, position: posOf(scoring.text, 'in-icp') });
    assert.equal(h.contents.value, '**rule** `in-icp` (fit) — +30 points when the lead matches ICP mid-market.');
    const v = await other.change(uri, scoring.text.replace('points: 30', 'pionts: 30'));
    const p = await other.waitForDiagnostics((d) => d.uri === uri && d.version === v);
    assert.ok(p.diagnostics.length > 0, 'still validates');
  } finally { await other.shutdown(); }
});

test('typing fast: results are published for the latest version only, never for an older one', async () => {
  const start = client.published.length;
  let v = 0;
  // Each keystroke adds a letter to a field name; only the final text (an unknown field) is wrong.
  const word = 'industryy';
  for (let i = 1; i <= word.length; i++) v = await client.change(icp.uri, icp.text.replace('  industry: [SaaS, Fintech]', `  ${word.slice(0, i)}: [SaaS, Fintech]`));
  const last = await client.waitForDiagnostics((p) => p.uri === icp.uri && p.version === v, 5000, false);
  assert.deepEqual(last.diagnostics.map((d) => [d.code, d.range]), [['LS050', R(6, 2, 6, 11)]]);
  const versions = client.published.slice(start).filter((p) => p.uri === icp.uri).map((p) => p.version as number);
  assert.ok(versions.length < word.length, `debounced: ${versions.length} publications for ${word.length} keystrokes`);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions never go back');
  await client.change(icp.uri, icp.text);
});

test('completion on an existing key replaces exactly that key and keeps its colon', async () => {
  await client.change(icp.uri, icp.text);
  const items = await client.request('textDocument/completion', { textDocument: { uri: icp.uri }, position: posOf(icp.text, 'industry: [SaaS', 3) });
  const region = (Array.isArray(items) ? items : items.items).find((i: any) => i.label === 'region');
  assert.deepEqual(region.textEdit, { range: R(6, 2, 6, 10), newText: 'region' });
  const tier = await labels(scoring.uri, scoring.text.replace('icp: mid-market', 'tier: mid-market/ti‸'), '‸');
  assert.deepEqual(tier.find((i) => i.label === 'mid-market/tier-1').textEdit, { range: R(6, 34, 6, 47), newText: 'mid-market/tier-1' });
  await client.change(scoring.uri, scoring.text);
});
