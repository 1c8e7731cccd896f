/**
 * Code actions: the finding's own fix, the fixes it suggests (did-you-mean), "create node" for an
 * undefined jump, "declare speaker" for an unknown label, "disable for this line / this file" (the
 * cursor then waits at the reason), "show documentation", and `source.fixAll.parley`. Pure: the
 * server hands in the document, its parse and its current findings.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { applyFixes } from '../core/fix';
import { docsUrl } from '../core/rule';
import { RULE_IDS, ruleById } from '../core/rules';
import { DEFAULT_LOCALE, fill, type Language, type Locale, type MessageData, type MessageTemplate, pick } from '../core/messages';
import type { BodyLine, ParsedScript, ScriptNode } from '../core/parser';
import type { Finding, Fix, Position, Range } from '../core/types';
import { configSuggestions, diagnosticData, isParleyDiagnostic, isRange } from './diagnostics';

export const FIX_ALL_KIND = 'source.fixAll.parley';
export const SHOW_DOCUMENTATION = 'parley.showDocumentation';
/**
 * Run after an action's edit: moves the cursor to a place in the edited text (the reason of a
 * disable comment, the body of a created node). LSP 3.17 has no snippet text edits in a
 * WorkspaceEdit for every client, so the server answers with window/showDocument and a selection.
 */
export const PLACE_CURSOR = 'parley.placeCursor';

/** Findings about suppression comments themselves (declared `suppressible: false`) get no "disable" action. */
function suppressible(id: string): boolean {
  return ruleById(id)?.meta.suppressible !== false;
}

const TITLES = {
  disable: { zh: '在此行禁用 {{id}}', en: 'Disable {{id}} for this line' },
  disableFile: { zh: '在此文件中禁用 {{id}}', en: 'Disable {{id}} for this file' },
  createNode: { zh: '创建节点「{{title}}」', en: 'Create node "{{title}}"' },
  declareSpeaker: { zh: '声明说话人「{{label}}」为{{role}}', en: 'Declare speaker "{{label}}" as {{role}}' },
  placeCursor: { zh: '把光标移到要填写的位置', en: 'Move the cursor to where to type' },
  docs: { zh: '查看 {{id}} 的说明', en: 'Show documentation for {{id}}' },
  fixAll: { zh: '修复所有可自动修复的 Parley 问题', en: 'Fix all auto-fixable Parley problems' },
} satisfies Record<string, MessageTemplate>;

function title(id: keyof typeof TITLES, data: MessageData, locale: Locale): string {
  return fill(pick(TITLES[id], locale), data, locale);
}

interface ActionInput {
  uri: string;
  version: number | null;
  text: string;
  lines: string[];
  /** The diagnostics the client sent in the request's context. */
  diagnostics: Diagnostic[];
  /** `context.only`, if given. */
  only?: string[];
  /** Findings of the current text (to check a diagnostic is not stale, and for fix-all). */
  findings: Finding[];
  /** Build a workspace edit for this document (versioned when the client supports it). */
  edit(edits: TextEdit[]): WorkspaceEdit;
  /** The language of action titles (default Chinese). */
  locale?: Locale;
  /** The parse of the current text (create node, declare speaker). */
  script?: ParsedScript;
}

/** Role names in action titles: the id written into the header, explained in Chinese. */
const ROLE_TITLES: Record<'agent' | 'respondent', Record<Language, string>> = {
  agent: { zh: '坐席（agent）', en: 'agent' },
  respondent: { zh: '对方（respondent）', en: 'respondent' },
};

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only || !only.length) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** The edit inserting `// parley-disable-next-line <id> -- ` above `line`, indented like it; the text ends after `-- `. */
function disableLineEdit(lines: string[], text: string, line: number, id: string): TextEdit {
  const target = lines[line] ?? '';
  const indent = /^[ \t]*/.exec(target)![0];
  const comment = `${indent}// parley-disable-next-line ${id} -- `;
  const eol = eolOf(text);
  if (line === 0) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: comment + eol };
  const prev = lines[line - 1] ?? '';
  const at = { line: line - 1, character: prev.length };
  return { range: { start: at, end: at }, newText: eol + comment };
}

/** The comment inserted by "disable for this line" at `line`: where the cursor goes afterwards (after `-- `). */
function disableLineCursor(lines: string[], line: number, id: string): Position {
  const indent = /^[ \t]*/.exec(lines[line] ?? '')![0];
  return { line, character: `${indent}// parley-disable-next-line ${id} -- `.length };
}

/** `// parley-disable-file <id> -- ` as the first line; the text ends after `-- `. */
function disableFileEdit(text: string, id: string): { edit: TextEdit; cursor: Position } {
  const comment = `// parley-disable-file ${id} -- `;
  const at = { line: 0, character: 0 };
  return { edit: { range: { start: at, end: at }, newText: comment + eolOf(text) }, cursor: { line: 0, character: comment.length } };
}

