/**
 * The JSON Schema of parley.config.json in each locale, from one source: the structure and the
 * texts of the top-level keys here, the rule ids, their descriptions and their options (each option
 * described in both locales) from the rules' meta.
 *
 *   schemas/parley.config.schema.json     中文 (the default: the README's `$schema` path, the
 *                                          validator, and VS Code in a Chinese display language)
 *   schemas/parley.config.schema.en.json  English (VS Code in any other display language)
 *
 * VS Code contributes one `jsonValidation` url per extension; package.json gives it as
 * `%jsonValidation.config.url%`, which package.nls.json / package.nls.zh-cn.json resolve to the
 * schema of the display language (VS Code replaces every `%key%` string of the manifest).
 * test/extension/config-schema.test.ts fails while a file differs from what this module renders;
 * `PARLEY_UPDATE_SCHEMA=1 npx vitest run test/extension/config-schema.test.ts` rewrites both.
 */
import { RULES } from '../server/src/core/rules';
import { docsUrl, optionsSchema } from '../server/src/core/rule';
import { LOCALES, type Language as Locale } from '../server/src/core/messages';

export const SCHEMA_FILES: Record<Locale, string> = {
  zh: 'schemas/parley.config.schema.json',
  en: 'schemas/parley.config.schema.en.json',
};

type Text = { zh: string; en: string };

const TEXT = {
  title: { zh: 'Parley 配置（parley.config.json）', en: 'Parley configuration (parley.config.json)' },
  root: { zh: '不再向上级文件夹查找 parley.config.json。', en: 'Stop looking for parley.config.json in parent folders.' },
  rules: {
    zh: '每条规则的级别（error、warning、info、hint 或 off），或由级别和选项组成的数组，如 ["error", {}]。',
    en: 'Severity per rule id (error, warning, info, hint or off), or [severity, options].',
  },
  placeholders: {
    zh: '额外的占位符名称及其类别（debt：欠款信息；agent：坐席；debtor：债务人；other：其他）。',
    en: 'Extra placeholder names and their category (debt, agent, debtor, other).',
  },
  lexicons: {
    zh: '按规则 id 或共享词表追加的词条（及例外），见 docs/LEXICONS.md。',
    en: 'Extra terms (and exceptions) per rule id or shared set (see docs/LEXICONS.md).',
  },
  terms: { zh: '追加的词条：一个词，或带 pattern 的模式。', en: 'Terms to add: a word, or an object with a pattern.' },
  exceptions: { zh: '例外：命中这些词条的地方不报告。', en: 'Exceptions: what matches these is not reported.' },
  classes: {
    zh: '命名词类，在任何词条模式中以 [名称] 引用：给同名的内置词类追加词语，或定义新的词类（见 docs/LEXICONS.md）。',
    en: 'Named word classes, usable as [name] in any lexicon pattern: terms added to a built-in class of that name, or a new class (see docs/LEXICONS.md).',
  },
  classDescription: { zh: '词类的说明，中文（zh）和英文（en）。', en: 'What the class means, in Chinese (zh) and English (en).' },
  classTerms: { zh: '词类的词语（至少一个）。', en: 'The words of the class (at least one).' },
  ignore: { zh: '不检查的文件的 glob 模式（相对于配置文件所在的文件夹）。', en: 'Glob patterns of files not to lint (relative to the config file).' },
  maxFileSize: {
    zh: '大于这个字节数的文件不检查（只报告一条提示）。默认 5000000。',
    en: 'Files larger than this many bytes are not linted (one message instead). Default 5000000.',
  },
  locale: {
    zh: '提示信息的语言：zh（简体中文，默认）、zh-TW（繁体中文，台湾用字）或 en（英文）。命令行的 --locale 和 PARLEY_LOCALE 以及编辑器的显示语言优先于此项。',
    en: 'Language of messages: zh (Simplified Chinese, the default), zh-TW (Traditional Chinese, Taiwan forms) or en (English). The CLI’s --locale and PARLEY_LOCALE, and the editor’s display language, win over it.',
  },
  pattern: { zh: '词条模式（见 docs/LEXICONS.md）。', en: 'The pattern (see docs/LEXICONS.md).' },
  negatable: { zh: '前面有否定词时不报告。', en: 'Not reported when a negation precedes it.' },
  note: { zh: '备注：这个词条为什么在这里。', en: 'A note: why this term is here.' },
} satisfies Record<string, Text>;

