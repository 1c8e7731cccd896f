/**
 * Lexicons: compiled once into one Aho–Corasick automaton over every literal of every lexicon, so a
 * line is scanned once whatever the number of rules and terms. Patterns are literal segments with
 * bounded gaps (docs/LEXICONS.md); no regular expression from data ever runs.
 */
import { BUILTIN_CLASSES } from './lexicons';
import { CLAUSE_BREAK, SENTENCE_BREAK, didYouMean, fold } from './text';

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

/** Class names: ASCII lower case, digits and hyphens, starting with a letter. */
export const CLASS_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The built-in classes with a config's classes added (terms appended to a class of the same name). */
export function mergeClasses(base: ClassTable, extra: Record<string, { terms?: string[] }> | undefined): ClassTable {
  if (!extra || Object.keys(extra).length === 0) return base;
  const out: ClassTable = { ...base };
  for (const [name, c] of Object.entries(extra)) {
    const prev = out[name];
    out[name] = { ...prev, terms: [...(prev?.terms ?? []), ...(c.terms ?? [])] };
  }
  return out;
}

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
/** Gap codes in the flat tables: before a segment, how it may follow the previous one. */
const GAP_CODE: Record<Gap, number> = { adj: 0, clause: 1, sentence: 2, ph: 3 };
const G_ADJ = 0;
const G_CLAUSE = 1;
const G_PH = 3;
/** Segment value of `<num>` in the flat tables (literal segments hold their literal id). */
const NUM = -1;
const F_EXCEPTION = 1;
const F_NEGATABLE = 2;
const F_NUM = 4;

export class LexiconError extends Error {}

const MAX_EXPANSION = 4096;
/** Words that make a preceding negation a condition rather than a denial. */
const CONDITION_MARKERS = ['就', '否则', '的话', '如果', '要是', '只要', '不然', '才'];
const CLAUSE_GAP = 10;
const SENTENCE_GAP = 30;

const NUMERAL = new Set([...'0123456789.零一二三四五六七八九十百千万亿两〇壹贰叁肆伍陆柒捌玖拾佰仟'].map((c) => c.charCodeAt(0)));
const NUMERAL_START = new Set([...'0123456789零一二三四五六七八九十两〇壹贰叁肆伍陆柒捌玖拾'].map((c) => c.charCodeAt(0)));

/** Groups nested deeper than this are a config error (a hostile pattern cannot exhaust the stack). */
const MAX_NESTING = 32;

type PatternNode = { alts: PatternNode[][] } | { text: string } | { gap: Gap } | { num: true };

/** Parsed classes per class table (a class is parsed once, however many patterns use it). */
const parsedClasses = new WeakMap<ClassTable, Map<string, PatternNode>>();

const short = (p: string) => (p.length > 80 ? p.slice(0, 80) + '…' : p);

/** A class as one pattern node: the alternatives of all its terms. `resolving` holds the classes being parsed (cycle check). */
function classNode(name: string, pattern: string, classes: ClassTable, resolving: string[]): PatternNode {
  let cache = parsedClasses.get(classes);
  if (!cache) parsedClasses.set(classes, (cache = new Map()));
  const known = cache.get(name);
  if (known) return known;
  const cls = Object.prototype.hasOwnProperty.call(classes, name) ? classes[name] : undefined;
  if (!cls) {
    const hint = didYouMean(name, Object.keys(classes));
    throw new LexiconError(`unknown word class [${name}] in pattern "${short(pattern)}"${hint ? ` (did you mean [${hint}]?)` : ''}`);
  }
  if (resolving.includes(name)) throw new LexiconError(`word class [${name}] refers to itself: ${[...resolving.slice(resolving.indexOf(name)), name].map((n) => `[${n}]`).join(' → ')}`);
  if (!Array.isArray(cls.terms) || cls.terms.length === 0) throw new LexiconError(`word class [${name}] has no terms`);
  const alts: PatternNode[][] = [];
  resolving.push(name);
  try {
    for (const term of cls.terms) {
      if (typeof term !== 'string' || term.trim() === '') throw new LexiconError(`every term of word class [${name}] must be a non-empty string`);
      alts.push(...parsePattern(term, classes, resolving));
    }
  } finally {
    resolving.pop();
  }
  const node: PatternNode = { alts };
  cache.set(name, node);
  return node;
}