/** The node a line belongs to. */
function nodeAt(script: ParsedScript, line: number): ScriptNode | undefined {
  return script.nodes.find((n) => n.titleLine <= line && line <= n.lastLine);
}

function countEols(s: string): number {
  return (s.match(/\r\n|\n|\r/g) ?? []).length;
}

/**
 * "Create node": a node titled `title` appended to the file, with the jumping node's own stage and
 * audience header lines (as written; values from the file header are inherited anyway) and the
 * title key as the writer writes it (`title:` or `标题：`). The cursor goes to its empty body line.
 */
function createNodeEdit(lines: string[], text: string, from: ScriptNode | undefined, title: string): { edit: TextEdit; cursor: Position } {
  const eol = eolOf(text);
  const last = lines.length - 1;
  const end = { line: last, character: lines[last].length };
  const titleLine = from ? lines[from.titleLine] : undefined;
  const titleKey = from && titleLine ? titleLine.slice(titleLine.length - titleLine.trimStart().length, from.titleRange.start.character) : 'title: ';
  const headers: string[] = [];
  for (const p of [from?.props.stage, from?.props.audience]) if (p && from!.headers.includes(p.header)) headers.push((lines[p.header.line] ?? '').trim());
  // A blank line between the last node and the new one; a line end first if the text has none.
  let prefix = '';
  if (text.length) {
    if (lines[last] !== '') prefix = eol + eol;
    else if (last > 0 && lines[last - 1].trim() !== '') prefix = eol;
  }
  const before = prefix + [titleKey + title, ...headers, '---'].join(eol) + eol;
  const newText = before + eol + '===' + eol;
  return { edit: { range: { start: end, end }, newText }, cursor: { line: last + countEols(before), character: 0 } };
}

/**
 * "Declare speaker": `label=role` added to the node's own speakers header, else to the file
 * header's, else as a new header line before `---` (`角色：` in a node whose title key is Chinese).
 */
function declareSpeakerEdit(lines: string[], text: string, script: ParsedScript, node: ScriptNode, label: string, role: 'agent' | 'respondent'): TextEdit | undefined {
  const entry = `${label}=${role}`;
  const own = node.headers.find((h) => h.canonical === 'speakers');
  const shared = script.fileHeader?.find((h) => h.canonical === 'speakers');
  const h = own ?? shared;
  if (h && h.value) {
    const sep = /、/.test(h.value) ? '、' : /，/.test(h.value) ? '，' : ', ';
    return { range: { start: h.valueRange.end, end: h.valueRange.end }, newText: sep + entry };
  }
  if (node.headerEndLine === undefined) return undefined;
  const titleLine = lines[node.titleLine] ?? '';
  const chinese = !/^\s*title/i.test(titleLine);
  const colon = titleLine.includes('\uff1a') ? '\uff1a' : ': ';
  const at = { line: node.headerEndLine, character: 0 };
  return { range: { start: at, end: at }, newText: `${chinese ? '角色' : 'speakers'}${colon}${entry}${eolOf(text)}` };
}

function placeCursor(uri: string, at: Position, locale: Locale) {
  return { title: title('placeCursor', {}, locale), command: PLACE_CURSOR, arguments: [uri, at] };
}

/** The edits of every fix that can be applied together (the core's applyFixes decides). */
function fixAllEdits(text: string, findings: Finding[]): TextEdit[] {
  const { applied } = applyFixes(text, findings);
  return applied.flatMap((f) => f.fix!.edits);
}

