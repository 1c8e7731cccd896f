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

interface AcState {
  next: Map<number, number>;
  fail: number;
  out: number[]; // literal ids ending here
}

/** A compiled bank of named lexicons sharing one automaton. */
export class LexiconBank {
  private names = new Map<string, number>();
  private lits: string[] = [];
  private litIds = new Map<string, number>();
  private seqs: Seq[] = [];
  /** For each lexicon, the sequences (and exception sequences). */
  private byLexicon: { seqs: number[]; exceptions: number[] }[] = [];
  private states: AcState[] = [{ next: new Map(), fail: 0, out: [] }];
  private built = false;

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
    let st = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let nx = this.states[st].next.get(c);
      if (nx === undefined) {
        nx = this.states.length;
        this.states.push({ next: new Map(), fail: 0, out: [] });
        this.states[st].next.set(c, nx);
      }
      st = nx;
    }
    this.states[st].out.push(id);
    return id;
  }

  /** Freeze: compute failure links. */
  build(): this {
    if (this.built) return this;
    const queue: number[] = [];
    for (const nx of this.states[0].next.values()) {
      this.states[nx].fail = 0;
      queue.push(nx);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      for (const [c, nx] of this.states[s].next) {
        queue.push(nx);
        let f = this.states[s].fail;
        while (f !== 0 && !this.states[f].next.has(c)) f = this.states[f].fail;
        const target = this.states[f].next.get(c);
        this.states[nx].fail = target !== undefined && target !== nx ? target : 0;
        const fo = this.states[this.states[nx].fail].out;
        if (fo.length) this.states[nx].out = this.states[nx].out.concat(fo);
      }
    }
    this.built = true;
    return this;
  }

  /** Scan one folded line: every literal hit of every lexicon. */
  scan(folded: string): LineHits {
    if (!this.built) this.build();
    const hits = new Map<number, number[]>(); // lit id -> start offsets
    const states = this.states;
    let st = 0;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      let nx = states[st].next.get(c);
      while (nx === undefined && st !== 0) {
        st = states[st].fail;
        nx = states[st].next.get(c);
      }
      st = nx ?? 0;
      const out = states[st].out;
      for (let k = 0; k < out.length; k++) {
        const id = out[k];
        const start = i + 1 - this.lits[id].length;
        let arr = hits.get(id);
        if (!arr) hits.set(id, (arr = []));
        arr.push(start);
      }
    }
    return new LineHits(this, folded, hits);
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
    return this.lits[id].length;
  }
}

/** The hits of one line, from which each lexicon's matches are derived on demand. */
export class LineHits {
  private numRuns: [number, number][] | undefined;
  private cache = new Map<number, Match[]>();
  private negationCache: Match[] | undefined;
  constructor(
    private bank: LexiconBank,
    readonly text: string,
    private hits: Map<number, number[]>,
  ) {}

  private runs(): [number, number][] {
    if (this.numRuns) return this.numRuns;
    const runs: [number, number][] = [];
    const t = this.text;
    for (let i = 0; i < t.length; ) {
      const c = t.charCodeAt(i);
      if (NUMERAL_START.has(c)) {
        let j = i + 1;
        while (j < t.length && NUMERAL.has(t.charCodeAt(j))) j++;
        while (j > i + 1 && t[j - 1] === '.') j--;
        runs.push([i, j]);
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

  /** Starts of segment `seg` (literal hits or numeral runs) as [start, end] pairs at or after `from`. */
  private segHits(seg: Seg): [number, number][] {
    if ('num' in seg) return this.runs();
    const starts = this.hits.get(seg.lit);
    if (!starts) return [];
    const len = this.bank.litLength(seg.lit);
    return starts.map((s) => [s, s + len]);
  }

  private seqMatches(seqIdx: number): Match[] {
    const seq = this.bank.seq(seqIdx);
    const first = this.segHits(seq.segs[0]);
    const out: Match[] = [];
    outer: for (const [s0, e0] of first) {
      let end = e0;
      for (let k = 1; k < seq.segs.length; k++) {
        const cand = this.segHits(seq.segs[k]);
        let found = -1;
        for (const [s, e] of cand) {
          if (s >= end && this.gapOk(end, s, seq.gaps[k - 1])) {
            found = e;
            break;
          }
        }
        if (found < 0) continue outer;
        end = found;
      }
      while (end < this.text.length && this.text.charCodeAt(end) === 0xe00f) end++; // whole placeholder
      out.push({ start: s0, end, pattern: seq.pattern });
    }
    return out;
  }

  private rawMatches(lexName: string, exceptions: boolean): { m: Match; negatable: boolean }[] {
    const lex = this.bank.lexiconIndex(lexName);
    if (lex === undefined) return [];
    const group = this.bank.seqsOf(lex);
    const out: { m: Match; negatable: boolean }[] = [];
    for (const si of exceptions ? group.exceptions : group.seqs) {
      const seq = this.bank.seq(si);
      const first = seq.segs[0];
      if ('lit' in first && !this.hits.has(first.lit)) continue;
      for (const m of this.seqMatches(si)) out.push({ m, negatable: seq.negatable });
    }
    return out;
  }

  private negations(): Match[] {
    if (!this.negationCache) this.negationCache = this.rawMatches('negation', false).map((x) => x.m);
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

  /**
   * The matches of a lexicon in this line, after negation and exceptions, leftmost-longest and
   * non-overlapping.
   */
  matches(lexName: string): Match[] {
    const lex = this.bank.lexiconIndex(lexName);
    if (lex === undefined) return [];
    const cached = this.cache.get(lex);
    if (cached) return cached;
    const raw = this.rawMatches(lexName, false);
    let result: Match[] = [];
    if (raw.length) {
      const exc = this.rawMatches(lexName, true).map((x) => x.m);
      const kept = raw
        .filter(({ m, negatable }) => !(negatable && this.isNegated(m.start)))
        .filter(({ m }) => !exc.some((e) => e.start <= m.start && e.end >= m.end))
        .map((x) => x.m)
        .sort((a, b) => a.start - b.start || b.end - a.end);
      let lastEnd = -1;
      for (const m of kept) {
        if (m.start >= lastEnd) {
          result.push(m);
          lastEnd = m.end;
        }
      }
    }
    this.cache.set(lex, result);
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