/** Parse a pattern into alternatives of nodes (literal characters, groups, gaps, <tokens>, [classes]). */
function parsePattern(pattern: string, classes: ClassTable = BUILTIN_CLASSES, resolving: string[] = []): PatternNode[][] {
  let i = 0;
  const parseSeq = (depth: number): PatternNode[][] => {
    const inGroup = depth > 0;
    const alts: PatternNode[][] = [[]];
    while (i < pattern.length) {
      const c = pattern[i];
      if (c === '(') {
        if (depth >= MAX_NESTING) throw new LexiconError(`pattern "${pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern}" nests groups more than ${MAX_NESTING} deep`);
        i++;
        const inner = parseSeq(depth + 1);
        if (pattern[i] !== ')') throw new LexiconError(`unclosed "(" in pattern "${pattern}"`);
        i++;
        // A group with one alternative is just its content (no branching, no recursion to expand it).
        if (inner.length === 1) alts[alts.length - 1].push(...inner[0]);
        else alts[alts.length - 1].push({ alts: inner });
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
      } else if (c === '[') {
        const close = pattern.indexOf(']', i);
        const name = close < 0 ? '' : pattern.slice(i + 1, close);
        if (close < 0) throw new LexiconError(`unclosed "[" in pattern "${short(pattern)}"`);
        if (!CLASS_NAME.test(name)) throw new LexiconError(`"[${name}]" in pattern "${short(pattern)}" is not a word class name (lower-case letters, digits and hyphens)`);
        i = close + 1;
        alts[alts.length - 1].push(classNode(name, pattern, classes, resolving));
      } else if (c === ']') {
        throw new LexiconError(`unbalanced "]" in pattern "${short(pattern)}"`);
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
  return parseSeq(0);
}

/** How many token sequences the alternatives expand to (capped just above the limit). */
function countForms(alts: PatternNode[][]): number {
  let total = 0;
  for (const seq of alts) {
    let product = 1;
    for (const node of seq) if ('alts' in node) product = Math.min(product * countForms(node.alts), MAX_EXPANSION + 1);
    total = Math.min(total + product, MAX_EXPANSION + 1);
  }
  return total;
}

const GAP_TOKEN = { clause: '\u0002clause', sentence: '\u0002sentence' } as const;

/**
 * Call `visit` with every expansion of a pattern, as a sequence of tokens (literal characters,
 * '\u0001num', gap markers), in order: the first alternative first, leftmost choice varying
 * slowest. The token array is reused between calls. At most MAX_EXPANSION expansions: the count is
 * checked on the parsed pattern before anything is enumerated.
 */
function forEachExpansion(pattern: string, visit: (tokens: string[]) => void, classes: ClassTable = BUILTIN_CLASSES): void {
  const tree = parsePattern(pattern, classes);
  if (countForms(tree) > MAX_EXPANSION) throw new LexiconError(`pattern "${pattern.length > 200 ? pattern.slice(0, 200) + '…' : pattern}" expands to more than ${MAX_EXPANSION} forms`);
  const stack: string[] = [];
  // Plain nodes are taken in a loop; only a group (two or more alternatives, so at most 12 along
  // any expansion) recurses: a 200,000-character literal pattern does not exhaust the stack.
  const walk = (seq: PatternNode[], i: number, done: () => void): void => {
    const depth = stack.length;
    for (; i < seq.length; i++) {
      const node = seq[i];
      if ('alts' in node) {
        const base = stack.length;
        const rest = () => walk(seq, i + 1, done);
        for (const inner of node.alts) {
          walk(inner, 0, rest);
          stack.length = base;
        }
        stack.length = depth;
        return;
      }
      stack.push('gap' in node ? (node.gap === 'sentence' ? GAP_TOKEN.sentence : GAP_TOKEN.clause) : 'num' in node ? '\u0001num' : node.text);
    }
    done();
    stack.length = depth;
  };
  const emit = () => visit(stack);
  for (const seq of tree) {
    walk(seq, 0, emit);
    stack.length = 0;
  }
}

/**
 * A copy of an expansion with each run of literal characters folded as line text is (text.ts), so
 * a term matches the text it is written as: 佢哋 in a term matches 佢哋 in a line, both folded to
 * 他们; a traditional or upper-case term matches too. (A copy: the visitor's array is reused.)
 */
function foldTokens(tokens: string[]): string[] {
  const out = tokens.slice();
  let start = -1;
  const flush = (end: number) => {
    if (start < 0) return;
    const f = fold(tokens.slice(start, end).join(''));
    for (let k = start; k < end; k++) out[k] = f[k - start];
    start = -1;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const literal = t.length === 1 && !(t >= '\ue001' && t <= '\ue005');
    if (literal) {
      if (start < 0) start = k;
    } else flush(k);
  }
  flush(tokens.length);
  return out;
}

/** Receives the segments of an expansion, in order. */
interface SegmentSink {
  /** A literal made of tokens[from, to) (one character each), or `<num>` when from < 0; `gap` is the gap code before it. */
  segment(tokens: string[], from: number, to: number, gap: number): void;
}

/**
 * The segmenting of an expansion (adjacent characters merge into one literal; gaps, `<num>` and
 * placeholder markers separate segments). Throws on a pattern that starts with a gap or is empty.
 * Without `sink` it only validates.
 */
function segmentTokens(tokens: string[], pattern: string, sink?: SegmentSink): void {
  let parts = 0;
  let gaps = 0;
  let curStart = -1;
  let pendingGap = -1;
  let lastGap = G_ADJ;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.charCodeAt(0) === 2) {
      if (curStart < 0 && parts === 0) throw new LexiconError(`pattern "${pattern}" starts with a gap`);
      if (curStart >= 0) {
        sink?.segment(tokens, curStart, k, parts === 0 ? G_ADJ : lastGap);
        parts++;
        curStart = -1;
      }
      pendingGap = t === '\u0002sentence' ? GAP_CODE.sentence : G_CLAUSE;
      continue;
    }
    const num = t === '\u0001num';
    const marker = !num && t.length === 1 && t >= '\ue001' && t <= '\ue005';
    if (num || marker) {
      if (curStart >= 0) {
        sink?.segment(tokens, curStart, k, parts === 0 ? G_ADJ : lastGap);
        parts++;
        curStart = -1;
        gaps++;
        lastGap = G_ADJ;
      } else if (parts) {
        gaps++;
        lastGap = pendingGap < 0 ? G_ADJ : pendingGap;
      }
      sink?.segment(tokens, num ? -1 : k, num ? -1 : k + 1, parts === 0 ? G_ADJ : lastGap);
      parts++;
      pendingGap = num ? G_ADJ : G_PH;
    } else {
      if (curStart < 0 && parts) {
        gaps++;
        lastGap = pendingGap < 0 ? G_ADJ : pendingGap;
      }
      if (curStart < 0) curStart = k;
      pendingGap = -1;
    }
  }
  if (curStart >= 0) {
    sink?.segment(tokens, curStart, tokens.length, parts === 0 ? G_ADJ : lastGap);
    parts++;
  }
  if (parts === 0) throw new LexiconError(`pattern "${pattern}" is empty`);
  if (gaps !== parts - 1) throw new LexiconError(`pattern "${pattern}" ends with a gap`);
}

/** A match of a lexicon in one line: [start, end) in UTF-16 units of the line text. */
export interface Match {
  start: number;
  end: number;
  pattern: string;
}

/** The result for a line without matches, shared: callers must not modify a matches() array. (Not frozen: V8 iterates frozen arrays slowly.) */
const EMPTY: readonly Match[] = [];
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
  /** Flags of the sequence being added. */
  private curFlags = 0;
  private lexCount = 0;
  /** Term patterns (one per term; every sequence a pattern expands to points to it). */
  private patterns: string[] = [];
  // Sequences under construction: per sequence its lexicon, flags, pattern and first segment; per
  // segment its value (literal id or NUM) and the gap code before it.
  private bLex: number[] = [];
  private bFlags: number[] = [];
  private bPat: number[] = [];
  private bSegStart: number[] = [];
  private bSegVal: number[] = [];
  private bSegGap: number[] = [];
  // The same, frozen (after build).
  /** @internal */ seqLex = new Uint16Array(0);
  /** @internal */ seqFlags = new Uint8Array(0);
  /** @internal */ seqPat = new Int32Array(0);
  /** @internal */ segStart = new Int32Array(0);
  /** @internal */ segVal = new Int32Array(0);
  /** @internal */ segGap = new Uint8Array(0);
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
  /** Sequences with a literal, sorted by (trigger literal, lexicon, id); trigStart[lit] opens each literal's run. */
  private trigIds = new Int32Array(0);
  private trigStart = new Int32Array(0);
  /** Per sequence: a second literal it needs besides its trigger (-1: none); trigIds runs are grouped by it. */
  private second = new Int32Array(0);
  /** For a position in trigIds: the end of its group (same lexicon and second literal). */
  private groupEnd = new Int32Array(0);
  /** Per lexicon: sequences made of `<num>` segments only (terms, exceptions). */
  private numOnly: { terms: number[]; exceptions: number[] }[] = [];
  /** Scratch stamps per literal (which literals a line has), reused by every line. */
  /** @internal */ present = new Int32Array(0);
  /** @internal */ seen = new Int32Array(0);
  /** @internal */ stamp = 0;
  /** @internal The line whose literals `present` is stamped with (see LineHits.candidates). */
  stampOwner: unknown;

  /** `classes`: the word classes patterns may refer to (the built-in ones unless a config adds some). */
  constructor(private readonly classes: ClassTable = BUILTIN_CLASSES) {}

  add(name: string, data: LexiconData): void {
    if (this.built) throw new Error('LexiconBank is frozen');
    let id = this.names.get(name);
    if (id === undefined) {
      id = this.lexCount++;
      if (id >= 65535) throw new LexiconError('too many lexicons');
      this.names.set(name, id);
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
    const pat = this.patterns.length;
    this.patterns.push(pattern);
    const flags = (exception ? F_EXCEPTION : 0) | ((spec.negatable ?? defNeg) ? F_NEGATABLE : 0);
    // (Patterns from a config were validated with the config; a bad pattern here throws midway
    // and the bank is not used.)
    forEachExpansion(pattern, (tokens) => {
      this.curFlags = flags;
      this.bSegStart.push(this.bSegVal.length);
      segmentTokens(foldTokens(tokens), pattern, this);
      this.bLex.push(lexicon);
      this.bFlags.push(this.curFlags);
      this.bPat.push(pat);
    }, this.classes);
  }

  /** @internal SegmentSink: one segment of the sequence being added. */
  segment(tokens: string[], from: number, to: number, gap: number): void {
    if (from < 0) this.curFlags |= F_NUM;
    this.bSegVal.push(from < 0 ? NUM : this.literal(tokens, from, to));
    this.bSegGap.push(gap);
  }

  /** The literal made of tokens[from, to) (one character each): its id, inserted into the trie if new. */
  private literal(tokens: string[], from: number, to: number): number {
    const { tChar, tFirst, tNext, tOwn } = this;
    const root = this.rootChild!;
    let st = 0;
    for (let i = from; i < to; i++) {
      const c = tokens[i].charCodeAt(0);
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
    let id = tOwn[st];
    if (id < 0) {
      id = this.lits.length;
      this.lits.push(tokens.slice(from, to).join(''));
      tOwn[st] = id;
    }
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

    // Sequence tables.
    const nSeq = this.bLex.length;
    this.seqLex = Uint16Array.from(this.bLex);
    this.seqFlags = Uint8Array.from(this.bFlags);
    this.seqPat = Int32Array.from(this.bPat);
    this.bSegStart.push(this.bSegVal.length);
    this.segStart = Int32Array.from(this.bSegStart);
    this.segVal = Int32Array.from(this.bSegVal);
    this.segGap = Uint8Array.from(this.bSegGap);
    this.bLex = this.bFlags = this.bPat = this.bSegStart = this.bSegVal = this.bSegGap = [];
    const { seqLex, seqFlags, segStart, segVal } = this;

    // Each sequence is triggered by one of its literals: the one triggering the fewest sequences so
    // far (longest on ties). Expansions of a pattern such as (我们|公司)…(不会|不能)…(删除|消除)记录
    // then spread over the literals of its largest group instead of piling onto the common ones.
    const nLits = this.lits.length;
    this.litMaskLo = new Int32Array(nLits);
    this.litMaskHi = new Int32Array(nLits);
    this.present = new Int32Array(nLits);
    this.seen = new Int32Array(nLits);
    this.numOnly = Array.from({ length: this.lexCount }, () => ({ terms: [], exceptions: [] }));
    const trigger = new Int32Array(nSeq);
    const perLit = new Int32Array(nLits + 1);
    const perLex = new Int32Array(this.lexCount + 1);
    let withLit = 0;
    const load = new Int32Array(nLits);
    for (let i = 0; i < nSeq; i++) {
      let t = -1;
      for (let k = segStart[i]; k < segStart[i + 1]; k++) {
        const v = segVal[k];
        if (v === NUM) continue;
        if (t < 0 || load[v] < load[t] || (load[v] === load[t] && this.litLen[v] > this.litLen[t])) t = v;
      }
      if (t >= 0) load[t]++;
      trigger[i] = t;
      const lex = seqLex[i];
      if (t < 0) {
        (seqFlags[i] & F_EXCEPTION ? this.numOnly[lex].exceptions : this.numOnly[lex].terms).push(i);
        continue;
      }
      withLit++;
      perLit[t + 1]++;
      perLex[lex + 1]++;
      if (lex < 32) this.litMaskLo[t] |= 1 << lex;
      else if (lex < MASK_BITS) this.litMaskHi[t] |= 1 << (lex - 32);
    }
    // Two stable counting sorts: by lexicon, then by trigger literal.
    for (let k = 0; k < this.lexCount; k++) perLex[k + 1] += perLex[k];
    const byLex = new Int32Array(withLit);
    for (let i = 0; i < nSeq; i++) if (trigger[i] >= 0) byLex[perLex[seqLex[i]]++] = i;
    for (let k = 0; k < nLits; k++) perLit[k + 1] += perLit[k];
    this.trigStart = perLit.slice();
    const trigIds = new Int32Array(withLit);
    for (const i of byLex) trigIds[perLit[trigger[i]]++] = i;
    // Within each (trigger, lexicon) run, group the sequences by a second literal they need (their
    // longest other one), so that a line without it skips the whole group at once.
    const second = new Int32Array(nSeq).fill(-1);
    for (let i = 0; i < nSeq; i++) {
      const t = trigger[i];
      if (t < 0) continue;
      for (let k = segStart[i]; k < segStart[i + 1]; k++) {
        const v = segVal[k];
        if (v !== NUM && v !== t && (second[i] < 0 || this.litLen[v] > this.litLen[second[i]])) second[i] = v;
      }
    }
    const groupEnd = new Int32Array(withLit);
    for (let lit = 0; lit < nLits; lit++) {
      const from = this.trigStart[lit];
      const to = this.trigStart[lit + 1];
      if (to - from > 1) {
        const run = Array.from(trigIds.subarray(from, to));
        run.sort((a, b) => seqLex[a] - seqLex[b] || second[a] - second[b] || a - b);
        trigIds.set(run, from);
      }
      for (let k = to - 1; k >= from; k--) {
        const same = k + 1 < to && seqLex[trigIds[k + 1]] === seqLex[trigIds[k]] && second[trigIds[k + 1]] === second[trigIds[k]];
        groupEnd[k] = same ? groupEnd[k + 1] : k + 1;
      }
    }
    this.trigIds = trigIds;
    this.second = second;
    this.groupEnd = groupEnd;
    this.tChar = this.tFirst = this.tNext = this.tOwn = this.rootKids = [];
    this.rootChild = undefined;
    this.built = true;
    return this;
  }

  /** Scan one folded line: every literal hit of every lexicon. */
  scan(folded: string): LineHits {
    if (!this.built) this.build();
    const { cls, rootNext, childStart, childCls, childTo, fail, own, dict, litLen, litMaskLo, litMaskHi } = this;
    const scratch = SCRATCH;
    let n = 0;
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
        scratch[n++] = id;
        scratch[n++] = i + 1 - litLen[id];
        lo |= litMaskLo[id];
        hi |= litMaskHi[id];
      }
    }
    return new LineHits(this, folded, n ? scratch.slice(0, n) : NO_HITS, lo, hi);
  }

  /**
   * The built bank as plain data (typed arrays and strings) that structured clone can carry to a
   * worker thread; `share` puts the arrays in SharedArrayBuffers so that no thread copies them.
   */
  snapshot(share = false): LexiconSnapshot {
    if (!this.built) this.build();
    const arrays: Record<string, ArrayLike<number>> = {};
    for (const k of SNAPSHOT_ARRAYS) {
      const a = this[k] as Int32Array | Uint16Array | Uint8Array;
      if (!share || typeof SharedArrayBuffer === 'undefined') {
        arrays[k] = a;
        continue;
      }
      const Ctor = a.constructor as Int32ArrayConstructor;
      const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
      copy.set(a as Int32Array);
      arrays[k] = copy;
    }
    // (The literal strings stay here: matching needs only their lengths.)
    return { arrays, patterns: this.patterns, names: [...this.names], lexCount: this.lexCount, numOnly: this.numOnly };
  }

  /** A bank from a snapshot (another thread's build): ready to scan, no compilation. */
  static fromSnapshot(snap: LexiconSnapshot): LexiconBank {
    const b = new LexiconBank();
    for (const k of SNAPSHOT_ARRAYS) (b as unknown as Record<string, unknown>)[k] = snap.arrays[k];
    b.lits = [];
    b.patterns = snap.patterns;
    b.names = new Map(snap.names);
    b.lexCount = snap.lexCount;
    b.numOnly = snap.numOnly;
    b.present = new Int32Array(b.litLen.length);
    b.seen = new Int32Array(b.litLen.length);
    b.tChar = b.tFirst = b.tNext = b.tOwn = b.rootKids = b.bLex = b.bFlags = b.bPat = b.bSegStart = b.bSegVal = b.bSegGap = [];
    b.rootChild = undefined;
    b.built = true;
    return b;
  }

  /** Every literal segment the automaton looks for, without placeholder markers (for benchmarks and exports; not kept by a bank made from a snapshot). */
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
  /** @internal */ pattern(seq: number): string {
    return this.patterns[this.seqPat[seq]];
  }
  /** @internal Does literal `lit` trigger any sequence at all? */
  triggersAny(lit: number): boolean {
    return this.trigStart[lit + 1] > this.trigStart[lit];
  }
  /** @internal Does literal `lit` trigger some sequence of lexicon `lex`? (false only when sure) */
  mayTrigger(lex: number, lit: number): boolean {
    if (lex >= MASK_BITS) return true;
    return (lex < 32 ? this.litMaskLo[lit] & (1 << lex) : this.litMaskHi[lit] & (1 << (lex - 32))) !== 0;
  }
  /** @internal Start of the run of trigIds holding the sequences of `lex` that literal `lit` triggers (ends where seqLex changes). */
  trigFrom(lex: number, lit: number): number {
    const ids = this.trigIds;
    const seqLex = this.seqLex;
    let lo = this.trigStart[lit];
    let hi = this.trigStart[lit + 1];
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (seqLex[ids[m]] < lex) lo = m + 1;
      else hi = m;
    }
    return lo;
  }
  /** @internal */ trigEnd(lit: number): number {
    return this.trigStart[lit + 1];
  }
  /** @internal */ get triggered(): Int32Array {
    return this.trigIds;
  }
  /** @internal */ get seconds(): Int32Array {
    return this.second;
  }
  /** @internal */ get groupEnds(): Int32Array {
    return this.groupEnd;
  }
  /** @internal Sequences of `lex` without any literal segment. */
  numOnlySeqs(lex: number, exceptions: boolean): number[] {
    const g = this.numOnly[lex];
    return g ? (exceptions ? g.exceptions : g.terms) : [];
  }
}

