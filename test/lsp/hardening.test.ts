/**
 * Hardening (issue 4 item 7): malformed JSON-RPC, a 50 MB document, binary and non-UTF-8 files,
 * invalid configs, files deleted or renamed while open, garbage params on every request — the
 * server answers, keeps serving, and exits cleanly. Also the node-ipc transport.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, SERVER, rangeOf, uriOf, workspaceWith, type Diagnostic } from './client';
import { FIXABLE, JUMPER, REMOTE } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const brief = (ds: Diagnostic[]) => ds.map((d) => [d.code, ...rangeOf(d)]);

/** Still serving: a hover on an open document is answered. */
async function alive(c: LspClient, uri: string): Promise<void> {
  const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
  expect(h?.contents.value).toBe('**阶段 `M3`**：逾期 61–90 天');
}

describe('malformed JSON-RPC', () => {
  let c: LspClient;
  let dir: string;
  let uri: string;
  beforeAll(async () => {
    dir = workspaceWith({ 'fixable.parley': FIXABLE, 'jumper.parley': JUMPER }, false);
    c = new LspClient();
    await c.initialize([dir]);
    uri = c.open(path.join(dir, 'fixable.parley'));
    await c.diagnosticsFor(uri, 1);
  });
  afterAll(async () => {
    expect(c.exitCode).toBeUndefined(); // nothing below made it exit
    expect(await c.shutdown()).toBe(0);
  });

  it('answers a body that is not JSON with a Parse error, an unknown method with MethodNotFound, and keeps serving', async () => {
    c.writeRaw('{"jsonrpc":"2.0","id":99,"method":"textDocument/hover",');
    const parseError = await c.waitUntil('parse error', () => c.orphanResponses[0]);
    expect(parseError).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    c.writeRaw(Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
    await c.waitUntil('second parse error', () => c.orphanResponses[1]);
    await alive(c, uri);
    await expect(c.request('parley/noSuchMethod', { x: 1 })).rejects.toMatchObject({ error: { code: -32601 } });
    await expect(c.request('textDocument/noSuchFeature')).rejects.toMatchObject({ error: { code: -32601 } });
    c.notify('parley/noSuchNotification', { x: 1 });
    c.notify('$/noSuchNotification');
    c.writeMessage({ jsonrpc: '2.0', result: 1 }); // a response nobody asked for
    c.writeMessage({ foo: 'bar' }); // not JSON-RPC at all
    await alive(c, uri);
  });

  it('answers every request, whatever its params, and keeps serving', async () => {
    const methods = [
      'textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename',
      'textDocument/rename', 'textDocument/documentSymbol', 'workspace/symbol', 'textDocument/foldingRange', 'textDocument/codeAction', 'workspace/executeCommand',
      'textDocument/codeLens', 'textDocument/inlayHint',
    ];
    const garbage: unknown[] = [
      null, 1, 'x', [], {},
      { textDocument: { uri: 5 }, position: { line: -1, character: 'a' } },
      { textDocument: { uri: uri }, position: { line: 1e9, character: 1e9 }, range: { start: 5 }, newName: 7, context: { diagnostics: [{ code: 'apology-wording', source: 'parley', range: null, data: { fix: 1 } }] }, query: 5, command: 'parley.showDocumentation', arguments: [{}] },
      { textDocument: { uri: 'file:///nowhere/x.parley' }, position: { line: 0, character: 0 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: {} },
      { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 }, newName: '', query: '' },
    ];
    for (const m of methods) {
      for (const p of garbage) {
        const answer = await c.request(m, p).then((v) => ({ ok: v }), (e) => ({ error: e.error?.code }));
        expect(answer, `${m} ${JSON.stringify(p)}`).toBeDefined();
      }
    }
    // Notifications with garbage.
    c.notify('textDocument/didOpen', { textDocument: 5 });
    c.notify('textDocument/didChange', { textDocument: { uri: 'file:///nowhere.parley', version: 2 }, contentChanges: [{ text: 'x' }] });
    c.notify('textDocument/didClose', {});
    c.notify('workspace/didChangeWatchedFiles', { changes: [null, { uri: 3, type: 9 }, { uri: uriOf(path.join(dir, 'missing.parley')), type: 2 }] });
    c.notify('workspace/didChangeConfiguration', { settings: { parley: { rules: 'all', maxFileSize: -5, run: 'never' } } });
    await alive(c, uri);
    if (process.env.SHOW_LOGS) console.log(c.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message).join('\n'));
  });
});

