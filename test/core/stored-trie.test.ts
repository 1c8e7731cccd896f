/**
 * The compiled form stores the automaton's trie (CompiledBank.tCls, tKids, tFinal, clsUnit: states in
 * breadth-first order, the pieces numbered by their end states), and restore() takes it as it is
 * instead of inserting the pieces. On random pieces — placeholder markers and units above 0x7fff
 * among them, prefixes of one another — a bank restored from the stored trie, through the bank
 * file's bytes, finds exactly what a freshly compiled one finds, gives back the same pieces, and
 * still takes a config's pieces added after restoring.
 */
import { describe, expect, it } from 'vitest';
import { LexiconBank } from '../../server/src/core';
import { decodeBank, encodeBank } from '../../server/src/core/lexicon/bank-bytes';

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Every hit of a line as "start:piece text", sorted. */
function hitsOf(bank: LexiconBank, line: string): string[] {
  const h = (bank.scan(line) as unknown as { hits: number[] }).hits;
  const out: string[] = [];
  for (let k = 0; k < h.length; k += 2) out.push(`${h[k + 1]}:${line.slice(h[k + 1], h[k + 1] + bank.litLen[h[k]])}`);
  return out.sort();
}

describe('the stored trie', () => {
  it('restored from it (through the file’s bytes) equals freshly compiled, on random pieces, with pieces added after', () => {
    const r = rng(7);
    const pick = (alphabet: string[], max: number) => Array.from({ length: 1 + Math.floor(r() * max) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    let compared = 0;
    let found = 0;
    for (let round = 0; round < 60; round++) {
      const alphabet = round % 3 === 0 ? ['a', 'b'] : round % 3 === 1 ? ['欠', '钱', '还', '款', '\ue001'] : ['x', '\uff01', '\ue003', '天'];
      const terms = Array.from({ length: 1 + Math.floor(r() * 30) }, () => pick(alphabet, 6));
      const exceptions = Array.from({ length: Math.floor(r() * 4) }, () => pick(alphabet, 5));
      const extra = Array.from({ length: Math.floor(r() * 5) }, () => pick(alphabet, 7));
      const lexicons: [string, { terms: string[]; exceptions: string[] }][] = [
        ['t', { terms, exceptions }],
        ['u', { terms: terms.slice(0, 3).map((t) => t + alphabet[0]), exceptions: [] }],
      ];
      const c = new LexiconBank({});
      for (const [n, d] of lexicons) c.add(n, d);
      const compiled = c.compiled();
      expect(compiled.tFinal!.reduce((n, f) => n + f, 0)).toBe(compiled.lits.length);
      const data = decodeBank(encodeBank(compiled, 'r'), 'r')!;
      expect(data.lits).toEqual(compiled.lits);
      const restored = LexiconBank.restore(data, {})!;
      const fresh = new LexiconBank({});
      for (const [n, d] of lexicons) fresh.add(n, d);
      if (extra.length) {
        restored.add('t', { terms: extra });
        fresh.add('t', { terms: extra });
      }
      restored.build();
      fresh.build();
      expect(restored.stats()).toEqual(fresh.stats());
      expect(restored.literals().sort()).toEqual(fresh.literals().sort());
      for (let k = 0; k < 10; k++) {
        const line = pick(alphabet, 40);
        const want = hitsOf(fresh, line);
        expect({ line, got: hitsOf(restored, line) }).toEqual({ line, got: want });
        for (const n of ['t', 'u']) expect(restored.scan(line).matches(n), `${n} in ${line}`).toEqual(fresh.scan(line).matches(n));
        compared++;
        found += want.length;
      }
    }
    expect(compared).toBe(600);
    expect(found).toBeGreaterThan(1000);
  });
});
