/**
 * LexiconBank: compiling patterns into graphs over pieces, the Aho–Corasick automaton over all
 * pieces (build, scan), the triggers that pick a line's candidate patterns (and their retuning),
 * and the compiled form the build stores (compiled, restore).
 */
import { BUILTIN_CLASSES } from '../lexicons';
import { fold } from '../text';
import type { ClassTable, CompiledBank, LexiconData, LexiconSnapshot, Nums, Term, TermSpec } from './types';
import { LexiconError, parsePattern, short, type PatternNode } from './pattern';
import { F_EXCEPTION, F_NEGATABLE, G_CLAUSE, G_SENTENCE, isMarker, N_END, N_GAP, N_LIT, N_MARK, N_NUM, N_SPLIT, NO_HITS, REQ_NUM, sortInts } from './graph';
import { LineHits } from './line-hits';
import { lexiconsOf } from './sources-of';

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

/** Lines matched before the triggers are first chosen from counts; then every 16× as many (256, 4096, 65536 …). */
const RETUNE_FIRST = 256;
const RETUNE_GROWTH = 16;
/** A line seen holding a piece weighs more than any compile-time weight of a piece (at most 300). */
const SEEN_WEIGHT = 1024;
/** A requirement set with more pieces than this (a word class) is checked through a bit map over pieces. */
const BIG_SET = 24;
/** setBig of a set not checked yet. */
const SET_UNKNOWN = -2;

/** A plain array of a run of `a` (an array or a typed array: Array.prototype.slice.call on one is slow). */
function run(a: Nums, from: number, to: number): number[] {
  if (Array.isArray(a)) return a.slice(from, to);
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(a[i]);
  return out;
}

/**
 * The trigger index of `nPats` patterns over `nLits` pieces: for each piece, the patterns whose
 * trigger set holds it, ascending (trigIds[trigStart[x]]..trigIds[trigStart[x + 1]]); the patterns
 * whose trigger holds `<num>` (numOnly); those with no requirement at all (always). `trig(i)`: the
 * trigger set of pattern i (a run of setItems from setFrom), -1 for none.
 */
