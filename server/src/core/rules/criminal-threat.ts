import { lexiconRule } from './helpers';

/** criminal-threat: Threats of arrest, jail or criminal charges, or claims that such steps were taken. Catalogue section red-line; lexicon: lexicons/criminal-threat.json. */
export default lexiconRule({
  meta: {
    id: 'criminal-threat',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止以逮捕、坐牢、刑事责任相威胁或谎称已立案', en: 'Threats of arrest, jail or criminal charges, or claims that such steps were taken' },
    fixable: false,
    messages: {
      found: {
        zh: '刑事恐吓「{{term}}」：欠款属于民事纠纷，禁止以抓人、坐牢、刑事责任相威胁或谎称已立案；可如实说明可能的民事法律后果。',
        en: 'Criminal threat "{{term}}": a debt is a civil matter; never threaten arrest, prison or criminal charges, or claim a case was filed; state only true civil consequences.',
      },
    },
  },
});
