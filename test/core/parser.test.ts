/**
 * The parser (FORMAT.md): the tree it builds from well-formed input, and the structure reports it
 * makes from broken input — never an exception, always exact ranges (0-based line, UTF-16 column).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js/cn2t';
import { lintText, parse, parseStage, type ParsedScript, type Range } from '../../server/src/core';
import { AUDIENCES, BUILTIN_PLACEHOLDERS, BUILTIN_SPEAKERS, CHANNELS, HEADER_KEYS, headerKey, parseAgents, parseAudience, parseChannel } from '../../server/src/core/vocabulary';
import { suggestAgents } from '../../server/src/core/suggest';

const r = (line: number, start: number, end: number, endLine = line): Range => ({ start: { line, character: start }, end: { line: endLine, character: end } });
/** The text a range covers (single-line ranges). */
const at = (p: ParsedScript, range: Range) => p.lines[range.start.line].slice(range.start.character, range.end.character);
const reports = (p: ParsedScript) => p.reports.map((x) => `${x.ruleId}@${x.range.start.line}:${x.range.start.character}-${x.range.end.character} ${at(p, x.range)}`);

const FORMAT_EXAMPLE = `// 信用卡中心 · M1 首次外呼
stage: M1
channel: call

title: 开场
audience: unverified
---
坐席: 您好,请问是{debtor_name}先生/女士吗?
-> 客户: 是我。
    <<jump 本人-首次>>
-> 客户: 他不在,我是他朋友。
    <<jump 联系人-首次>>
-> 客户: 你打错了。
    坐席: 抱歉打扰您了,祝您生活愉快,再见。
    <<end>>
===

title: 本人-首次
audience: debtor
---
坐席: {debtor_name}先生您好,我是{company}的{agent_name},工号{agent_id},本次通话会被录音。
坐席: 您尾号{card_last4}的账户本期应还{amount}元,目前已逾期{overdue_days}天,请问是什么原因没有按时还款呢?
-> 客户: 最近资金周转困难。
    坐席: 理解您的情况。请问您今天下午三点前能先还多少?
===

title: 联系人-首次
audience: contact
---
坐席: 您好,我是{agent_name},有件私人事务需要{debtor_name}先生本人处理,麻烦您转告他回电{callback_number},谢谢您。
===
`;

