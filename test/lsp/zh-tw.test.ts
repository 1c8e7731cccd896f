/**
 * An editor in Traditional Chinese (VS Code's display language zh-tw, sent as the `locale` of
 * `initialize`) gets the findings, quick fix titles and hovers in Traditional Chinese (locale
 * zh-TW), over stdio as an editor speaks it; the words quoted from the script stay as written.
 * zh-cn and en editors are unchanged.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opencc } from '../../scripts/gen-zh-tw-table.mjs';
import { LspClient, workspaceWith, type Diagnostic } from './client';

const SCRIPT = ['stage: M3', 'channel: call', '', 'title: 开场', 'audience: debtor', '---', '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '坐席: 你这个老赖,欠钱不还是犯法的,请问您今天几点方便处理?', '==='].join('\n') + '\n';
const convert = opencc();
const HAN = /[\u4e00-\u9fff]/;

interface Action {
  title: string;
}

async function session(locale: string) {
  const dir = workspaceWith({}, false);
  const c = new LspClient({ locale });
  await c.initialize([dir]);
  const uri = c.open(path.join(dir, 'a.parley'), SCRIPT);
  const diags = await c.diagnosticsFor(uri, 1);
  const titles = async (code: string) => {
    const d = diags.find((x) => x.code === code)!;
    return ((await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as Action[]).map((a) => a.title);
  };
  const hover = async (line: number, character: number) => ((await c.request('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as { contents: { value: string } }).contents.value;
  return { c, diags, titles, hover };
}

let tw: Awaited<ReturnType<typeof session>>;
let zh: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  [tw, zh] = await Promise.all([session('zh-tw'), session('zh-cn')]);
});
afterAll(async () => {
  await Promise.all([tw?.c.shutdown(), zh?.c.shutdown()]);
});

const byCode = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code)!;

describe('an editor in Traditional Chinese (zh-tw)', () => {
  it('gets every finding in Traditional Chinese: the Simplified message with Parley’s words converted, the quoted words as written', () => {
    expect(tw.diags.map((d) => [d.code, d.range])).toEqual(zh.diags.map((d) => [d.code, d.range]));
    expect(tw.diags.length).toBeGreaterThan(2);
    for (const d of tw.diags) {
      const simplified = byCode(zh.diags, String(d.code)).message;
      // Converting the whole Simplified message would also convert the quotes: compare outside them.
      const outside = (m: string) => m.replace(/「[^」]*」/g, '「」');
      expect(outside(d.message)).toBe(outside(convert(simplified)));
      expect([...d.message.matchAll(/「([^」]*)」/g)].map((m) => m[1])).toEqual([...simplified.matchAll(/「([^」]*)」/g)].map((m) => m[1]).map((q) => (SCRIPT.includes(q) ? q : convert(q))));
    }
    const abuse = byCode(tw.diags, 'abusive-language').message;
    expect(abuse).toContain('「老赖」');
    expect(abuse).not.toBe(byCode(zh.diags, 'abusive-language').message);
    expect(byCode(tw.diags, 'criminal-threat').message).toMatch(/^刑事恐嚇「犯法」：欠款屬於民事糾紛/);
  });

  it('gets quick fix titles in Traditional Chinese', async () => {
    expect(await tw.titles('criminal-threat')).toContain('改用安全說法「违约」');
    expect(await tw.titles('criminal-threat')).toEqual(['改用安全說法「违约」', '在此行禁用 criminal-threat', '在此文件中禁用 criminal-threat', '查看 criminal-threat 的說明']);
    expect(await zh.titles('criminal-threat')).toEqual(['改用安全说法「违约」', '在此行禁用 criminal-threat', '在此文件中禁用 criminal-threat', '查看 criminal-threat 的说明']);
  });

  it('gets hovers in Traditional Chinese', async () => {
    expect(await tw.hover(0, 8)).toBe('**階段 `M3`**：逾期 61–90 天');
    expect(await zh.hover(0, 8)).toBe('**阶段 `M3`**：逾期 61–90 天');
    const audience = await tw.hover(4, 12);
    expect(audience).toBe(convert(await zh.hover(4, 12)));
  });

  it('gets a finding’s rule hover from the Traditional rule page: its fix section converted, code as written, the link to docs/zh-TW', async () => {
    // 老赖 on line 7: the abusive-language finding.
    const [t, s] = [await tw.hover(7, 8), await zh.hover(7, 8)];
    expect(s).toContain('**如何修改**\n\n说事实');
    expect(t).toContain('**如何修改**\n\n說事實');
    expect(t).toContain('/docs/zh-TW/rules/abusive-language.md');
    // Outside code (fenced and inline) and links, the hover is the Simplified one converted.
    const prose = (h: string) => h.replace(/```[\s\S]*?```/g, '```').replace(/`[^`]*`/g, '``').replace(/\]\([^)]*\)/g, ']()');
    expect(prose(t)).toBe(prose(convert(s)));
    expect(t).not.toBe(s);
  });
});

describe('an editor in English', () => {
  it('still gets English', async () => {
    const en = await session('en');
    try {
      for (const d of en.diags) expect(d.message.replace(/「[^」]*」|“[^”]*”|"[^"]*"/g, ''), d.message).not.toMatch(HAN);
    } finally {
      await en.c.shutdown();
    }
  });
});
