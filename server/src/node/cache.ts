/**
 * The results cache of `parley lint --cache` (Node adapter).
 *
 * Content-hash strategy, so it is safe in CI (a fresh checkout has new mtimes but the same bytes):
 * an entry is reused only when all of these are unchanged —
 *   - the Parley version (a different version discards the whole file),
 *   - the file's bytes (SHA-256),
 *   - the resolved config that applies to the file (severities, options, placeholders, lexicons…),
 *   - the part of the workspace index the file's cross-file rules read (`dependencyKey`): the
 *     nodes sharing its titles (duplicate-title), the incoming jumps of its titles (entry nodes),
 *     the nodes its jumps reach and their audiences (undefined-jump, identity-not-confirmed) and,
 *     when a jump target is missing, every title of the workspace (the did-you-mean).
 * The file also keeps each script's index summary, so an unchanged file is not even parsed.
 * A missing, unreadable or corrupt cache file is an empty cache; it is written atomically.
 *
 * The cache is a hint, never a verdict: the file may come from anywhere (committed to the
 * repository, restored by a CI cache another branch wrote, edited by hand), so every line carries
 * an HMAC-SHA256 of its bytes and of the Parley version, under a key that is not in the
 * repository — `PARLEY_CACHE_KEY` if set, else a per-user key file created 0600 under the user's
 * cache folder (`$XDG_CACHE_HOME/parley/key`, `~/.cache/parley/key`…). A line that does not
 * check out (forged "no messages", bit rot, another user's key) is dropped and its file linted
 * afresh, so `--cache` never reports fewer findings than a run without it.
 *
 * The header also keeps a fingerprint of the whole run it was written by (every path, config and
 * content hash, in order): when the next run has the same fingerprint, the workspace index is the
 * same, so every cached dependency key still holds and neither the index nor the keys are rebuilt.
 *
 * Format: a JSON header line (with its own HMAC), then one line per script: its HMAC, a tab, its metadata as JSON, a tab, its index
 * summary and jump targets as JSON (parsed only when a run needs the index), a tab, and its
 * messages exactly as the json formatter prints them (kept as text: a warm run prints them
 * without parsing them).
 */
import type * as Crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolvedConfig } from '../core/config';
import type { ScriptSummary } from '../core/workspace';
import type { WorkspaceIndex } from '../core/rule';
import { ReadError, readBounded } from './read';

let cryptoModule: typeof Crypto | undefined;
/** node:crypto, loaded when a hash is first needed: a run without --cache needs none, and loading it costs start-up time. */
export function crypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (cryptoModule ??= require('node:crypto') as typeof Crypto);
}

const DEFAULT_CACHE_NAME = '.parleycache';
/** A cache file larger than this (or not a regular file) is not read: an empty cache. */
const CACHE_MAX_SIZE = 2 ** 30;
const FORMAT = 4;

export interface Counts {
  error: number;
  warning: number;
  /** Messages in all (info and hints included). */
  total: number;
}

export interface CacheEntry {
  /** SHA-256 of the file's bytes. */
  hash: string;
  /** Hash of the resolved config that applies to the file. */
  config: string;
  summary: ScriptSummary;
  /** Every `<<jump>>` target in the file (titled node or not). */
  targets: string[];
  /** Dependency key of the workspace the messages were computed in. */
  deps: string;
  counts: Counts;
  /** The messages as JSON text, UTF-8 (printed as they are by the json format: never decoded on a warm run). */
  messages: Uint8Array;
}

type Meta = Omit<CacheEntry, 'messages' | 'summary' | 'targets'> & { path: string };

/** The index part of entries read from the file, as bytes, until (unless) a run asks for it. */
const rawIndex = new WeakMap<CacheEntry, Uint8Array>();

/** A cache entry whose summary and targets are parsed from `raw` on first use (own enumerable accessors: a structured clone reads them too). */
function lazyEntry(meta: Omit<Meta, 'path'>, raw: Uint8Array, messages: Uint8Array): CacheEntry {
  let parsed: { summary: ScriptSummary; targets: string[] } | undefined;
  const get = () => {
    if (!parsed) {
      // A damaged index part yields no summary: the file is then parsed again to index it.
      let v: { summary?: ScriptSummary; targets?: string[] } | undefined;
      try {
        v = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')) as typeof v;
      } catch {
        v = undefined;
      }
      const ok = !!v && !!v.summary && typeof v.summary === 'object' && Array.isArray(v.summary.nodes) && Array.isArray(v.summary.jumps) && Array.isArray(v.targets);
      parsed = ok ? (v as { summary: ScriptSummary; targets: string[] }) : { summary: undefined as unknown as ScriptSummary, targets: [] };
    }
    return parsed;
  };
  const e = { ...meta, messages } as CacheEntry;
  Object.defineProperties(e, {
    summary: { get: () => get().summary, enumerable: true },
    targets: { get: () => get().targets, enumerable: true },
  });
  rawIndex.set(e, raw);
  return e;
}

