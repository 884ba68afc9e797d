// Reading definitions at a git ref, for `leadspec diff` and the editor's "Compare with…".
// Only the `git` executable, always through execFile with an argument array (no shell), and a
// ref is validated before it is used: it must not start with '-' (it would read as an option)
// and must name a commit (`git rev-parse --verify --quiet REF^{commit}`).
import { execFile } from 'node:child_process';
import { relative, resolve, join, sep } from 'node:path';
import { realpathSync } from 'node:fs';
import { InputError } from './files.js';

const MAX_BUFFER = 256 * 1024 * 1024;
/** Folders skipped when reading definitions, as io/files.ts skips them in the working tree. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.cache', 'out', '.vscode-test', '.e2e-run']);

export class GitError extends InputError {}

interface RunResult { stdout: string; stderr: string; code: number }

function run(cwd: string, args: string[], signal?: AbortSignal): Promise<RunResult> {
  return new Promise((done, fail) => {
    execFile('git', args, { cwd, maxBuffer: MAX_BUFFER, encoding: 'utf8', signal, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') { fail(new GitError('git is not installed or not on PATH; install git to compare with a ref')); return; }
        if (err && err.name === 'AbortError') { fail(err); return; }
        const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
        done({ stdout, stderr, code });
      });
  });
}

async function must(cwd: string, args: string[], what: string, signal?: AbortSignal): Promise<string> {
  const r = await run(cwd, args, signal);
  if (r.code !== 0) throw new GitError(`${what}: ${firstLine(r.stderr) || `git ${args[0]} failed`}`);
  return r.stdout;
}

const firstLine = (s: string) => s.trim().split('\n')[0]?.replace(/^fatal: /, '') ?? '';

/** The top folder of the git working tree holding `dir`. */
export async function gitRoot(dir: string, signal?: AbortSignal): Promise<string> {
  const r = await run(dir, ['rev-parse', '--show-toplevel'], signal);
  if (r.code !== 0) throw new GitError(`${dir} is not inside a git repository; a diff compares with a git ref, so run it in a clone`);
  return r.stdout.trim();
}

/** Checks the shape of a ref before git sees it: no option look-alikes, no control characters. */
export function checkRefSyntax(ref: string): void {
  if (ref.length === 0) throw new GitError('the base ref is empty; give a branch, tag or commit, e.g. --base main');
  if (ref.startsWith('-')) throw new GitError(`'${ref}' is not a valid git ref (it starts with '-'); give a branch, tag or commit, e.g. --base main`);
  if (/[\x00-\x1f\x7f]/.test(ref)) throw new GitError('the base ref holds control characters; give a branch, tag or commit');
}

/** Resolves a ref to a commit id, or fails with a message naming the ref. */
export async function resolveCommit(root: string, ref: string, signal?: AbortSignal): Promise<string> {
  checkRefSyntax(ref);
  const r = await run(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], signal);
  if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(r.stdout.trim())) {
    throw new GitError(`unknown git ref '${ref}': no branch, tag or commit of that name in ${root} (try \`git branch -a\`, or fetch it first)`);
  }
  return r.stdout.trim();
}

/**
 * The ref a diff compares with when none is given: the project's `base`, else the merge base of
 * HEAD with the default branch (origin's HEAD, else main, else master).
 */
export async function defaultBase(root: string, projectBase?: string, signal?: AbortSignal): Promise<{ ref: string; why: string }> {
  if (projectBase) return { ref: projectBase, why: 'the project\'s `base`' };
  const candidates: string[] = [];
  const head = await run(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], signal);
  if (head.code === 0 && head.stdout.trim()) candidates.push(head.stdout.trim());
  candidates.push('main', 'master', 'origin/main', 'origin/master');
  for (const c of candidates) {
    const v = await run(root, ['rev-parse', '--verify', '--quiet', `${c}^{commit}`], signal);
    if (v.code !== 0) continue;
    const mb = await run(root, ['merge-base', 'HEAD', c], signal);
    if (mb.code === 0 && mb.stdout.trim()) return { ref: mb.stdout.trim(), why: `the merge base of HEAD with ${c}` };
  }
  throw new GitError('no base ref: give --base REF, or set `base:` in the project definition (leadspec.yaml)');
}

export interface FileAtRef { /** Path as in the working tree (absolute). */ path: string; /** Path inside the repository. */ repoPath: string; text: string }

/**
 * The *.yaml / *.yml files under `paths` (working-tree files or folders) as they are at `commit`.
 * A path missing at that commit simply contributes no file (the definitions are new).
 */
export async function readYamlAtRef(root: string, commit: string, paths: string[], signal?: AbortSignal): Promise<FileAtRef[]> {
  const rels = paths.map((p) => toRepoPath(root, p));
  const listed = await must(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', ...rels.map((r) => r || '.')], 'cannot list the files at the base ref', signal);
  const files = listed.split('\0').filter((f) => f && /\.ya?ml$/i.test(f) && !f.split('/').some((seg, i, all) => i < all.length - 1 && (SKIP_DIRS.has(seg) || seg.startsWith('.'))));
  files.sort();
  const out: FileAtRef[] = [];
  for (const f of files) {
    // `git show <commit>:<path>`: the commit id was validated, the path comes from ls-tree.
    const text = await must(root, ['show', `${commit}:${f}`], `cannot read ${f} at the base ref`, signal);
    out.push({ path: join(root, ...f.split('/')), repoPath: f, text });
  }
  return out;
}

function toRepoPath(root: string, p: string): string {
  let abs = resolve(p);
  try { abs = realpathSync(abs); } catch { /* a path that no longer exists in the working tree */ }
  const rel = relative(root, abs);
  if (rel.startsWith('..')) throw new GitError(`${p} is outside the git repository ${root}`);
  return rel.split(sep).join('/');
}

/** Local branches, then tags, then remote branches, most recently committed first (for a ref picker). */
export async function listRefs(root: string, signal?: AbortSignal): Promise<{ ref: string; kind: 'branch' | 'tag' | 'remote'; subject: string }[]> {
  const out = await must(root, ['for-each-ref', '--sort=-committerdate', '--count=200', '--format=%(refname)%00%(subject)', 'refs/heads', 'refs/tags', 'refs/remotes'], 'cannot list refs', signal);
  const refs: { ref: string; kind: 'branch' | 'tag' | 'remote'; subject: string }[] = [];
  for (const line of out.split('\n')) {
    const [full, subject = ''] = line.split('\0');
    if (!full || full.endsWith('/HEAD')) continue;
    const kind = full.startsWith('refs/heads/') ? 'branch' : full.startsWith('refs/tags/') ? 'tag' : 'remote';
    refs.push({ ref: full.replace(/^refs\/(heads|tags|remotes)\//, ''), kind, subject });
  }
  const rank = { branch: 0, tag: 1, remote: 2 };
  return refs.sort((a, b) => rank[a.kind] - rank[b.kind]);
}
