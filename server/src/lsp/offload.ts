/**
 * Closed files' work on a thread of its own: reading them, parsing them, their part of the index,
 * and their lint, with the diagnostics encoded there. The server's thread then only handles edits,
 * open documents and publishing: a parse or a lint of a closed file, and the garbage they leave,
 * no longer delay a keystroke (slices could not split a file's parse nor the collector's pauses).
 *
 * This module is the protocol and the thread's side of it (`OffloadWorker`), pure: the files and
 * configs come from a ServerHost, as the server's. The Node adapter starts the thread and carries
 * the messages (node/offload-thread.ts); a host without threads (the browser's) gives none, and the
 * server lints closed files in slices on its own thread (background.ts) as before.
 */
import { lintScript } from '../core/engine';
import { textOf, type TextSource } from '../core/parser';
import type { Locale } from '../core/messages';
import type { Finding } from '../core/types';
import type { Diagnostic } from 'vscode-languageserver';
import { refProps } from '../core/workspace';
import { ServerConfigs } from './configs';
import { toDiagnostic, tooLargeDiagnostic } from './diagnostics';
import type { ServerHost } from './host';
import type { LogText } from './log-text';
import { LOG } from './log-text';
import { DiagnosticsEncoder } from './publish';
import type { Settings } from './settings';
import { countProblems, type Counts } from './status';
import { UnitsText, unitsOf, Workspace, type Entry, type EntryInput, type FileOutline } from './workspace';

/** What the server's thread asks of a background thread. */
export interface BackgroundThread {
  post(message: ToWorker): void;
  /**
   * A document changed at `at` (ms, Date.now()): the thread pauses between files while the user
   * types (OffloadWorker). Read by the thread without a message (Node: shared memory), so a
   * keystroke costs the server's thread no post and the thread sees it before its next file.
   */
  edited?(at: number): void;
  /** Messages of the thread; `failed` once if it dies (it is then gone). */
  listen(on: (message: FromWorker) => void, failed: (why: string) => void): void;
  stop(): void;
}

/** The contribution keys of an entry (workspace.ts), as they travel. */
interface Keys {
  summary: string;
  graph: string;
  titles: string[];
  jumps: string[];
}

interface Setup {
  settings: Settings;
  locale: Locale | undefined;
  folder: string | undefined;
  /** Diagnostics as encoded bytes (the stdio writer's), else plain. */
  encoded: boolean;
}

export type ToWorker =
  | { t: 'setup'; setup: Setup }
  /** Config files changed on disk (read them again); suppression baselines changed. */
  | { t: 'configsChanged' }
  | { t: 'baselinesChanged' }
  /** Read (`load`) and/or lint files; each job has a sequence number the answer carries; `batch` is answered with `done` once its jobs are. */
  | { t: 'jobs'; jobs: { key: string; seq: number; load: boolean; lint: boolean }[]; batch?: number }
  /** An open document's part of the index (undefined: not indexed), which wins over the disk's. */
  | { t: 'open'; input: EntryInput; outline: FileOutline | undefined; keys: Keys }
  /** A file left the workspace. */
  | { t: 'forget'; key: string }
  /** Drop every pending lint (the scope went back to the open files). */
  | { t: 'reset' };

/** A published closed file's diagnostics: encoded bytes of the whole message, or the plain parameters. */
export type Published = { uri: string; counts: Counts | undefined; message?: Uint8Array; diagnostics?: Diagnostic[]; empty: boolean };

export interface Result {
  key: string;
  seq: number;
  /**
   * The file as read: its entry's input, outline and keys; `skipped` with the reason; `ignored` by
   * the config. The text travels as `units` (its UTF-16 code units, the buffer moved: `transfers`),
   * the input's own `text` then empty; the server's thread keeps it so (workspace.ts UnitsText).
   */
  loaded?: { input: EntryInput; units: Uint16Array; outline: FileOutline | undefined; keys: Keys } | { skipped: string } | { ignored: true };
  /** Its findings (lint jobs); `unshow`: no longer shown (ignored). */
  linted?: Published | { unshow: true };
}

