/**
 * The rule pages and the format guide, in Chinese and English, generated from one source each
 * (markdownlint's doc-build, Yarn Spinner's diagnostics definitions):
 *
 *   docs/src/rules/<id>.md  →  docs/rules/<id>.md (中文)  +  docs/en/rules/<id>.md (English)
 *                              +  docs/zh-TW/rules/<id>.md (繁體中文, converted from the Chinese page)
 *   docs/src/FORMAT.md + server/src/core/vocabulary.ts  →  docs/FORMAT.md  +  docs/en/FORMAT.md
 *
 * A rule's source holds, per section (why, flagged, near, fix), a `### zh` and a `### en` text, and
 * one list of examples with the audience, stage and channel each is meant in. The page's title,
 * description, category, severity, scope and fixability come from the rule's meta (or the file
 * problem's entry), so a page cannot disagree with the rule. test/rules/docs.test.ts checks that
 * the pages are what this module renders and runs every example of every page through the linter;
 * `npm run docs` (PARLEY_UPDATE_DOCS=1) rewrites them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { RULES } from '../server/src/core/rules';
import { FILE_PROBLEMS } from '../server/src/core/file-problems';
import type { Language as Locale } from '../server/src/core/messages';
import {
  AUDIENCES,
  BUILTIN_PLACEHOLDERS,
  BUILTIN_SPEAKERS,
  CHANNEL_INFO,
  HEADER_KEYS,
  HEADER_KEY_INFO,
  LIABILITY_TEXT,
  PLACEHOLDER_CATEGORY_LABEL,
  ROLE_TEXT,
  STAGE_FORMS,
  formatDays,
  type HeaderKey,
  type PlaceholderCategory,
  type Role,
} from '../server/src/core/vocabulary';

export const ROOT = path.join(__dirname, '..');
export const SOURCE_DIR = path.join(ROOT, 'docs', 'src');

export const SECTIONS = ['why', 'flagged', 'near', 'fix'] as const;
export type SectionId = (typeof SECTIONS)[number];

/** Section headings as the pages show them; `fix` is what hovers and the HTML report read. */
export const HEADINGS: Record<SectionId, Record<Locale, string>> = {
  why: { zh: '为什么', en: 'Why' },
  flagged: { zh: '报告什么', en: 'What is flagged' },
  near: { zh: '不报告什么', en: 'Near misses' },
  fix: { zh: '如何修改', en: 'How to fix' },
};

export interface Example {
  /** `report`: the rule must report it; `pass`: the rule must not. */
  kind: 'report' | 'pass';
  /** An agent line (坐席) in one node with this audience, stage and channel… */
  text?: string;
  audience?: string;
  stage?: string;
  channel?: string;
  /** …or a whole script. */
  script?: string;
}

/**
 * A safe wording that can stand in the place of flagged phrases (`## alternatives` of a red-line
 * rule's source: `- 刑事责任 → 违约责任`, several phrases joined by 、). It is rendered into the
 * page's fix section and generated into server/src/core/data/alternatives.json, which the engine
 * reads to offer it as a suggestion (never applied by fix-all) where a finding's range holds one
 * of the phrases.
 */
export interface Alternative {
  phrases: string[];
  safe: string;
}

export interface RuleSource {
  sections: Record<SectionId, Record<Locale, string>>;
  examples: Example[];
  alternatives: Alternative[];
}

/** The generated data the engine reads the alternatives from. */
export const ALTERNATIVES_FILE = 'server/src/core/data/alternatives.json';

