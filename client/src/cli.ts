// Runs the bundled CLI (dist/cli.js) in a child Node process and streams it to the output channel.
import * as vscode from 'vscode';
import { fork } from 'node:child_process';

export function workspaceRoot(): string | undefined {
  const folder = vscode.window.activeTextEditor ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri) : undefined;
  return (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
}

export function runCli(context: vscode.ExtensionContext, output: vscode.OutputChannel, args: string[]): Promise<number> {
  const cwd = workspaceRoot();
  if (!cwd) { void vscode.window.showWarningMessage('LeadSpec: open a folder first.'); return Promise.resolve(2); }
  output.show(true);
  output.appendLine(`$ leadspec ${args.join(' ')}   (in ${cwd})`);
  return new Promise((resolve) => {
    // ELECTRON_RUN_AS_NODE: in desktop VS Code process.execPath is Electron; run it as plain Node.
    const child = fork(context.asAbsolutePath('dist/cli.js'), args, { cwd, silent: true, execArgv: [], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    child.stdout?.on('data', (d) => output.append(String(d)));
    child.stderr?.on('data', (d) => output.append(String(d)));
    child.on('error', (e) => { output.appendLine(`leadspec: could not start the CLI: ${e.message}`); resolve(2); });
    child.on('exit', (code) => {
      const status = code ?? 2;
      output.appendLine(`(exit status ${status}: ${status === 0 ? 'ok' : status === 1 ? 'the definitions have problems' : 'usage or input error'})`);
      resolve(status);
    });
  });
}
