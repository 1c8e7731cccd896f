/**
 * A worker thread of `parley lint` (bundled as dist/worker.js). Either one shard of the files — it
 * indexes them (step 2 in lint-files.ts), then lints them against the workspace index the main
 * thread merged from every shard's summaries, streaming results back in batches (step 4) — or the
 * short-lived builder of the lexicon automaton that the shards share.
 */
import { parentPort } from 'node:worker_threads';
import type { ResolvedConfig } from '../core/config';
import { indexSummaries, type ScriptSummary } from '../core/engine';
import { Shard, buildBanks, receiveBanks, trace, type BankShipment, type Linted, type ShardInit } from './lint-files';

let shard: Shard | undefined;

type Request =
  | { type: 'init'; init: ShardInit }
  | { type: 'lint'; init?: ShardInit; summaries: ScriptSummary[]; todo: boolean[]; banks: BankShipment[] }
  | { type: 'bank'; configs: ResolvedConfig[] };

/** Results go back in batches of about this many messages, so no thread holds them all twice. */
const BATCH_MESSAGES = 2000;

parentPort?.on('message', (m: Request) => {
  const port = parentPort!;
  try {
    if (m.type === 'bank') {
      port.postMessage({ type: 'bank', value: buildBanks(m.configs) });
    } else if (m.type === 'init') {
      trace('worker: indexing');
      shard = new Shard(m.init);
      const value = shard.index();
      trace('worker: indexed');
      port.postMessage({ type: 'indexed', value });
    } else {
      if (m.init) shard = new Shard(m.init);
      receiveBanks(m.banks);
      const index = indexSummaries(m.summaries);
      trace('worker: linting');
      let batch: [number, Linted][] = [];
      let size = 0;
      const flush = () => {
        if (batch.length) port.postMessage({ type: 'partial', value: batch });
        batch = [];
        size = 0;
      };
      shard!.lint(index, m.todo, (i, l) => {
        batch.push([i, l]);
        size += l.result.messages.length + 1;
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
