// What editors other than VS Code need (Neovim, Helix, Zed… over stdio): the workspace root
// found from the file when no folder is given (upwards to leadspec.yaml, as the CLI does), file
// watching registered (a `git checkout` is re-checked), settings pulled with workspace/configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, SAMPLES, tempWorkspace, uriOf, until } from './harness.js';

// An LSP glob pattern (a leading-directories `**` then `/`, `*`, `?`, `{a,b}`) as a case-insensitive test of a relative path.
function globMatch(glob: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) { re += '(?:.*/)?'; i += 2; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i').test(path);
}

async function start(init: { rootUri: string | null; workspaceFolders: any; capabilities: any }, config: (section: string) => unknown = () => null) {
  const client = new LspClient();
  const registrations: any[] = [];
  const configRequests: any[] = [];
  client.conn.onRequest('client/registerCapability', (p: any) => { registrations.push(...p.registrations); return null; });
  client.conn.onRequest('workspace/configuration', (p: any) => { configRequests.push(p); return p.items.map((i: any) => config(i.section)); });
  await client.conn.sendRequest('initialize', { processId: process.pid, ...init, initializationOptions: {} });
  await client.conn.sendNotification('initialized', {});
  return { client, registrations, configRequests };
}

test('no root folder: opening scoring/inbound.yaml alone finds the workspace from leadspec.yaml upwards', async () => {
  const ws = tempWorkspace(SAMPLES);
  const { client } = await start({ rootUri: null, workspaceFolders: null, capabilities: {} });
  try {
    const path = join(ws.dir, 'scoring/inbound.yaml');
    const uri = await client.open(path);
    const d = await client.waitForDiagnostics((p) => p.uri === uri);
    assert.deepEqual(d.diagnostics.map((x: any) => `${x.code} ${x.message}`), []);
    // the other files were indexed: go to definition reaches the ICP file
    const text = readFileSync(path, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('icp: mid-market'));
    const defs = await client.request('textDocument/definition', { textDocument: { uri }, position: { line, character: text.split('\n')[line].indexOf('mid-market') + 1 } });
    assert.equal(defs[0]?.uri, uriOf(join(ws.dir, 'icps/mid-market.yaml')));
    // hovers have sample counts: the samples of the project definition were found too
    const h = await until(() => client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 40 } }), (x: any) => /Sample leads/.test(x?.contents?.value ?? ''), 15000);
    assert.match(h.contents.value, /of 2000/);
  } finally { await client.shutdown(); ws.cleanup(); }
});

test('file watching is registered; files changed on disk (a git checkout) are re-checked', async () => {
  const ws = tempWorkspace(SAMPLES);
  const { client, registrations } = await start({ rootUri: uriOf(ws.dir), workspaceFolders: [{ uri: uriOf(ws.dir), name: 'ws' }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  try {
    await until(async () => registrations.length, (n) => n > 0, 5000);
    const reg = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(reg, JSON.stringify(registrations));
    assert.ok(reg.registerOptions.watchers.some((w: any) => /yaml/.test(w.globPattern)));
    // every kind of sample file the loader reads (detectFormat) is watched, or its edits go unseen
    const globs = reg.registerOptions.watchers.map((w: any) => w.globPattern as string);
    for (const f of ['icps/a.yaml', 'b.yml', 'data/leads.csv', 'leads.tsv', 'leads.json', 'events.jsonl', 'data/events.ndjson', 'EVENTS.NDJSON']) {
      assert.ok(globs.some((g: string) => globMatch(g, f)), `${f} is not watched by ${JSON.stringify(globs)}`);
    }
    const inbound = uriOf(join(ws.dir, 'scoring/inbound.yaml'));
    await client.waitForDiagnostics((p) => p.uri === inbound && p.diagnostics.length === 0);
    // "git checkout": the ICP is renamed on disk, and the enterprise ICP deleted
    const icp = join(ws.dir, 'icps/mid-market.yaml');
    writeFileSync(icp, readFileSync(icp, 'utf8').replace('id: mid-market', 'id: midmarket'));
    rmSync(join(ws.dir, 'icps/enterprise.yaml'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(icp), type: 2 }, { uri: uriOf(join(ws.dir, 'icps/enterprise.yaml')), type: 3 }] });
    const d = await client.waitForDiagnostics((p) => p.uri === inbound && p.diagnostics.some((x: any) => x.code === 'LS042'), 5000, false);
    assert.ok(d.diagnostics.some((x: any) => /unknown ICP 'mid-market'/i.test(x.message)), JSON.stringify(d.diagnostics));
  } finally { await client.shutdown(); ws.cleanup(); }
});

test('settings are pulled with workspace/configuration, on start and when they change', async () => {
  const ws = tempWorkspace(SAMPLES);
  let lensEnabled = false;
  const { client, configRequests } = await start({ rootUri: uriOf(ws.dir), workspaceFolders: [{ uri: uriOf(ws.dir), name: 'ws' }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } } },
  (section) => (section === 'leadspec' ? { codeLens: { enable: lensEnabled }, validate: { enable: true } } : null));
  try {
    await until(async () => configRequests.length, (n) => n > 0, 5000);
    assert.equal(configRequests[0].items[0].section, 'leadspec');
    const uri = await client.open(join(ws.dir, 'scoring/inbound.yaml'));
    await client.waitForDiagnostics((p) => p.uri === uri);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    lensEnabled = true;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const l = await until(() => client.request('textDocument/codeLens', { textDocument: { uri } }), (x: any[]) => x.length > 0, 15000);
    assert.ok(l.length > 0);
    assert.equal(configRequests.length, 2);
  } finally { await client.shutdown(); ws.cleanup(); }
});
