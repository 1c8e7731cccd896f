/**
 * The matcher chooses each pattern's trigger again from how often the lines seen so far held each
 * requirement (LexiconBank.retune): which patterns are candidates on a line, and so every match,
 * must not depend on that choice, and the choice must move to the requirement seen least.
 */
import { describe, expect, it } from 'vitest';
import { LexiconBank, fold } from '../../server/src/core';

const LEXICONS: Record<string, { terms: string[]; exceptions?: string[]; negatable?: boolean }> = {
  negation: { terms: ['不', '不会'], exceptions: ['会不会'] },
  threat: { terms: ['你…坐牢', '你…(打断|打折|报警|拘留|判刑|抓人|法院|起诉|坐牢)', '(你|您)…(起诉|法院)', '请问…您'], exceptions: ['请问您好'], negatable: true },
  money: { terms: ['<num>元', '(还|付)<num>', '你'], exceptions: ['你好'] },
};
const PIECES = ['你', '的', '，', '您', '我们', '。', '不', '还', '3', '元', '十', '请问', '你好', '不会', '会不会', '腿', '打断', '坐牢', '起诉', '法院', '报警', '拘留'];

function newBank(): LexiconBank {
  const b = new LexiconBank();
  for (const [name, data] of Object.entries(LEXICONS)) b.add(name, data);
  return b.build();
}

/** Deterministic lines of 2–12 pieces, common ones (你, 您, 的) far more often than rare ones. */
function lines(n: number): string[] {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let t = '';
    const len = 2 + Math.floor(rnd() * 11);
    for (let k = 0; k < len; k++) t += PIECES[Math.floor(PIECES.length * rnd() ** 3)];
    out.push(t);
  }
  return out;
}

const all = (b: LexiconBank, line: string) => Object.keys(LEXICONS).map((name) => b.scan(fold(line)).matches(name).map((m) => `${m.start}-${m.end}`).join(','));

describe('triggers chosen from counts', () => {
  it('find the same matches as the compile-time triggers, and move to the rarer requirement', () => {
    const text = lines(3000);
    const tuned = newBank();
    const before = tuned.triggers();
    let fresh = newBank();
    for (let i = 0; i < text.length; i++) {
      // A bank that has seen fewer than 256 lines still uses the compile-time triggers.
      if (i % 200 === 0) fresh = newBank();
      expect([text[i], all(tuned, text[i])]).toEqual([text[i], all(fresh, text[i])]);
    }
    const after = tuned.triggers();
    // 你 is in most lines, the words of the group in few: by length alone, one character weighs
    // less than nine two-character words.
    const p = '你…(打断|打折|报警|拘留|判刑|抓人|法院|起诉|坐牢)';
    expect(before.get(p)).toEqual(['你']);
    expect(after.get(p)?.slice().sort()).toEqual(['打断', '打折', '报警', '拘留', '判刑', '抓人', '法院', '起诉', '坐牢'].sort());
    expect(after.get('你…坐牢')).toEqual(['坐牢']);
  });
});