export const SNAPSHOT_ARRAYS = [
  'cls', 'rootNext', 'childStart', 'childCls', 'childTo', 'fail', 'own', 'dict', 'litLen', 'litMaskLo', 'litMaskHi',
  'trigIds', 'trigStart', 'second', 'groupEnd', 'seqLex', 'seqFlags', 'seqPat', 'segStart', 'segVal', 'segGap',
] as const;

/** A built LexiconBank as data (see LexiconBank.snapshot). */
export interface LexiconSnapshot {
  arrays: Record<string, ArrayLike<number>>;
  patterns: string[];
  names: [string, number][];
  lexCount: number;
  numOnly: { terms: number[]; exceptions: number[] }[];
}

const NO_HITS: number[] = [];

interface GapTables {
  /** nonFiller[i]: characters before i that are not placeholder filler. */
  nonFiller: Int32Array;
  /** nextClause[i] / nextSentence[i]: the first clause / sentence break at or after i (length if none). */
  nextClause: Int32Array;
  nextSentence: Int32Array;
}

function gapTables(text: string): GapTables {
  const n = text.length;
  const nonFiller = new Int32Array(n + 1);
  const nextClause = new Int32Array(n + 1);
  const nextSentence = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) nonFiller[i + 1] = nonFiller[i] + (text.charCodeAt(i) !== 0xe00f ? 1 : 0);
  nextClause[n] = n;
  nextSentence[n] = n;
  for (let i = n - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    nextClause[i] = CLAUSE_BREAK.has(c) ? i : nextClause[i + 1];
    nextSentence[i] = SENTENCE_BREAK.has(c) ? i : nextSentence[i + 1];
  }
  return { nonFiller, nextClause, nextSentence };
}
const NO_RAW: { m: Match; negatable: boolean }[] = [];
/** Where scan() collects a line's hits before copying them out at their exact size. */
const SCRATCH: number[] = [];

