/**
 * The lexicons a compiled bank was compiled from, given back from it: each pattern's text, its
 * lexicon and its flags (exception, negatable) are all that compiling reads of a lexicon file
 * (LexiconBank.add), so compiling what this returns gives the same bank. The bundles carry the
 * built-in lexicons only in dist/lexicon-bank.bin, and use this wherever the sources would be
 * needed (a config with its own word classes compiles everything; the config check names them).
 */
import { F_EXCEPTION, F_NEGATABLE } from './graph';
import type { CompiledBank, LexiconData, TermSpec } from './types';

/**
 * The lexicons of `data`, by name in compile order; undefined when the data cannot come from
 * adding each lexicon once, its terms before its exceptions (what the build does).
 */
export function lexiconsOf(data: CompiledBank): Record<string, LexiconData> | undefined {
  const { names, counts, patterns, pLex, pFlags } = data;
  if (counts.length !== names.length || patterns.length !== pLex.length || pFlags.length !== pLex.length) return undefined;
  const out: Record<string, LexiconData> = {};
  let i = 0;
  for (let lex = 0; lex < names.length; lex++) {
    if (Object.prototype.hasOwnProperty.call(out, names[lex])) return undefined;
    const terms: TermSpec[] = [];
    const exceptions: TermSpec[] = [];
    for (const end = i + counts[lex]; i < end; i++) {
      if (i >= pLex.length || pLex[i] !== lex) return undefined;
      const spec: TermSpec = { pattern: patterns[i] };
      if (pFlags[i] & F_NEGATABLE) spec.negatable = true;
      if (pFlags[i] & F_EXCEPTION) exceptions.push(spec);
      else if (exceptions.length) return undefined;
      else terms.push(spec);
    }
    out[names[lex]] = { terms, exceptions };
  }
  return i === pLex.length ? out : undefined;
}
