import type { Rule } from '../rule';
import type { Audience } from '../vocabulary';
import { debtFacts, excerpt } from './helpers';

const AUDIENCES: Audience[] = ['contact', 'employer', 'family', 'spouse', 'public'];

/**
 * third-party-disclosure: debt facts or purpose told to someone who is not liable.
 * `informed-contact` is exempt (004: 对知情联系人,可透露贷款信息).
 */
const rule: Rule = {
  meta: {
    id: 'third-party-disclosure',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '向第三方透露欠款事实或来电目的', en: 'Debt facts or purpose told to someone who is not liable' },
    fixable: false,
    scope: 'line',
    lexicons: ['debt-words', 'third-party-disclosure'],
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (!node.audience || !AUDIENCES.includes(node.audience)) continue;
      for (const view of node.agentLines) {
        const found = debtFacts(view, 'third-party-disclosure');
        if (!found.length) continue;
        const words = [...new Set(found.map((m) => excerpt(view, m)))].join('、');
        ctx.report({
          message: `向第三方透露了欠款信息「${words}」:对第三方只告知姓名和回电号码,不说明来电目的,例如“有私人事务需要他本人处理,麻烦您转告他回电{callback_number}”。Debt disclosed to a third party; leave only your name and a callback number.`,
          range: view.rangeOf(found[0].start, found[0].end),
        });
      }
    }
  },
};
export default rule;
