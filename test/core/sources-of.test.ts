/**
 * The bundles carry the built-in lexicons only in their compiled form (dist/lexicon-bank.bin), and
 * give the lexicons back from it where their sources are needed (lexiconsOf: a config with its own
 * word classes compiles everything from them). Compiling what lexiconsOf gives must give exactly
 * the bank the lexicon files give, through the bank file's bytes too.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_CLASSES, BUILTIN_LEXICONS, LexiconBank, type LexiconData } from '../../server/src/core';
import { decodeBank, encodeBank } from '../../server/src/core/lexicon/bank-bytes';
import { lexiconsOf } from '../../server/src/core/lexicon/sources-of';

function compiled(lexicons: Record<string, LexiconData>) {
  const b = new LexiconBank(BUILTIN_CLASSES);
  for (const [n, d] of Object.entries(lexicons)) b.add(n, d);
  return b.compiled();
}

describe('lexiconsOf', () => {
  it('gives back lexicons that compile to the same bank, from the compiled data and from the bank file', () => {
    const want = compiled(BUILTIN_LEXICONS);
    const back = lexiconsOf(want)!;
    expect(Object.keys(back)).toEqual(Object.keys(BUILTIN_LEXICONS));
    expect(JSON.stringify(compiled(back))).toBe(JSON.stringify(want));
    const fromFile = lexiconsOf(decodeBank(encodeBank(want, 'x'), 'x')!)!;
    expect(fromFile).toEqual(back);
    // Term for term: the pattern, exception or not, negatable or not (a lexicon's default applied).
    for (const [name, data] of Object.entries(BUILTIN_LEXICONS)) {
      const spec = (t: string | { pattern: string; negatable?: boolean }, dflt: boolean) => (typeof t === 'string' ? { pattern: t, neg: dflt } : { pattern: t.pattern, neg: t.negatable ?? dflt });
      const got = (l: LexiconData['terms']) => l.map((t) => spec(t, false));
      expect(got(back[name].terms), name).toEqual(data.terms.map((t) => spec(t, data.negatable ?? false)));
      expect(got(back[name].exceptions ?? []), name).toEqual((data.exceptions ?? []).map((t) => spec(t, false)));
    }
  });

  it('keeps negatable terms and exceptions, a lexicon default, and empty lexicons', () => {
    const lexicons: Record<string, LexiconData> = {
      a: { negatable: true, terms: ['欠款', { pattern: '还钱', negatable: false }], exceptions: [{ pattern: '不欠款', negatable: true }, '欠款人'] },
      empty: { terms: [] },
      b: { terms: [{ pattern: '(打|骂)你', negatable: true }, '<num>天内'] },
    };
    const want = compiled(lexicons);
    expect(JSON.stringify(compiled(lexiconsOf(want)!))).toBe(JSON.stringify(want));
  });

  it('refuses data that cannot come from adding each lexicon once, terms before exceptions', () => {
    const want = compiled({ a: { terms: ['欠款'], exceptions: ['不欠款'] }, b: { terms: ['还钱'] } });
    expect(lexiconsOf(want)).toBeDefined();
    expect(lexiconsOf({ ...want, pFlags: [want.pFlags[1], want.pFlags[0], want.pFlags[2]] })).toBeUndefined(); // an exception before a term
    expect(lexiconsOf({ ...want, pLex: [0, 1, 0] })).toBeUndefined(); // a lexicon's patterns not together
    expect(lexiconsOf({ ...want, counts: [2, 2] })).toBeUndefined();
    expect(lexiconsOf({ ...want, names: ['a', 'a'] })).toBeUndefined();
    expect(lexiconsOf({ ...want, patterns: want.patterns.slice(1) })).toBeUndefined();
  });
});
