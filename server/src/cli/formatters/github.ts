import * as path from 'node:path';
import type { Formatter } from './types';

const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;

/** `--format github`: GitHub Actions workflow annotation lines. */
const github: Formatter = (results, ctx) => {
  const lines: string[] = [];
  for (const r of results) {
    const file = path.relative(ctx.cwd, r.filePath).split(path.sep).join('/') || r.filePath;
    for (const m of r.messages) {
      const props = [`file=${escProp(file)}`, `line=${m.line}`, `col=${m.column}`, `endLine=${m.endLine}`, `endColumn=${m.endColumn}`, `title=${escProp(m.ruleId ?? 'parley')}`];
      lines.push(`::${COMMAND[m.severity]} ${props.join(',')}::${escData(m.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};
export default github;
