/**
 * A shard: the part of a run that runs in a worker thread (or in this thread). Step 2 reads,
 * hashes, decodes and parses each of its files and returns their index summaries (linting each one
 * early against its own index when it can); step 4 lints them against the workspace index, applies
 * --fix and writes the fixed files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Zlib from 'node:zlib';
import type { FileResult } from '../../cli/formatters/types';
import type { ResolvedConfig } from '../../core/config';
import { lintScript } from '../../core/engine';
import { applyFixes } from '../../core/fix';
import { parse, type ParsedScript } from '../../core/parser';
import type { WorkspaceIndex } from '../../core/rule';
import { indexSummaries, jumpTargets, readsSame, summarizeScript, type ScriptSummary } from '../../core/workspace';
import { runHash, sha256 } from '../cache';
import { markSoleView } from '../discard';
import { ConcurrentWriteError, ReadError, readBounded, writeAtomic, type ScriptFile } from '../read';
import { timed, timing } from '../timing';
import { decodeBytes, readBytes } from './decode';
import { MessageParts } from './parts';
import { compactLinted, expandLinted, failure, fatal, toMessages, type CompactLinted, type FileFailure, type Linted } from './results';
import { trace } from './trace';

/**
 * Decoded text a worker keeps between indexing and linting (UTF-16 units: 2 bytes each). Not with
 * --cache: that run already holds every file's summary and messages for the cache file.
 */
export const KEEP_TEXT_UNITS = 5 * 2 ** 20;

/**
 * Step 2's messages a shard keeps as they are until step 4 (bytes of JSON); beyond this, it keeps
 * them as parts (parts.ts: each distinct message head once, a message as numbers), so that a large
 * run does not hold its whole output in memory twice over.
 */
const EARLY_PLAIN_BYTES = 4 * 2 ** 20;

/**
 * UTF-16 units of distinct heads and tails a shard keeps as parts (the reference corpus: about 2 M
 * per worker thread); beyond, the messages of further files are kept compressed (Brotli at quality
 * 0: about a seventh of the size of their JSON), whatever their heads.
 */
const EARLY_PARTS_UNITS = 6 * 2 ** 20;

/** node:zlib, loaded when a shard's messages first pass EARLY_PLAIN_BYTES (not at every start: it costs milliseconds). */
let zlibModule: typeof Zlib | undefined;
function loadZlib(): typeof Zlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (zlibModule ??= require('node:zlib') as typeof Zlib);
}

/**
 * The bytes compressed, in a buffer of their exact size: zlib returns a slice of its 16 KB output
 * chunk, and a file's 7 KB kept as that slice would hold all 16 (the reference corpus: 8 MB more
 * per worker thread).
 */
