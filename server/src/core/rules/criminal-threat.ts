import { lexiconRule } from './helpers';

/** criminal-threat: Threats of arrest, jail or criminal charges, or claims that such steps were taken. Catalogue section red-line; lexicon: lexicons/criminal-threat.json. */
export default lexiconRule({
  meta: {
    id: 'criminal-threat',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止以逮捕、坐牢、刑事责任相威胁或谎称已立案', en: 'Threats of arrest, jail or criminal charges, or claims that such steps were taken' },
    fixable: false,
  },
  message: (t) => `刑事恐吓「${t}」:欠款属于民事纠纷,禁止以抓人、坐牢、刑事责任相威胁或谎称已立案;可如实说明可能的民事法律后果。 Criminal threat; a debt is a civil matter — state only true civil consequences.`,
});
