/**
 * Dialect folding (lexicons/dialect-fold.json through fold()): Cantonese and Taiwan Mandarin forms
 * read as Mandarin, one UTF-16 unit for one unit, so offsets stay exact and Mandarin lexicons hold
 * in zh-HK and zh-TW scripts; Mandarin words that share a character keep their meaning.
 */
import { describe, expect, it } from 'vitest';
import { LexiconBank, fold, lintText } from '../../server/src/core';
import { compileDialect } from '../../server/src/core/dialect';
import data from '../../server/src/core/lexicons/dialect-fold.json';

describe('dialect folding', () => {
  it.each([
    ['佢哋話你冇還錢', '他们话你没还钱'],
    ['你哋屋企人喺邊度？', '你们家里人在哪里?'],
    ['我哋係銀行嘅客服', '我们是银行的客服'],
    ['你畀咗錢未？俾錢啦', '你给了钱未?给钱啦'],
    ['唔該你搵佢嚟睇下', '唔该你找他来看下'],
    ['妳們好，妳的帳單', '你们好,你的账单'],
    ['快啲還錢，早啲處理', '快点还钱,早点处理'],
    ['請問你係唔係陳生本人？係咪本人？', '请问你是不是陈生本人?是否本人?'],
    ['乜嘢都唔好講，唔使驚', '什么都不要讲,不用惊'],
    ['唔好意思打擾你', '不好意思打扰你'],
    ['聽日之前還，今日幾多錢', '明天之前还,今天多少钱'],
    ['而家即刻還錢', '现在即刻还钱'],
    ['你地幾時還？佢地話你去咗旅行', '你们几时还?他们话你去了旅行'],
    // Everyday Hong Kong words of the collection call, and Taiwan ones, read as their Mandarin word.
    ['佢返工嗰度啲街坊', '他上班那里些邻居'],
    ['唔想俾人知就話俾阿媽聽', '不想让人知就告诉妈妈听'],
    ['佢成日扮死，張卡簽爆咗，拖數半年', '他整天装死,张卡刷爆了,拖欠半年'],
    ['收數公司日日打嚟', '催收公司天天打来'],
    ['企喺門口等佢落嚟', '站在门口等他下来'],
    ['冚家劏晒', '全家宰晒'],
    ['請聯絡妳的戶頭，薪資訊息', '请联系你的账户,工资信息'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
    expect(fold(input).length).toBe(input.length);
  });

  it.each([
    ['我們的關係很好，請聯係我', '我们的关系很好,请联系我'],
    ['系数和关系不变', '系数和关系不变'],
    ['然而家人不知道', '然而家人不知道'],
    ['在这边度过了周末', '在这边度过了周末'],
    ['请重点解决这个问题', '请重点解决这个问题'],
    ['把你地址发给我', '把你地址发给我'],
    ['申请仲裁', '申请仲裁'],
    ['露营的帳篷', '露营的帐篷'],
    ['他听日语广播', '他听日语广播'],
    ['每月发放工资，完成日期', '每月发放工资,完成日期'],
    ['往返工作地点', '往返工作地点'],
    ['即系统自动扣款', '即系统自动扣款'],
    ['已拖数月，接收数据', '已拖数月,接收数据'],
  ])('keeps the Mandarin sense: %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('leaves plain Mandarin as it is (the same string)', () => {
    const s = '您好,我是某某银行的客服,请问您是本人吗?今天我们关系好,你地址对吗?';
    expect(fold(s)).toBe(s);
  });

  it('is idempotent on its own output', () => {
    for (const s of ['佢哋屋企喺邊度', '你哋快啲畀錢', '唔該晒', '係咪本人', '關係', '而家還']) expect(fold(fold(s))).toBe(fold(s));
  });

  it('maps one unit to one unit, and its Mandarin side is already folded', () => {
    const d = data as { units: Record<string, string>; words: Record<string, string>; keep: string[] };
    for (const [k, v] of Object.entries(d.units)) {
      expect([k.length, v.length], k).toEqual([1, 1]);
      expect(fold(v), k).toBe(v);
    }
    for (const [k, v] of Object.entries(d.words)) {
      expect(v.length, k).toBe(k.length);
      expect(fold(v), k).toBe(v);
    }
    expect(() => compileDialect({ units: { 佢哋: '他们' }, words: {}, keep: [] })).toThrow(/one UTF-16 unit/);
    expect(() => compileDialect({ units: {}, words: { 屋企: '家' }, keep: [] })).toThrow(/length/);
    expect(() => compileDialect({ units: {}, words: { 屋企: '家里' }, keep: ['屋企'] })).toThrow(/twice/);
  });

  it('folds lexicon terms as it folds text: a term written in Cantonese matches Cantonese text', () => {
    const b = new LexiconBank();
    b.add('negation', { terms: ['不会'] });
    b.add('t', { terms: ['屋企', '佢哋', '唔该'] });
    b.build();
    const text = '唔該你叫佢哋返屋企';
    expect(b.scan(fold(text)).matches('t').map((m) => text.slice(m.start, m.end))).toEqual(['唔該', '佢哋', '屋企']);
  });
});

describe('prefer-honorific through the dialect layer', () => {
  const lint = (line: string) => {
    const text = `title: 用例\nstage: M3\naudience: debtor\nchannel: call\n---\n坐席: ${line}\n===\n`;
    return { text, findings: lintText(text, 'c.parley').filter((f) => f.ruleId === 'prefer-honorific') };
  };
  it('flags 妳 like 你 and fixes it to 您 in place', () => {
    const { text, findings } = lint('妳好，請問妳係咪陳小姐？');
    expect(findings).toHaveLength(2);
    const line = text.split('\n')[5];
    for (const f of findings) {
      expect(line.slice(f.range.start.character, f.range.end.character)).toBe('妳');
      expect(f.fix!.edits[0]).toMatchObject({ range: f.range, newText: '您' });
    }
  });
  it('does not flag the plural 妳們, 你哋, 你地', () => {
    expect(lint('妳們好，你哋幾時還？你地要還錢。').findings).toEqual([]);
  });
  it('flags 你 next to Cantonese particles at the right place', () => {
    const { text, findings } = lint('佢話你冇還錢');
    const line = text.split('\n')[5];
    expect(findings.map((f) => [f.range.start.character, line.slice(f.range.start.character, f.range.end.character)])).toEqual([[6, '你']]);
  });
});
