import { lexiconRule } from './helpers';

/** unlawful-coercion: Detention, entering a home without consent, taking property, following or blocking. Catalogue section red-line; lexicon: lexicons/unlawful-coercion.json. */
export default lexiconRule({
  meta: {
    id: 'unlawful-coercion',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止拘禁、私闯民宅、擅自处置财产、跟踪堵截', en: 'Detention, entering a home without consent, taking property, following or blocking' },
    fixable: false,
    messages: {
      found: {
        zh: '非法强制「{{term}}」：禁止限制人身自由、私闯民宅、擅自扣押或变卖财产；请改为协商还款方案。',
        en: 'Unlawful coercion "{{term}}": never restrict anyone\'s freedom, enter a home, or seize or sell property; negotiate a repayment plan instead.',
      },
    },
  },
});
