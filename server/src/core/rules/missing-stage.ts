import type { Rule } from '../rule';

/** missing-stage: a node with no stage after applying the file header. */
const rule: Rule = {
  meta: {
    id: 'missing-stage',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '节点(含文件头默认值)没有 stage', en: 'A node with no stage after applying the file header' },
    fixable: false,
    scope: 'node',
  },
  check(ctx) {
    for (const n of ctx.script.nodes) {
      if (n.props.stage) continue;
      ctx.report({ message: `节点「${n.title}」缺少 stage(阶段),例如 stage: M1;可写在节点头部或文件头。Add a stage header.`, range: n.titleLineRange });
    }
  },
};
export default rule;
