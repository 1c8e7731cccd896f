/** Hover: findings under the cursor, and what a stage, audience, placeholder or jump target means. Pure. */
import { MarkupKind, type Hover, type Range } from 'vscode-languageserver-types';
import type { ParsedScript, ScriptNode } from '../core/parser';
import { itemAt, rangeContains, type Item } from '../core/query';
import { docsUrl } from '../core/rule';
import { ruleById } from '../core/rules';
import { FILE_PROBLEMS } from '../core/file-problems';
import type { Finding, Position } from '../core/types';
import { DEFAULT_LOCALE, fill, language, type Language, type Locale, type MessageTemplate, pick, tr } from '../core/messages';
import { CHANNEL_INFO, HEADER_KEY_INFO, LIABILITY_TEXT, PLACEHOLDER_CATEGORY_LABEL, formatDays, parseAudience, parseChannel, parseStage } from '../core/vocabulary';

export interface TitleTarget {
  /** How to name the file to a reader (a workspace-relative path). */
  file: string;
  node: ScriptNode;
  /** The script's lines, to show the node's header as written. */
  lines: string[];
}

interface HoverInput {
  script: ParsedScript;
  position: Position;
  /** The document's current findings. */
  findings: Finding[];
  /** Every node with this title in the workspace. */
  targets(title: string): TitleTarget[];
  /** A rule's documentation page (Markdown) in a locale, if installed. */
  ruleDoc(id: string, locale: Locale): string | undefined;
  /** The language of the hover (the editor's display language); Chinese by default. */
  locale?: Locale;
}

/** The hover's own words, per locale. `{{…}}` slots are filled with code or data. */
const TEXT = {
  unknownRule: { zh: '{{id}}：未知的规则', en: '{{id}}: unknown rule' },
  fixable: { zh: '可自动修复', en: 'fixable' },
  howToFix: { zh: '如何修改', en: 'How to fix' },
  documentation: { zh: '规则说明', en: 'Documentation' },
  stage: { zh: '阶段 {{value}}', en: 'Stage {{value}}' },
  badStage: { zh: 'Parley 无法识别的阶段（可写 M0、M1 … Mn、Mn+、M1-M2、D1-5、D31+、D0）', en: 'not a stage Parley can read (M0, M1 … Mn, Mn+, M1-M2, D1-5, D31+, D0)' },
  audience: { zh: '对象 {{value}}', en: 'Audience {{value}}' },
  badAudience: { zh: 'Parley 不认识的对象', en: 'not an audience Parley knows' },
  channel: { zh: '渠道 {{value}}', en: 'Channel {{value}}' },
  placeholder: { zh: '占位符 {{value}}', en: 'Placeholder {{value}}' },
  badPlaceholder: { zh: '未知（既非内置也未配置）', en: 'unknown (neither built in nor configured)' },
  noTarget: { zh: '没有节点使用这个标题', en: 'no node has this title' },
  at: { zh: '{{file}}，第 {{line}} 行', en: '{{file}}, line {{line}}' },
} satisfies Record<string, MessageTemplate>;

/** Severity words as the editor shows them. */
const SEVERITY_TEXT: Record<string, MessageTemplate> = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '信息', en: 'info' },
  hint: { zh: '提示', en: 'hint' },
};

/** The heading of a rule page's fix section (docs/rules and docs/zh-TW/rules in Chinese, docs/en/rules in English). */
export const HOW_TO_FIX_HEADINGS: Record<Language, string[]> = { zh: ['如何修改', '修改方法', '怎么改', '怎麼改'], en: ['How to fix'] };

/** Colon and label separator of the locale: `**阶段 `M3`**：…` / `**Stage `M3`**: …`. */
function labelled(label: string, text: string, locale: Locale): string {
  return `**${label}**${locale === 'en' ? ': ' : '：'}${text}`;
}

/** The body of a `## heading` section of a Markdown page (up to the next `## `), trimmed. */
export function markdownSection(md: string, heading: string): string | undefined {
  const lines = md.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim().toLowerCase() === `## ${heading}`.toLowerCase());
  if (start < 0) return undefined;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^##?\s/.test(lines[i])) {
      end = i;
      break;
    }
  }
  const body = lines.slice(start + 1, end).join('\n').trim();
  return body || undefined;
}