export function sha256(data: string | Uint8Array): string {
  return crypto().createHash('sha256').update(data).digest('base64');
}

/** Below this size a file's bytes are hashed in JavaScript (quickHash) when nothing keeps the hash. */
const QUICK_MAX = 64 * 1024;

/**
 * A hash of a file's bytes that only this run compares (did the file change between two reads?
 * with neither --cache nor --fix, which keep or compare sha256): for a small file a 64-bit hash
 * computed here (murmur3's mixing, two lanes), so that a one-file lint need not load node:crypto
 * (and the streams it loads: several milliseconds of a run of a hundred); sha256 for a larger file,
 * where it is the faster. The kind is chosen by the length, so two reads of different lengths
 * differ whichever each used.
 */
export function runHash(b: Uint8Array): string {
  if (b.length >= QUICK_MAX) return sha256(b);
  let h1 = 0x9747b28c ^ b.length;
  let h2 = 0x85ebca6b ^ b.length;
  const n = b.length & ~3;
  let i = 0;
  for (; i < n; i += 4) {
    let k = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = (Math.imul(h2 ^ k, 0x27d4eb2f) + i) | 0;
  }
  for (; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i], 0x01000193);
    h2 = Math.imul(h2 + b[i], 0x2c1b3c6d);
  }
  return `q${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${b.length}`;
}

/** `--cache-location`: a file, or a folder (existing, or written with a trailing slash) to put `.parleycache` in. */
export function resolveCacheLocation(location: string | undefined, cwd: string): string {
  if (!location) return path.join(cwd, DEFAULT_CACHE_NAME);
  const abs = path.resolve(cwd, location);
  let isDir = /[\\/]$/.test(location);
  try {
    isDir ||= fs.statSync(abs).isDirectory();
  } catch {
    /* does not exist yet: a file */
  }
  return isDir ? path.join(abs, DEFAULT_CACHE_NAME) : abs;
}

/** A stable fingerprint of a resolved config (every field that can change a finding). */
export function configHash(c: ResolvedConfig): string {
  // Every field, whatever fields the config grows (Maps and Sets as their entries).
  return sha256(JSON.stringify(c, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)));
}

/** Where the per-user cache key lives (outside any repository). */
function cacheKeyFile(): string {
  const env = process.env;
  let base: string;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) base = env.XDG_CACHE_HOME;
  else if (process.platform === 'win32') base = env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');
  else if (process.platform === 'darwin') base = path.join(os.homedir(), 'Library', 'Caches');
  else base = path.join(os.homedir(), '.cache');
  return path.join(base, 'parley', 'key');
}

const keys = new Map<string, Buffer>();

/**
 * The key that authenticates cache entries: `PARLEY_CACHE_KEY`, else the per-user key file
 * (created with 32 random bytes, mode 0600, in a 0700 folder). If neither can be had, a key for
 * this process only: the cache then never vouches for anything across runs (slower, still right).
 */
function cacheKey(): Buffer {
  const fromEnv = process.env.PARLEY_CACHE_KEY;
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const file = cacheKeyFile();
  let k = keys.get(file);
  if (k) return k;
  try {
    k = readBounded(file, 4096, 'the key size limit');
    if (k.length < 16) throw new Error('short key');
  } catch {
    k = undefined;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const fresh = crypto().randomBytes(32);
      const fd = fs.openSync(file, 'wx', 0o600);
      try {
        fs.writeSync(fd, fresh);
      } finally {
        fs.closeSync(fd);
      }
      k = fresh;
    } catch {
      // Another run created it meanwhile (read it), or the folder is not writable (this process only).
      try {
        k = readBounded(file, 4096, 'the key size limit');
        if (k.length < 16) k = undefined;
      } catch {
        k = undefined;
      }
      k ??= crypto().randomBytes(32);
    }
  }
  keys.set(file, k);
  return k;
}

