/**
 * The VS Code side of Parley: starts the bundled language server (dist/server.js) over Node IPC,
 * hands it `.parley` documents and the `parley.*` settings, and contributes the few commands that
 * belong to the editor (restart, output, rule documentation). All language logic lives in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { errorText, registerCommands } from './commands';
import { registerWorkspaceUi, ruleLinkOptions, STATUS_OPTIONS } from './workspace-ui';

const CLIENT_ID = 'parley';

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
  registerWorkspaceUi(context, () => client).started(client);
  starting = client.start();
  starting.catch((e: unknown) => output.error(vscode.l10n.t('Parley language server failed to start: {0}', errorText(e))));

  registerCommands(context, output, {
    get client() {
      return client;
    },
    start(restart) {
      if (!client) return Promise.resolve();
      starting = restart ? client.restart() : client.start();
      return starting;
    },
  });

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
    // (parley.config.json too: the server offers its did-you-mean quick fixes; it lints only .parley)
    documentSelector: [...[...schemes].map((scheme) => ({ scheme, language: 'parley' })), { scheme: 'file', pattern: '**/parley.config.json' }],
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
    initializationOptions: { extensionVersion: String(context.extension.packageJSON.version ?? ''), ...STATUS_OPTIONS },
    ...ruleLinkOptions(),
  };
  return new LanguageClient(CLIENT_ID, 'Parley', serverOptions, clientOptions);
}
