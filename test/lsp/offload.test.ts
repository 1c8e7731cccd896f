/**
 * Closed files read, parsed and linted on the server's background thread (lsp/offload.ts,
 * node/offload-thread.ts), over stdio: while that thread works through a workspace, an open
 * document's own findings are never overwritten by its file's background result; the thread waits
 * while a document changes and then finishes with the same findings; a config changed during the
 * scan applies to every file; and a thread that dies is logged while the server goes
 * on, on its own thread, with the same findings as `parley lint`. Needs dist/ (test/setup/build.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, LspClient, uriOf, workspaceWith, type Diagnostic } from './client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Enough files that the background work is still going on when the test acts. */
const FILES = 300;

/** File i: one node jumping to file i+1's; every 7th also jumps to a title nobody defines; some use 你 (prefer-honorific). */
function script(i: number): string {
  return [
    'stage: M1',
    'channel: call',
    '',
    `title: 节点${i}`,
    'audience: debtor',
    '---',
    `坐席: ${i % 3 ? '您' : '你'}好，我是{agent_name}，请问您今天几点方便处理还款？`,
    ...Array.from({ length: 40 }, (_, k) => `坐席: 第${k}句，您的账单已经逾期，请${i % 5 ? '您' : '你'}尽快处理。`),
    `<<jump 节点${i + 1}>>`,
    ...(i % 7 === 0 ? ['<<jump 无此节点>>'] : []),
    '===',
    '',
  ].join('\n');
}

function workspace(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) files[`part${Math.floor(i / 50)}/s${String(i).padStart(4, '0')}.parley`] = script(i);
  return workspaceWith(files, false);
}

