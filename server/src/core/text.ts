/**
 * Folding: a one-unit-for-one-unit normalisation of text so that every offset in the folded
 * string is the offset in the original. Full-width ASCII becomes half-width, traditional
 * characters become simplified (opencc-js's table, character by character: data/t2s.json), ASCII is lower-cased; then
 * Cantonese and Taiwan Mandarin forms become Mandarin (dialect.ts, same length).
 */
import T2S from './data/t2s.json';
import { applyDialect, dialectTouches } from './dialect';

// opencc-js's Hong Kong and Taiwan → mainland conversion of single characters, as a table
// generated from it (scripts/gen-fold-table.mjs; test/core/fold-table.test.ts compares it with
// opencc): no dictionaries to load at start-up. Built on first use into a table by code unit (0:
// unchanged), not a Map: 3,400 Map insertions were a few milliseconds of a one-file lint.
let t2s: Uint16Array | undefined;
function toSimplified(code: number): number {
  if (!t2s) {
    t2s = new Uint16Array(65536);
    for (let i = 0; i + 1 < T2S.length; i += 2) t2s[T2S.charCodeAt(i)] = T2S.charCodeAt(i + 1);
  }
  const s = t2s[code];
  return s === 0 ? code : s;
}
/** Folded value of every UTF-16 unit seen so far (0 = not computed yet; no unit folds to 0 but NUL). */
const table = new Uint16Array(65536);

/** Is this code unit possibly a CJK character that opencc might convert? */
function isHan(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

function computeFold(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
  else if (code === 0x3000) return 0x20;
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (isHan(code)) {
    // 么 is already simplified (opencc's single-character table maps it to 幺, a different word):
    // the table leaves it out.
    return toSimplified(code);
  }
  return code;
}

export function foldUnit(code: number): number {
  let f = table[code];
  if (f === 0 && code !== 0) table[code] = f = computeFold(code);
  return f;
}

/** Fold a string; the result has exactly the same length. */
export function fold(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (foldUnit(c) !== c || dialectTouches(c, i + 1 < n ? foldUnit(s.charCodeAt(i + 1)) : 0)) break;
  }
  if (i === n) return s;
  const units = new Uint16Array(n);
  for (let k = 0; k < i; k++) units[k] = s.charCodeAt(k);
  for (; i < n; i++) units[i] = foldUnit(s.charCodeAt(i));
  applyDialect(s, units);
  if (n <= 8192) return String.fromCharCode.apply(null, units as unknown as number[]);
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode.apply(null, units.subarray(k, k + 8192) as unknown as number[]);
  return out;
}

/** Full-width ASCII forms and the book-title brackets an input method types for `<` `>` (FORMAT §2, v1.1). */
const IME_FORMS = /[\uff01-\uff5e\u300a\u300b]/;
const IME_FORMS_G = /[\uff01-\uff5e\u300a\u300b]/g;
function imeToAscii(c: string): string {
  const code = c.charCodeAt(0);
  return code === 0x300a ? '<' : code === 0x300b ? '>' : String.fromCharCode(code - 0xfee0);
}

/**
 * A line as the format's syntax reads it (FORMAT §2, v1.1): full-width ASCII forms (U+FF01–U+FF5E)
 * become their ASCII forms and the book-title brackets `《` `》` become `<` `>`, so that `｛金额｝`,
 * `＜＜jump X＞＞`, `《《jump X》》`, `－＞`, `＝＝＝` read as `{金额}`, `<<jump X>>`, `->`, `===`.
 * One unit for one unit (every offset is the offset in the original) and case is kept: the parser
 * decides structure on this form and takes names and text from the original. (A single `《…》`
 * becomes `<…>`, which is no syntax: only `<<` opens a command.)
 */
export function syntaxForm(s: string): string {
  return IME_FORMS.test(s) ? s.replace(IME_FORMS_G, imeToAscii) : s;
}

/**
 * A flat copy of a string built from slices of a script (messages quote the script's words, titles
 * come from its lines): without it such a string keeps the script's whole text alive for as long
 * as the finding or the summary lives.
 */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}

/** Clause boundaries: a `…` gap never crosses these. */
export const CLAUSE_BREAK = new Set([...',,;;。!!??、:\n'].map((c) => c.charCodeAt(0)));
/** Sentence boundaries: a `……` gap never crosses these. */
export const SENTENCE_BREAK = new Set([...';;。!!??\n'].map((c) => c.charCodeAt(0)));

/**
 * Levenshtein distance if it is below `bound`; otherwise some value ≥ `bound` (the computation stops
 * as soon as every cell of a row reaches the bound).
 */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

function boundedDistance(a: string, b: string, bound: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) >= bound) return bound;
  if (bound === 1) return a === b ? 0 : 1;
  if (rowA.length <= lb) {
    rowA = new Int32Array(lb * 2 + 2);
    rowB = new Int32Array(lb * 2 + 2);
  }
  // Only cells with |i - j| < bound can hold a distance below the bound (Ukkonen's band); cells
  // outside count as `bound`.
  const k = bound === Infinity ? Math.max(la, lb) + 1 : bound - 1;
  const big = bound === Infinity ? la + lb + 1 : bound;
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= lb; j++) prev[j] = j <= k ? j : big;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(lb, i + k);
    cur[lo - 1] = lo - 1 === 0 ? (i <= k ? i : big) : big;
    let rowMin = cur[lo - 1];
    const ac = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      let v = prev[j - 1] + (ac === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (v > big) v = big;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < lb) cur[hi + 1] = big;
    if (rowMin >= bound) return bound;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] >= big ? bound : prev[lb];
}

