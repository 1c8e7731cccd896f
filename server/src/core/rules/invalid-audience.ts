import { AUDIENCE_LIST_EN, AUDIENCE_LIST_ZH } from '../suggest';
import { structureRule } from './helpers';

const ZH = AUDIENCE_LIST_ZH.join('、');
const EN = AUDIENCE_LIST_EN.map((a) => a.replace(/ \(.*\)$/, '')).join(', ');

/** invalid-audience: An audience value not in FORMAT.md §4.2. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'invalid-audience',
  defaultSeverity: 'error',
  description: { zh: '未知的对象取值', en: 'An audience value not in FORMAT.md §4.2' },
  messages: {
    unknown: { zh: `「{{key}}」的取值「{{value}}」不是已知的对象。可用的取值：${ZH}。`, en: `Unknown audience "{{value}}". Valid audiences: ${EN}.` },
    'unknown-guess': { zh: `「{{key}}」的取值「{{value}}」不是已知的对象，是不是「{{guess}}」？可用的取值：${ZH}。`, en: `Unknown audience "{{value}}"; did you mean "{{guess}}"? Valid audiences: ${EN}.` },
    empty: { zh: `「{{key}}」没有取值。可用的取值：${ZH}。`, en: `The audience has no value. Valid audiences: ${EN}.` },
  },
});
