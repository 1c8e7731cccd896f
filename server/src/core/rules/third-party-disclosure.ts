import type { Rule } from '../rule';
import type { Audience } from '../vocabulary';
import { debtFacts, excerpt } from './helpers';
import { collectionRequests } from './third-party-collection';

const AUDIENCES: Audience[] = ['contact', 'employer', 'family', 'spouse', 'public'];

/**
 * third-party-disclosure: debt facts or purpose told to someone who is not liable.
 * `informed-contact` is exempt (004: 对知情联系人,可透露贷款信息). Asking the third party to pay
 * (a third-party-collection request: 您先替他垫上, 从他工资里扣) tells them the purpose too.
 */
const rule: Rule = {
  meta: {
    id: 'third-party-disclosure',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '向第三方透露欠款事实或来电目的', en: 'Debt facts or purpose told to someone who is not liable' },
    fixable: false,
    scope: 'line',
    lexicons: ['debt-words', 'third-party-disclosure', 'third-party-collection'],
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (!node.audience || !AUDIENCES.includes(node.audience) || node.stageInvalid) continue;
      for (const view of node.agentLines) {
        const words0 = view.hits.matches('debt-words');
        const found = [...debtFacts(view, 'third-party-disclosure'), ...collectionRequests(view)].sort((a, b) => a.start - b.start || b.end - a.end);
        if (!found.length) continue;
        const words = [...new Set(found.map((m) => excerpt(view, m)))].join('、');
        // The range is the first debt word of the line; a phrase only the rule's own lexicon knows
        // (他在我们这里借了…, 您先替他垫上) is the range when the line has no debt word.
        const at = words0[0] ?? found[0];
        ctx.report({
          message: `向第三方透露了欠款信息「${words}」:对第三方只告知姓名和回电号码,不说明来电目的,例如“有私人事务需要他本人处理,麻烦您转告他回电{callback_number}”。Debt disclosed to a third party; leave only your name and a callback number.`,
          range: view.rangeOf(at.start, at.end),
        });
      }
    }
  },
};
export default rule;
