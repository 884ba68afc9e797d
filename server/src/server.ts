// The LeadSpec language server: protocol wiring only. Every feature lives in features/<name>.ts
// and works on the LeadspecHost state, so it can be tested without a client.
// Transport: whatever the command line says (--stdio, --node-ipc, --socket=N).
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, FileChangeType,
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ConfigurationRequest, CodeActionKind, ResponseError, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LeadspecHost, type HostSettings } from './features/host.js';
import { DiagnosticsScheduler } from './features/diagnostics.js';
import { documentSymbols, workspaceSymbols } from './features/symbols.js';
import { formatText } from './features/formatting.js';
import { pathToUri, uriToPath } from './features/uri.js';
import { completions } from './features/completion.js';
import { hover } from './features/hover.js';
import { definition, references, prepareRename, rename, highlights } from './features/navigation.js';
import { inlayHints } from './features/inlay-hints.js';
import { foldingRanges, selectionRanges } from './features/structure.js';
import { codeActions } from './features/code-actions.js';
import { codeLenses } from './features/code-lens.js';
import { Samples } from './features/samples.js';
import { TestRunner, TESTS_REQUEST } from './features/tests.js';
import { runSampleWorker } from './features/sample-worker.js';
import { runCheckWorker } from './features/check-worker.js';
import { BackgroundCheck } from './features/background-check.js';
import { isMainThread, workerData, Worker } from 'node:worker_threads';
import { VERSION } from './version.js';
import { basename } from 'node:path';
import { DATA_FILES_GLOB } from './core/data/leads.js';

// The same bundle is the sample-simulation worker (see features/samples.ts) and the background
// check of large files (features/background-check.ts): one file to ship.
if (!isMainThread && workerData?.role === 'leadspec-samples') runSampleWorker();
else if (!isMainThread && workerData?.role === 'leadspec-check') runCheckWorker();
else startServer();

/** What the server watches on disk when the client lets it register (definitions and sample data). */
const WATCHED = ['**/*.{yaml,yml}', DATA_FILES_GLOB];

/** The `leadspec` settings section as VS Code (and pull-model clients) hold it. */
function fromClientSettings(s: any): Partial<HostSettings> {
  return {
    validateEnable: s.validate?.enable, samplesLeads: s.samples?.leads, samplesEvents: s.samples?.events,
    debounceMs: s.validate?.debounceMs, codeLensEnable: s.codeLens?.enable,
  };
}

