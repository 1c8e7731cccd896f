/**
 * Lexicons: compiled once into one Aho–Corasick automaton over every literal of every lexicon, so a
 * line is scanned once whatever the number of rules and terms. Patterns are literal segments with
 * bounded gaps (docs/LEXICONS.md); no regular expression from data ever runs.
 */
import { CLAUSE_BREAK, SENTENCE_BREAK } from './text';

export interface TermSpec {
  pattern: string;
  negatable?: boolean;
  note?: string;
}
export type Term = string | TermSpec;
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

type Gap = 'adj' | 'clause' | 'sentence' | 'ph';
type Seg = { lit: number } | { num: true };
interface Seq {
  segs: Seg[];
  /** gaps[i] is the gap between segs[i] and segs[i+1]. */
  gaps: Gap[];
  lexicon: number;
  exception: boolean;
  negatable: boolean;
  pattern: string;
}

export class LexiconError extends Error {}

const MAX_EXPANSION = 4096;
const CLAUSE_GAP = 10;
const SENTENCE_GAP = 30;

const NUMERAL = new Set([...'0123456789.零一二三四五六七八九十百千万亿两〇壹贰叁肆伍陆柒捌玖拾佰仟'].map((c) => c.charCodeAt(0)));
const NUMERAL_START = new Set([...'0123456789零一二三四五六七八九十两〇壹贰叁肆伍陆柒捌玖拾'].map((c) => c.charCodeAt(0)));

/** Expand a pattern into sequences of tokens: literal strings, '\u0001num', or gap markers. */
function expand(pattern: string): string[][] {
  // Tokenise: literal chars, groups, gaps, <tokens>.
  type Node = { alts: Node[][] } | { text: string } | { gap: Gap } | { num: true };
  let i = 0;
  const parseSeq = (inGroup: boolean): Node[][] => {
    const alts: Node[][] = [[]];
    while (i < pattern.length) {
      const c = pattern[i];
      if (c === '(') {
        i++;
        const inner = parseSeq(true);
        if (pattern[i] !== ')') throw new LexiconError(`unclosed "(" in pattern "${pattern}"`);
        i++;
        alts[alts.length - 1].push({ alts: inner });
      } else if (c === ')') {
        if (!inGroup) throw new LexiconError(`unbalanced ")" in pattern "${pattern}"`);
        return alts;
      } else if (c === '|') {
        i++;
        alts.push([]);
      } else if (c === '…' || (c === '.' && pattern.startsWith('...', i))) {
        const isSentence = pattern.startsWith('……', i) || pattern.startsWith('......', i);
        i += c === '…' ? (isSentence ? 2 : 1) : isSentence ? 6 : 3;
        alts[alts.length - 1].push({ gap: isSentence ? 'sentence' : 'clause' });
      } else if (c === '<') {
        const close = pattern.indexOf('>', i);
        const name = close < 0 ? '' : pattern.slice(i + 1, close);
        i = close + 1;
        const cur = alts[alts.length - 1];
        switch (name) {
          case 'debt':
          case 'agent':
          case 'debtor':
          case 'other':
            cur.push({ text: MARK[name] });
            break;
          case 'any':
            cur.push({ alts: [MARK.debt, MARK.agent, MARK.debtor, MARK.other, MARK.unknown].map((m) => [{ text: m }]) });
            break;
          case 'num':
            cur.push({ num: true });
            break;
          default:
            throw new LexiconError(`unknown token <${name}> in pattern "${pattern}"`);
        }
      } else {
        alts[alts.length - 1].push({ text: c });
        i++;
      }
    }
    if (inGroup) throw new LexiconError(`unclosed "(" in pattern "${pattern}"`);
    return alts;
  };
  const tree = parseSeq(false);
  // Expand the alternatives into token lists.
  const expandAlts = (alts: Node[][]): string[][] => {
    const out: string[][] = [];
    for (const seq of alts) {
      let partial: string[][] = [[]];
      for (const node of seq) {
        let options: string[][];
        if ('alts' in node) options = expandAlts(node.alts);
        else if ('gap' in node) options = [[node.gap === 'sentence' ? '\u0002sentence' : '\u0002clause']];
        else if ('num' in node) options = [['\u0001num']];
        else options = [[node.text]];
        const next: string[][] = [];
        for (const p of partial) for (const o of options) next.push([...p, ...o]);
        if (next.length > MAX_EXPANSION) throw new LexiconError(`pattern "${pattern}" expands to more than ${MAX_EXPANSION} forms`);
        partial = next;
      }
      out.push(...partial);
    }
    return out;
  };
  return expandAlts(tree);
}