function triggerIndex(nLits: number, nPats: number, trig: (i: number) => number, setFrom: Nums, setItems: Nums): { trigStart: Int32Array<ArrayBuffer>; trigIds: Int32Array<ArrayBuffer>; numOnly: Int32Array<ArrayBuffer>; always: Int32Array<ArrayBuffer> } {
  const perLit = new Int32Array(nLits + 1);
  const num: number[] = [];
  const always: number[] = [];
  for (let i = 0; i < nPats; i++) {
    const t = trig(i);
    if (t < 0) {
      always.push(i);
      continue;
    }
    let hasNum = false;
    for (let k = setFrom[t]; k < setFrom[t + 1]; k++) {
      if (setItems[k] === REQ_NUM) hasNum = true;
      else perLit[setItems[k] + 1]++;
    }
    // `<num>` among the trigger's alternatives: tried whenever the line has a numeral (or a piece).
    if (hasNum) num.push(i);
  }
  for (let k = 0; k < nLits; k++) perLit[k + 1] += perLit[k];
  const trigStart = perLit.slice();
  const trigIds = new Int32Array(perLit[nLits]);
  for (let i = 0; i < nPats; i++) {
    const t = trig(i);
    if (t < 0) continue;
    for (let k = setFrom[t]; k < setFrom[t + 1]; k++) if (setItems[k] !== REQ_NUM) trigIds[perLit[setItems[k]]++] = i;
  }
  return { trigStart, trigIds, numOnly: new Int32Array(num), always: new Int32Array(always) };
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

/** The `checks` of a restored pattern (its requirements are kept as set refs: restoredReq). */
const NO_CHECKS: number[][] = [];

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
  /** The lexicons added (snapshot()); a bank restored from its compiled form alone gives those back on demand (`addedBefore`). */
  private added: [string, LexiconData][] = [];
  private addedBefore: (() => [string, LexiconData][]) | undefined;
  /**
   * The pieces' text, by id. restore() from a stored trie leaves it undefined (a one-file lint
   * needs no piece as a string, and cutting 20,000 strings was part of start-up): made on first
   * use (`lits`).
   */
  private litStr: string[] | undefined = [];
  private litsLater: (() => string[]) | undefined;
  private litIds = new Map<string, number>();
  private lexCount = 0;
  /** The compiled patterns; a restored bank makes a pattern's object on first use (pattern()), so holes until then. */
  private pats: CompiledPattern[] = [];
  /**
   * Each pattern's text, by id. A bank restored from its compiled form alone makes each one from
   * the stored units when first needed (patternText(): a one-file lint needs a few hundred of
   * 4,000), so holes until then.
   */
  private patText: string[] = [];
  private patUnits: { units: Uint16Array; from: Int32Array } | undefined;
  /**
   * What restore() restored from, kept for the objects it makes on first use: the Sets of the
   * pieces of nodes and pattern entries (6,000-odd Sets, 46,000 pieces: a quarter of restoring)
   * and the patterns' objects. A one-file lint needs a few hundred of them.
   */
  private restored: { data: CompiledBank; setFrom: Int32Array; setObjs: (Set<number> | undefined)[]; firstFrom: Int32Array } | undefined;
  /**
   * Per pattern (before build): the requirement set chosen at compile time to trigger it, kept
   * beside the pattern objects rather than on them (deleting a property puts an object into V8's
   * slow dictionary mode, and the matcher reads these objects on every candidate).
   */
  private trig: (number[] | null)[] = [];
  /**
   * The requirement sets of the patterns restore() made, as they are stored (set refs into one
   * table of distinct sets, no array per set): build() takes them as they are instead of finding
   * equal sets again. Those patterns have no `checks` arrays and no `trig` entries.
   */
  private restoredReq: { pats: number; reqStart: Int32Array; reqSet: Int32Array; setFrom: Int32Array; setItems: Int32Array } | undefined;
  // Pattern graphs (shared by every pattern of the bank): kind, next, piece set, gap kind, split targets.
  // Typed arrays as restore() makes them (a copy of the stored numbers, nothing per node), plain
  // arrays once patterns are compiled into the bank (thaw()).
  private nKind: number[] | Int32Array = [];
  private nNext: number[] | Int32Array = [];
  /** Per node: its pieces (null: none); undefined until first use for restored nodes (nodeSet()). */
  private nSet: (Set<number> | null | undefined)[] = [];
  private nGap: number[] | Int32Array = [];
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
  /**
   * A trie restored as stored (CompiledBank.tCls): each state's number of children, its children
   * being consecutive states, and each state's class (no tChar, tFirst or tNext until a piece is
   * inserted: ensureLists()); and the pieces' end states.
   */
  private stored: { kids: ArrayLike<number>; cls: Uint16Array<ArrayBuffer>; clsUnit: ArrayLike<number> } | undefined;
  private pieceEnd: Int32Array | undefined;
  /** The trigger index as stored (CompiledBank.trigCount …), for build() (storedTriggers()). */
  private restoredTrig: { pats: number; count: Nums; ids: Nums; num: Nums; always: Nums } | undefined;
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
  /** Per state: its parent, and the class of the unit that enters it (failure links are computed from these on first use). */
  private parent = new Int32Array(0);
  /** How many children the root has (a stored trie's parentOf). */
  private rootKidCount = 0;
  private stateCls = new Uint16Array(0);
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
  /**
   * Per set: 1 if it holds `<num>`; its bit map over pieces (an index into setBits), -1 for a
   * small set (its items are read instead), SET_UNKNOWN until the set is first checked (setInfo).
   */
  private setNum = new Uint8Array(0);
  private setBig = new Int32Array(0);
  private setBits: Int32Array[] = [];
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

  private get lits(): string[] {
    return (this.litStr ??= this.litsLater!());
  }
  private set lits(v: string[]) {
    this.litStr = v;
  }
  /** How many pieces (without making their strings). */
  private get litCount(): number {
    return this.litStr ? this.litStr.length : this.pieceEnd!.length;
  }

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
    this.thaw();
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

  /** The graph arrays as plain arrays that grow (restore() leaves them typed: compiling appends). */
  private thaw(): void {
    if (Array.isArray(this.nKind)) return;
    this.nKind = Array.from(this.nKind);
    this.nNext = Array.from(this.nNext);
    this.nGap = Array.from(this.nGap);
    this.graphView = undefined;
  }

  private addTerm(lexicon: number, term: Term, exception: boolean, defNeg: boolean): void {
    const spec: TermSpec = typeof term === 'string' ? { pattern: term } : term;
    if (typeof spec.pattern !== 'string' || spec.pattern.trim() === '') throw new LexiconError('a lexicon term must be a non-empty string', '词库的词条应是非空字符串');
    const flags = (exception ? F_EXCEPTION : 0) | ((spec.negatable ?? defNeg) ? F_NEGATABLE : 0);
    const { trigger, ...c } = this.compile(spec.pattern);
    this.pats.push({ lex: lexicon, flags, pattern: spec.pattern, ...c });
    this.patText.push(spec.pattern);
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
      if (k === N_LIT || k === N_MARK) for (const p of this.nodeSet(n)!) entry.add(p);
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
    const simple = this.nKind[start] === N_LIT && this.nNext[start] === this.endNode ? this.nodeSet(start) : null;
    return { start, entry, entryNum, firstNodes, checks: reqs.filter((r) => r !== trigger), trigger, simple };
  }

  private node(kind: number, next: number, set: Set<number> | null = null, gap = 0, alts: number[] | null = null): number {
    if (++this.patternNodes > MAX_PATTERN_NODES) throw new LexiconError(`pattern "${short(this.curPattern)}" is too large (more than ${MAX_PATTERN_NODES} compiled nodes)`, `模式「${short(this.curPattern)}」过大（编译后超过 ${MAX_PATTERN_NODES} 个节点）`);
    if (this.nKind.length >= this.maxNodes) throw this.overBudget(`${this.maxNodes.toLocaleString('en')} compiled nodes`, `${this.maxNodes} 个编译节点`);
    (this.nKind as number[]).push(kind);
    (this.nNext as number[]).push(next);
    this.nSet.push(set);
    (this.nGap as number[]).push(gap);
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

  /** The first-child/next-sibling lists of a trie restored as stored (insert() walks and grows them). */
  private ensureLists(): void {
    const t = this.stored;
    if (!t) return;
    const { kids, cls, clsUnit } = t;
    const n = cls.length;
    const tChar = new Int32Array(n);
    for (let st = 1; st < n; st++) tChar[st] = clsUnit[cls[st] - 1];
    const tFirst = new Int32Array(n);
    const tNext = new Int32Array(n);
    const root = this.rootChild!;
    for (let k = 1; k <= kids[0]; k++) {
      root[tChar[k]] = k;
      this.rootKids.push(k);
    }
    for (let st = 1, c = kids[0] + 1; st < n; st++) {
      const m = kids[st];
      if (m > 0) tFirst[st] = c;
      for (let j = 0; j < m; j++, c++) tNext[c] = j + 1 < m ? c + 1 : 0;
    }
    this.tChar = tChar;
    this.tFirst = tFirst;
    this.tNext = tNext;
    this.stored = undefined;
    this.pieceEnd = undefined;
  }

  /** Insert a piece into the trie. */
  private insert(s: string, id: number): void {
    this.ensureLists();
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

  /** Freeze: compute failure links, flatten the automaton into typed arrays, index the triggers. */
  build(): this {
    if (this.built) return this;
    this.buildAutomaton();
    this.buildRequirements();
    this.trig = [];
    this.tChar = this.tFirst = this.tNext = this.tOwn = this.rootKids = [];
    this.rootChild = undefined;
    this.litIds = new Map();
    this.plain = new WeakMap();
    this.pieceSets = new WeakMap();
    this.built = true;
    return this;
  }

  /**
   * The automaton flattened into typed arrays. Its failure and dictionary links are not computed
   * here but on first use (failOf, dictOf): a one-file lint visits a few hundred of the bank's
   * tens of thousands of states, and computing every link was a quarter of start-up.
   */
  private buildAutomaton(): void {
    if (this.stored) return this.buildAutomatonStored(this.stored);
    const { tChar, tFirst, tNext, tOwn, rootKids } = this;
    const n = tChar.length;
    const own = new Int32Array(tOwn); // (a copy; Int32Array.from goes through the iterator protocol, slow while cold)
    // -1: not computed yet. The root's children fail to the root, whose own is -1 (no piece is empty).
    const fail = new Int32Array(n).fill(-1);
    const dict = new Int32Array(n).fill(-1);
    fail[0] = 0;
    dict[0] = 0;
    for (let i = 0; i < rootKids.length; i++) {
      fail[rootKids[i]] = 0;
      dict[rootKids[i]] = 0;
    }
    // Alphabet classes, numbered in code-unit order (so that children in ascending order of their
    // unit are in order of class: buildAutomatonStored() relies on it).
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
    // Each state's parent and the class of the unit that enters it (what failOf reads).
    const parent = new Int32Array(n);
    const stateCls = new Uint16Array(n);
    for (const k of rootKids) stateCls[k] = cls[tChar[k]];
    // Each state's children sorted by class (insertion sort: most states have one or two).
    for (let s = 1; s < n; s++) {
      const from = childStart[s];
      let to = from;
      for (let k = tFirst[s]; k !== 0; k = tNext[k]) {
        const c = cls[tChar[k]];
        parent[k] = s;
        stateCls[k] = c;
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
    this.parent = parent;
    this.stateCls = stateCls;
    // A loop: Int32Array.from(lits, map) goes through the iterator protocol, slow before it is optimised.
    const lits = this.lits;
    const litLen = (this.litLen = new Int32Array(lits.length));
    for (let i = 0; i < litLen.length; i++) litLen[i] = lits[i].length;
  }

  /**
   * buildAutomaton() for a trie restored as stored: the children of each state are the states that
   * follow those of the state before it, already in ascending order of unit (so of class), so the
   * flat arrays come in one pass each, with no list to walk and nothing to sort.
   */
  private buildAutomatonStored(t: { kids: ArrayLike<number>; cls: Uint16Array<ArrayBuffer>; clsUnit: ArrayLike<number> }): void {
    const { kids, cls: stateCls, clsUnit } = t;
    const n = stateCls.length;
    const own = this.tOwn as Int32Array<ArrayBuffer>;
    // (The root and its children fail to the root; fill() rather than a loop: this runs once, cold.)
    const k0 = kids[0];
    const fail = new Int32Array(n).fill(-1).fill(0, 0, k0 + 1);
    const dict = new Int32Array(n).fill(-1).fill(0, 0, k0 + 1);
    // The classes as stored (numbered in ascending order of unit, as buildAutomaton() numbers them).
    const classes = clsUnit.length;
    const cls = new Uint16Array(65536);
    for (let c = 0; c < classes; c++) cls[clsUnit[c]] = c + 1;
    const rootNext = new Int32Array(classes + 1);
    for (let k = 1; k <= k0; k++) rootNext[stateCls[k]] = k;
    // Edges of the states after the root: edge e enters state e + k0 + 1.
    const edges = n - 1 - k0;
    const childStart = new Int32Array(n + 1);
    for (let st = 1, e = 0; st < n; st++) {
      childStart[st] = e;
      e += kids[st];
    }
    childStart[n] = edges;
    // The class of the unit entering each child: the states' own classes, from state k0 + 1 on.
    const childCls = stateCls.subarray(k0 + 1);
    const childTo = new Int32Array(edges);
    for (let e = 0, to = k0 + 1; e < edges; e++, to++) childTo[e] = to;
    this.cls = cls;
    this.rootNext = rootNext;
    this.childStart = childStart;
    this.childCls = childCls;
    this.childTo = childTo;
    this.fail = fail;
    this.own = own;
    this.dict = dict;
    // Parents and piece lengths are found when first needed (parentOf, pieceLen): a one-file lint
    // needs those of a few hundred of the tens of thousands of states and pieces.
    this.parent = new Int32Array(0);
    this.rootKidCount = k0;
    this.stateCls = stateCls;
    this.litLen = new Int32Array(this.pieceEnd!.length);
  }

  /**
   * The parent of state `s`. A trie restored as stored keeps no parents: the children of the
   * states are consecutive, in order of their parents (edge e enters state e + k0 + 1), so the
   * parent is the last state whose children start at or before that edge.
   */
  private parentOf(s: number): number {
    const parent = this.parent;
    if (parent.length !== 0) return parent[s];
    const k0 = this.rootKidCount;
    if (s <= k0) return 0;
    const e = s - k0 - 1;
    const childStart = this.childStart;
    let lo = 1;
    let hi = childStart.length - 2;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (childStart[m] <= e) lo = m;
      else hi = m - 1;
    }
    return lo;
  }

  /** @internal The length of piece `id` (litLen[id], found first if it is still 0: no piece is empty). */
  pieceLen(id: number): number {
    const len = this.litLen[id];
    if (len !== 0) return len;
    let d = 0;
    for (let st = this.pieceEnd![id]; st !== 0; st = this.parentOf(st)) d++;
    return (this.litLen[id] = d);
  }

  /** The patterns' requirement sets, flat, with their bit maps and the trigger index. */
  private buildRequirements(): void {
    // Requirements, flat; each pattern is triggered at first by the set chosen at compile time
    // (the most selective by the length of its pieces), later by counts (retune()).
    const nLits = this.litCount;
    const nPats = this.pats.length;
    this.present = new Int32Array(nLits);
    this.patSeen = new Int32Array(nPats);
    this.pieceLines = new Int32Array(nLits);
    const pLex = new Int32Array(nPats);
    const pFlags = new Int32Array(nPats);
    const reqStart = new Int32Array(nPats + 1);
    const simpleOne = new Int32Array(nPats).fill(-1);
    // Restored patterns come with their sets as refs into the stored table of distinct sets (ids
    // 0…); the sets of patterns compiled here are numbered after those, equal ones once.
    const rr = this.restoredReq;
    const nR = rr ? rr.pats : 0;
    const base = rr ? rr.setFrom.length - 1 : 0;
    // The restored patterns' sets are taken as stored; those of patterns compiled here follow.
    const reqBase = rr ? rr.reqStart[nR] : 0;
    const more: number[] = [];
    const setIds = new Map<string, number>();
    const sets: number[][] = [];
    const setOf = (items: number[]): number => {
      const key = items.join(',');
      let id = setIds.get(key);
      if (id === undefined) {
        setIds.set(key, (id = base + sets.length));
        sets.push(items);
      }
      return id;
    };
    // Restored patterns from the stored arrays (their objects are made on first use).
    const rd = rr ? this.restored!.data : undefined;
    if (rd) {
      pLex.set(rd.pLex);
      pFlags.set(rd.pFlags);
    }
    for (let i = 0; i < nR; i++) {
      if (rd!.pSimple[i]) {
        const ref = rd!.set[rd!.pStart[i]];
        if (rr!.setFrom[ref + 1] - rr!.setFrom[ref] === 1) simpleOne[i] = rr!.setItems[rr!.setFrom[ref]];
      }
    }
    if (rr) reqStart.set(rr.reqStart.subarray(0, nR + 1));
    for (let i = nR; i < nPats; i++) {
      const p = this.pats[i];
      pLex[i] = p.lex;
      pFlags[i] = p.flags;
      if (p.simple && p.simple.size === 1) for (const x of p.simple) simpleOne[i] = x;
      const t = this.trig[i - nR];
      if (t) more.push(setOf(t));
      for (let k = 0; k < p.checks.length; k++) more.push(setOf(p.checks[k]));
      reqStart[i + 1] = reqBase + more.length;
    }
    const reqSet = new Int32Array(reqBase + more.length);
    if (rr) reqSet.set(rr.reqSet.subarray(0, reqBase));
    reqSet.set(more, reqBase);
    this.pLex = pLex;
    this.pFlags = pFlags;
    this.reqStart = reqStart;
    this.reqSet = reqSet;
    this.simpleOne = simpleOne;
    const nSets = base + sets.length;
    const setFrom = new Int32Array(nSets + 1);
    if (rr) setFrom.set(rr.setFrom);
    for (let k = base; k < nSets; k++) setFrom[k + 1] = setFrom[k] + sets[k - base].length;
    const setItems = new Int32Array(setFrom[nSets]);
    if (rr) setItems.set(rr.setItems);
    for (let k = base; k < nSets; k++) setItems.set(sets[k - base], setFrom[k]);
    // Per set: whether it holds `<num>`, and a bit map over pieces for a big one, made when the set
    // is first checked (setInfo): a one-file lint checks a few hundred of the thousands of sets.
    const setNum = new Uint8Array(nSets);
    const setBig = new Int32Array(nSets).fill(SET_UNKNOWN);
    this.setFrom = setFrom;
    this.setItems = setItems;
    this.restoredReq = undefined;
    this.setNum = setNum;
    this.setBig = setBig;
    this.setBits = [];
    this.setStamp = new Int32Array(nSets);
    this.setOk = new Uint8Array(nSets);
    if (!this.storedTriggers()) this.indexTriggers();
  }

  /** setNum and setBig of `set` (and its bit map if it is big), found now; returns setBig[set]. */
  private setInfo(set: number): number {
    const { setFrom, setItems } = this;
    const from = setFrom[set];
    const to = setFrom[set + 1];
    let bits: Int32Array | undefined;
    if (to - from > BIG_SET) bits = new Int32Array((this.litCount + 31) >> 5);
    for (let q = from; q < to; q++) {
      const x = setItems[q];
      if (x === REQ_NUM) this.setNum[set] = 1;
      else if (bits) bits[x >> 5] |= 1 << (x & 31);
    }
    const big = bits ? this.setBits.push(bits) - 1 : -1;
    this.setBig[set] = big;
    return big;
  }

  /** trigIds, trigStart, numOnly and always from each pattern's first requirement set. */
  private indexTriggers(): void {
    const { reqStart, reqSet } = this;
    const ix = triggerIndex(this.litCount, reqStart.length - 1, (i) => (reqStart[i] === reqStart[i + 1] ? -1 : reqSet[reqStart[i]]), this.setFrom, this.setItems);
    this.trigStart = ix.trigStart;
    this.trigIds = ix.trigIds;
    this.numOnly = ix.numOnly;
    this.always = ix.always;
  }

  /**
   * The trigger index as the compiled form stores it (CompiledBank.trigCount …), taken instead of
   * indexTriggers() when the bank is as restored (no pattern or piece added since): the same
   * arrays, which indexTriggers() would make by inverting every trigger set at every start-up.
   */
  private storedTriggers(): boolean {
    const t = this.restoredTrig;
    this.restoredTrig = undefined;
    const nLits = this.litCount;
    if (!t || t.count.length !== nLits || this.reqStart.length - 1 !== t.pats) return false;
    const trigStart = new Int32Array(nLits + 1);
    trigStart.set(t.count, 1);
    for (let k = 1; k <= nLits; k++) trigStart[k] += trigStart[k - 1];
    if (trigStart[nLits] !== t.ids.length) return false;
    this.trigStart = trigStart;
    this.trigIds = new Int32Array(t.ids);
    this.numOnly = new Int32Array(t.num);
    this.always = new Int32Array(t.always);
    return true;
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
          const l = litLen[x] || this.pieceLen(x);
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
            let big = setBig[set];
            if (big === SET_UNKNOWN) big = this.setInfo(set);
            let any = hasNum && setNum[set] === 1;
            if (any) {
              // (a numeral holds it)
            } else if (big >= 0) {
              // A large set (a word class): the line's few pieces looked up in its bit map.
              const bits = setBits[big];
              for (let q = 0; q < nl; q++) {
                const x = lits[q];
                if (bits[x >> 5] & (1 << (x & 31))) {
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

  /** The state after `c` (a class) from state `st`, or 0 (none; the root's own edges included). */
  private step(st: number, c: number): number {
    if (st === 0) return this.rootNext[c];
    const childCls = this.childCls;
    for (let a = this.childStart[st], b = this.childStart[st + 1]; a < b; a++) if (childCls[a] === c) return this.childTo[a];
    return 0;
  }

  /**
   * The failure link of `s`, computed now with those it depends on (its parent's, and the links
   * followed from there), each once: the longest proper suffix of s's text that is a state.
   * Iterative (a config's piece may be thousands of units deep): states wait on a stack until the
   * shallower links they need are known.
   */
  private failOf(s: number): number {
    const { fail, stateCls } = this;
    const stack = FAIL_STACK;
    let sp = 0;
    stack[sp++] = s;
    while (sp > 0) {
      const x = stack[sp - 1];
      if (fail[x] >= 0) {
        sp--;
        continue;
      }
      const p = this.parentOf(x);
      let f = fail[p];
      if (f < 0) {
        stack[sp++] = p;
        continue;
      }
      const c = stateCls[x];
      let t = this.step(f, c);
      while (t === 0 && f !== 0) {
        const ff = fail[f];
        if (ff < 0) break;
        f = ff;
        t = this.step(f, c);
      }
      if (t === 0 && f !== 0) {
        stack[sp++] = f; // f's own link first
        continue;
      }
      fail[x] = t;
      sp--;
    }
    return fail[s];
  }

  /** The dictionary link of `s` (the nearest state on its failure chain that ends a piece, 0 for none), computed now. */
  private dictOf(s: number): number {
    const { dict, own } = this;
    const chain = DICT_CHAIN;
    let n = 0;
    let x = s;
    while (dict[x] < 0) {
      chain[n++] = x;
      const f = this.fail[x];
      x = f >= 0 ? f : this.failOf(x);
    }
    while (n > 0) {
      const y = chain[--n];
      const f = this.fail[y];
      dict[y] = own[f] >= 0 ? f : dict[f];
    }
    return dict[s];
  }

  /**
   * Scan one folded line: every piece hit of every lexicon. A line's hits and every match derived
   * from them depend on its text alone, so a text scanned lately gives the same LineHits again
   * (scripts repeat their greetings, templates and closing lines: on the reference corpus 9 lines
   * in 10 repeat a text a few thousand lines before them); two generations of LINE_CACHE texts each.
   */
  scan(folded: string): LineHits {
    if (folded.length > LINE_CACHE_UNITS) return this.scanAnew(folded);
    let h = this.recent.get(folded);
    if (h) return h;
    h = this.older.get(folded);
    if (!h) h = this.scanAnew(folded);
    if (this.recent.size >= LINE_CACHE) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(folded, h);
    return h;
  }
  private recent = new Map<string, LineHits>();
  private older = new Map<string, LineHits>();

  private scanAnew(folded: string): LineHits {
    return new LineHits(this, folded, this.hitsOf(folded));
  }

  /** @internal The piece hits of a folded line, as [piece id, start, …] in the order found (by end). */
  hitsOf(folded: string): number[] {
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
        const f = fail[st];
        st = f >= 0 ? f : this.failOf(st);
      }
      let o = own[st] >= 0 ? st : dict[st];
      if (o < 0) o = this.dictOf(st);
      while (o !== 0) {
        const id = own[o];
        scratch[n++] = id;
        const len = litLen[id];
        scratch[n++] = i + 1 - (len !== 0 ? len : this.pieceLen(id));
        const d = dict[o];
        o = d >= 0 ? d : this.dictOf(o);
      }
    }
    return n ? scratch.slice(0, n) : NO_HITS;
  }

  /** What the bank was built from (another thread rebuilds it: compiling takes a few milliseconds). */
  snapshot(_share = false): LexiconSnapshot {
    return { classes: this.classes, lexicons: this.addedBefore ? [...this.addedBefore(), ...this.added] : this.added };
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
    if (this.restoredReq) throw new Error('LexiconBank.compiled() is for a bank compiled from its lexicons, not a restored one');
    const counts = new Array<number>(this.lexCount).fill(0);
    for (const p of this.pats) counts[p.lex]++;
    // The trie as restore() takes it (CompiledBank.tCls): its states in breadth-first order, each
    // state's children in ascending order of their unit, and the pieces renumbered in the order of
    // their end states. Building the trie and flattening it were the largest part of restoring.
    const lits = this.lits;
    const { tChar, tFirst, tNext, tOwn } = this;
    const queue: number[] = [0];
    const tUnit: number[] = [0];
    const tKids: number[] = [];
    const tFinal: number[] = [0];
    const renumber = new Int32Array(lits.length).fill(-1);
    let pieces = 0;
    const kids: number[] = [];
    for (let q = 0; q < queue.length; q++) {
      const st = queue[q];
      kids.length = 0;
      if (st === 0) for (const k of this.rootKids) kids.push(k);
      else for (let k = tFirst[st]; k !== 0; k = tNext[k]) kids.push(k);
      kids.sort((a, b) => tChar[a] - tChar[b]);
      tKids.push(kids.length);
      for (const k of kids) {
        queue.push(k);
        tUnit.push(tChar[k]);
        tFinal.push(tOwn[k] >= 0 ? 1 : 0);
        if (tOwn[k] >= 0) renumber[tOwn[k]] = pieces++;
      }
    }
    if (queue.length !== tChar.length || pieces !== lits.length) throw new Error('LexiconBank.compiled(): the trie does not hold every piece once');
    const clsUnit = [...new Set(tUnit.slice(1))].sort((a, b) => a - b);
    const clsOf = new Map(clsUnit.map((u, c) => [u, c + 1]));
    const tCls = tUnit.map((u, st) => (st === 0 ? 0 : clsOf.get(u)!));
    const order = new Array<number>(lits.length);
    for (let i = 0; i < lits.length; i++) order[renumber[i]] = i;
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
      patterns: this.patText.slice(),
      lits: order.map((i) => lits[i]),
      tCls,
      tKids,
      tFinal,
      clsUnit,
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
      kind: Array.from(this.nKind),
      next: Array.from(this.nNext),
      set,
      gap: Array.from(this.nGap),
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
    // The trigger index build() would make from these (a pattern's requirements, as restore()
    // lists them: its trigger, then its checks; the first of them triggers it).
    const setFrom = new Int32Array(setLen.length + 1);
    for (let k = 0; k < setLen.length; k++) setFrom[k + 1] = setFrom[k] + setLen[k];
    const firstReq = new Int32Array(this.pats.length).fill(-1);
    for (let i = 0, c = 0; i < this.pats.length; i++) {
      if (out.pTrigger[i] >= 0) firstReq[i] = out.pTrigger[i];
      else if (out.checksLen[i] > 0) firstReq[i] = out.checks[c];
      c += out.checksLen[i];
    }
    const ix = triggerIndex(lits.length, this.pats.length, (i) => firstReq[i], setFrom, setItems);
    out.trigCount = Array.from({ length: lits.length }, (_, k) => ix.trigStart[k + 1] - ix.trigStart[k]);
    out.trigIds = Array.from(ix.trigIds);
    out.trigNum = Array.from(ix.numOnly);
    out.trigAlways = Array.from(ix.always);
    return out;
  }

  /**
   * A bank holding `lexicons` (name and data, in the order they were compiled into `data`),
   * restored from their compiled form instead of compiled again; not built, so that more lexicons
   * can be added. Undefined when the data does not describe these lexicons (then compile).
   * Without `lexicons`, the lexicons are the ones `data` holds (every pattern's text is in it:
   * lexiconsOf()), as in the bundles, which carry no other copy.
   */
  static restore(data: CompiledBank, classes: ClassTable, lexicons?: [string, LexiconData][]): LexiconBank | undefined {
    if (!lexicons) return LexiconBank.restoreFrom(data, classes, undefined);
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
    const b = LexiconBank.restoreFrom(data, classes, patterns);
    if (b) b.added = lexicons.slice();
    return b;
  }

  /** restore(), the patterns' texts given (from the lexicons) or left in `data`. */
  private static restoreFrom(data: CompiledBank, classes: ClassTable, patterns: string[] | undefined): LexiconBank | undefined {
    const b = new LexiconBank(classes);
    const nPats = data.pLex.length;
    if (patterns) b.patText = patterns;
    else {
      let sum = 0;
      for (let i = 0; i < data.counts.length; i++) sum += data.counts[i];
      if (sum !== nPats) return undefined;
      b.patText = new Array(nPats);
      if (data.patUnits && data.patLen && data.patLen.length === nPats) {
        const len = data.patLen;
        const from = new Int32Array(nPats + 1);
        for (let i = 0; i < nPats; i++) from[i + 1] = from[i] + len[i];
        if (from[nPats] !== data.patUnits.length) return undefined;
        b.patUnits = { units: data.patUnits, from };
      } else if (data.patterns.length === nPats) b.patText = data.patterns.slice();
      else return undefined;
      b.addedBefore = () => {
        const lex = lexiconsOf(data);
        if (!lex) throw new Error('LexiconBank: the compiled form does not give back its lexicons');
        return Object.entries(lex);
      };
    }
    for (let i = 0; i < data.names.length; i++) b.names.set(data.names[i], i);
    b.lexCount = data.names.length;
    // The pieces' map is made on demand. (Not `data.lits.length`: on the bank file's data that
    // makes all the pieces' strings, the very thing the stored trie spares start-up.)
    if (data.tCls && data.tKids && data.tFinal && data.clsUnit) {
      // The trie as stored: taken as it is (buildAutomatonStored()); the pieces' strings are made
      // from it when first needed.
      const n = data.tCls.length;
      const { tKids: kids, tFinal: final } = data;
      if (kids.length !== n || final.length !== n) return undefined;
      // One pass: the children add up to a trie, and each end state's piece (numbered in order).
      const tOwn = new Int32Array(n).fill(-1);
      const endAt = new Int32Array(n);
      let edges = kids[0];
      let pieces = 0;
      for (let st = 1; st < n; st++) {
        edges += kids[st];
        if (final[st]) {
          tOwn[st] = pieces;
          endAt[pieces++] = st;
        }
      }
      if (edges !== n - 1) return undefined;
      b.tOwn = tOwn;
      b.stored = { kids, cls: new Uint16Array(data.tCls), clsUnit: data.clsUnit };
      b.pieceEnd = endAt.subarray(0, pieces);
      b.litStr = undefined;
      b.litsLater = () => data.lits.slice();
    } else {
      // No stored trie: the pieces inserted one by one.
      b.lits = data.lits.slice();
      for (let i = 0; i < b.lits.length; i++) b.insert(b.lits[i], i);
    }
    // Plain loops over flat arrays: this runs once at start-up, before anything is optimised.
    const nSets = data.setLen.length;
    const setFrom = new Int32Array(nSets + 1);
    for (let i = 0; i < nSets; i++) setFrom[i + 1] = setFrom[i] + data.setLen[i];
    const items = data.setItems;
    const nodes = data.kind.length;
    b.nKind = new Int32Array(data.kind);
    b.nNext = new Int32Array(data.next);
    b.nGap = new Int32Array(data.gap);
    // The nodes' Sets of pieces are made on first use (nodeSet()), one per stored set, shared as compiling shares them.
    b.nSet = new Array(nodes);
    b.nAlts = new Array(nodes);
    for (let n = 0, a = 0; n < nodes; n++) {
      const len = data.altsLen[n];
      b.nAlts[n] = len === 0 ? null : run(data.alts, a, a + len - 1);
      if (len) a += len - 1;
    }
    b.endNode = 0;
    // The patterns' objects are made on first use (pattern()).
    b.pats = new Array(nPats);
    const firstFrom = new Int32Array(nPats + 1);
    for (let i = 0; i < nPats; i++) firstFrom[i + 1] = firstFrom[i] + data.firstLen[i];
    b.restored = { data, setFrom, setObjs: new Array(nSets), firstFrom };
    // Requirements stay refs into the table of distinct sets, trigger first (build() takes them so).
    const reqStart = new Int32Array(nPats + 1);
    const reqSet = new Int32Array(nPats + data.checks.length);
    let nReq = 0;
    for (let i = 0, c = 0; i < nPats; i++) {
      if (data.pTrigger[i] >= 0) reqSet[nReq++] = data.pTrigger[i];
      for (let k = data.checksLen[i]; k > 0; k--) reqSet[nReq++] = data.checks[c++];
      reqStart[i + 1] = nReq;
    }
    b.restoredReq = { pats: nPats, reqStart, reqSet, setFrom, setItems: new Int32Array(items) };
    // (With the trie as stored only: the index numbers the pieces as the trie does.)
    if (b.stored && data.trigCount && data.trigIds && data.trigNum && data.trigAlways) b.restoredTrig = { pats: nPats, count: data.trigCount, ids: data.trigIds, num: data.trigNum, always: data.trigAlways };
    return b;
  }

  /** A restored set of pieces (a ref into the stored table), made once. */
  private restoredSet(ref: number): Set<number> {
    const r = this.restored!;
    let x = r.setObjs[ref];
    if (!x) {
      x = new Set<number>();
      const items = r.data.setItems;
      for (let k = r.setFrom[ref]; k < r.setFrom[ref + 1]; k++) x.add(items[k]);
      r.setObjs[ref] = x;
    }
    return x;
  }

  /** @internal The pieces of node `n` (null: none); a restored node's are made here on first use. */
  nodeSet(n: number): Set<number> | null {
    const s = this.nSet[n];
    if (s !== undefined) return s;
    const ref = this.restored!.data.set[n];
    return (this.nSet[n] = ref < 0 ? null : this.restoredSet(ref));
  }

  /** Per pattern asked (ownNegation: a negation inside a match), its literal nodes; see litNodes. */
  private litNodeCache = new Map<number, number[]>();
  /**
   * @internal The literal nodes of pattern `i`'s graph (its own text's and its classes' words
   * alike), as [node, open, node, open, …]: `open` is 1 when the pattern goes on right after the
   * node, without a gap (a literal, a split or a placeholder follows, not a gap or the end). Made on
   * first use: only a line with a negation inside one of the pattern's matches asks.
   */
  litNodes(i: number): number[] {
    let out = this.litNodeCache.get(i);
    if (out) return out;
    out = [];
    const { kind, next, alts } = this.graph;
    const stack = [this.pattern(i).start];
    const seen = new Set<number>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const k = kind[n];
      if (k === N_END) continue;
      if (k === N_SPLIT) {
        for (const a of alts[n]!) stack.push(a);
        continue;
      }
      if (k === N_LIT) out.push(n, kind[next[n]] === N_GAP || kind[next[n]] === N_END ? 0 : 1);
      stack.push(next[n]);
    }
    this.litNodeCache.set(i, out);
    return out;
  }

  /** @internal Compiled pattern `i`; a restored pattern's object is made here on first use. */
  pattern(i: number): CompiledPattern {
    return this.pats[i] ?? this.restorePattern(i);
  }

  /** @internal The text of pattern `i`. */
  patternText(i: number): string {
    const t = this.patText[i];
    if (t !== undefined) return t;
    const { units, from } = this.patUnits!;
    return (this.patText[i] = String.fromCharCode.apply(null, units.subarray(from[i], from[i + 1]) as unknown as number[]));
  }

  private restorePattern(i: number): CompiledPattern {
    const { data, firstFrom } = this.restored!;
    const start = data.pStart[i];
    const entry = data.pEntry[i];
    const p: CompiledPattern = {
      lex: data.pLex[i],
      flags: data.pFlags[i],
      pattern: this.patternText(i),
      start,
      // Shared, as node sets are (nothing changes a compiled pattern's sets).
      entry: entry < 0 ? new Set<number>() : this.restoredSet(entry),
      entryNum: data.pEntryNum[i] === 1,
      checks: NO_CHECKS,
      simple: data.pSimple[i] ? this.nodeSet(start) : null,
      firstNodes: run(data.first, firstFrom[i], firstFrom[i + 1]),
    };
    this.pats[i] = p;
    return p;
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
    return { patterns: this.pats.length, pieces: this.litCount, nodes: this.nKind.length, states: this.fail.length };
  }

  /** @internal The character of a one-character piece (a placeholder marker). */
  pieceChar(id: number): number {
    const ends = this.pieceEnd;
    if (ends && id < ends.length && this.built) {
      let st = ends[id];
      for (let p = this.parentOf(st); p !== 0; p = this.parentOf(st)) st = p;
      return this.stored!.clsUnit[this.stateCls[st] - 1];
    }
    return this.lits[id].charCodeAt(0);
  }

  /** @internal */ lexiconIndex(name: string): number | undefined {
    return this.names.get(name);
  }
  private patternKeys: Map<string, number> | undefined;
  /**
   * The term (not an exception) `pattern` of lexicon `lexName`, as its pattern index, or -1: how a
   * rule's match (which carries its pattern's text) finds its compiled pattern again.
   */
  patternIndex(lexName: string, pattern: string): number {
    const lex = this.names.get(lexName);
    if (lex === undefined) return -1;
    const cache = (this.patternKeys ??= new Map());
    const key = `${lex}\u0000${pattern}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = -1;
      if (!this.built) this.build();
      const { pLex, pFlags } = this;
      for (let i = 0; i < this.patText.length; i++) {
        if (pLex[i] === lex && (pFlags[i] & F_EXCEPTION) === 0 && this.patternText(i) === pattern) {
          v = i;
          break;
        }
      }
      cache.set(key, v);
    }
    return v;
  }
  /**
   * Does the term `pattern` of lexicon `lexName` declare itself negatable (its own `negatable`, or its
   * lexicon's)? For a rule that reads negation its own way (third-party-collection's requests): a
   * negation cancels only a term that says it may be negated (docs/LEXICONS.md).
   */
  negatable(lexName: string, pattern: string): boolean {
    const i = this.patternIndex(lexName, pattern);
    return i >= 0 && (this.pFlags[i] & F_NEGATABLE) !== 0;
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
      out.set(this.patternText(i), t);
    }
    return out;
  }

  /** @internal The pattern graphs (one object, not one per call: the matcher reads it per candidate). */
  get graph(): { kind: ArrayLike<number>; next: ArrayLike<number>; set: (Set<number> | null | undefined)[]; gap: ArrayLike<number>; alts: (number[] | null)[] } {
    return (this.graphView ??= { kind: this.nKind, next: this.nNext, set: this.nSet, gap: this.nGap, alts: this.nAlts });
  }
  private graphView: { kind: ArrayLike<number>; next: ArrayLike<number>; set: (Set<number> | null | undefined)[]; gap: ArrayLike<number>; alts: (number[] | null)[] } | undefined;
}

/** Pieces as units end to end (restore() from data that carries only their strings). */
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
/** Texts per generation of the bank's cache of lines scanned, and the longest text it keeps. */
const LINE_CACHE = 4096;
const LINE_CACHE_UNITS = 512;
/** failOf's stack of states waiting for shallower links, and dictOf's chain (each re-entered by neither). */
const FAIL_STACK: number[] = [];
const DICT_CHAIN: number[] = [];