describe('the FORMAT.md §1 example', () => {
  const p = parse(FORMAT_EXAMPLE, 'example.parley');

  it('parses without a single report', () => {
    expect(p.reports).toEqual([]);
    expect(p.suppressions).toEqual([]);
  });

  it('finds the file header and the three nodes with their titles and extents', () => {
    expect(p.fileHeader.map((h) => [h.canonical, h.value, h.line])).toEqual([
      ['stage', 'M1', 1],
      ['channel', 'call', 2],
    ]);
    expect(p.nodes.map((n) => n.title)).toEqual(['开场', '本人-首次', '联系人-首次']);
    const [a, b, c] = p.nodes;
    expect([a.titleLine, a.headerEndLine, a.endLine]).toEqual([4, 6, 15]);
    expect([b.titleLine, b.headerEndLine, b.endLine]).toEqual([17, 19, 24]);
    expect([c.titleLine, c.headerEndLine, c.endLine]).toEqual([26, 28, 30]);
    expect(a.titleRange).toEqual(r(4, 7, 9));
    expect(a.titleLineRange).toEqual(r(4, 0, 9));
    expect(at(p, b.titleRange)).toBe('本人-首次');
  });

  it('resolves headers: the file header gives defaults, each node its own audience', () => {
    for (const n of p.nodes) {
      expect(n.props.stage?.value).toEqual({ min: 1, max: 30 });
      expect(n.props.stage?.header.line).toBe(1);
      expect(n.props.channel?.value).toBe('call');
    }
    expect(p.nodes.map((n) => n.props.audience?.value)).toEqual(['unverified', 'debtor', 'contact']);
    expect(p.nodes[0].props.audience?.header.valueRange).toEqual(r(5, 10, 20));
  });

  it('reads body lines: speakers, options, commands and the branches they sit in', () => {
    const body = p.nodes[0].body;
    expect(body.map((l) => [l.line, l.kind, l.role, l.indent])).toEqual([
      [7, 'speaker', 'agent', 0],
      [8, 'option', 'respondent', 0],
      [9, 'command', 'agent', 4],
      [10, 'option', 'respondent', 0],
      [11, 'command', 'agent', 4],
      [12, 'option', 'respondent', 0],
      [13, 'speaker', 'agent', 4],
      [14, 'command', 'agent', 4],
    ]);
    expect(body[0].label).toBe('坐席');
    expect(body[0].labelRange).toEqual(r(7, 0, 2));
    expect(body[0].text).toBe('您好,请问是{debtor_name}先生/女士吗?');
    expect(body[0].textStart).toBe(4);
    expect(body[1].label).toBe('客户');
    expect(body[1].text).toBe('是我。');
    expect(body[1].branch).toEqual([]);
    expect(body[2].branch.map((o) => o.text)).toEqual(['是我。']);
    expect(body[6].branch.map((o) => o.text)).toEqual(['你打错了。']);
    expect(body[6].text).toBe('抱歉打扰您了,祝您生活愉快,再见。');
  });

  it('reads commands with exact ranges', () => {
    const jump = p.nodes[0].body[2].command!;
    expect(jump.name).toBe('jump');
    expect(jump.arg).toBe('本人-首次');
    expect(jump.range).toEqual(r(9, 4, 18));
    expect(jump.argRange).toEqual(r(9, 11, 16));
    expect(at(p, jump.argRange)).toBe('本人-首次');
    const end = p.nodes[0].body[7].command!;
    expect([end.name, end.arg, at(p, end.range)]).toEqual(['end', '', '<<end>>']);
  });

  it('reads placeholders with their categories and exact ranges', () => {
    const [first] = p.nodes[0].body;
    expect(first.placeholders).toEqual([{ name: 'debtor_name', key: 'debtor_name', category: 'debtor', range: r(7, 10, 23) }]);
    const b = p.nodes[1].body;
    expect(b[0].placeholders.map((x) => [x.name, x.category])).toEqual([
      ['debtor_name', 'debtor'],
      ['company', 'agent'],
      ['agent_name', 'agent'],
      ['agent_id', 'agent'],
    ]);
    expect(b[1].placeholders.map((x) => [x.name, x.category])).toEqual([
      ['card_last4', 'debt'],
      ['amount', 'debt'],
      ['overdue_days', 'debt'],
    ]);
    for (const x of [...b[0].placeholders, ...b[1].placeholders]) expect(at(p, x.range)).toBe(`{${x.name}}`);
  });

  it('gives the same tree for CRLF line ends and with a BOM', () => {
    const crlf = parse('\ufeff' + FORMAT_EXAMPLE.replace(/\n/g, '\r\n'));
    expect(crlf.reports).toEqual([]);
    const shape = (q: ParsedScript) => q.nodes.map((n) => [n.title, n.titleRange, n.body.map((l) => [l.kind, l.text, l.textStart, l.placeholders.map((x) => x.range)])]);
    expect(shape(crlf)).toEqual(shape(p));
    expect(crlf.lines.every((l) => !l.includes('\r'))).toBe(true);
  });
});