function mac(key: Buffer, version: string, parts: Uint8Array[]): Buffer {
  const h = crypto().createHmac('sha256', key).update(version).update('\0');
  for (const p of parts) h.update(p);
  return h.digest();
}

function macOk(expected: Buffer, b64: Uint8Array): boolean {
  const got = Buffer.from(Buffer.from(b64.buffer, b64.byteOffset, b64.byteLength).toString('latin1'), 'base64');
  return got.length === expected.length && crypto().timingSafeEqual(got, expected);
}

const TAB = Buffer.from('\t');

function validCounts(c: unknown): c is Counts {
  const n = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  return !!c && typeof c === 'object' && n((c as Counts).error) && n((c as Counts).warning) && n((c as Counts).total);
}

export class ResultsCache {
  private entries: Map<string, CacheEntry>;
  private dirty = false;
  /** Why the old cache file was not used, if it was not. */
  readonly discarded?: string;
  /** Fingerprint of the run that wrote the file (see `workspaceFingerprint`). */
  private workspaceKey?: string;

  private constructor(
    readonly file: string,
    readonly version: string,
    entries: Map<string, CacheEntry>,
    discarded?: string,
  ) {
    this.entries = entries;
    this.discarded = discarded;
    if (discarded) this.dirty = true;
  }

  static load(file: string, version: string): ResultsCache {
    let buf: Buffer;
    try {
      buf = readBounded(file, CACHE_MAX_SIZE, 'the cache size limit');
    } catch (e) {
      const missing = e instanceof ReadError && /ENOENT/.test(e.message);
      return new ResultsCache(file, version, new Map(), missing ? undefined : 'unreadable');
    }
    const key = cacheKey();
    const entries = new Map<string, CacheEntry>();
    let workspace: string | undefined;
    let rejected = 0;
    try {
      let eol = buf.indexOf(10);
      if (eol < 0) throw new Error('no header');
      const head = JSON.parse(buf.toString('utf8', 0, eol)) as { format: number; parley: string; workspace?: string; mac?: string };
      if (!head || head.format !== FORMAT) return new ResultsCache(file, version, entries, 'unknown format');
      if (head.parley !== version) return new ResultsCache(file, version, entries, `written by Parley ${head.parley}`);
      // The workspace fingerprint is trusted only when the header is authentic.
      if (typeof head.workspace === 'string' && typeof head.mac === 'string' && macOk(mac(key, version, [Buffer.from('header\0' + head.workspace)]), Buffer.from(head.mac, 'latin1'))) workspace = head.workspace;
      for (let start = eol + 1; start < buf.length; start = eol + 1) {
        eol = buf.indexOf(10, start);
        if (eol < 0) break; // a truncated last line: dropped
        const t0 = buf.indexOf(9, start);
        const tab = t0 < 0 ? -1 : buf.indexOf(9, t0 + 1);
        const tab2 = tab < 0 ? -1 : buf.indexOf(9, tab + 1);
        if (t0 < 0 || tab < 0 || tab2 < 0 || tab2 > eol) {
          rejected++;
          continue;
        }
        const metaBytes = buf.subarray(t0 + 1, tab);
        const index = buf.subarray(tab + 1, tab2);
        const messages = buf.subarray(tab2 + 1, eol);
        if (!macOk(mac(key, version, [metaBytes, TAB, index, TAB, messages]), buf.subarray(start, t0))) {
          rejected++;
          continue;
        }
        let meta: Meta;
        try {
          meta = JSON.parse(metaBytes.toString('utf8')) as Meta;
        } catch {
          rejected++;
          continue;
        }
        const { path: p, ...rest } = meta ?? ({} as Meta);
        if (typeof p !== 'string' || typeof rest.hash !== 'string' || typeof rest.config !== 'string' || typeof rest.deps !== 'string' || !validCounts(rest.counts)) {
          rejected++;
          continue;
        }
        entries.set(p, lazyEntry(rest, index, messages));
      }
    } catch {
      return new ResultsCache(file, version, new Map(), 'corrupt');
    }
    const cache = new ResultsCache(file, version, entries, rejected ? `${rejected} entr${rejected === 1 ? 'y' : 'ies'} did not check out` : undefined);
    cache.workspaceKey = workspace;
    return cache;
  }

