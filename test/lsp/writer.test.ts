/** The stdio writer (lsp/writer.ts): one write per message, header and body together; encoded diagnostics as their bytes. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OneWriteMessageWriter } from '../../server/src/lsp/writer';
import { DiagnosticsEncoder } from '../../server/src/lsp/publish';

/** A stream that records each write it is asked to do (a writev is one write of several chunks). */
function recorder(fail = false) {
  const writes: Buffer[][] = [];
  const out = new Writable({
    writev(chunks, cb) {
      writes.push(chunks.map((c) => Buffer.from(c.chunk as Buffer)));
      cb(fail ? new Error('broken pipe') : null);
    },
    write(chunk, _enc, cb) {
      writes.push([Buffer.from(chunk as Buffer)]);
      cb(fail ? new Error('broken pipe') : null);
    },
  });
  return { out, writes };
}

describe('OneWriteMessageWriter', () => {
  it('writes each message as its header and body in one write', async () => {
    const { out, writes } = recorder();
    const w = new OneWriteMessageWriter(out);
    const msg = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: '已索引 “引号” \\ é' } };
    await w.write(msg);
    await w.write({ jsonrpc: '2.0', id: 1, result: null } as never);
    expect(writes).toHaveLength(2);
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    expect(Buffer.concat(writes[0]).toString('utf8')).toBe(`Content-Length: ${body.length}\r\n\r\n${body.toString('utf8')}`);
    expect(Buffer.concat(writes[1]).toString('utf8')).toBe('Content-Length: 38\r\n\r\n{"jsonrpc":"2.0","id":1,"result":null}');
  });

  it('writes encoded diagnostics as their bytes, and resolves once they are written', async () => {
    const { out, writes } = recorder();
    const w = new OneWriteMessageWriter(out);
    const p = new DiagnosticsEncoder().encode('file:///a.parley', 3, [], 'zh');
    let done = false;
    const sent = w.write({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: p } as never).then(() => (done = true));
    expect(done).toBe(false);
    await sent;
    expect(writes).toHaveLength(1);
    expect(Buffer.concat(writes[0]).toString('utf8')).toBe(`Content-Length: ${p.message.byteLength}\r\n\r\n${Buffer.from(p.message).toString('utf8')}`);
  });

  it('reports a failed write (rejects, and tells the connection)', async () => {
    const { out } = recorder(true);
    out.on('error', () => undefined);
    const w = new OneWriteMessageWriter(out);
    const errors: unknown[] = [];
    w.onError(([e]) => errors.push(e));
    await expect(w.write({ jsonrpc: '2.0', method: 'x' } as never)).rejects.toThrow('broken pipe');
    expect(errors.length).toBeGreaterThan(0);
  });
});