describe('headers', () => {
  it('accepts full-width colons, Chinese and traditional keys, any case', () => {
    const p = parse(['標題:甲', '阶段:M2', '對象:第三方', '渠道: 上门', '时间: 09:00-11:30', '人数: 2', '角色: 孙经理=agent', '语言: zh-CN', '标签: start 首呼', 'Stage: M3', '---', '孙经理: 您好。', '==='].join('\n'));
    expect(reports(p)).toEqual([]);
    const n = p.nodes[0];
    expect(n.title).toBe('甲');
    expect(n.headers.map((h) => h.canonical)).toEqual(['stage', 'audience', 'channel', 'time', 'agents', 'speakers', 'locale', 'tags', 'stage']);
    expect(n.props.stage?.value).toEqual({ min: 61, max: 90 });
    expect(n.props.audience?.value).toBe('contact');
    expect(n.props.channel?.value).toBe('visit');
    expect(n.props.time?.value).toEqual({ start: 540, end: 690 });
    expect(n.props.agents?.value).toBe(2);
    expect(n.props.locale?.value).toBe('zh-CN');
    expect(n.props.tags?.value).toEqual(['start', '首呼']);
    expect(n.body[0].role).toBe('agent');
  });

  it('lets a node override a file-header default', () => {
    const p = parse('stage: M1\naudience: debtor\n\ntitle: 甲\n---\n坐席: 您好。\n===\n\ntitle: 乙\nstage: M4\naudience: 第三方\n---\n坐席: 您好。\n===\n');
    expect(p.nodes.map((n) => [n.props.stage?.value, n.props.audience?.value, n.props.stage?.header.line])).toEqual([
      [{ min: 1, max: 30 }, 'debtor', 0],
      [{ min: 91, max: 120 }, 'contact', 9],
    ]);
  });

  it('normalises every stage form of FORMAT.md §4.1 to days past due', () => {
    const table: [string, { min: number; max: number } | undefined][] = [
      ['M0', { min: -Infinity, max: 0 }],
      ['M1', { min: 1, max: 30 }],
      ['M3', { min: 61, max: 90 }],
      ['M12', { min: 331, max: 360 }],
      ['M3+', { min: 61, max: Infinity }],
      ['M1-M2', { min: 1, max: 60 }],
      ['M1-2', { min: 1, max: 60 }],
      ['D1-5', { min: 1, max: 5 }],
      ['D1-D5', { min: 1, max: 5 }],
      ['D31+', { min: 31, max: Infinity }],
      ['D0', { min: 0, max: 0 }],
      ['m2', { min: 31, max: 60 }],
      ['Ｍ３', { min: 61, max: 90 }],
      ['M1 - M2', { min: 1, max: 60 }],
      ['M1–M2', { min: 1, max: 60 }],
      // `~`, `至`, `到` are not §4.1 range dashes (invalid-stage), though the node keeps the range they mean
      ['M1 ~ M2', undefined],
      ['M2至M3', undefined],
      ['M2-M1', undefined],
      ['D5-1', undefined],
      ['M9x', undefined],
      ['逾期30天', undefined],
      ['', undefined],
    ];
    for (const [v, want] of table) expect(parseStage(v), v).toEqual(want);
    // (the range such a value means is the node's stage, so its stage rules still run)
    const meant = parse('title: 甲\nstage: M2至M3\naudience: debtor\n---\n坐席：您好。\n===\n').nodes[0].props.stage?.value;
    expect(meant).toEqual({ min: 31, max: 90 });
  });

  it('reads every audience alias of FORMAT.md §4.2', () => {
    const aliases: [string, string][] = [
      ['未核身', 'unverified'], ['本人', 'debtor'], ['共同借款人', 'co-borrower'], ['担保人', 'guarantor'], ['继承人', 'heir'],
      ['配偶', 'spouse'], ['家人', 'family'], ['亲属', 'family'], ['知情联系人', 'informed-contact'], ['联系人', 'contact'],
      ['第三方', 'contact'], ['单位', 'employer'], ['同事', 'employer'], ['公开', 'public'], ['Debtor', 'debtor'], ['知情聯繫人', 'informed-contact'],
    ];
    const text = aliases.map(([a], i) => `title: n${i}\nstage: M1\naudience: ${a}\n---\n坐席: 您好。\n===\n`).join('\n');
    const p = parse(text);
    expect(p.reports).toEqual([]);
    expect(p.nodes.map((n) => n.props.audience?.value)).toEqual(aliases.map(([, id]) => id));
  });

  it('declares speaker labels with speakers:, in the node or the file header', () => {
    const p = parse('角色: 老张=note\n\ntitle: 甲\nstage: M1\naudience: debtor\nspeakers: 孙经理=agent, 小王=respondent\n---\n孙经理: 您好。\n小王: 你好。\n老张: 记录。\n小李: 谁?\n===\n');
    expect(p.nodes[0].body.map((l) => [l.label, l.role])).toEqual([
      ['孙经理', 'agent'],
      ['小王', 'respondent'],
      ['老张', 'note'],
      ['小李', 'agent'],
    ]);
    expect(reports(p)).toEqual(['unknown-speaker@10:0-2 小李']);
  });
});

