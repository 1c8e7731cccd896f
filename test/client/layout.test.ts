/** The conversation panel's graph layout (client/webview/layout.ts) on graphs the core builds. */
import { describe, expect, it } from 'vitest';
import { layout, NODE_H, NODE_W } from '../../client/webview/layout';
import { lintScript, viewNodes } from '../../server/src/core/engine';
import { indexWorkspace } from '../../server/src/core/workspace';
import { buildGraph } from '../../server/src/core/graph';
import { parse } from '../../server/src/core/parser';

function graphOf(text: string) {
  const script = parse(text, 'a.parley');
  const index = indexWorkspace([script]);
  return buildGraph([{ script, views: viewNodes(script, index), findings: lintScript(script, index) }]);
}

const node = (title: string, audience: string, ...body: string[]) => [`title: ${title}`, `audience: ${audience}`, '---', ...body, '==='].join('\n');
const SCRIPT = ['stage: M1', 'channel: call',
  node('开场', 'unverified', '坐席: 您好,请问是{debtor_name}本人吗?', '-> 是我', '    <<jump 本人>>', '-> 对', '    <<jump 本人>>', '-> 不是', '    <<jump 朋友>>', '<<jump 没有这个>>'),
  node('本人', 'debtor', '坐席: 您本期应还{amount}元。', '-> 再说一遍', '    <<jump 开场>>', '<<jump 结束>>'),
  node('朋友', 'contact', '坐席: 麻烦您转告他回电。', '<<jump 结束>>'),
  node('结束', 'debtor', '坐席: 再见。', '<<jump 结束>>'),
].join('\n') + '\n';

describe('graph layout', () => {
  const g = graphOf(SCRIPT);
  const { boxes, links, width, height } = layout(g);
  const box = (title: string) => boxes.find((b) => (b.node?.title ?? b.missing?.target) === title)!;

  it('one box per node and per undefined target; parallel jumps are one link carrying both answers', () => {
    expect(boxes.map((b) => b.node?.title ?? `missing:${b.missing!.target}`).sort()).toEqual(['开场', '朋友', '本人', '结束', 'missing:没有这个'].sort());
    const toSelf = links.filter((l) => l.from === box('开场') && l.to === box('本人'));
    expect(toSelf).toHaveLength(1);
    expect(toSelf[0].edges.map((e) => e.answer)).toEqual(['是我', '对']);
  });

  it('layers follow the jumps from the entry node; the jump back up is the one back edge; a self-loop stays in place', () => {
    expect(box('开场').layer).toBe(0);
    expect(box('本人').layer).toBe(1);
    expect(box('朋友').layer).toBe(1);
    expect(box('没有这个').layer).toBe(1);
    expect(box('结束').layer).toBe(2);
    expect(links.filter((l) => l.back).map((l) => `${l.from.node!.title}→${l.to.node!.title}`)).toEqual(['本人→开场', '结束→结束']);
    for (const l of links) if (!l.back) expect(l.to.layer).toBeGreaterThan(l.from.layer);
  });

  it('boxes of a layer do not overlap and everything fits in the drawing', () => {
    for (const a of boxes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + NODE_W).toBeLessThanOrEqual(width);
      expect(a.y + NODE_H).toBeLessThanOrEqual(height);
      for (const b of boxes) if (a !== b && a.layer === b.layer) expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(NODE_W);
    }
  });

  it('an empty graph and a cycle with no entry lay out without looping', () => {
    expect(layout({ nodes: [], edges: [] }).boxes).toEqual([]);
    const cyc = graphOf(['stage: M1', node('甲', 'debtor', '坐席: 您好。', '<<jump 乙>>'), node('乙', 'debtor', '坐席: 好。', '<<jump 甲>>')].join('\n') + '\n');
    const l = layout(cyc);
    expect(l.boxes.map((b) => b.layer).sort()).toEqual([0, 1]);
    expect(l.links.filter((x) => x.back)).toHaveLength(1);
  });
});
