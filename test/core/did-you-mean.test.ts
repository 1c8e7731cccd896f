/**
 * didYouMean (undefined jumps, unknown headers, rule ids, directives): the fast search (bounded
 * distances, an index of long lists) must pick exactly what a plain search over every candidate
 * picks — the nearest name, the first of equals, and only within a third of the length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestStage } from '../../server/src/core/suggest';
import { didYouMean, indexNames } from '../../server/src/core/text';
import { parseStage } from '../../server/src/core/vocabulary';

/** Textbook Levenshtein distance (full table), independent of the implementation under test. */
function levenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

function reference(value: string, list: string[]): string | undefined {
  const v = value.toLowerCase();
  let best = -1;
  let bestDist = Infinity;
  list.forEach((c, i) => {
    const d = levenshtein(v, c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  });
  if (best < 0) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(v.length, list[best].length) / 3));
  return bestDist <= limit ? list[best] : undefined;
}

// Names from a small alphabet (so that near misses are common), Chinese and Latin.
const name = fc.string({ unit: fc.constantFrom('催', '收', '本', '人', '开', '场', 'a', 'B', 'c', '-', '1'), minLength: 0, maxLength: 12 });

describe('didYouMean', () => {
  it('finds what a plain search over every candidate finds (short lists)', () => {
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 30 }), (v, list) => {
        expect(didYouMean(v, list)).toBe(reference(v, list));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same with an indexed list (workspace titles)', () => {
    fc.assert(
      fc.property(name, fc.array(name, { minLength: 1, maxLength: 200 }), (v, list) => {
        indexNames(list);
        expect(didYouMean(v, list)).toBe(reference(v, list));
      }),
      { numRuns: 500 },
    );
  });

  it('suggests near names and nothing for far ones', () => {
    expect(didYouMean('开场白', ['本人确认', '开场', '结束'])).toBe('开场');
    expect(didYouMean('identity-not-confirm', ['identity-not-confirmed', 'rest-hours'])).toBe('identity-not-confirmed');
    expect(didYouMean('完全不同的名字', ['本人确认', '开场'])).toBeUndefined();
  });
});

describe('suggestStage: the stage meant by a value FORMAT §4.1 cannot read', () => {
  it('reads days past due said in words and a stage with words around it; guesses nothing else', () => {
    const cases: [string, string | undefined][] = [
      ['M1阶段', 'M1'],
      ['处于M3+', 'M3+'],
      ['m2期', 'M2'],
      ['M1~M2期', 'M1-M2'],
      ['逾期30天', 'D30'],
      ['逾期９０天以上', 'D90+'],
      ['逾期1-30天', 'D1-30'],
      ['逾期1至30日', 'D1-30'],
      ['首逾', undefined],
      ['MM', undefined],
      ['M1000阶段', undefined], // (M1000 is no stage: nothing to offer)
      ['SM1', undefined],
    ];
    expect(cases.map(([v]) => [v, suggestStage(v)])).toEqual(cases);
    for (const [, g] of cases) if (g) expect(parseStage(g), g).toBeDefined();
  });
});