/** The wording of a page around the texts, per locale. */
const T = {
  category: { zh: '类别', en: 'Category' },
  severity: { zh: '默认级别', en: 'Default severity' },
  fixable: { zh: '可自动修复', en: 'Fixable' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  audiences: { zh: '适用对象', en: 'Audiences' },
  allAudiences: { zh: '全部', en: 'all' },
  stages: { zh: '适用阶段', en: 'Stages' },
  channels: { zh: '适用渠道', en: 'Channels' },
  noChannel: { zh: '未写明渠道的节点也检查', en: 'nodes without a channel are checked too' },
  options: { zh: '选项（写在 parley.config.json 中级别之后的对象里）', en: 'Options (the object after the severity in parley.config.json)' },
  reportLines: { zh: '会报告（每句都是坐席在一个节点里说的话，节点的对象、阶段、渠道如表）：', en: 'Reported (each is an agent line in a node of this audience, stage and channel):' },
  passLines: { zh: '不会报告（同样放在表中的节点里）：', en: 'Not reported (in a node as in the table):' },
  reportScript: { zh: '会报告的整段脚本：', en: 'A script where it is reported:' },
  passScript: { zh: '不会报告的整段脚本：', en: 'A script where it is not reported:' },
  head: { zh: ['坐席说', '对象', '阶段', '渠道'], en: ['Agent line', 'Audience', 'Stage', 'Channel'] },
  other: { zh: 'English', en: '中文' },
  otherLabel: { zh: '英文版', en: 'In Chinese' },
  generated: {
    zh: '本页由 `docs/src/rules/{{id}}.md` 生成（`npm run docs`），请勿直接修改。',
    en: 'Generated from `docs/src/rules/{{id}}.md` (`npm run docs`); do not edit by hand.',
  },
} satisfies Record<string, Record<Locale, unknown>>;

const CATEGORY: Record<string, Record<Locale, string>> = {
  disclosure: { zh: '信息披露', en: 'disclosure' },
  procedure: { zh: '流程', en: 'procedure' },
  'red-line': { zh: '红线', en: 'red line' },
  stage: { zh: '阶段', en: 'stage' },
  wording: { zh: '措辞', en: 'wording' },
  structure: { zh: '结构', en: 'structure' },
  file: { zh: '文件', en: 'file' },
};
const SEVERITY: Record<string, Record<Locale, string>> = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '信息', en: 'info' },
  hint: { zh: '提示', en: 'hint' },
};

// ------------------------------------------------------------------------------------------------
// Sources

/** Parse a rule source (docs/src/rules/<id>.md). Throws on anything out of place: a source is code. */
export function parseRuleSource(text: string, where: string): RuleSource {
  const sections = {} as RuleSource['sections'];
  const examples: Example[] = [];
  const alternatives: Alternative[] = [];
  let section: SectionId | 'examples' | 'alternatives' | undefined;
  let lang: Locale | undefined;
  let buf: string[] = [];
  const flush = () => {
    if (section && section !== 'examples' && section !== 'alternatives' && lang) (sections[section] ??= { zh: '', en: '' })[lang] = buf.join('\n').trim();
    buf = [];
  };
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const h2 = /^## (\S+)\s*$/.exec(line);
    if (h2) {
      flush();
      if (!(SECTIONS as readonly string[]).includes(h2[1]) && h2[1] !== 'examples' && h2[1] !== 'alternatives') throw new Error(`${where}:${i + 1}: unknown section "${h2[1]}"`);
      section = h2[1] as SectionId | 'examples' | 'alternatives';
      lang = undefined;
      continue;
    }
    const h3 = /^### (zh|en)\s*$/.exec(line);
    if (h3 && section && section !== 'examples' && section !== 'alternatives') {
      flush();
      lang = h3[1] as Locale;
      continue;
    }
    if (section === 'alternatives') {
      if (!line.trim() || /^<!--.*-->$/.test(line.trim())) continue;
      const alt = /^- (\S.*?) → (\S.*?)\s*$/.exec(line);
      if (!alt) throw new Error(`${where}:${i + 1}: not an alternative (- phrase、phrase → safe wording): ${line}`);
      alternatives.push({ phrases: alt[1].split('、').map((x) => x.trim()).filter(Boolean), safe: alt[2] });
      continue;
    }
    if (section === 'examples') {
      if (!line.trim() || /^<!--.*-->$/.test(line.trim())) continue;
      const ex = /^- (report|pass) (\S+) (\S+) (\S+) \| (.+)$/.exec(line);
      if (ex) {
        examples.push({ kind: ex[1] as Example['kind'], audience: ex[2], stage: ex[3], channel: ex[4], text: ex[5] });
        continue;
      }
      const sc = /^- (report|pass) script\s*$/.exec(line);
      if (sc && /^```parley\s*$/.test(lines[i + 1] ?? '')) {
        const body: string[] = [];
        let j = i + 2;
        for (; j < lines.length && !/^```\s*$/.test(lines[j]); j++) body.push(lines[j]);
        if (j >= lines.length) throw new Error(`${where}:${i + 1}: unclosed script`);
        examples.push({ kind: sc[1] as Example['kind'], script: body.join('\n') + '\n' });
        i = j;
        continue;
      }
      throw new Error(`${where}:${i + 1}: not an example: ${line}`);
    }
    if (section && lang) buf.push(line);
    else if (line.trim() && !/^<!--.*-->$/.test(line.trim()) && !/^# /.test(line)) throw new Error(`${where}:${i + 1}: text outside a ### zh / ### en block`);
  }
  flush();
  for (const s of SECTIONS) for (const l of ['zh', 'en'] as const) if (!sections[s]?.[l]) throw new Error(`${where}: section ${s} has no ${l} text`);
  return { sections, examples, alternatives };
}

