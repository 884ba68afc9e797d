// One webview panel (preview or diff) kept in step with the editor: every change to a leadspec
// file or a sample re-runs the simulation after a debounce; a newer change supersedes a run in
// flight (its result is dropped, never posted); runs longer than a moment show progress.
import * as vscode from 'vscode';
import { basename, relative, sep } from 'node:path';
import { webviewHtml, newNonce } from './html.js';
import { PreviewSession, DefinitionsRefused } from './session.js';
import { RunScheduler } from './scheduler.js';
import { WARM_UP_ROUNDS } from './warm-up.js';
import { loadDefinitions, loadSamples, isUnder } from './workspace-files.js';
import { looksLikeLeadspec } from '../../../server/src/core/syntax/parse.js';
import { DATA_FILES_GLOB } from '../../../server/src/core/data/leads.js';
import type { HostMessage, PageMessage, ViewKind } from '../../webview/protocol.js';

/** How the diff side is produced: the panel asks for the base files once per ref. */
export interface DiffSource { ref: string; label: string; key: string; files: { file: string; text: string }[] }

const PROGRESS_AFTER_MS = 250;
/** workspaceState key of the preview's breakdown field (kept across refreshes and reopenings). */
const BY_KEY = 'leadspec.preview.by';
/** A field or column name the page may ask for: text, not absurdly long (it only ever names a lead field). */
const isFieldName = (f: unknown): f is string => typeof f === 'string' && f.length > 0 && f.length <= 200;

export class LeadspecPanel {
  readonly panel: vscode.WebviewPanel;
  private readonly session = new PreviewSession();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scheduler = new RunScheduler((superseded) => this.update(superseded));
  private ready = false;
  private pending: HostMessage | undefined;
  private reloadFiles = true;
  private reloadSamples = true;
  private samplePaths = new Set<string>();
  private warmed = false;
  private disposed = false;
  onDispose: (() => void) | undefined;

