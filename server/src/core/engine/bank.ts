/**
 * The lexicon bank of a config (built-in lexicons plus the config's own), cached by config.
 */
import type { ResolvedConfig } from '../config';
import { LexiconBank, mergeClasses, type LexiconData } from '../lexicon';
import { PREBUILT } from '../prebuilt-bank';
import { BUILTIN_CLASSES } from '../lexicons';
import { builtinLexicons } from '../lexicons/builtin';

const bankCache = new Map<string, LexiconBank>();

/** The lexicon bank for a config: built-in lexicons plus the config's extra terms. Cached. */
export function lexiconBank(config: ResolvedConfig): LexiconBank {
  let bank = bankCache.get(config.key);
  if (bank) return bank;
  // The bundles carry the built-in lexicons compiled (prebuilt-bank.ts), every pattern's text with
  // them: restored, they need no other copy. A config's own word classes can change what a
  // built-in pattern means, so then everything is compiled.
  const restored = PREBUILT && Object.keys(config.classes).length === 0 ? LexiconBank.restore(PREBUILT, BUILTIN_CLASSES) : undefined;
  if (restored) bank = restored;
  else {
    bank = new LexiconBank(mergeClasses(BUILTIN_CLASSES, config.classes));
    for (const [name, data] of Object.entries(builtinLexicons()) as [string, LexiconData][]) bank.add(name, data);
  }
  for (const [name, data] of Object.entries(config.lexicons)) bank.add(name, { terms: data.terms ?? [], exceptions: data.exceptions ?? [] });
  bank.build();
  if (bankCache.size > 16) bankCache.clear();
  bankCache.set(config.key, bank);
  return bank;
}
