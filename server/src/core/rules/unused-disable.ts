import type { Rule } from '../rule';

/** unused-disable: a suppression comment that suppressed nothing. Reported by the engine after all rules ran. */
const rule: Rule = {
  meta: {
    id: 'unused-disable',
    category: 'structure',
    defaultSeverity: 'warning',
    description: { zh: '没有抑制任何发现的抑制注释', en: 'A suppression comment that suppressed nothing' },
    fixable: false,
    scope: 'line',
  },
  check() {
    /* computed by the engine once every other rule has reported (engine.ts) */
  },
};
export default rule;
