import { lexiconRule } from './helpers';

/** impersonation: Claiming to be police, court, government or a lawyer, or sending pseudo-legal papers. Catalogue section red-line; lexicon: lexicons/impersonation.json. */
export default lexiconRule({
  meta: {
    id: 'impersonation',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止冒充公检法、政府、律师或发送伪法律文书', en: 'Claiming to be police, court, government or a lawyer, or sending pseudo-legal papers' },
    fixable: false,
    messages: {
      found: {
        zh: '冒充公权力或律师「{{term}}」：禁止冒充公检法、政府机关、律师或发送伪造法律文书；请如实表明公司和本人身份。',
        en: 'Impersonation "{{term}}": never pose as police, a court, a government office or a lawyer, or send fake legal papers; state your real company and name.',
      },
    },
  },
});