describe('body lines', () => {
  it('nests options by indentation, a tab counting 4 columns', () => {
    const p = parse(['title: 甲', 'stage: M1', 'audience: debtor', '---', '坐席: 您好。', '-> 客户: 一', '\t坐席: 一之后', '    -> 客户: 一一', '\t\t坐席: 一一之后', '\t-> 客户: 一二',
      '        <<end>>', '-> 客户: 二', '  坐席: 二之后', '坐席: 结束。', '==='].join('\n'));
    expect(p.reports).toEqual([]);
    const branch = p.nodes[0].body.map((l) => [l.text, l.indent, l.branch.map((o) => o.text)]);
    expect(branch).toEqual([
      ['您好。', 0, []],
      ['一', 0, []],
      ['一之后', 4, ['一']],
      ['一一', 4, ['一']],
      ['一一之后', 8, ['一', '一一']],
      ['一二', 4, ['一']],
      ['<<end>>', 8, ['一', '一二']],
      ['二', 0, []],
      ['二之后', 2, ['二']],
      ['结束。', 0, []],
    ]);
  });

  it('cuts // comments, but not inside {…} and not in a URL', () => {
    const p = parse(['title: 甲 // 开场', 'stage: M1 // 一期', 'audience: debtor', '---', '坐席: 您好{amount} // 注释 {nope}', '坐席: 链接{url//path}', '坐席: 请访问 https://pay.example.com 还款', '==='].join('\n'), 'u', {
      placeholders: { 'url//path': 'other' },
    });
    expect(p.nodes[0].title).toBe('甲');
    expect(p.nodes[0].props.stage?.raw).toBe('M1');
    expect(p.nodes[0].body.map((l) => l.text)).toEqual(['您好{amount}', '链接{url//path}', '请访问 https://pay.example.com 还款']);
    expect(p.reports).toEqual([]);
  });

  it('knows placeholders by English name, Chinese alias (traditional too) and config', () => {
    const p = parse('title: 甲\nstage: M1\naudience: debtor\n---\n坐席: {金额}{坐席姓名}{姓名}{日期}{金額}{ Amount }{repay_link}\n===\n', 'u', { placeholders: { repay_link: 'other' } });
    expect(p.nodes[0].body[0].placeholders.map((x) => x.category)).toEqual(['debt', 'agent', 'debtor', 'other', 'debt', 'debt', 'other']);
    expect(p.reports).toEqual([]);
  });

  it('does not take a time of day or a URL for a speaker label', () => {
    const p = parse('title: 甲\nstage: M1\naudience: debtor\n---\n10:30前请回电。\n10:30前请回电。\nhttps://pay.example.com\n===\n');
    expect(p.nodes[0].body.map((l) => [l.label, l.role])).toEqual([
      [undefined, 'agent'],
      [undefined, 'agent'],
      [undefined, 'agent'],
    ]);
    expect(p.reports).toEqual([]);
  });

  it('counts columns in UTF-16 units: an emoji before a finding takes two', () => {
    const text = 'title: 甲\nstage: M1\naudience: debtor\n---\n坐席: 😀你好{amout}\n===\n';
    const p = parse(text);
    expect(p.nodes[0].body[0].placeholders[0].range).toEqual(r(4, 8, 15));
    expect(reports(p)).toEqual(['unknown-placeholder@4:8-15 {amout}']);
    const f = lintText(text).filter((x) => x.ruleId === 'prefer-honorific');
    expect(f.map((x) => x.range)).toEqual([r(4, 6, 7)]);
    expect(f[0].fix?.edits).toEqual([{ range: r(4, 6, 7), newText: '您' }]);
  });

  it('parses suppression comments with kinds, ids, id ranges and reasons', () => {
    const p = parse([
      '// parley-disable-file prefer-honorific -- quoted transcript',
      'title: 甲',
      'stage: M1',
      'audience: debtor',
      '---',
      '// parley-disable-next-line premature-legal-threat, apology-wording -- approved by compliance, ticket 1234',
      '坐席: 您好。',
      '  // parley-disable third-party-collection',
      '// parley-enable third-party-collection',
      '// parley-disable-next-line —— 中文破折号',
      '坐席: 您好。',
      '===',
    ].join('\n'));
    expect(p.suppressions.map((s) => [s.kind, s.line, s.rules.map((x) => x.id), s.reason])).toEqual([
      ['file', 0, ['prefer-honorific'], 'quoted transcript'],
      ['next-line', 5, ['premature-legal-threat', 'apology-wording'], 'approved by compliance, ticket 1234'],
      ['disable', 7, ['third-party-collection'], undefined],
      ['enable', 8, ['third-party-collection'], undefined],
      ['next-line', 9, [], '中文破折号'],
    ]);
    const s = p.suppressions[1];
    expect(s.rules.map((x) => at(p, x.range))).toEqual(['premature-legal-threat', 'apology-wording']);
    expect(s.rules[0].range).toEqual(r(5, 28, 50));
    expect(p.suppressions[2].range).toEqual(r(7, 2, 42));
    expect(p.reports).toEqual([]);
  });
});

