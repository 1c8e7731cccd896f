/**
 * Issue 13 item 4, in the language server: 10,000 nodes with the same title in one document made
 * the server publish nothing at all (a false "clean") after 66 s at 4.2 GB. Now they get their
 * diagnostics — one duplicate-title per copy up to the per-file ceiling, one message saying the rest
 * were cut, each message short — and the server keeps serving, also after an edit.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, workspaceWith } from './client';

const HEAD = 'stage: M2\naudience: debtor\nchannel: call\n\n';
const COPIES = 10_000;
const sameTitled = (n: number) => HEAD + 'title: 开场\n---\n坐席: 您好，请问是本人吗？\n===\n'.repeat(n);

describe('10,000 same-titled nodes in one open document', () => {
  let c: LspClient;
  let dir: string;
  beforeAll(async () => {
    dir = workspaceWith({ 'same.parley': sameTitled(COPIES), 'other.parley': sameTitled(1).replace('开场', '别处') }, false);
    c = new LspClient();
    await c.initialize([dir]);
  });
  afterAll(async () => {
    expect(await c.shutdown()).toBe(0);
  });

  it('publishes bounded diagnostics (never a false clean) and keeps serving', { timeout: 120_000 }, async () => {
    const uri = c.open(path.join(dir, 'same.parley'));
    const ds = await c.diagnosticsFor(uri, 1, 90_000);
    const dups = ds.filter((d) => d.code === 'duplicate-title');
    expect(dups.length).toBeGreaterThan(1000);
    expect(ds.length).toBeLessThanOrEqual(5001); // the per-file ceiling, plus the one "cut" message
    expect(ds.filter((d) => d.code === 'findings-cut')).toHaveLength(1);
    for (const d of dups) {
      expect(d.message.length).toBeLessThan(300); // a few other places and a count, not 9,999
      expect(d.message).toContain(`共 ${COPIES} 处`);
    }
    // Still serving: another document gets its diagnostics, and an edit is linted again.
    const other = c.open(path.join(dir, 'other.parley'));
    expect(Array.isArray(await c.diagnosticsFor(other, 1, 60_000))).toBe(true);
    c.change(uri, 2, sameTitled(COPIES / 2));
    const after = await c.diagnosticsFor(uri, 2, 90_000);
    expect(after.filter((d) => d.code === 'duplicate-title')[0].message).toContain(`共 ${COPIES / 2} 处`);
  });
});
