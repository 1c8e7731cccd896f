import type { Rule } from '../rule';

/** duplicate-title: a title used twice in the workspace; every place is reported. */
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
      const others = all.filter((o) => !(o.uri === ctx.script.uri && o.node.titleLine === n.titleLine)).map((o) => (o.uri === ctx.script.uri ? `第 ${o.node.titleLine + 1} 行` : `${o.uri}:${o.node.titleLine + 1}`));
      ctx.report({ message: `节点标题「${n.title}」重复(另见 ${others.join('、')}):标题在工作区内必须唯一。Titles must be unique.`, range: n.titleRange });
    }
  },
};
export default rule;