function startServer(): void {

  const connection = createConnection(ProposedFeatures.all);
  // A bug in a timer or a handler is logged; the server keeps serving the editor.
  process.on('uncaughtException', (e) => connection.console.error(`leadspec: unexpected error: ${e instanceof Error ? e.stack : String(e)}`));
  const documents = new TextDocuments(TextDocument);
  const host = new LeadspecHost();
  const samples = new Samples(host);
  // Sample simulations run in a worker thread; when one finishes, code lenses are refreshed.
  try {
    samples.attach(new Worker(__filename, { workerData: { role: 'leadspec-samples' } }), () => {
      if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      if (canRefreshHints) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
    });
  } catch { /* no worker: computed in-process */ }
  const tests = new TestRunner(host, samples);
  let canPullConfig = false;
  let canRefreshLenses = false;
  let canWatchFiles = false;
  let canRefreshHints = false;

  // A workspace with a file over 1 MB is checked in a worker thread, so that requests never wait
  // for it (features/background-check.ts); any other is checked here, incrementally, at once.
  const background = new BackgroundCheck(
    () => new Worker(__filename, { workerData: { role: 'leadspec-check' } }),
    (message) => connection.console.error(`leadspec: ${message}`),
    (files) => connection.console.info(`leadspec: a newer edit superseded the check of ${files.map((f) => basename(f)).join(', ')}`),
  );
  const scheduler = new DiagnosticsScheduler({
    // Test cases run just after (their LS113… join the index's diagnostics and are published then).
    check: () => {
      tests.refreshSoon((files) => { for (const f of files) scheduler.schedule(f); });
      if (host.largeFiles().length > 0) return background.check(host.texts());
      background.dispose(); // no large file any more: its worker (and the big parse it holds) goes
      return host.diagnostics();
    },
    versions: () => new Map(documents.all().map((d) => [uriToPath(d.uri), d.version])),
    versionOf: (path) => documents.get(pathToUri(path))?.version,
    publish: (path, version, diagnostics) => void connection.sendDiagnostics({ uri: pathToUri(path), version, diagnostics }),
    enabled: () => host.settings.validateEnable,
    onError: (e) => connection.console.error(`leadspec: check failed: ${e instanceof Error ? e.stack : String(e)}`),
  });

  /** Runs a feature; an unexpected failure is logged and answered with `fallback`, never a crash. */
  function guard<T>(name: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ResponseError) throw e; // a message meant for the user (e.g. an invalid new name)
      connection.console.error(`leadspec: ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  }

  /** Like guard, for features that answer asynchronously. */
  async function guardAsync<T>(name: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      connection.console.error(`leadspec: ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  }

  /** The file path and latest text of a document the client has open (or the index's copy). */
  function docOf(uri: string): { path: string; text: string | undefined } {
    return { path: uriToPath(uri), text: documents.get(uri)?.getText() };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const roots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (roots.length === 0 && params.rootUri) roots.push(uriToPath(params.rootUri));
    // VS Code sends `{ trusted, settings }`; other clients (Helix' `config`) the settings section `{ leadspec: … }`.
    const init = (params.initializationOptions ?? {}) as { trusted?: boolean; settings?: Partial<HostSettings>; leadspec?: unknown };
    host.trusted = init.trusted !== false;
    // VS Code, code-server, VSCodium: every flavour names itself "… Code …" or "code-server".
    if (/code/i.test(params.clientInfo?.name ?? '')) host.problemsCommand = 'workbench.actions.view.problems';
    applySettings(init.settings);
    if (init.leadspec && typeof init.leadspec === 'object') applySettings(fromClientSettings(init.leadspec));
    host.roots = roots;
    host.rootsFromFiles = roots.length === 0;
    canPullConfig = !!params.capabilities.workspace?.configuration;
    canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    canRefreshHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        documentSymbolProvider: { label: 'LeadSpec' },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '{', '[', ',', '-'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentHighlightProvider: true,
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: 'leadspec', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfig) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    // Definitions and sample data changed on disk (a `git checkout`, a new export) are re-read.
    if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) }).catch(() => undefined);
    if (canPullConfig) await pullSettings();
    host.loadRoots(host.roots);
    for (const f of host.files()) scheduler.schedule(f.file);
    scheduler.flush();
    samples.summary(); // starts loading the sample leads in the worker
  });

  /** Asks the client for the `leadspec` settings (clients that do not push them with didChangeConfiguration). */
  async function pullSettings(): Promise<void> {
    try {
      const [s] = await connection.sendRequest(ConfigurationRequest.type, { items: [{ section: 'leadspec' }] });
      if (s && typeof s === 'object') applySettings(fromClientSettings(s));
    } catch { /* the client has no settings to give: keep the defaults */ }
  }

  function applySettings(s: Partial<HostSettings> | undefined): void {
    if (!s) return;
    const next = { ...host.settings };
    if (typeof s.validateEnable === 'boolean') next.validateEnable = s.validateEnable;
    if (typeof s.samplesLeads === 'string') next.samplesLeads = s.samplesLeads || undefined;
    if (typeof s.samplesEvents === 'string') next.samplesEvents = s.samplesEvents || undefined;
    if (typeof s.debounceMs === 'number' && s.debounceMs >= 0) next.debounceMs = s.debounceMs;
    if (typeof s.codeLensEnable === 'boolean') next.codeLensEnable = s.codeLensEnable;
    host.settings = next;
    scheduler.delayMs = next.debounceMs;
  }

  connection.onDidChangeConfiguration(async (change) => {
    const s = (change.settings as { leadspec?: any } | null | undefined)?.leadspec;
    if (s) applySettings(fromClientSettings(s));
    else if (canPullConfig) await pullSettings(); // a pull-model client only says "something changed"
    samples.changed();
    scheduler.reset();
    host.generation++; // sample paths may have changed: simulate again
    for (const f of host.files()) scheduler.schedule(f.file);
    if (!host.settings.validateEnable) for (const d of documents.all()) void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
  });

  documents.onDidOpen((e) => {
    const p = uriToPath(e.document.uri);
    // Started without a folder (e.g. `nvim scoring/inbound.yaml`): index the file's project.
    if (host.adoptRootFor(p)) { for (const f of host.files()) scheduler.schedule(f.file); samples.changed(); }
    host.openDocument(p, e.document.getText());
    scheduler.schedule(p, e.document.version);
  });
  documents.onDidChangeContent((e) => { const p = uriToPath(e.document.uri); host.setText(p, e.document.getText()); samples.changed(); scheduler.schedule(p, e.document.version); });
  documents.onDidClose((e) => { const p = uriToPath(e.document.uri); host.closeDocument(p); scheduler.schedule(p); });

  connection.onDidChangeWatchedFiles((params) => {
    let data = false;
    for (const c of params.changes) {
      const p = uriToPath(c.uri);
      if (!/\.ya?ml$/i.test(p)) { data = true; continue; } // sample data: lenses and hovers change
      if (c.type === FileChangeType.Deleted) host.removeFile(p); else host.readFromDisk(p);
      scheduler.schedule(p);
    }
    samples.changed();
    if (data) { host.generation++; for (const f of tests.files()) scheduler.schedule(f); if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined); }
  });

  connection.onDocumentSymbol((params) => guard('symbols', [], () => {
    const f = host.file(uriToPath(params.textDocument.uri));
    return f ? documentSymbols(f) : [];
  }));

  connection.onDocumentFormatting((params) => guard('formatting', [], () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? formatText(doc.getText(), { tabSize: params.options.tabSize }) : [];
  }));
  connection.onDocumentRangeFormatting((params) => guard('rangeFormatting', [], () => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? formatText(doc.getText(), { tabSize: params.options.tabSize }, params.range) : [];
  }));

  connection.onCompletion((params) => guard('completion', [], () => {
    const { path, text } = docOf(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (text === undefined || !doc) return [];
    return completions(host, path, text, doc.offsetAt(params.position), { sampleIds: () => (host.trusted ? samples.current()?.leads.map((l) => l.id) : undefined) });
  }));

  connection.onHover((params) => guardAsync('hover', null, () => hover(host, host.trusted ? samples : undefined, uriToPath(params.textDocument.uri), params.position)));
  connection.onDefinition((params) => guard('definition', [], () => definition(host, uriToPath(params.textDocument.uri), params.position)));
  connection.onReferences((params) => guard('references', [], () => references(host, uriToPath(params.textDocument.uri), params.position, params.context.includeDeclaration)));
  connection.onPrepareRename((params) => guard('prepareRename', null, () => prepareRename(host, uriToPath(params.textDocument.uri), params.position)));
  connection.onRenameRequest((params) => guard('rename', null, () => rename(host, uriToPath(params.textDocument.uri), params.position, params.newName)));
  connection.onCodeAction((params) => guard('codeAction', [], () => codeActions(host, uriToPath(params.textDocument.uri), params.range, params.context.only)));
  connection.onCodeLens((params) => [
    ...guard('codeLens', [], () => codeLenses(host, samples, uriToPath(params.textDocument.uri))),
    ...guard('testLens', [], () => tests.lenses(uriToPath(params.textDocument.uri))),
  ]);
  connection.languages.inlayHint.on((params) => guard('inlayHint', [], () => inlayHints(host, samples, uriToPath(params.textDocument.uri), params.range)));
  connection.onFoldingRanges((params) => guard('foldingRange', [], () => { const f = host.file(uriToPath(params.textDocument.uri)); return f ? foldingRanges(f) : []; }));
  connection.onSelectionRanges((params) => guard('selectionRange', [], () => { const f = host.file(uriToPath(params.textDocument.uri)); return f ? selectionRanges(f, params.positions) : []; }));
  connection.onDocumentHighlight((params) => guard('documentHighlight', [], () => highlights(host, uriToPath(params.textDocument.uri), params.position)));
  connection.onWorkspaceSymbol((params) => guard('workspaceSymbol', [], () => workspaceSymbols(host.index(), params.query)));
  connection.onRequest(TESTS_REQUEST, (p: { uri?: string } | undefined) => guard('tests', [], () => tests.describe(p?.uri)));

  connection.onShutdown(() => { background.dispose(); scheduler.dispose(); });

  documents.listen(connection);
  connection.listen();
}
