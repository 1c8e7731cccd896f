/**
 * Entry point of the web-worker language server (dist/web/server.js), started by the extension's
 * browser entry (client/src/browser.ts) in vscode.dev, github.dev or code-server's web-worker
 * extension host. The same ParleyServer and core as dist/server.js, over postMessage, with a host
 * that has only the open documents (browser-host.ts).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { providePrebuiltBytes } from '../core/prebuilt-bank';
import { BrowserServerHost } from './browser-host';
import { ParleyServer } from './server';

/** Set by the build (scripts/build.mjs) from package.json. */
declare const PARLEY_VERSION: string;

type WorkerScope = ConstructorParameters<typeof BrowserMessageReader>[0];
interface Events {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
const scope = globalThis as unknown as WorkerScope & Events;

/** The first message the extension posts, before any JSON-RPC: the bytes of dist/lexicon-bank.bin (or null). */
interface BankMessage {
  parleyBank: Uint8Array | null;
}
const isBankMessage = (data: unknown): data is BankMessage => typeof data === 'object' && data !== null && 'parleyBank' in data;

function start(): void {
  const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
  new ParleyServer(connection, new BrowserServerHost(typeof PARLEY_VERSION === 'string' ? PARLEY_VERSION : '0.0.0')).listen();
}

// The extension posts the compiled lexicons' bytes first (client/src/browser.ts): the bundle
// restores them, and has no other copy of the built-in lexicons (missing or of another build,
// each lint fails, saying so in the log). The connection is made while that first message is handled, so the JSON-RPC
// messages posted after it reach its reader. A first message of another kind is handed on to it.
const first = (event: { data: unknown }): void => {
  scope.removeEventListener('message', first);
  if (isBankMessage(event.data)) {
    providePrebuiltBytes(event.data.parleyBank instanceof Uint8Array ? event.data.parleyBank : undefined);
    start();
    return;
  }
  start();
  const worker = globalThis as unknown as { dispatchEvent(e: unknown): void; MessageEvent: new (type: string, init: { data: unknown }) => unknown };
  worker.dispatchEvent(new worker.MessageEvent('message', { data: event.data }));
};
scope.addEventListener('message', first);
