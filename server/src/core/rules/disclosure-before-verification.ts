import type { Rule } from '../rule';
import { debtFacts, excerpt } from './helpers';

/**
 * disclosure-before-verification: debt facts or purpose told to whoever answered before their
 * identity is confirmed (`unverified` nodes).
 */
const rule: Rule = {
  meta: {
    id: 'disclosure-before-verification',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '核实身份前透露欠款事实或来电目的', en: 'Debt facts or purpose disclosed before the listener’s identity is confirmed' },
    fixable: false,
    scope: 'line',
    lexicons: ['debt-words', 'disclosure-before-verification'],
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.audience !== 'unverified') continue;
      for (const view of node.agentLines) {
        const found = debtFacts(view, 'disclosure-before-verification');
        if (!found.length) continue;
        const words = [...new Set(found.map((m) => excerpt(view, m)))].join('、');
        ctx.report({
          message: `核实身份前透露了欠款信息「${words}」:先确认对方是本人(如“请问是{debtor_name}先生本人吗?”),再说明来电目的。Debt facts or purpose before identity is verified; confirm who is on the line first.`,
          range: view.rangeOf(found[0].start, found[0].end),
        });
      }
    }
  },
};
export default rule;
