import type { Rule } from '../rule';
import { isLiable } from '../vocabulary';
import { LIABLE } from './helpers';

/**
 * identity-not-confirmed: an entry node that speaks to a liable party as verified without first
 * asking who is on the line; or an `unverified` node that jumps to a liable party's node outside
 * any option branch (without the respondent having answered).
 */
const rule: Rule = {
  meta: {
    id: 'identity-not-confirmed',
    category: 'procedure',
    defaultSeverity: 'warning',
    description: { zh: '未先核实对方身份就按本人沟通', en: 'Speaking to the debtor as verified without first confirming who is on the line' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    readsIndex: true,
    lexicons: ['identity-ask', 'debt-words', 'org-unit'],
    messages: {
      'unanswered-jump': {
        zh: '未核身节点「{{title}}」不经对方回答就跳转到本人节点「{{target}}」：请把跳转放进核实身份的选项分支里（「-> 客户: 是我」）。',
        en: 'Unverified node "{{title}}" jumps to the liable party\'s node "{{target}}" before the respondent answered: put the jump inside the option in which they confirm who they are ("-> 客户: 是我").',
      },
      'not-asked': {
        zh: '开场节点「{{title}}」没有先核实对方身份就按本人沟通：请先问「请问是{debtor_name}先生本人吗？」，得到确认后再谈欠款。',
        en: 'Opening node "{{title}}" speaks to the debtor without first asking who is on the line: ask "请问是{debtor_name}先生本人吗？" and talk about the debt only once they confirm.',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.audienceInvalid || node.stageInvalid || !node.audience) continue;
      if (node.audience === 'unverified') {
        for (const b of node.node.body) {
          if (b.command?.name !== 'jump' || b.branch.length) continue;
          const targets = ctx.workspace.titles.get(b.command.arg) ?? [];
          const liable = targets.some((t) => {
            const a = t.node.props.audience?.value;
            return a !== undefined && isLiable(a);
          });
          if (liable) {
            ctx.report({
              messageId: 'unanswered-jump',
              data: { title: node.node.title, target: b.command.arg },
              range: b.command.range,
            });
          }
        }
        continue;
      }
      if (!node.isEntry || !LIABLE.includes(node.audience) || node.channelInvalid) continue;
      if (node.channel && node.channel !== 'call' && node.channel !== 'visit') continue;
      const lines = node.agentLines;
      if (!lines.length) continue;
      // The question must come no later than the first line that talks about the debt; a node that
      // never talks about the debt must still ask somewhere before speaking to the debtor as such.
      // A debt word inside the name of a department (信用卡中心, 贷款部) introduces the caller, not the debt.
      const talksDebt = (v: (typeof lines)[number]) =>
        v.line.placeholders.some((ph) => ph.category === 'debt') ||
        (v.hits.has('debt-words') && v.hits.matches('debt-words').some((m) => !v.hits.matches('org-unit').some((o) => o.start <= m.start && o.end >= m.end)));
      const firstDebt = lines.findIndex(talksDebt);
      const upto = firstDebt >= 0 ? firstDebt + 1 : lines.length;
      if (lines.slice(0, upto).some((v) => v.hits.has('identity-ask'))) continue;
      ctx.report({
        messageId: 'not-asked',
        data: { title: node.node.title },
        range: node.node.titleLineRange,
      });
    }
  },
};
export default rule;
