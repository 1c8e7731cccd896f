/**
 * Lexicons. Every pattern is compiled, without multiplying its alternatives out, into a small graph
 * over pieces — literal strings, `<num>`, placeholder markers, gaps and splits; word classes are
 * alternatives like any group. The distinct literal pieces of every lexicon go into one
 * Aho–Corasick automaton, so a line is scanned once whatever the number of rules and terms; a
 * pattern is then verified, from the piece hits, only on lines that hold its most selective
 * required piece. No regular expression from data ever runs, and verification is bounded per hit
 * by the size of the pattern (gaps are bounded windows): linear in the line whatever a config says.
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

type Gap = 'clause' | 'sentence';

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
    throw new LexiconError(`unknown word class [${name}] in pattern "${short(pattern)}"${hint ? ` (did you mean [${hint}]?)` : ''}`, `模式「${short(pattern)}」中有未知的词类 [${name}]${hint ? `（是不是 [${hint}]？）` : ''}`);
  }
  if (resolving.includes(name)) {
    const cycle = [...resolving.slice(resolving.indexOf(name)), name].map((n) => `[${n}]`).join(' → ');
    throw new LexiconError(`word class [${name}] refers to itself: ${cycle}`, `词类 [${name}] 引用了自身：${cycle}`);
  }
  if (!Array.isArray(cls.terms) || cls.terms.length === 0) throw new LexiconError(`word class [${name}] has no terms`, `词类 [${name}] 没有词条`);
  const alts: PatternNode[][] = [];
  resolving.push(name);
  try {
    for (const term of cls.terms) {
      if (typeof term !== 'string' || term.trim() === '') throw new LexiconError(`every term of word class [${name}] must be a non-empty string`, `词类 [${name}] 的每个词条都应是非空字符串`);
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
/**
 * `?`, `*` or `+` right after a group or a class reads as a regular-expression quantifier, which the
 * pattern language does not have: it would match a literal ASCII `?`/`*`/`+` and silently narrow the
 * pattern to almost nothing. An optional group is written with an empty branch, `(a|b|)`; a literal
 * question mark after a group is written full-width, `？`.
 */
function noQuantifier(pattern: string, i: number): void {
  const q = pattern[i];
  if (q !== '?' && q !== '*' && q !== '+') return;
  throw new LexiconError(
    `"${q}" after a group or word class in pattern "${short(pattern)}" is not pattern syntax (no regular-expression quantifiers): write an optional group with an empty branch, (a|b|)${q === '?' ? ', or a literal question mark as ？' : ''}`,
    `模式「${short(pattern)}」中组或词类后的「${q}」不是模式语法（不支持正则表达式的量词）：可选的组请写成带空分支的 (a|b|)${q === '?' ? '，字面的问号请写全角「？」' : ''}`,
  );
}

function parsePattern(pattern: string, classes: ClassTable = BUILTIN_CLASSES, resolving: string[] = []): PatternNode[][] {
  let i = 0;
  const parseSeq = (depth: number): PatternNode[][] => {
    const inGroup = depth > 0;
    const alts: PatternNode[][] = [[]];
    while (i < pattern.length) {
      const c = pattern[i];
      if (c === '(') {
        if (depth >= MAX_NESTING) throw new LexiconError(`pattern "${pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern}" nests groups more than ${MAX_NESTING} deep`, `模式「${pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern}」的括号嵌套超过 ${MAX_NESTING} 层`);
        i++;
        const inner = parseSeq(depth + 1);
        if (pattern[i] !== ')') throw new LexiconError(`unclosed "(" in pattern "${pattern}"`, `模式「${pattern}」中的 ( 没有闭合`);
        i++;
        noQuantifier(pattern, i);
        // A group with one alternative is just its content (no branching, no recursion to expand it).
        if (inner.length === 1) alts[alts.length - 1].push(...inner[0]);
        else alts[alts.length - 1].push({ alts: inner });
      } else if (c === ')') {
        if (!inGroup) throw new LexiconError(`unbalanced ")" in pattern "${pattern}"`, `模式「${pattern}」中的 ) 没有对应的 (`);
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
        if (close < 0) throw new LexiconError(`unclosed "[" in pattern "${short(pattern)}"`, `模式「${short(pattern)}」中的 [ 没有闭合`);
        if (!CLASS_NAME.test(name)) throw new LexiconError(`"[${name}]" in pattern "${short(pattern)}" is not a word class name (lower-case letters, digits and hyphens)`, `模式「${short(pattern)}」中的 [${name}] 不是词类名（应由小写字母、数字和连字符组成）`);
        i = close + 1;
        noQuantifier(pattern, i);
        alts[alts.length - 1].push(classNode(name, pattern, classes, resolving));
      } else if (c === ']') {
        throw new LexiconError(`unbalanced "]" in pattern "${short(pattern)}"`, `模式「${short(pattern)}」中的 ] 没有对应的 [`);
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
            throw new LexiconError(`unknown token <${name}> in pattern "${pattern}"`, `模式「${pattern}」中有未知的记号 <${name}>`);
        }
      } else {
        alts[alts.length - 1].push({ text: c });
        i++;
      }
    }
    if (inGroup) throw new LexiconError(`unclosed "(" in pattern "${pattern}"`, `模式「${pattern}」中的 ( 没有闭合`);
    return alts;
  };
  return parseSeq(0);
}

/** How a segment may follow the one before it: adjacent, same clause (…), same sentence (……), after a placeholder's filler. */
const G_ADJ = 0;
const G_CLAUSE = 1;
const G_SENTENCE = 2;
const G_PH = 3;
const F_EXCEPTION = 1;
const F_NEGATABLE = 2;

/** A malformed pattern or class: the message in English, `zh` the same in Chinese (config errors show either). */
export class LexiconError extends Error {
  constructor(
    message: string,
    readonly zh: string = message,
  ) {
    super(message);
  }
}

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
const COVERBS = new Set([...'把将在给对向跟和替帮为到以用从'].map((c) => c.charCodeAt(0)));
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

/**
 * Adjacent literal parts of a pattern (`告诉(你|您)的`) are multiplied out into whole pieces while
 * that gives at most this many strings: longer pieces are more selective in the automaton. Beyond
 * it (a class next to a class) they stay separate pieces, matched one after the other.
 */
const CHUNK = 16;
/** A group of plain alternatives with more strings than this is kept as a structure. */
const MAX_UNION = 4096;
/** Compiled nodes per pattern: a config cannot make the compiler build an exponential graph. */
const MAX_PATTERN_NODES = 50_000;
/**
 * The total budget of a config's lexicons, all patterns together (checked when the config is
 * validated, so a run never starts with more): compiled nodes, and automaton states (one per
 * distinct piece prefix). The built-in lexicons use about 5,000 nodes and 21,000 states. Without it
 * a 16 KB config (patterns that each refer many times to a word class of `<num>` forms, every
 * reference compiled anew) built 3,000,000 nodes, 900 MB, in every thread.
 */
export const CONFIG_BUDGET = { nodes: 200_000, states: 2_000_000 };

/** A config's lexicons together compile to more than CONFIG_BUDGET. */
export class LexiconBudgetError extends Error {
  constructor(
    message: string,
    readonly zh: string = message,
  ) {
    super(message);
  }
}

