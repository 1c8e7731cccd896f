/**
 * Linting files from disk (Node adapter): config per file, one workspace over every file linted
 * together, --fix written atomically, worker threads for large sets, and the --cache.
 *
 * How a run goes (the same steps whether one thread or several do the work, so the results are
 * identical):
 *   1. this thread resolves each file's config;
 *   2. shards — this thread, or worker threads (`worker.ts`) for large sets — read their files,
 *      hash them (for the cache and --fix), parse them and return a compact index summary of each
 *      (titles, lines, audiences, jumps); a file whose bytes match the cache reuses the cached
 *      summary without being parsed;
 *   3. this thread merges the summaries, in file order, into the workspace index — and, while the
 *      workers were busy with step 2, built the lexicon automaton once for all of them;
 *   4. the shards lint their files against that index (files whose cached results still hold are
 *      skipped), apply fixes and write them, and return the messages.
 * Each file is read, decoded and parsed once: in step 2 a shard also lints the file against the
 * index of that file alone (when every jump of the file stays in the file) and keeps the messages;
 * step 4 keeps them when the file reads the same of the whole workspace's index as of its own
 * (`readsSame`: its titles are nowhere else, jumps into them come from it alone or change no entry
 * node), and only otherwise reads, parses and lints the file again. Not with --fix, --cache or
 * --shard, which lint in step 4 only.
 * Memory stays flat: no thread keeps a parsed script beyond the file it is linting.
 *
 * The rooms: options.ts (what a caller asks and gets), shard.ts (steps 2 and 4 for a set of
 * files, --fix writing), threads.ts (shards in this thread or in worker threads), results.ts
 * (messages, their JSON and counts), decode.ts (bytes to text), trace.ts (PARLEY_TRACE); the run
 * itself, below.
 */
import type { ResolvedConfig } from '../../core/config';
import { indexSummaries } from '../../core/workspace';
import type { FileResult } from '../../cli/formatters/types';
import { ResultsCache, configHash, dependencyKey, sha256, workspaceFingerprint, type CacheEntry } from '../cache';
import type { ConfigLoader, LoadedConfig } from '../config-loader';
import { configIgnores } from '../files';
import type { LintFilesOptions, LintFilesResult, LintStats } from './options';
import { cachedResult, countsOf, fatal, HANDED_OVER, messagesBytes, type Linted } from './results';
import { KEEP_TEXT_UNITS, type Indexed, type ShardFile, type ShardInit } from './shard';
import { localShard, partition, sizeOf, WorkerFailure, workerCount, workerHeapMb, workerScript, WORKER_THRESHOLD, workerShard, type ShardHandle, type SummaryHolder } from './threads';
import { trace } from './trace';

export type { LintFilesOptions, LintFilesResult, LintStats } from './options';
export { trace } from './trace';
export { compactLinted, countsOf, messagesBytes, messagesJson, ownedBytes, toMessages, type CompactLinted, type FileFailure, type Linted } from './results';
export { decodeBytes } from './decode';
export { isInside, Shard, type Indexed, type ShardFile, type ShardInit } from './shard';
export { WORKER_ARG, WorkerFailure, workerCount, WORKER_THRESHOLD } from './threads';

// ----------------------------------------------------------------------------------------------
// The run.

interface Job {
  path: string;
  configIndex: number;
  cached?: CacheEntry;
  indexed?: Indexed;
  linted?: Linted;
  deps?: string;
  fromCache?: boolean;
  /** Streaming: tells the shard that this file's result was handed on. */
  release?: () => void;
}

