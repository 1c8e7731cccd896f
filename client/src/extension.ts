/**
 * The VS Code side of Parley: starts the bundled language server (dist/server.js) over Node IPC,
 * hands it `.parley` documents and the `parley.*` settings, and contributes the few commands that
 * belong to the editor (restart, output, rule documentation). All language logic lives in the server.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, State, TransportKind } from 'vscode-languageclient/node';

const CLIENT_ID = 'parley';
/** Rule documentation URLs the server puts in `codeDescription.href` end like this (Chinese page, or English under docs/en/). */
const RULE_DOC = /\/docs\/((?:en\/)?rules\/[a-z0-9-]+\.md)(?:[#?].*)?$/;

/** What `activate` returns: used by the in-editor test suites (test/vscode/suite). */
export interface ParleyApi {
  /** The running client, if any (undefined before activation finished or after a failed start). */
  readonly client: LanguageClient | undefined;
  /** Resolves once the server answered `initialize` (rejects if it could not start). */
  ready(): Promise<void>;
}

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ParleyApi> {
  const output = vscode.window.createOutputChannel('Parley', { log: true });
  context.subscriptions.push(output);

  client = createClient(context, output);
  starting = client.start();
  starting.catch((e: unknown) => output.error(vscode.l10n.t('Parley language server failed to start: {0}', errorText(e))));

  context.subscriptions.push(
    vscode.commands.registerCommand('parley.restartServer', async () => {
      if (!client) return;
      output.info(vscode.l10n.t('Restarting the Parley language server'));
      starting = client.state === State.Stopped || client.state === State.StartFailed ? client.start() : client.restart();
      await starting;
    }),
    vscode.commands.registerCommand('parley.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('parley.showDocumentation', (arg?: unknown) => showDocumentation(context, arg)),
  );

  return {
    get client() {
      return client;
    },
    ready: () => starting ?? Promise.reject(new Error('Parley client not started')),
  };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) await c.stop();
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };

  // Local files and unsaved buffers; in a virtual workspace (e.g. vscode-vfs) also the open
  // documents of the folders' schemes: the server lints their text, without cross-file features.
  const schemes = new Set(['file', 'untitled']);
  for (const folder of vscode.workspace.workspaceFolders ?? []) schemes.add(folder.uri.scheme);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [...schemes].map((scheme) => ({ scheme, language: 'parley' })),
    synchronize: {
      // Push `parley.*` changes (the server may also pull them with workspace/configuration).
      configurationSection: 'parley',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/parley.config.json'),
        vscode.workspace.createFileSystemWatcher('**/parley-suppressions.json'),
        vscode.workspace.createFileSystemWatcher('**/*.parley'),
      ],
    },
    outputChannel: output,
    diagnosticCollectionName: 'parley',
    initializationOptions: { extensionVersion: String(context.extension.packageJSON.version ?? '') },
  };
  return new LanguageClient(CLIENT_ID, 'Parley', serverOptions, clientOptions);
}

/**
 * Opens a rule's documentation. The argument is the URL the server attached to the diagnostic
 * (also accepted as `[url]` or `{ url }`). Rule pages ship inside the extension (docs/rules), so a
 * rule URL opens the bundled page in the Markdown preview — offline, and the same version as the
 * rules; anything else goes to the browser.
 */
async function showDocumentation(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const url = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg[0] : (arg as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || url === '') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Parley: no documentation link was given.'));
    return;
  }
  const page = RULE_DOC.exec(url)?.[1];
  const local = page ? vscode.Uri.file(context.asAbsolutePath(`docs/${page}`)) : undefined;
  if (local && fs.existsSync(local.fsPath)) {
    await vscode.commands.executeCommand('markdown.showPreview', local);
    return;
  }
  const uri = vscode.Uri.parse(url);
  if (uri.scheme === 'file') await vscode.commands.executeCommand('markdown.showPreview', uri);
  else await vscode.env.openExternal(uri);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