/** Turn an expanded token list into segments and gaps (merging adjacent characters). */
function toSegments(tokens: string[], pattern: string): { parts: (string | null)[]; gaps: Gap[] } {
  const parts: (string | null)[] = [];
  const gaps: Gap[] = [];
  let cur = '';
  let pendingGap: Gap | null = null;

  for (const t of tokens) {
    if (t.startsWith('\u0002')) {
      if (!cur && parts.length === 0) throw new LexiconError(`pattern "${pattern}" starts with a gap`);
      if (cur) {
        parts.push(cur);
        cur = '';
      }
      pendingGap = t === '\u0002sentence' ? 'sentence' : 'clause';
    } else if (t === '\u0001num') {
      if (cur) {
        parts.push(cur);
        cur = '';
        gaps.push('adj');
      } else if (parts.length) gaps.push(pendingGap ?? 'adj');
      parts.push(null);
      pendingGap = 'adj';
    } else if (t.length === 1 && t >= '\ue001' && t <= '\ue005') {
      // A placeholder marker is a segment of its own; what follows may skip the placeholder's filler.
      if (cur) {
        parts.push(cur);
        cur = '';
        gaps.push('adj');
      } else if (parts.length) gaps.push(pendingGap ?? 'adj');
      parts.push(t);
      pendingGap = 'ph';
    } else {
      if (!cur && parts.length) gaps.push(pendingGap ?? 'adj');
      cur += t;
      pendingGap = null;
    }
  }
  if (cur) parts.push(cur);
  if (parts.length === 0) throw new LexiconError(`pattern "${pattern}" is empty`);
  if (gaps.length !== parts.length - 1) throw new LexiconError(`pattern "${pattern}" ends with a gap`);
  return { parts, gaps };
}

/** A match of a lexicon in one line: [start, end) in UTF-16 units of the line text. */
export interface Match {
  start: number;
  end: number;
  pattern: string;
}

const EMPTY: readonly Match[] = Object.freeze([]);
const NO_OTHERS = new Int32Array(0);
/** Lexicons with an index below this get a presence bit per line (two 32-bit words). */
const MASK_BITS = 64;

/**
 * A compiled bank of named lexicons sharing one automaton.
 *
 * While terms are added the trie is kept as first-child/next-sibling lists in plain number arrays
 * (with a direct 64K table for the root's children); `build()` computes the failure links and then
 * flattens everything into typed arrays, which is what `scan()` walks: a 64K-entry table maps each
 * UTF-16 unit to its class in the lexicons' alphabet (0 = no literal contains it, so the automaton
 * falls straight back to the root), the root has a direct table over the classes and every other
 * state a short sorted run of (class, target) pairs.
 */
export class LexiconBank {
  private names = new Map<string, number>();
  private lits: string[] = [];
  private litIds = new Map<string, number>();
  private seqs: Seq[] = [];
  /** For each lexicon, the sequences (and exception sequences). */
  private byLexicon: { seqs: number[]; exceptions: number[] }[] = [];
  // Trie under construction (state 0 is the root).
  private tChar: number[] = [0];
  private tFirst: number[] = [0];
  private tNext: number[] = [0];
  /** The literal ending at each state, or -1 (a literal ends at exactly one state). */
  private tOwn: number[] = [-1];
  private rootChild: Int32Array | undefined = new Int32Array(65536);
  private rootKids: number[] = [];
  private built = false;

