import { lexiconRule, NOT_LIABLE } from './helpers';

/**
 * third-party-collection: asking someone who is not liable to pay. Error, but a warning for
 * `family` and `spouse` (the catalogue's default), unless the config sets a severity.
 */
export default lexiconRule({
  meta: {
    id: 'third-party-collection',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '要求非债务人代为还款', en: 'Asking someone who is not liable to pay the debt' },
    fixable: false,
  },
  audiences: NOT_LIABLE,
  severityFor: (view) => (view.audience === 'family' || view.audience === 'spouse' ? 'warning' : undefined),
  message: (t) =>
    `向非债务人催要还款「${t}」:只有债务人本人(及担保人)负有还款义务;对第三方只能请其转告回电。Asking a third party to pay; only ask them to pass on a message.`,
});
