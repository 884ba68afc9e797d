// The documentation works in a clone: every relative link and image of README.md, ARCHITECTURE.md
// and docs/*.md names a file of the repository (not one beside it, not a git-ignored one) and,
// with a #fragment, a heading that exists there (GitHub's anchors). The README stays a front door.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(__dirname, '..', '..');
const pages = ['README.md', 'ARCHITECTURE.md', ...readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`)];

/** Markdown without its fenced code blocks and inline code spans (links there are examples). */
const prose = (md: string): string => md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-', repeats numbered. */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const text = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = m[1].replace(/<[^>]+>/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Every link and image target of a page: `[text](target)`, `![alt](target)`, `<img src>`, `[x]: target`. */
function targets(md: string): string[] {
  const text = prose(md);
  const out: string[] = [];
  for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)) out.push(m[1]);
  for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) out.push(m[1]);
  return out;
}

const ignored = (file: string): boolean =>
  spawnSync('git', ['check-ignore', '-q', '--', relative(root, file)], { cwd: root }).status === 0;

test('every relative link and image of README.md, ARCHITECTURE.md and docs/*.md resolves in a clone', () => {
  const broken: string[] = [];
  for (const page of pages) {
    const md = readFileSync(join(root, page), 'utf8');
    for (const target of targets(md)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;            // https:, mailto: …
      const [path, fragment] = target.split('#', 2) as [string, string | undefined];
      const file = path ? resolve(root, dirname(page), decodeURIComponent(path)) : join(root, page);
      const where = `${page}: ${target}`;
      if (file !== root && !file.startsWith(root + sep)) { broken.push(`${where} (outside the repository)`); continue; }
      if (!existsSync(file)) { broken.push(`${where} (no such file)`); continue; }
      if (ignored(file)) { broken.push(`${where} (git-ignored: not in a clone)`); continue; }
      if (fragment !== undefined) {
        if (!file.endsWith('.md') || statSync(file).isDirectory()) continue;
        if (!anchors(readFileSync(file, 'utf8')).has(fragment)) broken.push(`${where} (no heading #${fragment})`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

test('the README is a front door: at most 250 lines, with the two commands and links into docs/', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const lines = readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0);
  assert.ok(lines <= 250, `README.md has ${lines} lines`);
  assert.match(readme, /npm ci && npm run demo/);
  assert.match(readme, /^npm test\b/m);
  for (const page of ['docs/format.md', 'docs/cli.md', 'docs/getting-started.md', 'docs/README.md']) {
    assert.ok(readme.includes(`](${page}`), `README links ${page}`);
  }
});

test('every page of docs/ is reachable from docs/README.md', () => {
  const index = readFileSync(join(root, 'docs', 'README.md'), 'utf8');
  const linked = new Set(targets(index).map((t) => t.split('#')[0]));
  const missing = readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md') && n !== 'README.md' && !linked.has(n));
  assert.deepEqual(missing, []);
});

test('the anchor rule follows GitHub', () => {
  const a = anchors('# A\n## 6. `kind: sla` — service level agreements\n## `leadspec diff`\n## A\n```\n# not a heading\n```\n');
  assert.deepEqual([...a], ['a', '6-kind-sla--service-level-agreements', 'leadspec-diff', 'a-1']);
});

test('every command of the CLI has its section and its synopsis line in docs/cli.md', () => {
  // The registry of commands (server/src/commands/index.ts, which cli.ts dispatches through).
  const cli = readFileSync(join(root, 'server', 'src', 'commands', 'index.ts'), 'utf8');
  const table = cli.slice(cli.indexOf('export const COMMANDS'), cli.indexOf('};', cli.indexOf('export const COMMANDS')));
  const names = [...table.matchAll(/^\s+([a-z]+): \(\) => import\(/gm)].map((m) => m[1]);
  assert.ok(names.length >= 6 && names.includes('init') && names.includes('validate'), names.join(', '));
  const doc = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
  const synopsis = doc.slice(0, doc.indexOf('\n## '));
  const missing = names.filter((n) => !anchors(doc).has(`leadspec-${n}`) || !new RegExp(`^leadspec ${n} `, 'm').test(synopsis));
  assert.deepEqual(missing, [], 'add a "## `leadspec NAME`" section and a synopsis line to docs/cli.md');
});

test('every source path the docs name exists (core/…, io/…, features/…, commands/…, client/…)', () => {
  const stale: string[] = [];
  for (const page of pages) {
    const md = readFileSync(join(root, page), 'utf8');
    for (const m of md.matchAll(/(?<![\w/.-])((?:server\/src\/)?(?:core|io|features|commands)\/[a-z0-9/-]+\.ts|client\/(?:src|webview)\/[a-z0-9/-]+\.ts)\b/g)) {
      const p = m[1].startsWith('client/') || m[1].startsWith('server/') ? m[1] : `server/src/${m[1]}`;
      if (!existsSync(join(root, p))) stale.push(`${page}: ${m[1]}`);
    }
  }
  assert.deepEqual([...new Set(stale)], [], 'a file moved or was renamed: update the path in the docs');
});
