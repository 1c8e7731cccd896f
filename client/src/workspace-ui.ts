/**
 * What the extension shows of the whole workspace, for both entries (desktop and browser): the
 * status bar item (server state, config errors, the workspace's errors and warnings), the
 * "Parley: Lint Workspace" command (the server's parley/lintWorkspace request), and rule links
 * that open the bundled rule page inside VS Code (a `parley-doc:` link on diagnostics, client/src/editor-links.ts; command links in Parley's hovers).
 */
import * as vscode from 'vscode';
import { State, type BaseLanguageClient, type LanguageClientOptions, type Middleware } from 'vscode-languageclient';
import { RULE_DOC } from './commands';
import { docLinkUri } from './editor-links';

/** The server's request and notification (server/src/lsp/status.ts). */
const LINT_WORKSPACE = 'parley/lintWorkspace';
const STATUS = 'parley/status';
const SOURCE = 'parley';
const INVALID_CONFIG = 'invalid-config';

interface WorkspaceTotals {
  problems: number;
  errors: number;
  warnings: number;
  infos: number;
  files: number;
  linted: number;
}

/** A rule page URL as a command link: parley.showDocumentation opens the bundled page. */
function docCommandUri(url: string): vscode.Uri {
  return vscode.Uri.parse(`command:parley.showDocumentation?${encodeURIComponent(JSON.stringify([url]))}`);
}

const DOC_LINK = /\]\((https?:[^)\s]+)\)/g;

/**
 * Client options every entry shares: hovers may run parley.showDocumentation from their links,
 * and rule links become links to the bundled page (diagnostic codes: parley-doc: URIs; hover links: command links).
 */
export function ruleLinkOptions(): Pick<LanguageClientOptions, 'markdown' | 'middleware'> {
  const middleware: Middleware = {
    handleDiagnostics(uri, diagnostics, next) {
      for (const d of diagnostics) {
        const code = d.code;
        if (d.source !== SOURCE || !code || typeof code !== 'object' || !RULE_DOC.test(code.target.toString(true))) continue;
        // A parley-doc: link (client/src/editor-links.ts): opened by VS Code's own squiggle hover
        // too, which refuses command links; Problems and the F8 peek take it alike.
        const target = docLinkUri(code.target.toString(true));
        if (target) d.code = { value: code.value, target };
      }
      next(uri, diagnostics);
    },
    async provideHover(document, position, token, next) {
      const hover = await next(document, position, token);
      if (!hover) return hover;
      const contents = hover.contents.map((c) => {
        if (!(c instanceof vscode.MarkdownString)) return c;
        const m = new vscode.MarkdownString(c.value.replace(DOC_LINK, (all, url: string) => (RULE_DOC.test(url) ? `](${docCommandUri(url).toString()})` : all)), c.supportThemeIcons);
        m.isTrusted = { enabledCommands: ['parley.showDocumentation'] };
        m.supportHtml = c.supportHtml;
        return m;
      });
      return new vscode.Hover(contents, hover.range);
    },
  };
  return { markdown: { isTrusted: { enabledCommands: ['parley.showDocumentation'] } }, middleware };
}

/** Initialization options asking the server for parley/status (indexing in the background). */
export const STATUS_OPTIONS = { status: true } as const;

interface Counts {
  errors: number;
  warnings: number;
  configErrors: number;
}

function countParley(): Counts {
  const c: Counts = { errors: 0, warnings: 0, configErrors: 0 };
  for (const [, ds] of vscode.languages.getDiagnostics()) {
    for (const d of ds) {
      if (d.source !== SOURCE) continue;
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      if (code === INVALID_CONFIG) c.configErrors++;
      else if (d.severity === vscode.DiagnosticSeverity.Error) c.errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) c.warnings++;
    }
  }
  return c;
}

/**
 * The status bar item and the Lint Workspace command. `client()` is the current client (it may be
 * replaced or restarted); `started` is called by the entry each time it starts one.
 */
export function registerWorkspaceUi(context: vscode.ExtensionContext, client: () => BaseLanguageClient | undefined): { started(c: BaseLanguageClient): void } {
  const item = vscode.window.createStatusBarItem('parley.status', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Parley');
  context.subscriptions.push(item);
  let indexing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const render = (): void => {
    const c = client();
    const state = c?.state;
    const counts = countParley();
    const tip = new vscode.MarkdownString(undefined, true);
    item.backgroundColor = undefined;
    if (!c || state === State.Stopped) {
      item.text = '$(error) Parley';
      item.command = 'parley.showOutput';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      tip.appendMarkdown(vscode.l10n.t('The Parley language server is not running. Click to show its output.'));
    } else if (state === State.Starting) {
      item.text = '$(loading~spin) Parley';
      item.command = 'parley.showOutput';
      tip.appendMarkdown(vscode.l10n.t('The Parley language server is starting.'));
    } else {
      const parts = [`$(error) ${counts.errors}`, `$(warning) ${counts.warnings}`];
      if (indexing) parts.unshift('$(sync~spin)');
      item.text = `Parley ${parts.join(' ')}`;
      item.command = 'workbench.actions.view.problems';
      tip.appendMarkdown(vscode.l10n.t('Parley: {0} errors and {1} warnings in the workspace. Click to show the Problems panel.', counts.errors, counts.warnings));
      if (indexing) tip.appendMarkdown('\n\n' + vscode.l10n.t('Linting the workspace in the background…'));
    }
    if (counts.configErrors > 0 && c && state === State.Running) {
      item.text = `$(gear) ${item.text}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tip.appendMarkdown('\n\n' + vscode.l10n.t('parley.config.json has {0} problems: Parley uses the default configuration until they are fixed.', counts.configErrors));
    }
    item.tooltip = tip;
    item.accessibilityInformation = { label: [item.text.replace(/\$\([^)]*\)\s*/g, ''), typeof tip.value === 'string' ? tip.value : ''].join('. ') };
    item.show();
  };
  // Diagnostics arrive file by file: redraw at most every 150 ms.
  const soon = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      render();
    }, 150);
  };
  context.subscriptions.push(vscode.languages.onDidChangeDiagnostics(soon), { dispose: () => timer && clearTimeout(timer) });

  context.subscriptions.push(
    vscode.commands.registerCommand('parley.lintWorkspace', async () => {
      const c = client();
      if (!c || c.state !== State.Running) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The Parley language server is not running.'));
        return undefined;
      }
      const t = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Parley: linting the workspace…') },
        () => c.sendRequest<WorkspaceTotals | null>(LINT_WORKSPACE, {}),
      );
      if (!t) return undefined;
      const show = vscode.l10n.t('Show Problems');
      const text =
        t.problems === 0
          ? vscode.l10n.t('Parley: no problems in {0} files.', t.linted)
          : vscode.l10n.t('Parley: {0} problems in {1} files ({2} errors, {3} warnings, {4} infos; {5} files linted).', t.problems, t.files, t.errors, t.warnings, t.infos, t.linted);
      void vscode.window.showInformationMessage(text, show).then((choice) => {
        if (choice === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return t;
    }),
  );

  render();
  return {
    started(c) {
      context.subscriptions.push(
        c.onDidChangeState(() => render()),
        c.onNotification(STATUS, (p: { indexing?: unknown }) => {
          indexing = p?.indexing === true;
          render();
        }),
      );
      render();
    },
  };
}
