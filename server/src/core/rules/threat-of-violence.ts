import { lexiconRule } from './helpers';

/** threat-of-violence: Threats of harm or intimidation of the person, family or property. Catalogue section red-line; lexicon: lexicons/threat-of-violence.json. */
export default lexiconRule({
  meta: {
    id: 'threat-of-violence',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止以人身、家人或财产安全相威胁', en: 'Threats of harm or intimidation of the person, family or property' },
    fixable: false,
    messages: {
      found: {
        zh: '暴力或恐吓性表述「{{term}}」：禁止威胁客户及其家人的人身、财产安全；请说明合法的后续处理方式。',
        en: 'Threat of violence "{{term}}": never threaten the safety or property of the customer or their family; state only lawful next steps.',
      },
    },
  },
});