describe('what a Chinese input method types (FORMAT §2, v1.1)', () => {
  // Simplified → traditional, character by character as Taiwan and Hong Kong write them (their own words, 聯絡人 for 联系人, are tested below).
  const toTraditional = [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'hk' })];
  const traditional = (s: string) => [...new Set(toTraditional.map((f) => f(s)))];
  const node = (header: string, ...body: string[]) => `title: 甲\n${header}\n---\n${body.join('\n')}\n===\n`;

  const IME = [
    '阶段：Ｍ１',
    '時間：０９：００－１８：００',
    '人數：２',
    '',
    '標題：開場',
    '對象：聯絡人',
    '－－－',
    '坐席：您好，請轉告他回電｛回電號碼｝，您尾號｛ ａｍｏｕｎｔ ｝。',
    '－＞ 客戶：是我。',
    '    《《jump 本人》》',
    '-》 客戶：不是。',
    '    ＜＜ＥＮＤ＞＞',
    '坐席：请阅读《还款须知》。',
    '＝＝＝',
    '',
    '標題：本人',
    '對象：本人',
    '---',
    '坐席：好的。',
    '===',
  ].join('\n');
  const p = parse(IME);

  it('reads full-width stage, time, agents and traditional keys and values without a report', () => {
    expect(reports(p)).toEqual([]);
    const [a, b] = p.nodes;
    expect(a.title).toBe('開場');
    expect([a.headerEndLine, a.endLine, b.titleLine]).toEqual([6, 13, 15]);
    expect(a.props.stage?.value).toEqual({ min: 1, max: 30 });
    expect(a.props.time?.value).toEqual({ start: 540, end: 1080 });
    expect(a.props.agents?.value).toBe(2);
    expect(a.props.audience?.value).toBe('contact');
    expect(b.props.audience?.value).toBe('debtor');
    expect(parseStage('M１')).toEqual({ min: 1, max: 30 });
    expect(parseStage('Ｍ1-Ｍ２')).toEqual({ min: 1, max: 60 });
  });

  it('full-width braces are placeholders: the name as written, its table entry and category, the range on the braces', () => {
    const [line] = p.nodes[0].body;
    expect(line.text).toBe('您好，請轉告他回電｛回電號碼｝，您尾號｛ ａｍｏｕｎｔ ｝。');
    expect(line.placeholders.map((x) => [x.name, x.key, x.category, at(p, x.range)])).toEqual([
      ['回電號碼', '回电号码', 'agent', '｛回電號碼｝'],
      ['ａｍｏｕｎｔ', 'amount', 'debt', '｛ ａｍｏｕｎｔ ｝'],
    ]);
  });

  it('《《…》》 and ＜＜…＞＞ are commands, －＞ and -》 are options; a single 《…》 is text', () => {
    const body = p.nodes[0].body;
    expect(body.map((l) => [l.kind, l.label, l.role, l.text, l.command?.name, l.command?.arg, l.branch.length])).toEqual([
      ['speaker', '坐席', 'agent', body[0].text, undefined, undefined, 0],
      ['option', '客戶', 'respondent', '是我。', undefined, undefined, 0],
      ['command', undefined, 'agent', '《《jump 本人》》', 'jump', '本人', 1],
      ['option', '客戶', 'respondent', '不是。', undefined, undefined, 0],
      ['command', undefined, 'agent', '＜＜ＥＮＤ＞＞', 'end', '', 1],
      ['speaker', '坐席', 'agent', '请阅读《还款须知》。', undefined, undefined, 0],
    ]);
    expect(body[2].command!.range).toEqual(r(9, 4, 15));
    expect(at(p, body[2].command!.argRange)).toBe('本人');
  });

  it('reports IME forms like ASCII ones: unterminated, unknown, and a title holding 《《', () => {
    const q = parse(['title: 甲', 'stage: M1', 'audience: debtor', '---', '《《jump 乙', '＜＜wait＞＞', '坐席：金额｛amount', '坐席：您好《《', '===', '', 'title: 《《乙》》', 'stage: M1', 'audience: debtor', '---', '===', ''].join('\n'));
    expect(reports(q)).toEqual([
      'syntax-error@4:0-8 《《jump 乙',
      'unknown-command@5:0-8 ＜＜wait＞＞',
      'syntax-error@6:5-12 ｛amount',
      'syntax-error@7:5-7 《《',
      'syntax-error@10:7-12 《《乙》》',
    ]);
  });

  it('every audience, channel, key, speaker label and placeholder alias is read in traditional characters too', () => {
    for (const a of AUDIENCES) {
      for (const zh of a.zh) for (const t of traditional(zh)) expect([t, parseAudience(t)?.id]).toEqual([t, a.id]);
    }
    for (const [name, id] of Object.entries(CHANNELS)) for (const t of traditional(name)) expect([t, parseChannel(t)]).toEqual([t, id]);
    for (const [name, key] of Object.entries(HEADER_KEYS)) for (const t of traditional(name)) expect([t, headerKey(t)]).toEqual([t, key]);
    const labels = Object.entries(BUILTIN_SPEAKERS).flatMap(([name, role]) => traditional(name).map((t) => [t, role]));
    const q = parse(node('stage: M1\naudience: debtor', ...labels.map(([t]) => `${t}：好的。`)));
    expect(reports(q)).toEqual([]);
    expect(q.nodes[0].body.map((l) => [l.label, l.role])).toEqual(labels);
    const names = Object.entries(BUILTIN_PLACEHOLDERS).flatMap(([name, cat]) => traditional(name).map((t) => [t, cat]));
    const ph = parse(node('stage: M1\naudience: debtor', names.map(([t]) => `｛${t}｝`).join('')));
    expect(reports(ph)).toEqual([]);
    expect(ph.nodes[0].body[0].placeholders.map((x) => [x.name, x.category])).toEqual(names);
  });

  it('Taiwan and Hong Kong words that fold to another word: 聯絡人 (FORMAT §2 gives it), 知情聯絡人, 帳號後四位', () => {
    expect(parseAudience('聯絡人')?.id).toBe('contact');
    expect(parseAudience('知情聯絡人')?.id).toBe('informed-contact');
    const q = parse(node('stage: M1\naudience: debtor', '聯絡人：好的。', '坐席：您帳號後四位{帳號後四位}、賬號後四位{賬號後四位}。'));
    expect(reports(q)).toEqual([]);
    expect(q.nodes[0].body[0].role).toBe('respondent');
    expect(q.nodes[0].body[1].placeholders.map((x) => [x.key, x.category])).toEqual([['账号后四位', 'debt'], ['账号后四位', 'debt']]);
  });

  it('local words that are not the traditional form of an alias are rejected with a did-you-mean (FORMAT §2: traditional characters, not every word)', () => {
    // 保證人 is Taiwan's everyday word for a guarantor (担保人 is 擔保人 in traditional characters);
    // 簡訊 / 短訊 / 電郵 are Taiwan's and Hong Kong's words for SMS and e-mail (短信, 郵件).
    for (const t of ['保證人', '保证人', '連帶保證人', '緊急聯絡人', '屋企人']) expect([t, parseAudience(t)]).toEqual([t, undefined]);
    for (const t of ['簡訊', '短訊', '電郵', '訊息', 'LINE']) expect([t, parseChannel(t)]).toEqual([t, undefined]);
    const q = parse(['標題：甲', '階段：M2', '對象：保證人', '渠道：簡訊', '---', '坐席：您好。', '===', '', '標題：乙', '階段：M2', '對象：緊急聯絡人', '渠道：電郵', '---', '坐席：您好。', '==='].join('\n'));
    expect(q.reports.map((x) => [x.ruleId, x.messageId, x.range.start.line, x.suggestions?.map((g) => g.newText)])).toEqual([
      ['invalid-audience', 'unknown-guess', 2, ['guarantor']],
      ['invalid-header-value', 'channel-guess', 3, ['sms']],
      ['invalid-audience', 'unknown-guess', 10, ['contact']],
      ['invalid-header-value', 'channel-guess', 11, ['email']],
    ]);
    expect(q.nodes.map((n) => [n.props.audience?.value, n.props.channel?.value])).toEqual([[undefined, undefined], [undefined, undefined]]);
  });

  it('agents is an integer in digits (ASCII or full-width); Chinese numerals and counters are rejected with the number as a did-you-mean', () => {
    for (const [v, n] of [['2', 2], ['２', 2], [' 3 ', 3], ['１２', 12]] as const) expect([v, parseAgents(v)]).toEqual([v, n]);
    for (const v of ['兩人', '两人', '二', '2人', '3名', '两位', '三個人', '十二', 'two', '0', '']) expect([v, parseAgents(v)]).toEqual([v, undefined]);
    const table: [string, string | undefined][] = [
      ['兩人', '2'], ['两人', '2'], ['二', '2'], ['2人', '2'], ['３名', '3'], ['兩位', '2'], ['三個人', '3'], ['十', '10'], ['十二', '12'], ['二十', '20'], ['九十九', '99'],
      ['two', undefined], ['0人', undefined], ['两十', undefined], ['很多', undefined],
    ];
    for (const [v, want] of table) expect([v, suggestAgents(v)]).toEqual([v, want]);
    const q = parse(['標題：外訪', '階段：M2', '對象：本人', '渠道：上門', '人數：兩人', '---', '坐席：您好。', '==='].join('\n'));
    expect(q.reports.map((x) => [x.ruleId, x.messageId, x.data, x.suggestions?.map((g) => g.newText)])).toEqual([
      ['invalid-header-value', 'agents-guess', { key: '人數', value: '兩人', guess: '2' }, ['2']],
    ]);
    expect(q.nodes[0].props.agents?.value).toBeUndefined();
  });

  it('an ideographic space indents by 2 (two of them nest like four spaces); a full-width locale is read', () => {
    const q = parse(['title: 甲', 'stage: M1', 'audience: debtor', 'locale: ｚｈ－ＴＷ', '---', '－＞ 客戶：是我。', '\u3000\u3000坐席：好的。', '\u3000\u3000《《end》》', '坐席：再见。', '==='].join('\n'));
    expect(reports(q)).toEqual([]);
    expect(q.nodes[0].props.locale?.value).toBe('zh-TW');
    expect(q.nodes[0].body.map((l) => [l.text, l.indent, l.branch.map((o) => o.text)])).toEqual([
      ['是我。', 0, []],
      ['好的。', 4, ['是我。']],
      ['《《end》》', 4, ['是我。']],
      ['再见。', 0, []],
    ]);
  });

  it('full-width separators, comments and suppressions; the reason as written', () => {
    const q = parse(['title: 甲', 'stage: M1', 'audience: debtor', '－－－', '坐席：您好。／／ 注释', '／／ parley-disable-next-line prefer-honorific -- 引用，合规已审', '坐席：好的。', '＝＝＝'].join('\n'));
    expect(reports(q)).toEqual([]);
    expect(q.nodes[0].body.map((l) => l.text)).toEqual(['您好。', '好的。']);
    expect(q.suppressions.map((x) => [x.kind, x.rules.map((y) => y.id), x.reason])).toEqual([['next-line', ['prefer-honorific'], '引用，合规已审']]);
  });
});

