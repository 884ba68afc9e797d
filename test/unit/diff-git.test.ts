// io/git.ts on a real temporary repository: ref validation, reading definitions at a ref
// (sub-folders, skipped folders, files added later), the default base and the ref list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { checkRefSyntax, resolveCommit, readYamlAtRef, defaultBase, listRefs, gitRoot, GitError } from '../../server/src/io/git.js';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };
let repo = '';
const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: repo, env: ENV, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
const write = (p: string, t: string) => { mkdirSync(join(repo, p, '..'), { recursive: true }); writeFileSync(join(repo, p), t); };

before(() => {
  repo = realpathSync(mkdtempSync(join(tmpdir(), 'leadspec-git-')));
  git('init', '-q', '-b', 'main');
  write('defs/scoring.yaml', 'leadspec: v1\nkind: scoring\nid: a\n');
  write('defs/sub/icp.yml', 'leadspec: v1\nkind: icp\nid: b\n');
  write('defs/node_modules/x.yaml', 'leadspec: v1\nkind: icp\nid: vendored\n');
  write('defs/.hidden/y.yaml', 'leadspec: v1\nkind: icp\nid: hidden\n');
  write('defs/leads.csv', 'id\nL1\n');
  write('other/z.yaml', 'leadspec: v1\nkind: icp\nid: elsewhere\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'one');
  git('tag', 'v1');
  write('defs/new.yaml', 'leadspec: v1\nkind: icp\nid: later\n');
  write('defs/scoring.yaml', 'leadspec: v1\nkind: scoring\nid: a\ntitle: changed\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'two');
});
after(() => { if (repo) rmSync(repo, { recursive: true, force: true }); });

test('refs that look like options or hold control characters are refused before git runs', () => {
  assert.throws(() => checkRefSyntax('--output=/tmp/x'), GitError);
  assert.throws(() => checkRefSyntax('-n'), /starts with '-'/);
  assert.throws(() => checkRefSyntax('main\nx'), /control characters/);
  assert.throws(() => checkRefSyntax(''), /empty/);
  assert.doesNotThrow(() => checkRefSyntax('origin/main'));
});

test('resolveCommit: branches, tags, abbreviated ids and HEAD~1 resolve to commits; unknown refs fail with a message', async () => {
  const head = git('rev-parse', 'HEAD');
  assert.equal(await resolveCommit(repo, 'main'), head);
  assert.equal(await resolveCommit(repo, 'v1'), git('rev-parse', 'HEAD~1'));
  assert.equal(await resolveCommit(repo, head.slice(0, 8)), head);
  await assert.rejects(resolveCommit(repo, 'nope'), /unknown git ref 'nope'/);
  // A tree or blob id is not a commit.
  await assert.rejects(resolveCommit(repo, git('rev-parse', 'HEAD^{tree}')), /unknown git ref/);
});

test('readYamlAtRef: the YAML under the given folder at that commit, sub-folders in, vendored and hidden folders out', async () => {
  const v1 = await resolveCommit(repo, 'v1');
  const files = await readYamlAtRef(repo, v1, [join(repo, 'defs')]);
  assert.deepEqual(files.map((f) => f.repoPath), ['defs/scoring.yaml', 'defs/sub/icp.yml']);
  assert.equal(files[0].text, 'leadspec: v1\nkind: scoring\nid: a\n');
  assert.equal(files[0].path, join(repo, 'defs', 'scoring.yaml'));
  const now = await readYamlAtRef(repo, await resolveCommit(repo, 'HEAD'), [join(repo, 'defs')]);
  assert.deepEqual(now.map((f) => f.repoPath), ['defs/new.yaml', 'defs/scoring.yaml', 'defs/sub/icp.yml']);
  assert.match(now[1].text, /title: changed/);
  // A single file, and a folder that did not exist at the ref.
  assert.deepEqual((await readYamlAtRef(repo, v1, [join(repo, 'other', 'z.yaml')])).map((f) => f.repoPath), ['other/z.yaml']);
  write('brand-new/a.yaml', 'x: 1\n');
  assert.deepEqual(await readYamlAtRef(repo, v1, [join(repo, 'brand-new')]), []);
  await assert.rejects(readYamlAtRef(repo, v1, ['/']), /outside the git repository/);
});

test('defaultBase: the project base first, else the merge base with the default branch', async () => {
  assert.deepEqual(await defaultBase(repo, 'release'), { ref: 'release', why: 'the project\'s `base`' });
  git('checkout', '-q', '-b', 'feature');
  write('defs/feature.yaml', 'leadspec: v1\nkind: icp\nid: f\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'feature');
  try {
    const b = await defaultBase(repo);
    assert.equal(b.ref, git('rev-parse', 'main'));
    assert.match(b.why, /merge base of HEAD with main/);
  } finally { git('checkout', '-q', 'main'); }
});

test('listRefs: branches then tags; gitRoot outside a repository fails with a message', async () => {
  const refs = await listRefs(repo);
  assert.deepEqual(refs.filter((r) => r.kind === 'branch').map((r) => r.ref).sort(), ['feature', 'main']);
  assert.deepEqual(refs.filter((r) => r.kind === 'tag').map((r) => r.ref), ['v1']);
  assert.equal(refs.findIndex((r) => r.kind === 'tag') > refs.findIndex((r) => r.kind === 'branch'), true);
  const plain = mkdtempSync(join(tmpdir(), 'leadspec-nogit-'));
  try { await assert.rejects(gitRoot(plain), /not inside a git repository/); } finally { rmSync(plain, { recursive: true, force: true }); }
});
