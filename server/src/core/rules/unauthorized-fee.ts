import { lexiconRule } from './helpers';

/** unauthorized-fee: Demanding charges that are not in the contract. Catalogue section red-line; lexicon: lexicons/unauthorized-fee.json. */
export default lexiconRule({
  meta: {
    id: 'unauthorized-fee',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止收取合同以外的费用', en: 'Demanding charges that are not in the contract' },
    fixable: false,
    messages: {
      found: {
        zh: '合同外收费「{{term}}」：禁止收取催收费、上门费等合同以外的费用；只说明合同约定的应还金额。',
        en: 'Fee not in the contract "{{term}}": never charge collection, visit or other fees outside the contract; state only the contractual amount due.',
      },
    },
  },
});
