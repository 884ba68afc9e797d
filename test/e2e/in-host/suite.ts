// The in-host suite: plain async checks run INSIDE the extension host, against the `vscode` API
// (no mocha: each case is a named function; a failure is an exception). Run by the harness
// extension in code-server (test/e2e/in-host.test.ts) and by @vscode/test-electron through
// `npm run test:vscode` (test/e2e/in-host/electron-entry.ts). Works on any workspace holding a
// leadspec catalog and scoring model (the suite is pointed at a copy of samples/); it edits
// documents in memory only and reverts every edit.
import * as vscode from 'vscode';
import { catalogFields, conditionKeys, typoOf, type DefFile, type KeySpot } from '../support/samples.js';

export interface CaseResult { name: string; ok: boolean; ms: number; error?: string }
interface Case { name: string; run: () => Promise<void> }

const EXTENSION_ID = 'leadspec.leadspec';

function fail(msg: string): never { throw new Error(msg); }

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function workspaceDefs(): Promise<DefFile[]> {
  const uris = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**');
  const out: DefFile[] = [];
  for (const u of uris) out.push({ path: u.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(u)) });
  return out;
}

async function firstConditionKey(): Promise<KeySpot> {
  const keys = conditionKeys(await workspaceDefs());
  return keys[0] ?? fail('no scoring rule in the workspace tests a catalog field in its `when`');
}

function leadspecDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => /leadspec/i.test(d.source ?? '') || /^LS\d{3}$/.test(codeOf(d)));
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code ?? '');
}