describe('exit', () => {
  it('exits with 1 on exit without shutdown', async () => {
    const c = new LspClient();
    await c.initialize([]);
    c.notify('exit');
    expect(await c.waitExit()).toBe(1);
  });
});

describe('a 50 MB document', () => {
  it('is declined with one Information diagnostic while other files are served', async () => {
    const dir = workspaceWith({ 'fixable.parley': FIXABLE }, false);
    const c = new LspClient();
    try {
      await c.initialize([dir]);
      const unit = FIXABLE.replace('可修复', '大');
      const big = unit.repeat(Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(unit)) + 1);
      const bytes = Buffer.byteLength(big);
      expect(bytes).toBeGreaterThan(50 * 1024 * 1024);
      const bigUri = c.open(path.join(dir, 'huge.parley'), big);
      const ds = await c.diagnosticsFor(bigUri, 1, 60_000);
      expect(ds).toHaveLength(1);
      expect(ds[0]).toMatchObject({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 3, code: 'file-too-large', source: 'parley' });
      expect(ds[0].message).toBe(`文件有 ${bytes} 字节，超过 parley.maxFileSize（5000000 字节），Parley 未检查此文件。`);
      const small = c.open(path.join(dir, 'fixable.parley'));
      expect(brief(await c.diagnosticsFor(small, 1))).toEqual([['apology-wording', 9, 8, 9, 11], ['prefer-honorific', 9, 14, 9, 15]]);
      expect(await c.request('textDocument/hover', { textDocument: { uri: bigUri }, position: { line: 9, character: 9 } })).toBeNull();
      expect(await c.request('textDocument/completion', { textDocument: { uri: bigUri }, position: { line: 0, character: 0 } })).toBeNull();
      expect(await c.request('textDocument/documentSymbol', { textDocument: { uri: bigUri } })).toBeNull();
      // Its titles stay out of the workspace: no duplicate-title for 大 in a small file.
      const other = c.open(path.join(dir, 'other.parley'), unit);
      expect((await c.diagnosticsFor(other, 1)).map((d) => d.code)).not.toContain('duplicate-title');
      c.notify('textDocument/didChange', { textDocument: { uri: bigUri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// x\n' }] });
      expect(await c.diagnosticsFor(bigUri, 2, 60_000)).toHaveLength(1);
      expect(c.published(bigUri).filter((p) => p.diagnostics.length !== 1)).toEqual([]);
      expect(await c.shutdown()).toBe(0);
    } finally {
      c.kill();
    }
  }, 120_000);
});

describe('binary and non-UTF-8 files in the workspace', () => {
  it('skips them when indexing, without a crash, and lints a binary buffer an editor opens', async () => {
    const dir = workspaceWith({
      'jumper.parley': JUMPER,
      'remote.parley': REMOTE,
      'binary.parley': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0xff]),
      'latin1.parley': Buffer.from('title: caf\xe9\n---\n===\n', 'latin1'),
      'gbk.parley': Buffer.from([0xd7, 0xf8, 0xcf, 0xaf, 0x3a, 0x20, 0xc4, 0xfa, 0xba, 0xc3]),
      'empty.parley': '',
    }, false);
    const c = new LspClient({ locale: 'en' }); // the English log lines
    try {
      await c.initialize([dir]);
      const jumper = c.open(path.join(dir, 'jumper.parley'));
      expect(await c.diagnosticsFor(jumper, 1)).toEqual([]); // remote.parley was indexed
      const log = await c.waitUntil('index log', () => c.notifications.find((n) => n.method === 'window/logMessage' && /^Indexed/.test(n.params.message)));
      expect(log.params.message).toBe('Indexed 3 .parley file(s) in 1 folder(s); skipped 3 unreadable, binary, ignored or too large.');
      const logs = c.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message as string);
      expect(logs.filter((m) => m.startsWith('Skipped')).sort()).toEqual([
        `Skipped ${path.join(dir, 'binary.parley')}: This is a binary file (it contains NUL bytes), not a Parley script; not linted.`,
        `Skipped ${path.join(dir, 'gbk.parley')}: The file is encoded in GBK/GB18030, not UTF-8, and was not linted. Convert it to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 gbk.parley > new-file, or use your editor's "Save with encoding: UTF-8".`,
        `Skipped ${path.join(dir, 'latin1.parley')}: The file is not valid UTF-8 and was not linted. Save the script as UTF-8.`,
      ]);
      const bin = c.open(path.join(dir, 'binary.parley'), '\u007fELF\u0000\u0000\u0000\u0001\u0002\u0003\ufffd');
      const ds = await c.diagnosticsFor(bin, 1);
      expect(ds.map((d) => d.code)).toEqual(['syntax-error']);
      expect(await c.request('textDocument/documentSymbol', { textDocument: { uri: bin } })).toEqual([]);
      expect(await c.shutdown()).toBe(0);
    } finally {
      c.kill();
    }
  });
});

