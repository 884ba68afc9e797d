// The server speaks node IPC too (what the VS Code client uses): forked with --node-ipc, it
// initializes, checks an opened file and shuts down cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { SERVER, EXAMPLE, tempWorkspace, uriOf } from './harness.js';

test('node IPC transport: initialize, diagnostics of an opened file, shutdown and exit', async () => {
  const ws = tempWorkspace(EXAMPLE);
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const published: any[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => { published.push(p); });
  conn.listen();
  try {
    const init: any = await conn.sendRequest('initialize', { processId: process.pid, rootUri: uriOf(ws.dir), workspaceFolders: [{ uri: uriOf(ws.dir), name: 'ws' }], capabilities: {} });
    assert.equal(init.serverInfo.name, 'leadspec');
    await conn.sendNotification('initialized', {});
    const uri = uriOf(join(ws.dir, 'bad.yaml'));
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'leadspec: v1\nkind: icp\nid: Bad_Id\n' } });
    const deadline = Date.now() + 10000;
    while (!published.some((p) => p.uri === uri && p.version === 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const p = published.find((x) => x.uri === uri && x.version === 1);
    assert.ok(p, 'diagnostics published over IPC');
    assert.deepEqual(p.diagnostics.map((d: any) => [d.code, d.range.start.line, d.range.start.character]), [['LS014', 2, 4]]);
    await conn.sendRequest('shutdown');
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await conn.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    conn.dispose();
    if (child.exitCode === null) child.kill();
    ws.cleanup();
  }
});
