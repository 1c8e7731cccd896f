/** Findings → LSP diagnostics, and the server's own diagnostics (file too large, invalid config). Pure. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { lineStarts, offsetAt } from '../core/fix';
import type { ProblemText } from '../core/config-text';
import { coreMessage, DEFAULT_LOCALE, type Locale, pickFilled, tr } from '../core/messages';
import { fileProblemMessage } from '../core/file-problems';
import { docsUrl } from '../core/rule';
import { RULE_IDS } from '../core/rules';
import type { Finding, Fix, Range, Severity } from '../core/types';

const SOURCE = 'parley';

/** What a Parley diagnostic carries in `data`: enough to build its quick fix without re-linting. */
export interface DiagnosticData {
  ruleId: string;
  /** Document version the diagnostic was computed for. */
  version: number | null;
  fix?: Fix;
  /** The finding's suggestions (did-you-mean): quick fixes that fix-all never applies. */
  suggestions?: Fix[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `locale`: which page the rule link opens (the Chinese one by default, docs/en/rules in English). */
export function toDiagnostic(f: Finding, version: number | null, locale?: Locale): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, version };
  if (f.fix) data.fix = f.fix;
  if (f.suggestions?.length) data.suggestions = f.suggestions;
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    source: SOURCE,
    message: f.message,
    data,
  };
  if (RULE_IDS.has(f.ruleId)) d.codeDescription = { href: docsUrl(f.ruleId, locale) }; // (findings-cut has no page)
  if (f.ruleId === 'unused-disable') d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

export function isParleyDiagnostic(d: Diagnostic): d is Diagnostic & { code: string } {
  return d.source === SOURCE && typeof d.code === 'string';
}

export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data !== 'object' || typeof data.ruleId !== 'string') return undefined;
  const suggestions = Array.isArray(data.suggestions) ? data.suggestions.filter(isFix) : undefined;
  return { ruleId: data.ruleId, version: typeof data.version === 'number' ? data.version : null, fix: isFix(data.fix) ? data.fix : undefined, ...(suggestions?.length ? { suggestions } : {}) };
}

function isPosition(p: unknown): boolean {
  const q = p as { line?: unknown; character?: unknown } | undefined;
  return !!q && typeof q.line === 'number' && typeof q.character === 'number';
}
export function isRange(r: unknown): r is Range {
  const q = r as { start?: unknown; end?: unknown } | undefined;
  return !!q && isPosition(q.start) && isPosition(q.end);
}
function isFix(f: unknown): f is Fix {
  const q = f as { title?: unknown; edits?: unknown } | undefined;
  return !!q && typeof q.title === 'string' && Array.isArray(q.edits) && q.edits.every((e: { range?: unknown; newText?: unknown }) => isRange(e?.range) && typeof e.newText === 'string');
}

/** The one diagnostic of a document the server declines to lint because of its size. */
export function tooLargeDiagnostic(bytes: number, limit: number, locale: Locale = 'zh'): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: 'file-too-large',
    message: fileProblemMessage('file-too-large', 'editor', { size: bytes, max: limit, what: 'parley.maxFileSize' }, locale),
  };
}

/** Offset → 0-based line/character in `text`. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: end - start };
}

/** Where in the config text a problem (from ConfigError) points: a JSON error position, else a quoted name or path segment. */
export function configProblemRange(text: string, problem: string): Range {
  const at = /position (\d+)/.exec(problem);
  if (at) {
    const start = positionAt(text, Number(at[1]));
    return { start, end: { line: start.line, character: start.character + 1 } };
  }
  if (/Unexpected end of JSON input/.test(problem)) {
    const end = positionAt(text, text.length);
    return { start: end, end };
  }
  const candidates: string[] = [];
  for (const m of problem.matchAll(/"([^"]+)"/g)) candidates.push(m[1]);
  const pathMatch = /^(\/\S*)/.exec(problem);
  if (pathMatch) candidates.push(...pathMatch[1].split('/').filter((s) => s && !/^\d+$/.test(s)).reverse());
  for (const c of candidates) {
    const i = text.indexOf(JSON.stringify(c));
    if (i >= 0) {
      const start = positionAt(text, i);
      const end = positionAt(text, i + JSON.stringify(c).length);
      return { start, end };
    }
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
}

const INVALID_CONFIG = 'invalid-config';

/**
 * The diagnostics of an invalid config. A problem with a did-you-mean (rule id, option, lexicon)
 * carries the swap in `data.suggestions` when its range holds the name as written (`"name"`);
 * `data.expect` is that text, checked again before the edit is offered on a changed buffer.
 */
export function configDiagnostics(text: string, problems: readonly (string | ProblemText)[], guesses: readonly ({ name: string; guess: string } | undefined)[] = [], locale: Locale = DEFAULT_LOCALE): Diagnostic[] {
  const starts = lineStarts(text);
  return problems.map((problem, i) => {
    // Located by the English text (it names paths and keys the same way in every release); shown in one language.
    const range = configProblemRange(text, typeof problem === 'string' ? problem : problem.en);
    const p = typeof problem === 'string' ? problem : pickFilled(problem, locale);
    const d: Diagnostic = {
      range,
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: INVALID_CONFIG,
      message: `${tr(locale, '配置无效（修正之前 Parley 使用默认配置）：', 'Invalid parley.config.json (Parley uses the default configuration until this is fixed): ')}${p}`,
    };
    const g = guesses[i];
    const quoted = g && JSON.stringify(g.name);
    if (g && quoted && text.slice(offsetAt(starts, text, range.start), offsetAt(starts, text, range.end)) === quoted) {
      d.data = { expect: quoted, suggestions: [{ title: coreMessage('replaceWith', { text: g.guess }, locale), edits: [{ range, newText: JSON.stringify(g.guess) }] }] };
    }
    return d;
  });
}

/** The swaps an invalid-config diagnostic offers, if its range still holds the name it was made for in `text`. */
export function configSuggestions(text: string, d: Diagnostic): Fix[] {
  const data = d.data as { expect?: unknown; suggestions?: unknown } | undefined;
  if (d.source !== SOURCE || d.code !== INVALID_CONFIG || !data || typeof data.expect !== 'string' || !Array.isArray(data.suggestions) || !isRange(d.range)) return [];
  const starts = lineStarts(text);
  if (text.slice(offsetAt(starts, text, d.range.start), offsetAt(starts, text, d.range.end)) !== data.expect) return [];
  return data.suggestions.filter(isFix);
}
