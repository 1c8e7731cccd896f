import type { Rule } from '../rule';

/** Other places a finding names (the rest are counted): linear in the copies, however many. */
const MAX_RELATED = 3;

/** duplicate-title: a title used twice in the workspace; every place is reported, naming a few others and the count. */
const rule: Rule = {
  meta: {
    id: 'duplicate-title',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '工作区内节点标题重复', en: 'A title used twice in the workspace' },
    fixable: false,
    scope: 'node',
  },
  check(ctx) {
    for (const n of ctx.script.nodes) {
      const all = ctx.workspace.titles.get(n.title) ?? [];
      if (!n.title || all.length < 2) continue;
      const others: string[] = [];
      for (const o of all) {
        if (o.uri === ctx.script.uri && o.node.titleLine === n.titleLine) continue;
        others.push(o.uri === ctx.script.uri ? `第 ${o.node.titleLine + 1} 行` : `${o.uri}:${o.node.titleLine + 1}`);
        if (others.length === MAX_RELATED) break;
      }
      const more = all.length > others.length + 1 ? ` 等,共 ${all.length} 处` : '';
      ctx.report({ message: `节点标题「${n.title}」重复(另见 ${others.join('、')}${more}):标题在工作区内必须唯一。Titles must be unique.`, range: n.titleRange });
    }
  },
};
export default rule;