interface CliMessage {
  ruleId: string;
  line: number;
  column: number;
}
function cliLint(cwd: string): Map<string, string[]> {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const out = new Map<string, string[]>();
  for (const f of JSON.parse(r.stdout) as { filePath: string; messages: CliMessage[] }[]) {
    const k = f.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`).sort();
    if (k.length) out.set(uriOf(path.resolve(cwd, f.filePath)), k);
  }
  return out;
}

/** What Problems lists: the last diagnostics published for every URI (empty ones left out). */
function problems(c: LspClient): Map<string, string[]> {
  const m = new Map<string, Diagnostic[]>();
  for (const n of c.notifications) if (n.method === 'textDocument/publishDiagnostics') m.set(n.params.uri, n.params.diagnostics);
  const out = new Map<string, string[]>();
  for (const [uri, ds] of m) if (ds.length) out.set(uri, ds.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort());
  return out;
}

/** Waits until the background work is over: the last parley/status said it was idle and nothing came for `quietMs`. */
async function settled(c: LspClient, quietMs = 1500, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  let seen = -1;
  let since = Date.now();
  for (;;) {
    if (Date.now() - start > timeoutMs) throw new Error(`background work not settled; stderr: ${c.stderr}`);
    const n = c.notifications.length;
    if (n !== seen) {
      seen = n;
      since = Date.now();
    }
    const status = c.notifications.filter((x) => x.method === 'parley/status').at(-1);
    if (status?.params.indexing === false && Date.now() - since >= quietMs) return;
    await sleep(100);
  }
}

const logs = (c: LspClient) => c.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message as string);

describe('closed files on the background thread', () => {
  it("an open document's findings are never overwritten by its file's background result, edited during the scan", async () => {
    const dir = workspace();
    const c = new LspClient({ initializationOptions: { status: true } });
    try {
      await c.initialize([dir]);
      // Opened and edited while the thread reads and lints the files: the document's text has no undefined jump, the file's has.
      const file = path.join(dir, 'part0', 's0000.parley');
      const disk = fs.readFileSync(file, 'utf8');
      const uri = c.open(file, disk.replace('<<jump 无此节点>>\n', ''), 1);
      await c.diagnosticsFor(uri, 1);
      for (let v = 2; v <= 6; v++) {
        c.change(uri, v, disk.replace('<<jump 无此节点>>\n', '').replace('第0句', `第0句${'改'.repeat(v)}`));
        await sleep(150);
      }
      const last = await c.diagnosticsFor(uri, 6);
      await settled(c);
      const mine = c.published(uri);
      const first = mine.findIndex((p) => p.version === 1);
      // Every publish of the document after it was opened carries a version: none is the file's on disk.
      expect(mine.slice(first).every((p) => typeof p.version === 'number')).toBe(true);
      expect(mine.at(-1)!.version).toBe(6);
      expect(mine.at(-1)!.diagnostics).toEqual(last);
      expect(last.map((d) => d.code)).not.toContain('undefined-jump');
      // The other files' findings are the CLI's.
      const cli = cliLint(dir);
      cli.delete(uri);
      const lsp = problems(c);
      lsp.delete(uri);
      expect(lsp).toEqual(cli);
    } finally {
      expect(await c.shutdown()).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('the thread waits while a document changes, and afterwards finishes with the findings of `parley lint`', async () => {
    const dir = workspace();
    const c = new LspClient({ initializationOptions: { status: true }, settings: { trace: { server: 'verbose' } } });
    try {
      await c.initialize([dir]);
      const file = path.join(dir, 'part0', 's0000.parley');
      const disk = fs.readFileSync(file, 'utf8');
      const uri = c.open(file, disk, 1);
      await c.diagnosticsFor(uri, 1);
      await c.waitUntil('the background work under way', () => (c.notifications.some((n) => n.method === 'parley/status' && n.params.indexing === true) ? true : undefined), 60_000);
      // Typing: a change every 20 ms, each waited for, while the thread has files left.
      let v = 1;
      for (let i = 0; i < 60; i++) {
        c.change(uri, ++v, disk.replace('第0句', `第0句${'改'.repeat(i + 1)}`));
        await c.diagnosticsFor(uri, v);
        await sleep(20);
      }
      await settled(c);
      const log = logs(c);
      const paused = log.findIndex((m) => /Background work paused while typing|后台检查在输入期间暂停/.test(m));
      expect(paused).toBeGreaterThanOrEqual(0);
      expect(log.slice(paused).some((m) => /Background work resumed|后台检查继续/.test(m))).toBe(true);
      // The open document's findings are its own; every closed file's are the CLI's.
      const cli = cliLint(dir);
      cli.delete(uri);
      const lsp = problems(c);
      lsp.delete(uri);
      expect(lsp).toEqual(cli);
      expect(lsp.size).toBeGreaterThan(FILES / 2);
    } finally {
      expect(await c.shutdown()).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a config changed during the scan applies to every file, as `parley lint` with it', async () => {
    const dir = workspace();
    const c = new LspClient({ initializationOptions: { status: true } });
    try {
      await c.initialize([dir]);
      await c.waitUntil('the scan under way', () => (c.notifications.some((n) => n.method === 'parley/status' && n.params.indexing === true) ? true : undefined), 60_000);
      fs.writeFileSync(path.join(dir, 'parley.config.json'), JSON.stringify({ rules: { 'prefer-honorific': 'off', 'undefined-jump': 'warning' } }));
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, 'parley.config.json')), type: 1 }] });
      await settled(c);
      const cli = cliLint(dir);
      expect([...cli.values()].flat().some((k) => k.startsWith('prefer-honorific'))).toBe(false);
      expect(problems(c)).toEqual(cli);
      // (undefined-jump is a warning now)
      const lastJump = [...c.notifications].reverse().find((n) => n.method === 'textDocument/publishDiagnostics' && n.params.diagnostics.some((d: Diagnostic) => d.code === 'undefined-jump'));
      expect(lastJump!.params.diagnostics.find((d: Diagnostic) => d.code === 'undefined-jump').severity).toBe(2);
    } finally {
      expect(await c.shutdown()).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a background thread that dies is logged, and the server goes on with the same findings', async () => {
    const dir = workspace();
    // A heap far too small for the thread: it dies (out of memory) while starting.
    const c = new LspClient({ initializationOptions: { status: true }, env: { PARLEY_OFFLOAD_HEAP_MB: '1' } });
    try {
      await c.initialize([dir]);
      await c.waitUntil('the loss logged', () => (logs(c).some((m) => /后台线程失败|background thread failed/i.test(m)) ? true : undefined), 60_000);
      await settled(c);
      expect(problems(c)).toEqual(cliLint(dir));
      // Still serving: an opened document is linted and answered.
      const uri = c.open(path.join(dir, 'part0', 's0000.parley'), undefined, 1);
      expect((await c.diagnosticsFor(uri, 1)).map((d) => d.code)).toContain('prefer-honorific');
      expect(await c.request('textDocument/documentSymbol', { textDocument: { uri } })).toHaveLength(1);
    } finally {
      expect(await c.shutdown()).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
