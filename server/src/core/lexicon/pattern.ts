/**
 * The pattern language: parsing a lexicon pattern (groups, gaps, `<tokens>`, `[classes]`) into
 * alternatives of nodes, word-class tables, and the errors a malformed pattern raises.
 */
import { BUILTIN_CLASSES } from '../lexicons';
import { didYouMean } from '../text';
import { type ClassTable, MARK } from './types';

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

type Gap = 'clause' | 'sentence';

/** Groups nested deeper than this are a config error (a hostile pattern cannot exhaust the stack). */
const MAX_NESTING = 32;

export type PatternNode = { alts: PatternNode[][] } | { text: string } | { gap: Gap } | { num: true };

/** Parsed classes per class table (a class is parsed once, however many patterns use it). */
const parsedClasses = new WeakMap<ClassTable, Map<string, PatternNode>>();

/** A pattern cut to 80 characters for a message. */
export const short = (p: string) => (p.length > 80 ? p.slice(0, 80) + '…' : p);

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

export function parsePattern(pattern: string, classes: ClassTable = BUILTIN_CLASSES, resolving: string[] = []): PatternNode[][] {
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

/** A malformed pattern or class: the message in English, `zh` the same in Chinese (config errors show either). */
export class LexiconError extends Error {
  constructor(
    message: string,
    readonly zh: string = message,
  ) {
    super(message);
  }
}
