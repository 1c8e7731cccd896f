/**
 * Messages in one language. Rules declare their messages as templates keyed by message id, with
 * Chinese (`zh`) and English (`en`) text; a report names a message id and the data to fill in; the
 * engine renders it in the configured locale. Pure: no I/O.
 *
 * Templates use `{{name}}` for data (a single `{…}` is text: scripts' placeholders such as
 * `{callback_number}` appear in suggestions). A list value is joined with `、` in Chinese and
 * `, ` in English.
 */

export type Locale = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh';

export type MessageValue = string | number | string[];
export type MessageData = Record<string, MessageValue>;

/** One message of a rule: the same text in each locale. */
export interface MessageTemplate {
  zh: string;
  en: string;
}

const SLOT = /\{\{(\w+)\}\}/g;

/** Fill a template; a slot with no data stays visible as `{{name}}` (the message tests catch it). */
export function fill(template: string, data: MessageData | undefined, locale: Locale): string {
  return template.replace(SLOT, (all, name: string) => {
    const v = data?.[name];
    if (v === undefined) return all;
    return Array.isArray(v) ? v.join(locale === 'zh' ? '、' : ', ') : String(v);
  });
}

/** The slots a template uses. */
export function slots(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1]);
}

/**
 * A locale from a user's setting: `zh`, `zh-CN`, `zh-cn`, `zh_TW` … → `zh`; `en`, `en-US` … → `en`.
 * Anything else is undefined (callers report it or fall back).
 */
export function parseLocale(raw: string | undefined | null): Locale | undefined {
  if (!raw) return undefined;
  const v = raw.trim().toLowerCase();
  if (v === 'zh' || v.startsWith('zh-') || v.startsWith('zh_') || v === 'chinese' || v === '中文') return 'zh';
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_') || v === 'english') return 'en';
  return undefined;
}

/**
 * The locale for an editor's display language (LSP `initialize` locale): Chinese for any Chinese
 * variant, English for every other language (a reader who set a non-Chinese display language reads
 * English more likely than Chinese), Chinese when the editor says nothing.
 */
export function editorLocale(raw: string | undefined | null): Locale | undefined {
  if (!raw) return undefined;
  return parseLocale(raw) ?? 'en';
}

/** Small engine-level texts (not a rule's): internal errors and the like. */
export const CORE_MESSAGES = {
  internalError: {
    zh: '内部错误：规则 {{rule}} 在检查 {{file}} 时失败（{{error}}）。这不是话术的问题，请把此信息报告给 Parley 维护者。',
    en: 'Internal error: rule {{rule}} failed on {{file}} ({{error}}). This is not a problem of the script; please report it to the Parley maintainers.',
  },
  /** The title of a replacement a finding suggests (did-you-mean) or fixes (IME punctuation). */
  replaceWith: { zh: '改为「{{text}}」', en: 'Change to "{{text}}"' },
  /** The title of a red-line finding's suggested safe wording (from the rule's docs: core/alternatives). */
  safeWording: { zh: '改用安全说法「{{text}}」', en: 'Use the safe wording "{{text}}"' },
  findingsCut: {
    zh: '问题过多：从这里起另有至少 {{cut}} 个问题未列出（每行最多 {{perLine}} 条，每个文件最多 {{perFile}} 条）。请先修正已列出的问题。',
    en: 'At least {{cut}} more findings were omitted (at most {{perLine}} per line and {{perFile}} per file); fix the ones listed first.',
  },
} satisfies Record<string, MessageTemplate>;

export function coreMessage(id: keyof typeof CORE_MESSAGES, data: MessageData, locale: Locale): string {
  return fill(CORE_MESSAGES[id][locale], data, locale);
}
