import { lexiconRule } from './helpers';

/** condescending-tone: Lecturing, blaming, asserting authority or moral judgement. Catalogue section wording; lexicon: lexicons/condescending-tone.json. */
export default lexiconRule({
  meta: {
    id: 'condescending-tone',
    category: 'wording',
    defaultSeverity: 'warning',
    description: { zh: '避免说教、指责、居高临下或道德评判', en: 'Lecturing, blaming, asserting authority or moral judgement' },
    fixable: false,
    messages: {
      found: {
        zh: '说教或指责「{{term}}」：避免贬损对方、抬高自己；请以尊重的语气说明情况并提出方案。',
        en: 'Condescending tone "{{term}}": do not lecture or belittle; explain the situation respectfully and propose a way forward.',
      },
    },
  },
});
