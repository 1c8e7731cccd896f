/**
 * The texts of configuration problems in each locale (the CLI's stderr, the editor's diagnostics on
 * parley.config.json). ajv's generic messages are English; the keywords Parley's schemas use are
 * rendered here in Chinese, so that a Chinese problem holds no English fragment. Pure: no I/O.
 */
import type { ErrorObject } from 'ajv';
import { fill, pickFilled, tr, type Locale, type MessageTemplate } from './messages';

/** A problem's text in each locale; data (paths, keys, names) verbatim in both. */
export type ProblemText = MessageTemplate;

const TYPE_ZH: Record<string, string> = {
  object: '对象',
  array: '数组',
  string: '字符串',
  number: '数字',
  integer: '整数',
  boolean: '布尔值（true 或 false）',
  null: 'null',
};

const COMPARE_ZH: Record<string, string> = { '>=': '不小于', '<=': '不大于', '>': '大于', '<': '小于' };

/** ajv's message for one error, in Chinese (the keywords Parley's schemas use; others named by keyword). */
export function ajvMessageZh(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `应为${String(p.type).split(',').map((t) => TYPE_ZH[t] ?? t).join('或')}`;
    case 'additionalProperties':
      return `有未知的键「${String(p.additionalProperty)}」`;
    case 'enum':
      return `应为以下值之一：${(p.allowedValues as unknown[]).map(String).join('、')}`;
    case 'required':
      return `缺少必需的键「${String(p.missingProperty)}」`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `应${COMPARE_ZH[String(p.comparison)] ?? String(p.comparison)} ${String(p.limit)}`;
    case 'minItems':
      return `至少应有 ${String(p.limit)} 项`;
    case 'maxItems':
      return `至多应有 ${String(p.limit)} 项`;
    case 'minLength':
      return `至少应有 ${String(p.limit)} 个字符`;
    case 'maxLength':
      return `至多应有 ${String(p.limit)} 个字符`;
    case 'pattern':
      return `应符合格式 ${String(p.pattern)}`;
    case 'propertyNames':
      return `有不合格式的键「${String(p.propertyName)}」`;
    case 'anyOf':
    case 'oneOf':
      return '不符合任何一种允许的写法';
    case 'uniqueItems':
      return `不应有重复项（第 ${Number(p.j) + 1} 项与第 ${Number(p.i) + 1} 项相同）`;
    case 'const':
      return `应等于 ${JSON.stringify(p.allowedValue)}`;
    default:
      return `不符合配置模式（关键字 ${e.keyword}）`;
  }
}

/** One schema error of the config file as a problem. The English text is the one Parley always gave. */
export function schemaProblem(e: ErrorObject): ProblemText {
  const where = e.instancePath || '(top level)';
  const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
  const allowed = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
  return { zh: `${e.instancePath || '（顶层）'}：${ajvMessageZh(e)}`, en: `${where} ${e.message}${extra}${allowed}` };
}

/** The header of a config error: `<file>: invalid configuration:` and one problem a line. */
export function configErrorText(file: string, problems: readonly ProblemText[], locale: Locale): string {
  // The file name is filled in after the template is converted (zh-TW); the problems quote the
  // config's own keys and values in 「」, which stay as written.
  const head = fill(tr(locale, '配置文件 {{file}} 无效：', '{{file}}: invalid configuration:'), { file }, locale);
  return `${head}\n${problems.map((p) => `  - ${pickFilled(p, locale)}`).join('\n')}`;
}

/** A JSON syntax error in Chinese: where it is (line and column), without V8's English text. */
export function jsonErrorZh(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (at) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `不是有效的 JSON：第 ${line} 行第 ${column} 列有语法错误`;
  }
  if (/end of JSON input/.test(message)) return '不是有效的 JSON：文件在内容完整之前就结束了';
  return '不是有效的 JSON';
}
