// The `kind: test` cases in VS Code's Test Explorer (the testing API). The language server runs
// the cases against the current definitions (unsaved edits included) and answers the
// `leadspec/tests` request with every case, its range and its result; this module mirrors them
// as test items and reports runs — on demand (Test Explorer, the "▶ run" code lenses) and on
// every save of a YAML file.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TestInfo, CaseInfo } from '../../server/src/features/tests.js';

const TESTS_REQUEST = 'leadspec/tests';
const RUN_COMMAND = 'leadspec.runTests';

export function registerTesting(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  const ctrl = vscode.tests.createTestController('leadspec', 'LeadSpec');
  /** The server's answer of the last refresh, by case item id. */
  const cases = new Map<string, { info: CaseInfo; uri: vscode.Uri }>();
  const suiteId = (t: TestInfo) => `${t.uri}#${t.id}`;
  const caseId = (t: TestInfo, c: CaseInfo) => `${suiteId(t)}#${c.index}`;
  const range = (r: CaseInfo['range']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

  const fetch = async (): Promise<TestInfo[]> => {
    const client = getClient();
    if (!client || !client.isRunning()) return [];
    try { return await client.sendRequest<TestInfo[]>(TESTS_REQUEST, {}); } catch { return []; }
  };

  /** Mirrors the server's tests as items: one per test definition, one child per case. */
  const sync = (tests: TestInfo[]) => {
    cases.clear();
    const roots: vscode.TestItem[] = [];
    for (const t of tests) {
      const uri = vscode.Uri.parse(t.uri);
      const suite = ctrl.createTestItem(suiteId(t), t.id, uri);
      suite.range = range(t.range);
      suite.description = vscode.workspace.asRelativePath(uri);
      suite.children.replace(t.cases.map((c) => {
        const item = ctrl.createTestItem(caseId(t, c), c.name, uri);
        item.range = range(c.range);
        cases.set(item.id, { info: c, uri });
        return item;
      }));
      roots.push(suite);
    }
    ctrl.items.replace(roots);
  };

  const refresh = async () => sync(await fetch());

  /** Runs (asks the server for fresh results of) the requested cases and reports them. */
  const run = async (request: vscode.TestRunRequest, token?: vscode.CancellationToken) => {
    await refresh();
    const testRun = ctrl.createTestRun(request, undefined, false);
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const selected: vscode.TestItem[] = [];
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) return;
      // Items of an earlier refresh are looked up again by id: the server's answer is the truth.
      if (cases.has(item.id)) { selected.push(item); return; }
      const fresh = findItem(ctrl, item.id);
      if (fresh && fresh.children.size) fresh.children.forEach(add);
    };
    if (request.include) request.include.forEach(add); else ctrl.items.forEach(add);
    for (const item of selected) {
      if (token?.isCancellationRequested) { testRun.skipped(item); continue; }
      const found = cases.get(item.id);
      const target = findItem(ctrl, item.id) ?? item;
      if (!found) { testRun.skipped(target); continue; }
      const { info, uri } = found;
      testRun.started(target);
      const location = new vscode.Location(uri, range(info.range));
      if (info.status === 'passed') testRun.passed(target, info.durationMs);
      else if (info.status === 'failed') {
        const message = info.expected !== undefined && info.actual !== undefined
          ? vscode.TestMessage.diff(info.message ?? 'failed', info.expected, info.actual)
          : new vscode.TestMessage(info.message ?? 'failed');
        message.location = location;
        testRun.failed(target, message, info.durationMs);
      } else {
        const message = new vscode.TestMessage(info.message ?? 'this case cannot run');
        message.location = location;
        testRun.errored(target, message, info.durationMs);
      }
    }
    testRun.end();
  };

  ctrl.resolveHandler = async (item) => { if (!item) await refresh(); };
  ctrl.refreshHandler = () => refresh();
  ctrl.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => run(request, token), true);

  context.subscriptions.push(
    ctrl,
    // On save: every case again (a change to a model can change any test's result).
    vscode.workspace.onDidSaveTextDocument((doc) => { if (/\.ya?ml$/i.test(doc.fileName)) void run(new vscode.TestRunRequest()); }),
    // The "▶ run" / "▶ run all" code lenses: (uri, test id[, case index]).
    vscode.commands.registerCommand(RUN_COMMAND, async (uri?: string, testId?: string, index?: number) => {
      await refresh();
      const id = uri && testId ? (index === undefined ? `${uri}#${testId}` : `${uri}#${testId}#${index}`) : undefined;
      const item = id ? findItem(ctrl, id) : undefined;
      await run(new vscode.TestRunRequest(item ? [item] : undefined));
    }),
  );
}

function findItem(ctrl: vscode.TestController, id: string): vscode.TestItem | undefined {
  const suite = ctrl.items.get(id.split('#').slice(0, 2).join('#'));
  if (!suite) return undefined;
  return suite.id === id ? suite : suite.children.get(id);
}