/** The hits of one line, from which each lexicon's matches are derived on demand. */
export class LineHits {
  private numRuns: number[] | undefined;
  /** Results computed so far, as [lexicon, matches, lexicon, matches, …] (few per line). */
  private cache: (number | Match[])[] | undefined;
  private presentStamp = 0;
  private triggers: number[] | undefined;
  /** For long lines: hit starts per literal, and prefix tables for gap checks. */
  private byLit: Map<number, number[]> | undefined;
  private gaps: GapTables | undefined;
  /** Lexicons (below 64) known to have no match in this line, as two bit words. */
  private noneLo = 0;
  private noneHi = 0;
  private negationCache: Match[] | undefined;
  constructor(
    private bank: LexiconBank,
    readonly text: string,
    /** The hits in the order the automaton found them (by end offset), as [literal id, start, literal id, start, …]. */
    private hits: number[],
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

  /**
   * May a segment start at `to` after one that ended at `from`? Monotone in `to`: if it fails for
   * some `to`, it fails for every later one (the gap only grows), which nextSeg relies on.
   */
  private gapOk(from: number, to: number, gap: number): boolean {
    if (to < from) return false;
    if (gap === G_ADJ) return to === from;
    const text = this.text;
    if (to - from > 64) {
      // Long gaps (long lines, big placeholders): prefix counts, so that no gap is walked twice.
      const g = (this.gaps ??= gapTables(text));
      if (gap === G_PH) return g.nonFiller[to] === g.nonFiller[from];
      const limit = gap === G_CLAUSE ? CLAUSE_GAP : SENTENCE_GAP;
      const next = gap === G_CLAUSE ? g.nextClause : g.nextSentence;
      return next[from] >= to && g.nonFiller[to] - g.nonFiller[from] <= limit;
    }
    if (gap === G_PH) {
      for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 0xe00f) return false;
      return true;
    }
    const limit = gap === G_CLAUSE ? CLAUSE_GAP : SENTENCE_GAP;
    const breaks = gap === G_CLAUSE ? CLAUSE_BREAK : SENTENCE_BREAK;
    let counted = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (breaks.has(c)) return false;
      if (c !== 0xe00f && ++counted > limit) return false;
    }
    return true;
  }

  /**
   * The end of the first occurrence of segment value `v` at or after `end` whose gap from `end` is
   * allowed, or -1. Because gapOk is monotone, the first occurrence at or after `end` decides; on
   * long lines it is found by binary search, so a pattern like a…a on a line of a million a's stays
   * linear (n log n) instead of quadratic.
   */
  private nextSeg(v: number, end: number, gap: number): number {
    if (v === NUM) {
      const runs = this.runs();
      let lo = 0;
      let hi = runs.length >> 1;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (runs[2 * m] < end) lo = m + 1;
        else hi = m;
      }
      if (lo >= runs.length >> 1) return -1;
      return this.gapOk(end, runs[2 * lo], gap) ? runs[2 * lo + 1] : -1;
    }
    const len = this.bank.litLen[v];
    const hits = this.hits;
    if (hits.length > 128) {
      const starts = this.startsOf(v);
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (starts[m] < end) lo = m + 1;
        else hi = m;
      }
      if (lo >= starts.length) return -1;
      return this.gapOk(end, starts[lo], gap) ? starts[lo] + len : -1;
    }
    for (let h = 0; h < hits.length; h += 2) {
      if (hits[h] !== v) continue;
      const s = hits[h + 1];
      if (s >= end) return this.gapOk(end, s, gap) ? s + len : -1;
    }
    return -1;
  }

  /** Starts of the hits of one literal, ascending (lines with many hits only). */
  private startsOf(lit: number): number[] {
    let by = this.byLit;
    if (!by) {
      by = this.byLit = new Map();
      const hits = this.hits;
      for (let h = 0; h < hits.length; h += 2) {
        let list = by.get(hits[h]);
        if (!list) by.set(hits[h], (list = []));
        list.push(hits[h + 1]);
      }
    }
    return by.get(lit) ?? NO_HITS;
  }

  private matchFrom(si: number, s0: number, e0: number, out: { m: Match; negatable: boolean }[]): void {
    const bank = this.bank;
    const text = this.text;
    const last = bank.segStart[si + 1];
    let end = e0;
    for (let k = bank.segStart[si] + 1; k < last; k++) {
      end = this.nextSeg(bank.segVal[k], end, bank.segGap[k]);
      if (end < 0) return;
    }
    while (end < text.length && text.charCodeAt(end) === 0xe00f) end++; // whole placeholder
    out.push({ m: { start: s0, end, pattern: bank.pattern(si) }, negatable: (bank.seqFlags[si] & F_NEGATABLE) !== 0 });
  }

  private seqMatchesInto(si: number, out: { m: Match; negatable: boolean }[]): void {
    const first = this.bank.segVal[this.bank.segStart[si]];
    if (first === NUM) {
      const runs = this.runs();
      for (let r = 0; r < runs.length; r += 2) this.matchFrom(si, runs[r], runs[r + 1], out);
      return;
    }
    const len = this.bank.litLen[first];
    const hits = this.hits;
    for (let h = 0; h < hits.length; h += 2) if (hits[h] === first) this.matchFrom(si, hits[h + 1], hits[h + 1] + len, out);
  }

  /** The distinct literals of this line that trigger some sequence (computed once per line). */
  private distinctTriggers(): number[] {
    const bank = this.bank;
    const hits = this.hits;
    const seen = bank.seen;
    const stamp = ++bank.stamp;
    const out: number[] = [];
    for (let h = 0; h < hits.length; h += 2) {
      const lit = hits[h];
      if (seen[lit] === stamp) continue;
      seen[lit] = stamp;
      if (bank.triggersAny(lit)) out.push(lit);
    }
    return out;
  }

  /**
   * Sequence ids of lexicon `lex` that may match this line, ascending (the order they were added):
   * those whose trigger occurs in the line and whose other literals occur too.
   */
  private candidates(lex: number, exceptions: boolean): number[] {
    const bank = this.bank;
    const hits = this.hits;
    let out: number[] = NO_HITS;
    const present = bank.present;
    // The `present` stamps of the last line asked about stay valid until another line asks.
    let stamp = this.presentStamp;
    if (bank.stampOwner !== this) {
      stamp = this.presentStamp = ++bank.stamp;
      bank.stampOwner = this;
      for (let h = 0; h < hits.length; h += 2) present[hits[h]] = stamp;
    }
    const triggers = (this.triggers ??= this.distinctTriggers());
    const ids = bank.triggered;
    const { segStart, segVal, seqFlags, seqLex } = bank;
    const seconds = bank.seconds;
    const groupEnds = bank.groupEnds;
    const want = exceptions ? F_EXCEPTION : 0;
    for (let t = 0; t < triggers.length; t++) {
      const lit = triggers[t];
      if (!bank.mayTrigger(lex, lit)) continue;
      const end = bank.trigEnd(lit);
      let k = bank.trigFrom(lex, lit);
      while (k < end) {
        const first = ids[k];
        if (seqLex[first] !== lex) break;
        const group = groupEnds[k];
        const s2 = seconds[first];
        if (s2 >= 0 && present[s2] !== stamp) {
          k = group; // the whole group needs a literal this line lacks
          continue;
        }
        for (; k < group; k++) {
          const si = ids[k];
          if ((seqFlags[si] & F_EXCEPTION) !== want) continue;
          let ok = true;
          for (let g = segStart[si]; g < segStart[si + 1]; g++) {
            const v = segVal[g];
            if (v === NUM ? this.runs().length === 0 : present[v] !== stamp) {
              ok = false;
              break;
            }
          }
          if (ok) {
            if (out === NO_HITS) out = [];
            out.push(si);
          }
        }
      }
    }
    const num = bank.numOnlySeqs(lex, exceptions);
    if (num.length && this.runs().length) {
      if (out === NO_HITS) out = [];
      for (let k = 0; k < num.length; k++) out.push(num[k]);
    }
    if (out.length > 1) out.sort((a, b) => a - b);
    return out;
  }

  private rawMatches(lex: number, exceptions: boolean): { m: Match; negatable: boolean }[] {
    const cands = this.candidates(lex, exceptions);
    if (!cands.length) return NO_RAW;
    const out: { m: Match; negatable: boolean }[] = [];
    for (let k = 0; k < cands.length; k++) this.seqMatchesInto(cands[k], out);
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
      if (n.start >= start) continue;
      // A negation that overlaps the start of the match (不会 in 不会一直打) negates it too.
      if (n.end > start) return true;
      const window = n.end - n.start === 1 ? 1 : 4;
      if (start - n.end > window) continue;
      const between = this.text.slice(n.end, start);
      let ok = true;
      for (let i = 0; i < between.length; i++) {
        if (CLAUSE_BREAK.has(between.charCodeAt(i))) {
          ok = false;
          break;
        }
      }
      // A condition between them (不还钱就起诉) means the negation is the condition, not a denial.
      if (ok && CONDITION_MARKERS.some((m) => between.includes(m))) ok = false;
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
    if (lex < 32 ? this.noneLo & (1 << lex) : lex < MASK_BITS && this.noneHi & (1 << (lex - 32))) return EMPTY as Match[];
    const cache = this.cache;
    if (cache) for (let k = 0; k < cache.length; k += 2) if (cache[k] === lex) return cache[k + 1] as Match[];
    const raw = this.rawMatches(lex, false);
    let result: Match[] = EMPTY as Match[];
    if (raw.length === 1) {
      // The common case, without the general case's intermediate arrays.
      const { m, negatable } = raw[0];
      if (!(negatable && this.isNegated(m.start))) {
        const exc = this.rawMatches(lex, true);
        if (!exc.some(({ m: e }) => e.start <= m.start && e.end >= m.end)) result = [m];
      }
    } else if (raw.length) {
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
    if (result.length === 0 && lex < MASK_BITS) {
      if (lex < 32) this.noneLo |= 1 << lex;
      else this.noneHi |= 1 << (lex - 32);
    } else (this.cache ??= []).push(lex, result);
    return result;
  }

  has(lexName: string): boolean {
    return this.matches(lexName).length > 0;
  }
}

