// Reads the `leadspec.*` settings into the shape the server's initializationOptions expect.
import * as vscode from 'vscode';

export interface ServerSettings { validateEnable: boolean; debounceMs: number; codeLensEnable: boolean; samplesLeads: string; samplesEvents: string }

export function serverSettings(): ServerSettings {
  const c = vscode.workspace.getConfiguration('leadspec');
  const trusted = vscode.workspace.isTrusted;
  return {
    validateEnable: c.get<boolean>('validate.enable', true),
    debounceMs: c.get<number>('validate.debounceMs', 20),
    codeLensEnable: c.get<boolean>('codeLens.enable', true),
    // Sample paths are restricted settings: ignored in an untrusted folder.
    samplesLeads: trusted ? c.get<string>('samples.leads', '') : '',
    samplesEvents: trusted ? c.get<string>('samples.events', '') : '',
  };
}
