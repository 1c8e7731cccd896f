/**
 * The built-in lexicons as the engine and the config check use them. In the sources these are the
 * lexicon files (index.ts). The bundles carry no copy of the files: scripts/build.mjs replaces this
 * module with one that gives them back from the compiled bank (dist/lexicon-bank.bin, which holds
 * every pattern: lexicon/sources-of.ts), and that throws when there is no bank of the build.
 */
import type { LexiconData } from '../lexicon/types';
import { BUILTIN_LEXICONS } from '.';

export function builtinLexicons(): Record<string, LexiconData> {
  return BUILTIN_LEXICONS;
}
