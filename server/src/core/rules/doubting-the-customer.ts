import { lexiconRule } from './helpers';

/** A second-person word in a folded line (妳 folds to 你, 你哋 to 你们). */
const SECOND_PERSON = /[你您]/;

/**
 * doubting-the-customer: Calling the listener a liar or their reasons excuses. Catalogue section
 * wording; lexicon: lexicons/doubting-the-customer.json. A `public` line (a group notice, a post)
 * that speaks to nobody in the second person describes an absent debtor to the readers (该客户一直
 * 找借口推脱): that is a disclosure, not doubting the listener, so it is left to the disclosure and
 * exposure rules.
 */
export default lexiconRule({
  meta: {
    id: 'doubting-the-customer',
    category: 'wording',
    defaultSeverity: 'warning',
    description: { zh: '避免质疑客户撒谎或找借口', en: 'Calling the listener a liar or their reasons excuses' },
    fixable: false,
    messages: {
      found: {
        zh: '质疑客户「{{term}}」：不要妄下结论说客户在撒谎或找借口；请先表示理解，再核实情况。',
        en: 'Doubting the customer "{{term}}": do not call the customer a liar or their reasons excuses; acknowledge first, then verify the facts.',
      },
    },
  },
  drop: (view) => view.audience === 'public' && !SECOND_PERSON.test(view.folded),
});