export function ruleSourceFile(id: string): string {
  return path.join(SOURCE_DIR, 'rules', `${id}.md`);
}

export function readRuleSource(id: string): RuleSource {
  const file = ruleSourceFile(id);
  return parseRuleSource(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file));
}

// ------------------------------------------------------------------------------------------------
// Rule pages

/** Every id with a page: the rules in catalogue order, then the file problems. */
export function pageIds(): string[] {
  return [...RULES.map((r) => r.meta.id), ...FILE_PROBLEMS.map((p) => p.id)];
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}
function cell(s: string): string {
  return code(s).replace(/\|/g, '\\|');
}
const list = (xs: string[], l: Locale) => xs.join(l === 'zh' ? '、' : ', ');

function audienceCell(id: string, l: Locale): string {
  const a = AUDIENCES.find((x) => x.id === id);
  return l === 'zh' && a ? `${code(id)} ${a.zh[0]}` : code(id);
}
function channelCell(id: string, l: Locale): string {
  const c = CHANNEL_INFO.find((x) => x.id === id);
  return l === 'zh' && c ? `${code(id)} ${c.zh}` : code(id);
}

function metaLines(id: string, l: Locale): { description: string; lines: string[] } {
  const colon = l === 'zh' ? '：' : ': ';
  const rule = RULES.find((r) => r.meta.id === id);
  if (rule) {
    const m = rule.meta;
    const lines = [
      `- ${T.category[l]}${colon}${CATEGORY[m.category][l]}（${code(m.category)}）`,
      `- ${T.severity[l]}${colon}${SEVERITY[m.defaultSeverity][l]}（${code(m.defaultSeverity)}）`,
      `- ${T.fixable[l]}${colon}${m.fixable ? T.yes[l] : T.no[l]}`,
      `- ${T.audiences[l]}${colon}${m.audiences ? list(m.audiences.map((a) => audienceCell(a, l)), l) : T.allAudiences[l]}`,
    ];
    if (l === 'en') for (let i = 0; i < 2; i++) lines[i] = lines[i].replace(/（(.*)）$/, ' ($1)');
    if (m.maxStageDays !== undefined) lines.push(`- ${T.stages[l]}${colon}${formatDays({ min: -Infinity, max: m.maxStageDays }, l)}`);
    if (m.channels) lines.push(`- ${T.channels[l]}${colon}${list(m.channels.map((c) => channelCell(c, l)), l)}${l === 'zh' ? '；' : '; '}${T.noChannel[l]}`);
    // The options, each described as the rule declares it (the config schema shows the same texts).
    if (m.options) {
      lines.push(`- ${T.options[l]}${colon}`);
      for (const [name, o] of Object.entries(m.options.properties)) lines.push(`  - ${code(name)}${colon}${o.description[l]}`);
    }
    return { description: m.description[l], lines };
  }
  const p = FILE_PROBLEMS.find((x) => x.id === id);
  if (!p) throw new Error(`no rule or file problem ${id}`);
  const lines = [`- ${T.category[l]}${colon}${CATEGORY.file[l]}${l === 'zh' ? '（`file`）' : ' (`file`)'}`, `- ${T.severity[l]}${colon}${SEVERITY.error[l]}${l === 'zh' ? '（`error`）' : ' (`error`)'}`, `- ${T.fixable[l]}${colon}${T.no[l]}`];
  return { description: p.description[l], lines };
}

