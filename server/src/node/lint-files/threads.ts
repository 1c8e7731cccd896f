/** Running shards in this thread or in worker threads (dist/cli.js started as a worker; see worker.ts). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { MessageTemplate } from '../../core/messages';
import { indexSummaries, type ScriptSummary } from '../../core/workspace';
import { writeOut } from '../stdio';
import { timed } from '../timing';
import type { LintFilesOptions } from './options';
import { expandLinted, type CompactLinted, type Linted } from './results';
import { Shard, type Indexed, type ShardInit } from './shard';

/** Files from which on worker threads pay for their start-up. */
export const WORKER_THRESHOLD = 200;


/** Holds the summaries until a shard has taken them (so that a worker's copy is the only one left). */
export interface SummaryHolder {
  summaries?: ScriptSummary[];
}

export interface ShardHandle {
  index(): Promise<Indexed[]>;
  /**
   * Lint the files marked in `todo`; `onLinted` hears of each as soon as it is done, with a
   * `release` to call once the result has been handed on (a worker thread sends only a few
   * batches ahead of what was released: see worker.ts).
   */
  lint(holder: SummaryHolder, todo: boolean[], onLinted?: (i: number, l: Linted, release: () => void) => void): Promise<(Linted | undefined)[]>;
  close(): void;
}

const NO_RELEASE = () => undefined;

export function localShard(init: ShardInit, seams?: Pick<LintFilesOptions, 'beforeWrite' | 'beforeRename'>): ShardHandle {
  const shard = new Shard(init);
  shard.beforeWrite = seams?.beforeWrite;
  shard.beforeRename = seams?.beforeRename;
  return {
    index: async () => shard.index(),
    lint: async (holder, todo, onLinted) => {
      const index = timed('index', undefined, () => indexSummaries(holder.summaries ?? []));
      return init.stop ? shard.lintYielding(index, todo) : shard.lint(index, todo, onLinted && ((i, l) => onLinted(i, l, NO_RELEASE)));
    },
    close: () => undefined,
  };
}

/** The argument a worker thread is started with (cli.ts serves a shard when it sees it in a worker). */
export const WORKER_ARG = '--parley-worker-thread';

/**
 * The script of a worker thread: the bundled CLI itself (dist/cli.js, which serves a shard when it is
 * started as a worker; see cli.ts), when this module runs from that bundle. From the sources (tests),
 * none: this thread does the work.
 */
export function workerScript(): string | undefined {
  return /[\\/]cli\.js$/.test(__filename) && fs.existsSync(__filename) ? __filename : undefined;
}

type WorkerReply = { type: 'indexed' | 'linted' | 'bank'; value: unknown } | { type: 'partial'; value: [number, CompactLinted][] } | { type: 'error'; message: string };

/** A worker thread died (out of memory, ERR_WORKER_OUT_OF_MEMORY…) or could not start: the run falls back to this thread. */
export class WorkerFailure extends Error {
  constructor(
    /** What went wrong, in each locale (the code or exit code verbatim). */
    readonly text: MessageTemplate,
  ) {
    super(text.en);
  }
}

/**
 * PARLEY_WORKER_HEAP_MB: each worker thread's heap limit in MB instead of the computed one (a knob
 * for machines with little memory; the tests use a tiny one to make a worker genuinely run out).
 */
export function workerHeapMb(computed: number): number {
  const v = Number(process.env.PARLEY_WORKER_HEAP_MB);
  return Number.isFinite(v) && v > 0 ? v : computed;
}

/**
 * A worker's young generation in MB. V8 makes it three semi-spaces and rounds a semi-space up to a
 * power of two: 32 gives 16 MB semi-spaces (34 MB of new space committed per worker), 16 and 24 both
 * give 8 MB ones (17 MB). Both semi-spaces are touched, so each worker's peak RSS carries them. On
 * the reference corpus (2 workers, 9 runs of 8 MB semi-spaces interleaved with 6 of 16 MB, load
 * 14-18) peak RSS 282-293 → 239-253 MB for the same CPU (user+sys medians 16.7 / 16.7 s). An earlier
 * trial had found 16 costing 15-25 % more CPU, when the workers allocated twice as much per line
 * (before the line caches): re-measure if allocation per line grows again.
 */
const WORKER_YOUNG_MB = 16;

