/**
 * The bank's automaton computes its failure and dictionary links on first use, not when it is
 * built. Whatever order lines reach states in, every occurrence of every piece is found, overlapping
 * ones and pieces inside pieces included, as a plain search of each piece finds them; a piece
 * thousands of units deep (a config's) needs no deep recursion.
 */
import { describe, expect, it } from 'vitest';
import { LexiconBank } from '../../server/src/core';

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

/** Every occurrence of every piece, by a plain search. */
function reference(pieces: string[], line: string): string[] {
  const out: string[] = [];
  for (const p of new Set(pieces)) for (let i = line.indexOf(p); i >= 0; i = line.indexOf(p, i + 1)) out.push(`${i}:${p}`);
  return out.sort();
}

describe('the automaton, links computed on first use', () => {
  it('finds every occurrence of every piece on random pieces and lines', () => {
    const r = rng(11);
    const word = (max: number, alphabet: string) => Array.from({ length: 1 + Math.floor(r() * max) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    let compared = 0;
    let found = 0;
    for (let round = 0; round < 150; round++) {
      const alphabet = round % 3 === 0 ? 'ab' : round % 3 === 1 ? 'abc' : '欠钱还款';
      const pieces = Array.from({ length: 1 + Math.floor(r() * 25) }, () => word(6, alphabet));
      const bank = new LexiconBank({});
      bank.add('t', { terms: pieces });
      bank.build();
      for (let k = 0; k < 12; k++) {
        const line = word(60, alphabet);
        const want = reference(pieces, line);
        expect({ pieces, line, got: hitsOf(bank, line) }).toEqual({ pieces, line, got: want });
        compared++;
        found += want.length;
      }
    }
    expect(compared).toBe(1800);
    expect(found).toBeGreaterThan(5000);
  });

  it('follows a piece 20,000 units deep and its overlaps', () => {
    const deep = 'a'.repeat(20_000);
    const pieces = [deep, 'a'.repeat(19_999) + 'b', 'aab', 'ba'];
    const bank = new LexiconBank({});
    bank.add('t', { terms: pieces });
    bank.build();
    const line = 'a'.repeat(20_003) + 'b' + 'a';
    expect(hitsOf(bank, line)).toEqual(reference(pieces, line));
    expect(hitsOf(bank, 'xaaba')).toEqual(['1:aab', '3:ba']);
  });
});
