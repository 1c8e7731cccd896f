import { titleNames, type Rule, type WorkspaceIndex } from '../rule';
import { coreMessage } from '../messages';
import { didYouMean } from '../text';

/**
 * Did-you-mean answers for the last list of titles: the language server lints again after each
 * keystroke, with the same titles (an index rebuilt because lines moved has the same names).
 */
let memo: { names: string[]; key: string; guesses: Map<string, string | undefined> } | undefined;

function guessFor(index: WorkspaceIndex, target: string): string | undefined {
  const names = titleNames(index);
  if (memo?.names !== names) {
    const key = names.join('\n');
    memo = { names, key, guesses: memo?.key === key ? memo.guesses : new Map() };
  }
  let guess = memo.guesses.get(target);
  if (guess === undefined && !memo.guesses.has(target)) {
    guess = didYouMean(target, names);
    if (memo.guesses.size > 10_000) memo.guesses.clear();
    memo.guesses.set(target, guess);
  }
  return guess;
}

/** undefined-jump: `<<jump X>>` to a title that does not exist in the workspace. */
const rule: Rule = {
  meta: {
    id: 'undefined-jump',
    category: 'structure',
    defaultSeverity: 'error',
    description: { zh: '跳转到不存在的节点', en: '<<jump>> to a title that does not exist' },
    fixable: false,
    scope: 'line',
    visits: 'node',
    readsIndex: true,
    messages: {
      missing: {
        zh: '跳转目标「{{target}}」不存在。',
        en: 'No node titled "{{target}}".',
      },
      'missing-guess': {
        zh: '跳转目标「{{target}}」不存在，是不是「{{guess}}」？',
        en: 'No node titled "{{target}}"; did you mean "{{guess}}"?',
      },
    },
  },
  check(ctx) {
    for (const { node: n } of ctx.nodes) {
      for (const b of n.body) {
        const c = b.command;
        if (c?.name !== 'jump' || !c.arg || ctx.workspace.titles.has(c.arg)) continue;
        const guess = guessFor(ctx.workspace, c.arg);
        ctx.report({
          ...(guess ? { messageId: 'missing-guess', data: { target: c.arg, guess } } : { messageId: 'missing', data: { target: c.arg } }),
          range: c.argRange,
          ...(guess ? { suggestions: [{ title: coreMessage('replaceWith', { text: guess }, ctx.locale), edits: [{ range: c.argRange, newText: guess }] }] } : {}),
        });
      }
    }
  },
};
export default rule;
