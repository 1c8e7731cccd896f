import type { Rule } from '../rule';
import { DUPLICATE_PLACES_NAMED } from '../workspace';

/** Other places a finding names (the rest are counted): linear in the copies, however many. The node's index key (nodeIndexKey) holds exactly these. */
const MAX_RELATED = DUPLICATE_PLACES_NAMED;

/** duplicate-title: a title used twice in the workspace; every place is reported, naming a few others and the count. */
const rule: Rule = {
  meta: {
    id: 'duplicate-title',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '工作区内节点标题重复', en: 'A title used twice in the workspace' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    readsIndex: true,
    messages: {
      duplicate: {
        zh: '节点标题「{{title}}」重复（另见 {{others}}）：标题在工作区内必须唯一。',
        en: 'Title "{{title}}" is used more than once (also at {{others}}): titles must be unique in the workspace.',
      },
      'duplicate-more': {
        zh: '节点标题「{{title}}」重复（另见 {{others}} 等，共 {{count}} 处）：标题在工作区内必须唯一。',
        en: 'Title "{{title}}" is used {{count}} times (also at {{others}} and more): titles must be unique in the workspace.',
      },
      line: { zh: '第 {{line}} 行', en: 'line {{line}}' },
    },
  },
  check(ctx) {
    for (const { node: n } of ctx.nodes) {
      const all = ctx.workspace.titles.get(n.title) ?? [];
      if (!n.title || all.length < 2) continue;
      const others: string[] = [];
      for (const o of all) {
        if (o.uri === ctx.script.uri && o.node.titleLine === n.titleLine) continue;
        others.push(o.uri === ctx.script.uri ? ctx.text('line', { line: o.node.titleLine + 1 }) : `${o.uri}:${o.node.titleLine + 1}`);
        if (others.length === MAX_RELATED) break;
      }
      const more = all.length > others.length + 1;
      ctx.report({ messageId: more ? 'duplicate-more' : 'duplicate', data: more ? { title: n.title, others, count: all.length } : { title: n.title, others }, range: n.titleRange });
    }
  },
};
export default rule;
