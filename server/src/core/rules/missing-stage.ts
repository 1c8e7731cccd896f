import type { Rule } from '../rule';

/** missing-stage: a node with no stage after applying the file header. */
const rule: Rule = {
  meta: {
    id: 'missing-stage',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '节点（含文件头默认值）没有 stage', en: 'A node with no stage after applying the file header' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    messages: {
      missing: {
        zh: '节点「{{title}}」缺少阶段（stage），例如「阶段: M1」或「stage: M1」；可写在节点头部或文件头。',
        en: 'Node "{{title}}" has no stage, e.g. stage: M1; write it in the node header or the file header.',
      },
    },
  },
  check(ctx) {
    for (const { node: n } of ctx.nodes) {
      if (n.props.stage) continue;
      ctx.report({ messageId: 'missing', data: { title: n.title }, range: n.titleLineRange });
    }
  },
};
export default rule;