export type FromWorker =
  | { t: 'results'; results: Result[] }
  | { t: 'done'; batch: number }
  | { t: 'log'; text: LogText | string };

/**
 * The buffers a message from the thread moves instead of copying (postMessage's transfer list):
 * closed files' texts (`units`) and encoded diagnostics, each in a buffer of its own.
 */
export function transfers(m: FromWorker): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const own = (b: Uint8Array | Uint16Array | undefined) => {
    if (b && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer && !out.includes(b.buffer)) out.push(b.buffer);
  };
  if (m.t === 'results')
    for (const r of m.results) {
      if (r.loaded && 'units' in r.loaded) own(r.loaded.units);
      if (r.linted && 'message' in r.linted) own(r.linted.message);
    }
  return out;
}

/** Results go back at least this often (ms), in one message each time. */
const FLUSH_MS = 20;

/**
 * Background work waits while the user types: no closed file is read or linted until this long
 * after the last change (ms), so that a keystroke's lint has the machine (the CPU, and the garbage
 * collector's helper threads, which the background thread's heap shares) and the server's thread
 * gets no background results to take in meanwhile. Closed files' publishes wait as long (closed.ts).
 */
export const TYPING_PAUSE_MS = 150;
/** A pause lasts at most this long (ms) at a stretch: changes that never stop still let one file through this often. */
export const MAX_TYPING_PAUSE_MS = 1000;

/** The background thread's time: when a document last changed on the server's thread (0: never), the clock and a timer. */
export interface WorkerClock {
  lastEdit(): number;
  now(): number;
  after(ms: number, f: () => void): void;
}

const NO_TYPING: WorkerClock = { lastEdit: () => 0, now: () => Date.now(), after: (ms, f) => void setTimeout(f, ms) };

/** Outlines arrive as copies: their nodes take back the shared props objects (one per audience). */
export function internOutline(o: FileOutline | undefined): FileOutline | undefined {
  if (o) for (const d of o.defs) d.node = { ...d.node, props: refProps(d.node.props.audience?.value) };
  return o;
}

export function keysOf(e: Entry): Keys {
  return { summary: e.summary, graph: e.graph, titles: [...e.titles], jumps: [...e.jumps] };
}

const DEFAULT_MAX_FILE_SIZE = 5_000_000;

/**
 * A file's entry fields that depend on its config and the settings: size limit, ignore globs,
 * placeholders (the server's thread and the background one decide them alike).
 */
export function entryInputOf(host: ServerHost, configs: ServerConfigs, settings: Settings, key: string, uri: string, open: boolean, version: number | null, text: TextSource, utf8Length: (s: string) => number): EntryInput {
  const cfg = configs.forKey(key);
  const resolved = cfg.resolved;
  const limit = sizeLimit(configs, settings, key);
  // (A UTF-16 unit is at most 3 bytes of UTF-8: most texts are known to fit without counting.)
  const bytes = text.length * 3 <= limit ? 0 : utf8Length(textOf(text));
  const tooLarge = bytes > limit ? { bytes, limit } : undefined;
  const ignored = !!cfg.file && host.isPath(key) && host.configIgnores(cfg.raw.ignore ?? [], cfg.dir, key);
  return { key, uri, open, version, text: tooLarge ? '' : text, tooLarge, ignored, parseOptions: { placeholders: resolved.placeholders } };
}

export function sizeLimit(configs: ServerConfigs, settings: Settings, key: string): number {
  return settings.maxFileSize ?? configs.forKey(key).resolved.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
}