/** Lint files (or standard input) as one workspace. */
export async function lintFilesAsync(paths: string[], loader: ConfigLoader, opts: LintFilesOptions = {}): Promise<LintFilesResult> {
  const ignored: string[] = [];
  const configs: ResolvedConfig[] = [];
  const configIds = new Map<LoadedConfig, number>();
  const jobs: Job[] = [];
  const all = opts.stdin ? [opts.stdin.path] : paths;
  trace(`lintFiles: ${paths.length} paths`);
  const cache = opts.cache && !opts.stdin ? ResultsCache.load(opts.cache.file, opts.cache.version) : undefined;
  if (cache) trace('cache loaded');

  // 1. Configs.
  for (const p of all) {
    const config = loader.forFile(p); // may throw ConfigError: the CLI reports it and exits 2
    if (!opts.stdin && config.file && configIgnores(config.raw.ignore ?? [], config.dir, p)) {
      ignored.push(p);
      continue;
    }
    let configIndex = configIds.get(config);
    if (configIndex === undefined) {
      configIndex = configs.length;
      configs.push(config.resolved);
      configIds.set(config, configIndex);
    }
    jobs.push({ path: p, configIndex });
  }
  const configKeys = cache ? configs.map(configHash) : [];
  if (cache) {
    for (const j of jobs) {
      const c = cache.get(j.path);
      if (c && c.config === configKeys[j.configIndex]) j.cached = c;
    }
  }
  const shardFile = (j: Job, withKnown: boolean, worker: boolean): ShardFile => {
    const f: ShardFile = { path: j.path, config: j.configIndex };
    if (withKnown && j.cached) {
      f.hash = j.cached.hash;
      // (In this thread the entry itself: its summary is parsed from the cache file only if used.)
      f.known = worker ? { summary: j.cached.summary, targets: j.cached.targets } : j.cached;
    } else if (j.indexed?.hash) f.hash = j.indexed.hash;
    return f;
  };
  // --fix under a signal: one flag in shared memory, read by every shard (worker threads too)
  // before each file.
  const stop = opts.fix && opts.signal && !opts.stdin && typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  const onAbort = () => stop && Atomics.store(stop, 0, 1);
  if (stop) {
    if (opts.signal!.aborted) onAbort();
    else opts.signal!.addEventListener('abort', onAbort, { once: true });
  }
  const initFor = (members: Job[], withKnown: boolean, worker = false): ShardInit => ({
    files: members.map((j) => shardFile(j, withKnown, worker)),
    configs,
    fix: !!opts.fix,
    stdin: opts.stdin?.text,
    roots: opts.roots,
    stop,
    early: !opts.fix && !cache && !opts.only,
    quickHash: !opts.fix && !cache,
  });

  // Worker threads from the start when most files will have to be parsed and linted; with a warm
  // cache this thread indexes (reading and hashing, parsing only what changed) and workers are
  // started for the lint step only if enough files turn out to need it.
  const script = opts.stdin || opts.beforeWrite || opts.beforeRename ? undefined : workerScript();
  const warm = cache ? jobs.filter((j) => j.cached).length : 0;
  let n = script && warm < jobs.length / 2 ? workerCount(opts.jobs, jobs.length) : 1;
  const shards: { handle: ShardHandle; members: Job[] }[] = [];
  // A worker's heap is capped (V8 otherwise lets garbage pile up to hundreds of MB per thread):
  // room for the automaton's strings, the workspace index and the file at hand.
  const heapMb = 96 + Math.ceil(jobs.length / 100);
  // Streaming (opts.onResult): results handed over so far (a run done again in this thread after a
  // worker failed skips as many: they are the same files, linted the same way).
  let emitted = 0;
  const open = (groups: Job[][], withKnown: boolean, workers: boolean) => {
    for (const members of groups) shards.push({ handle: workers ? workerShard(script!, { ...initFor(members, withKnown, true), keepText: cache ? 0 : KEEP_TEXT_UNITS }, heapMb + (2 * KEEP_TEXT_UNITS) / 2 ** 20) : localShard(initFor(members, withKnown), opts), members });
  };
  try {
    // 2. Index.
    let indexShards: { handle: ShardHandle; members: Job[] }[];
    if (n > 1) {
      trace(`worker heap ${workerHeapMb(heapMb)} MB`);
      const sizes = jobs.map((j) => sizeOf(j.path));
      open(partition(sizes, n).map((idx) => idx.map((i) => jobs[i])), true, true);
      indexShards = shards.slice();
    } else {
      indexShards = [{ handle: localShard(initFor(jobs, true), opts), members: jobs }];
    }
    trace(`indexing ${jobs.length} files in ${n > 1 ? `${n} worker threads` : 'this thread'}`);
    const pendingIndex = Promise.all(indexShards.map((s) => s.handle.index()));
    const indexed = await pendingIndex;
    trace('indexed');
    indexShards.forEach((s, k) => s.members.forEach((j, i) => (j.indexed = indexed[k][i])));

    // 3. The workspace index, in file order (each shard builds it from the summaries; this thread
    // needs it only to check the cache).
    const summaries = async () => {
      // A cache entry whose index part cannot be read (edited by hand): index that file afresh.
      const damaged = jobs.filter((j) => j.indexed && !j.indexed.error && !j.indexed.parsed && !j.indexed.summary);
      if (damaged.length) {
        const again = await localShard(initFor(damaged, false), opts).index();
        damaged.forEach((j, i) => (j.indexed = again[i]));
      }
      return jobs.flatMap((j) => (j.indexed?.summary ? [j.indexed.summary] : []));
    };
    const fingerprint = cache ? workspaceFingerprint(jobs.map((j) => ({ path: j.path, config: configKeys[j.configIndex], hash: j.indexed?.error ? undefined : j.indexed?.hash }))) : undefined;
    // The same files, configs and bytes as the run that wrote the cache: the same index, so every
    // cached dependency key still holds.
    const sameWorkspace = !!cache && fingerprint !== undefined && fingerprint === cache.workspace && jobs.every((j) => j.cached && j.indexed?.hash === j.cached.hash);

    // 4. What to lint: everything, except files whose cached results still hold.
    if (cache && sameWorkspace) {
      for (const j of jobs) {
        const c = j.cached!;
        j.deps = c.deps;
        if (!(opts.fix && Buffer.from(c.messages.buffer, c.messages.byteOffset, c.messages.byteLength).includes('"fix":'))) {
          j.linted = { result: cachedResult(j.path, c), fatal: false, written: false };
          j.fromCache = true;
        }
      }
    } else if (cache) {
      let titlesHash: string | undefined;
      const ix = indexSummaries(await summaries());
      const allTitles = () => (titlesHash ??= sha256([...ix.titles.keys()].join('\n')));
      const memo = new Map<string, string>();
      for (const j of jobs) {
        const x = j.indexed;
        if (!x?.summary || x.hash === undefined) continue;
        j.deps = dependencyKey(x.summary, x.targets ?? [], ix, allTitles, memo);
        const c = j.cached;
        if (c && c.hash === x.hash && c.deps === j.deps && !(opts.fix && Buffer.from(c.messages.buffer, c.messages.byteOffset, c.messages.byteLength).includes('"fix":'))) {
          j.linted = { result: cachedResult(j.path, c), fatal: false, written: false };
          j.fromCache = true;
        }
      }
    }
    if (cache) trace('dependency keys checked');
    const mine = (j: Job) => !opts.only || opts.only(j.path);
    // Streaming: hand over, in file order, every result whose file and all files before it are done.
    let next = 0;
    const pump = () => {
      const emit = opts.onResult;
      if (!emit) return;
      for (; next < jobs.length; next++) {
        const j = jobs[next];
        if (!mine(j)) continue;
        if (j.indexed?.error) emit(fatal(j.path, j.indexed.error));
        else if (j.linted) {
          emit(j.linted.result);
          j.linted = { ...j.linted, result: HANDED_OVER };
          const release = j.release;
          j.release = undefined;
          release?.();
        } else return;
        emitted++;
      }
    };
    pump();
    const todo = jobs.filter((j) => !j.linted && !j.indexed?.error && mine(j));
    let lintShards = indexShards;
    if (n === 1 && script && todo.length >= WORKER_THRESHOLD) {
      // Warm cache, but much to lint after all: workers for the lint step.
      const m = workerCount(opts.jobs, todo.length);
      if (m > 1) {
        n = m;
        open(partition(todo.map((j) => sizeOf(j.path)), m).map((idx) => idx.map((i) => todo[i])), false, true);
        lintShards = shards.slice();
      }
    }
    trace(`linting ${todo.length} files`);
    const holder: SummaryHolder = { summaries: todo.length ? await summaries() : [] };
    const onLinted = (members: Job[]) =>
      opts.onResult &&
      ((i: number, l: Linted, release: () => void) => {
        const j = members[i];
        if (j.linted) return release();
        j.linted = l;
        j.release = release;
        pump();
      });
    const pendingLint = Promise.all(lintShards.map((s) => (todo.length ? s.handle.lint(holder, s.members.map((j) => !j.linted && !j.indexed?.error && mine(j)), onLinted(s.members)) : s.members.map(() => undefined))));
    if (n > 1 && !cache) {
      // The workers have (or are about to get) their copies: this thread needs no summaries now.
      await new Promise((r) => setImmediate(r));
      holder.summaries = undefined;
      for (const j of jobs) if (j.indexed) j.indexed = { ...j.indexed, summary: undefined, targets: undefined };
    }
    const linted = await pendingLint;
    trace('linted');
    lintShards.forEach((s, k) => s.members.forEach((j, i) => (j.linted ??= linted[k][i])));
    pump();
    const interrupted = !!stop && Atomics.load(stop, 0) !== 0;

    // 5. Results, in the order given; the cache.
    let hadFatal = false;
    const results: FileResult[] = [];
    const stats: LintStats = { files: jobs.filter(mine).length, parsed: 0, linted: 0, fromCache: 0, workers: n > 1 ? n : 0 };
    if (cache) stats.workspaceUnchanged = sameWorkspace;
    for (const j of jobs) {
      if (j.indexed?.parsed) stats.parsed++;
      if (!mine(j)) {
        // Another shard's file: indexed for the cross-file rules, reported by its own shard.
        if (cache && j.fromCache) cache.set(j.path, j.cached!);
        continue;
      }
      if (j.indexed?.error) {
        hadFatal = true;
        if (!opts.onResult) results.push(fatal(j.path, j.indexed.error));
        cache?.delete(j.path);
        continue;
      }
      if (!j.linted && interrupted) continue; // not started: the run was interrupted
      const l = j.linted!;
      if (l.fatal) hadFatal = true;
      if (!opts.onResult) results.push(l.result);
      if (j.fromCache) stats.fromCache++;
      else stats.linted++;
      if (!cache) continue;
      const x = j.indexed;
      if (j.fromCache) cache.set(j.path, x?.parsed && x.summary ? { ...j.cached!, summary: x.summary, targets: x.targets ?? [] } : j.cached!);
      else if (l.fatal || l.written || !x?.summary || x.hash === undefined || j.deps === undefined) cache.delete(j.path);
      else {
        const { fatal: _fatal, ...counts } = countsOf(l.result);
        cache.set(j.path, { hash: x.hash, config: configKeys[j.configIndex], summary: x.summary, targets: x.targets ?? [], deps: j.deps, counts, messages: messagesBytes(l.result) });
      }
    }
    if (interrupted) return { results, hadFatal, ignored, stats, interrupted: { written: jobs.filter((j) => j.linted?.written).map((j) => j.path) } };
    if (cache) {
      cache.retain(new Set(jobs.map((j) => j.path)));
      cache.workspace = fingerprint;
      const problem = cache.save();
      if (problem) stats.cacheProblem = { zh: `无法写入缓存「${cache.file}」（${problem}）`, en: `cannot write the cache ${cache.file} (${problem})` };
      trace('cache saved');
    }
    return { results, hadFatal, ignored, stats };
  } catch (e) {
    if (!(e instanceof WorkerFailure)) throw e;
    // A worker thread ran out of memory (or died): do the run again in this thread, which has no
    // such limit, and say so. Never exit 1 for it (CI reads 1 as "findings"). Files a worker
    // already fixed are read again as they now are.
    trace(`${e.message}: again in this thread`);
    for (const s of shards) s.handle.close();
    shards.length = 0;
    const skip = emitted;
    let seen = 0;
    const onResult = opts.onResult && ((r: FileResult) => void (seen++ >= skip && opts.onResult!(r)));
    const again = await lintFilesAsync(paths, loader, { ...opts, jobs: 1, onResult });
    again.stats.workerProblem = { zh: `${e.text.zh}，已在主线程重新检查`, en: `${e.text.en}; linted again in this thread` };
    return again;
  } finally {
    for (const s of shards) s.handle.close();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
