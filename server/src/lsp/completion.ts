/**
 * Completion: what can be typed at a position of a `.parley` document. Pure: works on the parsed
 * script, the line's text and the workspace's titles.
 */
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { ParsedScript } from '../core/parser';
import { regionAt } from '../core/query';
import { RULES } from '../core/rules';
import { fold, syntaxForm } from '../core/text';
import type { Position } from '../core/types';
import { DEFAULT_LOCALE, type Locale, type MessageTemplate, pick } from '../core/messages';
import {
  AUDIENCES, BUILTIN_PLACEHOLDERS, BUILTIN_SPEAKERS, CHANNEL_INFO, HEADER_KEYS, HEADER_KEY_INFO, LIABILITY_TEXT, PLACEHOLDER_CATEGORY_LABEL, ROLE_TEXT,
  formatDays, headerKey, parseStage, type PlaceholderCategory, type Role,
} from '../core/vocabulary';

const STAGE_SUGGESTIONS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6+', 'M1-M2', 'M2-M3', 'D0', 'D1-5', 'D6-30', 'D31+'];

/** Small completion texts. */
const TEXT = {
  entry: { zh: '表示入口节点', en: 'marks an entry node' },
  jump: { zh: '转到另一个节点继续', en: 'continue at another node' },
  end: { zh: '结束通话', en: 'end the conversation' },
  speaker: { zh: '说话人', en: 'speaker' },
} satisfies Record<string, MessageTemplate>;

interface CompletionInput {
  script: ParsedScript;
  position: Position;
  /** Node titles of the workspace. */
  titles: Iterable<string>;
  /** Placeholders configured for this file, besides the built-in ones. */
  placeholders?: Record<string, PlaceholderCategory>;
  /** The language of details (the editor's display language); Chinese by default. */
  locale?: Locale;
}

const SUPPRESS_WORDS = ['parley-disable-next-line', 'parley-disable', 'parley-enable', 'parley-disable-file'];

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The colon the document's writer uses after labels and keys (full-width U+FF1A if most do). */
function preferredColon(script: ParsedScript): string {
  let full = 0;
  let ascii = 0;
  for (const l of script.lines) {
    const m = /^\s*(?:->\s*)?[^\s:\uff1a]{1,12}\s*([:\uff1a])/.exec(l);
    if (m) m[1] === '\uff1a' ? full++ : ascii++;
  }
  return full > ascii ? '\uff1a' : ': ';
}

/** Command brackets in the form the writer started them: `<<`/`>>`, `《《`/`》》` or `＜＜`/`＞＞`. */
function brackets(first: string): [string, string] {
  if (first === '\u300a') return ['\u300a\u300a', '\u300b\u300b'];
  if (first === '\uff1c') return ['\uff1c\uff1c', '\uff1e\uff1e'];
  return ['<<', '>>'];
}

/**
 * Completion items for a position. When what the writer has typed of a name is traditional or
 * full-width (`客戶`, `對`, `ａｍ`), the editor's own filter would compare it with simplified,
 * half-width labels and hide them all: such items are filtered here on the folded forms instead
 * (the parser's reading) and given a filter text the editor keeps.
 */
export function completions(input: CompletionInput): CompletionItem[] {
  const items = completionsAt(input);
  const lineText = input.script.lines[input.position.line] ?? '';
  const ch = input.position.character;
  const out: CompletionItem[] = [];
  for (const item of items) {
    const edit = item.textEdit;
    const start = edit && 'range' in edit && edit.range.start.line === input.position.line ? edit.range.start.character : ch;
    const typed = lineText.slice(start, ch);
    const folded = fold(typed);
    if (!typed || folded === typed.toLowerCase()) {
      out.push(item);
      continue;
    }
    if (fold(item.label).startsWith(folded)) out.push({ ...item, filterText: typed + item.label });
  }
  return out;
}

