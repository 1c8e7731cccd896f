/**
 * The data a lexicon bank is made from and gives back: lexicon and word-class data, matches,
 * snapshots, the compiled form (CompiledBank) and the placeholder markers of folded text.
 */

export interface TermSpec {
  pattern: string;
  negatable?: boolean;
  note?: string;
}
export type Term = string | TermSpec;
/** A named word class (`[name]` in a pattern): its terms are patterns themselves (docs/LEXICONS.md). */
export interface WordClass {
  description?: { zh?: string; en?: string };
  terms: string[];
}
/** Word classes by name. */
export type ClassTable = Record<string, WordClass>;

export interface LexiconData {
  rule?: string;
  negatable?: boolean;
  terms: Term[];
  exceptions?: Term[];
}

/** Marker characters that stand for placeholders in folded text (see FoldedLine). */
export const MARK = {
  debt: '\ue001',
  agent: '\ue002',
  debtor: '\ue003',
  other: '\ue004',
  unknown: '\ue005',
  filler: '\ue00f',
} as const;

/** A match of a lexicon in one line: [start, end) in UTF-16 units of the line text. */
export interface Match {
  start: number;
  end: number;
  pattern: string;
}

/** What a bank was built from, as plain data another thread can rebuild it from (a few ms). */
export interface LexiconSnapshot {
  classes: ClassTable;
  lexicons: [string, LexiconData][];
}

/** Numbers as the compiled form carries them: arrays (JSON) or typed arrays (node/bank-file.ts). */
export type Nums = ArrayLike<number>;
/**
 * A bank's compiled patterns before build(), as plain data: what the build embeds in the bundles
 * for the built-in lexicons (scripts/build.mjs), so that start-up restores them instead of
 * compiling 2,000-odd patterns. Restoring and then adding a config's lexicons gives the bank that
 * compiling everything would give (test/core/prebuilt-bank.test.ts).
 */
export interface CompiledBank<N extends Nums = Nums> {
  /** Lexicon names in id order, and patterns per lexicon (a check that the data matches). */
  names: string[];
  counts: number[];
  /**
   * Every pattern's text, in pattern order (with pFlags and pLex it is all the built-in lexicons
   * say: lexiconsOf() gives them back, so the bundles carry no other copy of their sources).
   */
  patterns: string[];
  lits: string[];
  /**
   * The automaton's trie, its states in breadth-first order, each state's children consecutive and
   * in ascending order of their unit: per state the class of the unit that enters it (the root's:
   * 0; classes number the distinct units from 1 in ascending order, `clsUnit` giving each class's
   * unit), how many children it has, and 1 where a piece ends (the pieces are numbered in the
   * order of their end states). The children of the root are states 1…; those of each later state
   * follow those of the state before it, so no state's children need storing: restore() takes the
   * trie as it is. Optional (compiled() gives it; without it restore() inserts the pieces).
   */
  tCls?: N;
  tKids?: N;
  tFinal?: N;
  clsUnit?: N;
  /**
   * Optional likewise: the trigger index of these patterns as restored (triggerIndex(): per piece
   * how many patterns its trigger set names, then those patterns, piece by piece; the patterns
   * whose trigger holds `<num>`; those with no requirement), which build() would otherwise make
   * anew at every start-up by inverting every trigger set.
   */
  trigCount?: N;
  trigIds?: N;
  trigNum?: N;
  trigAlways?: N;
  /** Optional likewise: the patterns' texts as UTF-16 units end to end and each one's length (a pattern's string is made when it is first needed). */
  patUnits?: Uint16Array;
  patLen?: N;
  /**
   * Flat number arrays only (few, large, and no small array per pattern or node): that is what
   * makes restoring cheap at start-up. Lists are runs of an items array: a `…Len` array gives each
   * run's length, in order (for `alts`, the length + 1, 0 for none).
   */
  /** Distinct sets of pieces, referred to by index below (-1: none). */
  setLen: N;
  setItems: N;
  /** Per pattern: lexicon, flags, start node, entryNum (0/1), entry (set), simple (0/1: the start node's set), trigger (set). */
  pLex: N;
  pFlags: N;
  pStart: N;
  pEntryNum: N;
  pEntry: N;
  pSimple: N;
  pTrigger: N;
  /** Per pattern: its checks (sets) and its first nodes, as runs. */
  checksLen: N;
  checks: N;
  firstLen: N;
  first: N;
  /** Per node: kind, next, piece set, gap kind, split targets (runs). */
  kind: N;
  next: N;
  set: N;
  gap: N;
  altsLen: N;
  alts: N;
}
