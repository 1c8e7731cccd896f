import { lexiconRule } from './helpers';

/** absolute-language: Over-certain statements about outcomes. Catalogue section wording; lexicon: lexicons/absolute-language.json. */
export default lexiconRule({
  meta: {
    id: 'absolute-language',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '避免把话说满、说死', en: 'Over-certain statements about outcomes' },
    fixable: false,
  },
  message: (t) => `绝对化表述「${t}」:催收忌把话说满;请改为“可能”“有可能会”等留有余地的说法。 Absolute language; use hedged wording such as “可能”.`,
});
