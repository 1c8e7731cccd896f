import { lexiconRule } from './helpers';

/** begging: Pleading or citing the agent’s own hardship. Catalogue section wording; lexicon: lexicons/begging.json. */
export default lexiconRule({
  meta: {
    id: 'begging',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '避免乞求或诉说坐席自身的困难', en: 'Pleading or citing the agent’s own hardship' },
    fixable: false,
    messages: {
      found: {
        zh: '乞求式表述「{{term}}」：不要「求」客户还款，也不要诉说自己的困难；请说明还款对客户自身的好处和具体安排。',
        en: 'Begging "{{term}}": do not plead or cite your own hardship; explain the arrangement and its benefit to the customer.',
      },
    },
  },
});
