// Drives the code-server workbench through the real UI with playwright-core and Debian's
// chromium: Quick Open, the Command Palette, the editor (keyboard only), the Problems panel,
// the suggest widget, hovers, code actions and webviews. Selectors are VS Code's own.
import { chromium, type BrowserContext, type Page, type FrameLocator } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { isolatedEnv } from './codeServer.js';
import { CHROMIUM } from './env.js';

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';
// LEADSPEC_E2E_TRACE=1 prints each UI step with its time, to see where a slow run spends it.
const TRACE = process.env.LEADSPEC_E2E_TRACE === '1';
const t0 = Date.now();
const trace = (what: string) => { if (TRACE) console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`); };

export interface Problem { label: string; severity: string; message: string; line: number; column: number; file: string; source: string }

export class Workbench {
  private constructor(private readonly context: BrowserContext, readonly page: Page) {}

  /**
   * `env`: the run's isolated environment (chromium writes under HOME/XDG too); by default the
   * one of the run folder holding `profileDir` (CodeServer puts it at <run>/chromium).
   */
  static async open(url: string, profileDir: string, env: NodeJS.ProcessEnv = isolatedEnv(dirname(profileDir))): Promise<Workbench> {
    mkdirSync(profileDir, { recursive: true });
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1440, height: 900 },
      env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
      // The machine's network is closed: keep chromium from reaching out at all.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-crash-reporter', '--disable-breakpad'],
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 90_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
    return new Workbench(context, page);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  /** Opens a workspace file by its path relative to the workspace root, through Quick Open. */
  async openFile(rel: string): Promise<void> {
    trace(`openFile ${rel}`);
    const name = rel.split('/').pop()!;
    await this.page.keyboard.press('Escape');
    // Quick Open opens in the active group: keep files in the first, webviews open beside it.
    await this.page.keyboard.press('Control+1');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    await input.fill(rel);
    await this.page.locator(`.quick-input-list .monaco-list-row:has-text("${name}")`).first().waitFor();
    // Under load the list filters late: Enter on a stale highlight would open the previous file.
    await this.page.locator(`.quick-input-list .monaco-list-row.focused:has-text("${name}")`).first().waitFor({ timeout: 10_000 }).catch(() => {});
    await this.page.keyboard.press('Enter');
    // Quick Open leaves the keyboard focus in the editor it opened (no click needed: code lenses
    // and widgets over the text would intercept one).
    await this.page.locator(`.editor-group-container.active .tab.active:has-text("${name}")`).waitFor();
  }

  /** Runs a command by its palette title ("LeadSpec: Open Preview"). */
  async runCommand(title: string): Promise<void> {
    trace(`runCommand ${title}`);
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 20_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Answers an open Quick Input (input box or pick) with text + Enter. */
  async answerQuickInput(text: string): Promise<void> {
    const input = this.page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await this.page.waitForTimeout(300);
    await this.page.keyboard.press('Enter');
  }

  async quickInputVisible(): Promise<boolean> {
    return this.page.locator(QUICK_INPUT).isVisible();
  }

  /** Moves the cursor to a 1-based line and column with "Go to Line/Column". */
  async goTo(line: number, column: number): Promise<void> {
    trace(`goTo ${line}:${column}`);
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** Replaces `length` characters at a 1-based position by `text`, typed as a user would. */
  async replaceAt(line: number, column: number, length: number, text: string): Promise<void> {
    await this.goTo(line, column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
    await this.page.keyboard.type(text, { delay: 10 });
  }

  /** Throws away unsaved edits of a workspace file (File: Revert File), so checks stay independent. */
  async revert(rel: string): Promise<void> {
    trace(`revert ${rel}`);
    await this.openFile(rel);
    if (await this.page.locator('.tabs-container .tab.active.dirty').count()) {
      await this.runCommand('File: Revert File');
      await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
    }
  }

  /** Closes the side bar and the panel so that editors and webviews get the whole window. */
  async focusLayout(): Promise<void> {
    // These commands are offered only while the part is visible.
    if (await this.page.locator('.part.sidebar').isVisible()) await this.runCommand('View: Close Primary Side Bar');
    if (await this.page.locator('.part.panel').isVisible()) await this.runCommand('View: Hide Panel');
    await this.page.keyboard.press('Escape');
    await this.page.waitForTimeout(500);
  }

  /** Collapses the Problems panel's file rows except those whose file name contains `keep`. */
  async collapseProblemsExcept(keep: string): Promise<void> {
    const rows = this.page.locator('.markers-panel .monaco-list-row[aria-expanded="true"]');
    for (const label of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) {
      if (label.includes(` in file ${keep} `)) continue;
      await this.page.locator(`.markers-panel .monaco-list-row[aria-label="${label.replace(/"/g, '\\"')}"] .monaco-tl-twistie`).click();
    }
  }

  /** Shows the hover at a position (diagnostics and quick-fix links included) and leaves it open. */
  async showHoverAt(line: number, column: number): Promise<void> {
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    await this.page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {});
    await this.page.waitForTimeout(500);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  }

  /** Opens the Problems panel and returns its marker rows (file rows are skipped). */
  async problems(): Promise<Problem[]> {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.page.locator('.markers-panel').waitFor({ state: 'visible' });
    }
    await this.page.waitForTimeout(200);
    const labels = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll(
      (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return parseMarkerRows(labels);
  }

  /** Polls the Problems panel until `pred` holds; returns the last rows seen. */
  async waitProblems(pred: (ps: Problem[]) => boolean, ms = 30_000): Promise<Problem[]> {
    trace('waitProblems');
    const deadline = Date.now() + ms;
    let last: Problem[] = [];
    while (Date.now() < deadline) {
      last = await this.problems();
      if (pred(last)) return last;
      await this.page.waitForTimeout(400);
    }
    return last;
  }

  /** Ctrl+Space at a position: the labels of the suggest widget's rows. */
  async completionsAt(line: number, column: number): Promise<string[]> {
    trace(`completionsAt ${line}:${column}`);
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+Space');
    const rows = this.page.locator('.suggest-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: 20_000 });
    await this.page.waitForTimeout(300);
    const labels = await this.page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts();
    return labels;
  }

  /** "Show or Focus Hover" at a position: the hover's text. */
  async hoverAt(line: number, column: number): Promise<string> {
    trace(`hoverAt ${line}:${column}`);
    await this.goTo(line, column);
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .hover-contents').first();
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    // The language server answers asynchronously: wait for more than the "Loading…" placeholder.
    for (let i = 0; i < 40; i++) {
      const t = await hover.innerText();
      if (t.trim() && !/^Loading/.test(t.trim())) return t;
      await this.page.waitForTimeout(250);
    }
    return hover.innerText();
  }

  /** Ctrl+. at a position: the titles in the code-action menu. */
  async codeActionsAt(line: number, column: number): Promise<string[]> {
    trace(`codeActionsAt ${line}:${column}`);
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: 20_000 });
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  async chooseCodeAction(title: string): Promise<void> {
    await this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first().click();
  }

  /** The content frame of the visible webview whose tab title matches. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  }

  async webviewText(): Promise<string> {
    return this.webview().locator('body').innerText({ timeout: 30_000 });
  }

  /** Evaluates `fn` over the elements matching `selector` in the visible webview's page. */
  async webviewEval<T>(selector: string, fn: (els: Element[]) => T): Promise<T> {
    return this.webview().locator(selector).evaluateAll(fn);
  }

  /** Polls `probe` (which may throw while the page renders) until `pred` holds; returns the last value. */
  async poll<T>(probe: () => Promise<T>, pred: (v: T) => boolean, ms = 45_000): Promise<T | undefined> {
    trace('poll');
    const deadline = Date.now() + ms;
    let last: T | undefined;
    while (Date.now() < deadline) {
      try { last = await probe(); if (pred(last)) return last; } catch { /* not rendered yet */ }
      await this.page.waitForTimeout(500);
    }
    return last;
  }

  /** Polls the webview's text until `pred` holds; returns the last text seen. */
  async waitWebviewText(pred: (t: string) => boolean, ms = 45_000): Promise<string> {
    const deadline = Date.now() + ms;
    let last = '';
    while (Date.now() < deadline) {
      try { last = await this.webview().locator('body').innerText({ timeout: 2000 }); } catch { /* not mounted yet */ }
      if (pred(last)) return last;
      await this.page.waitForTimeout(500);
    }
    return last;
  }

  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  profileDir(base: string): string { return join(base, 'chromium'); }
}

/**
 * Parses the Problems panel's rows (VS Code 1.139 aria-labels): a file row reads
 * "2 problems in file scoring.yaml of folder scoring", a marker row
 * "Error: <message> at line 4 and character 1. generated by leadspec"; each marker takes the
 * file of the file row above it.
 */
export function parseMarkerRows(labels: string[]): Problem[] {
  const out: Problem[] = [];
  let file = '';
  for (const label of labels) {
    const f = /^\d+ problems? in file (.+?) of folder (.+)$/.exec(label);
    if (f) { file = f[2] === '.' ? f[1] : `${f[2]}/${f[1]}`; continue; }
    const m = /^(Error|Warning|Info|Information|Hint):\s*([\s\S]*?) at line (\d+) and character (\d+)\.(?: generated by (.*))?$/.exec(label);
    if (!m) continue;
    out.push({ label, severity: m[1].toLowerCase(), message: m[2], line: Number(m[3]), column: Number(m[4]), file, source: m[5] ?? '' });
  }
  return out;
}
