import type { Rule } from '../rule';

/** visit-single-agent: a home visit planned with fewer than two agents. */
const rule: Rule = {
  meta: {
    id: 'visit-single-agent',
    category: 'procedure',
    defaultSeverity: 'warning',
    description: { zh: '上门外访少于 2 人', en: 'A visit with fewer than two agents' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    messages: {
      'too-few': {
        zh: '上门外访只安排了 {{agents}} 人：上门需 2 人以上，杜绝一人独自外访。',
        en: 'The visit has only {{agents}} agent(s): a home visit needs at least two agents, never one alone.',
      },
      'no-count': {
        zh: '上门外访没有写明人数（{{key}}）：上门需 2 人以上，请加上「{{key}}: 2」。',
        en: 'The visit does not say how many agents go: a home visit needs at least two; add "agents: 2".',
      },
    },
  },
  check(ctx) {
    // A default inherited from the file header is reported once, on that header line.
    const reported = new Set<number>();
    for (const node of ctx.nodes) {
      if (node.channel !== 'visit') continue;
      const props = node.node.props;
      if (props.agents && props.agents.value === undefined) continue; // invalid value: structure finding only
      if (node.agents !== undefined && node.agents >= 2) continue;
      const header = props.agents?.header ?? props.channel!.header;
      if (reported.has(header.range.start.line)) continue;
      reported.add(header.range.start.line);
      ctx.report({
        ...(props.agents
          ? { messageId: 'too-few', data: { agents: node.agents ?? 0 } }
          : { messageId: 'no-count', data: { key: /[\u4e00-\u9fff]/.test(props.channel!.header.key) ? '人数' : 'agents' } }),
        range: header.range,
      });
    }
  },
};
export default rule;
