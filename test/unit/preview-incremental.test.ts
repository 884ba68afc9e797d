// The preview session after edits (client/src/preview/session.ts): its page rows are overwritten
// run to run, models re-scored only where an edit can matter, SLA parts, feedback and backtest
// kept — and its data must still be, byte for byte, what a session opened on the edited files
// gives. Its warm-up (warmUp: an edit simulated and undone after the first result) must leave it
// exactly as it was: same data, same explanations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreviewSession } from '../../client/src/preview/session.js';
import { movePoints } from '../../client/src/preview/warm-up.js';
import type { PreviewData } from '../../client/webview/protocol.js';

const FILES = ['leadspec.yaml', 'fields.yaml', 'icps/enterprise.yaml', 'icps/mid-market.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml', 'sla.yaml'];
const TEXT = Object.fromEntries(FILES.map((f) => [f, readFileSync(join('samples', f), 'utf8')]));
const SAMPLES = {
  leads: { file: 'leads.csv', text: readFileSync('samples/leads.csv', 'utf8') },
  events: { file: 'events.jsonl', text: readFileSync('samples/events.jsonl', 'utf8') },
};

function open(files: Record<string, string>): PreviewSession {
  const s = new PreviewSession();
  for (const [f, t] of Object.entries(files)) s.setFile(f, t);
  s.setSamples(SAMPLES);
  return s;
}
/** The page's data without the run's duration (the only field that may differ). */
const bytes = (d: PreviewData) => JSON.stringify({ ...d, elapsedMs: 0 });

test('after each edit, the session\'s data is what a session opened on the edited files gives', () => {
  const session = open(TEXT);
  session.byField = 'region';
  session.run();
  let files = { ...TEXT };
  const edits: [string, string, string][] = [
    ['scoring/inbound.yaml', 'points: 40 }', 'points: 41 }'], // clamped by its group: no output moves
    ['scoring/inbound.yaml', 'points: 20 }', 'points: 35 }'], // senior: outputs move, the SLA is evaluated again
    ['scoring/product-led.yaml', 'points: 40, max: 40', 'points: 12, max: 40'],
    ['icps/mid-market.yaml', 'between: [50, 1000]', 'between: [10, 5000]'], // ICP labels of the rows change
    ['scoring/inbound.yaml', 'id: senior', 'id: senior-buyer'],
    ['sla.yaml', 'within: 4h', 'within: 1h'],
  ];
  for (const [file, from, to] of edits) {
    assert.ok(files[file].includes(from), `${file} holds ${from}`);
    files = { ...files, [file]: files[file].replace(from, to) };
    session.setFile(file, files[file]);
    const got = session.run().data;
    const fresh = open(files);
    fresh.byField = 'region';
    assert.equal(bytes(got), bytes(fresh.run().data), `after ${file}: ${from} → ${to}`);
  }
});

test('the warm-up leaves the session as it was: the same data, the same explanations, and the files\' texts', () => {
  const session = open(TEXT);
  const before = bytes(session.run().data);
  const ids = ['L00001', 'L00100', 'L01999'].filter((id) => session.explain(id));
  assert.equal(ids.length, 3);
  const explained = ids.map((id) => JSON.stringify(session.explain(id)));
  for (let round = 0; round < 5; round++) assert.equal(session.warmUp(round), true, `round ${round} warms up`);
  assert.deepEqual(ids.map((id) => JSON.stringify(session.explain(id))), explained);
  assert.equal(bytes(session.run().data), before);
  for (const f of FILES) assert.equal(session.setFile(f, TEXT[f]), false, `${f} holds its own text again`);

  // Nothing to warm up before a first result, or while the definitions are refused.
  assert.equal(open(TEXT).warmUp(0), false);
  const broken = open(TEXT);
  broken.run();
  broken.setFile('scoring/inbound.yaml', TEXT['scoring/inbound.yaml'].replace('total: sum', 'total: [oops'));
  assert.equal(broken.warmUp(0), false);
});

test('the warm-up edit moves one `points:` value, a different one per round, and nothing else', () => {
  const text = 'rules:\n  - { id: a, points: 5 }\n  - id: b\n    points: -2.5 # note\n';
  assert.equal(movePoints(text, 0), 'rules:\n  - { id: a, points: 6 }\n  - id: b\n    points: -2.5 # note\n');
  assert.equal(movePoints(text, 1), 'rules:\n  - { id: a, points: 5 }\n  - id: b\n    points: -0.5 # note\n');
  assert.equal(movePoints('kind: scoring\nid: x\n', 0), undefined);
  assert.equal(movePoints('points: "5"\n', 0), undefined, 'a quoted value is not a number to move');
});
