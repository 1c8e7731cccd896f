import type { Rule } from '../rule';
import { collectionRequests, excerpt, NOT_LIABLE } from './helpers';

/**
 * third-party-collection: asking someone who is not liable to pay. Error, but a warning for
 * `family` and `spouse` (the catalogue's default), unless the config sets a severity.
 */
const rule: Rule = {
  meta: {
    id: 'third-party-collection',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '要求非债务人代为还款', en: 'Asking someone who is not liable to pay the debt' },
    fixable: false,
    scope: 'line',
    visits: 'line',
    audiences: NOT_LIABLE,
    lexicons: ['third-party-collection', 'negation', 'misleading-claim'],
    messages: {
      found: {
        zh: '向非债务人催要还款「{{term}}」：只有债务人本人（及担保人）负有还款义务；对第三方只能请其转告回电。',
        en: 'Asking a third party to pay ("{{term}}"): only the debtor (and a guarantor) owe the debt; ask a third party only to pass on a message.',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.stageInvalid) continue;
      const severity = node.audience === 'family' || node.audience === 'spouse' ? 'warning' : undefined;
      for (const view of node.agentLines) {
        for (const m of collectionRequests(view)) {
          ctx.report({ messageId: 'found', data: { term: excerpt(view, m) }, range: view.rangeOf(m.start, m.end), defaultSeverity: severity });
        }
      }
    }
  },
};
export default rule;
