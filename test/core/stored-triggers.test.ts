/**
 * The compiled form carries the trigger index (CompiledBank.trigCount, trigIds, trigNum,
 * trigAlways): a bank restored as stored takes it instead of inverting every pattern's trigger set
 * at start-up. It must be the index build() makes itself; with a config's patterns added, build()
 * makes it anew.
 */
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_CLASSES, BUILTIN_LEXICONS, LexiconBank, type LexiconData } from '../../server/src/core';
import { decodeBank, encodeBank } from '../../server/src/core/lexicon/bank-bytes';

const builtin = Object.entries(BUILTIN_LEXICONS) as [string, LexiconData][];
type Index = { trigStart: Int32Array; trigIds: Int32Array; numOnly: Int32Array; always: Int32Array };
const indexOf = (b: LexiconBank) => {
  const x = b as unknown as Index;
  return { trigStart: Array.from(x.trigStart), trigIds: Array.from(x.trigIds), numOnly: Array.from(x.numOnly), always: Array.from(x.always) };
};

function compiledData() {
  const c = new LexiconBank(BUILTIN_CLASSES);
  for (const [n, d] of builtin) c.add(n, d);
  return c.compiled();
}

describe('the stored trigger index', () => {
  it('is the index build() makes, and is taken as it is (through the file’s bytes)', () => {
    const data = compiledData();
    const bytes = encodeBank(data, 'test');
    const spy = vi.spyOn(LexiconBank.prototype as unknown as { indexTriggers: () => void }, 'indexTriggers');
    try {
      const stored = LexiconBank.restore(decodeBank(bytes, 'test')!, BUILTIN_CLASSES)!.build();
      expect(spy, 'no index made at start-up').not.toHaveBeenCalled();
      const { trigCount: _a, trigIds: _b, trigNum: _c, trigAlways: _d, ...without } = data;
      const made = LexiconBank.restore(without, BUILTIN_CLASSES)!.build();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(indexOf(stored)).toEqual(indexOf(made));
      expect(indexOf(stored).trigIds.length).toBeGreaterThan(1000);
    } finally {
      spy.mockRestore();
    }
  });

  it('is made anew when a config adds patterns, and equals a fresh compile’s', () => {
    const extra: [string, LexiconData][] = [['my-words', { terms: ['飞单', '砍头息', '<num>天内'], exceptions: ['不是飞单'] }]];
    const data = decodeBank(encodeBank(compiledData(), 'test'), 'test')!;
    const r = LexiconBank.restore(data, BUILTIN_CLASSES)!;
    for (const [n, d] of extra) r.add(n, d);
    r.build();
    const f = new LexiconBank(BUILTIN_CLASSES);
    for (const [n, d] of [...builtin, ...extra]) f.add(n, d);
    f.build();
    const a = indexOf(r);
    const b = indexOf(f);
    // The same patterns per piece (pieces are numbered differently: compare by pattern sets' sizes and the whole multiset).
    expect(a.trigIds.length).toBe(b.trigIds.length);
    expect([...a.trigIds].sort((x, y) => x - y)).toEqual([...b.trigIds].sort((x, y) => x - y));
    expect(a.numOnly).toEqual(b.numOnly);
    expect(a.always).toEqual(b.always);
  });
});
