import { lexiconRule } from './helpers';

/** premature-legal-threat: Mentions of lawsuits or legal steps while 30 days past due or less. Catalogue section stage; lexicon: lexicons/premature-legal-threat.json. */
export default lexiconRule({
  meta: {
    id: 'premature-legal-threat',
    category: 'stage',
    defaultSeverity: 'warning',
    description: { zh: '早期阶段(逾期30天以内)不宜提及诉讼等法律手段', en: 'Mentions of lawsuits or legal steps while 30 days past due or less' },
    fixable: false,
  },
  applies: (node) => !!node.stage && node.stage.max <= 30,
  message: (t) => `早期阶段提及法律手段「${t}」:逾期30天以内应以温和提醒为主;请了解原因并约定还款时间。 Legal steps mentioned in an early stage; keep the tone gentle and ask for a repayment time.`,
});
