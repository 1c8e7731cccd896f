/**
 * Issue 13 item 2, in the language server: a workspace holding `x.parley -> /dev/zero`, a FIFO named
 * `p.parley` and `.gitignore -> /dev/zero` made the server read without end (6.1 GB at 40 s) and stop
 * answering. Only regular files are read: the server indexes the rest of the folder, says what it
 * skipped and why, publishes diagnostics for the scripts an editor opens, and keeps answering.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LspClient, workspaceWith } from './client';
import { JUMPER, REMOTE } from './fixtures';

const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('devices, FIFOs and links to /dev/zero in the workspace', () => {
  it.runIf(fs.existsSync('/dev/zero') && hasMkfifo)('are skipped with a reason, never read; the other scripts are indexed and linted; the server keeps answering', { timeout: 120_000 }, async () => {
    const dir = workspaceWith({ 'jumper.parley': JUMPER, 'remote.parley': REMOTE }, false);
    fs.symlinkSync('/dev/zero', path.join(dir, 'x.parley'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    execFileSync('mkfifo', [path.join(dir, 'p.parley')]);
    const c = new LspClient({ locale: 'en' }); // the English log lines
    try {
      await c.initialize([dir]);
      const log = await c.waitUntil('index log', () => c.notifications.find((n) => n.method === 'window/logMessage' && /^Indexed/.test(n.params.message)), 60_000);
      // The two regular files are indexed; whatever the walk lists of the other two is skipped,
      // with the reason (the walk may leave a FIFO out; nothing waits on it either way).
      expect(log.params.message).toMatch(/^Indexed 2 \.parley file\(s\) in 1 folder\(s\); skipped [12] unreadable, binary, ignored or too large\.$/);
      const skipped = c.notifications.filter((n) => n.method === 'window/logMessage' && /^Skipped/.test(n.params.message)).map((n) => n.params.message as string);
      expect(skipped.length).toBe(Number(/skipped (\d)/.exec(log.params.message)![1]));
      expect(skipped.some((m) => m.startsWith(`Skipped ${path.join(dir, 'x.parley')}`))).toBe(true); // the link to /dev/zero is seen, and refused
      for (const m of skipped) expect(m).toMatch(new RegExp(`^Skipped ${dir}/[xp]\\.parley: .*(device|FIFO|pipe)`, 'i'));
      // jumper.parley jumps to a node of remote.parley: no undefined-jump means remote was indexed.
      const jumper = c.open(path.join(dir, 'jumper.parley'));
      expect(await c.diagnosticsFor(jumper, 1)).toEqual([]);
      const h = await c.request('textDocument/hover', { textDocument: { uri: jumper }, position: { line: 0, character: 8 } });
      expect(h).toBeDefined();
      expect(await c.shutdown()).toBe(0);
    } finally {
      c.kill();
    }
  });
});
