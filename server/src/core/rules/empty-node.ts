import type { Rule } from '../rule';

/** empty-node: a node whose body has no speaker line. */
const rule: Rule = {
  meta: {
    id: 'empty-node',
    category: 'structure',
    defaultSeverity: 'warning',
    description: { zh: '节点正文没有任何说话行', en: 'A node whose body has no speaker line' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    messages: {
      empty: {
        zh: '节点「{{title}}」没有任何说话行：请补上话术或删除该节点。',
        en: 'Node "{{title}}" has no speaker line: write its lines or delete the node.',
      },
    },
  },
  check(ctx) {
    for (const { node: n } of ctx.nodes) {
      if (n.body.some((b) => b.kind === 'speaker')) continue;
      ctx.report({ messageId: 'empty', data: { title: n.title }, range: n.titleLineRange });
    }
  },
};
export default rule;
