import type { Rule } from '../rule';
import { inQuotes, quotedSpans } from './helpers';

/**
 * prefer-honorific: 你 (or the variant 妳) addressed to the listener; fix: 您. Not 你们 or the
 * lexicon's other exceptions, not inside quotes (quoted words are not the agent addressing anyone),
 * not in `public` nodes (a post or notice addresses nobody in person), not where the audience is
 * missing or invalid (no guesses).
 */
const rule: Rule = {
  meta: {
    id: 'prefer-honorific',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '称呼对方用「您」而不是「你」', en: 'Address the listener as 您 rather than 你' },
    fixable: true,
    scope: 'line',
    visits: 'line',
    lexicons: ['prefer-honorific'],
    messages: {
      found: {
        zh: '称呼对方请用「您」代替「{{word}}」：尊称客气，让客户感到被尊重。',
        en: 'Address the listener as "您" rather than "{{word}}": the polite form shows respect.',
      },
      fix: { zh: '把「{{word}}」改为「您」', en: 'Replace "{{word}}" with "您"' },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (!node.audience || node.audience === 'public') continue;
      for (const view of node.agentLines) {
        const matches = view.hits.matches('prefer-honorific');
        if (!matches.length) continue;
        const quotes = quotedSpans(view.line.text);
        for (const m of matches) {
          if (inQuotes(quotes, m.start, m.end - 1)) continue;
          const range = view.rangeOf(m.start, m.end);
          const word = view.line.text.slice(m.start, m.end);
          ctx.report({
            messageId: 'found',
            data: { word },
            range,
            fix: { title: ctx.text('fix', { word }), edits: [{ range, newText: '您' }] },
          });
        }
      }
    }
  },
};
export default rule;
