import type { Rule } from '../rule';

/** missing-audience: a node with no audience after applying the file header. */
const rule: Rule = {
  meta: {
    id: 'missing-audience',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '节点（含文件头默认值）没有 audience', en: 'A node with no audience after applying the file header' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    messages: {
      missing: {
        zh: '节点「{{title}}」缺少对象（audience），例如「对象: 本人」或「audience: contact」；可写在节点头部或文件头。',
        en: 'Node "{{title}}" has no audience, e.g. audience: debtor or audience: contact; write it in the node header or the file header.',
      },
    },
  },
  check(ctx) {
    for (const { node: n } of ctx.nodes) {
      if (n.props.audience) continue;
      ctx.report({ messageId: 'missing', data: { title: n.title }, range: n.titleLineRange });
    }
  },
};
export default rule;
