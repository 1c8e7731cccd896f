import type { Match } from '../lexicon';
import type { LineView, Rule } from '../rule';
import { fold } from '../text';
import { debtFacts, evidence } from './helpers';

/** A respondent's answer that confirms who they are (是我 / 我就是 / 对,本人 / 嗯,是的). */
const AFFIRM = /^[\s,\uFF0C。.!\uFF01~\uFF5E…]*(是我|我就是|就是我|我是本人|是本人|本人|是的|是啊|是呀|是滴|对的|对啊|对呀|对|嗯|恩|没错|正是|我是<debtor>|我是|是)/;
/** …unless the answer goes on to say they are someone else or the person is not there. */
const DENY = /不是|不在|没有|打错|错了|朋友|同事|家人|家属|亲戚|邻居|爸|妈|父亲|母亲|儿子|女儿|老婆|老公|妻子|丈夫|爱人|哥|姐|弟|妹|领导|前台|室友|房东|他|她/;

/** The role words an identity question may name (the debt words themselves, such as 借款 in it, still count). */
const ROLE = /^(担保人|保证人|保人|共同借款人|共同还款人|连带保证人|连保人)$/;

/** Is the line inside an option branch where the respondent has confirmed their identity? */
function afterConfirmation(view: LineView): boolean {
  const branch = view.line.branch;
  for (let k = 0; k < branch.length; k++) if (confirms(branch[k])) return true;
  return false;
}

/** Does an option's answer confirm who answered? Read once per option: every line of its branch asks. */
const CONFIRMS = new WeakMap<object, boolean>();
function confirms(opt: LineView['line']['branch'][number]): boolean {
  let yes = CONFIRMS.get(opt);
  if (yes === undefined) {
    // (a label the parser did not split off, e.g. `客户:是的`, is dropped)
    const t = fold(opt.text).replace(/\{[^}]*\}/g, '<debtor>').replace(/^[^\s:,.!?]{1,12}\s*:\s*/, '');
    CONFIRMS.set(opt, (yes = AFFIRM.test(t) && !DENY.test(t)));
  }
  return yes;
}

/** The facts that are not a role named in an identity question. */
function notAsked(view: LineView, facts: readonly Match[], asks: readonly Match[]): Match[] {
  return facts.filter((m) => !(ROLE.test(view.folded.slice(m.start, m.end)) && asks.some((a) => a.start <= m.start && m.end <= a.end)));
}

/**
 * disclosure-before-verification: debt facts or purpose told to whoever answered before their
 * identity is confirmed (`unverified` nodes). Lines inside an option branch in which the respondent
 * confirmed who they are (-> 客户: 是我) come after the verification.
 */
const rule: Rule = {
  meta: {
    id: 'disclosure-before-verification',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '核实身份前透露欠款事实或来电目的', en: 'Debt facts or purpose disclosed before the listener’s identity is confirmed' },
    fixable: false,
    scope: 'line',
    visits: 'line',
    audiences: ['unverified'],
    lexicons: ['debt-words', 'disclosure-before-verification', 'role-ask'],
    messages: {
      found: {
        zh: '核实身份前透露了欠款信息「{{words}}」：先核实对方是否本人（如「请问是{debtor_name}先生本人吗？」），再说明来电目的。',
        en: 'Debt facts or purpose ("{{words}}") before the listener\'s identity is verified: confirm who is on the line first (e.g. "请问是{debtor_name}先生本人吗？"), then say why you call.',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (node.stageInvalid) continue;
      for (const view of node.agentLines) {
        if (afterConfirmation(view)) continue;
        // Each debt phrase quoted once, whole (overlapping matches of the two lexicons merged);
        // the range runs from the first quoted phrase to the last.
        // A role named in an identity question (请问您是张先生的担保人刘女士吗？, the `role-ask` set)
        // identifies the listener; it discloses nothing.
        const facts = debtFacts(view, 'disclosure-before-verification');
        if (!facts.length) continue;
        const asks = view.hits.matches('role-ask');
        const ev = evidence(view, asks.length ? notAsked(view, facts, asks) : facts);
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
export default rule;
