import { lexiconRule } from './helpers';

/** premature-legal-threat: Mentions of lawsuits or legal steps while 30 days past due or less. Catalogue section stage; lexicon: lexicons/premature-legal-threat.json. */
export default lexiconRule({
  meta: {
    id: 'premature-legal-threat',
    category: 'stage',
    defaultSeverity: 'warning',
    description: { zh: '早期阶段（逾期 30 天以内）不宜提及诉讼等法律手段', en: 'Mentions of lawsuits or legal steps while 30 days past due or less' },
    fixable: false,
    maxStageDays: 30,
    messages: {
      found: {
        zh: '早期阶段提及法律手段「{{term}}」：逾期 30 天以内应以温和提醒为主；请了解原因并约定还款时间。',
        en: 'Legal steps "{{term}}" mentioned in an early stage: at 30 days past due or less, remind gently; ask why and agree on a repayment time.',
      },
    },
  },
});
