import type { Rule } from '../rule';
import { NOT_LIABLE } from './helpers';

/** missing-commitment: a past-due debtor call/visit script that never asks for a concrete time or amount. */
const rule: Rule = {
  meta: {
    id: 'missing-commitment',
    category: 'procedure',
    defaultSeverity: 'info',
    description: { zh: '通话未以具体的还款时间或金额承诺收场', en: 'No line asks for a concrete repayment time or amount' },
    fixable: false,
    scope: 'file',
    visits: 'file',
    lexicons: ['commitment'],
    messages: {
      missing: {
        zh: '整份脚本没有一句请客户承诺具体的还款时间或金额：电话催收要以承诺收场，例如「请问您今天下午几点前能先还多少？」。',
        en: 'No line in the script asks for a concrete repayment time or amount: a collection call ends with a commitment, e.g. "请问您今天下午几点前能先还多少？".',
      },
    },
  },
  check(ctx) {
    const debtorNodes = ctx.nodes.filter(
      (n) => n.audience === 'debtor' && (n.channel === 'call' || n.channel === 'visit') && !!n.stage && n.stage.max >= 1,
    );
    if (!debtorNodes.length) return;
    // Only what is said to the debtor side counts: asking a contact 什么时候方便 is no promise to pay.
    const asks = ctx.nodes.some((n) => !(n.audience && NOT_LIABLE.includes(n.audience)) && n.agentLines.some((v) => v.hits.has('commitment')));
    if (asks) return;
    const first = ctx.nodes.find((n) => n.audience === 'debtor')!;
    ctx.report({
      messageId: 'missing',
      range: first.node.titleLineRange,
    });
  },
};
export default rule;
