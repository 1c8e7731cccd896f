import { structureRule } from './helpers';

/** unknown-speaker: A speaker label that is neither built in nor declared. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'unknown-speaker',
  defaultSeverity: 'warning',
  description: { zh: '既非内置也未声明的说话人', en: 'A speaker label that is neither built in nor declared' },
  messages: {
    unknown: {
      zh: '未知的说话人「{{label}}」，按坐席处理；可在 speakers（角色）头部声明，例如「角色: {{label}}=agent」。内置的说话人：坐席、催收员、客服、客户、本人、联系人、家属、备注等。',
      en: 'Unknown speaker label "{{label}}" (treated as an agent line); declare it in a speakers header, e.g. "speakers: {{label}}=agent". Built-in labels include agent, collector, customer, contact, note.',
    },
  },
});
