/**
 * A minimal LSP client for protocol tests: spawns `node dist/server.js --stdio` and speaks JSON-RPC
 * with Content-Length framing, as an editor does. Answers the server's own requests
 * (workspace/configuration, client/registerCapability, window/showDocument) and records them.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const EXAMPLES = path.join(ROOT, '..', 'shared', 'examples');

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export class ResponseErrorLike extends Error {
  constructor(readonly error: RpcError) {
    super(`${error.code}: ${error.message}`);
  }
}

interface Incoming {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: any;
  error?: RpcError;
}

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  data?: any;
  tags?: number[];
}

export interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface ClientOptions {
  /** `parley` settings returned for workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Extra client capabilities merged over the defaults. */
  capabilities?: Record<string, unknown>;
  initializationOptions?: unknown;
  args?: string[];
  /** Start this executable instead of `node dist/server.js` (e.g. an installed `parley-language-server`). */
  command?: string;
  /** The `locale` of `initialize` (VS Code sends its display language: zh-cn, en …). */
  locale?: string;
  /** Environment variables of the server process, over this process's. */
  env?: Record<string, string>;
}

export const DEFAULT_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: false },
  },
  textDocument: {
    publishDiagnostics: { versionSupport: true, relatedInformation: false },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
    completion: { completionItem: { snippetSupport: false } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    rename: { prepareSupport: true },
  },
  window: { showDocument: { support: true } },
};

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number | string, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  /** Every notification from the server, in order. */
  readonly notifications: Incoming[] = [];
  /** Responses that matched no request of ours (e.g. parse errors, id null). */
  readonly orphanResponses: Incoming[] = [];
  /** Requests the server sent us. */
  readonly serverRequests: Incoming[] = [];
  private waiters: { check: () => boolean }[] = [];
  stderr = '';
  exitCode: number | null | undefined = undefined;
  private exited: Promise<number | null>;
  settings: Record<string, unknown>;

  constructor(private opts: ClientOptions = {}) {
    this.settings = opts.settings ?? {};
    const env = opts.env ? { ...process.env, ...opts.env } : undefined;
    this.proc = opts.command ? spawn(opts.command, opts.args ?? ['--stdio'], { stdio: 'pipe', env }) : spawn(process.execPath, [SERVER, ...(opts.args ?? ['--stdio'])], { stdio: 'pipe', env });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => {
      this.exitCode = code;
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code}) before answering; stderr: ${this.stderr}`));
      this.pending.clear();
      resolve(code);
    }));
    this.proc.stdin.on('error', () => undefined);
  }

  private onData(d: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, d]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) throw new Error(`bad header from server: ${header}`);
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.handle(JSON.parse(body) as Incoming);
    }
  }

  private handle(msg: Incoming): void {
    if (msg.method !== undefined && msg.id !== undefined && msg.id !== null) {
      this.serverRequests.push(msg);
      this.writeMessage({ jsonrpc: '2.0', id: msg.id, result: this.answer(msg) });
    } else if (msg.method !== undefined) {
      this.notifications.push(msg);
    } else if (msg.id !== undefined && msg.id !== null && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new ResponseErrorLike(msg.error));
      else p.resolve(msg.result);
    } else {
      this.orphanResponses.push(msg);
    }
    for (const w of [...this.waiters]) if (w.check()) this.waiters.splice(this.waiters.indexOf(w), 1);
  }

  private answer(msg: Incoming): unknown {
    switch (msg.method) {
      case 'workspace/configuration':
        return (msg.params?.items ?? []).map((i: { section?: string }) => (i.section === 'parley' ? this.settings : null));
      case 'window/showDocument':
        return { success: true };
      default:
        return null;
    }
  }

  writeMessage(msg: unknown): void {
    this.writeRaw(JSON.stringify(msg));
  }

  /** Send a body as is (framed with its Content-Length). */
  writeRaw(body: string | Buffer): void {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const framed = Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]);
    if (this.batched) this.batched.push(framed);
    else this.proc.stdin.write(framed);
  }

  /** Send bytes exactly as given: no framing added (for framing tests). */
  writeUnframed(bytes: string | Buffer): void {
    this.proc.stdin.write(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  }

  private batched: Buffer[] | undefined;

  /** Send every message `fn` writes in one write: they reach the server together, as a burst of quick edits does. */
  batch(fn: () => void): void {
    this.batched = [];
    try {
      fn();
    } finally {
      const all = Buffer.concat(this.batched);
      this.batched = undefined;
      this.proc.stdin.write(all);
    }
  }

  /** An incremental change: `text` replaces the range (0-based lines and UTF-16 columns). */
  changeRange(uri: string, version: number, start: [number, number], end: [number, number], text: string): void {
    this.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: start[0], character: start[1] }, end: { line: end[0], character: end[1] } }, text }],
    });
  }

  request<T = any>(method: string, params?: unknown, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.writeMessage({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    });
  }

  notify(method: string, params?: unknown): void {
    this.writeMessage({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
  }

  /** Resolve when `check` holds (tested now and after each message), or reject after `timeoutMs`. */
  waitUntil<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first !== undefined) return resolve(first);
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const waiter = {
        check: () => {
          const v = check();
          if (v === undefined) return false;
          clearTimeout(timer);
          resolve(v);
          return true;
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Every publishDiagnostics for a URI, in order. */
  published(uri: string): PublishParams[] {
    return this.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).map((n) => n.params as PublishParams);
  }

  /** The next publishDiagnostics for `uri` (after `after` earlier ones) matching `pred`. */
  diagnostics(uri: string, pred: (p: PublishParams) => boolean = () => true, timeoutMs?: number): Promise<PublishParams> {
    return this.waitUntil(`diagnostics for ${uri}`, () => this.published(uri).find(pred), timeoutMs);
  }

  /**
   * The first publish for `uri` after the first `from` ones whose diagnostics satisfy `pred`
   * (re-lints scheduled before a change may still arrive first; they are skipped).
   */
  republished(uri: string, from: number, pred: (ds: Diagnostic[]) => boolean, timeoutMs?: number): Promise<PublishParams> {
    return this.waitUntil(`a new publish for ${uri} (last: ${JSON.stringify(this.published(uri).at(-1)?.diagnostics.map((d) => d.code))})`, () => this.published(uri).slice(from).find((p) => pred(p.diagnostics)), timeoutMs);
  }

  /** The diagnostics published for `version` of `uri`. */
  diagnosticsFor(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.diagnostics(uri, (p) => p.version === version, timeoutMs).then((p) => p.diagnostics);
  }

  async initialize(folders: string[]): Promise<any> {
    const caps = mergeDeep(structuredClone(DEFAULT_CAPABILITIES), this.opts.capabilities ?? {});
    const result = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'parley-protocol-test' },
      rootUri: folders[0] ? pathToFileURL(folders[0]).href : null,
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
      capabilities: caps,
      ...(this.opts.initializationOptions !== undefined ? { initializationOptions: this.opts.initializationOptions } : {}),
      ...(this.opts.locale !== undefined ? { locale: this.opts.locale } : {}),
    });
    this.notify('initialized', {});
    return result;
  }

  open(file: string, text?: string, version = 1): string {
    const uri = pathToFileURL(file).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'parley', version, text: text ?? fs.readFileSync(file, 'utf8') } });
    return uri;
  }

  change(uri: string, version: number, text: string): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async shutdown(): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    await this.request('shutdown');
    this.notify('exit');
    return this.exited;
  }

  kill(): void {
    if (this.exitCode === undefined) this.proc.kill();
  }

  waitExit(): Promise<number | null> {
    return this.exited;
  }
}

function mergeDeep(a: any, b: any): any {
  for (const [k, v] of Object.entries(b)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && a[k] && typeof a[k] === 'object') mergeDeep(a[k], v);
    else a[k] = v;
  }
  return a;
}

const tempDirs: string[] = [];
// Registered while the test file is collected (it imports this module): runs after the file's tests.
afterAll(() => {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp folder (removed after the test file's tests) holding a copy of the shared examples plus `files` (relative path → content). */
export function workspaceWith(files: Record<string, string | Buffer> = {}, examples = true): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-lsp-')));
  tempDirs.push(dir);
  if (examples) for (const f of fs.readdirSync(EXAMPLES)) if (f.endsWith('.parley')) fs.copyFileSync(path.join(EXAMPLES, f), path.join(dir, f));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** 0-based [line, startChar, endLine, endChar]. */
export function rangeOf(d: { range: Diagnostic['range'] }): [number, number, number, number] {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}
