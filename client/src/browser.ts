/**
 * The browser entry of the Parley extension (package.json "browser"): vscode.dev, github.dev and
 * code-server's web-worker extension host. Starts the language server in a web worker
 * (dist/web/server.js: the same core as the desktop server) and hands it the `.parley` documents
 * and the `parley.*` settings. What works there and what does not: README.md, "In the browser".
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, State, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { errorText, registerCommands } from './commands';
import { registerWorkspaceUi, ruleLinkOptions, STATUS_OPTIONS } from './workspace-ui';

// Browser globals of the extension host (the project compiles without the DOM lib).
declare const Worker: new (url: string, options?: { name?: string }) => ConstructorParameters<typeof BrowserMessageReader>[0];
declare const Blob: new (parts: Uint8Array[], options: { type: string }) => object;
declare const URL: { createObjectURL(blob: object): string };

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ readonly client: LanguageClient | undefined; ready(): Promise<void> }> {
  const output = vscode.window.createOutputChannel('Parley', { log: true });
  context.subscriptions.push(output);

  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  const clientOptions: LanguageClientOptions = {
    // Any scheme: in the browser every document is virtual (vscode-vfs, vscode-remote, untitled …).
    documentSelector: [{ language: 'parley' }],
    synchronize: { configurationSection: 'parley' },
    outputChannel: output,
    diagnosticCollectionName: 'parley',
    initializationOptions: { extensionVersion: String(context.extension.packageJSON.version ?? ''), ...STATUS_OPTIONS },
    ...ruleLinkOptions(),
  };
  // vscode.dev and github.dev serve extensions over https: the worker loads the script by its URL.
  // Where the extension is remote (code-server: vscode-remote://), the host refuses such URLs
  // ("Creating workers from remote extensions is currently not supported"), so the script is read
  // through the workspace file system and started from a blob: URL.
  let scriptUrl: string;
  if (/^https?$/.test(serverMain.scheme)) scriptUrl = serverMain.toString(true);
  else scriptUrl = URL.createObjectURL(new Blob([await vscode.workspace.fs.readFile(serverMain)], { type: 'application/javascript' }));
  // A new worker at each start. The transports are made here: the host's Worker is a wrapper, so
  // the client's own `instanceof Worker` check would not recognise what it returns.
  // The compiled lexicons (dist/lexicon-bank.bin, the file the desktop server reads): posted to the
  // worker before any JSON-RPC message (server/src/lsp/browser-main.ts), so the .vsix carries them
  // once: the worker has no other copy of the built-in lexicons. Unreadable, the worker gets null,
  // and its log says that each lint failed for want of the bank.
  const bank = vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'lexicon-bank.bin')).then(
    (bytes) => bytes,
    () => null,
  );
  client = new LanguageClient('parley', 'Parley', async () => {
    const bytes = await bank;
    const worker = new Worker(scriptUrl, { name: 'Parley language server' });
    (worker as unknown as { postMessage(message: { parleyBank: Uint8Array | null }): void }).postMessage({ parleyBank: bytes });
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  }, clientOptions);
  registerWorkspaceUi(context, () => client).started(client);
  starting = client.start();
  starting.catch((e: unknown) => output.error(vscode.l10n.t('Parley language server failed to start: {0}', errorText(e))));

  registerCommands(context, output, {
    get client() {
      return client;
    },
    async start(restart) {
      if (!client) return;
      // A worker that ended cannot be restarted in place: stop, then start a new one.
      if (restart && client.state === State.Running) await client.stop().catch(() => undefined);
      starting = client.start();
      await starting;
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
