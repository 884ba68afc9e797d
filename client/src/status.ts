// The status-bar item: how many LeadSpec problems the workspace has; click → Problems panel.
import * as vscode from 'vscode';

export class ProblemCountItem implements vscode.Disposable {
  private item = vscode.window.createStatusBarItem('leadspec.problems', vscode.StatusBarAlignment.Left, 10);
  private sub: vscode.Disposable;

  constructor() {
    this.item.name = 'LeadSpec problems';
    this.item.command = 'workbench.actions.view.problems';
    this.sub = vscode.languages.onDidChangeDiagnostics(() => this.update());
    this.update();
  }

  private update(): void {
    let errors = 0, warnings = 0;
    for (const [, diags] of vscode.languages.getDiagnostics()) {
      for (const d of diags) {
        if (d.source !== 'leadspec') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    this.item.text = `$(checklist) LeadSpec: ${errors} $(error) ${warnings} $(warning)`;
    this.item.tooltip = errors + warnings === 0 ? 'LeadSpec: no problems in the workspace' : `LeadSpec: ${errors} error(s), ${warnings} warning(s) — click for the Problems panel`;
    this.item.backgroundColor = errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void { this.sub.dispose(); this.item.dispose(); }
}
