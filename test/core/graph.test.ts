import { describe, expect, it } from 'vitest';
import { lintScript, viewNodes } from '../../server/src/core/engine';
import { indexWorkspace } from '../../server/src/core/workspace';
import { buildGraph, toDot, toMermaid } from '../../server/src/core/graph';
import { parse } from '../../server/src/core/parser';

function graphOf(files: Record<string, string>) {
  const scripts = Object.entries(files).map(([uri, text]) => parse(text, uri));
  const index = indexWorkspace(scripts);
  return buildGraph(scripts.map((script) => ({ script, views: viewNodes(script, index), findings: lintScript(script, index) })));
}

const CALL = `stage：M1
channel：call

title：开场
audience：unverified
---
坐席：您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？
-> 客户：是我。
    <<jump 本人>>
-> 客户：我是他朋友。
    <<jump 朋友>>
<<jump 直接说>>
===

title：本人
audience：debtor
---
坐席：您本期应还{amount}元，请问今天几点前能处理？
===

title：朋友
audience：contact
---
坐席：麻烦您转告他回电{callback_number}，谢谢。
<<jump 不存在的节点>>
===

title：直接说
audience：debtor
---
坐席：您的信用卡已经逾期了，请尽快还款。
===

title：孤岛
audience：debtor
tags：draft
---
坐席：请问您什么时候方便？
===
`;

describe('conversation graph', () => {
  const g = graphOf({ 'a.parley': CALL });
  const byTitle = (t: string) => g.nodes.find((n) => n.title === t)!;

  it('has one node per title with audience class, stage and entry flags', () => {
    expect(g.nodes.map((n) => n.title)).toEqual(['开场', '本人', '朋友', '直接说', '孤岛']);
    expect(byTitle('开场')).toMatchObject({ audienceClass: 'unverified', stage: 'M1', channel: 'call', entry: true, reachable: true });
    expect(byTitle('朋友').audienceClass).toBe('not-liable');
    expect(byTitle('本人')).toMatchObject({ audienceClass: 'liable', entry: false, reachable: true, disclosesDebt: true });
    // No jump leads to 孤岛: it is an entry of its own (FORMAT: no incoming jump).
    expect(byTitle('孤岛').entry).toBe(true);
  });

  it('labels option edges with the answer and keeps undefined jumps', () => {
    const toSelf = g.edges.find((e) => e.target === '本人')!;
    expect(toSelf.answered).toBe(true);
    expect(toSelf.answer).toContain('是我');
    const missing = g.edges.find((e) => e.target === '不存在的节点')!;
    expect(missing.to).toBeUndefined();
    const direct = g.edges.find((e) => e.target === '直接说')!;
    expect(direct.answered).toBe(false);
  });

  it('marks the path that reaches debt details without an answer, and only that one', () => {
    expect(g.unsafePaths).toEqual([[byTitle('开场').id, byTitle('直接说').id]]);
    expect(byTitle('直接说').unsafe).toBe(true);
    expect(byTitle('本人').unsafe).toBe(false);
    expect(g.edges.filter((e) => e.unsafe).map((e) => e.target)).toEqual(['直接说']);
  });

  it('counts findings per node', () => {
    // The unanswered jump out of 开场 is identity-not-confirmed, reported in 开场.
    expect(byTitle('开场').findings.warning).toBeGreaterThan(0);
    expect(byTitle('本人').findings.error).toBe(0);
  });

  it('exports DOT and Mermaid with every node and edge', () => {
    const dot = toDot(g);
    expect(dot.startsWith('digraph parley {')).toBe(true);
    expect((dot.match(/->/g) ?? []).length).toBe(g.edges.length);
    expect(dot).toContain('不存在的节点\\n(undefined)');
    const mm = toMermaid(g);
    expect(mm.startsWith('flowchart LR')).toBe(true);
    expect((mm.match(/-->/g) ?? []).length).toBe(g.edges.length);
    expect(mm).toContain('linkStyle');
  });

  it('follows jumps across files', () => {
    const g2 = graphOf({
      'a.parley': 'stage: M2\ntitle: 入口\naudience: unverified\n---\n坐席：您好，我是{agent_name}，请问是{debtor_name}本人吗？\n-> 是我\n    <<jump 另一文件>>\n===\n',
      'b.parley': 'stage: M2\ntitle: 另一文件\naudience: debtor\n---\n坐席：您的欠款{amount}元请今天处理。\n===\n',
    });
    expect(g2.edges[0].to).toBe('b.parley#1');
    expect(g2.nodes.find((n) => n.title === '另一文件')!.entry).toBe(false);
    expect(g2.unsafePaths).toEqual([]);
  });

  it('marks a cycle no entry reaches as unreachable, and duplicate titles', () => {
    const g3 = graphOf({
      'c.parley': 'stage: M1\ntitle: 甲\naudience: debtor\n---\n坐席：您好。\n<<jump 乙>>\n===\ntitle: 乙\naudience: debtor\n---\n坐席：好的。\n<<jump 甲>>\n===\ntitle: 丙\naudience: debtor\n---\n坐席：您好。\n===\n',
      'd.parley': 'stage: M1\ntitle: 丙\naudience: debtor\n---\n坐席：您好。\n===\n',
    });
    const t = (x: string) => g3.nodes.filter((n) => n.title === x);
    expect(t('甲')[0]).toMatchObject({ entry: false, reachable: false });
    expect(t('乙')[0]).toMatchObject({ entry: false, reachable: false });
    expect(t('丙').map((n) => n.duplicate)).toEqual([true, true]);
    expect(t('甲')[0].duplicate).toBe(false);
  });

  it('an answer anywhere before the liable node makes the path safe; a second unanswered route is still found', () => {
    const g4 = graphOf({
      'e.parley': [
        'stage: M1', 'channel: call',
        'title: 入口', 'audience: unverified', '---', '坐席：您好，请问是{debtor_name}本人吗？', '-> 是我', '    <<jump 过渡>>', '<<jump 中转>>', '===',
        'title: 过渡', 'audience: unverified', '---', '坐席：好的。', '<<jump 欠款>>', '===',
        'title: 中转', 'audience: unverified', '---', '坐席：稍等。', '<<jump 欠款>>', '===',
        'title: 欠款', 'audience: debtor', '---', '坐席：您本期应还{amount}元。', '===',
      ].join('\n') + '\n',
    });
    const id = (x: string) => g4.nodes.find((n) => n.title === x)!.id;
    expect(g4.unsafePaths).toEqual([[id('入口'), id('中转'), id('欠款')]]);
    expect(g4.nodes.find((n) => n.title === '过渡')!.unsafe).toBe(false);
  });
});
