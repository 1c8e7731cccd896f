/**
 * Messages in one language. Rules declare their messages as templates keyed by message id, with
 * Chinese (`zh`) and English (`en`) text; a report names a message id and the data to fill in; the
 * engine renders it in the configured locale. Pure: no I/O.
 *
 * Three locales: `zh` (Simplified Chinese, the default), `zh-TW` (Traditional Chinese in Taiwan's
 * forms: the `zh` template converted by core/zh-tw.ts before the data is filled in, so that what a
 * finding quotes from the script stays as written) and `en`. Texts are written in `zh` and `en`;
 * `pick` gives a text in any locale.
 *
 * Templates use `{{name}}` for data (a single `{…}` is text: scripts' placeholders such as
 * `{callback_number}` appear in suggestions). A list value is joined with `、` in Chinese and
 * `, ` in English.
 */

import { toTraditional } from './zh-tw';

export type Locale = 'zh' | 'zh-TW' | 'en';
/** The languages texts are written in (zh-TW is converted from zh). */
export type Language = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'zh-TW', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh';

/** A text written in Chinese and English, in a locale (zh-TW: the Chinese, in Traditional characters). */
export function pick(text: { readonly zh: string; readonly en: string }, locale: Locale): string {
  return locale === 'en' ? text.en : locale === 'zh-TW' ? toTraditional(text.zh) : text.zh;
}

/** `pick` for a text written inline: `tr(locale, '中文', 'English')`. */
export function tr(locale: Locale, zh: string, en: string): string {
  return locale === 'en' ? en : locale === 'zh-TW' ? toTraditional(zh) : zh;
}

/**
 * A Chinese text whose data is already filled in, in a locale: zh-TW converts Parley's own words and
 * leaves what stands between 「」 as written — the script's words, config keys and values, file
 * names, which Parley always quotes so. (A template with `{{slots}}` is better converted before it
 * is filled, with `tr` and `fill`; this is for texts put together elsewhere, e.g. config problems.)
 */
export function pickFilled(text: { readonly zh: string; readonly en: string }, locale: Locale): string {
  if (locale !== 'zh-TW') return locale === 'en' ? text.en : text.zh;
  return text.zh.replace(/([^「]+)|(「[^」]*」?)/g, (all, own: string | undefined) => (own ? toTraditional(own) : all));
}

/** The language of a locale's texts, for what exists only in zh and en (rule pages, schemas, help): zh-TW reads the Chinese. */
export function language(locale: Locale): Language {
  return locale === 'en' ? 'en' : 'zh';
}

type MessageValue = string | number | string[];
export type MessageData = Record<string, MessageValue>;

/** One message of a rule: the same text in each locale. */
export interface MessageTemplate {
  zh: string;
  en: string;
}

const SLOT = /\{\{(\w+)\}\}/g;

/** Fill a template; a slot with no data stays visible as `{{name}}` (the message tests catch it). */
export function fill(template: string, data: MessageData | undefined, locale: Locale): string {
  const parts = partsOf(template);
  if (parts.length === 1) return template;
  let out = parts[0];
  for (let k = 1; k < parts.length; k += 2) {
    const name = parts[k];
    const v = data?.[name];
    out += (v === undefined ? `{{${name}}}` : Array.isArray(v) ? v.join(locale === 'en' ? ', ' : '、') : String(v)) + parts[k + 1];
  }
  return out;
}

/**
 * A template as [text, slot name, text, slot name, …, text], split once per template (a message is
 * filled for every finding; the templates are few): what `template.replace(SLOT, …)` would cut.
 */
const PARTS = new Map<string, string[]>();
function partsOf(template: string): string[] {
  let parts = PARTS.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(SLOT)) {
    parts.push(template.slice(last, m.index), m[1]);
    last = m.index! + m[0].length;
  }
  parts.push(template.slice(last));
  // (templates are a program's constants; a map of every text ever filled would grow without end)
  if (PARTS.size < 4096) PARTS.set(template, parts);
  return parts;
}

/** The slots a template uses. */
export function slots(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1]);
}

/**
 * A locale from a user's setting or an editor's display language: Traditional Chinese — `zh-TW`,
 * `zh_TW`, `zh-HK`, `zh-MO`, `zh-Hant…`, `繁體中文` — → `zh-TW`; any other Chinese — `zh`, `zh-CN`,
 * `zh-Hans…`, `zh-SG` — → `zh`; `en`, `en-US` … → `en`. Anything else is undefined (callers report
 * it or fall back).
 */
export function parseLocale(raw: string | undefined | null): Locale | undefined {
  if (!raw) return undefined;
  const v = raw.trim().toLowerCase().replace(/_/g, '-');
  if (/^zh-(tw|hk|mo|hant)(-|$)/.test(v) || v === '繁體中文' || v === '繁体中文' || v === '繁體' || v === '正體中文') return 'zh-TW';
  if (v === 'zh' || v.startsWith('zh-') || v === 'chinese' || v === '中文' || v === '简体中文') return 'zh';
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
  return fill(pick(CORE_MESSAGES[id], locale), data, locale);
}
