/**
 * The browser's server (dist/web/server.js) carries no copy of the compiled lexicons: the extension's
 * browser entry posts the bytes of dist/lexicon-bank.bin to the worker before any JSON-RPC message
 * (client/src/browser.ts, server/src/lsp/browser-main.ts). Runs the bundle as a worker would, in a
 * vm context whose `self` posts and receives messages, and checks that it lints alike with the
 * bank's bytes, with none (it compiles), with bytes that are no bank of this build, and when the
 * first message is already JSON-RPC (an extension that posts no bank).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'web', 'server.js');
const BANK = path.join(ROOT, 'dist', 'lexicon-bank.bin');
const SCRIPT = fs.readFileSync(path.join(ROOT, '..', 'shared', 'examples', 'red-lines.parley'), 'utf8');

interface Message {
  method?: string;
  params?: { diagnostics?: { code?: unknown; range: unknown; message: string }[] };
}

/** The diagnostics the bundle publishes for SCRIPT after `first` (undefined: no message before initialize). */
async function diagnosticsWith(first: unknown): Promise<{ code?: unknown; range: unknown; message: string }[]> {
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
  if (first !== undefined) post(first);
  post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  post({ jsonrpc: '2.0', method: 'initialized', params: {} });
  post({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///w/red-lines.parley', languageId: 'parley', version: 1, text: SCRIPT } } });
  for (let waited = 0; waited < 30_000; waited += 50) {
    const published = out.find((m) => m.method === 'textDocument/publishDiagnostics');
    if (published) {
      post({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
      return published.params?.diagnostics ?? [];
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no diagnostics published; messages: ${JSON.stringify(out).slice(0, 500)}`);
}

describe('dist/web/server.js: the compiled lexicons handed over by the extension', () => {
  it('carries no copy of the bank, and lints alike with the bank, without it, with foreign bytes and with no bank message', async () => {
    const bundle = fs.readFileSync(SERVER, 'utf8');
    // The bank's pieces are in the bin file only (before, the bundle held them as JSON).
    expect(bundle).not.toMatch(/"pTrigger":\[/);
    const bank = new Uint8Array(fs.readFileSync(BANK));
    const withBank = await diagnosticsWith({ parleyBank: bank });
    expect(withBank.length).toBeGreaterThan(3);
    expect(withBank.map((d) => d.code)).toContain('criminal-threat');
    expect(await diagnosticsWith({ parleyBank: null })).toEqual(withBank);
    expect(await diagnosticsWith({ parleyBank: new Uint8Array([80, 76, 66, 49, 1, 0, 0, 0, 123]) })).toEqual(withBank);
    expect(await diagnosticsWith(undefined)).toEqual(withBank);
  }, 120_000);
});
