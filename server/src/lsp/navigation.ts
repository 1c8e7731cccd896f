/** Titles across files: definition, references, rename; symbols and folding. Pure. */
import {
  FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type Location, type SymbolInformation, type TextEdit,
} from 'vscode-languageserver-types';
import type { ParsedScript, ScriptNode } from '../core/parser';
import { foldingRanges, itemAt, nodeEndLine, titleUses, type TitleUse } from '../core/query';
import type { Position, Range } from '../core/types';
import { syntaxForm } from '../core/text';
import { fill, type Locale, tr } from '../core/messages';

/** The title at a position: a node's title or a jump's target. */
export function titleAt(script: ParsedScript, p: Position): { title: string; range: Range } | undefined {
  const item = itemAt(script, p);
  if (item?.kind === 'title') return { title: item.title, range: item.range };
  if (item?.kind === 'jump') return { title: item.target, range: item.range };
  return undefined;
}

export interface NavInput {
  script: ParsedScript;
  position: Position;
  scripts: ParsedScript[];
  /** Script name (its `uri` field) → the URI the client knows it by. */
  uriOf(name: string): string;
}

function location(u: TitleUse, uriOf: (name: string) => string): Location {
  return { uri: uriOf(u.uri), range: u.range };
}

export function definition(input: NavInput): Location[] | null {
  const t = titleAt(input.script, input.position);
  if (!t) return null;
  const defs = titleUses(input.scripts, t.title).filter((u) => u.kind === 'definition');
  return defs.length ? defs.map((u) => location(u, input.uriOf)) : null;
}

export function references(input: NavInput, includeDeclaration: boolean): Location[] | null {
  const t = titleAt(input.script, input.position);
  if (!t) return null;
  return titleUses(input.scripts, t.title)
    .filter((u) => includeDeclaration || u.kind === 'reference')
    .map((u) => location(u, input.uriOf));
}

/** Why a new title cannot be used (in `locale`), or undefined when it can. */
export function invalidTitle(name: string, locale: Locale = 'zh'): string | undefined {
  const t = (zh: string, en: string) => tr(locale, zh, en);
  if (!name) return t('标题不能为空。', 'A title must not be empty.');
  if (/[\r\n]/.test(name)) return t('标题不能换行。', 'A title must be one line.');
  // 《《 》》 ＜＜ ＞＞ are the same brackets as an input method types them (FORMAT §2, v1.1).
  if (/<<|>>/.test(syntaxForm(name))) return t('标题不能包含 << 或 >>（也不能包含《《、》》、＜＜、＞＞）。', 'A title must not contain << or >> (nor 《《 》》 ＜＜ ＞＞).');
  if (/^\s|\s$/.test(name)) return t('标题首尾不能有空白。', 'A title must not start or end with blanks.');
  return undefined;
}

type RenameResult = { ok: true; edits: Map<string, TextEdit[]> } | { ok: false; reason: 'not-a-title' | 'invalid' | 'exists'; message: string };

/** The edits renaming the title at a position, keyed by script name; refuses a title that already exists (why, in `locale`). */
export function renameEdits(input: NavInput, rawNewName: string, locale: Locale = 'zh'): RenameResult {
  const t = titleAt(input.script, input.position);
  if (!t) return { ok: false, reason: 'not-a-title', message: tr(locale, '此处没有可重命名的节点标题。', 'There is no node title here to rename.') };
  const newName = rawNewName.trim();
  const bad = invalidTitle(newName, locale);
  if (bad) return { ok: false, reason: 'invalid', message: bad };
  const edits = new Map<string, TextEdit[]>();
  if (newName === t.title) return { ok: true, edits };
  if (titleUses(input.scripts, newName).some((u) => u.kind === 'definition')) {
    return { ok: false, reason: 'exists', message: fill(tr(locale, '已有标题为「{{title}}」的节点：标题必须唯一。', 'A node titled "{{title}}" already exists; titles must be unique.'), { title: newName }, locale) };
  }
  for (const u of titleUses(input.scripts, t.title)) {
    let list = edits.get(u.uri);
    if (!list) edits.set(u.uri, (list = []));
    list.push({ range: u.range, newText: newName });
  }
  return { ok: true, edits };
}

function detail(n: ScriptNode): string {
  return `${n.props.stage?.raw || '?'} · ${n.props.audience?.raw || '?'}`;
}

function nodeRange(script: ParsedScript, n: ScriptNode): Range {
  const end = nodeEndLine(script, n);
  return { start: { line: n.titleLine, character: 0 }, end: { line: end, character: (script.lines[end] ?? '').length } };
}

export function documentSymbols(script: ParsedScript): DocumentSymbol[] {
  return script.nodes.map((n) => ({
    name: n.title || '(untitled)',
    detail: detail(n),
    kind: SymbolKind.Namespace,
    range: nodeRange(script, n),
    selectionRange: n.title ? n.titleRange : n.titleLineRange,
  }));
}

export function flatSymbols(script: ParsedScript, uri: string): SymbolInformation[] {
  return script.nodes.map((n) => ({ name: n.title || '(untitled)', kind: SymbolKind.Namespace, location: { uri, range: nodeRange(script, n) }, containerName: detail(n) }));
}

/** Do the characters of `query` occur in `name` in order (case-insensitive)? */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (i < q.length && c === q[i]) i++;
  return i === q.length;
}

export function workspaceSymbols(scripts: Iterable<ParsedScript>, query: string, uriOf: (name: string) => string, limit = 1000): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of scripts) {
    for (const n of s.nodes) {
      if (!n.title || !fuzzyMatch(query.trim(), n.title)) continue;
      out.push({ name: n.title, kind: SymbolKind.Namespace, location: { uri: uriOf(s.uri), range: n.titleRange }, containerName: detail(n) });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export function folding(script: ParsedScript): FoldingRange[] {
  return foldingRanges(script).map((f) => (f.kind === 'node' ? { startLine: f.startLine, endLine: f.endLine, kind: FoldingRangeKind.Region } : { startLine: f.startLine, endLine: f.endLine }));
}
