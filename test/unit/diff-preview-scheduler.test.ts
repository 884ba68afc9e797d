// The preview's update policy (client/src/preview/scheduler.ts): debounced, never overlapping,
// and a run overtaken by a newer change knows it is superseded (so it publishes nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunScheduler } from '../../client/src/preview/scheduler.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a burst of changes inside the debounce runs once', async () => {
  let runs = 0;
  const s = new RunScheduler(async () => { runs++; });
  for (let i = 0; i < 10; i++) { s.schedule(30); await sleep(2); }
  await sleep(60);
  await s.idle();
  assert.equal(runs, 1);
});

test('a change during a run supersedes it; the next run starts after it, never alongside', async () => {
  const log: string[] = [];
  let active = 0;
  let n = 0;
  const s = new RunScheduler(async (superseded) => {
    const me = ++n;
    active++;
    assert.equal(active, 1, 'runs never overlap');
    await sleep(40);
    log.push(`${me}:${superseded() ? 'dropped' : 'published'}`);
    active--;
  });
  s.schedule(0);
  await sleep(10);     // run 1 is in flight
  s.schedule(0);       // supersedes it
  await sleep(5);
  await s.idle();
  assert.deepEqual(log, ['1:dropped', '2:published']);
});

test('after dispose nothing runs and a run in flight counts as superseded', async () => {
  const log: boolean[] = [];
  const s = new RunScheduler(async (superseded) => { await sleep(20); log.push(superseded()); });
  s.schedule(0);
  await sleep(5);
  s.dispose();
  s.schedule(0);
  await sleep(40);
  assert.deepEqual(log, [true]);
});

test('a failing run does not stop later ones', async () => {
  let calls = 0;
  const s = new RunScheduler(async () => { calls++; if (calls === 1) throw new Error('boom'); });
  s.schedule(0);
  await sleep(10);
  s.schedule(0);
  await sleep(10);
  await s.idle();
  assert.equal(calls, 2);
});

test('busy while a change waits for its delay or a run is in flight (the panel\'s warm-up yields to both)', async () => {
  let release!: () => void;
  const s = new RunScheduler(() => new Promise<void>((r) => { release = r; }));
  assert.equal(s.busy(), false);
  s.schedule(20);
  assert.equal(s.busy(), true, 'a change waiting for its quiet delay');
  await sleep(40);
  assert.equal(s.busy(), true, 'a run in flight');
  release();
  await s.idle();
  assert.equal(s.busy(), false);
});