function examplesBlock(examples: Example[], kind: Example['kind'], l: Locale): string {
  const out: string[] = [];
  const lines = examples.filter((e) => e.kind === kind && e.text !== undefined);
  if (lines.length) {
    out.push(kind === 'report' ? T.reportLines[l] : T.passLines[l], '');
    out.push(`| ${T.head[l].join(' | ')} |`, '|---|---|---|---|');
    for (const e of lines) out.push(`| ${cell(e.text!)} | ${audienceCell(e.audience!, l)} | ${code(e.stage!)} | ${channelCell(e.channel!, l)} |`);
  }
  for (const e of examples.filter((x) => x.kind === kind && x.script !== undefined)) {
    if (out.length) out.push('');
    out.push(kind === 'report' ? T.reportScript[l] : T.passScript[l], '', '```parley', e.script!.replace(/\n$/, ''), '```');
  }
  return out.join('\n');
}

const ALT = {
  intro: {
    zh: '下列说法可以直接替换，编辑器会在报告处提供「改用安全说法」的建议（不会被「全部修复」或 `parley lint --fix` 自动应用）：',
    en: 'These phrases can be replaced as they stand; editors offer the safe wording as a suggestion where they are reported (never applied by fix-all or `parley lint --fix`):',
  },
  head: { zh: ['报告的说法', '安全说法'], en: ['Flagged phrase', 'Safe wording'] },
} satisfies Record<string, Record<Locale, unknown>>;

/** The page's fix section: the source's text, then the table of its alternatives (if any). */
export function fixSection(src: RuleSource, l: Locale): string {
  const text = src.sections.fix[l];
  if (!src.alternatives.length) return text;
  const rows = src.alternatives.map((a) => `| ${list(a.phrases.map(cell), l)} | ${cell(a.safe)} |`);
  return [text, '', ALT.intro[l], '', `| ${ALT.head[l].join(' | ')} |`, '|---|---|', ...rows].join('\n');
}

/** A rule page (or a file problem's page) in one locale. */
export function renderRulePage(id: string, src: RuleSource, l: Locale): string {
  const { description, lines } = metaLines(id, l);
  const other = l === 'zh' ? `../en/rules/${id}.md` : `../../rules/${id}.md`;
  const parts = [`# ${id}\n\n<!-- ${T.generated[l].replace('{{id}}', id)} -->`, description, [...lines, `- ${T.otherLabel[l]}${l === 'zh' ? '：' : ': '}[${T.other[l]}](${other})`].join('\n')];
  for (const s of SECTIONS) {
    let body = s === 'fix' ? fixSection(src, l) : src.sections[s][l];
    if (s === 'flagged' || s === 'near') {
      const ex = examplesBlock(src.examples, s === 'flagged' ? 'report' : 'pass', l);
      if (ex) body += '\n\n' + ex;
    }
    parts.push(`## ${HEADINGS[s][l]}\n\n${body}`);
  }
  return parts.join('\n\n') + '\n';
}

