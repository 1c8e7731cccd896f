/**
 * Folding: a one-unit-for-one-unit normalisation of text so that every offset in the folded
 * string is the offset in the original. Full-width ASCII becomes half-width, traditional
 * characters become simplified (opencc-js, character by character), ASCII is lower-cased.
 */
import * as OpenCC from 'opencc-js/t2cn';

const fromHk: (s: string) => string = OpenCC.Converter({ from: 'hk', to: 'cn' });
const fromTw: (s: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });
function toSimplified(ch: string): string {
  const a = fromHk(ch);
  return a !== ch ? a : fromTw(ch);
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
    // 么 is already simplified; opencc's single-character table maps it to 幺 (a different word).
    if (code === 0x4e48) return code;
    const conv = toSimplified(String.fromCharCode(code));
    return conv.length === 1 ? conv.charCodeAt(0) : code;
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
    if (foldUnit(c) !== c) break;
  }
  if (i === n) return s;
  const units = new Uint16Array(n);
  for (let k = 0; k < i; k++) units[k] = s.charCodeAt(k);
  for (; i < n; i++) units[i] = foldUnit(s.charCodeAt(i));
  if (n <= 8192) return String.fromCharCode.apply(null, units as unknown as number[]);
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode.apply(null, units.subarray(k, k + 8192) as unknown as number[]);
  return out;
}

/** Clause boundaries: a `…` gap never crosses these. */
export const CLAUSE_BREAK = new Set([...',,;;。!!??、:\n'].map((c) => c.charCodeAt(0)));
/** Sentence boundaries: a `……` gap never crosses these. */
export const SENTENCE_BREAK = new Set([...';;。!!??\n'].map((c) => c.charCodeAt(0)));

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  return boundedDistance(a, b, Infinity);
}

/**
 * Levenshtein distance if it is below `bound`; otherwise some value ≥ `bound` (the computation stops
 * as soon as every cell of a row reaches the bound).
 */
function boundedDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) >= bound) return bound;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowMin = i;
    const ac = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      const v = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (ac === b.charCodeAt(j - 1) ? 0 : 1));
      prev[j] = v;
      if (v < rowMin) rowMin = v;
      diag = tmp;
    }
    if (rowMin >= bound) return bound;
  }
  return prev[b.length];
}

export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  const v = value.toLowerCase();
  for (const c of candidates) {
    // Only a strictly smaller distance can replace the best so far: compute up to that bound.
    const lc = c.toLowerCase();
    if (Math.abs(lc.length - v.length) >= bestDist) continue;
    const d = boundedDistance(v, lc, bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(v.length, best.length) / 3));
  return bestDist <= limit ? best : undefined;
}
