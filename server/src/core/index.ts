/** The public surface of the Parley core (pure: no vscode, no language server, no Node modules). */
export * from './types';
export * from './parser';
export * from './engine';
export * from './workspace';
export * from './config';
export * from './fix';
export * from './rule';
export * from './vocabulary';
export { RULES, RULE_IDS, ruleById } from './rules';
export { CONFIG_BUDGET, LexiconBank, LexiconBudgetError, checkClasses, checkLexicon, checkLexicons, mergeClasses, type ClassTable, type LexiconData, type WordClass } from './lexicon';
export { BUILTIN_CLASSES, BUILTIN_LEXICONS } from './lexicons';
export { fold, didYouMean } from './text';
