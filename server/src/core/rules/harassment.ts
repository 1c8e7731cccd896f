import { lexiconRule } from './helpers';

/** harassment: Threats of relentless contact. Catalogue section red-line; lexicon: lexicons/harassment.json. */
export default lexiconRule({
  meta: {
    id: 'harassment',
    category: 'red-line',
    defaultSeverity: 'warning',
    description: { zh: '禁止以频繁、不分时段的联系相威胁', en: 'Threats of relentless contact' },
    fixable: false,
    messages: {
      found: {
        zh: '骚扰性表述「{{term}}」：禁止以反复、频繁或深夜联系相威胁；请约定下次联系的时间。',
        en: 'Harassment "{{term}}": never threaten repeated, frequent or late-night contact; agree on when to talk next.',
      },
    },
  },
});
