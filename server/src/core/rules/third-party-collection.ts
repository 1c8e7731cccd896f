import type { Match } from '../lexicon';
import type { LineView, Rule } from '../rule';
import { CLAUSE_BREAK } from '../text';
import { excerpt, NOT_LIABLE } from './helpers';

/** Characters that end the reach of a negation (a condition or a new clause starts). */
const NEGATION_STOP = new Set(['就', '否', '则', '话', '如', '要']);

/**
 * Is the match negated (我们不会让您替他还)? Like the engine's negation, but it reads the `negation`
 * set through its exceptions, so A-not-A questions (能不能您先替他垫上, 是不是…) and 要不 / 不然 /
 * 不好意思 do not cancel a request to pay.
 */
export function negatedRequest(view: LineView, m: Match): boolean {
  const text = view.folded;
  for (const n of view.hits.matches('negation')) {
    // A negation inside the request (这个钱不需要您来还) cancels it too.
    if (n.start >= m.start && n.end <= m.end) return true;
    if (n.end > m.start) continue;
    const window = n.end - n.start === 1 ? 1 : 4;
    if (m.start - n.end > window) continue;
    let ok = true;
    for (let i = n.end; i < m.start; i++) {
      if (CLAUSE_BREAK.has(text.charCodeAt(i)) || NEGATION_STOP.has(text[i])) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

/** Requests that a person who is not liable pay the debt, after negation. */
export function collectionRequests(view: LineView): Match[] {
  return view.hits.matches('third-party-collection').filter((m) => !negatedRequest(view, m));
}


/**
 * third-party-collection: asking someone who is not liable to pay. Error, but a warning for
 * `family` and `spouse` (the catalogue's default), unless the config sets a severity.
 */
const rule: Rule = {
  meta: {
    id: 'third-party-collection',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '要求非债务人代为还款', en: 'Asking someone who is not liable to pay the debt' },
    fixable: false,
    scope: 'line',
    visits: 'line',
    audiences: NOT_LIABLE,
    lexicons: ['third-party-collection', 'negation'],
    messages: {
      found: {
        zh: '向非债务人催要还款「{{term}}」：只有债务人本人（及担保人）负有还款义务；对第三方只能请其转告回电。',
        en: 'Asking a third party to pay ("{{term}}"): only the debtor (and a guarantor) owe the debt; ask a third party only to pass on a message.',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.stageInvalid) continue;
      const severity = node.audience === 'family' || node.audience === 'spouse' ? 'warning' : undefined;
      for (const view of node.agentLines) {
        for (const m of collectionRequests(view)) {
          ctx.report({ messageId: 'found', data: { term: excerpt(view, m) }, range: view.rangeOf(m.start, m.end), defaultSeverity: severity });
        }
      }
    }
  },
};
export default rule;
