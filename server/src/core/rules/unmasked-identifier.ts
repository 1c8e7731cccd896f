import type { Rule } from '../rule';
import { lineRange } from '../types';
import { fold } from '../text';

/** Runs of digits, allowing single spaces or hyphens between groups (6222 0212 3456 7890). */
const RUN = /(?<![0-9*xX])[0-9](?:[0-9]|[ -](?=[0-9])){9,24}[0-9xX]?(?![0-9*])/g;

export function classifyIdentifier(run: string): string | undefined {
  const digits = run.replace(/[ -]/g, '');
  const last = digits[digits.length - 1];
  const body = /[xX]$/.test(digits) ? digits.slice(0, -1) : digits;
  if (/[xX]/.test(last)) return body.length === 17 ? '身份证号' : undefined;
  if (digits.length === 18 && /^[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$/.test(digits)) return '身份证号';
  if (digits.length === 15 && /^[1-9]\d{5}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$/.test(digits)) return '身份证号';
  if (digits.length === 11 && /^1[3-9]\d{9}$/.test(digits)) return '手机号';
  if (digits.length === 13 && /^861[3-9]\d{9}$/.test(digits)) return '手机号';
  if (digits.length >= 12 && digits.length <= 19) return '银行卡号或账号';
  return undefined;
}

/** unmasked-identifier: a full ID, card/account or mobile number written out in the script. */
const rule: Rule = {
  meta: {
    id: 'unmasked-identifier',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '脚本中出现完整的身份证号、银行卡号或手机号', en: 'A full personal number (ID, card/account, mobile) written in the script' },
    fixable: false,
    scope: 'line',
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      for (const view of node.lines) {
        const text = fold(view.line.text);
        RUN.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = RUN.exec(text))) {
          const kind = classifyIdentifier(m[0]);
          if (!kind) continue;
          ctx.report({
            message: `脚本中出现了完整的${kind}「${view.line.text.slice(m.index, m.index + m[0].length)}」:请改用占位符(如 {card_last4})或掩码形式(如 ****1234)。Use a placeholder or a masked form.`,
            range: lineRange(view.line.line, view.line.textStart + m.index, view.line.textStart + m.index + m[0].length),
          });
        }
      }
    }
  },
};
export default rule;
