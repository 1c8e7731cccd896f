import type { Rule } from '../rule';

const PREFIX = ['真的', '实在', '非常', '十分', '很', '真', '太'];

/** apology-wording: 对不起 as an apology; fix: 我向您道歉. */
const rule: Rule = {
  meta: {
    id: 'apology-wording',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '道歉时用“我向您道歉”代替“对不起”', en: 'Say 我向您道歉 rather than 对不起 when apologising' },
    fixable: true,
    scope: 'line',
    lexicons: ['apology-wording'],
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      for (const view of node.agentLines) {
        const f = view.folded;
        const exceptions = view.hits.matches('apology-wording');
        for (let i = f.indexOf('对不起'); i >= 0; i = f.indexOf('对不起', i + 3)) {
          if (exceptions.some((m) => m.start <= i && m.end >= i + 3)) continue;
          let start = i;
          for (const p of PREFIX) {
            if (f.slice(start - p.length, start) === p) {
              start -= p.length;
              break;
            }
          }
          let end = i + 3;
          if (f[end] === '您' || f[end] === '你') end++;
          const range = view.rangeOf(start, end);
          ctx.report({
            message: `“${view.line.text.slice(start, end)}”显得被动、示弱:道歉时请说“我向您道歉”。Say 我向您道歉 instead of 对不起.`,
            range,
            fix: { title: '改为“我向您道歉”', edits: [{ range, newText: '我向您道歉' }] },
          });
        }
      }
    }
  },
};
export default rule;
