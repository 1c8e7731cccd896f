/**
 * The language server's lines in the editor's output channel (VS Code: Output › Parley), each in
 * one language: the editor's display language (the LSP `initialize` locale), else Chinese. Names,
 * paths and the system's own error texts (EACCES …) are data and stay as they are.
 */
import { type Locale, pick } from '../core/messages';

/** One log line in each locale. */
export interface LogText {
  zh: string;
  en: string;
}

export const LOG = {
  settingsNotObject: (): LogText => ({ zh: 'parley 设置应为一个对象；改用默认设置', en: 'parley settings must be an object; using the defaults' }),
  settingBoolean: (name: string): LogText => ({ zh: `${name} 只能是 true 或 false`, en: `${name} must be true or false` }),
  settingEnum: (name: string, values: string[]): LogText => ({
    zh: `${name} 只能是 ${values.map((v) => `"${v}"`).join(' 或 ')}`,
    en: `${name} must be ${values.map((v) => `"${v}"`).join(' or ')}`,
  }),
  settingUnknownRule: (id: string): LogText => ({ zh: `parley.rules：未知规则「${id}」，已忽略`, en: `parley.rules: unknown rule id "${id}" ignored` }),
  settingBadSeverity: (id: string, value: string): LogText => ({
    zh: `parley.rules.${id}：「${value}」不是 error、warning、info、hint 或 off`,
    en: `parley.rules.${id}: "${value}" is not error, warning, info, hint or off`,
  }),
  settingRulesNotObject: (): LogText => ({ zh: 'parley.rules 应为「规则 id → 级别」的对象', en: 'parley.rules must be an object of rule id → severity' }),
  settingMaxFileSize: (): LogText => ({ zh: 'parley.maxFileSize 应为正的字节数', en: 'parley.maxFileSize must be a positive number of bytes' }),
  settingsUnreadable: (error: string): LogText => ({ zh: `无法读取 parley 设置，改用默认设置（${error}）`, en: `Could not read the parley settings; using the defaults (${error})` }),
  watchers: (error: string): LogText => ({ zh: `无法注册文件监视：${error}`, en: `Could not register file watchers: ${error}` }),
  folders: (error: string): LogText => ({ zh: `不会跟踪工作区文件夹的增减：${error}`, en: `Workspace folder changes are not followed: ${error}` }),
  lexicons: (error: string): LogText => ({ zh: `无法准备词库：${error}`, en: `Could not prepare the lexicons: ${error}` }),
  invalidConfig: (file: string, problems: readonly LogText[]): LogText => ({
    zh: `${file}：配置无效，改用默认配置：\n  ${problems.map((p) => p.zh).join('\n  ')}`,
    en: `${file}: invalid configuration, using the defaults:\n  ${problems.map((p) => p.en).join('\n  ')}`,
  }),
  cannotList: (folder: string, error: string): LogText => ({ zh: `无法列出 ${folder} 中的文件：${error}`, en: `Could not list ${folder}: ${error}` }),
  skipped: (what: string): LogText => ({ zh: `已跳过 ${what}`, en: `Skipped ${what}` }),
  indexed: (files: number, folders: number, skipped: number): LogText => ({
    zh: `已索引 ${files} 个 .parley 文件，共 ${folders} 个文件夹${skipped ? `；跳过 ${skipped} 个无法读取、二进制、被忽略或过大的文件` : ''}。`,
    en: `Indexed ${files} .parley file(s) in ${folders} folder(s)${skipped ? `; skipped ${skipped} unreadable, binary, ignored or too large` : ''}.`,
  }),
  lintFailed: (uri: string, error: string): LogText => ({ zh: `检查 ${uri} 失败：${error}`, en: `Linting ${uri} failed: ${error}` }),
  lintFailedShown: (error: string): LogText => ({ zh: `Parley 无法检查文件，问题视图中不会有它的结果：${error}（详情见“Parley”输出面板）`, en: `Parley cannot lint files, so Problems shows none of their findings: ${error} (details in the Parley output channel)` }),
  backgroundFailed: (why: string): LogText => ({ zh: `后台线程失败：${why}。关闭的文件改在主线程上分片检查。`, en: `The background thread failed: ${why}. Closed files are linted on the main thread, in slices.` }),
  backgroundPaused: (waiting: number): LogText => ({ zh: `后台检查在输入期间暂停（${waiting} 个文件待处理）`, en: `Background work paused while typing (${waiting} file(s) waiting)` }),
  backgroundResumed: (waiting: number): LogText => ({ zh: `后台检查继续（${waiting} 个文件待处理）`, en: `Background work resumed (${waiting} file(s) waiting)` }),
  linted: (uri: string, version: number, findings: number, ms: number): LogText => ({
    zh: `已检查 ${uri}（版本 ${version}）：${findings} 个问题，用时 ${ms} 毫秒`,
    en: `Linted ${uri} (version ${version}): ${findings} finding(s) in ${ms} ms`,
  }),
  baselineIgnored: (error: string): LogText => ({ zh: `忽略基线文件：${error}`, en: `Ignoring ${error}` }),
  failed: (name: string, error: string): LogText => ({ zh: `Parley：${name} 失败：${error}`, en: `Parley: ${name} failed: ${error}` }),
  uncaught: (error: string): LogText => ({ zh: `Parley：未捕获的异常：${error}`, en: `Parley: uncaught exception: ${error}` }),
  unhandled: (error: string): LogText => ({ zh: `Parley：未处理的 Promise 拒绝：${error}`, en: `Parley: unhandled rejection: ${error}` }),
  documentation: (url: string): LogText => ({ zh: `Parley 规则文档：${url}`, en: `Parley documentation: ${url}` }),
} satisfies Record<string, (...args: never[]) => LogText>;

/** A line in a locale (a plain string is data, shown as it is). */
export function logLine(text: LogText | string, locale: Locale): string {
  return typeof text === 'string' ? text : pick(text, locale);
}