/** The background thread's side: its own picture of the workspace (closed files from disk, open ones' parts from the server). */
export class OffloadWorker {
  /** (It keeps the last closed file's parse only: each file is parsed to be indexed, then to be linted: Workspace's `recentParses`.) */
  private readonly workspace = new Workspace(1);
  private readonly configs: ServerConfigs;
  private setup: Setup | undefined;
  private readonly encoder = new DiagnosticsEncoder();
  /** Jobs to do, in order; a key asked again keeps its place (the newest sequence number, both kinds of work). */
  private queue = new Map<string, { seq: number; load: boolean; lint: boolean; batches: number[] }>();
  /** Per batch: how many of its jobs are still queued. */
  private batches = new Map<number, number>();
  private out: Result[] = [];
  private flushed = 0;
  private running = false;
  /** Since when the work has waited for typing to pause (clock ms), or undefined. */
  private pausedSince: number | undefined;

  constructor(
    private readonly host: ServerHost,
    private readonly send: (m: FromWorker) => void,
    private readonly later: (f: () => void) => void,
    private readonly utf8Length: (s: string) => number,
    private readonly clock: WorkerClock = NO_TYPING,
  ) {
    this.configs = new ServerConfigs(host, () => this.setup?.folder, () => undefined);
  }

  private log(text: LogText | string): void {
    this.send({ t: 'log', text });
  }

  receive(m: ToWorker): void {
    switch (m.t) {
      case 'setup':
        this.setup = m.setup;
        this.configs.locale = m.setup.locale;
        this.configs.settingsChanged(m.setup.settings);
        return;
      case 'configsChanged':
        return this.configs.changed();
      case 'baselinesChanged':
        return this.host.baselinesChanged();
      case 'open':
        this.drop(m.input.key);
        this.workspace.put(m.input, internOutline(m.outline), m.keys);
        return;
      case 'forget':
        this.drop(m.key);
        this.workspace.remove(m.key);
        return;
      case 'reset':
        // (Reads go on: the files stay in the workspace.)
        for (const [k, q] of [...this.queue]) {
          q.lint = false;
          if (!q.load) this.drop(k);
        }
        return;
      case 'jobs':
        for (const j of m.jobs) {
          const q = this.queue.get(j.key);
          if (q) {
            q.seq = j.seq;
            q.load ||= j.load;
            q.lint ||= j.lint;
            if (m.batch !== undefined) q.batches.push(m.batch);
          } else this.queue.set(j.key, { seq: j.seq, load: j.load, lint: j.lint, batches: m.batch === undefined ? [] : [m.batch] });
        }
        if (m.batch !== undefined) {
          let n = 0;
          for (const j of m.jobs) if (this.queue.get(j.key)?.batches.includes(m.batch)) n++;
          if (n === 0) this.send({ t: 'done', batch: m.batch });
          else this.batches.set(m.batch, (this.batches.get(m.batch) ?? 0) + n);
        }
        return this.pump();
    }
  }

  /** A job is over (done or dropped): its batches may be. */
  private drop(key: string): void {
    const q = this.queue.get(key);
    if (!q) return;
    this.queue.delete(key);
    this.settle(q.batches);
  }

  private settle(batches: number[]): void {
    for (const b of new Set(batches)) {
      const n = (this.batches.get(b) ?? 0) - batches.filter((x) => x === b).length;
      if (n > 0) this.batches.set(b, n);
      else {
        this.batches.delete(b);
        this.flush();
        this.send({ t: 'done', batch: b });
      }
    }
  }

  /**
   * How long to wait before the next job because the user is typing (0: go on). A job already
   * started finishes; results not yet sent wait too (they would be work for the server's thread).
   * After MAX_TYPING_PAUSE_MS of waiting, one job goes through and the pause starts again.
   */
  private typingPause(): number {
    const now = this.clock.now();
    const wait = this.clock.lastEdit() + TYPING_PAUSE_MS - now;
    const verbose = this.setup?.settings.trace.server === 'verbose';
    if (wait <= 0) {
      if (this.pausedSince !== undefined && verbose) this.log(LOG.backgroundResumed(this.queue.size));
      this.pausedSince = undefined;
      return 0;
    }
    if (this.pausedSince === undefined) {
      this.pausedSince = now;
      if (verbose) this.log(LOG.backgroundPaused(this.queue.size));
    }
    const left = this.pausedSince + MAX_TYPING_PAUSE_MS - now;
    if (left <= 0) {
      this.pausedSince = now;
      return 0;
    }
    return Math.min(wait, left);
  }

