// The background check's policy (features/background-check.ts), on the built server's own worker
// (dist/server.js, role leadspec-check): a newer text of the file being checked terminates the
// check in flight; a change elsewhere waits for it (its work stays valid); results are every
// file's diagnostics, bounded as the main thread's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BackgroundCheck } from '../../server/src/features/background-check.js';
import { SHAPES } from './pathological.js';

const SERVER = resolve(__dirname, '../../dist/server.js');
const SMALL = 'leadspec: v1\nkind: icp\nid: small\nfields: crm\nmatch: { a: x }\n';

function newCheck(supersedeMs = 50) {
  const errors: string[] = [];
  const superseded: string[][] = [];
  const bg = new BackgroundCheck(() => new Worker(SERVER, { workerData: { role: 'leadspec-check' } }), (m) => errors.push(m), (f) => superseded.push(f), supersedeMs);
  // The worker is unref'd (it must not keep a server alive): this test keeps the loop running.
  const alive = setInterval(() => undefined, 1000);
  return { bg, errors, superseded, done: () => { bg.dispose(); clearInterval(alive); } };
}

test('a newer text of the file in flight supersedes its check; the newest text\'s diagnostics come back', { skip: !existsSync(SERVER) && 'npm run build first' }, async () => {
  const { bg, errors, superseded, done } = newCheck();
  try {
    const big = SHAPES.unknownKeys(200_000);
    const first = bg.check(new Map([['/w/big.yaml', big], ['/w/small.yaml', SMALL]]));
    await new Promise((r) => setTimeout(r, 150));
    const second = bg.check(new Map([['/w/big.yaml', big.replace('x0: 1\n', '')], ['/w/small.yaml', SMALL]]));
    assert.equal(await first, undefined);
    const r = await second;
    assert.deepEqual(superseded, [['/w/big.yaml']]);
    assert.deepEqual([...r!.keys()].sort(), ['/w/big.yaml', '/w/small.yaml']);
    assert.match(r!.get('/w/big.yaml')!.find((d) => d.code === 'LS006')!.message, /… and 199,899 more LS010/);
    assert.deepEqual(r!.get('/w/small.yaml'), []); // its catalog `crm` is in the big file: the worker sees the whole workspace
    assert.deepEqual(errors, []);
  } finally { done(); }
});

test('a change to another file waits for the check in flight, whose result stands', { skip: !existsSync(SERVER) && 'npm run build first' }, async () => {
  const { bg, superseded, done } = newCheck();
  try {
    const big = SHAPES.unknownKeys(200_000);
    const first = bg.check(new Map([['/w/big.yaml', big], ['/w/small.yaml', SMALL]]));
    await new Promise((r) => setTimeout(r, 150));
    const second = bg.check(new Map([['/w/big.yaml', big], ['/w/small.yaml', SMALL.replace('a: x', 'b: x')]]));
    const r1 = await first;
    assert.ok(r1, 'the first check was not thrown away');
    assert.deepEqual(r1!.get('/w/small.yaml'), []);
    const r2 = await second;
    assert.deepEqual(superseded, []);
    assert.deepEqual(r2!.get('/w/small.yaml')!.map((d) => d.code), ['LS050']); // `b` is not a field of crm (unknown field)
    assert.equal(r2!.get('/w/big.yaml')!.length, r1!.get('/w/big.yaml')!.length);
  } finally { done(); }
});
