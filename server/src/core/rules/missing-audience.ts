import type { Rule } from '../rule';

/** missing-audience: a node with no audience after applying the file header. */
const rule: Rule = {
  meta: {
    id: 'missing-audience',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '节点(含文件头默认值)没有 audience', en: 'A node with no audience after applying the file header' },
    fixable: false,
    scope: 'node',
  },
  check(ctx) {
    for (const n of ctx.script.nodes) {
      if (n.props.audience) continue;
      ctx.report({ message: `节点「${n.title}」缺少 audience(对象),例如 audience: debtor 或 audience: contact。Add an audience header.`, range: n.titleLineRange });
    }
  },
};
export default rule;
