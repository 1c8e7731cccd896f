/**
 * Locale zh-TW: Parley's own texts in Traditional Chinese, Taiwan forms, from the table
 * core/data/zh-tw.json (opencc-js's cn → tw conversion cut down to what those texts use, written by
 * scripts/gen-zh-tw-table.mjs). The table must be current, and every text must convert exactly as
 * opencc converts it; what a finding quotes from the script stays as written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText, RULES } from '../../server/src/core';
import { resolveConfig } from '../../server/src/core/config';
import { CORE_MESSAGES, editorLocale, fill, parseLocale, pick, tr } from '../../server/src/core/messages';
import { FILE_PROBLEMS } from '../../server/src/core/file-problems';
import { toTraditional } from '../../server/src/core/zh-tw';
import { opencc, sourceTexts, table } from '../../scripts/gen-zh-tw-table.mjs';
import { ROOT } from '../helpers/cli';

const TABLE_FILE = path.join(ROOT, 'server', 'src', 'core', 'data', 'zh-tw.json');
const convert = opencc();

describe('the zh-TW table', () => {
  it('is what scripts/gen-zh-tw-table.mjs writes from the sources (run it if not)', async () => {
    expect(JSON.parse(fs.readFileSync(TABLE_FILE, 'utf8'))).toEqual(await table());
  });

  it('converts every Chinese text of the sources as opencc-js (cn → tw) does', () => {
    const texts = sourceTexts();
    expect(texts.length).toBeGreaterThan(500);
    const wrong = texts.filter((t) => toTraditional(t) !== convert(t));
    expect(wrong).toEqual([]);
    // Not the identity: most texts change.
    expect(texts.filter((t) => toTraditional(t) !== t).length).toBeGreaterThan(texts.length / 2);
  });

  it('converts every rule message, description and core text (the catalogue the findings use)', () => {
    const templates = [
      ...RULES.flatMap((r) => [r.meta.description, ...Object.values(r.meta.messages ?? {})]),
      ...FILE_PROBLEMS.flatMap((p) => [p.description, ...Object.values(p.messages)]),
      ...Object.values(CORE_MESSAGES),
    ];
    expect(templates.length).toBeGreaterThan(100);
    for (const t of templates) expect(pick(t, 'zh-TW'), t.zh).toBe(convert(t.zh));
  });

  it('stays small: the table is a few kilobytes, not opencc’s dictionaries', () => {
    expect(fs.statSync(TABLE_FILE).size).toBeLessThan(16 * 1024);
  });

  it('keeps template slots and ASCII as they are', () => {
    expect(toTraditional('改为「{{text}}」：请用 {callback_number}')).toBe('改為「{{text}}」：請用 {callback_number}');
    expect(tr('zh-TW', '设置', 'Settings')).toBe('設置');
    expect(tr('zh', '设置', 'Settings')).toBe('设置');
    expect(tr('en', '设置', 'Settings')).toBe('Settings');
  });
});

describe('choosing the locale', () => {
  it('Traditional Chinese tags and names give zh-TW; other Chinese gives zh', () => {
    for (const v of ['zh-TW', 'zh-tw', 'zh_TW', 'zh-HK', 'zh-hk', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', '繁體中文']) expect(parseLocale(v), v).toBe('zh-TW');
    for (const v of ['zh', 'zh-CN', 'zh-cn', 'zh_CN', 'zh-SG', 'zh-Hans', '中文']) expect(parseLocale(v), v).toBe('zh');
    for (const v of ['en', 'en-US', 'en_GB']) expect(parseLocale(v), v).toBe('en');
    expect(parseLocale('fr')).toBeUndefined();
    // An editor's display language: VS Code sends zh-tw for Traditional Chinese.
    expect(editorLocale('zh-tw')).toBe('zh-TW');
    expect(editorLocale('zh-cn')).toBe('zh');
    expect(editorLocale('de')).toBe('en');
  });
});

describe('findings in zh-TW', () => {
  const SCRIPT = ['stage: M1', 'channel: call', '', 'title: 开场', 'audience: debtor', '---', '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '坐席: 你这个老赖,欠钱不还是犯法的,请问您今天几点方便处理?', '==='].join('\n') + '\n';
  const zh = lintText(SCRIPT, 'a.parley', resolveConfig({}, undefined, 'zh'));
  const tw = lintText(SCRIPT, 'a.parley', resolveConfig({}, undefined, 'zh-TW'));

  it('the same findings, each message its Simplified template converted and the data filled in as written', () => {
    expect(tw.map((f) => [f.ruleId, f.range])).toEqual(zh.map((f) => [f.ruleId, f.range]));
    expect(tw.length).toBeGreaterThan(2);
    for (const f of tw) {
      const rule = RULES.find((r) => r.meta.id === f.ruleId);
      const template = rule?.meta.messages?.[f.messageId!];
      if (!template) continue;
      expect(f.message).toBe(fill(convert(template.zh), f.data, 'zh-TW'));
    }
  });

  it('quotes the script as written: 老赖 stays 老赖 (the template around it is Traditional)', () => {
    const abuse = tw.find((f) => f.ruleId === 'abusive-language')!;
    expect(abuse.message).toContain('「老赖」');
    expect(abuse.message).not.toContain('老賴');
    expect(abuse.message).toBe(fill(convert(RULES.find((r) => r.meta.id === 'abusive-language')!.meta.messages![abuse.messageId!].zh), abuse.data, 'zh-TW'));
    expect(abuse.message).not.toBe(zh.find((f) => f.ruleId === 'abusive-language')!.message);
  });

  it('quick fix and suggestion titles are Traditional; the text they insert is unchanged', () => {
    const threat = tw.find((f) => f.ruleId === 'criminal-threat')!;
    expect(threat.suggestions!.map((s) => [s.title, s.edits[0].newText])).toEqual([['改用安全說法「违约」', '违约']]);
    const you = tw.find((f) => f.ruleId === 'prefer-honorific')!;
    expect(you.fix!.edits[0].newText).toBe('您');
  });

  it('zh and en are unchanged', () => {
    expect(zh.find((f) => f.ruleId === 'criminal-threat')!.message).toMatch(/^刑事恐吓/);
    expect(lintText(SCRIPT, 'a.parley', resolveConfig({}, undefined, 'en')).find((f) => f.ruleId === 'criminal-threat')!.message).not.toMatch(/[\u4e00-\u9fff](?![^「“"]*[」”"])/);
  });
});
