/**
 * Code actions: the finding's own fix, "disable for this line", "show documentation", and
 * `source.fixAll.parley`. Pure: the server hands in the document and its current findings.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { applyFixes } from '../core/fix';
import { docsUrl } from '../core/rule';
import { RULE_IDS, ruleById } from '../core/rules';
import { DEFAULT_LOCALE, fill, type Locale, type MessageData, type MessageTemplate } from '../core/messages';
import type { Finding, Fix, Range } from '../core/types';
import { diagnosticData, isParleyDiagnostic, isRange } from './diagnostics';

export const FIX_ALL_KIND = 'source.fixAll.parley';
export const SHOW_DOCUMENTATION = 'parley.showDocumentation';

/** Findings about suppression comments themselves (declared `suppressible: false`) get no "disable" action. */
function suppressible(id: string): boolean {
  return ruleById(id)?.meta.suppressible !== false;
}

const TITLES = {
  disable: { zh: '在此行禁用 {{id}}', en: 'Disable {{id}} for this line' },
  docs: { zh: '查看 {{id}} 的说明', en: 'Show documentation for {{id}}' },
  fixAll: { zh: '修复所有可自动修复的 Parley 问题', en: 'Fix all auto-fixable Parley problems' },
} satisfies Record<string, MessageTemplate>;

function title(id: keyof typeof TITLES, data: MessageData, locale: Locale): string {
  return fill(TITLES[id][locale], data, locale);
}

export interface ActionInput {
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
}

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
export function disableLineEdit(lines: string[], text: string, line: number, id: string): TextEdit {
  const target = lines[line] ?? '';
  const indent = /^[ \t]*/.exec(target)![0];
  const comment = `${indent}// parley-disable-next-line ${id} -- `;
  const eol = eolOf(text);
  if (line === 0) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: comment + eol };
  const prev = lines[line - 1] ?? '';
  const at = { line: line - 1, character: prev.length };
  return { range: { start: at, end: at }, newText: eol + comment };
}

/** The edits of every fix that can be applied together (the core's applyFixes decides). */
export function fixAllEdits(text: string, findings: Finding[]): TextEdit[] {
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
      if (data && data.version !== null && data.version === input.version) {
        fix = data.fix;
        current = input.findings.find((f) => f.ruleId === id && sameRange(f.range, d.range)) ?? ({ ruleId: id, range: d.range } as Finding);
      } else {
        current = input.findings.find((f) => f.ruleId === id && sameRange(f.range, d.range));
        fix = current?.fix;
      }
      if (fix && fix.edits.length) {
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: input.edit(fix.edits) });
        atFixable = true;
      }
      const line = d.range.start.line;
      if (current && suppressible(id) && !disabled.has(`${id}:${line}`)) {
        disabled.add(`${id}:${line}`);
        out.push({
          title: title('disable', { id }, locale),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: input.edit([disableLineEdit(input.lines, input.text, line, id)]),
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
