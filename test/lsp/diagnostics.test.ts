/**
 * The language server over stdio, as an editor speaks to it: diagnostics on open and change,
 * never stale, across files, with settings and parley.config.json. Needs dist/server.js and
 * dist/cli.js (built by test/setup/build.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, LspClient, ROOT, SERVER, rangeOf, uriOf, workspaceWith, type Diagnostic } from './client';
import { CLEAN, FIXABLE, JUMPER, REMOTE } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const brief = (ds: Diagnostic[]) => ds.map((d) => [d.code, ...rangeOf(d), d.severity]);

interface CliMessage {
  ruleId: string;
  line: number;
  column: number;
}
function cliLint(cwd: string, target: string): { filePath: string; messages: CliMessage[] }[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', target], { cwd, encoding: 'utf8' });
  return JSON.parse(r.stdout);
}
const cliKey = (ms: CliMessage[]) => ms.map((m) => `${m.ruleId}@${m.line}:${m.column}`).sort();
const lspKey = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();

describe('diagnostics over stdio', () => {
  let dir: string;
  let c: LspClient;
  let init: any;
  beforeAll(async () => {
    dir = workspaceWith({ 'jumper.parley': JUMPER, 'sub/remote.parley': REMOTE, 'fixable.parley': FIXABLE });
    c = new LspClient();
    init = await c.initialize([dir]);
  });
  afterAll(async () => {
    expect(await c.shutdown()).toBe(0);
  });

  it('answers initialize with the features it serves', () => {
    const caps = init.capabilities;
    expect(caps.textDocumentSync).toEqual({ openClose: true, change: 2, save: { includeText: false } });
    expect(caps.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'source.fixAll.parley'] });
    expect(caps.executeCommandProvider).toEqual({ commands: ['parley.showDocumentation', 'parley.placeCursor'] });
    for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'foldingRangeProvider']) expect(caps[k]).toBe(true);
    expect(caps.renameProvider).toEqual({ prepareProvider: true });
    expect(caps.completionProvider.triggerCharacters).toEqual(expect.arrayContaining(['{', ' ']));
    expect(init.serverInfo.name).toBe('parley-language-server');
  });

  it('is the `parley-language-server` bin (the bundle this test talks to, with a node shebang)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin['parley-language-server']).toBe('dist/server.js');
    expect(path.join(ROOT, pkg.bin['parley-language-server'])).toBe(SERVER);
    expect(fs.readFileSync(SERVER, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('registers file watchers for scripts and the config', async () => {
    const reg = await c.waitUntil('registerCapability', () => c.serverRequests.find((r) => r.method === 'client/registerCapability' && r.params.registrations[0].method === 'workspace/didChangeWatchedFiles'));
    expect(reg.params.registrations[0].registerOptions.watchers).toEqual([{ globPattern: '**/*.parley' }, { globPattern: '**/parley.config.json' }, { globPattern: '**/parley-suppressions.json' }]);
  });

  it('publishes exact diagnostics on open, with rule id, docs link, source, severity and fix data', async () => {
    const uri = c.open(path.join(dir, 'fixable.parley'));
    const ds = await c.diagnosticsFor(uri, 1);
    expect(brief(ds)).toEqual([
      ['apology-wording', 9, 8, 9, 11, 3],
      ['prefer-honorific', 9, 14, 9, 15, 3],
    ]);
    const [apology, honorific] = ds;
    expect(apology.source).toBe('parley');
    expect(apology.codeDescription).toEqual({ href: 'https://github.com/parley-lint/parley/blob/main/docs/rules/apology-wording.md' });
    expect(apology.data).toEqual({ ruleId: 'apology-wording', version: 1, fix: { title: expect.any(String), edits: [{ range: apology.range, newText: '我向您道歉' }] } });
    expect(honorific.data.fix.edits).toEqual([{ range: honorific.range, newText: '您' }]);
  });

  it('maps every severity and reports exact ranges (red-lines example)', async () => {
    const uri = c.open(path.join(dir, 'red-lines.parley'));
    const ds = await c.diagnosticsFor(uri, 1);
    const pick = (code: string) => brief(ds.filter((d) => d.code === code));
    expect(pick('calling-hours')).toEqual([['calling-hours', 4, 0, 4, 17, 1]]); // error → Error
    expect(pick('abusive-language')).toEqual([['abusive-language', 8, 11, 8, 13, 1]]); // 老赖
    expect(pick('harassment')[0]).toEqual(['harassment', 15, 15, 15, 25, 2]); // warning → Warning
    expect(pick('apology-wording')).toEqual([['apology-wording', 21, 8, 21, 11, 3]]); // info → Information
  });

  it('equals the CLI on every example (rule id, line, column), the workspace linted as a whole', async () => {
    const cli = cliLint(dir, '.');
    const examples = fs.readdirSync(dir).filter((f) => f.endsWith('.parley'));
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const f of examples) {
      const uri = c.open(path.join(dir, f), undefined, 7);
      const ds = await c.diagnosticsFor(uri, 7);
      const expected = cli.find((r) => path.basename(r.filePath) === f)!;
      expect({ f, d: lspKey(ds) }).toEqual({ f, d: cliKey(expected.messages) });
      if (f !== 'red-lines.parley') c.notify('textDocument/didClose', { textDocument: { uri } });
    }
  });

  it('equals `parley lint --format json <file>` for one file', async () => {
    const file = path.join(dir, 'red-lines.parley');
    const cli = cliLint(dir, file);
    const uri = uriOf(file);
    const ds = c.published(uri).at(-1)!.diagnostics;
    expect(cli[0].messages.length).toBeGreaterThan(10);
    expect(lspKey(ds)).toEqual(cliKey(cli[0].messages));
  });

  it('re-lints on change and never publishes a result for an outdated version', async () => {
    const uri = c.open(path.join(dir, 'fixable.parley'), undefined, 10);
    expect(await c.diagnosticsFor(uri, 10)).toHaveLength(2);
    const before = c.published(uri).length;
    // Three quick edits arriving together: the first two are superseded before their lint runs.
    // (The server lints as soon as it is idle, without a typing delay: edits that arrive apart are
    // each linted; see latency.test.ts.)
    c.batch(() => {
      c.change(uri, 11, FIXABLE.replace('对不起', '我向您道歉'));
      c.change(uri, 12, FIXABLE.replace('你', '您'));
      c.change(uri, 13, FIXABLE.replace('对不起', '我向您道歉').replace('请问你', '请问您'));
    });
    expect(await c.diagnosticsFor(uri, 13)).toEqual([]);
    await sleep(300);
    const after = c.published(uri).slice(before);
    expect(after.map((p) => p.version)).toEqual([13]);
    c.change(uri, 14, FIXABLE);
    expect(brief(await c.diagnosticsFor(uri, 14)).map((d) => d[0])).toEqual(['apology-wording', 'prefer-honorific']);
  });

  it('resolves jumps into files that are not open, and re-lints open files a change affects', async () => {
    const jumper = c.open(path.join(dir, 'jumper.parley'));
    expect(await c.diagnosticsFor(jumper, 1)).toEqual([]); // 远端节点 is defined in sub/remote.parley (closed)
    const remote = c.open(path.join(dir, 'sub', 'remote.parley'));
    expect(await c.diagnosticsFor(remote, 1)).toEqual([]); // not an entry node: jumper jumps into it
    const n = c.published(remote).length;
    // Dropping the jump makes 远端节点 an entry node: its file is re-linted without being touched.
    c.change(jumper, 2, JUMPER.replace('<<jump 远端节点>>', '<<end>>'));
    const republished = await c.republished(remote, n, (ds) => ds.length > 0);
    expect(republished.version).toBe(1);
    expect(brief(republished.diagnostics)).toEqual([['identity-not-confirmed', 0, 0, 0, 11, 2]]);
    c.change(jumper, 3, JUMPER);
    expect(await c.diagnosticsFor(jumper, 3)).toEqual([]);
    const m = c.published(remote).length;
    const back = await c.republished(remote, m - 1, (ds) => ds.length === 0);
    expect(back.diagnostics).toEqual([]);
    // A jump to a title nowhere in the workspace.
    c.change(jumper, 4, JUMPER.replace('<<jump 远端节点>>', '<<jump 远端节>>'));
    const ds = await c.diagnosticsFor(jumper, 4);
    expect(brief(ds)).toEqual([['undefined-jump', 9, 11, 9, 14, 1]]);
    expect(ds[0].message).toContain('远端节点');
    c.notify('textDocument/didClose', { textDocument: { uri: jumper } });
    c.notify('textDocument/didClose', { textDocument: { uri: remote } });
    await c.waitUntil('cleared on close', () => (c.published(jumper).at(-1)!.diagnostics.length === 0 ? true : undefined));
  });

  it('follows watched files: a created file defines a title, a deleted one takes it away', async () => {
    const uri = c.open(path.join(dir, 'orphan.parley'), JUMPER.replace(/远端节点/g, '新节点').replace('跳转入口', '孤儿入口'));
    expect(brief(await c.diagnosticsFor(uri, 1))).toEqual([['undefined-jump', 9, 11, 9, 14, 1]]);
    const created = path.join(dir, 'created.parley');
    fs.writeFileSync(created, REMOTE.replace('远端节点', '新节点'));
    const n = c.published(uri).length;
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 1 }] });
    expect((await c.republished(uri, n, (ds) => ds.length === 0)).diagnostics).toEqual([]);
    fs.unlinkSync(created);
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 3 }] });
    expect(brief((await c.republished(uri, n + 1, (ds) => ds.length > 0)).diagnostics)).toEqual([['undefined-jump', 9, 11, 9, 14, 1]]);
  });
});

