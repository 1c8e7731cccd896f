/**
 * The browser's server (dist/web/server.js) carries no copy of the built-in lexicons, compiled or
 * not: the extension's browser entry posts the bytes of dist/lexicon-bank.bin to the worker before
 * any JSON-RPC message (client/src/browser.ts, server/src/lsp/browser-main.ts), and the bank holds
 * every pattern (the lexicons are given back from it where their sources are needed). Runs the
 * bundle as a worker would, in a vm context whose `self` posts and receives messages, and checks
 * that with the bank's bytes it lints as the desktop server does; with none, with bytes that are no
 * bank of this build, or when the first message is already JSON-RPC (an extension that posts no
 * bank), it still answers, says in its log that the bank is missing and shows that to the user once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LEXICONS } from '../../server/src/core/lexicons';
import { LspClient } from '../lsp/client';

const ROOT = path.join(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'web', 'server.js');
const BANK = path.join(ROOT, 'dist', 'lexicon-bank.bin');
const EXAMPLE = path.join(ROOT, '..', 'shared', 'examples', 'red-lines.parley');
const SCRIPT = fs.readFileSync(EXAMPLE, 'utf8');

interface Message {
  method?: string;
  params?: { diagnostics?: Diag[]; message?: string };
}

type Diag = { code?: unknown; range: unknown; message: string };
type Outcome = { diagnostics: Diag[] } | { logged: string; shown: string[] };

/**
 * What the bundle does for SCRIPT after `first` (undefined: no message before initialize; a
 * function: made in the worker's realm, as a worker's own Uint8Array): the diagnostics it
 * publishes, or the log line saying that linting failed.
 */
async function lintWith(first: unknown): Promise<Outcome> {
  const listeners: ((e: { data: unknown }) => void)[] = [];
  const out: Message[] = [];
  const ctx: Record<string, unknown> = {
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    MessageEvent: class {
      type: string;
      data: unknown;
      constructor(type: string, init: { data: unknown }) {
        this.type = type;
        this.data = init.data;
      }
    },
    addEventListener: (_t: string, f: (e: { data: unknown }) => void) => listeners.push(f),
    removeEventListener: (_t: string, f: (e: { data: unknown }) => void) => listeners.splice(listeners.indexOf(f) >>> 0, 1),
    postMessage: (m: Message) => out.push(m),
  };
  // What a worker does: the listeners and the onmessage handler of the moment the event is dispatched.
  const dispatch = (e: { data: unknown }) => {
    const ls = [...listeners];
    const on = ctx.onmessage as ((e: { data: unknown }) => void) | undefined;
    for (const f of ls) f(e);
    on?.(e);
  };
  ctx.dispatchEvent = dispatch;
  ctx.self = ctx;
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(SERVER, 'utf8'), ctx);
  const post = (data: unknown) => dispatch({ data });
  if (typeof first === 'function') post(first(vm.runInContext('Uint8Array', ctx)));
  else if (first !== undefined) post(first);
  post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  post({ jsonrpc: '2.0', method: 'initialized', params: {} });
  post({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///w/red-lines.parley', languageId: 'parley', version: 1, text: SCRIPT } } });
  for (let waited = 0; waited < 30_000; waited += 50) {
    const published = out.find((m) => m.method === 'textDocument/publishDiagnostics');
    const failed = out.find((m) => m.method === 'window/logMessage' && /red-lines\.parley/.test(String(m.params?.message)));
    if (published || failed) {
      post({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
      // (a failure is also shown to the user, once: window/showMessage, type 1 = Error)
      const shown = out.filter((m) => m.method === 'window/showMessage' && (m.params as { type?: number }).type === 1).map((m) => String(m.params?.message));
      return published ? { diagnostics: published.params?.diagnostics ?? [] } : { logged: String(failed!.params?.message), shown };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no diagnostics published; messages: ${JSON.stringify(out).slice(0, 500)}`);
}

/** The desktop server's diagnostics for the same script (dist/server.js over stdio). */
async function desktopDiagnostics(): Promise<Diag[]> {
  const c = new LspClient();
  try {
    await c.initialize([path.dirname(EXAMPLE)]);
    const uri = c.open(EXAMPLE);
    return (await c.diagnosticsFor(uri, 1)).map(({ code, range, message }) => ({ code, range, message }));
  } finally {
    await c.shutdown();
  }
}

describe('dist/web/server.js: the compiled lexicons handed over by the extension', () => {
  it('carries no copy of the lexicons, lints as the desktop server with the bank, and says so without it, with foreign bytes and with no bank message', async () => {
    const bundle = fs.readFileSync(SERVER, 'utf8');
    // The bank's pieces are in the bin file only (before, the bundle held them as JSON), and so are the lexicons' patterns.
    expect(bundle).not.toMatch(/"pTrigger":\[/);
    const patterns = Object.values(BUILTIN_LEXICONS).flatMap((l) => [...l.terms, ...(l.exceptions ?? [])].map((t) => (typeof t === 'string' ? t : t.pattern)));
    // Patterns in the pattern syntax (alternatives, gaps), which no message or doc of the bundle quotes.
    const syntax = patterns.filter((p) => /[\u4e00-\u9fff]/.test(p) && /[|…]/.test(p));
    expect(syntax.length).toBeGreaterThan(500);
    expect(syntax.filter((p) => bundle.includes(JSON.stringify(p).slice(1, -1)))).toEqual([]);
    const bank = fs.readFileSync(BANK);
    const withBank = await lintWith((U8: Uint8ArrayConstructor) => ({ parleyBank: new U8(bank) }));
    if (!('diagnostics' in withBank)) throw new Error(`linting with the bank failed: ${withBank.logged}`);
    expect(withBank.diagnostics.length).toBeGreaterThan(3);
    expect(withBank.diagnostics.map((d) => d.code)).toContain('criminal-threat');
    expect(withBank.diagnostics.map(({ code, range, message }) => ({ code, range, message }))).toEqual(await desktopDiagnostics());
    for (const first of [{ parleyBank: null }, (U8: Uint8ArrayConstructor) => ({ parleyBank: new U8([80, 76, 66, 50, 1, 0, 0, 0, 123]) }), undefined]) {
      const r = await lintWith(first);
      expect(r).toEqual({ logged: expect.stringContaining('dist/lexicon-bank.bin'), shown: [expect.stringContaining('dist/lexicon-bank.bin')] });
    }
  }, 120_000);
});