describe('written channels: text before a colon is a label only if known (FORMAT §5, v1.1)', () => {
  const N = (...lines: string[]) => lines.join('\n') + '\n';
  it('in sms, letter, im and email nodes 温馨提示：… is the message; known and declared labels are labels', () => {
    for (const channel of ['sms', 'letter', 'im', 'email', '短信', '信函', '微信', '郵件']) {
      const p = parse(N('title: 甲', 'stage: M1', 'audience: debtor', `channel: ${channel}`, 'speakers: 小美=agent', '---', '温馨提示：请按时还款。', '尊敬的客户：您好。', '客戶：好的。', '小美：您好。', '对象：家人', '==='));
      expect([channel, reports(p)]).toEqual([channel, []]);
      expect(p.nodes[0].body.map((l) => [l.label, l.role, l.text])).toEqual([
        [undefined, 'agent', '温馨提示：请按时还款。'],
        [undefined, 'agent', '尊敬的客户：您好。'],
        ['客戶', 'respondent', '好的。'],
        ['小美', 'agent', '您好。'],
        [undefined, 'agent', '对象：家人'],
      ]);
    }
  });

  it('the channel may come from the file header; in a call or a visit, or with no channel, an unknown label is reported', () => {
    const p = parse(N('渠道：短信', '', 'title: 甲', 'stage: M1', 'audience: debtor', '---', '温馨提示：请按时还款。', '===', '', 'title: 乙', 'stage: M1', 'audience: debtor', 'channel: call', '---', '温馨提示：请按时还款。', '==='));
    expect(reports(p)).toEqual(['unknown-speaker@14:0-4 温馨提示']);
    const q = parse(N('title: 甲', 'stage: M1', 'audience: debtor', '---', '温馨提示：请按时还款。', '==='));
    expect(reports(q)).toEqual(['unknown-speaker@4:0-4 温馨提示']);
  });
});

