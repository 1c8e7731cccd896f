/**
 * Entry point of the `parley` bin.
 *
 * A good shell citizen: a closed standard output (`parley lint | head -1`) ends the run quietly
 * with the exit code it would have had; any other write failure (a full disk, `>/dev/full`) is
 * one line on stderr and exit 2 — never a stack trace, never exit 1 (which CI reads as findings).
 */
import * as fs from 'node:fs';
import { discard, wholeBuffer } from '../node/discard';
import { liveTempFiles } from '../node/read';
import { onWriteError, writeOut, writeOutParts } from '../node/stdio';
import { WORKER_ARG } from '../node/lint-files';
import { serveWorker } from '../node/worker';
import { argvLocale, run } from './main';

/** The command line (this bundle started as a worker thread of `parley lint` serves a shard instead). */
function cli(): void {
  function readStdinBytes(): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      process.stdin.on('data', (c: Buffer) => chunks.push(c));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
      process.stdin.on('error', reject);
    });
  }

  let code: number | undefined;
  /** 'closed': the reader went away (EPIPE); 'failed': the write failed (ENOSPC, EIO…). */
  let stdoutState: 'ok' | 'closed' | 'failed' = 'ok';

  function settle(): void {
    if (stdoutState === 'failed') process.exitCode = 2;
    else if (code !== undefined) process.exitCode = code;
  }

  function onStdoutError(e: NodeJS.ErrnoException): void {
    if (stdoutState !== 'ok') return;
    if (e.code === 'EPIPE') stdoutState = 'closed';
    else {
      stdoutState = 'failed';
      const detail = e.code ?? e.message;
      writeOut(2, argvLocale(process.argv.slice(2)) === 'en' ? `parley: cannot write the output (${detail})\n` : `parley：无法写出输出（${detail}）\n`);
    }
    settle();
    if (code !== undefined) process.exit();
  }
  // (node/stdio.ts: neither stream is made unless it must be, so a clean run loads none of Node's streams)
  onWriteError(1, onStdoutError);
  onWriteError(2, () => undefined); // nothing more to say anywhere

  function write(data: string | Uint8Array, disposable = false): void {
    if (stdoutState !== 'ok') return;
    // Written already (a file, or a pipe that took it all at once): free the buffer now, not at
    // the next garbage collection (node/discard.ts). A write still pending keeps its buffer.
    if (writeOut(1, data) && disposable && typeof data !== 'string') {
      const b = wholeBuffer(data);
      if (b) discard([b]);
    }
  }

  run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: write,
    stdoutBytes: write,
    // (nothing written once stdout is closed or failed: then nothing holds the parts either)
    stdoutParts: (parts) => stdoutState !== 'ok' || writeOutParts(1, parts),
    stderr: (s) => {
      writeOut(2, s);
    },
    readStdin: async () => Buffer.from(await readStdinBytes()).toString('utf8'),
    readStdinBytes,
    interrupts: () => {
      // The first SIGINT/SIGTERM asks the run to stop after the file being written; a second one
      // ends the process at once (this thread's temporary files removed first).
      const ac = new AbortController();
      const on = (sig: NodeJS.Signals) => {
        if (!ac.signal.aborted) return ac.abort(sig);
        for (const tmp of liveTempFiles) {
          try {
            fs.unlinkSync(tmp);
          } catch {
            /* already gone */
          }
        }
        process.exit(sig === 'SIGTERM' ? 143 : 130);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
      return ac.signal;
    },
  }).then(
    (c) => {
      code = c;
      settle();
    },
    (e: unknown) => {
      code = 2;
      writeOut(2, `${argvLocale(process.argv.slice(2)) === 'en' ? 'parley: internal error: ' : 'parley：内部错误（请报告给 Parley 维护者）：\n'}${(e as Error)?.stack ?? e}\n`);
      settle();
    },
  );
}

/** The port to the thread that started this one as a worker of `parley lint` (lint-files.ts), if it did. */
function workerPort(): import('node:worker_threads').MessagePort | undefined {
  // The argument first: node:worker_threads is not loaded for a command line (it costs milliseconds).
  if (process.argv[2] !== WORKER_ARG) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isMainThread, parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  return isMainThread ? undefined : (parentPort ?? undefined);
}

const port = workerPort();
if (port) serveWorker(port);
else cli();
