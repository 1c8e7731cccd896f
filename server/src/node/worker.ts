/**
 * A worker thread of `parley lint` (dist/cli.js started as a worker thread runs serveWorker()
 * instead of the command line: the core ships once, not in a bundle of its own). Either one shard
 * of the files — it indexes them (step 2 in lint-files.ts), then lints them against the workspace index the main
 * thread merged from every shard's summaries, streaming results back in batches (step 4). Each thread
 * compiles the lexicons it needs itself (a few milliseconds).
 */
import type { MessagePort } from 'node:worker_threads';
import { indexSummaries, type ScriptSummary } from '../core/workspace';
import { Shard, compactLinted, trace, type CompactLinted, type ShardInit } from './lint-files';

let shard: Shard | undefined;

type Request =
  | { type: 'init'; init: ShardInit }
  | { type: 'lint'; init?: ShardInit; summaries: ScriptSummary[]; todo: boolean[]; released?: Int32Array };

/** Results go back in batches of about this many messages, so no thread holds them all twice. */
const BATCH_MESSAGES = 2000;
/**
 * Batches sent ahead of those the main thread has handed on (`released`): a worker whose files come
 * later in the output than another's waits instead of piling its results up there.
 */
export const BATCHES_AHEAD = 4;
/**
 * How long a worker waits for the main thread to hand a batch on before it sends anyway (memory
 * then, never a stall: the main thread may be waiting for another worker's slow file).
 */
const PATIENCE_MS = 2000;

/**
 * Before sending batch number `sent` (from 0): wait until fewer than BATCHES_AHEAD of the batches
 * sent so far are not yet released, or `patienceMs` pass without a release.
 */
export function awaitRoom(released: Int32Array, sent: number, patienceMs = PATIENCE_MS): void {
  for (;;) {
    const r = Atomics.load(released, 0);
    if (sent - r < BATCHES_AHEAD) return;
    if (Atomics.wait(released, 0, r, patienceMs) === 'timed-out') return;
  }
}

/** Answer the requests of the thread that started this one (lint-files.ts, startWorker). */
export function serveWorker(port: MessagePort): void {
  port.on('message', (m: Request) => {
    try {
      if (m.type === 'init') {
        trace('worker: indexing');
        shard = new Shard(m.init);
        const value = shard.index();
        trace('worker: indexed');
        port.postMessage({ type: 'indexed', value });
      } else {
        if (m.init) shard = new Shard(m.init);
        const index = indexSummaries(m.summaries);
        m.summaries = []; // the index is what lints need
        trace('worker: linting');
        let batch: [number, CompactLinted][] = [];
        let transfer: ArrayBuffer[] = [];
        let size = 0;
        let sent = 0;
        const released = m.released;
        const flush = () => {
          if (!batch.length) return;
          if (released) awaitRoom(released, sent++);
          port.postMessage({ type: 'partial', value: batch }, transfer);
          batch = [];
          transfer = [];
          size = 0;
        };
        shard!.lint(index, m.todo, (i, l) => {
          // Messages travel as JSON bytes (transferred, not copied): the main thread prints them as
          // they are and parses them only if a format other than json needs the objects.
          const c = compactLinted(l);
          batch.push([i, c]);
          transfer.push(c.json.buffer as ArrayBuffer);
          // (the count the result carries: reading `messages` would parse the JSON it was made from)
          size += c.counts.total + 1;
          if (size >= BATCH_MESSAGES) flush();
        });
        flush();
        trace('worker: linted');
        port.postMessage({ type: 'linted', value: undefined });
      }
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error)?.stack ?? String(e) });
    }
  });
}
