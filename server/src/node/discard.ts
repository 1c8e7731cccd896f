/**
 * Freeing ArrayBuffers now rather than at some later garbage collection. A thread that handles much
 * binary data but allocates few objects of its own (the CLI's main thread, writing the json output
 * that worker threads send it: 105 MB on the reference corpus) collects its garbage rarely, and V8
 * lets up to 64 MB of dead buffers' memory pile up before it does. A buffer transferred into a
 * message that nobody reads, on a channel closed at once, is freed when the channel's ports have
 * closed: at the next turn of the thread's event loop. So only for a thread whose loop turns often
 * (the main thread, between the messages of its workers): in a thread busy in one long synchronous
 * loop (a worker linting its files) the buffers would stay until that loop ends, and later than a
 * garbage collection would free them (tried: peak RSS 325 → 390 MB on the reference corpus).
 */
import type * as WorkerThreads from 'node:worker_threads';

let channels: typeof WorkerThreads.MessageChannel | undefined;

/** Free these buffers (detached: any view of them reads as empty from now on). */
export function discard(buffers: ArrayBuffer[]): void {
  if (!buffers.length) return;
  // (loaded on first use, not at every start)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  channels ??= (require('node:worker_threads') as typeof WorkerThreads).MessageChannel;
  const { port1, port2 } = new channels();
  port1.postMessage(null, buffers);
  port1.close();
  port2.close();
}

/** Buffers that hold one view's bytes and nothing else, though they may be a little larger than it. */
const sole = new WeakSet<ArrayBuffer>();

/**
 * Declare `b` the only view of its buffer (from offset 0; the buffer may have room to spare): the
 * buffer is then `b`'s own as much as if `b` spanned it (wholeBuffer). For a buffer just filled by
 * one call, such as a decompressed one, or transferred from another thread as a whole.
 */
export function markSoleView(b: Uint8Array): void {
  if (b.byteOffset === 0 && b.buffer instanceof ArrayBuffer) sole.add(b.buffer);
}

/** The buffer behind `b` when `b` spans all of it, or is its sole view (a buffer of its own, not a slice of a pool). */
export function wholeBuffer(b: Uint8Array): ArrayBuffer | undefined {
  return b.byteOffset === 0 && b.buffer instanceof ArrayBuffer && (b.byteLength === b.buffer.byteLength || sole.has(b.buffer)) ? b.buffer : undefined;
}
