/**
 * The commands both entries of the extension contribute (desktop: extension.ts, browser:
 * browser.ts): restart the server, show its output, open a rule's documentation.
 */
import * as vscode from 'vscode';
import { State, type BaseLanguageClient } from 'vscode-languageclient';
import { registerConversationView } from './conversation';
import { registerEditorLinks } from './editor-links';

/** Rule documentation URLs the server puts in `codeDescription.href` end like this (Chinese page, or English under docs/en/). */
export const RULE_DOC = /\/docs\/((?:en\/|zh-TW\/)?rules\/[a-z0-9-]+\.md)(?:[#?].*)?$/;

export interface ClientHolder {
  readonly client: BaseLanguageClient | undefined;
  /** Starts (or restarts) the client and records the start as the current one. */
  start(restart: boolean): Promise<void>;
}

export function registerCommands(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, holder: ClientHolder): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('parley.restartServer', async () => {
      const client = holder.client;
      if (!client) return;
      output.info(vscode.l10n.t('Restarting the Parley language server'));
      await holder.start(!(client.state === State.Stopped || client.state === State.StartFailed));
    }),
    vscode.commands.registerCommand('parley.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('parley.showDocumentation', (arg?: unknown) => showDocumentation(context, arg)),
  );
  registerConversationView(context, holder);
  registerEditorLinks(context);
}

/**
 * Opens a rule's documentation. The argument is the URL the server attached to the diagnostic
 * (also accepted as `[url]` or `{ url }`). Rule pages ship inside the extension (docs/rules), so a
 * rule URL opens the bundled page in the Markdown preview — offline, and the same version as the
 * rules; anything else goes to the browser. Read through the workspace file system, so the same
 * code serves the browser entry, where the extension's files are not on a local disk.
 */
async function showDocumentation(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const url = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg[0] : (arg as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || url === '') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Parley: no documentation link was given.'));
    return;
  }
  const page = RULE_DOC.exec(url)?.[1];
  if (page) {
    const local = vscode.Uri.joinPath(context.extensionUri, 'docs', ...page.split('/'));
    if (await exists(local)) {
      await vscode.commands.executeCommand('markdown.showPreview', local);
      return;
    }
  }
  const uri = vscode.Uri.parse(url);
  if (uri.scheme === 'file') await vscode.commands.executeCommand('markdown.showPreview', uri);
  else await vscode.env.openExternal(uri);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