  /** One job per turn: the server's messages (an open document's part, a reset) come in between; none while the user types (typingPause). */
  private pump(): void {
    if (this.running) return;
    this.running = true;
    const step = (): void => {
      const first = this.queue.entries().next();
      if (first.done) {
        this.running = false;
        this.flush();
        return;
      }
      const wait = this.typingPause();
      if (wait > 0) return this.clock.after(wait, step);
      const [key, job] = first.value;
      this.queue.delete(key);
      try {
        this.run(key, job);
      } catch (e) {
        this.log(LOG.lintFailed(key, (e as Error)?.stack ?? String(e)));
      }
      if (this.clock.now() - this.flushed >= FLUSH_MS) this.flush();
      this.settle(job.batches);
      this.later(step);
    };
    this.later(step);
  }

  private flush(): void {
    this.flushed = this.clock.now();
    if (!this.out.length) return;
    this.send({ t: 'results', results: this.out });
    this.out = [];
  }

  private run(key: string, job: { seq: number; load: boolean; lint: boolean }): void {
    const r: Result = { key, seq: job.seq };
    if (job.load) {
      r.loaded = this.load(key);
      if (!('input' in r.loaded)) {
        this.out.push(r);
        return;
      }
    }
    if (job.lint) r.linted = this.lint(key);
    this.out.push(r);
  }

  private load(key: string): NonNullable<Result['loaded']> {
    const settings = this.setup!.settings;
    const cfg = this.configs.forKey(key);
    if (cfg.file && this.host.configIgnores(cfg.raw.ignore ?? [], cfg.dir, key)) {
      this.workspace.remove(key);
      return { ignored: true };
    }
    const f = this.host.readScript(key, sizeLimit(this.configs, settings, key), this.setup!.locale);
    if ('error' in f) {
      this.workspace.remove(key);
      return { skipped: f.error };
    }
    const input = entryInputOf(this.host, this.configs, settings, key, this.host.uriOf(key), false, null, f.text, this.utf8Length);
    this.workspace.upsert(input);
    const e = this.workspace.get(key)!;
    // The text goes as a buffer, moved to the server's thread (`transfers`); this thread keeps its
    // own copy as code units too, outside its heap, made a string again for the file's lint: 2,000
    // texts kept as strings were most of what this thread's collector copied and marked, on the
    // helper threads the server's thread shares, while the user typed between two bursts.
    const units = unitsOf(textOf(input.text));
    if (!e.tooLarge) this.workspace.keepText(key, new UnitsText(units));
    return { input: { ...input, text: '' }, units: units.slice(), outline: e.outline, keys: keysOf(e) };
  }

  private lint(key: string): Result['linted'] {
    const entry = this.workspace.get(key);
    const setup = this.setup!;
    if (!entry || entry.open || entry.ignored) return { unshow: true };
    const locale = setup.locale ?? this.configs.resolved(key).locale;
    if (entry.tooLarge) return this.published(entry, [], undefined, [tooLargeDiagnostic(entry.tooLarge.bytes, entry.tooLarge.limit, locale)]);
    const script = this.workspace.scriptOf(entry);
    if (!script) return { unshow: true };
    const index = this.workspace.index();
    const findings = lintScript(script, index, this.configs.resolved(key));
    return this.published(entry, this.host.underBaseline(key, findings, setup.settings.suppressedFindings, (m) => this.log(m), locale), locale);
  }

  private published(entry: Entry, findings: readonly Finding[], locale: Locale | undefined, extra: Diagnostic[] = []): Published {
    const counts = countProblems(findings, extra);
    const empty = findings.length + extra.length === 0;
    if (this.setup!.encoded) return { uri: entry.uri, counts, empty, message: this.encoder.encode(entry.uri, null, findings, locale, extra).message };
    return { uri: entry.uri, counts, empty, diagnostics: [...findings.map((f) => toDiagnostic(f, null, locale)), ...extra] };
  }
}