function ruleHover(id: string, ruleDoc: (id: string, locale: Locale) => string | undefined, severity?: string, locale: Locale = DEFAULT_LOCALE): string {
  // A rule, or a file problem (file-encoding …): both have pages with a fix section.
  const meta = ruleById(id)?.meta ?? FILE_PROBLEMS.find((p) => p.id === id);
  if (!meta) return fill(pick(TEXT.unknownRule, locale), { id: `**${id}**` }, locale);
  const fixable = 'fixable' in meta && meta.fixable;
  const sev = severity ? (SEVERITY_TEXT[severity] ? pick(SEVERITY_TEXT[severity], locale) : severity) : undefined;
  const parts = [`**${id}**${sev ? ` · ${sev}` : ''}${fixable ? ` · ${pick(TEXT.fixable, locale)}` : ''}`, pick(meta.description, locale)];
  const doc = ruleDoc(id, locale);
  const fix = doc ? HOW_TO_FIX_HEADINGS[language(locale)].map((h) => markdownSection(doc, h)).find((x) => x) : undefined;
  if (fix) parts.push(`**${pick(TEXT.howToFix, locale)}**\n\n${fix}`);
  parts.push(`[${pick(TEXT.documentation, locale)}](${docsUrl(id, locale)})`);
  return parts.join('\n\n');
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

function itemHover(item: Item, input: HoverInput): string | undefined {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = (m: MessageTemplate, data: Record<string, string> = {}) => fill(pick(m, locale), data, locale);
  const semi = locale === 'en' ? '; ' : '；';
  const stop = locale === 'en' ? '.' : '。';
  switch (item.kind) {
    case 'header-value': {
      if (item.key === 'stage') {
        const r = parseStage(item.value);
        return labelled(t(TEXT.stage, { value: code(item.value) }), r ? formatDays(r, locale) : t(TEXT.badStage), locale);
      }
      if (item.key === 'audience') {
        const a = parseAudience(item.value);
        if (!a) return labelled(t(TEXT.audience, { value: code(item.value) }), t(TEXT.badAudience), locale);
        const head = `**${t(TEXT.audience, { value: code(a.id) })}**`;
        const what = `${t(a.who)}${semi}${t(LIABILITY_TEXT[a.liable])}${stop}`;
        return locale !== 'en' ? `${head}（${a.zh.map((w) => tr(locale, w, w)).join('、')}）：${what}` : `${head} (${a.zh.join(' / ')}): ${what}`;
      }
      if (item.key === 'channel') {
        const c = parseChannel(item.value);
        const info = CHANNEL_INFO.find((x) => x.id === c);
        if (!info) return undefined;
        const head = `**${t(TEXT.channel, { value: code(info.id) })}**`;
        return locale !== 'en' ? `${head}（${tr(locale, info.zh, info.zh)}）：${t(info.label)}` : `${head} (${info.zh}): ${t(info.label)}`;
      }
      return undefined;
    }
    case 'header-key':
      return item.key ? labelled(item.key, t(HEADER_KEY_INFO[item.key]), locale) : undefined;
    case 'placeholder': {
      const ph = item.placeholder;
      return labelled(t(TEXT.placeholder, { value: code(`{${ph.name}}`) }), ph.category ? t(PLACEHOLDER_CATEGORY_LABEL[ph.category]) : t(TEXT.badPlaceholder), locale);
    }
    case 'jump': {
      const targets = input.targets(item.target);
      if (!targets.length) return labelled(code(item.target), t(TEXT.noTarget), locale);
      return targets
        .map((t) => {
          const n = t.node;
          const last = n.headerEndLine ?? (n.headers.length ? n.headers[n.headers.length - 1].line : n.titleLine);
          const header = t.lines.slice(n.titleLine, last + 1).filter((l) => l.trim() && l.trim() !== '---').map((l) => l.trim());
          return `${'```parley'}\n${header.join('\n')}\n${'```'}\n${fill(pick(TEXT.at, locale), { file: code(t.file), line: String(n.titleLine + 1) }, locale)}`;
        })
        .join('\n\n');
    }
    case 'suppression-rule':
      return ruleHover(item.id, input.ruleDoc, undefined, locale);
    default:
      return undefined;
  }
}

export function hover(input: HoverInput): Hover | null {
  const parts: string[] = [];
  let range: Range | undefined;
  for (const f of input.findings) {
    if (!rangeContains(f.range, input.position)) continue;
    parts.push(ruleHover(f.ruleId, input.ruleDoc, f.severity, input.locale ?? DEFAULT_LOCALE));
    range ??= f.range;
  }
  const item = itemAt(input.script, input.position);
  if (item && !(item.kind === 'suppression-rule' && input.findings.some((f) => rangeContains(f.range, input.position) && f.ruleId === item.id))) {
    const text = itemHover(item, input);
    if (text) {
      parts.push(text);
      range = item.range;
    }
  }
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: [...new Set(parts)].join('\n\n---\n\n') }, range };
}
