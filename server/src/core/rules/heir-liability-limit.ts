import type { Rule } from '../rule';

/**
 * heir-liability-limit: an `heir` node asks for payment but never says the duty is limited to the
 * value of the estate.
 */
const rule: Rule = {
  meta: {
    id: 'heir-liability-limit',
    category: 'disclosure',
    defaultSeverity: 'warning',
    description: { zh: '向继承人催收时未说明以遗产实际价值为限', en: 'Asking an heir to pay without saying the duty is limited to the estate’s value' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    audiences: ['heir'],
    lexicons: ['pay-request', 'estate-limit'],
    messages: {
      unlimited: {
        zh: '节点「{{title}}」向继承人提出还款，却没有说明责任以继承遗产的实际价值为限；请加上「继承人仅在继承遗产的实际价值范围内承担还款责任」。',
        en: 'Node "{{title}}" asks an heir to pay without saying the duty is limited to the actual value of the estate; add "继承人仅在继承遗产的实际价值范围内承担还款责任".',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.stageInvalid) continue;
      const asks = node.agentLines.some((v) => v.hits.has('pay-request'));
      const limited = node.agentLines.some((v) => v.hits.has('estate-limit'));
      if (asks && !limited) {
        ctx.report({
          messageId: 'unlimited',
          data: { title: node.node.title },
          range: node.node.titleLineRange,
        });
      }
    }
  },
};
export default rule;
