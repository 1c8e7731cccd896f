/**
 * The language server's background thread on Node (lsp/offload.ts): dist/server.js started again
 * as a worker thread reads, parses and lints the workspace's closed files, with the same host as
 * the server (the disk, configs, baselines), and answers in batches. Its stdout is its own (the
 * server's is the protocol): whatever it prints goes to stderr.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { later } from '../lsp/background';
import { utf8Length } from '../lsp/host';
import { OffloadWorker, transfers, type BackgroundThread, type FromWorker, type ToWorker } from '../lsp/offload';
import { NodeServerHost } from './server-host';

/** Marks the thread (argv) so that dist/server.js knows to serve instead of speaking LSP. */
const OFFLOAD_ARG = '--parley-offload';

/** The port to serve on when this is the background thread, else undefined. */
export function offloadPort(): MessagePort | undefined {
  return !isMainThread && process.argv.includes(OFFLOAD_ARG) ? (parentPort ?? undefined) : undefined;
}

/** The background thread's side: answer the server's thread. */
export function serveOffload(port: MessagePort): void {
  // The lowest priority for this thread alone (Linux: a thread's id is a process id to setpriority):
  // on a busy machine the server's own thread, which answers keystrokes, gets the CPU first.
  try {
    os.setPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()), 19);
  } catch {
    /* not Linux, or not allowed: the default priority */
  }
  // When a document last changed, written by the server's thread (startOffload's `edited`).
  const shared = (workerData as { lastEdit?: unknown } | undefined)?.lastEdit;
  const lastEdit = shared instanceof SharedArrayBuffer ? new BigInt64Array(shared) : undefined;
  const worker = new OffloadWorker(new NodeServerHost(), (m) => port.postMessage(m, transfers(m)), later, utf8Length, {
    lastEdit: () => (lastEdit ? Number(Atomics.load(lastEdit, 0)) : 0),
    now: () => Date.now(),
    after: (ms, f) => void setTimeout(f, ms),
  });
  port.on('message', (m: ToWorker) => worker.receive(m));
}

/** The server's side: start `script` (dist/server.js) as the background thread. */
export function startOffload(script: string): BackgroundThread {
  // PARLEY_OFFLOAD_HEAP_MB (README): a heap limit for the thread, for a machine short of memory (tests give one too small, to see the server survive its loss).
  const heap = Number(process.env.PARLEY_OFFLOAD_HEAP_MB);
  // (One 64-bit slot: the time of the last change, read by the thread before each file.)
  const lastEdit = new BigInt64Array(new SharedArrayBuffer(8));
  const worker = new Worker(script, { argv: [OFFLOAD_ARG], workerData: { lastEdit: lastEdit.buffer }, stdout: true, stderr: false, ...(heap > 0 ? { resourceLimits: { maxOldGenerationSizeMb: heap, maxYoungGenerationSizeMb: 1 } } : {}) });
  worker.stdout.pipe(process.stderr);
  // (The thread must not keep the process alive once the server exits.)
  worker.unref();
  let failed: ((why: string) => void) | undefined;
  let gone = false;
  const fail = (why: string) => {
    if (gone) return;
    gone = true;
    failed?.(why);
  };
  worker.on('error', (e) => fail(e?.stack ?? String(e)));
  worker.on('exit', (code) => fail(`exit code ${code}`));
  return {
    post: (m) => {
      if (!gone) worker.postMessage(m);
    },
    edited: (at) => void Atomics.store(lastEdit, 0, BigInt(at)),
    listen: (on, f) => {
      worker.on('message', (m: FromWorker) => on(m));
      failed = f;
    },
    stop: () => {
      gone = true;
      void worker.terminate();
    },
  };
}
