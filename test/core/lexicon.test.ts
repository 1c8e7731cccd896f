/** The lexicon compiler and matcher: pattern syntax, folding, negation, exceptions, offsets. */
import { describe, expect, it } from 'vitest';
import { LexiconBank, checkLexicon, fold } from '../../server/src/core';
import { MARK } from '../../server/src/core/lexicon';

function bank(lexicons: Record<string, { terms: (string | { pattern: string; negatable?: boolean })[]; exceptions?: string[]; negatable?: boolean }>) {
  const b = new LexiconBank();
  b.add('negation', { terms: ['不会', '不', '没有'] });
  for (const [k, v] of Object.entries(lexicons)) b.add(k, v);
  return b.build();
}
const spans = (b: LexiconBank, name: string, text: string) => b.scan(fold(text)).matches(name).map((m) => text.slice(m.start, m.end));

describe('folding', () => {
  it('keeps the length and maps full-width, traditional and upper case', () => {
    const s = '還錢！ＡＢＣ１２３　對不起';
    expect(fold(s)).toBe('还钱!abc123 对不起');
    expect(fold(s).length).toBe(s.length);
  });
});

describe('patterns', () => {
  const b = bank({
    lit: { terms: ['坐牢', '(抓|逮捕)(你|您)'] },
    gap: { terms: ['已经…立案'] },
    sent: { terms: ['如果……起诉'] },
    num: { terms: ['<num>(元|块)'] },
    ph: { terms: ['<debt>天'] },
    neg: { terms: ['起诉'], negatable: true },
    exc: { terms: ['滚'], exceptions: ['滚动', '利滚利'] },
  });
  it('matches literals and expanded alternatives, in traditional and full-width text', () => {
    expect(spans(b, 'lit', '再不還就等著坐牢!我們要逮捕您')).toEqual(['坐牢', '逮捕您']);
  });
  it('a … gap stays inside the clause; a …… gap inside the sentence', () => {
    expect(spans(b, 'gap', '我们已经对您立案了')).toEqual(['已经对您立案']);
    expect(spans(b, 'gap', '我们已经说过,立案的事')).toEqual([]);
    expect(spans(b, 'sent', '如果您再不还,我们就起诉')).toEqual(['如果您再不还,我们就起诉']);
    expect(spans(b, 'sent', '如果您再不还。我们就起诉')).toEqual([]);
  });
  it('<num> matches digits and Chinese numerals', () => {
    expect(spans(b, 'num', '欠了5000元,还有三百块')).toEqual(['5000元', '三百块']);
  });
  it('placeholders are masked by category markers', () => {
    const text = '已逾期{overdue_days}天';
    const masked = '已逾期' + MARK.debt + MARK.filler.repeat('{overdue_days}'.length - 1) + '天';
    expect(b.scan(masked).matches('ph').map((m) => text.slice(m.start, m.end))).toEqual(['{overdue_days}天']);
  });
  it('negation before a negatable term cancels it, but a condition does not', () => {
    expect(spans(b, 'neg', '我们不会起诉您')).toEqual([]);
    expect(spans(b, 'neg', '不还钱就起诉您')).toEqual(['起诉']);
    expect(spans(b, 'neg', '我们将起诉您')).toEqual(['起诉']);
  });
  it('exceptions cancel covered matches', () => {
    expect(spans(b, 'exc', '利滚利,滚动还款,你给我滚')).toEqual(['滚']);
  });
  it('rejects malformed patterns with a message', () => {
    expect(checkLexicon({ terms: ['(a|b'] })).toMatch(/unclosed/);
    expect(checkLexicon({ terms: ['<bogus>'] })).toMatch(/unknown token/);
    expect(checkLexicon({ terms: ['(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)'] })).toMatch(/expands to more than/);
    expect(checkLexicon({ terms: ['好'] })).toBeUndefined();
  });
});
