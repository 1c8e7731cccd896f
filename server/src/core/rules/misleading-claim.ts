import { lexiconRule, NOT_LIABLE, ownCreditSafe } from './helpers';

/**
 * misleading-claim: False or unauthorised statements about consequences or status. Catalogue section
 * red-line; lexicon: lexicons/misleading-claim.json. The listener matters: 不会影响您的征信 said to
 * the debtor promises what the agent cannot; said to a contact, family member or colleague (who owes
 * nothing) about their own credit it is true (the `own-credit-safe` set), and not reported there.
 * The other way round, the `listener-own-loss` set (您的信用卡额度也会被冻结, 你也会被列入联征的观察名单)
 * is false only to a listener who owes nothing of their own (the not-liable audiences, and an heir, who
 * answers only from the estate: 反正早晚都要还，不如先用您自己的积蓄), and is reported only there.
 */
export default lexiconRule({
  meta: {
    id: 'misleading-claim',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止对后果或状态作虚假、越权陈述', en: 'False or unauthorised statements about consequences or status' },
    fixable: false,
    lexicons: ['misleading-claim', 'own-credit-safe', 'listener-own-loss'],
    messages: {
      found: {
        zh: '虚假或越权陈述「{{term}}」：只能如实说明逾期的真实后果（如如实报送征信），不得承诺删除记录或夸大后果。',
        en: 'Misleading claim "{{term}}": state only the true consequences of being overdue (such as truthful credit reporting); never promise to delete records or exaggerate consequences.',
      },
    },
  },
  drop: ownCreditSafe,
  also: (view) => (view.audience && (NOT_LIABLE.includes(view.audience) || view.audience === 'heir') ? view.hits.matches('listener-own-loss') : []),
});
