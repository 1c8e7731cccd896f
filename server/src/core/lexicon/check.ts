/**
 * Validation of word classes and lexicons from a config (errors in Chinese and English).
 */
import { BUILTIN_CLASSES } from '../lexicons';
import type { ClassTable, TermSpec } from './types';
import { CLASS_NAME, LexiconError, mergeClasses } from './pattern';
import { CONFIG_BUDGET, LexiconBank, LexiconBudgetError } from './bank';

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