/** Read back the examples of a rendered page (what a reader sees is what the docs test runs). */
export function pageExamples(md: string, l: Locale): Example[] {
  const out: Example[] = [];
  for (const [s, kind] of [['flagged', 'report'], ['near', 'pass']] as const) {
    const body = sectionOf(md, HEADINGS[s][l]) ?? '';
    for (const m of body.matchAll(/^\| (`+) ?(.*?) ?\1 \| `([^`]+)`[^|]*\| `([^`]+)` \| `([^`]+)`[^|]*\|$/gm)) {
      out.push({ kind, text: m[2].replace(/\\\|/g, '|'), audience: m[3], stage: m[4], channel: m[5] });
    }
    for (const m of body.matchAll(/^```parley\n([\s\S]*?)^```$/gm)) out.push({ kind, script: m[1] });
  }
  return out;
}

/** The body of a `## heading` section of a page. */
export function sectionOf(md: string, heading: string): string | undefined {
  const lines = md.split('\n');
  const start = lines.findIndex((x) => x === `## ${heading}`);
  if (start < 0) return undefined;
  let end = start + 1;
  let fence = false;
  for (; end < lines.length; end++) {
    if (lines[end].startsWith('```')) fence = !fence;
    if (!fence && /^#{1,2} /.test(lines[end])) break;
  }
  return lines.slice(start + 1, end).join('\n');
}

// ------------------------------------------------------------------------------------------------
// The format guide

const FORMAT_SOURCE = path.join(SOURCE_DIR, 'FORMAT.md');

/** Tables from vocabulary.ts, by the name a `{{table:name}}` line in docs/src/FORMAT.md gives. */
function formatTable(name: string, l: Locale): string {
  const zh = l === 'zh';
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const head = (cells: string[]) => [row(cells), row(cells.map(() => '---'))].join('\n');
  switch (name) {
    case 'header-keys': {
      const keys = Object.keys(HEADER_KEY_INFO) as HeaderKey[];
      const names = (k: HeaderKey) => Object.entries(HEADER_KEYS).filter(([n, v]) => v === k && n !== k).map(([n]) => code(n));
      return [head(zh ? ['键', '中文写法', '含义'] : ['key', 'Chinese', 'meaning']), ...keys.map((k) => row([code(k), list(names(k), l), HEADER_KEY_INFO[k][l].replace(/\|/g, '\\|').replace(/(?<!`)<<jump>>(?!`)/g, '`<<jump>>`')]))].join('\n');
    }
    case 'stages':
      return [head(zh ? ['写法', '例子', '含义'] : ['form', 'example', 'meaning']), ...STAGE_FORMS.map((f) => row([code(f.form), code(f.example), f.meaning[l]]))].join('\n');
    case 'audiences':
      return [
        head(zh ? ['对象', '中文写法', '是谁', '还款责任'] : ['audience', 'Chinese', 'who', 'liability']),
        ...AUDIENCES.map((a) => row([code(a.id), list([...a.zh, ...(a.aliases ?? [])].map(code), l), a.who[l], LIABILITY_TEXT[a.liable][l]])),
      ].join('\n');
    case 'channels':
      return [head(zh ? ['渠道', '中文写法', '含义'] : ['channel', 'Chinese', 'meaning']), ...CHANNEL_INFO.map((c) => row([code(c.id), list([c.zh, ...c.aliases].map(code), l), c.label[l]]))].join('\n');
    case 'speakers': {
      const roles: Role[] = ['agent', 'respondent', 'note'];
      return [
        head(zh ? ['角色', '内置标签', '含义'] : ['role', 'built-in labels', 'meaning']),
        ...roles.map((r) => row([code(r), list(Object.entries(BUILTIN_SPEAKERS).filter(([, v]) => v === r).map(([n]) => code(n)), l), ROLE_TEXT[r][l]])),
      ].join('\n');
    }
    case 'placeholders': {
      const cats: PlaceholderCategory[] = ['debt', 'agent', 'debtor', 'other'];
      return [
        head(zh ? ['类别', '内置占位符'] : ['category', 'built-in placeholders']),
        ...cats.map((c) => row([PLACEHOLDER_CATEGORY_LABEL[c][l], list(Object.entries(BUILTIN_PLACEHOLDERS).filter(([, v]) => v === c).map(([n]) => code(`{${n}}`)), l)])),
      ].join('\n');
    }
    default:
      throw new Error(`docs/src/FORMAT.md: unknown table ${name}`);
  }
}

/** docs/FORMAT.md or docs/en/FORMAT.md: the source's text of that locale with the tables filled in. */
export function renderFormatPage(l: Locale): string {
  const text = fs.readFileSync(FORMAT_SOURCE, 'utf8').replace(/\r\n/g, '\n');
  const parts = text.split(/^<!-- (zh|en) -->\s*$/m);
  const i = parts.indexOf(l);
  if (i < 0) throw new Error(`docs/src/FORMAT.md: no <!-- ${l} --> part`);
  const body = parts[i + 1].trim().replace(/^\{\{table:([a-z-]+)\}\}$/gm, (_, name: string) => formatTable(name, l));
  const other = l === 'zh' ? '[English](en/FORMAT.md)' : '[中文](../FORMAT.md)';
  const note = l === 'zh' ? '本页由 `docs/src/FORMAT.md` 与 `server/src/core/vocabulary.ts` 生成（`npm run docs`），请勿直接修改。' : 'Generated from `docs/src/FORMAT.md` and `server/src/core/vocabulary.ts` (`npm run docs`); do not edit by hand.';
  return `${body}\n\n---\n\n${note} ${other}\n`;
}

// ------------------------------------------------------------------------------------------------

/**
 * server/src/core/data/alternatives.json: rule id → its alternatives, from the rule sources (only
 * red-line rules may declare them: a safe wording for what must never be said).
 */
export function renderAlternatives(): string {
  const out: Record<string, GeneratedAlternative[]> = {};
  for (const r of RULES) {
    const src = readRuleSource(r.meta.id);
    if (!src.alternatives.length) continue;
    if (r.meta.category !== 'red-line') throw new Error(`docs/src/rules/${r.meta.id}.md: alternatives are for red-line rules only`);
    out[r.meta.id] = src.alternatives.map((a) => ({ ...a, tw: traditional('tw', a.safe), hk: traditional('hk', a.safe) }));
  }
  return JSON.stringify(out, null, 2) + '\n';
}

/**
 * An alternative as the engine reads it: the safe wording also in Taiwan and Hong Kong forms
 * (converted here with opencc-js, so the core loads no dictionary), offered when the flagged phrase
 * was written in traditional characters.
 */
export interface GeneratedAlternative extends Alternative {
  tw: string;
  hk: string;
}

const converters: Partial<Record<'tw' | 'hk', (s: string) => string>> = {};
function traditional(to: 'tw' | 'hk', s: string): string {
  const OpenCC = createRequire(__filename)('opencc-js') as { Converter(o: { from: string; to: string }): (s: string) => string };
  return (converters[to] ??= OpenCC.Converter({ from: 'cn', to: to === 'tw' ? 'twp' : 'hk' }))(s);
}

let plainTw: ((s: string) => string) | undefined;
/**
 * A Chinese rule page in Traditional Chinese (docs/zh-TW/rules, for the zh-TW locale: `parley explain`,
 * hovers, the HTML report, the editor's rule pages): Parley's own words converted as its messages are
 * (opencc-js mainland → Taiwan characters, core/zh-tw.ts's conversion), while code — fenced blocks and
 * `inline code`, which hold script lines, ids and values — stays as written, as a finding's quote
 * does. Links move one folder down (`../en/rules/…` → `../../en/rules/…`).
 */
export function traditionalPage(md: string): string {
  const OpenCC = createRequire(__filename)('opencc-js') as { Converter(o: { from: string; to: string }): (s: string) => string };
  const tw = (plainTw ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  const prose = (text: string) => text.split(/(`+[^`\n]*`+)/).map((part, i) => (i % 2 ? part : tw(part))).join('');
  let fenced = false;
  return md
    .split('\n')
    .map((line) => {
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        return line;
      }
      return fenced ? line : prose(line).replace(/\]\(\.\.\//g, '](../../');
    })
    .join('\n');
}

/** Every generated file (path relative to the repository) → its content. */
export function generatedDocs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of pageIds()) {
    const src = readRuleSource(id);
    const zh = renderRulePage(id, src, 'zh');
    out.set(`docs/rules/${id}.md`, zh);
    out.set(`docs/zh-TW/rules/${id}.md`, traditionalPage(zh));
    out.set(`docs/en/rules/${id}.md`, renderRulePage(id, src, 'en'));
  }
  out.set(ALTERNATIVES_FILE, renderAlternatives());
  out.set('docs/FORMAT.md', renderFormatPage('zh'));
  out.set('docs/en/FORMAT.md', renderFormatPage('en'));
  return out;
}
