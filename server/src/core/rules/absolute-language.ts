import { lexiconRule } from './helpers';

/** absolute-language: Over-certain statements about outcomes. Catalogue section wording; lexicon: lexicons/absolute-language.json. */
export default lexiconRule({
  meta: {
    id: 'absolute-language',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '避免把话说满、说死', en: 'Over-certain statements about outcomes' },
    fixable: false,
    messages: {
      found: {
        zh: '绝对化表述「{{term}}」：催收忌把话说满；请改为「可能」「有可能会」等留有余地的说法。',
        en: 'Absolute language "{{term}}": do not overstate; use hedged wording such as "可能" or "有可能会".',
      },
    },
  },
});
