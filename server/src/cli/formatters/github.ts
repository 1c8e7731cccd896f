import * as path from 'node:path';
import { DEFAULT_LOCALE, type Locale, tr } from '../../core/messages';
import type { FileResult, Formatter } from './types';

const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;

/**
 * The annotation's text: the message, then each suggestion on a line of its own (an annotation
 * cannot carry an edit, but a reviewer can make it by hand).
 */
function text(m: FileResult['messages'][number], locale: Locale): string {
  if (!m.suggestions?.length) return m.message;
  const label = tr(locale, '建议：', 'Suggestion: ');
  return [m.message, ...m.suggestions.map((s) => label + s.desc)].join('\n');
}

/** `--format github`: GitHub Actions workflow annotation lines, with the suggestions of each finding. */
const github: Formatter = (results, ctx) => {
  const lines: string[] = [];
  for (const r of results) {
    const file = path.relative(ctx.cwd, r.filePath).split(path.sep).join('/') || r.filePath;
    for (const m of r.messages) {
      const props = [`file=${escProp(file)}`, `line=${m.line}`, `col=${m.column}`, `endLine=${m.endLine}`, `endColumn=${m.endColumn}`, `title=${escProp(m.ruleId ?? 'parley')}`];
      lines.push(`::${COMMAND[m.severity]} ${props.join(',')}::${escData(text(m, ctx.locale ?? DEFAULT_LOCALE))}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};
export default github;