export function codeActions(input: ActionInput): CodeAction[] {
  const out: CodeAction[] = [];
  const locale = input.locale ?? DEFAULT_LOCALE;
  const quick = wants(input.only, CodeActionKind.QuickFix);
  if (quick) {
    const disabled = new Set<string>();
    let atFixable = false;
    for (const d of Array.isArray(input.diagnostics) ? input.diagnostics : []) {
      if (!d || !isParleyDiagnostic(d) || !RULE_IDS.has(d.code) || !isRange(d.range)) continue;
      const id = d.code;
      const data = diagnosticData(d);
      // A diagnostic of the current version carries its fix; an older one is matched against the
      // current findings, and offers nothing that edits when it no longer matches.
      let current: Finding | undefined;
      let fix: Fix | undefined;
      let suggestions: Fix[] | undefined;
      const fresh = !!data && data.version !== null && data.version === input.version;
      if (fresh) {
        fix = data!.fix;
        suggestions = data!.suggestions;
        current = input.findings.find((f) => f.ruleId === id && sameRange(f.range, d.range)) ?? ({ ruleId: id, range: d.range } as Finding);
      } else {
        current = input.findings.find((f) => f.ruleId === id && sameRange(f.range, d.range));
        fix = current?.fix;
        suggestions = current?.suggestions;
      }
      if (fix && fix.edits.length) {
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: input.edit(fix.edits) });
        atFixable = true;
      }
      // Did-you-mean and other suggestions: offered, never preferred (a guess), never in fix-all.
      for (const s of suggestions ?? []) if (s.edits.length) out.push({ title: s.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: input.edit(s.edits) });
      // (the parse is of the current text: only a diagnostic that still matches a finding edits by it)
      const live = input.findings.find((f) => f.ruleId === id && sameRange(f.range, d.range));
      if (live && input.script) out.push(...structural(input, d, live, locale));
      const line = d.range.start.line;
      if (current && suppressible(id) && !disabled.has(`${id}:${line}`)) {
        disabled.add(`${id}:${line}`);
        out.push({
          title: title('disable', { id }, locale),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: input.edit([disableLineEdit(input.lines, input.text, line, id)]),
          command: placeCursor(input.uri, disableLineCursor(input.lines, line, id), locale),
        });
      }
      if (current && suppressible(id) && !disabled.has(`${id}:file`)) {
        disabled.add(`${id}:file`);
        const { edit, cursor } = disableFileEdit(input.text, id);
        out.push({
          title: title('disableFile', { id }, locale),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: input.edit([edit]),
          command: placeCursor(input.uri, cursor, locale),
        });
      }
      out.push({
        title: title('docs', { id }, locale),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: title('docs', { id }, locale), command: SHOW_DOCUMENTATION, arguments: [docsUrl(id, locale)] },
      });
    }
    // VS Code's Ctrl+. menu leaves out source actions, so fix-all is also offered there as a
    // quick fix, at a fixable problem and only when it does more than that problem's own fix.
    if (atFixable && input.findings.filter((f) => f.fix && f.fix.edits.length).length > 1) {
      const edits = fixAllEdits(input.text, input.findings);
      if (edits.length) out.push({ title: title('fixAll', {}, locale), kind: CodeActionKind.QuickFix, edit: input.edit(edits) });
    }
  }
  if (wants(input.only, FIX_ALL_KIND) && (input.only?.length || input.findings.some((f) => f.fix))) {
    const edits = fixAllEdits(input.text, input.findings);
    if (edits.length) out.push({ title: title('fixAll', {}, locale), kind: FIX_ALL_KIND, edit: input.edit(edits) });
  }
  return dedupeDocs(out);
}

/** Actions that add to the script's structure: "create node" (undefined jump), "declare speaker" (unknown label). */
function structural(input: ActionInput, d: Diagnostic, f: Finding, locale: Locale): CodeAction[] {
  const script = input.script!;
  const node = nodeAt(script, f.range.start.line);
  if (f.ruleId === 'undefined-jump') {
    const target = typeof f.data?.target === 'string' ? f.data.target : undefined;
    if (!target) return [];
    const { edit, cursor } = createNodeEdit(input.lines, input.text, node, target);
    return [{ title: title('createNode', { title: target }, locale), kind: CodeActionKind.QuickFix, diagnostics: [d], edit: input.edit([edit]), command: placeCursor(input.uri, cursor, locale) }];
  }
  if (f.ruleId === 'unknown-speaker' && node) {
    const label = typeof f.data?.label === 'string' ? f.data.label : undefined;
    if (!label) return [];
    const body: BodyLine | undefined = node.body.find((b) => b.line === f.range.start.line);
    // The likelier role first: an option line is the respondent's answer, any other line the agent's.
    const roles: ('agent' | 'respondent')[] = body?.kind === 'option' ? ['respondent', 'agent'] : ['agent', 'respondent'];
    const out: CodeAction[] = [];
    for (const role of roles) {
      const edit = declareSpeakerEdit(input.lines, input.text, script, node, label, role);
      if (edit) out.push({ title: title('declareSpeaker', { label, role: pick(ROLE_TITLES[role], locale) }, locale), kind: CodeActionKind.QuickFix, diagnostics: [d], edit: input.edit([edit]) });
    }
    return out;
  }
  return [];
}

/** One "Show documentation" per rule, even when several of its diagnostics are in the request. */
function dedupeDocs(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    if (!a.command) return true;
    if (seen.has(a.title)) return false;
    seen.add(a.title);
    return true;
  });
}

/** Quick fixes in parley.config.json: the did-you-mean of each invalid-config diagnostic that still matches the text. */
export function configActions(text: string, diagnostics: Diagnostic[], edit: (edits: TextEdit[]) => WorkspaceEdit): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of Array.isArray(diagnostics) ? diagnostics : []) {
    if (!d || typeof d !== 'object') continue;
    for (const s of configSuggestions(text, d)) out.push({ title: s.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(s.edits) });
  }
  return out;
}