/**
 * Validate word classes from a config (`"classes"`), merged over `base`: names, terms, references
 * to unknown classes, cycles. Returns one message per problem, as [class name, message].
 */
export function checkClasses(extra: unknown, base: ClassTable = BUILTIN_CLASSES): [string, string][] {
  if (extra === undefined) return [];
  if (!extra || typeof extra !== 'object' || Array.isArray(extra)) return [['', '"classes" must be an object']];
  const problems: [string, string][] = [];
  for (const [name, c] of Object.entries(extra as Record<string, unknown>)) {
    if (!CLASS_NAME.test(name)) problems.push([name, `"${name}" is not a word class name (lower-case letters, digits and hyphens, e.g. "close-person")`]);
    const terms = c && typeof c === 'object' ? (c as { terms?: unknown }).terms : undefined;
    if (!Array.isArray(terms) || terms.length === 0 || terms.some((t) => typeof t !== 'string' || !t.trim())) problems.push([name, '"terms" must be a non-empty array of non-empty strings']);
  }
  if (problems.length) return problems;
  const table = mergeClasses(base, extra as Record<string, { terms?: string[] }>);
  for (const name of Object.keys(extra as object)) {
    for (const t of table[name].terms) {
      try {
        forEachExpansion(t, (tokens) => segmentTokens(tokens, t), table);
      } catch (e) {
        problems.push([name, (e as Error).message]);
        break;
      }
    }
  }
  return problems;
}

/** Validate a lexicon object read from JSON or config; returns an error message or undefined. */
export function checkLexicon(data: unknown, classes: ClassTable = BUILTIN_CLASSES): string | undefined {
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
        forEachExpansion(p, (tokens) => segmentTokens(tokens, p), classes);
      } catch (e) {
        return (e as Error).message;
      }
    }
  }
  return undefined;
}
