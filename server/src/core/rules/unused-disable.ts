import type { Rule } from '../rule';

/** unused-disable: a suppression comment that suppressed nothing. Reported by the engine after all rules ran. */
const rule: Rule = {
  meta: {
    id: 'unused-disable',
    category: 'structure',
    defaultSeverity: 'warning',
    description: { zh: '没有抑制任何问题的抑制注释', en: 'A suppression comment that suppressed nothing' },
    fixable: false,
    scope: 'line',
    visits: 'suppressions',
    suppressible: false,
    messages: {
      unused: {
        zh: '这条抑制注释没有抑制任何问题，请删除。',
        en: 'This suppression comment suppresses nothing; remove it.',
      },
      'unknown-rule': {
        zh: '抑制注释中的规则「{{id}}」不存在。',
        en: 'Unknown rule id "{{id}}" in a suppression comment.',
      },
      'unknown-rule-guess': {
        zh: '抑制注释中的规则「{{id}}」不存在，是不是「{{guess}}」？',
        en: 'Unknown rule id "{{id}}" in a suppression comment; did you mean "{{guess}}"?',
      },
      'unused-rule': {
        zh: '抑制注释没有抑制任何「{{id}}」问题，请删除。',
        en: 'This suppression of {{id}} suppresses nothing; remove it.',
      },
      'unknown-directive': {
        zh: '未知的抑制指令「{{directive}}」，它不抑制任何问题。可用：{{valid}}。',
        en: 'Unknown directive "{{directive}}"; it suppresses nothing. Valid: {{valid}}.',
      },
      'unknown-directive-guess': {
        zh: '未知的抑制指令「{{directive}}」，它不抑制任何问题，是不是「{{guess}}」？可用：{{valid}}。',
        en: 'Unknown directive "{{directive}}"; it suppresses nothing. Did you mean "{{guess}}"? Valid: {{valid}}.',
      },
    },
  },
  check() {
    /* computed by the engine once every other rule has reported (engine/finish.ts) */
  },
};
export default rule;