  // Flat automaton (after build).
  private cls = new Uint16Array(0);
  private rootNext = new Int32Array(0);
  private childStart = new Int32Array(0);
  private childCls = new Uint16Array(0);
  private childTo = new Int32Array(0);
  private fail = new Int32Array(0);
  /** Literal ending at each state, or -1. */
  private own = new Int32Array(0);
  /** Nearest state on the failure chain with a literal of its own (0 = none): the other outputs. */
  private dict = new Int32Array(0);
  /** @internal */ litLen = new Int32Array(0);
  /**
   * Each sequence is looked at only when its *trigger* occurs in the line: its longest literal
   * segment (the most selective one), so `你…坐牢` is tried on lines with 坐牢, not on every 你.
   */
  /** Per literal: lexicons with a sequence (term or exception) it triggers, as two bit words. */
  private litMaskLo = new Int32Array(0);
  private litMaskHi = new Int32Array(0);
  /** (lexicon, trigger literal) → sequence ids in ascending order; terms and exceptions apart. */
  private trigTerms = new Map<number, number[]>();
  private trigExceptions = new Map<number, number[]>();
  /** Per lexicon: sequences made of `<num>` segments only (terms, exceptions). */
  private numOnly: { terms: number[]; exceptions: number[] }[] = [];
  /** Per sequence: its literal segments other than the trigger (checked for presence first). */
  private others: Int32Array[] = [];
  private withNum = new Uint8Array(0);
  /** Scratch stamps per literal (which literals a line has), reused by every line. */
  /** @internal */ present = new Int32Array(0);
  /** @internal */ seen = new Int32Array(0);
  /** @internal */ stamp = 0;

  add(name: string, data: LexiconData): void {
    if (this.built) throw new Error('LexiconBank is frozen');
    let id = this.names.get(name);
    if (id === undefined) {
      id = this.byLexicon.length;
      this.names.set(name, id);
      this.byLexicon.push({ seqs: [], exceptions: [] });
    }
    const defNeg = data.negatable ?? false;
    for (const t of data.terms ?? []) this.addTerm(id, t, false, defNeg);
    for (const t of data.exceptions ?? []) this.addTerm(id, t, true, false);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  private addTerm(lexicon: number, term: Term, exception: boolean, defNeg: boolean): void {
    const spec: TermSpec = typeof term === 'string' ? { pattern: term } : term;
    if (typeof spec.pattern !== 'string' || spec.pattern.trim() === '') throw new LexiconError('a lexicon term must be a non-empty string');
    const pattern = spec.pattern;
    for (const tokens of expand(pattern)) {
      const { parts, gaps } = toSegments(tokens, pattern);
      const segs: Seg[] = parts.map((p) => (p === null ? { num: true as const } : { lit: this.literal(p) }));
      const idx = this.seqs.length;
      this.seqs.push({ segs, gaps, lexicon, exception, negatable: spec.negatable ?? defNeg, pattern });
      (exception ? this.byLexicon[lexicon].exceptions : this.byLexicon[lexicon].seqs).push(idx);
    }
  }

  private literal(s: string): number {
    let id = this.litIds.get(s);
    if (id !== undefined) return id;
    id = this.lits.length;
    this.lits.push(s);
    this.litIds.set(s, id);
    const { tChar, tFirst, tNext, tOwn } = this;
    const root = this.rootChild!;
    let st = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let nx = st === 0 ? root[c] : 0;
      if (st !== 0) for (let k = tFirst[st]; k !== 0; k = tNext[k]) if (tChar[k] === c) { nx = k; break; }
      if (nx === 0) {
        nx = tChar.length;
        tChar.push(c);
        tFirst.push(0);
        tOwn.push(-1);
        if (st === 0) {
          root[c] = nx;
          tNext.push(0);
          this.rootKids.push(nx);
        } else {
          tNext.push(tFirst[st]);
          tFirst[st] = nx;
        }
      }
      st = nx;
    }
    tOwn[st] = id;
    return id;
  }

