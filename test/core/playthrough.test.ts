import { describe, expect, it } from 'vitest';
import { lintScript, viewNodes } from '../../server/src/core/engine';
import { indexWorkspace } from '../../server/src/core/workspace';
import { buildGraph } from '../../server/src/core/graph';
import { parse } from '../../server/src/core/parser';
import { play, playNodes, type PlayStep } from '../../server/src/core/playthrough';

function nodesOf(files: Record<string, string>) {
  const scripts = Object.entries(files).map(([uri, text]) => parse(text, uri));
  const index = indexWorkspace(scripts);
  const withFindings = scripts.map((script) => ({ script, findings: lintScript(script, index) }));
  const graph = buildGraph(withFindings.map(({ script, findings }) => ({ script, views: viewNodes(script, index), findings })));
  return playNodes(graph, withFindings);
}

const SCRIPT = `stage：M1
channel：call

title：开场
audience：unverified
---
坐席：您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？
-> 客户：是我。
    坐席：好的，接下来的通话会被录音。
    -> 客户：可以。
        <<jump 本人>>
    -> 客户：不行。
        坐席：抱歉打扰您了，再见。
        <<end>>
-> 客户：你打错了。
    坐席：抱歉打扰您了。
坐席：祝您生活愉快，再见。
===

title：本人
audience：debtor
---
坐席：您本期应还{amount}元，你什么时候还？
<<jump 回环>>
===

title：回环
audience：debtor
---
坐席：请问您听得到吗？
<<jump 本人>>
===
`;

const kinds = (steps: PlayStep[]) => steps.map((s) => s.kind);

describe('play-through steps', () => {
  const nodes = nodesOf({ 'a.parley': SCRIPT });
  const node = (t: string) => nodes.find((n) => n.title === t)!;

  it('nests options into choices with their branches', () => {
    const open = node('开场');
    expect(kinds(open.steps)).toEqual(['say', 'choice', 'say']);
    const choice = open.steps[1] as Extract<PlayStep, { kind: 'choice' }>;
    expect(choice.options.map((o) => [o.speaker, o.text, o.line])).toEqual([['客户', '是我。', 7], ['客户', '你打错了。', 14]]);
    expect(kinds(choice.options[0].steps)).toEqual(['say', 'choice']);
    const inner = choice.options[0].steps[1] as Extract<PlayStep, { kind: 'choice' }>;
    expect(inner.options.map((o) => o.text)).toEqual(['可以。', '不行。']);
    expect(inner.options[0].steps[0]).toMatchObject({ kind: 'jump', target: '本人', to: node('本人').id });
    expect(kinds(inner.options[1].steps)).toEqual(['say', 'end']);
  });

  it('puts each finding on the step of its line', () => {
    const say = node('本人').steps[0] as Extract<PlayStep, { kind: 'say' }>;
    // 你 to a debtor: prefer-honorific, on that line.
    expect(say.findings.map((f) => f.ruleId)).toContain('prefer-honorific');
    expect(say.findings.every((f) => f.line === say.line)).toBe(true);
  });
});

describe('play', () => {
  const nodes = nodesOf({ 'a.parley': SCRIPT });
  const start = nodes.find((n) => n.title === '开场')!.id;

  it('stops at the first choice with its options', () => {
    const s = play(nodes, start, []);
    expect(s.stop).toBe('choice');
    expect(s.options.map((o) => o.text)).toEqual(['是我。', '你打错了。']);
    expect(s.transcript.map((e) => e.kind)).toEqual(['node', 'say']);
  });

  it('runs a branch, then the lines after the options', () => {
    const s = play(nodes, start, [1]);
    expect(s.transcript.map((e) => e.text)).toEqual(['开场', '您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '你打错了。', '抱歉打扰您了。', '祝您生活愉快，再见。']);
    expect(s.stop).toBe('fell-off');
    expect(s.picked).toBe(1);
  });

  it('ends at <<end>>; a cycle without an answer stops as a loop', () => {
    expect(play(nodes, start, [0, 1]).stop).toBe('end');
    const s = play(nodes, start, [0, 0]);
    expect(s.stop).toBe('loop');
    expect(s.transcript.filter((e) => e.kind === 'node').map((e) => e.text)).toEqual(['开场', '本人', '回环']);
  });

  it('step back is one pick fewer; a pick out of range (an option removed) stops there', () => {
    expect(play(nodes, start, [0]).stop).toBe('choice');
    const s = play(nodes, start, [0, 5]);
    expect(s.stop).toBe('choice');
    expect(s.picked).toBe(1);
    expect(play(nodes, 'nowhere#0', []).stop).toBe('no-start');
  });
});
