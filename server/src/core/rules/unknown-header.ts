import { HEADER_KEYS } from '../vocabulary';
import { structureRule } from './helpers';

const VALID = Object.keys(HEADER_KEYS).filter((k) => /^[a-z]/.test(k)).map((k) => `${k}（${Object.keys(HEADER_KEYS).find((z) => HEADER_KEYS[z] === HEADER_KEYS[k] && !/^[a-z]/.test(z))}）`).join('、');
const VALID_EN = Object.keys(HEADER_KEYS).filter((k) => /^[a-z]/.test(k)).join(', ');

/** unknown-header: Header key not in FORMAT.md §4. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'unknown-header',
  defaultSeverity: 'warning',
  description: { zh: '未知的头部键', en: 'Header key not in FORMAT.md §4' },
  messages: {
    unknown: { zh: `未知的头部键「{{key}}」。可用的键：${VALID}。`, en: `Unknown header key "{{key}}". Valid keys: ${VALID_EN}.` },
    'unknown-guess': { zh: `未知的头部键「{{key}}」，是不是「{{guess}}」？可用的键：${VALID}。`, en: `Unknown header key "{{key}}"; did you mean "{{guess}}"? Valid keys: ${VALID_EN}.` },
  },
});
