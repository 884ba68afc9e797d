// The CI recipe (docs/ci.md): the workflow `leadspec init` writes (core/init/workflow.ts) is run
// here as GitHub would run it, minus GitHub: every `run:` step in bash, with `npx leadspec` being
// the built CLI, in a temporary git repository whose pull-request branch changes the samples
// (grade A 80 → 75, MQL engagement ≥ 60 → ≥ 70, first touch 4h → 3h) against `origin/main`;
// then the comment step's script against a fake GitHub API, twice: one comment, updated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { githubWorkflow, COMMENT_MARKER } from '../../server/src/core/init/workflow.js';

const CLI = resolve('dist/cli.js');
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

let repo = '';
const git = (...args: string[]) => { const r = spawnSync('git', args, { cwd: repo, env: GIT_ENV, encoding: 'utf8' }); assert.equal(r.status, 0, r.stderr); };
const edit = (file: string, from: string, to: string) => {
  const p = join(repo, 'samples', file);
  const t = readFileSync(p, 'utf8');
  assert.ok(t.includes(from));
  writeFileSync(p, t.replace(from, to));
};

interface Step { name?: string; if?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string>; 'working-directory'?: string }
const workflow = parse(githubWorkflow({ projectDir: 'samples', packageDir: '.' }));
const steps: Step[] = workflow.jobs.leadspec.steps;
const results = new Map<string, { status: number | null; stdout: string; stderr: string }>();
let summary = '';

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'leadspec-ci-'));
  cpSync(resolve('samples'), join(repo, 'samples'), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('update-ref', 'refs/remotes/origin/main', 'main'); // what actions/checkout with fetch-depth 0 provides
  git('checkout', '-q', '-b', 'pr');
  edit('scoring/inbound.yaml', '{ id: A, min: 80,', '{ id: A, min: 75,');
  edit('scoring/inbound.yaml', 'engagement: { gte: 60 } }', 'engagement: { gte: 70 } }');
  edit('sla.yaml', '    within: 4h\n', '    within: 3h\n');
  git('commit', '-q', '-am', 'the change under review');

  // Run the `run:` steps as the runner does: bash -e, the step's env and working directory;
  // after a failure only `if: always()` steps run.
  summary = join(repo, 'step-summary.md');
  writeFileSync(summary, '');
  let failed = false;
  for (const s of steps) {
    if (!s.run || s.run.startsWith('npm ci')) continue;
    if (failed && !(s.if ?? '').includes('always()')) continue;
    const env: Record<string, string> = { ...GIT_ENV, GITHUB_STEP_SUMMARY: summary };
    for (const [k, v] of Object.entries(s.env ?? {})) env[k] = String(v).replace('${{ github.base_ref }}', 'main');
    const script = s.run.replace(/npx leadspec /g, `"${process.execPath}" "${CLI}" `);
    const r = spawnSync('bash', ['-e', '-c', script], { cwd: join(repo, s['working-directory'] ?? '.'), env, encoding: 'utf8', maxBuffer: 64 << 20 });
    results.set(s.name ?? s.run, { status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) failed = true;
  }
});
after(() => { if (repo) rmSync(repo, { recursive: true, force: true }); });

test('validate passes, the tests fail (the 3h window breaks pinned SLA cases), the diff and the report still run', () => {
  assert.equal(results.get('Validate')?.status, 0, results.get('Validate')?.stderr);
  const t = results.get('Tests')!;
  assert.equal(t.status, 1, 'a failing case fails the job');
  assert.match(t.stdout, /first touch|first-touch/);
  const d = results.get('Diff against the base branch')!;
  assert.equal(d.status, 0, d.stderr);
  const md = readFileSync(join(repo, 'samples', 'leadspec-diff.md'), 'utf8');
  assert.equal(readFileSync(summary, 'utf8'), md, 'the summary page gets the same Markdown');
  assert.match(md, /- inbound · grade A: min 80 → 75\n- inbound · mql: engagement ≥ 60 → ≥ 70\n- mql-handoff · first-touch: within 4h → 3h\n/);
  assert.match(md, /> \[!CAUTION\]/);
  const r = results.get('HTML report')!;
  assert.equal(r.status, 0, r.stderr);
  const html = join(repo, 'samples', 'leadspec-report.html');
  assert.ok(existsSync(html) && statSync(html).size < 2 * 1024 * 1024);
  // The upload step uploads what the report step wrote (paths of `uses:` steps are from the root).
  const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
  assert.equal(upload.with!.path, 'samples/leadspec-report.html');
  assert.ok(existsSync(join(repo, upload.with!.path)));
});

test('the comment step posts one comment, then updates it', async () => {
  const step = steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
  assert.match(step.if!, /hashFiles\('samples\/leadspec-diff\.md'\) != ''/);
  const comments: { id: number; body: string }[] = [{ id: 1, body: 'LGTM' }];
  const calls: string[] = [];
  const github = {
    paginate: async (fn: (a: unknown) => Promise<{ data: unknown[] }>, args: unknown) => (await fn(args)).data,
    rest: { issues: {
      listComments: async () => ({ data: comments.map((c) => ({ ...c })) }),
      createComment: async (a: { body: string; issue_number: number }) => { calls.push(`create #${a.issue_number}`); comments.push({ id: comments.length + 1, body: a.body }); },
      updateComment: async (a: { comment_id: number; body: string }) => { calls.push(`update ${a.comment_id}`); comments.find((c) => c.id === a.comment_id)!.body = a.body; },
    } },
  };
  const context = { serverUrl: 'https://github.example', repo: { owner: 'acme', repo: 'revops' }, runId: 42, issue: { number: 7 } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  const run = new AsyncFunction('github', 'context', 'require', 'process', step.with!.script);
  const proc = { env: { DIFF_FILE: join(repo, step.env!.DIFF_FILE) } };
  await run(github, context, createRequire(resolve('package.json')), proc);
  await run(github, context, createRequire(resolve('package.json')), proc);
  assert.deepEqual(calls, ['create #7', 'update 2']);
  assert.equal(comments.length, 2);
  const body = comments[1].body;
  assert.ok(body.startsWith(`${COMMENT_MARKER}\n## LeadSpec diff`));
  assert.match(body, /\[Full HTML report\]\(https:\/\/github\.example\/acme\/revops\/actions\/runs\/42\)/);
  assert.ok(body.length < 65_536, `${body.length} characters`);
  assert.equal(body.split(COMMENT_MARKER).length, 2, 'the marker appears once: user text cannot forge it');
});
