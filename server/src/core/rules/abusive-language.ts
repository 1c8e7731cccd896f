import { lexiconRule } from './helpers';

/** abusive-language: Insults, profanity, contempt or degrading labels. Catalogue section red-line; lexicon: lexicons/abusive-language.json. */
export default lexiconRule({
  meta: {
    id: 'abusive-language',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止侮辱、谩骂、贬低客户', en: 'Insults, profanity, contempt or degrading labels' },
    fixable: false,
  },
  message: (t) => `辱骂或贬低性用语「${t}」:催收红线,禁止侮辱、谩骂客户;请就事论事,平和地说明还款安排。 Abusive wording; describe the facts and the next step politely instead.`,
});
