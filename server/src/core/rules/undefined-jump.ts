import { titleNames, type Rule } from '../rule';
import { didYouMean } from '../text';

/** undefined-jump: `<<jump X>>` to a title that does not exist in the workspace. */
const rule: Rule = {
  meta: {
    id: 'undefined-jump',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '跳转到不存在的节点', en: '<<jump>> to a title that does not exist' },
    fixable: false,
    scope: 'line',
  },
  check(ctx) {
    for (const n of ctx.script.nodes) {
      for (const b of n.body) {
        const c = b.command;
        if (c?.name !== 'jump' || !c.arg || ctx.workspace.titles.has(c.arg)) continue;
        const guess = didYouMean(c.arg, titleNames(ctx.workspace));
        ctx.report({
          message: `跳转目标「${c.arg}」不存在${guess ? `,是不是「${guess}」?` : '。'} No node titled "${c.arg}"${guess ? `; did you mean "${guess}"?` : '.'}`,
          range: c.argRange,
        });
      }
    }
  },
};
export default rule;