const DOCS = { zh: '文档', en: 'Documentation' };
const DEFAULT = { zh: (s: string) => `默认：\`${s}\``, en: (s: string) => `default: \`${s}\`` };

/** One rule's entry under `rules`: its description, default severity and page; its options, if any. */
function ruleEntry(meta: (typeof RULES)[number]['meta'], locale: Locale): object {
  const { id, description, defaultSeverity } = meta;
  const d = description[locale];
  const text =
    locale === 'zh'
      ? { description: `${d}（默认：${defaultSeverity}）。`, markdownDescription: `${d}（${DEFAULT.zh(defaultSeverity)}）。[${DOCS.zh}](${docsUrl(id, 'zh')})` }
      : { description: `${d} (default: ${defaultSeverity}).`, markdownDescription: `${d} (${DEFAULT.en(defaultSeverity)}). [${DOCS.en}](${docsUrl(id, 'en')})` };
  const options = optionsSchema(meta, locale);
  if (!options) return { ...text, allOf: [{ $ref: '#/definitions/ruleSetting' }] };
  // [severity, options] with the rule's own options: completion and hovers for each option.
  return {
    ...text,
    anyOf: [{ $ref: '#/definitions/severity' }, { type: 'array', minItems: 1, maxItems: 2, items: [{ $ref: '#/definitions/severity' }, options] }],
  };
}

/** The whole config schema in one locale. */
export function configSchema(locale: Locale): object {
  const t = (k: keyof typeof TEXT): string => TEXT[k][locale];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://github.com/parley-lint/parley/blob/main/${SCHEMA_FILES[locale]}`,
    title: t('title'),
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      root: { type: 'boolean', description: t('root') },
      rules: {
        type: 'object',
        description: t('rules'),
        additionalProperties: { $ref: '#/definitions/ruleSetting' },
        properties: Object.fromEntries(RULES.map((r) => [r.meta.id, ruleEntry(r.meta, locale)])),
      },
      placeholders: { type: 'object', description: t('placeholders'), additionalProperties: { enum: ['debt', 'agent', 'debtor', 'other'] } },
      lexicons: {
        type: 'object',
        description: t('lexicons'),
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            terms: { type: 'array', description: t('terms'), items: { $ref: '#/definitions/term' } },
            exceptions: { type: 'array', description: t('exceptions'), items: { $ref: '#/definitions/term' } },
          },
        },
      },
      classes: {
        type: 'object',
        description: t('classes'),
        propertyNames: { pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['terms'],
          properties: {
            description: { $ref: '#/definitions/description', description: t('classDescription') },
            terms: { type: 'array', description: t('classTerms'), minItems: 1, items: { type: 'string', minLength: 1 } },
          },
        },
      },
      ignore: { type: 'array', description: t('ignore'), items: { type: 'string' } },
      maxFileSize: { type: 'integer', minimum: 1, description: t('maxFileSize') },
      locale: { enum: [...LOCALES], description: t('locale') },
    },
    definitions: {
      severity: { enum: ['error', 'warning', 'info', 'hint', 'off'] },
      description: { type: 'object', additionalProperties: false, properties: { zh: { type: 'string' }, en: { type: 'string' } } },
      term: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            required: ['pattern'],
            additionalProperties: false,
            properties: {
              pattern: { type: 'string', minLength: 1, description: t('pattern') },
              negatable: { type: 'boolean', description: t('negatable') },
              note: { type: 'string', description: t('note') },
            },
          },
        ],
      },
      ruleSetting: {
        anyOf: [
          { $ref: '#/definitions/severity' },
          { type: 'array', minItems: 1, maxItems: 2, items: [{ $ref: '#/definitions/severity' }, { type: 'object' }] },
        ],
      },
    },
  };
}

/** Every text of the schema in one locale (for the tests: descriptions and markdown descriptions). */
export function schemaTexts(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const s of schema) schemaTexts(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if ((k === 'description' || k === 'markdownDescription' || k === 'title') && typeof v === 'string') out.push(v);
      else schemaTexts(v, out);
    }
  }
  return out;
}
