/**
 * The built-in lexicons' compiled form (LexiconBank.compiled()) as bytes: the file dist/lexicon-bank.bin
 * (written by scripts/build.mjs) that the Node bundles read beside them (node/bank-file.ts) and the
 * browser's server receives from the extension (lsp/browser-main.ts). Start-up reads it into typed
 * arrays that view the file's bytes: nothing to decode as UTF-8, to compile as part of a bundle
 * or to parse as JSON, and nothing for the garbage collector to copy. As a string literal in
 * each bundle it was about half of what Node had to read and compile.
 *
 * Layout (little-endian): "PLB4", the header's length (u32), the header (UTF-8 JSON: the build
 * id, lexicon names and counts, how many pieces and patterns and the patterns' total length, each
 * array's element type and length), zero padding to a multiple of 4, the patterns' texts as UTF-16
 * code units, then each array (the patterns' lengths first, then the trie, CompiledBank.tCls —
 * which holds the pieces: a piece is the path to its end state —, then those of FIELDS, the
 * trigger index last, those of DELTA as differences), each starting at a multiple of 4 bytes.
 *
 * The patterns' texts make the file the only copy of the built-in lexicons in the bundles' reach:
 * with the patterns' flags and lexicons they are all the lexicon files say (lexiconsOf(), which
 * the bundles use wherever the sources would be: a config's own word classes, the config check).
 */
import type { CompiledBank } from './types';

const MAGIC = 'PLB4';
type Kind = 'i8' | 'i16' | 'u16' | 'i32';
interface Header {
  id: string;
  names: string[];
  counts: number[];
  /** Pieces: how many (the trie's end states). */
  lits: number;
  /** Patterns: how many, and their texts' total length in UTF-16 units; the lengths are the array `patLen`. */
  pats: number;
  patUnits: number;
  arrays: [string, Kind, number][];
}

/** The array fields of CompiledBank, in file order (after `patLen`, the patterns' lengths, and the trie). */
const FIELDS = ['setLen', 'setItems', 'pLex', 'pFlags', 'pStart', 'pEntryNum', 'pEntry', 'pSimple', 'pTrigger', 'checksLen', 'checks', 'firstLen', 'first', 'kind', 'next', 'set', 'gap', 'altsLen', 'alts', 'trigCount', 'trigIds', 'trigNum', 'trigAlways'] as const;

/**
 * Arrays stored as the differences between neighbours (the first as it is), summed back when read:
 * node and set numbers that mostly grow with the index, whose differences compress far better in
 * the .vsix and the npm package (~27 KB less) for a few thousand additions at start-up.
 */
const DELTA = new Set<string>(['pStart', 'pEntry', 'pTrigger', 'checks', 'first', 'next', 'set', 'clsUnit']);

const TRIE = ['tCls', 'tKids', 'tFinal', 'clsUnit'] as const;

const WIDTH: Record<Kind, number> = { i8: 1, i16: 2, u16: 2, i32: 4 };
const pad4 = (n: number) => (n + 3) & ~3;

/** The bytes of the file for `bank`, stamped with `id` (the bundles that read it expect that id). */
export function encodeBank(bank: CompiledBank, id: string): Uint8Array {
  const delta = (a: ArrayLike<number>): number[] => Array.from(a, (v, i) => (i === 0 ? v : v - a[i - 1]));
  for (const f of [...TRIE, ...FIELDS]) if (!bank[f]) throw new Error(`bank file: the compiled bank has no ${f}`);
  const arrays: [string, ArrayLike<number>][] = [['patLen', bank.patterns.map((p) => p.length)], ...TRIE.map((f) => [f, DELTA.has(f) ? delta(bank[f]!) : bank[f]!] as [string, ArrayLike<number>]), ...FIELDS.map((f) => [f, DELTA.has(f) ? delta(bank[f]!) : bank[f]!] as [string, ArrayLike<number>])];
  const patUnits = bank.patterns.reduce((n, p) => n + p.length, 0);
  const kinds: [string, Kind, number][] = arrays.map(([name, a]) => {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < a.length; i++) {
      if (!Number.isInteger(a[i])) throw new Error(`bank file: ${name}[${i}] is not an integer`);
      lo = Math.min(lo, a[i]);
      hi = Math.max(hi, a[i]);
    }
    const kind: Kind = lo >= -128 && hi <= 127 ? 'i8' : lo >= -32768 && hi <= 32767 ? 'i16' : lo >= 0 && hi <= 65535 ? 'u16' : 'i32';
    return [name, kind, a.length];
  });
  const header = new TextEncoder().encode(JSON.stringify({ id, names: bank.names, counts: bank.counts, lits: bank.lits.length, pats: bank.patterns.length, patUnits, arrays: kinds } satisfies Header));
  let size = pad4(8 + header.length) + pad4(patUnits * 2);
  for (const [, kind, n] of kinds) size += pad4(n * WIDTH[kind]);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, header.length, true);
  out.set(header, 8);
  let off = pad4(8 + header.length);
  for (const p of bank.patterns) for (let i = 0; i < p.length; i++, off += 2) view.setUint16(off, p.charCodeAt(i), true);
  off = pad4(off);
  for (let k = 0; k < arrays.length; k++) {
    const a = arrays[k][1];
    const kind = kinds[k][1];
    for (let i = 0; i < a.length; i++, off += WIDTH[kind]) {
      if (kind === 'i8') view.setInt8(off, a[i]);
      else if (kind === 'i16') view.setInt16(off, a[i], true);
      else if (kind === 'u16') view.setUint16(off, a[i], true);
      else view.setInt32(off, a[i], true);
    }
    off = pad4(off);
  }
  return out;
}

