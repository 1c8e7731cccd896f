import type { Rule } from '../rule';
import { inQuotes, quotedSpans } from './helpers';

/** Intensifiers taken into the finding (and the fix), longest first: 真对不起 → 我向您道歉. */
const PREFIX = ['真的是', '实在是', '真的', '实在', '真是', '非常', '十分', '很', '真', '太'];
const SUFFIX = ['您', '你', '妳'];

/**
 * apology-wording: 对不起 (or 对不住) said as an apology; fix: 我向您道歉. Not 对得起, not
 * 对不起自己/良心…, not 对不起来 (figures that do not reconcile), not 哪里对不起…, not quoted.
 */
const rule: Rule = {
  meta: {
    id: 'apology-wording',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '道歉时用「我向您道歉」代替「对不起」', en: 'Say 我向您道歉 rather than 对不起 when apologising' },
    fixable: true,
    scope: 'line',
    visits: 'line',
    lexicons: ['apology-wording'],
    messages: {
      found: {
        zh: '「{{term}}」显得被动、示弱：道歉时请说「我向您道歉」。',
        en: '"{{term}}" sounds passive and weak: to apologise, say "我向您道歉" instead of "对不起".',
      },
      fix: { zh: '改为「我向您道歉」', en: 'Replace with "我向您道歉"' },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      for (const view of node.agentLines) {
        const matches = view.hits.matches('apology-wording');
        if (!matches.length) continue;
        const f = view.folded;
        const quotes = quotedSpans(view.line.text);
        for (const m of matches) {
          if (inQuotes(quotes, m.start, m.end - 1)) continue;
          let start = m.start;
          const p = PREFIX.find((w) => start >= w.length && f.slice(start - w.length, start) === w);
          if (p) start -= p.length;
          let end = m.end;
          if (SUFFIX.includes(f[end])) end++;
          const range = view.rangeOf(start, end);
          ctx.report({
            messageId: 'found',
            data: { term: view.line.text.slice(start, end) },
            range,
            fix: { title: ctx.text('fix'), edits: [{ range, newText: '我向您道歉' }] },
          });
        }
      }
    }
  },
};
export default rule;
