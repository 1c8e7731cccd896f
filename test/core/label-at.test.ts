/**
 * The parser reads a body line's speaker label with labelAt (parser/lexical.ts) instead of
 * LABEL_RE on a slice of the line: the same answer for every text and window, label units,
 * spaces, both colons and the punctuation the label may not hold mixed at random.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LABEL_RE, labelAt, labelColon } from '../../server/src/core/parser/lexical';

const UNITS = [...'坐席客户ab1209:：,，。!！?？、;；()（）{}<>“”"\'「」 \t\u3000\u00a0\u2028\ufeff/xX-_'];

function viaRegExp(s: string, from: number, end: number): [number, number] | undefined {
  const m = LABEL_RE.exec(s.slice(from, end));
  return m ? [from + m[1].length, from + m[0].length] : undefined;
}

function viaLabelAt(s: string, from: number, end: number): [number, number] | undefined {
  const e = labelAt(s, from, end);
  return e < 0 ? undefined : [e, labelColon(s, e, end) + 1];
}

describe('labelAt', () => {
  it('answers as LABEL_RE on the slice', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...UNITS), { maxLength: 24 }), fc.nat(), fc.nat(), (units, a, b) => {
        const s = units.join('');
        const from = s.length ? a % (s.length + 1) : 0;
        const end = from + (s.length - from ? b % (s.length - from + 1) : 0);
        expect(viaLabelAt(s, from, end)).toEqual(viaRegExp(s, from, end));
      }),
      { numRuns: 20_000 },
    );
  });

  it('labels of twelve units and no more, before either colon', () => {
    for (const [s, want] of [
      ['坐席: 您好', [2, 3]],
      ['坐席 ：您好', [2, 4]],
      ['一二三四五六七八九十一二：x', [12, 13]],
      ['一二三四五六七八九十一二三：x', undefined],
      ['坐席，您好：', undefined],
      ['  坐席: x', undefined],
      ['坐席', undefined],
    ] as const) {
      expect(viaLabelAt(s, 0, s.length)).toEqual(want);
      expect(viaRegExp(s, 0, s.length)).toEqual(want);
    }
  });
});

describe('labelAt’s table of \\s', () => {
  it('holds exactly the units \\s matches (besides the label’s punctuation)', async () => {
    const { isSpace } = await import('../../server/src/core/parser/lexical');
    for (let c = 0; c < 65536; c++) {
      const s = String.fromCharCode(c);
      expect(isSpace(c)).toBe(/\s/.test(s));
      if (/\s/.test(s)) expect(labelAt('a' + s + ':', 1, 3)).toBe(-1);
    }
  });
});
