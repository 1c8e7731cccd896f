/**
 * The language server's stdio reader: strict, recoverable framing and the LSP life cycle.
 *
 * - A header block is lines ending in CRLF, then an empty line. `Content-Length` must be a whole
 *   number of bytes; anything else (`abc`, `-5`, `1.5`, LF-only framing, a header block with no end)
 *   is answered with a JSON-RPC parse error (-32700, id null) and the reader resynchronises on the
 *   next `Content-Length:` — the bytes between are dropped, a few at a time, never buffered.
 *   (A JSON body cannot hold a raw CR or LF inside a string, so a real header is found again.)
 * - A body larger than `maxBody` is refused the same way, without being buffered.
 * - A body that is not JSON is a parse error too; the reader goes on with the next message.
 * - Life cycle: a request before `initialize` is answered with -32002 ServerNotInitialized, a
 *   notification before it (but `exit`) is dropped; after `shutdown`, a request is answered with
 *   -32600 InvalidRequest and notifications but `exit` are dropped; a second `initialize` is an
 *   InvalidRequest.
 */
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-languageserver/node';

const HEADER = Buffer.from('content-length:', 'latin1');
const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');
/** A header block longer than this has no end: a bad header. */
const MAX_HEADER = 8192;
/** Bodies larger than this are refused (PARLEY_LSP_MAX_MESSAGE overrides; a 55 MB document fits). */
const DEFAULT_MAX_BODY = 256 * 2 ** 20;

type Reply = (m: Message) => void;

interface Msg {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
}

export class StrictMessageReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private length = 0;
  /** The body length of the message whose header was read, waiting for its bytes. */
  private need = -1;
  /** Dropping bytes until the next `Content-Length:`. */
  private resyncing = false;
  private state: 'new' | 'running' | 'shutdown' = 'new';
  private callback?: DataCallback;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly reply: Reply,
    private readonly maxBody = Number(process.env.PARLEY_LSP_MAX_MESSAGE) || DEFAULT_MAX_BODY,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (c: Buffer | string) => this.onData(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
    const onError = (e: Error) => this.fireError(e);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('end', onClose);
        this.input.off('close', onClose);
      },
    };
  }

  private parseError(message: string): void {
    this.reply({ jsonrpc: '2.0', id: null, error: { code: -32700, message } } as unknown as Message);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    this.chunks = n < all.length ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }

  private flat(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (;;) {
      if (this.need >= 0) {
        if (this.length < this.need) return; // (chunks kept as they came: one concat when whole)
        const body = this.take(this.need);
        this.need = -1;
        this.deliver(body);
        continue;
      }
      const buf = this.flat();
      if (this.resyncing) {
        const at = indexOfHeader(buf, 0);
        if (at < 0) {
          // Keep only a tail that could be the start of the next header.
          this.take(Math.max(0, buf.length - (HEADER.length - 1)));
          return;
        }
        this.take(at);
        this.resyncing = false;
        continue;
      }
      if (!buf.length) return;
      const end = buf.indexOf(CRLF2);
      const lfOnly = findLfOnly(buf, end < 0 ? Math.min(buf.length, MAX_HEADER) : end);
      if (lfOnly >= 0) {
        this.parseError('Parse error: header lines must end with CRLF (\\r\\n)');
        this.take(lfOnly + 1);
        this.resyncing = true;
        continue;
      }
      if (end < 0) {
        if (buf.length <= MAX_HEADER) return;
        this.parseError(`Parse error: no end of the header block within ${MAX_HEADER} bytes`);
        this.take(1);
        this.resyncing = true;
        continue;
      }
      const header = buf.toString('latin1', 0, end);
      const problem = checkHeader(header, this.maxBody);
      if (typeof problem === 'string') {
        this.parseError(`Parse error: ${problem}`);
        this.take(1); // the next header may be inside this block: look again from the next byte
        this.resyncing = true;
        continue;
      }
      this.take(end + 4);
      this.need = problem;
    }
  }

  private deliver(body: Buffer): void {
    let msg: Msg;
    try {
      msg = JSON.parse(body.toString('utf8')) as Msg;
    } catch (e) {
      this.parseError(`Parse error: ${(e as Error).message}`);
      return;
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
      this.reply({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: not a JSON-RPC message object' } } as unknown as Message);
      return;
    }
    const isRequest = typeof msg.method === 'string' && msg.id !== undefined && msg.id !== null;
    const isNotification = typeof msg.method === 'string' && !isRequest;
    if (isRequest) {
      const id = msg.id as number | string;
      if (msg.method === 'initialize') {
        if (this.state !== 'new') return this.reply({ jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid Request: initialize was already received' } } as unknown as Message);
        this.state = 'running';
      } else if (this.state === 'new') {
        return this.reply({ jsonrpc: '2.0', id, error: { code: -32002, message: `Server not initialized: ${msg.method} before initialize` } } as unknown as Message);
      } else if (this.state === 'shutdown') {
        return this.reply({ jsonrpc: '2.0', id, error: { code: -32600, message: `Invalid Request: ${msg.method} after shutdown` } } as unknown as Message);
      } else if (msg.method === 'shutdown') this.state = 'shutdown';
    } else if (isNotification && msg.method !== 'exit' && this.state !== 'running') {
      return; // dropped, as the protocol says
    }
    this.callback?.(msg as unknown as Message);
  }
}

/** Index of the next `Content-Length:` (any case), or -1. */
function indexOfHeader(buf: Buffer, from: number): number {
  for (let i = from; i <= buf.length - HEADER.length; i++) {
    if ((buf[i] | 0x20) !== 0x63) continue; // 'c'
    let ok = true;
    for (let k = 1; k < HEADER.length && ok; k++) {
      const b = buf[i + k];
      ok = (HEADER[k] >= 0x61 && HEADER[k] <= 0x7a ? b | 0x20 : b) === HEADER[k];
    }
    if (ok) return i;
  }
  return -1;
}

/** A bare LF (not after CR) in the header part `[0, end)`, or -1. */
function findLfOnly(buf: Buffer, end: number): number {
  for (let i = buf.indexOf(0x0a); i >= 0 && i < end; i = buf.indexOf(0x0a, i + 1)) if (i === 0 || buf[i - 1] !== 0x0d) return i;
  return -1;
}

/** The body length a header block announces, or what is wrong with it. */
function checkHeader(header: string, maxBody: number): number | string {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `bad header line ${JSON.stringify(line.slice(0, 80))}`;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value)) return `Content-Length must be a whole number of bytes, got ${JSON.stringify(value.slice(0, 40))}`;
      length = Number(value);
    } else if (name === 'content-type') {
      const charset = /charset=([^;\s]+)/i.exec(value)?.[1]?.toLowerCase().replace(/^"|"$/g, '');
      if (charset && charset !== 'utf-8' && charset !== 'utf8') return `unsupported charset ${JSON.stringify(charset)} (only utf-8)`;
    }
  }
  if (length === undefined) return 'no Content-Length header';
  if (length > maxBody) return `message of ${length} bytes refused (more than ${maxBody})`;
  return length;
}