/** Node kinds of the compiled pattern graphs. */
const N_LIT = 0;
const N_NUM = 1;
const N_MARK = 2;
const N_GAP = 3;
const N_SPLIT = 4;
const N_END = 5;

const isMarker = (c: number) => c >= 0xe001 && c <= 0xe005;

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

/** The result for a line without matches, shared: callers must not modify a matches() array. */
const EMPTY: readonly Match[] = [];
/** Lexicons with an index below this get a presence bit per line (two 32-bit words). */
const MASK_BITS = 64;
const NO_HITS: number[] = [];
/** Requirement value standing for `<num>` (a numeral run in the line). */
const REQ_NUM = -1;
/** Lines matched before the triggers are first chosen from counts; then every 16× as many (256, 4096, 65536 …). */
const RETUNE_FIRST = 256;
const RETUNE_GROWTH = 16;
/** A line seen holding a piece weighs more than any compile-time weight of a piece (at most 300). */
const SEEN_WEIGHT = 1024;
/** A requirement set with more pieces than this (a word class) is checked through a bit map over pieces. */
const BIG_SET = 24;

/** Sort the first `n` numbers of `a` ascending (an insertion sort for the usual few, as a line has). */
function sortInts(a: number[], n: number): void {
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

/**
 * A bank's compiled patterns before build(), as plain data: what the build embeds in the bundles
 * for the built-in lexicons (scripts/build.mjs), so that start-up restores them instead of
 * compiling 2,000-odd patterns. Restoring and then adding a config's lexicons gives the bank that
 * compiling everything would give (test/core/prebuilt-bank.test.ts).
 */
/** Numbers as the compiled form carries them: arrays (JSON) or typed arrays (node/bank-file.ts). */
type Nums = ArrayLike<number>;
/** A plain array of a run of `a` (an array or a typed array: Array.prototype.slice.call on one is slow). */
function run(a: Nums, from: number, to: number): number[] {
  if (Array.isArray(a)) return a.slice(from, to);
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(a[i]);
  return out;
}

export interface CompiledBank<N extends Nums = Nums> {
  /** Lexicon names in id order, and patterns per lexicon (a check that the data matches). */
  names: string[];
  counts: number[];
  lits: string[];
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

/** One compiled term or exception. */
interface CompiledPattern {
  lex: number;
  flags: number;
  pattern: string;
  start: number;
  /** Pieces that can begin a match (first segment), and whether `<num>` can. */
  entry: Set<number>;
  entryNum: boolean;
  /** Sets of pieces (REQ_NUM for `<num>`) of which the line must hold at least one each, besides the trigger. */
  checks: number[][];
  /** The pattern is one literal node (a word or plain alternatives): its matches are its hits. */
  simple: Set<number> | null;
  /** The nodes a match begins at (the start, through splits). */
  firstNodes: number[];
}

type Part = { strings: string[] } | { node: PatternNode };

/** Weight of a requirement set: how often it is likely to occur (short pieces are common). */
function reqScore(set: number[], lens: readonly string[]): number {
  let s = 0;
  for (const p of set) {
    if (p === REQ_NUM) s += 300;
    else {
      const l = lens[p].length;
      s += l >= 4 ? 1 : l === 3 ? 4 : l === 2 ? 12 : 100;
    }
  }
  return s;
}

/**
 * A compiled bank of named lexicons sharing one automaton.
 *
 * Each term is compiled into a small graph over pieces (literal strings, `<num>`, placeholder
 * markers, gaps, splits); the distinct literal pieces of every lexicon go into one Aho–Corasick
 * automaton. While pieces are added the trie is kept as first-child/next-sibling lists in plain
 * number arrays (with a direct 64K table for the root's children); `build()` computes the failure
 * links and flattens everything into typed arrays, which is what `scan()` walks.
 */
export class LexiconBank {
  private names = new Map<string, number>();
  private added: [string, LexiconData][] = [];
  private lits: string[] = [];
  private litIds = new Map<string, number>();
  private lexCount = 0;
  private pats: CompiledPattern[] = [];
  /**
   * Per pattern (before build): the requirement set chosen at compile time to trigger it, kept
   * beside the pattern objects rather than on them (deleting a property puts an object into V8's
   * slow dictionary mode, and the matcher reads these objects on every candidate).
   */
  private trig: (number[] | null)[] = [];
  // Pattern graphs (shared by every pattern of the bank): kind, next, piece set, gap kind, split targets.
  private nKind: number[] = [];
  private nNext: number[] = [];
  private nSet: (Set<number> | null)[] = [];
  private nGap: number[] = [];
  private nAlts: (number[] | null)[] = [];
  private endNode: number;
  private patternNodes = 0;
  /** Total budget (nodes, automaton states) of this bank; see limit(). */
  private maxNodes = Infinity;
  private maxStates = Infinity;
  private curPattern = '';
  /** Plain strings of pattern nodes (null: not plain), memoised (class nodes are shared). */
  private plain = new WeakMap<object, string[] | null>();
  private pieceSets = new WeakMap<string[], Set<number>>();

  // Trie under construction (state 0 is the root).
  // Typed arrays of the exact size when restore() made the trie (no growth, nothing for the
  // garbage collector to copy); plain arrays that grow when pieces are inserted.
  private tChar: number[] | Int32Array = [0];
  private tFirst: number[] | Int32Array = [0];
  private tNext: number[] | Int32Array = [0];
  private tOwn: number[] | Int32Array = [-1];
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
  private own = new Int32Array(0);
  private dict = new Int32Array(0);
  /** @internal */ litLen = new Int32Array(0);
  /**
   * Per pattern, flat: lexicon, flags, and its requirement sets (each a set of pieces, REQ_NUM for
   * `<num>`, of which a line must hold at least one for the pattern to match there). Equal sets are
   * stored once: reqStart[p]..reqStart[p + 1] index reqSet, which names sets; set s is the run
   * setFrom[s]..setFrom[s + 1] of setItems. A pattern's first set is its trigger.
   */
  /** @internal */ pLex = new Int32Array(0);
  /** @internal */ pFlags = new Int32Array(0);
  /** Per pattern: the one piece of a simple pattern of one piece (a word), else -1. */
  /** @internal */ simpleOne = new Int32Array(0);
  private reqStart = new Int32Array(0);
  private reqSet = new Int32Array(0);
  private setFrom = new Int32Array(0);
  private setItems = new Int32Array(0);
  /** Per set: 1 if it holds `<num>`; the offset of its bit map over pieces in setBits, -1 for a small set (its items are read instead). */
  private setNum = new Uint8Array(0);
  private setBig = new Int32Array(0);
  private setBits = new Int32Array(0);
  /** Per set: the stamp of the line it was last checked against, and the answer (a set is checked once per line). */
  private setStamp = new Int32Array(0);
  private setOk = new Uint8Array(0);
  /** Patterns by trigger piece, ascending: trigStart[piece]..trigStart[piece + 1] in trigIds. */
  private trigIds = new Int32Array(0);
  private trigStart = new Int32Array(0);
  /** Patterns that `<num>` triggers, and patterns with no requirement at all (every lexicon). */
  private numOnly = new Int32Array(0);
  private always = new Int32Array(0);
  /**
   * How many lines of those matched so far hold each piece (and a numeral): the triggers are
   * chosen again from these counts at growing intervals (retune()), so each pattern is looked at
   * only on lines holding the requirement that is rarest in the text actually linted.
   */
  private pieceLines = new Int32Array(0);
  private numLines = 0;
  private linesSeen = 0;
  private nextRetune = RETUNE_FIRST;
  /** Scratch stamps per piece (which pieces a line has) and per pattern (candidates), reused by every line. */
  /** @internal */ present = new Int32Array(0);
  /** @internal */ patSeen = new Int32Array(0);
  /** @internal */ stamp = 0;

  /** `classes`: the word classes patterns may refer to (the built-in ones unless a config adds some). */
  constructor(private readonly classes: ClassTable = BUILTIN_CLASSES) {
    this.endNode = this.node(N_END, -1);
  }

  /** Refuse (LexiconBudgetError) to grow past `nodes` compiled nodes or `states` automaton states in all. */
  limit(nodes: number, states: number): this {
    this.maxNodes = nodes;
    this.maxStates = states;
    return this;
  }

  add(name: string, data: LexiconData): void {
    if (this.built) throw new Error('LexiconBank is frozen');
    let id = this.names.get(name);
    if (id === undefined) {
      id = this.lexCount++;
      if (id >= 65535) throw new LexiconError('too many lexicons', '词库过多');
      this.names.set(name, id);
    }
    this.added.push([name, data]);
    const defNeg = data.negatable ?? false;
    for (const t of data.terms ?? []) this.addTerm(id, t, false, defNeg);
    for (const t of data.exceptions ?? []) this.addTerm(id, t, true, false);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  private addTerm(lexicon: number, term: Term, exception: boolean, defNeg: boolean): void {
    const spec: TermSpec = typeof term === 'string' ? { pattern: term } : term;
    if (typeof spec.pattern !== 'string' || spec.pattern.trim() === '') throw new LexiconError('a lexicon term must be a non-empty string', '词库的词条应是非空字符串');
    const flags = (exception ? F_EXCEPTION : 0) | ((spec.negatable ?? defNeg) ? F_NEGATABLE : 0);
    const { trigger, ...c } = this.compile(spec.pattern);
    this.pats.push({ lex: lexicon, flags, pattern: spec.pattern, ...c });
    this.trig.push(trigger);
  }

  /** Compile one pattern into the shared graph; throws LexiconError on a malformed pattern. */
  private compile(pattern: string): Omit<CompiledPattern, 'lex' | 'flags' | 'pattern'> & { trigger: number[] | null } {
    const tree = parsePattern(pattern, this.classes);
    this.patternNodes = 0;
    this.curPattern = pattern;
    const [start, reqs] = this.compileAlts(tree, this.endNode);
    this.validate(start, pattern);
    // Entry pieces: what a match can begin with.
    const entry = new Set<number>();
    const firstNodes: number[] = [];
    let entryNum = false;
    const stack = [start];
    const visited = new Set<number>();
    while (stack.length) {
      const n = stack.pop()!;
      if (visited.has(n)) continue;
      visited.add(n);
      const k = this.nKind[n];
      if (k === N_SPLIT) stack.push(...this.nAlts[n]!);
      else firstNodes.push(n);
      if (k === N_LIT || k === N_MARK) for (const p of this.nSet[n]!) entry.add(p);
      else if (k === N_NUM) entryNum = true;
    }
    let trigger: number[] | null = null;
    let best = Infinity;
    for (const r of reqs) {
      const s = reqScore(r, this.lits);
      if (s < best) {
        best = s;
        trigger = r;
      }
    }
    const simple = this.nKind[start] === N_LIT && this.nNext[start] === this.endNode ? this.nSet[start] : null;
    return { start, entry, entryNum, firstNodes, checks: reqs.filter((r) => r !== trigger), trigger, simple };
  }

  private node(kind: number, next: number, set: Set<number> | null = null, gap = 0, alts: number[] | null = null): number {
    if (++this.patternNodes > MAX_PATTERN_NODES) throw new LexiconError(`pattern "${short(this.curPattern)}" is too large (more than ${MAX_PATTERN_NODES} compiled nodes)`, `模式「${short(this.curPattern)}」过大（编译后超过 ${MAX_PATTERN_NODES} 个节点）`);
    if (this.nKind.length >= this.maxNodes) throw this.overBudget(`${this.maxNodes.toLocaleString('en')} compiled nodes`, `${this.maxNodes} 个编译节点`);
    this.nKind.push(kind);
    this.nNext.push(next);
    this.nSet.push(set);
    this.nGap.push(gap);
    this.nAlts.push(alts);
    return this.nKind.length - 1;
  }

  private piece(s: string): number {
    // A restored bank has its pieces but not their map (start-up does not need it): made here.
    if (this.litIds.size < this.lits.length) for (let i = this.litIds.size; i < this.lits.length; i++) this.litIds.set(this.lits[i], i);
    let id = this.litIds.get(s);
    if (id === undefined) {
      id = this.lits.length;
      this.lits.push(s);
      this.litIds.set(s, id);
      this.insert(s, id);
    }
    return id;
  }

  private pieceSet(strings: string[]): Set<number> {
    let set = this.pieceSets.get(strings);
    if (!set) {
      set = new Set();
      // Each piece is folded as line text is (text.ts), so a term matches the text it is written
      // as: 佢哋 in a term matches 佢哋 in a line, both folded to 他们 (one unit for one).
      for (const s of strings) if (s !== '') set.add(this.piece(fold(s)));
      this.pieceSets.set(strings, set);
    }
    return set;
  }

  /** The plain strings a node stands for (literal text and groups of literal text), or null. */
  private plainOf(node: PatternNode): string[] | null {
    if ('text' in node) return isMarker(node.text.charCodeAt(0)) ? null : [node.text];
    if (!('alts' in node)) return null;
    if (this.plain.has(node)) return this.plain.get(node)!;
    let out: string[] | null = [];
    const seen = new Set<string>();
    for (const alt of node.alts) {
      const s = this.plainOfSeq(alt);
      if (!s) {
        out = null;
        break;
      }
      for (const x of s) if (!seen.has(x)) seen.add(x), out.push(x);
      if (out.length > MAX_UNION) {
        out = null;
        break;
      }
    }
    this.plain.set(node, out);
    return out;
  }

  private plainOfSeq(seq: PatternNode[]): string[] | null {
    let acc: string[] = [''];
    for (const item of seq) {
      const s = this.plainOf(item);
      if (!s || acc.length * s.length > CHUNK) return null;
      acc = product(acc, s);
    }
    return acc;
  }

  /** Alternatives → a node (with a split when there are several) and its requirement sets. */
  private compileAlts(alts: PatternNode[][], next: number): [number, number[][]] {
    if (alts.length === 1) return this.compileSeq(alts[0], next);
    const targets: number[] = [];
    const altReqs: number[][][] = [];
    let plain: string[] = [];
    let optional = false;
    const markers = new Set<number>();
    for (const alt of alts) {
      const s = this.plainOfSeq(alt);
      if (s) {
        for (const x of s) {
          if (x === '') optional = true;
          else plain.push(x);
        }
        continue;
      }
      if (alt.length === 1 && 'text' in alt[0]) {
        markers.add(this.piece(alt[0].text)); // a placeholder marker
        continue;
      }
      const [n, r] = this.compileSeq(alt, next);
      targets.push(n);
      altReqs.push(r);
    }
    if (plain.length) {
      const set = this.pieceSet(plain);
      targets.push(this.node(N_LIT, next, set));
      altReqs.push([[...set]]);
    }
    if (markers.size) {
      targets.push(this.node(N_MARK, next, markers));
      altReqs.push([[...markers]]);
    }
    if (optional) {
      targets.push(next);
      altReqs.push([]);
    }
    const lens = this.lits;
    let req: number[][] = [];
    if (altReqs.every((r) => r.length)) {
      const union = new Set<number>();
      for (const r of altReqs) {
        let best = r[0];
        for (const x of r) if (reqScore(x, lens) < reqScore(best, lens)) best = x;
        for (const p of best) union.add(p);
      }
      req = [[...union]];
    }
    return [targets.length === 1 ? targets[0] : this.node(N_SPLIT, -1, null, 0, targets), req];
  }

  private compileSeq(seq: PatternNode[], next: number): [number, number[][]] {
    const parts: Part[] = [];
    let chunk: string[] | null = null;
    for (const item of seq) {
      const s = this.plainOf(item);
      if (s) {
        if (chunk && chunk.length * s.length <= CHUNK) chunk = product(chunk, s);
        else {
          if (chunk) parts.push({ strings: chunk });
          chunk = s;
        }
      } else {
        if (chunk) parts.push({ strings: chunk });
        chunk = null;
        parts.push({ node: item });
      }
    }
    if (chunk) parts.push({ strings: chunk });
    let cur = next;
    const reqs: number[][] = [];
    for (let k = parts.length - 1; k >= 0; k--) {
      const part = parts[k];
      if ('strings' in part) {
        const set = this.pieceSet(part.strings);
        const optional = part.strings.includes('');
        const lit = set.size ? this.node(N_LIT, cur, set) : cur;
        cur = optional && set.size ? this.node(N_SPLIT, -1, null, 0, [lit, cur]) : lit;
        if (!optional && set.size) reqs.push([...set]);
        continue;
      }
      const node = part.node;
      if ('gap' in node) cur = this.node(N_GAP, cur, null, node.gap === 'sentence' ? G_SENTENCE : G_CLAUSE);
      else if ('num' in node) {
        cur = this.node(N_NUM, cur);
        reqs.push([REQ_NUM]);
      } else if ('text' in node) {
        const set = new Set([this.piece(node.text)]);
        cur = this.node(N_MARK, cur, set);
        reqs.push([...set]);
      } else {
        const [n, r] = this.compileAlts(node.alts, cur);
        cur = n;
        reqs.push(...r);
      }
    }
    return [cur, reqs];
  }

  /** Every way through the pattern must hold a segment before any gap, and at least one. */
  private validate(start: number, pattern: string): void {
    const visited = new Set<number>();
    const stack: number[] = [start * 2];
    while (stack.length) {
      const key = stack.pop()!;
      if (visited.has(key)) continue;
      visited.add(key);
      const n = key >> 1;
      const seg = key & 1;
      const k = this.nKind[n];
      if (k === N_END) {
        if (!seg) throw new LexiconError(`pattern "${pattern}" is empty`, `模式「${pattern}」为空`);
      } else if (k === N_GAP) {
        if (!seg) throw new LexiconError(`pattern "${pattern}" starts with a gap`, `模式「${pattern}」以间隔开头`);
        stack.push(this.nNext[n] * 2 + 1);
      } else if (k === N_SPLIT) for (const a of this.nAlts[n]!) stack.push(a * 2 + seg);
      else stack.push(this.nNext[n] * 2 + 1);
    }
  }

  private overBudget(what: string, whatZh: string): LexiconBudgetError {
    return new LexiconBudgetError(`the lexicons of the config together compile to more than ${what} (the total budget; the built-in lexicons use about 5,000 nodes and 21,000 states), reached at pattern "${short(this.curPattern)}"; use fewer or plainer patterns (a word class with <num> or gaps is compiled anew at every reference)`,
      `配置的词库合计编译后超过 ${whatZh}（总预算；内置词库约用 5000 个节点、21000 个状态），在模式「${short(this.curPattern)}」处达到上限；请减少模式或改用更简单的模式（含 <num> 或间隔的词类在每次引用处都会重新编译）`,
    );
  }

  /** Insert a piece into the trie. */
  private insert(s: string, id: number): void {
    const grow = (a: number[] | Int32Array): number[] => (Array.isArray(a) ? a : Array.from(a));
    const tChar = (this.tChar = grow(this.tChar));
    const tFirst = (this.tFirst = grow(this.tFirst));
    const tNext = (this.tNext = grow(this.tNext));
    const tOwn = (this.tOwn = grow(this.tOwn));
    const root = this.rootChild!;
    let st = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let nx = st === 0 ? root[c] : 0;
      if (st !== 0) for (let k = tFirst[st]; k !== 0; k = tNext[k]) if (tChar[k] === c) { nx = k; break; }
      if (nx === 0) {
        nx = tChar.length;
        if (nx >= this.maxStates) throw this.overBudget(`${this.maxStates.toLocaleString('en')} automaton states`, `${this.maxStates} 个自动机状态`);
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
  }

  /**
   * The trie of `lits` when they are in strictly ascending order (restore()): each piece shares a
   * prefix with the one before it and adds states past it, so no state's children are searched.
   * False, the trie untouched, when the pieces are not in that order (then insert() them).
   */
  private insertSorted(): boolean {
    const lits = this.lits;
    for (let i = 1; i < lits.length; i++) if (!(lits[i - 1] < lits[i])) return false;
    if (this.tChar.length !== 1) return false;
    // Each piece's prefix shared with the one before (its new states are the rest).
    const shared = new Int32Array(lits.length);
    let n = 1;
    for (let i = 0, prev = ''; i < lits.length; i++) {
      const s = lits[i];
      const m = s.length < prev.length ? s.length : prev.length;
      let d = 0;
      while (d < m && s.charCodeAt(d) === prev.charCodeAt(d)) d++;
      shared[i] = d;
      n += s.length - d;
      prev = s;
    }
    const tChar = new Int32Array(n);
    const tFirst = new Int32Array(n);
    const tNext = new Int32Array(n);
    const tOwn = new Int32Array(n).fill(-1);
    const rootKids = this.rootKids;
    const root = this.rootChild!;
    /** path[d]: the state after d + 1 units of the piece before. */
    const path: number[] = [];
    let nx = 1;
    for (let i = 0, prevLen = 0; i < lits.length; i++) {
      const s = lits[i];
      const d = shared[i];
      let st = d === 0 ? 0 : path[d - 1];
      for (let k = d; k < s.length; k++, nx++) {
        const c = s.charCodeAt(k);
        tChar[nx] = c;
        if (st === 0) {
          root[c] = nx;
          rootKids.push(nx);
        } else if (k === d && d < prevLen) tNext[path[k]] = nx; // after its elder sibling: children in ascending order
        else tFirst[st] = nx;
        path[k] = nx;
        st = nx;
      }
      tOwn[st] = i;
      prevLen = s.length;
    }
    this.tChar = tChar;
    this.tFirst = tFirst;
    this.tNext = tNext;
    this.tOwn = tOwn;
    return true;
  }

  /** Freeze: compute failure links, flatten the automaton into typed arrays, index the triggers. */
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
    for (let i = 0; i < rootKids.length; i++) queue[qn++] = rootKids[i];
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
    // Alphabet classes, numbered in code-unit order (so that children kept in ascending order of
    // their unit, as restore() makes them, are already sorted by class below).
    const cls = new Uint16Array(65536);
    for (let s = 1; s < n; s++) cls[tChar[s]] = 1;
    let classes = 0;
    for (let c = 0; c < 65536; c++) if (cls[c]) cls[c] = ++classes;
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
    // Each state's children sorted by class (insertion sort: most states have one or two).
    for (let s = 1; s < n; s++) {
      const from = childStart[s];
      let to = from;
      for (let k = tFirst[s]; k !== 0; k = tNext[k]) {
        const c = cls[tChar[k]];
        let j = to++;
        while (j > from && childCls[j - 1] > c) {
          childCls[j] = childCls[j - 1];
          childTo[j] = childTo[j - 1];
          j--;
        }
        childCls[j] = c;
        childTo[j] = k;
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
    // A loop: Int32Array.from(lits, map) goes through the iterator protocol, slow before it is optimised.
    const litLen = (this.litLen = new Int32Array(this.lits.length));
    for (let i = 0; i < litLen.length; i++) litLen[i] = this.lits[i].length;

    // Requirements, flat; each pattern is triggered at first by the set chosen at compile time
    // (the most selective by the length of its pieces), later by counts (retune()).
    const nLits = this.lits.length;
    const nPats = this.pats.length;
    this.present = new Int32Array(nLits);
    this.patSeen = new Int32Array(nPats);
    this.pieceLines = new Int32Array(nLits);
    const pLex = new Int32Array(nPats);
    const pFlags = new Int32Array(nPats);
    const reqStart = new Int32Array(nPats + 1);
    const simpleOne = new Int32Array(nPats).fill(-1);
    const reqSet: number[] = [];
    const setIds = new Map<string, number>();
    const sets: number[][] = [];
    const setOf = (items: number[]): number => {
      const key = items.join(',');
      let id = setIds.get(key);
      if (id === undefined) {
        setIds.set(key, (id = sets.length));
        sets.push(items);
      }
      return id;
    };
    for (let i = 0; i < nPats; i++) {
      const p = this.pats[i];
      pLex[i] = p.lex;
      pFlags[i] = p.flags;
      if (p.simple && p.simple.size === 1) for (const x of p.simple) simpleOne[i] = x;
      const t = this.trig[i];
      if (t) reqSet.push(setOf(t));
      for (let k = 0; k < p.checks.length; k++) reqSet.push(setOf(p.checks[k]));
      reqStart[i + 1] = reqSet.length;
    }
    this.pLex = pLex;
    this.pFlags = pFlags;
    this.reqStart = reqStart;
    this.reqSet = Int32Array.from(reqSet);
    this.simpleOne = simpleOne;
    const nSets = sets.length;
    const setFrom = new Int32Array(nSets + 1);
    for (let k = 0; k < nSets; k++) setFrom[k + 1] = setFrom[k] + sets[k].length;
    const setItems = new Int32Array(setFrom[nSets]);
    const setNum = new Uint8Array(nSets);
    const setBig = new Int32Array(nSets).fill(-1);
    const words = (nLits + 31) >> 5;
    let nBig = 0;
    for (let k = 0; k < nSets; k++) if (sets[k].length > BIG_SET) nBig++;
    const setBits = new Int32Array(nBig * words);
    for (let k = 0, b = 0; k < nSets; k++) {
      const set = sets[k];
      const big = set.length > BIG_SET ? b++ * words : -1;
      setBig[k] = big;
      for (let q = 0; q < set.length; q++) {
        const x = (setItems[setFrom[k] + q] = set[q]);
        if (x === REQ_NUM) setNum[k] = 1;
        else if (big >= 0) setBits[big + (x >> 5)] |= 1 << (x & 31);
      }
    }
    this.setFrom = setFrom;
    this.setItems = setItems;
    this.setNum = setNum;
    this.setBig = setBig;
    this.setBits = setBits;
    this.setStamp = new Int32Array(nSets);
    this.setOk = new Uint8Array(nSets);
    this.indexTriggers();
    this.trig = [];
    this.tChar = this.tFirst = this.tNext = this.tOwn = this.rootKids = [];
    this.rootChild = undefined;
    this.litIds = new Map();
    this.plain = new WeakMap();
    this.pieceSets = new WeakMap();
    this.built = true;
    return this;
  }

  /** trigIds, trigStart, numOnly and always from each pattern's first requirement set. */
  private indexTriggers(): void {
    const { reqStart, reqSet, setFrom, setItems } = this;
    const nLits = this.lits.length;
    const nPats = reqStart.length - 1;
    const perLit = new Int32Array(nLits + 1);
    const num: number[] = [];
    const always: number[] = [];
    for (let i = 0; i < nPats; i++) {
      if (reqStart[i] === reqStart[i + 1]) {
        always.push(i);
        continue;
      }
      const t = reqSet[reqStart[i]];
      let hasNum = false;
      for (let k = setFrom[t]; k < setFrom[t + 1]; k++) {
        if (setItems[k] === REQ_NUM) hasNum = true;
        else perLit[setItems[k] + 1]++;
      }
      // `<num>` among the trigger's alternatives: tried whenever the line has a numeral (or a piece).
      if (hasNum) num.push(i);
    }
    for (let k = 0; k < nLits; k++) perLit[k + 1] += perLit[k];
    this.trigStart = perLit.slice();
    const trigIds = new Int32Array(perLit[nLits]);
    for (let i = 0; i < nPats; i++) {
      if (reqStart[i] === reqStart[i + 1]) continue;
      const t = reqSet[reqStart[i]];
      for (let k = setFrom[t]; k < setFrom[t + 1]; k++) if (setItems[k] !== REQ_NUM) trigIds[perLit[setItems[k]]++] = i;
    }
    this.trigIds = trigIds;
    this.numOnly = Int32Array.from(num);
    this.always = Int32Array.from(always);
  }

  /**
   * Choose each pattern's trigger again: the requirement set whose pieces the lines seen so far
   * held least often (a set's weight is the sum over its pieces; the compile-time weight by length
   * breaks ties between pieces not seen yet). Which patterns are candidates on a line does not
   * depend on the choice (a candidate holds every requirement): only how many are looked at. The
   * other sets follow, rarest first (a pattern that fails, fails at its first check).
   */
  private retune(): void {
    const { reqStart, reqSet, setFrom, setItems, pieceLines, litLen } = this;
    const nSets = setFrom.length - 1;
    const cost = new Float64Array(nSets);
    const numCost = this.numLines * SEEN_WEIGHT + 300;
    for (let s = 0; s < nSets; s++) {
      let c = 0;
      for (let k = setFrom[s]; k < setFrom[s + 1]; k++) {
        const x = setItems[k];
        if (x === REQ_NUM) c += numCost;
        else {
          const l = litLen[x];
          c += pieceLines[x] * SEEN_WEIGHT + (l >= 4 ? 1 : l === 3 ? 4 : l === 2 ? 12 : 100);
        }
      }
      cost[s] = c;
    }
    // Each pattern's sets by weight (an insertion sort in place: a pattern has a few).
    const nPats = reqStart.length - 1;
    for (let i = 0; i < nPats; i++) {
      const a = reqStart[i];
      const b = reqStart[i + 1];
      for (let k = a + 1; k < b; k++) {
        const v = reqSet[k];
        let j = k - 1;
        while (j >= a && cost[reqSet[j]] > cost[v]) {
          reqSet[j + 1] = reqSet[j];
          j--;
        }
        reqSet[j + 1] = v;
      }
    }
    this.indexTriggers();
  }

  /**
   * @internal The candidates of one line, every lexicon: the patterns whose every requirement set
   * has a piece among the line's distinct pieces `lits` (count `nl`; `hasNum`: the line holds a
   * numeral), ascending, written to `out`; returns how many.
   */
  candidatesOf(lits: Int32Array, nl: number, hasNum: boolean, out: number[]): number {
    const present = this.present;
    const stamp = ++this.stamp;
    const pieceLines = this.pieceLines;
    for (let k = 0; k < nl; k++) {
      present[lits[k]] = stamp;
      pieceLines[lits[k]]++;
    }
    if (hasNum) this.numLines++;
    const { trigIds, trigStart, patSeen, reqStart, reqSet, setFrom, setItems, setStamp, setOk, setBig, setBits, setNum } = this;
    const numOnly = this.numOnly;
    const always = this.always;
    const nt = nl + (hasNum ? 1 : 0) + 1;
    let n = 0;
    // The patterns triggered by each piece, then by `<num>`, then those that need nothing; each
    // kept if the line holds its other sets (the first is the trigger).
    for (let k = 0; k < nt; k++) {
      let ids: Int32Array = trigIds;
      let t = 0;
      let e = 0;
      if (k < nl) {
        t = trigStart[lits[k]];
        e = trigStart[lits[k] + 1];
      } else if (k === nl && hasNum) {
        ids = numOnly;
        e = numOnly.length;
      } else {
        ids = always;
        e = always.length;
      }
      next: for (; t < e; t++) {
        const pi = ids[t];
        if (patSeen[pi] === stamp) continue;
        patSeen[pi] = stamp;
        for (let r = reqStart[pi] + 1; r < reqStart[pi + 1]; r++) {
          const set = reqSet[r];
          if (setStamp[set] !== stamp) {
            setStamp[set] = stamp;
            let any = hasNum && setNum[set] === 1;
            const big = setBig[set];
            if (any) {
              // (a numeral holds it)
            } else if (big >= 0) {
              // A large set (a word class): the line's few pieces looked up in its bit map.
              for (let q = 0; q < nl; q++) {
                const x = lits[q];
                if (setBits[big + (x >> 5)] & (1 << (x & 31))) {
                  any = true;
                  break;
                }
              }
            } else {
              for (let q = setFrom[set]; q < setFrom[set + 1]; q++) {
                const x = setItems[q];
                if (x !== REQ_NUM && present[x] === stamp) {
                  any = true;
                  break;
                }
              }
            }
            setOk[set] = any ? 1 : 0;
          }
          if (setOk[set] === 0) continue next;
        }
        out[n++] = pi;
      }
    }
    if (n > 1) sortInts(out, n);
    if (++this.linesSeen === this.nextRetune) {
      this.nextRetune *= RETUNE_GROWTH;
      this.retune();
    }
    return n;
  }

  /** Scan one folded line: every piece hit of every lexicon. */
  scan(folded: string): LineHits {
    if (!this.built) this.build();
    const { cls, rootNext, childStart, childCls, childTo, fail, own, dict, litLen } = this;
    const scratch = SCRATCH;
    let n = 0;
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
      }
    }
    return new LineHits(this, folded, n ? scratch.slice(0, n) : NO_HITS);
  }

  /** What the bank was built from (another thread rebuilds it: compiling takes a few milliseconds). */
  snapshot(_share = false): LexiconSnapshot {
    return { classes: this.classes, lexicons: this.added };
  }

  /** A bank from a snapshot (another thread's bank), built. */
  static fromSnapshot(snap: LexiconSnapshot): LexiconBank {
    const b = new LexiconBank(snap.classes);
    for (const [name, data] of snap.lexicons) b.add(name, data);
    return b.build();
  }

  /** The compiled patterns as plain data (before build(); see CompiledBank). */
  compiled(): CompiledBank<number[]> {
    if (this.built) throw new Error('LexiconBank.compiled() must come before build()');
    const counts = new Array<number>(this.lexCount).fill(0);
    for (const p of this.pats) counts[p.lex]++;
    // Pieces renumbered in code-unit order of their text: restore() then builds the trie in one
    // walk, each piece sharing a prefix with the one before it, without searching any state's
    // children (inserting them one by one was the largest part of start-up's restore).
    const lits = this.lits;
    const order = lits.map((_, i) => i).sort((a, b) => (lits[a] < lits[b] ? -1 : lits[a] > lits[b] ? 1 : 0));
    const renumber = new Int32Array(lits.length);
    for (let k = 0; k < order.length; k++) renumber[order[k]] = k;
    const setLen: number[] = [];
    const setItems: number[] = [];
    const ids = new Map<string, number>();
    const ref = (x: Iterable<number> | null | undefined): number => {
      if (!x) return -1;
      const a = [...x].map((p) => (p === REQ_NUM ? p : renumber[p]));
      const k = a.join(',');
      let id = ids.get(k);
      if (id === undefined) {
        ids.set(k, (id = setLen.push(a.length) - 1));
        setItems.push(...a);
      }
      return id;
    };
    const set = this.nSet.map(ref);
    const out: CompiledBank<number[]> = {
      names: [...this.names.keys()],
      counts,
      lits: order.map((i) => lits[i]),
      setLen,
      setItems,
      pLex: [],
      pFlags: [],
      pStart: [],
      pEntryNum: [],
      pEntry: [],
      pSimple: [],
      pTrigger: [],
      checksLen: [],
      checks: [],
      firstLen: [],
      first: [],
      kind: this.nKind.slice(),
      next: this.nNext.slice(),
      set,
      gap: this.nGap.slice(),
      altsLen: this.nAlts.map((a) => (a ? a.length + 1 : 0)),
      alts: this.nAlts.flatMap((a) => a ?? []),
    };
    for (let i = 0; i < this.pats.length; i++) {
      const p = this.pats[i];
      const t = this.trig[i];
      if (p.simple && p.simple !== this.nSet[p.start]) throw new Error('a simple pattern matches its start node');
      out.pLex.push(p.lex);
      out.pFlags.push(p.flags);
      out.pStart.push(p.start);
      out.pEntryNum.push(p.entryNum ? 1 : 0);
      out.pEntry.push(ref(p.entry));
      out.pSimple.push(p.simple ? 1 : 0);
      out.pTrigger.push(ref(t));
      out.checksLen.push(p.checks.length);
      for (const c of p.checks) out.checks.push(ref(c));
      out.firstLen.push(p.firstNodes.length);
      out.first.push(...p.firstNodes);
    }
    return out;
  }

  /**
   * A bank holding `lexicons` (name and data, in the order they were compiled into `data`),
   * restored from their compiled form instead of compiled again; not built, so that more lexicons
   * can be added. Undefined when the data does not describe these lexicons (then compile).
   */
  static restore(data: CompiledBank, classes: ClassTable, lexicons: [string, LexiconData][]): LexiconBank | undefined {
    if (data.names.length !== lexicons.length) return undefined;
    const patterns: string[] = [];
    for (let i = 0; i < lexicons.length; i++) {
      const [name, lex] = lexicons[i];
      if (data.names[i] !== name) return undefined;
      const before = patterns.length;
      // Index loops: this runs once, cold, and for…of is slow until optimised.
      for (const list of [lex.terms ?? [], lex.exceptions ?? []]) {
        for (let k = 0; k < list.length; k++) {
          const t = list[k];
          patterns.push(typeof t === 'string' ? t : t.pattern);
        }
      }
      if (patterns.length - before !== data.counts[i]) return undefined;
    }
    if (patterns.length !== data.pLex.length) return undefined;
    const b = new LexiconBank(classes);
    for (let i = 0; i < lexicons.length; i++) b.names.set(lexicons[i][0], i);
    b.lexCount = lexicons.length;
    b.added = lexicons.slice();
    // The pieces are distinct (piece() made them so) and in order (compiled() sorts them): the trie
    // is built in one walk; their map is made on demand.
    b.lits = data.lits.slice();
    if (!b.insertSorted()) for (let i = 0; i < b.lits.length; i++) b.insert(b.lits[i], i);
    // Plain loops over flat arrays: this runs once at start-up, before anything is optimised.
    const nSets = data.setLen.length;
    const setFrom = new Int32Array(nSets + 1);
    for (let i = 0; i < nSets; i++) setFrom[i + 1] = setFrom[i] + data.setLen[i];
    const items = data.setItems;
    /** Each set as an array (shared, as compiling shares them) and, for nodes, as one Set. */
    const arrays: (number[] | undefined)[] = new Array(nSets);
    const setObjs: (Set<number> | undefined)[] = new Array(nSets);
    const asArray = (r: number): number[] => (arrays[r] ??= run(items, setFrom[r], setFrom[r + 1]));
    const newSet = (r: number): Set<number> => {
      const x = new Set<number>();
      for (let k = setFrom[r]; k < setFrom[r + 1]; k++) x.add(items[k]);
      return x;
    };
    const nodes = data.kind.length;
    b.nKind = run(data.kind, 0, nodes);
    b.nNext = run(data.next, 0, nodes);
    b.nGap = run(data.gap, 0, nodes);
    b.nSet = new Array(nodes);
    b.nAlts = new Array(nodes);
    for (let n = 0, a = 0; n < nodes; n++) {
      const r = data.set[n];
      b.nSet[n] = r < 0 ? null : (setObjs[r] ??= newSet(r));
      const len = data.altsLen[n];
      b.nAlts[n] = len === 0 ? null : run(data.alts, a, a + len - 1);
      if (len) a += len - 1;
    }
    b.endNode = 0;
    const nPats = data.pLex.length;
    b.pats = new Array(nPats);
    for (let i = 0, c = 0, f = 0; i < nPats; i++) {
      const checks: number[][] = [];
      for (let k = 0; k < data.checksLen[i]; k++) checks.push(asArray(data.checks[c++]));
      const start = data.pStart[i];
      const trigger = data.pTrigger[i];
      const entry = data.pEntry[i];
      const p: CompiledPattern = {
        lex: data.pLex[i],
        flags: data.pFlags[i],
        pattern: patterns[i],
        start,
        // Shared, as node sets are (nothing changes a compiled pattern's sets).
        entry: entry < 0 ? new Set<number>() : (setObjs[entry] ??= newSet(entry)),
        entryNum: data.pEntryNum[i] === 1,
        checks,
        simple: data.pSimple[i] ? b.nSet[start] : null,
        firstNodes: run(data.first, f, f + data.firstLen[i]),
      };
      f += data.firstLen[i];
      b.trig.push(trigger < 0 ? null : asArray(trigger));
      b.pats[i] = p;
    }
    return b;
  }

  /** Every literal piece the automaton looks for, without placeholder markers (for tests and exports). */
  literals(): string[] {
    const out = new Set<string>();
    for (const l of this.lits) {
      const plain = l.replace(/[\ue000-\ue0ff]/g, '');
      if (plain.trim()) out.add(plain);
    }
    return [...out];
  }

  /** Sizes, for tests and benchmarks. */
  stats(): { patterns: number; pieces: number; nodes: number; states: number } {
    return { patterns: this.pats.length, pieces: this.lits.length, nodes: this.nKind.length, states: this.fail.length };
  }

  /** @internal The character of a one-character piece (a placeholder marker). */
  pieceChar(id: number): number {
    return this.lits[id].charCodeAt(0);
  }

  /** @internal */ lexiconIndex(name: string): number | undefined {
    return this.names.get(name);
  }
  /** @internal */ get patterns(): readonly CompiledPattern[] {
    return this.pats;
  }
  /** @internal The pieces (`<num>` for a numeral) that trigger each pattern now, by pattern text (for tests). */
  triggers(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < this.pats.length; i++) {
      const t: string[] = [];
      if (this.reqStart[i] < this.reqStart[i + 1]) {
        const set = this.reqSet[this.reqStart[i]];
        for (let k = this.setFrom[set]; k < this.setFrom[set + 1]; k++) t.push(this.setItems[k] === REQ_NUM ? '<num>' : this.lits[this.setItems[k]]);
      }
      out.set(this.pats[i].pattern, t);
    }
    return out;
  }

  /** @internal The pattern graphs (one object, not one per call: the matcher reads it per candidate). */
  get graph(): { kind: number[]; next: number[]; set: (Set<number> | null)[]; gap: number[]; alts: (number[] | null)[] } {
    return (this.graphView ??= { kind: this.nKind, next: this.nNext, set: this.nSet, gap: this.nGap, alts: this.nAlts });
  }
  private graphView: { kind: number[]; next: number[]; set: (Set<number> | null)[]; gap: number[]; alts: (number[] | null)[] } | undefined;
}

function product(a: string[], b: string[]): string[] {
  if (a.length === 1 && a[0] === '') return b;
  const out: string[] = [];
  const seen = new Set<string>();
  for (const x of a) for (const y of b) {
    const s = x + y;
    if (!seen.has(s)) seen.add(s), out.push(s);
  }
  return out;
}

/** Where scan() collects a line's hits before copying them out at their exact size. */
const SCRATCH: number[] = [];
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
    /** The hits in the order the automaton found them (by end offset), as [piece id, start, piece id, start, …]. */
    private hits: number[],
  ) {}

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
    const hits = this.hits;
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
    const hits = this.hits;
    const head = this.head!;
    const link = this.link!;
    const lens = this.bank.litLen;
    const out = SEG_OUT;
    let k = 0;
    if (s >= head.length - 1 && kind[node] === N_LIT) return 0;
    const after = next[node];
    if (kind[node] === N_LIT && kind[after] !== N_LIT && kind[after] !== N_SPLIT) {
      // One literal node and then the end of the segment (the usual case): no search needed.
      const accept = set[node]!;
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
    const visited = SEG_SEEN;
    visited.clear();
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
      if (visited.has(key)) continue;
      visited.add(key);
      if (kd !== N_LIT) {
        if (x > s) {
          out[k++] = x;
          out[k++] = n;
        }
        continue;
      }
      if (x >= head.length) continue;
      const accept = set[n]!;
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
    const p = bank.patterns[pi];
    const text = this.text;
    const n = text.length;
    const hits = this.hits;
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
          for (const m of set[nd]!) {
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
            for (const m of set[nd]!) chars.add(bank.pieceChar(m));
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
    const hits = this.hits;
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
    const pats = this.bank.patterns;
    const out: Match[] = [];
    for (let j = 0; j < raw.length; j += 3) out.push({ start: raw[j], end: raw[j + 1], pattern: pats[raw[j + 2]].pattern });
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
   * of two or more characters that is not the pattern's own word (its negative character 不, 没, 未 …
   * followed by the next character, or by a group: 不会停, 不(会|)太平), not doubled (不会不,
   * 不是不: an affirmation) and followed, up to the end of the match, by no clause break and no
   * condition marker (不会还的话就…). A-not-A and rhetorical questions are no negation at all (the
   * negation set's exceptions: 会不会, 想不想, 你不能…吗).
   */
  isNegated(start: number, end: number = start, pattern: string = ''): boolean {
    const text = this.text;
    const negs = this.negations();
    // Negations are sorted and do not overlap: only those from a bounded reach before the match to
    // its end can count (linear in the line however many matches it holds).
    for (let k = firstFrom(negs, start - NEGATION_REACH); k < negs.length && negs[k].start < end; k++) {
      const n = negs[k];
      if (n.start >= start) {
        if (n.start === start || n.end >= end || n.end - n.start < 2) continue;
        // The pattern's own negation (不会太平, 不(会|)停): the word belongs to what is matched.
        let own = false;
        for (let i = n.start; i < n.end && !own; i++) {
          if (NEGATIVE.has(text.charCodeAt(i)) && (pattern.includes(text.slice(i, i + 2)) || pattern.includes(text[i] + '('))) own = true;
        }
        if (own) continue;
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
      if (start - n.end > (n.end - n.start === 1 ? 1 : 4) && !(n.end - n.start > 1 && start - n.end <= CLAUSE_GAP && hasCoverb(between))) continue;
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
    const raw = this.rawSpans(lex, false);
    const pats = this.bank.patterns;
    const pFlags = this.bank.pFlags;
    let result: Match[] = EMPTY as Match[];
    const negated = (j: number): boolean => (pFlags[raw[j + 2]] & F_NEGATABLE) !== 0 && this.isNegated(raw[j], raw[j + 1], pats[raw[j + 2]].pattern);
    if (raw.length === 3) {
      if (!negated(0) && !LineHits.covered(this.exceptionMatches(lex), raw[0], raw[1])) result = [{ start: raw[0], end: raw[1], pattern: pats[raw[2]].pattern }];
    } else if (raw.length) {
      const exc = this.exceptionMatches(lex);
      // The matches that hold, as offsets into raw, by start, then longest first, then in candidate order.
      const kept: number[] = [];
      for (let j = 0; j < raw.length; j += 3) if (!negated(j)) kept.push(j);
      let nk = 0;
      for (let q = 0; q < kept.length; q++) if (!LineHits.covered(exc, raw[kept[q]], raw[kept[q] + 1])) kept[nk++] = kept[q];
      kept.length = nk;
      kept.sort((a, b) => raw[a] - raw[b] || raw[b + 1] - raw[a + 1] || a - b);
      let lastEnd = -1;
      for (let q = 0; q < nk; q++) {
        const j = kept[q];
        if (raw[j] >= lastEnd) {
          if (result === EMPTY) result = [];
          result.push({ start: raw[j], end: raw[j + 1], pattern: pats[raw[j + 2]].pattern });
          lastEnd = raw[j + 1];
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

/**
 * Validate word classes from a config (`"classes"`), merged over `base`: names, terms, references
 * to unknown classes, cycles. Returns one message per problem, as [class name, message].
 */
export function checkClasses(extra: unknown, base: ClassTable = BUILTIN_CLASSES): [string, string, string][] {
  if (extra === undefined) return [];
  if (!extra || typeof extra !== 'object' || Array.isArray(extra)) return [['', '"classes" must be an object', 'classes 应为对象']];
  const problems: [string, string, string][] = [];
  for (const [name, c] of Object.entries(extra as Record<string, unknown>)) {
    if (!CLASS_NAME.test(name)) problems.push([name, `"${name}" is not a word class name (lower-case letters, digits and hyphens, e.g. "close-person")`, `「${name}」不是词类名（应由小写字母、数字和连字符组成，例如 close-person）`]);
    const terms = c && typeof c === 'object' ? (c as { terms?: unknown }).terms : undefined;
    if (!Array.isArray(terms) || terms.length === 0 || terms.some((t) => typeof t !== 'string' || !t.trim())) problems.push([name, '"terms" must be a non-empty array of non-empty strings', 'terms 应为由非空字符串组成的非空数组']);
  }
  if (problems.length) return problems;
  const table = mergeClasses(base, extra as Record<string, { terms?: string[] }>);
  for (const name of Object.keys(extra as object)) {
    const bank = new LexiconBank(table);
    for (const t of table[name].terms) {
      try {
        bank.add('check', { terms: [t] });
      } catch (e) {
        problems.push([name, (e as Error).message, zhOf(e)]);
        break;
      }
    }
  }
  return problems;
}

/** The Chinese text of a pattern error (its English one when it has none). */
function zhOf(e: unknown): string {
  return e instanceof LexiconError || e instanceof LexiconBudgetError ? e.zh : (e as Error).message;
}

/** Validate a lexicon object read from JSON or config; returns an error message or undefined. */
export function checkLexicon(data: unknown, classes: ClassTable = BUILTIN_CLASSES): string | undefined {
  return checkLexicons([['check', data]], classes, Infinity)[0]?.[1];
}

/**
 * Validate a config's lexicons together: each one's first malformed pattern, and the total budget
 * (CONFIG_BUDGET, unless `budget` says otherwise) over all of them, compiled into one bank as a run
 * would. Returns [lexicon name, message] pairs; a budget overrun ends the check at once (it is
 * reported once, at the pattern that reached it).
 */
export function checkLexicons(lexicons: [string, unknown][], classes: ClassTable = BUILTIN_CLASSES, budget: number = 1): [string, string, string][] {
  const problems: [string, string, string][] = [];
  const bank = new LexiconBank(classes);
  if (budget !== Infinity) bank.limit(CONFIG_BUDGET.nodes * budget, CONFIG_BUDGET.states * budget);
  for (const [name, data] of lexicons) {
    const problem = (): [string, string] | undefined => {
      if (!data || typeof data !== 'object') return ['a lexicon must be an object', '词库应为对象'];
      const d = data as Record<string, unknown>;
      for (const key of ['terms', 'exceptions'] as const) {
        const v = d[key];
        if (v === undefined) continue;
        if (!Array.isArray(v)) return [`"${key}" must be an array`, `${key} 应为数组`];
        for (const t of v) {
          const p = typeof t === 'string' ? t : t && typeof t === 'object' ? (t as TermSpec).pattern : undefined;
          if (typeof p !== 'string' || !p.trim()) return [`every entry of "${key}" must be a non-empty string or { "pattern": string }`, `${key} 的每一项都应是非空字符串或 { "pattern": 字符串 }`];
          try {
            bank.add(name, { terms: [p] });
          } catch (e) {
            if (e instanceof LexiconBudgetError) throw e;
            return [(e as Error).message, zhOf(e)];
          }
        }
      }
      return undefined;
    };
    try {
      const err = problem();
      if (err) problems.push([name, err[0], err[1]]);
    } catch (e) {
      problems.push([name, (e as Error).message, zhOf(e)]);
      break;
    }
  }
  return problems;
}
