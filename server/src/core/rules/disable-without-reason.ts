import type { Rule } from '../rule';

/** disable-without-reason: a suppression comment without `-- reason`. Reported by the engine. */
const rule: Rule = {
  meta: {
    id: 'disable-without-reason',
    category: 'structure',
    defaultSeverity: 'info',
    description: { zh: '抑制注释没有写明理由', en: 'A suppression comment without “-- reason”' },
    fixable: false,
    scope: 'line',
  },
  check() {
    /* computed by the engine from the parsed suppression comments (engine.ts) */
  },
};
export default rule;