/**
 * The strings of `lens.length` runs of `units`, end to end. (The lengths are checked against the
 * units here and in restore(), which reads the units, rather than summed at every start-up.)
 */
function strings(units: Uint16Array, lens: ArrayLike<number>): string[] {
  // Unit by unit (lone surrogates kept, which a UTF-16 TextDecoder would replace), in chunks
  // that stay under the engines' argument limit.
  let all = '';
  for (let i = 0; i < units.length; i += 8192) all += String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]);
  const out = new Array<string>(lens.length);
  let p = 0;
  for (let i = 0; i < lens.length; i++) {
    out[i] = all.slice(p, p + lens[i]);
    p += lens[i];
  }
  if (p !== units.length) throw new Error('lexicon bank file: the strings’ lengths do not add up to their units');
  return out;
}

/** The pieces of a trie stored as CompiledBank.tCls says: the paths to its end states, in their order. */
function trieStrings(cls: ArrayLike<number>, kids: ArrayLike<number>, final: ArrayLike<number>, clsUnit: ArrayLike<number>, count: number): string[] {
  const n = cls.length;
  const path = new Array<string>(n);
  path[0] = '';
  const out: string[] = [];
  for (let st = 0, c = 1; st < n; st++) {
    for (let m = kids[st]; m > 0; m--, c++) {
      if (c >= n) throw new Error('lexicon bank file: the trie is malformed');
      path[c] = path[st] + String.fromCharCode(clsUnit[cls[c] - 1]);
    }
    if (final[st]) out.push(path[st]);
  }
  if (out.length !== count) throw new Error('lexicon bank file: the trie does not hold the pieces');
  return out;
}

/**
 * The running sums of `a` (an array stored as differences). Widened first by the typed array's own
 * copy, so that the loop reads and writes one kind of array: a loop that sees several kinds (as
 * one over each array as stored would) runs several times slower before it is optimised, and
 * this runs once, cold, at start-up.
 */
function sums(a: Int8Array | Int16Array | Uint16Array | Int32Array): Int32Array {
  const s = new Int32Array(a);
  for (let i = 1; i < s.length; i++) s[i] += s[i - 1];
  return s;
}

/**
 * The compiled bank in `bytes`, or undefined when they are not a bank file of build `id` (a file
 * of another build, truncated, or not one at all): then the engine compiles the lexicons.
 */
export function decodeBank(bytes: Uint8Array, id: string): CompiledBank | undefined {
  try {
    if (bytes.length < 8 || String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== MAGIC) return undefined;
    // Typed arrays need their element size's alignment: a copy when the bytes do not start at one.
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const hlen = view.getUint32(4, true);
    if (8 + hlen > bytes.length) return undefined;
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen))) as Header;
    if (h.id !== id) return undefined;
    let off = pad4(8 + hlen);
    const patUnitsAt = off;
    off = pad4(off + h.patUnits * 2);
    const out: Record<string, ArrayLike<number>> = {};
    for (const [name, kind, n] of h.arrays) {
      const end = off + n * WIDTH[kind];
      if (end > bytes.length) return undefined;
      const at = bytes.byteOffset + off;
      const a = kind === 'i8' ? new Int8Array(bytes.buffer, at, n) : kind === 'i16' ? new Int16Array(bytes.buffer, at, n) : kind === 'u16' ? new Uint16Array(bytes.buffer, at, n) : new Int32Array(bytes.buffer, at, n);
      out[name] = DELTA.has(name) ? sums(a) : a;
      off = pad4(end);
    }
    const patLen = out.patLen;
    if (!patLen || patLen.length !== h.pats) return undefined;
    for (const f of [...TRIE, ...FIELDS]) if (!out[f]) return undefined;
    // The patterns: their units as they are (lone surrogates too), viewed; their strings are cut
    // from one string of all the units when first asked for. The pieces' strings are made from
    // the trie likewise (restore() takes the trie as it is).
    if (patUnitsAt + h.patUnits * 2 > bytes.length) return undefined;
    const patUnits = new Uint16Array(bytes.buffer, bytes.byteOffset + patUnitsAt, h.patUnits);
    let lits: string[] | undefined;
    let patterns: string[] | undefined;
    return {
      names: h.names,
      counts: h.counts,
      get patterns() {
        return (patterns ??= strings(patUnits, patLen));
      },
      get lits() {
        return (lits ??= trieStrings(out.tCls, out.tKids, out.tFinal, out.clsUnit, h.lits));
      },
      patUnits,
      patLen,
      ...(out as Record<(typeof FIELDS)[number], ArrayLike<number>>),
    };
  } catch {
    return undefined;
  }
}
