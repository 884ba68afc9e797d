// The invariants of ARCHITECTURE.md that the source can be checked for: the core stays pure, the
// layers import only downwards (core ← io ← features | commands ← server.ts | cli.ts), every
// source file is named in the code map, and every source file says what it is in a header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(__dirname, '..', '..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
});
const rel = (p: string) => relative(root, p).split(sep).join('/');
const sources = [...files(join(root, 'server', 'src')), ...files(join(root, 'client'))].map(rel).sort();

test('server/src/core imports no I/O, no editor API and nothing outside the core', () => {
  const forbidden = /from\s+['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|node:fs[^'"]*|fs|node:child_process|child_process|node:worker_threads|\.\.\/(\.\.\/)*(io|commands|features)\/[^'"]*|(\.\.\/)+client\/[^'"]*)['"]/;
  const offenders = files(join(root, 'server/src/core')).filter((f) => forbidden.test(readFileSync(f, 'utf8'))).map(rel);
  assert.deepEqual(offenders, []);
});

type Layer = 'core' | 'io' | 'features' | 'commands' | 'server' | 'cli' | 'client' | 'webview';
function layerOf(path: string): Layer | undefined {
  if (path.startsWith('server/src/core/')) return 'core';
  if (path.startsWith('server/src/io/') || path === 'server/src/version.ts') return 'io';
  if (path.startsWith('server/src/features/')) return 'features';
  if (path.startsWith('server/src/commands/')) return 'commands';
  if (path === 'server/src/server.ts') return 'server';
  if (path === 'server/src/cli.ts') return 'cli';
  if (path.startsWith('client/src/')) return 'client';
  if (path.startsWith('client/webview/')) return 'webview';
  return undefined;
}
/** Who may import whom. Why: ARCHITECTURE.md, "Architecture invariants". */
const ALLOWED: Record<Layer, Layer[]> = {
  core: ['core'],                                   // pure: runs in the CLI, the server, its worker, the extension host and the webview
  io: ['core', 'io'],                               // the edges serve both faces, so they know neither
  features: ['core', 'io', 'features'],             // the editor's face; never the CLI's policies
  commands: ['core', 'io', 'commands'],             // the CLI's face; never LSP features
  server: ['core', 'io', 'features', 'server'],     // wiring only
  cli: ['commands', 'io', 'core', 'cli'],           // dispatch only
  client: ['core', 'io', 'features', 'client', 'webview'], // the extension host imports the engine directly (preview)
  webview: ['core', 'webview'],                     // a browser page: pure modules only
};

/** The relative imports of a file (import … from, export … from, import('…'), side-effect imports), resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
  return specs.map((s) => rel(resolve(root, dirname(file), s.replace(/\.js$/, '.ts'))));
}

test('layers import only downwards: core ← io ← features | commands ← server.ts | cli.ts; the webview only the core', () => {
  const offenders: string[] = [];
  for (const f of sources) {
    const from = layerOf(f);
    if (!from) continue;
    for (const target of importsOf(f)) {
      const to = layerOf(target);
      if (to && !ALLOWED[from].includes(to)) offenders.push(`${f} (${from}) imports ${target} (${to})`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the layer check sees what it checks: every relative import resolves to a file', () => {
  const missing = sources.flatMap((f) => importsOf(f).filter((t) => !existsSync(join(root, t)) && !existsSync(join(root, t.replace(/\.ts$/, '.css'))) && !t.endsWith('.css')).map((t) => `${f} → ${t}`));
  assert.deepEqual(missing, []);
});

test('every source file and folder is named in ARCHITECTURE.md\'s code map', () => {
  const arch = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
  const unnamed = sources.filter((f) => !arch.includes(f.split('/').pop()!));
  assert.deepEqual(unnamed, [], 'add these files to the code map of ARCHITECTURE.md (a line saying what each holds)');
  const folders = [...new Set(sources.map((f) => dirname(f)))].filter((d) => d.split('/').length > 2);
  const unnamedFolders = folders.filter((d) => !arch.includes(`${d.split('/').pop()}/`));
  assert.deepEqual(unnamedFolders, [], 'add these folders to the code map of ARCHITECTURE.md');
});

test('every source file opens with a comment saying what it is', () => {
  const bare = sources.filter((f) => !/^\s*(\/\/|\/\*)/.test(readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(bare, []);
});

test("core's root holds only the shared vocabulary; the engine's stages are its folders", () => {
  const atRoot = readdirSync(join(root, 'server', 'src', 'core')).filter((n) => n.endsWith('.ts')).sort();
  assert.deepEqual(atRoot, ['codes.ts', 'model.ts', 'results.ts', 'types.ts'], 'put new engine code in the stage folder it belongs to (syntax, check, data, eval, diff, report, …)');
});

test('no import cycles: a module never needs itself to load (value imports; `import type` is erased)', () => {
  const valueImports = (file: string) => {
    const text = readFileSync(join(root, file), 'utf8');
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)]
      .map((m) => rel(resolve(root, dirname(file), m[1].replace(/\.js$/, '.ts'))));
  };
  const graph = new Map(sources.map((f) => [f, valueImports(f)]));
  const cycles: string[] = [];
  const done = new Set<string>(), path: string[] = [];
  const visit = (f: string) => {
    const at = path.indexOf(f);
    if (at >= 0) { cycles.push([...path.slice(at), f].join(' → ')); return; }
    if (done.has(f)) return;
    path.push(f);
    for (const t of graph.get(f) ?? []) visit(t);
    path.pop();
    done.add(f);
  };
  for (const f of sources) visit(f);
  assert.deepEqual(cycles, []);
});
