/**
 * Entry point of `parley-language-server` (dist/server.js). Transports: `--stdio`, `--node-ipc`,
 * `--socket=<port>`, `--pipe=<name>` (vscode-languageserver's createConnection reads them).
 *
 * Over stdio the reader is our own (reader.ts): a bad header or a body that is not JSON is
 * answered with a JSON-RPC "Parse error" (-32700, id null) and the stream resynchronises; the LSP
 * life cycle is enforced (-32002 before initialize, InvalidRequest after shutdown).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { OneWriteMessageWriter } from './writer';
import { StrictMessageReader } from './reader';
import { NodeServerHost } from '../node/server-host';
import { offloadPort, serveOffload } from '../node/offload-thread';
import { ParleyServer } from './server';
import { LOG, logLine } from './log-text';
import { DEFAULT_LOCALE } from '../core/messages';

function stdioConnection(): Connection {
  // (each message in one write, and diagnostics encoded already as their bytes: writer.ts)
  const writer = new OneWriteMessageWriter(process.stdout);
  // Strict, recoverable framing and the LSP life cycle (reader.ts): bad headers and bodies are
  // answered with parse errors, oversized bodies refused unbuffered, requests before initialize
  // answered with ServerNotInitialized.
  const reader = new StrictMessageReader(process.stdin, (m) => void writer.write(m));
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  // vscode-languageserver does this for process.stdin itself; with our reader we do it here.
  const quit = () => process.exit(server?.shutdownReceived ? 0 : 1);
  process.stdin.on('end', quit);
  process.stdin.on('close', quit);
  process.stdout.on('error', quit);
  // Nothing may write to stdout but the protocol.
  const toLog = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = toLog;
  console.info = toLog;
  console.debug = toLog;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}

const USAGE = `parley-language-server — the Parley language server (Language Server Protocol)

Usage:
  parley-language-server --stdio            speak LSP on standard input and output
  parley-language-server --node-ipc         speak LSP over Node IPC (a forked child)
  parley-language-server --socket=<port>    connect to a socket on this port
  parley-language-server --pipe=<name>      connect to a named pipe
  parley-language-server --help | --version
`;

function serverPackageVersion(): string {
  for (const p of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      return JSON.parse(fs.readFileSync(p, 'utf8')).version as string;
    } catch {
      /* try the next */
    }
  }
  return '0.0.0';
}

let server: ParleyServer | undefined;
let connection: Connection;

// dist/server.js is also the server's background thread (node/offload-thread.ts).
const offload = offloadPort();
if (offload) serveOffload(offload);
else start();

function start(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (args.includes('--version') || args.includes('-v')) {
    process.stdout.write(serverPackageVersion() + '\n');
    process.exit(0);
  }
  function usageError(why: string): never {
    process.stderr.write(`parley-language-server: ${why}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || /^--(socket|pipe)=./.test(a))) usageError('no transport given');
  if (args.includes('--node-ipc') && !args.includes('--stdio') && typeof process.send !== 'function') usageError('--node-ipc needs to be started by a client with an IPC channel');

  try {
    connection = args.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
  } catch (e) {
    usageError((e as Error).message);
  }

  process.on('uncaughtException', (e) => {
    try {
      connection.console.error(logLine(LOG.uncaught(`${e?.stack ?? e}`), server?.logLocale() ?? DEFAULT_LOCALE));
    } catch {
      /* nowhere to report */
    }
  });
  process.on('unhandledRejection', (e) => {
    try {
      connection.console.error(logLine(LOG.unhandled(`${(e as Error)?.stack ?? e}`), server?.logLocale() ?? DEFAULT_LOCALE));
    } catch {
      /* nowhere to report */
    }
  });

  // Over stdio the writer is ours and writes pre-encoded diagnostics (publish.ts) as they are.
  server = new ParleyServer(connection, new NodeServerHost(), { encodedDiagnostics: args.includes('--stdio') });
  server.listen();
}
