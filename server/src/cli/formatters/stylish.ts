import * as path from 'node:path';
import { displayPath, escapeControl } from './escape';
import type { Formatter } from './types';
import { tr } from '../../core/messages';
import { stdoutIsTTY } from '../../node/stdio';

const useColor = () => stdoutIsTTY() && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (useColor() ? `\u001b[${code}m${s}\u001b[39m` : s);
const SEV_COLOR = { error: '31', warning: '33', info: '36', hint: '90' } as const;

/** `--format stylish` (default): ESLint's layout; the `$parley` problem matcher reads it. */
const stylish: Formatter = (results, ctx) => {
  let out = '';
  const count = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  for (const r of results) {
    if (!r.messages.length) continue;
    out += `\n${displayPath(path.relative(ctx.cwd, r.filePath) || r.filePath)}\n`;
    const rows = r.messages.map((m) => [`${m.line}:${m.column}`, m.severity, escapeControl(m.message.replace(/\s*\n\s*/g, ' ')), m.ruleId ?? '']);
    const w0 = Math.max(...rows.map((x) => x[0].length));
    const w1 = Math.max(...rows.map((x) => x[1].length));
    for (const [i, m] of r.messages.entries()) {
      count[m.severity]++;
      if (m.fix) fixable++;
      const [pos, sev, msg, rule] = rows[i];
      out += `  ${pos.padEnd(w0)}  ${paint(SEV_COLOR[m.severity], sev.padEnd(w1))}  ${msg}  ${paint('90', rule)}\n`;
    }
  }
  const total = count.error + count.warning + count.info + count.hint;
  if (total) {
    // The summary in the messages' language (the rows above keep ESLint's layout for the problem matcher).
    if (ctx.locale === 'en') {
      out += `\n✖ ${total} problem${total === 1 ? '' : 's'} (${count.error} error${count.error === 1 ? '' : 's'}, ${count.warning} warning${count.warning === 1 ? '' : 's'}, ${count.info + count.hint} info)\n`;
      if (fixable) out += `  ${fixable} fixable with the \`--fix\` option.\n`;
    } else {
      // Numbers only between Parley's words: converted whole for zh-TW.
      const zh = tr(ctx.locale ?? 'zh', `\n✖ ${total} 个问题（${count.error} 个错误，${count.warning} 个警告，${count.info + count.hint} 条提示）\n`, '');
      out += zh;
      if (fixable) out += tr(ctx.locale ?? 'zh', `  其中 ${fixable} 个可用 \`--fix\` 选项自动修复。\n`, '');
    }
  }
  return out;
};
export default stylish;
