/**
 * The built-in lexicons' automaton, compiled at build time (scripts/build.mjs writes
 * dist/lexicon-bank.bin) and loaded here instead of being compiled at every start: a few
 * milliseconds of reading instead of hundreds of compiling, in the CLI, its worker threads and the
 * language server. Only for configs that add no lexicon terms (the bank's key is the default
 * one); any other config is compiled as before. A file that is missing, damaged or made from other
 * lexicons (its fingerprint differs) is ignored. Node adapter: reads a file.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../core/config';
import { installLexiconBank } from '../core/engine';
import { LexiconBank, SNAPSHOT_ARRAYS, type LexiconSnapshot } from '../core/lexicon';
import { BUILTIN_CLASSES, BUILTIN_LEXICONS } from '../core/lexicons';
import DIALECT_FOLD from '../core/lexicons/dialect-fold.json';

export const PREBUILT_BANK_FILE = 'lexicon-bank.bin';
const MAGIC = 'PARLEYBANK1';

/** What a prebuilt bank must have been made from: these lexicons, folded with this dialect data (terms are folded as text is), and this snapshot layout. */
export function lexiconFingerprint(): string {
  return createHash('sha256').update(JSON.stringify([SNAPSHOT_ARRAYS, BUILTIN_LEXICONS, BUILTIN_CLASSES, DIALECT_FOLD])).digest('base64');
}

interface Header {
  magic: string;
  fingerprint: string;
  key: string;
  arrays: [name: string, type: string, offset: number, length: number][];
  patterns: string[];
  names: [string, number][];
  lexCount: number;
  numOnly: LexiconSnapshot['numOnly'];
}

const TYPES: Record<string, Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor> = { Int32Array, Uint16Array, Uint8Array };

/** The file's bytes for a snapshot: a 4-byte header length, the header (JSON), the arrays (8-byte aligned). */
export function encodeSnapshot(snap: LexiconSnapshot, key: string, fingerprint: string): Buffer {
  const arrays: Header['arrays'] = [];
  let offset = 0;
  for (const name of SNAPSHOT_ARRAYS) {
    const a = snap.arrays[name] as Int32Array | Uint16Array | Uint8Array;
    arrays.push([name, a.constructor.name, offset, a.length]);
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const header: Header = { magic: MAGIC, fingerprint, key, arrays, patterns: snap.patterns, names: snap.names, lexCount: snap.lexCount, numOnly: snap.numOnly };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headLen = Math.ceil((4 + json.length) / 8) * 8;
  const out = Buffer.alloc(headLen + offset);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  for (const [name, , off] of arrays) {
    const a = snap.arrays[name] as Int32Array | Uint16Array | Uint8Array;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, headLen + off);
  }
  return out;
}

/** A snapshot from the file's bytes (arrays in shared memory when `share`), or undefined if not usable. */
export function decodeSnapshot(buf: Uint8Array, fingerprint: string, share: boolean): { key: string; snapshot: LexiconSnapshot } | undefined {
  try {
    const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const len = b.readUInt32LE(0);
    const header = JSON.parse(b.toString('utf8', 4, 4 + len)) as Header;
    if (header.magic !== MAGIC || header.fingerprint !== fingerprint) return undefined;
    const headLen = Math.ceil((4 + len) / 8) * 8;
    const payload = b.length - headLen;
    // The arrays are views of the bytes as they are when these are already where they need to be
    // (shared memory, or aligned); otherwise of a copy.
    const shared = typeof SharedArrayBuffer !== 'undefined' && b.buffer instanceof SharedArrayBuffer;
    let store: ArrayBufferLike = b.buffer;
    let base = b.byteOffset + headLen;
    if ((share && !shared) || base % 8) {
      store = share && typeof SharedArrayBuffer !== 'undefined' ? new SharedArrayBuffer(payload) : new ArrayBuffer(payload);
      new Uint8Array(store).set(b.subarray(headLen));
      base = 0;
    }
    const arrays: LexiconSnapshot['arrays'] = {};
    const names = new Set(header.arrays.map((a) => a[0]));
    if (SNAPSHOT_ARRAYS.some((n) => !names.has(n))) return undefined;
    for (const [name, type, off, length] of header.arrays) {
      const Ctor = TYPES[type];
      if (!Ctor || off % 8 || off + length * Ctor.BYTES_PER_ELEMENT > payload) return undefined;
      arrays[name] = new Ctor(store as ArrayBuffer, base + off, length);
    }
    return { key: header.key, snapshot: { arrays, patterns: header.patterns, names: header.names, lexCount: header.lexCount, numOnly: header.numOnly } };
  } catch {
    return undefined;
  }
}

/** A file's bytes, read straight into shared memory (so that worker threads can be given them as they are). */
function readShared(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const out = new Uint8Array(typeof SharedArrayBuffer !== 'undefined' ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    let n = 0;
    while (n < size) {
      const k = fs.readSync(fd, out, n, size - n, n);
      if (k <= 0) break;
      n += k;
    }
    return out.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

let loaded: { key: string; snapshot: LexiconSnapshot } | null | undefined;

/**
 * The prebuilt bank next to this bundle, installed in this thread for the default key (once per
 * thread); its snapshot (shared memory) can be shipped to worker threads. Undefined when there is
 * none (running from sources, or a damaged or stale file).
 */
export function prebuiltBank(dir: string = __dirname): { configKey: string; snapshot: LexiconSnapshot } | undefined {
  if (loaded === undefined) {
    loaded = null;
    let bytes: Uint8Array | undefined;
    try {
      bytes = readShared(path.join(dir, PREBUILT_BANK_FILE));
    } catch {
      bytes = undefined;
    }
    const got = bytes && decodeSnapshot(bytes, lexiconFingerprint(), true);
    if (got && got.key === DEFAULT_CONFIG.key) {
      installLexiconBank(got.key, LexiconBank.fromSnapshot(got.snapshot));
      loaded = got;
    }
  }
  return loaded ? { configKey: loaded.key, snapshot: loaded.snapshot } : undefined;
}
