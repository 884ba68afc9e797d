// IncrementalValidation (server/src/core/check/validate.ts): the preview's gate keeps its checks
// between edits. Its report must be validateReport's after every edit, and it must re-check
// exactly what an edit can change: the edited file, and the files that read what changed in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile, type ParsedFile } from '../../server/src/core/syntax/parse.js';
import { IncrementalValidation, validateReport } from '../../server/src/core/check/validate.js';
import { gateDefinitions } from '../../server/src/core/check/gate.js';

const S = (p: string) => readFileSync(join('samples', p), 'utf8');
const NAMES = ['fields.yaml', 'icps/enterprise.yaml', 'icps/mid-market.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml', 'sla.yaml', 'tests.yaml'];

/** The session's files: one ParsedFile per file, replaced only when its text changes. */
class Files {
  readonly parsed = new Map<string, ParsedFile>();
  constructor() { for (const n of NAMES) this.set(n, S(n)); }
  set(name: string, text: string): void { this.parsed.set(name, parseFile(name, text)); }
  edit(name: string, from: string, to: string): void {
    const text = this.parsed.get(name)!.text;
    assert.ok(text.includes(from), `${name} holds '${from}'`);
    this.set(name, text.replace(from, to));
  }
  list(): ParsedFile[] { return [...this.parsed.keys()].sort().map((n) => this.parsed.get(n)!); }
}

function same(v: IncrementalValidation, files: Files) {
  const got = v.report(files.list());
  assert.deepEqual(got, validateReport(files.list()));
  return got;
}

test('after every edit, the kept checks report exactly what a fresh validation reports', () => {
  const files = new Files();
  const v = new IncrementalValidation();
  same(v, files);
  const steps: [string, string, string][] = [
    ['scoring/inbound.yaml', 'points: 40 }', 'points: 47 }'],
    ['scoring/inbound.yaml', 'employees: { gte: 1000 }', 'employes: { gte: 1000 }'], // LS050 appears
    ['fields.yaml', '  employees:', '  employes:'], // the catalog now declares it: LS050 goes, others appear
    ['fields.yaml', '  employes:', '  employees:'],
    ['scoring/inbound.yaml', 'employes: { gte: 1000 }', 'employees: { gte: 1000 }'],
    ['icps/mid-market.yaml', 'id: tier-1', 'id: tier-one'], // inbound's `tier: mid-market/tier-1` breaks
    ['icps/mid-market.yaml', 'id: tier-one', 'id: tier-1'],
    ['sla.yaml', 'within: 4h', 'within: 4 hours'], // a schema error in the SLA
  ];
  for (const [name, from, to] of steps) { files.edit(name, from, to); same(v, files); }
  files.parsed.delete('icps/mid-market.yaml'); // a file removed: its references break
  assert.ok(same(v, files).diagnostics.some((d) => d.code === 'LS042' || d.code === 'LS043'));
  files.set('icps/mid-market.yaml', S('icps/mid-market.yaml')); // and back
  same(v, files);
  files.set('extra.yaml', S('icps/enterprise.yaml')); // a duplicate id in a new file: LS040 in both
  assert.ok(same(v, files).diagnostics.some((d) => d.code === 'LS040' && d.file === 'icps/enterprise.yaml'));
});

test('the same content is not checked again; an edit re-checks its file; a change others read re-checks them', () => {
  const files = new Files();
  const v = new IncrementalValidation();
  v.report(files.list());
  assert.equal(v.rechecked, NAMES.length, 'the first report checks every file');
  v.report(files.list());
  assert.equal(v.rechecked, 0, 'nothing changed: nothing re-checked');

  files.edit('scoring/inbound.yaml', 'points: 40 }', 'points: 47 }'); // nothing another file reads
  same(v, files);
  assert.equal(v.rechecked, 1, 'a rule\'s points: only the edited file');

  files.edit('fields.yaml', '  employees:', '  employes:'); // a field every definition may read
  const r = same(v, files);
  assert.ok(v.rechecked > 2, `the catalog's readers are re-checked (${v.rechecked})`);
  assert.ok(r.diagnostics.some((d) => d.file === 'scoring/inbound.yaml' && d.code === 'LS050'), 'inbound reads the renamed field');

  files.edit('icps/mid-market.yaml', 'id: tier-1', 'id: tier-one'); // inbound reads this tier
  const t = same(v, files);
  assert.ok(t.diagnostics.some((d) => d.file === 'scoring/inbound.yaml' && d.code === 'LS043'));
});

test('the gate passes its verdict through the kept checks', () => {
  const files = new Files();
  const v = new IncrementalValidation();
  assert.equal(gateDefinitions(files.list(), { incremental: v }).pass, true);
  files.edit('scoring/inbound.yaml', 'points: 40 }', 'pionts: 40 }');
  const refused = gateDefinitions(files.list(), { incremental: v });
  assert.equal(refused.pass, false);
  assert.deepEqual(refused, gateDefinitions(files.list()));
});
