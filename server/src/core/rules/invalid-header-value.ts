import { structureRule } from './helpers';

/** invalid-header-value: Bad channel, time, agents, speakers or locale value. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'invalid-header-value',
  defaultSeverity: 'error',
  description: { zh: 'channel、time、agents、speakers 或 locale 的取值无效', en: 'Bad channel, time, agents, speakers or locale value' },
  messages: {
    channel: {
      zh: '「{{key}}」的取值「{{value}}」无效：渠道应为 call、sms、visit、letter、im、email（或 电话、短信、上门、信函、微信、邮件）。',
      en: 'Invalid channel "{{value}}": write call, sms, visit, letter, im or email.',
    },
    'channel-guess': {
      zh: '「{{key}}」的取值「{{value}}」无效，是不是「{{guess}}」？渠道应为 call、sms、visit、letter、im、email（或 电话、短信、上门、信函、微信、邮件）。',
      en: 'Invalid channel "{{value}}"; did you mean "{{guess}}"? Write call, sms, visit, letter, im or email.',
    },
    time: { zh: '「{{key}}」的取值「{{value}}」无效：时间窗口应为 HH:MM-HH:MM，例如 09:00-11:30。', en: 'Invalid time window "{{value}}": write HH:MM-HH:MM, e.g. 09:00-11:30.' },
    agents: { zh: '「{{key}}」的取值「{{value}}」无效：人数应为正整数，例如 2。', en: 'Invalid number of agents "{{value}}": write a positive whole number, e.g. 2.' },
    'agents-guess': {
      zh: '「{{key}}」的取值「{{value}}」无效，是不是「{{guess}}」？人数应为用数字写的正整数，例如 2。',
      en: 'Invalid number of agents "{{value}}"; did you mean "{{guess}}"? Write a positive whole number in digits, e.g. 2.',
    },
    speakers: {
      zh: '「{{key}}」的取值「{{value}}」无效：角色声明应为「名称=角色」，用逗号分隔，角色为 agent（坐席）、respondent（对方）或 note（备注）。',
      en: 'Invalid speakers "{{value}}": write "Name=role", separated by commas; a role is agent, respondent or note.',
    },
    locale: { zh: '「{{key}}」的取值「{{value}}」无效：语言应为 zh-CN、en-US 这样的语言标记。', en: 'Invalid locale "{{value}}": write a language tag such as zh-CN or en-US.' },
  },
});
