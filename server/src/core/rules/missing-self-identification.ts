import type { LineView, Rule } from '../rule';

const SELF_ID_PLACEHOLDERS = new Set(['agent_name', '坐席姓名', 'agent_id', '工号', 'company', '公司', '机构', 'department', '部门']);

function identifiesSelf(view: LineView): boolean {
  if (view.line.placeholders.some((p) => SELF_ID_PLACEHOLDERS.has(p.key))) return true;
  return view.hits.matches('self-identification').some((m) => !view.folded.slice(m.start, m.end).includes('\ue002'));
}

/** missing-self-identification: an entry call or visit whose first two agent lines name neither agent nor company. */
const rule: Rule = {
  meta: {
    id: 'missing-self-identification',
    category: 'procedure',
    defaultSeverity: 'warning',
    description: { zh: '开场未表明坐席或公司身份', en: 'The opening does not name the agent or the company' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    readsIndex: true,
    channels: ['call', 'visit'],
    lexicons: ['self-identification'],
    messages: {
      missing: {
        zh: '开场节点「{{title}}」的前两句坐席话术没有表明身份：请在开场 5 秒内做公司和自我介绍，例如「您好，我是{company}的{agent_name}，工号{agent_id}」。',
        en: 'The first two agent lines of opening node "{{title}}" do not say who is calling: name the company and yourself within 5 seconds, e.g. "您好，我是{company}的{agent_name}，工号{agent_id}".',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (!node.isEntry || node.channelInvalid) continue;
      if (node.audienceInvalid || node.stageInvalid) continue;
      const first = node.agentLines.slice(0, 2);
      if (first.some(identifiesSelf)) continue;
      ctx.report({
        messageId: 'missing',
        data: { title: node.node.title },
        range: node.node.titleLineRange,
      });
    }
  },
};
export default rule;