  /** The fingerprint of the run that wrote this cache. */
  get workspace(): string | undefined {
    return this.workspaceKey;
  }

  /** Record the fingerprint of this run (written with the entries). */
  set workspace(key: string | undefined) {
    if (key === this.workspaceKey) return;
    this.workspaceKey = key;
    this.dirty = true;
  }

  get(file: string): CacheEntry | undefined {
    return this.entries.get(file);
  }

  set(file: string, entry: CacheEntry): void {
    if (this.entries.get(file) === entry) return;
    this.entries.set(file, entry);
    this.dirty = true;
  }

  delete(file: string): void {
    if (this.entries.delete(file)) this.dirty = true;
  }

  /** Keep only the files of this run (files deleted or renamed since drop out). */
  retain(files: Set<string>): void {
    for (const k of this.entries.keys()) {
      if (!files.has(k)) {
        this.entries.delete(k);
        this.dirty = true;
      }
    }
  }

  /** Write the cache atomically if it changed; a failure is not an error of the lint run (returns the reason). */
  save(): string | undefined {
    if (!this.dirty) return undefined;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const fd = fs.openSync(tmp, 'w');
      try {
        const key = cacheKey();
        const headMac = this.workspaceKey === undefined ? undefined : mac(key, this.version, [Buffer.from('header\0' + this.workspaceKey)]).toString('base64');
        const parts: Uint8Array[] = [Buffer.from(JSON.stringify({ format: FORMAT, parley: this.version, workspace: this.workspaceKey, mac: headMac }) + '\n')];
        let size = 0;
        const EOL = Buffer.from('\n');
        for (const [p, e] of this.entries) {
          const { hash, config, deps, counts, messages } = e;
          const index = rawIndex.get(e) ?? Buffer.from(JSON.stringify({ summary: e.summary, targets: e.targets }));
          const meta = Buffer.from(JSON.stringify({ path: p, hash, config, deps, counts }));
          const m = Buffer.from(mac(key, this.version, [meta, TAB, index, TAB, messages]).toString('base64'), 'latin1');
          parts.push(m, TAB, meta, TAB, index, TAB, messages, EOL);
          size += messages.length + 256;
          if (size > 1 << 20) {
            fs.writeSync(fd, Buffer.concat(parts));
            parts.length = 0;
            size = 0;
          }
        }
        fs.writeSync(fd, Buffer.concat(parts));
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      this.dirty = false;
      return undefined;
    } catch (e) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* nothing to clean */
      }
      return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
  }
}

/**
 * A fingerprint of a run's whole input: every file's path, config and content hash, in order (the
 * workspace index is a function of exactly these). `undefined` when a file could not be read.
 */
export function workspaceFingerprint(files: Iterable<{ path: string; config: string; hash: string | undefined }>): string | undefined {
  const h = crypto().createHash('sha256');
  for (const f of files) {
    if (f.hash === undefined) return undefined;
    h.update(f.path + '\0' + f.config + '\0' + f.hash + '\n');
  }
  return h.digest('base64');
}

/**
 * What of the workspace index a file's findings depend on, as a hash. `allTitles` is computed on
 * demand (only files with a jump to a missing title need it); `memo` shares work between the files
 * of one run (same index).
 */
export function dependencyKey(summary: ScriptSummary, targets: string[], index: WorkspaceIndex, allTitles: () => string, memo = new Map<string, string>()): string {
  const h = crypto().createHash('sha256');
  const nodesOf = (title: string) => {
    let s = memo.get(title);
    if (s !== undefined) return s;
    s = JSON.stringify(title) + ':';
    for (const e of index.titles.get(title) ?? []) s += JSON.stringify(e.uri) + '@' + e.node.titleLine + '=' + (e.node.props.audience?.value ?? '') + ';';
    // Kept as a digest: a title with n copies is hashed into the key of each of them, so the
    // n-long list itself would make the keys quadratic (issue 13 item 4).
    s = crypto().createHash('sha256').update(s).digest('base64');
    memo.set(title, s);
    return s;
  };
  for (const n of summary.nodes) h.update(nodesOf(n.title) + '<' + (index.incoming.get(n.title) ?? 0) + '\n');
  let missing = false;
  for (const t of targets) {
    if (!index.titles.has(t)) missing = true;
    h.update('>' + nodesOf(t) + '\n');
  }
  if (missing) h.update('*' + allTitles());
  return h.digest('base64');
}
