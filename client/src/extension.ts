// The LeadSpec extension: starts the language server (dist/server.js) over node IPC, keeps a
// status-bar problem count, and offers the CLI's actions as commands. In an untrusted folder it
// validates only: no sample loading, no simulation, no git.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ProblemCountItem } from './status.js';
import { runCli, workspaceRoot } from './cli.js';
import { serverSettings } from './settings.js';
import { registerPreview } from './preview/index.js';
import { registerTesting } from './testing.js';
import { DATA_FILES_GLOB } from '../../server/src/core/data/leads.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('LeadSpec', { log: true });
  context.subscriptions.push(output, new ProblemCountItem());

  const start = async () => {
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
      synchronize: { configurationSection: 'leadspec', fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'), vscode.workspace.createFileSystemWatcher(DATA_FILES_GLOB)] },
      initializationOptions: { trusted: vscode.workspace.isTrusted, settings: serverSettings() },
      outputChannel: output,
    };
    // The client id 'leadspec' makes vscode-languageclient honour the `leadspec.trace.server` setting.
    client = new LanguageClient('leadspec', 'LeadSpec', serverOptions, clientOptions);
    await client.start();
  };
  const restart = async () => { await client?.stop(); await start(); };

  context.subscriptions.push(
    vscode.commands.registerCommand('leadspec.validateWorkspace', () => runCli(context, output, ['validate', workspaceRoot() ?? '.'])),
    vscode.commands.registerCommand('leadspec.simulate', () => {
      if (!vscode.workspace.isTrusted) return vscode.window.showWarningMessage('LeadSpec: simulation reads sample files; trust this folder first.');
      return runCli(context, output, ['simulate', ...simulateInputs(), '--format', 'text']);
    }),
    vscode.commands.registerCommand('leadspec.restartServer', restart),
    vscode.commands.registerCommand('leadspec.showOutput', () => output.show()),
    // Trust granted: restart so that the server may now load samples for hovers and code lenses.
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
  );
  registerPreview(context);
  registerTesting(context, () => client); // kind: test cases in the Test Explorer
  await start();
}

/** Inputs of `leadspec simulate`: the settings' sample files, else the project definition's. */
function simulateInputs(): string[] {
  const s = serverSettings();
  const args = s.samplesLeads ? ['--leads', s.samplesLeads] : [];
  if (s.samplesEvents) args.push('--events', s.samplesEvents);
  return args;
}

export async function deactivate(): Promise<void> { await client?.stop(); }