/** A worker thread answering one request at a time; `partial` replies stream results of the current one. */
function startWorker(script: string, heapMb: number, youngMb = WORKER_YOUNG_MB) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const limit = workerHeapMb(heapMb);
  // stdout/stderr: true — left to Node, a worker's output is piped into process.stdout, and making
  // that stream turns a piped fd 1 non-blocking: the CLI's direct writes (node/stdio.ts) then meet
  // EAGAIN and the rest of the output queues in memory (+85 MB for the reference corpus piped to
  // `cat`). A worker writes nothing of the output; whatever it prints goes to our stderr.
  const worker = new Worker(script, { argv: [WORKER_ARG], stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: limit, maxYoungGenerationSizeMb: Math.min(youngMb, limit) } });
  const relay = (d: Buffer) => void writeOut(2, d);
  worker.stdout.on('data', relay);
  worker.stderr.on('data', relay);
  let pending: { resolve: (v: never) => void; reject: (e: Error) => void; partial?: (v: [number, CompactLinted][]) => void } | undefined;
  let failed: Error | undefined;
  const fail = (e: Error) => {
    failed = e;
    pending?.reject(e);
    pending = undefined;
  };
  worker.on('message', (m: WorkerReply) => {
    const p = pending;
    if (!p) return;
    if (m.type === 'partial') return p.partial?.(m.value);
    pending = undefined;
    if (m.type === 'error') p.reject(new Error(`worker thread: ${m.message}`));
    else p.resolve(m.value as never);
  });
  worker.on('error', (e) => fail(new WorkerFailure({ zh: `一个工作线程失败${(e as NodeJS.ErrnoException).code ? `（${(e as NodeJS.ErrnoException).code}）` : ''}`, en: `a worker thread failed (${(e as NodeJS.ErrnoException).code ?? e.message})` })));
  worker.on('exit', (code) => {
    if (pending) fail(new WorkerFailure({ zh: `一个工作线程意外退出（退出码 ${code}）`, en: `a worker thread exited with code ${code}` }));
  });
  return {
    call<T>(msg: unknown, partial?: (v: [number, CompactLinted][]) => void): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (failed) return reject(failed);
        pending = { resolve: resolve as (v: never) => void, reject, partial };
        worker.postMessage(msg);
      });
    },
    close: () => void worker.terminate(),
  };
}

export function workerShard(script: string, init: ShardInit, heapMb: number): ShardHandle {
  const w = startWorker(script, heapMb);
  let sent: ShardInit | undefined = init;
  const send = () => {
    const s = sent;
    sent = undefined; // not kept here once the worker has it
    return s;
  };
  return {
    index: () => w.call<Indexed[]>({ type: 'init', init: send() }),
    lint: async (holder, todo, onLinted) => {
      const out: (Linted | undefined)[] = todo.map(() => undefined);
      // Streaming: how many of its batches the worker sent have been handed on whole (it waits
      // when too many have not: otherwise a worker ahead of the output order piles its results
      // up in this thread, tens of MB on the reference corpus).
      const released = onLinted && typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
      await w.call<void>({ type: 'lint', init: send(), summaries: holder.summaries ?? [], todo, released }, (batch) => {
        let left = batch.length;
        const release = () => {
          if (--left === 0 && released) {
            Atomics.add(released, 0, 1);
            Atomics.notify(released, 0);
          }
        };
        for (const [i, c] of batch) {
          if (onLinted) onLinted(i, expandLinted(c, true), release); // (handed over: not kept)
          else out[i] = expandLinted(c, true);
        }
      });
      return out;
    },
    close: w.close,
  };
}


/** How many worker threads for `count` files to lint. */
export function workerCount(jobs: LintFilesOptions['jobs'], count: number): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (typeof jobs === 'number') return Math.max(1, Math.min(jobs, count, 64));
  if (count < WORKER_THRESHOLD || cores < 2) return 1;
  return Math.max(1, Math.min(cores, 8, Math.floor(count / (WORKER_THRESHOLD / 2))));
}

/** Split files over `n` shards, largest first onto the least loaded (balanced work). */
export function partition(sizes: number[], n: number): number[][] {
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const load = new Array<number>(n).fill(0);
  const parts: number[][] = Array.from({ length: n }, () => []);
  for (const i of order) {
    let best = 0;
    for (let k = 1; k < n; k++) if (load[k] < load[best]) best = k;
    parts[best].push(i);
    load[best] += sizes[i] + 512;
  }
  for (const p of parts) p.sort((a, b) => a - b);
  return parts.filter((p) => p.length);
}

export function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