  /** Freeze: compute failure links and flatten the automaton into typed arrays. */
  build(): this {
    if (this.built) return this;
    const { tChar, tFirst, tNext, tOwn, rootKids } = this;
    const root = this.rootChild!;
    const n = tChar.length;
    const child = (st: number, c: number): number => {
      if (st === 0) return root[c];
      for (let k = tFirst[st]; k !== 0; k = tNext[k]) if (tChar[k] === c) return k;
      return 0;
    };
    const fail = new Int32Array(n);
    const own = Int32Array.from(tOwn);
    const dict = new Int32Array(n);
    const queue = new Int32Array(n);
    let qn = 0;
    for (const k of rootKids) queue[qn++] = k;
    for (let qi = 0; qi < qn; qi++) {
      const s = queue[qi];
      for (let nx = tFirst[s]; nx !== 0; nx = tNext[nx]) {
        queue[qn++] = nx;
        const c = tChar[nx];
        let f = fail[s];
        let target = child(f, c);
        while (target === 0 && f !== 0) {
          f = fail[f];
          target = child(f, c);
        }
        const fl = target !== nx ? target : 0;
        fail[nx] = fl;
        dict[nx] = own[fl] >= 0 ? fl : dict[fl];
      }
    }

    // Alphabet classes.
    const cls = new Uint16Array(65536);
    let classes = 0;
    for (let s = 1; s < n; s++) if (!cls[tChar[s]]) cls[tChar[s]] = ++classes;
    const rootNext = new Int32Array(classes + 1);
    for (const k of rootKids) rootNext[cls[tChar[k]]] = k;
    const childStart = new Int32Array(n + 1);
    let edges = 0;
    for (let s = 0; s < n; s++) {
      childStart[s] = edges;
      if (s !== 0) for (let k = tFirst[s]; k !== 0; k = tNext[k]) edges++;
    }
    childStart[n] = edges;
    const childCls = new Uint16Array(edges);
    const childTo = new Int32Array(edges);
    const kids: number[] = [];
    for (let s = 1; s < n; s++) {
      kids.length = 0;
      for (let k = tFirst[s]; k !== 0; k = tNext[k]) kids.push(k);
      if (kids.length > 1) kids.sort((a, b) => cls[tChar[a]] - cls[tChar[b]]);
      for (let k = 0; k < kids.length; k++) {
        childCls[childStart[s] + k] = cls[tChar[kids[k]]];
        childTo[childStart[s] + k] = kids[k];
      }
    }
    this.cls = cls;
    this.rootNext = rootNext;
    this.childStart = childStart;
    this.childCls = childCls;
    this.childTo = childTo;
    this.fail = fail;
    this.own = own;
    this.dict = dict;
    this.litLen = Int32Array.from(this.lits, (l) => l.length);

    // Which sequences each literal triggers, per lexicon.
    const nLits = this.lits.length;
    this.litMaskLo = new Int32Array(nLits);
    this.litMaskHi = new Int32Array(nLits);
    this.present = new Int32Array(nLits);
    this.seen = new Int32Array(nLits);
    this.numOnly = this.byLexicon.map(() => ({ terms: [], exceptions: [] }));
    this.others = new Array<Int32Array>(this.seqs.length);
    this.withNum = new Uint8Array(this.seqs.length);
    for (let i = 0; i < this.seqs.length; i++) {
      const seq = this.seqs[i];
      let trigger = -1;
      if (seq.segs.some((seg) => 'num' in seg)) this.withNum[i] = 1;
      for (const seg of seq.segs) if ('lit' in seg && (trigger < 0 || this.lits[seg.lit].length > this.lits[trigger].length)) trigger = seg.lit;
      if (trigger < 0) {
        (seq.exception ? this.numOnly[seq.lexicon].exceptions : this.numOnly[seq.lexicon].terms).push(i);
        this.others[i] = NO_OTHERS;
        continue;
      }
      this.others[i] = seq.segs.length === 1 ? NO_OTHERS : Int32Array.from(new Set(seq.segs.flatMap((seg) => ('lit' in seg && seg.lit !== trigger ? [seg.lit] : []))));
      const key = seq.lexicon * nLits + trigger;
      const map = seq.exception ? this.trigExceptions : this.trigTerms;
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(i);
      if (seq.lexicon < 32) this.litMaskLo[trigger] |= 1 << seq.lexicon;
      else if (seq.lexicon < MASK_BITS) this.litMaskHi[trigger] |= 1 << (seq.lexicon - 32);
    }
    this.tChar = this.tFirst = this.tNext = this.tOwn = this.rootKids = [];
    this.rootChild = undefined;
    this.built = true;
    return this;
  }

