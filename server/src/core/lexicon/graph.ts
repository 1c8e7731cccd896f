/**
 * The vocabulary of compiled pattern graphs, shared by the compiler (bank.ts) and the matcher
 * (line-hits.ts): node kinds, how segments follow each other, pattern flags, and a small sort both use.
 */

/** How a segment may follow the one before it: adjacent, same clause (…), same sentence (……), after a placeholder's filler. */
export const G_ADJ = 0;
export const G_CLAUSE = 1;
export const G_SENTENCE = 2;
export const G_PH = 3;
export const F_EXCEPTION = 1;
export const F_NEGATABLE = 2;

/** Node kinds of the compiled pattern graphs. */
export const N_LIT = 0;
export const N_NUM = 1;
export const N_MARK = 2;
export const N_GAP = 3;
export const N_SPLIT = 4;
export const N_END = 5;

export const isMarker = (c: number) => c >= 0xe001 && c <= 0xe005;

/** The hits of a line without any (shared: never modified). */
export const NO_HITS: number[] = [];
/** Requirement value standing for `<num>` (a numeral run in the line). */
export const REQ_NUM = -1;
/** Sort the first `n` numbers of `a` ascending (an insertion sort for the usual few, as a line has). */
export function sortInts(a: number[], n: number): void {
  if (n > 32) {
    const t = Int32Array.from(a.slice(0, n)).sort();
    for (let i = 0; i < n; i++) a[i] = t[i];
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
