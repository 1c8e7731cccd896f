/**
 * The stdio writer of the language server: each JSON-RPC message goes out in one write of the
 * stream, its `Content-Length` header and its body together (corked: one `writev` of the pipe).
 * vscode-jsonrpc's StreamMessageWriter writes the header, waits, then writes the body: two system
 * calls per message, and on a pipe each one wakes the editor's reader, which runs, finds half a
 * message and sleeps again. A keystroke's publish is one message, so that was a second wake-up of
 * the client (and a second preemption of the server) per keystroke.
 *
 * Diagnostics the server has encoded already (publish.ts) are written as their bytes; any other
 * message as vscode-jsonrpc writes it (JSON, UTF-8). Needs Node streams only.
 */
import type { Writable } from 'node:stream';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import { encodedMessage } from './publish';

export class OneWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly out: Writable) {
    super();
    out.on('error', (e: unknown) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let body: Uint8Array;
    try {
      body = encodedMessage(msg) ?? Buffer.from(JSON.stringify(msg, undefined, 0), 'utf-8');
    } catch (e) {
      this.fireError(e, msg, ++this.errorCount);
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      const done = (e?: Error | null) => {
        if (e) {
          this.fireError(e, msg, ++this.errorCount);
          reject(e);
        } else {
          this.errorCount = 0;
          resolve();
        }
      };
      try {
        // (The callback of the body's write: the message's buffer is written, and may be reused, publish.ts.)
        this.out.cork();
        this.out.write(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii');
        this.out.write(body, done);
        this.out.uncork();
      } catch (e) {
        done(e as Error);
      }
    });
  }

  end(): void {
    /* the stream is process.stdout: it ends with the process */
  }
}
