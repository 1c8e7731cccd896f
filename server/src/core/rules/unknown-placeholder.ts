import { BUILTIN_PLACEHOLDERS } from '../vocabulary';
import { structureRule } from './helpers';

const ASCII = Object.keys(BUILTIN_PLACEHOLDERS).filter((k) => /^[a-z]/.test(k));
const ZH = Object.keys(BUILTIN_PLACEHOLDERS).filter((k) => !/^[a-z]/.test(k));
const LIST_ZH = [...ZH, ...ASCII].map((k) => `{${k}}`).join('、');
const LIST_EN = ASCII.map((k) => `{${k}}`).join(', ');

/** unknown-placeholder: A placeholder name that is neither built in nor configured. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'unknown-placeholder',
  defaultSeverity: 'warning',
  description: { zh: '既非内置也未配置的占位符', en: 'A placeholder name that is neither built in nor configured' },
  messages: {
    unknown: {
      zh: `未知的占位符 {{{name}}}：可在 parley.config.json 的 placeholders 中声明。内置占位符：${LIST_ZH}。`,
      en: `Unknown placeholder {{{name}}}: declare it under "placeholders" in parley.config.json. Built-in placeholders: ${LIST_EN}.`,
    },
    'unknown-guess': {
      zh: `未知的占位符 {{{name}}}，是不是 {{{guess}}}？可在 parley.config.json 的 placeholders 中声明。`,
      en: `Unknown placeholder {{{name}}}; did you mean {{{guess}}}? Declare it under "placeholders" in parley.config.json.`,
    },
  },
});
