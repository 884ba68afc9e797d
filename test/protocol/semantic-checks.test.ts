// The checks of rules that read the score in an order the engine does not compute it in
// (LS095 event + when, LS096 `mql` inside `mql:`, LS097 a score output read too early), and the
// quick fixes of did-you-mean with two candidates and of days under a business clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, SAMPLES, tempWorkspace, posOf } from './harness.js';

let client: LspClient;
let ws: ReturnType<typeof tempWorkspace>;
let inbound: { uri: string; text: string };
let sla: { uri: string; text: string };

before(async () => {
  ws = tempWorkspace(SAMPLES);
  client = new LspClient();
  await client.initialize(ws.dir);
  const open = async (name: string) => { const path = join(ws.dir, name); const text = readFileSync(path, 'utf8'); return { text, uri: await client.open(path, text) }; };
  inbound = await open('scoring/inbound.yaml');
  sla = await open('sla.yaml');
});
after(async () => { await client.shutdown(); ws.cleanup(); });

/** Sets a document's text and waits for the diagnostics of that version. */
async function setText(doc: { uri: string; text: string }, text: string): Promise<any[]> {
  doc.text = text;
  const version = await client.change(doc.uri, text);
  return (await client.waitForDiagnostics((p) => p.uri === doc.uri && p.version === version)).diagnostics;
}

/** Applies a code action's edits (one file) to a text. */
function applyEdits(text: string, edits: any[]): string {
  const lines = text.split('\n');
  const off = (p: any) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

async function actionsFor(doc: { uri: string }, d: any): Promise<any[]> {
  return (await client.request('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } }))
    .filter((a: any) => a.diagnostics?.some((x: any) => x.code === d.code));
}

const original = () => readFileSync(join(ws.dir, 'scoring/inbound.yaml'), 'utf8');

test('LS095: an event rule with when: is an error on when; the fixes remove one of them', async () => {
  const text = original().replace('{ id: demo, event: demo_request, points: 40, max: 40 }', '{ id: demo, event: demo_request, when: { region: emea }, points: 40, max: 40 }');
  const ds = (await setText(inbound, text)).filter((d) => d.code === 'LS095');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, 1);
  assert.deepEqual(ds[0].range.start, posOf(text, 'when: { region: emea }'));
  const actions = await actionsFor(inbound, ds[0]);
  assert.deepEqual(actions.map((a) => a.title), ['Remove `when:` (points for each event)', 'Remove `event:` (points once, when the condition holds)']);
  const fixed = applyEdits(text, Object.values<any[]>(actions[0].edit.changes)[0]);
  assert.ok(fixed.includes('{ id: demo, event: demo_request, points: 40, max: 40 }'), fixed);
  assert.deepEqual((await setText(inbound, fixed)).filter((d) => d.severity === 1), []);
  // the event rule with `where` and `within` offers only the removal of `when`
  const text2 = original().replace('points: 5, max: 20, within: 30d }', 'points: 5, max: 20, within: 30d,\n        when: { employees: { gte: 50 } } }');
  const d2 = (await setText(inbound, text2)).filter((d) => d.code === 'LS095');
  assert.deepEqual((await actionsFor(inbound, d2[0])).map((a) => a.title), ['Remove `when:` (points for each event)']);
});

test('LS095 in a block-mapping rule: the fix removes the whole when: lines', async () => {
  const text = original().replace('    - { id: trial, event: trial_signup, points: 30, max: 30 }', '    - id: trial\n      event: trial_signup\n      when: { employees: { gte: 50 } }   # ignored\n      points: 30\n      max: 30');
  const ds = (await setText(inbound, text)).filter((d) => d.code === 'LS095');
  const actions = await actionsFor(inbound, ds[0]);
  const fixed = applyEdits(text, Object.values<any[]>(actions[0].edit.changes)[0]);
  assert.ok(fixed.includes('    - id: trial\n      event: trial_signup\n      points: 30\n      max: 30'), fixed);
});

test('LS096: mql: true inside mql: is a warning with a fix; LS097: a grade tested in a fit rule', async () => {
  const text = original()
    .replace("    - { fit: { gte: 40 }, engagement: { gte: 60 } }", "    - { fit: { gte: 40 }, engagement: { gte: 60 }, mql: true }")
    .replace('{ id: revops-buyer, when: { department: revops }, points: 10 }', '{ id: revops-buyer, when: { department: revops, grade: A }, points: 10 }');
  const ds = await setText(inbound, text);
  const mql = ds.filter((d) => d.code === 'LS096');
  assert.equal(mql.length, 1);
  assert.equal(mql[0].severity, 2);
  assert.deepEqual(mql[0].range.start, posOf(text, 'mql: true'));
  const actions = await actionsFor(inbound, mql[0]);
  assert.equal(actions.length, 1);
  assert.ok(applyEdits(text, Object.values<any[]>(actions[0].edit.changes)[0]).includes('- { fit: { gte: 40 }, engagement: { gte: 60 } }'));
  const early = ds.filter((d) => d.code === 'LS097');
  assert.equal(early.length, 1);
  assert.deepEqual(early[0].range.start, posOf(text, 'grade: A }'));
  assert.match(early[0].message, /`grade` is not computed yet in a fit rule/);
  // the shipped samples have none of these
  assert.deepEqual((await setText(inbound, original())).filter((d) => ['LS095', 'LS096', 'LS097'].includes(d.code)), []);
});

test('did-you-mean with two candidates gives two quick fixes (gtee → gte, gt)', async () => {
  const text = original().replace('fit: { gte: 40 }', 'fit: { gtee: 40 }');
  const ds = (await setText(inbound, text)).filter((d) => /gtee/.test(d.message));
  assert.equal(ds.length, 1, JSON.stringify(ds));
  const actions = await actionsFor(inbound, ds[0]);
  assert.deepEqual(actions.map((a) => a.title).sort(), ["Change to 'gt'", "Change to 'gte'"]);
  assert.ok(actions.every((a) => !a.isPreferred));
  await setText(inbound, original());
});

test('within: 1d under a business clock: fixes to working hours or to clock: calendar', async () => {
  const base = readFileSync(join(ws.dir, 'sla.yaml'), 'utf8');
  const text = base.replace('    within: 4h\n    clock: business', '    within: 1d\n    clock: business');
  const ds = (await setText(sla, text)).filter((d) => d.code === 'LS085');
  assert.equal(ds.length, 1);
  const actions = await actionsFor(sla, ds[0]);
  assert.deepEqual(actions.map((a) => a.title), ["Change to '8h' (8 working hours a day)", 'Use `clock: calendar` (count every hour of the day)']);
  for (const a of actions) {
    const fixed = applyEdits(text, Object.values<any[]>(a.edit.changes)[0]);
    assert.deepEqual((await setText(sla, fixed)).filter((d) => d.code === 'LS085'), [], a.title);
  }
  // no `clock:` written (business by default, the SLA has calendars): the fix adds one after `within:`
  const text2 = base.replace('    within: 4h\n    clock: business\n', '    within: 2d    # two days\n');
  const d2 = (await setText(sla, text2)).filter((d) => d.code === 'LS085');
  const a2 = await actionsFor(sla, d2[0]);
  assert.equal(a2[0].title, "Change to '16h' (8 working hours a day)");
  const fixed2 = applyEdits(text2, Object.values<any[]>(a2[1].edit.changes)[0]);
  assert.ok(fixed2.includes('    within: 2d    # two days\n    clock: calendar\n'), fixed2);
  await setText(sla, base);
});
