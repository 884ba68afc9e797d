// Half-typed text: every prefix of every sample file and of the shared example (what the editor
// parses while someone types) must make the fast YAML path refuse or match yaml exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { compareParsers } from './fastyaml-compare.js';

const BASIC = resolve('..', 'shared', 'examples', 'basic');

test('every prefix of every sample and shared example file: fast path refuses or matches yaml', () => {
  const files = execFileSync('git', ['ls-files', 'samples/*.yaml', 'samples/**/*.yaml'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (existsSync(BASIC)) files.push(...readdirSync(BASIC).filter((x) => x.endsWith('.yaml')).map((f) => join(BASIC, f)));
  let fast = 0, total = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (let i = 0; i <= text.length; i++) {
      const r = compareParsers(text.slice(0, i));
      total++;
      if (r.fast) fast++;
      assert.deepEqual(r.problems, [], `${f}, first ${i} characters: ${JSON.stringify(text.slice(Math.max(0, i - 120), i))}`);
    }
  }
  assert.ok(fast > total / 4, `the fast path took only ${fast} of ${total} prefixes`);
});
