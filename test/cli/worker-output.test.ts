/**
 * A worker thread streaming its results to the main thread sends only a few batches ahead of those
 * the main thread has handed on (issue 8: peak RSS): a worker whose files come later in the output
 * than another's waits instead of piling its results up in the main thread. It never waits for
 * ever: past its patience it sends anyway (the main thread may be waiting for another worker).
 * The bytes it sent are freed as soon as the main thread has copied them into its output, not at
 * its next garbage collection (which lets 64 MB of dead buffers pile up).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { discard, markSoleView, wholeBuffer } from '../../server/src/node/discard';
import { expandLinted, ownedBytes } from '../../server/src/node/lint-files/results';
import { awaitRoom, BATCHES_AHEAD } from '../../server/src/node/worker';

describe('worker back-pressure', () => {
  it('sends at once while fewer than BATCHES_AHEAD batches are unreleased', () => {
    const released = new Int32Array(new SharedArrayBuffer(4));
    for (let sent = 0; sent < BATCHES_AHEAD; sent++) awaitRoom(released, sent, 60_000);
    Atomics.store(released, 0, 3);
    awaitRoom(released, BATCHES_AHEAD + 2, 60_000);
    expect(Atomics.load(released, 0)).toBe(3);
  });

  it('waits for the main thread to release a batch', async () => {
    const released = new Int32Array(new SharedArrayBuffer(4));
    // Another thread releases one batch a little later (this thread is blocked meanwhile).
    const other = new Worker(
      `const { workerData } = require('node:worker_threads');
       setTimeout(() => { Atomics.add(workerData, 0, 1); Atomics.notify(workerData, 0); }, 50);`,
      { eval: true, workerData: released },
    );
    await new Promise<void>((resolve) => other.once('online', () => resolve()));
    awaitRoom(released, BATCHES_AHEAD, 60_000);
    // (returned only because the batch was released: the patience is a minute)
    expect(Atomics.load(released, 0)).toBe(1);
    await other.terminate();
  });

  it('sends anyway when nothing is released within its patience', () => {
    const released = new Int32Array(new SharedArrayBuffer(4));
    awaitRoom(released, BATCHES_AHEAD + 10, 5);
    expect(Atomics.load(released, 0)).toBe(0);
  });
});

describe('discarded buffers', () => {
  it('are freed at once: detached, every view of them empty', () => {
    const b = Buffer.concat([Buffer.from('x'.repeat(10_000)), Buffer.from('y')]);
    const whole = wholeBuffer(b);
    expect(whole?.byteLength).toBe(10_001);
    discard([whole!]);
    expect(whole!.byteLength).toBe(0);
    expect(b.length).toBe(0);
  });

  it('only a buffer that a view spans whole is one to free (never a pool a small Buffer lives in)', () => {
    expect(wholeBuffer(Buffer.from('small'))).toBeUndefined();
    expect(wholeBuffer(new Uint8Array(new ArrayBuffer(8), 2, 4))).toBeUndefined();
    expect(wholeBuffer(new Uint8Array(new SharedArrayBuffer(8)))).toBeUndefined();
  });

  it('a view marked as its buffer’s only one owns the buffer, room to spare and all; a view past offset 0 cannot be', () => {
    const b = new Uint8Array(new ArrayBuffer(11), 0, 10);
    expect(wholeBuffer(b)).toBeUndefined();
    markSoleView(b);
    expect(wholeBuffer(b)).toBe(b.buffer);
    const inner = new Uint8Array(new ArrayBuffer(11), 1, 10);
    markSoleView(inner);
    expect(wholeBuffer(inner)).toBeUndefined();
  });

  it('bytes a worker thread transferred are the result’s own even when their buffer is larger than them', () => {
    const json = new Uint8Array(new ArrayBuffer(3), 0, 2);
    json.set([0x5b, 0x5d]);
    const compact = { filePath: '/a.parley', json, counts: { error: 0, warning: 0, total: 0 }, fatal: false, written: false };
    expect(ownedBytes(expandLinted(compact, true).result)).toBe(json.buffer);
  });

  it('a result owns its bytes only when they came from a worker thread', () => {
    const json = new TextEncoder().encode('[]');
    const compact = { filePath: '/a.parley', json, counts: { error: 0, warning: 0, total: 0 }, fatal: false, written: false };
    expect(ownedBytes(expandLinted(compact).result)).toBeUndefined();
    expect(ownedBytes(expandLinted({ ...compact, json: new TextEncoder().encode('[]') }, true).result)).toBeInstanceOf(ArrayBuffer);
  });
});
