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
    visits: 'node',
    lexicons: ['courtesy'],
    messages: {
      missing: {
        zh: '节点「{{title}}」的坐席话术没有一句礼貌用语：多说「请」「麻烦您」「谢谢」「您好」。',
        en: 'No agent line of node "{{title}}" has a courtesy word: use "请", "麻烦您", "谢谢", "您好".',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.agentLines.length < 3) continue;
      if (node.agentLines.some((v) => v.hits.has('courtesy'))) continue;
      ctx.report({
        messageId: 'missing',
        data: { title: node.node.title },
        range: node.node.titleLineRange,
      });
    }
  },
};
export default rule;