  constructor(private readonly context: vscode.ExtensionContext, readonly view: ViewKind, readonly root: string, private diff?: DiffSource) {
    const distWebview = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const title = view === 'diff' ? `LeadSpec diff: ${diff?.label ?? ''}` : `LeadSpec preview: ${basename(root)}`;
    this.panel = vscode.window.createWebviewPanel(`leadspec.${view}`, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [distWebview],
      retainContextWhenHidden: true,
    });
    const w = this.panel.webview;
    w.html = webviewHtml({
      view, cspSource: w.cspSource, nonce: newNonce(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(distWebview, 'main.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(distWebview, 'main.css')).toString(),
    });
    this.disposables.push(
      w.onDidReceiveMessage((m: PageMessage) => this.onPageMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocument(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => { if (this.isDefinition(d)) { this.reloadFiles = true; this.schedule(); } }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('leadspec')) { this.reloadSamples = true; this.schedule(); } }),
      // Trust granted while the panel is open: now it may read the samples.
      vscode.workspace.onDidGrantWorkspaceTrust(() => { this.reloadFiles = true; this.reloadSamples = true; this.schedule(0); }),
    );
    const watchers = ['**/*.{yaml,yml}', DATA_FILES_GLOB].map((g) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, g)));
    const onDisk = (uri: vscode.Uri) => {
      if (this.samplePaths.has(uri.fsPath)) this.reloadSamples = true;
      else if (/\.ya?ml$/i.test(uri.fsPath)) this.reloadFiles = true;
      else return;
      this.schedule();
    };
    for (const w of watchers) this.disposables.push(w, w.onDidChange(onDisk), w.onDidCreate(onDisk), w.onDidDelete(onDisk));
    const by = context.workspaceState.get<unknown>(BY_KEY);
    if (view === 'preview' && isFieldName(by)) this.session.byField = by;
    this.schedule(0);
  }

  /** Points an open diff panel at another ref. */
  setDiffSource(d: DiffSource): void {
    this.diff = d;
    this.panel.title = `LeadSpec diff: ${d.label}`;
    this.schedule(0);
  }

  reveal(): void { this.panel.reveal(undefined, true); }

  private isDefinition(d: vscode.TextDocument): boolean {
    return d.uri.scheme === 'file' && /\.ya?ml$/i.test(d.uri.fsPath) && isUnder(this.root, d.uri.fsPath);
  }

  private onDocument(d: vscode.TextDocument): void {
    if (!this.isDefinition(d)) return;
    const text = d.getText();
    // Only leadspec documents (or ones that just stopped being one) matter.
    if (!looksLikeLeadspec(text) && !this.session.hasFile(d.uri.fsPath)) return;
    if (looksLikeLeadspec(text)) this.session.setFile(d.uri.fsPath, text);
    else this.session.removeFile(d.uri.fsPath);
    this.schedule();
  }

  private debounceMs(): number {
    return vscode.workspace.getConfiguration('leadspec').get<number>('preview.debounceMs', 300);
  }

  /** A new change supersedes whatever is pending or running (see scheduler.ts). */
  private schedule(delay = this.debounceMs()): void { this.scheduler.schedule(delay); }

  private async update(superseded: () => boolean): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'error', message: 'This folder is not trusted. The preview reads sample lead files and the diff runs git, so both stay off until you trust the folder (Manage Workspace Trust).' });
      return;
    }
    let progressDone: (() => void) | undefined;
    const progressTimer = setTimeout(() => {
      this.post({ type: 'busy', message: 'Simulating…' });
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'LeadSpec: simulating samples' },
        () => new Promise<void>((r) => { progressDone = r; }));
    }, PROGRESS_AFTER_MS);
    try {
      if (this.reloadFiles) { await loadDefinitions(this.session, this.root); this.reloadFiles = false; }
      if (superseded()) return;
      if (this.reloadSamples) {
        const p = await loadSamples(this.session, this.root);
        this.samplePaths = new Set(p ? [p] : []);
        this.reloadSamples = false;
      }
      if (superseded()) return;
      if (!this.session.hasSamples()) {
        this.post({ type: 'error', message: 'No sample leads: name them in the project definition (leadspec.yaml: samples: { leads: leads.csv, events: events.jsonl }) or in the setting leadspec.samples.leads.' });
        return;
      }
      if (this.view === 'diff' && this.diff) {
        this.session.setBase(this.diff.key, this.diff.files, this.diff.ref);
        const { data } = this.session.runDiff(this.diff.ref, this.diff.label);
        if (!superseded()) this.post({ type: 'diff', data });
      } else {
        const { data } = this.session.run();
        if (!superseded()) {
          this.post({ type: 'preview', data });
          if (!this.warmed) { this.warmed = true; this.warmUp(0); }
        }
      }
    } catch (e) {
      if (superseded()) return;
      // The gate refused (core/check/gate.ts): the page keeps its last result, marked stale, under the errors.
      if (e instanceof DefinitionsRefused) {
        const diagnostics = e.data.diagnostics.map((d) => ({ ...d, label: d.openable ? relative(this.root, d.file).split(sep).join('/') : d.label }));
        this.post({ type: 'invalid', data: { ...e.data, diagnostics } });
      } else this.post({ type: 'error', message: `LeadSpec could not simulate: ${(e as Error).message}` });
    } finally {
      clearTimeout(progressTimer);
      progressDone?.();
    }
  }

  /** One round of warm-up in its own task; stops at WARM_UP_ROUNDS, when a run is pending or in flight, or when the panel is gone. */
  private warmUp(round: number): void {
    if (round >= WARM_UP_ROUNDS) return;
    setTimeout(() => {
      if (this.scheduler.busy() || this.disposed) return;
      let more = false;
      try { more = this.session.warmUp(round); } catch { more = false; } // a failure is the next real run's to report
      if (more) this.warmUp(round + 1);
    }, 0);
  }

  private onPageMessage(m: PageMessage): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.pending) { void this.panel.webview.postMessage(this.pending); this.pending = undefined; }
        break;
      case 'explain':
        this.post({ type: 'explanation', id: m.id, lead: this.session.explain(String(m.id)) });
        break;
      case 'refresh':
        this.reloadFiles = true; this.reloadSamples = true; this.schedule(0);
        break;
      case 'breakdown':
        // From the last run, without simulating again; later runs keep the field.
        if (this.view !== 'preview' || (m.field !== null && !isFieldName(m.field))) break;
        this.session.byField = m.field;
        void this.context.workspaceState.update(BY_KEY, m.field ?? undefined);
        this.post({ type: 'breakdown', data: this.session.breakdownData() });
        break;
      case 'open':
        // Only a definition file this preview reads: the page cannot make the editor open anything else.
        if (typeof m.file === 'string' && this.session.hasFile(m.file)) {
          const at = new vscode.Position(Math.max(0, (Number(m.line) || 1) - 1), Math.max(0, (Number(m.column) || 1) - 1));
          void vscode.window.showTextDocument(vscode.Uri.file(m.file), { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.One });
        }
        break;
    }
  }

  private post(m: HostMessage): void {
    // Messages before the page is ready would be lost: keep the latest.
    if (!this.ready) { this.pending = m; return; }
    void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose?.();
  }
}
