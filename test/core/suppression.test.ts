/**
 * Suppression comments (FORMAT.md §6): each kind suppresses exactly its scope; a suppression that
 * suppresses nothing is `unused-disable`, one without `-- reason` is `disable-without-reason`; the
 * config's severities (including "off") are respected.
 */
import { describe, expect, it } from 'vitest';
import { lintText, resolveConfig, type ResolvedConfig } from '../../server/src/core';

/** A debtor node whose body is `body`; line numbers in results are 1-based. */
function script(body: string[], before: string[] = []): string {
  return [...before, 'title: 甲', 'stage: M2', 'audience: debtor', '---', ...body, '==='].join('\n') + '\n';
}
/** `line:rule` for the findings of the given rules (default: the two wording rules and the meta rules). */
function found(text: string, config?: ResolvedConfig, rules = ['prefer-honorific', 'apology-wording', 'unused-disable', 'disable-without-reason']): string[] {
  return lintText(text, 'case.parley', config)
    .filter((f) => rules.includes(f.ruleId))
    .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
}
const YOU = '坐席: 你好。'; // one prefer-honorific finding
const SORRY = '坐席: 对不起。'; // one apology-wording finding
const R = ' -- 复述客户原话';

describe('disable-next-line', () => {
  it('suppresses the next line only', () => {
    expect(found(script([`// parley-disable-next-line prefer-honorific${R}`, YOU, YOU]))).toEqual(['7:prefer-honorific']);
  });
  it('skips blank and comment lines to find the next line', () => {
    expect(found(script([`// parley-disable-next-line prefer-honorific${R}`, '', '// 说明', YOU, YOU]))).toEqual(['9:prefer-honorific']);
  });
  it('suppresses only the rules it lists', () => {
    expect(found(script([`// parley-disable-next-line apology-wording${R}`, '坐席: 对不起,你好。']))).toEqual(['6:prefer-honorific']);
  });
  it('lists several ids, comma-separated (ASCII or full-width comma)', () => {
    expect(found(script([`// parley-disable-next-line prefer-honorific, apology-wording${R}`, '坐席: 对不起,你好。']))).toEqual([]);
    expect(found(script([`// parley-disable-next-line prefer-honorific,apology-wording${R}`, '坐席: 对不起,你好。']))).toEqual([]);
  });
  it('with no ids suppresses every rule on that line', () => {
    expect(found(script([`// parley-disable-next-line${R}`, '坐席: 对不起,你好。', YOU]))).toEqual(['7:prefer-honorific']);
  });
  it('works for node rules reported on the title line', () => {
    const body = ['坐席: 您的账单逾期了。', '坐席: 今天处理。', '坐席: 几点?'];
    expect(found(script(body), undefined, ['missing-courtesy'])).toEqual(['1:missing-courtesy']);
    expect(found(script(body, [`// parley-disable-next-line missing-courtesy${R}`]), undefined, ['missing-courtesy', 'unused-disable'])).toEqual([]);
  });
});

describe('disable … enable', () => {
  it('suppresses the lines between, not before or after', () => {
    expect(found(script([YOU, `// parley-disable prefer-honorific${R}`, YOU, '-> 客户: 嗯。', `    ${YOU}`, '// parley-enable prefer-honorific', YOU]))).toEqual([
      '5:prefer-honorific',
      '11:prefer-honorific',
    ]);
  });
  it('without an enable runs to the end of the file', () => {
    expect(found(script([`// parley-disable prefer-honorific${R}`, YOU]) + '\n' + script([YOU]))).toEqual([]);
  });
  it('enable with ids ends only those ids; enable alone ends every open disable', () => {
    const text = script([`// parley-disable prefer-honorific, apology-wording${R}`, '坐席: 对不起,你好。', '// parley-enable apology-wording', '坐席: 对不起,你好。', '// parley-enable', '坐席: 对不起,你好。']);
    expect(found(text)).toEqual(['8:apology-wording', '10:apology-wording', '10:prefer-honorific']);
  });
  it('a disable of every rule can be re-enabled for one rule', () => {
    const text = script([`// parley-disable${R}`, '坐席: 对不起,你好。', '// parley-enable prefer-honorific', '坐席: 对不起,你好。']);
    expect(found(text)).toEqual(['8:prefer-honorific']);
  });
});

describe('disable-file', () => {
  it('suppresses the whole file, lines before the comment too', () => {
    expect(found(script([YOU, SORRY, `// parley-disable-file prefer-honorific${R}`, YOU]))).toEqual(['6:apology-wording']);
  });
});

