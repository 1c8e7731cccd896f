import type { Rule } from '../rule';

/** missing-courtesy: a node with 3 or more agent lines and not one courtesy word. */
const rule: Rule = {
  meta: {
    id: 'missing-courtesy',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '整段话术没有一句礼貌用语', en: 'No courtesy words (请, 麻烦, 谢谢, 您好, 感谢) in the node' },
    fixable: false,
    scope: 'node',
    lexicons: ['courtesy'],
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.agentLines.length < 3) continue;
      if (node.agentLines.some((v) => v.hits.has('courtesy'))) continue;
      ctx.report({
        message: `节点「${node.node.title}」的坐席话术没有一句礼貌用语:多说“请”“麻烦您”“谢谢”“您好”。Add courtesy words such as 请, 麻烦您, 谢谢.`,
        range: node.node.titleLineRange,
      });
    }
  },
};
export default rule;
