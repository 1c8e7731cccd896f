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
const memo = new Map<number, number>();

/** Is this code unit possibly a CJK character that opencc might convert? */
function isHan(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

export function foldUnit(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
  else if (code === 0x3000) return 0x20;
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (isHan(code)) {
    let out = memo.get(code);
    if (out === undefined) {
      const conv = toSimplified(String.fromCharCode(code));
      out = conv.length === 1 ? conv.charCodeAt(0) : code;
      memo.set(code, out);
    }
    return out;
  }
  return code;
}

/** Fold a string; the result has exactly the same length. */
export function fold(s: string): string {
  let changed = false;
  const units = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const f = foldUnit(c);
    units[i] = f;
    if (f !== c) changed = true;
  }
  if (!changed) return s;
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

/** Clause boundaries: a `…` gap never crosses these. */
export const CLAUSE_BREAK = new Set([...',,;;。!!??、:\n'].map((c) => c.charCodeAt(0)));
/** Sentence boundaries: a `……` gap never crosses these. */
export const SENTENCE_BREAK = new Set([...';;。!!??\n'].map((c) => c.charCodeAt(0)));

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  const v = value.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(v, c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(v.length, best.length) / 3));
  return bestDist <= limit ? best : undefined;
}