describe('broken input', () => {
  const N = (...lines: string[]) => lines.join('\n') + '\n';

  it('a node without ---: reported on the title line, the body still read', () => {
    const p = parse(N('title: 缺分隔', 'stage: M1', 'audience: debtor', '坐席: 你好。', '-> 客户: 是我。', '==='));
    expect(reports(p)).toEqual(['syntax-error@0:0-10 title: 缺分隔']);
    expect(p.nodes[0].body.map((l) => l.kind)).toEqual(['speaker', 'option']);
    expect(p.nodes[0].props.audience?.value).toBe('debtor');
    expect(lintText(N('title: 缺分隔', 'stage: M1', 'audience: debtor', '坐席: 你好。', '===')).map((f) => f.ruleId)).toContain('prefer-honorific');
  });

  it('a node without ===: reported on its title line, the next node still read', () => {
    const p = parse(N('title: 甲', 'stage: M1', 'audience: debtor', '---', '坐席: 您好。', '', 'title: 乙', 'stage: M1', 'audience: debtor', '---', '坐席: 您好。'));
    expect(reports(p)).toEqual(['syntax-error@0:0-8 title: 甲', 'syntax-error@6:0-8 title: 乙']);
    expect(p.nodes.map((n) => [n.title, n.body.length])).toEqual([
      ['甲', 1],
      ['乙', 1],
    ]);
  });

  it('mistyped separators, stray lines, text outside nodes, header lines in a body', () => {
    const p = parse(N('坐席: 开头', 'title: 甲', 'stage: M1', 'audience: debtor', '----', '坐席: 您好。', '    audience: contact', 'stage: M2', '====', '---', '外面的话', 'stage: M3'));
    expect(reports(p)).toEqual([
      'syntax-error@0:0-6 坐席: 开头',
      'syntax-error@4:0-4 ----',
      'syntax-error@6:4-21 audience: contact',
      'syntax-error@7:0-9 stage: M2',
      'syntax-error@8:0-4 ====',
      'syntax-error@9:0-3 ---',
      'syntax-error@10:0-4 外面的话',
      'syntax-error@11:0-9 stage: M3',
    ]);
    expect(p.nodes[0].props.stage?.value).toEqual({ min: 1, max: 30 });
  });

  it('unterminated placeholders and commands, bad commands', () => {
    const p = parse(N('title: 甲', 'stage: M1', 'audience: debtor', '---', '坐席: 您好{debtor_name', '<<jump 乙', '<<jump>>', '<<end 乙>>', '<<end>> 再见', '<<wait 3>>', '坐席: 好 <<jump 乙', '==='));
    expect(reports(p)).toEqual([
      'syntax-error@4:6-18 {debtor_name',
      'syntax-error@5:0-8 <<jump 乙',
      'syntax-error@6:0-8 <<jump>>',
      'syntax-error@7:6-7 乙',
      'syntax-error@8:8-10 再见',
      'unknown-command@9:0-10 <<wait 3>>',
      'syntax-error@10:6-14 <<jump 乙',
    ]);
  });

  it('header problems are reported on the key or the value', () => {
    const p = parse(N('colour: red', 'title: 甲', 'stag: M1', 'stage: M9x', 'audience: debtr', 'channel: phone', 'time: 9点', 'agents: two', 'speakers: 孙经理', 'locale: 中文', 'tags start', '---', '坐席: 您好。', '==='));
    expect(reports(p)).toEqual([
      'unknown-header@0:0-6 colour',
      'unknown-header@2:0-4 stag',
      'invalid-stage@3:7-10 M9x',
      'invalid-audience@4:10-15 debtr',
      'invalid-header-value@5:9-14 phone',
      'invalid-header-value@6:6-8 9点',
      'invalid-header-value@7:8-11 two',
      'invalid-header-value@8:10-13 孙经理',
      'invalid-header-value@9:8-10 中文',
      'syntax-error@10:0-10 tags start',
    ]);
    expect(p.reports.find((x) => x.ruleId === 'unknown-header' && x.range.start.line === 2)!.data?.guess).toBe('stage');
    expect(p.reports.find((x) => x.ruleId === 'invalid-audience')!.data?.guess).toBe('debtor');
  });

  it('did-you-mean for placeholders and jumps', () => {
    const text = N('title: 本人-首次', 'stage: M1', 'audience: debtor', '---', '坐席: 您的{amout}元。', '<<jump 本人-首>>', '===');
    const f = lintText(text).filter((x) => x.ruleId === 'unknown-placeholder' || x.ruleId === 'undefined-jump');
    expect(f.map((x) => [x.ruleId, x.range])).toEqual([
      ['unknown-placeholder', r(4, 6, 13)],
      ['undefined-jump', r(5, 7, 11)],
    ]);
    expect(f[0].message).toContain('{amount}');
    expect(f[1].message).toContain('本人-首次');
  });

  it('never throws, and every report range lies inside the text', () => {
    const tokens = ['title: ', '标题:', 'stage: ', 'M1', 'M', 'audience: ', 'debtor', '---', '===', '\n', '\r\n', '\r', '\t', '    ', '-> ', '坐席: ', '客户:', '{', '}', '{amount}',
      '<<', '>>', '<<jump ', '<<end>>', '// ', '// parley-disable-next-line ', '// parley-enable', ' -- ', ',', '你', '😀', '\ufeff', ':', ':', 'x', '=', 'speakers: a=agent'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const p = parse(text);
        for (const x of p.reports) {
          const line = p.lines[x.range.start.line];
          expect(line, JSON.stringify(text)).toBeDefined();
          expect(x.range.start.character).toBeLessThanOrEqual(x.range.end.character);
          expect(x.range.end.character).toBeLessThanOrEqual(p.lines[x.range.end.line].length);
        }
        expect(() => lintText(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
