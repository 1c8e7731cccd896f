import type { Rule } from '../rule';
import { evidence, excerpt, overlaps } from './helpers';

/**
 * exposure-threat: threats to publish the debt or to press the debtor through the people around
 * them (lexicons/exposure-threat.json), in every audience and stage. In a `public` node (group
 * chats, posts, notices: FORMAT.md §4.2) the line IS the publication: a line there that states debt
 * facts (the shared `debt-words`) about a person it names or points at (`named-person`: the debtor
 * placeholder, 他/她, 此人, 欠款人, 本群成员 …) publishes the debt and is reported even without a threat
 * word; a general notice (还款请认准官方渠道) is not. A discreet meeting near the workplace that the
 * debtor agrees to or chooses (the `discreet-meeting` set) is not exposure.
 */
const rule: Rule = {
  meta: {
    id: 'exposure-threat',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止以曝光、公示或向亲友同事施压相威胁', en: 'Threats to publish the debt or to press the debtor through people around them' },
    fixable: false,
    scope: 'line',
    visits: 'line',
    lexicons: ['exposure-threat', 'debt-words', 'named-person', 'discreet-meeting'],
    messages: {
      found: {
        zh: '曝光或借力施压「{{term}}」：禁止公开欠款信息或向亲友、同事、单位施压；请只与客户本人沟通还款。',
        en: 'Threat of exposure "{{term}}": never publish the debt or pressure friends, colleagues or the employer; talk about the debt with the debtor only.',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      const published = node.audience === 'public';
      for (const view of node.agentLines) {
        const found = view.hits.matches('exposure-threat');
        const discreet = found.length ? view.hits.matches('discreet-meeting') : [];
        for (let k = 0; k < found.length; k++) {
          const m = found[k];
          // A private meeting near the workplace that the debtor agrees to or chooses (如果您方便，
          // 我们可以在您公司附近单独聊，时间地点您来定) makes the debt known to nobody.
          if (discreet.some((d) => overlaps(d, m))) continue;
          ctx.report({ messageId: 'found', data: { term: excerpt(view, m) }, range: view.rangeOf(m.start, m.end) });
        }
        if (found.length || !published || !view.hits.has('named-person')) continue;
        const ev = evidence(view, view.hits.matches('debt-words'));
        if (ev) ctx.report({ messageId: 'found', data: { term: ev.quote }, range: ev.range });
      }
    }
  },
};
export default rule;
