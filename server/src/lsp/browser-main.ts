/**
 * Entry point of the web-worker language server (dist/web/server.js), started by the extension's
 * browser entry (client/src/browser.ts) in vscode.dev, github.dev or code-server's web-worker
 * extension host. The same ParleyServer and core as dist/server.js, over postMessage, with a host
 * that has only the open documents (browser-host.ts).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { BrowserServerHost } from './browser-host';
import { ParleyServer } from './server';

/** Set by the build (scripts/build.mjs) from package.json. */
declare const PARLEY_VERSION: string;

type WorkerScope = ConstructorParameters<typeof BrowserMessageReader>[0];
const scope = globalThis as unknown as WorkerScope;
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
new ParleyServer(connection, new BrowserServerHost(typeof PARLEY_VERSION === 'string' ? PARLEY_VERSION : '0.0.0')).listen();
