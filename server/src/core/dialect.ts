/**
 * Dialect folding: Cantonese and Taiwan Mandarin forms folded onto Mandarin, one UTF-16 unit for one
 * unit, after the base folding of text.ts (full-width, traditional → simplified, lower case). The
 * data is lexicons/dialect-fold.json (docs/LEXICONS.md, "Dialect folding"): single characters of the
 * original text (`units`), words of the base-folded text (`words`, same length), and Mandarin words
 * whose characters must keep their base fold (`keep`). Pure: no imports but the data.
 */
import data from './lexicons/dialect-fold.json';

interface DialectData {
  units: Record<string, string>;
  words: Record<string, string>;
  keep: string[];
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** Replacement for the word ending here (units), or null for a `keep` entry; undefined: no entry ends here. */
  out?: Uint16Array | null;
}

/** Original unit → Mandarin unit (0 = none). */
let unitMap: Uint16Array | undefined;
/** Base-folded unit → 1 when some `words`/`keep` entry starts with it. */
let startsWord: Uint8Array | undefined;
/** Base-folded unit → 1 when some `words`/`keep` entry has it second. */
let secondOfWord: Uint8Array | undefined;
let trie: TrieNode | undefined;

/** Throws on data that would break the one-unit-for-one-unit invariant. */
export function compileDialect(d: DialectData): { unitMap: Uint16Array; startsWord: Uint8Array; secondOfWord: Uint8Array; trie: TrieNode } {
  const um = new Uint16Array(65536);
  const sw = new Uint8Array(65536);
  const s2 = new Uint8Array(65536);
  const root: TrieNode = { next: new Map() };
  for (const [from, to] of Object.entries(d.units)) {
    if (from.length !== 1 || to.length !== 1) throw new Error(`dialect fold: "${from}" → "${to}" must map one UTF-16 unit to one`);
    um[from.charCodeAt(0)] = to.charCodeAt(0);
  }
  const add = (word: string, out: Uint16Array | null) => {
    if (word.length < 2) throw new Error(`dialect fold: word "${word}" must be at least two units`);
    let node = root;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let nx = node.next.get(c);
      if (!nx) node.next.set(c, (nx = { next: new Map() }));
      node = nx;
    }
    if (node.out !== undefined) throw new Error(`dialect fold: "${word}" is listed twice`);
    node.out = out;
    sw[word.charCodeAt(0)] = 1;
    s2[word.charCodeAt(1)] = 1;
  };
  for (const [from, to] of Object.entries(d.words)) {
    if (from.length !== to.length) throw new Error(`dialect fold: "${from}" → "${to}" must keep the length`);
    add(from, Uint16Array.from(to, (ch) => ch.charCodeAt(0)));
  }
  for (const k of d.keep) add(k, null);
  return { unitMap: um, startsWord: sw, secondOfWord: s2, trie: root };
}

function init(): void {
  const c = compileDialect(data as DialectData);
  unitMap = c.unitMap;
  startsWord = c.startsWord;
  secondOfWord = c.secondOfWord;
  trie = c.trie;
}

/**
 * May the dialect layer change a string at a unit whose base fold is itself (`code`), followed by
 * a unit whose base fold is `next` (0 at the end)? A cheap pre-check so that most Mandarin lines
 * keep fold()'s fast path.
 */
export function dialectTouches(code: number, next: number): boolean {
  if (!unitMap) init();
  return unitMap![code] !== 0 || (startsWord![code] !== 0 && secondOfWord![next] !== 0);
}

/**
 * Apply the dialect layer in place: `units` holds the base fold of `original` (same length).
 * Leftmost-longest over `words`/`keep` (matched on the base fold); elsewhere the `units` map on
 * the original characters.
 */
export function applyDialect(original: string, units: Uint16Array): void {
  if (!unitMap) init();
  const um = unitMap!;
  const sw = startsWord!;
  const n = units.length;
  let i = 0;
  while (i < n) {
    const b = units[i];
    if (sw[b] !== 0) {
      let node: TrieNode | undefined = trie!;
      let bestLen = 0;
      let bestOut: Uint16Array | null | undefined;
      for (let k = i; k < n; k++) {
        node = node.next.get(units[k]);
        if (!node) break;
        if (node.out !== undefined) {
          bestLen = k - i + 1;
          bestOut = node.out;
        }
      }
      if (bestLen) {
        if (bestOut) units.set(bestOut, i);
        i += bestLen;
        continue;
      }
    }
    const m = um[original.charCodeAt(i)];
    if (m !== 0) units[i] = m;
    i++;
  }
}
