// `LeadSpec: Open Preview` and `LeadSpec: Compare with…`: registration, the ref picker, and the
// context key that shows the editor-title button on leadspec YAML only.
import * as vscode from 'vscode';
import { LeadspecPanel, type DiffSource } from './panel.js';
import { leadspecRoot } from './workspace-files.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { looksLikeLeadspec, parseFile } from '../../../server/src/core/syntax/parse.js';
import { gitRoot, resolveCommit, readYamlAtRef, defaultBase, listRefs } from '../../../server/src/io/git.js';
import { findWorkspaceRoot } from '../../../server/src/io/files.js';

const panels = new Map<string, LeadspecPanel>();

export function registerPreview(context: vscode.ExtensionContext): void {
  let current: boolean | undefined;
  const updateContext = (e: vscode.TextEditor | undefined) => {
    const doc = e?.document;
    const is = !!doc && doc.languageId === 'yaml' && looksLikeLeadspec(doc.getText(new vscode.Range(0, 0, 200, 0)));
    if (is === current) return;
    current = is;
    void vscode.commands.executeCommand('setContext', 'leadspec.isLeadspecFile', is);
  };
  updateContext(vscode.window.activeTextEditor);
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    // A new file becomes a leadspec file as its first key is typed.
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === vscode.window.activeTextEditor?.document) updateContext(vscode.window.activeTextEditor); }),
    vscode.commands.registerCommand('leadspec.openPreview', () => openPreview(context)),
    vscode.commands.registerCommand('leadspec.compareWith', (ref?: string) => compareWith(context, typeof ref === 'string' ? ref : undefined)),
    { dispose: () => { for (const p of panels.values()) p.panel.dispose(); panels.clear(); } },
  );
}

function track(key: string, p: LeadspecPanel): LeadspecPanel {
  panels.set(key, p);
  p.onDispose = () => { if (panels.get(key) === p) panels.delete(key); };
  return p;
}

function openPreview(context: vscode.ExtensionContext): void {
  const root = leadspecRoot();
  if (!root) { void vscode.window.showWarningMessage('LeadSpec: open a folder or a leadspec file first.'); return; }
  const key = `preview:${root}`;
  const existing = panels.get(key);
  if (existing) { existing.reveal(); return; }
  track(key, new LeadspecPanel(context, 'preview', root));
}

/**
 * Asks for a ref (default first: the project's `base`, else the merge base with the default
 * branch), reads the definitions at that ref with git, and opens (or re-points) the diff panel.
 * `ref` may be passed by other commands and tests to skip the picker.
 */
async function compareWith(context: vscode.ExtensionContext, ref?: string): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('LeadSpec: comparing runs git and reads sample files; trust this folder first.');
    return;
  }
  const root = leadspecRoot();
  if (!root) { void vscode.window.showWarningMessage('LeadSpec: open a folder or a leadspec file first.'); return; }
  try {
    const repo = await gitRoot(root);
    if (ref === undefined) {
      const projectBase = await readProjectBase(root);
      const dflt = await defaultBase(repo, projectBase).catch(() => undefined);
      const refs = await listRefs(repo).catch(() => []);
      type Item = vscode.QuickPickItem & { ref: string };
      const items: Item[] = [];
      if (dflt) items.push({ label: dflt.ref.length === 40 ? dflt.ref.slice(0, 10) : dflt.ref, description: 'default', detail: dflt.why, ref: dflt.ref });
      for (const r of refs) if (r.ref !== dflt?.ref) items.push({ label: r.ref, description: r.kind, detail: r.subject, ref: r.ref });
      const pick = await new Promise<string | undefined>((done) => {
        const qp = vscode.window.createQuickPick<Item>();
        qp.title = 'LeadSpec: compare the working tree with…';
        qp.placeholder = 'a branch, tag or commit (type any ref)';
        qp.items = items;
        // Whatever is typed is offered as a ref of its own (first, as an exact match), so
        // Enter on "HEAD~2" or a commit id never picks a branch that merely resembles it.
        qp.onDidChangeValue((v) => {
          const typed = v.trim();
          qp.items = typed && !items.some((i) => i.ref === typed) ? [{ label: typed, description: 'this ref', ref: typed }, ...items] : items;
        });
        qp.onDidAccept(() => { done(qp.selectedItems[0]?.ref ?? qp.activeItems[0]?.ref ?? (qp.value.trim() || undefined)); qp.hide(); });
        qp.onDidHide(() => { done(undefined); qp.dispose(); });
        qp.show();
      });
      if (!pick) return;
      ref = pick;
    }
    const at = ref;
    const { commit, files } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `LeadSpec: reading the definitions at ${at}` }, async () => {
      const c = await resolveCommit(repo, at);
      return { commit: c, files: await readYamlAtRef(repo, c, [root]) };
    });
    const src: DiffSource = {
      ref, key: commit,
      label: ref === commit || /^[0-9a-f]{40}$/.test(ref) ? commit.slice(0, 10) : `${ref} (${commit.slice(0, 7)})`,
      files: files.filter((f) => looksLikeLeadspec(f.text)).map((f) => ({ file: `${ref}:${f.repoPath}`, text: f.text })),
    };
    const key = `diff:${root}`;
    const existing = panels.get(key);
    if (existing) { existing.setDiffSource(src); existing.reveal(); return; }
    track(key, new LeadspecPanel(context, 'diff', root, src));
  } catch (e) {
    void vscode.window.showErrorMessage(`LeadSpec: ${(e as Error).message}`);
  }
}

/** The project's `base` (leadspec.yaml at the workspace root), read with the YAML parser. */
async function readProjectBase(root: string): Promise<string | undefined> {
  for (const name of ['leadspec.yaml', 'leadspec.yml']) {
    const file = join(findWorkspaceRoot(root), name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const doc = parseFile(file, text).docs.find((d) => d.kind === 'project');
    const base = (doc?.value as { base?: unknown } | undefined)?.base;
    if (typeof base === 'string' && base) return base;
  }
  return undefined;
}