export function pack(json: Uint8Array): Uint8Array {
  const zlib = loadZlib();
  const out = zlib.brotliCompressSync(json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 0, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
  return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : new Uint8Array(out);
}

const NO_BYTES = new Uint8Array(0);
const encoder = new TextEncoder();

/**
 * The `size` bytes pack() was given, in a buffer of their own (so that they can be transferred).
 * Decompressed in one piece of output room a byte larger than them: with zlib's default 16 KB
 * pieces, a file's 52 KB came as four pieces joined into a fifth buffer, ~120 KB of garbage per
 * file that a worker busy in its lint loop frees only at its next garbage collection (on the
 * reference corpus the worker threads' malloc arenas grew by ~30 MB each while they linted). The
 * one byte more keeps zlib from starting a piece it would not fill (room used up exactly makes it
 * allocate the next one). The result spans its buffer but for that byte (discard.ts markSoleView).
 */
export function unpack(packed: Uint8Array, size: number): Uint8Array {
  const chunkSize = Math.max(size + 1, 64);
  const b = loadZlib().brotliDecompressSync(packed, { chunkSize });
  // (Room under 4 KB is a slice of Buffer's shared pool, never the result's own: copied.)
  if (b.byteOffset !== 0 || b.byteLength !== size || b.buffer.byteLength !== chunkSize) return new Uint8Array(b);
  markSoleView(b);
  return b;
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
  /**
   * Nothing keeps or compares the files' hashes beyond this run (no --cache, no --fix): a small
   * file's may be a quick one (cache.ts runHash) instead of sha256.
   */
  quickHash?: boolean;
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
  /** Bytes of step 2's messages kept as they are, the rest as parts (default EARLY_PLAIN_BYTES; a test seam). */
  earlyPlainBytes?: number;
  /** Units of the parts table, beyond which messages are kept compressed (default EARLY_PARTS_UNITS; a test seam). */
  earlyPartsUnits?: number;
}

export interface Indexed {
  hash?: string;
  summary?: ScriptSummary;
  targets?: string[];
  /** Set when the file could not be read or decoded. */
  error?: FileFailure;
  parsed: boolean;
}


export class Shard {
  private bytes: (Uint8Array | undefined)[] = [];
  /** Decoded text kept from step 2 (see ShardInit.keepText), and how much room is left. */
  private texts: (ScriptFile | undefined)[] = [];
  private textRoom: number;
  /** Hash of the bytes this shard read (or was told of). */
  private hashes: (string | undefined)[] = [];
  /**
   * Step 2's messages of each file (ShardInit.early), with what the file reads of an index: as
   * JSON bytes (`linted.json`), compressed (`packed`, with their size) or as parts (`records`, over `parts`).
   */
  private early: ({ summary: ScriptSummary; targets: string[]; linted: CompactLinted; packed?: { size: number }; records?: Int32Array } | undefined)[] = [];
  /** How many more bytes of step 2's messages this shard keeps as they are (the rest as parts). */
  private earlyRoom: number;
  /** The distinct heads and tails of the messages kept as parts. */
  private parts: MessageParts | undefined;
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
    const h = this.init.quickHash ? runHash(b) : sha256(b);
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
      let bytes: Uint8Array | undefined;
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
        const file = timed('read', sf.path, () => decodeBytes(bytes!, sf.path));
        bytes = undefined; // (not held while a large file is parsed and linted: the text is read from here)
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
    const messages = toMessages(findings, text);
    if (this.earlyRoom > 0) {
      const linted = compactLinted({ result: { filePath: sf.path, messages }, fatal: false, written: false });
      if (linted.json.length <= this.earlyRoom) {
        this.earlyRoom -= linted.json.length;
        this.early[i] = { summary, targets, linted };
        return;
      }
      this.earlyRoom = 0; // (the files after this one go on as parts)
    }
    const parts = (this.parts ??= new MessageParts(this.init.earlyPartsUnits ?? EARLY_PARTS_UNITS));
    const records = parts.keep(messages);
    if (records) {
      const counts = { error: 0, warning: 0, total: messages.length };
      for (const m of messages) {
        if (m.severity === 'error') counts.error++;
        else if (m.severity === 'warning') counts.warning++;
      }
      this.early[i] = { summary, targets, linted: { filePath: sf.path, json: NO_BYTES, counts, fatal: false, written: false }, records };
      return;
    }
    const linted = compactLinted({ result: { filePath: sf.path, messages }, fatal: false, written: false });
    const size = linted.json.length;
    linted.json = timed('lint', sf.path, () => pack(linted.json));
    this.early[i] = { summary, targets, linted, packed: { size } };
  }

  /** The JSON bytes of step 2's messages of a file. */
  private earlyJson(e: NonNullable<Shard['early'][number]>): Uint8Array {
    if (e.records) return encoder.encode(this.parts!.json(e.records));
    return e.packed ? unpack(e.linted.json, e.packed.size) : e.linted.json;
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
      if (readsSame(e.summary, e.targets, indexSummaries([e.summary]), index)) return expandLinted(e.packed || e.records ? { ...e.linted, json: this.earlyJson(e) } : e.linted);
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
