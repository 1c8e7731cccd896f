/**
 * LineHits: one line's piece hits, from which each lexicon's matches are derived on demand —
 * verifying the candidate patterns' graphs, negation, questions and exceptions.
 */
import { CLAUSE_BREAK, SENTENCE_BREAK, conditionOfNext } from '../text';
import type { Match } from './types';
import { F_EXCEPTION, F_NEGATABLE, G_ADJ, G_CLAUSE, G_PH, N_END, N_GAP, N_LIT, N_MARK, N_NUM, N_SPLIT, NO_HITS, sortInts } from './graph';
import type { LexiconBank } from './bank';

/** Words that make a preceding negation a condition rather than a denial. */
const CONDITION_MARKERS = ['就', '否则', '的话', '如果', '要是', '只要', '不然', '才'];
/** The characters that carry a negation word's meaning (不 of 绝不会, 未 of 从未). */
const NEGATIVE = new Set([...'不没未无别勿毋非'].map((c) => c.charCodeAt(0)));
const CLAUSE_GAP = 10;
/** How far before a match a negation can start and still count (its length plus the reach over a coverb). */
const NEGATION_REACH = 24;
/** How far before an exception a question form can start and still hold it (能不能, 你就不能……吗). */
const QUESTION_REACH = 48;
/** The first of `ms` (sorted by start) that starts at or after `pos`. */
function firstFrom(ms: readonly Match[], pos: number): number {
  let lo = 0;
  let hi = ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/**
 * Words that put the object or the place before the verb (不会把您的照片发到…, 决不会在您家门口贴…,
 * 唔会喺…, 不会以个人账户…): a negation of two or more characters reaches over them to the verb, up to CLAUSE_GAP.
 */
const COVERBS = new Set([...'把将在给对向跟和替帮为到以用从让叫逼'].map((c) => c.charCodeAt(0)));
/**
 * Negations that end in a verb making a person do the deed (不会要求, 不会让, 不需要, 不用, 无需, 不必):
 * the person comes between them and the deed (我们不会要求您或者您家人替他还, 不需要您的家人替他承担),
 * so they reach over it to the deed as a coverb does (让, 叫, 逼 after the negation are coverbs too).
 */
const CAUSATIVE_ENDS = ['要求', '让', '叫', '逼', '需要', '用', '必', '须', '需'];
const causativeEnd = (w: string) => {
  for (const c of CAUSATIVE_ENDS) if (w.endsWith(c)) return true;
  return false;
};
const hasCoverb = (s: string) => {
  for (let i = 0; i < s.length; i++) if (COVERBS.has(s.charCodeAt(i))) return true;
  return false;
};
const SENTENCE_GAP = 30;
const FILLER = 0xe00f;

/** Per UTF-16 unit: NUM_IN if it continues a numeral, NUM_START if it can begin one (a table: every line is read for numerals). */
const NUM_IN = 1;
const NUM_START = 2;
const NUMERAL_CLASS = new Uint8Array(65536);
for (const c of '0123456789.零一二三四五六七八九十百千万亿两〇壹贰叁肆伍陆柒捌玖拾佰仟') NUMERAL_CLASS[c.charCodeAt(0)] |= NUM_IN;
for (const c of '0123456789零一二三四五六七八九十两〇壹贰叁肆伍陆柒捌玖拾') NUMERAL_CLASS[c.charCodeAt(0)] |= NUM_START;

/** The result for a line without matches, shared: callers must not modify a matches() array. */
const EMPTY: readonly Match[] = [];
/** Lexicons with an index below this get a presence bit per line (two 32-bit words). */
const MASK_BITS = 64;
/** Candidates of a line before they are copied out at their exact size. */
const CANDS: number[] = [];
/** The distinct pieces of a line, collected by candidates(). */
let DISTINCT = new Int32Array(256);
const NO_CANDS: number[] = [];
/** A lexicon's exception matches, sorted by start, and the largest end among the first i + 1. */
interface Exceptions {
  ms: Match[];
  maxEnd: Int32Array;
}
const NO_EXCEPTIONS: Exceptions = { ms: [], maxEnd: new Int32Array(0) };

/** The hits of one line, from which each lexicon's matches are derived on demand. */
export class LineHits {
  private numRuns: number[] | undefined;
  /** Results computed so far, as [lexicon, matches, lexicon, matches, …] (few per line). */
  private cache: (number | Match[])[] | undefined;
  /** The patterns (every lexicon) whose requirements the line holds, ascending; made on first use. */
  private cands: number[] | undefined;
  /** Lexicons (below 64) with a term candidate, and with any candidate, as two bit words each. */
  private termLo = 0;
  private termHi = 0;
  private anyLo = 0;
  private anyHi = 0;
  /** Hits by start: head[x] is the first hit index starting at x (-1 none), link[h] the next. */
  private head: number[] | undefined;
  private link: number[] | undefined;
  /** For long lines: the end of the filler run at each position, the next clause / sentence break. */
  private fillEnd: Int32Array | undefined;
  private nextClause: Int32Array | undefined;
  private nextSentence: Int32Array | undefined;
  /** Lexicons (below 64) known to have no match in this line, as two bit words. */
  private noneLo = 0;
  private noneHi = 0;
  private negationCache: Match[] | undefined;
  private questionCache: Match[] | undefined;
  constructor(
    private bank: LexiconBank,
    readonly text: string,
    /**
     * The hits in the order the automaton found them (by end offset), as [piece id, start, piece id,
     * start, …]; undefined once released (see release), found again if a new lexicon is asked.
     */
    private hits: number[] | undefined,
  ) {}

  /** The piece hits, scanned again if they were released. */
  private pieces(): number[] {
    return (this.hits ??= this.bank.hitsOf(this.text));
  }

  /**
   * Drop what serves only to find matches not asked for yet — the piece hits and their indexes —
   * and keep the answers. A line whose text the bank keeps (scan) is asked the same questions the
   * next time that text appears, mostly, and kept small meanwhile; one asked something new scans
   * its text again.
   */
  release(): void {
    this.hits = this.head = this.link = this.fillEnd = this.nextClause = this.nextSentence = undefined;
  }

  /** Does the term that made `m` (a match of lexicon `lexName`) declare itself negatable? */
  negatable(lexName: string, m: Match): boolean {
    return this.bank.negatable(lexName, m.pattern);
  }

  /** Numeral runs as flat [start, end, start, end, …]. */
  private runs(): number[] {
    if (this.numRuns) return this.numRuns;
    let runs: number[] = NO_HITS;
    const t = this.text;
    for (let i = 0; i < t.length; ) {
      const c = t.charCodeAt(i);
      if (NUMERAL_CLASS[c] & NUM_START) {
        let j = i + 1;
        while (j < t.length && NUMERAL_CLASS[t.charCodeAt(j)] & NUM_IN) j++;
        while (j > i + 1 && t.charCodeAt(j - 1) === 0x2e) j--;
        if (runs === NO_HITS) runs = [];
        runs.push(i, j);
        i = j;
      } else i++;
    }
    return (this.numRuns = runs);
  }

  private index(): void {
    const n = this.text.length;
    const hits = this.pieces();
    // Plain arrays: a typed array costs far more to allocate, and a line is short.
    const head: number[] = [];
    for (let i = 0; i <= n; i++) head.push(-1);
    const link: number[] = new Array(hits.length >> 1);
    for (let h = hits.length - 2; h >= 0; h -= 2) {
      const s = hits[h + 1];
      link[h >> 1] = head[s];
      head[s] = h >> 1;
    }
    this.head = head;
    this.link = link;
    if (n > 128) {
      const text = this.text;
      const fillEnd = new Int32Array(n + 1);
      const nc = new Int32Array(n + 1);
      const ns = new Int32Array(n + 1);
      fillEnd[n] = nc[n] = ns[n] = n;
      for (let i = n - 1; i >= 0; i--) {
        const c = text.charCodeAt(i);
        fillEnd[i] = c === FILLER ? fillEnd[i + 1] : i;
        nc[i] = CLAUSE_BREAK.has(c) ? i : nc[i + 1];
        ns[i] = SENTENCE_BREAK.has(c) ? i : ns[i + 1];
      }
      this.fillEnd = fillEnd;
      this.nextClause = nc;
      this.nextSentence = ns;
    }
  }

  private fillerEnd(i: number): number {
    if (this.fillEnd) return this.fillEnd[i];
    const t = this.text;
    while (i < t.length && t.charCodeAt(i) === FILLER) i++;
    return i;
  }

  /**
   * The last position a segment may start at after one that ended at `e`, with gap `g` between
   * (every start in [e, windowEnd] passes the gap rule, no later one does).
   */
  private windowEnd(e: number, g: number): number {
    if (g === G_ADJ) return e;
    if (g === G_PH) return this.fillerEnd(e);
    const text = this.text;
    const n = text.length;
    const limit = g === G_CLAUSE ? CLAUSE_GAP : SENTENCE_GAP;
    const breaks = g === G_CLAUSE ? CLAUSE_BREAK : SENTENCE_BREAK;
    const next = g === G_CLAUSE ? this.nextClause : this.nextSentence;
    let counted = 0;
    for (let i = e; i < n; ) {
      if (next) {
        const b = next[i];
        const f = this.fillEnd![i];
        if (f > i) {
          if (b < f) return b;
          i = f;
          continue;
        }
      }
      const c = text.charCodeAt(i);
      if (breaks.has(c)) return i;
      if (c !== FILLER) {
        if (counted === limit) return i;
        counted++;
      }
      i++;
    }
    return n;
  }

  /** Do the segments found at [s, t) and [s2, s2 + (t - s)) hold the same text? */
  private same(s: number, t: number, s2: number): boolean {
    const text = this.text;
    for (let i = 0; i < t - s; i++) if (text.charCodeAt(s + i) !== text.charCodeAt(s2 + i)) return false;
    return true;
  }

  /**
   * Follow the literal nodes of the pattern graph from `node` at `s`, through splits, to the ends
   * of the segment: writes (end, node after the segment) pairs to SEG_OUT from index 0 and returns
   * how many numbers it wrote.
   */
  private segment(node: number, s: number): number {
    const g = this.bank.graph;
    const { kind, next, set, alts } = g;
    const hits = this.hits!; // (evaluate read them)
    const head = this.head!;
    const link = this.link!;
    const lens = this.bank.litLen;
    const out = SEG_OUT;
    let k = 0;
    if (s >= head.length - 1 && kind[node] === N_LIT) return 0;
    const after = next[node];
    if (kind[node] === N_LIT && kind[after] !== N_LIT && kind[after] !== N_SPLIT) {
      // One literal node and then the end of the segment (the usual case): no search needed.
      const accept = set[node] ?? this.bank.nodeSet(node)!;
      for (let h = head[s]; h >= 0; h = link[h]) {
        const p = hits[2 * h];
        if (accept.has(p)) {
          out[k++] = s + lens[p];
          out[k++] = after;
        }
      }
      return k;
    }
    const stack = SEG_STACK;
    let sp = 0;
    stack[sp++] = node;
    stack[sp++] = s;
    // The (node, offset) pairs seen: few, so a linear search of a list, then a set past 32 (a
    // Set's clear() allocates a new table: at every call it was half of this function's time).
    const visited = SEG_SEEN;
    const seenList = SEG_LIST;
    let nSeen = 0;
    let big = false;
    while (sp) {
      const x = stack[--sp];
      const n = stack[--sp];
      const kd = kind[n];
      if (kd === N_SPLIT) {
        for (const a of alts[n]!) {
          stack[sp++] = a;
          stack[sp++] = x;
        }
        continue;
      }
      const key = n * 4294967296 + x;
      if (big) {
        if (visited.has(key)) continue;
        visited.add(key);
      } else {
        let dup = false;
        for (let q = 0; q < nSeen; q++) if (seenList[q] === key) dup = true;
        if (dup) continue;
        seenList[nSeen++] = key;
        if (nSeen > 32) {
          big = true;
          visited.clear();
          for (let q = 0; q < nSeen; q++) visited.add(seenList[q]);
        }
      }
      if (kd !== N_LIT) {
        if (x > s) {
          out[k++] = x;
          out[k++] = n;
        }
        continue;
      }
      if (x >= head.length) continue;
      const accept = set[n] ?? this.bank.nodeSet(n)!;
      for (let h = head[x]; h >= 0; h = link[h]) {
        const p = hits[2 * h];
        if (accept.has(p)) {
          stack[sp++] = next[n];
          stack[sp++] = x + lens[p];
        }
      }
    }
    return k;
  }

  /** Matches of one compiled pattern in this line, pushed as [start, end, start, end, …]. */
  private evaluate(pi: number, out: number[]): void {
    const bank = this.bank;
    const p = bank.pattern(pi);
    const text = this.text;
    const n = text.length;
    const hits = this.pieces();
    if (p.simple) {
      const lens = bank.litLen;
      const one = bank.simpleOne[pi];
      for (let h = 0; h < hits.length; h += 2) {
        if (one >= 0 ? hits[h] !== one : !p.simple.has(hits[h])) continue;
        let end = hits[h + 1] + lens[hits[h]];
        while (end < n && text.charCodeAt(end) === FILLER) end++; // the whole placeholder
        out.push(hits[h + 1], end);
      }
      return;
    }
    const { kind, next, set, gap, alts } = bank.graph;
    if (!this.head) this.index();
    // Starts: every place the first segment can begin.
    const starts = EV_STARTS;
    let nStarts = 0;
    for (let h = 0; h < hits.length; h += 2) if (p.entry.has(hits[h])) starts[nStarts++] = hits[h + 1];
    if (p.entryNum) {
      const runs = this.runs();
      for (let r = 0; r < runs.length; r += 2) starts[nStarts++] = runs[r];
    }
    if (!nStarts) return;
    sortInts(starts, nStarts);
    const segOut = SEG_OUT;
    const ends = EV_ENDS;
    // Worklist of boundary states (node, offset, gap), per start; the states seen (few: linear search, then a set).
    const work = EV_WORK;
    const seenStates = EV_STATES;
    const seenList = EV_SEEN;
    const stack = EV_STACK;
    const lits = EV_LITS;
    const kept = EV_KEPT;
    const N = n + 1;
    for (let k = 0; k < nStarts; k++) {
      const s0 = starts[k];
      if (k > 0 && starts[k - 1] === s0) continue;
      let ne = 0;
      let ns = 0;
      let big = false;
      let wp = 0;
      // The first segment: from the pattern's entry nodes, at s0 (gaps cannot come first).
      for (const nd of p.firstNodes) {
        const kd = kind[nd];
        if (kd === N_LIT) {
          const c = this.segment(nd, s0);
          for (let j = 0; j < c; j += 2) {
            work[wp++] = segOut[j + 1];
            work[wp++] = segOut[j];
            work[wp++] = G_ADJ;
          }
        } else if (kd === N_MARK) {
          const c = text.charCodeAt(s0);
          for (const m of set[nd] ?? bank.nodeSet(nd)!) {
            if (bank.pieceChar(m) === c) {
              work[wp++] = next[nd];
              work[wp++] = s0 + 1;
              work[wp++] = G_PH;
            }
          }
        } else if (kd === N_NUM) {
          const r = this.runAt(s0);
          if (r >= 0) {
            work[wp++] = next[nd];
            work[wp++] = this.runs()[r + 1];
            work[wp++] = G_ADJ;
          }
        }
      }
      while (wp) {
        const g0 = work[--wp];
        const e = work[--wp];
        const nd0 = work[--wp];
        if (kind[nd0] === N_END) {
          ends[ne++] = e;
          continue;
        }
        const key = (nd0 * 4 + g0) * N + e;
        if (big) {
          if (seenStates.has(key)) continue;
          seenStates.add(key);
        } else {
          let dup = false;
          for (let q = 0; q < ns; q++) if (seenList[q] === key) dup = true;
          if (dup) continue;
          seenList[ns++] = key;
          if (ns > 32) {
            big = true;
            seenStates.clear();
            for (let q = 0; q < ns; q++) seenStates.add(seenList[q]);
          }
        }
        // Closure over splits and gaps; literal nodes are collected with their gap kind.
        let sp = 0;
        let lp = 0;
        stack[sp++] = nd0;
        stack[sp++] = g0;
        while (sp) {
          const g = stack[--sp];
          const nd = stack[--sp];
          const kd = kind[nd];
          if (kd === N_SPLIT) {
            for (const a of alts[nd]!) {
              stack[sp++] = a;
              stack[sp++] = g;
            }
          } else if (kd === N_GAP) {
            stack[sp++] = next[nd];
            stack[sp++] = gap[nd];
          } else if (kd === N_END) ends[ne++] = e;
          else if (kd === N_LIT) {
            lits[lp++] = nd;
            lits[lp++] = g;
          } else if (kd === N_NUM) {
            const runs = this.runs();
            const r = this.runFrom(e);
            if (r >= 0 && runs[r] <= this.windowEnd(e, g)) {
              work[wp++] = next[nd];
              work[wp++] = runs[r + 1];
              work[wp++] = G_ADJ;
            }
          } else if (kd === N_MARK) {
            const M = this.windowEnd(e, g);
            const chars = new Set<number>();
            for (const m of set[nd] ?? bank.nodeSet(nd)!) chars.add(bank.pieceChar(m));
            for (let s = e; s <= M && s < n; s++) {
              const c = text.charCodeAt(s);
              if (chars.has(c)) {
                chars.delete(c); // the first occurrence of each marker decides
                work[wp++] = next[nd];
                work[wp++] = s + 1;
                work[wp++] = G_PH;
              }
            }
          }
        }
        for (let j = 0; j < lp; j += 2) {
          const nd = lits[j];
          const g = lits[j + 1];
          const M = this.windowEnd(e, g);
          // Each distinct segment text counts at its first occurrence in the window only (as a
          // literal's first occurrence after the previous segment decides).
          let kp = 0;
          for (let s = e; s <= M && s < n; ) {
            if (text.charCodeAt(s) === FILLER) {
              s = this.fillerEnd(s);
              continue;
            }
            if (this.head![s] >= 0) {
              const c = this.segment(nd, s);
              for (let q = 0; q < c; q += 2) {
                const t = segOut[q];
                const cn = segOut[q + 1];
                let dup = false;
                for (let r = 0; r < kp; r += 3) {
                  if (kept[r + 2] === cn && kept[r + 1] - kept[r] === t - s && this.same(s, t, kept[r])) {
                    dup = true;
                    break;
                  }
                }
                if (dup) continue;
                kept[kp++] = s;
                kept[kp++] = t;
                kept[kp++] = cn;
                work[wp++] = cn;
                work[wp++] = t;
                work[wp++] = G_ADJ;
              }
            }
            s++;
          }
        }
      }
      for (let q = 0; q < ne; q++) {
        let end = ends[q];
        let dup = false;
        for (let r = 0; r < q; r++) if (ends[r] === end) dup = true;
        if (dup) continue;
        while (end < n && text.charCodeAt(end) === FILLER) end++; // the whole placeholder
        out.push(s0, end);
      }
    }
  }

  /** Index (in runs) of the numeral run starting at `s`, or -1. */
  private runAt(s: number): number {
    const r = this.runFrom(s);
    return r >= 0 && this.runs()[r] === s ? r : -1;
  }

  /** Index (in runs) of the first numeral run starting at or after `e`, or -1. */
  private runFrom(e: number): number {
    const runs = this.runs();
    let lo = 0;
    let hi = runs.length >> 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (runs[2 * m] < e) lo = m + 1;
      else hi = m;
    }
    return lo >= runs.length >> 1 ? -1 : 2 * lo;
  }

  /**
   * The candidates of every lexicon in this line, computed once (the first time any lexicon is
   * asked for): the bank visits the patterns its pieces trigger and keeps those whose other
   * requirements the line holds too.
   */
  private candidates(): number[] {
    if (this.cands) return this.cands;
    const bank = this.bank;
    const hits = this.pieces();
    // The distinct pieces (a piece recurs in a line: 您 … 您).
    const seen = bank.present;
    const stamp = ++bank.stamp;
    if (DISTINCT.length < hits.length >> 1) DISTINCT = new Int32Array(hits.length);
    const lits = DISTINCT;
    let nl = 0;
    for (let h = 0; h < hits.length; h += 2) {
      const lit = hits[h];
      if (seen[lit] === stamp) continue;
      seen[lit] = stamp;
      lits[nl++] = lit;
    }
    const n = bank.candidatesOf(lits, nl, this.runs().length > 0, CANDS);
    if (n === 0) return (this.cands = NO_CANDS);
    const cands = CANDS.slice(0, n);
    const { pLex, pFlags } = bank;
    for (let k = 0; k < n; k++) {
      const pi = cands[k];
      const lex = pLex[pi];
      if (lex >= MASK_BITS) continue;
      const term = (pFlags[pi] & F_EXCEPTION) === 0;
      if (lex < 32) {
        this.anyLo |= 1 << lex;
        if (term) this.termLo |= 1 << lex;
      } else {
        this.anyHi |= 1 << (lex - 32);
        if (term) this.termHi |= 1 << (lex - 32);
      }
    }
    return (this.cands = cands);
  }

  /** Matches of the candidates of `lex` (terms or exceptions), as [start, end, pattern, …] in candidate order. */
  private rawSpans(lex: number, exceptions: boolean): number[] {
    const cands = this.candidates();
    const { pLex, pFlags } = this.bank;
    const want = exceptions ? F_EXCEPTION : 0;
    let out: number[] = NO_HITS;
    let spans: number[] | undefined;
    for (let k = 0; k < cands.length; k++) {
      const pi = cands[k];
      if (pLex[pi] !== lex || (pFlags[pi] & F_EXCEPTION) !== want) continue;
      if (spans) spans.length = 0;
      else spans = [];
      this.evaluate(pi, spans);
      if (!spans.length) continue;
      if (out === NO_HITS) out = [];
      for (let j = 0; j < spans.length; j += 2) out.push(spans[j], spans[j + 1], pi);
    }
    return out;
  }

  private rawMatches(lex: number, exceptions: boolean): Match[] {
    const raw = this.rawSpans(lex, exceptions);
    const bank = this.bank;
    const out: Match[] = [];
    for (let j = 0; j < raw.length; j += 3) out.push({ start: raw[j], end: raw[j + 1], pattern: bank.patternText(raw[j + 2]) });
    return out;
  }

  private negations(): Match[] {
    if (!this.negationCache) {
      // Through matches(), so the negation set's own exceptions (能不能, 是不是 …) apply.
      this.negationCache = this.bank.lexiconIndex('negation') === undefined ? [] : this.matches('negation');
    }
    return this.negationCache;
  }

  /**
   * Is the match negated? By a negation before it in the same clause (我们不会走法律程序), or by one
   * inside it that governs the rest of the clause (我们是不会去您家的, 我哋係唔會上門嘅): a negation
   * of two or more characters that is not the pattern's own word (see ownNegative: judged on what the
   * pattern matched, a literal or a word class's word alike), not doubled (不会不, 不是不: an
   * affirmation) and followed, up to the end of the match, by no clause break and no condition
   * marker (不会还的话就…). A-not-A and rhetorical questions are no negation at all (the negation
   * set's exceptions: 会不会, 想不想, 你不能…吗). `pi`: the pattern that made the match (-1: none).
   */
  isNegated(start: number, end: number = start, pi = -1): boolean {
    const text = this.text;
    const negs = this.negations();
    // Negations are sorted and do not overlap: only those from a bounded reach before the match to
    // its end can count (linear in the line however many matches it holds).
    for (let k = firstFrom(negs, start - NEGATION_REACH); k < negs.length && negs[k].start < end; k++) {
      const n = negs[k];
      if (n.start >= start) {
        if (n.start === start || n.end >= end || n.end - n.start < 2) continue;
        // The pattern's own negation (不会太平, 不(会|)停, a class's 不敢说): the word belongs to what is matched.
        if (pi >= 0 && this.ownNegationAt(pi, n, start, end)) continue;
        const after = text.charCodeAt(n.end);
        if (after === 0x4e0d || after === 0x6ca1 || after === 0x672a) continue; // 不 没 未: a double negation
        let ok = true;
        for (let i = n.end; i < end; i++) {
          if (CLAUSE_BREAK.has(text.charCodeAt(i))) {
            ok = false;
            break;
          }
        }
        if (ok && CONDITION_MARKERS.some((c) => text.slice(n.end, end).includes(c))) ok = false;
        if (ok) return true;
        continue;
      }
      // A negation that overlaps the start of the match (不会 in 不会一直打) negates it too.
      if (n.end > start) return true;
      const between = text.slice(n.end, start);
      if (start - n.end > (n.end - n.start === 1 ? 1 : 4) && !(n.end - n.start > 1 && start - n.end <= CLAUSE_GAP && (hasCoverb(between) || causativeEnd(text.slice(n.start, n.end))))) continue;
      let ok = true;
      for (let i = 0; i < between.length; i++) {
        if (CLAUSE_BREAK.has(between.charCodeAt(i))) {
          ok = false;
          break;
        }
      }
      // A condition between them (不还钱就起诉) means the negation is the condition, not a denial.
      if (ok && CONDITION_MARKERS.some((m) => between.includes(m))) ok = false;
      // So does a bare 不 whose clause is the condition of the next one (你不帮他还，我们就天天打到你公司).
      if (ok && n.end - n.start === 1 && conditionOfNext(text, end)) ok = false;
      if (ok) return true;
    }
    return false;
  }

  /**
   * Is the negation `n`, inside the match [start, end) of pattern `pi`, the pattern's own word? It is
   * when one of its negative characters (不, 没, 未 …) was matched by the pattern: a piece of the
   * pattern — a literal, or a word of a class it names, the two alike — hits the line inside the
   * match over that character and the one after it (不会 of 不会走, 不敢 of a class's 不敢说), or ends
   * with it where the pattern goes on without a gap (不 of 不(会|)停). The pattern's text alone does
   * not decide: 不会 of a line is not the pattern's because some branch of it that did not match
   * (不会走 in (不会走|一直等)) holds the same two characters, and a class's words are not in the
   * pattern's text at all.
   */
  private ownNegationAt(pi: number, n: Match, start: number, end: number): boolean {
    const text = this.text;
    let lits: number[] | undefined;
    for (let i = n.start; i < n.end; i++) {
      if (!NEGATIVE.has(text.charCodeAt(i))) continue;
      lits ??= this.bank.litNodes(pi);
      if (lits.length === 0) return false;
      if (!this.head) this.index();
      const hits = this.pieces();
      const head = this.head!;
      const link = this.link!;
      const lens = this.bank.litLen;
      const { set } = this.bank.graph;
      for (let s = start; s <= i; s++) {
        for (let h = head[s]; h >= 0; h = link[h]) {
          const p = hits[2 * h];
          const e = s + lens[p];
          if (e <= i || e > end) continue;
          const inner = e > i + 1;
          for (let k = 0; k < lits.length; k += 2) {
            if ((inner || lits[k + 1] === 1) && (set[lits[k]] ?? this.bank.nodeSet(lits[k])!).has(p)) return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Question forms in this line: the negation set's exceptions (能不能, 要不要, 会不会, 你不能…吗 …).
   * An exception of a rule that starts inside one (不要…借 in 您要不要去借点钱) reads a negation that
   * is not there, and does not hold.
   */
  private questions(): Match[] {
    if (!this.questionCache) {
      const neg = this.bank.lexiconIndex('negation');
      this.questionCache = neg === undefined || !this.mayMatch(neg, true) ? [] : this.rawMatches(neg, true).sort((a, b) => a.start - b.start);
    }
    return this.questionCache;
  }

  /**
   * The exception matches of a lexicon that hold (none starts inside a question form), sorted by
   * start, with the running maximum of their ends: whether one covers a match is a binary search.
   */
  private exceptionMatches(lex: number): Exceptions {
    const exc = this.rawMatches(lex, true);
    if (!exc.length) return NO_EXCEPTIONS;
    const qs = this.questions();
    const ms: Match[] = [];
    for (const m of exc) {
      const k = firstFrom(qs, m.start - QUESTION_REACH);
      let inside = false;
      for (let j = k; j < qs.length && qs[j].start < m.start && !inside; j++) inside = m.start < qs[j].end;
      if (!inside) ms.push(m);
    }
    ms.sort((a, b) => a.start - b.start);
    const maxEnd = new Int32Array(ms.length);
    for (let i = 0, e = -1; i < ms.length; i++) maxEnd[i] = e = Math.max(e, ms[i].end);
    return { ms, maxEnd };
  }

  /** Does an exception cover the match (start at or before it, end at or after it)? */
  private static covered(x: Exceptions, start: number, end: number): boolean {
    if (!x.ms.length) return false;
    const k = firstFrom(x.ms, start + 1) - 1; // the last exception starting at or before the match
    return k >= 0 && x.maxEnd[k] >= end;
  }

  /** Has lexicon `lex` a candidate in this line (a term; with `exceptions`, a term or an exception)? */
  private mayMatch(lex: number, exceptions = false): boolean {
    const cands = this.candidates();
    if (cands.length === 0) return false;
    if (lex < MASK_BITS) {
      const lo = exceptions ? this.anyLo : this.termLo;
      const hi = exceptions ? this.anyHi : this.termHi;
      return (lex < 32 ? lo & (1 << lex) : hi & (1 << (lex - 32))) !== 0;
    }
    const { pLex, pFlags } = this.bank;
    for (let k = 0; k < cands.length; k++) if (pLex[cands[k]] === lex && (exceptions || (pFlags[cands[k]] & F_EXCEPTION) === 0)) return true;
    return false;
  }

  /**
   * The matches of a lexicon in this line, after negation and exceptions, leftmost-longest and
   * non-overlapping. The array is shared (cached per line): do not modify it.
   */
  matches(lexName: string): Match[] {
    const lex = this.bank.lexiconIndex(lexName);
    if (lex === undefined || !this.mayMatch(lex)) return EMPTY as Match[];
    if (lex < 32 ? this.noneLo & (1 << lex) : lex < MASK_BITS && this.noneHi & (1 << (lex - 32))) return EMPTY as Match[];
    const cache = this.cache;
    if (cache) for (let k = 0; k < cache.length; k += 2) if (cache[k] === lex) return cache[k + 1] as Match[];
    return this.derive(lex);
  }

  /**
   * matches() of a lexicon not asked before (apart, so that the questions answered already — most
   * calls — allocate nothing: a closure's variables are allocated when its function is entered).
   */
  private derive(lex: number): Match[] {
    const result = this.resolve(lex);
    if (result.length === 0 && lex < MASK_BITS) {
      if (lex < 32) this.noneLo |= 1 << lex;
      else this.noneHi |= 1 << (lex - 32);
    } else (this.cache ??= []).push(lex, result);
    return result;
  }

  /**
   * The matches of a lexicon that `keep` accepts, after negation and exceptions, leftmost-longest
   * and non-overlapping among those it accepts: a match it refuses hides no other. For a rule that
   * cancels matches its own way (third-party-collection's negated requests): a long match it
   * cancels must not hide a shorter one it would keep, as a negated match hides none in matches().
   * A new array each call (not cached).
   */
  matchesWhere(lexName: string, keep: (m: Match) => boolean): Match[] {
    const lex = this.bank.lexiconIndex(lexName);
    if (lex === undefined || !this.mayMatch(lex)) return [];
    if (lex < 32 ? this.noneLo & (1 << lex) : lex < MASK_BITS && this.noneHi & (1 << (lex - 32))) return [];
    const out = this.resolve(lex, keep);
    return out === EMPTY ? [] : out;
  }

  /**
   * Is the negation `n`, inside `m` (a match of lexicon `lexName`), the term's own word — judged on
   * what the term matched (ownNegationAt)? For a rule that reads negation its own way.
   */
  ownNegation(lexName: string, m: Match, n: Match): boolean {
    const pi = this.bank.patternIndex(lexName, m.pattern);
    return pi >= 0 && this.ownNegationAt(pi, n, m.start, m.end);
  }

  /** The matches of lexicon `lex` (those `keep` accepts, if given), leftmost-longest and non-overlapping. */
  private resolve(lex: number, keep?: (m: Match) => boolean): Match[] {
    const raw = this.rawSpans(lex, false);
    const bank = this.bank;
    const pFlags = bank.pFlags;
    let result: Match[] = EMPTY as Match[];
    const negated = (j: number): boolean => (pFlags[raw[j + 2]] & F_NEGATABLE) !== 0 && this.isNegated(raw[j], raw[j + 1], raw[j + 2]);
    if (raw.length === 3 && !keep) {
      if (!negated(0) && !LineHits.covered(this.exceptionMatches(lex), raw[0], raw[1])) result = [{ start: raw[0], end: raw[1], pattern: bank.patternText(raw[2]) }];
    } else if (raw.length) {
      const exc = this.exceptionMatches(lex);
      // The matches that hold, as offsets into raw, by start, then longest first, then in candidate order.
      const kept: number[] = [];
      for (let j = 0; j < raw.length; j += 3) if (!negated(j)) kept.push(j);
      let nk = 0;
      for (let q = 0; q < kept.length; q++) {
        const j = kept[q];
        if (LineHits.covered(exc, raw[j], raw[j + 1])) continue;
        if (keep && !keep({ start: raw[j], end: raw[j + 1], pattern: bank.patternText(raw[j + 2]) })) continue;
        kept[nk++] = j;
      }
      kept.length = nk;
      kept.sort((a, b) => raw[a] - raw[b] || raw[b + 1] - raw[a + 1] || a - b);
      let lastEnd = -1;
      for (let q = 0; q < nk; q++) {
        const j = kept[q];
        if (raw[j] >= lastEnd) {
          if (result === EMPTY) result = [];
          result.push({ start: raw[j], end: raw[j + 1], pattern: bank.patternText(raw[j + 2]) });
          lastEnd = raw[j + 1];
        }
      }
    }
    return result;
  }

  has(lexName: string): boolean {
    return this.matches(lexName).length > 0;
  }
}

const SEG_STACK: number[] = [];
// Scratch of segment() and evaluate() (neither is re-entered).
const SEG_OUT: number[] = [];
const EV_WORK: number[] = [];
const EV_STACK: number[] = [];
const EV_LITS: number[] = [];
const EV_KEPT: number[] = [];
const EV_ENDS: number[] = [];
const EV_SEEN: number[] = [];
const EV_STARTS: number[] = [];
const EV_STATES = new Set<number>();
const SEG_SEEN = new Set<number>();
const SEG_LIST: number[] = [];