describe('parley.config.json that is broken', () => {
  it('invalid JSON: a diagnostic at the error in the config, the scripts linted with the defaults', async () => {
    const bad = '{\n  "rules": {\n    "prefer-honorific": "off",\n  }\n}\n';
    const dir = workspaceWith({ 'fixable.parley': FIXABLE, 'parley.config.json': bad }, false);
    const cfg = uriOf(path.join(dir, 'parley.config.json'));
    const c = new LspClient();
    try {
      await c.initialize([dir]);
      const uri = c.open(path.join(dir, 'fixable.parley'));
      expect((await c.diagnosticsFor(uri, 1)).map((d) => d.code)).toEqual(['apology-wording', 'prefer-honorific']); // defaults
      const pub = await c.diagnostics(cfg);
      expect(pub.diagnostics).toHaveLength(1);
      expect(pub.diagnostics[0]).toMatchObject({ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 3 } }, severity: 1, source: 'parley', code: 'invalid-config' });
      // One language (the editor's; Chinese when it says none), the place in the file in words.
      expect(pub.diagnostics[0].message).toBe('配置无效（修正之前 Parley 使用默认配置）：不是有效的 JSON：第 4 行第 3 列有语法错误');

      // Valid JSON that fails the schema.
      fs.writeFileSync(path.join(dir, 'parley.config.json'), '{\n  "rules": {\n    "prefer-honorific": "loud"\n  }\n}\n');
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: cfg, type: 2 }] });
      const schema = await c.diagnostics(cfg, (p) => p !== pub && p.diagnostics.some((d) => d.range.start.line === 2));
      expect(schema.diagnostics.map((d) => [d.code, ...rangeOf(d)])).toEqual(schema.diagnostics.map(() => ['invalid-config', 2, 4, 2, 22]));
      expect(schema.diagnostics[0].message).toContain('/rules/prefer-honorific');

      // An unknown rule id.
      const unknownText = '{ "rules": { "no-such-rule": "off" } }';
      fs.writeFileSync(path.join(dir, 'parley.config.json'), unknownText);
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: cfg, type: 2 }] });
      const unknown = await c.diagnostics(cfg, (p) => p.diagnostics.some((d) => d.message.includes('no-such-rule')));
      const at = unknownText.indexOf('"no-such-rule"');
      expect(unknown.diagnostics.map((d) => [d.code, ...rangeOf(d)])).toEqual([['invalid-config', 0, at, 0, at + 14]]);

      // Fixed: the config's diagnostics are cleared and the config applies.
      const n = c.published(uri).length;
      fs.writeFileSync(path.join(dir, 'parley.config.json'), '{ "rules": { "prefer-honorific": "off" } }');
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: cfg, type: 2 }] });
      await c.diagnostics(cfg, (p) => p.diagnostics.length === 0);
      // (earlier re-lints, with the defaults, may still arrive first)
      const relinted = await c.waitUntil('re-lint', () => c.published(uri).slice(n).find((p) => p.diagnostics.length === 1));
      expect(relinted.diagnostics.map((d) => d.code)).toEqual(['apology-wording']);
      expect(await c.shutdown()).toBe(0);
    } finally {
      c.kill();
    }
  });
});

