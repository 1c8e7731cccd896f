import type { Match } from '../lexicon';
import type { LineView, Rule } from '../rule';
import type { Audience } from '../vocabulary';
import { collectionRequests, debtFacts, evidence, overlaps, ownCreditSafe, type Span } from './helpers';

const AUDIENCES: Audience[] = ['contact', 'employer', 'family', 'spouse', 'public'];

/**
 * third-party-disclosure: debt facts or purpose told to someone who is not liable.
 * `informed-contact` is exempt (004: 对知情联系人,可透露贷款信息). In a `public` node a general notice
 * (official channels, anti-fraud warnings) that names or points at nobody discloses nothing. A request that the third party
 * pay (您先替他垫上, 从他工资里扣) is third-party-collection's evidence: this rule quotes the debt facts
 * beside it, or what the request names of the debt (`debt-object`: 帮他把钱先还上 → 「钱」).
 */
const rule: Rule = {
  meta: {
    id: 'third-party-disclosure',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '向第三方透露欠款事实或来电目的', en: 'Debt facts or purpose told to someone who is not liable' },
    fixable: false,
    scope: 'line',
    visits: 'line',
    audiences: AUDIENCES,
    lexicons: ['debt-words', 'third-party-disclosure', 'third-party-collection', 'debt-object', 'named-person', 'general-notice', 'own-credit-safe'],
    messages: {
      found: {
        zh: '向第三方透露了欠款信息「{{words}}」：对第三方只告知姓名和回电号码，不说明来电目的，例如「有私人事务需要他本人处理，麻烦您转告他回电{callback_number}」。',
        en: 'Debt facts disclosed to a third party ("{{words}}"): leave only your name and a callback number, not the purpose, e.g. "有私人事务需要他本人处理，麻烦您转告他回电{callback_number}".',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.stageInvalid) continue;
      // In a `public` node (group chats, posts, notices) a general notice — official repayment
      // channels, an anti-fraud warning, "any customer" (the `general-notice` set) — that names or
      // points at nobody (the `named-person` set, as exposure-threat reads it) tells nobody's debt:
      // 所有还款请通过官方App办理, 谨防不法分子冒充催收人员.
      const publicNode = node.audience === 'public';
      for (const view of node.agentLines) {
        if (publicNode && view.hits.has('general-notice') && !view.hits.has('named-person') && !view.hits.has('third-party-disclosure')) continue;
        // The debt facts are this rule's evidence; a request to pay (您先替他垫上) is the evidence
        // of third-party-collection on the same line, so it is not quoted here again (below).
        // A reassurance that the listener's own credit is not affected (您只是联系人，征信不会受影响)
        // tells them nothing about the debtor: its 征信 is not a debt fact here.
        const all = debtFacts(view, 'third-party-disclosure');
        const requests = collectionRequests(view);
        if (!all.length && !requests.length) continue;
        const ev = disclosed(view, all, requests);
        if (!ev) continue;
        const words = ev.quote;
        ctx.report({
          messageId: 'found',
          data: { words },
          range: ev.range,
        });
      }
    }
  },
};

/**
 * The evidence of a line that holds debt facts or a request to pay (apart from the line loop, whose
 * lines mostly hold neither: the closures below are allocated only for those that do).
 */
function disclosed(view: LineView, all: readonly Match[], requests: readonly Match[]): ReturnType<typeof evidence> {
  const facts = all.filter((f) => !ownCreditSafe(view, f));
  if (!facts.length && !requests.length) return undefined;
  const within = (o: Span, f: Span) => o.start >= f.start && o.end <= f.end;
  const inRequest = (f: Span) => requests.some((r) => within(f, r));
  const touchesRequest = (f: Span) => requests.some((r) => overlaps(f, r));
  const outside = facts.filter((f) => !touchesRequest(f));
  // With no debt fact apart from the requests, what a request names of the debt (the
  // `debt-object` set: 把钱先还上, 这个月的钱, 呢期) is the disclosure — quoted as the thing, never
  // the request phrase that third-party-collection quotes (帮他把钱先还上 → 「钱」, not 「把钱先还」;
  // 這錢你就替他還了 → 「錢」). A debt word inside a request that names no such thing is quoted
  // (帮他还款: 「还款」); a fact that holds a request, or runs across one, never is; and a request
  // that names nothing of the debt (帮他还了吧) is third-party-collection's alone.
  let ev;
  if (outside.length) ev = evidence(view, outside);
  else {
    const around = [...requests, ...facts.filter(touchesRequest)];
    const objects = view.hits.matches('debt-object').filter((o) => around.some((a) => within(o, a)));
    ev = evidence(view, [...objects, ...facts.filter((f) => inRequest(f) && !objects.some((o) => within(o, f)))]);
  }
  return ev;
}
export default rule;
