/**
 * Entry point of `parley-language-server` (dist/server.js). Transports: `--stdio`, `--node-ipc`,
 * `--socket=<port>`, `--pipe=<name>` (vscode-languageserver's createConnection reads them).
 *
 * Over stdio the reader is our own: a body that is not JSON is answered with a JSON-RPC
 * "Parse error" (-32700, id null) and the server keeps serving, instead of only logging it.
 */
import { format } from 'node:util';
import {
  createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter,
  type Connection, type Message,
} from 'vscode-languageserver/node';
import { prebuiltBank } from '../node/prebuilt';
import { ParleyServer } from './server';

function stdioConnection(): Connection {
  const writer = new StreamMessageWriter(process.stdout);
  const reader = new StreamMessageReader(process.stdin, {
    contentTypeDecoder: {
      name: 'application/json',
      decode: async (buffer: Uint8Array, options: { charset: string }): Promise<Message> => {
        const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString(options.charset === 'utf-8' ? 'utf8' : (options.charset as BufferEncoding));
        try {
          return JSON.parse(text) as Message;
        } catch (e) {
          void writer.write({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error: ${(e as Error).message}` } } as Message);
          // Hand the connection a notification nobody handles: nothing else happens.
          return { jsonrpc: '2.0', method: '$/parley/parseError' } as Message;
        }
      },
    },
  });
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

let server: ParleyServer | undefined;
const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

process.on('uncaughtException', (e) => {
  try {
    connection.console.error(`Parley: uncaught exception: ${e?.stack ?? e}`);
  } catch {
    /* nowhere to report */
  }
});
process.on('unhandledRejection', (e) => {
  try {
    connection.console.error(`Parley: unhandled rejection: ${(e as Error)?.stack ?? e}`);
  } catch {
    /* nowhere to report */
  }
});

prebuiltBank(); // the built-in lexicons' automaton, compiled at build time (when it is there)
server = new ParleyServer(connection);
server.listen();