function completionsAt(input: CompletionInput): CompletionItem[] {
  const { script, position } = input;
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = (m: MessageTemplate) => pick(m, locale);
  const lineText = script.lines[position.line] ?? '';
  // Contexts are recognised on the syntax form (`｛`, `《《`, `＜＜`, `－＞`, `：` read as ASCII, FORMAT §2
  // v1.1); offsets are the same. What is inserted follows the form the writer typed.
  const raw = lineText.slice(0, position.character);
  const before = syntaxForm(raw);
  const after = syntaxForm(lineText.slice(position.character));
  const line = position.line;
  const ch = position.character;

  // Suppression comments: the directive, then rule ids (before `--`).
  const directive = /^\s*\/\/\s*(parley-[a-z-]*)$/.exec(before);
  if (directive) {
    const start = ch - directive[1].length;
    return SUPPRESS_WORDS.map((w, i) => ({
      label: w,
      kind: CompletionItemKind.Keyword,
      sortText: String(i),
      textEdit: { range: range(line, start, ch), newText: `${w} ` },
    }));
  }
  const suppression = /^\s*\/\/\s*parley-(?:disable-next-line|disable-file|disable|enable)\s+([^]*)$/.exec(before);
  if (suppression && !suppression[1].includes('--')) {
    const word = /[^\s,\uff0c]*$/.exec(before)![0];
    const listed = new Set(suppression[1].split(/[\s,\uff0c]+/).filter(Boolean));
    return RULES.filter((r) => !listed.has(r.meta.id) || r.meta.id === word).map((r) => ({
      label: r.meta.id,
      kind: CompletionItemKind.Value,
      detail: `${r.meta.defaultSeverity} · ${t(r.meta.description)}`,
      textEdit: { range: range(line, ch - word.length, ch), newText: r.meta.id },
    }));
  }
  if (/^\s*\/\//.test(before)) return [];

  // Placeholders after `{`.
  const open = before.lastIndexOf('{');
  if (open >= 0 && !before.slice(open).includes('}')) {
    const partial = before.slice(open + 1);
    const close = after.startsWith('}') ? '' : raw[open] === '\uff5b' ? '\uff5d' : '}';
    const table: Record<string, PlaceholderCategory> = { ...BUILTIN_PLACEHOLDERS, ...(input.placeholders ?? {}) };
    return Object.entries(table).map(([name, cat]) => ({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: t(PLACEHOLDER_CATEGORY_LABEL[cat]),
      textEdit: { range: range(line, open + 1, open + 1 + partial.length), newText: name + close },
    }));
  }

  // Node titles after `<<jump `.
  const jump = /<<\s*jump\s+([^<>]*)$/i.exec(before);
  if (jump) {
    const start = ch - jump[1].length;
    const opener = raw.charAt(jump.index);
    const close = /^\s*>>/.test(after) ? '' : opener === '\u300a' ? '\u300b\u300b' : opener === '\uff1c' ? '\uff1e\uff1e' : '>>';
    return [...new Set(input.titles)].sort().map((t) => ({
      label: t,
      kind: CompletionItemKind.Reference,
      textEdit: { range: range(line, start, ch), newText: t + close },
    }));
  }

  const { region, node } = regionAt(script, line);

  if (region === 'file-header' || region === 'header' || region === 'title') {
    const kv = /^(\s*)([^\s:\uff1a]+)\s*[:\uff1a]\s*(.*)$/.exec(before);
    if (kv) {
      const key = headerKey(kv[2]);
      const start = ch - kv[3].length;
      const r = range(line, start, ch);
      if (key === 'stage') {
        return STAGE_SUGGESTIONS.map((v, i) => ({ label: v, kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(2, '0'), detail: formatDays(parseStage(v)!, locale), textEdit: { range: r, newText: v } }));
      }
      if (key === 'audience') {
        return AUDIENCES.flatMap((a, i) => [a.id, ...a.zh].map((name, j) => ({
          label: name,
          kind: CompletionItemKind.EnumMember,
          sortText: `${String(i).padStart(2, '0')}${j}`,
          detail: name === a.id ? `${a.zh.join(' / ')} · ${t(LIABILITY_TEXT[a.liable])}` : `${a.id} · ${t(LIABILITY_TEXT[a.liable])}`,
          documentation: t(a.who),
          textEdit: { range: r, newText: name },
        })));
      }
      if (key === 'channel') {
        // The ids, then FORMAT's Chinese aliases (not the further spellings, which are read but not offered).
        const names = [...CHANNEL_INFO.map((c) => [c.id, c.zh, c] as const), ...CHANNEL_INFO.map((c) => [c.zh, c.id, c] as const)];
        return names.map(([name, other, c], i) => ({
          label: name,
          kind: CompletionItemKind.EnumMember,
          sortText: String(i).padStart(2, '0'),
          detail: other,
          documentation: t(c.label),
          textEdit: { range: r, newText: name },
        }));
      }
      if (key === 'tags') {
        const word = /\S*$/.exec(before)![0];
        return [{ label: 'start', kind: CompletionItemKind.EnumMember, detail: t(TEXT.entry), textEdit: { range: range(line, ch - word.length, ch), newText: 'start' } }];
      }
      return [];
    }
    const bare = /^(\s*)([^\s:\uff1a]*)$/.exec(before);
    if (!bare || region === 'title') return [];
    const start = bare[1].length;
    const colon = preferredColon(script);
    const keys = Object.entries(HEADER_KEYS).filter(([, k]) => region === 'file-header' || k !== 'title');
    return keys.map(([name, k], i) => ({
      label: name,
      kind: CompletionItemKind.Property,
      sortText: String(i).padStart(2, '0'),
      detail: name === k ? t(HEADER_KEY_INFO[k]) : `${k} · ${t(HEADER_KEY_INFO[k])}`,
      textEdit: { range: range(line, start, ch), newText: name + colon },
    }));
  }

  if (region === 'between') {
    const bare = /^(\s*)([^\s:\uff1a]*)$/.exec(before);
    if (!bare || node?.endLine === undefined) return [];
    const colon = preferredColon(script);
    return ['title', '标题'].map((name) => ({
      label: name,
      kind: CompletionItemKind.Property,
      detail: t(HEADER_KEY_INFO.title),
      textEdit: { range: range(line, bare[1].length, ch), newText: name + colon },
    }));
  }

  // Body: commands after `<<` at the start of a line.
  const cmd = /^(\s*)(<<?[a-z]*)$/i.exec(before);
  if (cmd) {
    const r = range(line, cmd[1].length, ch);
    const [open, close] = brackets(raw.charAt(cmd[1].length));
    return [
      { label: `${open}jump`, kind: CompletionItemKind.Keyword, detail: t(TEXT.jump), textEdit: { range: r, newText: `${open}jump ` } },
      { label: `${open}end${close}`, kind: CompletionItemKind.Keyword, detail: t(TEXT.end), textEdit: { range: r, newText: `${open}end${close}` } },
    ];
  }

  // Body: speaker labels at the start of a line (or after `-> `).
  const lead = /^(\s*(?:->\s*)?)([^\s:\uff1a<>{}]*)$/.exec(before);
  if (!lead) return [];
  const start = lead[1].length;
  const colon = preferredColon(script);
  const labels = new Map<string, Role>(Object.entries(BUILTIN_SPEAKERS));
  for (const [name, role] of node?.props.speakers?.value ?? []) labels.set(name, role);
  const option = lead[1].includes('->');
  const order: Record<Role, number> = option ? { respondent: 0, agent: 1, note: 2 } : { agent: 0, respondent: 1, note: 2 };
  const items: CompletionItem[] = [...labels].map(([name, role], i) => ({
    label: name,
    kind: CompletionItemKind.Keyword,
    sortText: `${order[role]}${String(i).padStart(3, '0')}`,
    detail: `${t(TEXT.speaker)} · ${role}`,
    documentation: t(ROLE_TEXT[role]),
    textEdit: { range: range(line, start, ch), newText: name + colon },
  }));
  if (!option) {
    items.push(
      { label: '<<jump', kind: CompletionItemKind.Keyword, sortText: '9a', detail: t(TEXT.jump), textEdit: { range: range(line, start, ch), newText: '<<jump ' } },
      { label: '<<end>>', kind: CompletionItemKind.Keyword, sortText: '9b', detail: t(TEXT.end), textEdit: { range: range(line, start, ch), newText: '<<end>>' } },
    );
  }
  return items;
}
