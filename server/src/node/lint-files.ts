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
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Zlib from 'node:zlib';
import type { ResolvedConfig } from '../core/config';
import { lintScript } from '../core/engine';
import { indexSummaries, jumpTargets, readsSame, summarizeScript, type ScriptSummary } from '../core/workspace';
import { applyFixes, lineStarts, offsetAt } from '../core/fix';
import { parse, type ParsedScript } from '../core/parser';
import type { WorkspaceIndex } from '../core/rule';
import type { Finding } from '../core/types';
import type { FileResult, Message } from '../cli/formatters/types';
import { ResultsCache, configHash, dependencyKey, sha256, workspaceFingerprint, type CacheEntry, type Counts } from './cache';
import type { ConfigLoader, LoadedConfig } from './config-loader';
import { configIgnores } from './files';
import { ConcurrentWriteError, notUtf8, ReadError, readBounded, writeAtomic, type FileProblemId, type ScriptFile } from './read';
import type { Locale, MessageData, MessageTemplate } from '../core/messages';
import { timed, timing } from './timing';

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

/** PARLEY_TRACE=1 prints the phases of a run with their times to stderr (for profiling). */
const TRACE = typeof process !== 'undefined' && !!process.env.PARLEY_TRACE;
const t0 = Date.now();
export function trace(what: string): void {
  if (!TRACE) return;
  const m = process.memoryUsage();
  process.stderr.write(`[parley ${String(Date.now() - t0).padStart(6)} ms] ${what} (rss ${Math.round(m.rss / 1e6)} MB, heap ${Math.round(m.heapUsed / 1e6)}/${Math.round(m.heapTotal / 1e6)} MB, external ${Math.round(m.external / 1e6)} MB)\n`);
}

/**
 * Decoded text a worker keeps between indexing and linting (UTF-16 units: 2 bytes each). Not with
 * --cache: that run already holds every file's summary and messages for the cache file.
 */
const KEEP_TEXT_UNITS = 5 * 2 ** 20;

/**
 * Step 2's messages a shard keeps as they are until step 4 (bytes of JSON); beyond this, it keeps
 * them compressed (Brotli at its fastest: about an eighth of the size, for about 2 % of the time
 * of linting them), so that a large run does not hold its whole output in memory twice over.
 */
const EARLY_PLAIN_BYTES = 4 * 2 ** 20;

/** node:zlib, loaded when a shard's messages first pass EARLY_PLAIN_BYTES (not at every start: it costs milliseconds). */
let zlibModule: typeof Zlib | undefined;
function loadZlib(): typeof Zlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (zlibModule ??= require('node:zlib') as typeof Zlib);
}