describe('unused-disable', () => {
  it('reports each listed id that suppressed nothing, on the id', () => {
    const text = script([`// parley-disable-next-line prefer-honorific, apology-wording${R}`, YOU]);
    const f = lintText(text).filter((x) => x.ruleId === 'unused-disable');
    expect(f.map((x) => [x.range.start.line, x.range.start.character, x.range.end.character])).toEqual([[4, 46, 61]]);
    expect(text.split('\n')[4].slice(46, 61)).toBe('apology-wording');
  });
  it('reports a comment with no ids on the whole comment', () => {
    const text = script([`// parley-disable-next-line${R}`, '坐席: 您好。']);
    const f = lintText(text).filter((x) => x.ruleId === 'unused-disable');
    expect(f.map((x) => x.range)).toEqual([{ start: { line: 4, character: 0 }, end: { line: 4, character: text.split('\n')[4].length } }]);
  });
  it('reports unknown rule ids with a did-you-mean', () => {
    const f = lintText(script([`// parley-disable-next-line prefer-honorfic${R}`, YOU])).filter((x) => x.ruleId === 'unused-disable');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('prefer-honorific');
  });
  it('reports a disable whose scope was ended before any finding', () => {
    expect(found(script([`// parley-disable prefer-honorific${R}`, '// parley-enable prefer-honorific', YOU]))).toEqual(['5:unused-disable', '7:prefer-honorific']);
  });
  it('reports a directive that is none of the four, which suppresses nothing and needs no reason', () => {
    const text = script(['// parley-disable-line prefer-honorific', YOU]);
    const f = lintText(text).filter((x) => ['unused-disable', 'disable-without-reason', 'prefer-honorific'].includes(x.ruleId));
    expect(f.map((x) => `${x.range.start.line + 1}:${x.ruleId}:${text.split('\n')[x.range.start.line].slice(x.range.start.character, x.range.end.character)}`)).toEqual([
      '5:unused-disable:parley-disable-line',
      '6:prefer-honorific:你',
    ]);
    expect(f[0].message).toContain('parley-disable-next-line');
  });
  it('is reported even under another next-line directive: comment lines are never its target', () => {
    // line 5 (no ids) applies to line 7 and suppresses 你 there; line 6 suppresses nothing.
    expect(found(script([`// parley-disable-next-line${R}`, `// parley-disable-next-line apology-wording${R}`, YOU]))).toEqual(['6:unused-disable']);
  });
});

describe('disable-without-reason', () => {
  it('reports a suppression without -- reason, or with an empty one, on the whole comment', () => {
    const text = script(['// parley-disable-next-line prefer-honorific', YOU, '// parley-disable-next-line prefer-honorific --', YOU]);
    const f = lintText(text).filter((x) => x.ruleId === 'disable-without-reason');
    expect(f.map((x) => [x.range.start.line, x.range.start.character, x.range.end.character])).toEqual([
      [4, 0, 44],
      [6, 0, 47],
    ]);
    expect(f.every((x) => x.severity === 'info')).toBe(true);
  });
  it('does not ask a parley-enable line for a reason', () => {
    expect(found(script([`// parley-disable prefer-honorific${R}`, YOU, '// parley-enable prefer-honorific']))).toEqual([]);
  });
  it('accepts the Chinese dash —— before the reason', () => {
    expect(found(script(['// parley-disable-next-line prefer-honorific —— 复述原话', YOU]))).toEqual([]);
  });
});

describe('configuration', () => {
  const unusedAndReasonless = script(['// parley-disable-next-line apology-wording', YOU]);
  it('reports both meta rules by default', () => {
    expect(found(unusedAndReasonless)).toEqual(['5:disable-without-reason', '5:unused-disable', '6:prefer-honorific']);
  });
  it('respects "off" for unused-disable and disable-without-reason', () => {
    expect(found(unusedAndReasonless, resolveConfig({ rules: { 'unused-disable': 'off', 'disable-without-reason': 'off' } }))).toEqual(['6:prefer-honorific']);
  });
  it('respects severities for the meta rules', () => {
    const f = lintText(unusedAndReasonless, 'case.parley', resolveConfig({ rules: { 'unused-disable': 'error', 'disable-without-reason': 'warning' } }));
    expect(f.filter((x) => x.ruleId === 'unused-disable').map((x) => x.severity)).toEqual(['error']);
    expect(f.filter((x) => x.ruleId === 'disable-without-reason').map((x) => x.severity)).toEqual(['warning']);
  });
  it('a rule turned off reports nothing, and its suppressions are not called unused', () => {
    const text = script([`// parley-disable-next-line prefer-honorific${R}`, '坐席: 您好。', YOU]);
    expect(found(text)).toEqual(['5:unused-disable', '7:prefer-honorific']);
    expect(found(text, resolveConfig({ rules: { 'prefer-honorific': 'off' } }))).toEqual([]);
  });
});