async function openAt(spot: { file: string }): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(spot.file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function hoverText(hs: vscode.Hover[]): string {
  return hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

export const cases: Case[] = [
  {
    name: 'the extension activates on a leadspec file',
    async run() {
      const ext = vscode.extensions.getExtension(EXTENSION_ID) ?? fail(`extension ${EXTENSION_ID} is not installed`);
      await openAt(await firstConditionKey());
      await waitFor('the LeadSpec extension to activate', () => ext.isActive || undefined);
    },
  },
  {
    name: 'getDiagnostics: a leadspec file as shipped has no errors, other YAML gets no LeadSpec diagnostics',
    async run() {
      const spot = await firstConditionKey();
      const doc = await openAt(spot);
      await new Promise((r) => setTimeout(r, 1500));
      const errs = leadspecDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      if (errs.length) fail(`expected no errors in ${spot.file}, got: ${errs.map((d) => d.message).join('; ')}`);
      const others = (await vscode.workspace.findFiles('**/other-*.yaml')).filter(Boolean);
      if (!others.length) fail('the workspace has no other-*.yaml (plain YAML) file to check');
      for (const u of others) {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(u));
        await new Promise((r) => setTimeout(r, 1500));
        const ds = leadspecDiagnostics(u);
        if (ds.length) fail(`plain YAML ${u.fsPath} got LeadSpec diagnostics: ${ds.map((d) => d.message).join('; ')}`);
      }
    },
  },
  {
    name: 'getDiagnostics: a typo in a condition key is reported on its line, and clears when reverted',
    async run() {
      const spot = await firstConditionKey();
      const doc = await openAt(spot);
      const typo = typoOf(spot.field.name);
      const range = new vscode.Range(spot.pos.line, spot.pos.character, spot.pos.line, spot.pos.character + spot.length);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, range, typo);
      if (!(await vscode.workspace.applyEdit(edit))) fail('could not apply the edit');
      try {
        const d = await waitFor(`a diagnostic naming '${typo}'`, () =>
          leadspecDiagnostics(doc.uri).find((x) => x.message.includes(typo)));
        if (d.range.start.line !== spot.pos.line) fail(`diagnostic on line ${d.range.start.line + 1}, expected ${spot.pos.line + 1}`);
        if (d.severity !== vscode.DiagnosticSeverity.Error) fail(`expected an error, got severity ${d.severity}`);
      } finally {
        const undo = new vscode.WorkspaceEdit();
        undo.replace(doc.uri, new vscode.Range(range.start, range.start.translate(0, typo.length)), spot.field.name);
        await vscode.workspace.applyEdit(undo);
      }
      await waitFor('the typo diagnostic to clear', () =>
        !leadspecDiagnostics(doc.uri).some((x) => x.message.includes(typo)) || undefined);
    },
  },
  {
    name: 'executeCodeActionProvider: a quick fix for a typo restores the catalog field',
    async run() {
      const spot = await firstConditionKey();
      const doc = await openAt(spot);
      const typo = typoOf(spot.field.name);
      const range = new vscode.Range(spot.pos.line, spot.pos.character, spot.pos.line, spot.pos.character + spot.length);
      const typoRange = new vscode.Range(range.start, range.start.translate(0, typo.length));
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, range, typo);
      if (!(await vscode.workspace.applyEdit(edit))) fail('could not apply the edit');
      try {
        await waitFor(`a diagnostic naming '${typo}'`, () => leadspecDiagnostics(doc.uri).find((x) => x.message.includes(typo)));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, typoRange);
        const fix = actions.find((a) => a.edit && a.title.includes(spot.field.name))
          ?? fail(`no code action with an edit mentions '${spot.field.name}'; got: ${actions.map((a) => a.title).join(' | ')}`);
        if (!(await vscode.workspace.applyEdit(fix.edit!))) fail('the quick fix\'s edit did not apply');
        const text = doc.lineAt(spot.pos.line).text.slice(spot.pos.character, spot.pos.character + spot.length);
        if (text !== spot.field.name) fail(`after the fix the key reads '${text}'`);
      } finally {
        // Whatever happened, put the original name back.
        const line = doc.lineAt(spot.pos.line).text;
        if (/^[A-Za-z0-9_]+/.exec(line.slice(spot.pos.character))?.[0] === typo) {
          const undo = new vscode.WorkspaceEdit();
          undo.replace(doc.uri, typoRange, spot.field.name);
          await vscode.workspace.applyEdit(undo);
        }
      }
      await waitFor('the typo diagnostic to clear', () => !leadspecDiagnostics(doc.uri).some((x) => x.message.includes(typo)) || undefined);
    },
  },
  {
    name: 'executeCompletionItemProvider: catalog field names at a condition key',
    async run() {
      const spot = await firstConditionKey();
      const doc = await openAt(spot);
      const fields = catalogFields(await workspaceDefs()).map((f) => f.name);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider',
        doc.uri, new vscode.Position(spot.pos.line, spot.pos.character));
      const labels = new Set(list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)));
      const missing = fields.filter((f) => !labels.has(f));
      if (missing.length) fail(`completion lacks catalog fields ${missing.join(', ')}; got ${[...labels].slice(0, 30).join(', ')}`);
    },
  },
  {
    name: "executeHoverProvider: a field's type in a condition",
    async run() {
      const spot = await firstConditionKey();
      const doc = await openAt(spot);
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider',
        doc.uri, new vscode.Position(spot.pos.line, spot.pos.character + 1));
      const text = hoverText(hs);
      if (!text.includes(spot.field.name) || !text.includes(spot.field.type)) {
        fail(`hover over '${spot.field.name}' should name it and its type '${spot.field.type}'; got: ${JSON.stringify(text)}`);
      }
    },
  },
  {
    name: 'executeInlayHintProvider: a scoring rule line ends with its sample lead count and points',
    async run() {
      const def = (await workspaceDefs()).find((d) => /^kind: scoring$/m.test(d.text)) ?? fail('no scoring model in the workspace');
      const doc = await openAt({ file: def.path });
      const whole = new vscode.Range(0, 0, doc.lineCount, 0);
      // the sample simulation runs in the server's worker: hints appear once it has finished
      const hints = await waitFor('inlay hints on the scoring model', async () => {
        const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, whole);
        return h?.length ? h : undefined;
      }, 60_000);
      const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
      const onRule = hints.find((h) => /\bid: /.test(doc.lineAt(h.position.line).text) && /points: /.test(doc.lineAt(h.position.line).text));
      if (!onRule) fail(`no hint on a rule line; got ${hints.map((h) => `${h.position.line}: ${label(h)}`).join('; ')}`);
      const points = /points: (-?\d+)/.exec(doc.lineAt(onRule.position.line).text)![1];
      if (!new RegExp(`^\\d+ leads? · ${Number(points) > 0 ? '\\+' : ''}${points}(/event)?$`).test(label(onRule))) fail(`hint '${label(onRule)}' should count sample leads and show ${points} points`);
    },
  },
  {
    name: 'executeDocumentRenameProvider: renaming an ICP onto another ICP\'s id is refused',
    async run() {
      const icps = (await workspaceDefs()).filter((d) => /^kind: icp$/m.test(d.text));
      if (icps.length < 2) fail('the workspace needs two ICPs');
      const other = /^id: (\S+)/m.exec(icps[1].text)![1];
      const doc = await openAt({ file: icps[0].path });
      const line = doc.getText().split('\n').findIndex((l) => /^id: /.test(l));
      let refused: string | undefined;
      try {
        const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, new vscode.Position(line, 5), other);
        if (edit && edit.size > 0) fail(`renaming onto '${other}' produced ${edit.size} file edit(s) instead of a refusal`);
      } catch (e) { refused = e instanceof Error ? e.message : String(e); }
      if (!refused || !refused.includes('already exists')) fail(`expected the rename to be refused ("already exists"); got ${JSON.stringify(refused)}`);
      if (doc.isDirty) fail('the refused rename changed the document');
    },
  },
];

/** Runs every case in order; never throws. */
export async function runSuite(log: (line: string) => void = () => {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const t0 = Date.now();
    try {
      await c.run();
      results.push({ name: c.name, ok: true, ms: Date.now() - t0 });
      log(`ok   ${c.name}`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      results.push({ name: c.name, ok: false, ms: Date.now() - t0, error });
      log(`FAIL ${c.name}: ${error}`);
    }
  }
  return results;
}