  /** Scan one folded line: every literal hit of every lexicon. */
  scan(folded: string): LineHits {
    if (!this.built) this.build();
    const { cls, rootNext, childStart, childCls, childTo, fail, own, dict, litLen, litMaskLo, litMaskHi } = this;
    let hitLits: number[] | undefined;
    let hitStarts: number[] | undefined;
    let lo = 0;
    let hi = 0;
    let st = 0;
    for (let i = 0; i < folded.length; i++) {
      const k = cls[folded.charCodeAt(i)];
      if (k === 0) {
        st = 0;
        continue;
      }
      for (;;) {
        if (st === 0) {
          st = rootNext[k];
          break;
        }
        let a = childStart[st];
        const b = childStart[st + 1];
        let nx = -1;
        if (b - a <= 8) {
          for (; a < b; a++) {
            if (childCls[a] === k) {
              nx = childTo[a];
              break;
            }
          }
        } else {
          let l = a;
          let h = b - 1;
          while (l <= h) {
            const m = (l + h) >> 1;
            const v = childCls[m];
            if (v === k) {
              nx = childTo[m];
              break;
            }
            if (v < k) l = m + 1;
            else h = m - 1;
          }
        }
        if (nx >= 0) {
          st = nx;
          break;
        }
        st = fail[st];
      }
      for (let o = own[st] >= 0 ? st : dict[st]; o !== 0; o = dict[o]) {
        const id = own[o];
        if (!hitLits) {
          hitLits = [];
          hitStarts = [];
        }
        hitLits.push(id);
        hitStarts!.push(i + 1 - litLen[id]);
        lo |= litMaskLo[id];
        hi |= litMaskHi[id];
      }
    }
    return new LineHits(this, folded, hitLits ?? NO_HITS, hitStarts ?? NO_HITS, lo, hi);
  }

  /** Every literal segment the automaton looks for, without placeholder markers (for benchmarks and exports). */
  literals(): string[] {
    const out = new Set<string>();
    for (const l of this.lits) {
      const plain = l.replace(/[\ue000-\ue0ff]/g, '');
      if (plain.trim()) out.add(plain);
    }
    return [...out];
  }

  /** @internal */ lexiconIndex(name: string): number | undefined {
    return this.names.get(name);
  }
  /** @internal */ seqsOf(lex: number) {
    return this.byLexicon[lex];
  }
  /** @internal */ seq(i: number): Seq {
    return this.seqs[i];
  }
  /** @internal */ litLength(id: number): number {
    return this.litLen[id];
  }
  /** @internal Sequences of `lex` that literal `lit` triggers. */
  trigSeqs(lex: number, lit: number, exceptions: boolean): number[] | undefined {
    return (exceptions ? this.trigExceptions : this.trigTerms).get(lex * this.lits.length + lit);
  }
  /** @internal Sequences of `lex` without any literal segment. */
  numOnlySeqs(lex: number, exceptions: boolean): number[] {
    const g = this.numOnly[lex];
    return g ? (exceptions ? g.exceptions : g.terms) : [];
  }
  /** @internal Does the sequence have a `<num>` segment? */
  hasNum(seq: number): boolean {
    return this.withNum[seq] === 1;
  }
  /** @internal */ otherLits(seq: number): Int32Array {
    return this.others[seq];
  }
}

const NO_HITS: number[] = [];

/** The hits of one line, from which each lexicon's matches are derived on demand. */
export class LineHits {
  private numRuns: number[] | undefined;
  private cache: (readonly Match[] | undefined)[] | undefined;
  private negationCache: Match[] | undefined;
  constructor(
    private bank: LexiconBank,
    readonly text: string,
    /** Literal ids of the hits, in the order the automaton found them (by end offset). */
    private hitLits: number[],
    /** Start offset of each hit. */
    private hitStarts: number[],
    private maskLo: number,
    private maskHi: number,
  ) {}