function pack(json: Uint8Array): Uint8Array {
  const zlib = loadZlib();
  return zlib.brotliCompressSync(json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
}

/** The bytes pack() was given, in a buffer of their own (so that they can be transferred). */
function unpack(packed: Uint8Array): Uint8Array {
  const b = loadZlib().brotliDecompressSync(packed);
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
}

/** Files from which on worker threads pay for their start-up. */
export const WORKER_THRESHOLD = 200;

export function toMessages(findings: Finding[], text: string): Message[] {
  let starts: number[] | undefined;
  return findings.map((f) => {
    const m: Message = {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      messageId: f.messageId,
      ...(f.data ? { data: f.data } : {}),
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
    };
    if (f.fix && f.fix.edits.length === 1) {
      const e = f.fix.edits[0];
      starts ??= lineStarts(text);
      m.fix = { range: [offsetAt(starts, text, e.range.start), offsetAt(starts, text, e.range.end)], text: e.newText };
    }
    if (f.suggestions?.length) {
      const offered = f.suggestions.filter((x) => x.edits.length === 1);
      if (offered.length) {
        const st = (starts ??= lineStarts(text));
        m.suggestions = offered.map((x) => ({ desc: x.title, fix: { range: [offsetAt(st, text, x.edits[0].range.start), offsetAt(st, text, x.edits[0].range.end)], text: x.edits[0].newText } }));
      }
    }
    return m;
  });
}

// Results read from the cache keep their messages as the JSON text the json format prints, and
// parse it only when something reads `messages`; the counts the exit code needs come along.
const rawMessages = new WeakMap<FileResult, string | Uint8Array>();
const knownCounts = new WeakMap<FileResult, Counts>();

function cachedResult(filePath: string, entry: { messages: Uint8Array; counts: Counts }): FileResult {
  let parsed: Message[] | undefined;
  const r = { filePath } as FileResult;
  Object.defineProperty(r, 'messages', {
    enumerable: true,
    configurable: true,
    get: () => (parsed ??= JSON.parse(Buffer.from(entry.messages.buffer, entry.messages.byteOffset, entry.messages.byteLength).toString('utf8')) as Message[]),
    set: (v: Message[]) => {
      parsed = v;
      rawMessages.delete(r);
      knownCounts.delete(r);
    },
  });
  rawMessages.set(r, entry.messages);
  knownCounts.set(r, entry.counts);
  return r;
}

/** The messages of a result as JSON text: exactly JSON.stringify(result.messages). */
export function messagesJson(r: FileResult): string {
  let raw = rawMessages.get(r);
  if (raw === undefined) rawMessages.set(r, (raw = JSON.stringify(r.messages)));
  return typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

/** The same as UTF-8 bytes (what the cache stores and a byte stream prints without decoding). */
export function messagesBytes(r: FileResult): Uint8Array {
  let raw = rawMessages.get(r);
  if (raw === undefined) rawMessages.set(r, (raw = JSON.stringify(r.messages)));
  return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}

/** Errors, warnings and all messages of a result (without parsing cached messages). */
export function countsOf(r: FileResult): Counts & { fatal: boolean } {
  const known = knownCounts.get(r);
  if (known) return { ...known, fatal: false };
  const c = { error: 0, warning: 0, total: r.messages.length, fatal: false };
  for (const m of r.messages) {
    if (m.severity === 'error') c.error++;
    else if (m.severity === 'warning') c.warning++;
    if (m.fatal) c.fatal = true;
  }
  return c;
}

/** A file that could not be linted: its file-level id (`file-…`) and message in the config's locale. */
export interface FileFailure {
  ruleId: FileProblemId | null;
  message: string;
  messageId?: string;
  data?: MessageData;
}

function failure(e: ReadError, locale: Locale): FileFailure {
  return { ruleId: e.id, message: e.text(locale), messageId: e.messageId, ...(e.data ? { data: e.data } : {}) };
}

/** A file-level problem: one fatal message, with the problem's id (`file-unreadable`, `file-special`…) when it has one. */
function fatal(filePath: string, f: FileFailure): FileResult {
  const { ruleId, message, ...id } = f;
  return { filePath, messages: [{ ruleId, severity: 'error', message, ...id, line: 1, column: 1, endLine: 1, endColumn: 1, fatal: true }] };
}

/**
 * Decode a script's bytes: UTF-8 only (binary and invalid input refused with read.ts's messages),
 * BOM remembered so that --fix writes it back. Native validation and decoding: several times
 * faster than a fatal TextDecoder (which also drops the BOM before it can be noticed).
 */
export function decodeBytes(buf: Uint8Array, file: string): ScriptFile {
  if (buf.includes(0)) throw new ReadError(file, 'file-binary', 'binary');
  if (!isUtf8(buf)) throw notUtf8(file, buf);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const bom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  const text = b.toString('utf8', bom ? 3 : 0); // a second U+FEFF after the BOM is text: kept
  return { path: file, text, bom };
}

/** Read a script's bytes: regular files only, at most maxFileSize bytes (read.ts). */
function readBytes(file: string, maxSize: number): Buffer {
  return readBounded(file, maxSize);
}

// ----------------------------------------------------------------------------------------------
// Shards: the part of the work that runs in a worker thread (or in this thread).

export interface ShardFile {
  path: string;
  /** Index into ShardInit.configs. */
  config: number;
  /** Hash of the bytes when someone already read them (the cache's, or step 2 done elsewhere). */
  hash?: string;
  /** The index summary for exactly the bytes of `hash`: then the file need not be parsed to index it. */
  known?: { summary: ScriptSummary; targets: string[] };
}

export interface ShardInit {
  files: ShardFile[];
  configs: ResolvedConfig[];
  fix: boolean;
  /** The one file is standard input, with this text: fixes are returned, never written. */
  stdin?: string | Uint8Array;
  /** --fix writes only inside these folders (real paths); undefined: anywhere. */
  roots?: string[];
  /** Keep each file's bytes from step 2 to step 4 instead of reading them again (worker threads). */
  keepBytes?: boolean;
  /**
   * Keep up to this many UTF-16 units of decoded text from step 2 to step 4, so that a file linted
   * by the shard that indexed it is not read, hashed and decoded twice (worker threads, cold runs).
   */
  keepText?: number;
  /** --fix under a signal: non-zero in [0] means start no other file (shared with worker threads). */
  stop?: Int32Array;
  /**
   * Lint each file in step 2 already, against the index of that file alone, and keep the messages
   * for step 4 (see the top of this module). Only when every file is linted, without fixes.
   */
  early?: boolean;
  /** Bytes of step 2's messages kept as they are, the rest compressed (default EARLY_PLAIN_BYTES; a test seam). */
  earlyPlainBytes?: number;
}

export interface Indexed {
  hash?: string;
  summary?: ScriptSummary;
  targets?: string[];
  /** Set when the file could not be read or decoded. */
  error?: FileFailure;
  parsed: boolean;
}

/** A Linted as a worker sends it: the messages as JSON bytes with their counts. */
export interface CompactLinted {
  filePath: string;
  json: Uint8Array;
  counts: Counts;
  fatal: boolean;
  written: boolean;
}

const encoder = new TextEncoder();

export function compactLinted(l: Linted): CompactLinted {
  const { fatal: hasFatal, ...counts } = countsOf(l.result);
  void hasFatal;
  // (messages made compact before, in step 2: their bytes as they are, in a buffer of their own)
  const raw = rawMessages.get(l.result);
  const json = raw instanceof Uint8Array && raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : encoder.encode(JSON.stringify(l.result.messages));
  return { filePath: l.result.filePath, json, counts, fatal: l.fatal, written: l.written };
}

function expandLinted(c: CompactLinted): Linted {
  if (c.fatal) {
    // Rare: the fatal message must be visible to the exit code, so parse now.
    const messages = JSON.parse(Buffer.from(c.json.buffer, c.json.byteOffset, c.json.byteLength).toString('utf8')) as Message[];
    return { result: { filePath: c.filePath, messages }, fatal: true, written: c.written };
  }
  return { result: cachedResult(c.filePath, { messages: c.json, counts: c.counts }), fatal: false, written: c.written };
}

/** What a streamed result leaves behind in the run (its messages are gone). */
const HANDED_OVER: FileResult = Object.freeze({ filePath: '', messages: [] as Message[] });

export interface Linted {
  result: FileResult;
  /** The file could not be read, or a fix could not be written (read-only, changed meanwhile…). */
  fatal: boolean;
  /** The file was rewritten by --fix. */
  written: boolean;
}

export class Shard {
  private bytes: (Uint8Array | undefined)[] = [];
  /** Decoded text kept from step 2 (see ShardInit.keepText), and how much room is left. */
  private texts: (ScriptFile | undefined)[] = [];
  private textRoom: number;
  /** Hash of the bytes this shard read (or was told of). */
  private hashes: (string | undefined)[] = [];
  /** Step 2's messages of each file (ShardInit.early), with what the file reads of an index. */
  private early: ({ summary: ScriptSummary; targets: string[]; linted: CompactLinted; packed: boolean } | undefined)[] = [];
  /** How many more bytes of step 2's messages this shard keeps as they are (the rest compressed). */
  private earlyRoom: number;
  /** Test seams (in-process runs only). */
  beforeWrite?: (file: string) => void;
  beforeRename?: (file: string) => void;
  /** Called after each file --fix wrote. */
  onWritten?: (file: string) => void;

  constructor(private init: ShardInit) {
    this.hashes = init.files.map((f) => f.hash);
    this.textRoom = init.keepText ?? 0;
    this.earlyRoom = init.earlyPlainBytes ?? EARLY_PLAIN_BYTES;
  }

  /**
   * The file's bytes. Step 2 reads and hashes them and lets them go (a shard holds one file at a
   * time); step 4 reads them again and must find the same bytes, or the file changed meanwhile.
   */
  private load(i: number): Uint8Array {
    let b = this.bytes[i];
    if (b) return b;
    const sf = this.init.files[i];
    b = this.init.stdin !== undefined ? (typeof this.init.stdin === 'string' ? Buffer.from(this.init.stdin, 'utf8') : this.init.stdin) : readBytes(sf.path, this.init.configs[sf.config].maxFileSize);
    const h = sha256(b);
    const before = this.hashes[i];
    if (before && h !== before) throw new ReadError(sf.path, 'file-unreadable', 'changed');
    this.hashes[i] = h;
    this.bytes[i] = b;
    return b;
  }

  private parse(i: number, text: string): ParsedScript {
    const sf = this.init.files[i];
    return parse(text, sf.path, { placeholders: this.init.configs[sf.config].placeholders });
  }

  /** Step 2: the index summary of every file. */
  index(): Indexed[] {
    return this.init.files.map((sf, i) => {
      let bytes: Uint8Array;
      let hash: string | undefined;
      try {
        if (sf.known) this.hashes[i] = undefined; // the cache's hash: compare, not require
        bytes = timed('read', sf.path, () => this.load(i));
        hash = this.hashes[i];
        if (!this.init.keepBytes) this.bytes[i] = undefined;
        // Reuse the cached summary if the bytes are the ones it was made from.
        if (sf.known && hash === sf.hash) {
          this.bytes[i] = undefined; // probably not linted at all
          // Read lazily: a warm run whose workspace did not change never needs the summaries (own
          // enumerable accessors, so that a structured clone to the main thread reads them).
          const known = sf.known;
          const x = { hash, parsed: false } as Indexed;
          Object.defineProperties(x, { summary: { get: () => known.summary, enumerable: true }, targets: { get: () => known.targets, enumerable: true } });
          return x;
        }
        const file = timed('read', sf.path, () => decodeBytes(bytes, sf.path));
        const script = timed('parse', sf.path, () => this.parse(i, file.text));
        const x = timed('index', sf.path, () => ({ hash, summary: summarizeScript(script), targets: jumpTargets(script), parsed: true }));
        if (this.init.early) this.lintEarly(i, script, file.text, x.summary, x.targets);
        if (!this.early[i] && file.text.length <= this.textRoom) {
          this.texts[i] = file;
          this.textRoom -= file.text.length;
        }
        if (this.early[i]) this.bytes[i] = undefined; // (not read again)
        return x;
      } catch (e) {
        if (!(e instanceof ReadError)) throw e;
        this.bytes[i] = undefined;
        return { hash, error: failure(e, this.init.configs[sf.config].locale), parsed: false };
      }
    });
  }

  /**
   * Step 2 (ShardInit.early): lint the file against the index of this file alone, when all its
   * jumps stay in it (otherwise the whole index will differ from its own anyway), and keep the
   * messages as JSON bytes.
   */
  private lintEarly(i: number, script: ParsedScript, text: string, summary: ScriptSummary, targets: string[]): void {
    const own = indexSummaries([summary]);
    if (!targets.every((t) => own.titles.has(t))) return;
    const sf = this.init.files[i];
    const config = this.init.configs[sf.config];
    const ruleTime = timing()?.ruleTimer(sf.path);
    const findings = timed('lint', sf.path, () => lintScript(script, own, config, ruleTime));
    const linted = compactLinted({ result: { filePath: sf.path, messages: toMessages(findings, text) }, fatal: false, written: false });
    const packed = linted.json.length > this.earlyRoom;
    if (packed) linted.json = timed('lint', sf.path, () => pack(linted.json));
    else this.earlyRoom -= linted.json.length;
    this.early[i] = { summary, targets, linted, packed };
  }

  /**
   * Step 4: lint the files marked in `todo` against the workspace index. With `emit`, each result
   * is handed over as soon as it is ready instead of being collected (the array returned is empty).
   */
  lint(index: WorkspaceIndex, todo: boolean[], emit?: (i: number, l: Linted) => void): (Linted | undefined)[] {
    const out: (Linted | undefined)[] = [];
    for (let i = 0; i < this.init.files.length; i++) {
      const l = this.step(i, index, todo, emit);
      out.push(emit ? undefined : l); // (handed over: not kept)
    }
    return out;
  }

  /** lint(), handing the event loop a turn between files, so that a signal handler can run (this thread, --fix). */
  async lintYielding(index: WorkspaceIndex, todo: boolean[]): Promise<(Linted | undefined)[]> {
    const out: (Linted | undefined)[] = [];
    for (let i = 0; i < this.init.files.length; i++) {
      if (todo[i]) await new Promise((r) => setImmediate(r));
      out.push(this.step(i, index, todo));
    }
    return out;
  }

  /** Whether --fix was told to stop (a signal): then no other file is started. */
  get stopped(): boolean {
    return !!this.init.stop && Atomics.load(this.init.stop, 0) !== 0;
  }

  private step(i: number, index: WorkspaceIndex, todo: boolean[], emit?: (i: number, l: Linted) => void): Linted | undefined {
    const l = todo[i] && !this.stopped ? this.lintOne(i, index) : undefined;
    if (emit && l) emit(i, l);
    this.bytes[i] = undefined; // done with this file
    this.texts[i] = undefined;
    this.early[i] = undefined;
    return l;
  }

  private lintOne(i: number, index: WorkspaceIndex): Linted {
    const e = this.early[i];
    if (e) {
      this.early[i] = undefined;
      if (readsSame(e.summary, e.targets, indexSummaries([e.summary]), index)) return expandLinted(e.packed ? { ...e.linted, json: unpack(e.linted.json) } : e.linted);
      trace(`again: ${this.init.files[i].path}`);
    }
    const sf = this.init.files[i];
    const config = this.init.configs[sf.config];
    let file: ScriptFile;
    try {
      file = this.texts[i] ?? timed('read', sf.path, () => decodeBytes(this.load(i), sf.path));
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      return { result: fatal(sf.path, failure(e, config.locale)), fatal: true, written: false };
    }
    const script = timed('parse', sf.path, () => this.parse(i, file.text));
    const ruleTime = timing()?.ruleTimer(sf.path);
    let findings = timed('lint', sf.path, () => lintScript(script, index, config, ruleTime));
    let text = file.text;
    if (this.init.fix && findings.some((f) => f.fix)) {
      for (let pass = 0; pass < 10; pass++) {
        const { text: next, applied } = applyFixes(text, findings);
        if (!applied.length) break;
        text = next;
        findings = lintScript(this.parse(i, text), index, config);
        if (!findings.some((f) => f.fix)) break;
      }
      if (text !== file.text) {
        const output = (file.bom ? '\ufeff' : '') + text;
        const result: FileResult = { filePath: sf.path, messages: toMessages(findings, text), output };
        if (this.init.stdin !== undefined) return { result, fatal: false, written: false };
        const problem = this.writeFixed(i, output);
        if (!problem) return { result, fatal: false, written: true };
        // Nothing was written: report the problem and the findings of the file as it is.
        const original = toMessages(lintScript(script, index, config), file.text);
        return { result: { filePath: sf.path, messages: [fatal(sf.path, { ruleId: null, message: problem }).messages[0], ...original] }, fatal: true, written: false };
      }
    }
    return { result: { filePath: sf.path, messages: toMessages(findings, text) }, fatal: false, written: false };
  }

  /**
   * Write a fixed file: only if writable, inside the linted folders (`roots`, real paths: never
   * through a symbolic link that leaves them) and unchanged since it was read — compared again
   * (size, mtime, content hash) right before the rename. Keeps mode and owner. Returns a problem
   * or undefined.
   */
  private writeFixed(i: number, content: string): string | undefined {
    const sf = this.init.files[i];
    this.beforeWrite?.(sf.path);
    let target: string;
    let st: fs.Stats;
    try {
      // Write through a symlink to the file it points to (the link stays a link).
      target = fs.realpathSync(sf.path);
      st = fs.statSync(target);
    } catch (e) {
      return `${sf.path}: cannot re-read before writing (${(e as NodeJS.ErrnoException).code}); fixes were not written`;
    }
    const roots = this.init.roots;
    if (roots && !roots.some((r) => isInside(target, r))) return `${sf.path}: is a link to ${target}, outside the linted folders; fixes were not written`;
    if (!st.isFile()) return `${sf.path}: not a regular file; fixes were not written`;
    // A file without write permission stays as it is, even for root (who may write it anyway).
    let writable = (st.mode & 0o222) !== 0;
    if (writable) {
      try {
        fs.accessSync(target, fs.constants.W_OK);
      } catch {
        writable = false;
      }
    }
    if (!writable) return `${sf.path}: file is read-only; fixes were not written`;
    let now: Buffer;
    try {
      now = readBounded(target, Math.max(this.init.configs[sf.config].maxFileSize, st.size));
    } catch (e) {
      return `${sf.path}: cannot re-read before writing (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fixes were not written`;
    }
    const digest = sha256(now);
    if (digest !== this.hashes[i]) return `${sf.path}: file changed while Parley was running; fixes were not written`;
    try {
      writeAtomic(target, content, { expect: { size: st.size, mtimeMs: st.mtimeMs, hash: sha256, digest }, beforeRename: this.beforeRename && (() => this.beforeRename!(sf.path)) });
    } catch (e) {
      if (e instanceof ConcurrentWriteError) return `${sf.path}: file changed while Parley was writing it (another program saved it); fixes were not written`;
      return `${sf.path}: cannot write fixes (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); file left unchanged`;
    }
    this.onWritten?.(sf.path);
    return undefined;
  }
}

/** Is `file` (a real path) inside the folder `root` (a real path)? */
export function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

// ----------------------------------------------------------------------------------------------
// Running shards in this thread or in worker threads.

/** Holds the summaries until a shard has taken them (so that a worker's copy is the only one left). */
interface SummaryHolder {
  summaries?: ScriptSummary[];
}

interface ShardHandle {
  index(): Promise<Indexed[]>;
  /** Lint the files marked in `todo`; `onLinted` hears of each as soon as it is done. */
  lint(holder: SummaryHolder, todo: boolean[], onLinted?: (i: number, l: Linted) => void): Promise<(Linted | undefined)[]>;
  close(): void;
}

function localShard(init: ShardInit, seams?: Pick<LintFilesOptions, 'beforeWrite' | 'beforeRename'>): ShardHandle {
  const shard = new Shard(init);
  shard.beforeWrite = seams?.beforeWrite;
  shard.beforeRename = seams?.beforeRename;
  return {
    index: async () => shard.index(),
    lint: async (holder, todo, onLinted) => {
      const index = timed('index', undefined, () => indexSummaries(holder.summaries ?? []));
      return init.stop ? shard.lintYielding(index, todo) : shard.lint(index, todo, onLinted);
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
function workerScript(): string | undefined {
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
function workerHeapMb(computed: number): number {
  const v = Number(process.env.PARLEY_WORKER_HEAP_MB);
  return Number.isFinite(v) && v > 0 ? v : computed;
}

/** A worker thread answering one request at a time; `partial` replies stream results of the current one. */
function startWorker(script: string, heapMb: number, youngMb = 32) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const limit = workerHeapMb(heapMb);
  const worker = new Worker(script, { argv: [WORKER_ARG], resourceLimits: { maxOldGenerationSizeMb: limit, maxYoungGenerationSizeMb: Math.min(youngMb, limit) } });
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

function workerShard(script: string, init: ShardInit, heapMb: number): ShardHandle {
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
      await w.call<void>({ type: 'lint', init: send(), summaries: holder.summaries ?? [], todo }, (batch) => {
        for (const [i, c] of batch) {
          if (onLinted) onLinted(i, expandLinted(c)); // (handed over: not kept)
          else out[i] = expandLinted(c);
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
function partition(sizes: number[], n: number): number[][] {
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

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

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
      ((i: number, l: Linted) => {
        members[i].linted ??= l;
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
      if (problem) stats.cacheProblem = { zh: `无法写入缓存 ${cache.file}（${problem}）`, en: `cannot write the cache ${cache.file} (${problem})` };
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
