/**
 * The TextMate grammar (syntaxes/parley.tmLanguage.json) tokenized by the engine VS Code itself
 * uses. vscode-textmate/vscode-oniguruma come from node_modules or from the code-server install
 * (.e2e/); without either the test is skipped with the reason (a failure with PARLEY_E2E_REQUIRED=1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js/cn2t';
import { AUDIENCES, BUILTIN_SPEAKERS, CHANNELS, HEADER_KEYS } from '../../server/src/core/vocabulary';
import { findTextMate, loadTokenizer, scopesOf, type Token } from './textmate';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'shared', 'examples');
const engine = findTextMate();
const required = process.env.PARLEY_E2E_REQUIRED === '1';

/** The innermost scope of `needle` on the given line of `text`. */
function innermost(lines: Token[][], line: number, needle: string): string {
  const s = scopesOf(lines[line], needle);
  if (!s) throw new Error(`"${needle}" not found on line ${line + 1}: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return s[s.length - 1];
}
function all(lines: Token[][], line: number, needle: string): string[] {
  return scopesOf(lines[line], needle) ?? [];
}

const SAMPLE = `// 文件头注释
阶段: M1-M2
渠道:电话
Time: 09:00-11:30
speakers: 王经理=agent, 小李=respondent
tags: start 首呼

标题: 开场
对象: 未核身
agents: 2
locale: zh-CN
colour: red
---
坐席: 您好,请问是{debtor_name}先生吗? // 行尾注释
客户: 是我。
备注: 语气放慢
孙经理: 我来说。
-> 客户: 是我。
    <<jump 本人-首次>>
-> 你打错了
    <<end>>
<<wait 3>>
坐席: 网址 {url//x} 不是注释
// parley-disable-next-line prefer-honorific, apology-wording -- 引用原话,合规已审
// parley-disable third-party-collection
===

title: 本人-首次
audience: debtor
stage: D31+
---
agent: Hello {amount}
===
`;

/** The same kinds of lines as an input method in Chinese mode types them, in traditional characters. */
const IME_SAMPLE = `階段：Ｍ１
渠道：短信
時間：０９：００－１８：００
人數：２

標題：開場
對象：聯絡人
－－－
催收員：您好，您的｛金額｝元已到期。／／ 行尾
－＞ 客戶：是我。
    《《jump 本人》》
-》 聯絡人：他不在。
    ＜＜end＞＞
備註：语气放慢
坐席：请阅读《还款须知》。
＝＝＝

標題：本人
對象：本人
---
坐席：好的。
===
`;

if (!engine && !required) {
  describe('TextMate grammar source.parley', () => {
    it.skip('skipped: vscode-textmate is not available (add vscode-textmate + vscode-oniguruma, or run scripts/install-code-server.sh)', () => {});
  });
} else describe('TextMate grammar source.parley', () => {
  let lines: Token[][];
  let tokenize: (text: string) => Token[][];
  beforeAll(async () => {
    if (!engine) throw new Error('vscode-textmate is not available (npm i -D vscode-textmate vscode-oniguruma, or run scripts/install-code-server.sh)');
    tokenize = await loadTokenizer(engine);
    lines = tokenize(SAMPLE);
  });

  it('comments, and the file header with Chinese keys, full-width colons and values', () => {
    expect(innermost(lines, 0, '文件头注释')).toBe('comment.line.double-slash.parley');
    expect(innermost(lines, 1, '阶段')).toBe('support.type.property-name.header.stage.parley');
    expect(innermost(lines, 1, 'M1-M2')).toBe('constant.language.stage.parley');
    expect(innermost(lines, 2, '渠道')).toBe('support.type.property-name.header.channel.parley');
    expect(innermost(lines, 2, ':')).toBe('punctuation.separator.key-value.parley');
    expect(innermost(lines, 2, '电话')).toBe('constant.language.channel.parley');
    expect(innermost(lines, 3, 'Time')).toBe('support.type.property-name.header.time.parley');
    expect(innermost(lines, 3, '09:00-11:30')).toBe('constant.numeric.time.parley');
    expect(innermost(lines, 4, '王经理')).toBe('entity.name.tag.speaker.declared.parley');
    expect(innermost(lines, 4, 'agent')).toBe('constant.language.role.parley');
    expect(innermost(lines, 5, 'start')).toBe('constant.language.tag.start.parley');
  });

  it('a node: title (alias 标题) with its name, header values, unknown keys, --- and ===', () => {
    expect(innermost(lines, 7, '标题')).toBe('support.type.property-name.header.title.parley');
    expect(innermost(lines, 7, '开场')).toBe('entity.name.function.node.parley');
    expect(all(lines, 7, '开场')).toContain('meta.node.parley');
    expect(innermost(lines, 8, '未核身')).toBe('constant.language.audience.parley');
    expect(innermost(lines, 9, '2')).toBe('constant.numeric.integer.parley');
    expect(innermost(lines, 10, 'zh-CN')).toBe('constant.language.locale.parley');
    expect(innermost(lines, 11, 'colour')).toBe('support.type.property-name.header.unknown.parley');
    expect(innermost(lines, 12, '---')).toBe('keyword.control.node.body.parley');
    expect(innermost(lines, 25, '===')).toBe('keyword.control.node.end.parley');
    expect(all(lines, 13, '坐席')).toContain('meta.node.body.parley');
  });

  it('speaker labels get a scope per role: agent, respondent, note, other', () => {
    expect(innermost(lines, 13, '坐席')).toBe('entity.name.tag.speaker.agent.parley');
    expect(innermost(lines, 14, '客户')).toBe('entity.name.type.speaker.respondent.parley');
    expect(innermost(lines, 15, '备注')).toBe('entity.name.tag.speaker.note.parley');
    expect(innermost(lines, 15, '语气放慢')).toBe('markup.italic.note.parley');
    expect(innermost(lines, 16, '孙经理')).toBe('entity.name.tag.speaker.other.parley');
    expect(innermost(lines, 31, 'agent')).toBe('entity.name.tag.speaker.agent.parley');
  });

  it('placeholders, trailing comments, and // inside a placeholder is not a comment', () => {
    expect(innermost(lines, 13, 'debtor_name')).toBe('variable.other.placeholder.parley');
    expect(innermost(lines, 13, '{')).toBe('punctuation.definition.placeholder.begin.parley');
    expect(innermost(lines, 13, '行尾注释')).toBe('comment.line.double-slash.parley');
    expect(innermost(lines, 22, 'url//x')).toBe('variable.other.placeholder.parley');
    expect(all(lines, 22, '不是注释').some((s) => s.startsWith('comment'))).toBe(false);
  });

  it('options (->) with or without a label, and commands', () => {
    expect(innermost(lines, 17, '->')).toBe('keyword.control.option.parley');
    expect(innermost(lines, 17, '客户')).toBe('entity.name.type.speaker.respondent.parley');
    expect(innermost(lines, 19, '->')).toBe('keyword.control.option.parley');
    expect(innermost(lines, 19, '你打错了')).toBe('meta.text.option.parley');
    expect(innermost(lines, 18, 'jump')).toBe('keyword.control.jump.parley');
    expect(innermost(lines, 18, '本人-首次')).toBe('entity.name.function.node.parley');
    expect(innermost(lines, 18, '<<')).toBe('punctuation.definition.command.begin.parley');
    expect(innermost(lines, 20, 'end')).toBe('keyword.control.end.parley');
    expect(innermost(lines, 21, 'wait')).toBe('keyword.other.command.parley');
  });

  it('suppression comments: directive, rule ids and the reason after --', () => {
    expect(innermost(lines, 23, 'parley-disable-next-line')).toBe('keyword.control.directive.parley');
    expect(innermost(lines, 23, 'prefer-honorific')).toBe('constant.other.rule-id.parley');
    expect(innermost(lines, 23, 'apology-wording')).toBe('constant.other.rule-id.parley');
    expect(innermost(lines, 23, '--')).toBe('punctuation.separator.reason.parley');
    expect(innermost(lines, 23, '引用原话,合规已审')).toBe('string.unquoted.reason.parley');
    expect(all(lines, 23, '引用原话,合规已审')).toContain('comment.line.double-slash.directive.parley');
    expect(innermost(lines, 24, 'third-party-collection')).toBe('constant.other.rule-id.parley');
  });

  it('a second node after === starts cleanly; stage D31+ is a stage', () => {
    expect(innermost(lines, 27, '本人-首次')).toBe('entity.name.function.node.parley');
    expect(innermost(lines, 29, 'D31+')).toBe('constant.language.stage.parley');
  });

  it('what a Chinese input method types (FORMAT v1.1): traditional keys, values and labels, full-width and 《《 》》 forms', () => {
    const t = tokenize(IME_SAMPLE);
    expect(innermost(t, 0, '階段')).toBe('support.type.property-name.header.stage.parley');
    expect(innermost(t, 0, 'Ｍ１')).toBe('constant.language.stage.parley');
    expect(innermost(t, 1, '渠道')).toBe('support.type.property-name.header.channel.parley');
    expect(innermost(t, 1, '短信')).toBe('constant.language.channel.parley');
    expect(innermost(t, 2, '時間')).toBe('support.type.property-name.header.time.parley');
    expect(innermost(t, 2, '０９：００－１８：００')).toBe('constant.numeric.time.parley');
    expect(innermost(t, 3, '人數')).toBe('support.type.property-name.header.agents.parley');
    expect(innermost(t, 3, '２')).toBe('constant.numeric.integer.parley');
    expect(innermost(t, 5, '標題')).toBe('support.type.property-name.header.title.parley');
    expect(innermost(t, 5, '開場')).toBe('entity.name.function.node.parley');
    expect(innermost(t, 6, '對象')).toBe('support.type.property-name.header.audience.parley');
    expect(innermost(t, 6, '聯絡人')).toBe('constant.language.audience.parley');
    expect(innermost(t, 7, '－－－')).toBe('keyword.control.node.body.parley');
    expect(innermost(t, 8, '催收員')).toBe('entity.name.tag.speaker.agent.parley');
    expect(innermost(t, 8, '｛')).toBe('punctuation.definition.placeholder.begin.parley');
    expect(innermost(t, 8, '金額')).toBe('variable.other.placeholder.parley');
    expect(innermost(t, 8, '｝')).toBe('punctuation.definition.placeholder.end.parley');
    expect(innermost(t, 8, '行尾')).toBe('comment.line.double-slash.parley');
    expect(innermost(t, 9, '－＞')).toBe('keyword.control.option.parley');
    expect(innermost(t, 9, '客戶')).toBe('entity.name.type.speaker.respondent.parley');
    expect(innermost(t, 10, '《《')).toBe('punctuation.definition.command.begin.parley');
    expect(innermost(t, 10, 'jump')).toBe('keyword.control.jump.parley');
    expect(innermost(t, 10, '本人')).toBe('entity.name.function.node.parley');
    expect(innermost(t, 10, '》》')).toBe('punctuation.definition.command.end.parley');
    expect(innermost(t, 11, '-》')).toBe('keyword.control.option.parley');
    expect(innermost(t, 11, '聯絡人')).toBe('entity.name.type.speaker.respondent.parley');
    expect(innermost(t, 12, '＜＜')).toBe('punctuation.definition.command.begin.parley');
    expect(innermost(t, 12, 'end')).toBe('keyword.control.end.parley');
    expect(innermost(t, 13, '備註')).toBe('entity.name.tag.speaker.note.parley');
    expect(all(t, 14, '还款须知').some((s) => s.startsWith('meta.command'))).toBe(false);
    expect(innermost(t, 15, '＝＝＝')).toBe('keyword.control.node.end.parley');
    expect(innermost(t, 17, '標題')).toBe('support.type.property-name.header.title.parley');
    expect(all(t, 17, '本人')).toContain('meta.node.parley');
  });

  it('knows every name of the vocabulary tables the parser reads, simplified and traditional (Taiwan, Hong Kong)', () => {
    const toTraditional = [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'hk' })];
    const forms = (s: string) => [...new Set([s, ...toTraditional.map((f) => f(s))])];
    const scope = (line: string, needle: string) => innermost(tokenize(line), 0, needle);
    for (const [name, key] of Object.entries(HEADER_KEYS)) for (const f of forms(name)) expect([f, scope(`${f}: x`, f)]).toEqual([f, `support.type.property-name.header.${key}.parley`]);
    for (const a of AUDIENCES) {
      for (const name of [a.id, ...a.zh, ...(a.aliases ?? [])].flatMap(forms)) expect([name, scope(`audience: ${name}`, name)]).toEqual([name, 'constant.language.audience.parley']);
    }
    for (const name of Object.keys(CHANNELS).flatMap(forms)) expect([name, scope(`channel: ${name}`, name)]).toEqual([name, 'constant.language.channel.parley']);
    const ROLE_SCOPE = { agent: 'entity.name.tag.speaker.agent.parley', respondent: 'entity.name.type.speaker.respondent.parley', note: 'entity.name.tag.speaker.note.parley' };
    for (const [label, role] of Object.entries(BUILTIN_SPEAKERS)) {
      for (const f of forms(label)) {
        const t = tokenize(`title: 甲\n---\n${f}：好的。\n-> ${f}：好的。\n===\n`);
        expect([f, innermost(t, 2, f), innermost(t, 3, f)]).toEqual([f, ROLE_SCOPE[role], ROLE_SCOPE[role]]);
      }
    }
  });

  it('every body line of every example sits inside a node body; header lines are header lines', () => {
    for (const f of fs.readdirSync(EXAMPLES).filter((x) => x.endsWith('.parley'))) {
      const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
      const toks = tokenize(text);
      let inBody = false;
      text.split(/\r?\n/).forEach((line, i) => {
        const t = line.trim();
        if (t === '---') inBody = true;
        if (t === '===') inBody = false;
        if (!t || t === '---' || t === '===' || t.startsWith('//')) return;
        const scopes = toks[i].flatMap((x) => x.scopes);
        if (inBody) expect(scopes, `${f}:${i + 1} ${line}`).toContain('meta.node.body.parley');
        else expect(scopes.some((s) => s.startsWith('support.type.property-name.header.')), `${f}:${i + 1} ${line}`).toBe(true);
      });
    }
  });
});