  /** Numeral runs as flat [start, end, start, end, …]. */
  private runs(): number[] {
    if (this.numRuns) return this.numRuns;
    const runs: number[] = [];
    const t = this.text;
    for (let i = 0; i < t.length; ) {
      const c = t.charCodeAt(i);
      if (NUMERAL_START.has(c)) {
        let j = i + 1;
        while (j < t.length && NUMERAL.has(t.charCodeAt(j))) j++;
        while (j > i + 1 && t.charCodeAt(j - 1) === 0x2e) j--;
        runs.push(i, j);
        i = j;
      } else i++;
    }
    return (this.numRuns = runs);
  }

  private gapOk(from: number, to: number, gap: Gap): boolean {
    if (to < from) return false;
    if (gap === 'adj') return to === from;
    if (gap === 'ph') {
      for (let i = from; i < to; i++) if (this.text.charCodeAt(i) !== 0xe00f) return false;
      return true;
    }
    const limit = gap === 'clause' ? CLAUSE_GAP : SENTENCE_GAP;
    const breaks = gap === 'clause' ? CLAUSE_BREAK : SENTENCE_BREAK;
    let counted = 0;
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (breaks.has(c)) return false;
      if (c !== 0xe00f) counted++;
    }
    return counted <= limit;
  }

  /** The end of the first occurrence of `seg` at or after `end` whose gap from `end` is allowed, or -1. */
  private nextSeg(seg: Seg, end: number, gap: Gap): number {
    if ('num' in seg) {
      const runs = this.runs();
      for (let r = 0; r < runs.length; r += 2) if (runs[r] >= end && this.gapOk(end, runs[r], gap)) return runs[r + 1];
      return -1;
    }
    const lit = seg.lit;
    const len = this.bank.litLen[lit];
    const lits = this.hitLits;
    for (let h = 0; h < lits.length; h++) {
      if (lits[h] !== lit) continue;
      const s = this.hitStarts[h];
      if (s >= end && this.gapOk(end, s, gap)) return s + len;
    }
    return -1;
  }

  private seqMatchesInto(seqIdx: number, out: { m: Match; negatable: boolean }[]): void {
    const seq = this.bank.seq(seqIdx);
    const first = seq.segs[0];
    const segs = seq.segs;
    const text = this.text;
    const emit = (s0: number, e0: number) => {
      let end = e0;
      for (let k = 1; k < segs.length; k++) {
        end = this.nextSeg(segs[k], end, seq.gaps[k - 1]);
        if (end < 0) return;
      }
      while (end < text.length && text.charCodeAt(end) === 0xe00f) end++; // whole placeholder
      out.push({ m: { start: s0, end, pattern: seq.pattern }, negatable: seq.negatable });
    };
    if ('num' in first) {
      const runs = this.runs();
      for (let r = 0; r < runs.length; r += 2) emit(runs[r], runs[r + 1]);
      return;
    }
    const lit = first.lit;
    const len = this.bank.litLen[lit];
    const lits = this.hitLits;
    for (let h = 0; h < lits.length; h++) if (lits[h] === lit) emit(this.hitStarts[h], this.hitStarts[h] + len);
  }

  /**
   * Sequence ids of lexicon `lex` that may match this line, ascending (the order they were added):
   * those whose trigger occurs in the line and whose other literals occur too.
   */
  private candidates(lex: number, exceptions: boolean): number[] {
    const bank = this.bank;
    const lits = this.hitLits;
    const out: number[] = [];
    const stamp = ++bank.stamp;
    const present = bank.present;
    const seen = bank.seen;
    for (let h = 0; h < lits.length; h++) present[lits[h]] = stamp;
    let groups = 0;
    for (let h = 0; h < lits.length; h++) {
      const lit = lits[h];
      if (seen[lit] === stamp) continue;
      seen[lit] = stamp;
      const list = bank.trigSeqs(lex, lit, exceptions);
      if (!list) continue;
      groups++;
      for (let k = 0; k < list.length; k++) {
        const si = list[k];
        const others = bank.otherLits(si);
        let ok = true;
        for (let o = 0; o < others.length; o++) {
          if (present[others[o]] !== stamp) {
            ok = false;
            break;
          }
        }
        if (ok && (!bank.hasNum(si) || this.runs().length)) out.push(si);
      }
    }
    const num = bank.numOnlySeqs(lex, exceptions);
    if (num.length && this.runs().length) {
      for (let k = 0; k < num.length; k++) out.push(num[k]);
      groups++;
    }
    if (groups > 1) out.sort((a, b) => a - b);
    return out;
  }

  private rawMatches(lex: number, exceptions: boolean): { m: Match; negatable: boolean }[] {
    const out: { m: Match; negatable: boolean }[] = [];
    for (const si of this.candidates(lex, exceptions)) this.seqMatchesInto(si, out);
    return out;
  }

  private negations(): Match[] {
    if (!this.negationCache) {
      // Through matches(), so the negation set's own exceptions (能不能, 是不是 …) apply.
      this.negationCache = this.bank.lexiconIndex('negation') === undefined ? [] : this.matches('negation');
    }
    return this.negationCache;
  }

  /** Is the match at `start` preceded by a negation in the same clause? */
  isNegated(start: number): boolean {
    for (const n of this.negations()) {
      if (n.end > start) continue;
      const window = n.end - n.start === 1 ? 1 : 4;
      if (start - n.end > window) continue;
      let ok = true;
      for (let i = n.end; i < start; i++) {
        const c = this.text[i];
        if (CLAUSE_BREAK.has(c.charCodeAt(0)) || c === '就' || c === '否' || c === '则' || c === '话' || c === '如' || c === '要') {
          ok = false;
          break;
        }
      }
      if (ok) return true;
    }
    return false;
  }

  /** Could lexicon `lex` match at all (some sequence's first segment occurs in the line)? */
  private mayMatch(lex: number): boolean {
    if (lex >= MASK_BITS) return true;
    const bit = lex < 32 ? this.maskLo & (1 << lex) : this.maskHi & (1 << (lex - 32));
    if (bit) return true;
    return this.bank.numOnlySeqs(lex, false).length > 0 && this.runs().length > 0;
  }

  /**
   * The matches of a lexicon in this line, after negation and exceptions, leftmost-longest and
   * non-overlapping. The array is shared (cached per line): do not modify it.
   */
  matches(lexName: string): Match[] {
    const lex = this.bank.lexiconIndex(lexName);
    if (lex === undefined || !this.mayMatch(lex)) return EMPTY as Match[];
    const cache = (this.cache ??= []);
    const cached = cache[lex];
    if (cached) return cached as Match[];
    const raw = this.rawMatches(lex, false);
    let result: Match[] = EMPTY as Match[];
    if (raw.length) {
      const exc = this.rawMatches(lex, true).map((x) => x.m);
      const kept = raw
        .filter(({ m, negatable }) => !(negatable && this.isNegated(m.start)))
        .filter(({ m }) => !exc.some((e) => e.start <= m.start && e.end >= m.end))
        .map((x) => x.m)
        .sort((a, b) => a.start - b.start || b.end - a.end);
      if (kept.length) result = [];
      let lastEnd = -1;
      for (const m of kept) {
        if (m.start >= lastEnd) {
          result.push(m);
          lastEnd = m.end;
        }
      }
    }
    cache[lex] = result;
    return result;
  }

  has(lexName: string): boolean {
    return this.matches(lexName).length > 0;
  }
}

/** Validate a lexicon object read from JSON or config; returns an error message or undefined. */
export function checkLexicon(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return 'a lexicon must be an object';
  const d = data as Record<string, unknown>;
  for (const key of ['terms', 'exceptions'] as const) {
    const v = d[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) return `"${key}" must be an array`;
    for (const t of v) {
      const p = typeof t === 'string' ? t : t && typeof t === 'object' ? (t as TermSpec).pattern : undefined;
      if (typeof p !== 'string' || !p.trim()) return `every entry of "${key}" must be a non-empty string or { "pattern": string }`;
      try {
        for (const tokens of expand(p)) toSegments(tokens, p);
      } catch (e) {
        return (e as Error).message;
      }
    }
  }
  return undefined;
}
