import { lexiconRule } from './helpers';

/** abusive-language: Insults, profanity, contempt or degrading labels. Catalogue section red-line; lexicon: lexicons/abusive-language.json. */
export default lexiconRule({
  meta: {
    id: 'abusive-language',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止侮辱、谩骂、贬低客户', en: 'Insults, profanity, contempt or degrading labels' },
    fixable: false,
    messages: {
      found: {
        zh: '辱骂或贬低性用语「{{term}}」：催收红线，禁止侮辱、谩骂客户；请就事论事，平和地说明还款安排。',
        en: 'Abusive wording "{{term}}": insulting the customer is a red line; describe the facts and the repayment arrangement calmly.',
      },
    },
  },
});
