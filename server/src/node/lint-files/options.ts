/** What a caller of lintFilesAsync asks for, and what it gets back. */
import type { FileResult } from '../../cli/formatters/types';
import type { MessageTemplate } from '../../core/messages';

export interface LintFilesOptions {
  fix?: boolean;
  /** Text given on stdin for one path (the CLI's --stdin). */
  stdin?: { path: string; text: string | Uint8Array };
  /** Worker threads: a number (1 = this thread only) or 'auto' (the default: several cores and ≥ 200 files). */
  jobs?: number | 'auto';
  /** The results cache: its file and the Parley version that keys it. */
  cache?: { file: string; version: string };
  /** --fix writes only inside these folders (real paths), never through a link that leaves them. */
  roots?: string[];
  /** Test seam: called just before a fixed file is written (forces this thread). */
  beforeWrite?: (file: string) => void;
  /** Test seam: called when a fixed file's temporary copy is written, just before the compare-and-swap and the rename (forces this thread). */
  beforeRename?: (file: string) => void;
  /**
   * `--shard`: lint and report only the files for which this is true. Every file is still read and
   * indexed, so cross-file rules (duplicate titles, jumps, entry nodes) see the whole workspace.
   */
  only?: (file: string) => boolean;
  /**
   * --fix: stop when this aborts (the CLI's SIGINT/SIGTERM). The file being written is finished
   * (a write is one temp file and a rename, never left half-done), no other file is started, and
   * the result says which files were written (`interrupted`).
   */
  signal?: AbortSignal;
  /**
   * Stream the results: each file's result is handed over, in the order given, as soon as it and
   * every file before it are done, and is not kept (`results` stays empty), so that no thread holds
   * the messages of the whole run. Not with --fix, --cache or --stdin (the caller's choice).
   */
  onResult?: (result: FileResult) => void;
}

export interface LintStats {
  files: number;
  /** Files parsed to index them (the others reused a cached summary). */
  parsed: number;
  linted: number;
  fromCache: number;
  /** Worker threads used (0: this thread only). */
  workers: number;
  /** --cache: the same files, configs and bytes as the run that wrote the cache (its dependency keys were reused, no index built). */
  workspaceUnchanged?: boolean;
  /** The cache could not be written (the run's results stand): the warning in each locale. */
  cacheProblem?: MessageTemplate;
  /** A worker thread failed (out of memory…): the run was done again in this thread; the warning in each locale. */
  workerProblem?: MessageTemplate;
}

export interface LintFilesResult {
  results: FileResult[];
  /** True when some file could not be read, fixed or written (exit 2). */
  hadFatal: boolean;
  /** Files skipped by the config's ignore globs. */
  ignored: string[];
  stats: LintStats;
  /** Set when `signal` aborted the run: only files finished before it are in `results`. */
  interrupted?: { written: string[] };
}
