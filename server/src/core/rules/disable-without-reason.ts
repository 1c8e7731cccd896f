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
    visits: 'suppressions',
    suppressible: false,
    messages: {
      missing: {
        zh: '抑制注释缺少理由：在规则之后写「-- 理由」，例如 -- 合规已批准，工单 1234。',
        en: 'The suppression comment gives no reason: add "-- reason" after the rules, e.g. -- approved by compliance, ticket 1234.',
      },
    },
  },
  check() {
    /* computed by the engine from the parsed suppression comments (engine/finish.ts) */
  },
};
export default rule;
