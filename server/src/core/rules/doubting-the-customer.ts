import { lexiconRule } from './helpers';

/** doubting-the-customer: Calling the listener a liar or their reasons excuses. Catalogue section wording; lexicon: lexicons/doubting-the-customer.json. */
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
});