describe('settings (workspace/configuration section "parley")', () => {
  it('parley.rules overrides severities over the config file; parley.enable false clears; a settings change re-lints', async () => {
    const dir = workspaceWith({ 'fixable.parley': FIXABLE, 'parley.config.json': JSON.stringify({ rules: { 'apology-wording': 'error' } }) }, false);
    const c = new LspClient({ settings: { rules: { 'prefer-honorific': 'hint', 'no-such-rule': 'error' } } });
    try {
      await c.initialize([dir]);
      const uri = c.open(path.join(dir, 'fixable.parley'));
      expect(brief(await c.diagnosticsFor(uri, 1))).toEqual([
        ['apology-wording', 9, 8, 9, 11, 1], // config: error
        ['prefer-honorific', 9, 14, 9, 15, 4], // setting: hint
      ]);
      const n = c.published(uri).length;
      c.settings = { rules: { 'apology-wording': 'off' } };
      c.notify('workspace/didChangeConfiguration', { settings: { parley: c.settings } });
      expect(brief((await c.republished(uri, n, (ds) => ds.length === 1)).diagnostics)).toEqual([['prefer-honorific', 9, 14, 9, 15, 3]]);
      c.settings = { enable: false };
      c.notify('workspace/didChangeConfiguration', { settings: { parley: c.settings } });
      expect((await c.republished(uri, n + 1, (ds) => ds.length === 0)).diagnostics).toEqual([]);
      c.change(uri, 2, FIXABLE + '\n');
      await sleep(300);
      expect(c.published(uri).slice(n + 2).every((p) => p.diagnostics.length === 0)).toBe(true);
    } finally {
      await c.shutdown();
    }
  });

  it('parley.run onSave lints on open and save, not on change', async () => {
    const dir = workspaceWith({ 'fixable.parley': FIXABLE }, false);
    const c = new LspClient({ settings: { run: 'onSave' } });
    try {
      await c.initialize([dir]);
      const uri = c.open(path.join(dir, 'fixable.parley'));
      expect(await c.diagnosticsFor(uri, 1)).toHaveLength(2);
      c.change(uri, 2, CLEAN);
      await sleep(400);
      expect(c.published(uri).map((p) => p.version)).toEqual([1]);
      c.notify('textDocument/didSave', { textDocument: { uri } });
      expect(await c.diagnosticsFor(uri, 2)).toEqual([]);
    } finally {
      await c.shutdown();
    }
  });

  it('parley.maxFileSize: a larger document gets one Information diagnostic, the others are linted', async () => {
    const dir = workspaceWith({ 'fixable.parley': FIXABLE, 'big.parley': FIXABLE.repeat(20) }, false);
    const c = new LspClient({ settings: { maxFileSize: 1000 } });
    try {
      await c.initialize([dir]);
      const big = c.open(path.join(dir, 'big.parley'));
      const ds = await c.diagnosticsFor(big, 1);
      const bytes = Buffer.byteLength(FIXABLE.repeat(20));
      expect(ds).toEqual([
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 3,
          source: 'parley',
          code: 'file-too-large',
          message: `文件有 ${bytes} 字节，超过 parley.maxFileSize（1000 字节），Parley 未检查此文件。`, // the editor's language (none: Chinese)
        },
      ]);
      const small = c.open(path.join(dir, 'fixable.parley'));
      expect(await c.diagnosticsFor(small, 1)).toHaveLength(2);
    } finally {
      await c.shutdown();
    }
  });
});

describe('parley.config.json', () => {
  it('applies the config discovered as the CLI does, and re-lints when it changes', async () => {
    const dir = workspaceWith({ 'scripts/fixable.parley': FIXABLE, 'parley.config.json': JSON.stringify({ rules: { 'prefer-honorific': 'off' } }) }, false);
    const c = new LspClient();
    try {
      await c.initialize([dir]);
      const uri = c.open(path.join(dir, 'scripts', 'fixable.parley'));
      expect(brief(await c.diagnosticsFor(uri, 1))).toEqual([['apology-wording', 9, 8, 9, 11, 3]]);
      const cfg = path.join(dir, 'parley.config.json');
      fs.writeFileSync(cfg, JSON.stringify({ rules: { 'apology-wording': 'warning' } }));
      const n = c.published(uri).length;
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(cfg), type: 2 }] });
      expect(brief((await c.republished(uri, n, (ds) => ds.length === 2)).diagnostics)).toEqual([
        ['apology-wording', 9, 8, 9, 11, 2],
        ['prefer-honorific', 9, 14, 9, 15, 3],
      ]);
    } finally {
      await c.shutdown();
    }
  });
});