describe('files deleted or renamed while open', () => {
  it('keeps linting the open buffer; a closed deleted file leaves the index', async () => {
    const dir = workspaceWith({ 'jumper.parley': JUMPER, 'remote.parley': REMOTE }, false);
    const c = new LspClient();
    try {
      await c.initialize([dir]);
      const jumper = c.open(path.join(dir, 'jumper.parley'));
      const remotePath = path.join(dir, 'remote.parley');
      const remote = c.open(remotePath);
      expect(await c.diagnosticsFor(jumper, 1)).toEqual([]);
      expect(await c.diagnosticsFor(remote, 1)).toEqual([]);

      // Deleted on disk while open.
      fs.unlinkSync(remotePath);
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: remote, type: 3 }] });
      const edited = REMOTE.replace('请问您今天', '请问你今天');
      const col = edited.split('\n')[5].indexOf('你');
      c.change(remote, 2, edited);
      expect(brief(await c.diagnosticsFor(remote, 2))).toEqual([['prefer-honorific', 5, col, 5, col + 1]]);
      await alive2(c, jumper);
      // Closed: it leaves the index, and the jump into it is now undefined.
      const n = c.published(jumper).length;
      c.notify('textDocument/didClose', { textDocument: { uri: remote } });
      const after = await c.republished(jumper, n, (ds) => ds.length > 0);
      expect(brief(after.diagnostics)).toEqual([['undefined-jump', 9, 11, 9, 15]]);
      expect(await c.request('textDocument/definition', { textDocument: { uri: jumper }, position: { line: 9, character: 12 } })).toBeNull();

      // Renamed on disk while open: the new file is indexed, the old buffer keeps its diagnostics.
      fs.writeFileSync(remotePath, REMOTE);
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: remote, type: 1 }] });
      expect((await c.republished(jumper, n + 1, (ds) => ds.length === 0)).diagnostics).toEqual([]);
      const reopened = c.open(remotePath, undefined, 10);
      expect(await c.diagnosticsFor(reopened, 10)).toEqual([]);
      const moved = path.join(dir, 'moved', 'remote.parley');
      fs.mkdirSync(path.dirname(moved));
      fs.renameSync(remotePath, moved);
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: remote, type: 3 }, { uri: uriOf(moved), type: 1 }] });
      c.change(reopened, 11, REMOTE);
      // Two definitions of 远端节点 now: the open buffer (old path) and the moved file.
      const ds = await c.diagnosticsFor(reopened, 11);
      expect(ds.map((d) => d.code)).toEqual(['duplicate-title']);
      // The editor follows the rename: closes the old path (gone on disk) and opens the new one.
      c.notify('textDocument/didClose', { textDocument: { uri: reopened } });
      const movedUri = c.open(moved);
      expect(await c.diagnosticsFor(movedUri, 1)).toEqual([]);
      await sleep(300);
      expect(c.published(jumper).at(-1)!.diagnostics).toEqual([]);
      expect(await c.shutdown()).toBe(0);
    } finally {
      c.kill();
    }
  });

  it('drops every closed file under a deleted folder', async () => {
    const dir = workspaceWith({ 'jumper.parley': JUMPER, 'sub/deeper/remote.parley': REMOTE }, false);
    const c = new LspClient();
    try {
      await c.initialize([dir]);
      const jumper = c.open(path.join(dir, 'jumper.parley'));
      expect(await c.diagnosticsFor(jumper, 1)).toEqual([]);
      fs.rmSync(path.join(dir, 'sub'), { recursive: true });
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, 'sub')), type: 3 }] });
      const after = await c.republished(jumper, 1, (ds) => ds.length > 0);
      expect(brief(after.diagnostics)).toEqual([['undefined-jump', 9, 11, 9, 15]]);
      expect(await c.shutdown()).toBe(0);
    } finally {
      c.kill();
    }
  });
});

async function alive2(c: LspClient, uri: string): Promise<void> {
  const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 12 } });
  expect(h.contents.value).toContain('title: 远端节点');
}

describe('the node-ipc transport', () => {
  it('initializes and publishes diagnostics over IPC', async () => {
    const dir = workspaceWith({ 'fixable.parley': FIXABLE }, false);
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const received: any[] = [];
    child.on('message', (m) => received.push(m));
    const waitFor = async (pred: (m: any) => boolean) => {
      for (let i = 0; i < 400; i++) {
        const m = received.find(pred);
        if (m) return m;
        await sleep(50);
      }
      throw new Error('timed out');
    };
    try {
      child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: uriOf(dir), workspaceFolders: [{ uri: uriOf(dir), name: 'w' }], capabilities: {} } });
      const init = await waitFor((m) => m.id === 1);
      expect(init.result.capabilities.hoverProvider).toBe(true);
      child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      const uri = uriOf(path.join(dir, 'fixable.parley'));
      child.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'parley', version: 1, text: FIXABLE } } });
      const pub = await waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
      expect(pub.params.diagnostics.map((d: Diagnostic) => [d.code, ...rangeOf(d)])).toEqual([['apology-wording', 9, 8, 9, 11], ['prefer-honorific', 9, 14, 9, 15]]);
      child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
      await waitFor((m) => m.id === 2);
      const exited = new Promise((r) => child.on('exit', r));
      child.send({ jsonrpc: '2.0', method: 'exit' });
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });
});