/** Could toLowerCase change this string? (No for digits, punctuation, CJK: the common titles.) */
function mayChangeCase(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x41 || (c > 0x5a && c < 0xc0)) continue;
    if ((c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff01 && c <= 0xff20)) continue;
    return true;
  }
  return false;
}

/** Lower-cased names, their lengths and indexes by their first 2, 4 and 6 characters, for fast did-you-mean over long lists. */
interface NameIndex {
  lower: string[];
  length: Int32Array;
  byPrefix: Map<string, number[]>[];
}
const PREFIXES = [6, 4, 2];
const nameIndexes = new WeakMap<readonly string[], NameIndex>();

/** Did-you-mean over long lists of names (workspace titles) is much faster when the list is indexed first. */
export function indexNames(names: readonly string[]): void {
  if (nameIndexes.has(names)) return;
  const lower = names.map((c) => (mayChangeCase(c) ? c.toLowerCase() : c));
  const byPrefix = PREFIXES.map(() => new Map<string, number[]>());
  lower.forEach((l, i) => {
    PREFIXES.forEach((n, k) => {
      if (l.length < n) return;
      const key = l.slice(0, n);
      let list = byPrefix[k].get(key);
      if (!list) byPrefix[k].set(key, (list = []));
      list.push(i);
    });
  });
  nameIndexes.set(names, { lower, length: Int32Array.from(lower, (l) => l.length), byPrefix });
}

/**
 * The candidate closest to `value` (Levenshtein, case-insensitive; the first of equals), if close
 * enough to be a likely typo: at most a third of the length apart, and at least 1.
 */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const v = value.toLowerCase();
  const list = Array.isArray(candidates) ? (candidates as string[]) : [...candidates];
  const ix = nameIndexes.get(list);
  // Only a name at most max(1, ⌊|v|/2⌋) away can pass the limit below (a name d away is at most
  // |v| + d long, and d ≤ (|v| + d) / 3 means d ≤ |v| / 2): farther ones need not be measured.
  const bound = Math.max(1, Math.floor(v.length / 2)) + 1;
  const best = ix ? nearestIndexed(v, ix, bound) : nearest(v, list, bound);
  if (best.index < 0) return undefined;
  const found = list[best.index];
  const limit = Math.max(1, Math.floor(Math.max(v.length, found.length) / 3));
  return best.dist <= limit ? found : undefined;
}

function nearest(v: string, list: readonly string[], bound: number): { index: number; dist: number } {
  let best = -1;
  let bestDist = bound;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    // Only a strictly smaller distance can replace the best so far: compute up to that bound.
    // (Lower-casing never shortens a string, so a candidate already too long stays too long.)
    if (c.length - v.length >= bestDist) continue;
    const lc = mayChangeCase(c) ? c.toLowerCase() : c;
    if (Math.abs(lc.length - v.length) >= bestDist) continue;
    const d = boundedDistance(v, lc, bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return { index: best, dist: bestDist };
}

function nearestIndexed(v: string, ix: NameIndex, limit: number): { index: number; dist: number } {
  // An upper bound from the names that start alike (typos mostly keep the start), so that the full
  // pass below cuts every other comparison short. The first of the nearest names still wins.
  let bound = limit;
  for (let k = 0; k < PREFIXES.length; k++) {
    if (v.length < PREFIXES[k]) continue;
    const seeds = ix.byPrefix[k].get(v.slice(0, PREFIXES[k]));
    if (!seeds) continue;
    for (const i of seeds) {
      const d = boundedDistance(v, ix.lower[i], bound);
      if (d < bound) bound = d;
    }
    break;
  }
  let best = -1;
  let bestDist = bound === limit ? limit : bound + 1;
  const { lower, length } = ix;
  const lv = v.length;
  for (let i = 0; i < lower.length; i++) {
    const dl = length[i] - lv;
    if (dl >= bestDist || -dl >= bestDist) continue;
    const d = boundedDistance(v, lower[i], bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return { index: best, dist: bestDist };
}


/**
 * Does the clause that holds `from` end in a comma and the next one open as the speaker's
 * consequence — 我们/我/我哋 then 就 or 便 within six characters, or 否则, 那 (你不帮他还，我们就…)?
 * Then that clause is a condition. A next clause without the speaker (我们不上门，就在电话里谈) is not.
 */
export function conditionOfNext(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && !CLAUSE_BREAK.has(text.charCodeAt(i))) i++;
  if (i >= text.length || SENTENCE_BREAK.has(text.charCodeAt(i))) return false;
  while (i + 1 < text.length && text[i + 1] === ' ') i++;
  const head = text.slice(i + 1, i + 3);
  if (head === '否则' || head[0] === '那') return true;
  if (head[0] !== '我') return false;
  for (let j = i + 2, k = 0; j < text.length && k < 6; j++, k++) {
    const c = text[j];
    if (CLAUSE_BREAK.has(text.charCodeAt(j))) return false;
    if (c === '就' || c === '便') return true;
  }
  return false;
}
