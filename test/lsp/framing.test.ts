/**
 * Issue 13 item 5: the server's framing is strict and recoverable, and the LSP life cycle is
 * followed. A bad header (`Content-Length: abc`, `-5`, `1.5`, LF-only framing, no length at all)
 * is answered with a JSON-RPC parse error and the stream resynchronises on the next message; a
 * body over the limit is refused without being buffered; a request before `initialize` gets
 * -32002, one after `shutdown` -32600.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, workspaceWith } from './client';
import { FIXABLE } from './fixtures';

async function alive(c: LspClient, uri: string): Promise<void> {
  const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
  expect(h?.contents.value).toBe('**阶段 `M3`**：逾期 61–90 天');
}

describe('strict, recoverable framing', () => {
  let c: LspClient;
  let uri: string;
  beforeAll(async () => {
    const dir = workspaceWith({ 'fixable.parley': FIXABLE }, false);
    c = new LspClient();
    await c.initialize([dir]);
    uri = c.open(path.join(dir, 'fixable.parley'));
    await c.diagnosticsFor(uri, 1);
  });
  afterAll(async () => {
    expect(c.exitCode).toBeUndefined();
    expect(await c.shutdown()).toBe(0);
  });

  const body = JSON.stringify({ jsonrpc: '2.0', method: '$/parley/ping' });
  const cases: [string, string][] = [
    ['Content-Length: abc', `Content-Length: abc\r\n\r\n${body}`],
    ['Content-Length: -5', `Content-Length: -5\r\n\r\n${body}`],
    ['Content-Length: 1.5', `Content-Length: 1.5\r\n\r\n${body}`],
    ['LF-only framing', `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`],
    ['no Content-Length', `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`],
    ['a charset other than UTF-8', `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/vscode-jsonrpc; charset=gbk\r\n\r\n${body}`],
  ];
  for (const [name, bytes] of cases) {
    it(`${name}: a parse error (-32700), then the next message is served`, async () => {
      const before = c.orphanResponses.length;
      c.writeUnframed(bytes);
      await alive(c, uri); // the next well-framed request is answered
      const errors = c.orphanResponses.slice(before);
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    });
  }

  it('a body over the limit (Content-Length: 2000000000) is refused at once, not buffered; the stream resynchronises', async () => {
    const before = c.orphanResponses.length;
    c.writeUnframed('Content-Length: 2000000000\r\n\r\n{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"text":"' + '你'.repeat(100_000));
    await c.waitUntil('refusal', () => c.orphanResponses[before]);
    expect(c.orphanResponses[before]).toMatchObject({ id: null, error: { code: -32700, message: expect.stringMatching(/refused/) } });
    await alive(c, uri);
  });

  it('a header split over many writes, byte by byte, is read as one message', async () => {
    const msg = JSON.stringify({ jsonrpc: '2.0', id: 'split', method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 8 } } });
    const framed = `Content-Length: ${Buffer.byteLength(msg)}\r\n\r\n${msg}`;
    const before = c.orphanResponses.length;
    for (let i = 0; i < framed.length; i += 7) c.writeUnframed(framed.slice(i, i + 7));
    await c.waitUntil('split answer', () => c.orphanResponses.slice(before).find((m) => m.id === 'split'));
  });
});

describe('the LSP life cycle', () => {
  it('-32002 before initialize, notifications dropped; -32600 after shutdown; exit 0', async () => {
    const dir = workspaceWith({ 'fixable.parley': FIXABLE }, false);
    const c = new LspClient();
    try {
      await expect(c.request('textDocument/hover', { textDocument: { uri: 'file:///x.parley' }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ error: { code: -32002 } });
      await expect(c.request('shutdown')).rejects.toMatchObject({ error: { code: -32002 } });
      // A document opened before initialize is not opened at all.
      const early = c.open(path.join(dir, 'fixable.parley'));
      await c.initialize([dir]);
      await expect(c.request('initialize', { processId: null, rootUri: null, capabilities: {} })).rejects.toMatchObject({ error: { code: -32600 } });
      await new Promise((r) => setTimeout(r, 1500));
      // Not an open document: the early didOpen was dropped (a closed file's diagnostics, the
      // workspace being in scope, come without a document version).
      await c.waitUntil('the closed file linted', () => (c.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === early && n.params.diagnostics.length) ? true : undefined));
      expect(c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === early && n.params.version !== undefined)).toEqual([]);
      await c.request('shutdown');
      await expect(c.request('textDocument/hover', { textDocument: { uri: early }, position: { line: 0, character: 8 } })).rejects.toMatchObject({ error: { code: -32600 } });
      c.notify('exit');
      expect(await c.waitExit()).toBe(0);
    } finally {
      c.kill();
    }
  });
});
