import { lexiconRule } from './helpers';

/** exposure-threat: Threats to publish the debt or to press the debtor through people around them. Catalogue section red-line; lexicon: lexicons/exposure-threat.json. */
export default lexiconRule({
  meta: {
    id: 'exposure-threat',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止以曝光、公示或向亲友同事施压相威胁', en: 'Threats to publish the debt or to press the debtor through people around them' },
    fixable: false,
  },
  message: (t) => `曝光或借力施压「${t}」:禁止公开欠款信息或向亲友、同事、单位施压;请只与客户本人沟通还款。 Threat of exposure; talk about the debt with the debtor only.`,
});
