/**
 * Lexicons. Every pattern is compiled, without multiplying its alternatives out, into a small graph
 * over pieces — literal strings, `<num>`, placeholder markers, gaps and splits; word classes are
 * alternatives like any group. The distinct literal pieces of every lexicon go into one
 * Aho–Corasick automaton, so a line is scanned once whatever the number of rules and terms; a
 * pattern is then verified, from the piece hits, only on lines that hold its most selective
 * required piece. No regular expression from data ever runs, and verification is bounded per hit
 * by the size of the pattern (gaps are bounded windows): linear in the line whatever a config says.
 *
 * One job per file: types.ts (the data in and out), pattern.ts (the pattern language), graph.ts
 * (the compiled graphs' vocabulary), bank.ts (compiling, the automaton, triggers, the stored form),
 * line-hits.ts (matching one line), check.ts (validating a config's classes and lexicons).
 */
export type { ClassTable, CompiledBank, LexiconData, LexiconSnapshot, Match, Term, TermSpec, WordClass } from './types';
export { MARK } from './types';
export { CLASS_NAME, LexiconError, mergeClasses } from './pattern';
export { CONFIG_BUDGET, LexiconBank, LexiconBudgetError } from './bank';
export { LineHits } from './line-hits';
export { checkClasses, checkLexicon, checkLexicons } from './check';
